"""`chronicle ingest`: entries from articles, stable slugs, hand edits never lost."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.content import entries


def ingest(root: Path, *args: str) -> int:
    return main(["--root", str(root), "ingest", *args])


@pytest.fixture
def chronicle_dir(tmp_path: Path) -> Path:
    assert main(["init", str(tmp_path / "war")]) == 0
    return tmp_path / "war"


def test_init_creates_a_ready_chronicle(chronicle_dir: Path) -> None:
    for sub in ("chronicle.toml", "articles", "content/entries", "content/places"):
        assert (chronicle_dir / sub).exists(), sub
    assert main(["init", str(chronicle_dir)]) == 2  # never over an existing one


def test_ingest_samples_writes_one_entry_per_article(
    chronicle_dir: Path, sample_articles: Path, capsys: pytest.CaptureFixture
) -> None:
    code = ingest(
        chronicle_dir,
        str(sample_articles),
        "--manifest",
        str(sample_articles.parent / "manifest.csv"),
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "5 written, 0 unchanged" in out
    files = sorted((chronicle_dir / "content" / "entries").glob("*.md"))
    assert len(files) == 5
    west = chronicle_dir / "content/entries/west-mosul-breached-as-war-on-is-rages-in-iraq-syria.md"
    entry = entries.load_entry(west)
    assert entry.title == "West Mosul Breached as War on IS Rages in Iraq, Syria"
    assert str(entry.published) == "2017-02-24" and entry.published_from == "manifest"
    assert entry.source["file"] == "002_01363808ca93a349.txt"
    assert len(entry.source["sha256"]) == 64
    # furniture is not in the body
    assert "Article page new theme" not in entry.body
    assert entry.body.lstrip().startswith("Iraqi forces on Friday entered west Mosul")


def test_article_without_headline_gets_a_title_and_a_review_note(
    chronicle_dir: Path, sample_articles: Path
) -> None:
    ingest(chronicle_dir, str(sample_articles / "003_07e63e06108ae30e.txt"))
    [path] = (chronicle_dir / "content" / "entries").glob("*.md")
    entry = entries.load_entry(path)
    assert entry.title.startswith("Iraqi security forces (ISF) liberated the strategic Old Mosul")
    assert any("no headline" in note for note in entry.review)
    # the dateline gave the publication date; it is not in the body
    assert str(entry.published) == "2017-07-08" and entry.published_from == "text"
    assert "Posted on by" not in entry.body and "08.07.2017" not in entry.body
    assert "## BATTLE FOR MOSUL" in entry.body


def test_reingest_is_unchanged_and_keeps_hand_edits(
    chronicle_dir: Path, sample_articles: Path, capsys: pytest.CaptureFixture
) -> None:
    args = (str(sample_articles), "--published", "2017-06-09")
    ingest(chronicle_dir, *args)
    capsys.readouterr()
    assert ingest(chronicle_dir, *args) == 0
    assert "0 written, 5 unchanged" in capsys.readouterr().out

    path = (
        chronicle_dir
        / "content/entries/a-large-number-of-isis-elements-escaped-from-the-iraqi-city-of-enna.md"
    )
    edited = path.read_text().replace("title: A large number", "title: Many")
    edited = edited.replace("Iraqi government forces managed", "Government forces managed")
    path.write_text(edited)
    assert ingest(chronicle_dir, *args) == 0
    out = capsys.readouterr().out
    assert "1 kept because edited" in out
    # what was kept, word by word: ingest's words -> the editor's, not whole paragraphs
    assert "title: [-A large number-]{+Many+} of ISIS" in out
    assert "[-Iraqi government-]{+Government+} forces managed" in out
    assert "Pushed back" not in out  # the rest of the body is not printed
    assert path.read_text() == edited
    # --dry-run writes nothing, --force replaces
    ingest(chronicle_dir, *args, "--force", "--dry-run")
    assert path.read_text() == edited
    ingest(chronicle_dir, *args, "--force")
    assert "title: A large number" in path.read_text()


def test_edits_to_events_and_places_are_kept(chronicle_dir: Path, sample_articles: Path) -> None:
    article = sample_articles / "002_01363808ca93a349.txt"
    ingest(chronicle_dir, str(article), "--published", "2017-02-24")
    [path] = (chronicle_dir / "content" / "entries").glob("*.md")
    text = path.read_text().replace(
        "events:",
        "events:\n- {date: '2017-02-20', mention: x, sentence: An editor's event., places: []}",
        1,
    )
    path.write_text(text)
    ingest(chronicle_dir, str(article), "--published", "2017-02-24")
    assert "An editor's event." in path.read_text()


def test_same_title_gets_distinct_stable_slugs(chronicle_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "dup"
    folder.mkdir()
    body = "\n\nForces entered the town on Friday after a long siege of the area, officials said.\n"
    (folder / "one.txt").write_text("Forces enter the town" + body)
    (folder / "two.txt").write_text("Forces enter the town" + body.replace("Friday", "Sunday"))
    ingest(chronicle_dir, str(folder), "--published", "2017-01-10")
    first = sorted(p.name for p in (chronicle_dir / "content/entries").glob("*.md"))
    assert len(first) == 2 and "forces-enter-the-town.md" in first
    ingest(chronicle_dir, str(folder), "--published", "2017-01-10")
    assert sorted(p.name for p in (chronicle_dir / "content/entries").glob("*.md")) == first


def test_the_same_article_twice_is_one_entry(
    chronicle_dir: Path, sample_articles: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes((sample_articles / "002_01363808ca93a349.txt").read_bytes())
    ingest(chronicle_dir, str(sample_articles / "002_01363808ca93a349.txt"), str(copy))
    assert len(list((chronicle_dir / "content/entries").glob("*.md"))) == 1


def test_bad_article_is_reported_and_the_rest_ingested(
    chronicle_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "empty.txt").write_text("   \n")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "good.txt").write_text(
        "Town retaken\n\nTroops retook the town on Monday after weeks of fighting, the army said.\n"
    )
    assert ingest(chronicle_dir, str(folder), "--published", "2017-03-01") == 1
    captured = capsys.readouterr()
    assert "1 written" in captured.out
    assert "empty.txt: empty article" in captured.err
    assert "binary.txt: binary file" in captured.err


def test_markdown_and_html_articles(chronicle_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "report.md").write_text(
        "---\ntitle: Bridge reopened\ndate: 2017-03-02\n"
        "url: https://example.org/bridge\n---\n\nThe bridge over "
        "the river reopened on Wednesday, officials said today.\n"
    )
    (folder / "page.html").write_text(
        "<html><head><title>Dam attacked | News</title>"
        '<meta property="og:title" content="Dam attacked">'
        '<meta property="article:published_time" content="2017-03-05">'
        "</head><body><nav>Home | World | Sport</nav><article><h1>Dam attacked</h1>"
        "<p>Militants attacked the dam on Saturday morning and were repelled after hours of "
        "fighting, a military spokesman told reporters in a statement.</p>"
        "<p>Engineers said the structure of the dam was not damaged by the attack and that "
        "the water level remained stable throughout the day.</p></article>"
        "<footer>Copyright 2017</footer></body></html>"
    )
    assert ingest(chronicle_dir, str(folder)) == 0
    loaded = {
        e.title: e
        for e in (entries.load_entry(p) for p in (chronicle_dir / "content/entries").glob("*.md"))
    }
    assert set(loaded) == {"Bridge reopened", "Dam attacked"}
    md = loaded["Bridge reopened"]
    assert str(md.published) == "2017-03-02" and md.source["url"] == "https://example.org/bridge"
    html = loaded["Dam attacked"]
    assert str(html.published) == "2017-03-05" and html.published_from == "html"
    assert "Home | World" not in html.body and "Copyright" not in html.body
    assert "Militants attacked the dam" in html.body


def test_manifest_errors_name_file_and_line(
    chronicle_dir: Path, sample_articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    manifest = tmp_path / "bad.csv"
    manifest.write_text("file,published\na.txt,2017-02-30\n")
    assert ingest(chronicle_dir, str(sample_articles), "--manifest", str(manifest)) == 2
    assert "bad.csv:2:" in capsys.readouterr().err


def test_body_text_is_escaped_markdown(chronicle_dir: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "Headline of the report here\n\n1. This line is not a list, "
        "and *this* is not emphasis: <b>bold</b> stays text in the report.\n"
    )
    ingest(chronicle_dir, str(article), "--published", "2017-01-01")
    [path] = (chronicle_dir / "content/entries").glob("*.md")
    assert "1\\. This line" in path.read_text() and "\\*this\\*" in path.read_text()


@pytest.mark.parametrize(
    "paragraph",
    [
        "30 October 2016 Troops entered the town.",
        "1. This line is not a list.",
        "2016) was the year the siege began.",
        "# not a heading, and _not_ emphasis",
        "- not a list item",
        "> not a quote",
    ],
)
def test_escaped_paragraphs_render_as_the_same_text(paragraph: str) -> None:
    from chronicle.ingest import escape_markdown
    from chronicle.site.render import markdown_renderer

    rendered = markdown_renderer().render(escape_markdown(paragraph))
    # no backslash shown, no list, no heading
    assert rendered == f"<p>{html.escape(paragraph, quote=False)}</p>\n"
