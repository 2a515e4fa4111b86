"""Run the site's Sphinx build the way the Makefile does, for tests that need a
build of their own (a fresh cache, another source folder, a failing page)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
VIEWS = ("ko", "en", "both")


def sphinx_build(view: str, outdir: Path, *, srcdir: Path = ROOT / "docs", doctreedir: Path | None = None,
                 cache: Path | None = None, env: dict | None = None, options: tuple[str, ...] = ("-W", "--keep-going", "-q"),
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


def ensure_site() -> Path:
    """The site `make html` builds; built here if a test run starts without it."""
    if not (SITE / "index.html").is_file():
        subprocess.run(["make", "html"], cwd=ROOT, check=True)
    return SITE
