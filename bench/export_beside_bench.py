"""Respondents' latency with and without a large export running beside them, under gunicorn, in one run.

    python bench/export_beside_bench.py                                # SQLite, 100,000 responses to export
    python bench/export_beside_bench.py --database postgresql --database-url postgresql://postgres@127.0.0.1/bench
    python bench/export_beside_bench.py --size 20000 --rounds 2 --export-in in-process

A database holds N synthetic Trust-survey responses (built as bench/summary_bench.py builds them; copied into
PostgreSQL for --database postgresql) and the open signatory survey respondents answer. The engine runs under
`gunicorn -c gunicorn.conf.py`; respondents are bench/respond_bench.py's (separate processes, each a browser,
through the real pages). Rounds alternate: respondents alone, then respondents while a staff member's xlsx
download of all N responses runs; the export is started from the staff page as staff start it and waited for
until it is running before the round begins. Where it runs (--export-in):

- worker: a `survey-engine worker` process, the queue in a SQLite file (as with JOB_QUEUE_URL on several machines);
- in-process: the gunicorn workers' own job thread (the default on one machine: JOB_QUEUE_URL unset);
- request: in the download's request, as before exports were jobs (EXPORT_JOB_ABOVE set past N).

It prints each round's responses per second and p50/p95/p99, whether the export ran the whole round, and the ratio
of respondents' p95 with the export to without (medians over rounds; target under 2). The PostgreSQL database
given is emptied: give it one of its own.
"""
import argparse
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import respond_bench  # noqa: E402
from respond_bench import Browser, CSRF, Server, base_environment, empty_postgresql, run_round, sqlalchemy_url  # noqa: E402,E501
from summary_bench import PASSWORD, SLUG as EXPORTED, STAFF as STAFF_EMAIL, build  # noqa: E402

#: The respondents' survey (respond_bench's flow reads its slug from respond_bench.SLUG).
ANSWERED = "answer"
STAFF = (STAFF_EMAIL, PASSWORD)  # the analyst summary_bench.build makes
#: Tables copied from the SQLite build into PostgreSQL, parents first.
TABLES = ("organisation", "survey", "response", "answer")


def cli(environment, *args, stdin=None):
    done = subprocess.run([sys.executable, "-m", "survey_engine.cli", *args], cwd=ROOT, env=environment,
                          input=stdin, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"survey-engine {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def copy_to_postgresql(sqlite_path, url, environment):
    """The SQLite build's surveys, organisations, responses and answers, copied into an emptied PostgreSQL."""
    import psycopg

    empty_postgresql(url)
    cli(environment, "init-db")
    source = sqlite3.connect(sqlite_path)
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as target:
        for table in TABLES:
            columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
            types = {name: kind for name, kind in target.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s", (table,))}
            booleans = [i for i, name in enumerate(columns) if types.get(name) == "boolean"]
            with target.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {', '.join(columns)} FROM {table}"):
                    if booleans:
                        row = list(row)
                        for i in booleans:
                            row[i] = None if row[i] is None else bool(row[i])
                    copy.write_row(row)
            target.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"(SELECT coalesce(max(id), 1) FROM {table}))")
        target.execute("ANALYZE")
    source.close()


def set_up(instance, database, url, size):
    """The database (N responses to export, the survey respondents answer, a staff account); its URL."""
    sqlite_path = os.path.join(instance, "bench.sqlite")
    build("sqlite", "sqlite:///" + sqlite_path, instance, size)
    environment = base_environment(instance)
    if database == "postgresql":
        copy_to_postgresql(sqlite_path, url, dict(environment, SURVEY_ENGINE_DATABASE_URL=url))
        os.remove(sqlite_path)
    else:
        url = "sqlite:///" + sqlite_path
    environment["SURVEY_ENGINE_DATABASE_URL"] = url
    cli(environment, "surveys", "create", "--questionnaire", respond_bench.QUESTIONNAIRE, "--slug", ANSWERED,
        "--title", "Answered")
    cli(environment, "surveys", "open", ANSWERED)
    return url


def job_state(url):
    """(id, status, done, total) of the newest job, or None."""
    from sqlalchemy import create_engine, text

    engine = create_engine(sqlalchemy_url(url))
    with engine.connect() as connection:
        row = connection.execute(text("SELECT id, status, done, total FROM job ORDER BY id DESC LIMIT 1")).first()
    engine.dispose()
    return tuple(row) if row else None


class Staff:
    """A staff member's browser, logged in, starting the export from the survey's page."""

    def __init__(self, port):
        self.browser = Browser(port)
        status, _, body = self.browser.send("GET", "/admin/login", None)
        status, location, _ = self.browser.send("POST", "/admin/login", {
            "email": STAFF[0], "password": STAFF[1], "csrf_token": CSRF.search(body).group(1)})
        if status != 302:
            sys.exit(f"staff login failed: {status}")

    def export(self):
        self.browser.close()  # a new connection: the server has closed one idle past its keep-alive
        status, location, _ = self.browser.send("GET", f"/admin/surveys/{EXPORTED}/export?format=xlsx", None)
        return status, location


def start_export(staff, url, export_in):
    """Start the export; once it runs, return a function telling whether it is still running (and its id)."""
    if export_in == "request":
        import threading
        finished = threading.Event()

        def download():
            try:
                Staff(staff.browser.port).export()  # the request's own connection: the staff's stays free
            finally:
                finished.set()
        threading.Thread(target=download, daemon=True).start()
        time.sleep(1)  # the request has read its rows' first batches
        return lambda: not finished.is_set()
    before = job_state(url)
    status, location = Staff(staff.browser.port).export()  # logged in afresh: a long wait may have outlived it
    if status != 302 or not (location or "").endswith("#jobs"):
        sys.exit(f"the export did not start a job: {status} {location}")
    deadline = time.monotonic() + 120
    while True:
        state = job_state(url)
        new = state and (before is None or state[0] != before[0])
        if new and state[1] == "running":
            return lambda: job_state(url)[1] == "running"
        if new and state[1] == "failed":
            sys.exit(f"the export job failed: {state}")
        if new and state[1] == "complete":  # a small export (a tiny run) can finish before the round begins
            return lambda: False
        if time.monotonic() > deadline:
            sys.exit(f"the export job did not start running: {state} (the download answered {status} {location})")
        time.sleep(0.2)


def wait_until(check, seconds=600):
    deadline = time.monotonic() + seconds
    while check():
        if time.monotonic() > deadline:
            sys.exit("the export did not finish")
        time.sleep(0.5)


def line(name, figures, note=""):
    return (f"{name:<16} {figures['responses']:>9} {figures['rate']:>8.1f} {figures['p50']:>7.1f} "
            f"{figures['p95']:>7.1f} {figures['p99']:>7.1f}  {note}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--database-url", default=os.environ.get("EXPORT_BESIDE_BENCH_DATABASE_URL"),
                        help="the PostgreSQL database to use (it is emptied)")
    parser.add_argument("--size", type=int, default=100_000, help="responses to export (default 100000)")
    parser.add_argument("--export-in", choices=["worker", "in-process", "request"], default="worker")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker (default 8)")
    parser.add_argument("--respondents", type=int, default=16, help="concurrent respondents (default 16)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each kind, alternated (default 3)")
    parser.add_argument("--seconds", type=float, default=10, help="length of a round (default 10)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs)")
    args = parser.parse_args()
    if args.database == "postgresql" and not args.database_url:
        parser.error("--database postgresql needs --database-url")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    respond_bench.SLUG = ANSWERED
    instance = tempfile.mkdtemp(prefix="export-beside-bench-")
    processes = []
    try:
        started = time.perf_counter()
        url = set_up(instance, args.database, args.database_url, args.size)
        print(f"{'SQLite' if args.database == 'sqlite' else 'PostgreSQL'}: {args.size:,} responses to export "
              f"(database built in {time.perf_counter() - started:.0f} s); gunicorn -c gunicorn.conf.py, "
              f"{args.workers} workers x {args.threads} threads; {args.respondents} respondents; export in "
              f"{args.export_in}; {args.rounds} rounds of {args.seconds:g} s each way, alternated", flush=True)
        environment = dict(base_environment(instance), SURVEY_ENGINE_DATABASE_URL=url,
                           SURVEY_ENGINE_RESPONSE_START_LIMIT="1000000 per minute",
                           SURVEY_ENGINE_JOB_QUEUE_URL=f"sqlite:///{os.path.join(instance, 'queue.sqlite3')}",
                           SURVEY_ENGINE_JOB_WORKER_IN_PROCESS=str(args.export_in == "in-process").lower())
        # A job however small (a tiny run), or, for "request", never one.
        environment["SURVEY_ENGINE_EXPORT_JOB_ABOVE"] = str(args.size if args.export_in == "request" else 0)
        if args.export_in == "request":
            environment["GUNICORN_TIMEOUT"] = "600"  # measured, not killed, however long it takes
        engine = Server("engine", None, environment, args.workers, args.threads, os.path.join(instance, "engine.log"))
        processes.append(engine)
        if args.export_in == "worker":
            with open(os.path.join(instance, "worker.log"), "w") as log:
                worker = subprocess.Popen([sys.executable, "-m", "survey_engine.cli", "worker"], cwd=ROOT,
                                          env=environment, stdout=log, stderr=subprocess.STDOUT)
            processes.append(worker)
        staff = Staff(engine.port)
        run_round(engine, url, "response", min(args.respondents, 4), 1)  # warm, unmeasured
        print(f"{'round':<16} {'responses':>9} {'resp/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
        rounds = {"alone": [], "export": []}
        for number in range(1, args.rounds + 1):
            figures = run_round(engine, url, "response", args.respondents, args.seconds)
            rounds["alone"].append(figures)
            print(line(f"{number} alone", figures), flush=True)
            running = start_export(staff, url, args.export_in)
            figures = run_round(engine, url, "response", args.respondents, args.seconds)
            whole = running()
            rounds["export"].append(figures)
            print(line(f"{number} with export", figures,
                       "" if whole else "(the export finished before the round did)"), flush=True)
            wait_until(running)
            for name, r in (("alone", rounds["alone"][-1]), ("export", figures)):
                if r["stored"] != r["responses"] or r["failures"]:
                    print(f"  {name}: {r['failures']} respondents failed, e.g. {r['errors']}; "
                          f"{r['responses']} confirmed, {r['stored']} stored")
        medians = {name: {key: statistics.median(r[key] for r in rs) for key in ("rate", "p50", "p95", "p99")}
                   | {"responses": sum(r["responses"] for r in rs)} for name, rs in rounds.items()}
        print("medians over rounds:")
        print(line("alone", medians["alone"]))
        print(line("with export", medians["export"]))
        per_round = [e["p95"] / a["p95"] for a, e in zip(rounds["alone"], rounds["export"])]
        state = job_state(url)
        print(f"respondents' p95 with the export / without: {medians['export']['p95'] / medians['alone']['p95']:.2f}x "
              f"(target < 2; per round {', '.join(f'{r:.2f}' for r in per_round)}); responses/s "
              f"{medians['export']['rate'] / medians['alone']['rate']:.2f} of alone"
              + (f"; last export job: {state[1]}, {state[2]:,} of {state[3]:,} rows" if state else ""))
    finally:
        for process in reversed(processes):
            if isinstance(process, Server):
                process.stop()
            elif process.poll() is None:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()
        if args.keep:
            print(f"kept {instance}")
        else:
            shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
