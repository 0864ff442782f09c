"""Tell an article's text from its page furniture, line by line.

Saved and scraped articles carry the page around them: section labels and outlet names
above the headline, "Posted on … by …" lines, date-only lines, photo captions, comment
forms and a trailing list of links to other articles. Each line of the text gets a role;
the body keeps `title`, `heading` and `paragraph` lines, and nothing is extracted from
`furniture`. Offsets are kept so that `chronicle extract` can blank furniture out of the
raw text without moving anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TITLE, HEADING, PARAGRAPH, FURNITURE = "title", "heading", "paragraph", "furniture"

_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*\s*$")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_ONLY = re.compile(
    rf"""^\W*(?:(?:date|published|posted|updated|last\s+updated)\s*(?:on|:)?\s*)?
        (?:\d{{4}}-\d{{1,2}}-\d{{1,2}}
          |\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}
          |(?:\w+day,?\s+)?\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}
          |(?:\w+day,?\s+)?{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})
        (?:[\s,|–-]+\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{{2,4}})?)?\W*$""",
    re.IGNORECASE | re.VERBOSE,
)
_BYLINE = re.compile(
    r"\bposted\s+(?:on|by|in)\b|^\s*(?:by|written\s+by|author:)\s+\S|^\s*date\s+\d", re.IGNORECASE
)
_CAPTION = re.compile(
    r"\b(?:photo|photograph|picture|image|illustration|credit|file\s+pic|getty|video)\b",
    re.IGNORECASE,
)
# Comment forms, sharing widgets and "more stories" blocks: everything from here on is page.
_TAIL_MARKER = re.compile(
    r"""^\W*(?:leave\s+a\s+(?:reply|comment)|post\s+a\s+comment|\d*\s*comments?|
        your\s+email\s+address\s+will\s+not\s+be\s+published|required\s+fields\s+are\s+marked|
        related(?:\s+(?:articles|posts|stories|news))?|read\s+(?:more|also)|see\s+also|
        more\s+(?:stories|news|from)|you\s+(?:may|might)\s+also\s+like|share\s+this(?:\s+\w+)?|
        post\s+navigation|tags?\s*:|filed\s+under|recommended|most\s+read|
        click\s+to\s+share|previous\s+(?:post|article)|next\s+(?:post|article))\b""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass
class Line:
    start: int  # offset of the line's first character in the text
    end: int  # offset just past its last character (before the newline)
    text: str  # the line, stripped
    role: str


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


def is_date_only(text: str) -> bool:
    return bool(_DATE_ONLY.match(text))


def _is_paragraph(text: str) -> bool:
    """A line of running text: a sentence (or more) rather than a label or headline."""
    n = len(words(text))
    return (ends_sentence(text) and n >= 8) or n >= 30


def _is_caption(text: str) -> bool:
    return len(words(text)) <= 12 and not ends_sentence(text) and bool(_CAPTION.search(text))


def _is_heading(text: str) -> bool:
    """A sub-heading inside the body: short, or in capitals, with no closing full stop."""
    if ends_sentence(text) and not text.rstrip().endswith(":"):
        return False
    letters = [c for c in text if c.isalpha()]
    shouting = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.7
    return shouting or len(words(text)) <= 15


def _continues(previous: Line, last_piece: str, gap: str, line: Line) -> bool:
    """True when `line` carries on `previous` (whose last line is `last_piece`): a
    paragraph hard-wrapped at a fixed width.

    Wrapped text breaks lines mid-sentence; a headline, a label or a finished sentence ends
    its line, and so does a paragraph followed by a blank line.
    """
    if gap.count("\n") != 1 or ends_sentence(last_piece):
        return False
    first = line.text[:1]
    long_enough = len(previous.text) >= 60
    return first.islower() or (long_enough and (first.isalnum() or first in "\"'“‘("))


def split_lines(text: str) -> list[Line]:
    """Non-blank lines of `text` with their offsets (role unset); the lines of a
    hard-wrapped paragraph are joined into one (its text with single spaces)."""
    lines: list[Line] = []
    parts: list[str] = []  # the pieces of the last line, joined once it is complete

    def close() -> None:
        if len(parts) > 1:  # joined once: joining at every piece would be quadratic
            lines[-1].text = " ".join(parts)

    for match in re.finditer(r"[^\n]+", text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        start = match.start() + lead
        line = Line(start, start + len(stripped), stripped, "")
        if lines and _continues(lines[-1], parts[-1], text[lines[-1].end : start], line):
            lines[-1].end = line.end
            parts.append(stripped)
            if len(lines[-1].text) < 60:  # all `_continues` needs to know of its length
                lines[-1].text = " ".join(parts)
        else:
            close()
            lines.append(line)
            parts = [stripped]
    close()
    return lines


def classify_lines(text: str) -> list[Line]:
    """Every non-blank line of a plain-text article with its role."""
    lines = split_lines(text)
    if not lines:
        return lines
    # The top: everything before the first line of running text.
    first_body = next((i for i, ln in enumerate(lines) if _is_paragraph(ln.text)), len(lines))
    title_at = None
    for i in range(first_body):
        t = lines[i].text
        if _BYLINE.search(t) or is_date_only(t) or _is_caption(t) or len(words(t)) < 4:
            lines[i].role = FURNITURE
        else:
            title_at = i  # the last headline-like line above the body wins
    for i in range(first_body):
        if lines[i].role != FURNITURE:
            lines[i].role = TITLE if i == title_at else FURNITURE
    # The tail: a comment form or "related" block ends the article.
    tail = len(lines)
    for i in range(first_body, len(lines)):
        if _TAIL_MARKER.match(lines[i].text) and not _is_paragraph(lines[i].text):
            tail = i
            break
    for i in range(tail, len(lines)):
        lines[i].role = FURNITURE
    # A trailing run of headline-like lines after the body is a list of links.
    end = tail
    while (
        end > first_body + 1
        and not ends_sentence(lines[end - 1].text)
        and len(words(lines[end - 1].text)) < 25
    ):
        end -= 1
        lines[end].role = FURNITURE
    for i in range(first_body, end):
        t = lines[i].text
        if _is_caption(t) or _BYLINE.search(t) and not _is_paragraph(t):
            lines[i].role = FURNITURE
        elif _is_paragraph(t):
            lines[i].role = PARAGRAPH
        elif is_date_only(t):
            lines[i].role = FURNITURE
        elif _is_heading(t) and i + 1 < end:
            lines[i].role = HEADING
        else:
            lines[i].role = PARAGRAPH
    return lines


def stated_lines(lines: list[Line]) -> list[str]:
    """Furniture lines that may state the article's publication date (a dateline,
    "Published ...", "Last updated ..."), in order: those above the end of the body,
    with a digit; the page's tail (related links, comments) dates other articles."""
    last_body = max((i for i, ln in enumerate(lines) if ln.role != FURNITURE), default=-1)
    above = lines[: last_body + 1] if last_body >= 0 else lines
    return [ln.text for ln in above if ln.role == FURNITURE and any(c.isdigit() for c in ln.text)]


def mask(text: str, lines: list[Line], roles: tuple[str, ...] = (FURNITURE,)) -> str:
    """`text` with the lines of the given roles blanked out (same length, same offsets)."""
    chars = list(text)
    for ln in lines:
        if ln.role in roles:
            for k in range(ln.start, ln.end):
                chars[k] = " "
    return "".join(chars)
