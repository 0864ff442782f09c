"""Where the events of FA-KES articles are placed: the main event's governorate, and events
placed in a country only or in a foreign country.

    python3 bench/events_places.py /work/shared/data/fakes-dev [--show N]

A development aid beside `score.py events-fakes` (which scores no places): it runs
extraction in this process and prints

* main_gov: the share of articles whose main event has a place in the coded governorate
  (the place itself or one of its parents is the governorate, by name);
* main_other_gov: main events placed in another governorate (and not in the coded one);
* main_country_only: main events placed in a country and nowhere more precise (or nowhere);
* events_foreign / events_us: events (all, not only main) with a place outside Syria / in the
  United States, the mark of a country named as a qualifier ("US President") or an agent
  ("by the United States") taken for the place of the happening.

It reads the data where it lies and copies nothing.
"""

from __future__ import annotations

import argparse
import csv
import re
import unicodedata
from datetime import date
from pathlib import Path

from chronicle.extract import extract
from chronicle.extract.places import Geoparser
from chronicle.read import clean

# The coded governorates, by the names a gazetteer gives them (folded, see _key)
GOVERNORATES = {
    "aleppo": {"aleppo", "halab"},
    "damascus": {"damascus", "dimashq", "rifdimashq", "rifdamascus", "ruraldamascus"},
    "daraa": {"daraa", "dara"},
    "deir ezzor": {"deirezzor", "dayrazzawr"},
    "hama": {"hama", "hamah"},
    "hasakeh": {"hasakah", "alhasakah", "hasakeh"},
    "homs": {"homs", "hims"},
    "idlib": {"idlib", "idleb"},
    "lattakia": {"latakia", "lattakia", "alladhiqiyah"},
    "quneitra": {"quneitra", "alqunaytirah", "qunaytirah"},
    "raqqa": {"raqqa", "arraqqah", "raqqah"},
    "tartous": {"tartus", "tartous"},
}


def _key(name: str) -> str:
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    name = re.sub(r"\b(?:governorate|province|muhafazat)\b", "", name)
    name = re.sub(r"^(?:al|ar|as|ad|an)[ -]", "", name)
    name = re.sub(r"[^a-z]", "", name)
    return re.sub(r"^deir(?:al|el|ez|az|e|a)?zz?ou?r$", "deirezzor", name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--show", type=int, default=0, help="print N wrong main events")
    parser.add_argument("--other", action="store_true", help="only those with a place in Syria")
    args = parser.parse_args()
    geoparser = Geoparser()
    with open(args.folder / "index.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    n = hit = wrong = country_only = events = foreign = us = 0
    shown = 0
    for row in rows:
        text = (args.folder / row["file"]).read_text(encoding="utf-8")
        published = date.fromisoformat(row["dateline_in_text"] or row["fakes_date"])
        lines = clean.classify_lines(text)
        result = extract(clean.mask(text, lines), published, geoparser)
        mentions = result.places
        for event in result.events:
            events += 1
            records = [mentions[i] for i in event.place_mentions]
            foreign += any(m.country and m.country != "SY" for m in records)
            us += any(m.country == "US" for m in records)
        main_event = next((e for e in result.events if e.main), None)
        n += 1
        if main_event is None:
            continue
        records = [mentions[i] for i in main_event.place_mentions]
        names = {
            _key(r.name)
            for m in records
            if m.place is not None
            for r in [m.place, *m.chain]
            if r.country == "SY"
        }
        ok = bool(names & GOVERNORATES.get(row["location"].strip().lower(), set()))
        hit += ok
        wrong += not ok and any(names & keys for keys in GOVERNORATES.values())
        only = all(m.place is None or m.place.kind == "country" for m in records)
        country_only += only
        if not ok and shown < args.show and (not args.other or names):
            shown += 1
            print(f"{row['file']} gold {row['location']}: {[m.name for m in records]}")
            print(f"    {main_event.sentence[:200]}")
    print(
        f"main_gov={hit / n:.3f} ({hit}/{n}) main_other_gov={wrong} main_country_only={country_only / n:.3f} "
        f"({country_only}) events={events} events_foreign={foreign} events_us={us}"
    )


if __name__ == "__main__":
    main()
