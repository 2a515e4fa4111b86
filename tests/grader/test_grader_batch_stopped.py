"""A class batch stopped from outside (Ctrl-C, `kill`, `timeout`): it ends at once, the gradings
in flight end with it and remove what they made, and no table is left that could be taken for
the class's grades."""
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from grader_testlib import (REPO, call_in_flight, linked_venv, shared_tmpdir, sigint_as_default,
                            world_writable_dir)
from grader.catalogue import Catalogue

pytestmark = pytest.mark.timeout(600)
CLASS_SIZE = 6  # graded two at a time: far from done when the first call is under way


def processes_using(folder):
    """Processes whose command line or working folder is inside ``folder``."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                command = f.read().replace(b"\0", b" ").decode("utf-8", "replace")
            cwd = os.readlink(f"/proc/{pid}/cwd")
        except OSError:
            continue
        if str(folder) in command or cwd.startswith(str(folder)):
            found.append(f"{pid}: {command[:200]}")
    return found


@pytest.fixture(scope="module", params=["bwrap", "uid"])
def sandbox(request):
    """(kind, python): each sandbox kind a root grader can use. Under the uid kind the first
    sandbox is a plain child of the grader (no session of its own, as bubblewrap's has): Ctrl-C
    ends it too, and the batch must still end without a result for its grading."""
    if request.param == "bwrap":
        yield "bwrap", sys.executable
        return
    if os.geteuid() != 0:
        pytest.skip("the uid sandbox needs root")
    with shared_tmpdir("stopped-batch-python-") as home:
        yield "uid", linked_venv(home / "venv")[0]  # one any uid can run


def send(process, signum, to):
    with contextlib.suppress(ProcessLookupError):
        if to in ("process", "both"):
            os.kill(process.pid, signum)
        if to in ("group", "both"):
            os.killpg(process.pid, signum)


# Ctrl-C signals the terminal's whole process group; `kill` (or a service manager) the grader
# alone; GNU timeout the grader, then its group. Here the stop is repeated every few
# milliseconds until the grader has exited, as a user pressing Ctrl-C again would.
@pytest.mark.parametrize("signum, to", [(signal.SIGINT, "group"), (signal.SIGTERM, "process"),
                                        (signal.SIGTERM, "both")],
                         ids=["ctrl-c", "kill", "timeout"])
def test_a_stopped_batch_ends_its_gradings_and_writes_no_table(sandbox, signum, to):
    kind, python = sandbox
    with shared_tmpdir("stopped-batch-") as base, shared_tmpdir("stopped-batch-tmp-") as own_tmp:
        submissions, out = base / "class", world_writable_dir(base, "out")
        for number in range(CLASS_SIZE):
            shutil.copytree(REPO / "solutions", submissions / f"learner{number}",
                            ignore=shutil.ignore_patterns("__pycache__"))
        if kind == "uid":  # it grades no class that other users could enter
            os.chmod(submissions, 0o700)
            os.chmod(out, 0o700)
        # An earlier run's table, which must not stand beside this run's results.
        (out / "grades.csv").write_text("submission,total (max 20)\nlearner0,20\n")
        process = subprocess.Popen(
            [python, "-m", "grader", "batch", str(submissions), "--out", str(out),
             "--jobs", "2", "--lang", "en"],
            cwd=REPO, env=dict(os.environ, TMPDIR=str(own_tmp), GRADER_SANDBOX=kind),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True, start_new_session=True,
            preexec_fn=sigint_as_default)
        try:
            assert call_in_flight(process.pid), "the batch never ran a submission"
            while process.poll() is None:
                send(process, signum, to)
                time.sleep(0.005)
            stderr = process.stderr.read()
            deadline = time.monotonic() + 30
            while processes_using(own_tmp) and time.monotonic() < deadline:
                time.sleep(0.1)
            running = processes_using(own_tmp)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        left = sorted(path.name for path in own_tmp.iterdir())
        scores = {path.parent.name: json.loads(path.read_text())
                  for path in out.glob("*/results.json")}
        table_left = (out / "grades.csv").exists()
    assert process.returncode == 128 + signum, stderr[-2000:]
    assert "Traceback" not in stderr, stderr[-3000:]
    assert running == [], "processes of the stopped batch are still running:\n" + "\n".join(running)
    assert left == [], f"the stopped batch left {left} in its temporary folder"
    assert not table_left, "a grades.csv stands beside the results of a batch that did not finish"
    graded = [name for name, data in scores.items() if data["score"] == 20]
    unfinished = Catalogue().word("unfinished", "en")
    not_graded = [name for name, data in scores.items()
                  if data["score"] == 0 and data["output"] == unfinished]
    assert len(scores) == CLASS_SIZE and len(graded) + len(not_graded) == CLASS_SIZE, scores
    assert not_graded, "the batch graded the whole class after it was stopped"
    assert (f"stopped ({signal.Signals(signum).name}) with {len(graded)} of {CLASS_SIZE} "
            "submissions graded") in stderr, stderr[-2000:]
