"""chronicle.toml: one declared schema, every value checked for what it is (nothing a
reader's browser would run), every problem listed at once with its line, environment
overrides, and `chronicle init` writing a file that reads back whatever the folder's name."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.config import CONFIG_NAME, Config, load_config


def settings(root: Path, text: str) -> None:
    (root / CONFIG_NAME).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    "line, message",
    [
        ('day_first = "false"', "day_first must be true or false"),
        ("day_first = 0", "day_first must be true or false"),
        ("language = 'en\" onload=alert(1) x=\"'", "language must be a BCP 47 language tag"),
        ('language = "en_US"', "language must be a BCP 47 language tag"),
        ('base_url = "javascript:alert(1)//"', "base_url must be an http:// or https://"),
        ('base_url = "data:text/html,x"', "base_url must be an http:// or https://"),
        ('base_url = "https://x.org/\\" onmouseover=\\"x"', "base_url must not hold"),
        ('tiles = "javascript:alert(1)"', "tiles must be an http:// or https://"),
        ("title = 3", "title must be text"),
        ('title = ""', "title must not be empty"),
        ('region = "Iraq"', "region must be a list of two-letter ISO country codes"),
        ('keep_files = ["../etc"]', "keep_files must be a list of names"),
        ('period = { start = "2017-02-30" }', "period start must be a date"),
    ],
)
def test_a_bad_value_is_one_line_with_path_and_line_and_nothing_is_built(
    small_chronicle: Path, line: str, message: str, capsys: pytest.CaptureFixture
) -> None:
    settings(small_chronicle, f"{line}\n")
    assert main(["--root", str(small_chronicle), "build"]) == 2
    err = capsys.readouterr().err
    assert f"{CONFIG_NAME}:" in err and message in err, err
    assert not (small_chronicle / "site").exists()


def test_good_values_are_taken(tmp_path: Path) -> None:
    settings(
        tmp_path,
        'title = "T"\nlanguage = "pt-BR"\nbase_url = "https://example.org/war/"\n'
        'day_first = false\nregion = ["iq", "SY"]\nperiod = { start = 2016-10-01 }\n'
        'tiles = "https://{s}.tile.example.org/{z}/{x}/{y}.png"\nlanguage_note = 1\n',
    )
    with pytest.warns(UserWarning, match=r"chronicle\.toml:8: unknown key 'language_note'"):
        config = load_config(tmp_path)
    assert (config.language, config.day_first, config.region) == ("pt-BR", False, ["IQ", "SY"])
    assert config.base_url == "https://example.org/war/"
    assert str(config.period_start) == "2016-10-01" and config.period_end is None


def test_every_problem_is_listed_at_once_in_the_files_order(
    small_chronicle: Path, capsys: pytest.CaptureFixture
) -> None:
    settings(
        small_chronicle,
        'title = "T"\nday_first = "no"\nlanguage = "??"\nbase_url = "ftp://x.org/"\n',
    )
    assert main(["--root", str(small_chronicle), "check"]) == 2
    err = capsys.readouterr().err
    assert "3 problems" in err
    lines = [line.strip() for line in err.splitlines()[1:]]
    assert [line.split(":")[1] for line in lines] == ["2", "3", "4"], lines


def test_the_environment_overrides_what_the_schema_declares(
    small_chronicle: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("CHRONICLE_BASE_URL", "https://war.example.org/")
    assert main(["--root", str(small_chronicle), "build"]) == 0
    assert "https://war.example.org/" in (small_chronicle / "site" / "feed.xml").read_text()
    monkeypatch.setenv("CHRONICLE_BASE_URL", "javascript:alert(1)")
    assert main(["--root", str(small_chronicle), "build"]) == 2
    assert "environment variable CHRONICLE_BASE_URL must be" in capsys.readouterr().err
    monkeypatch.delenv("CHRONICLE_BASE_URL")
    monkeypatch.setenv("CHRONICLE_JOBS", "many")
    assert main(["--root", str(small_chronicle), "build"]) == 2
    assert "CHRONICLE_JOBS must be a whole number" in capsys.readouterr().err


def test_the_base_url_option_is_checked_too(
    small_chronicle: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["--root", str(small_chronicle), "build", "--base-url", "javascript:x"]) == 2
    assert "--base-url must be an http:// or https://" in capsys.readouterr().err
    assert not (small_chronicle / "site").exists()


def test_the_schema_declares_every_option_with_type_default_and_doc() -> None:
    from chronicle.config import SCHEMA

    fields = {f.name: f for f in dataclasses.fields(Config)}
    declared = {option.name: option for option in SCHEMA}
    for name, f in fields.items():
        if name in ("root", "period_start", "period_end"):
            continue
        option = declared[name]
        default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        assert option.default == default, name
    for option in SCHEMA:
        assert option.kind and option.doc.endswith(".") and "\n" not in option.doc
    assert {o.env for o in SCHEMA if o.env} >= {"CHRONICLE_JOBS", "CHRONICLE_SEARCH"}


@pytest.mark.parametrize("name", ["war\\data", "war\ndata", 'war "data"', "war\tdata", "ünï"])
def test_init_writes_valid_toml_whatever_the_folder_is_called(tmp_path: Path, name: str) -> None:
    folder = tmp_path / name
    assert main(["init", str(folder)]) == 0
    config = load_config(folder)  # reads back
    assert config.title.strip() and "\n" not in config.title
    assert config == dataclasses.replace(Config(root=folder.resolve()), title=config.title)
    assert main(["--root", str(folder), "check"]) == 0
