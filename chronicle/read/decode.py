"""Bytes of an article file -> text, whatever the encoding, or a clear error."""
from __future__ import annotations

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
    if not data.strip():
        raise ChronicleError("empty article (no text)", path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if _looks_binary(data):
        raise ChronicleError("binary file, not an article", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise ChronicleError("cannot tell the text encoding (not UTF-8)", path) from None
        text = str(best)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text_file(path: Path) -> tuple[str, bytes]:
    """(text, raw bytes) of a file, with size and encoding checks."""
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise ChronicleError(
                f"file too large for an article ({size // (1024 * 1024)} MB; "
                f"the limit is {MAX_ARTICLE_BYTES // (1024 * 1024)} MB)", path)
        data = path.read_bytes()
    except OSError as exc:
        raise ChronicleError(f"cannot read: {exc.strerror}", path) from None
    return decode_bytes(data, path), data
