"""Copying a submission's files to a fresh private folder for its sandbox.

Only regular ``*.py`` files are copied (symbolic links are never followed, so a link to a
private file cannot be copied out as root), with limits on size and count. The copy also means
the learner's code cannot change the submission it came from.
"""
import os
import shutil
import stat
import tempfile

_MAX_FILE_BYTES = 1 << 20
_MAX_FILES = 100


class SubmissionError(Exception):
    """Nothing can be graded (a usage error)."""


def open_to_others(folder):
    """Whether every folder from / down to ``folder`` lets other users pass (o+x)."""
    path = os.path.abspath(folder)
    while True:
        try:
            if not os.stat(path).st_mode & stat.S_IXOTH:
                return False
        except OSError:
            return False
        if path == os.sep:
            return True
        path = os.path.dirname(path)


def work_root(for_other_uid=False):
    """Where a grading's private folders go: the usual temporary folder, or, when another uid
    must reach them by path (the uid sandbox), the first of /tmp and /var/tmp it can pass
    (some machines keep /tmp closed, mode 0700)."""
    default = tempfile.gettempdir()
    if not for_other_uid:
        return default
    for candidate in (default, "/tmp", "/var/tmp"):
        if open_to_others(candidate):
            return candidate
    raise SubmissionError("no temporary folder that other users can enter (/tmp and /var/tmp "
                          "are closed): set TMPDIR to one")


class Staged:
    """A private copy of a submission: ``path`` holds the files, inside ``root`` (mode 0700,
    owned by the grader, or by the sandbox's uid when that uid must reach the files by path),
    so no other user, and no other submission's sandbox uid, can enter it."""

    def __init__(self, root, path):
        self.root, self.path = root, path

    def give_to(self, uid):
        """Let ``uid`` (and root) alone reach the files."""
        os.chown(self.root, uid, uid)

    def remove(self):
        shutil.rmtree(self.root, ignore_errors=True)


def stage(files, for_other_uid=False):
    """Copy ``files`` ({name in the submission: source path}, see :mod:`grader.submissions`) to
    a new private folder (the caller removes it). A source that is not a regular file by the
    time it is opened (a link swapped in, a FIFO) or that is too large is left out."""
    root = tempfile.mkdtemp(prefix="grader-submission-", dir=work_root(for_other_uid))  # 0700
    target = os.path.join(root, "submission")
    os.mkdir(target, 0o755)
    for name, source_path in sorted(files.items())[:_MAX_FILES]:
        if os.sep in name or not name.endswith(".py") or name.startswith("."):
            continue
        try:
            fd = os.open(source_path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue
        with os.fdopen(fd, "rb") as source:
            info = os.fstat(source.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_FILE_BYTES:
                continue
            data = source.read(_MAX_FILE_BYTES + 1)
        destination = os.path.join(target, name)
        with open(destination, "wb") as copy:
            copy.write(data)
        os.chmod(destination, 0o644)
    return Staged(root, target)
