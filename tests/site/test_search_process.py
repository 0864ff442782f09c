"""A killed build leaves no search indexer running: Pagefind runs tied to the build (its
own process group, ended when the build stops waiting, and on Linux when the build dies)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.site.test_atomic import ENV


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead: it only waits for its parent to collect it.
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_a_killed_build_leaves_no_indexer_running(
    small_chronicle: Path, tmp_path: Path, how: signal.Signals
) -> None:
    pidfile = tmp_path / "indexer.pid"
    fake = tmp_path / "pagefind"
    fake.write_text(f"#!/bin/sh\necho $$ > {pidfile}\nexec sleep 120\n")
    fake.chmod(0o755)
    build = subprocess.Popen(
        [sys.executable, "-m", "chronicle", "--root", str(small_chronicle), "build"],
        env={**ENV, "CHRONICLE_PAGEFIND": str(fake)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    indexer = None
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not pidfile.exists():
            time.sleep(0.02)
        time.sleep(0.2)  # the pid written, `exec sleep` done
        indexer = int(pidfile.read_text())
        assert alive(indexer)
        build.send_signal(how)
        build.wait(30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and alive(indexer):
            time.sleep(0.05)
        assert not alive(indexer), "the indexer outlived the build"
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
        if indexer is not None and alive(indexer):
            os.kill(indexer, signal.SIGKILL)
    assert not (small_chronicle / "site").exists()  # the killed build published nothing
