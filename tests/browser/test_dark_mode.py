"""Light and dark: the site follows the reader's system by default, the theme's
switch still overrides it, and the figure and the plot stay readable in both."""

from __future__ import annotations

import io
from collections import Counter

import numpy as np
import pytest
from browser_helpers import CHAPTER, VIEWS
from PIL import Image

pytestmark = pytest.mark.timeout(120)

_BACKGROUND_JS = """() => {
  const color = getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).map(Number);
  return {theme: document.documentElement.dataset.theme, mode: document.documentElement.dataset.mode, color};
}"""


def luminance(rgb) -> float:
    """WCAG relative luminance of an sRGB colour (0-255 channels)."""
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(value) for value in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: float, second: float) -> float:
    light, dark = max(first, second), min(first, second)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("view", VIEWS)
def test_the_page_follows_the_system_colour_scheme(new_context, view, scheme):
    page = new_context(color_scheme=scheme).new_page()
    page.goto(f"/{view}/{CHAPTER}")
    state = page.evaluate(_BACKGROUND_JS)
    assert state["theme"] == scheme, f"system prefers {scheme}, the page shows {state}"
    background = luminance(state["color"])
    assert (background < 0.1) if scheme == "dark" else (background > 0.9), state


def test_the_switch_still_overrides_the_system(new_context):
    page = new_context(color_scheme="dark").new_page()
    page.goto(f"/ko/{CHAPTER}")
    page.locator(".bd-header-article button.theme-switch-button").click()
    page.locator(".bd-header-article .theme-change-button[data-mode='light']").click()
    page.wait_for_function("() => document.documentElement.dataset.theme === 'light'")
    page.reload()
    assert page.evaluate(_BACKGROUND_JS)["theme"] == "light", "the reader's choice was not kept"
    assert luminance(page.evaluate(_BACKGROUND_JS)["color"]) > 0.9


def _legibility(png: bytes) -> dict:
    """The image as a reader sees it on the page: its most common colour (the
    background it is drawn on) and the contrast of its darkest ink with it."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    pixels = [tuple(pixel) for pixel in np.asarray(image).reshape(-1, 3).tolist()]
    background = Counter(pixels).most_common(1)[0][0]
    ink = sorted(luminance(pixel) for pixel in pixels)
    darkest = ink[len(ink) // 200]  # the 0.5% darkest pixels: lines and letters
    return {"background": background, "background_luminance": luminance(background),
            "contrast": contrast(luminance(background), darkest)}


FIGURES = [("ko", CHAPTER, "article figure.bi-figure img"), ("en", CHAPTER, "article figure.bi-figure img"),
           ("ko", "solutions.html", "article .bi-unit img"), ("en", "solutions.html", "article .bi-unit img")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("view, name, selector", FIGURES,
                         ids=[f"{view}-{name.split('.')[0].split('-')[0]}" for view, name, _ in FIGURES])
def test_the_figure_and_the_plot_read_well(new_context, view, name, selector, scheme):
    page = new_context(color_scheme=scheme).new_page()
    page.goto(f"/{view}/{name}")
    image = page.locator(selector).first
    image.scroll_into_view_if_needed()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    seen = _legibility(image.screenshot())
    # Dark lines and letters on a light card: a light background, strong contrast.
    assert seen["background_luminance"] > 0.6, f"{scheme}: {name}'s image sits on a dark background: {seen}"
    assert seen["contrast"] >= 7, f"{scheme}: {name}'s lines and letters are faint: {seen}"
