"""CPU time a `survey-engine` command spends starting, against a bare `python -c pass` and a Flask + SQLAlchemy floor.

    python bench/startup_bench.py                       # --help, surveys --help, surveys list; 10 runs each
    python bench/startup_bench.py --runs 20 -- export --help
    python bench/startup_bench.py --against /path/to/main   # the same commands from another checkout, alternated

Each run is a fresh process (`python -m survey_engine.cli ARGS`, with this checkout first on PYTHONPATH, on a
temporary instance folder whose SQLite database `init-db` made); its CPU time (user + system, from the kernel's
accounting of finished children) and wall time are taken, each round running every command and both baselines in
turn so a busy spell on the machine slows all alike. Bytecode is cached (in a temporary PYTHONPYCACHEPREFIX, even
where PYTHONDONTWRITEBYTECODE is set), as in an installed package. It prints the medians and each command's CPU less
each baseline's (target: under 0.3 s beyond `python -c pass`). `python -X importtime -m survey_engine.cli --help`
shows where the time goes.
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
DEFAULT_COMMANDS = (("--help",), ("surveys", "--help"), ("surveys", "list"))
BASELINES = {"python -c pass": "pass", 'python -c "import flask, sqlalchemy"': "import flask, sqlalchemy"}


def measure(command, environment, checkout=ROOT):
    """(CPU seconds, wall seconds) of one run of `command` in `checkout` (python -m puts it first on the path)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, env=environment, cwd=checkout, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10, help="runs of each, alternated (default 10)")
    parser.add_argument("--against", metavar="CHECKOUT",
                        help="also time the same commands from this checkout (e.g. main's), in the same rounds")
    parser.add_argument("args", nargs="*", help="one command's arguments (default: --help, surveys --help and "
                                                "surveys list)")
    args = parser.parse_args()
    arguments = [args.args] if args.args else DEFAULT_COMMANDS
    checkouts = {"": ROOT, **({f" ({args.against})": os.path.abspath(args.against)} if args.against else {})}
    commands = {" ".join(a) + label: ([sys.executable, "-m", "survey_engine.cli", *a], checkout)
                for a in arguments for label, checkout in checkouts.items()}
    baselines = {name: ([sys.executable, "-c", code], ROOT) for name, code in BASELINES.items()}
    with tempfile.TemporaryDirectory() as instance, tempfile.TemporaryDirectory() as pycache:
        base = {k: v for k, v in os.environ.items()
                if not k.startswith("SURVEY_ENGINE_") and k != "PYTHONDONTWRITEBYTECODE"}
        base.update({"SURVEY_ENGINE_INSTANCE_PATH": instance, "PYTHONPYCACHEPREFIX": pycache})
        environments = {checkout: dict(base, PYTHONPATH=checkout + os.pathsep + os.environ.get("PYTHONPATH", ""))
                        for checkout in checkouts.values()}
        # The first runs make the database, write the instance's secret key and fill the bytecode cache.
        subprocess.run([sys.executable, "-m", "survey_engine.cli", "init-db"], env=environments[ROOT], cwd=ROOT,
                       check=True, capture_output=True)
        runs = {**commands, **baselines}
        for command, checkout in runs.values():
            measure(command, environments[checkout], checkout)
        figures = {name: [] for name in runs}
        for _ in range(args.runs):
            for name, (command, checkout) in runs.items():
                figures[name].append(measure(command, environments[checkout], checkout))
    cpu = {name: statistics.median(c for c, _ in runs_) for name, runs_ in figures.items()}
    wall = {name: statistics.median(w for _, w in runs_) for name, runs_ in figures.items()}
    print(f"medians of {args.runs} runs each, alternated")
    width = max(len(name) for name in runs) + len("survey-engine ")
    for name in baselines:
        print(f"{name:<{width}}  CPU {cpu[name]:.3f} s, wall {wall[name]:.3f} s")
    bare, floor = baselines
    for name in commands:
        print(f"{'survey-engine ' + name:<{width}}  CPU {cpu[name]:.3f} s, wall {wall[name]:.3f} s; "
              f"beyond python -c pass {cpu[name] - cpu[bare]:.3f} s (target: under 0.3 s), "
              f"beyond the Flask + SQLAlchemy floor {cpu[name] - cpu[floor]:+.3f} s")


if __name__ == "__main__":
    main()
