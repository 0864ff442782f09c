"""The persistent build cache (`.chronicle-cache/` in the chronicle's folder).

- Parsed content: each entry and place file, keyed by its path and the hash of its bytes,
  -> the validated file and its rendered Markdown. Sharded in 16 files, so an edit
  rewrites one small file. A file's hash is trusted from its size, mtime and inode when
  those are unchanged and the file was not modified within 2 s of being recorded (the
  "racy git" rule); otherwise its bytes are read and hashed again.
- The record of each output folder's last build (`state.py`).

Everything is stored as `marshal` data of plain values only (strings, numbers, lists,
dicts and tagged tuples for dates, paths and Chronicle's own records), checked when read:
unlike a pickle, a planted or damaged cache file cannot run code, and one that does not
check out is ignored.

Everything is invalidated by Chronicle's version and the hash of its own source code
(`CODE_KEY`), and the versions of markdown-it, PyYAML and Jinja; the page keys also
include the theme's files and the configuration. The cache is only an accelerator: delete
the folder at any time; a corrupt or unreadable cache is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import time
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import Any

from chronicle.atomic import write_atomic

CACHE_DIR = ".chronicle-cache"
FORMAT = 2
RACY_NS = 2_000_000_000  # a file modified within 2 s of being recorded is not trusted
SHARDS = 16
_MAGIC = b"chronicle-cache\n"


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def key_of(*parts: Any) -> str:
    return digest(repr(parts).encode("utf-8", "surrogatepass"))


def _library_stamp(name: str) -> bytes:
    """The library's `__init__.py` (which states its version), read without importing
    it: a build that finds nothing to render need not import Jinja and markdown-it."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    try:
        return Path(spec.origin).read_bytes() if spec and spec.origin else b""
    except OSError:
        return b""


def _code_key() -> str:
    import yaml

    from chronicle import __version__

    package = Path(__file__).resolve().parent.parent
    h = hashlib.blake2b(digest_size=16)
    h.update(
        f"{FORMAT} {__version__} {yaml.__version__} "
        f"{getattr(yaml, '__with_libyaml__', False)}".encode()
    )
    for library in ("markdown_it", "jinja2"):
        h.update(b"\0" + _library_stamp(library))
    for path in sorted(
        [
            *package.glob("site/*.py"),
            *package.glob("content/*.py"),
            package / "config.py",
        ]
    ):
        try:
            h.update(path.name.encode() + b"\0" + path.read_bytes())
        except OSError:
            pass
    return h.hexdigest()


_CODE: str | None = None


def code_key() -> str:
    global _CODE
    if _CODE is None:
        _CODE = _code_key()
    return _CODE


# The records a cache file may hold besides plain values.
def _records() -> dict[str, type]:
    from chronicle.content.actors import ActorFile
    from chronicle.content.entries import EntryFile
    from chronicle.content.places import PlaceFile
    from chronicle.content.records import ActorRecord, PlaceRecord

    classes = (EntryFile, PlaceFile, ActorFile, PlaceRecord, ActorRecord)
    return {c.__name__: c for c in classes}


_PLAIN = (str, int, float, bool, bytes, type(None))


def to_plain(value: Any) -> Any:
    """`value` as marshal-able plain values: tuples, dates, paths and records become
    tagged tuples ("t", ...), ("d", iso), ("D", iso), ("p", str), ("r", name, fields)."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if not isinstance(k, _PLAIN):
                raise TypeError(f"a key that is not plain: {k!r}")
            out[k] = to_plain(v)
        return out
    if isinstance(value, tuple):
        return ("t", [to_plain(v) for v in value])
    if isinstance(value, datetime):
        return ("D", value.isoformat())
    if isinstance(value, date):
        return ("d", value.isoformat())
    if isinstance(value, PurePath):
        return ("p", str(value))
    if is_dataclass(value) and type(value).__name__ in _records():
        return (
            "r",
            type(value).__name__,
            {f.name: to_plain(getattr(value, f.name)) for f in fields(value)},
        )
    raise TypeError(f"not a value the cache stores: {type(value).__name__}")


def from_plain(value: Any) -> Any:
    """The inverse of `to_plain`; raises on anything `to_plain` does not make."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, list):
        return [from_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: from_plain(v) for k, v in value.items()}
    if isinstance(value, tuple) and value and isinstance(value[0], str):
        tag = value[0]
        if tag == "t" and len(value) == 2 and isinstance(value[1], list):
            return tuple(from_plain(v) for v in value[1])
        if tag in ("d", "D", "p") and len(value) == 2 and isinstance(value[1], str):
            if tag == "d":
                return date.fromisoformat(value[1])
            return datetime.fromisoformat(value[1]) if tag == "D" else Path(value[1])
        if tag == "r" and len(value) == 3 and isinstance(value[2], dict):
            cls = _records()[value[1]]
            return cls(**{k: from_plain(v) for k, v in value[2].items()})
    raise TypeError(f"not a cached value: {type(value).__name__}")


def _read_plain(path: Path) -> Any:
    """What `_write_plain` stored at `path`, or None (missing, damaged, another format)."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
        if not raw.startswith(_MAGIC):
            return None
        return from_plain(marshal.loads(raw[len(_MAGIC) :]))
    except Exception:  # noqa: BLE001 - whatever is wrong with it, it is only a cache
        return None


def _write_plain(path: Path, value: Any) -> None:
    write_atomic(path, _MAGIC + marshal.dumps(to_plain(value)), durable=False)


def _is_known(path: object, value: object) -> bool:
    """A file index entry: (size, mtime, inode, hash, trusted)."""
    return (
        isinstance(path, str)
        and isinstance(value, tuple)
        and len(value) == 5
        and all(type(v) is int for v in value[:3])
        and isinstance(value[3], str)
        and isinstance(value[4], bool)
    )


def _is_parsed(value: object) -> bool:
    """A parsed file: (entry or place file, rendered Markdown, front matter key)."""
    from chronicle.content.actors import ActorFile
    from chronicle.content.entries import EntryFile
    from chronicle.content.places import PlaceFile

    return (
        isinstance(value, tuple)
        and len(value) == 3
        and isinstance(value[0], EntryFile | PlaceFile | ActorFile)
        and isinstance(value[1], str)
        and isinstance(value[2], str)
    )


def _storable(value: Any) -> bool:
    try:
        to_plain(value)
    except TypeError:
        return False
    return True


class BuildCache:
    """Parsed content files and file hashes, loaded lazily, saved when changed."""

    def __init__(self, root: Path | None) -> None:
        self.dir = root / CACHE_DIR if root is not None else None
        self.code = code_key()
        self._index: dict[str, tuple] | None = None  # path -> (size, mtime, ino, hash)
        self._shards: dict[int, dict] = {}
        self._dirty: set[int] = set()
        self._index_dirty = False
        self._used: set[str] = set()

    @property
    def enabled(self) -> bool:
        return self.dir is not None

    # ------------------------------------------------------------------ file hashes
    def _load_index(self) -> dict[str, tuple]:
        if self._index is None:
            data = _read_plain(self.dir / "files.bin") if self.dir else None
            ok = isinstance(data, dict) and data.get("code") == self.code
            files = data.get("files") if ok and isinstance(data, dict) else None
            self._index = (
                {k: v for k, v in files.items() if _is_known(k, v)}
                if isinstance(files, dict)
                else {}
            )
        return self._index

    def trusted_hash(self, path: Path) -> str | None:
        """The recorded hash of the file's bytes if its size, mtime and inode are as
        recorded and it had not been modified just before it was recorded."""
        known = self._load_index().get(str(path)) if self.dir else None
        if known is None or not known[4]:
            return None
        st = os.stat(path)
        return known[3] if known[:3] == (st.st_size, st.st_mtime_ns, st.st_ino) else None

    def record(self, path: Path, h: str) -> None:
        if self.dir is None:
            return
        index = self._load_index()
        st = os.stat(path)
        trusted = time.time_ns() - st.st_mtime_ns > RACY_NS
        entry = (st.st_size, st.st_mtime_ns, st.st_ino, h, trusted)
        if index.get(str(path)) != entry:
            index[str(path)] = entry
            self._index_dirty = True

    # ------------------------------------------------------------------ parsed files
    @staticmethod
    def _shard(h: str) -> int:
        return int(h[0], 16) % SHARDS

    def _load_shard(self, n: int) -> dict:
        if n not in self._shards:
            data = _read_plain(self.dir / f"parsed-{n:02d}.bin") if self.dir else None
            ok = isinstance(data, dict) and data.get("code") == self.code
            items = data.get("items") if ok and isinstance(data, dict) else None
            self._shards[n] = (
                {k: v for k, v in items.items() if isinstance(k, str) and _is_parsed(v)}
                if isinstance(items, dict)
                else {}
            )
        return self._shards[n]

    def get(self, path: Path, h: str) -> Any:
        if self.dir is None:
            return None
        key = f"{path}\0{h}"
        found = self._load_shard(self._shard(h)).get(key)
        if found is not None:
            self._used.add(key)
        return found

    def put(self, path: Path, h: str, value: Any) -> None:
        if self.dir is None:
            return
        key = f"{path}\0{h}"
        self._load_shard(self._shard(h))[key] = value
        self._dirty.add(self._shard(h))
        self._used.add(key)

    def known(self, path: str) -> tuple | None:
        """What was recorded of the file: (size, mtime, inode, hash, trusted) or None."""
        return self._load_index().get(path) if self.dir else None

    def save(self, prune: bool = True) -> None:
        """Write what changed; drop files no longer in the content (complete scans only:
        `prune=False` after a build that looked at a few files)."""
        if self.dir is None or getattr(self, "_released", False):
            return
        try:
            for n in range(SHARDS):
                shard = self._load_shard(n) if (n in self._shards or n in self._dirty) else None
                if shard is None:
                    continue
                stale = [k for k in shard if k not in self._used] if prune else []
                for k in stale:
                    del shard[k]
                if stale or n in self._dirty:
                    path = self.dir / f"parsed-{n:02d}.bin"
                    try:
                        _write_plain(path, {"code": self.code, "items": shard})
                    except TypeError:  # a value YAML made that the cache does not store
                        for key in [k for k, v in shard.items() if not _storable(v)]:
                            del shard[key]
                        _write_plain(path, {"code": self.code, "items": shard})
            if self._index_dirty:
                _write_plain(self.dir / "files.bin", {"code": self.code, "files": self._index})
        except OSError:
            pass  # a read-only folder: build without a cache
        self._dirty.clear()
        self._index_dirty = False

    def release(self) -> None:
        """Forget the parsed files held in memory (after `save`)."""
        self._shards.clear()
        self._used.clear()
        self._released = True
