"""Time the summary of the Trust survey over N synthetic responses on SQLite, against a bare GROUP BY floor.

    python bench/summary_bench.py                      # N = 100,000 and 1,000,000
    python bench/summary_bench.py --sizes 10000 --runs 3

For each N it builds a fresh database (the real schema, from the migrations), fills it with N submitted
responses (plus 0.5% in progress, which must not count) by bulk insert, then, in a fresh process, times
`summarise()` (the median of --runs) and the floor: a bare
`SELECT question_key, value, count(*) FROM answer WHERE survey_id = ? GROUP BY question_key, value` over the
same rows. It prints both, their ratio, and the measuring process's peak memory (Python's tracemalloc peak
during the summary, and the process's maximum resident set), which should not grow with N.
"""
import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

QUESTIONNAIRE = "trust-survey"
SLUG = "bench"
TEMPLATES = 2000
TEXTS = ["Training", "Shaping our strategy", "A network of involvement leads", "Culture change", "Signposting"]


def make_app(instance):
    os.environ["SURVEY_ENGINE_INSTANCE_PATH"] = instance
    from survey_engine import create_app
    return create_app({"DATABASE_URL": f"sqlite:///{os.path.join(instance, 'bench.sqlite')}"})


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


def build(instance, n):
    """A database of the real schema with n submitted responses to the Trust survey; returns seconds taken."""
    import sqlite3

    from survey_engine.answers import answer_rows
    from survey_engine.cli.database import upgrade_database
    from survey_engine.extensions import db
    from survey_engine.registry import registry
    from survey_engine.surveys import create_survey

    app = make_app(instance)
    with app.app_context():
        upgrade_database()
        survey_id = create_survey(QUESTIONNAIRE, SLUG, status="open").id
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
    started = time.perf_counter()
    con = sqlite3.connect(os.path.join(instance, "bench.sqlite"))
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    # Bulk load without the answer indexes, then build them once: the same indexes, made faster.
    indexes = con.execute("SELECT sql FROM sqlite_master WHERE type='index' AND tbl_name='answer' "
                          "AND sql IS NOT NULL").fetchall()
    for (sql,) in indexes:
        con.execute("DROP INDEX " + sql.split()[2])
    con.executemany("INSERT INTO organisation (id, name, key, kind) VALUES (?, ?, ?, 'NHS Trust')",
                    [(i + 1, f"Trust {i}", f"trust {i}") for i in range(56)])
    in_progress = max(1, n // 200)
    now = "2026-01-01 12:00:00.000000"
    con.executemany(
        "INSERT INTO response (id, survey_id, questionnaire_version, status, organisation_id, started_at, "
        "updated_at, submitted_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?)",
        ((i, survey_id, "submitted" if i <= n else "in_progress", i % 56 + 1, now, now, now if i <= n else None)
         for i in range(1, n + in_progress + 1)))
    pick = random.Random(7)

    def answers():
        for i in range(1, n + in_progress + 1):
            rows = templates[pick.randrange(TEMPLATES)]
            for key, value, text, number in (rows if i <= n else rows[:3]):
                yield i, survey_id, key, value, text, number

    con.executemany("INSERT INTO answer (response_id, survey_id, question_key, value, text, number) "
                    "VALUES (?, ?, ?, ?, ?, ?)", answers())
    for (sql,) in indexes:
        con.execute(sql)
    con.execute("ANALYZE")
    con.commit()
    rows = con.execute("SELECT count(*) FROM answer").fetchone()[0]
    con.close()
    return time.perf_counter() - started, rows


def measure(instance, runs):
    """Time the summary and the floor in this (fresh) process; print one JSON line."""
    from sqlalchemy import text

    from survey_engine.extensions import db
    from survey_engine.summary import summarise
    from survey_engine.surveys import get_survey

    app = make_app(instance)
    with app.app_context():
        survey = get_survey(SLUG)
        floor_sql = text("SELECT question_key, value, count(*) FROM answer WHERE survey_id = :s "
                         "GROUP BY question_key, value")
        db.session.execute(floor_sql, {"s": survey.id}).all()  # warm the page cache for both
        floors, times = [], []
        for _ in range(runs):
            started = time.perf_counter()
            db.session.execute(floor_sql, {"s": survey.id}).all()
            floors.append(time.perf_counter() - started)
        tracemalloc.start()
        for _ in range(runs):
            started = time.perf_counter()
            summary = summarise(survey)
            times.append(time.perf_counter() - started)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        heard = next(q for q in summary["questions"] if q["key"] == "heard_before")
        print(json.dumps({"summary": statistics.median(times), "floor": statistics.median(floors),
                          "respondents": summary["respondents"], "heard_before_asked": heard["asked"],
                          "python_peak_mb": peak / 2**20,
                          "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000],
                        help="numbers of responses to try (default: 100000 1000000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per size; the median is printed")
    parser.add_argument("--measure", metavar="INSTANCE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        return measure(args.measure, args.runs)
    print(f"SQLite, Trust survey; median of {args.runs} runs; floor = bare GROUP BY question_key, value")
    print(f"{'responses':>10} {'answer rows':>12} {'load s':>7} {'summary s':>10} {'floor s':>8} {'ratio':>6} "
          f"{'py peak MB':>11} {'max RSS MB':>11}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as instance:
            load, rows = build(instance, n)
            out = subprocess.run([sys.executable, __file__, "--measure", instance, "--runs", str(args.runs)],
                                 check=True, capture_output=True, text=True).stdout
            m = json.loads(out.strip().splitlines()[-1])
            assert m["respondents"] == n and m["heard_before_asked"] == n, m  # in-progress responses not counted
            print(f"{n:>10,} {rows:>12,} {load:>7.1f} {m['summary']:>10.3f} {m['floor']:>8.3f} "
                  f"{m['summary'] / m['floor']:>6.2f} {m['python_peak_mb']:>11.2f} {m['max_rss_mb']:>11.1f}",
                  flush=True)


if __name__ == "__main__":
    main()
