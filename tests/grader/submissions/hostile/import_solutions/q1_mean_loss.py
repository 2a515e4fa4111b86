"""Hostile fixture: imports the reference answers (after putting the repository on sys.path)."""
import sys

try:
    from hostile_paths import REPO
except ImportError:
    REPO = "/work/main"
sys.path.insert(0, REPO)
from solutions.q1_mean_loss import step_argument, train_step  # noqa: E402,F401
