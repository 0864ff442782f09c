"""Article files (plain text, Markdown, saved HTML) -> `Article`."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from chronicle.errors import ChronicleError
from chronicle.read import clean
from chronicle.read.decode import read_text_file

TEXT_SUFFIXES = {".txt", ".text", ""}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES

MAX_TITLE_CHARS = 200
MIN_ONE_LINE_WORDS = 6  # a shorter lone line is a name or furniture, not a report


@dataclass
class Article:
    """One article as read from its file, before extraction."""

    path: Path
    sha256: str  # of the raw file bytes
    title: str | None  # the headline; None when the file has none
    blocks: list[str]  # body: paragraphs, and "## " sub-headings
    # The publication date the file's metadata gives (HTML meta tags, Markdown front
    # matter), as a date: "html" | "text" when set. A date stated in the words (a dateline,
    # "Published July 5 2015") is read by `chronicle.extract.published` from `text` and
    # `date_lines`; read never parses dates in running text.
    published: date | None = None
    published_from: str | None = None
    # furniture lines set aside from the body that may state the publication date
    # ("08.07.2017", "date 2017-07-08 Posted on by ...", "Last updated at Aug 14 2016")
    date_lines: list[str] = field(default_factory=list)
    url: str | None = None
    outlet: str | None = None
    review: list[str] = field(default_factory=list)
    title_from_body: bool = False  # no headline: the title is the first sentence, shortened

    @property
    def text(self) -> str:
        """Plain text for extraction: the headline and the body, one block a paragraph."""
        # a title made from the first sentence would tell that sentence twice
        parts = [self.title] if self.title and not self.title_from_body else []
        parts += [b[3:] if b.startswith("## ") else b for b in self.blocks]
        return "\n\n".join(parts)


def clean_title(title: str) -> str:
    """A headline fit for a page and a file name: one line, no control characters."""
    title = re.sub(r"[\x00-\x1f\x7f]+", " ", title)
    title = re.sub(r"\s+", " ", title).strip().lstrip("#").strip()
    if len(title) > MAX_TITLE_CHARS:
        title = title[:MAX_TITLE_CHARS].rsplit(" ", 1)[0] + "…"
    return title


def title_from_sentence(text: str, max_words: int = 12) -> str:
    """A short headline made from the first sentence of the body."""
    first = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]
    first = re.sub(r"^(?:on|in|at)\s+\w+day,\s*", "", first, flags=re.IGNORECASE)
    tokens = first.rstrip(".!?").split()
    short = " ".join(tokens[:max_words])
    if len(tokens) > max_words:
        short = short.rstrip(",;:") + "…"
    return clean_title(short[:1].upper() + short[1:])


def _finish(article: Article) -> Article:
    if article.title:
        article.title = clean_title(article.title)
    if not article.title:
        if not article.blocks:
            raise ChronicleError("no article text found", article.path)
        article.title = title_from_sentence(article.blocks[0].removeprefix("## "))
        article.title_from_body = True
        article.review.append(
            "The file has no headline: the title was made from the "
            "first sentence; write a better one."
        )
    if not article.blocks:
        raise ChronicleError(
            "no article text found (only a headline or page furniture)", article.path
        )
    return article


def read_plain_text(path: Path, text: str, sha: str) -> Article:
    lines = clean.classify_lines(text)
    title = next((ln.text for ln in lines if ln.role == clean.TITLE), None)
    blocks = [
        ("## " + ln.text) if ln.role == clean.HEADING else ln.text
        for ln in lines
        if ln.role in (clean.PARAGRAPH, clean.HEADING)
    ]
    article = Article(
        path=path, sha256=sha, title=title, blocks=blocks, date_lines=clean.stated_lines(lines)
    )
    if not blocks and title and len(re.findall(r"\w\w+", title)) >= MIN_ONE_LINE_WORDS:
        # a one-line report (a wire flash, a scraped headline): the line is its text
        article.blocks = [title]
        article.title_from_body = True
        article.review.append(
            "The file is one line: it is both the headline and the whole text; check the title."
        )
    return _finish(article)


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def read_markdown(path: Path, text: str, sha: str) -> Article:
    from chronicle.content.frontmatter import split_front_matter

    meta: dict = {}
    body = text
    if re.match(r"---[ \t]*\n", text):
        # The same loader as entries: errors name the file and line, and an impossible
        # date ("2017-02-30") stays text rather than crashing the reader.
        try:
            meta, body, _ = split_front_matter(text, path)
        except ChronicleError as exc:
            if not exc.message.startswith("no front matter"):
                raise
    notes = []
    title = meta.get("title")
    heading = re.match(r"\s*#\s+(.+)\n", body)
    if not title and heading:
        title = heading.group(1)
        body = body[heading.end() :]
    blocks = [b.strip() for b in re.split(r"\n\s*\n", body) if b.strip()]
    # Headings of any level become the body's sub-headings.
    blocks = [re.sub(r"^#{1,6}\s+", "## ", b) for b in blocks]
    article = Article(
        path=path,
        sha256=sha,
        title=str(title) if isinstance(title, (str, int, float)) and str(title).strip() else None,
        blocks=blocks,
        url=_str_or_none(meta.get("url")),
        outlet=_str_or_none(meta.get("outlet") or meta.get("source")),
    )
    stated = meta.get("published") or meta.get("date")
    published = _as_date(stated)
    if published:
        article.published, article.published_from = published, "text"
    elif stated:
        notes.append(
            f"The file's front matter gives the date {str(stated)!r}, which is not a "
            f"real date; it was ignored."
        )
    article.review += notes
    return _finish(article)


def _str_or_none(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None


def read_html(path: Path, text: str, sha: str) -> Article:
    import trafilatura

    doc = trafilatura.bare_extraction(
        text,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        # the page's own date markup only (meta tags, JSON-LD, <time>, a "date" element),
        # the publication rather than the last change; by default htmldate also takes a
        # date from the running text, which is an event's ("attacked on 3 March 2016")
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        raise ChronicleError("no article text found in the HTML page", path)
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = data.get("text") or ""
    # trafilatura gives one paragraph a line; the plain-text cleaner drops what it kept of
    # the page (captions, related links) the same way as for text files.
    lines = clean.classify_lines((data.get("title") or "") + "\n\n" + body)
    blocks = [
        ("## " + ln.text) if ln.role == clean.HEADING else ln.text
        for ln in lines
        if ln.role in (clean.PARAGRAPH, clean.HEADING)
    ]
    article = Article(
        path=path,
        sha256=sha,
        title=data.get("title"),
        blocks=blocks,
        url=_str_or_none(data.get("url")),
        outlet=_str_or_none(data.get("sitename")),
        date_lines=clean.stated_lines(lines),
    )
    published = _as_date(data.get("date"))
    if published:
        article.published, article.published_from = published, "html"
    return _finish(article)


def read_article(path: Path) -> Article:
    """Read one article file, by its suffix; errors name the file."""
    text, raw = read_text_file(path)
    sha = hashlib.sha256(raw).hexdigest()
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return read_markdown(path, text, sha)
    if suffix in HTML_SUFFIXES or re.match(r"\s*(<!doctype html|<html)", text[:500], re.I):
        return read_html(path, text, sha)
    return read_plain_text(path, text, sha)


def find_articles(paths: list[Path]) -> list[Path]:
    """Article files among `paths`, folders walked recursively, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                # not only regular files: a pipe or device named like an article is
                # reported by the reader, never silently left out
                if not p.is_dir()
                and p.suffix.lower() in ARTICLE_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and p.suffix.lower() != ".csv"
            )
        elif path.exists():
            found.append(path)
        else:
            raise ChronicleError("no such file or folder", path)
    return found
