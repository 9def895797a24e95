"""bench/import_bench.py works: a tiny run (200 rows, one run) of the import and its floor on SQLite.

No figure is checked (speed belongs in bench/): only that the import stored every row, the floor ran, and the
figures and the ratio are printed. (Not on TEST_DATABASE_URL: the bench drops its database's schema.)
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_the_import_benchmark_runs_the_import_and_its_floor(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SURVEY_ENGINE_", "GUNICORN_"))}
    environment["PYTHONPATH"] = ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")
    environment["TMPDIR"] = str(tmp_path)
    run = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "import_bench.py"), "--sizes", "200",
                          "--runs", "1"], cwd=ROOT, env=environment, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(r"^SQLite +200 +[\d,]+ \( *[\d,]+\) +\d+ µs +\d+ MB +\d+ MB +[\d,]+ \( *[\d,]+\) +\d+ µs "
                     r"+[\d.]+$", run.stdout, re.M), run.stdout
    assert not os.listdir(tmp_path), "the benchmark leaves no temporary folder behind"
