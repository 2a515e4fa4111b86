"""One connection of the fork server: runs each requested call in a fresh sandboxed child.

The handler is a fork of the warmed-up server and never imports learner code itself. For each
call it forks a child (see :mod:`grader.sandbox.child`), waits for its result within the time
limit, then kills everything the child left behind before answering.
"""
import json
import os
import selectors
import shutil
import signal
import tempfile
import time

from grader.paths import GRADER_PARENT, SOLUTIONS_DIR
from grader.sandbox import child, procs

_UID_SPAN = 100_000


def _uid_works(uid):
    """Whether a child can switch to ``uid`` (it may not, in a user namespace)."""
    pid = os.fork()
    if pid == 0:
        try:
            os.setgroups([])
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
            os._exit(0)
        except BaseException:  # noqa: BLE001
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def sandbox_uid():
    """The unprivileged uid for this handler's children, or None when not running as root.

    Each handler gets a uid of its own (not ``nobody``), so one submission's code cannot signal
    other submissions' children or unrelated ``nobody`` processes, and every process left with
    that uid can be killed after a call. Falls back to ``nobody`` if the range is unusable.
    Raises when root cannot drop privileges at all: learner code must never run as root.
    """
    if os.geteuid() != 0:
        return None
    base = int(os.environ.get("GRADER_SANDBOX_UID_BASE", "200000"))
    for uid in (base + os.getpid() % _UID_SPAN, 65534):
        if _uid_works(uid):
            return uid
    raise RuntimeError("running as root but cannot switch to an unprivileged uid")


def _read_excerpt(path, limit):
    try:
        with open(path, "rb") as f:
            return f.read(limit * 4).decode("utf-8", "replace")[:limit]
    except OSError:
        return ""


def _wait_for_child(pid, result_fd, timeout, max_bytes):
    """Collect the child's messages until its final one, its exit, or the deadline."""
    deadline = time.monotonic() + timeout
    pidfd = os.pidfd_open(pid)
    selector = selectors.DefaultSelector()
    selector.register(result_fd, selectors.EVENT_READ, "pipe")
    selector.register(pidfd, selectors.EVENT_READ, "exit")
    os.set_blocking(result_fd, False)
    buffer, state = bytearray(), {"phase": "import", "final": None, "bad": False}
    exited = timed_out = False
    pipe_open = True

    def drain():
        nonlocal pipe_open
        while pipe_open:
            try:
                chunk = os.read(result_fd, 65536)
            except BlockingIOError:
                return
            if not chunk:
                pipe_open = False
                selector.unregister(result_fd)
                return
            buffer.extend(chunk)
            if len(buffer) > max_bytes:
                state["bad"] = True
                return
            while b"\n" in buffer and state["final"] is None:
                line, _, rest = bytes(buffer).partition(b"\n")
                buffer[:] = rest
                try:
                    message = json.loads(line)
                except ValueError:
                    state["bad"] = True
                    continue
                if isinstance(message, dict) and message.get("phase") == "imported":
                    state["phase"] = "call"
                elif isinstance(message, dict) and isinstance(message.get("final"), dict):
                    state["final"] = message["final"]

    try:
        # Once the pipe is closed only the exit is watched; a process that closed it and lives
        # on is waited for until the deadline.
        while state["final"] is None and not state["bad"]:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            for key, _ in selector.select(remaining):
                if key.data == "pipe":
                    drain()
                else:
                    exited = True
            if exited:
                drain()  # what it wrote before dying (a leftover may still hold the pipe open)
                break
    finally:
        selector.close()
        os.close(pidfd)
    return state, timed_out


def run_call(request, uid, limits):
    tmpdir = tempfile.mkdtemp(prefix="grader-call-")
    if uid is not None:
        os.chown(tmpdir, uid, uid)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        child.run(request, write_fd, tmpdir, uid, limits.as_dict(),
                  trusted_roots=[str(GRADER_PARENT)], hide=[str(SOLUTIONS_DIR)])
    os.close(write_fd)
    started = time.monotonic()
    try:
        state, timed_out = _wait_for_child(pid, read_fd, request["timeout"], limits.result_bytes)
    finally:
        os.close(read_fd)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _, wait_status = os.waitpid(pid, 0)
        procs.kill_descendants(also_uid=uid)
    outcome = _outcome(state, timed_out, wait_status, request["timeout"])
    outcome["phase"] = state["phase"]
    outcome["seconds"] = round(time.monotonic() - started, 3)
    outcome["output"] = _read_excerpt(os.path.join(tmpdir, "output.txt"), limits.output_excerpt)
    shutil.rmtree(tmpdir, ignore_errors=True)
    return outcome


def _outcome(state, timed_out, wait_status, timeout):
    if state["final"] is not None:
        final = state["final"]
        if isinstance(final.get("status"), str) and isinstance(final.get("detail", {}), dict):
            return dict(final)
        return {"status": "bad_result", "detail": {"error": "malformed result"}}
    if state["bad"]:
        return {"status": "bad_result", "detail": {"error": "unreadable or too large result"}}
    if timed_out:
        return {"status": "timeout", "detail": {"seconds": timeout}}
    if os.WIFSIGNALED(wait_status):
        number = os.WTERMSIG(wait_status)
        if number == signal.SIGXCPU:
            return {"status": "timeout", "detail": {"seconds": timeout}}
        return {"status": "killed", "detail": {"signal": signal.Signals(number).name}}
    return {"status": "exited", "detail": {"code": str(os.WEXITSTATUS(wait_status))}}


def serve(connection, facts, limits):
    """Answer ``hello`` and ``call`` requests (JSON lines) until the client hangs up."""
    procs.become_subreaper()
    procs.die_with_parent(signal.SIGKILL)
    stream = connection.makefile("rwb")
    uid_error = None
    try:
        uid = sandbox_uid()
    except RuntimeError as error:
        uid, uid_error = None, str(error)
    submission = None
    for line in stream:
        request = json.loads(line)
        if request.get("op") == "hello":
            submission = request["submission"]
            reply = {"facts": facts, "limits": limits.as_dict(), "uid": uid,
                     "root": os.geteuid() == 0}
        elif uid_error is not None:
            reply = {"status": "grader_error", "detail": {"error": uid_error}}
        else:
            request["submission"] = submission
            reply = run_call(request, uid, limits)
        stream.write(json.dumps(reply).encode() + b"\n")
        stream.flush()
