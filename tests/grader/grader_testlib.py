"""Helpers of the grader's tests (a module name of its own: tests/conftest.py exists too)."""
import contextlib
import csv
import dataclasses
import hashlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

FIXTURES = Path(__file__).resolve().parent / "submissions"
WRONG_CASES = sorted(p.name for p in (FIXTURES / "wrong").iterdir() if p.is_dir())
HOSTILE_CASES = sorted(p.name for p in (FIXTURES / "hostile").iterdir() if p.is_dir())


def sigint_as_default():
    """A ``preexec_fn`` for a process a test will Ctrl-C: a shell's background job starts with
    SIGINT ignored, and Python would keep it so."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


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


def write_paths(folder, **values):
    """``hostile_paths.py`` in a hostile fixture's copy: the paths it attacks, as constants."""
    (Path(folder) / "hostile_paths.py").write_text(
        "".join(f"{name} = {value!r}\n" for name, value in values.items()))


def write_hostile_paths(folder, out, heartbeat):
    targets = [str(out / folder.name / "results.json"), str(out / "grades.csv")]
    write_paths(folder, HEARTBEAT=str(heartbeat), TARGETS=targets, REPO=str(REPO), MARK=HOSTILE_MARK)


def file_digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@contextlib.contextmanager
def shared_tmpdir(prefix):
    """A new folder in :func:`shared_tmp` that every uid can enter (mode 0755; pytest's own
    tmp_path is root-only), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=shared_tmp()))
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def site_packages(python):
    return subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()


def linked_venv(folder):
    """A venv in ``folder`` that any uid can run: Debian's python3.11 reusing this venv's
    packages through a .pth (the project's own interpreter may live where others cannot
    enter, like /root). Returns (its python, its site-packages)."""
    system_python = shutil.which("python3.11", path="/usr/bin")
    if system_python is None:
        pytest.skip("needs Debian's /usr/bin/python3.11")
    subprocess.run([system_python, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = str(Path(folder) / "bin" / "python")
    site = site_packages(python)
    Path(site, "project-venv.pth").write_text(site_packages(sys.executable) + "\n")
    return python, site


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


def _status(pid):
    try:
        return {line.split(":")[0]: line.split()[1:] for line in
                Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line}
    except OSError:
        return {}


def _descends_from(pid, ancestor):
    for _ in range(50):
        if pid == ancestor:
            return True
        parent = _status(pid).get("PPid")
        if not parent or int(parent[0]) <= 1:
            return False
        pid = int(parent[0])
    return False


def call_in_flight(grader_pid, timeout=300):
    """Wait until a process below ``grader_pid`` runs the learner's code: its working folder is
    a call's folder (named ``call-...`` or ``grader-call-...``)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for pid in map(int, filter(str.isdigit, os.listdir("/proc"))):
            try:
                cwd = os.readlink(f"/proc/{pid}/cwd")
            except OSError:
                continue
            if os.path.basename(cwd).startswith(("call-", "grader-call-")) \
                    and _descends_from(pid, grader_pid):
                return True
        time.sleep(0.02)
    return False
