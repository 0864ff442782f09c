"""No article is lost: an entry belongs to one source article, every article given ends as
an entry or an error naming it, concurrent ingests wait for each other, a killed ingest
leaves no entry pointing at a missing place, and an entry the editor deleted stays deleted."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.content import entries
from tests.site.test_atomic import ENV, run_killing_itself

HEADLINE = "Troops advance on the city"
BODIES = (
    "Army units advanced on the northern districts on Monday, officers said.",
    "Militia fighters held a bridge near the river on Tuesday, a witness said.",
    "Aid convoys reached the eastern suburbs on Wednesday, the agency said.",
)


@pytest.fixture
def war(tmp_path: Path) -> Path:
    assert main(["init", str(tmp_path / "war")]) == 0
    return tmp_path / "war"


def ingest(root: Path, *args: str) -> int:
    return main(["--root", str(root), "ingest", "--published", "2017-03-01", *args])


def article(path: Path, body: str, headline: str = HEADLINE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{headline}\n\n{body}\n", encoding="utf-8")
    return path


def bodies_on_disk(root: Path) -> list[str]:
    """The first sentence of every entry's body."""
    found = []
    for path in sorted((root / "content" / "entries").glob("*.md")):
        body = entries.load_entry(path).body.strip()
        found.append(body.splitlines()[0] if body else "")
    return sorted(found)


def test_two_articles_with_one_headline_and_file_name_in_one_ingest(
    war: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    article(tmp_path / "articles" / "ap" / "report.txt", BODIES[0])
    article(tmp_path / "articles" / "reuters" / "report.txt", BODIES[1])
    assert ingest(war, str(tmp_path / "articles")) == 0
    assert "2 written" in capsys.readouterr().out
    assert bodies_on_disk(war) == sorted(BODIES[:2])


@pytest.mark.parametrize("edited", [False, True])
def test_a_later_article_never_takes_over_an_existing_entry(
    war: Path, tmp_path: Path, edited: bool, capsys: pytest.CaptureFixture
) -> None:
    first = article(tmp_path / "report.txt", BODIES[0])
    assert ingest(war, str(first)) == 0
    [entry] = (war / "content" / "entries").glob("*.md")
    if edited:
        entry.write_text(entry.read_text().replace("Army units", "Army brigades"))
    before = entry.read_text()
    capsys.readouterr()
    # A different article, same headline, even the same file name (a later download).
    second = article(tmp_path / "report.txt", BODIES[1])
    assert ingest(war, str(second)) == 0
    out = capsys.readouterr().out
    assert "1 written" in out and "kept because edited" in out
    assert entry.read_text() == before
    assert len(bodies_on_disk(war)) == 2
    assert any(b.startswith("Militia fighters") for b in bodies_on_disk(war))
    assert "came from another article of the same file name" in out


def test_every_article_given_ends_as_an_entry_or_an_error_naming_it(
    war: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    folder = tmp_path / "mixed"
    for n, body in enumerate(BODIES):
        article(folder / f"{n}.txt", body)
    (folder / "empty.txt").write_text("")
    article(folder / "index.txt", BODIES[0].replace("Army", "Navy"), headline="Index")
    assert ingest(war, str(folder)) == 1
    captured = capsys.readouterr()
    assert "empty.txt" in captured.err
    assert len(bodies_on_disk(war)) == 4  # three of one headline, and "Index" (a reserved name)


CONCURRENT_PATCH = """
    import os, time
    from pathlib import Path
    from chronicle import ingest as ingest_module
    real = ingest_module._write_entry
    def paused(target, *args, **kwargs):
        # The first ingest has chosen its entry's name: hold it there until the test has
        # started the second one and seen it wait (or finish).
        Path(os.environ["READY"]).touch()
        while not Path(os.environ["GO"]).exists():
            time.sleep(0.01)
        return real(target, *args, **kwargs)
    ingest_module._write_entry = paused
"""


def test_two_ingests_at_once_lose_no_article(war: Path, tmp_path: Path) -> None:
    one = article(tmp_path / "one" / "report.txt", BODIES[0])
    two = article(tmp_path / "two" / "report.txt", BODIES[1])
    ready, go = tmp_path / "ready", tmp_path / "go"
    env = {**ENV, "READY": str(ready), "GO": str(go)}
    code = textwrap.dedent(CONCURRENT_PATCH) + "\nfrom chronicle.cli import main\nimport sys\n"
    code += "sys.exit(main(sys.argv[1:]))\n"
    args = ["--root", str(war), "ingest", "--published", "2017-03-01"]
    first = subprocess.Popen([sys.executable, "-c", code, *args, str(one)], env=env)
    second = None
    try:
        deadline = time.monotonic() + 60
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert ready.exists()
        second = subprocess.Popen(
            [sys.executable, "-m", "chronicle", *args, str(two)],
            env=ENV,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert second.stdout is not None
        said = second.stdout.readline()  # the first thing it says: waiting, or its summary
        go.touch()
        assert first.wait(60) == 0
        rest = second.communicate(timeout=60)[0]
        assert second.returncode == 0
    finally:
        go.touch()
        for child in (first, second):
            if child is not None and child.poll() is None:
                child.kill()
                child.wait()
    assert "waiting for it to finish" in said, said + rest
    assert bodies_on_disk(war) == sorted(BODIES[:2])


def test_a_killed_ingest_leaves_no_entry_naming_a_missing_place(war: Path, tmp_path: Path) -> None:
    text = article(
        tmp_path / "a.txt",
        "Iraqi forces entered Mosul on Monday, and fighting spread to Tikrit, officials said.",
        headline="Forces enter Mosul",
    )
    done = run_killing_itself(
        war,
        """
        import os
        real_replace = os.replace
        def replace(src, dst):
            real_replace(src, dst)
            if "/entries/" in str(dst):
                die()
        os.replace = replace
    """,
        "ingest",
        str(text),
        "--published",
        "2017-03-01",
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    places = {p.stem for p in (war / "content" / "places").glob("*.md")}
    for path in (war / "content" / "entries").glob("*.md"):
        named = set(entries.load_entry(path).places)
        assert named and named <= places, named - places
    assert main(["--root", str(war), "check"]) == 0


def test_an_entry_the_editor_deleted_is_not_made_again(
    war: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    folder = tmp_path / "articles"
    article(folder / "0.txt", BODIES[0], headline="Army advances on the northern districts")
    article(folder / "1.txt", BODIES[1], headline="Militia holds the river bridge")
    assert ingest(war, str(folder)) == 0
    doomed = war / "content" / "entries" / "army-advances-on-the-northern-districts.md"
    doomed.unlink()
    capsys.readouterr()
    assert ingest(war, str(folder)) == 0
    out = capsys.readouterr().out
    assert f"0.txt: skipped, deleted by the editor (was {doomed.stem}.md)" in out
    assert "1 skipped because deleted by the editor" in out
    assert not doomed.exists()
    assert ingest(war, str(folder), "--force") == 0
    assert doomed.exists()


def test_a_full_disk_stops_ingest_with_one_clear_line(
    war: Path, tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "articles"
    for n, body in enumerate(BODIES):
        article(folder / f"{n}.txt", body)
    from chronicle import ingest as ingest_module

    def full(path: Path, data: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(ingest_module, "write_atomic", full)
    assert ingest(war, str(folder)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("error: ") and "No space left on device" in err[0]
    assert "3 of 3 article(s) not ingested" in err[0]
