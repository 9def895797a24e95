"""CPU time a `survey-engine` command spends starting, against a bare `python -c pass`.

    python bench/startup_bench.py                       # survey-engine --help, 10 runs each, alternated
    python bench/startup_bench.py --runs 20 -- surveys list

Each run is a fresh process (`python -m survey_engine.cli ARGS`, with this checkout first on PYTHONPATH); its CPU
time (user + system, from the kernel's accounting of finished children) and wall time are taken, alternating
with the baseline so a busy spell on the machine slows both alike. It prints the medians, and the command's CPU
less the baseline's (target: under 0.3 s). `python -X importtime -m survey_engine.cli --help` shows where it goes.
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def measure(command, environment):
    """(CPU seconds, wall seconds) of one run of `command`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, env=environment, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10, help="runs of each, alternated (default 10)")
    parser.add_argument("args", nargs="*", default=["--help"], help="the command's arguments (default --help)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as instance:
        environment = {k: v for k, v in os.environ.items() if not k.startswith("SURVEY_ENGINE_")}
        environment.update({"SURVEY_ENGINE_INSTANCE_PATH": instance,
                            "PYTHONPATH": ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")})
        command = [sys.executable, "-m", "survey_engine.cli", *args.args]
        baseline = [sys.executable, "-c", "pass"]
        measure(command, environment)  # the first run writes the instance's secret key and fills caches
        engine, bare = [], []
        for _ in range(args.runs):
            engine.append(measure(command, environment))
            bare.append(measure(baseline, environment))
    cpu, wall = statistics.median(c for c, _ in engine), statistics.median(w for _, w in engine)
    bare_cpu, bare_wall = statistics.median(c for c, _ in bare), statistics.median(w for _, w in bare)
    print(f"medians of {args.runs} runs each, alternated")
    print(f"survey-engine {' '.join(args.args)}: CPU {cpu:.2f} s, wall {wall:.2f} s")
    print(f"python -c pass: CPU {bare_cpu:.2f} s, wall {bare_wall:.2f} s")
    print(f"start-up CPU beyond Python's own: {cpu - bare_cpu:.2f} s (target: under 0.3 s)")


if __name__ == "__main__":
    main()
