"""Which addresses may reach a page: http(s) with a host, nothing a browser would run
(`javascript:`, `data:`, `vbscript:`) or read as something else. Imports nothing of
Chronicle's: the settings (`config`) and the entry format (`content`) both use it."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_UNSAFE = re.compile(r"[\s\"'<>\\`\x00-\x1f\x7f]")


def web_address_problem(value: str) -> str | None:
    """Why `value` is not an http(s) address a page may link to, or None."""
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return f"must be an http:// or https:// address (or empty), not {value!r}"
    if _UNSAFE.search(value):
        return f"must not hold spaces, quotes, < > or backslashes: {value!r}"
    return None
