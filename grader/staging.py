"""Copying a submission to a fresh folder that the sandbox's unprivileged uid can read.

Only regular top-level ``*.py`` files are copied (symbolic links are never followed, so a link
to a private file cannot be copied out as root), with limits on size and count. The copy also
means the learner's code cannot change the submission it came from.
"""
import os
import stat
import tempfile
from pathlib import Path

from grader import QUESTIONS

MODULE_FILES = tuple(f"{question}.py" for question in QUESTIONS)
_MAX_FILE_BYTES = 1 << 20
_MAX_FILES = 100


class SubmissionError(Exception):
    """The submission folder cannot be graded at all (a usage error)."""


def resolve(path):
    """The folder holding the modules: ``path`` itself, or its ``exercises/`` (a whole repo)."""
    path = Path(path)
    if not path.exists():
        raise SubmissionError(f"no such folder: {path}")
    if not path.is_dir():
        raise SubmissionError(f"not a folder: {path}")
    if not any((path / name).exists() for name in MODULE_FILES) and (path / "exercises").is_dir():
        return path / "exercises"
    return path


def stage(folder):
    """Copy the submission's Python files; returns the new folder (the caller removes it)."""
    target = tempfile.mkdtemp(prefix="grader-submission-")
    os.chmod(target, 0o755)
    copied = 0
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if copied >= _MAX_FILES:
            break
        if not entry.name.endswith(".py") or entry.name.startswith("."):
            continue
        try:
            fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue
        with os.fdopen(fd, "rb") as source:
            info = os.fstat(source.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_FILE_BYTES:
                continue
            data = source.read(_MAX_FILE_BYTES + 1)
        destination = os.path.join(target, entry.name)
        with open(destination, "wb") as copy:
            copy.write(data)
        os.chmod(destination, 0o644)
        copied += 1
    return target
