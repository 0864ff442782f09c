"""The incidents of a place or of an actor paged by time, as the timeline is.

A place or an actor with more than `SHORT_LIST` incidents gets one page per year under its
own page (`places/mosul/2017.html`; a long year split by month, `places/mosul/2017-06.html`),
made by the timeline's own `grouping.paginate`: the same splitting, the same previous/next
links. Its own page then lists the years, as the timeline's index does. A page's address
follows from the owner's id and the incidents' dates alone, so it is stable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from chronicle.site.grouping import TimelinePage, paginate
from chronicle.site.model import Actor, Incident, Place

SHORT_LIST = 100  # incidents a place or an actor lists on its own page before paging


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
    return found


def place_ids(incidents: Iterable[Incident]) -> set[str]:
    """The ids of the incidents' places and of every place containing them."""
    ids: set[str] = set()
    for incident in incidents:
        for place in incident.places:
            ids.add(place.id)
            ids.update(p.id for p in place.chain)
    return ids
