"""Three views of one source: each page exists in every view with the same
anchors, each view shows its own language (the side-by-side view both, each
block marked with its language), and each view's search index holds its own
language only."""

from __future__ import annotations

import json
import re
import tomllib

import pytest

from pages import HANGUL, article, normal_space, soup
from sitebuild import ROOT, VIEWS

PAGES = ("index", "linear-regression-concise", "exercises-api", "solutions", "glossary", "errata")


def page(site, view, name):
    return soup(site / view / f"{name}.html")


@pytest.mark.parametrize("name", PAGES)
def test_each_page_exists_in_every_view_with_the_same_anchors(site, name):
    ids = {}
    for view in VIEWS:
        body = article(page(site, view, name))
        ids[view] = [element["id"] for element in body.select("section[id], div.bi-unit[id]")]
    assert ids["ko"], f"{name} has no sections or units"
    if name == "glossary":  # each view sorts the entries by its own language
        ids = {view: sorted(found) for view, found in ids.items()}
    assert ids["ko"] == ids["en"] == ids["both"]


@pytest.mark.parametrize(("view", "lang"), [("ko", "ko"), ("en", "en"), ("both", "ko")])
def test_html_lang_matches_the_view(site, view, lang):
    for name in PAGES:
        assert page(site, view, name).html["lang"] == lang


def test_side_by_side_marks_each_block_with_its_language(site):
    for name in PAGES:
        for unit in article(page(site, "both", name)).select("div.bi-unit"):
            langs = [block["lang"] for block in unit.find_all("div", class_="bi-lang", recursive=False)]
            assert langs == ["ko", "en"], f"{name} unit {unit.get('id')}: {langs}"


def unit_texts(body, selector=None):
    texts = {}
    for unit in body.select("div.bi-unit[id]"):
        part = unit.select_one(selector) if selector else unit
        texts[unit["id"]] = normal_space(part.get_text(" "))
    return texts


@pytest.mark.parametrize("name", PAGES)
def test_single_views_show_exactly_their_half_of_the_side_by_side_view(site, name):
    both = article(page(site, "both", name))
    for lang in ("ko", "en"):
        single = unit_texts(article(page(site, lang, name)))
        halves = unit_texts(both, f':scope > div.bi-lang[lang="{lang}"]')
        assert single == halves


@pytest.mark.parametrize("name", ["index", "linear-regression-concise", "exercises-api"])
def test_english_pages_have_no_korean_outside_marked_phrases(site, name):
    body = article(page(site, "en", name))
    for marked in body.select("[lang=ko]"):
        marked.decompose()
    assert not HANGUL.search(body.get_text()), HANGUL.findall(body.get_text())[:10]


def headings_of(site, view, name):
    body = article(page(site, view, name))
    for link in body.select("a.headerlink"):
        link.decompose()
    return [normal_space(h.get_text(" ")) for h in body.select("h1, h2")]


def test_headings_follow_the_view(site):
    ko, en, both = (headings_of(site, view, "linear-regression-concise") for view in VIEWS)
    assert all(HANGUL.search(text) for text in ko[:-1])
    assert not any(HANGUL.search(text) for text in en)
    assert [f"{k} {e.split(' ', 1)[1]}" for k, e in zip(ko, en)] == both


def search_index(site, view) -> dict:
    text = (site / view / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


def documents_with(index: dict, term: str) -> set[str]:
    found = index["terms"][term]
    return {index["docnames"][number] for number in ([found] if isinstance(found, int) else found)}


def test_each_views_search_index_holds_its_own_language(site):
    ko, en, both = (search_index(site, view) for view in VIEWS)
    assert any(HANGUL.search(term) for term in ko["terms"])
    # "minibatch" is English-only ("미니 배치" in Korean): only the glossary's
    # English names and the reference code's docstrings show it.
    assert documents_with(ko, "minibatch") <= {"glossary", "solutions"}
    # The English view's only Korean words are the quoted seed text on the errata
    # page, the Korean names in the glossary, the reference code's docstrings and
    # the name of the Korean view on the home page (all marked lang="ko").
    korean_in_english = [term for term in en["terms"] if HANGUL.search(term)]
    for term in korean_in_english:
        assert documents_with(en, term) <= {"errata", "glossary", "solutions", "index"}, term
    assert any(HANGUL.search(term) for term in both["terms"]) and "gradient" in both["terms"]
    assert not any(HANGUL.search(title) for title in en["titles"])


def test_the_theme_speaks_korean_in_the_korean_views(site):
    for view in ("ko", "both"):
        text = (site / view / "linear-regression-concise.html").read_text(encoding="utf-8")
        for phrase in ("본문으로 건너뛰기", "맨 위로", "다음 페이지", "검색"):
            assert phrase in text, f"{view}: {phrase}"
        assert "Skip to main content" not in text and "Back to top" not in text
    english = (site / "en" / "linear-regression-concise.html").read_text(encoding="utf-8")
    assert "Skip to main content" in english


TERMS = tomllib.loads((ROOT / "docs" / "_data" / "terms.toml").read_text(encoding="utf-8"))
PARENTHESIS_AFTER = re.compile(r"^\s*\(([A-Za-z][^)]*)\)")


def glossary_forms(key: str, lang: str) -> set[str]:
    """The term's name and variants in ``lang``, as a link may show them
    (lower case, no English plural -s, no parenthesis)."""
    entry = TERMS[key]
    return {comparable(name) for name in [entry[lang], *entry.get(f"{lang}_variants", [])]}


def comparable(words: str) -> str:
    words = re.sub(r"\([^)]*\)", " ", words).replace("’", "'").lower()
    words = re.sub(r"\s+", " ", words).strip()
    return words[:-1] if re.search(r"[a-z]s$", words) and not words.endswith("ss") else words


@pytest.mark.parametrize("view", VIEWS)
def test_term_tooltips_give_the_other_language(site, view):
    """Each tooltip is the glossary's pairing of the words shown: the name in
    the other language than those words (so never the same words again), and a
    Korean term followed by its English in parentheses agrees with them."""
    body = article(soup_with_tips(site, view))
    links = body.select("span.bi-term")
    assert len(links) >= 15
    wrong = []
    for term in links:
        link, tip = term.select_one("a.bi-term-link"), term.select_one(".bi-term-tip")
        key = link["href"].split("#term-")[1]
        words = link.get_text()
        shown = "ko" if HANGUL.search(words) else "en"
        other = "en" if shown == "ko" else "ko"
        assert link["href"].startswith("glossary.html#term-")
        assert link["aria-describedby"] == tip["id"]
        assert tip["role"] == "tooltip"
        if comparable(words) not in glossary_forms(key, shown):
            wrong.append(f"{words!r} is not a glossary name of {key!r}")
        if tip.get_text() != TERMS[key][other] or tip["lang"] != other:
            wrong.append(f"{words!r} shows {tip.get_text()!r} (lang={tip['lang']}), the glossary pairs it "
                         f"with {TERMS[key][other]!r}")
        if comparable(tip.get_text()) == comparable(words):
            wrong.append(f"{words!r}: the tooltip repeats the words shown")
        after = term.next_sibling
        parenthesis = PARENTHESIS_AFTER.match(after) if isinstance(after, str) else None
        if shown == "ko" and parenthesis and comparable(tip.get_text()) not in comparable(parenthesis[1]):
            wrong.append(f"{words}({parenthesis[1]}) shows the tooltip {tip.get_text()!r}")
    assert not wrong, f"{view}: " + "; ".join(wrong)


def soup_with_tips(site, view):
    from bs4 import BeautifulSoup
    return BeautifulSoup((site / view / "linear-regression-concise.html").read_text(encoding="utf-8"), "html.parser")
