"""Gradescope's results.json (fields as documented for Gradescope autograders)."""
import json

from grader import QUESTIONS
from grader.report import describe_sandbox, rendered_checks


def _test_output(check, catalogue, lang):
    parts = [check.text]
    if check.hint:
        parts.append(f"{catalogue.word('hint', lang)}: {check.hint}")
    if check.printed:
        parts.append(f"{catalogue.word('printed', lang)}:\n{check.printed}")
    return "\n".join(parts)


def build(result, catalogue, lang):
    tests, counters = [], {}
    for check in rendered_checks(result, catalogue, lang):
        index = QUESTIONS.index(check.question) + 1
        counters[index] = counters.get(index, 0) + 1
        tests.append({
            "name": f"{check.question}: {check.title}",
            "score": check.score, "max_score": check.points,
            "status": "passed" if check.passed else "failed",
            "output": _test_output(check, catalogue, lang),
            "visibility": "visible", "number": f"{index}.{counters[index]}",
            "tags": [check.question],
        })
    lines = [f"{catalogue.word('total', lang)}: {result.score}/{result.max_score}"]
    for question, (score, maximum) in result.by_question().items():
        lines.append(f"{catalogue.question_title(question, lang)}: {score}/{maximum}")
    lines.append(catalogue.word("all_passed" if result.all_passed else "some_failed", lang))
    sandbox = describe_sandbox(result.sandbox, catalogue, lang)
    if sandbox:
        lines.append(sandbox)
    return {
        "score": result.score, "execution_time": max(1, round(result.seconds)),
        "output": "\n".join(lines), "visibility": "visible", "stdout_visibility": "visible",
        "tests": tests,
    }


def unfinished(catalogue, lang):
    """What results.json holds while grading runs: zero, so a grader that dies midway (or is
    killed) leaves no earlier or forged pass behind."""
    return {"score": 0, "execution_time": 0, "output": catalogue.word("unfinished", lang),
            "visibility": "visible", "stdout_visibility": "visible", "tests": []}


def dumps(data):
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
