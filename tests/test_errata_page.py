"""The errata page tells the truth about the chapter: the "restored inline code"
table lists exactly the code spans of the Korean text (no prose, no role markup),
and the quoted seed and corrected text are prose, not code."""

from __future__ import annotations

import re

import pytest

from pages import CHAPTER, HANGUL, article, normal_space, soup
from sitebuild import VIEWS

SECTION_NUMBER = re.compile(r"^(3\.3(?:\.\d+)?)\.?\s")
ROLE_MARKUP = re.compile(r"[{}<>]|`")


def korean_code_spans(site) -> list[tuple[str, list[str]]]:
    """(section number, code spans in order) of the Korean chapter's own units
    (the seed's text; units we added, marked bi-added, are not restorations)."""
    body = article(soup(site / "ko" / f"{CHAPTER}.html"))
    sections: list[tuple[str, list[str]]] = []
    for unit in body.select("div.bi-unit"):
        if "bi-added" in unit.get("class", []):
            continue
        heading = unit.find_previous(["h1", "h2"])
        number = SECTION_NUMBER.match(normal_space(heading.get_text(" ")))[1]
        spans = [code.get_text() for code in unit.select("code")]
        if not spans:
            continue
        if sections and sections[-1][0] == number:
            sections[-1][1].extend(spans)
        else:
            sections.append((number, spans))
    return sections


def restored_table(site, view) -> list[tuple[str, list[str]]]:
    section = article(soup(site / view / "errata.html")).select_one("section#restored-inline-code")
    rows = []
    for row in section.select("table tbody tr"):
        number_cell, spans_cell = row.select("td")
        rows.append((normal_space(number_cell.get_text()), [code.get_text() for code in spans_cell.select("code")]))
    return rows


@pytest.mark.parametrize("view", VIEWS)
def test_restored_code_lists_exactly_the_code_spans_of_the_korean_text(site, view):
    expected = korean_code_spans(site)
    assert sum(len(spans) for _, spans in expected) >= 30, expected
    listed = restored_table(site, view)
    for _, spans in listed:
        for span in spans:
            assert not ROLE_MARKUP.search(span), f"role markup listed as code: {span!r}"
            assert not HANGUL.search(span), f"Korean prose listed as code: {span!r}"
    assert listed == expected


@pytest.mark.parametrize("view", VIEWS)
def test_quoted_korean_text_is_prose_not_code(site, view):
    """The corrections table quotes Korean sentences: they are set as text in
    Korean (lang="ko"), not in monospace code boxes."""
    table = article(soup(site / view / "errata.html")).select_one("section#corrections table")
    quotes = table.select(".errata-seed, .errata-ours")
    assert len(quotes) >= 80, len(quotes)
    for quote in quotes:
        assert quote.name != "code" and not quote.find_parent("code") and not quote.select("code"), quote
        assert quote.find_parent(attrs={"lang": "ko"}) is not None or quote.get("lang") == "ko", quote
    code_with_korean = [code.get_text() for code in article(soup(site / view / "errata.html")).select("code")
                        if HANGUL.search(code.get_text())]
    assert not code_with_korean, code_with_korean
