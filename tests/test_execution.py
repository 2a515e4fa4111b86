"""Execution at build time: reproducible, executed once for all views, cached in
one folder, and a failing or hanging cell fails the build naming file, cell, line."""

from __future__ import annotations

import pytest
from jupyter_cache import get_cache

from pages import CHAPTER, cells, soup
from sitebuild import differing_files, sphinx_build


def chapter_outputs(outdir):
    return [cell.output for cell in cells(soup(outdir / f"{CHAPTER}.html"))]


def test_two_cold_builds_print_identical_outputs(fresh_builds):
    outdirs, _ = fresh_builds
    first, second = chapter_outputs(outdirs["ko"]), chapter_outputs(outdirs["en-again"])
    assert any(first), "the chapter printed nothing"
    # Word by word: where the kernel cuts a stream depends on timing, and MyST-NB
    # joins the pieces with a blank line between some of them.
    assert [output.split() for output in first] == [output.split() for output in second]


@pytest.mark.parametrize("view", ["en", "both"])
def test_views_built_together_equal_separate_builds_byte_for_byte(fresh_builds, view):
    """tools/build_site.py builds the views in shared processes; the pages must be
    exactly those of a sphinx-build of the view alone (same cache)."""
    outdirs, _ = fresh_builds
    assert (outdirs[view] / "index.html").is_file()
    assert differing_files(outdirs[view], outdirs[f"{view}-single"]) == []


def test_views_share_one_execution(fresh_builds):
    outdirs, shared = fresh_builds
    records = get_cache(str(shared)).list_cache_records()
    notebooks = {record.uri for record in records}
    # One cache entry per executed page, however many views were built.
    assert len(records) == len(notebooks)
    assert any(uri.endswith(f"{CHAPTER}.md") for uri in notebooks)
    assert chapter_outputs(outdirs["ko"]) == chapter_outputs(outdirs["en"]) == chapter_outputs(outdirs["both"])


def test_no_execution_files_are_published(site, fresh_builds):
    outdirs, _ = fresh_builds
    for root in [site, *outdirs.values()]:
        assert not list(root.rglob("reports")), f"execution reports published under {root}"
        assert not list(root.rglob("jupyter_execute")), f"MyST-NB working files published under {root}"
        assert not list(root.rglob("*.err.log"))


FAILING_PAGE = """\
---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
---

# {ko}`실패하는 페이지` {en}`A failing page`

:::{bi}
[ko]
두 번째 셀이 실패합니다.
[en]
The second cell fails.
:::

```{code-cell} ipython3
print("the first cell runs")
```

```{code-cell} ipython3
CELL_BODY
```
"""


def failing_build(tmp_path, body: str, **env):
    source = tmp_path / "src"
    source.mkdir()
    (source / "index.md").write_text(FAILING_PAGE.replace("CELL_BODY", body), encoding="utf-8")
    outdir = tmp_path / "out"
    result = sphinx_build("ko", outdir, srcdir=source, cache=tmp_path / "cache", env=env, timeout=300)
    return result, outdir, source / "index.md"


def test_a_raising_cell_fails_the_build_naming_file_cell_and_traceback(tmp_path):
    result, outdir, page = failing_build(tmp_path, 'raise ValueError("boom from the failing-page test")')
    assert result.returncode != 0
    # The line of the failing cell's first line of code.
    line = page.read_text().splitlines().index('raise ValueError("boom from the failing-page test")') + 1
    assert f"{page}:{line}" in result.stderr, result.stderr
    assert "code cell 2 of 2" in result.stderr
    assert "ValueError" in result.stderr and "boom from the failing-page test" in result.stderr
    assert not (outdir / "reports").exists()


def test_a_hanging_cell_times_out_and_fails_the_build(tmp_path):
    result, outdir, page = failing_build(tmp_path, "import time\ntime.sleep(120)", NB_CELL_TIMEOUT="3")
    assert result.returncode != 0
    line = page.read_text().splitlines().index("import time") + 1
    assert f"{page}:{line}" in result.stderr and "code cell 2 of 2" in result.stderr, result.stderr
    assert "timed out" in result.stderr.lower()


def test_a_failed_page_is_not_remembered_as_built(tmp_path):
    """Rebuilding without changes must fail again, not reuse the broken page."""
    result, outdir, page = failing_build(tmp_path, 'raise ValueError("still failing")')
    assert result.returncode != 0
    again = sphinx_build("ko", outdir, srcdir=page.parent, cache=tmp_path / "cache", timeout=300)
    assert again.returncode != 0
    assert "still failing" in again.stderr
