"""Red-team helper: fetch a reference answer from the grader's own git history."""
import subprocess

from hostile_paths import REPO


def reference_source(module):
    try:
        # safe.directory: git otherwise refuses a repository that another user owns.
        return subprocess.run(["git", "-c", "safe.directory=*", "-C", REPO, "show",
                               f"HEAD:solutions/{module}.py"],
                              capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return ""
