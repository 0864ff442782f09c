"""The output folder: which folders a build may replace, and what it keeps in them.

A build replaces its output folder whole (`write.StagedSite`), so the folder it is given
must be one whose loss costs nothing: a folder Chronicle made (it holds the marker file
`.chronicle-site`), an empty one or a missing one. The chronicle's own folder, its
content folder, anything above them or inside the content, and any other folder are
refused with a clear error, never deleted.

A publishing folder (a `gh-pages` checkout, a Netlify or Pages folder) holds things a
build does not make and must not lose: `.git`, `CNAME`, `.nojekyll`, and whatever the
chronicle's `keep_files` lists. They are carried over into every new site, and a folder
holding nothing else counts as empty.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterable
from pathlib import Path

from chronicle.errors import ChronicleError

MARKER = ".chronicle-site"
MARKER_TEXT = (
    "This folder is a site built by Chronicle. `chronicle build` replaces it whole,\n"
    "keeping only .git, CNAME, .nojekyll and the names in chronicle.toml's keep_files.\n"
)
ALWAYS_KEPT = (".git", "CNAME", ".nojekyll")
# Files every Chronicle build writes, whatever the theme: a folder with all of them and
# no marker is a site an earlier Chronicle (from before the marker) built.
_EARLIER_SITE = ("index.html", "timeline/index.html", "feed.xml", "data/events.csv", "robots.txt")


def kept_names(extra: Iterable[str] = ()) -> tuple[str, ...]:
    """The names at the top of the output folder that every build keeps."""
    return tuple(dict.fromkeys([*ALWAYS_KEPT, *extra]))


def made_by_chronicle(folder: Path) -> bool:
    if (folder / MARKER).is_file():
        return True
    return all((folder / name).is_file() for name in _EARLIER_SITE)


def _holds_only(folder: Path, names: Iterable[str]) -> bool:
    allowed = set(names)
    with os.scandir(folder) as items:
        return all(item.name in allowed for item in items)


def check_out_dir(
    out_dir: Path, *, root: Path, content_dir: Path, keep: Iterable[str] = ALWAYS_KEPT
) -> None:
    """Raise a ChronicleError unless a build may replace `out_dir` (see the module)."""
    out = out_dir.resolve()
    content = content_dir.resolve()
    for protected, what in ((root.resolve(), "the chronicle's folder"), (content, "its content")):
        if protected == out or protected.is_relative_to(out):
            where = "is" if out == protected else "holds"
            raise ChronicleError(
                f"refusing to build into {out_dir}: it {where} {what} ({protected}), which a "
                "build would replace; give --out a folder of its own, such as site/",
                out_dir,
            )
    if out.is_relative_to(content):
        raise ChronicleError(
            f"refusing to build into {out_dir}: it is inside the content folder; give --out "
            "a folder outside it, such as site/",
            out_dir,
        )
    check_replaceable(out, keep)


def check_replaceable(out_dir: Path, keep: Iterable[str] = ALWAYS_KEPT) -> None:
    """Raise a ChronicleError unless `out_dir` is missing, empty (but for what a build
    keeps) or made by Chronicle."""
    if not os.path.lexists(out_dir):
        return
    if not out_dir.is_dir():
        raise ChronicleError("the output folder is a file or a broken link", out_dir)
    if made_by_chronicle(out_dir) or _holds_only(out_dir, keep):
        return
    raise ChronicleError(
        f"refusing to replace {out_dir}: it is not empty and Chronicle did not make it "
        f"(no {MARKER} file in it); give --out an empty or new folder (a build keeps "
        f"{', '.join(kept_names(keep))} in it)",
        out_dir,
    )


def remove_tree(path: Path) -> None:
    """Delete a folder, including one whose subfolders are read-only (a site its owner
    made read-only): where that stops the deletion, the folders are made writable again
    (the owner may), and the deletion is tried once more; what still resists is left."""
    if os.path.islink(path):
        os.unlink(path)
        return
    failed: list[str] = []
    shutil.rmtree(path, onerror=lambda *args: failed.append(args[1]))
    if not failed or not os.path.lexists(path):
        return
    _make_writable(str(path))
    shutil.rmtree(path, ignore_errors=True)


def _make_writable(folder: str) -> None:
    try:
        mode = stat.S_IMODE(os.lstat(folder).st_mode)
        if mode & stat.S_IRWXU != stat.S_IRWXU:
            os.chmod(folder, mode | stat.S_IRWXU)
        with os.scandir(folder) as items:
            subfolders = [item.path for item in items if item.is_dir(follow_symlinks=False)]
    except OSError:
        return
    for sub in subfolders:
        _make_writable(sub)
