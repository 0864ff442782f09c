#!/usr/bin/env python3
"""A generated chronicle -> the same content as a Hugo site and as a Pelican site.

    python bench/export.py bench/out/n1000        # (generate.py calls this itself)
    python bench/export.py --only hugo bench/out/n1000    # rewrite only the Hugo site
    python bench/export.py --check bench/out/n1000        # after building all three sites:
                                                          # event counts per page equal?

reads <dir>/content/entries/*.md and <dir>/content/places/*.md and writes <dir>/hugo/ and
<dir>/pelican/. Both render the page set Chronicle renders, with similar content per page:

    page                 Chronicle                Hugo                    Pelican
    one per entry        entries/<slug>.html      entries/<slug>.html     entries/<slug>.html
    one per place        places/<id>.html         places/<id>.html        places/<id>.html
                         (events at it or inside it, in date order; child places; reports
                          that name it)
    timeline             timeline/index.html      timeline/index.html     timeline/index.html
                         (every event in date order, linking entry and places)
    entries list         entries/index.html       entries/index.html      entries/index.html
    places list          places/index.html        places/index.html       places/index.html
    home, 404            yes                      yes                     home only

What the export computes ahead, for both tools (Chronicle computes it while building):
each event's `in` (its places and all the places containing them, so a place page can pick
the events at it or inside it), its `anchor`, and each place's `chain` (containing places).
These are cheap hash and dict look-ups; the work being compared -- parsing front matter,
Markdown, collecting/sorting events per page, templating, writing -- stays in the tools.
Places become a taxonomy (Hugo) / tags (Pelican) over entries, the idiomatic index each tool
has for "pages that mention X"; their name, kind and description come from a place file.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
HERE = Path(__file__).resolve().parent
THEME_CSS = HERE.parent / "themes" / "default" / "static" / "style.css"


def entry_tags(meta: dict, places: dict) -> list[str]:
    """Every place an entry shows: its places with their chains, then its events' places."""
    tags: list[str] = []
    for pid in meta.get("places") or []:
        for q in [pid, *places[pid]["chain"]]:
            if q not in tags:
                tags.append(q)
    for e in meta.get("events") or []:
        tags += [q for q in e["in"] if q not in tags]
    return tags


def read(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, fm, body = text.split("---\n", 2)
    return yaml.load(fm, Loader=Loader), body.strip()


def anchor(slug: str, e: dict) -> str:
    key = f"{slug}\x00{e['date']}\x00{e.get('mention') or ''}\x00{e.get('sentence') or ''}"
    return "ev-" + hashlib.sha1(key.encode()).hexdigest()[:10]


def load(root: Path) -> tuple[dict[str, dict], list[tuple[str, dict, str]]]:
    places = {}
    for path in sorted((root / "content" / "places").glob("*.md")):
        meta, body = read(path)
        places[path.stem] = {**meta, "id": path.stem, "body": body}
    for p in places.values():
        chain, node = [], p.get("parent")
        while node:
            chain.append(node)
            node = places[node].get("parent")
        p["chain"] = chain[::-1]  # outermost first
    entries, anchors = [], set()
    for path in sorted((root / "content" / "entries").glob("*.md")):
        meta, body = read(path)
        for e in meta.get("events") or []:
            e["date"] = str(e["date"])
            e["anchor"] = anchor(path.stem, e)
            while e["anchor"] in anchors:  # the same words twice (as Chronicle)
                e["anchor"] += "x"
            anchors.add(e["anchor"])
            closure = []
            for pid in e.get("places") or []:
                for q in [pid, *places[pid]["chain"]]:
                    if q not in closure:
                        closure.append(q)
            e["in"] = closure
        entries.append((path.stem, meta, body))
    return places, entries


def dump(meta: dict) -> str:
    return yaml.safe_dump(
        meta, sort_keys=False, allow_unicode=True, width=100000, default_flow_style=None
    )


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def title_of(root: Path) -> str:
    for line in (root / "chronicle.toml").read_text(encoding="utf-8").splitlines():
        if line.startswith("title"):
            return line.split("=", 1)[1].strip().strip('"')
    return "Chronicle"


# --------------------------------------------------------------------------- Hugo

HUGO_CONFIG = """\
baseURL = "/"
title = {title}
languageCode = "en"
uglyURLs = true
relativeURLs = true
disableKinds = ["rss", "sitemap", "robotstxt"]
enableRobotsTXT = false

[taxonomies]
place = "places"

# CommonMark, as Chronicle's markdown-it ("commonmark", no typographer, no linkify)
[markup.goldmark.renderer]
unsafe = false
[markup.goldmark.parser]
autoHeadingID = false
[markup.goldmark.extensions]
definitionList = false
footnote = false
linkify = false
strikethrough = false
table = false
taskList = false
typographer = false
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
<link rel="stylesheet" href="{{ "static/style.css" | relURL }}">
</head>
<body>
<header class="site-header">
  <a class="site-title" href="{{ "index.html" | relURL }}">{{ site.Title }}</a>
  <nav><a href="{{ "timeline/index.html" | relURL }}">Timeline</a>
  <a href="{{ "places/index.html" | relURL }}">Places</a>
  <a href="{{ "entries/index.html" | relURL }}">Reports</a></nav>
</header>
<main id="main">{{ block "main" . }}{{ end }}</main>
<footer class="site-footer"><p>{{ site.Title }} · built with Hugo</p></footer>
</body>
</html>
""",
    # ---- indexes, each built once per build (partialCached) and shared by every page.
    # Collecting uses a Scratch map (SetInMap, then GetSortedMapValues sorts its keys):
    # `append` in a loop copies the whole slice every time (quadratic on a big page).
    # Event sort key: TIMEX value, then entry slug, then anchor (Chronicle: date, precision,
    # slug, anchor; a month's TIMEX "2017-03 " sorts before its days "2017-03-01 ").
    "_partials/all-events.html": """\
{{- /* Every event of every entry, in date order: [{e, p}]. Context: unused. */ -}}
{{- $s := newScratch -}}
{{- range (site.GetPage "/entries").RegularPages -}}{{- $p := . -}}
{{- range .Params.events -}}{{- $s.SetInMap "ev" (printf "%s %s %s" .date $p.Params.slug .anchor) (dict "e" . "p" $p) -}}{{- end -}}
{{- end -}}
{{- return (or ($s.GetSortedMapValues "ev") slice) -}}
""",
    "_partials/place-events.html": """\
{{- /* Events at this place or inside it (their `in` lists it), in date order, each once:
     [{e, p}]. Context: the place's term page; its .Pages are the entries that show it. */ -}}
{{- $id := .Data.Term -}}
{{- $s := newScratch -}}
{{- range .Pages -}}{{- $p := . -}}
{{- range .Params.events -}}{{- if in .in $id -}}{{- $s.SetInMap "ev" (printf "%s %s %s" .date $p.Params.slug .anchor) (dict "e" . "p" $p) -}}{{- end -}}{{- end -}}
{{- end -}}
{{- return (or ($s.GetSortedMapValues "ev") slice) -}}
""",
    "_partials/place-reports.html": """\
{{- /* Entries that name this place themselves (front matter `named`), by slug. */ -}}
{{- $id := .Data.Term -}}
{{- $s := newScratch -}}
{{- range .Pages -}}{{- if in .Params.named $id -}}{{- $s.SetInMap "r" .Params.slug . -}}{{- end -}}{{- end -}}
{{- return (or ($s.GetSortedMapValues "r") slice) -}}
""",
    "_partials/place-children.html": """\
{{- /* parent id ("_roots" for none) -> {id: term page} of the places directly inside it. */ -}}
{{- $s := newScratch -}}
{{- range (site.GetPage "/places").Pages -}}{{- $s.SetInMap (or .Params.parent "_roots") .Data.Term . -}}{{- end -}}
{{- return $s.Values -}}
""",
    # ---- HTML fragments, each rendered once per place / event and reused by every page.
    "_partials/place-tree.html": """\
{{- /* The places inside place `.` (an id; "_roots": the top-level places), nested: rendered
     once per place (partialCached) and shown on its page and on the list of places. */ -}}
{{- partial "place-subtree.html" . -}}
""",
    "_partials/place-subtree.html": """\
{{- /* Each with its event count: roots by count then name, children by name (as Chronicle). */ -}}
{{- with index (partialCached "place-children.html" true) . -}}
{{- $top := eq $ "_roots" -}}
{{- $s := newScratch -}}
{{- range . -}}{{- $n := len (partialCached "place-events.html" . .Data.Term) -}}
{{- $s.SetInMap "k" (printf "%s %s" (cond $top (printf "%09d %s" (sub 999999999 $n) .Title) (lower .Title)) .Data.Term) (dict "p" . "n" $n) -}}
{{- end }}
<ul class="tree">
{{ range $s.GetSortedMapValues "k" }}  <li><a href="{{ .p.RelPermalink }}">{{ .p.Title }}</a> <span class="muted">{{ .p.Params.kind }} · {{ .n }} event{{ if ne .n 1 }}s{{ end }}</span>
  {{ partial "place-subtree.html" .p.Data.Term }}</li>
{{ end }}</ul>
{{- end -}}
""",
    "_partials/place-tag.html": """\
{{- with site.GetPage (printf "/places/%s" .) }} · <a class="place" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end -}}
""",
    "_partials/place-crumb.html": """\
{{- with site.GetPage (printf "/places/%s" .) }} › <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end -}}
""",
    "_partials/place-named.html": """\
{{- with site.GetPage (printf "/places/%s" .) -}}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="muted">{{ range $i, $c := .Params.chain }}{{ if $i }}, {{ end }}{{ with site.GetPage (printf "/places/%s" $c) }}{{ .Title }}{{ end }}{{ end }}</span></li>
{{- end -}}
""",
    "_partials/events-html.html": """\
{{- /* anchor -> the inside of that event's <li>, every event rendered once and shared by
     the timeline, the place pages and the home page (as Chronicle's event snippets). */ -}}
{{- $s := newScratch -}}
{{- range partialCached "all-events.html" . "all" -}}{{- $s.SetInMap "h" .e.anchor (partial "event.html" .) -}}{{- end -}}
{{- return (or ($s.Get "h") dict) -}}
""",
    "_partials/event.html": """\
{{- /* The inside of one event's <li>: {e, p}. */ -}}
  <p class="event-date"><time datetime="{{ .e.date }}">{{ .e.date }}</time>{{ range .e.places }}{{ partialCached "place-tag.html" . . }}{{ end }}</p>
  <p class="event-sentence">{{ .e.sentence }}</p>
  <p class="event-meta"><a href="{{ .p.RelPermalink }}">{{ .p.Title }}</a> · <a href="{{ "timeline/index.html" | relURL }}#{{ .e.anchor }}">in the timeline</a></p>
""",
    # ---- pages
    "home.html": """\
{{ define "main" }}
{{ $entries := (site.GetPage "/entries").RegularPages }}
{{ $events := partialCached "all-events.html" . "all" }}
{{ $html := partialCached "events-html.html" . "all" }}
{{ $places := (site.GetPage "/places").Pages }}
<h1>{{ site.Title }}</h1>
<section class="summary">
<p>{{ with $events }}From {{ (index . 0).e.date }} to {{ (index . (sub (len .) 1)).e.date }}: {{ end }}<strong>{{ len $events }}</strong> dated events from <strong>{{ len $entries }}</strong> reports, at <strong>{{ len $places }}</strong> places.</p>
</section>
<h2>Latest events</h2>
<ol class="events">{{ range last 12 $events | collections.Reverse }}<li class="event">{{ index $html .e.anchor }}</li>{{ end }}</ol>
<h2>Most-mentioned places</h2>
{{ $s := newScratch }}
{{ range $places }}{{ $n := len (partialCached "place-events.html" . .Data.Term) }}{{ $r := len (partialCached "place-reports.html" . .Data.Term) }}{{ if or $n $r }}{{ $s.SetInMap "top" (printf "%09d %09d %s %s" (sub 999999999 $n) (sub 999999999 $r) .Title .Data.Term) (dict "p" . "n" $n "r" $r) }}{{ end }}{{ end }}
<ol class="places">{{ range first 12 ($s.GetSortedMapValues "top") }}<li><a href="{{ .p.RelPermalink }}">{{ .p.Title }}</a> <span class="muted">{{ .n }} events · {{ .r }} reports</span></li>{{ end }}</ol>
<h2>Recent reports</h2>
<ul class="entries">{{ range first 8 $entries.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="muted">{{ .Date.Format "2 January 2006" }}</span></li>{{ end }}</ul>
{{ end }}
""",
    "page.html": """\
{{ define "main" }}
<article class="entry">
  <h1>{{ .Title }}</h1>
  <p class="byline">Published <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
  {{ with .Params.source }}{{ with .outlet }} · {{ . }}{{ end }}{{ with .url }} · <a href="{{ . }}" rel="nofollow noopener">original</a>{{ end }}{{ with .file }} · source file {{ . }}{{ end }}{{ end }}</p>
  {{ with .Params.review }}<aside class="review"><h2>Editor's notes</h2><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul></aside>{{ end }}
  <div class="body">{{ .Content }}</div>
</article>
<aside class="entry-side">
  <h2>Events in this report</h2>
  <ol class="events">{{ range sort .Params.events "date" }}
    <li class="event"><p class="event-date"><a href="{{ "timeline/index.html" | relURL }}#{{ .anchor }}"><time datetime="{{ .date }}">{{ .date }}</time></a>{{ range .places }}{{ partialCached "place-tag.html" . . }}{{ end }}</p>
    <p class="event-sentence">{{ .sentence }}</p><p class="event-meta muted">“{{ .mention }}”</p></li>{{ end }}
  </ol>
  <h2>Places named</h2>
  <ul class="places">{{ range .Params.named }}{{ partialCached "place-named.html" . . }}{{ end }}</ul>
</aside>
{{ end }}
""",
    "section.html": """\
{{ define "main" }}
<h1>Reports</h1>
<ul class="entries">{{ range .Pages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="muted"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time> · {{ len .Params.events }} events</span></li>{{ end }}</ul>
{{ end }}
""",
    "taxonomy.html": """\
{{ define "main" }}
<h1>Places</h1>
<p class="lead">Every place the reports name, inside the places that contain it, with the number of events at it or inside it.</p>
{{ partialCached "place-tree.html" "_roots" "_roots" }}
{{ end }}
""",
    "term.html": """\
{{ define "main" }}
{{ $id := .Data.Term }}
{{ $children := index (partialCached "place-children.html" true) $id }}
{{ $html := partialCached "events-html.html" . "all" }}
<nav class="breadcrumb"><a href="{{ "places/index.html" | relURL }}">Places</a>{{ range .Params.chain }}{{ partialCached "place-crumb.html" . . }}{{ end }} › <span>{{ .Title }}</span></nav>
<h1>{{ .Title }}</h1>
<p class="byline">{{ .Params.kind }}{{ with .Params.lat }} · <span class="coords">{{ printf "%.4f" . }}, {{ printf "%.4f" $.Params.lon }}</span>{{ end }}{{ with .Params.geonames }} · <a href="https://www.geonames.org/{{ . }}">GeoNames {{ . }}</a>{{ end }}</p>
{{ with .Params.also }}<p class="muted">Also written: {{ delimit . ", " }}</p>{{ end }}
<div class="body">{{ .Content }}</div>
{{ with $children }}<h2>Places inside {{ $.Title }}</h2>
{{ partialCached "place-tree.html" $id $id }}{{ end }}
<h2>Events at {{ .Title }}{{ with $children }} or inside it{{ end }}</h2>
<ol class="events">{{ range partialCached "place-events.html" . $id }}<li class="event">{{ index $html .e.anchor }}</li>{{ end }}</ol>
<h2>Reports that name {{ .Title }}</h2>
<ul class="entries">{{ range partialCached "place-reports.html" . $id }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="muted">{{ .Date.Format "2 January 2006" }}</span></li>{{ end }}</ul>
{{ end }}
""",
    "timeline.html": """\
{{ define "main" }}
<h1>Timeline</h1>
{{ $events := partialCached "all-events.html" . "all" }}
{{ $html := partialCached "events-html.html" . "all" }}
{{ $months := dict "01" "January" "02" "February" "03" "March" "04" "April" "05" "May" "06" "June" "07" "July" "08" "August" "09" "September" "10" "October" "11" "November" "12" "December" }}
<p class="lead">{{ len $events }} events, in date order, by year and month.</p>
{{ $year := "" }}{{ $month := "" }}
{{- range $events }}{{ $y := substr .e.date 0 4 }}{{ $m := substr .e.date 5 2 }}
{{- if ne $y $year }}{{ if $year }}</ol></section></section>{{ end }}
<section class="year" id="y{{ $y }}"><h2>{{ $y }}</h2>{{ $year = $y }}{{ $month = "?" }}{{ end }}
{{- if ne $m $month }}{{ if ne $month "?" }}</ol></section>{{ end }}
<section class="month"><h3>{{ index $months $m | default "During the year" }}</h3><ol class="events">{{ $month = $m }}{{ end }}
<li class="event" id="{{ .e.anchor }}">{{ index $html .e.anchor }}</li>{{ end }}
{{ if $year }}</ol></section></section>{{ end }}
{{ end }}
""",
    "404.html": """\
{{ define "main" }}<h1>Page not found</h1>{{ end }}
""",
}


def export_hugo(root: Path, places: dict, entries: list, front_matter: str = "yaml") -> None:
    """front_matter: "yaml" (the default: the format Chronicle's own files are in) or
    "json" (Hugo parses JSON front matter faster; see bench/README.md)."""

    def page(meta: dict, body: str = "") -> str:
        if front_matter == "json":  # a JSON number is a float in Hugo: ids as text
            meta = {k: str(v) if k == "geonames" and v is not None else v for k, v in meta.items()}
            return json.dumps(meta, ensure_ascii=False, default=str) + f"\n\n{body}\n"
        return f"---\n{dump(meta)}---\n\n{body}\n"

    out = root / "hugo"
    shutil.rmtree(out, ignore_errors=True)
    write(out / "hugo.toml", HUGO_CONFIG.format(title=json.dumps(title_of(root))))
    for name, text in HUGO_LAYOUTS.items():
        write(out / "layouts" / name, text)
    shutil.copyfile(
        THEME_CSS,
        (out / "static" / "static").mkdir(parents=True) or out / "static" / "static" / "style.css",
    )
    write(out / "content" / "_index.md", page({"title": title_of(root)}))
    write(out / "content" / "entries" / "_index.md", page({"title": "Reports"}))
    write(
        out / "content" / "timeline.md",
        page({"title": "Timeline", "layout": "timeline", "url": "/timeline/index.html"}),
    )
    write(out / "content" / "places" / "_index.md", page({"title": "Places"}))
    for p in places.values():
        meta = {
            "title": p["name"],
            "kind": p["kind"],
            "parent": p.get("parent"),
            "chain": p["chain"],
            "country": p.get("country"),
            "lat": p.get("lat"),
            "lon": p.get("lon"),
            "geonames": p.get("geonames"),
            "also": p.get("aliases") or [],
        }
        write(out / "content" / "places" / p["id"] / "_index.md", page(meta, p["body"]))
    for slug, meta, body in entries:
        tags = entry_tags(meta, places)
        fm = {
            "title": meta["title"],
            "date": meta["published"],
            "slug": slug,
            "source": meta.get("source") or {},
            "named": meta.get("places") or [],
            "places": tags,
            "events": meta.get("events") or [],
            "review": meta.get("review") or [],
        }
        write(out / "content" / "entries" / f"{slug}.md", page(fm, body))


# --------------------------------------------------------------------------- Pelican

PELICAN_CONF = """\
# Pelican settings for the benchmark: the same page set as Chronicle, nothing else.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

SITENAME = {title}
SITEURL = ""
AUTHOR = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["chronicle_bench"]
RELATIVE_URLS = True
DEFAULT_PAGINATION = False
DEFAULT_DATE_FORMAT = "%-d %B %Y"
ARTICLE_PATHS = ["entries"]
PAGE_PATHS = ["places"]
STATIC_PATHS = []
ARTICLE_URL = ARTICLE_SAVE_AS = "entries/{{slug}}.html"
PAGE_URL = PAGE_SAVE_AS = "places/{{slug}}.html"
DIRECT_TEMPLATES = ["index", "entries", "timeline", "places"]
ENTRIES_SAVE_AS = "entries/index.html"
TIMELINE_SAVE_AS = "timeline/index.html"
PLACES_SAVE_AS = "places/index.html"
TAG_SAVE_AS = TAGS_SAVE_AS = CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = TAG_FEED_ATOM = TAG_FEED_RSS = None
SLUGIFY_SOURCE = "basename"
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
"""

PELICAN_PLUGIN = '''\
"""Events as data: each entry's `Events` metadata is JSON; index articles and places."""
import json

from pelican import signals


def parse_events(content):
    raw = content.metadata.get("events")
    if isinstance(raw, str):
        content.events = json.loads(raw)
        content.named = json.loads(content.metadata.get("named", "[]"))
        content.source = json.loads(content.metadata.get("source", "{}"))
        content.review = json.loads(content.metadata.get("review", "[]"))


def index_articles(generator):
    generator.context["place_articles"] = {
        tag.slug: articles for tag, articles in generator.tags.items()}


def index_places(generator):
    by_id = {page.slug: page for page in generator.pages}
    children = {}
    for page in generator.pages:
        if getattr(page, "parent", None):
            children.setdefault(page.parent, []).append(page)
    generator.context["place_by_id"] = by_id
    generator.context["place_children"] = children


def register():
    signals.content_object_init.connect(parse_events)
    signals.article_generator_finalized.connect(index_articles)
    signals.page_generator_finalized.connect(index_places)
'''

PELICAN_TEMPLATES = {
    "base.html": """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ SITENAME }}{% endblock %}</title>
<link rel="stylesheet" href="{{ SITEURL }}/theme/style.css">
</head>
<body>
<header class="site-header">
  <a class="site-title" href="{{ SITEURL }}/index.html">{{ SITENAME }}</a>
  <nav><a href="{{ SITEURL }}/timeline/index.html">Timeline</a>
  <a href="{{ SITEURL }}/places/index.html">Places</a>
  <a href="{{ SITEURL }}/entries/index.html">Reports</a></nav>
</header>
<main id="main">{% block main %}{% endblock %}</main>
<footer class="site-footer"><p>{{ SITENAME }} · built with Pelican</p></footer>
</body>
</html>
""",
    "_macros.html": """\
{% macro place_links(ids) -%}
{% for pid in ids %}{% set p = place_by_id.get(pid) %}{% if p %} · <a class="place" href="{{ SITEURL }}/{{ p.url }}">{{ p.title }}</a>{% endif %}{% endfor %}
{%- endmacro %}
{% macro event_item(e, a, anchor=false) -%}
<li class="event"{% if anchor %} id="{{ e.anchor }}"{% endif %}>
  <p class="event-date"><time datetime="{{ e.date }}">{{ e.date }}</time>{{ place_links(e.places) }}</p>
  <p class="event-sentence">{{ e.sentence }}</p>
  <p class="event-meta"><a href="{{ SITEURL }}/{{ a.url }}">{{ a.title }}</a> · <a href="{{ SITEURL }}/timeline/index.html#{{ e.anchor }}">in the timeline</a></p>
</li>
{%- endmacro %}
""",
    "index.html": """\
{% extends "base.html" %}
{% block main %}
<h1>{{ SITENAME }}</h1>
<p><strong>{{ articles|length }}</strong> reports at <strong>{{ place_by_id|length }}</strong> places.</p>
<h2>Recent reports</h2>
<ul class="entries">{% for a in articles[:8] %}<li><a href="{{ SITEURL }}/{{ a.url }}">{{ a.title }}</a> <span class="muted">{{ a.locale_date }}</span></li>{% endfor %}</ul>
<h2>Most-mentioned places</h2>
<ol class="places">{% set counted = [] %}{% for pid, arts in place_articles.items() %}{% set _ = counted.append((arts|length, pid)) %}{% endfor %}
{% for n, pid in (counted|sort(reverse=true))[:12] %}{% set p = place_by_id.get(pid) %}{% if p %}<li><a href="{{ SITEURL }}/{{ p.url }}">{{ p.title }}</a> <span class="muted">{{ n }} reports</span></li>{% endif %}{% endfor %}</ol>
{% endblock %}
""",
    "entries.html": """\
{% extends "base.html" %}
{% block title %}Reports · {{ SITENAME }}{% endblock %}
{% block main %}
<h1>Reports</h1>
<ul class="entries">{% for a in articles %}<li><a href="{{ SITEURL }}/{{ a.url }}">{{ a.title }}</a> <span class="muted"><time datetime="{{ a.date.isoformat() }}">{{ a.locale_date }}</time> · {{ a.events|length }} events</span></li>{% endfor %}</ul>
{% endblock %}
""",
    "article.html": """\
{% extends "base.html" %}
{% from "_macros.html" import place_links with context %}
{% block title %}{{ article.title }} · {{ SITENAME }}{% endblock %}
{% block main %}
<article class="entry">
  <h1>{{ article.title }}</h1>
  <p class="byline">Published <time datetime="{{ article.date.isoformat() }}">{{ article.locale_date }}</time>
  {% if article.source.outlet %} · {{ article.source.outlet }}{% endif %}{% if article.source.url %} · <a href="{{ article.source.url }}" rel="nofollow noopener">original</a>{% endif %}{% if article.source.file %} · source file {{ article.source.file }}{% endif %}</p>
  {% if article.review %}<aside class="review"><h2>Editor's notes</h2><ul>{% for n in article.review %}<li>{{ n }}</li>{% endfor %}</ul></aside>{% endif %}
  <div class="body">{{ article.content }}</div>
</article>
<aside class="entry-side">
  <h2>Events in this report</h2>
  <ol class="events">{% for e in article.events|sort(attribute="date") %}
    <li class="event"><p class="event-date"><a href="{{ SITEURL }}/timeline/index.html#{{ e.anchor }}"><time datetime="{{ e.date }}">{{ e.date }}</time></a>{{ place_links(e.places) }}</p>
    <p class="event-sentence">{{ e.sentence }}</p><p class="event-meta muted">“{{ e.mention }}”</p></li>{% endfor %}
  </ol>
  <h2>Places named</h2>
  <ul class="places">{% for pid in article.named %}{% set p = place_by_id.get(pid) %}{% if p %}<li><a href="{{ SITEURL }}/{{ p.url }}">{{ p.title }}</a> <span class="muted">{% for c in p.chain.split(",") if c %}{% if not loop.first %}, {% endif %}{{ place_by_id[c].title }}{% endfor %}</span></li>{% endif %}{% endfor %}</ul>
</aside>
{% endblock %}
""",
    "place.html": """\
{% extends "base.html" %}
{% from "_macros.html" import event_item with context %}
{% block title %}{{ page.title }} · {{ SITENAME }}{% endblock %}
{% block main %}
<nav class="breadcrumb"><a href="{{ SITEURL }}/places/index.html">Places</a>{% for c in page.chain.split(",") if c %} › <a href="{{ SITEURL }}/{{ place_by_id[c].url }}">{{ place_by_id[c].title }}</a>{% endfor %} › <span>{{ page.title }}</span></nav>
<h1>{{ page.title }}</h1>
<p class="byline">{{ page.kind }}{% if page.lat %} · <span class="coords">{{ "%.4f"|format(page.lat|float) }}, {{ "%.4f"|format(page.lon|float) }}</span>{% endif %}{% if page.geonames %} · <a href="https://www.geonames.org/{{ page.geonames }}">GeoNames {{ page.geonames }}</a>{% endif %}</p>
{% if page.aliases %}<p class="muted">Also written: {{ page.aliases }}</p>{% endif %}
<div class="body">{{ page.content }}</div>
{% set children = place_children.get(page.slug, []) %}
{% if children %}<h2>Places inside</h2><ul class="tree">{% for c in children|sort(attribute="title") %}<li><a href="{{ SITEURL }}/{{ c.url }}">{{ c.title }}</a> <span class="muted">{{ c.kind }} · {{ place_articles.get(c.slug, [])|length }} reports</span></li>{% endfor %}</ul>{% endif %}
<h2>Events at {{ page.title }}</h2>
{% set arts = place_articles.get(page.slug, []) %}
{% set evs = [] %}{% for a in arts %}{% for e in a.events if page.slug in e["in"] %}{% set _ = evs.append((e.date, e, a)) %}{% endfor %}{% endfor %}
<ol class="events">{% for d, e, a in evs|sort(attribute="0") %}{{ event_item(e, a) }}{% endfor %}</ol>
<h2>Reports that name {{ page.title }}</h2>
<ul class="entries">{% for a in arts|sort(attribute="title") if page.slug in a.named %}<li><a href="{{ SITEURL }}/{{ a.url }}">{{ a.title }}</a> <span class="muted">{{ a.locale_date }}</span></li>{% endfor %}</ul>
{% endblock %}
""",
    "timeline.html": """\
{% extends "base.html" %}
{% from "_macros.html" import event_item with context %}
{% block title %}Timeline · {{ SITENAME }}{% endblock %}
{% block main %}
<h1>Timeline</h1>
{% set evs = [] %}{% for a in articles %}{% for e in a.events %}{% set _ = evs.append((e.date, e, a)) %}{% endfor %}{% endfor %}
<p class="lead">{{ evs|length }} events, in date order.</p>
<ol class="events">{% for d, e, a in evs|sort(attribute="0") %}{{ event_item(e, a, anchor=true) }}{% endfor %}</ol>
{% endblock %}
""",
    "places.html": """\
{% extends "base.html" %}
{% block title %}Places · {{ SITENAME }}{% endblock %}
{% block main %}
<h1>Places</h1>
<ul class="tree">{% for p in pages|sort(attribute="title") %}<li><a href="{{ SITEURL }}/{{ p.url }}">{{ p.title }}</a> <span class="muted">{{ p.kind }} · {{ place_articles.get(p.slug, [])|length }} reports</span></li>{% endfor %}</ul>
{% endblock %}
""",
    "page.html": '{% extends "place.html" %}\n',
}
# Pelican asks for these even when their pages are switched off (*_SAVE_AS = "").
for _name in (
    "tag",
    "tags",
    "category",
    "categories",
    "author",
    "authors",
    "archives",
    "period_archives",
):
    PELICAN_TEMPLATES[f"{_name}.html"] = '{% extends "base.html" %}\n'


def export_pelican(root: Path, places: dict, entries: list) -> None:
    out = root / "pelican"
    shutil.rmtree(out, ignore_errors=True)
    write(out / "pelicanconf.py", PELICAN_CONF.format(title=json.dumps(title_of(root))))
    write(out / "plugins" / "chronicle_bench.py", PELICAN_PLUGIN)
    for name, text in PELICAN_TEMPLATES.items():
        write(out / "theme" / "templates" / name, text)
    (out / "theme" / "static").mkdir(parents=True)
    shutil.copyfile(THEME_CSS, out / "theme" / "static" / "style.css")

    def line(key: str, value: object) -> str:
        return f"{key}: {value}\n"

    for p in places.values():
        text = (
            line("Title", p["name"])
            + line("Slug", p["id"])
            + line("Template", "place")
            + line("Kind", p["kind"])
            + line("Parent", p.get("parent") or "")
            + line("Chain", ",".join(p["chain"]))
            + line("Lat", p.get("lat") or "")
            + line("Lon", p.get("lon") or "")
            + line("Geonames", p.get("geonames") or "")
            + line("Aliases", ", ".join(p.get("aliases") or []))
            + "\n"
            + p["body"]
            + "\n"
        )
        write(out / "content" / "places" / f"{p['id']}.md", text)
    for slug, meta, body in entries:
        tags = entry_tags(meta, places)
        text = (
            line("Title", meta["title"])
            + line("Date", meta["published"])
            + line("Slug", slug)
            + line("Category", "entries")
            + line("Tags", ", ".join(tags))
            + line("Named", json.dumps(meta.get("places") or []))
            + line("Source", json.dumps(meta.get("source") or {}, ensure_ascii=False))
            + line("Review", json.dumps(meta.get("review") or [], ensure_ascii=False))
            + line("Events", json.dumps(meta.get("events") or [], ensure_ascii=False))
            + "\n"
            + body
            + "\n"
        )
        write(out / "content" / "entries" / f"{slug}.md", text)


# --------------------------------------------------------------------------- check

EVENT_ITEM = re.compile(r'<li class="event"')
TREE_COUNT = re.compile(
    r'href="[^"]*places/([^"/]+)\.html">[^<]*</a> <span class="muted">[^<]*?(\d+) events?</span>'
)


def check(root: Path) -> int:
    """Compare what the built sites show: events per page (entries, places, timeline, home)
    in Chronicle's `site/`, Hugo's `hugo/public/` and Pelican's `pelican/output/` (those
    built), and the per-place event counts of the place trees (Chronicle, Hugo). Prints the
    differences; returns their number."""
    sites = {
        "chronicle": root / "site",
        "hugo": root / "hugo" / "public",
        "pelican": root / "pelican" / "output",
    }
    sites = {k: v for k, v in sites.items() if (v / "index.html").exists()}
    if "chronicle" not in sites:
        print(f"no built Chronicle site in {root / 'site'}")
        return 1
    ref = sites["chronicle"]
    pages = sorted(
        str(p.relative_to(ref))
        for pattern in ("entries/*.html", "places/*.html", "timeline/index.html")
        for p in ref.glob(pattern)
        if p.name != "index.html" or "timeline" in str(p)
    )
    pages.append("index.html")
    problems = 0
    for tool, out in sites.items():
        if tool == "chronicle":
            continue
        checked = events = 0
        for rel in pages:
            if rel == "index.html" and tool == "pelican":
                continue  # Pelican's home lists no events
            want = len(EVENT_ITEM.findall((ref / rel).read_text(encoding="utf-8")))
            mine = out / rel
            if not mine.exists():
                print(f"{tool}: {rel} missing")
                problems += 1
                continue
            got = len(EVENT_ITEM.findall(mine.read_text(encoding="utf-8")))
            checked += 1
            events += got
            if got != want:
                print(f"{tool}: {rel}: {got} events, Chronicle {want}")
                problems += 1
        print(f"{tool}: {checked} pages, {events:,} event items checked against Chronicle")
    if "hugo" in sites:  # the nested place trees' counts
        trees = 0
        for rel, other in [("places/index.html", "places/index.html")] + [
            (p, p) for p in pages if p.startswith("places/")
        ]:
            want = dict(TREE_COUNT.findall((ref / rel).read_text(encoding="utf-8")))
            got = dict(TREE_COUNT.findall((sites["hugo"] / other).read_text(encoding="utf-8")))
            trees += len(got)
            if got != want:
                print(f"hugo: {other}: place tree counts differ from Chronicle's")
                problems += 1
        print(f"hugo: {trees:,} place-tree counts checked against Chronicle")
    return problems


def export(root: Path, only: str | None = None, hugo_front_matter: str = "yaml") -> None:
    places, entries = load(root)
    if only in (None, "hugo"):
        export_hugo(root, places, entries, hugo_front_matter)
    if only in (None, "pelican"):
        export_pelican(root, places, entries)


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(
        description=__doc__.split("\n")[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n", 2)[2],
    )
    ap.add_argument("dirs", nargs="+", type=Path, help="generated chronicles (bench/out/n1000)")
    ap.add_argument("--only", choices=("hugo", "pelican"), help="write only this tool's site")
    ap.add_argument(
        "--hugo-front-matter",
        choices=("yaml", "json"),
        default="yaml",
        help="front matter of the Hugo content files (default: yaml, as Chronicle's)",
    )
    ap.add_argument(
        "--check",
        action="store_true",
        help="write nothing: compare the built sites' event counts per page",
    )
    args = ap.parse_args()
    if args.check:
        sys.exit(1 if sum(check(d) for d in args.dirs) else 0)
    for d in args.dirs:
        export(d, args.only, args.hugo_front_matter)
