"""Deployment: the Gradescope bundle (no reference answers) and its run_autograder on a fake
/autograder tree, the GitHub workflow template, and the grader's pinned requirements."""
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile

import pytest
import yaml

from grader_testlib import REPO, run_grader
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
            "grader/__init__.py", "grader/messages.toml", "grader/checks/pytest.ini"} <= set(names)
    assert not [n for n in names if n.startswith(("solutions", "exercises", "tests"))]
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    for script in ("setup.sh", "run_autograder"):
        assert modes[script] & stat.S_IXUSR


def test_run_autograder_on_a_fake_tree(bundle, tmp_path):
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
    # Learners often upload their whole exercises/ folder.
    shutil.copytree(REPO / "solutions", root / "submission" / "exercises",
                    ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    os.chmod(root, 0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("GRADE_LANG", "LANG", "LC_ALL")}
    env.update(AUTOGRADER_ROOT=str(root), GRADER_PYTHON=sys.executable)
    process = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env,
                             capture_output=True, text=True, timeout=300)
    assert process.returncode == 0, process.stderr[-3000:]
    data = json.loads((root / "results" / "results.json").read_text())
    assert data["score"] == 20 and len(data["tests"]) == 12
    assert Catalogue().word("all_passed", "ko") in data["output"]  # the bundle's default: ko


def test_github_workflow_grades_with_a_pinned_pristine_grader():
    text = (REPO / "grader" / "ci" / "github-classroom.yml").read_text()
    workflow = yaml.safe_load(text)
    steps = workflow["jobs"]["grade"]["steps"]
    checkouts = [s for s in steps if s.get("uses", "").startswith("actions/checkout")]
    grader_checkout = next(s for s in checkouts if "repository" in s.get("with", {}))
    assert grader_checkout["with"]["ref"] == "${{ env.GRADER_REF }}"
    assert re.fullmatch(r"[0-9a-f]{40}", workflow["env"]["GRADER_REF"])
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "rm -rf grader-src/solutions" in runs
    assert "-m grader grade" in runs and '--summary "$GITHUB_STEP_SUMMARY"' in runs
    assert "student/exercises" in runs


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
