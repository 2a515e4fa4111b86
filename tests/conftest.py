import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from local_web import launch_chromium  # noqa: E402
from sitebuild import ensure_site, sphinx_build  # noqa: E402


@pytest.fixture(scope="session")
def site() -> Path:
    return ensure_site()


@pytest.fixture(scope="session")
def fresh_builds(tmp_path_factory):
    """The three views built from one empty cache (the second and third are cache
    hits), and the Korean view again from another empty cache."""
    base = tmp_path_factory.mktemp("builds")
    shared, other = base / "cache-shared", base / "cache-other"
    outdirs = {}
    for name, view, cache in [("ko", "ko", shared), ("en", "en", shared), ("both", "both", shared),
                              ("ko-again", "ko", other)]:
        outdirs[name] = base / name
        result = sphinx_build(view, outdirs[name], cache=cache)
        assert result.returncode == 0, result.stderr
    return outdirs, shared


# One Playwright driver and one Chromium for the whole run: Playwright's sync API
# cannot start a second driver while one is running.
@pytest.fixture(scope="session")
def playwright_driver():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver):
    """Debian's chromium, headless; never a browser Playwright downloads."""
    try:
        instance = launch_chromium(playwright_driver)
    except RuntimeError as missing:
        pytest.fail(str(missing), pytrace=False)
    try:
        yield instance
    finally:
        instance.close()
