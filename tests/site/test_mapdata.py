"""What the maps show: the region a map opens on, the provinces (admin-1) matched to their
Natural Earth outlines and coloured by their counts, the small map of a place, and the
outline files a site ships."""

from __future__ import annotations

import json

import pytest

from chronicle.site import admin1, mapdata, places_index
from chronicle.site.model import Chronicle, Entry, Event, Incident, Place, When
from chronicle.site.wording import counted, noun

# Places with their real coordinates (GeoNames), written here by hand.
MOSUL = (36.335, 43.119)
RAMADI = (33.426, 43.299)
ERBIL = (36.191, 44.009)
DAMASCUS = (33.510, 36.291)
RAQQA = (35.950, 39.009)
AMMAN = (31.955, 35.945)


class World:
    """A hand-made chronicle: places in a tree, and events at them."""

    def __init__(self) -> None:
        self.places: dict[str, Place] = {}
        self.events: list[Event] = []
        self.entry = Entry("r", "A report", None, None, {}, "", [])

    def place(
        self,
        pid: str,
        name: str,
        kind: str,
        country: str | None,
        at: tuple[float, float] | None = None,
        parent: str | None = None,
        geonames: int | None = None,
        aliases: tuple[str, ...] = (),
    ) -> Place:
        lat, lon = at if at else (None, None)
        p = Place(pid, name, kind, country, lat, lon, geonames, parent, list(aliases))
        if parent:
            p.parent = self.places[parent]
            p.parent.children.append(p)
        self.places[pid] = p
        return p

    def happen(self, pid: str, times: int = 1) -> None:
        place = self.places[pid]
        for i in range(times):
            event = Event(
                self.entry, "", f"{pid} {i}", [place], when=When(f"2017-01-{i % 28 + 1:02d}")
            )
            place.events.append(event)
            self.events.append(event)

    def chronicle(self) -> Chronicle:
        """The chronicle, each event an incident of its own (the map counts incidents)."""
        for n, event in enumerate(self.events):
            event.incident = Incident(
                f"inc-{n}", event.sentence, event.when, event.places, None, None, None,
                None, None, None, None, None, [], [event],
            )  # fmt: skip
        incidents = [e.incident for e in self.events if e.incident is not None]
        return Chronicle([self.entry], self.places, self.events, incidents=incidents)


def iraq_world() -> World:
    w = World()
    w.place("iraq", "Iraq", "country", "IQ", (33.0, 44.0))
    w.place("nineveh-governorate", "Nineveh Governorate", "admin1", "IQ", (36.15, 42.73), "iraq")
    w.place("mosul", "Mosul", "city", "IQ", MOSUL, "nineveh-governorate")
    w.place("anbar-governorate", "Anbar Governorate", "admin1", "IQ", None, "iraq")
    w.place("ramadi", "Ramadi", "city", "IQ", RAMADI, "anbar-governorate")
    w.place("erbil", "Erbil", "city", "IQ", ERBIL, "iraq")  # its province not in the chronicle
    w.place("jordan", "Jordan", "country", "JO", (31.0, 36.0))
    w.place("amman", "Amman", "city", "JO", AMMAN, "jordan")
    return w


def area_named(country: str, name: str) -> admin1.Area:
    return next(a for a in admin1.areas(country) if a.name == name)


# ---- the outlines --------------------------------------------------------------------


def test_outlines_are_shipped_per_country_and_find_the_province_of_a_point() -> None:
    names = {a.name for a in admin1.areas("IQ")}
    assert {"Ninawa", "Al-Anbar", "Baghdad", "Arbil"} <= names and len(names) == 18
    assert admin1.area_at("IQ", *MOSUL).name == "Ninawa"  # type: ignore[union-attr]
    assert admin1.area_at("SY", *RAQQA).name == "Ar Raqqah"  # type: ignore[union-attr]
    assert admin1.area_at("IQ", *DAMASCUS) is None  # not in Iraq
    assert admin1.areas("ZZ") == () and admin1.shapes_bytes("../x") is None


def test_a_country_across_the_date_line_is_bounded_on_one_side_of_it() -> None:
    for country in ("RU", "US", "FJ"):
        west, south, east, north = admin1.country_bounds(country)  # type: ignore[misc]
        assert east - west < 180, country
    west, south, east, north = admin1.country_bounds("RU")  # type: ignore[misc]
    assert west < 37.6 < east and south < 55.75 < north  # Moscow is on the map
    # A country's main land, without far islands and overseas regions
    west, south, east, north = admin1.country_bounds("US")  # type: ignore[misc]
    assert -126 < west < -124 and -68 < east < -66  # the lower 48
    west, south, east, north = admin1.country_bounds("FR")  # type: ignore[misc]
    assert -6 < west < 2.35 < east < 10 and 41 < south < 48.86 < north < 52  # with Paris


@pytest.mark.parametrize(
    "place, natural_earth",
    [
        ("Anbar Governorate", "Al-Anbar"),
        ("Deir ez-Zor Governorate", "Dayr Az Zawr"),
        ("Raqqa", "Ar Raqqah"),
        ("Homs Governorate", "Homs (Hims)"),
        ("Karbala", "Karbala'"),
    ],
)
def test_province_names_compare_across_spellings(place: str, natural_earth: str) -> None:
    country = "SY" if natural_earth in ("Dayr Az Zawr", "Ar Raqqah", "Homs (Hims)") else "IQ"
    assert admin1.name_key(place) in admin1.area_keys(area_named(country, natural_earth))


# ---- the region ----------------------------------------------------------------------


def test_the_region_is_the_configured_one_when_set() -> None:
    w = iraq_world()
    w.happen("amman", 5)
    assert mapdata.region(w.chronicle(), ["iq", "sy"]) == ["IQ", "SY"]


def test_a_single_place_abroad_does_not_pull_the_region_to_the_world() -> None:
    w = iraq_world()
    w.happen("mosul", 12)
    w.happen("ramadi", 8)
    w.happen("amman", 1)  # one event in Jordan of 21
    chronicle = w.chronicle()
    assert mapdata.region(chronicle) == ["IQ"]
    west, south, east, north = mapdata.region_bounds(chronicle, ["IQ"])  # type: ignore[misc]
    assert 38 < west < 39.5 and 47.5 < east < 49 and 28.5 < south < 30 and 37 < north < 38
    assert not west < AMMAN[1] < east  # Amman is left out of the view


def test_the_region_holds_every_country_with_a_fair_share_of_the_events() -> None:
    w = iraq_world()
    w.happen("mosul", 6)
    w.happen("amman", 4)
    chronicle = w.chronicle()
    assert mapdata.region(chronicle) == ["IQ", "JO"]  # most events first
    west, _, east, _ = mapdata.region_bounds(chronicle, ["IQ", "JO"])  # type: ignore[misc]
    assert west < AMMAN[1] < east and west < MOSUL[1] < east


def test_a_chronicle_without_events_is_placed_by_the_places_its_reports_name() -> None:
    w = iraq_world()
    w.entry.places = [w.places["amman"]]
    assert mapdata.region(w.chronicle()) == ["JO"]


# ---- provinces: counts and matching --------------------------------------------------


def test_admin1_counts_are_the_events_at_or_inside_each_province() -> None:
    w = iraq_world()
    w.happen("mosul", 3)
    w.happen("nineveh-governorate", 1)
    w.happen("ramadi", 2)
    w.happen("erbil", 4)
    assert mapdata.admin1_counts(w.chronicle()) == {
        "nineveh-governorate": 4,
        "anbar-governorate": 2,
    }


def test_provinces_are_matched_by_point_in_polygon_then_by_name() -> None:
    w = iraq_world()
    found = mapdata.match_areas(w.chronicle(), ["IQ"])
    by_place = {place.id: area.name for area, place in found.values()}
    # "Nineveh Governorate" is Natural Earth's "Ninawa": found by its coordinates; Anbar
    # has none, and is found by its name.
    assert by_place == {"nineveh-governorate": "Ninawa", "anbar-governorate": "Al-Anbar"}


def test_two_provinces_whose_points_fall_in_one_outline_each_get_their_own() -> None:
    # A capital's province and the province around it, both placed at the capital.
    w = World()
    w.place("syria", "Syria", "country", "SY", (35.0, 38.0))
    w.place("rif-dimashq", "Rif Dimashq Governorate", "admin1", "SY", DAMASCUS, "syria")
    w.place("damascus-gov", "Damascus Governorate", "admin1", "SY", DAMASCUS, "syria")
    found = mapdata.match_areas(w.chronicle(), ["SY"])
    by_place = {place.id: area.name for area, place in found.values()}
    assert by_place == {"rif-dimashq": "Rif Dimashq", "damascus-gov": "Damascus"}


def test_a_geonames_id_wins_over_coordinates() -> None:
    w = World()
    w.place("iraq", "Iraq", "country", "IQ", (33.0, 44.0))
    # Misplaced coordinates (in Nineveh), but the GeoNames id of Arbil's governorate.
    arbil = area_named("IQ", "Arbil")
    w.place("erbil-gov", "Erbil Governorate", "admin1", "IQ", MOSUL, "iraq", arbil.geonames)
    found = mapdata.match_areas(w.chronicle(), ["IQ"])
    assert [a.name for a, _ in found.values()] == ["Arbil"]


def test_the_map_page_colours_provinces_by_their_counts_with_a_legend() -> None:
    w = iraq_world()
    w.happen("mosul", 30)
    w.happen("ramadi", 2)
    page = mapdata.map_page(w.chronicle(), ["IQ"], "../")
    view = json.loads(page["view"])
    assert view["countries"] == ["IQ"]
    ninawa, anbar = area_named("IQ", "Ninawa").id, area_named("IQ", "Al-Anbar").id
    assert view["areas"][ninawa]["n"] == 30 and view["areas"][anbar]["n"] == 2
    assert view["areas"][ninawa]["url"] == "../places/nineveh-governorate.html"
    assert view["classes"] == [[1, 2, 1], [3, 30, 5]]
    assert page["legend"] == [(0, 0, 0), (1, 2, 1), (3, 30, 5)]
    assert page["shape_scripts"] == ["data/admin1/iq.js"]


def test_classes_split_many_counts_into_five_steps() -> None:
    assert mapdata.classes([]) == []
    assert mapdata.classes([0, 7]) == [(1, 7, 5)]
    assert mapdata.classes([1, 2, 3]) == [(1, 1, 1), (2, 2, 3), (3, 3, 5)]
    many = mapdata.classes(range(1, 101))
    assert [c[2] for c in many] == [1, 2, 3, 4, 5]
    assert many[0][0] == 1 and many[-1][1] == 100
    assert all(a[1] + 1 == b[0] for a, b in zip(many, many[1:], strict=False))


# ---- small maps and the outline files ------------------------------------------------


def test_a_city_small_map_shows_its_province_and_the_neighbours_labelled() -> None:
    w = iraq_world()
    w.happen("mosul")
    small = mapdata.place_map(w.places["mosul"], w.chronicle(), ["IQ", "SY"], "../")
    view = json.loads(small["view"])
    ninawa = area_named("IQ", "Ninawa")
    assert view["focus"] == ninawa.id and view["here"] == "mosul" and view["labels"]
    names = {a["name"] for a in view["areas"].values()}
    assert {"Nineveh", "Dihok", "Arbil"} <= names  # the chronicle's name for its own
    assert "Al-Basrah" not in names  # far away
    assert "Hasaka" in names  # the neighbour across the border, in Syria's file
    assert view["areas"][ninawa.id]["url"] == "../places/nineveh-governorate.html"
    (south, west), (north, east) = view["bounds"]
    assert west < MOSUL[1] < east and south < MOSUL[0] < north
    assert east - west < 5  # the province, not the country
    assert small["shape_scripts"] == ["data/admin1/iq.js", "data/admin1/sy.js"]


def test_a_place_outside_any_chronicle_province_finds_its_outline_by_coordinates() -> None:
    w = iraq_world()
    view = json.loads(mapdata.place_map(w.places["erbil"], w.chronicle(), ["IQ"], "../")["view"])
    assert view["areas"][view["focus"]]["name"] == "Arbil"
    assert "url" not in view["areas"][view["focus"]]  # no page for it


def test_a_place_beyond_the_region_keeps_a_plain_small_map() -> None:
    w = iraq_world()
    assert mapdata.place_map(w.places["amman"], w.chronicle(), ["IQ"], "../") == {
        "view": "",
        "shape_scripts": [],
        "cluster": False,
    }


def test_shape_files_are_scripts_for_the_covered_countries_only() -> None:
    files = mapdata.shape_files(["IQ", "SY", "ZZ"])
    assert sorted(files) == ["data/admin1/iq.js", "data/admin1/sy.js"]
    text = files["data/admin1/iq.js"].decode()
    assert "(window.ChronicleAdmin1 = window.ChronicleAdmin1 || {}).IQ = {" in text
    topology = json.loads(text.split(").IQ = ", 1)[1].rstrip(";\n"))
    assert topology["type"] == "Topology" and len(topology["objects"]["admin1"]["geometries"]) == 18


# ---- wording and the places index ----------------------------------------------------


def test_counts_take_the_number_of_their_noun() -> None:
    assert counted(1, "report") == "1 report"
    assert counted(2, "report") == "2 reports"
    assert counted(0, "event") == "0 events"
    assert counted(1, "entry", "entries") == "1 entry" and counted(3, "entry", "entries") == (
        "3 entries"
    )
    assert noun(1, "report") == "report" and noun(5, "report") == "reports"


def test_the_places_index_groups_by_country_and_sorts_by_name() -> None:
    w = iraq_world()
    w.place("zakho", "Zakho", "city", "IQ", None, "iraq")
    w.place("al-qaim", "Āl Qaim", "town", "IQ", None, "iraq")
    w.place("somewhere", "Somewhere", "area", None)
    w.place("baghdad", "Baghdad", "city", "IQ")  # no parent: goes with Iraq all the same
    groups = places_index.groups(w.chronicle())
    assert [g.name for g in groups] == ["Iraq", "Jordan", "Other places"]
    iraq = [n.place.name for n in groups[0].nodes]
    assert iraq == [
        "Āl Qaim",
        "Anbar Governorate",
        "Baghdad",
        "Erbil",
        "Nineveh Governorate",
        "Zakho",
    ]
    assert groups[0].nodes[0].search == "al qaim"


def test_a_small_map_with_many_places_clusters_them() -> None:
    few, many = iraq_world(), iraq_world()
    for i in range(21):
        many.place(f"village-{i}", f"Village {i}", "village", "IQ", (36 + i / 100, 43.0), "mosul")
    assert mapdata.place_map(few.places["iraq"], few.chronicle(), ["IQ"], "../")["cluster"] is False
    assert (
        mapdata.place_map(many.places["iraq"], many.chronicle(), ["IQ"], "../")["cluster"] is True
    )
