"""Red team: one fixture per attack class of a hostile class (issue 7), graded the way an
instructor grades a class (``batch``), then checked from outside: the host's process table and
temporary folders, the files the grader wrote, and what each student's feedback contains.

Every test here failed on the grader before its sandbox was rebuilt on bubblewrap.
"""
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from grader_testlib import (FIXTURES, REPO, call_in_flight, file_digest, linked_venv, shared_tmp,
                            shared_tmpdir, tasks_named, world_writable_dir, write_paths)

from grader.sandbox.limits import Limits

pytestmark = pytest.mark.timeout(1800)
REDTEAM = FIXTURES / "redteam"
MARK = "rt" + secrets.token_hex(4)            # names processes and files of this run
VICTIM_SECRET = f"VICTIM-SECRET-{secrets.token_hex(6)}"
ROOT_SECRET = f"ROOT-ONLY-SECRET-{secrets.token_hex(6)}"
# Graded in this order by a batch with two jobs: the attacker and its victim run side by side.
BATCH_CASES = ["aa-cross_read", "aa-victim", "git_history", "output_fifo", "output_symlink",
               "print_flood", "tmp_and_memory", "wrong_types", "zombie_daemon"]


def make_victim(target):
    """The reference answers with a secret line another student must never see."""
    shutil.copytree(REPO / "solutions", target, ignore=shutil.ignore_patterns("__pycache__"))
    with open(target / "q2_huber.py", "a") as f:
        f.write(f"\n# {VICTIM_SECRET}\n")


def shared_folder_modes():
    return {folder: os.stat(folder).st_mode for folder in ("/tmp", "/var/tmp", "/dev/shm")
            if os.path.isdir(folder)}


def leftover_files():
    found = []
    for folder in ("/tmp", "/var/tmp", "/dev/shm"):  # where tmp_and_memory leaves its files
        try:
            found += [os.path.join(folder, n) for n in os.listdir(folder) if n.startswith(MARK)]
        except OSError:
            pass
    return found


def all_feedback(results):
    return "\n".join([results.get("output", "")] + [t["output"] for t in results["tests"]])


class RedTeamBatch:
    def __init__(self, kind, base, out, shared, process, modes_before):
        self.kind, self.base, self.out, self.shared = kind, base, out, shared
        self.process, self.modes_before = process, modes_before

    def results(self, name):
        """A submission's results.json, which must hold every check (not a placeholder)."""
        data = json.loads((self.out / name / "results.json").read_text())
        assert len(data["tests"]) == 12, (name, data.get("output"))
        return data


@pytest.fixture(scope="module")
def world_python():
    """A venv that any uid can run (see :func:`grader_testlib.linked_venv`)."""
    with shared_tmpdir("grader-world-python-") as home:
        python, _ = linked_venv(home / "venv")
        yield python


@pytest.fixture(scope="module", params=["bwrap", "uid"])
def redteam_batch(request):
    """The class graded in each sandbox kind a root grader can use."""
    kind = request.param
    if kind == "uid" and os.geteuid() != 0:
        pytest.skip("the uid sandbox needs root")
    python = request.getfixturevalue("world_python") if kind == "uid" else sys.executable
    base = Path(tempfile.mkdtemp(prefix="grader-redteam-", dir=shared_tmp()))
    # Under bubblewrap nothing of the host is visible anyway: the class folder is left open to
    # all, the worst case. Without namespaces the grader insists on a closed one (tested below).
    os.chmod(base, 0o755 if kind == "bwrap" else 0o700)
    submissions, out = base / "submissions", world_writable_dir(base, "out")
    shared = world_writable_dir(base, "shared")
    secret = base / "root-only-secret.txt"
    secret.write_text(ROOT_SECRET + "\n")
    os.chmod(secret, 0o600)
    make_victim(submissions / "aa-victim")
    for name in BATCH_CASES:
        if name == "aa-victim":
            continue
        case = name.removeprefix("aa-")
        target = submissions / name
        shutil.copytree(REDTEAM / case, target, ignore=shutil.ignore_patterns("__pycache__"))
        world_writable_dir(out, name)  # the worst case: a leftover could replace files here
        write_paths(target, MARK=MARK, SHARED=str(shared),
                    TARGETS=[str(out / name / "results.json")], SECRET_FILE=str(secret),
                    REPO=str(REPO), VICTIM_SECRET=VICTIM_SECRET)
    env = {k: v for k, v in os.environ.items() if k not in ("GRADE_LANG", "LANG", "LC_ALL")}
    modes = shared_folder_modes()
    process = subprocess.run(
        [python, "-m", "grader", "batch", str(submissions), "--out", str(out), "--jobs", "2",
         "--lang", "en"], cwd=REPO, capture_output=True, text=True, timeout=1500,
        env={**env, "GRADER_SANDBOX": kind})
    yield RedTeamBatch(kind, base, out, shared, process, modes)
    shutil.rmtree(base, ignore_errors=True)
    end_marked_processes()
    for path in leftover_files():
        os.unlink(path)


def end_marked_processes():
    """Whatever a failing run left behind must not outlive the tests."""
    for pid, _ in tasks_named(MARK):
        try:
            os.kill(pid, 9)
        except OSError:
            pass


def test_batch_survives_the_class(redteam_batch):
    assert redteam_batch.process.returncode == 0, redteam_batch.process.stderr[-3000:]
    for name in BATCH_CASES:
        redteam_batch.results(name)


def test_no_process_outlives_its_grading(redteam_batch):
    """A detached process whose main thread exited (a zombie leader with a live thread) is
    ended with its sandbox: none of its threads runs on the host afterwards."""
    assert tasks_named(MARK) == []
    beats = redteam_batch.shared / "heartbeat-zombie"
    before = beats.read_text() if beats.exists() else ""
    time.sleep(1.5)  # it beats every 0.2 s
    assert (beats.read_text() if beats.exists() else "") == before


def test_results_cannot_be_forged_afterwards(redteam_batch):
    watched = redteam_batch.out / "zombie_daemon" / "results.json"
    before = file_digest(watched)
    time.sleep(1.5)
    assert file_digest(watched) == before
    results = redteam_batch.results("zombie_daemon")
    assert "forged" not in results["output"] and results["score"] == 0


def test_students_cannot_read_each_other(redteam_batch):
    feedback = all_feedback(redteam_batch.results("aa-cross_read"))
    assert "found nothing" in feedback  # it ran, looked, and saw no one
    assert VICTIM_SECRET not in feedback
    assert not list(redteam_batch.shared.glob("stolen-*"))
    assert redteam_batch.results("aa-victim")["score"] == 20


def test_feedback_never_shows_files_the_code_could_not_read(redteam_batch):
    feedback = all_feedback(redteam_batch.results("output_symlink"))
    assert "about to swap my output file" in feedback  # its output is shown...
    assert ROOT_SECRET not in feedback                 # ...and nothing else
    assert "def huber" not in feedback  # nor the reference answers


def test_a_fifo_in_place_of_output_neither_hangs_nor_loses_a_check(redteam_batch):
    results = redteam_batch.results("output_fifo")
    outcomes = json.loads((redteam_batch.out / "output_fifo" / "outcomes.json").read_text())
    keys = {check["key"] for check in outcomes["checks"]}
    assert not keys & {"common.lost", "common.grader_error", "common.timeout"}, keys
    assert results["score"] == 0
    assert "about to swap my output file for a FIFO" in all_feedback(results)


def test_the_grader_repository_history_is_out_of_reach(redteam_batch):
    if redteam_batch.kind == "uid":
        pytest.skip("the uid sandbox sees world-readable files: the README says so, and the "
                    "Gradescope bundle and the Classroom workflow carry no history")
    results = redteam_batch.results("git_history")
    assert results["score"] == 0
    assert [t["name"] for t in results["tests"] if t["status"] == "passed"] == []


def test_temporary_files_and_memory_are_per_sandbox(redteam_batch):
    assert leftover_files() == []
    assert shared_folder_modes() == redteam_batch.modes_before  # cleaning touched only its own
    feedback = all_feedback(redteam_batch.results("tmp_and_memory"))
    assert f"SIX-HELD-{MARK}" not in feedback  # 6 x 350 MB never held at once


def test_wrong_types_get_messages_not_a_crash(redteam_batch):
    outcomes = json.loads((redteam_batch.out / "wrong_types" / "outcomes.json").read_text())
    assert len(outcomes["checks"]) == 12
    assert not any(check["passed"] for check in outcomes["checks"])
    assert "common.grader_error" not in {check["key"] for check in outcomes["checks"]}
    assert redteam_batch.results("wrong_types")["score"] == 0


def test_a_noisy_import_does_not_cost_points(redteam_batch):
    assert redteam_batch.results("print_flood")["score"] == 20


# ------------------------------------------------------------------ report paths of one grading

@pytest.fixture
def shared_base():
    """A folder that every uid can enter (pytest's own tmp_path is root-only)."""
    with shared_tmpdir("grader-redteam-") as base:
        yield base


def summary_attack(base, python, env=None):
    """Grade the summary_symlink fixture with --summary in a world-writable folder; returns
    (process, the file the link points to, the summary path)."""
    drop = world_writable_dir(base, "drop")
    target = base / "precious.txt"
    target.write_text("ORIGINAL\n")
    submission = base / "submission"
    shutil.copytree(REDTEAM / "summary_symlink", submission)
    summary = drop / "summary.md"
    write_paths(submission, SUMMARY=str(summary), SUMMARY_TARGET=str(target))
    process = subprocess.run(
        [python, "-m", "grader", "grade", "--submission", str(submission), "--results",
         str(base / "results.json"), "--summary", str(summary), "--lang", "en"],
        cwd=REPO, capture_output=True, text=True, timeout=600, env={**os.environ, **(env or {})})
    return process, target, summary


def test_the_summary_path_cannot_be_redirected(shared_base):
    """The summary is appended to a path in a world-writable folder; the submission plants a
    link there to a file of the grader's user. That file must not change."""
    process, target, summary = summary_attack(shared_base, sys.executable)
    assert process.returncode == 1, process.stderr[-3000:]
    assert target.read_text() == "ORIGINAL\n"
    assert "## " in summary.read_text()  # out of the code's reach, so the summary is there


# ------------------------------------------------------------- a loaded machine and the verdict

class CpuShare:
    """A cpu cgroup (the legacy hierarchy's cpu controller) whose processes can be held to a
    small share of one CPU: a heavily loaded machine, reproducibly. A CPU quota binds whatever
    the processes do (new sessions, nice values), as a container's CPU limit would."""

    ROOT = Path("/sys/fs/cgroup/cpu")

    def __init__(self):
        self.folder = self.ROOT / f"grader-redteam-{os.getpid()}"
        self.folder.mkdir()

    def join(self):
        (self.folder / "cgroup.procs").write_text("0")

    def limit(self, share):
        period = 1_000_000  # the quota must be at least 1 ms
        (self.folder / "cpu.cfs_period_us").write_text(str(period))
        (self.folder / "cpu.cfs_quota_us").write_text(str(int(share * period)) if share else "-1")

    def remove(self):
        self.limit(None)
        for pid in (self.folder / "cgroup.procs").read_text().split():
            os.kill(int(pid), 9)
        for _ in range(100):
            try:
                self.folder.rmdir()
                return
            except OSError:
                time.sleep(0.05)


def test_a_starved_grading_gives_the_same_verdict(tmp_path):
    """From the first call of the learner's code on, the whole grading gets 0.5% of one CPU for
    three times the idle limit: wall-clock time runs 200 times faster than the submission's CPU
    time. A correct submission whose import prints 1 GB (a fifth of a second of CPU, so 40 s of
    wall-clock time per call) is starved mid-call far past the idle limit without being idle,
    and must still get every point."""
    if os.geteuid() != 0 or not (CpuShare.ROOT / "cgroup.procs").exists():
        pytest.skip("needs root and the cpu controller of cgroup v1")
    submission = tmp_path / "print_flood"
    shutil.copytree(REDTEAM / "print_flood", submission)
    share = CpuShare()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "grader", "grade", "--submission", str(submission),
             "--results", str(tmp_path / "results.json"), "--lang", "en"],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            preexec_fn=share.join)
        assert call_in_flight(process.pid)
        share.limit(0.005)
        time.sleep(3 * Limits.idle_seconds)
        share.limit(None)
        _, stderr = process.communicate(timeout=1500)
    finally:
        share.remove()
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["score"] == 20, all_feedback(results)[-3000:]
    assert process.returncode == 0, stderr[-2000:]


# ---------------------------------------------------------------------- grading as a normal user

USER = "grader-redteam"


def _ensure_user():
    if subprocess.run(["id", "-u", USER], capture_output=True).returncode != 0:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                        USER], check=True)
    return int(subprocess.run(["id", "-u", USER], capture_output=True, text=True,
                              check=True).stdout)


@pytest.fixture(scope="module")
def normal_user_checkout():
    """A learner-style checkout owned by an unprivileged user: its own copy of the grader and
    its own venv (Debian's python3.11 reusing this venv's packages through a .pth)."""
    if os.geteuid() != 0:
        pytest.skip("creating the test user needs root")
    with shared_tmpdir("grader-normal-user-") as home:
        python, site = linked_venv(home / "venv")
        uid = _ensure_user()
        shutil.copytree(REPO / "grader", home / "src" / "grader",
                        ignore=shutil.ignore_patterns("__pycache__"))
        subprocess.run(["chown", "-R", f"{uid}:{uid}", str(home)], check=True)
        yield home, python, site, uid


def _as_user(argv, cwd, timeout=1500, env=None):
    full_env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/tmp", **(env or {})}
    return subprocess.run(["runuser", "-u", USER, "--", "env", "-i",
                           *[f"{k}={v}" for k, v in full_env.items()], *argv],
                          cwd=cwd, capture_output=True, text=True, timeout=timeout)


def _class_of_normal_user(home, site, uid):
    subs = home / "class"
    shutil.rmtree(subs, ignore_errors=True)
    for case in ("nonroot_kill", "nonroot_tamper"):
        shutil.copytree(REDTEAM / case, subs / case)
        write_paths(subs / case, GRADER_DIR=str(home / "src" / "grader"), SITE_DIR=site)
    for name in ("stub1", "stub2"):
        shutil.copytree(REPO / "exercises", subs / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "solutions", subs / "zz-solution",
                    ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(["chown", "-R", f"{uid}:{uid}", str(subs)], check=True)
    return subs


def test_a_normal_users_batch_cannot_be_tampered_with(normal_user_checkout):
    """As a normal user (bubblewrap through user namespaces): one submission appends to the
    grader's plugin and adds a .pth file, another SIGKILLs every grader process it sees. Nothing
    changes, and every other submission gets its true score."""
    home, python, site, uid = normal_user_checkout
    subs = _class_of_normal_user(home, site, uid)
    plugin = home / "src" / "grader" / "pytest_plugin.py"
    before = file_digest(plugin)
    out = home / "out"
    process = _as_user([python, "-m", "grader", "batch", str(subs), "--out", str(out),
                        "--jobs", "2", "--lang", "en"], cwd=home / "src",
                       env={"GRADER_SANDBOX": "bwrap"})
    assert process.returncode == 0, process.stdout[-2000:] + process.stderr[-3000:]
    assert file_digest(plugin) == before
    assert not Path(site, "rt_tamper.pth").exists()
    scores = {name: json.loads((out / name / "results.json").read_text())
              for name in ("stub1", "stub2", "zz-solution")}
    assert scores["stub1"]["score"] == 0 and scores["stub2"]["score"] == 0
    assert scores["zz-solution"]["score"] == 20
    for data in scores.values():
        assert len(data["tests"]) == 12


def test_without_a_sandbox_a_normal_user_cannot_grade_a_class(normal_user_checkout):
    home, python, site, uid = normal_user_checkout
    subs = _class_of_normal_user(home, site, uid)
    plugin = home / "src" / "grader" / "pytest_plugin.py"
    before = file_digest(plugin)
    process = _as_user([python, "-m", "grader", "batch", str(subs), "--out", str(home / "out2")],
                       cwd=home / "src", env={"GRADER_SANDBOX": "none"})
    assert process.returncode == 2
    assert "refusing to grade a class without a sandbox" in process.stderr
    assert "bubblewrap" in process.stderr
    assert file_digest(plugin) == before and not (home / "out2").exists()


def test_the_uid_sandbox_refuses_a_class_folder_others_can_enter(shared_base, world_python):
    if os.geteuid() != 0:
        pytest.skip("the uid sandbox needs root")
    make_victim(shared_base / "class" / "victim")
    process = subprocess.run(
        [world_python, "-m", "grader", "batch", str(shared_base / "class"), "--out",
         str(shared_base / "out")], cwd=REPO, capture_output=True, text=True, timeout=300,
        env={**os.environ, "GRADER_SANDBOX": "uid"})
    assert process.returncode == 2, process.stderr
    assert "open to other users" in process.stderr and "chmod 700" in process.stderr
    assert not (shared_base / "out").exists()


def test_the_uid_sandbox_keeps_the_summary_path_too(shared_base, world_python):
    """Without namespaces the code sees the world-writable folder and plants its link; the
    summary, opened before any learner code ran, still cannot be redirected."""
    if os.geteuid() != 0:
        pytest.skip("the uid sandbox needs root")
    process, target, summary = summary_attack(shared_base, world_python,
                                              env={"GRADER_SANDBOX": "uid"})
    assert process.returncode == 1, process.stderr[-3000:]
    assert target.read_text() == "ORIGINAL\n"
