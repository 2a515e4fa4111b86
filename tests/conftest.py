import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitebuild import VIEWS, ensure_site, sphinx_build  # noqa: E402


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
