"""Reports of a :class:`grader.runner.GradeResult`: terminal table, Gradescope results.json,
JUnit XML and a Markdown summary, all rendered from the same catalogue in one language."""
import dataclasses
import os
import secrets
import stat


@dataclasses.dataclass
class RenderedCheck:
    question: str
    check_id: str
    title: str
    points: int
    score: int
    passed: bool
    status: str
    text: str
    hint: str
    printed: str


def describe_sandbox(sandbox, catalogue, lang):
    """One line saying which sandbox the code ran in and what limited it ("" if unknown)."""
    kind = sandbox.get("kind") if isinstance(sandbox, dict) else None
    if kind not in ("bwrap", "uid", "none"):
        return ""
    word = lambda name: catalogue.word(name, lang)  # noqa: E731
    parts = [word(f"sandbox_{kind}")]
    if kind != "none":
        cgroup = sandbox.get("cgroup") or {}
        limited = cgroup.get("memory") and cgroup.get("processes")
        parts.append(word("sandbox_cgroup" if limited else "sandbox_per_process"))
    return f"{word('sandbox')}: " + "; ".join(parts)


def rendered_checks(result, catalogue, lang):
    rendered = []
    for check in result.checks:
        text, hint = catalogue.message(check.key, lang, check.params)
        rendered.append(RenderedCheck(
            check.question, check.id, catalogue.check_title(check.id, lang), check.points,
            check.score, check.passed, catalogue.word("passed" if check.passed else "failed", lang),
            text, "" if check.passed else hint, str(check.params.get("learner_output", ""))[:500]))
    return rendered


class OutputFolder:
    """A folder the reports go to, opened *before* any learner code runs: files are then
    created and renamed relative to that open folder, never by a path that something could
    have changed meanwhile (a link planted in a shared folder, a folder swapped for another)."""

    def __init__(self, path):
        os.makedirs(path, exist_ok=True)
        self.path = path
        self.fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)

    def write(self, name, data):
        """Replace ``name`` with ``data`` (bytes) in one step: readers see old or new."""
        temporary = f".{name}.{secrets.token_hex(8)}.part"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                     0o644, dir_fd=self.fd)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(temporary, name, src_dir_fd=self.fd, dst_dir_fd=self.fd)
        except BaseException:
            try:
                os.unlink(temporary, dir_fd=self.fd)
            except OSError:
                pass
            raise

    def remove(self, name):
        """Remove the file ``name`` if it is there."""
        try:
            os.unlink(name, dir_fd=self.fd)
        except FileNotFoundError:
            pass

    def subfolder(self, name):
        """A folder inside this one (made if needed, never through a link)."""
        try:
            os.mkdir(name, 0o755, dir_fd=self.fd)
        except FileExistsError:
            pass
        fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC,
                     dir_fd=self.fd)
        folder = OutputFolder.__new__(OutputFolder)
        folder.path, folder.fd = os.path.join(self.path, name), fd
        return folder

    def close(self):
        os.close(self.fd)


class ReportFile:
    """One report file, its folder opened now (see :class:`OutputFolder`)."""

    def __init__(self, path):
        path = os.path.abspath(path)
        self.folder = OutputFolder(os.path.dirname(path))
        self.name = os.path.basename(path)

    def write(self, data):
        self.folder.write(self.name, data)


class AppendFile:
    """A file appended to (``$GITHUB_STEP_SUMMARY``), opened now: a regular file, never
    through a link, never blocking on a FIFO."""

    def __init__(self, path):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        flags = (os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK
                 | os.O_CLOEXEC)
        try:
            self.fd = os.open(path, flags, 0o644)
        except OSError as error:
            raise ValueError(f"cannot append to {path}: {error.strerror}") from None
        if not stat.S_ISREG(os.fstat(self.fd).st_mode):
            os.close(self.fd)
            raise ValueError(f"{path} is not a regular file")

    def append(self, text):
        data = text.encode("utf-8")
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view):]
        os.close(self.fd)
