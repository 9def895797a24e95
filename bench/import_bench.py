"""Time `survey-engine responses import` of N synthetic Trust-survey rows, and its peak memory, against a floor.

    python bench/import_bench.py                                   # SQLite; 10,000 and 100,000 rows
    python bench/import_bench.py --database-url postgresql://postgres@127.0.0.1/bench_h3    # and PostgreSQL
    python bench/import_bench.py --sizes 10000 --runs 3 --format xlsx

For each database and size it writes a file of N rows (varied answers, conditions honoured, 56 organisations,
one row in 50 with a submitted_at date), then, alternating, each in a fresh process on a freshly made database:

- the import: the command's work (survey_engine.responses.import_responses with the command line's progress:
  the file checked whole, then written in batches, each its own transaction), timed from the call to its return;
  its rows per second and the process's peak resident memory (VmHWM: Python, Flask and SQLAlchemy included),
  and the memory it had before the import began. Memory that does not grow with the file shows as the same peak
  at every size.
- the floor: the same response and answer rows the import stored (read back from the database before the run,
  untimed) inserted by bare SQLAlchemy Core executemany (responses with INSERT ... RETURNING for their ids), in
  transactions of the same size: the database's share of the work with no file, no checks and no Flask.

It prints both as rows per second (the best of --runs, and the median) and their ratio.
Target (issue 16): at least 2,000 rows a second, and memory that does not grow with the file.
"""
import argparse
import csv
import json
import os
import pickle
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

SLUG = "bench"
QUESTIONNAIRE = "trust-survey"
HEADER = ["organisation", "role", "heard_before", "how_found", "used", "encouraged_colleagues", "made_difference",
          "how_used", "difference_made", "more_information", "colleagues_information", "comments", "submitted_at"]
TEXTS = ["Training staff", "Shaping our strategy", "A network of involvement leads", "Culture change", ""]


def sqlalchemy_url(url):
    return "postgresql+psycopg://" + url.split("://", 1)[1] if url.startswith(("postgresql://", "postgres://")) \
        else url


def rss_mb():
    """This process's peak resident memory: VmHWM, as ru_maxrss keeps the parent's peak across fork and exec."""
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- The file ------------------------------------------------------------------------------------------------------

def synthetic_rows(n, seed=42):
    """n rows a respondent could have given: the conditions honoured, optional questions sometimes blank."""
    rnd = random.Random(seed)
    for i in range(n):
        heard = rnd.choice(["yes", "no"])
        used = rnd.choice(["yes", "no", ""])
        yield [f"Trust {rnd.randrange(56)}", rnd.choice(["Involvement lead", "", "Nurse"]), heard,
               rnd.choice(["online", "nsun-or-colleague", "this-survey", "another-way"]), used,
               rnd.choice(["yes", "no"]), rnd.choice(["yes", "no", "not-sure"]) if heard == "yes" else "",
               rnd.choice(TEXTS) if used == "yes" else "", rnd.choice(TEXTS) if heard == "yes" else "",
               rnd.choice(["yes", "no"]), rnd.choice(["yes", "no"]), rnd.choice(TEXTS) + (f" {i}" if i % 3 else ""),
               f"2025-0{rnd.randrange(1, 10)}-1{rnd.randrange(10)}" if i % 50 == 0 else ""]


def write_file(path, n):
    if path.endswith(".xlsx"):
        from openpyxl import Workbook
        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(HEADER)
        for row in synthetic_rows(n):
            sheet.append(row)
        book.save(path)
    else:
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(HEADER)
            writer.writerows(synthetic_rows(n))


# --- The databases -------------------------------------------------------------------------------------------------

def environment(instance, url):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SURVEY_ENGINE_", "GUNICORN_"))}
    env.update({"SURVEY_ENGINE_INSTANCE_PATH": instance, "SURVEY_ENGINE_DATABASE_URL": url,
                "SURVEY_ENGINE_JOB_QUEUE_URL": "immediate",
                "PYTHONPATH": ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")})
    return env


def cli(env, *args):
    subprocess.run([sys.executable, "-m", "survey_engine.cli", *args], cwd=ROOT, env=env, check=True,
                   capture_output=True, text=True)


def fresh_database(instance, url, template):
    """An empty migrated database with the open survey SLUG: a copy of `template` on SQLite, made anew on
    PostgreSQL (its schema dropped first)."""
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        if os.path.exists(template):
            shutil.copyfile(template, path)
            return
    else:
        from sqlalchemy import create_engine, text
        engine = create_engine(sqlalchemy_url(url), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    env = environment(instance, url)
    cli(env, "init-db")
    cli(env, "surveys", "create", "--questionnaire", QUESTIONNAIRE, "--slug", SLUG, "--title", "Bench")
    cli(env, "surveys", "open", SLUG)
    if url.startswith("sqlite:///"):
        shutil.copyfile(url.removeprefix("sqlite:///"), template)


def stored_rows(url):
    """(responses, answers) as the import stored them, as dicts without their ids (answers hold the position of
    their response instead); then both tables are emptied for the floor."""
    from sqlalchemy import MetaData, Table, create_engine, delete, select
    engine = create_engine(sqlalchemy_url(url))
    metadata = MetaData()
    response, answer = (Table(name, metadata, autoload_with=engine) for name in ("response", "answer"))
    with engine.begin() as connection:
        responses = [dict(r._mapping) for r in connection.execute(select(response).order_by(response.c.id))]
        position = {r.pop("id"): i for i, r in enumerate(responses)}
        answers = [dict(r._mapping) for r in connection.execute(select(answer).order_by(answer.c.id))]
        for row in answers:
            del row["id"]
            row["response_id"] = position[row["response_id"]]
        connection.execute(delete(answer))
        connection.execute(delete(response))
    engine.dispose()
    return responses, answers


# --- The two measurements, each in a fresh process -----------------------------------------------------------------

def measure_import(instance, url, path):
    """The command's work, timed; this process's peak memory."""
    os.environ.update(environment(instance, url))
    from survey_engine import create_app
    from survey_engine.audit import COMMAND_LINE
    from survey_engine.responses import import_responses
    from survey_engine.surveys import get_survey

    class Counts:
        """The command line's bar, without drawing it."""
        done = total = 0

        def begin(self, total, done=0, commit=True):
            self.total, self.done = total, done

        def note(self, n=1):
            self.done += n

    app = create_app()
    with app.app_context():
        survey = get_survey(SLUG)
        before = rss_mb()
        started, cpu = time.perf_counter(), time.process_time()
        result = import_responses(survey, path, COMMAND_LINE, progress=Counts())
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert not result.errors, result.errors[:5]
    print(json.dumps({"seconds": seconds, "cpu": cpu, "rows": result.imported, "max_rss_mb": rss_mb(),
                      "rss_before_mb": before}))


def measure_floor(url, dump, batch):
    """The same rows by bare Core executemany, `batch` responses a transaction."""
    from sqlalchemy import MetaData, Table, create_engine

    with open(dump, "rb") as f:
        responses, answers = pickle.load(f)
    by_response = [[] for _ in responses]
    for answer in answers:
        by_response[answer["response_id"]].append(answer)
    engine = create_engine(sqlalchemy_url(url))
    metadata = MetaData()
    response_table = Table("response", metadata, autoload_with=engine)
    answer_table = Table("answer", metadata, autoload_with=engine)
    insert_responses = response_table.insert().returning(response_table.c.id, sort_by_parameter_order=True)
    started, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(responses), batch):
        with engine.begin() as connection:
            ids = connection.execute(insert_responses, responses[start:start + batch]).scalars().all()
            rows = [dict(a, response_id=i) for i, position in zip(ids, range(start, start + batch))
                    for a in by_response[position]]
            connection.execute(answer_table.insert(), rows)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    engine.dispose()
    print(json.dumps({"seconds": seconds, "cpu": cpu, "rows": len(responses)}))


def run(*args):
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")))
    if out.returncode:
        sys.exit(f"{args[0]} failed:\n{out.stdout}{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench(database, url, instance, size, runs, extension, batch):
    path = os.path.join(instance, f"responses-{size}{extension}")
    write_file(path, size)
    template = os.path.join(instance, "template.sqlite")
    imports, floors = [], []
    for _ in range(runs):  # alternated, so a busy spell on the machine slows both alike
        fresh_database(instance, url, template)
        imports.append(run("--measure-import", instance, url, path))
        assert imports[-1]["rows"] == size, imports[-1]
        dump = os.path.join(instance, "stored.pickle")
        with open(dump, "wb") as f:
            pickle.dump(stored_rows(url), f)
        floors.append(run("--measure-floor", url, dump, str(batch)))
        os.remove(dump)
    engine_rate = [size / r["seconds"] for r in imports]
    floor_rate = [size / r["seconds"] for r in floors]
    engine_cpu = min(r["cpu"] for r in imports) / size * 1e6  # microseconds a row
    floor_cpu = min(r["cpu"] for r in floors) / size * 1e6
    print(f"{database:10} {size:>8,} {max(engine_rate):>10,.0f} ({statistics.median(engine_rate):>7,.0f}) "
          f"{engine_cpu:>6.0f} µs {max(r['max_rss_mb'] for r in imports):>6.0f} MB "
          f"{min(r['rss_before_mb'] for r in imports):>5.0f} MB "
          f"{max(floor_rate):>10,.0f} ({statistics.median(floor_rate):>7,.0f}) {floor_cpu:>6.0f} µs "
          f"{max(engine_rate) / max(floor_rate):>6.2f}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="rows per file, comma-separated")
    parser.add_argument("--runs", type=int, default=2, help="alternated fresh processes of each; the best is shown")
    parser.add_argument("--database-url", help="also run on this PostgreSQL database (its schema is dropped!)")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--measure-import", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--measure-floor", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_import:
        return measure_import(*args.measure_import)
    if args.measure_floor:
        return measure_floor(args.measure_floor[0], args.measure_floor[1], int(args.measure_floor[2]))
    from survey_engine.importing import BATCH
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"responses import of a .{args.format} file, {BATCH} responses a transaction; best of {args.runs} fresh "
          "processes (median in brackets)")
    print(f"{'database':10} {'rows':>8} {'import rows/s':>20} {'CPU/row':>9} {'peak RSS':>9} {'before':>8} "
          f"{'floor rows/s':>20} {'CPU/row':>9} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as instance:
        databases = [("SQLite", "sqlite:///" + os.path.join(instance, "bench.sqlite"))]
        if args.database_url:
            databases.append(("PostgreSQL", args.database_url))
        for database, url in databases:
            for size in sizes:
                bench(database, url, instance, size, args.runs, "." + args.format, BATCH)
    print("CPU/row: the process's CPU time per row (best run; the database server's is not in it); "
          "ratio: the import's rows per second over the floor's (bare Core executemany of the same rows); "
          "target: at least 2,000 rows/s, the same peak memory at every size")


if __name__ == "__main__":
    main()
