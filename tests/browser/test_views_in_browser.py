"""The three views in a real browser: the switcher keeps the reader's place,
the choice persists, the site root picks a view, and the keyboard works."""

from __future__ import annotations

import re

import pytest
from browser_helpers import (
    CHAPTER,
    assert_in_view,
    click_and_wait,
    click_where_it_is,
    focus_style,
    path_and_hash,
    press_and_wait,
    scroll_into_middle_of,
    section_of,
    stored_view,
    switch_link,
    tab_until,
)

pytestmark = pytest.mark.timeout(120)

# Where the root's redirect goes: some view's index page (which one is asserted).
ANY_VIEW_INDEX = re.compile(r"/(ko|en|both)/index\.html(#.*)?$")

# Three directions round the views; per direction, sections of the chapter and
# one translation unit. (Not the last section: the page cannot scroll it to the top.)
DEEP_LINKS = {
    ("ko", "en"): ["generating-the-dataset", "training", "u-12"],
    ("en", "both"): ["reading-the-data", "loss-function-defining-the-loss-function", "summary", "u-7"],
    ("both", "ko"): ["defining-the-model", "defining-the-optimization-algorithm", "sec-exercises", "u-15"],
}


@pytest.mark.parametrize("source, target", list(DEEP_LINKS))
def test_switching_from_a_deep_link_lands_on_the_same_place(page, source, target):
    for anchor in DEEP_LINKS[(source, target)]:
        page.goto(f"/{source}/{CHAPTER}#{anchor}")
        assert_in_view(page, anchor)

        click_where_it_is(page, switch_link(page, target))

        assert path_and_hash(page.url) == (f"/{target}/{CHAPTER}", anchor), (
            f"switching {source} -> {target} from #{anchor} went to {page.url}"
        )
        assert_in_view(page, anchor)


# Tall paragraphs (units) of each view, one per direction.
SCROLLED = [("ko", "en", "u-10"), ("en", "both", "u-15"), ("both", "ko", "u-6")]


@pytest.mark.parametrize("source, target, unit", SCROLLED)
def test_switching_after_scrolling_keeps_the_paragraph_in_view(page, source, target, unit):
    page.goto(f"/{source}/{CHAPTER}")
    scroll_into_middle_of(page, unit)
    section = section_of(page, unit)

    click_where_it_is(page, switch_link(page, target))

    path, anchor = path_and_hash(page.url)
    assert path == f"/{target}/{CHAPTER}"
    assert anchor in (unit, section), (
        f"reading the middle of #{unit} (section #{section}) in the {source} view, "
        f"the switch to {target} went to {page.url}"
    )
    assert_in_view(page, unit)


# (browser locale, view the reader starts in, view they choose)
CHOICES = [("ko-KR", "ko", "en"), ("en-US", "en", "both")]


@pytest.mark.parametrize("locale, start, chosen", CHOICES)
def test_the_chosen_view_persists_across_pages_reloads_and_the_root(new_context, locale, start, chosen):
    page = new_context(locale=locale).new_page()
    page.goto(f"/{start}/{CHAPTER}")

    click_where_it_is(page, switch_link(page, chosen))
    assert path_and_hash(page.url)[0] == f"/{chosen}/{CHAPTER}"
    assert stored_view(page) == chosen

    # An internal link: a term, to the glossary of the same view.
    click_and_wait(page, page.locator("article a.bi-term-link").first)
    assert path_and_hash(page.url)[0] == f"/{chosen}/glossary.html"
    assert switch_link(page, chosen).get_attribute("aria-current") == "page"

    page.reload(wait_until="load")
    assert path_and_hash(page.url)[0] == f"/{chosen}/glossary.html"
    assert stored_view(page) == chosen

    # The root now follows the choice, not the browser's language.
    page.goto("/", wait_until="commit")
    page.wait_for_url(ANY_VIEW_INDEX, wait_until="load")
    assert path_and_hash(page.url)[0] == f"/{chosen}/index.html", (
        f"after choosing {chosen}, the root (browser locale {locale}) sent the reader to {page.url}"
    )


@pytest.mark.parametrize(
    "locale, expected",
    [("ko-KR", "ko"), ("en-US", "en"), ("fr-FR", "en")],
)
def test_the_root_follows_the_browser_language_on_a_first_visit(new_context, locale, expected):
    page = new_context(locale=locale).new_page()
    page.goto("/", wait_until="commit")
    page.wait_for_url(ANY_VIEW_INDEX, wait_until="load")
    assert path_and_hash(page.url) == (f"/{expected}/index.html", ""), (
        f"a first visit with browser locale {locale} went to {page.url}"
    )
    assert page.evaluate("document.documentElement.lang") == ("en" if expected == "en" else "ko")


def test_the_root_keeps_its_hash(new_context):
    page = new_context(locale="ko-KR").new_page()
    page.goto("/#some-place", wait_until="commit")
    page.wait_for_url(ANY_VIEW_INDEX, wait_until="load")
    assert path_and_hash(page.url) == ("/ko/index.html", "some-place"), (
        f"/#some-place (browser locale ko-KR) went to {page.url}"
    )


@pytest.mark.parametrize("source, unit", [("ko", "u-10"), ("both", "u-6")])
def test_the_switcher_works_from_the_keyboard(page, source, unit):
    page.goto(f"/{source}/{CHAPTER}")
    scroll_into_middle_of(page, unit)
    section = section_of(page, unit)

    # Real Tab presses from the top of the page (nothing focused yet). Focus must
    # not move the reader's place: the switcher is in the sticky header.
    assert page.evaluate("document.activeElement === document.body")
    tab_until(page, "nav.bi-switcher a.bi-switch[data-view='en']", limit=60)

    style = focus_style(page)
    assert style["visible"], f"the focused English link shows no focus indicator: {style}"

    press_and_wait(page, "Enter")

    path, anchor = path_and_hash(page.url)
    assert path == f"/en/{CHAPTER}"
    assert anchor in (unit, section), (
        f"reading #{unit} (section #{section}) in the {source} view, Enter on the English link "
        f"went to {page.url}"
    )
    assert_in_view(page, unit)
    assert stored_view(page) == "en"
