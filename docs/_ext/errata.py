"""The errata page: every correction we made to the seed's Korean text.

``docs/_data/errata.toml`` is the single record of corrections (seed text → ours,
and why, in both languages); the tests apply it to the seed and require the
result to match the Korean page, so the page cannot silently drift from it.

- ``{errata-table}``: the corrections, one row each.
- ``{errata-decisions}``: what we decided about content the Korean left out.
- ``{restored-code} <docname>``: inline code the seed's extraction lost, listed
  from the page's Korean source itself, so the list is complete by construction.
  The source is read with MyST's own parser, so a role (``{t}`…```) is never
  mistaken for code; units we added (``:class: bi-added``) restore nothing.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from pathlib import Path

from docutils import nodes
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from sphinx.util.docutils import SphinxDirective

from bilingual import LANGUAGES, bi_unit, foreign, lang_block, split_by_language

KINDS = {
    "typo": ("오타", "typo"),
    "spelling": ("맞춤법", "spelling"),
    "spacing": ("띄어쓰기", "spacing"),
    "particle": ("조사", "particle"),
    "extraction": ("추출 손실", "lost in extraction"),
    "wording": ("문장", "wording"),
    "fact": ("사실 관계", "fact"),
    "restored": ("원문 내용 복원", "restored from the original"),
    "translated": ("번역", "translated"),
}
HEADERS = {
    "ko": ("구분", "원본(seed)", "수정", "이유"),
    "en": ("Kind", "Seed text", "Our text", "Why"),
}
HEADING = re.compile(r"^#{1,6}\s+(?P<number>[\d.]+)\s")
# Korean words inside English text ("the particle 을"), spaces between them and
# punctuation glued to their front ("(…들을") included.
KOREAN_RUN = re.compile(r"[^\s\w]*[\uac00-\ud7a3]+(?:\s+[\uac00-\ud7a3]+)*")


def data_path(app) -> Path:
    return Path(app.confdir) / app.config.errata_file


def load_errata(app) -> dict:
    with data_path(app).open("rb") as handle:
        return tomllib.load(handle)


def row(cells: list[nodes.Element]) -> nodes.row:
    result = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += cell
        result += entry
    return result


def para(*children: nodes.Node) -> nodes.paragraph:
    return nodes.paragraph("", "", *children)


def make_table(headers: tuple[str, ...], rows: list[nodes.row], widths: list[int], kind: str) -> nodes.table:
    table = nodes.table(classes=["errata-table", f"errata-{kind}", "bi-exempt"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += row([para(nodes.Text(text)) for text in headers])
    group += head
    body = nodes.tbody()
    body.extend(rows)
    group += body
    return table


def labelled(label: str, cell: nodes.Element) -> nodes.Element:
    """A cell that starts with its column's header, shown only where the table
    is laid out as cards (phones: ko-typography.css)."""
    paragraph = cell if isinstance(cell, nodes.paragraph) else None
    marker = nodes.inline(text=label, classes=["errata-label"])
    if paragraph is not None:
        paragraph.insert(0, marker)
        return paragraph
    cell.insert(0, nodes.paragraph("", "", marker))
    return cell


def text_paragraph(text: str, lang: str) -> nodes.paragraph:
    """A paragraph of ``text``; in English, its Korean words are marked lang="ko"."""
    paragraph = nodes.paragraph()
    if lang == "ko":
        paragraph += nodes.Text(text)
        return paragraph
    position = 0
    for match in KOREAN_RUN.finditer(text):
        if match.start() > position:
            paragraph += nodes.Text(text[position:match.start()])
        paragraph += foreign(match[0], match[0], lang="ko")
        position = match.end()
    if position < len(text):
        paragraph += nodes.Text(text[position:])
    return paragraph


def view_text(view: str, texts: dict[str, str]) -> nodes.Element:
    """A cell's text in the view's language; both languages, marked, side by side."""
    if view != "both":
        return text_paragraph(texts[view], view)
    container = nodes.container(classes=["bi-exempt"])
    for lang in LANGUAGES:
        block = lang_block(lang=lang)
        block += text_paragraph(texts[lang], lang)
        container += block
    return container


def quoted_korean(text: str, other: str, mark: str, classes: list[str]) -> nodes.inline:
    """Korean text quoted as prose (lang="ko", never a code box), with the
    characters that differ from ``other`` marked (``mark``: "del" or "ins")."""
    quote = nodes.inline(classes=[*classes, "language-ko"])
    matcher = difflib.SequenceMatcher(None, text, other, autojunk=False)
    for tag, start, end, _other_start, _other_end in matcher.get_opcodes():
        if start == end:
            continue
        if tag == "equal":
            quote += nodes.Text(text[start:end])
        else:
            quote += nodes.inline(text=text[start:end], classes=[f"errata-{mark}"])
    return quote


class ErrataTableDirective(SphinxDirective):
    def run(self):
        self.env.note_dependency(str(data_path(self.env.app)))
        view = self.config.bilingual_view
        header_lang = "en" if view == "en" else "ko"
        headers = HEADERS[header_lang]
        rows = []
        for fix in load_errata(self.env.app)["correction"]:
            kind = KINDS[fix["kind"]]
            rows.append(row([
                labelled(headers[0], view_text(view, {"ko": kind[0], "en": kind[1]})),
                labelled(headers[1], para(quoted_korean(fix["seed"], fix["ours"], "del", ["errata-seed"]))),
                labelled(headers[2], para(quoted_korean(fix["ours"], fix["seed"], "ins", ["errata-ours"]))),
                labelled(headers[3], view_text(view, {"ko": fix["why_ko"], "en": fix["why_en"]})),
            ]))
        return [make_table(headers, rows, [12, 28, 28, 32], "corrections")]


class ErrataDecisionsDirective(SphinxDirective):
    def run(self):
        self.env.note_dependency(str(data_path(self.env.app)))
        units = []
        for index, decision in enumerate(load_errata(self.env.app)["decision"], start=1):
            unit = bi_unit(ids=[f"decision-{index}"], classes=["errata-decision"])
            for lang in LANGUAGES:
                block = lang_block(lang=lang)
                paragraph = nodes.paragraph()
                paragraph += nodes.strong(text=decision[f"topic_{lang}"] + ". ")
                paragraph += nodes.Text(decision[f"text_{lang}"])
                block += paragraph
                unit += block
            units.append(unit)
        return units


@functools.cache
def markdown_parser():
    return create_md_parser(MdParserConfig(), RendererHTML)


def code_spans(text: str) -> list[str]:
    """The inline code of a MyST text, in order; roles and their content are not code."""
    spans = []
    for block in markdown_parser().parse(text):
        for token in block.children or []:
            if token.type == "code_inline":
                spans.append(token.content)
    return spans


def restored_code(source: str) -> list[tuple[str, list[str]]]:
    """(section number, inline code spans) for the Korean parts of a bilingual
    page's own units (those not marked ``bi-added``)."""
    sections: list[tuple[str, list[str]]] = []
    lines = source.splitlines()
    number = ""
    index = 0
    while index < len(lines):
        heading = HEADING.match(lines[index])
        if heading:
            number = heading["number"].rstrip(".")
        if lines[index].startswith(":::{bi}"):
            end = index + 1
            while end < len(lines) and lines[end].strip() != ":::":
                end += 1
            body = lines[index + 1:end]
            added = any(line.strip().startswith(":class:") and "bi-added" in line for line in body)
            for lang, first, stop, _marker in split_by_language(body)[0]:
                if lang == "ko" and not added:
                    spans = code_spans("\n".join(body[first:stop]))
                    if spans:
                        if sections and sections[-1][0] == number:
                            sections[-1][1].extend(spans)
                        else:
                            sections.append((number, spans))
            index = end
        index += 1
    return sections


class RestoredCodeDirective(SphinxDirective):
    required_arguments = 1

    def run(self):
        docname = self.arguments[0]
        path = Path(self.env.doc2path(docname))
        self.env.note_dependency(str(path))
        view = self.config.bilingual_view
        headers = ("Section", "Inline code restored") if view == "en" else ("절", "되살린 인라인 코드")
        rows = []
        for number, spans in restored_code(path.read_text(encoding="utf-8")):
            cell = nodes.paragraph()
            for position, span in enumerate(spans):
                if position:
                    cell += nodes.Text(", ")
                cell += nodes.literal(text=span)
            rows.append(row([para(nodes.Text(number)), cell]))
        return [make_table(headers, rows, [15, 85], "restored")]


def setup(app):
    app.add_config_value("errata_file", "docs/_data/errata.toml", "env", types=[str])
    app.add_directive("errata-table", ErrataTableDirective)
    app.add_directive("errata-decisions", ErrataDecisionsDirective)
    app.add_directive("restored-code", RestoredCodeDirective)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
