"""Reading an article never hangs or runs out of memory (issue 12): only regular files
are read, with one clear line naming anything else."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.errors import ChronicleError
from chronicle.read.article import find_articles, read_article


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A read that blocks fails the test instead of hanging the suite."""

    def stop(*_: object) -> None:
        raise TimeoutError("the reader blocked")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    with pytest.raises(ChronicleError) as err:
        read_article(fifo)
    assert str(fifo) in str(err.value) and "not a regular file" in str(err.value)
    # in a folder it is listed, and reported by the reader rather than silently skipped
    assert find_articles([tmp_path]) == [fifo]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_an_endless_device_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ChronicleError) as err:
        read_article(Path("/dev/zero"))
    assert "/dev/zero" in str(err.value) and "character device" in str(err.value)
    link = tmp_path / "zero.txt"  # a link named like an article changes nothing
    link.symlink_to("/dev/zero")
    with pytest.raises(ChronicleError, match="not a regular file"):
        read_article(link)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_ingest_reports_the_pipe_and_ingests_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["init", str(tmp_path / "war")]) == 0
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "report.txt").write_text(
        "Bridge reopened\n\nThe bridge over the river reopened on Wednesday after repairs "
        "that took three months, officials said.\n"
    )
    args = ["--root", str(tmp_path / "war"), "ingest", str(folder), "--published", "2017-03-01"]
    assert main(args) == 1
    out = capsys.readouterr()
    assert "1 written" in out.out and "1 failed" in out.out
    assert f"{folder / 'pipe.txt'}: not a regular file (a named pipe)" in out.err
