"""The theme's own controls speak the view's language in a real browser: every
name, tooltip and placeholder outside the chapter text, after the theme's and
our scripts have run (Bootstrap moves `title` attributes when it starts)."""

from __future__ import annotations

import pytest
from browser_helpers import CHAPTER
from pages import HANGUL

pytestmark = pytest.mark.timeout(120)

# Every accessible name, tooltip and placeholder of the theme's chrome, plus the
# permalinks' titles inside the article; the chapter's own text is checked elsewhere.
_LABELS_JS = """
() => {
  const names = ["aria-label", "title", "data-bs-original-title", "placeholder"];
  const found = [];
  for (const element of document.querySelectorAll("body *")) {
    const inArticle = element.closest("article");
    if (inArticle && !element.matches("a.headerlink")) continue;
    for (const name of names) {
      const value = element.getAttribute(name);
      if (value && value.trim()) found.push({tag: element.tagName.toLowerCase(), name, value});
    }
  }
  return found;
}
"""


def _labels(page, view: str) -> list[dict]:
    page.goto(f"/{view}/{CHAPTER}")
    page.wait_for_load_state("load")
    return page.evaluate(_LABELS_JS)


@pytest.mark.parametrize("view", ["ko", "both"])
def test_every_theme_label_is_korean_in_the_korean_views(warm_page, view):
    labels = _labels(warm_page, view)
    assert len(labels) >= 15, labels
    english = [f"<{label['tag']} {label['name']}={label['value']!r}>" for label in labels
               if not HANGUL.search(label["value"])]
    assert not english, f"/{view}/: theme labels without Korean:\n" + "\n".join(english)


def test_the_english_view_keeps_english_labels(warm_page):
    values = {label["value"] for label in _labels(warm_page, "en")}
    assert {"Toggle primary sidebar", "Link to this heading", "Search..."} <= values
    assert not [value for value in values if HANGUL.search(value)]


def test_the_sidebar_toggle_tooltip_is_korean(warm_page):
    warm_page.set_viewport_size({"width": 1280, "height": 900})
    warm_page.goto(f"/ko/{CHAPTER}")
    warm_page.hover("button.primary-toggle")
    tooltip = warm_page.locator(".tooltip")
    tooltip.wait_for(state="visible", timeout=5000)
    assert tooltip.inner_text().strip() == "주 사이드바 열기/닫기"
