"""`check` and `build` agree on every entry: what check passes builds, and what build
refuses check reports, both as one line with the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from chronicle.cli import main
from tests.conftest import ENTRY_A, ENTRY_B, write_content

SOURCE_B = (
    "source: {file: b.txt, sha256: bbbb, url: 'https://example.org/b', outlet: Example News}\n"
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "chronicle.toml").write_text('title = "T"\n')
    return tmp_path


@pytest.mark.parametrize(
    "old, new, line, message",
    [
        ("2017-W22", "2017-W53", 8, "event date has no week 53: 2017 has 52 ISO weeks"),
        ("2017-W22", "2017-W00", 8, "event date has no week 00"),
        ("2017-W22", "'0000'", 8, "event date has a year out of range"),
        ("2017-W22", "'9999-12'", 8, "event date has a year out of range"),
        ("2017-W22", "'999X'", 8, "event date has a year out of range"),
        (
            "published: 2017-06-02",
            "published: 2017-06-02T10:00:00+02:00",
            3,
            "published must be a date YYYY-MM-DD without a time or time zone",
        ),
        ("published: 2017-06-02", "published: 0000-01-01", 3, "published must be a real date"),
        ("https://example.org/b", "javascript:alert(1)", 5, "source url must be an http"),
        ("https://example.org/b", "data:text/html,x", 5, "source url must be an http"),
    ],
)
def test_what_build_refuses_check_reports_in_the_same_line(
    root: Path, old: str, new: str, line: int, message: str, capsys: pytest.CaptureFixture
) -> None:
    assert old in ENTRY_B
    write_content(root, entries={"a": ENTRY_A, "b": ENTRY_B.replace(old, new)})
    where = f"content/entries/b.md:{line}: {message}"
    assert main(["--root", str(root), "check"]) == 1
    assert where in capsys.readouterr().out
    assert main(["--root", str(root), "build"]) == 2
    err = capsys.readouterr().err
    assert where in err and "Traceback" not in err
    assert not (root / "site").exists()


@pytest.mark.parametrize(
    "source",
    ["", "source: {file: b.txt, sha256: bbbb}\n", "source: {url: 'https://example.org/b'}\n"],
)
def test_an_entry_without_source_or_outlet_passes_check_and_builds(root: Path, source: str) -> None:
    write_content(root, entries={"a": ENTRY_A, "b": ENTRY_B.replace(SOURCE_B, source)})
    assert main(["--root", str(root), "check"]) == 0
    assert main(["--root", str(root), "build"]) == 0
    assert "Week of fighting in Iraq" in (root / "site" / "entries" / "b.html").read_text()
