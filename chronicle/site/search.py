"""Full-text search: run Pagefind over the built pages (PyPI `pagefind[bin]`).

Pagefind indexes the pages marked `data-pagefind-body` (reports, places, the timeline) and
writes its index and script into `pagefind/` of the site; the search page loads it with no
server code. Where the binary is missing, the build warns and goes on without search.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

from chronicle.config import setting

SEARCH_DIR = OUTPUT = "pagefind"  # the search index's folder in the site


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


def search_available() -> bool:
    """True when builds write a search index (the indexer is installed and not turned off)."""
    return pagefind_executable() is not None


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
        code, output = run_tied(cmd, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"search: pagefind could not run ({exc}); the site is built without search"
    if code != 0:
        tail = output.strip().splitlines()[-1:] or ["no output"]
        return f"search: pagefind failed ({tail[0]}); the site is built without search"
    return None


def run_tied(cmd: list[str], timeout: float) -> tuple[int, str]:
    """Run `cmd` tied to this process: (exit code, its output). It runs in a process group
    of its own, which is ended if this process stops waiting for any reason (an error,
    Ctrl-C, a timeout); and on Linux the system ends it if this process dies, even by
    SIGKILL, so a killed build leaves no indexer running on with hundreds of MB."""
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
        start_new_session=True,
        preexec_fn=_die_with_parent(os.getpid()),
    )
    try:
        output, _ = proc.communicate(timeout=timeout)
        return proc.returncode, output
    finally:
        if proc.poll() is None:
            _end_group(proc)


def _end_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


def _die_with_parent(parent: int):
    """A function run in the child before it starts the program: Linux's parent-death
    signal (prctl PR_SET_PDEATHSIG), so the child gets SIGTERM when the build dies."""

    def tie() -> None:
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            return  # not Linux: the process group is what there is
        if os.getppid() != parent:  # the build died before the tie was made
            os._exit(1)

    return tie
