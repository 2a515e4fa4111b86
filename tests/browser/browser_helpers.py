"""What the browser tests ask of a page: where an element is, where focus is,
what the search page rendered. Plain functions over a Playwright page."""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import urlsplit

from sitebuild import SITE

CHAPTER = "linear-regression-concise.html"
VIEWS = ("ko", "en", "both")
STORAGE_KEY = "d2l-ko-3.3:view"

# The part of the viewport a reader sees: below the sticky article header.
_PLACE_JS = """
(id) => {
  const element = document.getElementById(id);
  if (!element) return null;
  const rect = element.getBoundingClientRect();
  let visibleTop = 0;
  const header = document.querySelector(".bd-header-article");
  if (header) {
    const position = getComputedStyle(header).position;
    if (position === "sticky" || position === "fixed")
      visibleTop = Math.max(0, header.getBoundingClientRect().bottom);
  }
  return {
    top: rect.top, bottom: rect.bottom, left: rect.left, right: rect.right,
    visibleTop: visibleTop, innerHeight: window.innerHeight, innerWidth: window.innerWidth,
    scrollY: window.scrollY,
    inView: rect.height > 0 && rect.bottom > visibleTop && rect.top < window.innerHeight
      && rect.right > 0 && rect.left < window.innerWidth,
  };
}
"""


def page_names() -> list[str]:
    """Every HTML page at the top of a view (the chapter, exercises API,
    solutions, glossary, errata, search, index pages...), as in the built
    Korean view (BROWSER_TEST_SITE or `make html`'s); every view has the same
    pages (test_internal_links checks it). Read at collection time."""
    root = Path(os.environ.get("BROWSER_TEST_SITE") or SITE)
    names = sorted(path.name for path in (root / "ko").glob("*.html"))
    return names or ["index.html", CHAPTER, "exercises-api.html", "solutions.html",
                     "glossary.html", "errata.html", "search.html"]


def path_and_hash(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.path, parts.fragment


def place_of(page, element_id: str) -> dict | None:
    return page.evaluate(_PLACE_JS, element_id)


def assert_in_view(page, element_id: str, *, timeout: float = 5.0) -> None:
    """The element with this id is (or within `timeout` seconds comes) on screen,
    below the sticky header. Late layout (fonts, images) may still move it."""
    deadline = time.monotonic() + timeout
    while True:
        place = place_of(page, element_id)
        if place and place["inView"]:
            return
        if time.monotonic() > deadline:
            break
        page.wait_for_timeout(100)
    if place is None:
        raise AssertionError(f"{page.url}: no element with id {element_id!r}")
    raise AssertionError(
        f"{page.url}: #{element_id} is not in the viewport: its top is at {place['top']:.0f}px, "
        f"its bottom at {place['bottom']:.0f}px; the reader sees {place['visibleTop']:.0f}px to "
        f"{place['innerHeight']}px (window scrolled to {place['scrollY']:.0f}px)"
    )


def scroll_into_middle_of(page, element_id: str) -> None:
    """Scroll so the middle of the element is at the reading line the switcher
    uses (just below the sticky header): the reader is halfway through it."""
    result = page.evaluate(
        """(id) => {
          const element = document.getElementById(id);
          const padding = parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
          const line = padding + 16;
          const rect = element.getBoundingClientRect();
          window.scrollTo({top: window.scrollY + rect.top + rect.height / 2 - line, behavior: "instant"});
          const after = element.getBoundingClientRect();
          return {line: line, top: after.top, bottom: after.bottom};
        }""",
        element_id,
    )
    assert result["top"] < result["line"] < result["bottom"], (
        f"could not scroll into the middle of #{element_id}: {result}"
    )


def section_of(page, element_id: str) -> str:
    """Id of the innermost section holding the element."""
    return page.evaluate(
        "(id) => { const s = document.getElementById(id).closest('section[id]'); return s ? s.id : ''; }",
        element_id,
    )


def switch_link(page, view: str):
    return page.locator(f"nav.bi-switcher a.bi-switch[data-view='{view}']")


def click_and_wait(page, locator) -> None:
    """Click a link and wait until the page it leads to has loaded."""
    with page.expect_navigation(wait_until="load"):
        locator.click()


def click_where_it_is(page, locator) -> None:
    """Click a link with the mouse where the reader sees it, and wait for the page
    it leads to. Unlike ``locator.click()`` this never scrolls first (Playwright
    scrolls even links in a sticky header, which would move the reader's place):
    the link must already be on screen and not covered."""
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not rendered"
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    size = page.viewport_size
    assert 0 <= x < size["width"] and 0 <= y < size["height"], (
        f"{locator} is off screen at ({x:.0f}, {y:.0f}); the reader cannot click it where they are"
    )
    on_top = locator.evaluate(
        "(link, [x, y]) => { const hit = document.elementFromPoint(x, y); return link.contains(hit) ? '' : "
        "(hit ? hit.outerHTML.slice(0, 120) : 'nothing'); }",
        [x, y],
    )
    assert on_top == "", f"{locator} is covered at ({x:.0f}, {y:.0f}) by {on_top}"
    with page.expect_navigation(wait_until="load"):
        page.mouse.click(x, y)


def press_and_wait(page, key: str) -> None:
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press(key)


def stored_view(page) -> str | None:
    return page.evaluate(f"() => localStorage.getItem({STORAGE_KEY!r})")


_ACTIVE_JS = """
() => {
  const element = document.activeElement;
  if (!element || element === document.body) return "body";
  const text = (element.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
  return `${element.tagName.toLowerCase()}.${[...element.classList].join(".")} "${text}"`;
}
"""


def tab_until(page, selector: str, *, limit: int = 80) -> int:
    """Press Tab (real keyboard events) until the focused element matches the
    selector; returns the number of presses. Fails after `limit` presses."""
    trail = []
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
            return presses
        trail.append(page.evaluate(_ACTIVE_JS))
    raise AssertionError(
        f"{selector} never got the focus in {limit} Tab presses; focus went: " + " -> ".join(trail[:limit])
    )


# Outline or box-shadow that can actually be seen: not none, not zero-sized,
# not transparent.
FOCUS_STYLE_JS = """
(element) => {
  element = element || document.activeElement;
  const style = getComputedStyle(element);
  const alpha = (color) => {
    if (!color || color === "transparent") return 0;
    const m = color.match(/rgba?\\(([^)]*)\\)/);
    if (!m) return 1;
    const parts = m[1].split(/[\\s,\\/]+/).filter(Boolean);
    return parts.length > 3 ? parseFloat(parts[3]) : 1;
  };
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
    && alpha(style.outlineColor) > 0;
  let shadow = false;
  if (style.boxShadow && style.boxShadow !== "none") {
    const shadows = [];
    let depth = 0, current = "";
    for (const ch of style.boxShadow) {
      if (ch === "(") depth++;
      if (ch === ")") depth--;
      if (ch === "," && depth === 0) { shadows.push(current); current = ""; } else current += ch;
    }
    shadows.push(current);
    shadow = shadows.some((one) => {
      const color = (one.match(/rgba?\\([^)]*\\)/) || ["rgb(0, 0, 0)"])[0];
      const lengths = one.replace(/rgba?\\([^)]*\\)/, "").match(/-?[\\d.]+px/g) || [];
      return alpha(color) > 0 && lengths.some((length) => parseFloat(length) !== 0);
    });
  }
  return {
    visible: outline || shadow,
    outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
    boxShadow: style.boxShadow,
  };
}
"""


def focus_style(page) -> dict:
    return page.evaluate(FOCUS_STYLE_JS)


def wait_for_search(page) -> list[str]:
    """Wait until Sphinx's searchtools.js has finished rendering #search-results;
    return the hrefs of the result links, in order."""
    # searchtools.js titles the results "Searching" (plus pulsing dots) and
    # retitles them "Search Results" once every result is in the list.
    # (Search._pulse_status is no signal: its timer keeps pulsing after the end.)
    page.wait_for_function(
        """() => {
          const title = document.querySelector("#search-results h2");
          return !!title && typeof Documentation !== "undefined"
            && title.textContent.trim() === Documentation.gettext("Search Results");
        }"""
    )
    return page.eval_on_selector_all(
        "#search-results ul.search > li > a", "links => links.map(a => a.getAttribute('href'))"
    )


def found_on_every_page(page, view: str, script: str, keep: int) -> dict[str, list]:
    """What ``script`` (JavaScript returning a list of problems) finds on each page of a
    view, by page name, the first ``keep`` of each; pages where it finds nothing are left
    out. Closes the page."""
    found = {}
    for name in page_names():
        page.goto(f"/{view}/{name}")
        problems = page.evaluate(script)
        if problems:
            found[name] = problems[:keep]
    page.close()
    return found
