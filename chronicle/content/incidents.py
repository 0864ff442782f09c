"""The editor's incidents file: `content/incidents.yml`, decisions about incidents.

Chronicle groups the events of its reports into incidents by itself (`chronicle.site.incidents`);
this file is where an editor overrides it. Ingest and build never write it, so it survives
every re-ingest and rebuild; the review (`chronicle decide`, the review page of `chronicle
serve`) adds a line to `merge` or `apart` when the editor decides a proposed merge, keeping
the rest of the file as it was. All five keys are optional; a missing file decides nothing.

```yaml
# content/incidents.yml
merge:                        # each item: these incidents are one
- [inc-3f2a91c0de, inc-77b0e1a2c4]
- [inc-3f2a91c0de, ev-0b1c2d3e4f]   # an event's incident can be named by the event
split:                        # each item leaves the incident it is in
- ev-0b1c2d3e4f               # this event is an incident of its own
- [ev-1a2b3c4d5e, ev-2b3c4d5e6f]    # these events are one incident, apart from the rest
- inc-9c8b7a6f5e              # this incident is broken up: one incident per event
hide:                         # these incidents are not shown (nor exported)
- inc-55aa66bb77
retitle:                      # the title shown instead of the one written from the facts
  inc-3f2a91c0de: Air strike on the market of Rastan
apart:                        # each item: these two incidents are not one
- [inc-3f2a91c0de, inc-0d9e8f7a6b]  # never merged by Chronicle, never proposed again
```

**Names.** An event is named by its anchor, `ev-…` (the `#ev-…` of its place on the timeline
and on its report's page). An incident is named by its id, `inc-…`: `inc-` followed by the
anchor of its founding event without `ev-` (the first event of its earliest report). So
`inc-X` always means "the incident that holds the event `ev-X`", however incidents are
regrouped later; a name is stale (`chronicle check` says so) only when that event no longer
exists.

**Order.** Splits apply to Chronicle's own grouping, then merges, then hide and retitle to the
result. A merge names incidents after the splits: `merge: [[ev-A, ev-B]]` brings together
whatever incidents then hold ev-A and ev-B. `apart: [[inc-A, inc-B]]` acts before all of them:
Chronicle's grouping never puts ev-A and ev-B in one incident, nor proposes it in the review
(a `merge` of this file still can).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from chronicle.content.frontmatter import load_yaml, node_line
from chronicle.errors import ChronicleError

INCIDENTS_FILE = "incidents.yml"  # in the content folder
INCIDENT_PREFIX = "inc-"
EVENT_PREFIX = "ev-"
DECISION_KEYS = ("merge", "split", "hide", "retitle", "apart")
_REF = re.compile(r"^(?:inc|ev)-[A-Za-z0-9_-]+$")
MAX_TITLE = 200


def incident_id(founding_anchor: str) -> str:
    """The id of the incident founded by the event with this anchor (`ev-X` -> `inc-X`)."""
    return INCIDENT_PREFIX + founding_anchor.removeprefix(EVENT_PREFIX)


@dataclass(frozen=True)
class Ref:
    """An incident id or event anchor as the file names it, and where (keys into the YAML)."""

    name: str
    where: tuple[str | int, ...]

    @property
    def is_incident(self) -> bool:
        return self.name.startswith(INCIDENT_PREFIX)


@dataclass
class IncidentDecisions:
    """The validated decisions of an incidents file (empty when there is no file)."""

    path: Path | None = None
    merges: list[list[Ref]] = field(default_factory=list)
    splits: list[list[Ref]] = field(default_factory=list)
    hides: list[Ref] = field(default_factory=list)
    retitles: list[tuple[Ref, str]] = field(default_factory=list)
    apart: list[tuple[Ref, Ref]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    text: str = ""  # the file's text, for the lines of messages

    def refs(self) -> Iterator[Ref]:
        for group in self.merges:
            yield from group
        for group in self.splits:
            yield from group
        yield from self.hides
        for ref, _ in self.retitles:
            yield ref
        for pair in self.apart:
            yield from pair

    def line(self, ref: Ref) -> int | None:
        """The file line that names `ref` (one more YAML parse: only for messages)."""
        return _line(self.text, *ref.where)

    def __bool__(self) -> bool:
        return bool(self.merges or self.splits or self.hides or self.retitles or self.apart)


def _yaml_text(text: str) -> str:
    """The file's YAML without a byte order mark, a leading `---` made a comment (so the
    line count stays the same)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return re.sub(r"\A---[ \t]*(?=\n|\Z)", "#", text)


def _line(text: str, *keys: str | int) -> int | None:
    """The file line of a value, found by `node_line` with the YAML put in front matter."""
    body = _yaml_text(text)
    body += "" if body.endswith("\n") or not body else "\n"
    line = node_line(f"---\n{body}---\n", *keys)
    return line - 1 if line is not None else None  # the `---` put in front is line 1


def _parse(text: str, path: Path) -> Any:
    body = _yaml_text(text)
    marker = re.search(r"^---[ \t]*$", body, re.M)
    if marker:
        line = body.count("\n", 0, marker.start()) + 1
        raise ChronicleError("one YAML document only: remove this '---' line", path, line)
    try:
        return load_yaml(body)
    except RecursionError:
        raise ChronicleError("nested too deeply", path, 1) from None
    except (ValueError, TypeError, OverflowError) as exc:
        raise ChronicleError(f"a value cannot be read: {exc}", path, None) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ChronicleError(
            f"not valid YAML: {problem}", path, mark.line + 1 if mark else None
        ) from None


def _ref(value: object, where: tuple[str | int, ...], text: str, path: Path) -> Ref:
    if not isinstance(value, str) or not _REF.match(value.strip()):
        raise ChronicleError(
            f"{value!r} is not an incident id (inc-…) or event anchor (ev-…)",
            path,
            _line(text, *where),
        )
    return Ref(value.strip(), where)


def _ref_list(value: object, where: tuple[str | int, ...], text: str, path: Path) -> list[Ref]:
    if isinstance(value, str):
        return [_ref(value, where, text, path)]
    if not isinstance(value, list) or not value:
        raise ChronicleError(
            "expected an id or a list of ids (inc-… or ev-…)", path, _line(text, *where)
        )
    return [_ref(item, (*where, n), text, path) for n, item in enumerate(value)]


def _items(meta: dict[str, Any], key: str, text: str, path: Path) -> list[Any]:
    value = meta.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ChronicleError(f"{key} must be a list", path, _line(text, key))
    return value


def parse_incident_decisions(text: str, path: Path) -> IncidentDecisions:
    """Validate the text of an incidents file; errors name the file and line."""
    meta = _parse(text, path)
    decisions = IncidentDecisions(path=path, text=text)
    if meta is None:
        return decisions
    if not isinstance(meta, dict):
        raise ChronicleError(f"must be a mapping with the keys {', '.join(DECISION_KEYS)}", path, 1)
    for key in meta:
        if key not in DECISION_KEYS:
            decisions.warnings.append(
                f"{path}:{_line(text, str(key))}: unknown key {key!r} "
                f"(known: {', '.join(DECISION_KEYS)})"
            )
    for n, group in enumerate(_items(meta, "merge", text, path)):
        refs = _ref_list(group, ("merge", n), text, path)
        if len({r.name for r in refs}) < 2:
            raise ChronicleError(
                "a merge names at least two incidents or events", path, _line(text, "merge", n)
            )
        decisions.merges.append(refs)
    for n, group in enumerate(_items(meta, "split", text, path)):
        decisions.splits.append(_ref_list(group, ("split", n), text, path))
    for n, item in enumerate(_items(meta, "hide", text, path)):
        decisions.hides.append(_ref(item, ("hide", n), text, path))
    for n, pair in enumerate(_items(meta, "apart", text, path)):
        refs = _ref_list(pair, ("apart", n), text, path)
        if len(refs) != 2 or refs[0].name == refs[1].name:
            raise ChronicleError(
                "apart names two different incidents or events: [inc-…, inc-…]",
                path,
                _line(text, "apart", n),
            )
        decisions.apart.append((refs[0], refs[1]))
    retitle = meta.get("retitle")
    if retitle is not None:
        if not isinstance(retitle, dict):
            raise ChronicleError(
                "retitle must be a mapping of incident id to title", path, _line(text, "retitle")
            )
        for name, title in retitle.items():
            ref = _ref(name, ("retitle", str(name)), text, path)
            if not isinstance(title, str) or not title.strip() or "\n" in title.strip():
                raise ChronicleError(
                    f"the title of {name} must be one line of text",
                    path,
                    _line(text, "retitle", str(name)),
                )
            if len(title.strip()) > MAX_TITLE:
                raise ChronicleError(
                    f"the title of {name} is longer than {MAX_TITLE} characters",
                    path,
                    _line(text, "retitle", str(name)),
                )
            decisions.retitles.append((ref, " ".join(title.split())))
    return decisions


def load_incident_decisions(path: Path) -> IncidentDecisions:
    """The decisions of `path` (`content/incidents.yml`); none when the file does not exist."""
    if not path.exists():
        return IncidentDecisions()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ChronicleError("not UTF-8 text", path) from None
    except OSError as exc:
        raise ChronicleError(f"cannot be read: {exc.strerror or exc}", path) from None
    return parse_incident_decisions(text, path)


def stale_references(decisions: IncidentDecisions, anchors: Iterable[str]) -> list[ChronicleError]:
    """What the file names that no longer exists: each incident id whose founding event and
    each event anchor that no event of the chronicle has (`anchors`: every event's anchor)."""
    events = set(anchors)
    incidents = {incident_id(a) for a in events}
    out = []
    for ref in decisions.refs():
        known = incidents if ref.is_incident else events
        if ref.name not in known:
            what = "incident" if ref.is_incident else "event"
            out.append(
                ChronicleError(
                    f"no {what} {ref.name} any more (its report was removed or its event "
                    "changed): update or remove this line",
                    decisions.path,
                    decisions.line(ref),
                )
            )
    return out


# --------------------------------------------------------------------------- writing

_TOP_KEY = re.compile(r"^(?P<key>[A-Za-z_]+)[ \t]*:(?P<rest>.*)$")
_HEADER = '# The editor\'s decisions about incidents (see the README, "incidents.yml").\n'


def add_pair(path: Path, key: str, first: str, second: str) -> None:
    """Add `[first, second]` to the list `key` ("merge" or "apart") of the incidents file
    `path` (made when missing), changing no other line: the editor's comments and other
    keys stay as they were. The new text is validated before it is written."""
    from chronicle.atomic import write_atomic

    if key not in ("merge", "apart"):
        raise ValueError(key)
    for name in (first, second):
        if not _REF.match(name):
            raise ChronicleError(f"{name!r} is not an incident id (inc-…) or event anchor (ev-…)")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = _HEADER
    parse_incident_decisions(text, path)  # a broken file is the editor's to fix first
    new = _with_pair(text, key, f"[{first}, {second}]", path)
    parse_incident_decisions(new, path)
    write_atomic(path, new)


def _with_pair(text: str, key: str, item: str, path: Path) -> str:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    at = next(
        (n for n, line in enumerate(lines) if (m := _TOP_KEY.match(line)) and m["key"] == key),
        None,
    )
    if at is None:
        return "".join(lines) + f"{key}:\n- {item}\n"
    rest = _TOP_KEY.match(lines[at])["rest"]  # type: ignore[index]
    value = rest.split(" #", 1)[0].strip()
    if value and not value.startswith("#"):
        # flow style on one line (`merge: []`, `apart: [[inc-a, inc-b]]`): the list rewritten
        try:
            items = yaml.safe_load(value)
        except yaml.YAMLError:
            items = None
        if not isinstance(items, list):
            raise ChronicleError(
                f"{key} is not a list this command can add to: add {item} by hand", path, at + 1
            )
        shown = ", ".join(yaml.safe_dump(i, default_flow_style=True).strip() for i in items)
        lines[at] = f"{key}: [{shown + ', ' if shown else ''}{item}]\n"
        return "".join(lines)
    # block style: after the key's last item (its indented or dashed lines)
    end = at + 1
    indent = ""
    for n in range(at + 1, len(lines)):
        line = lines[n]
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if line[0] in " \t-":
            if end == at + 1:
                indent = line[: len(line) - len(line.lstrip())]
            end = n + 1
            continue
        break
    lines.insert(end, f"{indent}- {item}\n")
    return "".join(lines)
