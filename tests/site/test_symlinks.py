"""Trust boundaries: a link inside content/ or a theme's static/ that leaves it would
publish a file from elsewhere on the machine; it is refused with a clear error, by build
and by check. Links that stay inside are fine."""

from __future__ import annotations

from pathlib import Path

import pytest

from chronicle.cli import main
from tests.conftest import ENTRY_B

SECRET = "SECRET-DIARY-TEXT"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "diary.md").write_text(ENTRY_B.replace("Earlier this week, troops", SECRET))
    (folder / "secret.txt").write_text(SECRET)
    return folder


def published(root: Path) -> bool:
    site = root / "site"
    return site.exists() and any(
        SECRET in p.read_text(errors="replace") for p in site.rglob("*") if p.is_file()
    )


def test_an_entry_linked_from_outside_is_refused(
    small_chronicle: Path, outside: Path, capsys: pytest.CaptureFixture
) -> None:
    link = small_chronicle / "content" / "entries" / "diary.md"
    link.symlink_to(outside / "diary.md")
    assert main(["--root", str(small_chronicle), "build"]) == 2
    err = capsys.readouterr().err
    assert f"{link}: a link to {outside / 'diary.md'}, outside the content folder" in err
    assert not published(small_chronicle)
    assert main(["--root", str(small_chronicle), "check"]) == 1
    assert "outside the content folder: refused" in capsys.readouterr().out


def test_an_entries_folder_linked_from_outside_is_refused(
    small_chronicle: Path, outside: Path
) -> None:
    entries = small_chronicle / "content" / "entries"
    for path in entries.iterdir():
        path.rename(outside / path.name)
    entries.rmdir()
    entries.symlink_to(outside, target_is_directory=True)
    assert main(["--root", str(small_chronicle), "build"]) == 2
    assert not published(small_chronicle)


def test_a_link_inside_the_content_folder_is_fine(small_chronicle: Path) -> None:
    drafts = small_chronicle / "content" / "drafts"
    drafts.mkdir()
    entries = small_chronicle / "content" / "entries"
    (entries / "week-of-fighting.md").rename(drafts / "week-of-fighting.md")
    (entries / "week-of-fighting.md").symlink_to(Path("..") / "drafts" / "week-of-fighting.md")
    assert main(["--root", str(small_chronicle), "build"]) == 0
    assert (small_chronicle / "site" / "entries" / "week-of-fighting.html").is_file()


def test_a_theme_static_file_linked_from_outside_is_refused(
    small_chronicle: Path, outside: Path, capsys: pytest.CaptureFixture
) -> None:
    static = small_chronicle / "themes" / "mine" / "static"
    static.mkdir(parents=True)
    (static / "notes.txt").symlink_to(outside / "secret.txt")
    assert main(["--root", str(small_chronicle), "build", "--theme", "mine"]) == 2
    err = capsys.readouterr().err
    assert f"{static / 'notes.txt'}: a link to {outside / 'secret.txt'}, outside the theme" in err
    assert not published(small_chronicle)
    assert main(["--root", str(small_chronicle), "check", "--theme", "mine"]) == 1
    assert "outside the theme: refused" in capsys.readouterr().out
