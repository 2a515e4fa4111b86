"""Sphinx configuration for the executable, bilingual chapter 3.3.

One source, three views. Each view is its own Sphinx build, chosen with a tag:
``sphinx-build -c . -t ko docs _build/html/ko`` (also ``-t en`` and ``-t both``);
``make html`` (tools/build_site.py) builds all three. Code cells execute once:
the views share one absolute jupyter-cache folder, so the other views are cache hits.
"""

import hashlib
import os
import re
import sys
from pathlib import Path

# MyST-NB's nbformat validates with jsonschema, which imports rfc3987_syntax when it is
# installed (JupyterLab's dependencies bring it); that compiles a grammar at import, 1.3 s
# of every build, for string formats ("iri") that no notebook schema uses. Blocked before
# MyST-NB is first imported.
sys.modules.setdefault("rfc3987_syntax", None)

from myst_nb.sphinx_ext import add_global_html_resources  # noqa: E402

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
sys.path.insert(0, str(ROOT))  # autodoc imports the `exercises` package

# -- Which view this build renders ------------------------------------------
VIEWS = ("ko", "en", "both")
_chosen = [view for view in VIEWS if tags.has(view)]  # noqa: F821 (Sphinx injects `tags`)
if len(_chosen) > 1:
    raise ValueError(f"pick one view tag, not {_chosen}")
bilingual_view = _chosen[0] if _chosen else "ko"
language = "en" if bilingual_view == "en" else "ko"

# -- Project -----------------------------------------------------------------
project = "선형 회귀의 간결한 구현" if language == "ko" else "Concise Linear Regression"
author = "d2l-ko 3.3 project"
copyright = "2026, the d2l-ko 3.3 project"
root_doc = "index"

extensions = [
    "myst_nb",
    "sphinx_design",
    "sphinx.ext.autodoc",
    "bilingual",        # one source, three views
    "bi_terms",         # term links and the glossary
    "bi_figure",        # figures with Korean and English captions
    "bi_autodoc",       # bilingual docstrings of the exercises
    "errata",           # the errata page, from docs/_data/errata.toml
    "discussion_qr",    # discussion link and QR code
    "notebooks",        # per-language .ipynb downloads with outputs
    "execution_policy", # failed cells fail the build; no execution files published
    "theme_ko",         # Korean for the theme's interface strings
    "ko_search",        # Korean search: particles stripped, English words stemmed
    "search_page",      # learners' spellings, ranking, snippets, highlighting
    "a11y_fixes",       # accessible names for markup MyST-NB hard-codes
    "ko_linebreaks",    # a Korean particle stays on the line of the word before it
]

# Reference solutions are on the site unless SOLUTIONS=0 (e.g. while a course
# is running): then the page is excluded and setup() drops its toctree entry.
# A copy without docs/solutions.md (the Classroom template) builds without the page too.
show_solutions = (os.environ.get("SOLUTIONS", "1") != "0"
                  and (ROOT / "docs" / "solutions.md").exists())
exclude_patterns = ["_ext", "_data", "_root", "_locale"]
if not show_solutions:
    exclude_patterns.append("solutions.md")
# execution_policy reports failed cells itself, with the cell and its line.
suppress_warnings = ["mystnb.exec"]


def _digest(*parts: bytes) -> str:
    return hashlib.sha256(b"\0".join(parts)).hexdigest()[:16]


# What executed code sees besides its cells: the interpreter and packages, and the
# reference answers the solutions page imports. jupyter-cache keys only on the
# cells (FACTS), so the cache folder is keyed on these: a change re-executes.
_execution_environment = _digest(sys.version.encode(), (ROOT / "requirements.txt").read_bytes(),
                                 *(p.read_bytes() for p in sorted((ROOT / "solutions").glob("*.py"))))
# Pages depend on the extensions' code, the docstrings autodoc reads and the
# environment, which Sphinx does not track: when any of them changes, re-read everything.
_site_code = [*sorted((ROOT / "docs").glob("_ext/*.py")), *sorted((ROOT / "docs").glob("_locale/*/*/*.po")),
              *sorted((ROOT / "exercises").glob("*.py"))]
site_code_version = _digest(_execution_environment.encode(), *(p.read_bytes() for p in _site_code))

# -- MyST / MyST-NB ----------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 0

nb_execution_mode = "cache"
# One absolute folder for every view and every working directory (FACTS: a
# relative path resolves against the cwd, the default sits beside the outdir).
nb_execution_cache_path = os.environ.get(
    "NB_CACHE_DIR", str(ROOT / "_build" / ".jupyter_cache" / _execution_environment)
)
nb_execution_timeout = int(os.environ.get("NB_CELL_TIMEOUT", "300"))
# execution_policy turns a failed notebook into a build error naming the file,
# the cell and the traceback; MyST-NB's own warning would say less.
nb_execution_raise_on_error = False
nb_execution_show_tb = False
nb_execution_in_temp = False
nb_merge_streams = True
nb_output_stderr = "show"
if language == "ko":  # the toggle of a cell whose code is hidden
    nb_code_prompt_show = "코드 보기"
    nb_code_prompt_hide = "코드 숨기기"

# -- HTML --------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "3.3 선형 회귀의 간결한 구현" if language == "ko" else "3.3 Concise Linear Regression"
html_static_path = ["docs/_static"]
html_css_files = ["bilingual.css", "ko-typography.css", "narrow-screens.css"]
html_js_files = ["bilingual.js", "term-tips.js"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    "use_download_button": True,
    "use_fullscreen_button": False,
    "navbar_persistent": [],
    "article_header_end": ["view-switcher.html", "article-header-buttons.html"],
    "show_toc_level": 2,
    "home_page_in_toc": True,
    # The theme's author line reads "By …", which its Korean catalogue mistranslates.
    "footer_content_items": ["copyright.html"],
    "search_bar_text": "검색..." if language == "ko" else "Search...",
}
templates_path = ["docs/_templates"]
# The theme's sidebar, with its title link wrapped in a landmark (site-brand.html).
html_sidebars = {"**": ["site-brand.html", "icon-links.html", "search-button-field.html", "sbt-sidebar-nav.html"]}
# Light or dark as the reader's system prefers; the theme's switch still overrides it.
html_context = {"default_mode": "auto"}

# -- Site facts used by the extensions ----------------------------------------
discussion_url = "https://discuss.d2l.ai/t/44"
# Points added to a page's search score (search_page): the chapter is the lesson,
# so it comes first for its own words, even above another page's section title
# (a title match scores 15, a word 5); the errata page, which quotes the seed's
# mistakes, comes last.
search_page_weights = {
    "linear-regression-concise": 11,
    "glossary": 1,
    "index": -3,
    "errata": -5,
}
autodoc_member_order = "bysource"
# The exercises import MXNet, which autodoc need not load (2 s per view): the
# pages it writes are the same byte for byte.
autodoc_mock_imports = ["mxnet"]
autodoc_typehints = "signature"


def drop_solutions_entry(app, docname, source):
    if docname == root_doc:
        source[0] = re.sub(r"^solutions\n", "", source[0], flags=re.M)


def copy_mystnb_css_first(app):
    """MyST-NB copies its stylesheet only when the build ends, so the pages of a
    first build link it without Sphinx's ?v= checksum and later builds with it:
    copied first, every build writes the same bytes."""
    (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
    add_global_html_resources(app, None)


def setup(app):
    app.add_config_value("site_code_version", "", "env", types=[str])
    app.connect("builder-inited", copy_mystnb_css_first)
    if not show_solutions:
        app.connect("source-read", drop_solutions_entry)
