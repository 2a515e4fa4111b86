"""A Markdown summary (for ``$GITHUB_STEP_SUMMARY``)."""
from grader.report import describe_sandbox, rendered_checks


def _cell(text):
    return text.replace("|", "\\|").replace("\n", "<br>")


def render(result, catalogue, lang):
    word = lambda name: catalogue.word(name, lang)  # noqa: E731
    lines = [f"## {word('title')}", "",
             f"**{word('total')}: {result.score} / {result.max_score}** — "
             f"{word('all_passed') if result.all_passed else word('some_failed')}", ""]
    for question, (score, maximum) in result.by_question().items():
        lines.append(f"- {catalogue.question_title(question, lang)}: {score} / {maximum}")
    lines += ["", f"| {word('question')} | {word('check')} | {word('points')} | "
                  f"{word('status')} | {word('message')} |", "|---|---|---|---|---|"]
    for check in rendered_checks(result, catalogue, lang):
        mark = "✅" if check.passed else "❌"
        message = check.text if not check.hint else f"{check.text}<br>*{word('hint')}:* {check.hint}"
        lines.append(f"| {check.question} | {_cell(check.title)} | {check.score}/{check.points} "
                     f"| {mark} {check.status} | {_cell(message)} |")
    sandbox = describe_sandbox(result.sandbox, catalogue, lang)
    lines += ["", f"*{sandbox}*", ""] if sandbox else [""]
    return "\n".join(lines) + "\n"
