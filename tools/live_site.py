"""`make live`: serve the site and rebuild it whenever one of its source files is saved.

sphinx-autobuild's own command builds and serves a single Sphinx project, while the
site is three views built by tools/build_site.py. So this puts sphinx-autobuild's
parts together around that build: its watcher (which runs the build after a change
and then tells the open pages to reload) and its middleware (which adds the reload
script to every page served). The files watched are the site's inputs.

    .venv/bin/python tools/live_site.py [--port 8000] [--site _build/html] -- BUILD COMMAND ...
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from functools import partial
from pathlib import Path

import uvicorn
from sphinx_autobuild.filter import IgnoreFilter
from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
from sphinx_autobuild.server import RebuildServer
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, WebSocketRoute
from starlette.staticfiles import StaticFiles

import site_inputs

ROOT = site_inputs.ROOT
# Editors' and Python's by-products are no input.
IGNORED = [r"__pycache__", r"\.pyc$", r"~$", r"\.sw[a-p]$", r"(^|/)\.#", r"(^|/)#[^/]*#$"]


def rebuild(command: list[str], *, changed_paths=()) -> None:
    """Run the site's build; on failure the old pages stay served until the next save."""
    if changed_paths:
        shown = [str(Path(path).relative_to(ROOT)) if Path(path).is_relative_to(ROOT) else str(path)
                 for path in changed_paths[:5]]
        print(f"live: saved {', '.join(shown)}; rebuilding", flush=True)
    if subprocess.run(command, cwd=ROOT).returncode:
        print("live: the build failed (see above); still serving the last good pages", flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("command", nargs="+", help="the build command, after --")
    args = parser.parse_args(argv)
    build = partial(rebuild, args.command)
    build()
    if not (args.site / "index.html").is_file():
        print(f"live: no site at {args.site}; fix the build and try again", file=sys.stderr)
        return 1
    watched = [ROOT / name for name in site_inputs.INPUTS if (ROOT / name).exists()]
    watcher = RebuildServer(watched, IgnoreFilter([], IGNORED), change_callback=build)
    url_host = f"{args.host}:{args.port}"
    app = Starlette(
        routes=[WebSocketRoute("/websocket-reload", watcher, name="reload"),
                Mount("/", app=StaticFiles(directory=args.site, html=True), name="static")],
        middleware=[Middleware(JavascriptInjectorMiddleware, ws_url=url_host)],
        lifespan=watcher.lifespan,
    )
    print(f"Serving {args.site} at http://{url_host}/ and rebuilding on save (Ctrl-C stops it)", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
