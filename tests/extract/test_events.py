"""Events: which dated mentions stand on the timeline, and with which places."""

from __future__ import annotations

from chronicle.content.records import PlaceRecord
from chronicle.extract.events import build_events, timeline_value
from chronicle.extract.types import DateMention, PlaceMention


def test_only_calendar_values_become_event_dates() -> None:
    assert timeline_value("199") == "199X"  # a decade, as the entry format writes it
    assert timeline_value("2017-02-24TMO") == "2017-02-24"  # a time of day: its day
    assert timeline_value("2017-W05") == "2017-W05"
    for value in ("PRESENT_REF", "2017-SU", "2017-Q1", "P3M", "XXXX-WXX-5", None):
        assert timeline_value(value) is None


def test_one_event_per_dated_sentence_with_that_sentence_s_places() -> None:
    text = (
        "Troops entered Mosul on Friday. Friday's raid was the deadliest. "
        "The siege lasted three months."
    )
    friday = text.index("on Friday")
    raid = text.index("Friday's")
    dates = [
        DateMention(friday, friday + 9, "on Friday", "2017-02-24"),
        DateMention(raid, raid + 8, "Friday's", "2017-02-24"),
        DateMention(
            text.index("three"), text.index("three") + 12, "three months", "P3M", type="DURATION"
        ),
    ]
    mosul = PlaceRecord(id="mosul", name="Mosul", kind="city")
    start = text.index("Mosul")
    places = [
        PlaceMention(start, start + 5, "Mosul", "Mosul", place=mosul),
        PlaceMention(0, 6, "Troops", "Troops", place=None, use="in-name"),
    ]
    events = build_events(text, dates, places)
    assert [(e.date, e.mention, e.places) for e in events] == [
        ("2017-02-24", "on Friday", ["mosul"]),
        ("2017-02-24", "Friday's", []),
    ]
    assert events[0].sentence == "Troops entered Mosul on Friday."
