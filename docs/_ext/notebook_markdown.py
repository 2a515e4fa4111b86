"""Turn one Markdown cell of a bilingual page into plain Markdown in one language.

Jupyter renders CommonMark, not MyST, so the downloaded notebook must not carry
our directives and roles. This handles exactly the constructs the site's pages
use and reports anything else, so an unknown construct fails the build instead of
reaching a reader's notebook as raw syntax.

A dropdown (a hint) becomes cells of its own: its title, then its body in a cell
that Jupyter shows collapsed (``jupyter.source_hidden``), so the notebook keeps
hints folded as the page does. ``Converted.pieces`` lists the cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bilingual import split_by_language

FENCE = re.compile(r"^(?P<colons>:{3,})\{(?P<name>[\w:-]+)\}\s*(?P<argument>.*)$")
OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
LANG_ROLE = re.compile(r"\{(?P<lang>ko|en)\}`(?P<text>[^`]*)`")
FOREIGN_ROLE = re.compile(r"\{in-(?:ko|en)\}`(?P<text>[^`]*)`")
TERM_ROLE = re.compile(r"\{t\}`(?P<text>[^`<]*?)\s*<[^>]*>`")
XREF_ROLE = re.compile(r"\{(?:py:func|py:mod|py:class|func|mod|class)\}`~?(?P<target>[^`]*)`")
DOC_ROLE = re.compile(r"\{(?:doc|ref)\}`(?P<text>[^`<]*?)\s*<[^>]*>`")
BACKTICK_FENCE = re.compile(r"^(?P<ticks>`{3,})\{(?P<name>[\w:-]+)\}\s*(?P<argument>.*)$")
LABEL = re.compile(r"^\([\w-]+\)=\s*$")
LEFTOVER = re.compile(r"\{[\w:-]+\}`|^:{3,}|^```\{", re.M)
# Lines the converter emits to split a cell: a new visible cell, a new collapsed one.
NEW_CELL = "\x00cell\x00"
NEW_HIDDEN_CELL = "\x00hidden-cell\x00"


@dataclass
class Piece:
    """One Markdown cell of the notebook; ``hidden``: shown collapsed (a hint)."""
    markdown: str
    hidden: bool = False


@dataclass
class Converted:
    markdown: str
    attachments: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)


def inline(text: str, lang: str) -> str:
    text = LANG_ROLE.sub(lambda m: m["text"] if m["lang"] == lang else "", text)
    text = TERM_ROLE.sub(lambda m: m["text"], text)
    text = FOREIGN_ROLE.sub(lambda m: m["text"], text)
    text = DOC_ROLE.sub(lambda m: m["text"], text)
    text = XREF_ROLE.sub(lambda m: f"`{m['target'].split('.')[-1]}`", text)
    return re.sub(r"[ \t]{2,}", " ", text)


def read_options(lines: list[str], index: int) -> tuple[dict, int]:
    """The ``:key: value`` lines that open a directive's body; index after them."""
    options = {}
    while index < len(lines) and OPTION.match(lines[index]):
        match = OPTION.match(lines[index])
        options[match["key"]] = match["value"]
        index += 1
    return options, index


def read_block(lines: list[str], start: int, colons: str) -> tuple[dict, list[str], int]:
    """Options and body of the colon fence opening at ``start``; index after its end."""
    options, index = read_options(lines, start + 1)
    body = []
    while index < len(lines):
        line = lines[index].strip()
        # A colon fence closes at a bare run of at least as many colons;
        # fences nested inside it use fewer.
        if line and not line.strip(":") and len(line) >= len(colons):
            return options, body, index + 1
        body.append(lines[index])
        index += 1
    return options, body, index


def read_backtick_block(lines: list[str], start: int, ticks: str) -> tuple[dict, list[str], int]:
    """Options and body of a backtick directive fence; index after its closing fence."""
    options, index = read_options(lines, start + 1)
    body = []
    while index < len(lines):
        if lines[index].strip() == ticks:
            return options, body, index + 1
        body.append(lines[index])
        index += 1
    return options, body, index


def language_part(body: list[str], lang: str) -> list[str]:
    for part_lang, first, end, _marker in split_by_language(body)[0]:
        if part_lang == lang:
            return body[first:end]
    return []


class MarkdownConverter:
    """Converts cells for one language; ``figures`` maps an image path to (name, mime, bytes)."""

    def __init__(self, lang: str, figures, discussion_url: str, texts: dict[str, str], read_file):
        self.lang = lang
        self.figures = figures
        self.read_file = read_file
        self.discussion_url = discussion_url
        self.texts = texts

    def convert(self, source: str) -> Converted:
        result = Converted("")
        out = self._lines(source.splitlines(), result)
        groups: list[tuple[list[str], bool]] = [([], False)]
        for line in out:
            if line in (NEW_CELL, NEW_HIDDEN_CELL):
                groups.append(([], line == NEW_HIDDEN_CELL))
            else:
                groups[-1][0].append(line)
        for lines, hidden in groups:
            markdown = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
            if markdown:
                result.pieces.append(Piece(markdown, hidden))
        result.markdown = "\n\n".join(piece.markdown for piece in result.pieces)
        for leftover in LEFTOVER.findall(result.markdown):
            result.problems.append(f"unconverted MyST syntax {leftover!r}")
        return result

    def _lines(self, lines: list[str], result: Converted) -> list[str]:
        out, index = [], 0
        while index < len(lines):
            line = lines[index]
            fence = FENCE.match(line.strip())
            if LABEL.match(line):
                index += 1
                continue
            ticks = BACKTICK_FENCE.match(line.strip())
            if ticks:
                options, body, index = read_backtick_block(lines, index, ticks["ticks"])
                out.extend(self._directive(ticks["name"], ticks["argument"], options, body, result))
                continue
            if not fence:
                out.append(inline(line, self.lang))
                index += 1
                continue
            options, body, index = read_block(lines, index, fence["colons"])
            out.extend(self._directive(fence["name"], fence["argument"], options, body, result))
        return out

    def _directive(self, name, argument, options, body, result) -> list[str]:
        lang = self.lang
        if name == "bi":
            return ["", *self._lines(language_part(body, lang), result), ""]
        if name == "bi-figure":
            figure = self.figures(argument)
            caption = " ".join(line.strip() for line in language_part(body, lang))
            if figure is None:
                result.problems.append(f"figure {argument!r} not found")
                return []
            filename, mime, data = figure
            result.attachments[filename] = {mime: data}
            alt = options.get(f"alt-{lang}", "")
            return ["", f"![{alt}](attachment:{filename})", "", f"*{caption}*", ""]
        if name == "dropdown":
            title = inline(argument, lang).strip()
            return [NEW_CELL, f"**{title}**", NEW_HIDDEN_CELL, *self._lines(body, result), NEW_CELL]
        if name == "glue:figure":
            return []  # the figure is the output of the code cell that glued it
        if name == "discussion-qr":
            url = self.discussion_url
            return ["", self.texts["discussion"].format(url=url), ""]
        if name == "notebook-download":
            return []
        if name == "literalinclude":
            text = self.read_file(argument)
            if text is None:
                result.problems.append(f"literalinclude {argument!r} not found")
                return []
            language = options.get("language", "")
            return ["", f"```{language}", text.rstrip("\n"), "```", ""]
        result.problems.append(f"no plain-Markdown form for directive {{{name}}}")
        return []
