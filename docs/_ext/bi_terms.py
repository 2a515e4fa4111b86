"""Key terms: a bilingual glossary page and term links that show the other language.

``{t}`손실 함수 <loss-function>``` links the words to the glossary entry
``loss-function`` (from ``docs/_data/terms.toml``); hovering, focusing or tapping
the link shows the term in the other language than the words shown, exactly as
the glossary pairs them (English "shape" in a Korean sentence shows 모양). The
words must be the entry's name or one of its variants (``ko_variants``,
``en_variants``), or the build fails at the link. ``:::{bi-glossary}`` renders
every entry as a bilingual unit, so each view shows its own language.
"""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from bilingual import LANGUAGES, bi_unit, foreign, lang_block, lang_inline, record_problem

ROLE_TEXT = re.compile(r"^(?P<text>.+?)\s*<(?P<key>[a-z0-9-]+)>$", re.S)
OTHER = {"ko": "en", "en": "ko"}
HANGUL = re.compile("[\uac00-\ud7a3]")
PARENTHETICAL = re.compile(r"\([^)]*\)")
VARIANTS_LABEL = {"ko": "다른 말", "en": "Also"}


class term_ref(nodes.Inline, nodes.TextElement):
    """Words in the text that name a glossary term (attributes: key, lang, other)."""


def terms_path(app) -> Path:
    return Path(app.confdir) / app.config.bi_terms_file


@functools.cache
def _read_toml(path: Path, mtime_ns: int) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def load_terms(app) -> dict[str, dict]:
    """The glossary; re-read only when the file changes."""
    path = terms_path(app)
    return _read_toml(path, path.stat().st_mtime_ns)


def term_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    match = ROLE_TEXT.match(text)
    if not match:
        message = inliner.reporter.error(
            f"term {text!r}: write it as {{t}}`words <term-key>`", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    node = term_ref(rawtext, match["text"], key=match["key"])
    node.line = lineno
    return [node], []


def language_of(node: nodes.Node) -> str | None:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, (lang_block, lang_inline)):
            return parent["lang"]
        parent = parent.parent
    return None


def names(entry: dict, lang: str) -> list[str]:
    """The entry's name in ``lang`` and its variants in that language."""
    return [entry[lang], *entry.get(f"{lang}_variants", [])]


def normal_form(words: str) -> str:
    """Words as a name compares them: no parenthesis, one kind of apostrophe,
    lower case, single spaces, an English plural -s dropped."""
    words = PARENTHETICAL.sub(" ", words).replace("’", "'").lower()
    words = re.sub(r"\s+", " ", words).strip()
    return words[:-1] if re.search(r"[a-z]s$", words) and not words.endswith("ss") else words


def shown_language(words: str) -> str:
    return "ko" if HANGUL.search(words) else "en"


def resolve_terms(app, document: nodes.document) -> None:
    """Give every term link its language and the other language's words.

    Runs before the bilingual filter drops a language, while each term still
    sits inside its [ko] or [en] block.
    """
    refs = list(document.findall(term_ref))
    if not refs:
        return
    terms = load_terms(app)
    app.env.note_dependency(str(terms_path(app)))
    if app.config.bi_glossary_doc not in app.env.found_docs:
        record_problem(document, refs[0].line,
                       f"term links need the glossary page {app.config.bi_glossary_doc!r}, which is missing")
    for ref in refs:
        lang = language_of(ref)
        entry = terms.get(ref["key"])
        if entry is None:
            record_problem(document, ref.line, f"unknown term key {ref['key']!r} (see {app.config.bi_terms_file})")
            entry = {"ko": "?", "en": "?"}
        if lang is None:
            record_problem(document, ref.line, f"term {ref.astext()!r} is outside a [ko]/[en] block")
            lang = "ko"
        shown = shown_language(ref.astext())
        known = ref["key"] in terms
        if known and normal_form(ref.astext()) not in {normal_form(n) for n in names(entry, shown)}:
            record_problem(document, ref.line,
                           f"term {ref.astext()!r} is not a name of {ref['key']!r} in {app.config.bi_terms_file} "
                           f"({', '.join(names(entry, shown))}); add it to {shown}_variants if it is one")
        ref["lang"] = lang
        ref["tip_lang"] = OTHER[shown]
        ref["other"] = entry[OTHER[shown]]


class GlossaryDirective(SphinxDirective):
    """``{bi-glossary}``: every term of the terms file as a bilingual unit."""

    def run(self):
        terms = load_terms(self.env.app)
        self.env.note_dependency(str(terms_path(self.env.app)))
        view = self.config.bilingual_view
        order = "en" if view == "en" else "ko"
        units = []
        for key, entry in sorted(terms.items(), key=lambda item: item[1][order].lower()):
            unit = bi_unit(ids=[f"term-{key}"], classes=["bi-glossary-entry"])
            for lang in LANGUAGES:
                block = lang_block(lang=lang)
                heading = nodes.paragraph(classes=["bi-glossary-term"])
                heading += nodes.strong(text=entry[lang])
                heading += nodes.Text(" · ")
                heading += foreign(text=entry[OTHER[lang]], lang=OTHER[lang])
                block += heading
                block += nodes.paragraph(text=entry[f"{lang}_definition"])
                if entry.get(f"{lang}_variants"):
                    block += nodes.paragraph(
                        text=f"{VARIANTS_LABEL[lang]}: {', '.join(entry[f'{lang}_variants'])}",
                        classes=["bi-glossary-variants"])
                unit += block
            units.append(unit)
        return units


# -- HTML ---------------------------------------------------------------------

def visit_term_ref(self, node):
    count = getattr(self, "_bi_term_count", 0) + 1
    self._bi_term_count = count
    glossary = self.builder.config.bi_glossary_doc
    href = self.builder.get_relative_uri(self.builder.current_docname, glossary) + f"#term-{node['key']}"
    tip = f"bi-tip-{count}"
    self.body.append('<span class="bi-term">')
    self.body.append(f'<a class="reference internal bi-term-link" href="{self.attval(href)}" '
                     f'aria-describedby="{tip}">')
    node["_tip"] = tip


def depart_term_ref(self, node):
    other_lang = node["tip_lang"]
    self.body.append("</a>")
    self.body.append(f'<span class="bi-term-tip" id="{node["_tip"]}" role="tooltip" '
                     f'lang="{other_lang}">{self.encode(node["other"])}</span></span>')


def setup(app):
    app.add_config_value("bi_terms_file", "docs/_data/terms.toml", "env", types=[str])
    app.add_config_value("bi_glossary_doc", "glossary", "env", types=[str])
    app.add_node(term_ref, html=(visit_term_ref, depart_term_ref))
    app.add_role("t", term_role)
    app.add_directive("bi-glossary", GlossaryDirective)
    # Priority 90: before the bilingual filter (100) removes the other language.
    app.connect("doctree-read", resolve_terms, priority=90)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
