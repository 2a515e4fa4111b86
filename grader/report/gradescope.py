"""Gradescope's results.json (fields as documented for Gradescope autograders).

Outputs are Markdown (``output_format: "md"``), so the messages' `code` renders as code and a
traceback or what the learner's code printed keeps its lines in a code block.
"""
import json
import re

from grader import QUESTIONS
from grader.report import describe_sandbox, rendered_checks


def code_block(text):
    """``text`` verbatim in a fenced block whose fence no run of backticks in it can close."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def _test_output(check, catalogue, lang):
    # A message's first line is prose; the lines after it (a traceback's file:line and code)
    # are shown as they are.
    first, _, rest = check.text.partition("\n")
    parts = [first]
    if rest.strip():
        parts.append(code_block(rest.rstrip()))
    if check.hint:
        parts.append(f"**{catalogue.word('hint', lang)}:** {check.hint}")
    if check.printed:
        parts.append(f"**{catalogue.word('printed', lang)}:**\n\n{code_block(check.printed)}")
    return "\n\n".join(parts)


def build(result, catalogue, lang):
    tests, counters = [], {}
    for check in rendered_checks(result, catalogue, lang):
        index = QUESTIONS.index(check.question) + 1
        counters[index] = counters.get(index, 0) + 1
        tests.append({
            "name": f"{check.question}: {check.title}",
            "score": check.score, "max_score": check.points,
            "status": "passed" if check.passed else "failed",
            "output": _test_output(check, catalogue, lang), "output_format": "md",
            "visibility": "visible", "number": f"{index}.{counters[index]}",
            "tags": [check.question],
        })
    questions = "\n".join(f"- {catalogue.question_title(question, lang)}: {score}/{maximum}"
                          for question, (score, maximum) in result.by_question().items())
    paragraphs = [f"**{catalogue.word('total', lang)}: {result.score}/{result.max_score}**",
                  questions,
                  catalogue.word("all_passed" if result.all_passed else "some_failed", lang)]
    sandbox = describe_sandbox(result.sandbox, catalogue, lang)
    if sandbox:
        paragraphs.append(f"*{sandbox}*")
    return {
        "score": result.score, "execution_time": max(1, round(result.seconds)),
        "output": "\n\n".join(paragraphs), "output_format": "md",
        "test_output_format": "md", "visibility": "visible", "stdout_visibility": "visible",
        "tests": tests,
    }


def unfinished(catalogue, lang):
    """What results.json holds while grading runs: zero, so a grader that dies midway (or is
    killed) leaves no earlier or forged pass behind."""
    return {"score": 0, "execution_time": 0, "output": catalogue.word("unfinished", lang),
            "output_format": "md", "visibility": "visible", "stdout_visibility": "visible",
            "tests": []}


def dumps(data):
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
