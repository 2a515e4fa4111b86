"""Hostile fixture: leaves a daemon behind (double fork, setsid), named MARK in the process
table, that keeps writing a heartbeat and tries to overwrite every results.json it can name,
then answers wrongly.

The test that uses it writes ``hostile_paths.py`` next to this file with HEARTBEAT, TARGETS
and MARK.
"""
import ctypes
import os
import time

try:
    from hostile_paths import HEARTBEAT, MARK, TARGETS
except ImportError:
    HEARTBEAT, TARGETS, MARK = "/tmp/grader-hostile-heartbeat", [], "hostile-daemon"

FORGED = b'{"score": 999, "tests": [], "output": "forged by a leftover process"}\n'


def _daemon():
    for _ in range(600):  # about two minutes
        try:
            with open(HEARTBEAT, "a") as f:
                f.write(f"{os.getpid()} {time.time()}\n")
        except OSError:
            pass
        for target in TARGETS:
            for path in (target, target + ".forged"):
                try:
                    with open(path + ".forged", "wb") as f:
                        f.write(FORGED)
                    os.replace(path + ".forged", target)
                except OSError:
                    pass
        time.sleep(0.2)


def _leave_daemon():
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            ctypes.CDLL(None).prctl(15, MARK.encode()[:15], 0, 0, 0)  # PR_SET_NAME
            try:
                _daemon()
            finally:
                os._exit(0)
        os._exit(0)
    time.sleep(0.3)  # let it start


def step_argument(batch_size, mean):
    _leave_daemon()
    return 0


def train_step(net, trainer, loss, X, y):
    raise NotImplementedError
