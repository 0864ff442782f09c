"""The incidents of a place or of an actor paged by time, as the timeline is.

A place or an actor with more than `SHORT_LIST` incidents gets one page per year under its
own page (`places/mosul/2017.html`; a long year split by month, `places/mosul/2017-06.html`),
made by the timeline's own `grouping.paginate`: the same splitting, the same previous/next
links. Its own page then lists the years, as the timeline's index does. A page's address
follows from the owner's id and the incidents' dates alone, so it is stable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from chronicle.site.grouping import TimelinePage, paginate
from chronicle.site.model import Actor, Entry, Incident, Place, entry_order

SHORT_LIST = 100  # incidents a place or an actor lists on its own page before paging
RECENT_REPORTS = 50  # reports a paged owner's own page lists (the others: on their year's)


def paged(incidents: list[Incident], base: str) -> list[TimelinePage]:
    """The pages of `incidents` (sorted by date) under `base` ("places/mosul"); none when
    they fit on one page."""
    if len(incidents) <= SHORT_LIST:
        return []
    pages = paginate(incidents)
    for page in pages:
        # paginate names the timeline's pages ("timeline/2017.html"): the same names under
        # the owner's folder.
        page.path = base + page.path[len("timeline") :]
    return pages


@dataclass
class OwnerPages:
    """A place's or an actor's pages of incidents, with what their templates show."""

    owner: Place | Actor
    kind: str  # "place", "actor"
    pages: list[TimelinePage]
    # Paged: the reports the owner's own page lists (the most recent, and those of years
    # without a page), and those each year's page lists (by year of publication).
    listed: list[Entry] = field(default_factory=list)
    reports: dict[int, list[Entry]] = field(default_factory=dict)

    @property
    def index(self) -> str:
        """The owner's own page: the pages' index."""
        return self.owner.url

    @property
    def base(self) -> str:
        """The folder of its pages ("places/mosul")."""
        return self.owner.url.removesuffix(".html")

    @property
    def years(self) -> list[TimelinePage]:
        return [p for p in self.pages if p.month is None]


def owner_pages(owner: Place | Actor) -> OwnerPages:
    kind = "place" if isinstance(owner, Place) else "actor"
    found = OwnerPages(owner, kind, [])
    found.pages = paged(owner.incidents, found.base)
    if found.pages:
        found.listed, found.reports = _share_reports(owner.entries, found.years)
    return found


def _share_reports(
    entries: list[Entry], years: list[TimelinePage]
) -> tuple[list[Entry], dict[int, list[Entry]]]:
    """(the reports the owner's page lists, the reports of each year's page), newest first:
    thousands of reports name a country, too many for one page. A year's page lists every
    report of that year; the owner's page the most recent and those of years without a page."""
    newest = sorted(entries, key=entry_order)
    with_page = {p.year for p in years}
    by_year: dict[int, list[Entry]] = {}
    listed = newest[:RECENT_REPORTS]
    for n, entry in enumerate(newest):
        year = entry.published.year if entry.published else None
        if year in with_page:
            by_year.setdefault(year, []).append(entry)
        elif n >= RECENT_REPORTS:
            listed.append(entry)
    return listed, by_year


def place_ids(incidents: Iterable[Incident]) -> set[str]:
    """The ids of the incidents' places and of every place containing them."""
    ids: set[str] = set()
    for incident in incidents:
        for place in incident.places:
            ids.add(place.id)
            ids.update(p.id for p in place.chain)
    return ids
