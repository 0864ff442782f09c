"""`chronicle serve` answers only requests addressed to it (DNS rebinding: a page on
another site that points its name at 127.0.0.1 reads nothing), and a NUL in a path is a
400, not a 500 with a traceback."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.e2e.test_serve import free_port, wait_for


def get(port: int, path: str, host: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.fixture
def served(small_chronicle: Path):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "CHRONICLE_PAGEFIND": ""}
    proc = subprocess.Popen(
        [sys.executable, "-m", "chronicle", "--root", str(small_chronicle), "serve"]
        + ["--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
    )
    try:
        assert wait_for(lambda: get(port, "/index.html", f"127.0.0.1:{port}") == 200, 60)
        yield port, proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_only_its_own_host_is_answered_and_a_nul_is_a_bad_request(served) -> None:
    port, proc = served
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost", f"[::1]:{port}"):
        assert get(port, "/index.html", host) == 200, host
    for host in (f"evil.example:{port}", "attacker.example", f"127.0.0.1.evil.example:{port}"):
        assert get(port, "/index.html", host) == 403, host
        assert get(port, "/livereload.js", host) == 403, host
    assert get(port, "/%00", f"127.0.0.1:{port}") == 400
    assert get(port, "/entries/%00.html", f"127.0.0.1:{port}") == 400
    proc.terminate()
    output = proc.communicate(timeout=10)[0]
    assert "Traceback" not in output, output


@pytest.mark.parametrize(
    "header, bound, allowed",
    [
        ("127.0.0.1:8000", "127.0.0.1", True),
        ("localhost:8000", "127.0.0.1", True),
        ("app.localhost", "127.0.0.1", True),
        ("[::1]:8000", "::1", True),
        ("192.168.1.5:8000", "0.0.0.0", True),
        ("evil.example:8000", "127.0.0.1", False),
        ("evil.example", "0.0.0.0", False),
        ("localhost.evil.example", "127.0.0.1", False),
        ("", "127.0.0.1", False),
        ("my-laptop.lan:8000", "my-laptop.lan", True),
    ],
)
def test_host_allowed(header: str, bound: str, allowed: bool) -> None:
    from chronicle.site.hosts import host_allowed

    assert host_allowed(header, bound) is allowed
