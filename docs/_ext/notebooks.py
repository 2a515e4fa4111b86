"""Downloadable notebooks, one per language, with the executed outputs.

MyST-NB writes its own copy of a text notebook without outputs whenever the page
comes from the execution cache (FACTS), so the site builds its downloads itself:
it reads the page as a notebook exactly as MyST-NB does (so the code cells hash
the same), merges the outputs stored in jupyter-cache into it, and turns every
Markdown cell into plain Markdown in one language (``notebook_markdown``).

Files: ``<site view>/_notebooks/<docname>.<lang>.ipynb``. The theme's download
menu offers the view's language; ``{notebook-download}`` links each language.
A hint becomes a collapsed cell (``notebook_markdown``); a figure glued once per
language (``huber-plot-ko``, ``huber-plot-en``) keeps only the notebook's language.
"""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path

import nbformat
from docutils import nodes
from jupyter_cache import get_cache
from myst_nb.core.read import read_myst_markdown_notebook
from myst_nb.sphinx_ import NbMetadataCollector
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from bilingual import LANGUAGES, bi_unit, lang_block
from notebook_markdown import MarkdownConverter

logger = logging.getLogger(__name__)
FOLDER = "_notebooks"
TEXTS = {
    "ko": {
        "link": "이 절을 출력까지 담긴 Jupyter 노트북(한국어)으로 내려받기",
        "discussion": "이 절에 대한 질문과 의견은 토론 게시판 <{url}> 에 남겨 주세요.",
        "menu": ".ipynb (한국어)",
    },
    "en": {
        "link": "Download this section as a Jupyter notebook (English) with its outputs",
        "discussion": "Questions and comments about this section are welcome at <{url}>.",
        "menu": ".ipynb (English)",
    },
}


def view_languages(app) -> tuple[str, ...]:
    view = app.config.bilingual_view
    return LANGUAGES if view == "both" else (view,)


def notebook_href(docname: str, lang: str, from_docname: str) -> str:
    up = "../" * from_docname.count("/")
    return f"{up}{FOLDER}/{docname}.{lang}.ipynb"


def is_notebook(app, docname: str) -> bool:
    return "kernelspec" in app.env.metadata.get(docname, {})


def executed_cleanly(app, docname: str) -> bool:
    """False for a page whose cells failed: execution_policy reports it, nothing to download."""
    data = NbMetadataCollector.get_doc_data(app.env).get(docname, {}).get("exec_data") or {}
    return data.get("succeeded", True)


def text_loader(folder: Path):
    def load(argument: str):
        path = folder / argument
        return path.read_text(encoding="utf-8") if path.is_file() else None
    return load


def figure_loader(folder: Path):
    def load(argument: str):
        path = folder / argument
        if not path.is_file():
            return None
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return path.name, mime, base64.b64encode(path.read_bytes()).decode("ascii")
    return load


def joined_streams(outputs: list) -> list:
    """Consecutive pieces of one stream as one output, text kept as printed: the
    kernel cuts a stream wherever a flush falls, which differs from run to run."""
    joined = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if (output.output_type == "stream" and previous is not None and previous.output_type == "stream"
                and previous.name == output.name):
            previous.text += output.text
        else:
            joined.append(output)
    return joined


def build_notebook(app, docname: str, lang: str) -> tuple[nbformat.NotebookNode, list[str]]:
    """The page as a notebook in ``lang``, with cached outputs; also any problems."""
    path = Path(app.env.doc2path(docname))
    notebook = read_myst_markdown_notebook(path.read_text(encoding="utf-8"), config=app.env.myst_config)
    problems = []
    nb_config = app.env.mystnb_config
    if nb_config.execution_mode != "off":
        try:
            _, notebook = get_cache(nb_config.execution_cache_path).merge_match_into_notebook(notebook)
        except KeyError:
            problems.append("no executed outputs in the cache for this page")
    converter = MarkdownConverter(lang, figure_loader(path.parent), app.config.discussion_url, TEXTS[lang],
                                  text_loader(path.parent))
    cells = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            converted = converter.convert(cell.source)
            problems.extend(converted.problems)
            cells.extend(markdown_cells(cell, converted))
            continue
        if cell.cell_type == "code":
            cell.outputs = [output for output in joined_streams(cell.get("outputs", []))
                            if glued_language(output) in (None, lang)]
        cells.append(cell)
    # nbformat gives every cell a random id; numbered ones keep the file's bytes
    # the same from build to build while the page is unchanged.
    for number, cell in enumerate(cells, start=1):
        cell.id = f"cell-{number}"
    notebook.cells = cells
    notebook.metadata.pop("source_map", None)
    notebook.metadata["language"] = lang
    return notebook, problems


def glued_language(output) -> str | None:
    """The language of a figure glued per language (``…-ko``), else None."""
    name = output.get("metadata", {}).get("scrapbook", {}).get("name", "")
    suffix = name.rsplit("-", 1)[-1] if "-" in name else ""
    return suffix if suffix in LANGUAGES else None


def markdown_cells(cell, converted) -> list[nbformat.NotebookNode]:
    """The converted cell, split where a hint starts and ends; a hint's cell is
    collapsed (Jupyter's own ``source_hidden``). Ids derive from the cell's."""
    cells = []
    for number, piece in enumerate(converted.pieces):
        new = nbformat.v4.new_markdown_cell(piece.markdown)
        new.metadata = dict(cell.metadata)
        if number:
            new["id"] = f"{cell.get('id', 'cell')}-{number}"[:64]
        elif cell.get("id"):
            new["id"] = cell["id"]
        if piece.hidden:
            new.metadata["jupyter"] = {"source_hidden": True}
        attachments = {name: data for name, data in converted.attachments.items()
                       if f"attachment:{name}" in piece.markdown}
        if attachments:
            new["attachments"] = attachments
        cells.append(new)
    return cells


def write_notebooks(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir) / FOLDER
    for docname in sorted(app.env.found_docs):
        if not is_notebook(app, docname) or not executed_cleanly(app, docname):
            continue
        for lang in view_languages(app):
            notebook, problems = build_notebook(app, docname, lang)
            for problem in problems:
                logger.error(f"notebook download ({lang}): {problem}", location=docname,
                             type="notebooks", subtype="convert")
                app.statuscode = 1
            target = folder / f"{docname}.{lang}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.validate(notebook)
            target.write_text(nbformat.writes(notebook), encoding="utf-8")


def add_theme_download(app, pagename, templatename, context, doctree):
    """Point the theme's ".ipynb" download at our notebook (its path is relative to _sources/)."""
    if pagename in app.env.found_docs and is_notebook(app, pagename):
        context["ipynb_source"] = f"../{FOLDER}/{pagename}.{view_languages(app)[0]}.ipynb"


def adjust_download_menu(app, pagename, templatename, context, doctree):
    """Fit the theme's download menu to this site.

    The source download points at an empty folder (the site does not publish its
    sources: html_copy_source is off), so it goes; in the side-by-side view the
    English notebook joins the Korean one.
    """
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        buttons = group["buttons"]
        if not app.config.html_copy_source:
            buttons[:] = [b for b in buttons if b.get("label") != "download-source-button"]
        if app.config.bilingual_view != "both":
            continue
        for button in list(buttons):
            if button.get("label") == "download-notebook-button":
                english = dict(button, url=button["url"].replace(".ko.ipynb", ".en.ipynb"),
                               text=TEXTS["en"]["menu"], label="download-notebook-en-button")
                button["text"] = TEXTS["ko"]["menu"]
                buttons.insert(buttons.index(button) + 1, english)


class NotebookDownloadDirective(SphinxDirective):
    """``{notebook-download}``: a link to this page's notebook in each language."""

    def run(self):
        unit = bi_unit(ids=["notebook-download"], classes=["bi-added", "notebook-download"])
        for lang in LANGUAGES:
            block = lang_block(lang=lang)
            paragraph = nodes.paragraph()
            href = notebook_href(self.env.docname, lang, self.env.docname)
            paragraph += nodes.reference(TEXTS[lang]["link"], TEXTS[lang]["link"], refuri=href)
            block += paragraph
            unit += block
        return [unit]


def setup(app):
    app.add_directive("notebook-download", NotebookDownloadDirective)
    app.connect("html-page-context", add_theme_download, priority=400)
    app.connect("html-page-context", adjust_download_menu, priority=600)
    app.connect("build-finished", write_notebooks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
