"""The review page of `chronicle serve` (issue 16): each item with its sentence highlighted
and its candidates on a map; the editor's decisions written into the content files and
the site rebuilt; cross-site requests refused; a build error shown in the page until it
is fixed."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.content import entries
from tests.conftest import REPO
from tests.e2e.test_serve import free_port, wait_for

ARTICLES = {
    "washington.txt": (
        "Car bomb in Damascus\n\nA car bomb exploded in Damascus on Monday. Officials in "
        "Washington condemned the attack on Tuesday.\n"
    ),
    "kefraya.txt": (
        "Strike on a village\n\nWarplanes struck the village of Kefraya on Monday, a monitor "
        "said. Syrian forces advanced near Homs on Tuesday.\n"
    ),
}
UNDATED = (
    "Fighting near Hama\n\nTroops fought near Hama on Monday and shelled the town again "
    "on Wednesday, a monitor said.\n"
)


@pytest.fixture
def chronicle_with_items(tmp_path: Path) -> Path:
    root = tmp_path / "war"
    assert main(["init", str(root)]) == 0
    config = root / "chronicle.toml"
    config.write_text(config.read_text().replace("region = []", 'region = ["SY"]'))
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text)
    assert main(["--root", str(root), "ingest", str(folder), "--published", "2017-03-08"]) == 0
    (tmp_path / "undated").mkdir()
    (tmp_path / "undated" / "hama.txt").write_text(UNDATED)
    assert main(["--root", str(root), "ingest", str(tmp_path / "undated")]) == 0
    return root


@pytest.fixture
def served(chronicle_with_items: Path) -> Iterator[tuple[str, Path, subprocess.Popen]]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "chronicle", "--root", str(chronicle_with_items), "serve"]
        + ["--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: _status(port, "GET", "/_review/") == 200, 90)
        yield base, chronicle_with_items, proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _status(port: int, method: str, path: str, headers: dict | None = None, body: str = "") -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.putrequest(method, path, skip_host=True)
        sent = {"Host": f"127.0.0.1:{port}", **(headers or {})}
        if body:
            sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
            sent["Content-Length"] = str(len(body.encode()))
        for key, value in sent.items():
            connection.putheader(key, value)
        connection.endheaders(body.encode() if body else None)
        return connection.getresponse().status
    finally:
        connection.close()


def entry_named(root: Path, word: str) -> Path:
    [path] = [p for p in (root / "content" / "entries").glob("*.md") if word in p.read_text()]
    return path


@pytest.mark.browser
def test_the_editor_decides_in_the_page_and_the_site_follows(served) -> None:
    from tests.e2e.browser import launch

    base, root, _ = served
    with launch() as browser:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "/_review/")
        # each item: its words highlighted in its sentence, its candidates on a map
        washington = page.locator(".desk-item", has_text='"Washington" held back')
        assert washington.locator("mark").inner_text() == "Washington"
        assert (
            "condemned the attack on Tuesday" in washington.locator(".desk-sentence").inner_text()
        )
        washington.locator(".desk-map.map-ready").wait_for(timeout=10000)
        assert washington.locator("input[name=candidate]").count() >= 1

        # not a place: for the whole chronicle
        washington.get_by_role("button", name="Not a place (in any entry)").click()
        page.wait_for_url(re.compile(r"/_review/\?done="))
        assert "not a place in this chronicle" in page.locator(".desk-done").inner_text()
        assert "Washington" in (root / "content" / "not-places.txt").read_text()
        assert page.locator(".desk-item", has_text='"Washington"').count() == 0
        assert '"Washington"' not in entry_named(root, "Washington").read_text()

        # accept: the name the gazetteer lacks becomes a place of the entry, the site shows it
        kefraya = page.locator(".desk-item", has_text='"Kefraya"')
        kefraya.get_by_role("button", name=re.compile("^Accept")).click()
        page.wait_for_url(re.compile(r"/_review/\?done="))
        path = entry_named(root, "Kefraya")
        entry = entries.load_entry(path)
        assert "kefraya" in entry.places
        assert any("kefraya" in e["places"] for e in entry.events if "Kefraya" in e["sentence"])
        assert entries.is_hand_edited(path.read_text())  # the editor's decision, kept
        page.goto(f"{base}/entries/{path.stem}.html")
        assert page.locator(".places a", has_text="Kefraya").count() == 1

        # set the date of the report whose publication date was inferred or unknown
        page.goto(base + "/_review/?kind=published")
        item = page.locator(".desk-item").first
        item.locator("input[name=date]").fill("2017-03-10")
        item.get_by_role("button", name="Set the date").click()
        page.wait_for_url(re.compile(r"/_review/\?"))
        hama = entries.load_entry(entry_named(root, "Hama"))
        assert str(hama.published) == "2017-03-10" and hama.published_from == "editor"
        assert any(e["date"] == "2017-03-06" for e in hama.events)  # that Monday
        page.goto(f"{base}/entries/{entry_named(root, 'Hama').stem}.html")
        assert "10 March 2017" in page.locator(".byline").inner_text()
        assert errors == []


def _token(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    connection.request("GET", "/_review/")
    html = connection.getresponse().read().decode()
    connection.close()
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def test_a_decision_from_another_site_is_refused(served) -> None:
    base, root, proc = served
    port = int(base.rsplit(":", 1)[1])
    token = _token(port)
    path = entry_named(root, "Washington")
    key = re.search(r"kind: place\n[\s\S]*?mention: Washington", path.read_text())
    assert key is not None
    from chronicle.desk.listing import review_items

    [found] = [f for f in review_items(root / "content")[0] if f.item.mention == "Washington"]
    form = {"entry": path.stem, "key": found.item.key, "action": "not-place"}
    own = f"http://127.0.0.1:{port}"
    before = path.read_text()
    cases = [
        ({"Origin": own}, {**form, "token": "wrong"}),  # no token from the page
        ({"Origin": own}, form),
        ({"Origin": "http://evil.example"}, {**form, "token": token}),  # another site
        ({"Origin": "null"}, {**form, "token": token}),
        ({}, {**form, "token": token}),  # neither Origin nor Referer
        ({"Referer": "http://evil.example/page"}, {**form, "token": token}),
        ({"Origin": own, "Sec-Fetch-Site": "cross-site"}, {**form, "token": token}),
        ({"Origin": "http://evil.example:80", "Host": "evil.example"}, {**form, "token": token}),
    ]
    for headers, fields in cases:
        status = _status(port, "POST", "/_review/act", headers, urllib.parse.urlencode(fields))
        assert status == 403, (headers, fields)
    assert _status(port, "GET", "/_review/", {"Host": "evil.example"}) == 403  # rebinding
    assert path.read_text() == before
    assert not (root / "content" / "not-places.txt").exists()
    # the page's own form, from its own origin, is obeyed
    fields = urllib.parse.urlencode({**form, "token": token})
    assert _status(port, "POST", "/_review/act", {"Origin": own}, fields) == 303
    assert "Washington" in (root / "content" / "not-places.txt").read_text()
    # the review page cannot be framed, and runs only its own scripts
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    connection.request("GET", "/_review/")
    response = connection.getresponse()
    assert response.getheader("X-Frame-Options") == "DENY"
    assert "frame-ancestors 'none'" in response.getheader("Content-Security-Policy")
    connection.close()


@pytest.mark.browser
def test_a_build_error_shows_in_the_page_until_it_is_fixed(served) -> None:
    from tests.e2e.browser import launch, wait_until

    base, root, _ = served
    path = entry_named(root, "Kefraya")
    good = path.read_text()
    with launch() as browser:
        page = browser.new_page()
        page.goto(f"{base}/entries/{path.stem}.html")
        wait_until(page, "window.LiveReload !== undefined")
        assert page.locator(".chronicle-build-error").count() == 0
        path.write_text(good.replace("published: 2017-03-08", "published: 2017-02-30"))
        overlay = page.locator(".chronicle-build-error")
        overlay.wait_for(timeout=20000)
        text = overlay.inner_text()
        assert f"{path}:" in text and "published must be a real date" in text
        path.write_text(good)
        page.locator(".chronicle-build-error").wait_for(state="detached", timeout=20000)
        assert page.locator("h1").inner_text() == "Strike on a village"


@pytest.fixture
def served_pair(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    from tests.ingest.test_incident_merges import near_pair_chronicle

    root = near_pair_chronicle(tmp_path / "war")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "chronicle", "--root", str(root), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        assert wait_for(lambda: _status(port, "GET", "/_review/") == 200, 90)
        yield f"http://127.0.0.1:{port}", root
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.browser
def test_the_editor_merges_two_incidents_in_the_page(served_pair) -> None:
    from tests.e2e.browser import launch

    base, root = served_pair
    with launch() as browser:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "/_review/?kind=incident")
        item = page.locator(".desk-item.desk-incident")
        assert item.locator(".desk-side").count() == 2
        assert "a day apart" in item.locator(".desk-reason").inner_text()
        item.get_by_role("button", name="Merge: one incident").click()
        page.wait_for_url(re.compile(r"/_review/\?.*done="))
        assert "are one incident" in page.locator(".desk-done").inner_text()
        assert page.locator(".desk-item.desk-incident").count() == 0
        assert "merge:\n- [inc-" in (root / "content" / "incidents.yml").read_text()
        # the site was rebuilt: one incident, told by both reports
        page.goto(base + "/data/incidents.json")
        incidents = page.evaluate("JSON.parse(document.body.innerText)")
        assert len(incidents) == 1 and len(incidents[0]["sources"]) == 2
        assert errors == []
