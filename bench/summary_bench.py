"""Time the Trust survey's summary and its staff page over N synthetic responses, on SQLite and PostgreSQL,
each against a bare floor measured in the same process, alternating with it.

    python bench/summary_bench.py --database-url postgresql://postgres@127.0.0.1/bench  # both, 100k and 1M
    python bench/summary_bench.py --databases sqlite --sizes 100000 --runs 7
    python bench/summary_bench.py --keep /var/tmp/summary-bench      # build once; later runs reuse what is there

For each database and N it builds the real schema (the migrations), an open survey and a staff account, and loads
N submitted responses (plus 0.5% in progress, which must not count) in bulk: executemany in one transaction on
SQLite, COPY on PostgreSQL, the indexes dropped during the load and made again after it, then ANALYZE (VACUUM
ANALYZE on PostgreSQL, which autovacuum does in a real deployment: without it PostgreSQL cannot use an index-only
scan, as it does not know the new rows are visible to all). Then, in a fresh process, it alternates `--runs` times:

- **summary**: `summarise()` and `json.dumps` of it, the JSON `survey-engine summary SLUG --format json` prints;
- **floor**: a bare `SELECT question_key, value, count(*) FROM answer WHERE survey_id = ?
  GROUP BY question_key, value` over the same rows, fetched whole: every figure of a summary is a count like
  these, so a summary cannot take less;
- **page**: `GET /admin/surveys/SLUG/summary` through Flask's test client, logged in as staff through the
  login form;
- **page floor**: the same bare GROUP BY in a bare Flask app (no login, no extensions) that renders its rows
  into a minimal Jinja page, a table per question with a row per value, through its own test client: the
  least a page showing those counts costs.

It prints the medians, the ratios (target: within 1.3), on SQLite also the ratios of this process's CPU time (all
the work is in it, so they hold steady on a busy machine where seconds do not), and the measuring process's peak memory (Python's
tracemalloc peak over one more summary, untimed, as tracing slows Python down, and the maximum resident set).

The PostgreSQL database named (`--database-url`, or SUMMARY_BENCH_DATABASE_URL) gets a schema per size,
`summary_bench_N`, dropped again at the end unless `--keep` is given; give the bench a database of its own.
With `--keep DIR`, SQLite databases are kept in DIR (`summary-N.sqlite`) and PostgreSQL schemas stay, and a
later run with `--keep` reuses any that already hold N responses instead of loading them again.
"""
import argparse
import json
import logging
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from urllib.parse import quote

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

QUESTIONNAIRE = "trust-survey"
SLUG = "bench"
TEMPLATES = 2000
TEXTS = ["Training", "Shaping our strategy", "A network of involvement leads", "Culture change", "Signposting"]
STAFF = "bench@example.org"
PASSWORD = "a bench password, long enough"
NOW = "2026-01-01 12:00:00+00:00"
FLOOR_SQL = ("SELECT question_key, value, count(*) FROM answer WHERE survey_id = :s "
             "GROUP BY question_key, value")
FLOOR_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Summary</title></head><body>
<h1>Summary</h1>
{% for key, rows in questions.items() %}<table><caption>{{ key }}</caption>
<thead><tr><th>Answer</th><th>Count</th></tr></thead><tbody>
{% for value, count in rows %}<tr><th>{{ value }}</th><td>{{ count }}</td></tr>
{% endfor %}</tbody></table>
{% endfor %}</body></html>"""


# --- Where each database lives --------------------------------------------------------------------------------------

def sqlalchemy_url(url):
    return "postgresql+psycopg://" + url.split("://", 1)[1] if url.startswith(("postgresql://", "postgres://")) \
        else url


def schema_name(n):
    return f"summary_bench_{n}"


def database_url(database, n, folder, pg_url):
    """The app's DATABASE_URL for this database and size: a file in `folder`, or a schema of `pg_url`."""
    if database == "sqlite":
        return f"sqlite:///{os.path.join(folder, f'summary-{n}.sqlite')}"
    joiner = "&" if "?" in pg_url else "?"
    return f"{pg_url}{joiner}options={quote(f'-csearch_path={schema_name(n)}')}"


def postgresql_admin(pg_url, *statements):
    from sqlalchemy import create_engine, text

    engine = create_engine(sqlalchemy_url(pg_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for statement in statements:
            connection.execute(text(statement))
    engine.dispose()


def make_app(url, instance):
    os.environ["SURVEY_ENGINE_INSTANCE_PATH"] = instance
    from survey_engine import create_app
    return create_app({"DATABASE_URL": url, "SECRET_KEY": "summary bench"})


def built_count(url):
    """How many responses the bench survey holds in this database, or None if it holds no bench survey."""
    from sqlalchemy import create_engine, text

    engine = create_engine(sqlalchemy_url(url))
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM response JOIN survey ON survey.id = survey_id "
                                           "WHERE survey.slug = :slug"), {"slug": SLUG}).scalar_one()
    except Exception:
        return None
    finally:
        engine.dispose()


# --- Building a database --------------------------------------------------------------------------------------------

def random_answers(questionnaire, types, rnd):
    """Answers a respondent could give: conditions honoured, some optional questions left blank."""
    from survey_engine.answers import Answers

    answers = Answers()
    for question in questionnaire.questions:
        if not question.is_asked(answers.values):
            continue
        if not question.required and rnd.random() < 0.3:
            continue
        kind = types[question.type].summary_kind
        if kind == "choice":
            answers.values[question.key] = rnd.choice(types[question.type].options(question)).value
        elif kind == "number":
            answers.values[question.key] = rnd.randint(0, 100)
        elif question.type == "organisation":
            answers.values[question.key] = f"Trust {rnd.randrange(56)}"
        else:
            answers.values[question.key] = rnd.choice(TEXTS)
    return answers


def prepare(url, instance):
    """The schema, the survey and a staff account; returns (survey id, answer row templates)."""
    from survey_engine.answers import answer_rows
    from survey_engine.cli.database import upgrade_database
    from survey_engine.extensions import db
    from survey_engine.models import StaffUser
    from survey_engine.registry import registry
    from survey_engine.surveys import create_survey

    app = make_app(url, instance)
    with app.app_context():
        logging.disable(logging.INFO)  # Alembic's line per migration
        upgrade_database()
        survey_id = create_survey(QUESTIONNAIRE, SLUG, status="open").id
        user = StaffUser(email=STAFF, role="analyst", active=True)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        questionnaire = registry().questionnaire(QUESTIONNAIRE)
        types = registry().question_types
        rnd = random.Random(42)
        templates = []
        for _ in range(TEMPLATES):
            answers = random_answers(questionnaire, types, rnd)
            rows = answer_rows(questionnaire, answers, set(questionnaire.asked_keys(answers.values)))
            templates.append([(r["question_key"], r["value"], r["text"], r["number"]) for r in rows])
        db.session.remove()
        db.engine.dispose()
    return survey_id, templates


def responses(n):
    """(response id, submitted?) for n submitted responses and 0.5% more in progress."""
    return [(i, i <= n) for i in range(1, n + max(1, n // 200) + 1)]


def answer_rows_of(n, templates):
    """(response id, its answer rows) for each response: in-progress ones have answered only the first page.

    `templates` may be the rows in any form (tuples, or COPY text): a response takes one template's rows.
    """
    pick = random.Random(7)
    for i, submitted in responses(n):
        rows = templates[pick.randrange(TEMPLATES)]
        yield i, rows if submitted else rows[:3]


def load_sqlite(path, survey_id, n, templates):
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    # Bulk load without the indexes, then build them once: the same indexes, made faster.
    indexes = con.execute("SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name IN "
                          "('answer', 'response') AND sql IS NOT NULL").fetchall()
    for name, _sql in indexes:
        con.execute(f"DROP INDEX {name}")
    con.executemany("INSERT INTO organisation (id, name, key, kind) VALUES (?, ?, ?, 'NHS Trust')",
                    [(i + 1, f"Trust {i}", f"trust {i}") for i in range(56)])
    con.executemany(
        "INSERT INTO response (id, survey_id, questionnaire_version, status, is_test, organisation_id, "
        "started_at, updated_at, submitted_at) VALUES (?, ?, 1, ?, 0, ?, ?, ?, ?)",
        ((i, survey_id, "submitted" if done else "in_progress", i % 56 + 1, NOW, NOW, NOW if done else None)
         for i, done in responses(n)))
    con.executemany("INSERT INTO answer (response_id, survey_id, question_key, value, text, number) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    ((i, survey_id, *row) for i, rows in answer_rows_of(n, templates) for row in rows))
    for _name, sql in indexes:
        con.execute(sql)
    con.execute("ANALYZE")
    con.commit()
    con.close()


def _copy_field(value):
    if value is None:
        return r"\N"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def load_postgresql(url, survey_id, n, templates):
    import psycopg

    conninfo = "postgresql" + url.split("+psycopg", 1)[1]
    with psycopg.connect(conninfo, autocommit=True) as con:
        indexes = con.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                              "AND tablename IN ('answer', 'response') AND indexname NOT LIKE '%pkey'").fetchall()
        with con.transaction():
            for name, _sql in indexes:
                con.execute(f'DROP INDEX "{name}"')
            with con.cursor() as cur:
                cur.executemany("INSERT INTO organisation (id, name, key, kind) VALUES (%s, %s, %s, 'NHS Trust')",
                                [(i + 1, f"Trust {i}", f"trust {i}") for i in range(56)])
                with cur.copy("COPY response (id, survey_id, questionnaire_version, status, is_test, "
                              "organisation_id, started_at, updated_at, submitted_at) FROM STDIN") as copy:
                    copy.write("".join(
                        f"{i}\t{survey_id}\t1\t{'submitted' if done else 'in_progress'}\tf\t{i % 56 + 1}\t"
                        f"{NOW}\t{NOW}\t{NOW if done else chr(92) + 'N'}\n" for i, done in responses(n)))
                # Each template's rows as COPY text after the response id, so a response is one join.
                tails = [[f"\t{survey_id}\t" + "\t".join(_copy_field(v) for v in row) + "\n" for row in rows]
                         for rows in templates]
                with cur.copy("COPY answer (response_id, survey_id, question_key, value, text, number) "
                              "FROM STDIN") as copy:
                    chunk = []
                    for i, rows in answer_rows_of(n, tails):
                        chunk.append("".join(f"{i}{t}" for t in rows))
                        if len(chunk) >= 20_000:
                            copy.write("".join(chunk))
                            chunk = []
                    copy.write("".join(chunk))
            for _name, sql in indexes:
                con.execute(sql)
            con.execute("SELECT setval(pg_get_serial_sequence('response', 'id'), max(id)) FROM response")
        con.execute("VACUUM ANALYZE")


def build(database, url, instance, n):
    """A database of the real schema with n submitted responses; returns seconds taken."""
    started = time.perf_counter()
    survey_id, templates = prepare(url, instance)
    if database == "sqlite":
        load_sqlite(url.split("sqlite:///", 1)[1], survey_id, n, templates)
    else:
        load_postgresql(sqlalchemy_url(url), survey_id, n, templates)
    return time.perf_counter() - started


# --- Measuring, in a fresh process ----------------------------------------------------------------------------------

def floor_app(url):
    """A bare Flask app: the GROUP BY, rendered into a minimal page of a table per question."""
    from flask import Flask, render_template_string
    from sqlalchemy import create_engine, text

    app = Flask("summary_floor")
    engine = create_engine(sqlalchemy_url(url))

    @app.get("/summary/<int:survey_id>")
    def page(survey_id):
        questions = {}
        with engine.connect() as connection:
            for key, value, count in connection.execute(text(FLOOR_SQL), {"s": survey_id}):
                questions.setdefault(key, []).append((value, count))
        return render_template_string(FLOOR_PAGE, questions=questions)

    return app


def timed(work):
    """(wall seconds, this process's CPU seconds) that `work` took."""
    started, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - started, time.process_time() - cpu


def measure(url, runs):
    """Alternate the summary, the page and their floors `runs` times in this process; print one JSON line."""
    from sqlalchemy import text

    from survey_engine.extensions import db
    from survey_engine.summary import summarise
    from survey_engine.surveys import get_survey
    from survey_engine.testing import login

    instance = tempfile.mkdtemp(prefix="summary-bench-")
    try:
        app = make_app(url, instance)
        staff = app.test_client()
        assert login(staff, STAFF, PASSWORD).status_code == 302, "the bench's staff account could not log in"
        floor = floor_app(url).test_client()
        with app.app_context():
            survey = get_survey(SLUG)
            survey_id = survey.id
            summary = summarise(survey)
            people = summary["respondents"]

        def the_floor():
            with app.app_context():
                db.session.execute(text(FLOOR_SQL), {"s": survey_id}).all()

        def the_summary():
            with app.app_context():
                json.dumps(summarise(get_survey(SLUG)), indent=2, ensure_ascii=False)

        def the_page():
            page = staff.get(f"/admin/surveys/{SLUG}/summary")
            assert page.status_code == 200 and f"{people} people from" in page.get_data(as_text=True), page.status

        def the_page_floor():
            assert floor.get(f"/summary/{survey_id}").status_code == 200

        pairs = {"summary": (the_summary, the_floor), "page": (the_page, the_page_floor)}
        for work, bare in pairs.values():  # warm the caches (pages, templates) for both
            work(), bare()
        times = {name: [] for name in ("summary", "floor", "page", "page_floor")}
        cpu_times = {name: [] for name in times}
        for run in range(runs):
            for name, (work, bare) in pairs.items():
                # Who goes first alternates, so a busy spell on the machine falls on both alike.
                order = [(name, work), (f"{name}_floor" if name == "page" else "floor", bare)]
                for which, job in (order if run % 2 else order[::-1]):
                    wall, cpu = timed(job)
                    times[which].append(wall)
                    cpu_times[which].append(cpu)
        with app.app_context():
            tracemalloc.start()
            summary = summarise(get_survey(SLUG))
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        heard = next(q for q in summary["questions"] if q["key"] == "heard_before")
        print(json.dumps({**{name: statistics.median(values) for name, values in times.items()},
                          **{f"{name}_cpu": statistics.median(values) for name, values in cpu_times.items()},
                          "respondents": summary["respondents"], "heard_before_asked": heard["asked"],
                          "python_peak_mb": peak / 2**20,
                          "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    finally:
        shutil.rmtree(instance, ignore_errors=True)


def cpu_ratios(database, m):
    """'summary/page' CPU ratios on SQLite, where all the work is this process's: steadier than seconds on a busy
    machine. PostgreSQL works in its own processes (the floor in parallel workers), so there it is '-'."""
    if database != "sqlite":
        return "-"
    return f"{m['summary_cpu'] / m['floor_cpu']:.2f}/{m['page_cpu'] / m['page_floor_cpu']:.2f}"


# --- The run --------------------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000],
                        help="numbers of responses to try (default: 100000 1000000)")
    parser.add_argument("--databases", nargs="+", choices=["sqlite", "postgresql"],
                        help="default: both when a PostgreSQL URL is given, else sqlite")
    parser.add_argument("--database-url", default=os.environ.get("SUMMARY_BENCH_DATABASE_URL"),
                        help="a PostgreSQL database of the bench's own (it makes and drops schemas in it)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each; the medians are printed")
    parser.add_argument("--keep", metavar="DIR", help="keep the databases built (SQLite files in DIR, "
                                                      "PostgreSQL schemas) and reuse those already there")
    parser.add_argument("--measure", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        return measure(args.measure, args.runs)
    databases = args.databases or (["sqlite", "postgresql"] if args.database_url else ["sqlite"])
    if "postgresql" in databases and not args.database_url:
        parser.error("PostgreSQL needs --database-url (or SUMMARY_BENCH_DATABASE_URL): a database of its own")
    folder = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="summary-bench-")
    os.makedirs(folder, exist_ok=True)
    print(f"Trust survey; medians of {args.runs} alternated runs; floor = bare GROUP BY question_key, value; "
          f"page floor = that GROUP BY rendered by a bare Flask app")
    print(f"{'database':<10} {'responses':>10} {'load s':>7} {'summary s':>10} {'floor s':>8} {'ratio':>6} "
          f"{'page s':>7} {'floor s':>8} {'ratio':>6} {'CPU ratios':>11} {'py peak MB':>11} {'max RSS MB':>11}",
          flush=True)
    try:
        for database in databases:
            for n in args.sizes:
                url = database_url(database, n, folder, args.database_url)
                if args.keep and built_count(url) == len(responses(n)):
                    load = "kept"
                else:
                    if database == "postgresql":
                        postgresql_admin(args.database_url, f"DROP SCHEMA IF EXISTS {schema_name(n)} CASCADE",
                                         f"CREATE SCHEMA {schema_name(n)}")
                    elif os.path.exists(url.split("sqlite:///", 1)[1]):
                        os.remove(url.split("sqlite:///", 1)[1])
                    with tempfile.TemporaryDirectory() as instance:
                        load = f"{build(database, url, instance, n):.1f}"
                environment = {**os.environ, "PYTHONPATH": ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")}
                run = subprocess.run([sys.executable, __file__, "--measure", url, "--runs", str(args.runs)],
                                     capture_output=True, text=True, env=environment)
                if run.returncode:
                    sys.exit(f"measuring {database} at {n} failed:\n{run.stderr}")
                m = json.loads(run.stdout.strip().splitlines()[-1])
                assert m["respondents"] == n and m["heard_before_asked"] == n, m  # in-progress ones not counted
                print(f"{database:<10} {n:>10,} {load:>7} {m['summary']:>10.3f} {m['floor']:>8.3f} "
                      f"{m['summary'] / m['floor']:>6.2f} {m['page']:>7.3f} {m['page_floor']:>8.3f} "
                      f"{m['page'] / m['page_floor']:>6.2f} {cpu_ratios(database, m):>11} "
                      f"{m['python_peak_mb']:>11.2f} {m['max_rss_mb']:>11.1f}",
                      flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
            if "postgresql" in databases:
                postgresql_admin(args.database_url,
                                 *(f"DROP SCHEMA IF EXISTS {schema_name(n)} CASCADE" for n in args.sizes))


if __name__ == "__main__":
    main()
