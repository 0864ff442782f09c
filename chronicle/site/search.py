"""Full-text search: Chronicle's own incremental index, written as small static files.

The search page (`themes/default/static/search.js`) reads them with `fetch`: no server code,
no WebAssembly. A query fetches `meta.json`, the postings shard of each of its words and the
ranking blocks, then the document blocks of the page of results it shows. After an edit,
`SearchIndex.update` rewrites only the shards whose postings changed.

Files, under `search/data/` of the site (JSON, UTF-8, byte-identical for the same documents):

    meta.json      counts, per-kind document lengths, the list of shards, a generation hash
    t/<key>.json   {term: postings} for the terms whose first two characters are <key>;
                   postings: (doc id delta, term frequency) pairs, varint-coded (`encode_ints`)
    n/<b>.json     ranking data of doc ids b*4096 .. b*4096+4095: a kind letter and a length each
    d/<b>.json     documents b*64 .. b*64+63: [url, title, kind, date] or null

Why shards by the first two characters: a word's postings are one fetch, and while the reader
types, a prefix of two or more characters is answered from that same shard. Doc lengths are
kept apart from the postings (and scored in the browser, BM25 with per-kind average lengths),
so an edit that lengthens a report rewrites only the shards of the words it changed.

The index keeps its state (the id map and, per document, its terms) in `state_dir`, in
checksummed blocks of 64 documents; a state that is missing or fails its checksum makes
`update` raise `NeedsRebuild`, never guess; a published index that is not the one the state
describes (meta.json's generation) is written again whole from the state.
"""

from __future__ import annotations

import hashlib
import html
import html.parser
import json
import marshal
import math
import re
import unicodedata
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import Any

from chronicle.atomic import write_atomic

INDEX_DIR = "search/data"  # the index's folder in the site
KINDS = ("report", "place", "actor", "incident")
KIND_LETTERS = {"report": "r", "place": "p", "actor": "a", "incident": "i"}
DOC_BLOCK = 64  # documents per document block (and per state block)
NORM_BLOCK = 4096  # documents per ranking block
TITLE_WEIGHT = 3  # a word of the title counts as three words of the text
MAX_TERM = 40  # longer "words" (hashes, run-together URLs) are not indexed
BM25_K1, BM25_B = 1.2, 0.75
PREFIX_WEIGHT = 0.5  # a word that only starts with what was typed counts half
VERSION = 1


@dataclass(frozen=True)
class SearchDoc:
    """One searchable thing: a page, or an anchor inside one (an incident of the timeline)."""

    url: str  # site-relative, e.g. "entries/x.html" or "timeline/2017.html#ev-3"
    title: str
    kind: str  # one of KINDS
    date: str  # ISO date (or year-month, year), or ""
    text: str  # what a reader would search for: never editor's notes or file names


class NeedsRebuild(Exception):
    """`update` cannot apply the changes (no state, or a corrupt one): call `rebuild`."""


# --------------------------------------------------------------------------- tokenizer
# Mirrored exactly in search.js (`foldText`, `wordTerms`); tests/site/test_search.py runs
# both over the same sentences.

_APOSTROPHE_RE = re.compile("[\u2019\u2018\u02bc\u02bb\u02bf\u02be\u00b4\u2032\u02b9\uff07]")
_HYPHEN_RE = re.compile("[\u2010\u2011]")
_FOLDS = {
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "ħ": "h",
    "ı": "i",
    "ł": "l",
    "þ": "th",
}
_FOLD_RE = re.compile("[" + "".join(_FOLDS) + "]")
_THOUSANDS_RE = re.compile(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))")
WORD_RE = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
# Transliterated Arabic writes the article joined by a hyphen, assimilated to the next
# letter: al-Bab, ash-Sham, ar-Raqqa, ez-Zor. "al-Bab" is indexed as "bab".
ARTICLES = frozenset("al el ad adh an ar as ash at ath az ed en er es esh et ez ud ul".split())
# The commonest English words, and the article on its own ("Al Bab"): they would make the
# largest shards and rank nothing.
STOPWORDS = frozenset(
    "a al an and are as at be by el for from had has have he her his i in into is it its of "
    "on or she that the their them they this to was we were which with".split()
)


@cache
def _marks_re() -> re.Pattern[str]:
    """Every combining mark (Unicode category M), as a character class."""
    ranges: list[str] = []
    start = prev = -2
    for cp in [*range(0x30000), *range(0xE0100, 0xE01F0)]:
        if unicodedata.category(chr(cp))[0] != "M":
            continue
        if cp != prev + 1:
            if start >= 0:
                ranges.append(f"{chr(start)}-{chr(prev)}")
            start = cp
        prev = cp
    ranges.append(f"{chr(start)}-{chr(prev)}")
    return re.compile("[" + "".join(ranges) + "]")


def fold_text(text: str) -> str:
    """Lower case, no diacritics (Ḩalab -> halab), one apostrophe and one hyphen."""
    folded = text.lower()
    if not folded.isascii():
        folded = _APOSTROPHE_RE.sub("'", folded)
        folded = unicodedata.normalize("NFKD", folded)
        folded = _HYPHEN_RE.sub("-", folded)
        folded = _marks_re().sub("", folded)
        folded = _FOLD_RE.sub(lambda m: _FOLDS[m.group()], folded).lower()
    return _join_thousands(folded) if "," in folded else folded


def _join_thousands(text: str) -> str:
    """2,400 -> 2400: a comma between a figure and exactly three figures goes (the same as
    removing every match of _THOUSANDS_RE, which search.js does, in a fifth of the time)."""
    parts = text.split(",")
    out = [parts[0]]
    for part in parts[1:]:
        before = out[-1]
        if (
            before
            and before[-1] in _FIGURES
            and part[:3].isascii()
            and part[:3].isdigit()
            and len(part) >= 3
            and (len(part) == 3 or part[3] not in _FIGURES)
        ):
            out[-1] = before + part
        else:
            out.append(part)
    return ",".join(out)


_FIGURES = frozenset("0123456789")


def word_terms(word: str, query: bool = False) -> tuple[str, ...]:
    """The terms of one folded word. Indexing gives every form a reader may type
    ("assad's" -> assads, assad; "cease-fire" -> cease, fire, ceasefire); a query keeps
    one form per part, so that all its terms are found in a text that has the word."""
    parts = word.split("-")
    if len(parts) > 1:
        parts = [p for i, p in enumerate(parts) if i + 1 == len(parts) or p not in ARTICLES]
    out: list[str] = []
    for part in parts:
        forms: tuple[str, ...] = (part,)
        if "'" in part:
            joined = part.replace("'", "")
            if part.endswith("'s"):
                stem = part[:-2].replace("'", "")
                forms = (stem,) if query else (joined, stem)
            else:
                forms = (joined,)
        for form in forms:
            if form and form not in STOPWORDS and len(form) <= MAX_TERM and form not in out:
                out.append(form)
    if not query and len(parts) > 1:
        joined = "".join(parts).replace("'", "")
        if len(joined) <= MAX_TERM and joined not in out:
            out.append(joined)
    return tuple(out)


_token_cache: dict[str, tuple[str, ...]] = {}
# Characters that are never part of a word: ASCII ones become spaces, so that an ASCII text
# splits into tokens at C speed; Latin-1 and General Punctuation ones (quotes, dashes) first.
_ASCII_SPACES = {c: " " for c in range(128) if not re.match(r"[^\W_]|['-]", chr(c))}
_PUNCTUATION_RE = re.compile("[\u00a0-\u00bf\u00d7\u00f7\u2000-\u206f]")


def _tokens(text: str) -> list[str]:
    """Runs of characters that hold the words of `text` (see `_token_terms`)."""
    folded = fold_text(text)
    if not folded.isascii():
        folded = _PUNCTUATION_RE.sub(" ", folded)
    if folded.isascii():
        return folded.translate(_ASCII_SPACES).split()
    return WORD_RE.findall(folded)


def _token_terms(token: str) -> tuple[str, ...]:
    """The terms of the words the word pattern finds in `token`, as in the whole text."""
    found = _token_cache.get(token)
    if found is None:
        if len(_token_cache) > 500_000:
            _token_cache.clear()
        found = _token_cache[token] = tuple(
            t for word in WORD_RE.findall(token) for t in word_terms(word)
        )
    return found


def index_terms(text: str) -> list[str]:
    """Every term of `text`, in order, repeated as often as it occurs."""
    return [t for token in _tokens(text) for t in _token_terms(token)]


def query_terms(text: str) -> list[str]:
    """The distinct terms of a query, in order."""
    out: list[str] = []
    for word in WORD_RE.findall(fold_text(text)):
        out.extend(t for t in word_terms(word, query=True) if t not in out)
    return out


def shard_key(term: str) -> str:
    """The file name (without .json) of the shard that holds `term`."""
    key = term[:2]
    if re.fullmatch(r"[a-z0-9]+", key):
        return key
    return "_" + "_".join(f"{ord(c):x}" for c in key)


def doc_terms(doc: SearchDoc) -> dict[str, int]:
    """Term frequencies of a document: its text, and its title counted TITLE_WEIGHT times."""
    counts: dict[str, int] = {}
    get = counts.get
    known = _token_cache
    for text, weight in ((doc.text, 1), (doc.title, TITLE_WEIGHT)):
        for token, times in Counter(_tokens(text)).items():
            terms = known.get(token)
            if terms is None:
                terms = _token_terms(token)
            for term in terms:
                counts[term] = get(term, 0) + times * weight
    return counts


# --------------------------------------------------------------------------- encodings

_TERMINAL = "0123456789abcdefghijklmnopqrstuv"  # the last base-32 digit of a number
_CONTINUE = "ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz-_"  # the digits before it


def _encode_one(n: int) -> str:
    text = _TERMINAL[n & 31]
    n >>= 5
    while n:
        text = _CONTINUE[n & 31] + text
        n >>= 5
    return text


_ENCODED = [_encode_one(n) for n in range(1 << 15)]


def encode_ints(numbers: Iterable[int]) -> str:
    """Non-negative integers as base-32 digits, most significant first; the last digit of
    each number is a figure or a lower-case letter, the others are not (no separators)."""
    table = _ENCODED
    return "".join([table[n] if n < 32768 else _encode_one(n) for n in numbers])


_NUMBER_RE = re.compile(r"[A-Zw-z_-]*[0-9a-v]")
_DECODED = {text: n for n, text in enumerate(_ENCODED[:1024])}


def decode_ints(text: str) -> list[int]:
    """The inverse of `encode_ints`; ValueError on anything it did not write."""
    numbers = _NUMBER_RE.findall(text)
    if sum(map(len, numbers)) != len(text):
        raise ValueError("not a list of encoded numbers")
    table = _DECODED
    return [table[n] if n in table else _decode_one(n) for n in numbers]


def _decode_one(text: str) -> int:
    value = 0
    for char in text[:-1]:
        value = value * 32 + _CONTINUE.index(char)
    return value * 32 + _TERMINAL.index(text[-1])


def encode_postings(ids: list[int], freqs: list[int]) -> str:
    """A term's postings: increasing doc ids (as deltas) and frequencies, interleaved."""
    flat = [0] * (2 * len(ids))
    flat[0::2] = [b - a for a, b in zip([0, *ids[:-1]], ids, strict=True)]
    flat[1::2] = freqs
    return encode_ints(flat)


def decode_postings(text: str, slots: int) -> dict[int, int]:
    """{doc id: frequency}; ValueError unless the ids increase and stay below `slots`, and
    every frequency is at least 1."""
    numbers = decode_ints(text)
    if len(numbers) % 2:
        raise ValueError("postings have an odd count of numbers")
    out: dict[int, int] = {}
    doc = 0
    for i in range(0, len(numbers), 2):
        delta, freq = numbers[i], numbers[i + 1]
        if (i and delta < 1) or freq < 1:
            raise ValueError("postings out of order")
        doc += delta
        out[doc] = freq
    if out and doc >= slots:
        raise ValueError("posting beyond the last document")
    return out


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _hash(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


# --------------------------------------------------------------------------- published files

META_PATH = f"{INDEX_DIR}/meta.json"
_SHARD_PREFIX = f"{INDEX_DIR}/t/"


def _shard_path(key: str) -> str:
    return f"{_SHARD_PREFIX}{key}.json"


def _doc_path(block: int) -> str:
    return f"{INDEX_DIR}/d/{block}.json"


def _norm_path(block: int) -> str:
    return f"{INDEX_DIR}/n/{block}.json"


def _shard_keys(paths: Iterable[str]) -> set[str]:
    return {p[len(_SHARD_PREFIX) : -len(".json")] for p in paths if p.startswith(_SHARD_PREFIX)}


# A document as the state keeps it: [url, title, kind, date, length, {term: frequency}]
Entry = list
MAX_FREQ = 65535  # frequencies are capped (BM25 saturates long before)


def _doc_digest(doc: SearchDoc) -> str:
    """What `SearchIndex.changes` compares: every field of the document."""
    return _hash("\x1f".join((doc.title, doc.kind, doc.date, doc.text)).encode())[:16]


def _check(doc: SearchDoc) -> None:
    if doc.kind not in KIND_LETTERS:
        raise ValueError(f"search: unknown kind {doc.kind!r} for {doc.url} (one of {KINDS})")


def _entry(doc: SearchDoc) -> Entry:
    _check(doc)
    terms = doc_terms(doc)
    if terms and max(terms.values()) > MAX_FREQ:
        terms = {t: min(f, MAX_FREQ) for t, f in terms.items()}
    return [doc.url, doc.title, doc.kind, doc.date, sum(terms.values()), terms]


def _row(entry: Entry | None) -> list | None:
    """A document's row in the published document blocks."""
    return entry[:4] if entry else None


def _norm(entry: Entry | None) -> tuple[str, int]:
    """A document's kind letter and length in the published ranking blocks."""
    return (KIND_LETTERS[entry[2]], entry[4]) if entry else ("-", 0)


def _norm_file(pairs: list[tuple[str, int]]) -> bytes:
    kinds = "".join(k for k, _ in pairs)
    return _json({"kinds": kinds, "lengths": encode_ints(n for _, n in pairs)})


def _finish(
    files: dict[str, bytes], kinds: Mapping[str, list[int]], slots: int
) -> tuple[dict[str, bytes], dict[str, str]]:
    """`files` with meta.json added, and the digest of each other file (kept in the state:
    meta.json's generation is the digest of them all, so an update can tell whether the
    published index is the one its state describes)."""
    digests = {path: _hash(data)[:16] for path, data in files.items()}
    return {**files, META_PATH: _meta(digests, kinds, slots)}, digests


def _meta(digests: Mapping[str, str], kinds: Mapping[str, list[int]], slots: int) -> bytes:
    return _json(
        {
            "version": VERSION,
            "gen": _hash(_json(digests))[:16],
            "docs": sum(kinds.get(k, [0, 0])[0] for k in KINDS),
            "kinds": {k: kinds.get(k, [0, 0]) for k in KINDS},
            "slots": slots,
            "shards": sorted(_shard_keys(digests)),
            "docBlock": DOC_BLOCK,
            "normBlock": NORM_BLOCK,
            "k1": BM25_K1,
            "b": BM25_B,
            "prefixWeight": PREFIX_WEIGHT,
        }
    )


class _Publisher:
    """Every published file, from the documents added in increasing id order."""

    def __init__(self) -> None:
        # term -> doc id << 16 | frequency, one machine word per posting
        self.postings: defaultdict[str, array] = defaultdict(lambda: array("Q"))
        self.rows: dict[int, list[list | None]] = {}
        self.norms: dict[int, list[tuple[str, int]]] = {}
        self.kinds: dict[str, list[int]] = {}
        self.slots = 0

    def add(self, doc_id: int, entry: Entry) -> None:
        postings = self.postings
        packed = doc_id << 16
        for term, freq in entry[5].items():
            postings[term].append(packed | freq)
        block = self.rows.setdefault(doc_id // DOC_BLOCK, [None] * DOC_BLOCK)
        block[doc_id % DOC_BLOCK] = _row(entry)
        norms = self.norms.setdefault(doc_id // NORM_BLOCK, [("-", 0)] * NORM_BLOCK)
        norms[doc_id % NORM_BLOCK] = _norm(entry)
        count = self.kinds.setdefault(entry[2], [0, 0])
        count[0] += 1
        count[1] += entry[4]
        self.slots = doc_id + 1

    def files(self) -> tuple[dict[str, bytes], dict[str, str]]:
        shards: dict[str, dict[str, str]] = {}
        for term in sorted(self.postings):
            packed = self.postings[term]
            shards.setdefault(shard_key(term), {})[term] = encode_postings(
                [p >> 16 for p in packed], [p & 0xFFFF for p in packed]
            )
        files = {_shard_path(key): _json(terms) for key, terms in shards.items()}
        for block, rows in self.rows.items():
            files[_doc_path(block)] = _json(rows)
        for block, pairs in self.norms.items():
            files[_norm_path(block)] = _norm_file(pairs)
        return _finish(dict(sorted(files.items())), self.kinds, self.slots)


# --------------------------------------------------------------------------- state


class _Store:
    """The state's files, in a folder or (state_dir None) in memory. Each is a header line
    with the SHA-1 of the body, then the body: a marshal dump (fast; read back only after
    its checksum holds, so never from a damaged file)."""

    MAGIC = b"chronicle-search-state %d " % VERSION

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.memory: dict[str, bytes] = {}

    def read(self, name: str) -> tuple[object, str]:
        """(the value of `name`, its digest); NeedsRebuild when it is missing or damaged."""
        try:
            data = (self.folder / name).read_bytes() if self.folder else self.memory[name]
        except (OSError, KeyError) as exc:
            raise NeedsRebuild(f"search state {name} is missing") from exc
        head, _, body = data.partition(b"\n")
        digest = _hash(body)
        if head != self.MAGIC + digest.encode():
            raise NeedsRebuild(f"search state {name} is damaged or from another version")
        try:
            return marshal.loads(body), digest
        except (ValueError, EOFError, TypeError) as exc:
            raise NeedsRebuild(f"search state {name} does not load") from exc

    def write(self, name: str, value: Any) -> str:
        """Write `value`; the digest of what was written."""
        body = marshal.dumps(value, 4)
        digest = _hash(body)
        data = self.MAGIC + digest.encode() + b"\n" + body
        if self.folder is None:
            self.memory[name] = data
        else:
            write_atomic(self.folder / name, data, durable=False)
        return digest

    def delete(self, name: str) -> None:
        if self.folder is None:
            self.memory.pop(name, None)
        else:
            (self.folder / name).unlink(missing_ok=True)

    def names(self, folder: str) -> list[str]:
        if self.folder is None:
            return [n for n in self.memory if n.startswith(folder + "/")]
        path = self.folder / folder
        return [f"{folder}/{p.name}" for p in path.iterdir()] if path.is_dir() else []


def _block_name(block: int) -> str:
    return f"b/{block}"


def _assign_ids(ids: dict[str, int], new_urls: Iterable[str]) -> dict[str, int]:
    """Give each new url the smallest free id (ids of removed documents are reused)."""
    used = set(ids.values())
    free = 0
    for url in new_urls:
        while free in used:
            free += 1
        ids[url] = free
        used.add(free)
    return ids


@dataclass
class _Manifest:
    """What the state holds: the id of each url, the digest of each block of 64 documents
    and of each published file, per kind the count and total length of documents, and the
    digest of each document as it was given (for `SearchIndex.changes`)."""

    ids: dict[str, int]
    blocks: dict[int, str]
    files: dict[str, str]
    kinds: dict[str, list[int]]
    docs: dict[str, str]

    @classmethod
    def load(cls, store: _Store) -> _Manifest:
        value, _ = store.read("manifest")
        if not (isinstance(value, dict) and value.get("version") == VERSION):
            raise NeedsRebuild("search state manifest is from another version")
        try:
            manifest = cls(
                dict(value["ids"]),
                dict(value["blocks"]),
                dict(value["files"]),
                value["kinds"],
                dict(value["docs"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise NeedsRebuild("search state manifest has an unexpected shape") from exc
        return manifest

    def save(self, store: _Store) -> None:
        kinds = {k: v for k, v in sorted(self.kinds.items()) if v[0]}
        value = {"version": VERSION, "ids": self.ids, "blocks": self.blocks, "docs": self.docs}
        store.write("manifest", {**value, "files": self.files, "kinds": kinds})

    @property
    def slots(self) -> int:
        return max(self.ids.values()) + 1 if self.ids else 0


class SearchIndex:
    """The site's search index, rebuilt whole or updated document by document."""

    def __init__(self, state_dir: Path | None) -> None:
        self.store = _Store(state_dir)

    def ready(self) -> bool:
        """True when `update` can run (a rebuild was recorded and its state is intact)."""
        try:
            _Manifest.load(self.store)
            return True
        except NeedsRebuild:
            return False

    # ----------------------------------------------------------------------- rebuild

    def rebuild(self, docs: Iterable[SearchDoc]) -> dict[str, bytes]:
        """Index `docs` from scratch: every file of the index, by site-relative path. Ids
        of the urls the state already knows are kept."""
        by_url: dict[str, SearchDoc] = {}
        for doc in docs:
            if doc.url in by_url:
                raise ValueError(f"search: two documents have the url {doc.url}")
            _check(doc)  # before the state is touched
            by_url[doc.url] = doc
        try:
            known = _Manifest.load(self.store).ids
        except NeedsRebuild:
            known = {}
        ids = {url: i for url, i in known.items() if url in by_url}
        _assign_ids(ids, sorted(u for u in by_url if u not in ids))
        publisher = _Publisher()
        digests: dict[int, str] = {}
        order = sorted((i, url) for url, i in ids.items())
        for block, group in groupby(order, key=lambda pair: pair[0] // DOC_BLOCK):
            slots: list[Entry | None] = [None] * DOC_BLOCK
            for doc_id, url in group:
                entry = slots[doc_id % DOC_BLOCK] = _entry(by_url[url])
                publisher.add(doc_id, entry)
            digests[block] = self.store.write(_block_name(block), slots)
        for name in self.store.names("b"):
            if name not in {_block_name(b) for b in digests}:
                self.store.delete(name)
        files, published = publisher.files()
        documents = {url: _doc_digest(doc) for url, doc in by_url.items()}
        _Manifest(ids, digests, published, publisher.kinds, documents).save(self.store)
        return files

    # ----------------------------------------------------------------------- update

    def changes(self, docs: Iterable[SearchDoc]) -> dict[str, SearchDoc | None]:
        """The `changed` argument of `update` that makes the index hold exactly `docs`:
        each document that is new or differs from the one indexed under its url, and None
        for each indexed url not among them. Cheap (a digest per document, no tokenizing).
        NeedsRebuild when there is no state."""
        indexed = _Manifest.load(self.store).docs
        out: dict[str, SearchDoc | None] = {}
        seen: set[str] = set()
        for doc in docs:
            seen.add(doc.url)
            if indexed.get(doc.url) != _doc_digest(doc):
                out[doc.url] = doc
        out.update((url, None) for url in indexed if url not in seen)
        return out

    def indexed(self) -> set[str]:
        """The urls the index holds (empty when there is no usable state)."""
        try:
            return set(_Manifest.load(self.store).docs)
        except NeedsRebuild:
            return set()

    def differing(self, changed: Mapping[str, SearchDoc | None]) -> dict[str, SearchDoc | None]:
        """The part of `changed` that differs from what is indexed (a page rendered again
        often holds the same words). NeedsRebuild when there is no state."""
        indexed = _Manifest.load(self.store).docs
        return {
            url: doc
            for url, doc in changed.items()
            if (indexed.get(url) if doc is None else indexed.get(url) != _doc_digest(doc))
        }

    def update(
        self,
        changed: Mapping[str, SearchDoc | None],
        current: Callable[[str], bytes | None],
    ) -> tuple[dict[str, bytes], list[str]]:
        """Apply `changed` (url -> its new document, or None when it is gone) to the index
        published as `current(path)` (None for a missing file). Returns the files to write
        (only those whose bytes change) and the paths to delete. NeedsRebuild when the
        state is missing or damaged; a published index that does not match the state is
        written again whole from the state."""
        manifest = _Manifest.load(self.store)
        blocks = _Blocks(self.store, manifest)
        change = _Change.of(changed, manifest, blocks)
        published = _matches(current, manifest)
        documents = dict(manifest.docs)
        for url, doc in changed.items():
            if doc is None:
                documents.pop(url, None)
            else:
                documents[url] = _doc_digest(doc)
        if not change.touched and published:
            if documents != manifest.docs:  # new text, the same terms
                manifest.docs = documents
                manifest.save(self.store)
            return {}, []
        old = _Manifest(
            dict(manifest.ids),
            dict(manifest.blocks),
            dict(manifest.files),
            {k: list(v) for k, v in manifest.kinds.items()},
            manifest.docs,
        )
        manifest.docs = documents
        change.apply(manifest, blocks)
        files: dict[str, bytes] = {}
        gone: list[str] = []
        if published:
            try:
                files, gone = _patch(change, old, blocks, current)
            except (ValueError, KeyError, TypeError, AttributeError):
                published = False  # what is published is not what the state says
        if published:
            digests = dict(old.files)
            for path in gone:
                digests.pop(path, None)
            digests.update((path, _hash(data)[:16]) for path, data in files.items())
            manifest.files = dict(sorted(digests.items()))
            files[META_PATH] = _meta(manifest.files, manifest.kinds, manifest.slots)
        else:
            files, manifest.files = self._regenerated(manifest)
            gone = sorted(
                p
                for p in {*old.files, *_published_guess(current)}
                if p not in files and current(p) is not None
            )
        manifest.save(self.store)
        return {p: data for p, data in sorted(files.items()) if current(p) != data}, gone

    def _regenerated(self, manifest: _Manifest) -> tuple[dict[str, bytes], dict[str, str]]:
        """Every published file, from the state blocks alone."""
        publisher = _Publisher()
        blocks = _Blocks(self.store, manifest)
        for block in sorted(manifest.blocks):
            for offset, entry in enumerate(blocks.get(block)):
                if entry:
                    publisher.add(block * DOC_BLOCK + offset, entry)
        return publisher.files()


class _Blocks:
    """The state's blocks of 64 documents, read when first needed, checked against the
    manifest."""

    def __init__(self, store: _Store, manifest: _Manifest) -> None:
        self.store, self.manifest = store, manifest
        self.loaded: dict[int, list[Entry | None]] = {}
        self.dirty: set[int] = set()

    def get(self, block: int) -> list[Entry | None]:
        if block not in self.loaded:
            if block in self.manifest.blocks:
                slots, digest = self.store.read(_block_name(block))
                if digest != self.manifest.blocks[block]:
                    raise NeedsRebuild(f"search state block {block} is not the recorded one")
                if not (isinstance(slots, list) and len(slots) == DOC_BLOCK):
                    raise NeedsRebuild(f"search state block {block} has a wrong shape")
                self.loaded[block] = slots
            else:
                self.loaded[block] = [None] * DOC_BLOCK
        return self.loaded[block]

    def entry(self, doc_id: int) -> Entry | None:
        return self.get(doc_id // DOC_BLOCK)[doc_id % DOC_BLOCK]

    def set(self, doc_id: int, entry: Entry | None) -> None:
        self.get(doc_id // DOC_BLOCK)[doc_id % DOC_BLOCK] = entry
        self.dirty.add(doc_id // DOC_BLOCK)

    def save(self) -> dict[int, str | None]:
        """Write the changed blocks; their new digests (None: the block is gone)."""
        digests: dict[int, str | None] = {}
        for block in sorted(self.dirty):
            slots = self.loaded[block]
            if any(slots):
                digests[block] = self.store.write(_block_name(block), slots)
            else:
                self.store.delete(_block_name(block))
                digests[block] = None
        return digests


@dataclass
class _Change:
    """What an update does: per touched doc id, its entry before and after."""

    before: dict[int, Entry | None]
    after: dict[int, Entry | None]
    ids: dict[str, int]

    @property
    def touched(self) -> list[int]:
        return sorted(i for i in self.after if self.before[i] != self.after[i])

    @classmethod
    def of(
        cls, changed: Mapping[str, SearchDoc | None], manifest: _Manifest, blocks: _Blocks
    ) -> _Change:
        ids = dict(manifest.ids)
        before: dict[int, Entry | None] = {}
        for url in sorted(changed):
            doc = changed[url]
            if doc is not None and doc.url != url:
                raise ValueError(f"search: {url} is given the document of {doc.url}")
            if url in ids:
                entry = blocks.entry(ids[url])
                if entry is None or entry[0] != url:
                    raise NeedsRebuild(f"search state does not hold {url} where its id says")
                before[ids[url]] = entry
        for url, doc in changed.items():
            if doc is None:
                ids.pop(url, None)
        _assign_ids(ids, sorted(u for u, d in changed.items() if d is not None and u not in ids))
        after: dict[int, Entry | None] = dict.fromkeys(before)
        for url, doc in changed.items():
            if doc is not None:
                doc_id = ids[url]
                if doc_id not in before:
                    if blocks.entry(doc_id) is not None:
                        raise NeedsRebuild(f"search state: id {doc_id} is not free")
                    before[doc_id] = None
                after[doc_id] = _entry(doc)
        return cls(before, after, ids)

    def apply(self, manifest: _Manifest, blocks: _Blocks) -> None:
        """Record the change in the state (written by `blocks.save` and `manifest.save`)."""
        for doc_id in self.touched:
            old, new = self.before[doc_id], self.after[doc_id]
            if old is not None:
                manifest.kinds[old[2]][0] -= 1
                manifest.kinds[old[2]][1] -= old[4]
            if new is not None:
                count = manifest.kinds.setdefault(new[2], [0, 0])
                count[0] += 1
                count[1] += new[4]
            blocks.set(doc_id, new)
        manifest.ids = self.ids
        manifest.kinds = {k: v for k, v in sorted(manifest.kinds.items()) if v[0]}
        for block, digest in blocks.save().items():
            if digest is None:
                manifest.blocks.pop(block, None)
            else:
                manifest.blocks[block] = digest
        manifest.blocks = dict(sorted(manifest.blocks.items()))

    def postings(self) -> dict[str, dict[str, dict[int, tuple[int, int]]]]:
        """shard key -> term -> doc id -> (frequency before, after), where they differ."""
        out: dict[str, dict[str, dict[int, tuple[int, int]]]] = {}
        for doc_id in self.touched:
            old_entry, new_entry = self.before[doc_id], self.after[doc_id]
            old = old_entry[5] if old_entry else {}
            new = new_entry[5] if new_entry else {}
            for term in old.keys() | new.keys():
                was, now = old.get(term, 0), new.get(term, 0)
                if was != now:
                    out.setdefault(shard_key(term), {}).setdefault(term, {})[doc_id] = (was, now)
        return out


def _matches(current: Callable[[str], bytes | None], manifest: _Manifest) -> bool:
    """Whether the published index is the one the state describes (same generation)."""
    try:
        meta = json.loads(current(META_PATH) or b"null")
    except ValueError:
        return False
    return isinstance(meta, dict) and meta.get("gen") == _hash(_json(manifest.files))[:16]


def _published_guess(current: Callable[[str], bytes | None]) -> set[str]:
    """The shards a published meta.json lists (when it parses), to delete stale ones."""
    try:
        shards = json.loads(current(META_PATH) or b"null")["shards"]
        return {_shard_path(k) for k in shards if isinstance(k, str)}
    except (ValueError, TypeError, KeyError):
        return set()


def _patch(
    change: _Change,
    old: _Manifest,
    blocks: _Blocks,
    current: Callable[[str], bytes | None],
) -> tuple[dict[str, bytes], list[str]]:
    """The published files the change touches, patched: (files, paths to delete).
    ValueError when a file read does not hold what the state says it should."""
    files: dict[str, bytes] = {}
    gone: list[str] = []

    def read(path: str) -> Any:
        raw = current(path)
        if raw is None:
            if path in old.files:
                raise ValueError(f"{path} is missing")
            return None
        if _hash(raw)[:16] != old.files.get(path):
            raise ValueError(f"{path} is not the file the state describes")
        return json.loads(raw)

    for key, terms in sorted(change.postings().items()):
        path = _shard_path(key)
        shard = read(path) or {}
        if not isinstance(shard, dict):
            raise ValueError(f"{path} is not an object")
        for term, per_doc in terms.items():
            postings = decode_postings(shard.get(term, ""), old.slots)
            for doc_id, (was, now) in per_doc.items():
                if postings.get(doc_id, 0) != was:
                    raise ValueError(f"{path} does not hold {term} as the state says")
                if now:
                    postings[doc_id] = now
                else:
                    del postings[doc_id]
            if postings:
                ids = sorted(postings)
                shard[term] = encode_postings(ids, [postings[i] for i in ids])
            else:
                del shard[term]
        if shard:
            files[path] = _json(shard)
        elif path in old.files:
            gone.append(path)

    touched = change.touched
    for block in sorted({i // DOC_BLOCK for i in touched}):
        path = _doc_path(block)
        rows = read(path) or [None] * DOC_BLOCK
        if not (isinstance(rows, list) and len(rows) == DOC_BLOCK):
            raise ValueError(f"{path} has a wrong shape")
        for doc_id in touched:
            if doc_id // DOC_BLOCK == block and rows[doc_id % DOC_BLOCK] != _row(
                change.before[doc_id]
            ):
                raise ValueError(f"{path} does not hold document {doc_id}")
        slots = blocks.get(block)
        if any(slots):
            files[path] = _json([_row(e) for e in slots])
        elif path in old.files:
            gone.append(path)

    for block in sorted({i // NORM_BLOCK for i in touched}):
        path = _norm_path(block)
        norm = read(path) or {"kinds": "-" * NORM_BLOCK, "lengths": "0" * NORM_BLOCK}
        pairs = list(zip(norm["kinds"], decode_ints(norm["lengths"]), strict=True))
        if len(pairs) != NORM_BLOCK:
            raise ValueError(f"{path} has a wrong size")
        for doc_id in touched:
            if doc_id // NORM_BLOCK == block:
                if pairs[doc_id % NORM_BLOCK] != _norm(change.before[doc_id]):
                    raise ValueError(f"{path} does not hold document {doc_id}")
                pairs[doc_id % NORM_BLOCK] = _norm(change.after[doc_id])
        if any(kind != "-" for kind, _ in pairs):
            files[path] = _norm_file(pairs)
        elif path in old.files:
            gone.append(path)
    return files, sorted(gone)


# --------------------------------------------------------------------------- reference search
# The ranking search.js does, in Python: for tests and the benchmark.


@dataclass(frozen=True)
class Hit:
    url: str
    score: float


def search_files(
    read: Callable[[str], bytes | None], query: str, prefix: bool = False
) -> tuple[list[Hit], bool]:
    """Rank the documents of the index that `read(path)` serves for `query`: BM25 summed
    over the query's terms, a document needing all of them (else any of them: the bool
    says whether all were required). `prefix`: the last term is also matched as the start
    of longer words (weighted PREFIX_WEIGHT), as while the reader types."""
    meta = json.loads(read(META_PATH) or b"{}")
    terms = query_terms(query)
    if not meta or not terms:
        return [], True
    shards = set(meta["shards"])
    groups: list[dict[int, float]] = []
    norms: dict[int, tuple[str, int]] = {}
    letters = {v: k for k, v in KIND_LETTERS.items()}
    for block in range((meta["slots"] + NORM_BLOCK - 1) // NORM_BLOCK):
        raw = read(_norm_path(block))
        if raw is None:
            continue
        norm = json.loads(raw)
        for offset, (letter, length) in enumerate(
            zip(norm["kinds"], decode_ints(norm["lengths"]), strict=True)
        ):
            if letter != "-":
                norms[block * NORM_BLOCK + offset] = (letters[letter], length)
    average = {k: (total / count if count else 1.0) for k, (count, total) in meta["kinds"].items()}
    docs = meta["docs"]
    for position, term in enumerate(terms):
        key = shard_key(term)
        shard = json.loads(read(_shard_path(key)) or b"{}") if key in shards else {}
        matches = [(term, 1.0)] if term in shard else []
        if prefix and position == len(terms) - 1 and len(term) >= 2:
            matches += [
                (t, PREFIX_WEIGHT) for t in sorted(shard) if t.startswith(term) and t != term
            ]
        scores: dict[int, float] = {}
        for t, weight in matches:
            postings = decode_postings(shard[t], meta["slots"])
            idf = _idf(docs, len(postings))
            for doc_id, freq in postings.items():
                kind, length = norms[doc_id]
                score = weight * _bm25(idf, freq, length, average[kind])
                if score > scores.get(doc_id, 0.0):
                    scores[doc_id] = score
        groups.append(scores)
    every = set(groups[0]).intersection(*groups[1:])
    found = every or set().union(*groups)
    ranked = sorted(
        ((sum(g.get(doc_id, 0.0) for g in groups), doc_id) for doc_id in found),
        key=lambda s: (-s[0], s[1]),
    )
    urls: dict[int, str] = {}
    hits = []
    for score, doc_id in ranked:
        block = doc_id // DOC_BLOCK
        if doc_id not in urls:
            rows = json.loads(read(_doc_path(block)) or b"[]")
            for offset, row in enumerate(rows):
                if row:
                    urls[block * DOC_BLOCK + offset] = row[0]
        hits.append(Hit(urls[doc_id], score))
    return hits, bool(every) or len(groups) == 1


def _idf(docs: int, df: int) -> float:
    return math.log(1 + (docs - df + 0.5) / (df + 0.5))


def _bm25(idf: float, freq: int, length: int, average: float) -> float:
    return idf * freq * (BM25_K1 + 1) / (freq + BM25_K1 * (1 - BM25_B + BM25_B * length / average))


# --------------------------------------------------------------------------- page text


class _PageText(html.parser.HTMLParser):
    """The text of a page's searchable region: inside `data-search-body` (else <main>),
    outside `data-search-ignore`, or only the element with id `element_id`."""

    VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())

    # The byline (source file name) and the editor's notes of today's entry template, until
    # it marks them data-search-ignore.
    TRANSITIONAL_IGNORE = frozenset({"byline", "review"})

    def __init__(self, element_id: str | None, body_tag: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.element_id = element_id
        self.body_tag = body_tag  # when the page marks no region: this element's text
        self.stack: list[tuple[str, bool, bool]] = []  # tag, inside, ignored
        self.parts: list[str] = []
        self.title_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        inside, ignored = self.stack[-1][1:] if self.stack else (False, False)
        if self.element_id is not None:
            inside = inside or names.get("id") == self.element_id
        elif self.body_tag is not None:
            inside = inside or tag == self.body_tag
        else:
            inside = inside or "data-search-body" in names
        ignored = ignored or "data-search-ignore" in names
        if names.get("class") in self.TRANSITIONAL_IGNORE:
            ignored = True
        if tag in ("script", "style", "template", "noscript"):
            ignored = True
        if tag not in self.VOID:
            self.stack.append((tag, inside, ignored))
        if tag in ("p", "li", "h1", "h2", "h3", "h4", "div", "br", "td", "tr"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][1] and not self.stack[-1][2]:
            self.parts.append(data)
            if any(t == "h1" for t, _, _ in self.stack):
                self.title_parts.append(data)


def page_text(page: str, element_id: str | None = None) -> tuple[str, str]:
    """(the first <h1>'s text, the searchable text) of an HTML page, as search.js reads it
    for excerpts: the region marked `data-search-body` minus `data-search-ignore` parts."""
    parser = _PageText(element_id)
    parser.feed(page)
    parser.close()
    if element_id is None and not "".join(parser.parts).strip():
        parser = _PageText(None, body_tag="main")
        parser.feed(page)
        parser.close()
    text = " ".join("".join(parser.parts).split())
    return " ".join("".join(parser.title_parts).split()), text


_SCRIPT_RE = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.S | re.I)
_TAG_RE = re.compile(r"<[^>]*>")


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment Chronicle rendered itself (an entry's body from its
    Markdown): tags become spaces, entities characters. Fast; not for arbitrary pages."""
    text = _TAG_RE.sub(" ", _SCRIPT_RE.sub(" ", fragment))
    return " ".join(html.unescape(text).split())
