"""bench/export_beside_bench.py works: a tiny run (1 round each way, 2 respondents, 200 responses exported by a job).

No figure is checked (speed belongs in bench/): only that respondents complete responses beside the export, the
export job finishes, and the figures and the ratio are printed.
"""
import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pytest.importorskip("gunicorn", reason="the benchmark runs gunicorn: pip install -e '.[deploy]'")


def test_the_export_beside_respondents_benchmark_runs(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SURVEY_ENGINE_", "GUNICORN_"))}
    environment["PYTHONPATH"] = ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")
    environment["TMPDIR"] = str(tmp_path)
    run = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "export_beside_bench.py"), "--size", "200",
                          "--rounds", "1", "--respondents", "2", "--seconds", "1", "--workers", "1", "--threads", "2"],
                         cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600)
    out = run.stdout
    assert run.returncode == 0, out + run.stderr
    assert re.search(r"^1 alone +[1-9]\d* +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+", out, re.M), out
    assert re.search(r"^1 with export +[1-9]\d* +[\d.]+ ", out, re.M), out
    assert "respondents failed" not in out, out
    assert re.search(r"respondents' p95 with the export / without: [\d.]+x .*last export job: complete, 200 of 200 "
                     r"rows", out), out
    assert not os.listdir(tmp_path), "the benchmark leaves no temporary folder behind"
