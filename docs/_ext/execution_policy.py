"""How code execution may go: a failure fails the build, and nothing of the
execution machinery is published.

- A code cell that raises or times out fails the build with the page's file and
  the cell's line, the cell's number and the traceback (MyST-NB alone only warns,
  and names neither the cell nor its line).
- MyST-NB's working files (``jupyter_execute``: notebooks without outputs, output
  images) go next to the doctrees instead of beside the published site, and the
  ``reports/`` folder of tracebacks it writes into the site is removed.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from myst_nb.sphinx_ import NbMetadataCollector
from sphinx.util import logging

logger = logging.getLogger(__name__)
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# nbclient's errors quote the failing cell (a timeout: its first lines) between dashed rules.
QUOTED_CELL = re.compile(r"\n-{10,}\n(?P<source>.*?)\n-{10,}", re.S)
EXECUTOR = "nbclient.exceptions."


def move_artifacts(app) -> None:
    """Keep MyST-NB's working folder out of the site (it would sit beside the views)."""
    config = getattr(app.env, "mystnb_config", None)
    if config is not None:
        folder = Path(app.doctreedir) / "jupyter_execute"
        app.env.mystnb_config = config.copy(output_folder=str(folder))


def code_cells(app, docname: str) -> list[tuple[int, str]]:
    """(source line, source) of each code cell of a text notebook, in order."""
    from myst_nb.core.read import read_myst_markdown_notebook

    path = Path(app.env.doc2path(docname))
    notebook = read_myst_markdown_notebook(path.read_text(encoding="utf-8"),
                                           config=app.env.myst_config, add_source_map=True)
    lines = notebook.metadata.get("source_map", [])
    return [(lines[index] + 1 if index < len(lines) else 0, cell.source)
            for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]


def find_failing_cell(cells: list[tuple[int, str]], message: str) -> int | None:
    """Index of the cell the error message quotes."""
    quoted = QUOTED_CELL.search(message)
    if not quoted:
        return None
    source = quoted["source"].strip()
    for index, (_line, cell_source) in enumerate(cells):
        if cell_source.strip() == source:
            return index
    preview = source.removesuffix("...").strip()
    matches = [index for index, (_line, cell_source) in enumerate(cells) if cell_source.strip().startswith(preview)]
    return matches[0] if len(matches) == 1 else None


def reader_part(traceback: str) -> str:
    """Drop the executor's own call stack: nbclient's message quotes the cell and the kernel's traceback."""
    start = traceback.rfind(EXECUTOR)
    return traceback[start + len(EXECUTOR):] if start != -1 else traceback


def check_execution(app, document) -> None:
    docname = app.env.docname
    data = NbMetadataCollector.get_doc_data(app.env).get(docname, {}).get("exec_data")
    if not data or data.get("succeeded", True):
        return
    message = reader_part(ANSI.sub("", data.get("traceback") or ""))
    cells = code_cells(app, docname)
    index = find_failing_cell(cells, message)
    if index is None:
        where, line = "a code cell", None
    else:
        where, line = f"code cell {index + 1} of {len(cells)}", cells[index][0]
    logger.error(f"{where} failed to execute:\n{message.rstrip()}",
                 location=(docname, line), type="execution", subtype="cell")
    app.statuscode = 1
    app.env.note_reread()


def remove_reports(app, exception) -> None:
    reports = Path(app.outdir) / "reports"
    if reports.is_dir():
        shutil.rmtree(reports)


def setup(app):
    # After MyST-NB's own builder-inited handler has set its folders.
    app.connect("builder-inited", move_artifacts, priority=900)
    app.connect("doctree-read", check_execution, priority=110)
    app.connect("build-finished", remove_reports)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
