"""Pages -> files: build into a fresh folder, swap it into place only when complete.

A failed or interrupted build leaves the previous site exactly as it was, and no output
path can leave the output folder, whatever a title or slug says.

The new site is written to `.<out>.building-<pid>-<random>` next to the output folder and
swapped in with one atomic exchange of the two folders (Linux `renameat2`), or, where the
system has none, two renames. A build that was killed leaves its staging folder behind;
the next build deletes it (only those whose process is gone, so two builds at once do not
trip over each other), and puts back a previous site a kill between the two renames had
set aside.

Only a folder a build may replace is replaced (`outdir`): one Chronicle made (marked by
`.chronicle-site`), an empty or a missing one. What a publishing folder needs (`.git`,
`CNAME`, ...) is moved into the new site just before the swap; a kill in between leaves
it in the staging folder, from where the next build moves it back.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from chronicle.atomic import umask
from chronicle.errors import ChronicleError
from chronicle.site.outdir import ALWAYS_KEPT, MARKER, MARKER_TEXT, check_replaceable, remove_tree


def safe_join(root: Path, relative: str) -> Path:
    """`root / relative`, refusing anything that would land outside `root`."""
    rel = PurePosixPath(relative)
    if (
        rel.is_absolute()
        or ".." in rel.parts
        or not rel.parts
        or "\\" in relative
        or "\x00" in relative
        or rel.parts[0].endswith(":")
        or any(part.strip(" .") == "" for part in rel.parts)
    ):
        raise ChronicleError(f"refusing to write outside the site folder: {relative!r}")
    return root.joinpath(*rel.parts)


def _plain(relative: str) -> bool:
    """A relative path `safe_join` accepts as it is, checked with string operations."""
    if not relative or relative[0] == "/" or "\\" in relative or "\x00" in relative:
        return False
    parts = relative.split("/")
    return not parts[0].endswith(":") and all(p.strip(" .") for p in parts)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False where the
    system or the file system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def clean_stale(out_dir: Path, keep: tuple[str, ...] = ALWAYS_KEPT) -> list[Path]:
    """Remove what killed builds left next to `out_dir`; restore a set-aside site, and
    what a publishing folder keeps (`keep`) that a killed swap had moved aside.

    Staging folders are `.<name>.building-<pid>-*`, set-aside old sites `.<name>.old-<pid>-*`;
    only those whose process has ended are touched."""
    out_dir = out_dir.resolve()
    parent, name = out_dir.parent, out_dir.name
    if not parent.is_dir():
        return []
    pattern = re.compile(rf"^\.{re.escape(name)}\.(building|old)-(\d+)-")
    stale = []
    for path in sorted(parent.iterdir()):
        match = pattern.match(path.name)
        if match and path.is_dir() and not _alive(int(match.group(2))):
            stale.append((match.group(1), path))
    removed = []
    # Set-aside sites first: a kill between the two renames of a swap left no site.
    for kind, path in sorted(stale, key=lambda item: item[0] != "old"):
        if kind == "old" and not out_dir.exists():
            os.replace(path, out_dir)
            continue
        if kind == "building":
            _move_kept(path, out_dir, keep)
        remove_tree(path)
        removed.append(path)
    return removed


def _move_kept(source: Path, target: Path, keep: tuple[str, ...]) -> list[str]:
    """Move the kept names from `source` into `target` where `target` lacks them."""
    moved = []
    for name in keep:
        if os.path.lexists(source / name) and not os.path.lexists(target / name):
            target.mkdir(parents=True, exist_ok=True)
            os.rename(source / name, target / name)
            moved.append(name)
    return moved


class StagedSite:
    """A temporary folder next to `out_dir` that becomes `out_dir` on `commit()`."""

    def __init__(self, out_dir: Path, keep: tuple[str, ...] = ALWAYS_KEPT) -> None:
        self.out_dir = out_dir.resolve()
        self.keep = keep
        check_replaceable(self.out_dir, keep)
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.removed = clean_stale(self.out_dir, keep)
        self.dir = Path(
            tempfile.mkdtemp(
                prefix=f".{self.out_dir.name}.building-{os.getpid()}-", dir=self.out_dir.parent
            )
        )
        # mkdtemp makes a private folder (0700); a site is for a web server to read.
        os.chmod(self.dir, 0o777 & ~umask())
        self.count = 0
        self._kept: list[str] = []  # moved in from the output folder by `commit`
        self._made: set[str] = set()

    def write_text(self, relative: str, text: str) -> None:
        self.write_bytes(relative, text.encode("utf-8"))

    def write_bytes(self, relative: str, data: bytes) -> None:
        target = safe_join(self.dir, relative)
        folder = str(target.parent)
        if folder not in self._made:  # (a build writes 10,000 files to 10)
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(folder)
        try:
            # O_EXCL: a file already there means two pages have the same path.
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            raise ChronicleError(f"two pages would be written to {relative!r}") from None
        with open(fd, "wb") as handle:
            handle.write(data)
        self.count += 1

    def link_from(self, old_dir: Path, relative: str) -> None:
        """Carry `relative` over from the current site by hard link (not rewritten: same
        inode, same modification time)."""
        if not _plain(relative):
            target = safe_join(self.dir, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(safe_join(old_dir, relative), target)
            return
        # String operations only: linking 10,000 files must not build 20,000 Paths.
        target_name = f"{self.dir}/{relative}"
        folder = target_name.rpartition("/")[0]
        if folder not in self._made:
            os.makedirs(folder, exist_ok=True)
            self._made.add(folder)
        os.link(f"{old_dir}/{relative}", target_name)

    def link_tree_from(self, old_dir: Path, folder: str) -> int:
        """Carry a whole folder over from the current site; the number of files."""
        count = 0
        for dirpath, _, filenames in os.walk(old_dir / folder):
            for name in filenames:
                relative = os.path.relpath(os.path.join(dirpath, name), old_dir)
                self.link_from(old_dir, Path(relative).as_posix())
                count += 1
        return count

    def copy(self, relative: str, source: Path) -> None:
        target = safe_join(self.dir, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        self.count += 1

    def commit(self) -> None:
        """Swap the new site in, so readers never see a half site. What the output
        folder keeps moves into the new site first."""
        self._mark()
        if self.out_dir.exists():
            for name in self.keep:
                if os.path.lexists(self.out_dir / name) and os.path.lexists(self.dir / name):
                    raise ChronicleError(
                        f"{name!r} is both made by the build and kept from the output folder; "
                        "take it out of keep_files",
                        self.out_dir / name,
                    )
            self._kept = _move_kept(self.out_dir, self.dir, self.keep)
        if self.out_dir.exists() and _exchange(self.dir, self.out_dir):
            remove_tree(self.dir)  # now holds the previous site
            return
        old = None
        if self.out_dir.exists():
            old = Path(
                tempfile.mkdtemp(
                    prefix=f".{self.out_dir.name}.old-{os.getpid()}-", dir=self.out_dir.parent
                )
            )
            os.rmdir(old)
            os.replace(self.out_dir, old)
        try:
            os.replace(self.dir, self.out_dir)
        except OSError:
            if old is not None:
                os.replace(old, self.out_dir)
            raise
        if old is not None:
            remove_tree(old)

    def _mark(self) -> None:
        """The marker file, carried over untouched when the current site has it (as every
        unchanged file is), else written."""
        old, new = self.out_dir / MARKER, self.dir / MARKER
        try:
            if old.read_text(encoding="utf-8") == MARKER_TEXT:
                os.link(old, new)
                return
        except OSError:
            pass
        new.write_text(MARKER_TEXT, encoding="utf-8")

    def discard(self) -> None:
        """Delete the staging folder, after giving back what it took from the output
        folder (a swap that failed)."""
        if self._kept and self.dir.exists():
            _move_kept(self.dir, self.out_dir, tuple(self._kept))
        remove_tree(self.dir)
