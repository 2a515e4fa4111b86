"""Process hygiene shared by the CLI, the fork server and its handlers (Linux only).

A *subreaper* inherits the orphans of its descendants, so processes that a submission detaches
(double fork, ``setsid``) stay in our tree, where :func:`kill_descendants` finds and ends them.
"""
import ctypes
import os
import signal
import time

_PR_SET_PDEATHSIG = 1
_PR_SET_DUMPABLE = 4
_PR_SET_CHILD_SUBREAPER = 36

_libc = ctypes.CDLL(None, use_errno=True)


def _prctl(option, value):
    if _libc.prctl(option, ctypes.c_ulong(value), 0, 0, 0) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, os.strerror(errno))


def become_subreaper():
    """Adopt the orphans of our descendants (not inherited by children: call it in each)."""
    _prctl(_PR_SET_CHILD_SUBREAPER, 1)


def set_undumpable():
    """Make /proc/<pid>/{fd,environ,mem} and ptrace unavailable to same-uid processes."""
    _prctl(_PR_SET_DUMPABLE, 0)


def die_with_parent(sig=signal.SIGKILL):
    """Receive ``sig`` when the parent exits (cleared by fork and by changes of uid)."""
    _prctl(_PR_SET_PDEATHSIG, int(sig))


def _process_table():
    """Map pid -> (ppid, real uid) for every visible process that is not a zombie."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
            with open(f"/proc/{entry}/status", "rb") as f:
                status = f.read()
        except OSError:
            continue
        # The command name may contain spaces and parentheses: split after the last ')'.
        fields = stat.rsplit(b")", 1)[-1].split()
        if fields[0] == b"Z":  # already dead; its parent (or we, after adoption) reaps it
            continue
        uid = -1
        for line in status.splitlines():
            if line.startswith(b"Uid:"):
                uid = int(line.split()[1])
                break
        table[int(entry)] = (int(fields[1]), uid)
    return table


def descendants(root_pid):
    """Pids of all current descendants of ``root_pid``."""
    table = _process_table()
    children = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    found, stack = [], list(children.get(root_pid, []))
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def pids_of_uid(uid):
    return [pid for pid, (_, owner) in _process_table().items() if owner == uid]


def reap_children():
    """Collect every child that has exited, without waiting for the others."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def kill_descendants(root_pid=None, also_uid=None, rounds=50):
    """SIGKILL every descendant of ``root_pid`` (default: this process), and with ``also_uid``
    every process of that uid, until none is left. Returns how many were killed.

    Repeats because a process may fork between our scan and our kill; the orphans re-parent to
    us (we are a subreaper) and are reaped here so no zombie is left behind.
    """
    root_pid = os.getpid() if root_pid is None else root_pid
    killed = 0
    for _ in range(rounds):
        targets = set(descendants(root_pid))
        if also_uid is not None:
            targets.update(pid for pid in pids_of_uid(also_uid) if pid != os.getpid())
        alive = []
        for pid in targets:
            try:
                os.kill(pid, signal.SIGKILL)
                alive.append(pid)
            except ProcessLookupError:
                pass
            except PermissionError:
                pass
        reap_children()
        if not alive:
            return killed
        killed += len(alive)
        time.sleep(0.01)
    return killed
