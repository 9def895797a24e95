"""bench/summary_bench.py works: a tiny run (300 responses, one run) on SQLite, and on PostgreSQL when one is given.

No figure is checked (speed belongs in bench/): only that the bench builds its database, the summary counts the
submitted responses and not those in progress (it asserts so itself), and the figures and ratios are printed.
"""
import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROW = r"^{} +300 +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+ +([\d.]+/[\d.]+|-) +[\d.]+ +[\d.]+$"


def run_bench(tmp_path, *args):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SURVEY_ENGINE_")}
    environment["PYTHONPATH"] = ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")
    environment["TMPDIR"] = str(tmp_path)
    run = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "summary_bench.py"), "--sizes", "300",
                          "--runs", "1", *args], cwd=ROOT, env=environment, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


def test_the_summary_benchmark_runs_on_sqlite(tmp_path):
    out = run_bench(tmp_path, "--databases", "sqlite")
    assert re.search(ROW.format("sqlite"), out, re.M), out
    assert not os.listdir(tmp_path), "the benchmark leaves no temporary folder behind"


def test_the_summary_benchmark_keeps_and_reuses_its_database(tmp_path):
    kept = tmp_path / "kept"
    run_bench(tmp_path, "--databases", "sqlite", "--keep", str(kept))
    assert (kept / "summary-300.sqlite").exists()
    again = run_bench(tmp_path, "--databases", "sqlite", "--keep", str(kept))
    assert re.search(r"^sqlite +300 +kept ", again, re.M), again


def test_the_summary_benchmark_runs_on_postgresql(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set: the PostgreSQL run needs a database")
    out = run_bench(tmp_path, "--databases", "postgresql", "--database-url", url)
    assert re.search(ROW.format("postgresql"), out, re.M), out
