"""Hostile fixture: removes the import blocker, then imports the reference answers."""
import sys

try:
    from hostile_paths import REPO
except ImportError:
    REPO = "/work/main"
sys.meta_path[:] = [f for f in sys.meta_path if "Block" not in type(f).__name__]
sys.path.insert(0, REPO)
from solutions.q2_huber import (huber, initializer_names, loss_names, make_loss,  # noqa: E402,F401
                                train)
