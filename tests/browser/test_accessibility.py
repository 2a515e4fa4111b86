"""axe-core on every page of every view: no violation of any impact.

The issue asks for none serious or critical; the site has none at all (the
theme's sidebar title, once outside every landmark, is wrapped in one by
docs/_templates/site-brand.html), and this keeps it that way.

axe-core (tests/browser/node_modules, `npm ci --prefix tests/browser`) is
injected into each loaded page and run on the whole document. Nothing is
excluded or disabled: a violation the theme causes fails here too.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_helpers import CHAPTER, VIEWS, wait_for_search
from sitebuild import SITE

pytestmark = pytest.mark.timeout(120)


def _pages() -> list[str]:
    """Every HTML page at the top of a view (the chapter, exercises API,
    solutions, glossary, errata, search, index pages...), as in `make html`'s
    Korean view; every view has the same pages (test_internal_links checks it)."""
    root = Path(os.environ.get("BROWSER_TEST_SITE") or SITE)
    names = sorted(path.name for path in (root / "ko").glob("*.html"))
    return names or ["index.html", CHAPTER, "exercises-api.html", "solutions.html",
                     "glossary.html", "errata.html", "search.html"]


_RUN_AXE = """
async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map((node) => ({
      target: node.target.map(String).join(" "),
      html: node.html.slice(0, 160),
    })),
  }));
}
"""


def _axe_violations(page, axe_path) -> list[dict]:
    page.add_script_tag(path=str(axe_path))
    return page.evaluate(_RUN_AXE)


def _report(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core: violations on {url}"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}; "
                     f"{len(violation['nodes'])} element(s)")
        for node in violation["nodes"][:3]:
            lines.append(f"    {node['target']}    {node['html']!r}")
    return "\n".join(lines)


def _assert_no_violations(page, axe_path):
    violations = _axe_violations(page, axe_path)
    if violations:
        pytest.fail(_report(page.url, violations), pytrace=False)


@pytest.mark.parametrize("name", _pages())
@pytest.mark.parametrize("view", VIEWS)
def test_no_accessibility_violations(warm_page, axe_path, view, name):
    page = warm_page
    # The search page is checked with results on it.
    query = "?q=gradient" if name == "search.html" else ""
    page.goto(f"/{view}/{name}{query}")
    if name == "search.html":
        wait_for_search(page)
    _assert_no_violations(page, axe_path)


@pytest.mark.browser_context(viewport=(400, 900))
def test_no_accessibility_violations_side_by_side_on_a_narrow_screen(warm_page, axe_path):
    page = warm_page
    page.goto(f"/both/{CHAPTER}")
    _assert_no_violations(page, axe_path)
