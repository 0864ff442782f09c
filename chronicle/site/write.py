"""Pages -> files: build into a fresh folder, swap it into place only when complete.

A failed or interrupted build leaves the previous site exactly as it was, and no output
path can leave the output folder, whatever a title or slug says.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from chronicle.errors import ChronicleError


def safe_join(root: Path, relative: str) -> Path:
    """`root / relative`, refusing anything that would land outside `root`."""
    rel = PurePosixPath(relative)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts or "\\" in relative \
            or any(part.startswith("\x00") for part in rel.parts):
        raise ChronicleError(f"refusing to write outside the site folder: {relative!r}")
    return root.joinpath(*rel.parts)


class StagedSite:
    """A temporary folder next to `out_dir` that becomes `out_dir` on `commit()`."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir.resolve()
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.dir = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.building-",
                                         dir=self.out_dir.parent))
        self.count = 0

    def write_text(self, relative: str, text: str) -> None:
        self.write_bytes(relative, text.encode("utf-8"))

    def write_bytes(self, relative: str, data: bytes) -> None:
        target = safe_join(self.dir, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.count += 1

    def copy(self, relative: str, source: Path) -> None:
        target = safe_join(self.dir, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        self.count += 1

    def commit(self) -> None:
        """Swap the new site in: two renames, so readers never see a half site."""
        old = None
        if self.out_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.old-",
                                        dir=self.out_dir.parent))
            os.rmdir(old)
            os.replace(self.out_dir, old)
        os.replace(self.dir, self.out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
