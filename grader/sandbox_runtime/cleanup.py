"""Ending what a call left behind, from inside the sandbox (Linux ``/proc``).

Which processes belong to a call depends on how the sandbox was made:

- ``namespace``: the sandbox has a PID namespace of its own (bubblewrap), so every process in
  its ``/proc`` except this server and the namespace's init (pid 1) is the learner's;
- ``uid``: the sandbox has a uid of its own, so every process of that uid but this one is;
- ``tree``: neither (unsandboxed, a learner's own code): the descendants of this server, which
  is a child subreaper, so detached processes are re-parented to it and stay in its tree.

A process counts as alive while any of its threads is. A process whose *main* thread exited
shows state ``Z`` in ``/proc/<pid>/stat`` although its other threads still run; it is killed
like any other (a signal to the process reaches every thread).
"""
import os
import shutil
import signal
import stat
import time


def _read(path):
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def _state(task_stat):
    # The command name may hold spaces and parentheses: the state follows the last ')'.
    fields = task_stat.rsplit(b")", 1)[-1].split()
    return fields[0] if fields else b"?"


def is_alive(pid):
    """Whether any thread of ``pid`` has not exited (a live thread under a dead leader counts)."""
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return False
    return any(_state(_read(f"/proc/{pid}/task/{tid}/stat")) not in (b"Z", b"X", b"")
               for tid in tids)


def _status_field(pid, name):
    for line in _read(f"/proc/{pid}/status").splitlines():
        if line.startswith(name + b":"):
            return line.split()[1:]
    return []


def _all_pids():
    return [int(entry) for entry in os.listdir("/proc") if entry.isdigit()]


def call_processes(scope, uid=None):
    """Pids (alive or not) that belong to the learner's side, by ``scope`` (see above);
    ``uid`` defaults to this process's."""
    me = os.getpid()
    pids = [pid for pid in _all_pids() if pid != me]
    if scope == "namespace":
        return [pid for pid in pids if pid != 1]
    if scope == "uid":
        uid = os.getuid() if uid is None else uid
        return [pid for pid in pids
                if (_status_field(pid, b"Uid")[:1] or [b"-1"])[0] == str(uid).encode()]
    children = {}
    for pid in pids:
        parent = _status_field(pid, b"PPid")
        if parent:
            children.setdefault(int(parent[0]), []).append(pid)
    found, stack = [], list(children.get(me, []))
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def reap():
    """Collect every exited child without waiting for the others."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def end_call_processes(scope, uid=None, rounds=200):
    """SIGKILL the learner's processes until none is alive; returns how many were signalled.

    Repeats because a process may fork between the scan and the kill."""
    signalled = 0
    for _ in range(rounds):
        alive = [pid for pid in call_processes(scope, uid) if is_alive(pid)]
        for pid in alive:
            try:
                os.kill(pid, signal.SIGKILL)
                signalled += 1
            except (ProcessLookupError, PermissionError):
                pass
        reap()
        if not alive:
            return signalled
        time.sleep(0.005)
    return signalled


def _open_up(top):
    """Give the owner back every right on the folders inside ``top`` (a learner may leave some
    with none, chmod 000), so they can be removed. Never follows links, never leaves ``top``."""
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            os.chmod(folder, stat.S_IRWXU)
            with os.scandir(folder) as entries:
                stack.extend(e.path for e in entries if e.is_dir(follow_symlinks=False))
        except OSError:
            pass


def remove_tree(top):
    """Remove the folder ``top`` and everything in it."""
    shutil.rmtree(top, ignore_errors=True)
    if os.path.lexists(top):
        _open_up(top)
        shutil.rmtree(top, ignore_errors=True)


def empty_folder(folder):
    """Remove everything inside ``folder`` (never following links), keep the folder itself."""
    try:
        entries = os.listdir(folder)
    except OSError:
        return
    for name in entries:
        path = os.path.join(folder, name)
        try:
            if os.path.isdir(path) and not os.path.islink(path):
                remove_tree(path)
            else:
                os.unlink(path)
        except OSError:
            pass
