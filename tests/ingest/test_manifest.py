"""The manifest and the publication date at ingest (issue 16): every bad row is reported
with its line and the batch goes on; an undated article's note points to the manifest."""

from __future__ import annotations

from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.content import entries

BODY = (
    "Air strikes hit the market of the town on Thursday, killing twelve people and wounding "
    "dozens more, a monitoring group said."
)


@pytest.fixture
def chronicle_dir(tmp_path: Path) -> Path:
    assert main(["init", str(tmp_path / "war")]) == 0
    return tmp_path / "war"


def write_articles(folder: Path, names: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(names):
        (folder / name).write_text(f"Strikes hit market number {i + 1}\n\n{BODY}\n")


def loaded(root: Path) -> dict[str, entries.EntryFile]:
    found = (entries.load_entry(p) for p in (root / "content/entries").glob("*.md"))
    return {e.source["file"]: e for e in found}


def test_bad_rows_are_reported_per_line_and_the_batch_goes_on(
    chronicle_dir: Path, capsys: pytest.CaptureFixture
) -> None:
    articles = chronicle_dir / "articles"
    write_articles(articles, ["a.txt", "b.txt", "c.txt"])
    manifest = articles / "manifest.csv"
    manifest.write_text(
        "file,published,url,outlet\n"
        "a.txt,2016-02-30,https://example.org/a,Example\n"  # line 2: no 30 February
        "b.txt,2016-02-10,,\n"
        "gone.txt,2016-02-11,,\n"  # line 4: no such file
        ",2016-02-12,,\n"  # line 5: no file name
        "c.txt,2016-02-13,,\n"
    )
    code = main(
        ["--root", str(chronicle_dir), "ingest", str(articles), "--manifest", str(manifest)]
    )
    err = capsys.readouterr().err
    assert code == 2  # something to fix in the manifest, but every article was ingested
    assert "manifest.csv:2: published must be a real date" in err and "'2016-02-30'" in err
    assert "manifest.csv:4: no article file 'gone.txt'" in err
    assert "manifest.csv:5: row without a file name" in err
    got = loaded(chronicle_dir)
    assert set(got) == {"a.txt", "b.txt", "c.txt"}
    assert (str(got["b.txt"].published), got["b.txt"].published_from) == ("2016-02-10", "manifest")
    assert str(got["c.txt"].published) == "2016-02-13"
    # the bad row's date is ignored, its other columns still count
    assert got["a.txt"].source["url"] == "https://example.org/a"
    assert got["a.txt"].published_from != "manifest"


def test_undated_article_note_points_to_the_manifest(chronicle_dir: Path, tmp_path: Path) -> None:
    write_articles(tmp_path / "in", ["undated.txt"])
    assert main(["--root", str(chronicle_dir), "ingest", str(tmp_path / "in")]) == 0
    entry = loaded(chronicle_dir)["undated.txt"]
    assert entry.published is None
    note = next(n for n in entry.review if "No publication date" in n)
    assert "--manifest FILE.csv" in note and "published" in note


@pytest.mark.parametrize(
    "first_line, day",
    [
        ("Published July 5 2015 Strikes hit market", "2015-07-05"),
        ("Wed 05 Apr 2017 Strikes hit market", "2017-04-05"),
        ("Date of publication 19 June 2016 Strikes hit market", "2016-06-19"),
    ],
)
def test_a_dateline_in_the_text_gives_the_date_and_no_note(
    chronicle_dir: Path, tmp_path: Path, first_line: str, day: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "report.txt").write_text(f"{first_line} in the north. {BODY}\n")
    assert main(["--root", str(chronicle_dir), "ingest", str(folder)]) == 0
    entry = loaded(chronicle_dir)["report.txt"]
    assert (str(entry.published), entry.published_from) == (day, "text")
    assert not any("publication date" in note.lower() for note in entry.review)


def test_the_manifest_wins_and_a_different_stated_date_is_noted(
    chronicle_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "report.txt").write_text(f"Published July 5 2015 Strikes hit market. {BODY}\n")
    (folder / "list.csv").write_text("file,published\nreport.txt,2015-07-06\n")
    args = ["--root", str(chronicle_dir), "ingest", str(folder / "report.txt")]
    assert main([*args, "--manifest", str(folder / "list.csv")]) == 0
    entry = loaded(chronicle_dir)["report.txt"]
    assert (str(entry.published), entry.published_from) == ("2015-07-06", "manifest")
    assert any("states the publication date 2015-07-05" in note for note in entry.review)
