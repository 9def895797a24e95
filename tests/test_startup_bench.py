"""bench/startup_bench.py works: a tiny run (1 round) times --help, a group's --help and a real command against both
baselines. No figure is checked (speed belongs in bench/): only that every line is printed."""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_the_startup_benchmark_times_three_commands_against_both_baselines(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SURVEY_ENGINE_")}
    environment["PYTHONPATH"] = ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")
    environment["TMPDIR"] = str(tmp_path)
    run = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "startup_bench.py"), "--runs", "1"],
                         cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    assert re.search(r"^python -c pass +CPU [\d.]+ s, wall [\d.]+ s$", out, re.M), out
    assert re.search(r'^python -c "import flask, sqlalchemy" +CPU [\d.]+ s, wall [\d.]+ s$', out, re.M), out
    for command in ("--help", "surveys --help", "surveys list"):
        assert re.search(rf"^survey-engine {re.escape(command)} +CPU [\d.]+ s, wall [\d.]+ s; beyond python -c pass "
                         r"-?[\d.]+ s \(target: under 0.3 s\), beyond the Flask \+ SQLAlchemy floor [+-][\d.]+ s$",
                         out, re.M), out
    assert not os.listdir(tmp_path), "the benchmark leaves no temporary folder behind"
