#!/usr/bin/env python3
"""Take the README's screenshots of the sample chronicle with headless Chromium.

    .venv/bin/python scripts/screenshots.py [--out docs]

Builds the repository's chronicle (chronicle.toml + content/) into a temporary folder;
while content/ has no entries yet, it ingests the sample articles of examples/mosul/ into a
temporary chronicle first. Writes docs/screenshot-map.png, docs/screenshot-timeline.png
(a year of the timeline: its filters and incidents) and docs/screenshot-place.png (Mosul's page);
and docs/screenshot-review.png: `chronicle serve`'s review page for a new chronicle made
from the sample articles with the README's defaults (no region set).
Uses the browser test harness (tests/e2e/browser.py): Debian's chromium and Playwright.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from chronicle.cli import main as chronicle  # noqa: E402
from tests.e2e.browser import launch, serve  # noqa: E402

# (name, page, wait for this selector, scroll this one to the top)
SHOTS = (
    ("map", "map/index.html", ".map.map-ready", None),
    ("timeline", "timeline/2017.html", None, "#timeline-filters"),
    ("place", "places/mosul.html", ".map.map-ready", None),
)


def build_sample(work: Path) -> Path:
    root = REPO
    if not any((REPO / "content" / "entries").glob("*.md")):
        root = work / "mosul"
        shutil.copytree(REPO / "examples" / "mosul" / "articles", root / "articles")
        shutil.copy(REPO / "chronicle.toml", root / "chronicle.toml")
        (root / "content" / "entries").mkdir(parents=True)
        (root / "content" / "places").mkdir(parents=True)
        chronicle(
            [
                "--root",
                str(root),
                "ingest",
                str(root / "articles"),
                "--manifest",
                str(REPO / "examples" / "mosul" / "manifest.csv"),
            ]
        )
    site = work / "site"
    if chronicle(["--root", str(root), "build", "--out", str(site)]) != 0:
        raise SystemExit("build failed")
    return site


def review_shot(work: Path, browser, scheme: str, target: Path) -> None:
    """The review page of a new chronicle of the sample articles (README defaults)."""
    import os
    import socket
    import subprocess
    import time
    import urllib.request

    root = work / "desk"
    chronicle(["init", str(root)])
    chronicle(
        [
            "--root",
            str(root),
            "ingest",
            str(REPO / "examples" / "mosul" / "articles"),
            "--manifest",
            str(REPO / "examples" / "mosul" / "manifest.csv"),
        ]
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "chronicle", "--root", str(root), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        url = f"http://127.0.0.1:{port}/_review/"
        for _ in range(600):
            try:
                if urllib.request.urlopen(url).status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        context = browser.new_context(viewport={"width": 1200, "height": 1100}, color_scheme=scheme)
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector(".desk-map.map-ready")
        page.wait_for_timeout(300)
        page.screenshot(path=str(target))
        print(target)
        context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "docs"))
    parser.add_argument("--scheme", default="light", choices=("light", "dark"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = build_sample(Path(tmp))
        with launch() as browser, serve(site) as base:
            context = browser.new_context(
                viewport={"width": 1200, "height": 820}, color_scheme=args.scheme
            )
            page = context.new_page()
            for name, path, ready, top in SHOTS:
                page.goto(base + path)
                if ready:
                    page.wait_for_selector(ready)
                if top:
                    page.locator(top).evaluate("e => e.scrollIntoView()")
                page.wait_for_timeout(300)
                target = out / f"screenshot-{name}.png"
                page.screenshot(path=str(target))
                print(target)
            context.close()
            review_shot(Path(tmp), browser, args.scheme, out / "screenshot-review.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
