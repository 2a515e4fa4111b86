"""Korean typography as Chromium lays it out: Korean words never break inside
(word-break: keep-all), permalinks never take a line of their own, the errata
tables are readable on a phone and a desktop, quoted Korean is prose."""

from __future__ import annotations

import pytest
from browser_helpers import VIEWS, found_on_every_page

pytestmark = pytest.mark.timeout(300)

# (width, phone?) A phone is a mobile viewport with touch; 1280 a desktop.
SCREENS = [(360, True), (1280, False)]

# Every Korean word in the page's visible text (a run of Hangul syllables,
# 간결한 or 리케이션): the ones whose syllables sit on more than one line. A line
# may still end at a space or a punctuation mark between two runs. Code blocks,
# which scroll, are skipped.
_BROKEN_WORDS_JS = """
() => {
  const hangul = /[\\uac00-\\ud7a3]/;
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !hangul.test(node.data) || parent.closest("pre, script, style, dialog:not([open]), .bi-term-tip"))
      continue;
    const style = getComputedStyle(parent);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const range = document.createRange();
    const re = /[\\uac00-\\ud7a3]+/g;
    let match;
    while ((match = re.exec(node.data))) {
      if (match[0].length < 2) continue;
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0);
      if (!rects.length) continue;
      const tops = new Set(rects.map((r) => Math.round(r.top / 4)));
      if (tops.size > 1) broken.push(`${match[0]} (in ${parent.tagName.toLowerCase()}.${[...parent.classList].join(".")})`);
    }
  }
  return broken;
}
"""


def _open(context_for, width, phone):
    return context_for(width, phone).new_page()


@pytest.fixture(scope="module")
def screen(browser, base_url):
    """screen(width, phone): a page of a context of that size for the module."""
    contexts = {}

    def get(width, phone):
        key = (width, phone)
        if key not in contexts:
            contexts[key] = browser.new_context(
                locale="ko-KR", viewport={"width": width, "height": 800}, base_url=base_url,
                service_workers="block", is_mobile=phone, has_touch=phone)
        return contexts[key].new_page()

    yield get
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("width, phone", SCREENS, ids=[f"{w}px" for w, _ in SCREENS])
@pytest.mark.parametrize("view", VIEWS)
def test_korean_words_never_break_inside(screen, view, width, phone):
    broken = found_on_every_page(screen(width, phone), view, _BROKEN_WORDS_JS, keep=6)
    assert not broken, f"/{view}/ at {width}px: Korean words broken across lines: {broken}"


@pytest.mark.parametrize("view", VIEWS)
def test_korean_text_is_set_keep_all(screen, view):
    """The rule itself, on every element holding Korean text (in the English
    view: the Korean quotes and words of the errata page)."""
    page = screen(1280, False)
    page.goto(f"/{view}/errata.html")
    styles = page.evaluate(
        """() => [...document.querySelectorAll("body *")]
             .filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && /[\\uac00-\\ud7a3]/.test(n.data)))
             .filter((e) => !e.closest("pre, script, style"))
             .map((e) => getComputedStyle(e).wordBreak)""")
    page.close()
    assert len(styles) >= 50 and set(styles) == {"keep-all"}, set(styles)


# A Korean word (a particle) glued to the character before it, a closing
# parenthesis, a Latin letter or the end of inline code ("편향(bias)은",
# "`init`은"): the two characters must share a line, or the line below starts
# with a bare particle. Characters are followed across elements.
_ORPHANED_PARTICLES_JS = """
() => {
  const hangul = /[\\uac00-\\ud7a3]/;
  const chars = [];
  const article = document.querySelector("article.bd-article") || document.body;
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest("pre, script, style, .bi-term-tip, .headerlink")) continue;
    for (let i = 0; i < node.data.length; i++) chars.push([node, i]);
  }
  const rectOf = ([node, i]) => {
    const range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    return range.getClientRects()[0];
  };
  const orphans = [];
  for (let k = 1; k < chars.length; k++) {
    const [node, i] = chars[k];
    const [before, j] = chars[k - 1];
    const here = node.data[i], prior = before.data[j];
    if (!hangul.test(here) || hangul.test(prior) || /\\s/.test(prior)) continue;
    const a = rectOf(chars[k - 1]), b = rectOf(chars[k]);
    if (a && b && a.width && b.width && Math.abs(a.top - b.top) > b.height / 2)
      orphans.push(`${prior}|${node.data.slice(i, i + 6)}`);
  }
  return orphans;
}
"""


@pytest.mark.parametrize("width, phone", [(320, True), (360, True), (1280, False)], ids=["320px", "360px", "1280px"])
@pytest.mark.parametrize("view", ["ko", "both"])
def test_no_line_starts_with_an_orphaned_particle(screen, view, width, phone):
    orphans = found_on_every_page(screen(width, phone), view, _ORPHANED_PARTICLES_JS, keep=6)
    assert not orphans, f"/{view}/ at {width}px: particles cut from the word before them: {orphans}"


# Each permalink (#) of a heading or caption: is it beside the text, or alone
# on a line of its own (below the text, or making the heading taller)?
_PERMALINKS_JS = """
() => {
  const wrong = [];
  for (const link of document.querySelectorAll("article :is(h1, h2, h3, h4, figcaption) a.headerlink")) {
    const block = link.closest("h1, h2, h3, h4, figcaption");
    const range = document.createRange();
    range.selectNodeContents(block);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && !link.contains(
      document.elementFromPoint(r.left + 1, r.top + 1)));
    const textRects = [];
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (link.contains(node) || !node.data.trim()) continue;
      const r = document.createRange();
      r.selectNodeContents(node);
      textRects.push(...[...r.getClientRects()].filter((x) => x.width > 0));
    }
    if (!textRects.length) continue;
    const textTop = Math.min(...textRects.map((r) => r.top));
    const textBottom = Math.max(...textRects.map((r) => r.bottom));
    const mark = link.getBoundingClientRect();
    const middle = (mark.top + mark.bottom) / 2;
    const box = block.getBoundingClientRect();
    const style = getComputedStyle(block);
    const contentBottom = box.bottom - parseFloat(style.paddingBottom) - parseFloat(style.borderBottomWidth);
    const fontSize = parseFloat(style.fontSize);
    const lineHeight = style.lineHeight === "normal" ? 1.2 * fontSize : parseFloat(style.lineHeight);
    const onALineOfText = textRects.some((r) => middle >= r.top && middle <= r.bottom);
    // Glyph boxes are shorter than lines: a blank line is more than half a line.
    if (!onALineOfText || contentBottom - textBottom > lineHeight / 2
        || mark.right > document.documentElement.clientWidth)
      wrong.push(`${block.tagName.toLowerCase()} "${block.textContent.trim().slice(0, 40)}": # at ${Math.round(mark.top)}-${Math.round(mark.bottom)}, text ${Math.round(textTop)}-${Math.round(textBottom)}, box ends ${Math.round(contentBottom)}`);
  }
  return wrong;
}
"""


@pytest.mark.parametrize("width, phone", [(375, True), (1280, False)], ids=["375px", "1280px"])
@pytest.mark.parametrize("view", VIEWS)
def test_permalinks_never_take_a_line_of_their_own(screen, view, width, phone):
    wrong = found_on_every_page(screen(width, phone), view, _PERMALINKS_JS, keep=4)
    assert not wrong, f"/{view}/ at {width}px: permalinks on a line of their own: {wrong}"


# The errata tables' cells: each column wide enough, nothing clipped, the
# table as wide as its place.
_TABLES_JS = """
() => [...document.querySelectorAll("article table.errata-table")].map((table) => {
  const wrapper = table.parentElement;
  const fontSize = parseFloat(getComputedStyle(table).fontSize);
  const cells = [...table.querySelectorAll("tbody td")];
  const narrow = cells.filter((c) => c.getBoundingClientRect().width < 4.5 * fontSize)
    .map((c) => `${c.textContent.trim().slice(0, 20)} (${Math.round(c.getBoundingClientRect().width)}px)`);
  const clipped = cells.filter((c) => c.scrollWidth > c.clientWidth + 1)
    .map((c) => c.textContent.trim().slice(0, 20));
  return {
    kind: [...table.classList].join(" "),
    tableWidth: table.getBoundingClientRect().width,
    wrapperScrolls: wrapper.scrollWidth > wrapper.clientWidth + 1,
    articleWidth: table.closest("article").getBoundingClientRect().width,
    narrow: narrow.slice(0, 5), clipped: clipped.slice(0, 5), cells: cells.length,
  };
})
"""


@pytest.mark.parametrize("width, phone", [(375, True), (1280, False)], ids=["375px", "1280px"])
@pytest.mark.parametrize("view", VIEWS)
def test_errata_tables_are_readable(screen, view, width, phone):
    page = screen(width, phone)
    page.goto(f"/{view}/errata.html")
    tables = page.evaluate(_TABLES_JS)
    fonts = page.eval_on_selector_all(
        "article .errata-seed, article .errata-ours", "els => els.map(e => getComputedStyle(e).fontFamily)")
    page.close()
    assert len(tables) == 2 and all(table["cells"] > 10 for table in tables), tables
    for table in tables:
        assert not table["wrapperScrolls"], f"{table['kind']} scrolls sideways at {width}px: {table}"
        assert table["tableWidth"] <= table["articleWidth"] + 1, table
        assert not table["clipped"], f"{table['kind']}: cells clipped at {width}px: {table['clipped']}"
        assert not table["narrow"], f"{table['kind']}: columns too narrow to read at {width}px: {table['narrow']}"
    assert fonts and not [font for font in fonts if "mono" in font.lower()], "quoted Korean is set in a code font"
