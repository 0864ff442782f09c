"""Incidents (or events) per week as an SVG bar chart, drawn at build time (no JavaScript).

This module works out the chart's geometry (`Chart`: bars, ticks, labels, legend); the
theme's `chart_svg` macro (`_macros.html`) writes it as SVG.

Bars are stacked by a group (the country, or the province, of each event's place) and each
bar links to the first of its events in the timeline. Only events dated to the day or the
week have a week; events dated only to a month or a year are counted apart and said so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

from chronicle.site.model import Place, When


class Dated(Protocol):
    """What a chart counts: an event or an incident."""

    @property
    def when(self) -> When: ...
    @property
    def places(self) -> list[Place]: ...
    @property
    def sort_key(self) -> tuple[Any, ...]: ...
    @property
    def url(self) -> str: ...


# Colours that read on the light and the dark background alike.
PALETTE = ("#c0392b", "#2e86c1", "#b9770e", "#239b56", "#8e44ad", "#d35400", "#17a589", "#7f8c8d")
OTHER = "#95a5a6"
UNPLACED = "Unplaced"
UNKNOWN_COUNTRY = "Country unknown"

WIDTH, HEIGHT = 800, 180
LEFT, RIGHT, TOP, BOTTOM = 34, 8, 10, 26
MIN_WEEKS = 26


@dataclass
class Bar:
    """One week's bar: a link to its first event, and a rectangle per group."""

    href: str
    label: str  # "Week of 5 June 2017: 3 incidents (Iraq 2, Syria 1)"
    rects: list[tuple[str, str, str, str, str]]  # x, y, width, height, colour
    week: int = 0  # the week's number from the chart's first (filters redraw the bar)


@dataclass
class Chart:
    legend: list[tuple[str, str, int]]  # (group label, colour, events)
    charted: int = 0
    not_charted: int = 0  # month/year precision or outside the period
    weeks: int = 0
    caption: str = ""
    groups: dict[str, str] = field(default_factory=dict)
    # The drawing, in SVG user units (numbers already written as the SVG shows them):
    width: int = WIDTH
    height: int = HEIGHT
    label: str = ""  # the chart's accessible name
    left: int = LEFT
    right: int = WIDTH - RIGHT
    grid: list[tuple[str, str, int]] = field(default_factory=list)  # y, label's y, count
    months: list[tuple[str, str, str]] = field(default_factory=list)  # x, label's x, label
    axis_y: int = HEIGHT - BOTTOM  # the baseline
    label_y: int = HEIGHT - 8  # the month labels' baseline
    bars: list[Bar] = field(default_factory=list)
    first: date | None = None  # the Monday of the first week
    noun: str = "incident"  # what it counts

    def __bool__(self) -> bool:
        return bool(self.bars)

    def week(self, item: Dated) -> int | None:
        """The number of the week an item is counted in (filters redraw the bars), if any."""
        if self.first is None or item.when.precision not in ("day", "week"):
            return None
        n = (week_start(item.when.start) - self.first).days // 7
        return n if 0 <= n < self.weeks else None


def week_start(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _country_name(place: Place, countries: dict[str, str]) -> str:
    top = place.chain[0] if place.chain else place
    if top.kind == "country":
        return top.name
    code = (place.country or top.country or "").upper()
    if code in countries:
        return countries[code]
    if code:
        try:
            import pycountry

            found = pycountry.countries.get(alpha_2=code)
            if found is not None:
                return getattr(found, "common_name", None) or found.name
        except (ImportError, LookupError):
            pass
        return code
    return UNKNOWN_COUNTRY


def country_of(event: Dated, countries: dict[str, str] | None = None) -> str:
    """The country of the event's first place: the top of its chain when that is a
    country, else the country its ISO code names."""
    for place in event.places:
        return _country_name(place, countries or {})
    return UNPLACED


def province_of(event: Dated, countries: dict[str, str] | None = None) -> str:
    """The admin1 containing (or being) the event's first place; else its country."""
    for place in event.places:
        for node in [*place.chain, place]:
            if node.kind == "admin1":
                return node.name
        return country_of(event, countries)
    return UNPLACED


def group_for(place: Place | None, places: list[Place] | None = None) -> Callable[[Dated], str]:
    """Timeline: by country. A place's page: by province (country where none is known)."""
    countries = {
        p.country.upper(): p.name for p in places or [] if p.kind == "country" and p.country
    }
    if place is None:
        return lambda e: country_of(e, countries)
    return lambda e: province_of(e, countries)


def _ticks(top: int) -> list[int]:
    if top <= 4:
        return list(range(0, top + 1))
    step = max(1, round(top / 4))
    return list(range(0, top + 1, step))


def weekly_chart(
    events: list[Dated],
    group: Callable[[Dated], str],
    href: Callable[[Dated], str],
    when_label: Callable[[date], str],
    month_label: Callable[[int, int, bool], str],
    start: date | None = None,
    end: date | None = None,
    noun: str = "incident",
) -> Chart:
    """The chart of `events`; `start`/`end` fix the span (else the events' own span)."""
    dated = [e for e in events if e.when.precision in ("day", "week")]
    if start is not None:
        dated = [e for e in dated if e.when.start >= start]
    if end is not None:
        dated = [e for e in dated if e.when.start <= end]
    not_charted = len(events) - len(dated)
    if not dated:
        return Chart([], 0, not_charted, noun=noun)
    first = week_start(start or min(e.when.start for e in dated))
    last = week_start(end or max(e.when.start for e in dated))
    n = (last - first).days // 7 + 1
    if n < MIN_WEEKS:  # a few weeks: widen the span, thin the bars
        before = (MIN_WEEKS - n) // 2
        first -= timedelta(weeks=before)
        last += timedelta(weeks=MIN_WEEKS - n - before)
        n = MIN_WEEKS

    by_week: dict[int, list[Dated]] = {}
    totals: dict[str, int] = {}
    group_of: dict[int, str] = {}  # each event's group, worked out once
    for e in sorted(dated, key=lambda e: e.sort_key):
        by_week.setdefault((week_start(e.when.start) - first).days // 7, []).append(e)
        g = group_of[id(e)] = group(e)
        totals[g] = totals.get(g, 0) + 1
    ranked = sorted(totals, key=lambda g: (g in (UNPLACED, UNKNOWN_COUNTRY), -totals[g], g))
    named = [g for g in ranked if g not in (UNPLACED, UNKNOWN_COUNTRY)][: len(PALETTE) - 1]
    colours = {g: PALETTE[named.index(g)] if g in named else OTHER for g in ranked}
    legend = [(g, colours[g], totals[g]) for g in named]
    rest = sum(totals[g] for g in ranked if g not in named)
    if rest:
        only = [g for g in ranked if g not in named]
        legend.append((only[0] if len(only) == 1 else "Other places", OTHER, rest))

    top = max(len(v) for v in by_week.values())
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    bar_w = plot_w / n
    gap = min(2.0, bar_w * 0.2)
    y = lambda count: TOP + plot_h - plot_h * count / top  # noqa: E731

    chart = Chart(legend, len(dated), not_charted, n, groups=colours, first=first, noun=noun)
    chart.label = (
        f"{noun.capitalize()}s per week, "
        f"{when_label(first)} to {when_label(last + timedelta(days=6))}"
    )
    for tick in _ticks(top):
        ty = round(y(tick), 1)
        chart.grid.append((str(ty), str(ty + 4), tick))
    # x axis: a label at each month (or each year, when the span is long)
    months = sorted({(first + timedelta(weeks=i)).replace(day=1) for i in range(n)})
    every = 1 if len(months) <= 14 else (3 if len(months) <= 42 else 12)
    year_shown = False
    for m in months:
        if (m.month - 1) % every:
            continue
        if m < first:
            continue
        x = LEFT + (m - first).days / 7 * bar_w
        text = (
            month_label(m.year, m.month, m.month == 1 or not year_shown)
            if every < 12
            else str(m.year)
        )
        year_shown = True
        chart.months.append((f"{x:.1f}", f"{x + 2:.1f}", text))
    for index in sorted(by_week):
        week = by_week[index]
        monday = first + timedelta(weeks=index)
        counts: dict[str, int] = {}
        for e in week:
            g = group_of[id(e)]
            counts[g] = counts.get(g, 0) + 1
        parts = ", ".join(
            f"{g} {c}" for g, c in sorted(counts.items(), key=lambda kv: ranked.index(kv[0]))
        )
        label = (
            f"Week of {when_label(monday)}: {len(week)} {noun}"
            f"{'' if len(week) == 1 else 's'} ({parts})"
        )
        x = LEFT + index * bar_w + gap / 2
        bar = Bar(href(week[0]), label, [], index)
        stacked = 0
        for g in sorted(counts, key=ranked.index):
            y0, y1 = y(stacked), y(stacked + counts[g])
            width = f"{max(bar_w - gap, 1):.2f}"
            bar.rects.append((f"{x:.2f}", f"{y1:.2f}", width, f"{y0 - y1:.2f}", colours[g]))
            stacked += counts[g]
        chart.bars.append(bar)
    chart.caption = (
        f"{len(dated)} {noun}{'s' if len(dated) != 1 else ''} in the weeks from "
        f"{when_label(first)} to {when_label(last + timedelta(days=6))}"
    )
    return chart
