"""Property-based tests (hypothesis): on any text, the date tagger, the geoparser and the
front-matter loader raise nothing unexpected, give offsets inside the text and well-formed
values; slugs and output paths are always safe; entries survive a write/read round trip."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from chronicle.atomic import write_atomic
from chronicle.content import entries, records
from chronicle.content import places as place_files
from chronicle.content.frontmatter import split_front_matter
from chronicle.content.records import PLACE_KINDS, id_problem
from chronicle.errors import ChronicleError
from chronicle.extract.dates import tag_dates
from chronicle.extract.places import Geoparser
from chronicle.extract.types import PLACE_USES
from chronicle.site.write import safe_join

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Fragments that exercise the rules, mixed with arbitrary text.
IMPOSSIBLE_DATES = ["February 30, 2017", "2017-02-30", "31/04/2017", "30.02.2017", "31 June 2017"]
DATE_BITS = [
    "on Friday",
    "last month",
    "08.07.2017",
    "in the 1990s",
    "three weeks ago",
    "since Saturday",
    "mid-February",
    "the week before",
    "every Monday",
    "2017",
    "in June",
    "June 2017",
    "Q3 2017",
    "at 10:30 am",
    "yesterday",
    "the next day",
    "earlier this week",
    "99.99.9999",
    "0000-00-00",
    "July 4th, 1776",
    "in 20017",
    "late 2016",
    "early March",
    "Published July 21 2015",
    "date 2017-07-08",
    "Posted on by admin",
    "\n\n",
    ". ",
]
PLACE_BITS = [
    "Mosul",
    "Iraq",
    "west Mosul",
    "Iraqi forces",
    "Damascus said",
    "the Old City",
    "Nineveh Operations Command",
    "al-Shifa district",
    "Tigris River",
    "the city of Raqqa",
    "outside Tal Afar",
    "in Qayyarah.",
    "Paris, Texas",
    "Georgia",
    "Jordan",
    "Aleppo's",
    "Mousl",
    "St. Louis",
    "Al-Arab newspaper",
    "in X.",
    "\n",
    ", ",
    " and ",
]
SAFE_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


def mixed(bits: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(bits), SAFE_TEXT), max_size=14).map(" ".join)


CAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def assert_well_formed_timex(value: str) -> None:
    assert value and not any(c.isspace() for c in value), repr(value)
    match = CAL.match(value)
    if match and match.group(2) and match.end() in (7, len(value)) or match and match.group(3):
        year, month, day = match.groups()
        assert 1 <= int(month) <= 12, value
        if day:
            date(int(year), int(month), int(day))  # raises if impossible


@SETTINGS
@given(
    text=mixed(DATE_BITS),
    published=st.none() | st.dates(date(1900, 1, 1), date(2100, 12, 31)),
    day_first=st.booleans(),
)
def test_date_tagger_on_any_text(text: str, published: date | None, day_first: bool) -> None:
    mentions = tag_dates(text, published, day_first=day_first)
    starts = [m.start for m in mentions]
    assert starts == sorted(starts)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text), (m, len(text))
        assert text[m.start : m.end] == m.text
        assert m.type in ("DATE", "TIME", "DURATION", "SET")
        if m.value is not None:
            assert_well_formed_timex(m.value)


@pytest.mark.parametrize("phrase", IMPOSSIBLE_DATES)
@pytest.mark.parametrize("published", [None, date(2017, 3, 1)])
def test_date_tagger_impossible_dates(phrase: str, published: date | None) -> None:
    text = f"Fighting resumed on Friday. The offensive began on {phrase}, officials said."
    for day_first in (True, False):
        for m in tag_dates(text, published, day_first=day_first):
            assert text[m.start : m.end] == m.text
            if m.value is not None:
                assert_well_formed_timex(m.value)


@pytest.fixture(scope="module")
def geoparser() -> Geoparser:
    return Geoparser()


@SETTINGS
@given(text=mixed(PLACE_BITS))
def test_geoparser_on_any_text(geoparser: Geoparser, text: str) -> None:
    for m in geoparser.parse(text):
        assert 0 <= m.start < m.end <= len(text), (m, len(text))
        assert text[m.start : m.end] == m.text
        assert m.use in PLACE_USES
        if m.place is not None:
            record = m.place
            assert record.kind in PLACE_KINDS
            # ingest writes content/places/<id>.md: the id must be a safe file name
            assert id_problem(record.id) is None or record.id == "index", record.id
            if record.lat is not None:
                assert -90 <= record.lat <= 90 and -180 <= record.lon <= 180
            assert record.country is None or re.fullmatch(r"[A-Z]{2}", record.country)
            for parent in m.chain:
                assert id_problem(parent.id) is None, parent.id


# --------------------------------------------------------------------------- front matter

YAML_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    SAFE_TEXT,
    st.dates(),
    st.sampled_from(["2017-02-30", "2017-13-01", "2017-W54", "2017-02", "2017"]),
)
YAML_VALUES = st.recursive(
    YAML_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(SAFE_TEXT, inner, max_size=4)
    ),
    max_leaves=12,
)
KEYS = (
    st.sampled_from(
        [*entries.ENTRY_KEYS, *place_files.PLACE_KEYS, "date", "mention", "sentence", "unknown"]
    )
    | SAFE_TEXT
)
EVENTS = st.lists(
    st.dictionaries(st.sampled_from([*entries.EVENT_KEYS, "x"]), YAML_VALUES, max_size=5),
    max_size=3,
)


@SETTINGS
@given(meta=st.dictionaries(KEYS, YAML_VALUES | EVENTS, max_size=8), body=SAFE_TEXT)
def test_loaders_on_any_front_matter(tmp_path: Path, meta: dict, body: str) -> None:
    import yaml

    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
    for loader in (entries.load_entry, place_files.load_place):
        path = tmp_path / "some-id.md"
        path.write_text(text, encoding="utf-8")
        try:
            loaded = loader(path)
        except ChronicleError as exc:
            assert exc.path == str(path) and exc.message
            assert exc.line is None or 1 <= exc.line <= text.count("\n") + 1
            continue
        if loader is entries.load_entry:
            assert isinstance(loaded.title, str) and loaded.title.strip()
            for event in loaded.events:
                assert_well_formed_timex(event["date"])
                assert all(isinstance(p, str) for p in event["places"])


@SETTINGS
@given(
    text=st.one_of(
        st.text(max_size=200),
        st.builds(lambda a, b: f"---\n{a}\n---\n{b}", st.text(max_size=120), st.text(max_size=40)),
        st.builds(
            lambda a: "---\n" + a,
            st.lists(
                st.sampled_from(
                    [
                        "a: [",
                        "b: {",
                        "- x",
                        "  - y",
                        "c: &x 1",
                        "d: *x",
                        "e: *nope",
                        "f: !!python/name:os",
                        "? complex",
                        ": value",
                        "g: |",
                        "  block",
                        "h: 2017-02-30",
                        "i: 2017-02-30T25:00:00",
                        "j: '",
                        "\t",
                        "k: [[[[[[[[",
                        "---",
                        "...",
                    ]
                ),
                max_size=10,
            ).map("\n".join),
        ),
    )
)
def test_split_front_matter_on_any_text(text: str) -> None:
    try:
        meta, body, line = split_front_matter(text, Path("x.md"))
    except ChronicleError as exc:
        assert exc.path == "x.md"
        return
    assert isinstance(meta, dict) and isinstance(body, str) and line >= 1


@SETTINGS
@given(
    title=SAFE_TEXT.filter(lambda t: t.strip()),
    body=st.text(max_size=300),
    sentence=SAFE_TEXT,
    places=st.lists(st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True), max_size=3),
)
def test_entry_round_trip(
    tmp_path: Path, title: str, body: str, sentence: str, places: list[str]
) -> None:
    """What ingest writes reads back the same, and does not look hand-edited."""
    meta = {
        "title": title,
        "published": date(2017, 2, 24),
        "published_from": "manifest",
        "source": {"file": "a.txt", "sha256": "0" * 64, "url": None, "outlet": None},
        "places": places,
        "events": [
            {"date": "2017-02-24", "mention": "on Friday", "sentence": sentence, "places": places}
        ],
        "review": [],
    }
    text = entries.render_entry(meta, body)
    assert not entries.is_hand_edited(text)
    path = tmp_path / "entry.md"
    write_atomic(path, text)
    loaded = entries.load_entry(path)
    assert loaded.title == title.strip()
    assert loaded.places == places
    assert loaded.events[0]["sentence"] == sentence
    assert loaded.body.strip("\n") == body.replace("\r\n", "\n").replace("\r", "\n").strip("\n")


# --------------------------------------------------------------------------- paths


@SETTINGS
@given(text=st.text(max_size=300))
def test_slugs_are_always_safe(text: str) -> None:
    slug = records.slugify(text)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug)
    assert len(slug) <= records.MAX_SLUG
    assert id_problem(slug) is None or slug in records.RESERVED_SLUGS


@SETTINGS
@given(
    relative=st.one_of(
        st.text(max_size=60),
        st.lists(
            st.sampled_from(["..", ".", "", "/", "a", "entries", "\\", "C:", "\x00", "..."]),
            max_size=6,
        ).map("/".join),
    )
)
def test_no_output_path_leaves_the_site(tmp_path: Path, relative: str) -> None:
    root = tmp_path / "site"
    try:
        target = safe_join(root, relative)
    except ChronicleError:
        return
    assume(target != root)
    assert root.resolve() in target.resolve().parents
