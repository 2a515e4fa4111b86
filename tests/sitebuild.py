"""Run the site's builds the way the Makefile does: `make html` for the site the
tests read, tools/build_site.py for a site of a test's own, and a single
sphinx-build for a build of one view (a fresh cache, another source folder, a
failing page)."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
VIEWS = ("ko", "en", "both")
SPHINXOPTS = ("-W", "--keep-going", "-q")


def sphinx_build(view: str, outdir: Path, *, srcdir: Path = ROOT / "docs", doctreedir: Path | None = None,
                 cache: Path | None = None, env: dict | None = None, options: tuple[str, ...] = SPHINXOPTS,
                 timeout: float = 900) -> subprocess.CompletedProcess:
    """Build one view; returns the finished process (check .returncode yourself)."""
    doctreedir = doctreedir or outdir.parent / f"{outdir.name}.doctrees"
    environment = dict(os.environ, **(env or {}))
    if cache is not None:
        environment["NB_CACHE_DIR"] = str(cache)
    # --no-color: Sphinx colours its log when CI=true or FORCE_COLOR is set, and
    # tests read that log line by line ("file:line: ERROR ...").
    command = [sys.executable, "-m", "sphinx", "-b", "html", "--no-color", "-c", str(ROOT), "-t", view,
               "-d", str(doctreedir), *options, str(srcdir), str(outdir)]
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=timeout)


def start_site_build(out: Path, *, cache: Path | None = None, views: tuple[str, ...] = VIEWS) -> subprocess.Popen:
    """tools/build_site.py building ``views`` into ``out`` (doctrees beside it), started."""
    environment = dict(os.environ)
    if cache is not None:
        environment["NB_CACHE_DIR"] = str(cache)
    command = [sys.executable, str(ROOT / "tools" / "build_site.py"), "--out", str(out),
               "--doctrees", str(out.parent / f"{out.name}.doctrees"), "--views", *views, "--no-color", *SPHINXOPTS]
    return subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def ensure_site() -> Path:
    """The site `make html` builds, brought up to date (a no-op when no input changed).

    Test processes running side by side (pytest-xdist) take turns: one builds,
    the others then find it up to date.
    """
    lock_path = ROOT / "_build" / ".site-build.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(["make", "-s", "html"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return SITE


def differing_files(first: Path, second: Path) -> list[str]:
    """Files (relative paths) that only one of two folders holds, or that differ in a byte."""
    def files(root: Path) -> dict[str, Path]:
        return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}

    ours, theirs = files(first), files(second)
    return sorted(name for name in ours.keys() | theirs.keys()
                  if name not in ours or name not in theirs or ours[name].read_bytes() != theirs[name].read_bytes())
