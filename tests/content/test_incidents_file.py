"""The editor's incidents file (`content/incidents.yml`): read, validated with the file and line
of each problem, and checked for names that no longer exist."""

from __future__ import annotations

from pathlib import Path

import pytest

from chronicle.content.incidents import (
    add_pair,
    incident_id,
    load_incident_decisions,
    stale_references,
)
from chronicle.errors import ChronicleError

FILE = """\
# Decisions about incidents
merge:
- [inc-aaa111, ev-bbb222]
split:
- ev-ccc333
- [ev-ddd444, ev-eee555]
- inc-fff666
hide:
- inc-ggg777
retitle:
  inc-aaa111: The   market strike
apart:
- [inc-aaa111, inc-hhh888]  # not one: asked once
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "incidents.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_file_is_read_with_every_decision(tmp_path):
    decisions = load_incident_decisions(write(tmp_path, FILE))
    assert [[r.name for r in g] for g in decisions.merges] == [["inc-aaa111", "ev-bbb222"]]
    assert [[r.name for r in g] for g in decisions.splits] == [
        ["ev-ccc333"],
        ["ev-ddd444", "ev-eee555"],
        ["inc-fff666"],
    ]
    assert [r.name for r in decisions.hides] == ["inc-ggg777"]
    assert [(r.name, t) for r, t in decisions.retitles] == [("inc-aaa111", "The market strike")]
    assert not decisions.warnings


def test_no_file_and_an_empty_file_decide_nothing(tmp_path):
    assert not load_incident_decisions(tmp_path / "incidents.yml")
    assert not load_incident_decisions(write(tmp_path, "# nothing yet\n"))
    assert not load_incident_decisions(write(tmp_path, "---\nmerge: []\n"))


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("merge:\n- [inc-aaa]\n", 2, "at least two"),
        ("merge:\n- [inc-aaa,\n   mosul]\n", 3, "not an incident id"),
        ("hide: inc-aaa\n", 1, "must be a list"),
        ("split:\n- ev-a\n- {x: 1}\n", 3, "an id or a list"),
        ("retitle:\n  inc-aaa: ''\n", 2, "one line of text"),
        ("retitle:\n- inc-aaa\n", 1, "mapping"),
        ("hide: [inc-a\n", None, "not valid YAML"),
        ("hide: [inc-a]\n---\nhide: [inc-b]\n", 2, "one YAML document"),
        ("- inc-a\n", 1, "must be a mapping"),
        ("apart:\n- [inc-a, inc-b, inc-c]\n", 2, "two different"),
        ("apart:\n- [inc-a, inc-a]\n", 2, "two different"),
        ("apart: inc-a\n", 1, "must be a list"),
    ],
)
def test_a_bad_file_is_one_error_naming_file_and_line(tmp_path, text, line, words):
    path = write(tmp_path, text)
    with pytest.raises(ChronicleError) as info:
        load_incident_decisions(path)
    assert info.value.path == str(path) and words in info.value.message
    if line is not None:
        assert info.value.line == line
    assert str(info.value).startswith(f"{path}:")


def test_an_unknown_key_is_a_warning_with_its_line(tmp_path):
    path = write(tmp_path, "hide: [inc-a]\nmerges:\n- [inc-a, inc-b]\n")
    decisions = load_incident_decisions(path)
    assert decisions.warnings == [
        f"{path}:2: unknown key 'merges' (known: merge, split, hide, retitle, apart)"
    ]


def test_names_that_no_longer_exist_are_reported_with_their_lines(tmp_path):
    path = write(tmp_path, FILE)
    decisions = load_incident_decisions(path)
    anchors = ["ev-aaa111", "ev-bbb222", "ev-ccc333", "ev-ddd444", "ev-fff666", "ev-ggg777"]
    anchors.append("ev-hhh888")
    stale = stale_references(decisions, anchors)
    assert [(e.line, e.message.split()[1:3]) for e in stale] == [(6, ["event", "ev-eee555"])]
    assert str(stale[0]).startswith(f"{path}:6: no event ev-eee555")
    # the report holding the founding event of inc-ggg777 was removed
    stale = stale_references(decisions, [a for a in anchors if a != "ev-ggg777"] + ["ev-eee555"])
    assert [(e.line, e.message.split()[2]) for e in stale] == [(9, "inc-ggg777")]
    stale = stale_references(decisions, [a for a in anchors if a != "ev-hhh888"] + ["ev-eee555"])
    assert [(e.line, e.message.split()[2]) for e in stale] == [(13, "inc-hhh888")]


def test_an_incident_id_is_its_founding_events_anchor():
    assert incident_id("ev-3f2a91c0de") == "inc-3f2a91c0de"


def test_a_decided_pair_is_added_keeping_the_editors_lines(tmp_path):
    path = write(tmp_path, FILE)
    add_pair(path, "merge", "inc-x1", "inc-y2")
    add_pair(path, "apart", "inc-p1", "inc-q2")
    text = path.read_text()
    assert text.startswith("# Decisions about incidents\nmerge:\n- [inc-aaa111, ev-bbb222]\n")
    assert "- [inc-aaa111, ev-bbb222]\n- [inc-x1, inc-y2]\nsplit:" in text
    assert "# not one: asked once\n- [inc-p1, inc-q2]\n" in text
    decisions = load_incident_decisions(path)
    assert [[r.name for r in g] for g in decisions.merges][-1] == ["inc-x1", "inc-y2"]
    assert [(a.name, b.name) for a, b in decisions.apart][-1] == ("inc-p1", "inc-q2")


def test_a_pair_is_added_to_a_missing_file_or_a_flow_list(tmp_path):
    path = tmp_path / "incidents.yml"
    add_pair(path, "apart", "inc-a", "inc-b")
    assert [(a.name, b.name) for a, b in load_incident_decisions(path).apart] == [
        ("inc-a", "inc-b")
    ]
    write(tmp_path, "hide: [inc-z]  # hidden\nmerge: []\n")
    add_pair(path, "merge", "inc-a", "inc-b")
    add_pair(path, "merge", "inc-c", "inc-d")
    assert path.read_text() == "hide: [inc-z]  # hidden\nmerge: [[inc-a, inc-b], [inc-c, inc-d]]\n"
    write(tmp_path, "hide: [inc-a\n")
    with pytest.raises(ChronicleError):  # a broken file is not written over
        add_pair(path, "merge", "inc-a", "inc-b")
    assert path.read_text() == "hide: [inc-a\n"
