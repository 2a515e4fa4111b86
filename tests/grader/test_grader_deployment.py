"""Deployment: the Gradescope bundle (no reference answers) and its run_autograder on a fake
/autograder tree, the GitHub workflow template, and the grader's pinned requirements."""
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml

from grader_testlib import FIXTURES, REPO, run_grader, shared_tmpdir
from grader.catalogue import Catalogue

pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    path = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    process = run_grader("gradescope-bundle", path)
    assert process.returncode == 0, process.stderr
    return path


def test_bundle_has_the_scripts_and_no_solutions(bundle):
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
    assert {"setup.sh", "run_autograder", "requirements.txt", "grader-settings.env",
            "grader/gradescope/error_result.py", "grader/__init__.py", "grader/messages.toml", "grader/checks/pytest.ini"} <= set(names)
    assert not [n for n in names if n.startswith(("solutions", "exercises", "tests"))]
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    for script in ("setup.sh", "run_autograder"):
        assert modes[script] & stat.S_IXUSR
    with zipfile.ZipFile(bundle) as archive:
        settings = archive.read("grader-settings.env").decode()
    assert settings == "GRADE_LANG=ko\nGRADER_TIME_LIMIT=540\n"


def _fake_tree(bundle, tmp_path, submission=REPO / "solutions"):
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
    for script in ("run_autograder", "setup.sh"):
        os.chmod(root / "source" / script, 0o755)
    # Learners often upload their whole exercises/ folder.
    shutil.copytree(submission, root / "submission" / "exercises",
                    ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    os.chmod(root, 0o755)
    return root


def _run_autograder(root, python=sys.executable, timeout=300, **settings):
    env = {k: v for k, v in os.environ.items() if k not in ("GRADE_LANG", "LANG", "LC_ALL")}
    env.update(AUTOGRADER_ROOT=str(root), GRADER_PYTHON=str(python), **settings)
    started = time.monotonic()
    process = subprocess.run([str(root / "source" / "run_autograder")], env=env,
                             capture_output=True, text=True, timeout=timeout)
    process.seconds = time.monotonic() - started
    return process


def _results(root):
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))


def test_run_autograder_on_a_fake_tree(bundle, tmp_path):
    root = _fake_tree(bundle, tmp_path)
    process = _run_autograder(root)
    assert process.returncode == 0, process.stderr[-3000:]
    data = _results(root)
    assert data["score"] == 20 and len(data["tests"]) == 12
    assert Catalogue().word("all_passed", "ko") in data["output"]  # the bundle's default: ko
    # Markdown, so the messages' `code` renders: the output says so, and is Markdown.
    assert data["output_format"] == "md" and data["test_output_format"] == "md"
    assert all(test["output_format"] == "md" for test in data["tests"])
    assert data["output"].startswith("**") and "\n- " in data["output"]


def test_a_traceback_in_a_test_output_is_a_code_block(bundle, tmp_path):
    root = _fake_tree(bundle, tmp_path, FIXTURES / "hostile" / "syntax_error")
    process = _run_autograder(root, GRADE_LANG="en")
    assert process.returncode == 0, process.stderr[-3000:]
    output = next(t["output"] for t in _results(root)["tests"] if t["tags"] == ["q1_mean_loss"])
    first, block = output.split("\n\n")[:2]
    assert "SyntaxError" in first
    assert block.startswith("```text\n") and "q1_mean_loss.py:4:" in block


def test_mxnet_that_does_not_import_is_a_result_at_once(bundle, tmp_path):
    root = _fake_tree(bundle, tmp_path)
    # The base interpreter of this venv: the same Python without MXNet.
    bare_python = Path(sys.base_prefix) / "bin" / "python{}.{}".format(*sys.version_info)
    process = _run_autograder(root, python=bare_python, GRADE_LANG="en")
    assert process.returncode == 0
    data = _results(root)
    assert data["score"] == 0 and data["tests"] == [] and data["output_format"] == "md"
    assert "MXNet cannot be imported" in data["output"]
    assert "No module named 'mxnet'" in data["output"]  # the log's end, for the instructor
    assert process.seconds < 60


def test_a_grader_that_crashes_leaves_a_result_with_its_error(bundle, tmp_path):
    root = _fake_tree(bundle, tmp_path)
    runner = root / "source" / "grader" / "runner.py"
    runner.write_text(runner.read_text() + "\nraise RuntimeError('grader broke here')\n")
    process = _run_autograder(root, GRADE_LANG="en")
    assert process.returncode == 0
    data = _results(root)
    assert data["score"] == 0 and data["tests"] == []
    assert "could not finish" in data["output"] and "grader broke here" in data["output"]


def test_a_grading_stopped_at_the_time_limit_leaves_a_result(bundle, tmp_path):
    root = _fake_tree(bundle, tmp_path, FIXTURES / "hostile" / "infinite_loop")
    # The grading's temporary folders go to a folder of the test's own (open to a sandbox's uid).
    with shared_tmpdir("stopped-grader-") as own_tmp:
        process = _run_autograder(root, GRADE_LANG="ko", GRADER_TIME_LIMIT="20", TMPDIR=str(own_tmp))
        left = sorted(path.name for path in own_tmp.iterdir())
    assert process.returncode == 0
    data = _results(root)
    assert data["score"] == 0 and data["tests"] == []
    assert "제한 시간(20초)" in data["output"]
    assert process.seconds < 20 + 15 + 30  # the limit, the kill's grace, MXNet's import
    # Stopped by `timeout` (SIGTERM), the grader still removed its staged copy and check folders.
    assert left == [], f"the stopped grading left {left} in its temporary folder"


def test_a_missing_submission_folder_is_a_result_saying_so(bundle, tmp_path):
    root = _fake_tree(bundle, tmp_path)
    shutil.rmtree(root / "submission")
    process = _run_autograder(root, GRADE_LANG="en")
    assert process.returncode == 0
    data = _results(root)
    assert data["score"] == 0 and "exit status 2" in data["output"]
    assert "no such folder" in data["output"]


def test_error_result_fences_a_log_holding_backticks():
    sys.path.insert(0, str(REPO / "grader" / "gradescope"))
    try:
        import error_result
    finally:
        sys.path.pop(0)
    data = error_result.build("signal:9", "a ``` b\n````", "en")
    assert "signal 9" in data["output"]
    assert "`````text\na ``` b\n````\n`````" in data["output"]
    assert error_result.build("status:3", "", "ko")["output"].count("```") == 0


def test_setup_script_refuses_an_unsupported_python_loudly():
    text = (REPO / "grader" / "gradescope" / "setup.sh").read_text()
    assert "|| true" not in text  # the old way to a silent fallback on Python 3.10
    assert "libgomp1" in text and "libquadmath0" in text and "bubblewrap" in text
    assert subprocess.run(["bash", "-n", str(REPO / "grader" / "gradescope" / "setup.sh")]).returncode == 0


def test_github_workflow_grades_with_a_pinned_pristine_grader():
    text = (REPO / "grader" / "ci" / "github-classroom.yml").read_text()
    workflow = yaml.safe_load(text)
    # Classroom's reporting step finds the job's check run by this id.
    job = workflow["jobs"]["run-autograding-tests"]
    steps = job["steps"]
    checkouts = [s for s in steps if s.get("uses", "").startswith("actions/checkout")]
    grader_checkout = next(s for s in checkouts if "repository" in s.get("with", {}))
    assert grader_checkout["with"]["ref"] == "${{ env.GRADER_REF }}"
    assert re.fullmatch(r"[0-9a-f]{40}", workflow["env"]["GRADER_REF"])
    runs = "\n".join(s.get("run", "") for s in steps)
    removed = re.search(r"rm -rf (.*)", runs).group(1).split()
    assert {"grader-src/.git", "grader-src/solutions", "grader-src/tests"} <= set(removed)
    assert "-B -m grader grade" in runs and '--summary "$GITHUB_STEP_SUMMARY"' in runs
    assert "student/exercises" in runs
    # Points for the Classroom dashboard: the reporter reads the grade step's base64 output.
    assert workflow["permissions"]["checks"] == "write"
    reporter_action = "classroom-resources/autograding-grading-reporter@"
    reporter = next(s for s in steps if s.get("uses", "").startswith(reporter_action))
    assert reporter["with"]["runners"] == "grade"
    assert reporter["env"]["GRADE_RESULTS"] == "${{ steps.grade.outputs.result }}"
    assert "grader.report.classroom" in runs and '>> "$GITHUB_OUTPUT"' in runs
    # pip's cache, and the bot's first commit is not graded.
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["cache"] == "pip"
    assert job["if"] == "github.actor != 'github-classroom[bot]'"


def _pins(path):
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, rest = line.split("==", 1)
            pins[(name.strip().lower(), rest.split(";")[1].strip() if ";" in rest else "")] = \
                rest.split(";")[0].strip()
    return pins


def test_grader_requirements_match_the_project_lock():
    grader_pins = _pins(REPO / "grader" / "requirements.txt")
    project = REPO / "requirements.txt"
    if not project.exists():
        pytest.skip("no project lock file")
    project_pins = _pins(project)
    for key, version in grader_pins.items():
        assert project_pins.get(key) == version, key
