"""The walls between the rooms: which package may import which, no import cycle, and a
build that never loads the extraction code."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "chronicle"

# room -> the rooms it may import (besides itself). A room is `chronicle.<name>`.
BASE = {
    "chronicle.errors",
    "chronicle.atomic",
    "chronicle.workers",
    "chronicle.lock",
    "chronicle.urls",
    "chronicle.log",
    "chronicle.plugins",
}
ALLOWED: dict[str, set[str]] = {
    "chronicle": set(),
    "chronicle.errors": set(),
    "chronicle.atomic": set(),
    "chronicle.workers": set(),
    "chronicle.lock": {"chronicle.errors"},
    "chronicle.urls": set(),
    "chronicle.log": set(),
    "chronicle.config": BASE,
    "chronicle.content": BASE,
    "chronicle.read": BASE | {"chronicle.content"},
    # extraction is pure: the shared records only, no file formats (see EXTRACT_CONTENT)
    "chronicle.extract": BASE | {"chronicle.content"},
    "chronicle.ingest": BASE
    | {"chronicle.config", "chronicle.content", "chronicle.read", "chronicle.extract"},
    "chronicle.site": BASE | {"chronicle.config", "chronicle.content"},
    "chronicle.check": BASE | {"chronicle.config", "chronicle.content", "chronicle.site"},
    # the editor's desk: review items, decisions, place corrections, the review page's
    # routes (handed to the site's server by the command line, never imported by it); it
    # sits above the site, whose model finds the incident merges near the threshold
    "chronicle.desk": BASE
    | {
        "chronicle.config",
        "chronicle.content",
        "chronicle.extract",
        "chronicle.ingest",
        "chronicle.site",
    },
    "chronicle.plugins": {"chronicle.errors"},
    "chronicle.cli": {"*"},
    "chronicle.__main__": {"chronicle.cli"},
}
EXTRACT_CONTENT = {"chronicle.content", "chronicle.content.records"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _room(module: str) -> str:
    return ".".join(module.split(".")[:2])


def _imports(path: Path, module: str) -> set[str]:
    """Every chronicle module `path` imports, at its top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "chronicle")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            if name.split(".")[0] != "chronicle":
                continue
            found.add(name)
            # `from chronicle.site import feeds` imports a module, not a name
            for alias in node.names:
                if (PACKAGE.parent / (name.replace(".", "/") + f"/{alias.name}.py")).exists():
                    found.add(f"{name}.{alias.name}")
    return found


def _graph() -> dict[str, set[str]]:
    return {
        _module_name(path): _imports(path, _module_name(path))
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def test_every_import_follows_the_allowed_edges() -> None:
    wrong = []
    for module, imported in _graph().items():
        room = _room(module)
        allowed = ALLOWED.get(room)
        assert allowed is not None, f"{room} is not in the table of rooms: add it with its edges"
        for name in sorted(imported):
            target = _room(name)
            if target in (room, "chronicle") or "*" in allowed:
                continue
            if target not in allowed:
                wrong.append(f"{module} imports {name}")
            elif room == "chronicle.extract" and target == "chronicle.content":
                if name not in EXTRACT_CONTENT:
                    wrong.append(f"{module} imports the file format {name}")
    assert not wrong, "imports across the walls:\n  " + "\n  ".join(wrong)


def test_the_import_graph_has_no_cycle() -> None:
    # A module's own packages are imported before it whatever it says: not an edge.
    graph = {
        module: {n for n in names if not module.startswith(n + ".")}
        for module, names in _graph().items()
    }
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph or nxt == node:
                continue
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, "import cycles:\n  " + "\n  ".join(" -> ".join(c) for c in cycles)


def test_building_the_sample_never_loads_extraction(tmp_path: Path) -> None:
    """A build loads content and renders it: the temporal tagger, the geoparser and the
    readers of article files are not even imported."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from chronicle.config import load_config\n"
        "from chronicle.site.build import BuildOptions, build\n"
        f"config = load_config({str(REPO)!r})\n"
        f"build(BuildOptions(config=config, content_dir=config.content_dir, "
        f"out_dir=Path({str(tmp_path / 'site')!r}), search=False, cache=False))\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('chronicle'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    loaded = done.stdout.split()
    assert "chronicle.site.build" in loaded
    crossing = [
        m
        for m in loaded
        if m.startswith(("chronicle.extract", "chronicle.read", "chronicle.ingest"))
    ]
    assert not crossing, f"a build imported {crossing}"
    assert (tmp_path / "site" / "index.html").is_file()
