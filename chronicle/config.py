"""`chronicle.toml`: the settings of one chronicle."""

from __future__ import annotations

import tomllib
import warnings
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path

from chronicle.errors import ChronicleError

CONFIG_NAME = "chronicle.toml"


@dataclass
class Config:
    title: str = "A Chronicle"
    description: str = ""
    base_url: str = ""  # "" = relative links; "https://x.org/war/" = absolute
    language: str = "en"
    theme: str = "default"  # a folder under themes/ or a path
    region: list[str] = field(default_factory=list)  # ISO 3166-1 alpha-2 codes
    period_start: date | None = None
    period_end: date | None = None
    day_first: bool = True  # "08.07.2017" is 8 July
    tiles: str = ""  # map tile URL, e.g. "https://tile.openstreetmap.org/{z}/{x}/{y}.png"; "" = offline outlines only
    tiles_attribution: str = (
        ""  # shown on the map when tiles are on, e.g. "© OpenStreetMap contributors"
    )
    keep_files: list[str] = field(default_factory=list)  # kept in the output folder
    root: Path = field(default_factory=Path.cwd)  # the chronicle's folder

    @property
    def content_dir(self) -> Path:
        return self.root / "content"


_KNOWN = {f.name for f in fields(Config)} - {"period_start", "period_end", "root"} | {"period"}


def _as_date(value: object, key: str, path: Path) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ChronicleError(f"{key} must be a date YYYY-MM-DD, not {value!r}", path) from None


def load_config(root: Path | str = ".") -> Config:
    """Read `chronicle.toml` in `root`; defaults when there is none."""
    root = Path(root).resolve()
    path = root / CONFIG_NAME
    if not path.exists():
        return Config(root=root)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise ChronicleError(f"not valid TOML: {exc}", path, line) from None
    except UnicodeDecodeError:
        raise ChronicleError("not UTF-8 text", path) from None
    for key in sorted(set(data) - _KNOWN):
        warnings.warn(f"{path}: unknown key {key!r} ignored", stacklevel=2)
    config = Config(root=root)
    for key in (
        "title",
        "description",
        "base_url",
        "language",
        "theme",
        "tiles",
        "tiles_attribution",
    ):
        if key in data:
            if not isinstance(data[key], str):
                raise ChronicleError(f"{key} must be a string", path)
            setattr(config, key, data[key])
    if "day_first" in data:
        config.day_first = bool(data["day_first"])
    region = data.get("region", [])
    if isinstance(region, str):
        region = [region]
    if not isinstance(region, list) or not all(isinstance(r, str) for r in region):
        raise ChronicleError("region must be a list of ISO country codes", path)
    config.region = [r.upper() for r in region]
    keep = data.get("keep_files", [])
    if not isinstance(keep, list) or not all(isinstance(k, str) and k for k in keep):
        raise ChronicleError("keep_files must be a list of names", path)
    config.keep_files = keep
    period = data.get("period", {})
    if not isinstance(period, dict):
        raise ChronicleError("period must be a table with start and end", path)
    config.period_start = _as_date(period.get("start"), "period.start", path)
    config.period_end = _as_date(period.get("end"), "period.end", path)
    return config


DEFAULT_TOML = """# Chronicle settings
title = "{title}"
description = ""
# Where the site will live, e.g. "https://example.org/mosul/". Empty: relative links,
# so the site works at any address and when opened from disk.
base_url = ""
language = "en"
theme = "default"
# ISO country codes where this chronicle's places are expected; they win ties between
# places of the same name elsewhere.
region = []
# Optional period the chronicle covers; `chronicle check` warns about events outside it.
# period = {{ start = "2016-10-01", end = "2017-07-31" }}
"""
