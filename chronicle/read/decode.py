"""Bytes of an article file -> text, whatever the encoding, or a clear error."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from chronicle.errors import ChronicleError

# Articles larger than this are refused: no news article is 50 MB of text, and reading one
# would stall an ingest of thousands.
MAX_ARTICLE_BYTES = 20 * 1024 * 1024


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    # Control characters other than tab/newline/carriage return/form feed are rare in text.
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) // 100 + 1


def decode_bytes(data: bytes, path: Path | str) -> str:
    """Text of a file: UTF-8 (with or without BOM), else the detected encoding.

    Line ends become "\\n" (CRLF and lone CR alike), so offsets are the same on every OS.
    """
    for bom, codec in _UTF16_BOMS:
        if data.startswith(bom):
            try:
                data = data[len(bom) :].decode(codec).encode("utf-8")
            except UnicodeDecodeError:
                raise ChronicleError(
                    f"starts with a {codec.upper()} byte order mark but is "
                    f"not {codec.upper()} text",
                    path,
                ) from None
            break
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        raise ChronicleError("empty article (no text)", path)
    if _looks_binary(data):
        raise ChronicleError("binary file, not an article", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ChronicleError("empty article (no text)", path)
    return text


_UTF16_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _decode_legacy(data: bytes, path: Path | str) -> str:
    """Text in a legacy 8-bit encoding, detected with charset-normalizer.

    On short Western texts charset-normalizer cannot tell cp1252 from its Central
    European and Mac cousins ("café" comes out as "cafť"). Windows-1252, the encoding
    browsers assume for unlabelled Western pages (and a superset of Latin-1's printable
    characters), is preferred whenever it reads the bytes at least as cleanly as the
    detected encoding; Cyrillic, Greek or Polish text read as cp1252 is a visible mess and
    loses that comparison.
    """
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    best = from_bytes(data).best()
    try:
        western: str | None = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if best is None:
        if western is None:
            raise ChronicleError("cannot tell the text encoding (not UTF-8)", path)
        return western
    detected = str(best)
    if (
        western is not None
        and western != detected
        and mess_ratio(western, 1.0) <= mess_ratio(detected, 1.0) + 0.02
    ):
        return western
    return detected


def read_text_file(path: Path) -> tuple[str, bytes]:
    """(text, raw bytes) of a file, with type, size and encoding checks.

    Only a regular file is read: a FIFO would block for ever and a device such as
    /dev/zero never ends. The file is opened without blocking and checked on the open
    descriptor (so it cannot be swapped between the check and the read), and never more
    than the size limit is read, whatever the file claims."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise ChronicleError(f"cannot read: {exc.strerror}", path) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ChronicleError(
                f"not a regular file ({_kind(info.st_mode)}): only files are read", path
            )
        if info.st_size > MAX_ARTICLE_BYTES:
            raise _too_large(path, f"{info.st_size // (1024 * 1024)} MB")
        with os.fdopen(fd, "rb") as handle:
            fd = -1  # closed with the handle
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except OSError as exc:
        raise ChronicleError(f"cannot read: {exc.strerror}", path) from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > MAX_ARTICLE_BYTES:  # it grew since, or its size was not its length
        raise _too_large(path, "more")
    return decode_bytes(data, path), data


def _too_large(path: Path, size: str) -> ChronicleError:
    limit = MAX_ARTICLE_BYTES // (1024 * 1024)
    return ChronicleError(f"file too large for an article ({size}; the limit is {limit} MB)", path)


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "a special file"
