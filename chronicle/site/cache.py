"""The persistent build cache (`.chronicle-cache/` in the chronicle's folder).

- Parsed content: each entry and place file, keyed by its path and the hash of its bytes,
  -> the validated file and its rendered Markdown. Sharded in 16 pickle files, so an edit
  rewrites one small file. A file's hash is trusted from its size, mtime and inode when
  those are unchanged and the file was not modified within 2 s of being recorded (the
  "racy git" rule); otherwise its bytes are read and hashed again.
- A manifest per output folder: every output path -> the key of the inputs its content
  depends on (see `render.page_plan`), plus a signature of every input file's stat, so a
  build with nothing changed stops after a scan of the folders.

Everything is invalidated by Chronicle's version and the hash of its own source code
(`CODE_KEY`), and the versions of markdown-it, PyYAML and Jinja; the page keys also
include the theme's files and the configuration. The cache is only an accelerator: delete
the folder at any time; a corrupt or unreadable cache is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from pathlib import Path
from typing import Any

from chronicle.atomic import write_atomic

CACHE_DIR = ".chronicle-cache"
FORMAT = 1
RACY_NS = 2_000_000_000
SHARDS = 16


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


def _read_pickle(path: Path) -> Any:
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # missing, truncated, from another version
        return None


class BuildCache:
    """Parsed content files and file hashes, loaded lazily, saved when changed."""

    def __init__(self, root: Path | None) -> None:
        self.dir = root / CACHE_DIR if root is not None else None
        self.code = code_key()
        self._index: dict[str, tuple] | None = None  # path -> (size, mtime, ino, hash)
        self._shards: dict[int, dict] = {}
        self._dirty: set[int] = set()
        self._index_dirty = False
        self._used: set[tuple[str, str]] = set()

    @property
    def enabled(self) -> bool:
        return self.dir is not None

    # ------------------------------------------------------------------ file hashes
    def _load_index(self) -> dict[str, tuple]:
        if self._index is None:
            data = _read_pickle(self.dir / "files.pickle") if self.dir else None
            ok = isinstance(data, dict) and data.get("code") == self.code
            self._index = data["files"] if ok else {}
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
            data = _read_pickle(self.dir / f"parsed-{n:02d}.pickle") if self.dir else None
            ok = isinstance(data, dict) and data.get("code") == self.code
            self._shards[n] = data["items"] if ok else {}
        return self._shards[n]

    def get(self, path: Path, h: str) -> Any:
        if self.dir is None:
            return None
        key = (str(path), h)
        found = self._load_shard(self._shard(h)).get(key)
        if found is not None:
            self._used.add(key)
        return found

    def put(self, path: Path, h: str, value: Any) -> None:
        if self.dir is None:
            return
        key = (str(path), h)
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
                    write_atomic(
                        self.dir / f"parsed-{n:02d}.pickle",
                        pickle.dumps(
                            {"code": self.code, "items": shard}, protocol=pickle.HIGHEST_PROTOCOL
                        ),
                        durable=False,
                    )
            if self._index_dirty:
                write_atomic(
                    self.dir / "files.pickle",
                    pickle.dumps(
                        {"code": self.code, "files": self._index}, protocol=pickle.HIGHEST_PROTOCOL
                    ),
                    durable=False,
                )
        except OSError:
            pass  # a read-only folder: build without a cache
        self._dirty.clear()
        self._index_dirty = False

    def release(self) -> None:
        """Forget the parsed files held in memory (after `save`)."""
        self._shards.clear()
        self._used.clear()
        self._released = True

    # ------------------------------------------------------------------ manifests
    def manifest_path(self, out_dir: Path) -> Path | None:
        if self.dir is None:
            return None
        return self.dir / f"manifest-{digest(str(out_dir.resolve()).encode())[:16]}.pickle"

    def read_manifest(self, out_dir: Path) -> dict | None:
        path = self.manifest_path(out_dir)
        data = _read_pickle(path) if path else None
        if not isinstance(data, dict) or data.get("code") != self.code:
            return None
        return data

    def write_manifest(self, out_dir: Path, manifest: dict) -> None:
        path = self.manifest_path(out_dir)
        if path is None:
            return
        try:
            write_atomic(
                path,
                pickle.dumps({**manifest, "code": self.code}, protocol=pickle.HIGHEST_PROTOCOL),
                durable=False,
            )
        except OSError:
            pass

    def drop_manifest(self, out_dir: Path) -> None:
        path = self.manifest_path(out_dir)
        if path is not None:
            try:
                path.unlink()
            except OSError:
                pass


def scan_signature(
    folders: list[Path], files: list[Path], stats: dict[str, tuple[int, int, int]] | None = None
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
    for path in files:
        try:
            st = os.stat(path)
            newest = max(newest, st.st_mtime_ns)
            h.update(
                f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\n".encode(
                    "utf-8", "surrogateescape"
                )
            )
        except OSError:
            h.update(f"{path}\0missing\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest(), newest
