"""Markdown for untrusted text (entry bodies, place and actor descriptions).

Its own module, so that the quick path of a body edit renders a body without importing
the page renderer (Jinja, the model's pages).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

_SAFE_SCHEME = re.compile(r"^(?:https?:|mailto:|#|/|\.|[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)


def markdown_renderer() -> MarkdownIt:
    """Markdown for untrusted text: no raw HTML, only http(s), mailto and relative links."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})

    def validate_link(url: str) -> bool:
        cleaned = re.sub(r"[\x00-\x20]", "", url)
        return bool(_SAFE_SCHEME.match(cleaned))

    md.validateLink = validate_link  # type: ignore[method-assign]
    return md
