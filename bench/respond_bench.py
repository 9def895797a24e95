"""Respondents per second: the engine against a bare Flask floor (bench/floor_app.py), under the same gunicorn.

    python bench/respond_bench.py                                   # SQLite, 2 workers, 16 respondents, 5 rounds
    python bench/respond_bench.py --database postgresql --database-url postgresql://postgres@127.0.0.1/bench
    python bench/respond_bench.py --workers 4 --rounds 3 --seconds 15

Both apps run under gunicorn with the project's gunicorn.conf.py (the floor names its app on the command line,
which overrides the file's wsgi_app), with the same WEB_CONCURRENCY (--workers) and threads. The same number of
concurrent respondents (separate processes, each a browser with its own cookies and keep-alive connection)
complete the signatory survey through the real pages, again and again: the start page and its POST (with its CSRF
token and start key, parsed from the page), each page's GET and POST, the check page and its POST, and the
confirmation: 15 requests a response. Rounds of --seconds alternate engine, floor, engine, floor..., so a busy
spell on the machine slows both alike; after each round every confirmation received must be a submitted
response in the database (the count of submitted responses grew by exactly the confirmations).

It prints, per round and as medians over rounds: responses per second, request latency p50/p95/p99, and the
gunicorn workers' CPU time per response (utime + stime from /proc); then the ratios (targets: responses/s at
least 0.6 of the floor's, p95 within 2x). It also counts the SQL statements one respondent causes in each app
(through Flask's test client, with an SQLAlchemy event listener).

The PostgreSQL database given is emptied (its public schema dropped and made again): give it one of its own. The
engine's limit on responses started from one address is lifted for the run: every respondent here comes from
127.0.0.1, where real ones come from many addresses.
"""
import argparse
import http.client
import json
import multiprocessing
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

SLUG = "bench"
QUESTIONNAIRE = "signatory-survey"
#: The signatory survey answered the longest way (every page asked), as form fields.
PAGES = [
    {"organisation": "The Advocacy Project", "role": "Involvement lead"},
    {"how_found": "nsun"},
    {"used": "yes"},
    {"differences": ["quality", "broader-range"], "how_used": "Shaping our strategy"},
    {"training": "yes", "colleagues_training": "yes", "comments": "Thank you"},
]
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
START_KEY = re.compile(r'name="start_key"[^>]*value="([^"]*)"')
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class Failed(Exception):
    """A request got an answer the flow does not expect."""


# --- One respondent ------------------------------------------------------------------------------------------------

def complete_response(send):
    """Walk the whole flow once with `send(method, path, fields) -> (status, location, body)`; True if confirmed."""
    status, _, body = send("GET", f"/s/{SLUG}", None)
    expect(status == 200, "start page", status)
    fields = {"csrf_token": CSRF.search(body).group(1)}
    key = START_KEY.search(body)
    if key:
        fields["start_key"] = key.group(1)
    status, location, _ = send("POST", f"/s/{SLUG}", fields)
    expect(status in (302, 303), "start", status)
    for answers in PAGES:
        status, _, body = send("GET", location, None)
        expect(status == 200, location, status)
        status, location, _ = send("POST", location, {**answers, "csrf_token": CSRF.search(body).group(1)})
        expect(status in (302, 303), "POST page", status)
    expect(location.endswith("/check"), "the check page after the last page", location)
    status, _, body = send("GET", location, None)
    expect(status == 200, "check page", status)
    status, location, _ = send("POST", location, {"csrf_token": CSRF.search(body).group(1)})
    expect(status in (302, 303) and location.endswith("/done"), "submit", (status, location))
    status, _, body = send("GET", location, None)
    return status == 200 and "Answers sent" in body


def expect(condition, what, got):
    if not condition:
        raise Failed(f"{what}: {got}")


class Browser:
    """A respondent's browser over HTTP/1.1 keep-alive: its cookies, and each request's latency."""

    def __init__(self, port):
        self.port = port
        self.connection = None
        self.cookies = {}
        self.latencies = []

    def send(self, method, path, fields):
        path = urllib.parse.urlsplit(path)._replace(scheme="", netloc="").geturl()
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        self.latencies.append(time.perf_counter() - started)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return response.status, response.getheader("Location"), text

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def respondent(port, deadline, results):
    """One respondent process: complete responses, each in a fresh browser, until `deadline`."""
    confirmed, failures, latencies, errors = 0, 0, [], []
    while time.time() < deadline:
        browser = Browser(port)
        try:
            if complete_response(browser.send):
                confirmed += 1
            else:
                failures += 1
        except Exception as exc:  # noqa: BLE001 (an unexpected page, a dropped connection: counted, not fatal)
            failures += 1
            errors.append(f"{type(exc).__name__}: {exc}"[:200])
        finally:
            browser.close()
            latencies += browser.latencies
    results.put({"confirmed": confirmed, "failures": failures, "latencies": latencies, "errors": errors[:3],
                 "ended": time.time()})


# --- The servers ---------------------------------------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_environment(instance):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SURVEY_ENGINE_", "GUNICORN_"))}
    environment.update({"SURVEY_ENGINE_INSTANCE_PATH": instance,
                        "PYTHONPATH": ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")})
    return environment


class Server:
    """`gunicorn -c gunicorn.conf.py [APP]` on a free port (or `port`), its log in `log`; with `new_session`, in a
    process group of its own, so its master and workers can be killed together (bench/soak_bench.py)."""

    def __init__(self, name, app, environment, workers, threads, log, port=None, new_session=False):
        self.name = name
        self.port = port or free_port()
        environment = dict(environment, GUNICORN_BIND=f"127.0.0.1:{self.port}", WEB_CONCURRENCY=str(workers),
                           GUNICORN_THREADS=str(threads), GUNICORN_ACCESS_LOG=log + ".access")
        self.log = log
        with open(log, "a" if port else "w") as out:
            # The access log gives each request's seconds (%(L)s), to see which were slow.
            self.process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
                                             "--access-logformat", '%(t)s "%(r)s" %(s)s %(L)s',
                                             *([app] if app else [])], cwd=ROOT, env=environment,
                                            stdout=out, stderr=subprocess.STDOUT, start_new_session=new_session)
        self.wait_until_up(workers)

    def wait_until_up(self, workers):
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", f"/s/{SLUG}")
                connection.getresponse().read()
                connection.close()
                if len(self.workers()) == workers:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        with open(self.log) as f:
            sys.exit(f"{self.name} did not start:\n{f.read()[-3000:]}")

    def workers(self):
        """The worker processes' ids: the master's children."""
        found = []
        for task in os.listdir(f"/proc/{self.process.pid}/task"):
            with open(f"/proc/{self.process.pid}/task/{task}/children") as f:
                found += [int(pid) for pid in f.read().split()]
        return found

    def cpu_seconds(self):
        """The workers' CPU time so far (user + system), in seconds."""
        total = 0
        for pid in self.workers():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
            except (OSError, IndexError):
                pass
        return total

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()


# --- Setting up the databases ------------------------------------------------------------------------------------

def sqlalchemy_url(url):
    return "postgresql+psycopg://" + url.split("://", 1)[1] if url.startswith(("postgresql://", "postgres://")) \
        else url


def empty_postgresql(url):
    from sqlalchemy import create_engine, text

    engine = create_engine(sqlalchemy_url(url), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def cli(environment, *args):
    subprocess.run([sys.executable, "-m", "survey_engine.cli", *args], cwd=ROOT, env=environment, check=True,
                   capture_output=True, text=True)


def set_up(instance, database, url):
    """The engine's database (migrated, an open signatory survey at /s/bench) and the floor's; their URLs."""
    if database == "postgresql":
        empty_postgresql(url)
        engine_url = floor_url = url
    else:
        engine_url = "sqlite:///" + os.path.join(instance, "engine.sqlite")
        floor_url = "sqlite:///" + os.path.join(instance, "floor.sqlite")
    environment = dict(base_environment(instance), SURVEY_ENGINE_DATABASE_URL=engine_url)
    cli(environment, "init-db")
    cli(environment, "surveys", "create", "--questionnaire", QUESTIONNAIRE, "--slug", SLUG, "--title", "Bench")
    cli(environment, "surveys", "open", SLUG)
    from floor_app import create_tables
    create_tables(floor_url)
    return engine_url, floor_url


def submitted(url, table):
    from sqlalchemy import create_engine, text

    engine = create_engine(sqlalchemy_url(url))
    with engine.connect() as connection:
        count = connection.execute(text(f"SELECT count(*) FROM {table} WHERE status = 'submitted'")).scalar()
    engine.dispose()
    return count


# --- SQL statements per respondent -----------------------------------------------------------------------------

class TestClientBrowser:
    def __init__(self, client):
        self.client = client

    def send(self, method, path, fields):
        response = self.client.open(path, method=method, data=fields)
        return response.status_code, response.headers.get("Location"), response.get_data(as_text=True)


def count_sql(which):
    """In this process: one respondent through the test client; print the SQL statements and requests it took."""
    from sqlalchemy import event

    if which == "engine":
        from survey_engine import create_app
        from survey_engine.extensions import db
        app = create_app()
        with app.app_context():
            engine = db.engine
    else:
        import floor_app
        app, engine = floor_app.app, floor_app.database
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    requests = []

    def send(*args):
        requests.append(args)
        return TestClientBrowser(client).send(*args)

    client = app.test_client()
    complete_response(send)  # warm: first-request work (compiling, caches) is not per respondent
    client = app.test_client()  # a new respondent, in a browser of their own
    statements.clear()
    requests.clear()
    assert complete_response(send)
    print(json.dumps({"statements": len(statements), "requests": len(requests)}))


def sql_per_respondent(which, environment):
    out = subprocess.run([sys.executable, __file__, "--count-sql", which], cwd=ROOT, env=environment, check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


# --- Rounds and figures ------------------------------------------------------------------------------------------

def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def run_round(server, url, table, respondents, seconds):
    """Drive `server` with `respondents` processes for `seconds`; the round's figures."""
    before = submitted(url, table)
    cpu_before = server.cpu_seconds()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    started = time.time()
    processes = [context.Process(target=respondent, args=(server.port, started + seconds, results))
                 for _ in range(respondents)]
    for process in processes:
        process.start()
    parts = [results.get(timeout=seconds + 300) for _ in processes]
    for process in processes:
        process.join()
    elapsed = max(p["ended"] for p in parts) - started
    cpu = server.cpu_seconds() - cpu_before
    confirmed = sum(p["confirmed"] for p in parts)
    latencies = [s for p in parts for s in p["latencies"]]
    stored = submitted(url, table) - before
    return {"responses": confirmed, "stored": stored, "failures": sum(p["failures"] for p in parts),
            "errors": [e for p in parts for e in p["errors"]][:3], "rate": confirmed / elapsed,
            "p50": percentile(latencies, 50) * 1000, "p95": percentile(latencies, 95) * 1000,
            "p99": percentile(latencies, 99) * 1000, "cpu": cpu / confirmed * 1000 if confirmed else float("nan")}


def line(name, figures):
    return (f"{name:<8} {figures['responses']:>9} {figures['rate']:>8.1f} {figures['p50']:>7.1f} "
            f"{figures['p95']:>7.1f} {figures['p99']:>7.1f} {figures['cpu']:>9.1f}")


def median_of(rounds):
    return {key: statistics.median(r[key] for r in rounds) for key in ("rate", "p50", "p95", "p99", "cpu")} | {
        "responses": sum(r["responses"] for r in rounds)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--database-url", default=os.environ.get("RESPOND_BENCH_DATABASE_URL"),
                        help="the PostgreSQL database to use (it is emptied); default $RESPOND_BENCH_DATABASE_URL")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for each app (default 2)")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker (default 8, as gunicorn.conf.py)")
    parser.add_argument("--respondents", type=int, default=16, help="concurrent respondents (default 16)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per app, alternated (default 5)")
    parser.add_argument("--seconds", type=float, default=10, help="length of a round (default 10)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (databases, gunicorn logs)")
    parser.add_argument("--count-sql", choices=["engine", "floor"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.count_sql:
        return count_sql(args.count_sql)
    if args.database == "postgresql" and not args.database_url:
        parser.error("--database postgresql needs --database-url or RESPOND_BENCH_DATABASE_URL")
    # Stopped with SIGTERM (or timeout), still stop both servers and remove the folder below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    instance = tempfile.mkdtemp(prefix="respond-bench-")
    servers = []
    try:
        engine_url, floor_url = set_up(instance, args.database, args.database_url)
        environment = base_environment(instance)
        engine_env = dict(environment, SURVEY_ENGINE_DATABASE_URL=engine_url,
                          SURVEY_ENGINE_RESPONSE_START_LIMIT="1000000 per minute")
        floor_env = dict(environment, FLOOR_DATABASE_URL=floor_url, FLOOR_SECRET_KEY=os.urandom(16).hex())
        sql = {"engine": sql_per_respondent("engine", engine_env), "floor": sql_per_respondent("floor", floor_env)}
        engine = Server("engine", None, engine_env, args.workers, args.threads, os.path.join(instance, "engine.log"))
        servers.append(engine)
        floor = Server("floor", "bench.floor_app:app", floor_env, args.workers, args.threads,
                       os.path.join(instance, "floor.log"))
        servers.append(floor)
        print(f"{'SQLite' if args.database == 'sqlite' else 'PostgreSQL'}: gunicorn -c gunicorn.conf.py, "
              f"{args.workers} workers x {args.threads} threads each; {args.respondents} concurrent respondents; "
              f"{args.rounds} rounds of {args.seconds:g} s each, alternated")
        print(f"SQL statements per respondent ({sql['engine']['requests']} requests): engine "
              f"{sql['engine']['statements']}, floor {sql['floor']['statements']}")
        # Warm both (first requests compile templates and fill caches), unmeasured.
        for server, url, table in ((engine, engine_url, "response"), (floor, floor_url, "floor_response")):
            run_round(server, url, table, min(args.respondents, 4), 1)
        print(f"{'round':<8} {'responses':>9} {'resp/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
              f"{'CPU ms/r':>9}")
        rounds = {"engine": [], "floor": []}
        for number in range(1, args.rounds + 1):
            for server, url, table in ((engine, engine_url, "response"), (floor, floor_url, "floor_response")):
                figures = run_round(server, url, table, args.respondents, args.seconds)
                rounds[server.name].append(figures)
                print(line(f"{number} {server.name}", figures), flush=True)
                if figures["failures"]:
                    print(f"         {figures['failures']} respondents failed, e.g. {figures['errors']}")
                if figures["stored"] != figures["responses"]:
                    sys.exit(f"LOST: {server.name} confirmed {figures['responses']} responses but "
                             f"{figures['stored']} were stored as submitted")
        engine_m, floor_m = median_of(rounds["engine"]), median_of(rounds["floor"])
        print("medians over rounds:")
        print(line("engine", engine_m))
        print(line("floor", floor_m))
        confirmed = {name: sum(r["responses"] for r in rs) for name, rs in rounds.items()}
        print(f"every confirmation is a submitted response in the database: engine {confirmed['engine']}, "
              f"floor {confirmed['floor']}; failed respondents: engine "
              f"{sum(r['failures'] for r in rounds['engine'])}, floor {sum(r['failures'] for r in rounds['floor'])}")
        ratios = [e["rate"] / f["rate"] for e, f in zip(rounds["engine"], rounds["floor"])]
        print(f"ratio engine/floor: responses/s {engine_m['rate'] / floor_m['rate']:.2f} (target >= 0.6; "
              f"per round {', '.join(f'{r:.2f}' for r in ratios)}); p95 {engine_m['p95'] / floor_m['p95']:.2f}x "
              f"(target <= 2); CPU per response {engine_m['cpu'] / floor_m['cpu']:.2f}x")
    finally:
        for server in servers:
            server.stop()
        if args.keep:
            print(f"kept {instance} (engine.log, floor.log and their .access logs)")
        else:
            shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
