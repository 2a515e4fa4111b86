"""Fixtures for the real-browser tests: the built site on a local HTTP server,
one Debian chromium per session, and a fresh browser context (own localStorage,
own locale and viewport) per test.

Set BROWSER_TEST_SITE=/path/to/html to run the suite against another copy of
the built site (its ``index.html``, ``ko/``, ``en/``, ``both/``) instead of
``_build/html``; that is how a deliberately broken copy shows the tests fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from local_web import serve

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
DEFAULT_LOCALE = "ko-KR"
DEFAULT_VIEWPORT = (1280, 900)
# Playwright's own waits give up well before pytest-timeout would.
ACTION_TIMEOUT_MS = 15_000
NAVIGATION_TIMEOUT_MS = 30_000
TEST_TIMEOUT_S = 120


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "browser_context(locale='ko-KR', viewport=(1280, 900)): locale and viewport "
        "of the `page` fixture's fresh browser context",
    )


def pytest_collection_modifyitems(config, items):
    """Every browser test gets a pytest-timeout, so a stuck browser cannot hang CI."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(TEST_TIMEOUT_S))


# -- the site on a local HTTP server ------------------------------------------

@pytest.fixture(scope="session")
def site_root(request) -> Path:
    """The built site the server serves: BROWSER_TEST_SITE, else `make html`'s."""
    override = os.environ.get("BROWSER_TEST_SITE")
    if override:
        root = Path(override).resolve()
        if not (root / "index.html").is_file():
            pytest.fail(f"BROWSER_TEST_SITE={override} holds no index.html", pytrace=False)
        return root
    return request.getfixturevalue("site")


@pytest.fixture(scope="session")
def base_url(site_root) -> str:
    """http://127.0.0.1:<free port> serving the site, for the whole session."""
    with serve(site_root) as url:
        yield url


# -- the browser ----------------------------------------------------------------

@pytest.fixture
def new_context(browser, base_url):
    """Factory: a fresh context (own storage) with a locale and a viewport.

    ``new_context(locale="en-US", viewport=(400, 900))``; closed after the test.
    ``phone=True`` makes it a phone (mobile viewport and touch events);
    ``color_scheme="dark"`` is the system's preference the page sees.
    """
    contexts = []

    def make(locale: str = DEFAULT_LOCALE, viewport: tuple[int, int] = DEFAULT_VIEWPORT,
             phone: bool = False, color_scheme: str = "light"):
        width, height = viewport
        context = browser.new_context(
            locale=locale,
            viewport={"width": width, "height": height},
            base_url=base_url,
            service_workers="block",
            is_mobile=phone,
            has_touch=phone,
            color_scheme=color_scheme,
        )
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(request, new_context):
    """A page in a fresh context; ``@pytest.mark.browser_context(locale=..., viewport=...)``
    changes its locale (default ko-KR) and viewport (default 1280×900)."""
    marker = request.node.get_closest_marker("browser_context")
    options = dict(marker.kwargs) if marker else {}
    return new_context(**options).new_page()


# Wipes the page's storage before any of its scripts run: every document a
# warm page loads starts with empty localStorage and sessionStorage.
_EMPTY_STORAGE_JS = "try { localStorage.clear(); sessionStorage.clear(); } catch (error) {}"


@pytest.fixture(scope="module")
def warm_context(browser, base_url):
    """One context per test module for checks that read pages and never depend
    on stored state (search, layout, tooltips, axe): its HTTP cache stays warm
    (the theme's 1.5 MB fontawesome.js is fetched and compiled once, not per
    test), while its storage is emptied before every document loads."""
    context = browser.new_context(
        locale=DEFAULT_LOCALE,
        viewport={"width": DEFAULT_VIEWPORT[0], "height": DEFAULT_VIEWPORT[1]},
        base_url=base_url,
        service_workers="block",
    )
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    context.add_init_script(_EMPTY_STORAGE_JS)
    yield context
    context.close()


@pytest.fixture
def warm_page(request, warm_context):
    """A new page in the module's warm context (ko-KR); the ``browser_context``
    marker's ``viewport`` applies (its locale cannot: use ``page`` for that)."""
    marker = request.node.get_closest_marker("browser_context")
    options = dict(marker.kwargs) if marker else {}
    if "locale" in options and options["locale"] != DEFAULT_LOCALE:
        pytest.fail("warm_page is always ko-KR; use the page fixture for another locale", pytrace=False)
    page = warm_context.new_page()
    width, height = options.get("viewport", DEFAULT_VIEWPORT)
    page.set_viewport_size({"width": width, "height": height})
    yield page
    page.close()


@pytest.fixture(scope="module")
def phone_contexts(browser, base_url):
    """phone_contexts(width): one phone per width for the module (a mobile
    viewport that honours the page's meta viewport, touch events, ko-KR); like
    warm_context, its storage is emptied before every document loads."""
    contexts = {}

    def get(width: int, height: int = 740):
        if width not in contexts:
            context = browser.new_context(
                locale=DEFAULT_LOCALE,
                viewport={"width": width, "height": height},
                base_url=base_url,
                service_workers="block",
                is_mobile=True,
                has_touch=True,
            )
            context.set_default_timeout(ACTION_TIMEOUT_MS)
            context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
            context.add_init_script(_EMPTY_STORAGE_JS)
            contexts[width] = context
        return contexts[width]

    yield get
    for context in contexts.values():
        context.close()


@pytest.fixture(scope="session")
def axe_path() -> Path:
    if not AXE.is_file():
        pytest.fail(
            f"axe-core is missing at {AXE}: npm ci --prefix tests/browser", pytrace=False
        )
    return AXE
