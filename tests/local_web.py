"""What every browser test needs: a quiet local web server for a folder, and
Debian's Chromium started by Playwright (never a browser Playwright downloads)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import socket
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialling out, and this
# machine's closed network refuses it (FACTS: what this machine can do).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING_CHROMIUM = (f"The browser tests need Debian's chromium at {CHROMIUM} (and CJK fonts): "
                    "sudo apt install chromium fonts-noto-cjk")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that drops a connection mid-response is no test failure.
        pass


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serve(folder: Path):
    """``http://127.0.0.1:<free port>`` serving ``folder`` until the block ends."""
    server = _QuietServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, name="test-web-server", daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    with socket.create_connection((host, port), timeout=5):  # fail early if it does not answer
        pass
    try:
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def launch_chromium(playwright):
    """Headless Debian Chromium; raises with the install command when it is missing."""
    if not os.access(CHROMIUM, os.X_OK):
        raise RuntimeError(MISSING_CHROMIUM)
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
