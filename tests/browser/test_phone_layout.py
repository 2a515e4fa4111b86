"""Phones: every page of every view at 320, 360 and 400 px, in a mobile browser
(the page's meta viewport honoured, touch events, no mouse). Nothing may scroll
sideways, and search, dark mode, the contents list and the view switcher must be
reachable with a finger."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser_helpers import CHAPTER, VIEWS, page_names

pytestmark = pytest.mark.timeout(240)

WIDTHS = (320, 360, 400)

# Elements sticking out to the right of the screen, leaving out what a closed
# drawer hides off screen and what a scrolling box (a code cell) clips.
_OVERFLOW_JS = """
(width) => {
  const sticking = [];
  for (const element of document.querySelectorAll("body *")) {
    const rect = element.getBoundingClientRect();
    if (!rect.width || !rect.height || rect.right <= width + 0.5) continue;
    if (element.closest("dialog:not([open]), .bd-sidebar-primary, .bd-sidebar-secondary, .tooltip")) continue;
    let clipped = false;
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      const style = getComputedStyle(parent);
      if (style.overflowX !== "visible" && parent.getBoundingClientRect().right <= width + 0.5) { clipped = true; break; }
    }
    if (!clipped) sticking.push(`${element.tagName.toLowerCase()}.${[...element.classList].join(".")} ends at ${Math.round(rect.right)}px`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, sticking: sticking.slice(0, 8)};
}
"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", VIEWS)
def test_no_page_scrolls_sideways_on_a_phone(phone_contexts, view, width):
    page = phone_contexts(width).new_page()
    wide = []
    for name in page_names():
        page.goto(f"/{view}/{name}")
        result = page.evaluate(_OVERFLOW_JS, width)
        # A mobile browser widens the layout to the widest content, so both count.
        if result["scrollWidth"] > width or result["innerWidth"] > width or result["sticking"]:
            wide.append(f"/{view}/{name}: page {result['scrollWidth']}px wide, layout {result['innerWidth']}px; "
                        + "; ".join(result["sticking"]))
    page.close()
    assert not wide, f"at {width}px these pages scroll sideways:\n" + "\n".join(wide)


def _on_screen_and_tappable(page, locator, what: str) -> None:
    """The element is inside the screen and is what a finger on its middle touches."""
    box = locator.bounding_box()
    assert box is not None, f"{what} is not rendered"
    size = page.viewport_size
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"] + 0.5 and 0 <= y < size["height"], (
        f"{what} is off screen: {box} on a {size['width']}px screen")
    covered = locator.evaluate(
        "(element, [x, y]) => { const hit = document.elementFromPoint(x, y);"
        " return element.contains(hit) ? '' : (hit ? hit.outerHTML.slice(0, 120) : 'nothing'); }", [x, y])
    assert covered == "", f"{what} is covered by {covered}"
    assert box["width"] >= 24 and box["height"] >= 24, f"{what} is too small to tap: {box}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", VIEWS)
def test_search_is_reachable_on_a_phone(phone_contexts, view, width):
    page = phone_contexts(width).new_page()
    page.goto(f"/{view}/{CHAPTER}")
    button = page.locator(".bd-header-article button.search-button")
    _on_screen_and_tappable(page, button, "the header's search button")
    button.tap()
    field = page.locator("#pst-search-dialog input[name=q]")
    field.wait_for(state="visible")
    _on_screen_and_tappable(page, field, "the search field")
    field.fill("gradient")
    with page.expect_navigation():
        field.press("Enter")
    assert urlsplit(page.url).path == f"/{view}/search.html" and "q=gradient" in page.url

    # The drawer (☰) holds a search field too.
    page.goto(f"/{view}/{CHAPTER}")
    page.locator(".bd-header-article button.primary-toggle").tap()
    drawer_field = page.locator("#pst-primary-sidebar-modal .search-button-field")
    drawer_field.wait_for(state="visible")
    _on_screen_and_tappable(page, drawer_field, "the drawer's search field")
    drawer_field.tap()
    page.locator("#pst-search-dialog input[name=q]").wait_for(state="visible")
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", VIEWS)
def test_dark_mode_is_reachable_on_a_phone(phone_contexts, view, width):
    page = phone_contexts(width).new_page()
    page.goto(f"/{view}/{CHAPTER}")
    switch = page.locator(".bd-header-article button.theme-switch-button")
    _on_screen_and_tappable(page, switch, "the colour mode button")
    switch.tap()
    dark = page.locator(".bd-header-article .theme-change-button[data-mode='dark']")
    dark.wait_for(state="visible")
    _on_screen_and_tappable(page, dark, "the dark mode choice")
    dark.tap()
    page.wait_for_function("() => document.documentElement.dataset.theme === 'dark'")
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", VIEWS)
def test_contents_list_is_reachable_on_a_phone(phone_contexts, view, width):
    page = phone_contexts(width).new_page()
    page.goto(f"/{view}/{CHAPTER}")
    toggle = page.locator(".bd-header-article button.secondary-toggle")
    _on_screen_and_tappable(page, toggle, "the contents button")
    toggle.tap()
    links = page.locator("#pst-secondary-sidebar-modal nav.page-toc a")
    links.first.wait_for(state="visible")
    assert links.count() >= 9
    target = links.nth(6)  # 3.3.7, far enough down the page
    _on_screen_and_tappable(page, target, "a link of the contents list")
    anchor = target.get_attribute("href").split("#")[1]
    target.tap()
    page.wait_for_function("(id) => location.hash === '#' + id", arg=anchor)
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", VIEWS)
def test_view_switcher_is_reachable_on_a_phone(phone_contexts, view, width):
    page = phone_contexts(width).new_page()
    page.goto(f"/{view}/{CHAPTER}")
    for link in page.locator("nav.bi-switcher a.bi-switch").all():
        _on_screen_and_tappable(page, link, f"the view link {link.inner_text()!r}")
    other = next(v for v in VIEWS if v != view)
    with page.expect_navigation():
        page.locator(f"nav.bi-switcher a[data-view='{other}']").tap()
    assert urlsplit(page.url).path == f"/{other}/{CHAPTER}"
    page.close()
