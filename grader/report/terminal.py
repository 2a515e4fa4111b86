"""The table printed in the terminal."""
import textwrap

from tabulate import tabulate

from grader.report import rendered_checks


def _wrap(text, width):
    return "\n".join(textwrap.wrap(text, width)) if text else ""


def render(result, catalogue, lang, width=60):
    word = lambda name: catalogue.word(name, lang)  # noqa: E731
    rows = []
    totals = result.by_question()
    checks = rendered_checks(result, catalogue, lang)
    for question, (score, maximum) in totals.items():
        for check in (c for c in checks if c.question == question):
            message = check.text if check.passed else (
                f"{check.text}\n{word('hint')}: {check.hint}" if check.hint else check.text)
            rows.append([question, _wrap(check.title, 34), f"{check.score}/{check.points}",
                         check.status, "\n".join(_wrap(line, width) for line in message.split("\n"))])
        rows.append(["", _wrap(f"{word('subtotal')}: {catalogue.question_title(question, lang)}",
                               34), f"{score}/{maximum}", "", ""])
    headers = [word("question"), word("check"), word("points"), word("status"), word("message")]
    table = tabulate(rows, headers=headers, tablefmt="simple_grid")
    verdict = word("all_passed") if result.all_passed else word("some_failed")
    return (f"{word('title')}  ({word('submission')}: {result.submission}, "
            f"{word('seed')}: {result.seed})\n{table}\n"
            f"{word('total')}: {result.score}/{result.max_score}. {verdict}\n")
