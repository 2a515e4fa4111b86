"""axe-core on every page of every view: no violation of any impact.

The issue asks for none serious or critical; the site has none at all (the
theme's sidebar title, once outside every landmark, is wrapped in one by
docs/_templates/site-brand.html), and this keeps it that way.

axe-core (tests/browser/node_modules, `npm ci --prefix tests/browser`) is
injected into each loaded page and run on the whole document. Nothing is
excluded or disabled: a violation the theme causes fails here too.
"""

from __future__ import annotations

import pytest
from browser_helpers import CHAPTER, VIEWS, page_names, wait_for_search

pytestmark = pytest.mark.timeout(120)


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


@pytest.mark.parametrize("name", page_names())
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
