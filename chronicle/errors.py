"""Errors a user can act on: each names the file (and line) it is about."""

from __future__ import annotations

from pathlib import Path


class ChronicleError(Exception):
    """A problem with the user's input, reported as one clear line."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"
