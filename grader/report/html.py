"""The report as an HTML table, for Jupyter (see :mod:`grader.notebook`)."""
import html
import re

from grader.report import rendered_checks

_CODE = re.compile(r"`([^`]+)`")


def _inline(text):
    """Escaped text whose `code` spans become <code> and whose line breaks stay."""
    escaped = html.escape(text)
    return _CODE.sub(r"<code>\1</code>", escaped).replace("\n", "<br>")


def render(result, catalogue, lang):
    word = lambda name: catalogue.word(name, lang)  # noqa: E731
    rows = []
    checks = rendered_checks(result, catalogue, lang)
    for question, (score, maximum) in result.by_question().items():
        rows.append(f'<tr><th colspan="3" style="text-align:left">'
                    f'{_inline(catalogue.question_title(question, lang))}</th>'
                    f'<th style="text-align:right">{score}/{maximum}</th></tr>')
        for check in (c for c in checks if c.question == question):
            mark = "✅" if check.passed else "❌"
            detail = "" if check.passed else _inline(check.text) + (
                f"<br><em>{html.escape(word('hint'))}:</em> {_inline(check.hint)}"
                if check.hint else "")
            if check.printed and not check.passed:
                detail += (f"<details><summary>{html.escape(word('printed'))}</summary>"
                           f"<pre>{html.escape(check.printed)}</pre></details>")
            rows.append(f"<tr><td>{mark}</td><td style='text-align:left'>{_inline(check.title)}"
                        f"</td><td style='text-align:left'>{detail}</td>"
                        f"<td style='text-align:right'>{check.score}/{check.points}</td></tr>")
    verdict = word("all_passed") if result.all_passed else word("some_failed")
    return (f'<div lang="{lang}"><p><strong>{html.escape(word("title"))}</strong></p>'
            f"<table>{''.join(rows)}</table>"
            f"<p><strong>{html.escape(word('total'))}: {result.score}/{result.max_score}"
            f"</strong> — {html.escape(verdict)}</p></div>")
