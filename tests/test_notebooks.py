"""The downloadable notebooks: one per language, same code, with the outputs the
page shows, plain Markdown (no MyST syntax), the figure attached."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from pages import CHAPTER, cells, soup
from sitebuild import VIEWS

LANGS = {"ko": ("ko",), "en": ("en",), "both": ("ko", "en")}
MYST_SYNTAX = re.compile(r"\{[\w:-]+\}`|^:{3,}|^`{3,}\{|\[ko\]|\[en\]", re.M)
TITLES = {"ko": "선형 회귀의 간결한 구현", "en": "Concise Implementation of Linear Regression"}


def load(outdir, lang):
    path = outdir / "_notebooks" / f"{CHAPTER}.{lang}.ipynb"
    assert path.is_file(), f"missing {path}"
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    return notebook


def stream_text(cell) -> str:
    return "".join(output.get("text", "") for output in cell.outputs if output.output_type == "stream")


def check_notebook(outdir, view, lang):
    notebook = load(outdir, lang)
    page_cells = cells(soup(outdir / f"{CHAPTER}.html"))
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    # The first code cell seeds the random generators; the page hides it.
    assert "np.random.seed(0)" in code[0].source
    assert [cell.source.strip() for cell in code[1:]] == [cell.source.strip() for cell in page_cells]
    # HTML drops the newline that opens a <pre>, so compare without it.
    assert [stream_text(cell).lstrip("\n") for cell in code[1:]] == [cell.output for cell in page_cells]
    assert any(stream_text(cell) for cell in code), "no outputs"
    markdown = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert not MYST_SYNTAX.search(markdown), MYST_SYNTAX.search(markdown)
    assert TITLES[lang] in markdown
    other = "en" if lang == "ko" else "ko"
    assert TITLES[other] not in markdown
    attachments = [cell for cell in notebook.cells if cell.get("attachments")]
    assert len(attachments) == 1 and "image/svg+xml" in json.dumps(attachments[0].attachments)
    assert "attachment:single-layer-network.svg" in attachments[0].source


@pytest.mark.parametrize("view", VIEWS)
def test_site_notebooks_have_outputs_and_the_views_language(site, view):
    for lang in LANGS[view]:
        check_notebook(site / view, view, lang)


@pytest.mark.parametrize("build", ["en", "both"])
def test_notebooks_from_cache_hits_keep_their_outputs(fresh_builds, build):
    """MyST-NB writes its own copy without outputs on a cache hit; ours must not."""
    outdirs, _ = fresh_builds
    for lang in LANGS[build]:
        check_notebook(outdirs[build], build, lang)


@pytest.mark.parametrize("view", VIEWS)
def test_download_links_point_at_the_views_notebooks(site, view):
    page = soup(site / view / f"{CHAPTER}.html")
    menu = [link["href"] for link in page.select("a.btn-download-notebook-button, a.btn-download-notebook-en-button")]
    inline = [link["href"] for link in page.select(".notebook-download a")]
    expected = {f"_notebooks/{CHAPTER}.{lang}.ipynb" for lang in LANGS[view]}
    assert {href.removeprefix("_sources/../") for href in menu} == expected
    assert set(inline) == expected
    for href in expected:
        assert (site / view / href).is_file()


HINT_TITLES = {"ko": "**문제 {n} 힌트**", "en": "**Hint for exercise {n}**"}


@pytest.mark.parametrize("view", VIEWS)
def test_hints_are_collapsed_in_the_notebook(site, view):
    """Each hint is a cell of its own that Jupyter shows collapsed (its own
    `jupyter.source_hidden` metadata), right after its visible title; nothing
    else is collapsed."""
    for lang in LANGS[view]:
        notebook = load(site / view, lang)
        hidden = [index for index, cell in enumerate(notebook.cells)
                  if cell.metadata.get("jupyter", {}).get("source_hidden")]
        assert len(hidden) == 3, hidden
        for number, index in enumerate(hidden, start=1):
            title, hint = notebook.cells[index - 1], notebook.cells[index]
            assert title.cell_type == hint.cell_type == "markdown"
            assert title.source == HINT_TITLES[lang].format(n=number)
            assert not title.metadata.get("jupyter", {}).get("source_hidden")
            assert "`" in hint.source and len(hint.source) > 100, hint.source
        ids = [cell.get("id") for cell in notebook.cells]
        assert len(set(ids)) == len(ids), "cell ids must be unique"


@pytest.mark.parametrize("view", VIEWS)
def test_solutions_notebook_keeps_its_languages_plot_and_collapses_answers(site, view):
    for lang in LANGS[view]:
        path = site / view / "_notebooks" / f"solutions.{lang}.ipynb"
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        glued = [output.metadata["scrapbook"]["name"] for cell in notebook.cells if cell.cell_type == "code"
                 for output in cell.outputs if output.get("metadata", {}).get("scrapbook")]
        assert glued == [f"huber-plot-{lang}"], glued
        hidden = [cell for cell in notebook.cells if cell.metadata.get("jupyter", {}).get("source_hidden")]
        assert len(hidden) == 3 and all("```python" in cell.source for cell in hidden)
