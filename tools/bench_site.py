"""Benchmark the site build as an author meets it, as ratios to a plain build, in one run.

Every scenario runs `make html` (all three views) in a copy of the repository's
sources, so the edit below never touches the real ones:

- plain:              empty output, execution off (``nb_execution_mode=off``): the baseline
- cold:               empty output and an empty execution cache
- warm cache:         empty output, the cache filled by the cold build
- one-paragraph edit: one Korean paragraph of the chapter changed, then `make html`
- no change:          `make html` again, nothing changed
- warm cache, --jobs 1: the warm build with the views' processes one after
  another instead of side by side (what tools/build_site.py does by default)
- plain, 3 sphinx-build runs: the plain build the way the Makefile did it before
  tools/build_site.py (one `python -m sphinx` per view, one after another)

The scenarios run interleaved, round after round, so a noisy neighbour slows all of
them alike; the table gives each scenario's median wall time, its ratio to the plain
build's median, and the median CPU time it used (this process's children). The
machine is shared: read ratios, not seconds. The load average is printed too.

``--compare DIR`` measures another checkout too (e.g. `git archive` of main, for
before/after figures), in the same rounds; its ratios are to this checkout's plain build.

    .venv/bin/python tools/bench_site.py [--rounds 3] [--compare DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VIEWS = ("ko", "en", "both")
# What `make html` needs in the copy (tools/site_inputs.py lists the site's inputs).
COPIED = ("docs", "exercises", "solutions", "tools", "conf.py", "requirements.txt", "Makefile")
CHAPTER = Path("docs") / "linear-regression-concise.md"
# Execution off, and no -W: without executed cells the solutions page's glued plots are
# missing, which Sphinx warns about (a plain build measures the build, not the code).
OFF = "-D nb_execution_mode=off"


def copy_sources(root: Path, target: Path) -> None:
    for name in COPIED:
        source = root / name
        ignore = shutil.ignore_patterns("__pycache__")
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)  # copy2: keeps mtimes for make
        else:
            shutil.copy2(source, target / name)


def edit_one_paragraph(text: str) -> str:
    """The chapter with one sentence added to its first Korean paragraph."""
    lines = text.splitlines(keepends=True)
    first = lines.index("[ko]\n") + 1
    lines[first] = lines[first].rstrip("\n") + " 이 문장은 벤치마크가 덧붙였습니다.\n"
    return "".join(lines)


class Copy:
    """A copy of the sources with its own _build, built with the real .venv."""

    def __init__(self, source: Path, folder: Path):
        self.root = folder
        copy_sources(source, folder)
        self.build = folder / "_build"
        self.original = (folder / CHAPTER).read_text(encoding="utf-8")

    def clear(self, *names: str) -> None:
        for name in names:
            shutil.rmtree(self.build / name, ignore_errors=True)

    def make_html(self, sphinxopts: str = "-W --keep-going -q") -> None:
        # This interpreter's venv: make finds it installed and goes straight to the site.
        command = ["make", "-s", "html", f"VENV={sys.prefix}", f"SPHINXOPTS={sphinxopts}"]
        subprocess.run(command, cwd=self.root, check=True, stdout=subprocess.DEVNULL)

    def build_site_one_view_at_a_time(self) -> None:
        subprocess.run([sys.executable, "tools/build_site.py", "--jobs", "1", "--out", "_build/html",
                        "--doctrees", "_build/doctrees", "-W", "--keep-going", "-q"],
                       cwd=self.root, check=True, stdout=subprocess.DEVNULL)

    def three_sphinx_runs(self) -> None:
        for view in VIEWS:
            subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-c", str(self.root), "-t", view,
                            "-d", str(self.build / "old-doctrees" / view), "--keep-going", "-q", *OFF.split(),
                            str(self.root / "docs"), str(self.build / "old-html" / view)],
                           cwd=self.root, check=True, stdout=subprocess.DEVNULL)

    def set_chapter(self, text: str) -> None:
        (self.root / CHAPTER).write_text(text, encoding="utf-8")


def timed(action) -> tuple[float, float]:
    """Wall seconds and CPU seconds (of child processes) that action() took."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    action()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


SCENARIOS = ("plain", "cold", "warm cache", "one-paragraph edit", "no change", "warm cache, --jobs 1",
             "plain, 3 sphinx-build runs")


def one_round(copy: Copy) -> dict[str, tuple[float, float]]:
    times = {}
    copy.clear("old-html", "old-doctrees")
    times["plain, 3 sphinx-build runs"] = timed(copy.three_sphinx_runs)
    copy.clear("html", "doctrees")
    times["plain"] = timed(lambda: copy.make_html(f"--keep-going -q {OFF}"))
    copy.clear("html", "doctrees", ".jupyter_cache")
    times["cold"] = timed(copy.make_html)
    copy.clear("html", "doctrees")
    times["warm cache"] = timed(copy.make_html)
    copy.set_chapter(edit_one_paragraph(copy.original))
    times["one-paragraph edit"] = timed(copy.make_html)
    times["no change"] = timed(copy.make_html)
    copy.set_chapter(copy.original)
    if (copy.root / "tools" / "build_site.py").is_file():
        copy.clear("html", "doctrees")
        times["warm cache, --jobs 1"] = timed(copy.build_site_one_view_at_a_time)
    return times


def table(title: str, results: dict, baseline: float) -> dict:
    print(f"\n{title}")
    print(f"{'scenario':<28} {'median s':>9} {'ratio':>7} {'CPU s':>7}   all runs (wall)")
    report = {}
    for name in SCENARIOS:
        if name not in results:
            continue
        walls = [wall for wall, _ in results[name]]
        median, cpu = statistics.median(walls), statistics.median(c for _, c in results[name])
        report[name] = {"median_seconds": median, "ratio_to_plain": median / baseline, "cpu_seconds": cpu,
                        "runs": walls}
        print(f"{name:<28} {median:>9.2f} {median / baseline:>7.2f} {cpu:>7.1f}   "
              + ", ".join(f"{run:.2f}" for run in walls))
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--compare", type=Path, help="another checkout to measure in the same rounds")
    args = parser.parse_args()
    sources = {"this checkout": ROOT, **({f"{args.compare}": args.compare.resolve()} if args.compare else {})}
    results: dict[str, dict[str, list[tuple[float, float]]]] = {name: {} for name in sources}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-site-") as folder:
        copies = {name: Copy(source, Path(folder) / f"copy{index}") for index, (name, source) in enumerate(sources.items())}
        for number in range(1, args.rounds + 1):
            for name, copy in copies.items():
                print(f"round {number}/{args.rounds}: {name} …", flush=True)
                for scenario, measured in one_round(copy).items():
                    results[name].setdefault(scenario, []).append(measured)
    load_after = os.getloadavg()
    baseline = statistics.median(wall for wall, _ in results["this checkout"]["plain"])
    reports = {}
    for name in sources:
        reports[name] = table(f"Site build ({name}), three views, {args.rounds} interleaved rounds, "
                              f"{os.cpu_count()} cores (median seconds; ratio to this checkout's plain; CPU s):",
                              results[name], baseline)
    print("\nload average (1, 5, 15 min): before " + ", ".join(f"{x:.1f}" for x in load_before)
          + "; after " + ", ".join(f"{x:.1f}" for x in load_after))
    out = ROOT / "_build" / "bench" / "site.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"scenarios": reports["this checkout"], "compared": reports,
                               "load_before": load_before, "load_after": load_after}, indent=2), encoding="utf-8")
    print(f"\nwritten to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
