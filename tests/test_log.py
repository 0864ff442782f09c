"""Chronicle's messages go through `logging`: a library user routes them, the command line
shows them as plain lines on stderr."""

from __future__ import annotations

import logging
import time

import pytest

from chronicle.log import show_messages
from chronicle.site.timing import phase


def test_a_library_user_receives_the_build_phases_as_log_records(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHRONICLE_TIMING", "1")
    with caplog.at_level(logging.INFO, logger="chronicle"):
        phase("render", time.perf_counter())
    [record] = caplog.records
    assert record.name == "chronicle.site.timing" and "render:" in record.getMessage()


def test_the_command_line_shows_messages_as_plain_lines_on_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    show_messages()
    show_messages()  # twice: still one line per message
    logging.getLogger("chronicle.site.serve").info("rebuilt: 3 pages")
    captured = capsys.readouterr()
    assert captured.err == "rebuilt: 3 pages\n" and captured.out == ""
