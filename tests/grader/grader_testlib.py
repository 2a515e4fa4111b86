"""Helpers of the grader's tests (a module name of its own: tests/conftest.py exists too)."""
import csv
import dataclasses
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

FIXTURES = Path(__file__).resolve().parent / "submissions"
WRONG_CASES = sorted(p.name for p in (FIXTURES / "wrong").iterdir() if p.is_dir())
HOSTILE_CASES = sorted(p.name for p in (FIXTURES / "hostile").iterdir() if p.is_dir())


def shared_tmp():
    """A temporary folder other users can enter (some machines keep /tmp closed, mode 0700):
    where tests put what a sandbox's uid or a test user must reach."""
    for folder in ("/tmp", "/var/tmp"):
        parts = Path(folder).resolve().parts
        if all(os.stat(os.path.join(*parts[:i + 1])).st_mode & 0o001 for i in range(len(parts))):
            return folder
    raise RuntimeError("neither /tmp nor /var/tmp lets other users in")


def run_grader(*args, env=None, timeout=600, cwd=REPO):
    """Run ``python -m grader`` with this interpreter (the venv's under ``make test``)."""
    full_env = {k: v for k, v in os.environ.items()
                if k not in ("GRADE_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "grader", *map(str, args)], cwd=cwd,
                          env=full_env, capture_output=True, text=True, timeout=timeout)


def world_writable_dir(parent, name):
    path = Path(parent) / name
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o777)
    return path


@dataclasses.dataclass
class BatchRun:
    base: Path
    out: Path
    process: subprocess.CompletedProcess
    heartbeat: Path

    def outcomes(self, name):
        return json.loads((self.out / name / "outcomes.json").read_text())

    def results(self, name):
        return json.loads((self.out / name / "results.json").read_text())

    def csv_rows(self):
        with open(self.out / "grades.csv", newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))


HOSTILE_MARK = "hostile-" + secrets.token_hex(3)  # names a leftover daemon in the process table


def write_hostile_paths(folder, out, heartbeat):
    name = folder.name
    targets = [str(out / name / "results.json"), str(out / "grades.csv")]
    (folder / "hostile_paths.py").write_text(
        f"HEARTBEAT = {str(heartbeat)!r}\nTARGETS = {targets!r}\nREPO = {str(REPO)!r}\n"
        f"MARK = {HOSTILE_MARK!r}\n")


def tasks_named(name):
    """Host threads (any process, any state, any namespace) whose name is ``name``."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/comm") as f:
                    if f.read().strip() == name:
                        found.append((int(pid), int(tid)))
            except OSError:
                pass
    return found


