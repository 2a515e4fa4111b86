"""Benchmark of the grader, as ratios measured side by side in one run.

- grading one submission (the reference answers) against ``python -c "import mxnet"``, the
  floor of any grading that runs MXNet;
- ``python -m grader batch`` on N copies against grading the same N one at a time.

Repetitions are interleaved (each round runs every measurement once, in a rotating order) and
medians are reported, so a busy moment on a shared machine spreads over all of them.
Usage: .venv/bin/python tools/bench_grader.py [--rounds 3] [--copies 8] [--jobs CORES+1]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENV_PYTHON = REPO / ".venv" / "bin" / "python"


def _timed(argv):
    started = time.perf_counter()
    process = subprocess.run(argv, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True)
    elapsed = time.perf_counter() - started
    if process.returncode not in (0, 1):
        raise SystemExit(f"bench: {' '.join(map(str, argv))} failed:\n{process.stderr[-2000:]}")
    return elapsed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=(os.cpu_count() or 1) + 1)  # the batch's default
    args = parser.parse_args(argv)
    if not VENV_PYTHON.exists():
        raise SystemExit(f"bench: {VENV_PYTHON} is missing; run `make venv` first")
    python = str(VENV_PYTHON)
    work = Path(tempfile.mkdtemp(prefix="bench-grader-"))
    try:
        copies = work / "submissions"
        for index in range(args.copies):
            shutil.copytree(REPO / "solutions", copies / f"copy{index:02d}",
                            ignore=shutil.ignore_patterns("__pycache__"))
        os.chmod(work, 0o755)
        grade = [python, "-m", "grader", "grade", "--submission", str(REPO / "solutions"),
                 "--results", str(work / "one.json")]

        def one_at_a_time():
            return sum(_timed([python, "-m", "grader", "grade", "--submission", str(folder),
                               "--results", str(work / "seq.json")])
                       for folder in sorted(copies.iterdir()))

        measurements = {
            "import mxnet": lambda: _timed([python, "-c", "import mxnet"]),
            "grade one submission": lambda: _timed(grade),
            f"batch of {args.copies} (--jobs {args.jobs})": lambda: _timed(
                [python, "-m", "grader", "batch", str(copies), "--out", str(work / "out"),
                 "--jobs", str(args.jobs)]),
            f"{args.copies} grades one at a time": one_at_a_time,
        }
        samples = {name: [] for name in measurements}
        names = list(measurements)
        for round_index in range(args.rounds):
            order = names[round_index % len(names):] + names[:round_index % len(names)]
            for name in order:
                samples[name].append(measurements[name]())
            print(f"bench: round {round_index + 1}/{args.rounds} done", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    median = {name: statistics.median(values) for name, values in samples.items()}
    base, one, batch, serial = (median[name] for name in names)
    rows = [
        ("import mxnet", base, "1.00 (reference)"),
        ("grade one submission", one, f"{one / base:.2f} x import mxnet"),
        (names[2], batch, f"{args.copies / batch:.2f} submissions/s"),
        (names[3], serial, f"{args.copies / serial:.2f} submissions/s"),
        ("batch speed-up", None, f"{serial / batch:.2f} x one at a time"),
    ]
    print(f"\nGrader benchmark: medians of {args.rounds} interleaved rounds, "
          f"{os.cpu_count()} cores, {sys.version.split()[0]}")
    print(f"{'measurement':34s} {'median s':>9s}  ratio")
    for name, seconds, ratio in rows:
        shown = f"{seconds:9.2f}" if seconds is not None else " " * 9
        print(f"{name:34s} {shown}  {ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
