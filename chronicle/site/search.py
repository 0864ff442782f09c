"""Full-text search: run Pagefind over the built pages (PyPI `pagefind[bin]`).

Pagefind indexes the pages marked `data-pagefind-body` (reports, places, the timeline) and
writes its index and script into `pagefind/` of the site; the search page loads it with no
server code. Where the binary is missing, the build warns and goes on without search.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from chronicle.config import setting

OUTPUT = "pagefind"


def pagefind_executable() -> str | None:
    """The binary from the pagefind_bin wheel, else one on PATH."""
    override = setting("pagefind")  # CHRONICLE_PAGEFIND
    if override is not None:  # "" disables search (and tests use it)
        return override or None
    try:
        from pagefind_bin import get_executable

        return str(get_executable())
    except (ImportError, FileNotFoundError):
        pass
    return shutil.which("pagefind") or shutil.which("pagefind_extended")


def index_site(folder: Path, language: str = "en") -> str | None:
    """Index `folder` in place; None when done, else a warning saying why not."""
    exe = pagefind_executable()
    if exe is None:
        return (
            "search: the pagefind binary is not installed (pip install 'pagefind[bin]'); "
            "the site is built without a search index"
        )
    cmd = [exe, "--site", str(folder), "--output-subdir", OUTPUT, "--keep-index-url", "--silent"]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"search: pagefind could not run ({exc}); the site is built without search"
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        return f"search: pagefind failed ({tail[0]}); the site is built without search"
    return None
