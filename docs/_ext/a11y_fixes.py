"""Accessibility fixes for markup that MyST-NB writes and no setting changes.

MyST-NB draws the toggle of a cell with hidden code as ``<summary
aria-label="Toggle hidden content">`` around a visible label of our choosing
(``nb_code_prompt_show``, e.g. "코드 보기"): the accessible name then does not
contain the visible text (axe: label-content-name-mismatch, WCAG 2.5.3), and it
is English in the Korean views. Without the aria-label the name is the visible
label itself.
"""

from __future__ import annotations

HARD_CODED = '<summary aria-label="Toggle hidden content">'


def drop_toggle_label(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body and HARD_CODED in body:
        context["body"] = body.replace(HARD_CODED, "<summary>")


def setup(app):
    app.connect("html-page-context", drop_toggle_label)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
