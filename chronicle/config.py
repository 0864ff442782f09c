"""`chronicle.toml`: the settings of one chronicle, declared once.

`SCHEMA` lists every option with its type, default, a one-line doc and the function that
checks and converts a value (raising `Invalid`); some are also (or only) read from the
environment (`Option.env`), which wins over the file. `load_config` reads the file and the
environment and checks every value against the schema, collecting every problem (with
its line in the file) into one error, so a chronicle's author fixes them in one go.
Values that reach a page are checked for what they are: addresses are http(s) or empty
(never `javascript:`), the language a BCP 47 tag, booleans booleans, titles text.

`chronicle init` writes a `chronicle.toml` made from the same schema (`default_toml`),
every string escaped as TOML requires.
"""

from __future__ import annotations

import os
import re
import tomllib
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from chronicle.errors import ChronicleError
from chronicle.urls import web_address_problem

CONFIG_NAME = "chronicle.toml"


@dataclass
class Config:
    """A chronicle's settings from `chronicle.toml` (see `SCHEMA` for each)."""

    title: str = "A Chronicle"
    description: str = ""
    base_url: str = ""
    language: str = "en"
    theme: str = "default"
    region: list[str] = field(default_factory=list)
    period_start: date | None = None
    period_end: date | None = None
    day_first: bool = True
    tiles: str = ""
    tiles_attribution: str = ""
    keep_files: list[str] = field(default_factory=list)
    plugins: list[str] = field(default_factory=list)
    root: Path = field(default_factory=Path.cwd)  # the chronicle's folder

    @property
    def content_dir(self) -> Path:
        return self.root / "content"


class Invalid(ValueError):
    """A value an option does not accept; the message says what it must be."""


# --------------------------------------------------------------------------- value checks

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def text(value: object) -> str:
    """Text: a string without control characters (a line break or a tab is fine)."""
    if not isinstance(value, str):
        raise Invalid(f"must be text in quotes, not {value!r}")
    if _CONTROL.search(value):
        raise Invalid("must not hold control characters")
    return value


def title_text(value: object) -> str:
    value = text(value)
    if not value.strip():
        raise Invalid("must not be empty")
    if "\n" in value:
        raise Invalid("must be one line")
    return value.strip()


def web_address(value: object) -> str:
    """An http(s) address with a host, or empty: never `javascript:`, `data:` or a path
    a reader's browser would take for something else."""
    value = text(value).strip()
    problem = web_address_problem(value) if value else None
    if problem:
        raise Invalid(problem)
    return value


# BCP 47 (RFC 5646) well-formed tags: language[-extlang][-script][-region][-variant]*
# [-extension]*[-privateuse], or a private-use tag alone; grandfathered tags are not
# accepted (none is a language a chronicle would be written in).
_BCP47 = re.compile(
    r"""^(?:
        (?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})   # language, extended language
        (?:-[a-z]{4})?                                # script
        (?:-(?:[a-z]{2}|[0-9]{3}))?                   # region
        (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*      # variants
        (?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*          # extensions
        (?:-x(?:-[a-z0-9]{1,8})+)?                    # private use
      | x(?:-[a-z0-9]{1,8})+
    )$""",
    re.X | re.I,
)


def language_tag(value: object) -> str:
    value = text(value).strip()
    if not _BCP47.match(value):
        raise Invalid(f"must be a BCP 47 language tag such as en, fr or pt-BR, not {value!r}")
    return value


def boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"must be true or false (without quotes), not {value!r}")
    return value


def country_codes(value: object) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(
        isinstance(c, str) and re.fullmatch(r"[A-Za-z]{2}", c) for c in value
    ):
        raise Invalid(
            f"must be a list of two-letter ISO country codes, such as ['IQ', 'SY'], not {value!r}"
        )
    return [c.upper() for c in value]


def a_date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise Invalid(f"must be a date YYYY-MM-DD, not {value!r}")


def period_table(value: object) -> tuple[date | None, date | None]:
    if not isinstance(value, dict):
        raise Invalid(
            "must be a table with start and end, such as { start = 2016-10-01, end = 2017-07-31 }"
        )
    unknown = sorted(set(value) - {"start", "end"})
    if unknown:
        raise Invalid(f"has unknown keys {', '.join(unknown)} (it takes start and end)")
    problems, ends = [], []
    for key in ("start", "end"):
        try:
            ends.append(a_date(value.get(key)))
        except Invalid as exc:
            problems.append(f"{key} {exc}")
            ends.append(None)
    if problems:
        raise Invalid("; ".join(problems))
    start, end = ends
    if start and end and end < start:
        raise Invalid(f"ends ({end}) before it starts ({start})")
    return start, end


def file_names(value: object) -> list[str]:
    if not isinstance(value, list) or not all(
        isinstance(n, str) and n not in ("", ".", "..") and not re.search(r"[/\\\x00-\x1f]", n)
        for n in value
    ):
        raise Invalid(f"must be a list of names of files or folders (no paths), not {value!r}")
    return list(value)


def module_names(value: object) -> list[str]:
    if not isinstance(value, list) or not all(
        isinstance(n, str) and re.fullmatch(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*", n) for n in value
    ):
        raise Invalid(f"must be a list of Python module names, not {value!r}")
    return list(value)


def jobs_count(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise Invalid(f"must be a whole number of processes, 1 or more, not {value!r}")
    return value


def flag(value: object) -> bool:
    """An environment switch: set and not "0" or empty means on."""
    return str(value).strip() not in ("", "0")


# --------------------------------------------------------------------------- the schema


@dataclass(frozen=True)
class Option:
    name: str  # the key in chronicle.toml (and the Config field)
    kind: str  # the type, in words, for the documentation
    default: Any
    doc: str
    convert: Callable[[Any], Any]  # checks a value; raises Invalid
    env: str | None = None  # an environment variable that wins over the file
    in_file: bool = True  # False: environment only, never in chronicle.toml
    example: str | None = None  # written commented out by `chronicle init`


SCHEMA: tuple[Option, ...] = (
    Option(
        "title", "text", "A Chronicle", "The chronicle's title, on every page and feed.", title_text
    ),
    Option("description", "text", "", "One sentence on the home page and in the feed.", text),
    Option(
        "base_url",
        "http(s) address or empty",
        "",
        "Where the site will live, e.g. https://example.org/mosul/; empty: relative links, "
        "so the site works at any address and opened from disk.",
        web_address,
        env="CHRONICLE_BASE_URL",
    ),
    Option(
        "language",
        "BCP 47 tag",
        "en",
        "The language of the chronicle's pages and dates.",
        language_tag,
    ),
    Option("theme", "text", "default", "A folder in themes/, or a path.", title_text),
    Option(
        "region",
        "list of ISO 3166-1 alpha-2 codes",
        [],
        "Countries where this chronicle's places are expected; they win ties between places "
        "of the same name elsewhere.",
        country_codes,
    ),
    Option(
        "period",
        "table of two dates",
        None,
        "The period the chronicle covers; `chronicle check` warns about events outside it.",
        period_table,
        example='{ start = "2016-10-01", end = "2017-07-31" }',
    ),
    Option(
        "day_first", "boolean", True, 'Read "08.07.2017" as 8 July (false: as August 7).', boolean
    ),
    Option(
        "tiles",
        "http(s) address or empty",
        "",
        "An online map tile layer (off by default: no request leaves the site).",
        web_address,
        example='"https://tile.openstreetmap.org/{z}/{x}/{y}.png"',
    ),
    Option(
        "tiles_attribution",
        "text",
        "",
        "Shown on the map when tiles are on.",
        text,
        example='"© OpenStreetMap contributors"',
    ),
    Option(
        "keep_files",
        "list of names",
        [],
        "Files and folders at the top of the output folder that every build keeps, "
        "besides .git, CNAME and .nojekyll.",
        file_names,
    ),
    Option(
        "plugins",
        "list of module names",
        [],
        "Python modules (in the chronicle's folder or installed) that extend ingest and "
        "the build; see docs/plugins.md.",
        module_names,
    ),
    Option(
        "jobs",
        "whole number",
        None,
        "Processes for build and ingest; empty: one per core.",
        jobs_count,
        env="CHRONICLE_JOBS",
        in_file=False,
    ),
    Option(
        "search",
        "switch",
        True,
        "Write the site's search index (0: build without search, e.g. while drafting).",
        flag,
        env="CHRONICLE_SEARCH",
        in_file=False,
    ),
    Option(
        "timing",
        "switch",
        False,
        "Print the time of each build phase.",
        flag,
        env="CHRONICLE_TIMING",
        in_file=False,
    ),
)
OPTIONS = {option.name: option for option in SCHEMA}


class ConfigError(ChronicleError):
    """Every problem of a chronicle.toml (and the environment), one per line."""

    def __init__(self, problems: list[str], path: Path) -> None:
        if len(problems) == 1:
            message = problems[0]
        else:
            message = f"{len(problems)} problems in the settings:\n  " + "\n  ".join(problems)
        super().__init__(message)
        self.problems = problems
        self.config_path = path


def check_value(name: str, value: object) -> Any:
    """`value` checked and converted as option `name` takes it; raises Invalid."""
    return OPTIONS[name].convert(value)


def _key_line(text: str, key: str) -> int | None:
    match = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*=", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else None


def load_config(root: Path | str = ".") -> Config:
    """Read `chronicle.toml` in `root` (defaults when there is none) and the environment;
    raise a ConfigError listing every problem."""
    root = Path(root).resolve()
    path = root / CONFIG_NAME
    data: dict[str, Any] = {}
    raw = ""
    if path.exists():
        try:
            raw = path.read_text(encoding="utf-8")
            data = tomllib.loads(raw)
        except tomllib.TOMLDecodeError as exc:
            line = getattr(exc, "lineno", None)
            raise ChronicleError(f"not valid TOML: {exc}", path, line) from None
        except UnicodeDecodeError:
            raise ChronicleError("not UTF-8 text", path) from None
    for key in data:
        if key not in OPTIONS or not OPTIONS[key].in_file:
            line = _key_line(raw, key)
            where = f"{path}:{line}" if line else str(path)
            warnings.warn(f"{where}: unknown key {key!r} ignored", stacklevel=2)
    config = Config(root=root)
    problems: list[tuple[float, str]] = []  # (line, problem): listed in the file's order
    for option in SCHEMA:
        if not option.in_file:
            continue
        line = None
        from_env = option.env is not None and option.env in os.environ
        if from_env:
            value, where = os.environ[option.env or ""], f"environment variable {option.env}"
        elif option.name in data:
            value = data[option.name]
            line = _key_line(raw, option.name)
            where = f"{path}:{line}: {option.name}" if line else f"{path}: {option.name}"
        else:
            continue
        try:
            converted = option.convert(value)
        except Invalid as exc:
            problems.append((line or float("inf"), f"{where} {exc}"))
            continue
        if option.name == "period":
            config.period_start, config.period_end = converted
        else:
            setattr(config, option.name, converted)
    for option in SCHEMA:
        if not option.in_file and option.env and option.env in os.environ:
            try:
                option.convert(os.environ[option.env])
            except Invalid as exc:
                problems.append((float("inf"), f"environment variable {option.env} {exc}"))
    if problems:
        raise ConfigError([problem for _, problem in sorted(problems)], path)
    return config


def setting(name: str) -> Any:
    """An environment-only option (`jobs`, `search`, `timing`), checked: its value, or
    its default when the variable is not set."""
    option = OPTIONS[name]
    if option.env is None or option.env not in os.environ:
        return option.default
    try:
        return option.convert(os.environ[option.env])
    except Invalid as exc:
        raise ChronicleError(f"environment variable {option.env} {exc}") from None


# --------------------------------------------------------------------------- writing


def toml_string(value: str) -> str:
    """`value` as a TOML basic string: quotes, backslashes and control characters escaped
    (a folder named `war\\data` or holding a line break stays one valid string)."""
    out = ['"']
    for char in value:
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char in "\b\t\n\f\r":
            out.append({"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(value)


def default_toml(title: str) -> str:
    """The chronicle.toml `chronicle init` writes: every option of the file with its doc
    and default (optional ones commented out), `title` escaped."""
    lines = ["# Chronicle settings: every option, with its default."]
    for option in SCHEMA:
        if not option.in_file:
            continue
        lines.append(f"# {option.doc} ({option.kind})")
        if option.example is not None:
            lines.append(f"# {option.name} = {option.example}")
        elif option.name == "title":
            lines.append(f"title = {toml_string(title_text_or_default(title))}")
        else:
            lines.append(f"{option.name} = {_toml_value(option.default)}")
    lines.append("# From the environment (it wins over this file):")
    lines += [f"#   {o.env}: {o.doc}" for o in SCHEMA if o.env]
    return "\n".join(lines) + "\n"


def title_text_or_default(title: str) -> str:
    """A folder name as a title: control characters (a line break) become spaces."""
    cleaned = " ".join(_CONTROL.sub(" ", title).split())
    return cleaned or OPTIONS["title"].default


def search_on() -> bool:
    """Whether builds write the search index: $CHRONICLE_SEARCH (on unless 0), and off
    when the old $CHRONICLE_PAGEFIND is set empty (how earlier versions turned it off)."""
    return bool(setting("search")) and os.environ.get("CHRONICLE_PAGEFIND") != ""
