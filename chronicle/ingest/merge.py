"""Field-level re-ingest: keep what the editor changed, update everything else.

An entry records what ingest wrote last (`ingested`, see `content.entries.ingest_record`).
On a re-ingest, each field whose value is still what ingest wrote takes the new value; a
field the editor changed is kept, and what was kept is shown as a short word-level diff:

- title, publication date, source, body: field by field;
- places: the editor's additions and removals are replayed on the new list;
- events: event by event. An event still as ingest wrote it is replaced by what ingest
  says now; one the editor changed is kept (and supersedes ingest's new version of the
  same sentence); one the editor added is kept; one the editor deleted stays deleted;
- review: items the editor removed (decided) are not raised again; the editor's own notes
  stay; the rest is ingest's new list.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from chronicle.content.entries import (
    CHECKSUM_KEY,
    RECORD_FIELDS,
    RECORD_KEY,
    event_identity,
    event_mark,
    field_value,
    review_key,
    value_hash,
)


@dataclass
class Merged:
    meta: dict[str, Any]
    body: str
    kept: list[str] = field(default_factory=list)  # what of the editor's was kept, in words
    diffs: list[str] = field(default_factory=list)  # word-level: ingest's words -> yours


def merge_entry(
    current: dict[str, Any], current_body: str, machine: dict[str, Any], machine_body: str
) -> Merged | None:
    """The entry with the editor's changes to `current` kept over ingest's new `machine`
    version; None when `current` records nothing of what ingest wrote (an entry from an
    older Chronicle, or written by hand): it is then kept whole."""
    record = current.get(RECORD_KEY)
    if not isinstance(record, dict) or not all(k in record for k in RECORD_FIELDS):
        return None
    meta = dict(machine)
    body = machine_body
    out = Merged(meta, body)
    for name in RECORD_FIELDS:
        mine = field_value(current, current_body, name)
        if value_hash(mine) == record.get(name):
            continue
        theirs = field_value(machine, machine_body, name)
        out.kept.append(name)
        if name == "body":
            out.body = current_body.strip("\n")
        elif name == "published":
            meta["published"] = current.get("published")
            meta["published_from"] = current.get("published_from")
        else:
            meta[name] = current.get(name)
        if mine != theirs:
            out.diffs.append(f"{name}: {_describe(theirs, mine)}")
    meta["places"] = _merge_places(current, machine, record, out)
    meta["events"] = _merge_events(current, machine, record, out)
    meta["review"] = _merge_review(current, machine, record, out)
    for key, value in current.items():  # the editor's own keys
        if key not in meta and key not in (RECORD_KEY, CHECKSUM_KEY):
            meta[key] = value
    return out


def _merge_places(
    current: dict[str, Any], machine: dict[str, Any], record: dict[str, Any], out: Merged
) -> list[str]:
    before = [str(p) for p in record.get("places") or []]
    mine = (
        [str(p) for p in current.get("places") or []]
        if isinstance(current.get("places"), list)
        else []
    )
    added = [p for p in mine if p not in before]
    removed = {p for p in before if p not in mine}
    new = [str(p) for p in machine.get("places") or []]
    merged = [p for p in new if p not in removed] + [p for p in added if p not in new]
    if added or removed:
        words = [f"+{p}" for p in added] + [f"-{p}" for p in sorted(removed)]
        out.kept.append("places " + " ".join(words))
    return merged


def _merge_events(
    current: dict[str, Any], machine: dict[str, Any], record: dict[str, Any], out: Merged
) -> list[Any]:
    marks = [str(m) for m in record.get("events") or []]
    written = set(marks)
    identities = {m[:8] for m in marks}
    mine = [e for e in current.get("events") or [] if isinstance(e, dict)]
    mine_marks = {event_mark(e) for e in mine}
    edited: dict[str, dict[str, Any]] = {}  # identity -> the editor's version
    added: list[dict[str, Any]] = []
    for event in mine:
        if event_mark(event) in written:
            continue  # as ingest wrote it: ingest's new version stands
        identity = event_identity(event)
        if identity in identities:
            edited.setdefault(identity, event)
        else:
            added.append(event)
    # events ingest wrote that are gone, and not edited: deleted by the editor
    deleted = {
        m[:8]
        for m in marks
        if m not in mine_marks
        and m[:8] not in edited
        and m[:8] not in {event_identity(e) for e in mine}
    }
    merged: list[Any] = []
    used: set[str] = set()
    for event in machine.get("events") or []:
        identity = event_identity(event)
        if identity in deleted:
            continue
        if identity in edited:
            if identity not in used:
                used.add(identity)
                mine_version = edited[identity]
                merged.append(mine_version)
                if mine_version != event:
                    out.diffs.append(f"event {_short(event)}: {_describe(event, mine_version)}")
            continue
        merged.append(event)
    # edited events whose sentence ingest no longer tells, and the editor's own: kept,
    # each after the event it followed in the editor's file
    for event in [e for i, e in edited.items() if i not in used] + added:
        merged.insert(_position(event, mine, merged), event)
    counts = [
        (len(added), "added"),
        (len(edited), "changed"),
        (len(deleted), "deleted"),
    ]
    for count, what in counts:
        if count:
            out.kept.append(f"{count} event{'s' if count != 1 else ''} you {what}")
    return merged


def _position(event: dict[str, Any], mine: list[dict[str, Any]], merged: list[Any]) -> int:
    """Where `event` goes in `merged`: after the event it followed in the editor's list."""
    at = next(i for i, e in enumerate(mine) if e is event)
    for before in reversed(mine[:at]):
        for n, placed in enumerate(merged):
            if placed is before or (
                isinstance(placed, dict) and event_identity(placed) == event_identity(before)
            ):
                return n + 1
    return 0


def _merge_review(
    current: dict[str, Any], machine: dict[str, Any], record: dict[str, Any], out: Merged
) -> list[Any]:
    written = {str(k) for k in record.get("review") or []}
    mine = current.get("review") or []
    mine = mine if isinstance(mine, list) else []
    mine_keys = {review_key(item) for item in mine}
    decided = written - mine_keys  # items the editor removed
    if decided:
        out.kept.append(f"{len(decided)} review item{'s' if len(decided) != 1 else ''} you decided")
    merged = [item for item in machine.get("review") or [] if review_key(item) not in decided]
    merged_keys = {review_key(item) for item in merged}
    merged += [
        item
        for item in mine
        if review_key(item) not in written and review_key(item) not in merged_keys
    ]
    return merged


# --------------------------------------------------------------------------- word diff

_WORD = re.compile(r"\S+")


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items() if v not in (None, "", []))
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value if v is not None)
    return "" if value is None else str(value)


def _short(event: dict[str, Any]) -> str:
    words = str(event.get("sentence") or "").split()
    return "“" + " ".join(words[:6]) + ("…" if len(words) > 6 else "") + "”"


def _describe(theirs: Any, mine: Any) -> str:
    return word_diff(_text(theirs), _text(mine))


def word_diff(old: str, new: str, context: int = 3, hunks: int = 3) -> str:
    """A short word-level diff: `[-old words-]{+new words+}` with a few words of context
    around each change, at most `hunks` changes (a one-word change in a long paragraph
    shows that word, never the paragraph twice)."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    parts: list[str] = []
    shown = 0
    opcodes = matcher.get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = a[i1:i2]
            first, last = n == 0, n == len(opcodes) - 1
            if (
                len(words) <= 2 * context
                or (first and len(words) <= context)
                or (last and len(words) <= context)
            ):
                parts.append(" ".join(words))
                continue
            head = [] if first else words[:context]
            tail = [] if last else words[-context:]
            parts.append(" ".join([*head, "…", *tail]).strip())
            continue
        if shown == hunks:
            parts.append("…")
            break
        shown += 1
        change = ""
        if i2 > i1:
            change += "[-" + " ".join(a[i1:i2]) + "-]"
        if j2 > j1:
            change += "{+" + " ".join(b[j1:j2]) + "+}"
        parts.append(change)
    return " ".join(p for p in parts if p)
