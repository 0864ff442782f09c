"""`chronicle extract`: the machine interface other programs depend on."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from chronicle.cli import main

DATE_KEYS = {"start", "end", "text", "value", "type"}
PLACE_KEYS = {"start", "end", "text", "name", "lat", "lon", "country", "geonames", "use"}


def run_jsonl(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, docs: list[dict], tmp_path: Path
) -> list[dict]:
    monkeypatch.chdir(tmp_path)  # no chronicle.toml: no region, no place files
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(json.dumps(d) + "\n" for d in docs)))
    code = main(["extract", "--jsonl"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    return [json.loads(line) for line in lines]


def test_jsonl_shape_order_and_offsets(monkeypatch, capsys, tmp_path) -> None:
    docs = [
        {
            "id": "a",
            "text": "Iraqi forces entered Mosul on Friday, officials said.",
            "published": "2017-02-24",
        },
        {"id": "b", "text": "Nothing happened.", "published": None},
        {
            "id": "c",
            "text": "date 2017-07-08 Posted on by someone\n\nOn Saturday, troops "
            "liberated the Old City of Mosul.",
            "published": None,
        },
    ]
    out = run_jsonl(monkeypatch, capsys, docs, tmp_path)
    assert [o["id"] for o in out] == ["a", "b", "c"]
    for doc, result in zip(docs, out):
        assert set(result) == {"id", "published", "dates", "places"}
        for d in result["dates"]:
            assert set(d) == DATE_KEYS
            assert doc["text"][d["start"] : d["end"]] == d["text"]
            assert d["type"] in {"DATE", "TIME", "DURATION", "SET"}
        for p in result["places"]:
            assert set(p) == PLACE_KEYS
            assert doc["text"][p["start"] : p["end"]] == p["text"]
    assert out[0]["published"] == "2017-02-24"
    assert {"text": "on Friday", "value": "2017-02-24"}.items() <= next(
        d for d in out[0]["dates"] if "Friday" in d["text"]
    ).items()
    # the dateline gives the publication date; nothing is extracted from the furniture line
    assert out[2]["published"] == "2017-07-08"
    assert all(d["start"] >= 38 for d in out[2]["dates"])
    saturday = next(d for d in out[2]["dates"] if "Saturday" in d["text"])
    assert saturday["value"] == "2017-07-08"


def test_bad_input_line_still_gives_one_output_line(monkeypatch, capsys, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"id": "x", "text": "In May."}\nnot json\n'))
    code = main(["extract", "--jsonl"])
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 2
    assert code == 1 and "<stdin>:2" in captured.err


def test_single_file_as_table(monkeypatch, capsys, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "a.txt"
    article.write_text("Troops retook the town of Tal Afar on Thursday, the army said.\n")
    assert main(["extract", str(article), "--published", "2017-08-31", "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "2017-08-31" in out and "DATES" in out and "PLACES" in out


@pytest.mark.parametrize("command", ["init", "ingest", "extract", "build", "serve"])
def test_every_command_has_help(command: str, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    assert "usage: chronicle" in capsys.readouterr().out


def test_usage_error_is_one_line_naming_the_file(capsys, tmp_path) -> None:
    assert main(["--root", str(tmp_path), "ingest", str(tmp_path / "missing.txt")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "missing.txt" in err


def test_unresolvable_dates_are_left_out_not_null(monkeypatch, capsys, tmp_path) -> None:
    out = run_jsonl(
        monkeypatch,
        capsys,
        [{"id": "x", "text": "Troops moved on Thursday.", "published": None}],
        tmp_path,
    )
    assert all(isinstance(d["value"], str) for d in out[0]["dates"])
