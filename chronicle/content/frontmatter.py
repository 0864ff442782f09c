"""Front matter: the YAML block at the top of entry and place files, read and written.

Written in block style with wide lines, so a person can read and edit it; read with the
safe loader (libyaml's where PyYAML has it), dates that do not exist left as strings for
validation to report with their line.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from chronicle.errors import ChronicleError


class _Dumper(yaml.SafeDumper):
    """Block style for mappings, flow style for short lists of ids, wide lines."""


# Characters YAML reads as line breaks or cannot write plainly: such strings are written
# double-quoted, where they are escaped, so they read back exactly.
_NEEDS_QUOTES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style: str | None
    if _NEEDS_QUOTES.search(value):
        style = '"'
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump_yaml(data: dict[str, Any]) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100000,
        default_flow_style=None,
    )


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (the C one where PyYAML has it: entries are read on every build),
    where a date that does not exist ("2017-02-30") stays a string for validation to
    report with its key and line, instead of a bare ValueError from deep inside PyYAML."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _loader() -> type:
    return _Loader


_STR, _INT, _NULL, _BOOL, _TIMESTAMP, _SEQ, _MAP = (
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "null", "bool", "timestamp", "seq", "map")
)
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")


class _Unusual(Exception):
    """A node the short constructor leaves to PyYAML's."""


def _construct(node: yaml.Node, seen: set[int]) -> Any:
    """What the safe loader (with `_timestamp`) makes of `node`, for the kinds of node
    front matter holds: strings, plain integers, null, booleans, dates, lists, mappings
    with string keys. Anything else raises _Unusual (and so does a container met twice,
    an alias, which PyYAML shares)."""
    tag = node.tag
    if type(node) is yaml.ScalarNode:
        value = node.value
        if tag == _STR:
            return value
        if tag == _INT and _PLAIN_INT.match(value):
            return int(value)
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return yaml.constructor.SafeConstructor.bool_values[value.lower()]
        if tag == _TIMESTAMP:
            day = _DAY.match(value)
            if day:
                try:
                    return date(int(day[1]), int(day[2]), int(day[3]))
                except ValueError:
                    return value  # as `_timestamp`: left for validation
        raise _Unusual
    if id(node) in seen:
        raise _Unusual
    seen.add(id(node))
    if type(node) is yaml.SequenceNode and tag == _SEQ:
        return [_construct(item, seen) for item in node.value]
    if type(node) is yaml.MappingNode and tag == _MAP:
        out = {}
        for key, item in node.value:
            if type(key) is not yaml.ScalarNode or key.tag != _STR:
                raise _Unusual  # merge keys, non-string keys
            out[key.value] = _construct(item, seen)
        return out
    raise _Unusual


# Values an alias may stand for, counted as the document would be if written out: enough
# for any real front matter, far short of a "billion laughs" (a few hundred bytes of
# nested aliases that expand to hundreds of millions of values and hang whatever prints,
# hashes or walks them).
MAX_EXPANDED = 100_000


class AliasBomb(ValueError):
    """YAML aliases that expand to too much, or refer to themselves."""


def _check_expansion(root: yaml.Node) -> None:
    """Raise AliasBomb if the document's aliases expand it beyond MAX_EXPANDED values or
    make it contain itself. Each node is sized once (aliases share nodes)."""
    size: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            children = _children(node)
            size[key] = 1 + sum(size[id(c)] for c in children)
            if size[key] > MAX_EXPANDED:
                raise AliasBomb(f"its aliases (*name) expand to more than {MAX_EXPANDED:,} values")
            continue
        if key in size:
            continue
        if key in open_nodes:
            raise AliasBomb("an alias (*name) refers to the value that holds it")
        open_nodes.add(key)
        stack.append((node, True))
        stack += [(c, False) for c in _children(node) if id(c) not in size]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [item for pair in node.value for item in pair]
    return []


def load_yaml(text: str) -> Any:
    """`yaml.load(text, Loader=_loader())`, the same values, in about half the time: libyaml
    composes the nodes, and the common ones are made into values here instead of by
    PyYAML's constructor (which does it in pure Python, generators and all; it was a
    quarter of a cold build's time at 10,000 entries). Unusual documents go to PyYAML."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _construct(node, set())
        except _Unusual:
            _check_expansion(node)
            return loader.construct_document(node)
    finally:
        loader.dispose()


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    """(front matter, body, line number of the body's first line) of a Markdown file."""
    if text.startswith("\ufeff"):
        text = text[1:]
    match = re.match(r"---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|$)", text, re.S)
    if not match:
        raise ChronicleError("no front matter (the file must start with a line '---')", path, 1)
    try:
        meta = load_yaml(match.group(1) or "") or {}
    except RecursionError:
        raise ChronicleError("front matter is nested too deeply", path, 2) from None
    except AliasBomb as exc:
        raise ChronicleError(f"front matter refused: {exc}", path, 2) from None
    except (ValueError, TypeError, OverflowError) as exc:  # a value PyYAML cannot build
        raise ChronicleError(
            f"front matter has a value that cannot be read: {exc}", path, 2
        ) from None
    except yaml.YAMLError as exc:
        # The construct that is broken (context) is where to look; else where parsing stopped.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ChronicleError(
            f"front matter is not valid YAML: {problem}", path, mark.line + 2 if mark else None
        ) from None
    if not isinstance(meta, dict):
        raise ChronicleError("front matter must be a mapping of keys to values", path, 2)
    body_line = text.count("\n", 0, match.end()) + 1
    return meta, text[match.end() :], body_line


def compose(meta: dict[str, Any], body: str) -> str:
    # One kind of line end: files are read back with universal newlines.
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    return f"---\n{dump_yaml(meta)}---\n" + (f"\n{body}\n" if body else "")


def line_of(text: str, key: str) -> int | None:
    match = re.search(rf"^{re.escape(key)}\s*:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else None


def node_line(text: str, *keys: str | int) -> int | None:
    """The file line of a value in the front matter of `text`: `node_line(text, "events",
    2, "date")` is the line of the third event's date. Composes the YAML again, so it is
    only for messages; None where the value is not there."""
    if text.startswith("\ufeff"):
        text = text[1:]
    match = re.match(r"---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|$)", text, re.S)
    if not match:
        return None
    try:
        node = yaml.compose(match.group(1) or "", Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return None
    mark = None
    for key in keys:
        if isinstance(node, yaml.MappingNode) and isinstance(key, str):
            pair = next(((k, v) for k, v in node.value if getattr(k, "value", None) == key), None)
            node, mark = (pair[1], pair[0].start_mark) if pair else (None, None)
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(key, int)
            and 0 <= key < len(node.value)
        ):
            node = node.value[key]
            mark = node.start_mark
        else:
            return None
        if node is None:
            return None
    mark = mark or (node.start_mark if node is not None else None)
    return mark.line + 2 if mark is not None else None
