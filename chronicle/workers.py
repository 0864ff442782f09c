"""How many processes a job may use: one decision for ingest and build."""

from __future__ import annotations

import os


def job_count(requested: int | None = None) -> int:
    """`requested` if given, else $CHRONICLE_JOBS (1 = one process), else the number of
    CPUs this process may run on."""
    if requested is not None:
        return max(1, requested)
    raw = os.environ.get("CHRONICLE_JOBS", "").strip()
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
