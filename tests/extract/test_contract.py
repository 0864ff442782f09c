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
EVENT_KEYS = {
    "start",
    "end",
    "sentence",
    "date",
    "places",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "fatalities",
    "civilian_fatalities",
    "child_fatalities",
    "injured",
    "main",
    "background",
}


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
        assert set(result) == {"id", "published", "dates", "places", "events"}
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


def test_jsonl_events_shape(monkeypatch, capsys, tmp_path) -> None:
    text = (
        "Air strikes kill 12 in Syrian town. Syrian government air strikes killed at least "
        "12 civilians, including three children, in the town of Saraqeb on Monday, a monitor "
        "said. The Syrian war has killed more than 300,000 people since it began in March 2011."
    )
    out = run_jsonl(
        monkeypatch, capsys, [{"id": "e", "text": text, "published": "2017-02-21"}], tmp_path
    )
    events = out[0]["events"]
    assert events and [e["start"] for e in events] == sorted(e["start"] for e in events)
    for e in events:
        assert set(e) == EVENT_KEYS
        assert " ".join(text[e["start"] : e["end"]].split()) == e["sentence"]
        assert all(0 <= i < len(out[0]["places"]) for i in e["places"])
        for key in ("actor1", "actor2"):
            assert e[key] is None or set(e[key]) == {"id", "name"}
        for key in ("fatalities", "civilian_fatalities", "child_fatalities", "injured"):
            assert e[key] is None or (isinstance(e[key], int) and e[key] >= 0)
        assert isinstance(e["main"], bool) and isinstance(e["background"], bool)
    assert sum(e["main"] for e in events) == 1
    main = next(e for e in events if e["main"])
    assert main["event_type"] == "Explosions/Remote violence"
    assert main["sub_event_type"] == "Air/drone strike"
    assert main["actor1"] == {"id": "syrian-arab-army", "name": "Syrian Arab Army"}
    assert (main["fatalities"], main["civilian_fatalities"], main["child_fatalities"]) == (
        12,
        12,
        3,
    )
    assert main["date"] == "2017-02-20"
    history = events[-1]
    assert history["background"] and not history["main"]
    saraqeb = [out[0]["places"][i]["text"] for i in events[1]["places"]]
    assert "Saraqeb" in saraqeb


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
    article.write_text("Iraqi troops retook the town of Tal Afar on Thursday, the army said.\n")
    assert main(["extract", str(article), "--published", "2017-08-31", "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "2017-08-31" in out and "DATES" in out and "PLACES" in out and "EVENTS" in out
    assert "Government regains territory" in out


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
