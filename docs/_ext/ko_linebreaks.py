"""Korean particles stay on the line of the word they follow.

With ``word-break: keep-all`` (ko-typography.css) a browser never breaks inside
a Korean word, but it still may where a particle follows a closing parenthesis,
a Latin word or inline code: "편향(bias) / 은", "`net(X)` / 가", "import / 합니다".
A line that starts with a bare particle reads like a mistake. So in each page's
HTML the particle is joined to what it follows with a no-wrap span; the
doctree, the search index and the text stay as they are.
"""

from __future__ import annotations

import html
import re

TAG = re.compile(r"(<[^>]+>)")
TAG_NAME = re.compile(r"^</?([a-zA-Z0-9]+)")
HANGUL_START = re.compile(r"^[\uac00-\ud7a3]+")
# Inside one text: a Korean word glued to a character that is neither a space,
# Hangul nor the end of an entity (&amp;): ")은", "t합니다", "’입니다".
GLUED = re.compile(r"([^\s\uac00-\ud7a3;<>])([\uac00-\ud7a3]+)")
# Text in these is code or not shown: left alone.
SKIP = {"pre", "script", "style", "code", "textarea", "title", "svg"}
VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "col", "source"}
# Inline elements joined to the particle after them (`init`은). The joined run
# cannot wrap at all (a browser breaks wherever the text before the particle
# may wrap), so only runs a 320 px phone's narrowest line still holds.
INLINE = {"code", "a", "span", "em", "strong", "cite", "kbd", "abbr", "sub", "sup", "var", "samp"}
MAX_JOINED = 26
OPEN, CLOSE = '<span class="ko-nobr">', "</span>"


def keep_particles_on_their_line(body: str) -> str:
    parts = TAG.split(body)
    skip = 0
    stack: list[tuple[str, int]] = []  # open elements: (name, index in parts)
    last_closed: tuple[int, int, str] | None = None  # the element just closed: open, close, name
    for index, part in enumerate(parts):
        if part.startswith("<"):
            name = (TAG_NAME.match(part) or [None, ""])[1].lower()
            if part.startswith("</"):
                while stack and stack[-1][0] != name:
                    stack.pop()
                if stack:
                    _, opened = stack.pop()
                    last_closed = (opened, index, name)
                if name in SKIP:
                    skip = max(0, skip - 1)
            elif name and name not in VOID and not part.endswith("/>") and not part.startswith("<!"):
                stack.append((name, index))
                if name in SKIP:
                    skip += 1
                last_closed = None
            continue
        if not part:
            continue
        if skip:
            last_closed = None
            continue
        particle = HANGUL_START.match(part)
        if particle and last_closed and last_closed[1] == index - 1 and last_closed[2] in INLINE:
            opened, closed, _name = last_closed
            shown = parts[opened:closed]
            tips = [i for i, p in enumerate(shown) if p.startswith('<span class="bi-term-tip"')]
            if tips:  # a term link: its tooltip's text is not on the line
                shown = shown[:tips[0]]
            inner = html.unescape("".join(p for p in shown if not p.startswith("<")))
            if inner and not inner[-1].isspace() and len(inner) <= MAX_JOINED:
                parts[opened] = OPEN + parts[opened]
                part = particle[0] + CLOSE + part[particle.end():]
        parts[index] = GLUED.sub(lambda m: f"{OPEN}{m[1]}{m[2]}{CLOSE}", part)
        last_closed = None
    return "".join(parts)


def on_page(app, pagename, templatename, context, doctree):
    if context.get("body"):
        context["body"] = keep_particles_on_their_line(context["body"])


def setup(app):
    # After the other body rewrites (bilingual's permalinks, a11y_fixes).
    app.connect("html-page-context", on_page, priority=800)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
