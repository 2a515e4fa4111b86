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


# -- what learners type ----------------------------------------------------------

# Queries a learner of this section types, in the words they use rather than
# the page's own (학습률 for 학습 속도, 미니배치 for 미니 배치, 후버 for Huber,
# a particle glued on), in both languages. Each must put the chapter first.
LEARNER_QUERIES_KO = [
    "학습률", "학습률을", "미니배치", "후버", "가중치를", "손실 함수", "손실함수", "경사하강법",
    "확률적 경사 하강법", "역전파", "순전파", "에포크", "에폭", "기울기", "그래디언트", "편향",
    "초기화", "신경망", "레이어", "데이터셋", "특성", "레이블", "라벨", "옵티마이저", "파라미터",
    "매개변수", "제곱 손실",
]
# ("Huber" is left out: it is also the exact name of the exercise function
# `huber`, whose API entry rightly comes first; see test_api_names_lead_to_the_api.)
LEARNER_QUERIES_EN = [
    "learning rate", "minibatch", "mini-batch", "Huber's loss", "weights", "bias", "loss function",
    "squared loss", "gradient descent", "SGD", "backpropagation", "forward pass", "epoch",
    "initialization", "dataset", "DataLoader", "Trainer", "layer", "neural network", "optimizer",
]

def _ascii_id(view: str, query: str) -> str:
    """pytest ids in ASCII: the query's code points for Hangul."""
    return f"{view}-" + "".join(ch if ch.isascii() and ch.isalnum() else f"{ord(ch):x}" for ch in query)


@pytest.mark.parametrize("view, queries", [
    ("ko", LEARNER_QUERIES_KO), ("both", LEARNER_QUERIES_KO), ("en", LEARNER_QUERIES_EN), ("both", LEARNER_QUERIES_EN),
], ids=["ko", "both-ko", "en", "both-en"])
def test_learners_queries_put_the_chapter_first(warm_page, view, queries):
    page = warm_page
    wrong = []
    for query in queries:
        hrefs = _search(page, view, query)
        if not hrefs or hrefs[0].split("#")[0] != CHAPTER:
            wrong.append(f"{query!r}: {hrefs[:3]}")
    assert not wrong, f"in the {view} view the chapter is not the first result for:\n" + "\n".join(wrong)


API_NAMES = ["make_loss", "train_step", "weight_grad", "step_argument", "initializer_names"]


@pytest.mark.parametrize("view", ["ko", "en"])
def test_api_names_lead_to_the_api(warm_page, view):
    """The exact name of an exercise function finds its API entry first, even
    though the chapter links it too."""
    wrong = []
    for name in API_NAMES:
        hrefs = _search(warm_page, view, name)
        if not hrefs or not hrefs[0].startswith("exercises-api.html#") or not hrefs[0].endswith(f".{name}"):
            wrong.append(f"{name}: {hrefs[:3]}")
    assert not wrong, f"{view}: " + "; ".join(wrong)


_SNIPPETS_JS = """
async () => {
  const squeeze = (text) => text.replace(/\\s+/g, "");
  const found = [];
  for (const item of document.querySelectorAll("#search-results ul.search > li")) {
    const link = item.querySelector("a");
    const context = item.querySelector("p.context");
    if (!context) continue;
    const html = await (await fetch(link.getAttribute("href").split("#")[0])).text();
    const page = new DOMParser().parseFromString(html, "text/html");
    const article = page.querySelector("article.bd-article");
    article.querySelectorAll(".bi-term-tip, .headerlink, script, style").forEach((e) => e.remove());
    const snippet = context.textContent.replace(/^\\.\\.\\./, "").replace(/\\.\\.\\.$/, "");
    found.push({href: link.getAttribute("href"), snippet,
                inArticle: squeeze(article.textContent).includes(squeeze(snippet))});
  }
  return found;
}
"""

SNIPPET_QUERIES = [("ko", "손실"), ("ko", "반복"), ("ko", "미니 배치"), ("en", "learning rate"),
                   ("en", "gradient"), ("both", "학습"), ("both", "minibatch")]


@pytest.mark.parametrize("view, query", SNIPPET_QUERIES, ids=[_ascii_id(v, q) for v, q in SNIPPET_QUERIES])
def test_snippets_are_body_text(warm_page, view, query):
    """A result's snippet is a piece of the page's article as a reader reads it:
    no table of contents, no navigation, no term tooltip doubling a word."""
    page = warm_page
    _search(page, view, query)
    page.wait_for_function(
        "() => [...document.querySelectorAll('#search-results ul.search > li')].every(li => li.querySelector('p.context'))")
    snippets = page.evaluate(_SNIPPETS_JS)
    assert snippets, f"no snippets for {query!r}"
    wrong = [f"{item['href']}: {item['snippet'][:160]!r}" for item in snippets if not item["inArticle"]]
    assert not wrong, f"snippets not taken from the article's text for {query!r}:\n" + "\n".join(wrong)


HIGHLIGHTS = [("ko", "학습률", "학습 속도"), ("ko", "손실을", "손실"), ("en", "gradient", "gradient"),
              ("both", "미니배치", "미니 배치")]


@pytest.mark.parametrize("view, query, marked", HIGHLIGHTS, ids=[_ascii_id(v, q) for v, q, _ in HIGHLIGHTS])
def test_a_result_highlights_the_query_on_its_page(page, view, query, marked):
    """Following the chapter's result marks the query on the chapter: the page's
    own word for a learner's variant (학습률 marks 학습 속도), inside the article only.
    (A fresh context: the warm one empties the storage that carries the query.)"""
    _search(page, view, query)
    link = page.locator(f"#search-results ul.search > li > a[href^='{CHAPTER}']").first
    with page.expect_navigation():
        link.click()
    page.wait_for_function("() => document.querySelectorAll('span.highlighted').length > 0", timeout=5000)
    marks = page.eval_on_selector_all(
        "span.highlighted", "els => els.map(e => [e.textContent, !!e.closest('article.bd-article')])")
    assert all(inside for _, inside in marks), f"marks outside the article: {marks}"
    assert any(text.lower() == marked.lower() for text, _ in marks), f"{marked!r} is not marked: {marks[:8]}"


@pytest.mark.parametrize("source, target", [("ko", "en"), ("en", "both"), ("both", "ko")])
def test_switching_view_keeps_the_search(warm_page, source, target):
    page = warm_page
    _search(page, source, "gradient")
    with page.expect_navigation():
        page.locator(f"nav.bi-switcher a[data-view='{target}']").click()
    assert page.url.endswith(f"/{target}/search.html?q=gradient"), page.url
    assert _chapter_hits(wait_for_search(page)), "the other view did not search again"


@pytest.mark.parametrize("view, query, unwanted", [("ko", "퀭뷁쓔", "카테고리"), ("en", "qzxwvutplk", "categories"),
                                                    ("both", "퀭뷁쓔", "카테고리")],
                         ids=["ko", "en", "both"])
def test_the_no_result_message_fits_this_site(warm_page, view, query, unwanted):
    """This site has no categories to select; the message says what to try."""
    page = warm_page
    _search(page, view, query)
    message = page.locator("#search-results p.search-summary").inner_text()
    assert message and unwanted not in message, message
    assert ("학습률" in message) if view != "en" else ("learning rate" in message), message
