import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from local_web import launch_chromium  # noqa: E402
from sitebuild import VIEWS, ensure_site, sphinx_build, start_site_build  # noqa: E402

# `make test` runs the tests in several processes (pytest-xdist). Each process takes
# whole work units: a test module (so each module-scoped fixture is built once),
# except where modules share an expensive session fixture, which would otherwise
# be built once per process:
# - the three modules using the grader's class batch (batch_run);
# - the two using the fresh_builds fixture.
# (xdist_group marks would not do: with pytest 9, xdist 3.8 renames the grouped
# tests through an attribute pytest no longer reads, and they are silently ignored.)
WORK_UNITS = {
    "grader/test_grader_batch.py": "grader class batch",
    "grader/test_grader_feedback.py": "grader class batch",
    "grader/test_grader_hostile.py": "grader class batch",
    "test_execution.py": "fresh builds",
    "test_notebooks.py": "fresh builds",
}
# The longest units start first, so that none is left to run alone at the end (the
# slowest, measured with --durations; the others follow in collection order).
LONGEST_FIRST = ("grader class batch", "grader/test_grader_redteam.py", "test_python_versions.py",
                 "fresh builds", "test_site_build.py", "grader/test_grader_deployment.py",
                 "grader/test_grader_exports.py", "test_bilingual_source.py")


def work_unit(nodeid: str) -> str:
    module = nodeid.split("::", 1)[0].removeprefix("tests/")
    return WORK_UNITS.get(module, module)


def pytest_collection_modifyitems(config, items):
    def rank(item):
        unit = work_unit(item.nodeid)
        return LONGEST_FIRST.index(unit) if unit in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: a module's tests keep their order


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class ByWorkUnit(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    config.option.loadscopereorder = False  # the order above, not by number of tests
    return ByWorkUnit(config, log)


@pytest.fixture(scope="session")
def site() -> Path:
    return ensure_site()


@pytest.fixture(scope="session")
def fresh_builds(tmp_path_factory):
    """Builds from empty execution caches, side by side:

    - ``ko``, ``en``, ``both``: the three views as `make html` builds them
      (tools/build_site.py), from one empty cache;
    - ``en-again``: the English view by a plain sphinx-build, from another empty
      cache (so its code ran a second time);
    - ``en-single``, ``both-single``: these views by a sphinx-build of their
      own, the way the Makefile built them before, from the first cache once the
      views have filled it. (The builder builds ``ko`` first in a fresh process,
      the way a sphinx-build of its own would; ``both`` follows it in the same
      process, and ``en`` is built by another.)
    """
    base = tmp_path_factory.mktemp("builds")
    shared, other = base / "cache-shared", base / "cache-other"
    outdirs = {view: base / "site" / view for view in VIEWS}
    builder = start_site_build(base / "site", cache=shared)
    outdirs["en-again"] = base / "en-again"
    again = sphinx_build("en", outdirs["en-again"], cache=other)
    assert again.returncode == 0, again.stderr
    stdout, stderr = builder.communicate(timeout=1800)
    assert builder.returncode == 0, stdout + stderr
    singled = ("en", "both")
    for view in singled:
        outdirs[f"{view}-single"] = base / f"{view}-single"
    with ThreadPoolExecutor() as pool:
        singles = pool.map(lambda view: sphinx_build(view, outdirs[f"{view}-single"], cache=shared), singled)
        for single in singles:
            assert single.returncode == 0, single.stderr
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
