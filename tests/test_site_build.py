"""`make html` as an author meets it: nothing is built when nothing changed, a change
to any kind of input shows on the pages, no stale page is ever served, and a site
built step by step is byte for byte the site a fresh build makes.

The edits are made in a copy of the sources (built with this test run's .venv),
never in the repository itself; one view is built there, to keep the run short
(tools/build_site.py treats every view alike): the English one, which needs no
Korean analyser, or the Korean one where an edit shows only in Korean.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from local_web import free_port
from sitebuild import ROOT, SPHINXOPTS, differing_files

sys.path.insert(0, str(ROOT / "tools"))
import site_inputs  # noqa: E402
from bench_site import copy_sources  # noqa: E402

CHAPTER = "docs/linear-regression-concise.md"


# -- every kind of input is an input --------------------------------------------

# One file of each kind the site is made from, and the pages that show it.
KINDS = {
    "a page": CHAPTER,
    "the glossary's terms": "docs/_data/terms.toml",
    "the errata": "docs/_data/errata.toml",
    "an extension": "docs/_ext/discussion_qr.py",
    "a theme translation": "docs/_locale/ko/LC_MESSAGES/sphinx.po",
    "a stylesheet": "docs/_static/bilingual.css",
    "a template": "docs/_templates/view-switcher.html",
    "a figure": "docs/figures/single-layer-network.svg",
    "the start page": "docs/_root/index.html",
    "the configuration": "conf.py",
    "an exercise's docstring": "exercises/q1_mean_loss.py",
    "a reference answer": "solutions/q2_huber.py",
    "the requirements": "requirements.txt",
    "the build script": "tools/build_site.py",
}


def copy_inputs(target: Path) -> Path:
    copy_sources(ROOT, target)  # with the files' times: make must find the venv it is given up to date
    return target


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_input_is_recorded(tmp_path, kind):
    root = copy_inputs(tmp_path)
    before = site_inputs.record({}, root)
    path = root / KINDS[kind]
    os.utime(path)  # touched, same bytes: nothing changed
    assert site_inputs.changes(before, site_inputs.record({}, root)) == []
    path.write_bytes(path.read_bytes() + b"\n")
    assert site_inputs.changes(before, site_inputs.record({}, root)) == [KINDS[kind]]


def test_added_and_removed_files_and_settings_are_changes(tmp_path, monkeypatch):
    root = copy_inputs(tmp_path)
    before = site_inputs.record({"views": ["ko"]}, root)
    (root / "docs" / "new-page.md").write_text("# new\n", encoding="utf-8")
    (root / "docs" / "glossary.md").unlink()
    monkeypatch.setenv("SOLUTIONS", "0")
    now = site_inputs.record({"views": ["ko", "en"]}, root)
    assert site_inputs.changes(before, now) == ["setting SOLUTIONS", "setting views", "docs/glossary.md",
                                                "docs/new-page.md"]
    assert site_inputs.leaves_stale_pages(before, now)


# -- the author's loop, in a copy of the sources ----------------------------------

class SiteCopy:
    """A copy of the sources, whose views are built as `make html VIEWS=...` does."""

    def __init__(self, root: Path):
        self.root = root
        self.site = root / "_build" / "html"

    def run_build(self, view: str = "en", **env: str) -> subprocess.CompletedProcess:
        # The Makefile's own command (SITE_BUILD with its SPHINXOPTS), minus make:
        # an edited requirements.txt would have make reinstall the venv it is given.
        command = [sys.executable, "tools/build_site.py", "--out", "_build/html", "--doctrees", "_build/doctrees",
                   "--views", view, *SPHINXOPTS]
        return subprocess.run(command, cwd=self.root, capture_output=True, text=True, timeout=1200,
                               env=dict(os.environ, **env))

    def build(self, view: str = "en", **env: str) -> str:
        result = self.run_build(view, **env)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def make(self, *goals_and_variables: str) -> subprocess.Popen:
        """make in the copy, with this run's venv (found installed: times were copied)."""
        command = ["make", "--no-print-directory", *goals_and_variables, "VIEWS=en", f"VENV={sys.prefix}"]
        return subprocess.Popen(command, cwd=self.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)

    def page(self, name: str) -> str:
        return (self.site / name).read_text(encoding="utf-8")

    def edit(self, relative: str, old: str, new: str) -> tuple[str, os.stat_result]:
        """Replace old (once) with new in a file; returns what restore() needs."""
        path = self.root / relative
        text, stat = path.read_text(encoding="utf-8"), path.stat()
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return text, stat

    def restore(self, relative: str, saved: tuple[str, os.stat_result]) -> None:
        """The file as it was, its time too (make compares requirements.txt's)."""
        text, stat = saved
        path = self.root / relative
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


@pytest.fixture(scope="module")
def site_copy(tmp_path_factory, site):
    copy = SiteCopy(copy_inputs(tmp_path_factory.mktemp("site-copy")))
    # Start from the code outputs the site already has (same interpreter,
    # requirements and answers, so the same cache folder): only edits execute.
    cache = ROOT / "_build" / ".jupyter_cache"
    if cache.is_dir():
        shutil.copytree(cache, copy.root / "_build" / ".jupyter_cache")
    copy.build()
    return copy


def test_make_html_builds_nothing_when_nothing_changed(site_copy):
    times = {p: p.stat().st_mtime_ns for p in site_copy.site.rglob("*") if p.is_file()}
    os.utime(site_copy.root / CHAPTER)  # touched, not changed
    make = site_copy.make("html")
    output, _ = make.communicate(timeout=600)
    assert make.returncode == 0, output
    assert "up to date" in output and "sphinx" not in output, output
    assert {p: p.stat().st_mtime_ns for p in site_copy.site.rglob("*") if p.is_file()} == times


# (kind, file, text in it, the text instead, page of the Korean view that must show the marker)
MARKER = re.compile(r"EDITMARK\d+")
EDITS = [
    ("a page", CHAPTER, "[ko]\n", "[ko]\nEDITMARK01 ", "ko/linear-regression-concise.html"),
    ("the glossary's terms", "docs/_data/terms.toml", 'ko_definition = "', 'ko_definition = "EDITMARK02 ',
     "ko/glossary.html"),
    ("the errata", "docs/_data/errata.toml", 'why_ko = "', 'why_ko = "EDITMARK03 ', "ko/errata.html"),
    ("an extension", "docs/_ext/discussion_qr.py", "토론 게시판에 남겨 주세요", "토론 게시판에 EDITMARK04 남겨 주세요",
     "ko/linear-regression-concise.html"),
    ("a theme translation", "docs/_locale/ko/LC_MESSAGES/sphinx.po", 'msgstr "맨 위로"', 'msgstr "맨 위로 EDITMARK05"',
     "ko/index.html"),
    ("a stylesheet", "docs/_static/bilingual.css", "\n", "\n/* EDITMARK06 */\n", "ko/_static/bilingual.css"),
    ("a template", "docs/_templates/view-switcher.html", "</nav>", "</nav><!-- EDITMARK07 -->", "ko/errata.html"),
    ("a figure", "docs/figures/single-layer-network.svg", "</title>", " EDITMARK08</title>",
     "ko/_images/single-layer-network.svg"),
    ("the start page", "docs/_root/index.html", "</head>", "<!-- EDITMARK09 --></head>", "index.html"),
    ("the configuration", "conf.py", 'html_title = "3.3 ', 'html_title = "EDITMARK10 3.3 ', "ko/solutions.html"),
    ("an exercise's docstring", "exercises/q1_mean_loss.py", "미니 배치 하나에 대해", "EDITMARK11 미니 배치 하나에 대해",
     "ko/exercises-api.html"),
]


def test_every_kind_of_input_changed_shows_on_its_page(site_copy):
    """One build of the Korean view with an edit of each kind (every build reads
    and writes every page, so one edit cannot hide another), then one with all of
    them undone."""
    saved = {}
    for kind, relative, old, new, page in EDITS:
        assert MARKER.search(new).group() not in (site_copy.root / relative).read_text(encoding="utf-8"), kind
        saved[relative] = site_copy.edit(relative, old, new)
    try:
        site_copy.build("ko")
        for kind, relative, old, new, page in EDITS:
            assert MARKER.search(new).group() in site_copy.page(page), f"{kind}: {page} does not show the edit"
    finally:
        for relative, original in saved.items():
            site_copy.restore(relative, original)
    # Undone, and seen as a change of each of those files: the next build shows none.
    output = site_copy.build("ko")
    assert "changed: " in output and f"and {len(saved) - 5} more" in output, output  # 5 are named
    for kind, relative, old, new, page in EDITS:
        assert MARKER.search(new).group() not in site_copy.page(page), f"{kind}: {page} still shows it once undone"


def execution_cache(root: Path) -> str:
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    return eval_config_file(root / "conf.py", Tags(["ko"]))["nb_execution_cache_path"]


@pytest.mark.parametrize("relative, reruns", [("requirements.txt", True), ("solutions/q2_huber.py", True),
                                              ("exercises/q1_mean_loss.py", False), (CHAPTER, False)])
def test_code_runs_again_when_what_it_imports_changes(tmp_path, relative, reruns):
    """jupyter-cache matches cells only: the packages (requirements) and the
    answers the solutions page imports choose the cache folder. Prose and
    docstrings do not, so editing them runs no code."""
    root = copy_inputs(tmp_path)
    before = execution_cache(root)
    path = root / relative
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert (execution_cache(root) != before) is reruns


def cell_outputs(page: str) -> str:
    return " ".join(div.get_text(" ") for div in BeautifulSoup(page, "html.parser").select("div.cell_output"))


def test_a_changed_answer_runs_the_solutions_page_again(site_copy):
    """The solutions page imports solutions/q2_huber.py in its code: a changed answer
    must change what the page printed, not only the listing."""
    answer = "solutions/q2_huber.py"
    saved = site_copy.edit(answer, "\n\ndef ", '\n\nprint("EDITMARK12 printed by the answer")\n\n\ndef ')
    try:
        output = site_copy.build()
        assert "running the code of" in output, output
        assert "EDITMARK12 printed by the answer" in cell_outputs(site_copy.page("en/solutions.html"))
    finally:
        site_copy.restore(answer, saved)


def test_pages_left_out_or_removed_are_no_longer_served(site_copy):
    """Sphinx never deletes what it wrote: a removed page, or the solutions after
    SOLUTIONS=0 (while a course runs), would stay online."""
    page = site_copy.root / "docs" / "extra-page.md"
    page.write_text("---\norphan: true\n---\n\n# {ko}`덧붙인 쪽` {en}`An extra page`\n\n"
                    ":::{bi}\n[ko]\n가\n[en]\na\n:::\n", encoding="utf-8")
    site_copy.build()
    assert (site_copy.site / "en" / "extra-page.html").is_file()
    assert (site_copy.site / "en" / "solutions.html").is_file()
    assert "EDITMARK12" not in site_copy.page("en/solutions.html")  # the answer edited above, undone
    page.unlink()
    site_copy.build(SOLUTIONS="0")
    assert not (site_copy.site / "en" / "extra-page.html").exists()
    assert not (site_copy.site / "en" / "solutions.html").exists()
    assert not (site_copy.site / "en" / "_notebooks" / "solutions.en.ipynb").exists()
    assert "solutions.html" not in site_copy.page("en/index.html")


def test_a_failed_build_is_not_taken_for_an_up_to_date_site(site_copy):
    saved = site_copy.edit(CHAPTER, "\n:::{bi}\n", "\nProse outside any unit.\n\n:::{bi}\n")
    try:
        result = site_copy.run_build()
        assert result.returncode != 0, "a broken page built"
        assert "prose outside a {bi} unit" in result.stderr, result.stderr
        # No record of the inputs is left, so the next `make html` builds again.
        assert not (site_copy.root / "_build" / "doctrees" / "site-inputs.json").exists()
    finally:
        site_copy.restore(CHAPTER, saved)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


@pytest.mark.timeout(600)
def test_make_live_serves_and_rebuilds_on_save(site_copy):
    port = free_port()
    server = site_copy.make("live", f"PORT={port}")
    url = f"http://127.0.0.1:{port}/en/linear-regression-concise.html"
    saved = None
    try:
        for line in server.stdout:
            if f"127.0.0.1:{port}" in line:
                break
        else:
            pytest.fail("make live never said where it serves")
        deadline = time.monotonic() + 60
        while True:  # it says where before it listens
            try:
                page = fetch(url)
                break
            except OSError:
                assert time.monotonic() < deadline, "make live does not answer"
                time.sleep(0.2)
        assert "websocket-reload" in page and "EDITMARK14" not in page
        saved = site_copy.edit(CHAPTER, "[en]\n", "[en]\nEDITMARK14 ")
        deadline = time.monotonic() + 300
        while "EDITMARK14" not in fetch(url):
            assert time.monotonic() < deadline, "the saved edit never reached the served page"
            time.sleep(0.5)
    finally:
        if saved is not None:
            site_copy.restore(CHAPTER, saved)
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def test_a_site_built_step_by_step_is_the_site_a_fresh_build_makes(site_copy, tmp_path):
    """After all the edits above (undone), the copy's site must be byte for byte what
    a build from nothing makes of the same sources: nothing stale anywhere, the
    search index included, and nothing that changes from build to build."""
    site_copy.build()
    fresh = tmp_path / "html"
    command = [sys.executable, str(site_copy.root / "tools" / "build_site.py"), "--views", "en", "--out", str(fresh),
               "--doctrees", str(tmp_path / "doctrees"), *SPHINXOPTS]
    result = subprocess.run(command, cwd=site_copy.root, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout + result.stderr
    assert differing_files(site_copy.site / "en", fresh / "en") == []
    assert (site_copy.site / "index.html").read_bytes() == (fresh / "index.html").read_bytes()
