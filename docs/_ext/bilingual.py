"""Bilingual pages: one source holds Korean and English side by side, and each
build renders one view of it: ``ko``, ``en`` or ``both`` (config ``bilingual_view``).

Source syntax (MyST)::

    :::{bi}
    [ko]
    한국어 문단 (또는 목록)
    [en]
    The English paragraph (or list)
    :::

    ## 3.3.1. {ko}`데이터셋 만들기` {en}`Creating the Dataset`

Both languages become nodes at parse time, so section ids (made from the whole
title text) and unit ids are the same in every view and a deep link survives a
switch. Before anything reads the page (table of contents, search index), the
language a view does not show is dropped. A unit without both languages, a
heading without both, or prose outside any unit stops the build with file:line.
"""

from __future__ import annotations

import posixpath
import re

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

LANGUAGES = ("ko", "en")
VIEWS = ("ko", "en", "both")
# Each view's name in its own language(s): (text, lang) pieces.
VIEW_LABELS = {"ko": [("한국어", "ko")], "en": [("English", "en")],
               "both": [("나란히", "ko"), (" / ", ""), ("Side by side", "en")]}
MARKER = re.compile(r"^\[(?P<lang>[A-Za-z_-]+)\]\s*$")
# What a heading may hold outside its {ko} and {en} parts: section numbers.
HEADING_FILLER = re.compile(r"^[\d.\s]*$")


class bi_unit(nodes.General, nodes.Element):
    """One translation unit: the same paragraph (or list) in each language."""


class lang_block(nodes.General, nodes.Element):
    """The part of a unit written in one language (``lang`` attribute)."""


class lang_inline(nodes.Inline, nodes.TextElement):
    """A phrase in one language, for headings and captions."""


class foreign(nodes.Inline, nodes.TextElement):
    """A phrase in the other language that every view keeps (``lang`` attribute)."""


def record_problem(document: nodes.document, line: int | None, message: str) -> None:
    """Remember a source problem; they are reported together once the page is read."""
    document.setdefault("bi_problems", []).append((line, message))


def split_by_language(lines: list[str]):
    """Split directive content at ``[ko]``/``[en]`` marker lines.

    Returns (parts, stray) where parts is a list of (lang, first, end, marker_index)
    over ``lines`` and stray lists indices of non-blank lines before the first marker.
    """
    parts, stray = [], []
    for index, line in enumerate(lines):
        match = MARKER.match(line.strip())
        if match:
            if parts:
                parts[-1][2] = index
            parts.append([match["lang"], index + 1, len(lines), index])
        elif not parts and line.strip():
            stray.append(index)
    return [tuple(part) for part in parts], stray


def content_line(directive, index: int) -> int:
    """1-based source line of ``directive.content[index]``.

    MyST counts ``content_offset`` from the directive's own line, docutils from
    the top of the file.
    """
    if type(directive.state).__module__.startswith("myst_parser"):
        return directive.lineno + directive.content_offset + index + 1
    return directive.content_offset + index + 1


def language_problems(found: list[str]) -> list[str]:
    """What is wrong with the sequence of languages a unit holds, if anything."""
    problems = []
    for lang in found:
        if lang not in LANGUAGES:
            problems.append(f"unknown language [{lang}] (use [ko] and [en])")
    for lang in LANGUAGES:
        count = found.count(lang)
        if count == 0:
            problems.append(f"the [{lang}] part is missing")
        elif count > 1:
            problems.append(f"[{lang}] appears {count} times (one per unit)")
    known = [lang for lang in found if lang in LANGUAGES]
    if not problems and known != list(LANGUAGES):
        problems.append("write [ko] first, then [en]")
    return problems


class BilingualUnitDirective(SphinxDirective):
    """``{bi}``: a paragraph, list or other block in Korean and in English."""

    has_content = True
    option_spec = {"class": directives.class_option}

    def run(self):
        document = self.state.document
        count = document.get("bi_unit_count", 0) + 1
        document["bi_unit_count"] = count
        unit = bi_unit(ids=[f"u-{count}"], classes=self.options.get("class", []))
        self.set_source_info(unit)

        parts, stray = split_by_language(list(self.content))
        for index in stray:
            record_problem(document, content_line(self, index), "text before the first [ko]/[en] marker")
        for problem in language_problems([lang for lang, *_ in parts]):
            record_problem(document, self.lineno, f"bilingual unit: {problem}")
        for lang, first, end, marker in parts:
            block = lang_block(lang=lang)
            body = self.content[first:end]
            if not any(line.strip() for line in body):
                record_problem(document, content_line(self, marker), f"the [{lang}] part is empty")
            self.state.nested_parse(body, self.content_offset + first, block)
            unit += block
        return [unit]


def foreign_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{in-ko}`한국어``` inside English (or ``{in-en}``): a word kept in every view, marked."""
    node = foreign(rawtext, text, lang=name.removeprefix("in-"))
    node.line = lineno
    return [node], []


def lang_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{ko}`…``` and ``{en}`…```: a phrase in one language."""
    node = lang_inline(rawtext, text, lang=name)
    node.line = lineno
    return [node], []


# -- reading: check the page, then keep the view's language --------------------

EXEMPT_ANCESTORS = (bi_unit, lang_block, lang_inline, nodes.title, nodes.caption, nodes.docinfo)
PROSE = (nodes.paragraph, nodes.bullet_list, nodes.enumerated_list,
         nodes.definition_list, nodes.block_quote, nodes.table, nodes.rubric)


def is_exempt(node: nodes.Node) -> bool:
    """Prose that is not ours to translate: code cells, API entries, generated blocks."""
    if "bi-exempt" in node.get("classes", []):
        return True
    parent = node.parent
    while parent is not None:
        if isinstance(parent, EXEMPT_ANCESTORS):
            return True
        if isinstance(parent, nodes.Element):
            classes = parent.get("classes", [])
            if "cell" in classes or "bi-exempt" in classes:
                return True
            if parent.tagname.startswith("desc"):  # autodoc: docstrings are filtered elsewhere
                return True
        parent = parent.parent
    return False


def check_document(document: nodes.document) -> None:
    for node in document.findall(lambda n: isinstance(n, PROSE)):
        if is_exempt(node):
            continue
        if is_phrase_pair(node):  # e.g. a dropdown's title: {ko}`…` {en}`…`
            check_phrase(document, node, "title")
        else:
            record_problem(document, node.line or getattr(node.parent, "line", None),
                           f"prose outside a {{bi}} unit has no translation: {node.astext()[:60]!r}")
    for title in document.findall(nodes.title):
        if isinstance(title.parent, (nodes.section, nodes.document)):
            check_phrase(document, title, "heading")
    for caption in document.findall(nodes.caption):
        check_phrase(document, caption, "caption")


def is_phrase_pair(node: nodes.Element) -> bool:
    return any(isinstance(child, lang_inline) for child in node.children)


def check_phrase(document, node: nodes.Element, what: str) -> None:
    """A heading or caption needs exactly one {ko} and one {en} part, and nothing else."""
    found = [child["lang"] for child in node.findall(lang_inline)]
    problems = language_problems(found)
    filler = "".join(child.astext() for child in node.children
                     if not isinstance(child, lang_inline))
    if not HEADING_FILLER.match(filler):
        problems.append(f"text outside {{ko}}/{{en}}: {filler.strip()!r}")
    for problem in problems:
        record_problem(document, node.line or getattr(node.parent, "line", None),
                       f"{what} {node.astext()!r}: {problem}")


def report_problems(app, document: nodes.document) -> None:
    """Log each problem at its file:line and fail the build (with or without -W)."""
    problems = document.get("bi_problems")
    if not problems:
        return
    del document["bi_problems"]
    for line, message in sorted(problems, key=lambda problem: problem[0] or 0):
        logger.error(message, location=(app.env.docname, line), type="bilingual", subtype="source")
    app.statuscode = 1
    app.env.note_reread()  # a broken page must not look up to date next time


def keep_view_language(document: nodes.document, view: str) -> None:
    """Drop the other language; the side-by-side view keeps both, paired."""
    if view == "both":
        for unit in document.findall(bi_unit):
            unit["classes"].append("bi-pair")
        return
    for block in list(document.findall(lang_block)):
        if block["lang"] == view:
            block.replace_self(block.children)
        else:
            block.parent.remove(block)
    for phrase in list(document.findall(lang_inline)):
        parent = phrase.parent
        if phrase["lang"] == view:
            phrase.replace_self(phrase.children)
        else:
            parent.remove(phrase)
        tidy_spaces(parent)


def tidy_spaces(parent: nodes.Element) -> None:
    """Merge the text left around a removed phrase and collapse its blanks
    ("3.3.1. " + " " → "3.3.1. "), without touching any other child."""
    index = 0
    while index < len(parent.children):
        child = parent.children[index]
        if not isinstance(child, nodes.Text):
            index += 1
            continue
        end = index
        while end + 1 < len(parent.children) and isinstance(parent.children[end + 1], nodes.Text):
            end += 1
        text = re.sub(r"\s{2,}", " ", "".join(str(c) for c in parent.children[index:end + 1]))
        if end == len(parent.children) - 1:
            text = text.rstrip()
        del parent.children[index:end + 1]
        if text:
            parent.insert(index, nodes.Text(text))
            index += 1


def on_doctree_read(app, document: nodes.document) -> None:
    check_document(document)
    report_problems(app, document)
    keep_view_language(document, app.config.bilingual_view)
    if "bi_unit_count" in document:
        del document["bi_unit_count"]


# -- writing: HTML for the nodes, the view switcher ----------------------------

def visit_bi_unit(self, node):
    self.body.append(self.starttag(node, "div", CLASS="bi-unit"))


def depart_div(self, node):
    self.body.append("</div>\n")


def visit_lang_block(self, node):
    self.body.append(self.starttag(node, "div", CLASS="bi-lang", lang=node["lang"]))


def visit_lang_inline(self, node):
    self.body.append(self.starttag(node, "span", "", CLASS="bi-lang", lang=node["lang"]))


def visit_foreign(self, node):
    self.body.append(self.starttag(node, "span", "", CLASS="bi-foreign", lang=node["lang"]))


def depart_span(self, node):
    self.body.append("</span>")


def view_links(app, pagename: str) -> list[dict]:
    """Links from this page to the same page in every view (views are sibling folders)."""
    depth = pagename.count("/") + 1
    up = "../" * depth
    suffix = app.builder.out_suffix
    links = []
    for view in VIEWS:
        links.append({
            "view": view,
            "label": VIEW_LABELS[view],
            "lang": view if view in LANGUAGES else "",
            "url": posixpath.join(up + view, pagename + suffix),
            "current": view == app.config.bilingual_view,
        })
    return links


# Side by side, a heading or caption is "<ko> <en>#": the English half is a
# block of its own line, so the permalink (#) that Sphinx writes after it would
# sit alone on a line below. It moves to right after the Korean half.
PERMALINK_AFTER_ENGLISH = re.compile(
    r'(</span>)(\s*<span class="bi-lang" lang="en">)((?:(?!</h\d>|</figcaption>|</p>).)*?)(</span>)'
    r'(<a class="headerlink" [^>]*>[^<]*</a>)', re.S)


def permalinks_after_korean(body: str) -> str:
    return PERMALINK_AFTER_ENGLISH.sub(lambda m: m[1] + m[5] + m[2] + m[3] + m[4], body)


def on_html_page_context(app, pagename, templatename, context, doctree):
    context["bi_view"] = app.config.bilingual_view
    context["bi_views"] = view_links(app, pagename)
    if app.config.bilingual_view == "both" and context.get("body"):
        context["body"] = permalinks_after_korean(context["body"])


def check_view(app, config) -> None:
    if config.bilingual_view not in VIEWS:
        raise ConfigError(f"bilingual_view must be one of {VIEWS}, not {config.bilingual_view!r}")


def setup(app):
    app.add_config_value("bilingual_view", "ko", "env", types=[str])
    app.add_node(bi_unit, html=(visit_bi_unit, depart_div))
    app.add_node(lang_block, html=(visit_lang_block, depart_div))
    app.add_node(lang_inline, html=(visit_lang_inline, depart_span))
    app.add_node(foreign, html=(visit_foreign, depart_span))
    app.add_directive("bi", BilingualUnitDirective)
    for lang in LANGUAGES:
        app.add_role(lang, lang_role)
        app.add_role(f"in-{lang}", foreign_role)
    app.connect("config-inited", check_view)
    # Early (priority 100): before the TOC and title collectors read the page.
    app.connect("doctree-read", on_doctree_read, priority=100)
    app.connect("html-page-context", on_html_page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
