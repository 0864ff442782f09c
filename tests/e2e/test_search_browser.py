"""The search page in Chromium, on a small hand-made site with Chronicle's index: a reader
types a word, hears the real count, pages through the results, sees excerpts with the word
marked and without the parts pages mark `data-search-ignore`; after `SearchIndex.update`,
an edited report is found by its new words. At the site's root and under a sub-path, with
the pages' CSP (`script-src 'self'`: no eval, no wasm)."""

from __future__ import annotations

import html
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from chronicle.site.search import SearchDoc, SearchIndex, index_terms, query_terms
from chronicle.site.theme import make_environment, theme_dirs
from tests.e2e.browser import launch, serve

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
STATIC = REPO / "themes" / "default" / "static"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
)
PLACES = ["Aleppo", "Idlib", "Homs", "Hama", "Raqqa"]


def report(n: int) -> SearchDoc:
    place = PLACES[n % len(PLACES)]
    return SearchDoc(
        f"entries/report-{n:02d}.html",
        f"Report {n}: shelling near {place}",
        "report",
        f"2017-03-{n % 28 + 1:02d}",
        f"Residents of {place} described shelling on the {n}th day. Bakeries closed early "
        f"and families left for the countryside.",
    )


def incident(n: int) -> SearchDoc:
    return SearchDoc(
        f"timeline/2017.html#ev-{n}",
        f"{n} April 2017 · Homs",
        "incident",
        f"2017-04-{n:02d}",
        f"Shelling hit a market in Homs, killing {n} people.",
    )


DOCS = [report(n) for n in range(1, 21)] + [incident(n) for n in (1, 2, 3)]


def page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        f'<link rel="icon" href="data:,">'  # else Chromium asks for /favicon.ico
        f"<title>{html.escape(title)}</title></head><body><main data-search-body>{body}</main>"
        "</body></html>"
    )


def write_pages(site: Path, docs: list[SearchDoc]) -> None:
    """The result pages, as the lead's templates mark them: a source file name and the
    editor's notes inside `data-search-ignore`."""
    events = []
    for doc in docs:
        if doc.kind == "incident":
            anchor = doc.url.split("#", 1)[1]
            events.append(f'<li id="{anchor}"><p>{html.escape(doc.text)}</p></li>')
            continue
        target = site / doc.url
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            page(
                doc.title,
                f"<h1>{html.escape(doc.title)}</h1>"
                "<p data-search-ignore>source file secret-notes-file.txt</p>"
                f"<p>{html.escape(doc.text)}</p>"
                "<aside data-search-ignore><h2>Editor's notes</h2>"
                "<p>shelling figure unchecked</p></aside>",
            ),
            encoding="utf-8",
        )
    timeline = site / "timeline" / "2017.html"
    timeline.parent.mkdir(parents=True, exist_ok=True)
    timeline.write_text(page("2017", "<h1>2017</h1><ol>" + "".join(events) + "</ol>"), "utf-8")


def write_search_page(site: Path) -> None:
    """The theme's own search template, rendered as the build renders it."""
    env = make_environment(theme_dirs("default", site))
    meta = SimpleNamespace(
        title="Test Chronicle",
        description="A test.",
        language="en",
        generator="Chronicle",
        base_url="",
        feed="feed.xml",
    )
    text = env.get_template("search.html").render(
        site=meta, root="../", page_path="search/index.html", csp=CSP
    )
    (site / "search").mkdir(parents=True, exist_ok=True)
    (site / "search" / "index.html").write_text(text, encoding="utf-8")
    shutil.copytree(STATIC, site / "static", ignore=shutil.ignore_patterns("vendor"))


def publish(site: Path, files: dict[str, bytes], gone: list[str] = []) -> None:  # noqa: B006
    for path, data in files.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for path in gone:
        (site / path).unlink()


@pytest.fixture(scope="module", params=["root", "sub-path"])
def served(request, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    """A site with its index, served at the root or under /chronicle/."""
    top = tmp_path_factory.mktemp("search-site")
    site = top if request.param == "root" else top / "chronicle"
    write_pages(site, DOCS)
    write_search_page(site)
    index = SearchIndex(top / "state")
    publish(site, index.rebuild(DOCS))
    with serve(top) as url:
        base = url if request.param == "root" else url + "chronicle/"
        yield SimpleNamespace(site=site, base=base, index=index)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launch() as b:
        yield b


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    p = context.new_page()
    p.errors = []
    p.on("console", lambda m: p.errors.append(m.text) if m.type == "error" else None)
    p.on("pageerror", lambda e: p.errors.append(str(e)))
    p.on("response", lambda r: p.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    yield p
    context.close()


def results(tab) -> list[str]:
    return tab.locator("#search-results > li > a").evaluate_all(
        "els => els.map(a => a.getAttribute('href'))"
    )


def test_typing_shows_the_real_count_and_pages_through_results(tab, served) -> None:
    from playwright.sync_api import expect

    tab.goto(served.base + "search/index.html")
    tab.locator("#search-q").press_sequentially("shelling", delay=20)
    status = tab.locator("#search-status")
    expect(status).to_have_text("23 results for “shelling”, page 1 of 3.")
    assert len(results(tab)) == 10
    assert tab.locator("#search-q").get_attribute("id") == tab.locator(
        "label[for=search-q]"
    ).get_attribute("for")
    pager = tab.locator("#search-pager")
    expect(pager).to_be_visible()
    expect(tab.locator("#search-page")).to_have_text("Results 1–10 of 23")
    expect(tab.locator("#search-prev")).to_be_disabled()
    seen = set(results(tab))
    tab.click("#search-next")
    expect(status).to_have_text("23 results for “shelling”, page 2 of 3.")
    expect(tab.locator("#search-page")).to_have_text("Results 11–20 of 23")
    seen |= set(results(tab))
    tab.click("#search-next")
    expect(tab.locator("#search-page")).to_have_text("Results 21–23 of 23")
    expect(tab.locator("#search-next")).to_be_disabled()
    seen |= set(results(tab))
    assert len(seen) == 23  # every result once, across the pages
    assert tab.url.endswith("?q=shelling&page=3")
    # the kinds: reports and incidents, each labelled, and a filter per kind
    buttons = tab.locator("#search-kinds button")
    expect(buttons).to_have_text(["All 23", "Reports 20", "Incidents 3"])
    buttons.nth(2).click()
    expect(status).to_have_text("23 results for “shelling” (3 incidents shown).")
    assert all("/timeline/2017.html#ev-" in h for h in results(tab))
    expect(tab.locator("#search-results .search-kind").first).to_have_text("Incident")
    assert tab.errors == []


def test_excerpts_mark_the_words_and_leave_out_ignored_parts(tab, served) -> None:
    from playwright.sync_api import expect

    tab.goto(served.base + "search/index.html?q=bakeries+closed")
    first = tab.locator("#search-results > li").first
    expect(first.locator("mark").first).to_be_visible()
    marks = [m.lower() for m in tab.locator("#search-results mark").all_inner_texts()]
    assert {"bakeries", "closed"} <= set(marks)
    excerpts = " ".join(tab.locator("#search-results .search-excerpt").all_inner_texts())
    assert "Residents of" in excerpts
    assert "secret-notes-file" not in excerpts and "unchecked" not in excerpts
    assert first.locator("time").first.get_attribute("datetime").startswith("2017-03-")
    # an incident's excerpt is its own event, not the whole timeline page
    tab.goto(served.base + "search/index.html?q=market+killing+2")
    expect(tab.locator("#search-status")).to_have_text("1 result for “market killing 2”.")
    expect(tab.locator(".search-excerpt")).to_have_text(
        "Shelling hit a market in Homs, killing 2 people."
    )
    assert tab.errors == []


def test_a_word_found_nowhere_says_so_and_a_prefix_finds_while_typing(tab, served) -> None:
    from playwright.sync_api import expect

    tab.goto(served.base + "search/index.html?q=zanzibarian")
    expect(tab.locator("#search-status")).to_have_text("Nothing found for “zanzibarian”.")
    expect(tab.locator("#search-pager")).to_be_hidden()
    tab.fill("#search-q", "countrysi")  # not yet a whole word
    expect(tab.locator("#search-status")).to_have_text("20 results for “countrysi”, page 1 of 2.")
    assert tab.errors == []


def test_an_updated_report_is_found_by_its_new_words(tab, served) -> None:
    from playwright.sync_api import expect

    old = report(7)
    edited = SearchDoc(old.url, old.title, old.kind, old.date, old.text + " A zoo reopened.")

    def current(path: str) -> bytes | None:
        target = served.site / path
        return target.read_bytes() if target.is_file() else None

    written, gone = served.index.update({edited.url: edited}, current)
    assert 0 < len(written) <= 4  # the shards of the new words, the ranking block, meta.json
    publish(served.site, written, gone)
    write_pages(served.site, [edited])
    try:
        tab.goto(served.base + "search/index.html?q=zoo")
        expect(tab.locator("#search-status")).to_have_text("1 result for “zoo”.")
        assert results(tab) == ["../" + edited.url]
        expect(tab.locator("#search-results mark")).to_have_text(["zoo"])
        tab.locator("#search-results a").first.click()
        tab.wait_for_url("**/" + edited.url)
    finally:  # the module's other tests see the site as it was
        written, gone = served.index.update({old.url: old}, current)
        publish(served.site, written, gone)
        write_pages(served.site, [old])
    assert tab.errors == []


def test_the_tokenizer_in_chromium_is_python_s(tab, served) -> None:
    sentences = [
        "Ḩalab's old quarters; Ra’s al-ʿAyn and Deir ez-Zor. 2,400 families",
        "Straße Łódź İdlib ﬁghters ２０１７ naïve — “quoted” don't F-16s",
    ]
    tab.goto(served.base + "timeline/2017.html")  # a page without search.js
    tab.evaluate("() => { window.module = { exports: {} }; }")
    tab.add_script_tag(url=served.base + "static/search.js")
    got = tab.evaluate(
        "xs => xs.map(x => [module.exports.indexTerms(x), module.exports.queryTerms(x)])",
        sentences,
    )
    assert got == [[index_terms(x), query_terms(x)] for x in sentences]


def test_no_serious_accessibility_violations(browser, served) -> None:
    context = browser.new_context(bypass_csp=True)  # to inject axe-core
    tab = context.new_page()
    tab.goto(served.base + "search/index.html?q=shelling")
    tab.locator("#search-results a").first.wait_for()
    tab.add_script_tag(path=str(AXE))
    violations = tab.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
    }""")
    context.close()
    assert violations == []


def test_the_page_says_search_needs_a_server_from_disk(browser, served) -> None:
    context = browser.new_context()
    tab = context.new_page()
    tab.goto((served.site / "search" / "index.html").as_uri() + "?q=shelling")
    status = tab.locator("#search-status")
    status.filter(has_text="served over HTTP").wait_for()
    context.close()


def test_without_javascript_the_form_says_search_needs_it(browser, served) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(served.base + "search/index.html?q=shelling")
    assert "Search needs JavaScript" in tab.content()
    assert json.loads(json.dumps(tab.locator("#search-results li").count())) == 0
    context.close()
