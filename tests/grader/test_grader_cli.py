"""The ``grade`` command: exit codes, the report files, languages, and results that no
interrupted or tampering run can leave as a pass."""
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import pytest

from grader_testlib import FIXTURES, REPO, call_in_flight, run_grader, shared_tmpdir
from grader.catalogue import Catalogue

pytestmark = pytest.mark.timeout(600)
CATALOGUE = Catalogue()

GRADESCOPE_TOP = {"score", "execution_time", "output", "output_format", "test_output_format",
                  "visibility", "stdout_visibility", "tests"}
GRADESCOPE_TEST = {"name", "score", "max_score", "status", "output", "output_format",
                   "visibility", "number", "tags"}


def assert_gradescope_results(data):
    """The fields of Gradescope's results.json, with their types."""
    assert set(data) == GRADESCOPE_TOP
    assert data["output_format"] == data["test_output_format"] == "md"  # Markdown renders
    assert isinstance(data["score"], (int, float)) and isinstance(data["execution_time"], int)
    assert data["visibility"] in ("visible", "hidden", "after_due_date", "after_published")
    assert data["stdout_visibility"] in ("visible", "hidden")
    numbers = set()
    for test in data["tests"]:
        assert set(test) == GRADESCOPE_TEST
        assert test["status"] in ("passed", "failed")
        assert test["name"].split(":")[0] in ("q1_mean_loss", "q2_huber", "q3_weight_grad")
        assert 0 <= test["score"] <= test["max_score"]
        assert (test["status"] == "passed") == (test["score"] == test["max_score"])
        assert isinstance(test["tags"], list) and isinstance(test["output"], str)
        numbers.add(test["number"])
    assert len(numbers) == len(data["tests"])
    assert data["score"] == sum(test["score"] for test in data["tests"])


@pytest.fixture(scope="module")
def solution_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("solution")
    summary = out / "summary.md"
    summary.write_text("# earlier step\n")
    process = run_grader("grade", "--submission", REPO / "solutions",
                         "--results", out / "results.json", "--junit", out / "junit.xml",
                         "--summary", summary, "--outcomes", out / "outcomes.json",
                         env={"GRADE_LANG": "ko"})
    return out, process


def test_solution_exits_zero_with_full_marks(solution_run):
    out, process = solution_run
    assert process.returncode == 0, process.stderr[-3000:]
    data = json.loads((out / "results.json").read_text())
    assert_gradescope_results(data)
    assert data["score"] == 20 and len(data["tests"]) == 12
    assert CATALOGUE.word("title", "ko") in process.stdout


def test_junit_xml_parses(solution_run):
    out, _ = solution_run
    root = ET.parse(out / "junit.xml").getroot()
    assert root.tag == "testsuites" and root.get("failures") == "0"
    assert [s.get("name") for s in root] == ["q1_mean_loss", "q2_huber", "q3_weight_grad"]
    assert sum(1 for _ in root.iter("testcase")) == 12


def test_summary_markdown_is_appended(solution_run):
    out, _ = solution_run
    text = (out / "summary.md").read_text()
    assert text.startswith("# earlier step\n")  # appended, as $GITHUB_STEP_SUMMARY expects
    assert f"## {CATALOGUE.word('title', 'ko')}" in text
    assert "**합계: 20 / 20**" in text and text.count("✅") == 12


def _stub_results(tmp_path, env, *extra):
    results = tmp_path / "results.json"
    process = run_grader("grade", "--submission", REPO / "exercises", "--results", results,
                         *extra, env=env)
    assert process.returncode == 1, process.stderr[-3000:]
    data = json.loads(results.read_text())
    assert_gradescope_results(data)
    assert data["score"] == 0
    return data


@pytest.mark.parametrize("env, extra, lang", [
    ({"GRADE_LANG": "ko"}, (), "ko"),
    ({"GRADE_LANG": "en"}, (), "en"),
    ({"LANG": "ko_KR.UTF-8"}, (), "ko"),
    ({"GRADE_LANG": "ko"}, ("--lang", "en"), "en"),
])
def test_stub_is_not_attempted_in_the_chosen_language(tmp_path, env, extra, lang):
    data = _stub_results(tmp_path, env, *extra)
    text, hint = CATALOGUE.message("common.not_attempted", lang)
    assert all(text in t["output"] and hint in t["output"] for t in data["tests"])
    other = CATALOGUE.message("common.not_attempted", "en" if lang == "ko" else "ko")[0]
    assert not any(other in t["output"] for t in data["tests"])


def test_wrong_answer_message_in_korean(tmp_path):
    results = tmp_path / "results.json"
    process = run_grader("grade", "--submission", FIXTURES / "wrong" / "step_not_changed",
                         "--results", results, env={"LC_ALL": "ko_KR.UTF-8"})
    assert process.returncode == 1
    data = json.loads(results.read_text())
    failed = [t for t in data["tests"] if t["status"] == "failed"]
    assert [t["name"].split(":")[0] for t in failed] == ["q1_mean_loss"]
    assert "trainer.step(1)" in failed[0]["output"] and "배" in failed[0]["output"]
    assert data["score"] == 18


def test_missing_submission_is_a_usage_error(tmp_path):
    process = run_grader("grade", "--submission", tmp_path / "nowhere",
                         "--results", tmp_path / "r.json")
    assert process.returncode == 2
    assert "no such folder" in process.stderr and "Traceback" not in process.stderr
    assert not (tmp_path / "r.json").exists()


@pytest.mark.parametrize("args", [("grade", "--lang", "fr"), ("batch",), ("frobnicate",)])
def test_bad_arguments_exit_two(args):
    process = run_grader(*args)
    assert process.returncode == 2 and "Traceback" not in process.stderr


def test_batch_of_missing_folder_exits_two(tmp_path):
    process = run_grader("batch", tmp_path / "nowhere", "--out", tmp_path / "out")
    assert process.returncode == 2 and "Traceback" not in process.stderr


# The grader as another system would run it: Python reports that system in sys.platform, so this
# is set before the grader is imported. (No Mac here. On one, the old code would have reached a
# Linux-only prctl call and ended in a traceback; here it graded, so these tests failed too.)
_AS_ANOTHER_SYSTEM = ("import runpy, sys; sys.platform = sys.argv.pop(1); "
                      "runpy.run_module('grader', run_name='__main__', alter_sys=True)")


@pytest.mark.parametrize("system", ["darwin", "win32", "freebsd14"])
@pytest.mark.parametrize("command", ["grade", "batch"])
def test_another_system_is_told_to_grade_on_linux(tmp_path, system, command):
    results, out = tmp_path / "r.json", tmp_path / "out"
    args = (["grade", "--submission", REPO / "solutions", "--results", results]
            if command == "grade" else ["batch", FIXTURES / "wrong", "--out", out])
    process = subprocess.run([sys.executable, "-c", _AS_ANOTHER_SYSTEM, system, *map(str, args)],
                             cwd=REPO, capture_output=True, text=True, timeout=120)
    assert process.returncode == 2, process.stderr
    assert "Traceback" not in process.stderr
    for words in (f"grading needs Linux, and this is {system}", "dev container", "Codespaces"):
        assert words in process.stderr, process.stderr
    assert not results.exists() and not out.exists()  # nothing written, nothing staged


def test_interrupted_grading_leaves_no_pass(tmp_path):
    """A forged pass in the results file is replaced by a zero as grading starts; killing the
    grader midway (here during a submission's endless loop) leaves that zero."""
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"score": 20, "tests": [], "output": "forged pass"}))
    # Killed, the grader cannot clean up: its temporary folders go to a folder of this test's
    # own (open to the sandbox's uid), removed afterwards, never touching other gradings' folders.
    with shared_tmpdir("killed-grader-") as own_tmp:
        process = subprocess.Popen(
            [sys.executable, "-m", "grader", "grade", "--submission",
             FIXTURES / "hostile" / "infinite_loop", "--results", results],
            cwd=REPO, env=dict(os.environ, GRADE_LANG="en", TMPDIR=str(own_tmp)),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            deadline = time.monotonic() + 60
            while "forged" in results.read_text() and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(2)
        finally:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            time.sleep(0.5)
    data = json.loads(results.read_text())
    assert data["score"] == 0 and data["tests"] == []
    assert data["output"] == CATALOGUE.word("unfinished", "en")


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


# GNU timeout signals the grader, then its process group; a cancelled GitHub Actions job sends
# SIGINT, then SIGTERM. Here the stops keep coming every few milliseconds until the grader has
# exited, so some land while it is removing what it made.
@pytest.mark.parametrize("first, then", [(signal.SIGTERM, signal.SIGTERM),
                                         (signal.SIGINT, signal.SIGTERM)],
                         ids=["timeout", "cancelled-job"])
def test_a_grading_stopped_from_outside_removes_what_it_made(tmp_path, first, then):
    results = tmp_path / "results.json"
    with shared_tmpdir("stopped-grader-") as own_tmp:
        process = subprocess.Popen(
            [sys.executable, "-m", "grader", "grade", "--submission",
             FIXTURES / "hostile" / "infinite_loop", "--results", results],
            cwd=REPO, env=dict(os.environ, GRADE_LANG="en", TMPDIR=str(own_tmp)),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            assert call_in_flight(process.pid), "the grading never ran the submission"
            made = sorted(path.name for path in own_tmp.iterdir())
            signum = first
            while process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(process.pid, signum)
                    os.killpg(process.pid, signum)
                signum = then
                time.sleep(0.005)
            stderr = process.stderr.read()
            deadline = time.monotonic() + 30
            while _group_alive(process.pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            alive = _group_alive(process.pid)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        left = sorted(path.name for path in own_tmp.iterdir())
    assert any(name.startswith("grader-submission-") for name in made), made
    assert left == [], f"the stopped grading left {left} in its temporary folder"
    assert not alive, "processes of the stopped grading are still running"
    assert process.returncode == 128 + first, stderr[-2000:]
    assert f"stopped ({signal.Signals(first).name})" in stderr and "Traceback" not in stderr, stderr
    data = json.loads(results.read_text())
    assert data["score"] == 0 and data["output"] == CATALOGUE.word("unfinished", "en")


def test_learner_code_can_import_the_standard_library(tmp_path):
    """Modules the fork server never loaded (fractions, statistics) still import in the
    sandbox, even when the interpreter lives in a folder closed to other users."""
    submission = tmp_path / "submission"
    shutil.copytree(REPO / "solutions", submission, ignore=shutil.ignore_patterns("__pycache__"))
    source = (submission / "q3_weight_grad.py").read_text()
    (submission / "q3_weight_grad.py").write_text(
        "import fractions\nimport statistics\n\nassert statistics.mean([fractions.Fraction(1)])"
        " == 1\n" + source)
    os.chmod(tmp_path, 0o755)
    outcomes = tmp_path / "outcomes.json"
    process = run_grader("grade", "--submission", submission, "--results",
                         tmp_path / "results.json", "--outcomes", outcomes)
    data = json.loads(outcomes.read_text())
    assert process.returncode == 0, [c for c in data["checks"] if not c["passed"]]


def test_nowhere_to_stage_is_a_usage_error_not_a_traceback(tmp_path, monkeypatch, capsys):
    """When no temporary folder can take the staged files (staging's SubmissionError, e.g.
    /tmp and /var/tmp closed to the sandbox's uid), the CLI says so and exits 2."""
    from grader import cli, runner, staging

    def nowhere(*args, **kwargs):
        raise staging.SubmissionError("no temporary folder that other users can enter")

    monkeypatch.setattr(runner, "grade", nowhere)
    monkeypatch.setattr(cli, "protect_grader_process", lambda: None)  # not this test process
    status = cli.main(["grade", "--submission", str(REPO / "solutions"),
                       "--results", str(tmp_path / "results.json")])
    error = capsys.readouterr().err
    assert status == 2 and "no temporary folder" in error and "Traceback" not in error
