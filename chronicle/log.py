"""Chronicle's progress and warnings go through `logging` (loggers under "chronicle"), so a
program that uses Chronicle as a library decides where they go; the command line shows
them on stderr, one plain line each (`show_messages`)."""

from __future__ import annotations

import logging
import sys


class _CurrentStderr(logging.Handler):
    """Writes to whatever sys.stderr is at the time (a test's capture, a redirect)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except Exception:  # noqa: BLE001 - logging must never break the run
            self.handleError(record)


def show_messages(level: int = logging.INFO) -> None:
    """Show Chronicle's messages at `level` and above on stderr, as plain lines (once)."""
    logger = logging.getLogger("chronicle")
    logger.setLevel(level)
    if not any(isinstance(h, _CurrentStderr) for h in logger.handlers):
        handler = _CurrentStderr()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
