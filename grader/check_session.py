"""Entry point of the grader's pytest process (``python -m grader.check_session``).

It runs only the grader's checks, with the grader's own configuration: no conftest files, no
cache, no plugins found by entry points (``PYTEST_DISABLE_PLUGIN_AUTOLOAD`` is set by the
runner), and the submission's folder is never a pytest path or the working directory.
"""
import sys

import pytest

from grader import QUESTIONS
from grader.paths import CHECKS_DIR


def pytest_arguments(timeout_seconds, question=None):
    """Every check, or only ``question``'s (its check module)."""
    target = CHECKS_DIR / f"check_{question}.py" if question else CHECKS_DIR
    return [
        "-c", str(CHECKS_DIR / "pytest.ini"), "--rootdir", str(CHECKS_DIR),
        "--noconftest", "-p", "no:cacheprovider", "-p", "no:stepwise",
        "--import-mode=importlib",
        "-p", "pytest_timeout", f"--timeout={timeout_seconds}",
        "-p", "grader.pytest_plugin",
        "-q", "-rN", str(target),
    ]


def main(argv):
    timeout_seconds = int(argv[1]) if len(argv) > 1 else 300
    question = argv[2] if len(argv) > 2 and argv[2] in QUESTIONS else None
    return pytest.main(pytest_arguments(timeout_seconds, question))


if __name__ == "__main__":
    sys.exit(int(main(sys.argv)))
