#!/usr/bin/env python3
"""Incidents: the cost of merging, and the grouping scored on FA-KES (issue 15).

    # (a) speed: merging 1k / 10k / 100k generated mentions (bench/generate.py's articles)
    python bench/incidents.py speed [--sizes 1000 10000 100000] [--runs 3]

    # (b) quality: fakes-dev through `chronicle extract --jsonl`, merged, scored by score.py
    python bench/incidents.py fakes ../shared/data/fakes-dev [--out bench/out/incidents]

(b) sends every article to ONE `chronicle extract --jsonl` process (published =
dateline_in_text, else fakes_date, as score.py does), turns each article's events into
`Mention`s (today the contract gives dates and places; the events' facts, `main` and
`background` are read when the lines carry an "events" list, issue 14), merges them with
`chronicle.site.incidents.merge_incidents`, writes OUT/incidents.json and scores it, and the
baselines, with `score.py incidents-fakes DIR --incidents FILE`.

Until extraction marks the main event, this harness chooses it (`choose_main`): the first
event of the article with a day-precise date and a place, a date that opens the text (a
dateline) not counting; else the first event with a place; else the first event.
"""

from __future__ import annotations

import argparse
import csv
import gc
import hashlib
import json
import os
import random
import re
import shlex
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from chronicle.site.grouping import DAY_SLACK  # noqa: E402  (as `chronicle build` merges)
from chronicle.site.incidents import (  # noqa: E402
    Mention,
    _items,
    _Places,
    candidate_pairs,
    date_span,
    incidents_json,
    merge_incidents,
)
from chronicle.site.model import event_anchor  # noqa: E402

SCORER = HERE.parent.parent.parent / "shared" / "tools" / "score.py"
if not SCORER.exists():
    SCORER = Path("/work/shared/tools/score.py")
FACTS = ("fatalities", "civilian_fatalities", "child_fatalities", "injured")

# --------------------------------------------------------------------------- (a) speed


BENCH_DAYS = (date(2019, 6, 30) - date(2016, 10, 1)).days  # generate.py's period


def generated_mentions(
    count: int, seed: int = 1, days: int = BENCH_DAYS
) -> tuple[list[Mention], dict[str, str | None]]:
    """`count` mentions from the benchmark's generator (its places, dates and sentences:
    10,000 entries give about 27,000 events), published over `days` days from 2016-10-01
    (generate.py's period by default)."""
    import generate

    rng = random.Random(seed)
    places = generate.make_places(300)
    writer = generate.Writer(rng, places)
    parent_of = {p["id"]: p["parent"] for p in places}
    start, span = date(2016, 10, 1), days
    out: list[Mention] = []
    n = 0
    while len(out) < count:
        published = start + timedelta(days=rng.randint(0, span))
        art = writer.article(published, 60)  # the events are all that is used: short bodies
        slug = f"{generate.slug(art['title'])[:60]}-{n}"
        outlet = rng.choice(generate.OUTLETS)
        for k, ev in enumerate(art["events"]):
            out.append(
                Mention(
                    entry=slug,
                    file=f"{n:06d}.txt",
                    outlet=outlet,
                    url=None,
                    published=published,
                    anchor=event_anchor(slug, ev["date"], ev["mention"], ev["sentence"]),
                    date=ev["date"],
                    mod=ev.get("mod"),
                    places=tuple(ev["places"]),
                    sentence=ev["sentence"],
                    main=k == 0,
                    position=k,
                    fatalities=_killed(ev["sentence"]),
                )
            )
        n += 1
    return out[:count], parent_of


def _killed(sentence: str) -> int | None:
    m = re.search(r"killing (\d+)", sentence)
    return int(m.group(1)) if m else None


def speed(sizes: list[int], runs: int, density: bool) -> list[dict[str, Any]]:
    """Merging timed at each size. Default: the benchmark's period for every size, so the
    chronicle gets denser (more reports of each day and place) as it grows; `density`: the
    period grows with the size (the density of 10,000 entries), the cost of size alone."""
    rows = []
    mentions, parent_of = generated_mentions(max(sizes))
    for size in sizes:
        if density:
            days = max(30, round(BENCH_DAYS * size / 27_000))
            mentions, parent_of = generated_mentions(size, days=days)
        part = mentions[:size]
        places = _Places(parent_of)
        pairs = len(candidate_pairs(_items(part, places, DAY_SLACK), places, DAY_SLACK))
        times: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(runs):
            for collector in (False, True):
                # `chronicle build` keeps the collector off until the model is built
                # (build.py `_quiet_gc`); with it on, it walks every mention again and again.
                gc.collect()
                (gc.enable if collector else gc.disable)()
                t = time.process_time()  # CPU time: the machine is shared
                incidents = merge_incidents(part, parent_of, day_slack=DAY_SLACK)
                times[collector].append(time.process_time() - t)
                gc.enable()
        best = min(times[False])
        rows.append(
            {
                "mentions": size,
                "pairs_compared": pairs,
                "incidents": len(incidents),
                "multi_source": sum(len(i.sources) > 1 for i in incidents),
                "cpu_seconds": round(best, 3),
                "us_per_mention": round(best / size * 1e6, 1),
                "cpu_seconds_gc_on": round(min(times[True]), 3),
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    return rows


# --------------------------------------------------------------------------- (b) FA-KES


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def read_index(folder: Path) -> list[dict[str, str]]:
    with (folder / "index.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        dateline = (r.get("dateline_in_text") or "").strip()
        r["published"] = dateline if _day(dateline) else r["fakes_date"].strip()
    return rows


def run_extract(folder: Path, rows: list[dict[str, str]], cmd: list[str]) -> list[dict[str, Any]]:
    """One `chronicle extract --jsonl` process for every article, in a fresh `chronicle init`
    folder (the configuration a new chronicle has, as score.py's pipeline)."""
    with tempfile.TemporaryDirectory(prefix="bench-incidents-") as tmp:
        subprocess.run([*cmd, "init", "ch"], cwd=tmp, check=True, capture_output=True)
        lines = "".join(
            json.dumps(
                {
                    "id": r["file"],
                    "text": (folder / r["file"]).read_text(encoding="utf-8"),
                    "published": r["published"],
                }
            )
            + "\n"
            for r in rows
        )
        done = subprocess.run(
            ["nice", *cmd, "extract", "--jsonl"],
            cwd=Path(tmp) / "ch",
            input=lines,
            capture_output=True,
            text=True,
            check=True,
        )
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


class PlaceIds:
    """The id and containing places of a place of the extract contract (name, geonames,
    coordinates), from the gazetteer, the way ingest gets them."""

    def __init__(self) -> None:
        from chronicle.extract.gazetteer import Gazetteer, name_key

        self.gaz, self.key = Gazetteer(), name_key
        self.parent_of: dict[str, str | None] = {}
        self.names: dict[str, str] = {}

    def resolve(self, place: dict[str, Any]) -> str:
        from chronicle.content.records import slugify

        if place.get("id"):
            pid = str(place["id"])
            self.names.setdefault(pid, place.get("name") or pid)
            self.parent_of.setdefault(pid, place.get("parent"))
            return pid
        key = self.key(place.get("name") or "")
        found = self.gaz.lookup([key]).get(key, []) if key else []
        rec = next(
            (r for r in found if place.get("geonames") and r.geonames == place["geonames"]), None
        )
        rec = rec or next(
            (r for r in found if (r.lat, r.lon) == (place.get("lat"), place.get("lon"))), None
        )
        if rec is None:
            pid = slugify(place.get("name") or place.get("text") or "place")
            self.parent_of.setdefault(pid, None)
            self.names.setdefault(pid, place.get("name") or pid)
            return pid
        node = rec
        while node is not None and node.id not in self.parent_of:
            self.parent_of[node.id] = node.parent
            self.names[node.id] = node.name
            node = self.gaz.get(node.parent) if node.parent else None
        return rec.id


def contract_events(line: dict[str, Any], text: str) -> list[dict[str, Any]]:
    """The line's "events" (issue 14's contract) when it has them; else events made as
    `chronicle.extract.events` makes them today: one per dated point in a sentence, with the
    sentence's places (indices into the line's places)."""
    if isinstance(line.get("events"), list):
        return line["events"]
    from chronicle.extract.events import timeline_value
    from chronicle.extract.sentences import sentence_spans

    spans = sentence_spans(text)
    events, seen = [], set()
    for d in line["dates"]:
        value = timeline_value(d.get("value")) if d.get("type") == "DATE" else None
        if value is None or len(value) > 10 or "T" in value:
            continue
        span = next(((s, e) for s, e in spans if s <= d["start"] < e), None)
        if span is None or (value, span[0]) in seen:
            continue
        seen.add((value, span[0]))
        places = [
            k
            for k, p in enumerate(line["places"])
            if p.get("use", "place") == "place" and span[0] <= p["start"] < span[1]
        ]
        events.append(
            {
                "start": span[0],
                "end": span[1],
                "sentence": " ".join(text[span[0] : span[1]].split()),
                "date": value,
                "places": places,
                "date_start": d["start"],
            }
        )
    return events


def choose_main(events: list[dict[str, Any]], smaller_than_country: Any) -> int | None:
    """The event the report is about: extraction's `main` when it gives one; else, in text
    order, the first event with a day-precise date at a place smaller than a country, then
    at any place, then any dated event with a place smaller than a country, with a place,
    any; a date that opens the text (a dateline: the publication date) only when nothing
    else is dated."""
    marked = [k for k, e in enumerate(events) if e.get("main")]
    if marked:
        return marked[0]

    def day(e: dict[str, Any]) -> bool:
        return date_span(e["date"]).precision == "day"

    dated = [k for k, e in enumerate(events) if e.get("date")]
    usable = [k for k in dated if events[k].get("date_start", events[k].get("start", 1)) != 0]
    for test in (
        lambda e: day(e) and smaller_than_country(e),
        lambda e: day(e) and e["places"],
        lambda e: smaller_than_country(e),
        lambda e: bool(e["places"]),
        lambda e: True,
    ):
        for k in usable:
            if test(events[k]):
                return k
    return dated[0] if dated else None


def _actor_id(actor: Any) -> str | None:
    if isinstance(actor, dict):
        return actor.get("id") or actor.get("name")
    return actor if isinstance(actor, str) else None


def fakes_mentions(
    folder: Path, rows: list[dict[str, str]], lines: list[dict[str, Any]], ids: PlaceIds
) -> tuple[list[Mention], dict[str, Mention]]:
    """Every event of every article as a Mention; and each article's main one."""
    mentions: list[Mention] = []
    main_of: dict[str, Mention] = {}
    for line in lines:  # every place known first: which are countries
        for p in line["places"]:
            if p.get("use", "place") == "place":
                ids.resolve(p)
    containment = _Places(ids.parent_of)
    for row, line in zip(rows, lines, strict=True):
        text = (folder / row["file"]).read_text(encoding="utf-8")
        events = contract_events(line, text)

        def smaller_than_country(ev: dict[str, Any], line: dict[str, Any] = line) -> bool:
            return any(
                not containment.is_country(ids.resolve(line["places"][i]))
                for i in ev.get("places", [])
                if isinstance(i, int) and 0 <= i < len(line["places"])
            )

        main = choose_main(events, smaller_than_country)
        slug = Path(row["file"]).stem
        published = _day(line.get("published") or row["published"])
        for k, ev in enumerate(events):
            if not ev.get("date"):
                continue
            places = tuple(
                dict.fromkeys(
                    ids.resolve(line["places"][i])
                    for i in ev.get("places", [])
                    if isinstance(i, int) and 0 <= i < len(line["places"])
                )
            )
            sentence = ev.get("sentence") or ""
            m = Mention(
                entry=slug,
                file=row["file"],
                outlet=row.get("source") or None,
                url=None,
                published=published,
                anchor="ev-" + hashlib.sha1(f"{row['file']}\0{k}".encode()).hexdigest()[:10],
                date=ev["date"],
                mod=ev.get("mod"),
                places=places,
                event_type=ev.get("event_type"),
                sub_event_type=ev.get("sub_event_type"),
                actor1=_actor_id(ev.get("actor1")),
                actor2=_actor_id(ev.get("actor2")),
                sentence=sentence,
                main=k == main,
                background=bool(ev.get("background")),
                position=k,
                **{f: ev.get(f) if isinstance(ev.get(f), int) else None for f in FACTS},
            )
            mentions.append(m)
            if m.main:
                main_of[row["file"]] = m
    return mentions, main_of


def score(folder: Path, path: Path) -> dict[str, str]:
    done = subprocess.run(
        [sys.executable, str(SCORER), "incidents-fakes", str(folder), "--incidents", str(path)],
        capture_output=True,
        text=True,
    )
    if done.returncode not in (0, 1):
        sys.exit(f"score.py failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    last = [ln for ln in done.stdout.splitlines() if ln.startswith("SCORES ")][-1]
    return dict(kv.split("=", 1) for kv in last.split()[2:])


def grouping_json(groups: list[list[str]]) -> list[dict[str, Any]]:
    """A minimal incidents.json holding each article once, as its main source."""
    return [
        {"id": f"g{n}", "sources": [{"file": f, "entry": f, "main": True} for f in files]}
        for n, files in enumerate(groups)
    ]


def spread(incidents: list[dict[str, Any]], gold: dict[str, dict[str, str]]) -> dict[str, int]:
    """Incidents holding, as their main event, reports whose coded governorates differ or
    whose coded dates are more than 3 days apart (what the goal forbids; a report's other
    events may rightly be another report's main incident)."""
    govs = days = 0
    for inc in incidents:
        files = {s["file"] for s in inc["sources"] if s["file"] in gold and s["main"]}
        if len(files) < 2:
            continue
        govs += len({gold[f]["location"] for f in files}) > 1
        coded = [date.fromisoformat(gold[f]["fakes_date"]) for f in files]
        days += (max(coded) - min(coded)).days > 3
    return {"different_governorates": govs, "dates_over_3_days": days}


def main_dates(rows: list[dict[str, str]], main_of: dict[str, Mention]) -> dict[str, int]:
    """How far the chosen main event's date is from the coded incident date."""
    out = {"same_day": 0, "one_day": 0, "further": 0, "not_a_day": 0, "no_main": 0}
    for r in rows:
        m = main_of.get(r["file"])
        if m is None:
            out["no_main"] += 1
            continue
        span = date_span(m.date)
        if span.precision != "day":
            out["not_a_day"] += 1
            continue
        gap = abs(span.start - date.fromisoformat(r["fakes_date"]).toordinal())
        out["same_day" if gap == 0 else "one_day" if gap == 1 else "further"] += 1
    return out


def gold_components(rows: list[dict[str, str]]) -> list[list[str]]:
    """The coded relation (same governorate, dates at most a day apart, same cause or one
    unknown) closed transitively: the best a grouping into incidents can do with the codes."""
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(rows):
        for j in range(i + 1, len(rows)):
            b = rows[j]
            causes = {a["cause_of_death"], b["cause_of_death"]}
            gap = abs(
                (date.fromisoformat(a["fakes_date"]) - date.fromisoformat(b["fakes_date"])).days
            )
            if (
                a["location"] == b["location"]
                and gap <= 1
                and (len(causes) == 1 or "unknown" in causes)
            ):
                parent[find(i)] = find(j)
    groups: dict[int, list[str]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[find(i)].append(r["file"])
    return list(groups.values())


def fakes(folder: Path, out: Path, cmd: list[str], saved: Path | None = None) -> dict[str, Any]:
    rows = read_index(folder)
    t = time.perf_counter()
    if saved:
        lines = [json.loads(x) for x in saved.read_text(encoding="utf-8").splitlines() if x]
    else:
        lines = run_extract(folder, rows, cmd)
    extract_s = time.perf_counter() - t
    out.mkdir(parents=True, exist_ok=True)
    with (out / "extract.jsonl").open("w", encoding="utf-8") as fh:  # for a closer look
        fh.writelines(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    ids = PlaceIds()
    mentions, main_of = fakes_mentions(folder, rows, lines, ids)
    out.mkdir(parents=True, exist_ok=True)
    gold = {r["file"]: r for r in rows}
    results: dict[str, Any] = {
        "articles": len(rows),
        "mentions": len(mentions),
        "with_events_key": sum("events" in line for line in lines),
        "extract_seconds": round(extract_s, 1),
        "main_date_vs_coded": main_dates(rows, main_of),
    }
    for slack in (0, 1):
        t = time.perf_counter()
        incidents = merge_incidents(mentions, ids.parent_of, None, ids.names, day_slack=slack)
        merge_s = time.perf_counter() - t
        exported = incidents_json(incidents)
        name = "incidents.json" if slack == 0 else f"incidents-day-slack-{slack}.json"
        (out / name).write_text(json.dumps(exported, ensure_ascii=False, indent=1), "utf-8")
        results["chronicle" if slack == 0 else f"chronicle_day_slack_{slack}"] = {
            **score(folder, out / name),
            **spread(exported, gold),
            "merge_seconds": round(merge_s, 3),
        }
    results["near_merges_day_slack_1"] = near_bands(mentions, ids, rows)
    # Baselines: every article alone; mains grouped by governorate + day (Chronicle's own
    # main event; and the coded ones, the gold's own grouping made transitive).
    places = _Places(ids.parent_of)
    baselines = {
        "singletons": [[r["file"]] for r in rows],
    }
    by_key: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for r in rows:
        m = main_of.get(r["file"])
        where = None
        if m is not None:
            core = places.core(m.places)
            where = next((places.admin1(p) or p for p in core), None)
        key = (where, m.date) if m is not None and where else ("alone", r["file"])
        by_key[key].append(r["file"])
    baselines["governorate_day"] = list(by_key.values())
    coded: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in rows:
        coded[r["location"], r["fakes_date"]].append(r["file"])
    baselines["coded_governorate_day"] = list(coded.values())
    baselines["coded_gold_components"] = gold_components(rows)
    for name, groups in baselines.items():
        path = out / f"baseline-{name}.json"
        data = grouping_json(groups)
        path.write_text(json.dumps(data), encoding="utf-8")
        results[name] = {**score(folder, path), **spread(data, gold)}
    (out / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    return results


def _related(a: dict[str, str], b: dict[str, str]) -> bool:
    """The coded relation of `gold_components`, for one pair of articles."""
    causes = {a["cause_of_death"], b["cause_of_death"]}
    gap = abs((date.fromisoformat(a["fakes_date"]) - date.fromisoformat(b["fakes_date"])).days)
    return a["location"] == b["location"] and gap <= 1 and (len(causes) == 1 or "unknown" in causes)


def near_bands(mentions: list[Mention], ids: Any, rows: list[dict[str, str]]) -> dict[str, Any]:
    """The near merges (issue 16) as the build makes them, and a wider band for comparison:
    per half-point band below MERGE_SCORE, the pairs of incidents raised and how many join
    two articles FA-KES codes as one happening (`_related`, between their main reports)."""
    import chronicle.site.incidents as engine

    gold = {r["file"]: r for r in rows}
    kept = engine.NEAR_MARGIN
    engine.NEAR_MARGIN = 2.0  # the band below the build's, to see what a wider one adds
    try:
        grouping = engine.group_mentions(
            mentions, ids.parent_of, None, ids.names, day_slack=DAY_SLACK
        )
    finally:
        engine.NEAR_MARGIN = kept
    by_id = {i.id: i for i in grouping.incidents}

    def mains(incident_id: str) -> set[str]:
        return {s.file for s in by_id[incident_id].sources if s.main and s.file in gold}

    bands: dict[str, dict[str, int]] = {}
    for near in grouping.near:
        low = engine.MERGE_SCORE - 0.5 * (1 + int((engine.MERGE_SCORE - near.score - 1e-9) / 0.5))
        band = bands.setdefault(
            f"{low:g}-{low + 0.5:g}", {"pairs": 0, "main_pairs": 0, "coded_one": 0}
        )
        band["pairs"] += 1
        a, b = mains(near.first), mains(near.second)
        if a and b:
            band["main_pairs"] += 1
            band["coded_one"] += any(_related(gold[x], gold[y]) for x in a for y in b)
    return {"margin": kept, "bands": dict(sorted(bands.items(), reverse=True))}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="what", required=True)
    sp = sub.add_parser("speed", help="time merging on generated mentions")
    sp.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    sp.add_argument("--runs", type=int, default=3)
    sp.add_argument(
        "--constant-density",
        action="store_true",
        help="the period grows with the size (10,000 entries' reports per day)",
    )
    fp = sub.add_parser("fakes", help="merge fakes-dev and score it")
    fp.add_argument("dir", type=Path)
    fp.add_argument("--out", type=Path, default=HERE / "out" / "incidents")
    fp.add_argument(
        "--chronicle",
        default=f"{sys.executable} -m chronicle",
        help="the chronicle command whose `extract --jsonl` is used (default: this one)",
    )
    fp.add_argument(
        "--lines",
        type=Path,
        help="merge the extract lines an earlier run kept (OUT/extract.jsonl) instead",
    )
    args = ap.parse_args()
    os.environ.setdefault("CHRONICLE_PAGEFIND", "")
    if args.what == "speed":
        speed(args.sizes, args.runs, args.constant_density)
    else:
        print(
            json.dumps(fakes(args.dir, args.out, shlex.split(args.chronicle), args.lines), indent=1)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
