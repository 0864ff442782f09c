"""Which countries a batch of articles is about: the chronicle's `region` when none is
configured.

Cheap by design (one pass of a regular expression and a dict per article, no gazetteer
query per word), so ingest can run it over a whole batch before the real parse:

    votes = [country_votes(text, gaz) for text in texts]   # or infer_region(texts, gaz)
    region = infer_region(votes)                           # ["SY", "IQ"]

An article names its countries by name ("Syria", "the United States", "U.S."), by demonym
("Syrian", "Iraqi") and by capital ("Damascus", "Baghdad"). Each article votes for the
countries it names most; the region is the countries most articles vote for. Their
neighbours (`neighbours`) are the ring the geoparser also trusts (see `place_book`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

from chronicle.extract.gazetteer import Gazetteer
from chronicle.extract.name_keys import fold, name_key
from chronicle.extract.place_lexicon import IRREGULAR_DEMONYMS, demonyms

# A capitalized run of up to four words ("United Arab Emirates", "U.S.", "Saudi Arabia")
_RUN = re.compile(r"(?:[A-Z]\.){2,}|[A-Z][\w'’-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’-]*){0,3}")
# A country is in the region when at least this share of the voting articles vote for it
REGION_SHARE = 0.25
MAX_REGION = 4


@lru_cache(maxsize=1)
def _borders() -> dict[str, tuple[str, ...]]:
    """ISO alpha-2 -> its land neighbours (countryinfo's `borders`, MIT data)."""
    import countryinfo

    infos = [c.info() for c in countryinfo.all_countries()]
    alpha2 = {
        str(i["ISO"]["alpha3"]).upper(): str(i["ISO"]["alpha2"]).upper()
        for i in infos
        if (i.get("ISO") or {}).get("alpha3") and (i.get("ISO") or {}).get("alpha2")
    }
    out: dict[str, tuple[str, ...]] = {}
    for info in infos:
        cc = str((info.get("ISO") or {}).get("alpha2") or "").upper()
        if cc:
            near = {alpha2[a3] for a3 in info.get("borders") or [] if a3 in alpha2}
            out[cc] = tuple(sorted(near))
    return out


def neighbours(iso2: str) -> tuple[str, ...]:
    """The countries that share a land border with `iso2` ("SY" -> IL, IQ, JO, LB, TR)."""
    return _borders().get(iso2.upper(), ())


def with_neighbours(region: Iterable[str]) -> list[str]:
    """The region and then its neighbours, each once, in a stable order."""
    core = [r.upper() for r in region]
    ring = sorted({n for r in core for n in neighbours(r)} - set(core))
    return core + ring


@lru_cache(maxsize=4)
def _country_words(gaz_path: str) -> tuple[dict[str, str], dict[str, str]]:
    """Name key of each way news name a country -> its ISO code: its names and aliases
    in the gazetteer and its demonyms; and, apart, its capital (which an acronym must not
    match: "SANA", the Syrian news agency, is not Sanaa)."""
    gaz = Gazetteer() if not gaz_path else _open(gaz_path)
    table: dict[str, str] = {}
    for key, cc in gaz.country_keys():
        table.setdefault(key, cc)
    # demonyms by their exact (folded) spelling: a name key would let "They" be "Thai"
    for word, cc in IRREGULAR_DEMONYMS.items():
        table.setdefault("=" + fold(word), cc)
    for cc, rec in gaz.countries().items():
        for form in demonyms(rec.name):
            table.setdefault("=" + fold(form), cc)
    from chronicle.extract.place_text import capital_names

    capitals = {key: cc for cc, key in capital_names().items() if key not in table}
    return table, capitals


def _open(path: str) -> Gazetteer:
    from pathlib import Path

    return Gazetteer(Path(path))


def country_votes(text: str, gazetteer: Gazetteer | None = None) -> Counter[str]:
    """How often `text` names each country (by name, demonym or capital)."""
    table, capitals = _country_words(str(gazetteer.path) if gazetteer is not None else "")
    counts: Counter[str] = Counter()
    for m in _RUN.finditer(text):
        words = m.group().split()
        # the longest known prefix of the run ("Saudi Arabia" before "Saudi")
        i = 0
        while i < len(words):
            for j in range(len(words), i, -1):
                phrase = " ".join(words[i:j])
                cc = _country_of(phrase, table, capitals)
                if cc:
                    counts[cc] += 1
                    i = j
                    break
            else:
                i += 1
    return counts


def _country_of(phrase: str, table: dict[str, str], capitals: dict[str, str]) -> str | None:
    """The country a phrase names, possessive and all ("Syria's", and "Syrias" where
    scraped text lost the apostrophe)."""
    for form in (phrase, re.sub(r"['’]s$|(?<=[a-z])s$", "", phrase)):
        key = name_key(form)
        cc = (
            table.get(key)
            or table.get("=" + fold(form))
            or (None if form.isupper() else capitals.get(key))
        )
        if cc:
            return cc
    return None


def article_vote(counts: Mapping[str, int]) -> list[str]:
    """The countries one article is about: the one it names most (all of them on a tie;
    a country named in passing, "talks in Moscow", does not vote)."""
    if not counts:
        return []
    top = max(counts.values())
    return sorted(cc for cc, n in counts.items() if n == top)


def infer_region(
    batch: Iterable[str] | Iterable[Mapping[str, int]],
    gazetteer: Gazetteer | None = None,
    *,
    share: float = REGION_SHARE,
    limit: int = MAX_REGION,
) -> list[str]:
    """The countries a batch of articles is about, most voted first: those that at least
    `share` of the articles (that name any country) name most. `batch` holds article texts
    or their `country_votes`. Empty when no country is named."""
    votes: Counter[str] = Counter()
    voters = 0
    for item in batch:
        counts = country_votes(item, gazetteer) if isinstance(item, str) else item
        vote = article_vote(counts)
        if vote:
            voters += 1
            votes.update(vote)
    if not voters:
        return []
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
    return [cc for cc, n in ranked if n >= share * voters][:limit]
