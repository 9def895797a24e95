"""bench/soak_bench.py works: a tiny run (2 cycles: one worker and the master SIGKILLed) under real gunicorn.

No figure is checked beyond the counts the soak test exists for: respondents get confirmations through the kills,
and every one is a whole submitted response in the database (lost 0, half-written 0, duplicates 0).
"""
import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pytest.importorskip("gunicorn", reason="the soak test runs gunicorn: pip install -e '.[deploy]'")


def test_the_soak_test_kills_a_worker_and_the_master_and_finds_nothing_lost(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SURVEY_ENGINE_", "GUNICORN_", "SOAK_"))}
    environment["PYTHONPATH"] = ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")
    environment["TMPDIR"] = str(tmp_path)
    run = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "soak_bench.py"), "--cycles", "2",
                          "--respondents", "2", "--min-gap", "1", "--max-gap", "2", "--workers", "2", "--threads", "2",
                          "--seed", "3"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    assert re.search(r"^cycle +1: killed (worker \d+|master and its workers; up again in [\d.]+ s)$", out, re.M), out
    assert "cycles: 2 in " in out and "kills: 1 worker, 1 master" in out, out
    confirmed = re.search(r"^confirmations: (\d+); submitted: (\d+) ", out, re.M)
    assert confirmed and int(confirmed.group(1)) > 0 and int(confirmed.group(2)) >= int(confirmed.group(1)), out
    assert re.search(r"^lost: 0; half-written: 0; duplicates: 0$", out, re.M), out
    assert re.search(r"5xx answers: \d+", out), out
    assert not os.listdir(tmp_path), "the soak test leaves no temporary folder behind"
