"""Korean search (docs/_ext/ko_search.py): the terms it indexes, and what the
built search page finds for real queries in Debian's chromium.

Each test builds a tiny Sphinx project in a temporary folder, in a child
process so one build's registered search language cannot leak into another.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import quote

import pytest

from local_web import serve

EXT_DIR = Path(__file__).resolve().parents[1] / "docs" / "_ext"

# Glued forms only: no bare 손실, 학습, 회귀 or 딥러닝 on this page, and the title
# word 구성 appears nowhere else. Inline code leaves a bare particle (을, 를) in
# a text node of its own, as in the chapter.
GLUED = """
데이터셋의 구성과 예시
======================

손실을 줄이려고 학습률은 작게 둡니다. 선형 회귀는 딥러닝의 기초입니다.
``init``\\ 을 쓰고 ``gloss``\\ 를 바꿉니다.
"""
# Bare 손실; 차 and 정 are one-syllable nouns that careless particle stripping of
# 차이 or 정의 would produce; 정확도 ends in 도, which is also a particle.
BARE = """
용어 모음
=========

손실 값이 작아졌다. 차를 타고 가며 정을 나눈다. 정확도가 올라간다.
"""
# A side-by-side page: each paragraph in Korean, then in English.
BILINGUAL = """
나란히 보기
===========

단일층 신경망에서 그래디언트를 구합니다.

The gradient of the squared loss is easy to compute.
"""
ENGLISH = """
Concise linear regression
=========================

The losses shrink as the gradient of the squared loss gets smaller.
"""


def build(root: Path, *, language: str, theme: str, extensions: list[str], pages: dict) -> Path:
    """Write and build a project; return the HTML output folder."""
    src = root / "src"
    src.mkdir(parents=True)
    (src / "conf.py").write_text(
        textwrap.dedent(f"""\
            import sys
            sys.path.insert(0, {str(EXT_DIR)!r})
            project = "ko-search-test"
            language = {language!r}
            extensions = {extensions!r}
            html_theme = {theme!r}
            """),
        encoding="utf-8",
    )
    toctree = "\n".join(f"   {name}" for name in pages)
    # Hidden, so the index page does not hold the other pages' titles as text.
    index = f"검색 시험\n=========\n\n.. toctree::\n   :hidden:\n\n{toctree}\n"
    (src / "index.rst").write_text(index, encoding="utf-8")
    for name, text in pages.items():
        (src / f"{name}.rst").write_text(text, encoding="utf-8")
    out = root / "html"
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", str(src), str(out)],
        check=True,
    )
    return out


def read_index(out: Path) -> dict:
    text = (out / "searchindex.js").read_text(encoding="utf-8")
    assert text.startswith("Search.setIndex(") and text.endswith(")")
    return json.loads(text[len("Search.setIndex(") : -1])


def docs_for(index: dict, table: str, term: str) -> set[str]:
    """The documents an index table ("terms" or "titleterms") lists for a term."""
    found = index[table].get(term, [])
    return {index["docnames"][i] for i in ([found] if isinstance(found, int) else found)}


@pytest.fixture(scope="module", params=["sphinx_book_theme", "alabaster"])
def ko_site(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"ko-{request.param}")
    pages = {"glued": GLUED, "bare": BARE, "bilingual": BILINGUAL}
    return build(root, language="ko", theme=request.param, extensions=["ko_search"], pages=pages)


@pytest.fixture(scope="module")
def ko_url(ko_site):
    """Serve the built site on a free local port."""
    with serve(ko_site) as url:
        yield url


@pytest.fixture(scope="module")
def search(browser):
    """search(url, query): the documents the built search page lists for a query."""
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # A script error would stop the search before it finishes: end the wait then too.
    page.add_init_script("addEventListener('error', () => { window.scriptFailed = true; })")

    def run(url: str, query: str) -> set[str]:
        errors.clear()
        page.goto(f"{url}/search.html?q={quote(query)}")
        # Once every result is listed the heading reads "Search Results" (in
        # the page's language; Sphinx's Korean result-count line is empty).
        page.wait_for_function(
            "() => window.scriptFailed || document.querySelector('#search-results h2')"
            "?.textContent === Documentation.gettext('Search Results')"
        )
        assert not errors, f"script errors on the search page: {errors}"
        links = page.eval_on_selector_all(
            "#search-results ul.search li > a",
            "links => links.map(a => a.getAttribute('href'))",
        )
        return {link.split("#")[0].removesuffix(".html") for link in links}

    yield run
    page.close()


def test_index_holds_content_morphemes_and_stripped_words(ko_site):
    index = read_index(ko_site)
    expected = {
        "손실": {"glued", "bare"},  # 손실을, 손실
        "학습률": {"glued"},  # 학습률은 without its particle
        "학습": {"glued"},  # and its noun part
        "회귀": {"glued"},
        "딥러닝": {"glued"},
        "딥": {"glued"},  # compound parts
        "러닝": {"glued"},
        "층": {"bilingual"},  # 단일층
        "그래디언트": {"bilingual"},
        "gradient": {"bilingual"},  # English stemmed as Sphinx's English search does
        "loss": {"bilingual"},
        "comput": {"bilingual"},
    }
    for term, docs in expected.items():
        assert docs_for(index, "terms", term) == docs, term
    assert docs_for(index, "titleterms", "구성") == {"glued"}
    assert docs_for(index, "titleterms", "데이터셋") == {"glued"}


def test_index_holds_no_particles_or_glued_forms(ko_site):
    index = read_index(ko_site)
    terms = set(index["terms"]) | set(index["titleterms"])
    particles = {"을", "를", "은", "는", "의", "과"}
    misread = {"르"}  # what Kiwi makes of a bare 를
    glued = {"손실을", "학습률은", "회귀는", "딥러닝의", "데이터셋의", "구성과"}
    assert not (particles | misread | glued) & terms


def test_stemmer_is_ours_and_complete(ko_site):
    # language_data.js defines the Stemmer the search page calls (ours) and the
    # English stemmer it uses, read from Sphinx; nothing else to load.
    code = (ko_site / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "var Stemmer = function" in code and "var EnglishStemmer=" in code


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("손실", {"glued", "bare"}),  # finds 손실을 as well as 손실
        ("손실을", {"glued", "bare"}),  # and the other way round
        ("학습", {"glued"}),  # 학습률은
        ("회귀", {"glued"}),  # 회귀는
        ("딥러닝", {"glued"}),  # 딥러닝의
        ("구성", {"glued"}),  # only in a title, as 구성과
        ("층을", {"bilingual"}),  # one-syllable noun after a matching particle
        ("차를", {"bare"}),
        ("정확도", {"bare"}),  # a word the index holds keeps its 도
        ("gradient", {"bilingual"}),  # English text in a side-by-side page
        ("losses", {"bilingual"}),
        ("을", set()),  # a particle alone
        ("차이", set()),  # 이 does not follow a vowel: not 차 + 이
        ("정의", set()),  # 의 never leaves one syllable: not 정 + 의
        ("손을", set()),  # 손 is not on any page (손실 is)
        ("사과", set()),
    ],
)
def test_search_page_finds(search, ko_url, query, expected):
    assert search(ko_url, query) == expected


def test_english_view_is_unaffected(tmp_path):
    """language="en": the extension changes neither the index nor the search JS."""
    options = {"language": "en", "theme": "alabaster", "pages": {"english": ENGLISH}}
    with_ext = build(tmp_path / "with", extensions=["ko_search"], **options)
    without_ext = build(tmp_path / "without", extensions=[], **options)
    for path in ["searchindex.js", "_static/language_data.js"]:
        assert (with_ext / path).read_bytes() == (without_ext / path).read_bytes(), path
    assert docs_for(read_index(with_ext), "terms", "loss") == {"english"}
