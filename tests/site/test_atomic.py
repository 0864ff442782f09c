"""Nothing lost: a failed, crashed or killed build leaves the previous site exactly as it
was; a killed ingest leaves no half-written entry; hand edits survive every re-ingest."""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.content import entries
from chronicle.errors import ChronicleError
from chronicle.site.write import StagedSite, safe_join
from tests.conftest import ENTRY_A, REPO, write_content

ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site."))


def run_killing_itself(root: Path, patch: str, *args: str) -> subprocess.CompletedProcess:
    """Run `chronicle ARGS` in a child process in which `patch` (Python) makes the process
    SIGKILL itself at a precise moment: no cleanup code of any kind runs after that."""
    code = (
        textwrap.dedent("""
        import os, signal, sys
        def die():
            os.kill(os.getpid(), signal.SIGKILL)
    """)
        + textwrap.dedent(patch)
        + textwrap.dedent("""
        from chronicle.cli import main
        sys.exit(main(sys.argv[1:]))
    """)
    )
    return subprocess.run(
        [sys.executable, "-c", code, "--root", str(root), *args],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
    )


@pytest.fixture
def built(small_chronicle: Path) -> Path:
    assert main(["--root", str(small_chronicle), "build"]) == 0
    # A change, so a finished build would differ from the site on disk.
    path = small_chronicle / "content" / "entries" / "week-of-fighting.md"
    path.write_text(path.read_text().replace("Week of fighting", "A new title"))
    return small_chronicle


# --------------------------------------------------------------------------- the site


def test_build_failing_midway_leaves_previous_site(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree_digest(built / "site")
    real_write = StagedSite.write_bytes
    written = []

    def failing_write(self: StagedSite, relative: str, data: bytes) -> None:
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        written.append(relative)
        real_write(self, relative, data)

    monkeypatch.setattr(StagedSite, "write_bytes", failing_write)
    with pytest.raises(OSError):
        from chronicle.config import load_config
        from chronicle.site.build import BuildOptions, build

        config = load_config(built)
        build(BuildOptions(config=config, content_dir=built / "content", out_dir=built / "site"))
    assert len(written) == 3
    assert tree_digest(built / "site") == before
    assert leftovers(built) == []  # the half-built folder is gone too


def test_build_killed_while_writing_leaves_previous_site(built: Path) -> None:
    before = tree_digest(built / "site")
    done = run_killing_itself(
        built,
        """
        from chronicle.site import write
        real = write.StagedSite.write_bytes
        count = [0]
        def write_bytes(self, relative, data):
            count[0] += 1
            if count[0] == 4:
                die()
            real(self, relative, data)
        write.StagedSite.write_bytes = write_bytes
    """,
        "build",
    )
    assert done.returncode == -signal.SIGKILL
    assert tree_digest(built / "site") == before
    [stale] = leftovers(built)
    assert stale.startswith(".site.building-")
    # The next build clears what the killed one left, and finishes.
    assert main(["--root", str(built), "build"]) == 0
    assert leftovers(built) == []
    assert "A new title" in (built / "site" / "entries" / "week-of-fighting.html").read_text()


def test_build_killed_in_the_middle_of_the_swap_loses_nothing(built: Path) -> None:
    """Where the two folders cannot be exchanged in one step, the old site is set aside
    and the new one renamed in: killed between the two, the next build puts it back."""
    before = tree_digest(built / "site")
    done = run_killing_itself(
        built,
        """
        import os
        from chronicle.site import write
        write._exchange = lambda a, b: False
        real_replace = os.replace
        def replace(src, dst):
            real_replace(src, dst)
            if ".site.old-" in str(dst):
                die()
        os.replace = replace
    """,
        "build",
    )
    assert done.returncode == -signal.SIGKILL
    assert not (built / "site").exists()
    assert any(name.startswith(".site.old-") for name in leftovers(built))
    # Any later build first restores the previous site; this one then fails on a content
    # error, which leaves that restored site as it was.
    bad = built / "content" / "entries" / "broken.md"
    bad.write_text("---\ntitle: [\n---\n")
    assert main(["--root", str(built), "build"]) == 2
    assert tree_digest(built / "site") == before
    assert leftovers(built) == []


def test_build_killed_from_outside_leaves_previous_site(tmp_path: Path) -> None:
    """A real SIGKILL from another process while a larger chronicle is being written."""
    root = tmp_path / "big"
    root.mkdir()
    many = {
        f"report-{i:03d}": ENTRY_A.replace("aaaa", f"{i:064x}").replace(
            "Forces enter the Old City", f"Report number {i}"
        )
        for i in range(60)
    }
    write_content(root, entries=many)
    assert main(["--root", str(root), "build"]) == 0
    before = tree_digest(root / "site")
    (root / "content" / "entries" / "report-000.md").write_text(
        many["report-000"].replace("Report number 0", "Changed")
    )
    child = subprocess.Popen(
        [sys.executable, "-m", "chronicle", "--root", str(root), "build"],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and child.poll() is None:
            staging = [p for p in root.iterdir() if p.name.startswith(".site.building-")]
            if staging and sum(1 for _ in staging[0].rglob("*.html")) >= 5:
                break
            time.sleep(0.005)
        assert child.poll() is None, "the build finished before it could be killed"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait()
    assert tree_digest(root / "site") == before
    assert main(["--root", str(root), "build"]) == 0
    assert leftovers(root) == []
    assert "Changed" in (root / "site" / "entries" / "report-000.html").read_text()


def test_a_running_build_does_not_remove_anothers_staging_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = StagedSite(out)  # this process is alive: its folder stays
    second = StagedSite(out)
    assert first.dir.is_dir() and second.dir.is_dir()
    first.discard()
    second.discard()


def test_built_site_is_readable_by_a_web_server(built: Path) -> None:
    assert main(["--root", str(built), "build"]) == 0
    umask = os.umask(0)
    os.umask(umask)
    mode = stat.S_IMODE((built / "site").stat().st_mode)
    assert mode == 0o777 & ~umask, oct(mode)


@pytest.mark.parametrize(
    "relative",
    [
        "../escape.html",
        "entries/../../escape.html",
        "/etc/passwd",
        "entries/..",
        "..",
        "entries\\..\\..\\x.html",
        "C:/x.html",
        "a/\x00/b.html",
        "",
        ".",
    ],
)
def test_no_output_path_leaves_the_site(tmp_path: Path, relative: str) -> None:
    with pytest.raises(ChronicleError):
        safe_join(tmp_path / "site", relative)


def test_two_pages_cannot_share_a_path(tmp_path: Path) -> None:
    site = StagedSite(tmp_path / "site")
    site.write_text("entries/a.html", "one")
    with pytest.raises(ChronicleError, match="two pages"):
        site.write_text("entries/a.html", "two")
    site.discard()


# --------------------------------------------------------------------------- ingest

ARTICLE = (
    "Town retaken after siege number {n}\n\nTroops retook the town on Monday after "
    "weeks of fighting, the army said in a statement.\n"
)


@pytest.fixture
def war(tmp_path: Path) -> Path:
    assert main(["init", str(tmp_path / "war")]) == 0
    return tmp_path / "war"


def test_ingest_killed_before_the_rename_leaves_the_old_entry(war: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE.format(n=1))
    assert main(["--root", str(war), "ingest", str(article), "--published", "2017-03-01"]) == 0
    [entry] = (war / "content" / "entries").glob("*.md")
    before = entry.read_bytes()
    # Another publication date changes the entry; the process dies with the new text
    # written to the temporary file, just before it would replace the entry.
    done = run_killing_itself(
        war,
        """
        import os
        real_replace = os.replace
        def replace(src, dst):
            if str(dst).endswith(".md") and "/entries/" in str(dst):
                die()
            real_replace(src, dst)
        os.replace = replace
    """,
        "ingest",
        str(article),
        "--published",
        "2017-04-01",
    )
    assert done.returncode == -signal.SIGKILL
    assert entry.read_bytes() == before
    assert [p.name for p in (war / "content" / "entries").glob("*.md")] == [entry.name]
    # The next ingest removes the temporary file and writes the entry.
    assert main(["--root", str(war), "ingest", str(article), "--published", "2017-04-01"]) == 0
    assert sorted(p.name for p in (war / "content" / "entries").iterdir()) == [entry.name]
    assert "published: 2017-04-01" in entry.read_text()


def test_ingest_killed_from_outside_leaves_only_whole_entries(war: Path, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(400):
        (folder / f"{n:03d}.txt").write_text(ARTICLE.format(n=n))
    entries_dir = war / "content" / "entries"
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "chronicle",
            "--root",
            str(war),
            "ingest",
            str(folder),
            "--published",
            "2017-03-01",
        ],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while (
            time.monotonic() < deadline
            and child.poll() is None
            and sum(1 for _ in entries_dir.glob("*.md")) < 3
        ):
            time.sleep(0.002)
        assert child.poll() is None, "ingest finished before it could be killed"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait()
    written = sorted(entries_dir.glob("*.md"))
    assert 3 <= len(written) < 400
    for path in written:
        text = path.read_text(encoding="utf-8")
        entries.load_entry(path)
        assert not entries.is_hand_edited(text), f"{path.name} is not what ingest wrote"


def test_entries_are_ordinary_readable_files(war: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE.format(n=1))
    main(["--root", str(war), "ingest", str(article), "--published", "2017-03-01"])
    umask = os.umask(0)
    os.umask(umask)
    for path in (war / "content").rglob("*.md"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path


# --------------------------------------------------------------------------- hand edits


def test_hand_edits_to_body_title_events_and_places_survive_every_reingest(
    war: Path, sample_articles: Path, capsys: pytest.CaptureFixture
) -> None:
    article = sample_articles / "002_01363808ca93a349.txt"
    ingest = ["--root", str(war), "ingest", str(article)]
    assert main([*ingest, "--published", "2017-02-24"]) == 0
    [path] = (war / "content" / "entries").glob("*.md")
    original = entries.load_entry(path)
    assert original.places and original.events
    text = path.read_text()
    text = text.replace(f"title: {original.title}", "title: An editor's headline")
    head, body = text.split("\n---\n", 1)
    text = head + "\n---\n" + body.replace("Iraqi forces on Friday", "Iraqi army units on Friday")
    text = text.replace(
        "events:\n",
        "events:\n- {date: '2017-02-20', mention: on Monday, "
        "sentence: An editor's event., places: [mosul]}\n",
        1,
    )
    first_place = original.places[0]
    text = text.replace(
        f"places: [{', '.join(original.places)}]", f"places: [{', '.join(original.places[1:])}]", 1
    )
    path.write_text(text)
    place_file = war / "content" / "places" / f"{first_place}.md"
    place_text = place_file.read_text() + "\nAn editor's description of the place.\n"
    place_file.write_text(place_text)
    capsys.readouterr()
    # What the editor changed survives every re-ingest, field by field (issue 16: the
    # rest, such as events dated from a new publication date, is updated).
    for published in ("2017-02-24", "2017-03-01", None):
        args = [*ingest, "--published", published] if published else ingest
        assert main(args) == 0
        out = capsys.readouterr().out
        if published == "2017-02-24":
            assert path.read_text() == text
            assert "1 kept because edited" in out
        else:
            assert "1 updated around your edits" in out or "1 kept because edited" in out
        assert place_file.read_text() == place_text
        edited = entries.load_entry(path)
        assert edited.title == "An editor's headline"
        assert "Iraqi army units on Friday" in edited.body
        assert edited.events[0]["sentence"] == "An editor's event."
        assert first_place not in edited.places
    # --force replaces the entry, and still never a place file
    assert main([*ingest, "--published", "2017-02-24", "--force"]) == 0
    assert entries.load_entry(path).title == original.title
    assert place_file.read_text() == place_text
