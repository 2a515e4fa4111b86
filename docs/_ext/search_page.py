"""The search page: learners' spellings, ranking, snippets and highlighting.

Sphinx's search finds the words a page holds. Learners also type other words for
the same term (학습률 for 학습 속도, 미니배치 for 미니 배치, 후버 for Huber), so:

* index: every page that links a glossary term (and the glossary itself) gets a
  ``<meta name="keywords">`` with the term's names and variants from
  ``terms.toml`` in the view's language(s), which Sphinx's indexer reads as
  words of the page;
* ``search_page.js`` (appended to ``language_data.js`` through Sphinx's
  ``html_search_scorer`` hook, so it runs after ``searchtools.js`` on every page)
  ranks pages by ``search_page_weights`` (the chapter first), takes snippets from
  the article body only (no navigation, no term tooltips), and highlights the
  query on the page a result leads to, including the page's own words for a
  variant (학습률 highlights 학습 속도);
* ``search-messages.js`` words the search page's messages for this site.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from docutils import nodes

from bi_terms import load_terms, term_ref, terms_path

HERE = Path(__file__).resolve().parent
WORD = re.compile(r"\w+")
HANGUL = re.compile("[\uac00-\ud7a3]")


def view_languages(app) -> tuple[str, ...]:
    view = app.config.bilingual_view
    return ("ko", "en") if view == "both" else (view,)


def index_words(variant: str) -> list[str]:
    """What a variant adds to the index: each of its words, and a Korean variant
    written without its spaces too (미니 배치 -> 미니배치), as learners type it."""
    words = WORD.findall(variant)
    if HANGUL.search(variant) and len(words) > 1:
        words.append("".join(words))
    return words


def variant_words(entry: dict, languages: tuple[str, ...]) -> list[str]:
    """The term's name and variants in each language, as index words: a page
    that says 진실 값 is found by the glossary's 레이블 too."""
    words = []
    for lang in languages:
        for name in [entry[lang], *entry.get(f"{lang}_variants", [])]:
            words.extend(index_words(name))
    return words


def add_variant_keywords(app, document: nodes.document) -> None:
    """A keywords meta node with the variants of every term the page links."""
    terms = load_terms(app)
    if app.env.docname == app.config.bi_glossary_doc:
        keys = list(terms)
    else:
        keys = list(dict.fromkeys(ref["key"] for ref in document.findall(term_ref)))
    words = []
    for key in keys:
        if key in terms:
            words.extend(variant_words(terms[key], view_languages(app)))
    if words:
        app.env.note_dependency(str(terms_path(app)))
        document += nodes.meta(name="keywords", content=", ".join(dict.fromkeys(words)))


def highlight_forms(terms: dict) -> dict[str, list[str]]:
    """Lower-cased query word (of a term's name or variant) -> every phrase of
    that term, to highlight whichever of them the page uses."""
    forms: dict[str, list[str]] = {}
    for entry in terms.values():
        phrases = list(dict.fromkeys([entry["ko"], entry["en"], *entry.get("ko_variants", []),
                                      *entry.get("en_variants", [])]))
        for lang in ("ko", "en"):
            for name in [entry[lang], *entry.get(f"{lang}_variants", [])]:
                for word in index_words(name):
                    forms.setdefault(word.lower(), [])
                    forms[word.lower()] = list(dict.fromkeys(forms[word.lower()] + phrases))
    return forms


def add_search_data(app) -> None:
    """The page weights and the variants' phrases, for search_page.js."""
    data = {"weights": app.config.search_page_weights, "forms": highlight_forms(load_terms(app))}
    app.add_js_file(None, body=f"var BI_SEARCH = {json.dumps(data, ensure_ascii=False, sort_keys=True)};")
    app.add_js_file("search-messages.js", priority=900)


def use_our_scorer(app, config) -> None:
    # Sphinx appends this file to language_data.js, after searchtools.js.
    config.html_search_scorer = str(HERE / "search_page.js")


def setup(app):
    app.add_config_value("search_page_weights", {}, "html", types=[dict])
    app.connect("config-inited", use_our_scorer)
    app.connect("builder-inited", add_search_data)
    # After bi_terms has resolved the links (90), before the view filter (100).
    app.connect("doctree-read", add_variant_keywords, priority=95)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
