"""Red-team fixture: leaves 100 MB in each of /tmp, /var/tmp and /dev/shm, and holds 6 x 350 MB
at once in forked children, each within any per-process memory limit.

It prints SIX-HELD when all six children held their memory at the same time. The test writes
``hostile_paths.py`` (MARK) next to this file.
"""
import os
import time

from hostile_paths import MARK

_MB = 1 << 20


def _leave_files():
    for folder in ("/tmp", "/var/tmp", "/dev/shm"):
        try:
            with open(os.path.join(folder, f"{MARK}-leftover"), "wb") as f:
                for _ in range(100):
                    f.write(b"\x01" * _MB)
        except OSError as error:
            print(f"could not fill {folder}: {error}")


def _hold_together(children=6, size=350 * _MB):
    read_end, write_end = os.pipe()
    pids = []
    for _ in range(children):
        pid = os.fork()
        if pid == 0:
            try:
                block = bytearray(b"\x01") * size  # written, so really resident
                os.write(write_end, b"1")
                time.sleep(4)
                block[0] = 2
            finally:
                os._exit(0)
        pids.append(pid)
    os.close(write_end)
    held = b""
    deadline = time.time() + 20
    while len(held) < children and time.time() < deadline:
        chunk = os.read(read_end, 16)
        if not chunk:
            break
        held += chunk
    for pid in pids:
        try:
            os.waitpid(pid, 0)
        except OSError:
            pass
    if len(held) == children:
        print(f"SIX-HELD-{MARK}")
    else:
        print(f"only {len(held)} of {children} held their memory")


_leave_files()


def step_argument(batch_size, mean):
    _hold_together()
    return 0


def train_step(net, trainer, loss, X, y):
    raise NotImplementedError
