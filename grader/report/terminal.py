"""The report printed in a terminal: one block per question, one line per check, and under a
failed check its message, hint and what the code printed, wrapped to the terminal's width.

Widths are display widths (a Hangul syllable takes two columns, :mod:`wcwidth`), so the report
fits an 80-column terminal in Korean as in English; a wider terminal (``COLUMNS``, or the size
of the terminal itself) gets longer lines, up to 120 columns.
"""
import os
import shutil

from wcwidth import wcswidth, wcwidth

from grader.report import rendered_checks

DEFAULT_WIDTH, MIN_WIDTH, MAX_WIDTH = 80, 40, 120
_PRINTED_LINES = 6


def terminal_width(environ=None):
    environ = os.environ if environ is None else environ
    try:
        width = int(environ.get("COLUMNS", ""))
    except ValueError:
        width = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    return max(MIN_WIDTH, min(MAX_WIDTH, width))


def display_width(text):
    width = wcswidth(text)
    return width if width >= 0 else sum(max(wcwidth(c), 0) for c in text)


def _split_long(word, width):
    """A word wider than ``width``, cut into pieces that fit (by display width)."""
    pieces, piece = [], ""
    for char in word:
        if display_width(piece + char) > width and piece:
            pieces.append(piece)
            piece = ""
        piece += char
    return pieces + [piece] if piece else pieces


def wrap(text, width):
    """``text`` as lines of at most ``width`` columns, broken at spaces where possible."""
    lines = []
    for paragraph in str(text).split("\n"):
        indent = paragraph[: len(paragraph) - len(paragraph.lstrip(" "))]
        line = ""
        for word in paragraph.split():
            for piece in _split_long(word, width - display_width(indent)) or [""]:
                candidate = f"{line} {piece}" if line else f"{indent}{piece}"
                if display_width(candidate) <= width:
                    line = candidate
                else:
                    lines.append(line)
                    line = f"{indent}{piece}"
        lines.append(line)
    return lines


def _pad(text, width):
    return text + " " * max(0, width - display_width(text))


def render(result, catalogue, lang, width=None):
    width = terminal_width() if width is None else width
    word = lambda name: catalogue.word(name, lang)  # noqa: E731
    status_width = max(display_width(word("passed")), display_width(word("failed")))
    points_width = 5
    gutter = 2 + status_width + 2 + points_width + 1
    body = width - gutter
    out = wrap(word("title"), width)
    out += wrap(f"{word('submission')}: {result.submission} · {word('seed')}: {result.seed}", width)
    checks = rendered_checks(result, catalogue, lang)
    shown_printed = set()
    for question, (score, maximum) in result.by_question().items():
        members = [c for c in checks if c.question == question]
        if not members:
            continue
        heading = catalogue.question_title(question, lang)
        total = f"{score}/{maximum}"
        out.append("")
        heading_lines = wrap(heading, width - len(total) - 1)
        for line in heading_lines[:-1]:
            out.append(line)
        out.append(_pad(heading_lines[-1], width - len(total)) + total)
        for check in members:
            title = wrap(check.title, body)
            out.append(f"  {_pad(check.status, status_width)}  "
                       f"{_pad(f'{check.score}/{check.points}', points_width)} {title[0]}")
            indent = " " * gutter
            out += [indent + line for line in title[1:]]
            if check.passed:
                continue
            details = [check.text]
            if check.hint:
                details.append(f"{word('hint')}: {check.hint}")
            for detail in details:
                out += [indent + line for line in wrap(detail, body)]
            if check.printed and check.printed not in shown_printed:
                shown_printed.add(check.printed)
                out.append(indent + f"{word('printed')}:")
                printed = check.printed.splitlines()[:_PRINTED_LINES]
                for line in printed:
                    out += [indent + "| " + piece for piece in wrap(line, body - 2)[:2]]
    verdict = word("all_passed") if result.all_passed else word("some_failed")
    out.append("")
    out += wrap(f"{word('total')}: {result.score}/{result.max_score}. {verdict}", width)
    return "\n".join(out) + "\n"
