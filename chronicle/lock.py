"""One writer at a time: `ingest` and `build` of one chronicle take this lock.

Two ingests at once would pick the same new file name for two articles (one lost); two
builds at once would swap in a stale site. Each takes an exclusive lock on the content
folder for as long as it runs; a second one says it is waiting and waits.

The lock is `flock` on the content folder itself: no lock file to leave behind or clean
up, and the system releases it when the process ends, however it ends (a killed ingest
never leaves the chronicle locked). Where there is no `flock` (not POSIX), there is no
lock.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]


@contextmanager
def chronicle_lock(
    content_dir: Path, what: str, say: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the lock on `content_dir` while the block runs; `what` ("ingest", "build")
    and `say` tell the user when another run holds it. A missing folder has nothing to
    protect: no lock."""
    if fcntl is None or not content_dir.is_dir():
        yield
        return
    fd = os.open(content_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if say is not None:
                say(
                    f"{what}: another chronicle ingest or build is using {content_dir}; "
                    "waiting for it to finish"
                )
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock
