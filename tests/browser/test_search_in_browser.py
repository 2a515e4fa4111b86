"""The search page of each view, as the browser renders it (Sphinx's
searchtools.js filling #search-results).

The Korean queries are words of the chapter's running text. 손실 and 학습 are
also in its section titles; 모듈 is not: the chapter only has it with particles
glued on (모듈을, 모듈은, 모듈에), so only a Korean-aware index finds it, and
손실을 is a query with a particle of its own (docs/_ext/ko_search.py).
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from browser_helpers import CHAPTER, wait_for_search
from pages import article, soup

pytestmark = pytest.mark.timeout(120)

# (view, query, a word of the chapter's running text in that view the query must match)
FINDS_THE_CHAPTER = [
    ("ko", "손실", "손실은"),
    ("ko", "학습", "학습을"),
    ("ko", "모듈", "모듈을"),
    ("ko", "손실을", "손실의"),
    ("en", "gradient", "gradients"),
    ("en", "minibatch", "minibatches"),
    ("both", "손실", "손실은"),
    ("both", "학습", "학습을"),
    ("both", "모듈", "모듈을"),
    ("both", "gradient", "gradients"),
    ("both", "minibatch", "minibatches"),
]
# ASCII test ids (pytest would print the Hangul as \uXXXX escapes).
ROMAN = {"손실": "sonsil", "학습": "hakseup", "모듈": "modyul", "손실을": "sonsil-eul", "퀭뷁쓔": "nonsense"}


def _id(view: str, query: str) -> str:
    return f"{view}-{ROMAN.get(query, query)}"


def _search(page, view: str, query: str) -> list[str]:
    page.goto(f"/{view}/search.html?q={quote(query)}")
    return wait_for_search(page)


def _chapter_hits(hrefs: list[str]) -> list[str]:
    return [href for href in hrefs if href.split("#")[0] == CHAPTER]


def _chapter_words(site_root, view: str) -> set[str]:
    """The words of the chapter's article as a reader sees it (tooltips removed)."""
    text = article(soup(site_root / view / CHAPTER)).get_text(" ")
    return set(re.findall(r"\w+", text))


@pytest.mark.parametrize("view, query, word", FINDS_THE_CHAPTER,
                         ids=[_id(view, query) for view, query, _ in FINDS_THE_CHAPTER])
def test_search_finds_the_chapter(warm_page, site_root, view, query, word):
    # The query is about the page's real text, not a word that left it.
    assert word in _chapter_words(site_root, view), f"{word!r} is no longer in the {view} chapter"
    page = warm_page
    hrefs = _search(page, view, query)
    assert _chapter_hits(hrefs), (
        f"searching {query!r} in the {view} view does not list the chapter; results: {hrefs}"
    )
    # The result is a link the reader can follow.
    assert page.locator(f"#search-results ul.search > li > a[href^='{CHAPTER}']").first.is_visible()


NONSENSE = [("ko", "퀭뷁쓔"), ("en", "qzxwvutplk"), ("both", "qzxwvutplk")]


@pytest.mark.parametrize("view, query", NONSENSE, ids=[_id(view, query) for view, query in NONSENSE])
def test_a_nonsense_query_finds_nothing(warm_page, view, query):
    page = warm_page
    hrefs = _search(page, view, query)
    assert not hrefs, f"searching {query!r} in the {view} view listed {hrefs}"
