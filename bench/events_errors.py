"""Errors of the main event against FA-KES codes, by kind, with the sentences that made them.

    python3 bench/events_errors.py /work/shared/data/fakes-dev [cause|actor|civ|child|date|all]

A development aid beside `score.py events-fakes` (which gives the figures): it runs
extraction in this process and prints, for each wrong article, the gold codes, the main
event and the sentence it came from, so errors can be read by kind. It reads the data where
it lies and copies nothing.
"""

from __future__ import annotations

import csv
import sys
from datetime import date
from pathlib import Path

from chronicle.extract import extract
from chronicle.extract.places import Geoparser

CAUSE = {
    "Air/drone strike": "shelling",
    "Shelling/artillery/missile attack": "shelling",
    "Suicide bomb": "explosion",
    "Remote explosive/landmine/IED": "explosion",
    "Grenade": "explosion",
    "Chemical weapon": "chemical and toxic gases",
    "Armed clash": "shooting",
    "Attack": "shooting",
}
ACTOR = {
    "syrian government or russian troops": {
        "syrian-arab-army",
        "russian-forces",
        "tiger-forces",
        "national-defence-forces",
        "hezbollah",
    },
    "the organization of the islamic state in iraq and the levant - isis": {"islamic-state"},
    "international coalition forces": {
        "us-led-coalition",
        "united-states-forces",
        "french-forces",
        "british-forces",
    },
    "armed opposition groups": {
        "syrian-rebels",
        "free-syrian-army",
        "syrian-national-army",
        "ahrar-al-sham",
        "jaysh-al-islam",
        "jaish-al-fatah",
        "faylaq-al-rahman",
        "faylaq-al-sham",
        "nour-al-din-al-zenki",
        "jund-al-aqsa",
    },
    "al-nusra front": {"nusra-front", "hayat-tahrir-al-sham", "al-qaeda"},
    "self administration forces": {"syrian-democratic-forces", "ypg", "asayish"},
}


def main() -> None:
    folder = Path(sys.argv[1])
    kinds = set(sys.argv[2:]) or {"all"}
    geoparser = Geoparser()
    with open(folder / "index.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        text = (folder / row["file"]).read_text(encoding="utf-8")
        published = date.fromisoformat(row["dateline_in_text"] or row["fakes_date"])
        result = extract(text, published, geoparser, raw=True)
        main_event = next((e for e in result.events if e.main), None)
        if main_event is None:
            print(f"{row['file']}: no main event")
            continue
        wrong = []
        cause = row["cause_of_death"].replace("execution", "shooting")
        if cause != "unknown" and CAUSE.get(main_event.sub_event_type or "") != cause:
            wrong.append(f"cause {cause} <- {main_event.sub_event_type}")
        actor = main_event.actor1.id if main_event.actor1 else None
        if row["actor"] != "unknown" and actor not in ACTOR.get(row["actor"], set()):
            wrong.append(f"actor {row['actor'][:24]} <- {actor}")
        civ = int(row["nb_civilians"])
        if civ and main_event.civilian_fatalities != civ:
            wrong.append(f"civ {civ} <- {main_event.civilian_fatalities}")
        killed = civ + int(row["nb_noncivilians"])
        if killed and main_event.fatalities != killed:
            wrong.append(f"killed {killed} <- {main_event.fatalities}")
        child = int(row["nb_children"])
        if child and main_event.child_fatalities != child:
            wrong.append(f"child {child} <- {main_event.child_fatalities}")
        want = date.fromisoformat(row["fakes_date"])
        got = main_event.date
        if not (got and len(got) == 10 and abs((date.fromisoformat(got) - want).days) <= 1):
            wrong.append(f"date {want} <- {got}")
        shown = [w for w in wrong if "all" in kinds or w.split()[0] in kinds]
        if shown:
            print(f"{row['file']}: " + " | ".join(shown))
            print(f"    {main_event.sentence[:300]}")
            if main_event.casualty_words:
                print(f"    [{main_event.casualty_words}]")


if __name__ == "__main__":
    main()
