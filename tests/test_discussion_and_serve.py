"""The discussion section's link and QR code, and `make serve`."""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from pages import CHAPTER, article, soup
from local_web import free_port
from sitebuild import ROOT, VIEWS

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
from discussion_qr import qr_svg  # noqa: E402

DISCUSSION = "https://discuss.d2l.ai/t/44"


@pytest.mark.parametrize("view", VIEWS)
def test_discussion_links_the_thread_and_shows_its_qr_code(site, view):
    section = article(soup(site / view / f"{CHAPTER}.html")).select("section")[-1]
    assert DISCUSSION in {a["href"] for a in section.select("a[href]")}
    image = section.select_one("p.discussion-qr img")
    prefix = "data:image/svg+xml;base64,"
    assert image["src"].startswith(prefix)
    # The picture is the QR code of the very link above it, drawn at build time.
    assert base64.b64decode(image["src"][len(prefix):]) == qr_svg(DISCUSSION)
    assert DISCUSSION in image["alt"]


@pytest.mark.timeout(600)
def test_make_serve_prints_its_url_and_serves_the_site(site):
    port = free_port()
    server = subprocess.Popen(["make", "serve", f"PORT={port}"], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        for line in server.stdout:
            if url in line:
                break
        else:
            pytest.fail("make serve never printed its URL")
        for _ in range(100):
            try:
                with urllib.request.urlopen(url + "ko/linear-regression-concise.html", timeout=5) as response:
                    assert response.status == 200
                    assert "선형 회귀의 간결한 구현" in response.read().decode("utf-8")
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not answer")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
