"""Feedback that teaches: real causes, counterexamples that point at the mistake, one question
at a time, and a report that fits an 80-column terminal in both languages."""
import json
import os
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest

from grader_testlib import FIXTURES, REPO, run_grader
from grader.catalogue import Catalogue
from grader.checks import formulas, list_checks
from grader.report import terminal
from grader.runner import CheckResult, GradeResult

pytestmark = pytest.mark.timeout(900)
CATALOGUE = Catalogue()


def _huber_bug(name, error, rho):
    """The value each wrong Huber fixture computes, written here independently."""
    size = np.abs(error)
    return {
        "huber_l2": 0.5 * error ** 2,
        "huber_l1": size,
        "huber_rho_ignored": formulas.huber(error, 1.0),
        "huber_no_rho_division": np.where(size > rho, size - rho / 2, 0.5 * error ** 2),
        "huber_no_abs": np.where(error > rho, error - rho / 2, error ** 2 / (2 * rho)),
        "huber_swapped_branches": np.where(size > rho, error ** 2 / (2 * rho), size - rho / 2),
    }[name]


@pytest.mark.parametrize("case", ["huber_l2", "huber_l1", "huber_rho_ignored",
                                  "huber_no_rho_division", "huber_no_abs",
                                  "huber_swapped_branches"])
def test_a_wrong_huber_gets_an_input_where_it_goes_wrong(batch_run, case):
    """The counterexample is one example of the batch: its inputs, Huber's value and the
    submission's, each of which this test recomputes; it is where the values differ most."""
    check = next(c for c in batch_run.outcomes(f"wrong-{case}")["checks"]
                 if c["id"] == "q2_huber.huber_values")
    params = check["params"]
    pred, label, rho = (float(params[k]) for k in ("pred", "label", "rho"))
    error = pred - label
    assert float(params["expected"]) == pytest.approx(formulas.huber(error, rho), rel=1e-3,
                                                      abs=1e-3)
    assert float(params["got"]) == pytest.approx(_huber_bug(case, error, rho), rel=1e-3,
                                                 abs=1e-3)
    assert abs(float(params["got"]) - float(params["expected"])) > 1e-2
    text = CATALOGUE.message(check["key"], "en", params)[0]
    assert f"huber(nd.array([[{params['pred']}]]), nd.array([{params['label']}]), rho=" in text
    if case == "huber_no_abs":  # only large negative errors tell it apart
        assert error < -rho


def test_the_most_common_mistake_names_its_cause_and_line(batch_run):
    checks = [c for c in batch_run.outcomes("wrong-no_record")["checks"]
              if c["id"].startswith("q1_mean_loss.train_step")]
    for check in checks:
        assert "autograd.record()" in check["params"]["error"]  # MXNet's own words, kept
        assert re.search(r"q1_mean_loss\.py:\d+: objective\.backward\(\)", check["params"]["trace"])
        text = CATALOGUE.message(check["key"], "ko", check["params"])[0]
        assert "autograd.record()" in text and "objective.backward()" in text


def test_hard_coded_epochs_are_named(batch_run):
    check = next(c for c in batch_run.outcomes("wrong-train_hardcoded_epochs")["checks"]
                 if c["id"] == "q2_huber.train_robust")
    params = check["params"]
    assert int(params["got"]) == 5 * 84 and int(params["expected"]) == 3 * 84  # 1000 / 12


def test_one_question_alone(tmp_path):
    outcomes = tmp_path / "outcomes.json"
    process = run_grader("grade", "--submission", REPO / "solutions", "--question", "q2_huber",
                         "--seed", "42", "--results", tmp_path / "results.json",
                         "--outcomes", outcomes, "--lang", "en")
    assert process.returncode == 0, process.stderr[-2000:]
    data = json.loads(outcomes.read_text())
    assert {c["question"] for c in data["checks"]} == {"q2_huber"}
    assert data["score"] == data["max_score"] == 10 and data["seed"] == 42
    results = json.loads((tmp_path / "results.json").read_text())
    assert len(results["tests"]) == 6
    assert "Question 1" not in process.stdout and "Question 2" in process.stdout


# ------------------------------------------------------------------------ the terminal report

def _long_failing_result():
    """Every check failed, with the longest messages and hints of the catalogue."""
    params = {"batch": 512, "got": "'" + "x" * 150 + "'", "error": "MXNetError: " + "y" * 300,
              "trace": "\n  q1_mean_loss.py:54: " + "z" * 100, "type": "NoneType",
              "example_kind": "huber", "pred": "-1.23456", "label": "3.14159", "rho": "0.512",
              "expected": "4.12", "size": 24, "learner_output": "p" * 500}
    keys = sorted(CATALOGUE.messages, key=lambda k: -len(CATALOGUE.message(k, "ko", params)[0]))
    checks = [CheckResult(spec.id, spec.question, spec.name, spec.points, False,
                          keys[index % 8], params)
              for index, spec in enumerate(list_checks())]
    return GradeResult("/a/submission/folder/with/a/rather/long/name/exercises", checks,
                       seed=2_000_000_000, seconds=1.0)


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("width", [80, 100])
def test_the_report_fits_the_terminal(lang, width):
    text = terminal.render(_long_failing_result(), CATALOGUE, lang, width)
    widths = [terminal.display_width(line) for line in text.splitlines()]
    assert max(widths) <= width
    assert max(widths) > width - 10  # it uses the width it has
    last = text.strip().splitlines()[-1]
    assert last.startswith(CATALOGUE.word("total", lang))  # the verdict comes last...
    assert CATALOGUE.word("some_failed", lang) in last  # ...and points up, where the details are


def test_the_width_follows_columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    assert terminal.terminal_width() == 100
    monkeypatch.setenv("COLUMNS", "500")
    assert terminal.terminal_width() == terminal.MAX_WIDTH
    monkeypatch.setenv("COLUMNS", "not a number")
    assert terminal.MIN_WIDTH <= terminal.terminal_width() <= terminal.MAX_WIDTH


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_real_80_column_terminal(tmp_path, lang):
    """The CLI in a pseudo-terminal of 80 columns (``script``), as a learner runs it."""
    if shutil.which("script") is None:
        pytest.skip("needs util-linux's script")
    command = (f"stty cols 80 rows 40; {sys.executable} -m grader grade --submission "
               f"{FIXTURES / 'wrong' / 'huber_rho_ignored'} --results {tmp_path / 'r.json'} "
               f"--lang {lang}")
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    process = subprocess.run(["script", "-qec", command, "/dev/null"], cwd=REPO, env=env,
                             capture_output=True, text=True, timeout=600)
    lines = process.stdout.replace("\r", "").splitlines()
    assert any(CATALOGUE.word("title", lang) in line for line in lines), process.stdout[-2000:]
    assert max(terminal.display_width(line) for line in lines) <= 80


# ---------------------------------------------------------------------------- pytest and lab

def test_pytest_in_exercises_grades_with_the_grader():
    process = subprocess.run([sys.executable, "-m", "pytest", "exercises"], cwd=REPO,
                             capture_output=True, text=True, timeout=900,
                             env={**os.environ, "GRADE_LANG": "en"})
    assert process.returncode == 1
    assert "3 failed" in process.stdout
    assert CATALOGUE.word("title", "en") in process.stdout
    assert CATALOGUE.message("common.not_attempted", "en")[0] in process.stdout


def test_pytest_without_the_venv_says_what_to_do(tmp_path):
    shutil.copytree(REPO / "exercises", tmp_path / "exercises",
                    ignore=shutil.ignore_patterns("__pycache__"))
    process = subprocess.run([sys.executable, "-m", "pytest", "exercises", "-p",
                              "no:cacheprovider"], cwd=tmp_path, capture_output=True,
                             text=True, timeout=300)
    assert process.returncode == 1
    assert "no .venv yet: run `make grade`" in process.stdout
    assert "Traceback" not in process.stdout + process.stderr
