"""Build the site's three views, or nothing when no input changed since the last build.

`make html` runs this. When tools/site_inputs.py finds the inputs as they were
at the last successful build, and the site is there, nothing else happens:
Sphinx is not even imported. Otherwise the stamp goes first (a failed or
interrupted build leaves none, so the next run builds again), and:

- Sphinx, MyST-NB and the theme are imported once, here, before any Sphinx
  application exists: no message catalogue is loaded yet, so the labels these
  modules translate at import stay lazy and follow each view's language;
- the views of one language share a process forked from this one (ko, then
  both; en in another), each with a Sphinx application of its own, so the
  Korean analyser's model is loaded once; the two run side by side (--jobs).
  When a page's code is not in the execution cache yet, the first view runs
  alone until it is there, so the code runs once for all views;
- every view is read and written whole (-E, a fresh search index): code comes
  from the execution cache, so this costs little, and no page can be left stale
  by Sphinx's incremental build, which goes by file times (a file restored with
  its old time is not read again) and keeps words of old text in its index.
  Output of pages that no longer exist (a removed page, SOLUTIONS=0) is removed.

    .venv/bin/python tools/build_site.py [--views ko en both] [--out _build/html]
        [--doctrees _build/doctrees] [--jobs N] [--force] [SPHINX OPTION ...]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

import site_inputs

ROOT = site_inputs.ROOT
VIEWS = ("ko", "en", "both")
STAMP = "site-inputs.json"  # in the doctrees folder
# Imported before the views' processes fork (see the module's docstring).
PRELOAD = ("sphinx.cmd.build", "sphinx.builders.html", "sphinx.ext.autodoc", "myst_nb.sphinx_ext",
           "sphinx_book_theme", "sphinx_design", "jupyter_cache", "nbclient", "kiwipiepy")


def preload() -> None:
    import importlib

    from sphinx.application import builtin_extensions

    for name in (*PRELOAD, *builtin_extensions):
        importlib.import_module(name)


def view_languages(views: list[str]) -> dict[str, str]:
    """Each view's language, as conf.py sets it for the view's tag."""
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    return {view: eval_config_file(ROOT / "conf.py", Tags([view]))["language"] for view in views}


def defined(options: list[str]) -> dict[str, str]:
    """The settings given as ``-D name=value`` among Sphinx options."""
    values = [option[2:] for option in options if option.startswith("-D") and len(option) > 2]
    values += [value for flag, value in zip(options, options[1:]) if flag in ("-D", "--define")]
    return dict(value.split("=", 1) for value in values if "=" in value)


def unexecuted_pages(view: str, options: list[str]) -> list[str]:
    """Notebook pages whose code the execution cache does not hold yet."""
    from jupyter_cache import get_cache
    from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    config = {**eval_config_file(ROOT / "conf.py", Tags([view])), **defined(options)}
    if config.get("nb_execution_mode") != "cache":
        return []
    cache = get_cache(config["nb_execution_cache_path"])
    missing = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        if not is_myst_markdown_notebook(text):
            continue
        try:
            cache.match_cache_notebook(read_myst_markdown_notebook(text))
        except KeyError:
            missing.append(page.relative_to(ROOT).as_posix())
    return missing


def build_group(views: list[str], out: Path, doctrees: Path, options: list[str], first_done) -> None:
    """Build views of one language one after another (in a forked process): they
    share what Sphinx loads lazily, such as the Korean analyser's model."""
    import sphinx.locale
    from sphinx.cmd.build import build_main

    for view in views:
        print(f"sphinx: building the '{view}' view", flush=True)
        # Sphinx merges catalogues into process-wide translators: start afresh.
        sphinx.locale.translators.clear()
        # It also starts from the last search index, where words of old text stay
        # behind (with no page): the index, too, is made afresh.
        (out / view / "searchindex.js").unlink(missing_ok=True)
        status = build_main(["-b", "html", "-E", "-c", str(ROOT), "-t", view, "-d", str(doctrees / view),
                             *options, str(ROOT / "docs"), str(out / view)])
        if status:
            sys.exit(status)
        if first_done is not None:  # the execution cache is complete now
            first_done.send(view)
            first_done.close()
            first_done = None
    sys.exit(0)


def build_views(views: list[str], out: Path, doctrees: Path, options: list[str], jobs: int) -> int:
    """Build the views, one forked process per language; 0, or the first failure's status."""
    import multiprocessing
    from multiprocessing.connection import wait

    preload()
    languages = view_languages(views)
    groups = [[view for view in views if languages[view] == language] for language in dict.fromkeys(languages.values())]
    unexecuted = unexecuted_pages(views[0], options)
    if unexecuted:
        print(f"running the code of {', '.join(unexecuted)} once, in the '{views[0]}' view first", flush=True)
    fork = multiprocessing.get_context("fork")
    running, failed = {}, 0
    while running or (groups and not failed):
        while groups and len(running) < (1 if unexecuted else jobs) and not failed:
            receive, send = fork.Pipe(duplex=False)
            process = fork.Process(target=build_group, args=(groups.pop(0), out, doctrees, options, send))
            process.start()
            send.close()
            running[process.sentinel] = process
            running[receive] = process
        for ready in wait(list(running)):
            if ready not in running:
                continue
            process = running.pop(ready)
            if ready is process.sentinel:
                process.join()
                if process.exitcode:
                    failed = failed or process.exitcode
            else:  # a group finished its first view: the execution cache is complete
                try:
                    ready.recv()
                    unexecuted = []
                except EOFError:  # it failed; its exit status tells
                    pass
                ready.close()
    return failed


def main(argv=None) -> int:
    # Options it does not know are Sphinx's (SPHINXOPTS): no abbreviations.
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--views", nargs="+", choices=VIEWS, default=list(VIEWS))
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--doctrees", type=Path, default=ROOT / "_build" / "doctrees")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="views built at once")
    parser.add_argument("--force", action="store_true", help="build even when no input changed")
    args, sphinx_options = parser.parse_known_args(argv)
    out, doctrees = args.out.resolve(), args.doctrees.resolve()
    stamp = doctrees / STAMP
    now = site_inputs.record({"views": args.views, "sphinx options": sphinx_options,
                              "python": sys.executable, "python version": sys.version})
    before = site_inputs.read(stamp)
    built = (out / "index.html").is_file() and all((out / view / "index.html").is_file() for view in args.views)
    changed = site_inputs.changes(before, now)
    if built and not changed and not args.force:
        print(f"Site up to date: {out}/index.html (no input changed)")
        return 0
    if before and built and changed:
        more = f" and {len(changed) - 5} more" if len(changed) > 5 else ""
        print(f"changed: {', '.join(changed[:5])}{more}", flush=True)
    stamp.unlink(missing_ok=True)
    if site_inputs.leaves_stale_pages(before, now):
        for view in args.views:
            shutil.rmtree(out / view, ignore_errors=True)
    started = time.perf_counter()
    status = build_views(args.views, out, doctrees, sphinx_options, max(1, args.jobs))
    if status:
        print("Site build failed (see above); it will be built again next time.", file=sys.stderr)
        return status
    shutil.copyfile(ROOT / "docs" / "_root" / "index.html", out / "index.html")
    # The inputs as read before the build: an edit made during it shows next time.
    site_inputs.write(stamp, now)
    print(f"Site built in {time.perf_counter() - started:.1f} s: {out}/index.html (make serve to browse it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
