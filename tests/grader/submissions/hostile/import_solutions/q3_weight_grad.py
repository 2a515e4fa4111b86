"""Hostile fixture: reads the reference answer's file from disk and runs it."""
import os

try:
    from hostile_paths import REPO
except ImportError:
    REPO = "/work/main"
with open(os.path.join(REPO, "solutions", "q3_weight_grad.py")) as f:
    exec(compile(f.read(), "q3_weight_grad_solution.py", "exec"))  # noqa: S102
