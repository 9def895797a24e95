"""bench/respond_bench.py works: a tiny run (1 round, 2 respondents) of the engine and the floor under gunicorn.

No figure is checked (speed belongs in bench/): only that both apps complete responses, every confirmation is a
submitted response in the database, and the figures and ratios are printed.
"""
import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pytest.importorskip("gunicorn", reason="the benchmark runs gunicorn: pip install -e '.[deploy]'")


def test_the_respondent_benchmark_runs_both_apps_and_checks_what_they_stored(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SURVEY_ENGINE_", "GUNICORN_"))}
    environment["PYTHONPATH"] = ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")
    environment["TMPDIR"] = str(tmp_path)
    run = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "respond_bench.py"), "--rounds", "1",
                          "--respondents", "2", "--seconds", "1", "--workers", "1", "--threads", "2"],
                         cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    counts = re.search(r"SQL statements per respondent \(15 requests\): engine (\d+), floor (\d+)", out)
    assert counts and int(counts.group(1)) > 0 and int(counts.group(2)) > 0, out
    confirmed = re.search(r"every confirmation is a submitted response in the database: engine (\d+), floor (\d+); "
                          r"failed respondents: engine 0, floor 0", out)
    assert confirmed and int(confirmed.group(1)) > 0 and int(confirmed.group(2)) > 0, out
    assert re.search(r"^1 engine +\d+ +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+$", out, re.M), out
    assert re.search(r"^1 floor +\d+ ", out, re.M), out
    assert re.search(r"ratio engine/floor: responses/s [\d.]+ .*p95 [\d.]+x .*CPU per response [\d.]+x", out), out
    assert not os.listdir(tmp_path), "the benchmark leaves no temporary folder behind"
