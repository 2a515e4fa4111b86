"""The errata page: every correction we made to the seed's Korean text.

``docs/_data/errata.toml`` is the single record of corrections (seed text → ours,
and why, in both languages); the tests apply it to the seed and require the
result to match the Korean page, so the page cannot silently drift from it.

- ``{errata-table}``: the corrections, one row each.
- ``{errata-decisions}``: what we decided about content the Korean left out.
- ``{restored-code} <docname>``: inline code the seed's extraction lost, listed
  from the page's Korean source itself, so the list is complete by construction.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from bilingual import LANGUAGES, bi_unit, lang_block, split_by_language

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
# Inline code, not a role's content ({t}`…`, {ko}`…`).
CODE = re.compile(r"(?<!\})`([^`]+)`")
HEADING = re.compile(r"^#{1,6}\s+(?P<number>[\d.]+)\s")


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


def make_table(headers: tuple[str, ...], rows: list[nodes.row], widths: list[int]) -> nodes.table:
    table = nodes.table(classes=["errata-table", "bi-exempt"])
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


def view_text(view: str, texts: dict[str, str]) -> nodes.Element:
    """A cell's text in the view's language; both languages, marked, side by side."""
    if view != "both":
        return nodes.paragraph(text=texts[view])
    container = nodes.container(classes=["bi-exempt"])
    for lang in LANGUAGES:
        block = lang_block(lang=lang)
        block += nodes.paragraph(text=texts[lang])
        container += block
    return container


class ErrataTableDirective(SphinxDirective):
    def run(self):
        self.env.note_dependency(str(data_path(self.env.app)))
        view = self.config.bilingual_view
        header_lang = "en" if view == "en" else "ko"
        rows = []
        for fix in load_errata(self.env.app)["correction"]:
            kind = KINDS[fix["kind"]]
            rows.append(row([
                view_text(view, {"ko": kind[0], "en": kind[1]}),
                para(nodes.literal(text=fix["seed"], classes=["errata-seed"])),
                para(nodes.literal(text=fix["ours"], classes=["errata-ours"])),
                view_text(view, {"ko": fix["why_ko"], "en": fix["why_en"]}),
            ]))
        return [make_table(HEADERS[header_lang], rows, [12, 28, 28, 32])]


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


def restored_code(source: str) -> list[tuple[str, list[str]]]:
    """(section number, inline code spans) for the Korean parts of a bilingual page."""
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
            for lang, first, stop, _marker in split_by_language(body)[0]:
                if lang == "ko":
                    spans = CODE.findall("\n".join(body[first:stop]))
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
        return [make_table(headers, rows, [15, 85])]


def setup(app):
    app.add_config_value("errata_file", "docs/_data/errata.toml", "env", types=[str])
    app.add_directive("errata-table", ErrataTableDirective)
    app.add_directive("errata-decisions", ErrataDecisionsDirective)
    app.add_directive("restored-code", RestoredCodeDirective)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
