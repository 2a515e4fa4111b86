"""Grading from a notebook: ``from grader import check`` in a real Jupyter kernel."""
import nbformat
import pytest
from nbclient import NotebookClient

from grader_testlib import REPO
from grader.catalogue import Catalogue

pytestmark = pytest.mark.timeout(600)


def _run(code):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(code)]
    NotebookClient(notebook, timeout=500, kernel_name="python3",
                   resources={"metadata": {"path": str(REPO)}}).execute()
    return notebook.cells[0].outputs


@pytest.mark.parametrize(("lang", "submission", "passed"), [("ko", "solutions", True),
                                                             ("en", "exercises", False)])
def test_check_shows_the_table_in_the_notebook(lang, submission, passed):
    outputs = _run("from grader import check\n"
                   f"report = check('q3_weight_grad', lang={lang!r}, "
                   f"submission={str(REPO / submission)!r})\nreport")
    data = next(o["data"] for o in outputs if o["output_type"] == "execute_result")
    catalogue = Catalogue()
    html, text = data["text/html"], data["text/plain"]
    assert catalogue.word("title", lang) in html and catalogue.word("title", lang) in text
    assert ("4/4" if passed else "0/4") in html
    assert (catalogue.word("all_passed" if passed else "some_failed", lang)) in html
    assert "<table>" in html and "Question 1" not in text
