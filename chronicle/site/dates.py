"""Dates as a reader of the chronicle's `language` says them.

English keeps the model's own labels ("8 June 2017", "week of 29 May 2017"). Other
languages take day and month names and the order of day, month and year from the CLDR data
in Babel; the few phrases around them ("week of", "early", "mid-", "late", "about") come
from a small table, falling back to English for a language it lacks. An unknown language
code falls back to English altogether.
"""

from __future__ import annotations

from datetime import date

from chronicle.site.model import MONTHS, When, format_day

# language -> (week of {date}, early {x}, mid-{x}, late {x}, about {x}, during the year)
_PHRASES: dict[str, dict[str, str]] = {
    "fr": {
        "week": "semaine du {}",
        "START": "début {}",
        "MID": "mi-{}",
        "END": "fin {}",
        "APPROX": "vers {}",
        "year": "Dans l’année",
        "unknown": "date inconnue",
    },
    "de": {
        "week": "Woche vom {}",
        "START": "Anfang {}",
        "MID": "Mitte {}",
        "END": "Ende {}",
        "APPROX": "etwa {}",
        "year": "Im Lauf des Jahres",
        "unknown": "Datum unbekannt",
    },
    "es": {
        "week": "semana del {}",
        "START": "principios de {}",
        "MID": "mediados de {}",
        "END": "finales de {}",
        "APPROX": "hacia {}",
        "year": "Durante el año",
        "unknown": "fecha desconocida",
    },
    "ar": {
        "week": "أسبوع {}",
        "START": "أوائل {}",
        "MID": "منتصف {}",
        "END": "أواخر {}",
        "APPROX": "حوالي {}",
        "year": "خلال العام",
        "unknown": "تاريخ غير معروف",
    },
    "ru": {
        "week": "неделя с {}",
        "START": "начало {}",
        "MID": "середина {}",
        "END": "конец {}",
        "APPROX": "около {}",
        "year": "В течение года",
        "unknown": "дата неизвестна",
    },
    "uk": {
        "week": "тиждень з {}",
        "START": "початок {}",
        "MID": "середина {}",
        "END": "кінець {}",
        "APPROX": "близько {}",
        "year": "Протягом року",
        "unknown": "дата невідома",
    },
}
_ENGLISH = {
    "week": "week of {}",
    "START": "early {}",
    "MID": "mid-{}",
    "END": "late {}",
    "APPROX": "about {}",
    "year": "During the year",
    "unknown": "date unknown",
}


class DateLabels:
    """Date labels in one language: `when(w)`, `day(d)`, `month(year, month)`."""

    def __init__(self, language: str = "en") -> None:
        self.language = (language or "en").replace("-", "_")
        self.locale = None
        base = self.language.split("_")[0].lower()
        if base != "en":
            try:
                from babel import Locale, UnknownLocaleError

                try:
                    self.locale = Locale.parse(self.language)
                except (UnknownLocaleError, ValueError):
                    self.locale = None
            except ImportError:  # pragma: no cover - babel is a dependency
                self.locale = None
        self.phrases = {**_ENGLISH, **_PHRASES.get(base, {})} if self.locale else _ENGLISH

    @property
    def english(self) -> bool:
        return self.locale is None

    def day(self, d: date | None) -> str:
        if d is None:
            return self.phrases["unknown"]
        if self.english:
            return format_day(d)
        from babel.dates import format_date

        return format_date(d, "long", locale=self.locale)

    def month(self, year: int, month: int) -> str:
        if self.english:
            return f"{MONTHS[month - 1]} {year}"
        from babel.dates import format_skeleton

        return format_skeleton("yMMMM", date(year, month, 1), locale=self.locale)

    def short_month(self, year: int, month: int, with_year: bool = True) -> str:
        """An axis label: "Oct", or "Jan 2017" where the year is needed."""
        if self.english:
            name = MONTHS[month - 1][:3]
        else:
            from babel.dates import format_date

            name = format_date(date(year, month, 1), "LLL", locale=self.locale)
        return f"{name} {year}" if with_year else name

    def month_name(self, month: int) -> str:
        """The month's name alone, as a heading ("June")."""
        if self.english:
            return MONTHS[month - 1]
        from babel.dates import format_date

        return format_date(date(2000, month, 1), "LLLL", locale=self.locale)

    def during_year(self) -> str:
        return self.phrases["year"]

    def when(self, w: When) -> str:
        if self.english:
            return w.label()
        p, s = w.precision, w.start
        if p == "day":
            return self.day(s)
        if p == "week":
            return self.phrases["week"].format(self.day(s))
        if p == "month":
            text = self.month(s.year, s.month)
        elif p == "year":
            text = str(s.year)
        else:
            text = f"{s.year}s"
        mod = (
            self.phrases.get(w.mod or "", "") if w.mod in ("START", "MID", "END", "APPROX") else ""
        )
        return mod.format(text) if mod else text
