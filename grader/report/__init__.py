"""Reports of a :class:`grader.runner.GradeResult`: terminal table, Gradescope results.json,
JUnit XML and a Markdown summary, all rendered from the same catalogue in one language."""
import dataclasses
import os
import tempfile


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


def rendered_checks(result, catalogue, lang):
    rendered = []
    for check in result.checks:
        text, hint = catalogue.message(check.key, lang, check.params)
        rendered.append(RenderedCheck(
            check.question, check.id, catalogue.check_title(check.id, lang), check.points,
            check.score, check.passed, catalogue.word("passed" if check.passed else "failed", lang),
            text, "" if check.passed else hint, str(check.params.get("learner_output", ""))[:500]))
    return rendered


def write_atomically(path, data):
    """Write ``data`` (bytes) to ``path`` in one step: readers see the old or the new file."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
