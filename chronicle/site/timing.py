"""`CHRONICLE_TIMING=1`: the time of each phase of a build, on stderr."""

from __future__ import annotations

import logging
import os
import time

log = logging.getLogger(__name__)


def phase(name: str, started: float) -> None:
    if os.environ.get("CHRONICLE_TIMING"):
        log.info("  %s: %.2f s", name, time.perf_counter() - started)
