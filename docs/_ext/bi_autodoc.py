"""Bilingual docstrings for autodoc.

Docstrings of the exercises carry a Korean and an English part after ``[ko]`` and
``[en]`` marker lines (an English summary line may come first, for ``help()``).
Each docstring is rewrapped as a ``bi`` unit, so every view shows it like the rest
of the page: in its own language, or both side by side. The English summary is
the function's main instruction ("Return the argument to pass to ..."), so it
opens the English part (the Korean part says it in Korean itself).

Korean particles attach to the word before them (net의), but reST ends inline
markup only before a space or punctuation, so the docstrings put a space between
inline code and its particle, which also reads well in ``help()``. On the page
that space is escaped away.
"""

from __future__ import annotations

import re

from bilingual import split_by_language

# A space between the end of inline markup and a Korean particle (or a form of the
# copula) that makes up the whole next word. Nouns after code keep their space.
PARTICLE_AFTER_MARKUP = re.compile(
    r"(?<=`) (?=(?:을|를|은|는|이|가|의|에|에서|와|과|으로|로|도|만|보다|처럼|까지"
    r"|인|이고|이며|이면|이어야|입니다|이다|이라는|라는)(?![가-힣]))")


def attach_particles(line: str) -> str:
    """Backquote, space, particle → backquote, backslash-space, particle: reST's
    escaped space ends the inline markup and leaves no gap."""
    return PARTICLE_AFTER_MARKUP.sub(lambda _: "\\ ", line)


def wrap_docstring(app, what, name, obj, options, lines: list[str]) -> None:
    parts, _stray = split_by_language(lines)
    if not parts:
        return
    first_marker = parts[0][3]
    summary = [line for line in lines[:first_marker] if line.strip()]
    body = []
    for lang, first, end, marker in parts:
        part = lines[first:end]
        if lang == "ko":
            part = [attach_particles(line) for line in part]
        if lang == "en" and summary:
            part = [*summary, "", *part]
        body += [lines[marker], *part]
    lines[:] = [".. bi::", ""] + [f"   {line}" if line.strip() else "" for line in body] + [""]


def setup(app):
    app.connect("autodoc-process-docstring", wrap_docstring)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
