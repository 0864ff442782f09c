"""Speed of the temporal tagger: articles per second on one core, for a 600-word article.

    .venv/bin/python bench/bench_dates.py [--seconds 3]

The article is hand-written war reporting dense in dates (no corpus text is shipped).
CPU time of this process is measured (not wall time), so a busy machine inflates the
figures less; they still vary with load (other processes share the caches and the core's
other hyper-thread). The rate is given over the whole run and for the fastest of its
blocks of about 0.2 s: on a quiet machine the two agree; on a busy one the best block is
the closer to what the code does alone. Figures go to bench/dates.md.
"""

from __future__ import annotations

import argparse
import time
from datetime import date

from chronicle.extract.dates import infer_published, tag_dates

PARAGRAPHS = [
    "Iraqi forces on Friday entered the western neighborhoods of the city, a key stronghold of the "
    "militant group, which replied with deadly suicide attacks, officials said. The elite Rapid Response "
    "force, which retook the airport on Thursday, kept its momentum and broke into the adjacent district.",
    "Government troops regained control over the eastern half of the city in January after three months "
    "of fighting. Operations for the western side of the city were launched in mid-February, and generals "
    "say a few hundred fighters remain in the Old City as a last refuge, where the group declared its rule "
    "over a third of the country in 2014.",
    "Earlier this week, the head of the paramilitary organization said his troops had reached the border. "
    "Last week, the 13th brigade resumed the second phase of operations, launched earlier this month, to "
    "liberate the remaining villages, after the troops announced the capture of the town on May 12.",
    "Violence and armed conflict claimed the lives of 317 civilians and caused injuries to 403 others during "
    "the month of April, according to a monthly United Nations count. The group, almost losing its main "
    "holdout to a security operation running since October, has been escalating attacks elsewhere.",
    "The commander of the 9th division said his armored vehicles will stop at the edge of the old quarter "
    "and that parliament will vote on Sunday on a new security law. Two civilians were killed and six others "
    "wounded this morning when an explosive device went off in a market, about 1,500 meters from the front.",
    "The four-month-old offensive entered a new stage after weeks of fierce resistance. Since Saturday "
    "evening, the army, police and volunteers have been fighting on an island south of the city, leaving "
    "60 militants dead, a source said. Earlier in the day, troops repelled an attack west of the city.",
    "On July 10, 2017, the prime minister announced the liberation of the second largest city from the "
    "militants, who had captured it in June 2014. More than 25,000 militants were killed throughout the "
    "campaign, which started in October 2016 and lasted for more than two and a half years in some areas.",
    "Officials from towns still held by the group since 2014 have pressed the government to hasten its "
    "operations. A spokesman said Thursday that the coalition had carried out 21 strikes last month and that "
    "the campaign would continue into next year. Three days ago, a T-72 tank was destroyed near the bridge.",
    "Aid agencies warned that tens of thousands of people remain trapped in the narrow streets of the old "
    "city, where food and clean water are running out and the wounded cannot reach hospitals. Families who "
    "managed to flee described walking for hours through rubble under sniper fire, carrying children and "
    "elderly relatives, before reaching the positions of the security forces on the edge of the district.",
    "The United Nations said its teams had registered more than 8,000 newly displaced people at camps south "
    "of the city, bringing the number of those who have left their homes since the start of the offensive "
    "to well over half a million. Camp managers said shelters, blankets and medicine were in short supply.",
    "Military officials said engineers would need several weeks to clear explosives from the main roads "
    "and bridges once the fighting ends, and that reconstruction of the power and water networks could take "
    "years. Local officials appealed to the government and foreign donors for help, saying the province "
    "could not rebuild on its own after the destruction of the past three years.",
]
ARTICLE = "\n\n".join(PARAGRAPHS)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=3.0, help="how long to run (default 3)")
    ap.add_argument(
        "files", nargs="*", help="also time these text files (e.g. ../shared/seeds/*.txt)"
    )
    args = ap.parse_args()
    words = len(ARTICLE.split())
    published = date(2017, 7, 24)
    mentions = tag_dates(ARTICLE, published)  # warm-up (compiles nothing: regexes are module-level)
    n, t0 = 0, time.process_time()
    best = 0.0
    while time.process_time() - t0 < args.seconds:
        b0, k = time.process_time(), 0
        while time.process_time() - b0 < 0.2:
            tag_dates(ARTICLE, published)
            k += 1
        best = max(best, k / (time.process_time() - b0))
        n += k
    rate = n / (time.process_time() - t0)
    n2, t1 = 0, time.process_time()
    while time.process_time() - t1 < args.seconds / 3:
        infer_published(ARTICLE)
        n2 += 1
    rate2 = n2 / (time.process_time() - t1)
    print(f"article: {words} words, {len(ARTICLE)} characters, {len(mentions)} mentions")
    print(
        f"tag_dates: {rate:.0f} articles/s ({1000 / rate:.2f} ms per article), one core, CPU time; "
        f"best block {best:.0f} articles/s"
    )
    print(f"infer_published: {rate2:.0f} articles/s")
    for path in args.files:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        n, t0 = 0, time.process_time()
        while time.process_time() - t0 < args.seconds / 3:
            tag_dates(text, published)
            n += 1
        print(f"{path}: {len(text.split())} words, {n / (time.process_time() - t0):.0f} articles/s")


if __name__ == "__main__":
    main()
