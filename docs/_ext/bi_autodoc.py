"""Bilingual docstrings for autodoc.

Docstrings of the exercises carry a Korean and an English part after ``[ko]`` and
``[en]`` marker lines (an English summary line may come first, for ``help()``).
Each docstring is rewrapped as a ``bi`` unit, so every view shows it like the rest
of the page: in its own language, or both side by side.
"""

from __future__ import annotations

from bilingual import split_by_language


def wrap_docstring(app, what, name, obj, options, lines: list[str]) -> None:
    parts, _summary = split_by_language(lines)
    if not parts:
        return
    first_marker = parts[0][3]
    body = lines[first_marker:]
    lines[:] = [".. bi::", ""] + [f"   {line}" if line.strip() else "" for line in body] + [""]


def setup(app):
    app.connect("autodoc-process-docstring", wrap_docstring)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
