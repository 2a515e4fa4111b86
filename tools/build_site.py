"""Build the site's three views, or nothing when no input changed since the last build.

`make html` runs this. When tools/site_inputs.py finds the inputs as they were
at the last successful build, and the site is there, nothing else happens:
Sphinx is not even imported. Otherwise the stamp goes first (a failed or
interrupted build leaves none, so the next run builds again), and:

- Sphinx, MyST-NB and the theme are imported once, here, before any Sphinx
  application exists: no message catalogue is loaded yet, so the labels these
  modules translate at import stay lazy and follow each view's language;
- each view is built in a process forked from this one, with a Sphinx
  application of its own, all side by side (--jobs). The English view starts
  first; meanwhile this process loads the Korean analyser's model, and the
  Korean views forked after that share it (copy-on-write) instead of each
  loading it. When pages' code is not in the execution cache yet, it runs once for
  all views, one kernel per page, in a process started before anything else
  (PageExecution): a view waits only when it reaches such a page, and leaves the
  CPU to the kernels meanwhile (nice 10). If a page's code fails, the
  first view runs it again, so that the failure is reported with the page's
  file and line, and the other views stop;
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
import multiprocessing
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


def view_configs(views: list[str]) -> dict[str, dict]:
    """Each view's settings, as conf.py sets them for the view's tag (read once per view)."""
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    return {view: eval_config_file(ROOT / "conf.py", Tags([view])) for view in views}


def defined(options: list[str]) -> dict[str, str]:
    """The settings given as ``-D name=value`` among Sphinx options."""
    values = [option[2:] for option in options if option.startswith("-D") and len(option) > 2]
    values += [value for flag, value in zip(options, options[1:]) if flag in ("-D", "--define")]
    return dict(value.split("=", 1) for value in values if "=" in value)


def notebook_candidates() -> list[str]:
    """Every page source a view may look up in the execution cache (docs/**/*.md)."""
    return sorted(str(page) for page in (ROOT / "docs").rglob("*.md"))


def unexecuted_pages(config: dict) -> list[str]:
    """Notebook pages of the site (not left out by ``exclude_patterns``, like the solutions
    with SOLUTIONS=0) whose code the execution cache does not hold yet."""
    from jupyter_cache import get_cache
    from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook
    from sphinx.util.matching import Matcher

    if config.get("nb_execution_mode") != "cache":
        return []
    cache = get_cache(config["nb_execution_cache_path"])
    left_out = Matcher(config.get("exclude_patterns", []))
    missing = []
    for page in map(Path, notebook_candidates()):
        if left_out(page.relative_to(ROOT / "docs").as_posix()):
            continue
        text = page.read_text(encoding="utf-8")
        if not is_myst_markdown_notebook(text):
            continue
        try:
            cache.match_cache_notebook(read_myst_markdown_notebook(text))
        except KeyError:
            missing.append(page.relative_to(ROOT).as_posix())
    return missing


class PageExecution:
    """The code of pages the execution cache lacks, run once for all views, one kernel per page
    side by side, in a process beside the views' (it alone writes the cache, as MyST-NB would).

    It starts first, before this process imports Sphinx for the views, and finds out itself
    which pages' code is missing (conf.py as the first view reads it, -D included), so the
    kernels start while the views are still being set up. A view's process, before MyST-NB
    looks a page up in the cache, waits until that page is known to be cached or its code has
    run. If the code failed, the first view runs it again, so that the failure is reported with
    the page's file and line; the other views stop there. If this process itself dies, every
    view falls back to MyST-NB's own execution."""

    def __init__(self, view: str, options: list[str], jobs: int):
        fork = multiprocessing.get_context("fork")
        self.view, self.options, self.jobs = view, options, jobs
        self.finished = {page: fork.Event() for page in notebook_candidates()}
        self.failed = {page: fork.Event() for page in self.finished}
        self.known, self.code_runs = fork.Event(), fork.Event()  # which pages' code is missing
        self.process = fork.Process(target=self._run)  # not a daemon: it has a pool of its own

    def start(self) -> None:
        self.process.start()

    def _run(self) -> None:
        config = {**view_configs([self.view])[self.view], **defined(self.options)}  # first: see conf.py
        from jupyter_cache import get_cache
        from jupyter_cache.base import CacheBundleIn

        pages = unexecuted_pages(config)
        for path in set(self.finished) - {str(ROOT / page) for page in pages}:
            self.finished[path].set()
        if pages:
            self.code_runs.set()
        self.known.set()
        if not pages:
            return
        print(f"running the code of {', '.join(pages)}, once for all views", flush=True)
        cache = get_cache(config["nb_execution_cache_path"])
        settings = (config.get("nb_execution_timeout", 30), config.get("nb_execution_allow_errors", False))
        with multiprocessing.get_context("fork").Pool(min(self.jobs, len(pages))) as pool:
            for page, result in pool.imap_unordered(execute_page, [(page, *settings) for page in pages]):
                path = str(ROOT / page)
                if result is None:
                    self.failed[path].set()
                else:
                    notebook, seconds = result
                    cache.cache_notebook_bundle(CacheBundleIn(notebook, path, data={"execution_seconds": seconds}),
                                                check_validity=False, overwrite=True)
                self.finished[path].set()

    def _wait_for(self, event) -> bool:
        """Wait until this process sets the event: False if it ended without setting it."""
        from multiprocessing.connection import wait

        while not event.wait(0.2):
            if wait([self.process.sentinel], 0):
                return event.is_set()
        return True

    def wait_in_views(self, reports_failures: bool) -> None:
        """In a view's process: make MyST-NB wait for a page's code before it looks it up.
        While code runs, the view yields the CPU to the kernels (nice 10): they are what the
        build waits for, and the view has little to do before their outputs exist."""
        from myst_nb.core.execute.cache import NotebookClientCache

        if self._wait_for(self.known) and self.code_runs.is_set():
            os.nice(10)

        look_up = NotebookClientCache.start_client
        execution = self

        def start_client(client):
            path = str(client.path)
            if path in execution.finished and execution._wait_for(execution.finished[path]):
                if execution.failed[path].is_set() and not reports_failures:
                    print(f"the code of {Path(path).relative_to(ROOT)} failed: the first view reports where",
                          file=sys.stderr, flush=True)
                    sys.exit(1)
            return look_up(client)

        NotebookClientCache.start_client = start_client


def execute_page(arguments: tuple):
    """Run a page's code in a kernel of its own, as MyST-NB's cache mode would (same notebook,
    working folder, timeout): (page, (executed notebook, seconds)), or (page, None) when it failed."""
    from jupyter_cache.executors.utils import single_nb_execution
    from myst_nb.core.read import read_myst_markdown_notebook

    page, timeout, allow_errors = arguments
    path = ROOT / page
    try:
        notebook = read_myst_markdown_notebook(path.read_text(encoding="utf-8"))
        # The outputs are all in once the last cell is done: the kernel is stopped at once
        # (a polite shutdown waits 0.8 s for MXNet's threads).
        result = single_nb_execution(notebook, cwd=str(path.parent), timeout=timeout,
                                     allow_errors=allow_errors, meta_override=True, shutdown_kernel="immediate")
    except Exception:  # e.g. a kernel that died: the first view's own run reports it
        return page, None
    return page, (None if result.err is not None else (notebook, result.time))


def load_analyser() -> None:
    """Load the Korean analyser's model (1.4 s) here, so that the Korean views forked
    afterwards all have it (conf.py, read first, put docs/_ext on sys.path)."""
    import ko_search

    ko_search.kiwi().tokenize("가")


def build_view(view: str, out: Path, doctrees: Path, options: list[str], execution: PageExecution,
               first: bool) -> None:
    """Build one view (in a forked process)."""
    from sphinx.cmd.build import build_main

    execution.wait_in_views(reports_failures=first)
    print(f"sphinx: building the '{view}' view", flush=True)
    # Sphinx starts from the last search index, where words of old text stay behind (with
    # no page): the index is made afresh.
    (out / view / "searchindex.js").unlink(missing_ok=True)
    status = build_main(["-b", "html", "-E", "-c", str(ROOT), "-t", view, "-d", str(doctrees / view),
                         *options, str(ROOT / "docs"), str(out / view)])
    sys.exit(status)


def build_views(views: list[str], out: Path, doctrees: Path, options: list[str], jobs: int) -> int:
    """Build the views, one forked process each, beside the pages' code when the execution
    cache lacks it; 0, or the first failure's status."""
    from multiprocessing.connection import wait

    execution = PageExecution(views[0], options, os.cpu_count() or 1)  # kernels: one per core at most
    execution.start()
    configs = view_configs(views)  # first: conf.py sets up what the imports below need
    preload()
    # Views without Korean first (stable: otherwise in the order given), so that they run
    # while the analyser loads.
    waiting = sorted(views, key=lambda view: configs[view]["language"] == "ko")
    fork = multiprocessing.get_context("fork")
    running, failed, first, analyser = {}, 0, True, False
    while running or (waiting and not failed):
        while waiting and len(running) < jobs and not failed:
            view = waiting.pop(0)
            if configs[view]["language"] == "ko" and not analyser:
                load_analyser()
                analyser = True
            process = fork.Process(target=build_view, args=(view, out, doctrees, options, execution, first))
            process.start()
            first = False
            running[process.sentinel] = process
        for ready in wait(list(running)):
            process = running.pop(ready)
            process.join()
            if process.exitcode:
                failed = failed or process.exitcode
    execution.process.join()  # a view that failed early: the kernels end at the latest at their timeout
    return failed


def main(argv=None) -> int:
    # Options it does not know are Sphinx's (SPHINXOPTS): no abbreviations.
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--views", nargs="+", choices=VIEWS, default=list(VIEWS))
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--doctrees", type=Path, default=ROOT / "_build" / "doctrees")
    # All views at once by default, whatever the cores: a view waiting for the pages' code or
    # for the analyser costs nothing, and on 2 cores three at once measured faster than two.
    parser.add_argument("--jobs", type=int, help="views built at once (default: all)")
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
    status = build_views(args.views, out, doctrees, sphinx_options, max(1, args.jobs or len(args.views)))
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
