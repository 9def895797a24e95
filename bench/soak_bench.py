"""Faults: gunicorn's workers and master SIGKILLed at random moments while respondents answer; nothing confirmed lost.

    python bench/soak_bench.py                                      # SQLite, 20 cycles, 8 respondents, seed 1
    python bench/soak_bench.py --database-url postgresql://postgres@127.0.0.1/bench --cycles 30 --seed 7

The engine runs under `gunicorn -c gunicorn.conf.py` in a process group of its own (bench/respond_bench.py's
Server). Concurrent respondents (separate processes, bench/respond_bench.py's Browser and complete_response)
complete the signatory survey again and again. A request that fails (connection refused or reset, a 5xx) is sent
again after a short pause, as a person presses reload or "send again" while the site is down; a respondent whose
flow still goes wrong starts over in a new browser. Every confirmation page received is recorded with its
reference and the session cookie naming the response.

Each cycle waits a random time (seeded by --seed) and then SIGKILLs either one worker (gunicorn's master starts
another) or the master together with its process group (its workers die with it, mid-request, as when a machine
or container is lost); gunicorn is then started again on the same port. Both kinds happen in any run of two or
more cycles.

At the end the server is stopped and the database checked with the engine's own code (a subprocess running
`--check`): every confirmation is a submitted response (found by its reference, and the same one its browser's
session names); every submitted response is whole (submitted_at set; every question its answers ask was stored,
as the check page requires, and its answer rows are exactly the rows the engine writes for those answers, so a
retried save left no duplicate); no two confirmations name one response. It prints cycles, kills of each kind,
confirmations, submitted responses, lost, half-written, duplicates and the 5xx answers seen, and exits non-zero if
anything was lost, half-written or duplicated.

The PostgreSQL database given is emptied (its public schema dropped and made again): give it one of its own.
"""
import argparse
import http.client
import json
import multiprocessing
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from respond_bench import ROOT, SLUG, Browser, Server, base_environment, complete_response, set_up  # noqa: E402

REFERENCE = re.compile(r'class="reference">([0-9A-Z-]+)<')
#: How long a respondent keeps sending one request again before giving up on that response and starting over.
PATIENCE = 120


# --- Respondents --------------------------------------------------------------------------------------------------

class PatientBrowser(Browser):
    """A respondent's browser whose requests are sent again while the site is down; it notes each confirmation."""

    def __init__(self, port, record, attempt):
        super().__init__(port)
        self.record, self.attempt = record, attempt

    def send(self, method, path, fields):
        deadline = time.monotonic() + PATIENCE
        while True:
            try:
                status, location, body = super().send(method, path, fields)
            except (OSError, http.client.HTTPException):
                self.close()
                self.record["retries"] += 1
                if time.monotonic() > deadline:
                    raise
                time.sleep(random.uniform(0.2, 0.6))
                continue
            if status >= 500:
                self.record["server_errors"] += 1
                if time.monotonic() < deadline:
                    time.sleep(random.uniform(0.2, 0.6))
                    continue
            if status == 200 and path.endswith("/done") and "Answers sent" in body:
                reference = REFERENCE.search(body)
                self.record["confirmations"].append({
                    "attempt": self.attempt, "reference": reference.group(1).replace("-", "") if reference else None,
                    "session": self.cookies.get("session")})
            return status, location, body


def respondent(number, port, stop, results, seed):
    """One respondent process: complete responses, each in a new browser, until `stop` is set."""
    random.seed(seed * 1000 + number)
    record = {"confirmations": [], "attempts": 0, "abandoned": 0, "retries": 0, "server_errors": 0, "errors": []}
    while not stop.is_set():
        record["attempts"] += 1
        browser = PatientBrowser(port, record, f"{number}.{record['attempts']}")
        try:
            complete_response(browser.send)
        except Exception as exc:  # noqa: BLE001 (an unexpected page: the respondent starts over, as a person would)
            record["abandoned"] += 1
            record["errors"].append(f"{type(exc).__name__}: {exc}"[:200])
        finally:
            browser.close()
    record["errors"] = record["errors"][:3]
    results.put(record)


# --- Faults ---------------------------------------------------------------------------------------------------------

class Target:
    """The engine under gunicorn, killed and started again on the same port."""

    def __init__(self, environment, workers, threads, log):
        self.arguments = dict(environment=environment, workers=workers, threads=threads, log=log, new_session=True)
        self.server = Server("engine", None, **self.arguments)
        self.restarts = []

    @property
    def port(self):
        return self.server.port

    def kill_worker(self, rng):
        """SIGKILL one worker; gunicorn's master starts another. The pid killed."""
        deadline = time.monotonic() + 60
        while not (workers := self.server.workers()):
            if time.monotonic() > deadline:
                sys.exit("gunicorn has no workers")
            time.sleep(0.1)  # the master is between a dead worker and its replacement
        pid = rng.choice(workers)
        os.kill(pid, signal.SIGKILL)
        return pid

    def kill_master(self):
        """SIGKILL the master and every process of its group (its workers), then start gunicorn again."""
        process = self.server.process
        workers = self.server.workers()
        os.kill(process.pid, signal.SIGKILL)
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
        deadline = time.monotonic() + 30
        while any(alive(pid) for pid in workers):
            if time.monotonic() > deadline:
                sys.exit(f"gunicorn's workers {workers} outlived their master")
            time.sleep(0.05)
        started = time.monotonic()
        self.server = Server("engine", None, port=self.server.port, **self.arguments)
        self.restarts.append(time.monotonic() - started)

    def stop(self):
        self.server.stop()


def alive(pid):
    """Whether process `pid` still runs (a zombie waiting to be reaped does not)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def kinds_of_kill(rng, cycles):
    """Each cycle's kill, "worker" or "master", at random; both kinds in any run of two or more cycles."""
    kinds = ["worker", "master"][:cycles] + [rng.choice(["worker", "master"]) for _ in range(cycles - 2)]
    rng.shuffle(kinds)
    return kinds


# --- The check, in the engine's own terms --------------------------------------------------------------------------

def check(path):
    """Print as JSON what the database holds against the confirmations in `path` (run with the engine's settings)."""
    from sqlalchemy import select

    from survey_engine import create_app
    from survey_engine.answers import Answers, answer_rows
    from survey_engine.extensions import db
    from survey_engine.models import Answer, Response, Survey
    from survey_engine.registry import registry

    with open(path) as f:
        confirmations = json.load(f)
    app = create_app()
    with app.app_context():
        serializer = app.session_interface.get_signing_serializer(app)
        survey = db.session.execute(select(Survey).filter_by(slug=SLUG)).scalar_one()
        responses = db.session.execute(select(Response).filter_by(survey_id=survey.id)).scalars().all()
        by_reference = {r.reference: r for r in responses}
        lost, duplicates, half_written = [], [], []
        named = {}
        for confirmation in confirmations:
            response = by_reference.get(confirmation["reference"])
            session = serializer.loads(confirmation["session"]) if confirmation["session"] else {}
            if response is None or response.status != "submitted" or response.submitted_at is None \
                    or session.get("responses", {}).get(SLUG) != response.id:
                lost.append(confirmation)
            elif response.id in named:
                duplicates.append([named[response.id], confirmation["attempt"], response.id])
            else:
                named[response.id] = confirmation["attempt"]
        submitted = 0
        for response in responses:
            if (response.status == "submitted") != (response.submitted_at is not None) \
                    or response.status not in ("in_progress", "submitted"):
                half_written.append([response.id, response.status, str(response.submitted_at)])
                continue
            if response.status != "submitted":
                continue
            submitted += 1
            questionnaire = registry().questionnaire(survey.questionnaire_id, response.questionnaire_version)
            answers = Answers.load(response, questionnaire)
            asked = questionnaire.asked_keys(answers.values)
            missing = answers.missing_required(questionnaire)
            unstored = [key for key in asked if key not in answers.stored]
            stored = sorted(db.session.execute(select(Answer.question_key, Answer.value, Answer.text, Answer.number)
                                               .where(Answer.response_id == response.id)).all(), key=repr)
            written = sorted(((r["question_key"], r["value"], r["text"], r["number"])
                              for r in answer_rows(questionnaire, answers, set(asked))), key=repr)
            if missing is not None or unstored or [tuple(row) for row in stored] != written:
                half_written.append([response.id, missing.key if missing else None, unstored[:3],
                                     len(stored), len(written)])
        print(json.dumps({"responses": len(responses), "submitted": submitted, "lost": lost[:5],
                          "lost_count": len(lost), "half_written": half_written[:5],
                          "half_written_count": len(half_written), "duplicates": duplicates[:5],
                          "duplicates_count": len(duplicates), "unconfirmed": submitted - len(named)}))


# --- The run -----------------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("SOAK_BENCH_DATABASE_URL"),
                        help="a PostgreSQL database to use (it is emptied); default $SOAK_BENCH_DATABASE_URL, "
                             "else SQLite in a temporary folder")
    parser.add_argument("--cycles", type=int, default=20, help="kills, each after a random pause (default 20)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the pauses and kinds of kill (default 1)")
    parser.add_argument("--min-gap", type=float, default=1.0, help="shortest pause before a kill, s (default 1)")
    parser.add_argument("--max-gap", type=float, default=6.0, help="longest pause before a kill, s (default 6)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker (default 8, as gunicorn.conf.py)")
    parser.add_argument("--respondents", type=int, default=8, help="concurrent respondents (default 8)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database, gunicorn log)")
    parser.add_argument("--check", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.check:
        return check(args.check)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    database = "postgresql" if args.database_url else "sqlite"
    instance = tempfile.mkdtemp(prefix="soak-bench-")
    target, respondents, stop = None, [], None
    try:
        engine_url, _ = set_up(instance, database, args.database_url)
        environment = dict(base_environment(instance), SURVEY_ENGINE_DATABASE_URL=engine_url,
                           SURVEY_ENGINE_RESPONSE_START_LIMIT="1000000 per minute")
        target = Target(environment, args.workers, args.threads, os.path.join(instance, "engine.log"))
        print(f"{'SQLite' if database == 'sqlite' else 'PostgreSQL'}: gunicorn -c gunicorn.conf.py, {args.workers} "
              f"workers x {args.threads} threads; {args.respondents} respondents; {args.cycles} cycles, a SIGKILL "
              f"after {args.min_gap:g}-{args.max_gap:g} s each; seed {args.seed}", flush=True)
        context = multiprocessing.get_context("fork")
        results, stop = context.Queue(), context.Event()
        respondents = [context.Process(target=respondent, args=(n, target.port, stop, results, args.seed))
                       for n in range(args.respondents)]
        for process in respondents:
            process.start()
        rng = random.Random(args.seed)
        kills = {"worker": 0, "master": 0}
        started = time.monotonic()
        for cycle, kind in enumerate(kinds_of_kill(rng, args.cycles), 1):
            time.sleep(rng.uniform(args.min_gap, args.max_gap))
            if kind == "worker":
                what = f"worker {target.kill_worker(rng)}"
            else:
                target.kill_master()
                what = f"master and its workers; up again in {target.restarts[-1]:.1f} s"
            kills[kind] += 1
            print(f"cycle {cycle:>3}: killed {what}", flush=True)
        time.sleep(args.min_gap)  # respondents caught by the last kill get through
        stop.set()
        parts = [results.get(timeout=PATIENCE * 20) for _ in respondents]
        for process in respondents:
            process.join()
        elapsed = time.monotonic() - started
        target.stop()
        confirmations = [c for p in parts for c in p["confirmations"]]
        path = os.path.join(instance, "confirmations.json")
        with open(path, "w") as f:
            json.dump(confirmations, f)
        found = json.loads(subprocess.run([sys.executable, os.path.abspath(__file__), "--check", path], cwd=ROOT,
                                          env=environment, check=True, stdout=subprocess.PIPE, text=True)
                           .stdout.strip().splitlines()[-1])
        restarts = sorted(target.restarts)
        print(f"cycles: {args.cycles} in {elapsed:.0f} s; kills: {kills['worker']} worker, {kills['master']} master"
              + (f" (gunicorn up again in {restarts[len(restarts) // 2]:.1f} s median, {restarts[-1]:.1f} s at "
                 "most)" if restarts else ""))
        print(f"respondents: {sum(p['attempts'] for p in parts)} responses begun, "
              f"{sum(p['abandoned'] for p in parts)} started over, {sum(p['retries'] for p in parts)} requests "
              f"sent again after a connection error; 5xx answers: {sum(p['server_errors'] for p in parts)}")
        errors = [e for p in parts for e in p["errors"]][:3]
        if errors:
            print(f"  e.g. {errors}")
        print(f"confirmations: {len(confirmations)}; submitted: {found['submitted']} (of {found['responses']} "
              f"begun; {found['unconfirmed']} submitted whose confirmation page never arrived)")
        print(f"lost: {found['lost_count']}; half-written: {found['half_written_count']}; "
              f"duplicates: {found['duplicates_count']}")
        for name in ("lost", "half_written", "duplicates"):
            if found[name]:
                print(f"  {name}, e.g. {found[name]}")
        if found["lost_count"] or found["half_written_count"] or found["duplicates_count"] or not confirmations:
            sys.exit("FAILED: " + ("no confirmation received" if not confirmations else
                                   "a confirmed response was lost, half-written or duplicated"))
    finally:
        if stop is not None:
            stop.set()
        for process in respondents:
            if process.is_alive():
                process.kill()
        if target is not None:
            target.stop()
        if args.keep:
            print(f"kept {instance} (engine.log, engine.log.access, confirmations.json)")
        else:
            shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
