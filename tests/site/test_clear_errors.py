"""A build says what went wrong in one line (a full disk, a folder it may not write),
waits for another ingest or build of the chronicle, and leaves nothing unclosed."""

from __future__ import annotations

import errno
import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.site.write import StagedSite
from tests.site.test_atomic import ENV, tree_digest


def test_a_full_disk_gives_one_line_and_leaves_the_site(
    small_chronicle: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["--root", str(small_chronicle), "build"]) == 0
    before = tree_digest(small_chronicle / "site")
    entry = small_chronicle / "content" / "entries" / "week-of-fighting.md"
    entry.write_text(entry.read_text().replace("Week of fighting", "Retitled"))
    capsys.readouterr()

    def full(self: StagedSite, relative: str, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.dir / relative))

    monkeypatch.setattr(StagedSite, "write_bytes", full)
    assert main(["--root", str(small_chronicle), "build"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: "), err
    assert "No space left on device" in err[0] and "the disk is full" in err[0]
    assert tree_digest(small_chronicle / "site") == before


@pytest.mark.parametrize("long_bodies", [False, True])
def test_no_resource_warning(small_chronicle: Path, long_bodies: bool) -> None:
    if long_bodies:  # stored in a temporary file rather than in memory
        for entry in (small_chronicle / "content" / "entries").glob("*.md"):
            entry.write_text(entry.read_text() + "\nA long paragraph of the report. " * 40)
    env = {**ENV, "CHRONICLE_PAGEFIND": ""}
    for command in ("build", "check"):
        done = subprocess.run(
            [
                sys.executable,
                "-X",
                "dev",
                "-m",
                "chronicle",
                "--root",
                str(small_chronicle),
                command,
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        assert "unclosed" not in done.stderr and "ResourceWarning" not in done.stderr


def test_a_build_waits_for_another_ingest_or_build(small_chronicle: Path) -> None:
    env = {**ENV, "CHRONICLE_PAGEFIND": ""}
    # The lock every ingest and build takes (chronicle.lock): flock on the content folder.
    held = os.open(small_chronicle / "content", os.O_RDONLY)
    fcntl.flock(held, fcntl.LOCK_EX)
    try:
        build = subprocess.Popen(
            [sys.executable, "-m", "chronicle", "--root", str(small_chronicle), "build"],
            env=env,
            stderr=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert build.stderr is not None
            said = build.stderr.readline()  # blocks until the build says something
            assert "waiting for it to finish" in said, said
            assert build.poll() is None
            assert not (small_chronicle / "site").exists()
        except BaseException:
            build.kill()
            raise
    finally:
        os.close(held)
    out, err = build.communicate(timeout=120)
    assert build.returncode == 0, err
    assert (small_chronicle / "site" / "index.html").is_file()
