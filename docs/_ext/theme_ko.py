"""Korean for the theme's interface where its own catalogues have none.

pydata-sphinx-theme (under sphinx-book-theme) translates its interface through
Sphinx's ``sphinx`` message catalogue, which has no Korean for its strings
(FACTS). ``docs/_locale/ko/LC_MESSAGES/sphinx.po`` holds our translations; they
are compiled when the build starts (the .po is the source, the .mo a build
product) and added as a fallback catalogue, so Sphinx's own Korean still wins
where it exists. ``ko-theme-labels.js`` renames the few controls whose English
the theme's templates write without any catalogue (sidebar toggles, navigation
landmarks). The search page's messages are search_page's (search-messages.js).
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def compile_catalog(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as handle:
        catalog = read_po(handle)
    with target.open("wb") as handle:
        write_mo(handle, catalog)


def setup(app):
    if app.config.language == "ko":
        locale_dir = Path(app.doctreedir) / "locale"
        for source in (Path(__file__).resolve().parents[1] / "_locale" / "ko" / "LC_MESSAGES").glob("*.po"):
            compile_catalog(source, locale_dir / "ko" / "LC_MESSAGES" / (source.stem + ".mo"))
            app.add_message_catalog(source.stem, str(locale_dir))
        app.add_js_file("ko-theme-labels.js", priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
