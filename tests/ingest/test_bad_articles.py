"""Bad articles: each gets one clear message naming its file, and the rest are ingested."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.content import entries, records
from chronicle.extract import Extraction
from chronicle.read.article import read_article

GOOD = (
    "Town retaken after siege\n\nTroops retook the town on Monday after weeks of "
    "fighting, the army said in a statement.\n"
)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.fixture
def war(tmp_path: Path) -> Path:
    assert main(["init", str(tmp_path / "war")]) == 0
    return tmp_path / "war"


def ingest(root: Path, *args: str) -> int:
    return main(["--root", str(root), "ingest", "--published", "2017-03-01", *args])


def entry_files(root: Path) -> list[Path]:
    return sorted((root / "content" / "entries").glob("*.md"))


def only_entry(root: Path) -> entries.EntryFile:
    [path] = entry_files(root)
    return entries.load_entry(path)


def failed_lines(err: str) -> list[str]:
    """The per-article lines of ingest's closing report of failures."""
    tail = err.split("article(s) failed:", 1)[1]
    return [line.strip() for line in tail.splitlines() if line.strip()]


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.txt", b"", "empty article"),
        ("blank.txt", b"  \n\t\r\n  \n", "empty article"),
        ("bom-only.txt", b"\xef\xbb\xbf\n", "empty article"),
        ("binary.txt", bytes(range(256)) * 40, "binary file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "binary file"),
        ("furniture.txt", b"International\nPosted on by admin\n", "no article text"),
        (
            "broken.md",
            b"---\ntitle: [unclosed\n---\n\nSome text of the report here today.\n",
            "broken.md:2: front matter is not valid YAML",
        ),
        ("bad-date.md", b"---\ntitle: Report\ndate: 2017-02-30\n---\n", "no article text"),
        (
            "list.md",
            b"---\n- a\n- b\n---\n\nSome text of the report here today, said he.\n",
            "list.md:2: front matter must be a mapping",
        ),
        (
            "nothing.html",
            b"<html><head><title>x</title></head><body></body></html>",
            "no article text",
        ),
    ],
)
def test_bad_article_one_message_with_path_rest_ingested(
    war: Path, tmp_path: Path, name: str, data: bytes, message: str, capsys: pytest.CaptureFixture
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(data)
    (folder / "good.txt").write_text(GOOD)
    assert ingest(war, str(folder)) == 1
    captured = capsys.readouterr()
    assert "1 written" in captured.out and "1 failed" in captured.out
    [line] = failed_lines(captured.err)
    assert str(folder / name) in line and message in line
    assert "Traceback" not in captured.err
    assert len(entry_files(war)) == 1


def test_cp1252_article_is_decoded(war: Path, tmp_path: Path) -> None:
    text = (
        "Le café de la gare rouvre à Mossoul\n\nLe café de la gare est fermé depuis l’été, "
        "a déclaré le général « à la presse » jeudi après-midi.\n"
    )
    article = tmp_path / "fr.txt"
    article.write_bytes(text.encode("cp1252"))
    assert ingest(war, str(article)) == 0
    entry = only_entry(war)
    assert entry.title == "Le café de la gare rouvre à Mossoul"
    assert "fermé depuis l’été" in entry.body


def test_latin1_article_is_decoded(war: Path, tmp_path: Path) -> None:
    article = tmp_path / "latin1.txt"
    article.write_bytes(
        (
            "Señor Núñez visits the front\n\nSeñor Núñez said the façade of the "
            "old café was destroyed on Monday, officials said.\n"
        ).encode("latin-1")
    )
    assert ingest(war, str(article)) == 0
    assert "façade of the old café" in only_entry(war).body


def test_utf8_bom_and_utf16_give_the_same_entry_as_plain_utf8(tmp_path: Path) -> None:
    results = []
    for name, data in (
        ("plain.txt", GOOD.encode()),
        ("bom.txt", b"\xef\xbb\xbf" + GOOD.encode()),
        ("utf16.txt", GOOD.encode("utf-16")),
    ):
        (tmp_path / name).write_bytes(data)
        article = read_article(tmp_path / name)
        results.append((article.title, article.blocks))
    assert results[0] == results[1] == results[2]
    assert not results[0][0].startswith("\ufeff")


def test_crlf_and_lone_cr_line_ends(tmp_path: Path) -> None:
    texts = {
        "lf.txt": GOOD,
        "crlf.txt": GOOD.replace("\n", "\r\n"),
        "cr.txt": GOOD.replace("\n", "\r"),
    }
    read = []
    for name, text in texts.items():
        (tmp_path / name).write_bytes(text.encode())
        article = read_article(tmp_path / name)
        assert "\r" not in article.title and all("\r" not in b for b in article.blocks)
        read.append((article.title, article.blocks))
    assert read[0] == read[1] == read[2]
    assert read[0][0] == "Town retaken after siege"


def test_50_mb_file_is_refused_without_reading_it(
    war: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50 * 1024 * 1024)
    assert ingest(war, str(huge)) == 1
    [line] = failed_lines(capsys.readouterr().err)
    assert str(huge) in line and "too large" in line and "50 MB" in line


def test_one_megabyte_line_is_ingested(
    war: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Reading, cleaning and writing are under test here; extraction of 1 MB of text is the
    # extractors' business (and takes a while), so it is stubbed.
    def no_extraction(text, published, geoparser, **kwargs):
        return Extraction(
            published=published, published_from="given", dates=[], places=[], events=[]
        )

    monkeypatch.setattr("chronicle.ingest.extract", no_extraction)
    sentence = "Troops held the line near the bridge for another day, officials said. "
    line = sentence * (1024 * 1024 // len(sentence) + 1)
    article = tmp_path / "long.txt"
    article.write_text("A very long report from the front\n\n" + line + "\n")
    assert ingest(war, str(article)) == 0
    entry = only_entry(war)
    assert entry.title == "A very long report from the front"
    assert len(entry.body) >= 1024 * 1024


@pytest.mark.parametrize(
    "title",
    [
        "../../../../etc/passwd",
        "Forces/Militias clash in a/b/../../c",
        "..",
        "Title\x07with\x1bcontrol\x00characters\x7f inside",
        "Word " * 400,  # 2,000 characters
        "x" * 2000,
        "Index",  # entries/index.html is the list page
        "ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ",  # nothing left for a slug
    ],
)
def test_hostile_titles_give_safe_slugs_and_clean_titles(
    war: Path, tmp_path: Path, title: str
) -> None:
    article = tmp_path / "a.md"
    quoted = title.replace("\\", "\\\\").replace('"', '\\"')
    quoted = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in quoted)
    article.write_text(
        f'---\ntitle: "{quoted}"\n---\n\nForces entered the town on Friday '
        f"after a long siege, officials said.\n"
    )
    assert ingest(war, str(article)) == 0
    [path] = entry_files(war)
    assert path.parent == war / "content" / "entries"
    assert SLUG.match(path.stem) and path.stem != "index"
    assert len(path.stem) <= records.MAX_SLUG + 9
    entry = entries.load_entry(path)
    assert not re.search(r"[\x00-\x1f\x7f]", entry.title)
    assert len(entry.title) <= 201
    # and the site builds with the page where it belongs
    assert main(["--root", str(war), "build"]) == 0
    assert (war / "site" / "entries" / f"{path.stem}.html").is_file()
    assert not (war / "etc").exists() and not (tmp_path / "etc").exists()


def test_same_article_twice_is_one_entry_and_says_so(
    war: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    (tmp_path / "one.txt").write_text(GOOD)
    (tmp_path / "copy-of-one.txt").write_text(GOOD)
    assert ingest(war, str(tmp_path / "one.txt"), str(tmp_path / "copy-of-one.txt")) == 0
    assert len(entry_files(war)) == 1
    assert "same article as" in capsys.readouterr().out
    # and again later: still one entry, unchanged
    assert ingest(war, str(tmp_path / "one.txt")) == 0
    assert len(entry_files(war)) == 1
    assert "1 unchanged" in capsys.readouterr().out


def test_two_articles_one_title_two_entries_stable_across_runs(war: Path, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.txt").write_text(GOOD.replace("Monday", "Tuesday"))
    ingest(war, str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    first = {p.name: entries.load_entry(p).source["file"] for p in entry_files(war)}
    assert len(first) == 2 and "town-retaken-after-siege.md" in first
    ingest(war, str(tmp_path / "b.txt"), str(tmp_path / "a.txt"))  # other order
    assert {p.name: entries.load_entry(p).source["file"] for p in entry_files(war)} == first


def test_markdown_article_with_impossible_date_is_ingested_with_a_note(
    war: Path, tmp_path: Path
) -> None:
    article = tmp_path / "report.md"
    article.write_text(
        "---\ntitle: Bridge reopened\ndate: 2017-02-30\n---\n\nThe bridge over "
        "the river reopened on Wednesday, officials said today.\n"
    )
    assert ingest(war, str(article)) == 0
    entry = only_entry(war)
    assert entry.title == "Bridge reopened" and str(entry.published) == "2017-03-01"
    assert any("'2017-02-30', which is not a real date" in note for note in entry.review)


@pytest.mark.parametrize(
    "first_line",
    [
        "Date of publication 10 July 2016 At least 29 fighters were killed near the road.",
        "BEIRUT, July 10, 2016 (Reuters) - At least 29 fighters were killed near the road.",
    ],
)
def test_a_title_made_from_the_first_sentence_leaves_its_dateline_out(
    war: Path, tmp_path: Path, first_line: str
) -> None:
    # one long paragraph, no headline: scraped news often looks like this
    article = tmp_path / "untitled.txt"
    article.write_text(first_line + " The fighting went on for a second day.\n")
    assert main(["--root", str(war), "ingest", str(article)]) == 0
    entry = only_entry(war)
    assert entry.title.startswith("At least 29 fighters were killed")
    assert str(entry.published) == "2016-07-10"
    # the sentence is told once: its event is not doubled by the title
    sentences = [e["sentence"] for e in entry.events]
    assert len(sentences) == len(set(sentences))
