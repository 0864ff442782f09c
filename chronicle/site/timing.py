"""`CHRONICLE_TIMING=1`: the time of each phase of a build, on stderr."""

from __future__ import annotations

import os
import sys
import time


def phase(name: str, started: float) -> None:
    if os.environ.get("CHRONICLE_TIMING"):
        print(f"  {name}: {time.perf_counter() - started:.2f} s", file=sys.stderr)
