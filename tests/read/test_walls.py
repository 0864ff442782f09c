"""`chronicle.read` reports what a file states and never calls back into the rooms above
it (issue 11): no import of extract, ingest, site, check or cli, not even a lazy one."""

from __future__ import annotations

import ast
from pathlib import Path

import chronicle.read

ABOVE = (
    "chronicle.extract",
    "chronicle.ingest",
    "chronicle.site",
    "chronicle.check",
    "chronicle.cli",
)


def test_read_imports_nothing_above_it() -> None:
    crossings = []
    for path in sorted(Path(chronicle.read.__path__[0]).glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            crossings += [f"{path.name}: {n}" for n in names if n.startswith(ABOVE)]
    assert crossings == []
