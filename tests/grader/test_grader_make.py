"""The Makefile's grading targets as a learner types them: one question, a fixed seed, paths
with spaces, parentheses and Korean, and no make error line when checks merely fail."""
import shutil
import subprocess

import pytest

from grader_testlib import REPO

pytestmark = pytest.mark.timeout(900)


def _make(*args):
    return subprocess.run(["make", "--no-print-directory", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=800,
                          env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "GRADE_LANG": "en",
                               "HOME": "/tmp"})


@pytest.fixture
def odd_folder(tmp_path):
    folder = tmp_path / "with spaces" / "Class 2024 (반 A)" / "it's $HOME"
    shutil.copytree(REPO / "solutions", folder / "learner one",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "exercises", folder / "learner two",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def test_grade_one_question_with_a_seed_from_an_odd_path(odd_folder, tmp_path):
    results = tmp_path / "results (1).json"
    process = _make("grade", f"SUBMISSION={odd_folder / 'learner one'}", "Q=q3_weight_grad",
                    "SEED=42", f"RESULTS={results}")
    assert process.returncode == 0, process.stdout[-2000:] + process.stderr[-2000:]
    assert "input seed: 42" in process.stdout
    assert "Question 3" in process.stdout and "Question 1" not in process.stdout
    assert results.exists()


def test_failing_checks_are_the_report_not_a_make_error(odd_folder, tmp_path):
    process = _make("grade", f"SUBMISSION={odd_folder / 'learner two'}", "Q=q1_mean_loss",
                    f"RESULTS={tmp_path / 'r.json'}")
    assert process.returncode == 0
    assert "Some checks failed" in process.stdout
    assert "Error" not in process.stderr and "***" not in process.stderr


def test_a_grading_that_cannot_run_fails_the_target(tmp_path):
    process = _make("grade", f"SUBMISSION={tmp_path / 'nowhere at all'}")
    assert process.returncode != 0
    assert "no such folder or zip" in process.stderr


def test_grade_all_takes_an_odd_class_folder(odd_folder, tmp_path):
    out = tmp_path / "out (2024)"
    process = _make("grade-all", f"SUBMISSIONS={odd_folder}", f"OUT={out}", "SEED=7")
    assert process.returncode == 0, process.stdout[-2000:] + process.stderr[-2000:]
    table = (out / "grades.csv").read_text(encoding="utf-8")
    assert "learner one" in table and "learner two" in table
