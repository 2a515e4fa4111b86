"""Time `make test`, the last figure of `make bench`: the wall time of full runs from
a warm venv (the .venv, the Python 3.12 environment, axe-core and the site already
there, as after a first `make test`), and its ratio to the plain site build that
tools/bench_site.py measured just before (_build/bench/site.json). With several
``--jobs`` values the runs alternate, so the comparison is side by side.

    .venv/bin/python tools/bench_test.py [--rounds 1] [--jobs 2 [0 ...]]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--jobs", nargs="+", default=["2"], help="TEST_JOBS values to time (0: one process)")
    args = parser.parse_args()
    load_before = os.getloadavg()
    runs: dict[str, list[float]] = {jobs: [] for jobs in args.jobs}
    for number in range(1, args.rounds + 1):
        for jobs in args.jobs:
            print(f"round {number}/{args.rounds}: make test TEST_JOBS={jobs} …", flush=True)
            start = time.perf_counter()
            result = subprocess.run(["make", "--no-print-directory", "test", f"TEST_JOBS={jobs}"], cwd=ROOT,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            runs[jobs].append(time.perf_counter() - start)
            if result.returncode:
                print(result.stdout[-3000:])
                print(f"bench: make test TEST_JOBS={jobs} failed", file=sys.stderr)
                return 1
    load_after = os.getloadavg()
    site = ROOT / "_build" / "bench" / "site.json"
    plain = json.loads(site.read_text())["scenarios"]["plain"]["median_seconds"] if site.is_file() else None
    print(f"\n`make test`, {args.rounds} round(s), {os.cpu_count()} cores (median wall seconds):")
    for jobs, walls in runs.items():
        median = statistics.median(walls)
        ratio = f", {median / plain:.1f} x the plain site build" if plain else ""
        print(f"TEST_JOBS={jobs:<3} {median:8.1f} s ({median / 60:.1f} min){ratio}   runs: "
              + ", ".join(f"{wall:.0f}" for wall in walls))
    print("load average (1, 5, 15 min): before " + ", ".join(f"{x:.1f}" for x in load_before)
          + "; after " + ", ".join(f"{x:.1f}" for x in load_after))
    return 0


if __name__ == "__main__":
    sys.exit(main())
