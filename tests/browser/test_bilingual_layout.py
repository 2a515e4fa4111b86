"""How the bilingual markup looks in a real browser: side-by-side units and
term tooltips (hover, keyboard focus, and on a phone a first tap)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from browser_helpers import CHAPTER, tab_until

pytestmark = pytest.mark.timeout(120)

# Geometry of every side-by-side unit of the article that is rendered.
_PAIRS_JS = """
() => [...document.querySelectorAll("article .bi-pair")].map((pair) => {
  const ko = pair.querySelector(":scope > .bi-lang[lang='ko']");
  const en = pair.querySelector(":scope > .bi-lang[lang='en']");
  const box = (element) => {
    if (!element) return null;
    const r = element.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height};
  };
  return {id: pair.id, ko: box(ko), en: box(en)};
}).filter((pair) => pair.ko && pair.en && pair.ko.height > 0 && pair.en.height > 0)
"""


def _pairs(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/both/{CHAPTER}")
    pairs = page.evaluate(_PAIRS_JS)
    units = [pair for pair in pairs if pair["id"].startswith("u-")]
    assert len(units) >= 10, f"expected the chapter's paragraph units as .bi-pair, found {[p['id'] for p in pairs]}"
    return pairs


def test_pairs_are_side_by_side_on_a_wide_screen(warm_page):
    wrong = []
    for pair in _pairs(warm_page, 1280):
        ko, en = pair["ko"], pair["en"]
        if abs(ko["top"] - en["top"]) > 1 or en["left"] < ko["right"] - 1:
            wrong.append(f"#{pair['id']}: ko {ko}, en {en}")
    assert not wrong, (f"at 1280x900, {len(wrong)} pairs are not Korean | English side by side:\n"
                       + "\n".join(wrong[:6]))


def test_pairs_are_stacked_on_a_narrow_screen(warm_page):
    wrong = []
    for pair in _pairs(warm_page, 400):
        ko, en = pair["ko"], pair["en"]
        if abs(ko["left"] - en["left"]) > 1 or en["top"] < ko["bottom"] - 1:
            wrong.append(f"#{pair['id']}: ko {ko}, en {en}")
    assert not wrong, (f"at 400x900, {len(wrong)} pairs are not stacked, English below Korean:\n"
                       + "\n".join(wrong[:6]))


# -- term tooltips ---------------------------------------------------------------

HANGUL = re.compile("[\uac00-\ud7a3]")


def _other_language(lang: str) -> str:
    return "en" if lang == "ko" else "ko"


def _glossary_names(site_root, view: str) -> dict[str, dict[str, str]]:
    """term-KEY -> {lang: name}, as the glossary page pairs them
    (`**dataset** · 데이터셋`)."""
    page = BeautifulSoup((site_root / view / "glossary.html").read_text(encoding="utf-8"), "html.parser")
    names = {}
    for entry in page.select("[id^='term-']"):
        scope = entry.select_one(".bi-lang[lang='ko']") if view == "both" else entry
        heading = scope.select_one(".bi-glossary-term")
        own, foreign = heading.select_one("strong"), heading.select_one(".bi-foreign")
        own_lang = "en" if view == "en" else "ko"
        names[entry["id"]] = {own_lang: own.get_text(" ", strip=True),
                              foreign["lang"]: foreign.get_text(" ", strip=True)}
    return names


def _expected_tip(names, state) -> tuple[str, str]:
    """The glossary's name in the other language than the words shown (English
    "shape" in a Korean sentence shows 모양), and that language."""
    shown = "ko" if HANGUL.search(state["words"]) else "en"
    other = _other_language(shown)
    return names[state["key"]][other], other


# (view, language of the text the term is in)
TERM_CASES = [("ko", "ko"), ("en", "en"), ("both", "ko"), ("both", "en")]


def _term_selector(view: str, lang: str) -> str:
    scope = f"article .bi-lang[lang='{lang}'] " if view == "both" else "article "
    return scope + ".bi-term"


def _tip_state(term) -> dict:
    return term.evaluate(
        """(term) => {
          const link = term.querySelector(".bi-term-link");
          const tip = term.querySelector(".bi-term-tip");
          const r = tip.getBoundingClientRect();
          const x = r.left + r.width / 2, y = r.top + r.height / 2;
          const hit = r.width > 0 ? document.elementFromPoint(x, y) : null;
          return {
            key: link.getAttribute("href").split("#")[1],
            words: link.textContent.trim(),
            described: link.getAttribute("aria-describedby") === tip.id,
            display: getComputedStyle(tip).display,
            text: tip.textContent.trim(),
            lang: tip.getAttribute("lang"),
            onScreen: r.width > 0 && r.top >= 0 && r.left >= 0
              && r.bottom <= window.innerHeight && r.right <= window.innerWidth,
            onTop: !!hit && tip.contains(hit),
          };
        }"""
    )


def _assert_tip_shown(state, names, lang, how):
    expected, other = _expected_tip(names, state)
    assert state["described"], f"the term link is not aria-describedby its tip: {state}"
    assert state["display"] != "none", f"{how} a {lang} term does not show its tooltip: {state}"
    assert state["onScreen"] and state["onTop"], f"{how}: the tooltip is off screen or covered: {state}"
    assert state["lang"] == other, f"the tooltip of {state['words']!r} should be lang={other}: {state}"
    assert state["text"] == expected, f"the tooltip should read the glossary's {other} name {expected!r}: {state}"
    assert state["text"].lower() != state["words"].lower(), f"the tooltip repeats the words shown: {state}"


@pytest.mark.parametrize("view, lang", TERM_CASES)
def test_hovering_a_term_shows_the_other_language(warm_page, site_root, view, lang):
    page = warm_page
    page.goto(f"/{view}/{CHAPTER}")
    term = page.locator(_term_selector(view, lang)).first
    term.scroll_into_view_if_needed()
    page.mouse.move(0, 0)
    hidden = _tip_state(term)
    assert hidden["display"] == "none", f"the tooltip shows before any hover: {hidden}"

    term.locator(".bi-term-link").hover()
    _assert_tip_shown(_tip_state(term), _glossary_names(site_root, view), lang, "hovering")

    page.mouse.move(0, 0)
    assert _tip_state(term)["display"] == "none", "the tooltip stays after the pointer left"


@pytest.mark.parametrize("view, lang", TERM_CASES)
def test_focusing_a_term_with_the_keyboard_shows_the_other_language(warm_page, site_root, view, lang):
    page = warm_page
    page.goto(f"/{view}/{CHAPTER}")
    selector = _term_selector(view, lang) + " .bi-term-link"
    tab_until(page, selector, limit=80)
    term = page.locator(":focus").locator("xpath=..")
    _assert_tip_shown(_tip_state(term), _glossary_names(site_root, view), lang, "focusing")


# Counts the clicks a tap produced and records every navigation the page starts (Navigation
# API), so a test knows a tap was handled and whether it followed a link, without waiting.
_WATCH_TAPS_JS = """() => {
  window.__taps = {clicks: 0, navigations: []};
  window.addEventListener("click", () => { window.__taps.clicks += 1; });
  navigation.addEventListener("navigate", (event) => {
    window.__taps.navigations.push(event.destination.url);
  });
}"""


def _navigations_by_tap(page, clicks):
    """The navigations the page started since the last call, once its `clicks`-th click was
    handled (None: the page is another document by now)."""
    page.wait_for_function("(n) => !window.__taps || window.__taps.clicks >= n", arg=clicks)
    return page.evaluate("() => window.__taps ? window.__taps.navigations.splice(0) : null")


# Scrolls a term to the middle of the screen and returns its words.
_SCROLL_TO_MIDDLE_JS = """(term) => {
  const rect = term.getBoundingClientRect();
  window.scrollBy({top: rect.top - window.innerHeight / 2, behavior: "instant"});
  return term.querySelector(".bi-term-link").innerText;
}"""


@pytest.mark.parametrize("width", [320, 360])
@pytest.mark.parametrize("view, lang", TERM_CASES)
def test_on_a_phone_the_first_tap_shows_the_term_and_the_second_follows_it(
        phone_contexts, site_root, view, lang, width):
    """Every term of the chapter, tapped with a finger: the first tap shows the
    tooltip (whole, on screen) and stays on the page; a tap elsewhere closes it;
    for the last term, a second tap follows the link to the glossary."""
    page = phone_contexts(width).new_page()
    page.goto(f"/{view}/{CHAPTER}")
    page.evaluate(_WATCH_TAPS_JS)
    names = _glossary_names(site_root, view)
    terms = page.locator(_term_selector(view, lang))
    count = terms.count()
    assert count >= 15, f"only {count} {lang} terms on the {view} chapter"
    clicks = 0
    for index in range(count):
        term = terms.nth(index)
        words = term.evaluate(_SCROLL_TO_MIDDLE_JS)
        term.locator(".bi-term-link").tap()
        clicks += 1
        navigations = _navigations_by_tap(page, clicks)
        assert navigations == [], f"the first tap on {words!r} followed the link: {navigations or page.url}"
        assert urlsplit(page.url).path == f"/{view}/{CHAPTER}", f"the first tap on {words!r} went to {page.url}"
        state = _tip_state(term)
        _assert_tip_shown(state, names, lang, f"tapping (term {index})")
        if index < count - 1:
            page.locator("article h1").first.tap()  # somewhere else: closes it
            clicks += 1
            _navigations_by_tap(page, clicks)  # tapping the heading may go to its own anchor
            assert _tip_state(term)["display"] == "none", f"the tooltip of {state['words']!r} stays open"
    with page.expect_navigation():
        terms.nth(count - 1).locator(".bi-term-link").tap()
    path, anchor = urlsplit(page.url).path, urlsplit(page.url).fragment
    assert path == f"/{view}/glossary.html" and anchor == state["key"], page.url
    page.close()
