"""GitHub Classroom: `make classroom OUT=dir` writes the student template repository.

The template is built with the real command, searched for the reference answers' distinctive
lines, its site is built with its own Makefile, its stubs are graded by its own `make grade`,
and the workflow's own shell steps (keeping only the grader, grading, the points for the
Classroom reporter) are run as GitHub would run them.
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sitebuild import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import make_classroom  # noqa: E402

pytestmark = pytest.mark.timeout(1800)
FAKE_REF = "0123456789abcdef0123456789abcdef01234567"


def _make(*args, cwd=ROOT, timeout=1200, env=None):
    return subprocess.run(["make", "--no-print-directory", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env=dict(os.environ, **(env or {})))


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    out = tmp_path_factory.mktemp("classroom") / "hw 3.3 (반 A)"
    process = _make("classroom", f"OUT={out}", "GRADER_REPOSITORY=demo-org/d2l-ko-3.3",
                    f"GRADER_REF={FAKE_REF}", "PYTHON=" + sys.executable)
    assert process.returncode == 0, process.stdout + process.stderr
    return out


def test_template_has_the_stubs_and_no_reference_answers(template):
    assert not (template / "solutions").exists()
    assert not (template / "docs" / "solutions.md").exists()
    assert not (template / "tests").exists() and not (template / ".ci").exists()
    for module in ("q1_mean_loss", "q2_huber", "q3_weight_grad"):
        stub = (template / "exercises" / f"{module}.py").read_text(encoding="utf-8")
        assert stub == (ROOT / "exercises" / f"{module}.py").read_text(encoding="utf-8")
        assert "raise NotImplementedError" in stub
    needles = make_classroom.distinctive_lines()
    assert len(needles) > 40  # the answers' code and the solutions page's sentences
    assert make_classroom.find_answers(template, needles) == []


def test_the_answer_search_finds_an_answer_that_slipped_in(template, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(template, copy, ignore=shutil.ignore_patterns(".git"))
    shutil.copy(ROOT / "solutions" / "q2_huber.py", copy / "exercises" / "q2_huber.py")
    (copy / "notes.md").write_text((ROOT / "docs" / "solutions.md").read_text(encoding="utf-8")
                                   .split("::::{dropdown}")[1][:800], encoding="utf-8")
    found = {str(path) for path, _ in make_classroom.find_answers(copy, make_classroom.distinctive_lines())}
    assert found == {"exercises/q2_huber.py", "notes.md"}


def test_template_is_a_repository_with_the_workflow_and_a_learners_readme(template):
    log = subprocess.run(["git", "-C", str(template), "log", "--format=%s"], capture_output=True,
                         text=True, check=True).stdout.splitlines()
    assert len(log) == 1
    untracked = subprocess.run(["git", "-C", str(template), "status", "--porcelain"],
                               capture_output=True, text=True, check=True).stdout
    assert untracked == ""
    workflow = yaml.safe_load((template / ".github" / "workflows" / "classroom.yml").read_text())
    assert workflow["env"]["GRADER_REPOSITORY"] == "demo-org/d2l-ko-3.3"
    assert workflow["env"]["GRADER_REF"] == FAKE_REF
    assert list(template.glob(".github/workflows/*")) == [template / ".github/workflows/classroom.yml"]
    readme = (template / "README.md").read_text(encoding="utf-8")
    assert "make grade" in readme and "Codespaces" in readme and "git push" in readme
    assert (template / ".devcontainer" / "devcontainer.json").exists()


def test_a_second_run_into_the_same_folder_is_refused(template):
    process = _make("classroom", f"OUT={template}", "GRADER_REPOSITORY=demo-org/x",
                    f"GRADER_REF={FAKE_REF}", "PYTHON=" + sys.executable)
    assert process.returncode != 0 and "not empty" in process.stderr
    assert (template / "README.md").exists()


def test_template_site_builds_without_the_solutions(template):
    # The template's own Makefile and conf.py, with this run's environment (already installed).
    process = _make("-o", f"{sys.prefix}/.installed", "html", f"VENV={sys.prefix}", cwd=template,
                    timeout=1500,
                    env={"NB_CACHE_DIR": str(template / "_build" / ".jupyter_cache")})
    assert process.returncode == 0, process.stdout[-3000:] + process.stderr[-3000:]
    site = template / "_build" / "html"
    for view in ("ko", "en", "both"):
        assert (site / view / "linear-regression-concise.html").exists()
        assert (site / view / "exercises-api.html").exists()
        assert not (site / view / "solutions.html").exists()
        assert "solutions.html" not in (site / view / "index.html").read_text(encoding="utf-8")
    assert make_classroom.find_answers(site, make_classroom.distinctive_lines()) == []


def test_template_grades_its_stubs_with_make_grade(template, tmp_path):
    results = tmp_path / "results.json"
    process = _make("-o", f"{sys.prefix}/.installed", "grade", f"VENV={sys.prefix}",
                    f"RESULTS={results}", cwd=template,
                    env={"GRADE_LANG": "en"}, timeout=900)
    assert process.returncode == 0, process.stdout[-3000:] + process.stderr[-3000:]
    assert "Total: 0/20" in process.stdout
    data = json.loads(results.read_text())
    assert len(data["tests"]) == 12 and all("Not attempted" in t["output"] for t in data["tests"])


def _run_step(workflow, name, env):
    """A workflow step's `run` script, as GitHub runs it (bash -e -o pipefail)."""
    step = next(s for s in workflow["jobs"]["run-autograding-tests"]["steps"]
                if s.get("name") == name)
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                          cwd=env["GITHUB_WORKSPACE"] / Path(step.get("working-directory", ".")),
                          env={k: str(v) for k, v in env.items()}, capture_output=True,
                          text=True, timeout=900)


def test_workflow_steps_grade_the_push_and_report_points(template, tmp_path):
    workflow = yaml.safe_load((template / ".github" / "workflows" / "classroom.yml").read_text())
    job = workflow["jobs"]["run-autograding-tests"]
    assert workflow["permissions"]["checks"] == "write"
    assert job["if"] == "github.actor != 'github-classroom[bot]'"
    workspace, temp = tmp_path / "workspace", tmp_path / "runner-temp"
    temp.mkdir()
    # The two checkouts: the learner's template, and the course repository (this one) whole,
    # answers and tests included, as actions/checkout leaves it.
    shutil.copytree(template, workspace / "student")
    shutil.copytree(ROOT, workspace / "grader-src", symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "_build", "node_modules", "__pycache__", ".pytest_cache"))
    (workspace / "grader-src" / ".git").mkdir()
    (workspace / "grader-src" / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    # The installed grader venv (the install step, with pip's cache, is GitHub's part).
    (temp / "grader-venv").symlink_to(sys.prefix)
    # This test runs as root, as sudo makes the step: a stand-in passes the command through.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "sudo").write_text('#!/bin/sh\nwhile [ "${1#-}" != "$1" ]; do shift; done\nexec "$@"\n')
    (bin_dir / "sudo").chmod(0o755)
    output, summary = temp / "output", temp / "summary.md"
    env = dict(workflow["env"], PATH=f"{bin_dir}:/usr/bin:/bin", HOME=str(tmp_path),
               RUNNER_TEMP=temp, GITHUB_WORKSPACE=workspace, GITHUB_OUTPUT=output,
               GITHUB_STEP_SUMMARY=summary, GRADE_LANG="en")

    kept = _run_step(workflow, "Keep only the grader (no history, no reference answers, no tests)", env)
    assert kept.returncode == 0, kept.stderr
    for gone in (".git", "solutions", "tests", "docs/solutions.md"):
        assert not (workspace / "grader-src" / gone).exists()

    graded = _run_step(workflow, "Grade", env)
    assert graded.returncode == 0, graded.stdout[-2000:] + graded.stderr[-2000:]
    encoded = output.read_text().strip()
    assert encoded.startswith("result=") and "\n" not in encoded
    runner = json.loads(base64.b64decode(encoded[len("result="):]))
    assert runner["status"] == "fail" and runner["max_score"] == 20 and len(runner["tests"]) == 12
    assert sum(test["score"] for test in runner["tests"]) == 0
    assert all(test["status"] == "fail" and "Not attempted" in test["message"]
               for test in runner["tests"])
    assert "0 / 20" in summary.read_text(encoding="utf-8")
    assert (temp / "grade" / "results.json").exists() and (temp / "grade" / "junit.xml").exists()
    # -B all the way down: no bytecode left in the grader's copy (root-owned on a runner).
    assert list((workspace / "grader-src").rglob("__pycache__")) == []
    assert list((workspace / "grader-src").rglob(".pytest_cache")) == []
