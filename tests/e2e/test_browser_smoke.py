"""The built site in a real browser: pages load with no console errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from chronicle.cli import main
from tests.e2e.browser import launch, serve

pytestmark = pytest.mark.browser


def test_pages_load_without_console_errors(small_chronicle: Path) -> None:
    assert main(["--root", str(small_chronicle), "build"]) == 0
    with launch() as browser, serve(small_chronicle / "site") as base:
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        for path in (
            "index.html",
            "timeline/index.html",
            "places/mosul.html",
            "entries/forces-enter-old-city.html",
        ):
            page.goto(base + path)
            assert page.locator("h1").count() >= 1
        page.goto(base + "places/index.html")
        page.click("text=Mosul")
        assert page.url.endswith("places/mosul.html")
        assert errors == []
