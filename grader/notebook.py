"""Grading from a notebook or from pytest: ``from grader import check; check("q2_huber")``.

It runs the same command as ``make grade`` (``python -m grader grade``, so the same sandbox)
on the files in ``exercises/``, and returns a :class:`Report` that Jupyter shows as a table and
a terminal as text, in the chosen language.
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from grader import QUESTIONS
from grader.catalogue import Catalogue, choose_language
from grader.paths import DEFAULT_SUBMISSION, GRADER_PARENT
from grader.report import html, terminal
from grader.runner import CheckResult, GradeResult


class Report:
    """The outcome of one grading, shown as a table in Jupyter, as text elsewhere."""

    def __init__(self, result, lang):
        self.result, self.lang = result, lang
        self.catalogue = Catalogue()

    @property
    def all_passed(self):
        return self.result.all_passed

    @property
    def score(self):
        return self.result.score

    @property
    def max_score(self):
        return self.result.max_score

    def text(self, width=None):
        return terminal.render(self.result, self.catalogue, self.lang, width)

    def __str__(self):
        return self.text()

    def __repr__(self):
        return self.text()

    def _repr_html_(self):
        return html.render(self.result, self.catalogue, self.lang)


def project_python():
    """The project's virtual environment's interpreter (it has MXNet), else this one."""
    venv = GRADER_PARENT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def _result_from(data):
    checks = [CheckResult(c["id"], c["question"], c["name"], c["points"], c["passed"], c["key"],
                          c["params"]) for c in data["checks"]]
    return GradeResult(data["submission"], checks, data["seed"], data["seconds"],
                       sandbox=data.get("sandbox", {}))


def _stop(grader):
    """Stop the grader the way Ctrl-C does, so that it removes its sandbox and temporary folders
    (an interrupted kernel may have taken the stop alone), and kill it only if it never ends."""
    grader.send_signal(signal.SIGTERM)  # ignored if it took the stop already and is cleaning up
    try:
        grader.wait(timeout=60)
    except subprocess.TimeoutExpired:
        grader.kill()
        grader.wait()


def check(question=None, lang=None, submission=None, seed=None):
    """Grade ``question`` (``"q1_mean_loss"``, ``"q2_huber"``, ``"q3_weight_grad"``, or all of
    them) of the files in ``submission`` (default: ``exercises/``); returns a :class:`Report`."""
    if question is not None and question not in QUESTIONS:
        raise ValueError(f"question must be one of {', '.join(QUESTIONS)}")
    lang = choose_language(lang)
    submission = Path(submission or DEFAULT_SUBMISSION)
    with tempfile.TemporaryDirectory(prefix="grader-check-") as work:
        outcomes = os.path.join(work, "outcomes.json")
        argv = [project_python(), "-m", "grader", "grade", "--submission", str(submission),
                "--results", os.path.join(work, "results.json"), "--outcomes", outcomes,
                "--lang", lang]
        if question:
            argv += ["--question", question]
        if seed is not None:
            argv += ["--seed", str(seed)]
        process = subprocess.Popen(argv, cwd=GRADER_PARENT, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
        try:
            _, stderr = process.communicate()
        except BaseException:  # interrupted: KeyboardInterrupt
            _stop(process)
            raise
        if process.returncode not in (0, 1) or not os.path.exists(outcomes):
            # Exit 2 is the grader refusing (no such folder, no sandbox, not Linux): its message
            # says what to do. Anything else is a crash, which a terminal shows in full.
            hint = "" if process.returncode == 2 else "\nTry `make grade` in a terminal."
            raise RuntimeError(f"grading did not run (exit {process.returncode}): "
                               f"{stderr.strip()[-2000:]}{hint}")
        with open(outcomes, encoding="utf-8") as f:
            return Report(_result_from(json.load(f)), lang)
