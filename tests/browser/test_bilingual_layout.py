"""How the bilingual markup looks in a real browser: side-by-side units and
term tooltips."""

from __future__ import annotations

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

def _other_language(lang: str) -> str:
    return "en" if lang == "ko" else "ko"


def _glossary_names(site_root, view: str, context_lang: str) -> dict[str, str]:
    """term-KEY -> the name the glossary gives in the other language
    (`**dataset** · 데이터셋`): what the tooltip must say."""
    page = BeautifulSoup((site_root / view / "glossary.html").read_text(encoding="utf-8"), "html.parser")
    names = {}
    for entry in page.select("[id^='term-']"):
        scope = entry.select_one(f".bi-lang[lang='{context_lang}']") if view == "both" else entry
        foreign = scope.select_one(".bi-glossary-term .bi-foreign") if scope else None
        if foreign is not None:
            names[entry["id"]] = foreign.get_text(" ", strip=True)
    return names


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


def _assert_tip_shown(state, expected_names, lang, how):
    other = _other_language(lang)
    assert state["described"], f"the term link is not aria-describedby its tip: {state}"
    assert state["display"] != "none", f"{how} a {lang} term does not show its tooltip: {state}"
    assert state["onScreen"] and state["onTop"], f"{how}: the tooltip is off screen or covered: {state}"
    assert state["lang"] == other, f"the tooltip of a {lang} term should be lang={other}: {state}"
    assert state["text"] == expected_names[state["key"]], (
        f"the tooltip should read the glossary's {other} name {expected_names[state['key']]!r}: {state}"
    )


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
    _assert_tip_shown(_tip_state(term), _glossary_names(site_root, view, lang), lang, "hovering")

    page.mouse.move(0, 0)
    assert _tip_state(term)["display"] == "none", "the tooltip stays after the pointer left"


@pytest.mark.parametrize("view, lang", TERM_CASES)
def test_focusing_a_term_with_the_keyboard_shows_the_other_language(warm_page, site_root, view, lang):
    page = warm_page
    page.goto(f"/{view}/{CHAPTER}")
    selector = _term_selector(view, lang) + " .bi-term-link"
    tab_until(page, selector, limit=80)
    term = page.locator(":focus").locator("xpath=..")
    _assert_tip_shown(_tip_state(term), _glossary_names(site_root, view, lang), lang, "focusing")
