"""Files replaced whole: a temporary file beside the target, renamed over it, so a reader
(or a killed process) never sees half a file. Used for entries, place files, the build
cache and pages `serve` rewrites in place."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

TMP_SUFFIX = ".tmp"


def umask() -> int:
    """The process's umask (there is no way to read it without setting it)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Replace `path` with `data` (text is written as UTF-8 with "\\n" line ends).

    `durable`: fsync before the rename, for files a person would lose (entries); caches
    and rebuildable pages skip it. The file keeps the mode of the one it replaces, or what
    the umask gives a new file (mkstemp alone would make it private).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
    try:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~umask()
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
