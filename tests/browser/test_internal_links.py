"""Every internal link and anchor of the built site resolves (a static crawl of
all HTML pages of the three views and the root; no browser needed).

Relative ``href``/``src`` of a, area, link, script, img, source, iframe must name
a file under the site; a ``#fragment`` must name an element id (or ``<a name>``)
in the target page. External links are listed, never fetched.
"""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from browser_helpers import CHAPTER, VIEWS

pytestmark = pytest.mark.timeout(120)

LINKING = [("a", "href"), ("area", "href"), ("link", "href"), ("script", "src"),
           ("img", "src"), ("source", "src"), ("iframe", "src"), ("video", "src"), ("audio", "src")]
EXTERNAL_SCHEMES = ("http", "https", "mailto", "tel", "ftp")
IGNORED_SCHEMES = ("javascript", "data", "blob")
SITE_HOST = "site.invalid"


def _pages(site_root: Path) -> list[Path]:
    """The site's HTML pages. Files under _static are the theme's Jinja macro
    templates (webpack-macros.html), copied as they are: not pages."""
    return sorted(path for path in site_root.rglob("*.html") if "_static" not in path.relative_to(site_root).parts)


@functools.lru_cache(maxsize=None)
def _parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@functools.lru_cache(maxsize=None)
def _anchors(path: Path) -> frozenset[str]:
    page = _parse(path)
    ids = {element["id"] for element in page.find_all(id=True)}
    ids |= {element["name"] for element in page.find_all("a", attrs={"name": True})}
    return frozenset(ids)


def _links(site_root: Path):
    """(page, tag, attribute, value) for every link-bearing attribute."""
    for path in _pages(site_root):
        page = _parse(path)
        for tag, attribute in LINKING:
            for element in page.find_all(tag, attrs={attribute: True}):
                value = element[attribute].strip()
                yield path, tag, attribute, value


def _classify(site_root: Path, path: Path, value: str):
    """('external', url) | ('ignored', value) | ('internal', target file, fragment)."""
    scheme = urlsplit(value).scheme.lower()
    if scheme in EXTERNAL_SCHEMES or value.startswith("//"):
        return ("external", value)
    if scheme in IGNORED_SCHEMES:
        return ("ignored", value)
    if scheme:
        return ("unknown", value)
    base = f"http://{SITE_HOST}/{path.relative_to(site_root).as_posix()}"
    resolved = urlsplit(urljoin(base, value))
    target = site_root / unquote(resolved.path).lstrip("/")
    if resolved.path.endswith("/"):
        target = target / "index.html"
    return ("internal", target, unquote(resolved.fragment))


@pytest.fixture(scope="module")
def links(site_root):
    return list(_links(site_root))


def test_the_crawl_covers_every_view(site_root):
    pages = {path.relative_to(site_root).as_posix() for path in _pages(site_root)}
    assert "index.html" in pages
    for view in VIEWS:
        for name in ("index.html", CHAPTER, "glossary.html", "errata.html", "search.html",
                     "exercises-api.html", "solutions.html"):
            assert f"{view}/{name}" in pages, f"{view}/{name} is missing from the site"
    per_view = [{page.split("/", 1)[1] for page in pages if page.startswith(f"{view}/")} for view in VIEWS]
    assert per_view[0] == per_view[1] == per_view[2], f"the views have different pages: {per_view}"


def test_every_internal_link_and_anchor_resolves(site_root, links):
    broken = []
    checked = 0
    for path, tag, attribute, value in links:
        kind, *rest = _classify(site_root, path, value)
        where = f"{path.relative_to(site_root)}: <{tag} {attribute}={value!r}>"
        if kind == "unknown":
            broken.append(f"{where}: unknown URL scheme")
            continue
        if kind != "internal":
            continue
        target, fragment = rest
        checked += 1
        try:
            target.resolve().relative_to(site_root.resolve())
        except ValueError:
            broken.append(f"{where}: leaves the site ({target})")
            continue
        if not target.is_file():
            broken.append(f"{where}: no file {target.relative_to(site_root)}")
            continue
        if fragment and target.suffix == ".html" and fragment not in _anchors(target):
            broken.append(f"{where}: no id {fragment!r} in {target.relative_to(site_root)}")
    assert checked > 500, f"only {checked} internal links found: is the crawl looking at the right site?"
    assert not broken, f"{len(broken)} broken internal link(s):\n" + "\n".join(broken[:60])


def test_external_links_are_listed(site_root, links):
    """Listed (run pytest with -s to see them), not fetched; each must at least be
    a well-formed URL."""
    external = Counter()
    malformed = []
    for path, tag, attribute, value in links:
        kind, *rest = _classify(site_root, path, value)
        if kind != "external":
            continue
        external[value] += 1
        parts = urlsplit(value if not value.startswith("//") else "https:" + value)
        if parts.scheme in ("http", "https") and not parts.netloc:
            malformed.append(f"{path.relative_to(site_root)}: {value}")
        if parts.scheme == "mailto" and "@" not in parts.path:
            malformed.append(f"{path.relative_to(site_root)}: {value}")
    print(f"\nexternal links (not fetched), {len(external)} distinct:")
    for url, count in sorted(external.items()):
        print(f"  {count:3d}  {url}")
    assert not malformed, "malformed external links:\n" + "\n".join(malformed)
