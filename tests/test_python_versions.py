"""Python versions: 3.11 and 3.12 work; anything else gets a clear message.

The 3.12 test builds a second virtual environment through the Makefile (numpy
1.26 and the numpy.bool shim), then runs the chapter's code, a Sphinx build of
the Korean view and the grader on it.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from pages import CHAPTER, cells, soup
from sitebuild import ROOT, SITE

PYENV = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"


def find_python(version: str) -> str | None:
    """An interpreter of ``version`` on PATH or under pyenv, checked by running it."""
    candidates = [shutil.which(f"python{version}")] + sorted(glob.glob(str(PYENV / f"{version}*" / "bin" / f"python{version}")))
    for candidate in filter(None, candidates):
        probe = subprocess.run([candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                               capture_output=True, text=True)
        if probe.returncode == 0 and probe.stdout.strip() == version:
            return candidate
    return None


@pytest.mark.parametrize("version", ["3.13", "3.10", "3.9"])
def test_unsupported_python_gets_a_clear_message(version, tmp_path):
    python = find_python(version)
    if python is None:
        pytest.skip(f"no Python {version} on this machine")
    result = subprocess.run(["make", "venv", f"PYTHON={python}", f"VENV={tmp_path / 'venv'}"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0
    assert f"needs Python 3.11 or 3.12, but {python} is Python {version}" in result.stderr
    assert "numpy" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "venv").exists(), "no venv may be created for an unsupported Python"


@pytest.fixture(scope="module")
def venv312():
    python = find_python("3.12")
    if python is None:
        pytest.skip("no Python 3.12 on this machine: 3.12 support is only claimed where it is tested")
    # Beside .venv, not in _build: `make clean` keeps it, and make rebuilds it
    # only when its inputs (requirements.txt, the shim) change.
    venv = ROOT / os.environ.get("VENV312", ".venv-py312")
    result = subprocess.run(["make", "venv", f"PYTHON={python}", f"VENV={venv}"], cwd=ROOT,
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stdout + result.stderr
    return venv / "bin" / "python"


def chapter_script() -> str:
    """The chapter's code cells (the hidden seeding cell first) as one script."""
    from myst_nb.core.read import read_myst_markdown_notebook

    notebook = read_myst_markdown_notebook((ROOT / "docs" / f"{CHAPTER}.md").read_text(encoding="utf-8"))
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")


@pytest.mark.timeout(2400)
def test_python312_runs_the_chapter_with_the_same_numbers(venv312, site):
    result = subprocess.run([str(venv312), "-c", chapter_script()], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    version = subprocess.run([str(venv312), "-c", "import numpy, sys; print(sys.version_info[:2], numpy.__version__)"],
                             capture_output=True, text=True).stdout
    assert "(3, 12)" in version and "1.26" in version
    page_outputs = "".join(cell.output for cell in cells(soup(SITE / "ko" / f"{CHAPTER}.html")))
    # Same tokens as the 3.11 site printed (HTML drops the newline opening a <pre>).
    assert result.stdout.split() == page_outputs.split()


@pytest.mark.timeout(2400)
def test_python312_builds_the_site_and_grades(venv312, tmp_path):
    build = subprocess.run([str(venv312), "-m", "sphinx", "-b", "html", "--no-color", "-c", str(ROOT), "-t", "ko",
                            "-d", str(tmp_path / "doctrees"), "-W", "--keep-going", "-q",
                            "-D", f"nb_execution_cache_path={tmp_path / 'cache'}",
                            str(ROOT / "docs"), str(tmp_path / "html")],
                           cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert build.returncode == 0, build.stderr
    built = cells(soup(tmp_path / "html" / f"{CHAPTER}.html"))
    reference = cells(soup(SITE / "ko" / f"{CHAPTER}.html"))
    # Word by word: where the kernel cuts a stream depends on timing.
    assert [cell.output.split() for cell in built] == [cell.output.split() for cell in reference]
    # Its own temporary folder (open to the sandbox's uid), removed whatever happens.
    grader_tmp = Path(tempfile.mkdtemp(prefix="py312-grade-", dir="/tmp"))
    os.chmod(grader_tmp, 0o755)
    try:
        grade = subprocess.run([str(venv312), "-m", "grader", "grade", "--submission", "solutions",
                                "--results", str(tmp_path / "results.json")],
                               cwd=ROOT, capture_output=True, text=True, timeout=900,
                               env=dict(os.environ, TMPDIR=str(grader_tmp)))
    finally:
        shutil.rmtree(grader_tmp, ignore_errors=True)
    assert grade.returncode == 0, grade.stdout + grade.stderr
