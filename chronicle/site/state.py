"""The one record of what the last build of an output folder did (`SiteState`), and the
scan of the inputs that tells whether anything changed since.

`chronicle build`, its quick path for body edits (`quick.py`) and `chronicle serve` all
read and write this record, and nothing else, to know what is on disk:

- `scan`/`time`: a signature of every input file's stat (content, theme, configuration)
  and the build's settings, and when it was taken; a later scan with the same signature,
  of files none of which was modified within 2 s of it (the "racy git" rule), means
  nothing changed;
- `out`: the output folder's (device, inode, mtime), so a site replaced or touched behind
  Chronicle's back is never trusted;
- `outputs`: every output file -> the key of what it shows (see `plan.py`);
- `files` and `bodies`: the content files the site was built from (path -> hash) and where
  each entry page holds its body, for the quick path;
- `fixed`: the signature of everything but the content (theme, configuration, settings);
- `result`: the counts and warnings a build that renders nothing reports again;
- `search`: the search index's warnings, or None when it must be written again.

It is stored as JSON in the build cache (`.chronicle-cache/site-<hash>.json`), checked
field by field when read: anything unexpected (another version, a damaged or planted
file) is ignored, and the next build is a full one.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from chronicle.atomic import write_atomic
from chronicle.config import CONFIG_NAME
from chronicle.site.cache import RACY_NS, BuildCache, code_key, digest, key_of
from chronicle.site.options import BuildOptions

# entry page -> (front matter key, body offset, body length, body hash)
BodyRecord = tuple[str, int, int, str]
Stat = tuple[int, int, int]  # size, mtime (ns), inode


@dataclass
class SiteState:
    scan: str = ""
    time: int = 0
    out: Stat | None = None
    fixed: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    bodies: dict[str, BodyRecord] = field(default_factory=dict)
    result: dict = field(default_factory=dict)
    search: list[str] | None = None

    def nothing_changed(self, scan: str, newest: int) -> bool:
        """True when a scan finds the inputs exactly as this record's scan found them."""
        return bool(self.scan) and scan == self.scan and newest < self.time - RACY_NS

    def to_json(self, code: str) -> bytes:
        data = {
            "format": code,
            "scan": self.scan,
            "time": self.time,
            "out": list(self.out) if self.out else None,
            "fixed": self.fixed,
            "outputs": self.outputs,
            "files": self.files,
            "bodies": {k: list(v) for k, v in self.bodies.items()},
            "result": self.result,
            "search": self.search,
        }
        return json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes, code: str) -> SiteState | None:
        """The record, or None when `raw` is not one this version of Chronicle wrote."""
        try:
            data = json.loads(raw)
            if not isinstance(data, dict) or data.get("format") != code:
                return None
            state = cls(
                scan=_typed(data["scan"], str),
                time=_typed(data["time"], int),
                out=_stat(data["out"]),
                fixed=_typed(data["fixed"], str),
                outputs=_str_map(data["outputs"]),
                files=_str_map(data["files"]),
                bodies={k: _body(v) for k, v in _typed(data["bodies"], dict).items()},
                result=_typed(data["result"], dict),
                search=_warnings(data["search"]),
            )
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
            return None
        return state


_T = TypeVar("_T")


def _typed(value: object, kind: type[_T]) -> _T:
    if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
        raise TypeError(f"{kind.__name__} expected")
    return value


def _str_map(value: object) -> dict[str, str]:
    mapping = _typed(value, dict)
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
        raise TypeError("a map of strings expected")
    return mapping


def _stat(value: object) -> Stat | None:
    if value is None:
        return None
    items = _typed(value, list)
    if len(items) != 3 or not all(type(v) is int for v in items):
        raise TypeError("a stat expected")
    return (items[0], items[1], items[2])


def _body(value: object) -> BodyRecord:
    items = _typed(value, list)
    if len(items) != 4 or not (
        isinstance(items[0], str)
        and type(items[1]) is int
        and type(items[2]) is int
        and isinstance(items[3], str)
    ):
        raise TypeError("a body record expected")
    return (items[0], items[1], items[2], items[3])


def _warnings(value: object) -> list[str] | None:
    if value is None:
        return None
    items = _typed(value, list)
    if not all(isinstance(v, str) for v in items):
        raise TypeError("a list of warnings expected")
    return items


# --------------------------------------------------------------------------- storage


def _state_path(cache: BuildCache, out_dir: Path) -> Path | None:
    if cache.dir is None:
        return None
    name = digest(str(out_dir.resolve()).encode())[:16]
    return cache.dir / f"site-{name}.json"


def load_state(cache: BuildCache, out_dir: Path) -> SiteState | None:
    """The record of the site in `out_dir`, if there is one and it describes that folder
    as it is now (not replaced or touched since)."""
    path = _state_path(cache, out_dir)
    if path is None:
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    state = SiteState.from_json(raw, cache.code)
    if state is None or state.out != out_stamp(out_dir):
        return None
    return state


def save_state(cache: BuildCache, out_dir: Path, state: SiteState) -> None:
    path = _state_path(cache, out_dir)
    if path is None:
        return
    state.out = out_stamp(out_dir)
    try:
        write_atomic(path, state.to_json(cache.code), durable=False)
    except OSError:
        pass  # a read-only chronicle: the next build is a full one


def forget_state(cache: BuildCache, out_dir: Path) -> None:
    """The site is about to change in place: no later build may trust the old record."""
    path = _state_path(cache, out_dir)
    if path is not None:
        try:
            path.unlink()
        except OSError:
            pass


def out_stamp(out_dir: Path) -> Stat | None:
    try:
        st = os.stat(out_dir)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_mtime_ns)


# --------------------------------------------------------------------------- scanning


@dataclass
class Scan:
    signature: str  # of every input file's stat and the build's settings
    newest: int  # the newest mtime seen (ns)
    time: int  # when the scan started (ns)
    stats: dict[str, Stat]  # every content file -> its stat


def settings(options: BuildOptions) -> tuple:
    """Everything besides the input files that a page can depend on."""
    return (
        os.environ.get("SOURCE_DATE_EPOCH", ""),
        repr(vars(options.config)),
        options.theme,
        options.keep_going,
        options.search,
        options.draft,
        str(options.content_dir.resolve()),
        code_key(),
    )


def scan_inputs(options: BuildOptions, dirs: list[Path]) -> Scan:
    """Stat every input: the content folder, the theme folders, the configuration."""
    import time

    started = time.time_ns()
    stats: dict[str, Stat] = {}
    sig, newest = scan_signature(
        [options.content_dir, *dirs], [options.config.root / CONFIG_NAME], stats
    )
    return Scan(key_of(sig, settings(options)), newest, started, stats)


def fixed_signature(options: BuildOptions, dirs: list[Path]) -> str:
    """The signature of everything but the content: theme files, configuration, settings."""
    sig, _ = scan_signature(dirs, [options.config.root / CONFIG_NAME])
    return key_of(sig, settings(options))


def scan_signature(
    folders: list[Path], files: list[Path], stats: dict[str, Stat] | None = None
) -> tuple[str, int]:
    """A hash of (path, size, mtime, inode) of every file under `folders` and of `files`,
    and the newest mtime seen (to tell whether the signature can be trusted); `stats`, if
    given, receives each file's (size, mtime, inode)."""
    h = hashlib.blake2b(digest_size=16)
    newest = 0
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                newest = max(newest, st.st_mtime_ns)
                h.update(
                    f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\n".encode(
                        "utf-8", "surrogateescape"
                    )
                )
                if stats is not None:
                    stats[path] = (st.st_size, st.st_mtime_ns, st.st_ino)
    for file in files:
        try:
            st = os.stat(file)
            newest = max(newest, st.st_mtime_ns)
            h.update(
                f"{file}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\n".encode(
                    "utf-8", "surrogateescape"
                )
            )
        except OSError:
            h.update(f"{file}\0missing\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest(), newest


def content_files(content_dir: Path, stats: dict[str, Stat]) -> dict[str, tuple[str, Stat]]:
    """The files of a scan's `stats` that a build reads -> (their folder, stat)."""
    loaded = {}
    for folder in ("entries", "places", "actors"):
        prefix = os.path.join(content_dir, folder) + os.sep
        for path, st in stats.items():
            if (
                path.startswith(prefix)
                and path.endswith(".md")
                and os.sep not in path[len(prefix) :]
            ):
                loaded[path] = (folder, st)
    return loaded
