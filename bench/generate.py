#!/usr/bin/env python3
"""Synthetic chronicles for the benchmarks, deterministic from a seed.

    python bench/generate.py --entries 10000 --seed 1 --out bench/out/n10000

writes, under --out:

    chronicle.toml
    content/entries/<slug>.md   N entries in Chronicle's entry format (~400 words, 1-5 events)
    content/places/<id>.md      ~300 places: country -> admin1 -> city/town -> district
    articles/<nnnnnn>_<sha8>.txt  the matching raw articles for `chronicle ingest`
                                  (headline, blank line, paragraphs)
    articles/manifest.csv       file, published, url, outlet (as `ingest --manifest` reads it)
    hugo/                       the same content as a Hugo site     (see bench/export.py)
    pelican/                    the same content as a Pelican site  (see bench/export.py)

Place names are real (GeoNames names of Iraqi and Syrian cities, governorates and
well-known city districts; see bench/gazetteer_data.py); everything that happens at them
is invented. Same seed and arguments -> byte-identical files.

Needs only PyYAML (Chronicle's own venv has it); it does not import chronicle, so it keeps
working while Chronicle changes.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import re
import shutil
import sys
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gazetteer_data import CITIES  # noqa: E402

# --------------------------------------------------------------------------- places

COUNTRIES = {
    "IQ": ("Iraq", 33.0, 44.0, 99237, ["Republic of Iraq"]),
    "SY": ("Syria", 35.0, 38.0, 163843, ["Syrian Arab Republic"]),
}
# GeoNames admin1 codes -> governorate names as English-language reports write them
ADMIN1 = {
    "IQ": {
        "01": "Anbar",
        "02": "Basra",
        "03": "Muthanna",
        "04": "Qadisiyah",
        "05": "Sulaymaniyah",
        "06": "Babil",
        "07": "Baghdad",
        "08": "Duhok",
        "09": "Dhi Qar",
        "10": "Diyala",
        "11": "Erbil",
        "12": "Karbala",
        "13": "Kirkuk",
        "14": "Maysan",
        "15": "Nineveh",
        "16": "Wasit",
        "17": "Najaf",
        "18": "Salahuddin",
        "19": "Halabja",
    },
    "SY": {
        "01": "Hasakah",
        "02": "Latakia",
        "03": "Quneitra",
        "04": "Raqqa",
        "05": "Suwayda",
        "06": "Daraa",
        "07": "Deir ez-Zor",
        "08": "Rif Dimashq",
        "09": "Aleppo",
        "10": "Hama",
        "11": "Homs",
        "12": "Idlib",
        "13": "Damascus",
        "14": "Tartus",
    },
}
# Real district / neighbourhood names of the big cities (city name as in CITIES)
DISTRICTS = {
    "Mosul": [
        "Bab Sinjar",
        "al-Zanjili",
        "al-Shifa",
        "Wadi Hajar",
        "al-Tayaran",
        "al-Zuhur",
        "al-Muthanna",
        "Hay al-Dubbat",
        "al-Jadida",
        "Nabi Yunus",
        "al-Faisaliya",
        "al-Maidan",
    ],
    "Baghdad": [
        "Karrada",
        "Adhamiya",
        "Kadhimiya",
        "Mansour",
        "Dora",
        "Zayouna",
        "Jadriya",
        "Bab al-Sharqi",
        "Ghazaliya",
        "Shula",
        "Hurriya",
        "Amil",
    ],
    "Aleppo": [
        "Salaheddine",
        "Sheikh Maqsoud",
        "Bustan al-Qasr",
        "al-Sukkari",
        "Hanano",
        "al-Shaar",
        "Sheikh Saeed",
        "al-Ramouseh",
        "Bab al-Hadid",
        "al-Jamiliyah",
        "Saif al-Dawla",
        "al-Kalasa",
    ],
    "Damascus": [
        "Jobar",
        "Qaboun",
        "Barzeh",
        "Mezzeh",
        "Bab Touma",
        "Midan",
        "Tadamon",
        "Rukn al-Din",
        "Kafr Sousa",
        "Muhajirin",
    ],
    "Ar Raqqah": ["al-Mashlab", "al-Rumaila", "al-Sinaa", "al-Nahda", "al-Thakana", "al-Andalus"],
    "Ramadi": ["al-Tameem", "al-Hoz", "al-Aziziya", "al-Jamiya", "al-Malaab", "al-Sufiya"],
    "Al Fallujah": ["al-Jolan", "al-Shuhada", "al-Nazal", "al-Askari", "al-Jubail", "al-Resala"],
    "Homs": [
        "Baba Amr",
        "al-Waer",
        "Khalidiya",
        "Karm al-Zeitoun",
        "al-Inshaat",
        "Jouret al-Shayah",
    ],
    "Deir ez-Zor": ["al-Joura", "al-Qusour", "al-Hamidiya", "al-Huweiqa", "al-Rashdiya"],
    "Kirkuk": ["Domiz", "al-Wasiti", "Rahimawa", "Shorja", "Azadi"],
    "Tikrit": ["al-Qadisiya", "al-Dyum", "al-Qusoor al-Riasiya", "al-Arbaeen"],
    "Basrah": ["al-Ashar", "al-Jumhuriya", "al-Hayyaniya", "al-Maqil", "al-Tannuma"],
    "Erbil": ["Ankawa", "Qalat", "Runaki", "Iskan"],
    "Idlib": ["al-Thawra", "al-Mutanabbi", "al-Dabit", "al-Shamali"],
}


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower().replace("'", "")).strip("-")


def make_places(total: int) -> list[dict]:
    """~`total` places, parents before children; ids are unique slugs."""
    places: list[dict] = []
    taken: set[str] = set()

    def add(pid: str, **fields) -> dict:
        base, n = pid, 2
        while pid in taken:
            pid, n = f"{base}-{n}", n + 1
        taken.add(pid)
        place = {"id": pid, **fields}
        places.append(place)
        return place

    country_id, admin1_id = {}, {}
    for cc, (name, lat, lon, gid, aliases) in COUNTRIES.items():
        country_id[cc] = add(
            slug(name),
            name=name,
            kind="country",
            aliases=aliases,
            parent=None,
            country=cc,
            lat=lat,
            lon=lon,
            geonames=gid,
        )["id"]
    for cc, table in ADMIN1.items():
        for code, name in table.items():
            cities = [c for c in CITIES if c[0] == cc and c[1] == code]
            lat = round(sum(c[3] for c in cities) / len(cities), 4) if cities else None
            lon = round(sum(c[4] for c in cities) / len(cities), 4) if cities else None
            admin1_id[cc, code] = add(
                slug(name) + "-governorate",
                name=name,
                kind="admin1",
                aliases=[f"{name} Governorate", f"{name} province"],
                parent=country_id[cc],
                country=cc,
                lat=lat,
                lon=lon,
                geonames=None,
            )["id"]
    n_districts = sum(len(v) for v in DISTRICTS.values())
    room = max(0, total - len(places))
    n_cities = min(len(CITIES), max(room - n_districts, room // 2))
    city_by_name = {}
    for cc, code, name, lat, lon, gid, pop in CITIES[:n_cities]:
        kind = "city" if pop >= 100_000 else "town"
        city_by_name[name] = add(
            slug(name),
            name=name,
            kind=kind,
            aliases=[],
            parent=admin1_id[cc, code],
            country=cc,
            lat=lat,
            lon=lon,
            geonames=gid,
        )
        city_by_name[name]["population"] = pop
    rng = random.Random(7)  # district coordinates: fixed, not the content seed
    for city, names in DISTRICTS.items():
        parent = city_by_name.get(city)
        if parent is None:
            continue
        for name in names:
            if len(places) >= total:
                break
            add(
                f"{parent['id']}-{slug(name)}",
                name=name,
                kind="district",
                aliases=[],
                parent=parent["id"],
                country=parent["country"],
                lat=round(parent["lat"] + rng.uniform(-0.04, 0.04), 4),
                lon=round(parent["lon"] + rng.uniform(-0.04, 0.04), 4),
                geonames=None,
            )
    return places


# --------------------------------------------------------------------------- words

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
FORCES_IQ = [
    "Iraqi forces",
    "Iraqi army units",
    "The Counter-Terrorism Service",
    "Federal police",
    "Popular Mobilization Forces",
    "Kurdish Peshmerga fighters",
    "The Rapid Response Division",
]
FORCES_SY = [
    "Syrian government forces",
    "The Syrian Democratic Forces",
    "Rebel groups",
    "Turkish-backed fighters",
    "Russian-backed troops",
    "Kurdish YPG fighters",
]
ENEMY = [
    "Islamic State militants",
    "IS fighters",
    "the militants",
    "jihadist fighters",
    "armed groups",
]
ACTIONS = [
    "recaptured",
    "advanced into",
    "shelled",
    "entered",
    "besieged",
    "cleared",
    "launched an offensive on",
    "repelled an attack on",
    "secured the outskirts of",
    "opened a corridor out of",
]
SOURCES = [
    "the Joint Operations Command said",
    "a military spokesman said",
    "local officials said",
    "residents told reporters",
    "a monitoring group said",
    "the interior ministry said in a statement",
    "medical sources said",
    "an aid agency reported",
]
OUTLETS = [
    "The Daily Dispatch",
    "Levant Wire",
    "Tigris Monitor",
    "Euphrates Report",
    "Northern Desk",
    "Regional Herald",
    "Frontline Post",
]
HEADLINE = [
    "{force} {action} {place} as fighting spreads",
    "Fighting intensifies around {place}",
    "Civilians flee {place} amid heavy shelling",
    "{force} push deeper into {place}",
    "Aid convoy reaches {place} after weeks of siege",
    "Thousands displaced as battle for {place} grinds on",
    "Air strikes hit {place}, {casualties} reported dead",
    "Officials say {place} nearly cleared of militants",
    "Curfew imposed in {place} after attacks",
    "Residents return to parts of {place}",
]
FILLER = [
    "The fighting has displaced {n} families in recent weeks, according to the United Nations.",
    "Aid workers warned that food and medicine were running short in besieged areas.",
    "Commanders said progress was slowed by snipers, booby traps and car bombs.",
    "It was not possible to verify the figures independently.",
    "Many residents remained trapped inside their homes, unable to reach the front lines.",
    "Hospitals in the region reported receiving dozens of wounded civilians.",
    "The campaign is backed by air strikes from an international coalition.",
    "Officials said electricity and water had been cut to several neighbourhoods.",
    "Humanitarian organisations called on all parties to protect civilians.",
    "Witnesses described columns of smoke rising over the old quarters of the city.",
    "The militants have used tunnels to move between positions, officers said.",
    "Schools in the area have been closed since the start of the offensive.",
    "A local council member said reconstruction would take years.",
    "Some {n} people crossed the front lines on foot, carrying what they could.",
    "The road to {place} was reopened to civilian traffic after being cleared of mines.",
    "Displaced families were taken to camps near {place}, where conditions were described as dire.",
    "Officials in {place} said they expected more people to arrive in the coming days.",
    "Checkpoints were set up on the main roads leading out of {place}.",
    "Tribal leaders in {place} pledged support for the operation.",
    "Prices of bread and fuel in {place} have more than doubled, traders said.",
]


class Writer:
    """One article's text and the events in it, from a seeded random source."""

    def __init__(self, rng: random.Random, places: list[dict]) -> None:
        self.rng = rng
        self.by_id = {p["id"]: p for p in places}
        self.cities = [p for p in places if p["kind"] in ("city", "town")]
        self.weights = [p.get("population", 20000) ** 0.5 for p in self.cities]
        self.districts: dict[str, list[dict]] = {}
        for p in places:
            if p["kind"] == "district":
                self.districts.setdefault(p["parent"], []).append(p)

    def date_phrase(self, published: date) -> tuple[str, str, str | None]:
        """(mention, TIMEX3 value, mod) for a date at or before `published`."""
        r, rng = self.rng.random(), self.rng
        if r < 0.40:  # "on Thursday": the last Thursday
            back = rng.randint(1, 6)
            day = published - timedelta(days=back)
            return f"on {WEEKDAYS[day.weekday()]}", day.isoformat(), None
        if r < 0.55:
            day = published - timedelta(days=1)
            return "yesterday", day.isoformat(), None
        if r < 0.75:  # "on 12 March"
            day = published - timedelta(days=rng.randint(2, 40))
            return f"on {day.day} {MONTHS[day.month - 1]}", day.isoformat(), None
        if r < 0.92:  # "in mid-February"
            month = (
                (published.replace(day=1) - timedelta(days=1)).replace(day=1)
                if rng.random() < 0.6
                else published.replace(day=1)
            )
            mod, word = rng.choice([("START", "early "), ("MID", "mid-"), ("END", "late ")])
            return f"in {word}{MONTHS[month.month - 1]}", month.isoformat()[:7], mod
        month = published.replace(day=1) - timedelta(days=rng.randint(40, 300))
        return (f"in {MONTHS[month.month - 1]} {month.year}", month.isoformat()[:7], None)

    def pick_place(self, near: dict | None = None) -> list[dict]:
        """A mentioned place: [district, city] or [city], favouring `near`'s governorate."""
        rng = self.rng
        if near is not None and rng.random() < 0.6:
            same = [c for c in self.cities if c["parent"] == near["parent"]]
            city = rng.choice(same)
        else:
            city = rng.choices(self.cities, self.weights)[0]
        if city["id"] in self.districts and rng.random() < 0.5:
            return [rng.choice(self.districts[city["id"]]), city]
        return [city]

    @staticmethod
    def place_text(chain: list[dict]) -> str:
        if len(chain) == 2:
            return f"the {chain[0]['name']} district of {chain[1]['name']}"
        return chain[0]["name"]

    def force(self, country: str) -> str:
        return self.rng.choice(FORCES_IQ if country == "IQ" else FORCES_SY)

    def article(self, published: date, words: int = 400) -> dict:
        rng = self.rng
        focus = self.pick_place()
        city = focus[-1]
        gov = self.by_id[city["parent"]]
        country = self.by_id[gov["parent"]]
        force = self.force(city["country"])
        title = (
            rng.choice(HEADLINE)
            .format(
                force=force,
                action=rng.choice(ACTIONS),
                place=city["name"],
                casualties=f"{rng.randint(3, 60)}",
            )
            .replace("The ", "", 1)
        )
        title = title[0].upper() + title[1:]
        mentioned = [p["id"] for p in focus] + [gov["id"], country["id"]]
        events = []
        event_sentences = []
        for n in range(rng.choice([1, 1, 2, 2, 3, 3, 4, 5])):
            chain = focus if n == 0 else self.pick_place(near=city)
            mention, value, mod = self.date_phrase(published)
            force = self.force(chain[-1]["country"])
            if rng.random() < 0.5:
                sentence = (
                    f"{force} {mention} {rng.choice(ACTIONS)} "
                    f"{self.place_text(chain)}, {rng.choice(SOURCES)}."
                )
            else:
                sentence = (
                    f"{rng.choice(ENEMY).capitalize()} attacked positions in "
                    f"{self.place_text(chain)} {mention}, killing "
                    f"{rng.randint(2, 40)} people, {rng.choice(SOURCES)}."
                )
            event = {
                "date": value,
                "mention": mention,
                "sentence": sentence,
                "places": [chain[0]["id"]],
            }
            if mod:
                event["mod"] = mod
            events.append(event)
            event_sentences.append(sentence)
            for p in chain:
                if p["id"] not in mentioned:
                    mentioned.append(p["id"])
        lead = (
            f"The battle for {city['name']}, in {gov['name']} province in "
            f"{'northern' if city['lat'] > 34.5 else 'central' if city['lat'] > 32.5 else 'southern'}"
            f" {country['name']}, continued this week."
        )
        sentences = [lead] + event_sentences
        filler = rng.sample(FILLER, len(FILLER))  # each once before any twice
        while sum(len(s.split()) for s in sentences) < words:
            other = self.pick_place(near=city)[-1]["name"]
            template = filler[(len(sentences) - 1 - len(event_sentences)) % len(filler)]
            sentences.append(template.format(n=f"{rng.randint(2, 90) * 100:,}", place=other))
        body_sentences = sentences[: 1 + len(event_sentences)]
        rest = sentences[len(body_sentences) :]
        rng.shuffle(rest)
        # events spread through the article, not all in its first paragraph
        for sentence in body_sentences[1:]:
            rest.insert(rng.randint(0, len(rest)), sentence)
        flow = [body_sentences[0]] + rest
        paragraphs, i = [], 0
        while i < len(flow):
            k = rng.randint(2, 5)
            paragraphs.append(" ".join(flow[i : i + k]))
            i += k
        return {"title": title, "paragraphs": paragraphs, "events": events, "places": mentioned}


# --------------------------------------------------------------------------- files


def dump_yaml(data: dict) -> str:
    return yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=100000, default_flow_style=None
    )


def compose(meta: dict, body: str) -> str:
    return f"---\n{dump_yaml(meta)}---\n\n{body.strip()}\n"


def entry_text(meta: dict, body: str) -> str:
    """As Chronicle's ingest writes it: the checksum of the file without its checksum line."""
    draft = compose(meta, body)
    kept = "".join(
        line for line in draft.splitlines(keepends=True) if not line.startswith("ingest_checksum:")
    )
    return compose({**meta, "ingest_checksum": hashlib.sha256(kept.encode()).hexdigest()}, body)


def place_text(p: dict) -> str:
    meta = {
        k: p[k] for k in ("name", "kind", "aliases", "parent", "country", "lat", "lon", "geonames")
    }
    kind = {"admin1": "governorate", "country": "country"}.get(p["kind"], p["kind"])
    body = f"{p['name']} is a {kind} that appears in the reports of this chronicle."
    return compose(meta, body)


CONFIG = """\
# A synthetic chronicle for the benchmarks (bench/generate.py --entries {n} --seed {seed}).
title = "Synthetic chronicle, {n} entries"
description = "Invented reports at real places, generated for benchmarking."
base_url = ""
language = "en"
theme = "default"
region = ["IQ", "SY"]
period = {{ start = "2016-01-01", end = "2019-12-31" }}
"""


def generate(n: int, seed: int, out: Path, n_places: int = 300, words: int = 400) -> dict:
    rng = random.Random(seed)
    places = make_places(n_places)
    writer = Writer(rng, places)
    for sub in ("content", "articles"):
        shutil.rmtree(out / sub, ignore_errors=True)
    (out / "content" / "entries").mkdir(parents=True)
    (out / "content" / "places").mkdir(parents=True)
    (out / "articles").mkdir(parents=True)
    (out / "chronicle.toml").write_text(CONFIG.format(n=n, seed=seed), encoding="utf-8")
    for p in places:
        (out / "content" / "places" / f"{p['id']}.md").write_text(place_text(p), encoding="utf-8")
    start, span = date(2016, 10, 1), (date(2019, 6, 30) - date(2016, 10, 1)).days
    slugs: set[str] = set()
    manifest = []
    events = 0
    for i in range(n):
        published = start + timedelta(days=rng.randint(0, span))
        art = writer.article(published, words)
        raw = art["title"] + "\n\n" + "\n\n".join(art["paragraphs"]) + "\n"
        data = raw.encode("utf-8")
        sha = hashlib.sha256(data).hexdigest()
        name = f"{i:06d}_{sha[:16]}.txt"
        (out / "articles" / name).write_bytes(data)
        outlet = rng.choice(OUTLETS)
        s = slug(art["title"])[:72].strip("-")
        if s in slugs:
            s = f"{s}-{sha[:8]}"
        slugs.add(s)
        url = f"https://news.example.org/{published:%Y/%m/%d}/{s}"
        manifest.append((name, published.isoformat(), url, outlet))
        review = []
        if rng.random() < 0.08:
            review.append("No publication date in the text; the manifest's was used.")
        meta = {
            "title": art["title"],
            "published": published,
            "published_from": "manifest",
            "source": {"file": name, "sha256": sha, "url": url, "outlet": outlet},
            "places": art["places"],
            "events": art["events"],
            "review": review,
        }
        (out / "content" / "entries" / f"{s}.md").write_text(
            entry_text(meta, "\n\n".join(art["paragraphs"])), encoding="utf-8"
        )
        events += len(art["events"])
    with (out / "articles" / "manifest.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "published", "url", "outlet"])
        w.writerows(manifest)
    return {"entries": n, "places": len(places), "events": events}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--entries", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--places", type=int, default=300, help="about this many places")
    ap.add_argument("--words", type=int, default=400, help="about this many words per entry")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument(
        "--no-export", action="store_true", help="only the chronicle, no Hugo and Pelican sites"
    )
    args = ap.parse_args()
    stats = generate(args.entries, args.seed, args.out, args.places, args.words)
    print(
        f"{args.out}: {stats['entries']} entries, {stats['events']} events, "
        f"{stats['places']} places, {stats['entries']} articles"
    )
    if not args.no_export:
        import export

        export.export(args.out)
        print(f"{args.out}/hugo, {args.out}/pelican: written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
