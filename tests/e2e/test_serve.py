"""`chronicle serve`: serves the site, rebuilds on change, and the browser reloads."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.browser import launch, wait_until

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout: float = 15.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def test_serve_rebuilds_and_reloads_the_browser(small_chronicle: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "chronicle",
            "--root",
            str(small_chronicle),
            "serve",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        assert wait_for(lambda: urllib.request.urlopen(base + "index.html").status == 200)
        entry = small_chronicle / "content" / "entries" / "forces-enter-old-city.md"
        with launch() as browser:
            page = browser.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(base + "entries/forces-enter-old-city.html")
            wait_until(page, "window.LiveReload !== undefined")
            entry.write_text(
                entry.read_text().replace(
                    "title: Forces enter the Old City", "title: Forces storm the Old City"
                )
            )
            # livereload tells the page to reload once the rebuild is done
            page.wait_for_selector("h1:has-text('Forces storm the Old City')", timeout=15000)
            assert errors == []
    finally:
        proc.terminate()
        proc.wait(timeout=10)
