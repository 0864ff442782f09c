"""The review page and the build-error overlay: routes of `chronicle serve`, never pages of
the site (nothing here is written to any output folder).

- `/_review/`: every review item, ranked, with its sentence (the words it is about
  highlighted), its candidates on a small map, and forms for the editor's decisions.
- `/_review/act` (POST): one decision (`decide.decide`), written into the content files;
  then the site is rebuilt and the browser sent back to the review page.
- `/_chronicle/status`: the last build's error, if any; `overlay.js`, injected into every
  served page, shows it over the page (file and line) until a build succeeds.

Cross-site requests: serve answers only its own Host (DNS rebinding, `site.hosts`); a
decision must also come from the review page itself: the same origin (its Origin, or its
Referer, names this server; a browser's Sec-Fetch-Site, when sent, says same-origin) and
the token the page was given (made at start, compared in constant time). The page cannot
be framed (clickjacking) and carries a strict Content-Security-Policy.
"""

from __future__ import annotations

import hmac
import json
import secrets
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from tornado import web

from chronicle.content import places as place_files
from chronicle.content.review import KIND_LABELS, KINDS
from chronicle.desk.decide import decide
from chronicle.desk.listing import Found, review_items
from chronicle.errors import ChronicleError
from chronicle.lock import chronicle_lock

ASSETS = ("overlay.js", "overlay.css", "review.css", "review.js")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
MAX_SHOWN = 200  # items on the page at once (the heaviest); filters show the rest


def desk_routes(hooks: Any) -> tuple[list[tuple], list[str]]:
    """The routes and injected scripts `chronicle serve` adds (`site.serve.Extras`)."""
    desk = {"hooks": hooks, "token": secrets.token_urlsafe(32)}
    return (
        [
            (r"/_chronicle/status", StatusHandler, {"hooks": hooks}),
            (r"/_chronicle/([a-z]+\.(?:js|css))", AssetHandler),
            (r"/_review/?", ReviewPage, desk),
            (r"/_review/act", ReviewAction, desk),
        ],
        ["/_chronicle/overlay.js"],
    )


def _static(name: str) -> bytes:
    return (resources.files("chronicle.desk") / "static" / name).read_bytes()


class _Desk(web.RequestHandler):
    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("X-Frame-Options", "DENY")
        self.set_header("Referrer-Policy", "same-origin")
        self.set_header("Content-Security-Policy", CSP)


class StatusHandler(_Desk):
    def initialize(self, hooks: Any) -> None:
        self.hooks = hooks

    def get(self) -> None:
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"error": self.hooks.error}))


class AssetHandler(_Desk):
    def get(self, name: str) -> None:
        if name not in ASSETS:
            raise web.HTTPError(404)
        kind = "text/css" if name.endswith(".css") else "text/javascript"
        self.set_header("Content-Type", f"{kind}; charset=utf-8")
        self.finish(_static(name))


class ReviewPage(_Desk):
    def initialize(self, hooks: Any, token: str) -> None:
        self.hooks, self.token = hooks, token

    def get(self) -> None:
        options = self.hooks.options
        content = Path(options.content_dir)
        kind = self.get_query_argument("kind", None) or None
        kind = kind if kind in KINDS else None
        place = self.get_query_argument("place", None) or None
        entry = self.get_query_argument("entry", None) or None
        try:
            found, errors = review_items(content, kind=kind, place=place, entry=entry)
        except ChronicleError as exc:
            found, errors = [], [str(exc)]
        html = render_page(
            found,
            content,
            errors=errors,
            token=self.token,
            title=options.config.title,
            places=_place_choices(content),
            filters={"kind": kind or "", "place": place or "", "entry": entry or ""},
            done=self.get_query_argument("done", None),
            failed=self.get_query_argument("failed", None),
            build_error=self.hooks.error,
        )
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(html)


class ReviewAction(_Desk):
    def initialize(self, hooks: Any, token: str) -> None:
        self.hooks, self.token = hooks, token

    def check_xsrf_cookie(self) -> None:  # the checks are ours (`_refuse`)
        return None

    def post(self) -> None:
        refused = self._refuse()
        if refused:
            raise web.HTTPError(403, reason=refused)
        arg = self.get_body_argument
        content = Path(self.hooks.options.content_dir)
        back = {k: arg(k, "") for k in ("kind", "place_filter", "entry_filter")}
        try:
            with chronicle_lock(content, "review"):
                done = decide(
                    content,
                    arg("entry", ""),
                    arg("key", ""),
                    arg("action", ""),
                    candidate=arg("candidate", None),
                    place=arg("place", None),
                    day=arg("date", None),
                )
            outcome = {"done": done.message}
        except ChronicleError as exc:
            outcome = {"failed": str(exc)}
        self.hooks.rebuild()  # the site shows the decision when the editor looks
        query = {
            "kind": back["kind"],
            "place": back["place_filter"],
            "entry": back["entry_filter"],
            **outcome,
        }
        self.redirect("/_review/?" + urlencode({k: v for k, v in query.items() if v}), status=303)

    def _refuse(self) -> str | None:
        """Why this request is not the review page's own form, or None."""
        host = self.request.headers.get("Host", "")
        origin = self.request.headers.get("Origin")
        referer = self.request.headers.get("Referer")
        if origin is not None:
            if origin == "null" or urlsplit(origin).netloc != host:
                return "Cross-origin request"
        elif not referer or urlsplit(referer).netloc != host:
            return "No origin"
        site = self.request.headers.get("Sec-Fetch-Site")
        if site is not None and site not in ("same-origin", "none"):
            return "Cross-site request"
        kind = self.request.headers.get("Content-Type", "")
        if not kind.startswith("application/x-www-form-urlencoded"):
            return "Not a form"
        token = self.get_body_argument("token", "")
        if not hmac.compare_digest(token.encode(), self.token.encode()):
            return "Bad token"
        return None


def _place_choices(content: Path) -> list[tuple[str, str]]:
    """(id, name) of every place file, for "merge into another place"."""
    out = []
    for path in sorted((content / "places").glob("*.md")):
        try:
            record = place_files.load_place(path).record
        except (ChronicleError, OSError, UnicodeDecodeError):
            continue
        out.append((record.id, record.name))
    return out


# --------------------------------------------------------------------------- the page


def _environment() -> Any:
    import jinja2

    folder = Path(str(resources.files("chronicle.desk") / "templates"))
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def highlight(sentence: str | None, words: str | None) -> tuple[str, str, str]:
    """The sentence split around the first place it says `words`: (before, words, after)."""
    if not sentence:
        return "", "", ""
    if words and words in sentence:
        at = sentence.index(words)
        return sentence[:at], words, sentence[at + len(words) :]
    return sentence, "", ""


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def markers(found: Found) -> str:
    """The item's candidates with coordinates, numbered as in its list, for review.js."""
    out = []
    for n, candidate in enumerate(found.item.candidates, 1):
        lat, lon = candidate.get("lat"), candidate.get("lon")
        if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
            out.append(
                {
                    "n": n,
                    "name": str(candidate.get("name")),
                    "lat": round(float(lat), 5),
                    "lon": round(float(lon), 5),
                    "chosen": candidate.get("id") == found.item.place,
                }
            )
    return _json(out)


class Context:
    """The places each entry publishes, with coordinates: where its report is, drawn
    around an item's candidates."""

    def __init__(self, content: Path) -> None:
        self.content = content
        self.coords: dict[str, tuple[str, float, float]] | None = None

    def _load(self) -> dict[str, tuple[str, float, float]]:
        if self.coords is None:
            self.coords = {}
            for path in sorted((self.content / "places").glob("*.md")):
                try:
                    r = place_files.load_place(path).record
                except (ChronicleError, OSError, UnicodeDecodeError):
                    continue
                if r.lat is not None and r.lon is not None and r.kind != "country":
                    self.coords[r.id] = (r.name, r.lat, r.lon)
        return self.coords

    def __call__(self, found: Found) -> str:
        from chronicle.content.entries import load_entry

        try:
            places = load_entry(found.path).places
        except ChronicleError:
            return "[]"
        coords = self._load()
        return _json(
            [
                {"name": coords[p][0], "lat": coords[p][1], "lon": coords[p][2]}
                for p in places
                if p in coords
            ][:30]
        )


def anchor(found: Found) -> str:
    return f"item-{found.slug}-{found.item.key}"


def render_page(found: list[Found], context_dir: Path, **context: Any) -> str:
    template = _environment().get_template("review.html")
    shown = found[:MAX_SHOWN]
    counts: dict[str, int] = {}
    for f in found:
        counts[f.item.kind] = counts.get(f.item.kind, 0) + 1
    return str(
        template.render(
            found=shown,
            total=len(found),
            entries=len({f.slug for f in found}),
            counts=counts,
            labels=KIND_LABELS,
            kinds=[k for k in KINDS if k != "note"],
            highlight=highlight,
            markers=markers,
            context=Context(context_dir),
            anchor=anchor,
            **context,
        )
    )
