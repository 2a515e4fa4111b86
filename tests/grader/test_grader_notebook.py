"""Grading from a notebook: ``from grader import check`` in a real Jupyter kernel."""
import contextlib
import os
import signal
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from grader_testlib import FIXTURES, REPO, call_in_flight, shared_tmpdir, sigint_as_default
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


INTERRUPTED = """
from grader import check
try:
    check(submission={submission!r}, lang="en")
except KeyboardInterrupt:
    print("interrupted")
"""


def test_an_interrupted_check_leaves_nothing_behind():
    """A kernel's interrupt may reach the kernel alone, not the grader it runs: check() stops the
    grader the way Ctrl-C would, so its sandbox and folders go, and raises KeyboardInterrupt."""
    code = INTERRUPTED.format(submission=str(FIXTURES / "hostile" / "infinite_loop"))
    with shared_tmpdir("interrupted-check-") as own_tmp:
        kernel = subprocess.Popen(
            [sys.executable, "-c", code], cwd=REPO, env=dict(os.environ, TMPDIR=str(own_tmp)),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
            preexec_fn=sigint_as_default)
        try:
            assert call_in_flight(kernel.pid), "the check never ran the submission"
            os.kill(kernel.pid, signal.SIGINT)
            stdout, stderr = kernel.communicate(timeout=120)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(kernel.pid, signal.SIGKILL)
            kernel.wait()
        left = sorted(path.name for path in own_tmp.iterdir())
    assert stdout.strip() == "interrupted", stderr[-2000:]
    assert left == [], f"the interrupted check left {left} in its temporary folder"


@pytest.mark.parametrize("submission, env, words", [
    ("nowhere", {}, "no such folder"),
    # A sandbox the grader cannot give: it says why and what to do.
    ("solutions", {"GRADER_SANDBOX": "nonsense"}, "use auto, bwrap, uid or none"),
])
def test_a_grading_the_grader_refuses_shows_its_reason_alone(monkeypatch, submission, env, words):
    from grader import check

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(RuntimeError) as raised:
        check(submission=str(REPO / submission))
    message = str(raised.value)
    assert "exit 2" in message and words in message, message
    assert "Try `make grade`" not in message  # it would refuse the same way there
