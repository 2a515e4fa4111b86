"""Hostile fixture: tries to kill the processes above it, then answers wrongly."""
import os
import signal


def _ancestors():
    pid, found = os.getpid(), []
    for _ in range(6):
        try:
            with open(f"/proc/{pid}/stat") as f:
                pid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
        if pid <= 1:
            break
        found.append(pid)
    return found


def step_argument(batch_size, mean):
    for pid in _ancestors():
        for sig in (signal.SIGKILL, signal.SIGTERM):
            try:
                os.kill(pid, sig)
            except OSError:
                pass
    return 0


def train_step(net, trainer, loss, X, y):
    raise NotImplementedError
