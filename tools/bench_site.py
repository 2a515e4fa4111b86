"""Benchmark the site build, as ratios to a plain build, side by side in one run.

Every scenario builds all three views (what `make html` does):

- plain:        empty output, execution off (`nb_execution_mode=off`): the baseline
- cold:         empty output and an empty execution cache
- warm cache:   empty output (and doctrees), the cache kept from a cold build
- no change:    the warm-cache build run again, nothing changed

The scenarios run interleaved, round after round, so a noisy neighbour slows all
of them alike; the table reports each scenario's median and its ratio to the
plain build's median. Machines here are shared: read ratios, not seconds.

    .venv/bin/python tools/bench_site.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VIEWS = ("ko", "en", "both")


def build_views(work: Path, cache: Path, *extra: str) -> float:
    """Build the three views into work/html/<view>; seconds taken."""
    start = time.perf_counter()
    for view in VIEWS:
        command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(ROOT), "-t", view,
                   "-d", str(work / "doctrees" / view), "-q", "-W", "--keep-going",
                   "-D", f"nb_execution_cache_path={cache}", *extra,
                   str(ROOT / "docs"), str(work / "html" / view)]
        subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def fresh(*paths: Path) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def one_round(base: Path) -> dict[str, float]:
    plain, cold, warm = base / "plain", base / "cold", base / "warm"
    cache_cold, cache_warm = base / "cache-cold", base / "cache-warm"
    times = {}
    fresh(plain, base / "cache-plain")
    times["plain"] = build_views(plain, base / "cache-plain", "-D", "nb_execution_mode=off")
    fresh(cold, cache_cold)
    times["cold"] = build_views(cold, cache_cold)
    if not cache_warm.exists():  # fill the warm cache once, untimed
        build_views(base / "prime", cache_warm)
    fresh(warm)
    times["warm cache"] = build_views(warm, cache_warm)
    times["no change"] = build_views(warm, cache_warm)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-site-") as folder:
        for number in range(1, args.rounds + 1):
            print(f"round {number}/{args.rounds} …", flush=True)
            for name, seconds in one_round(Path(folder)).items():
                results.setdefault(name, []).append(seconds)
    baseline = statistics.median(results["plain"])
    print(f"\nSite build, three views, {args.rounds} interleaved rounds (median seconds, ratio to plain):")
    print(f"{'scenario':<12} {'median s':>9} {'ratio':>7}   all runs")
    report = {}
    for name, runs in results.items():
        median = statistics.median(runs)
        report[name] = {"median_seconds": median, "ratio_to_plain": median / baseline, "runs": runs}
        print(f"{name:<12} {median:>9.2f} {median / baseline:>7.2f}   " + ", ".join(f"{r:.2f}" for r in runs))
    out = ROOT / "_build" / "bench" / "site.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"\nwritten to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
