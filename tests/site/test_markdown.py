"""The plain-paragraph fast path gives exactly markdown-it's HTML (issue 6)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.ingest import escape_markdown
from chronicle.site.fastmd import plain_paragraphs, render_fast
from chronicle.site.render import markdown_renderer

MD = markdown_renderer()

# Plain words, with every character that means something to Markdown mixed in rarely.
_WORDS = st.text(
    alphabet=st.sampled_from(list("abcdefXYZ éü—“”’0123456789.,;:?'\"()/%$@")),
    min_size=1,
    max_size=30,
)
_ANY = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
_SPECIAL = st.sampled_from(
    list("\\`*_[]<>&!~#=|+-\t\r\n\x00 \u00a0\u2028\x0b\x1c\x85")
    + [
        "  ",
        "\n\n",
        "\n\n\n",
        "1.",
        "1)",
        "    ",
        "&amp;",
        "<a>",
        "[x](y)",
        "**b**",
        "## h",
        "> q",
        "- i",
        "---",
        "===",
    ]
)
_PIECE = st.one_of(_WORDS, _WORDS, _WORDS, _SPECIAL, _ANY)
_TEXT = st.lists(_PIECE, max_size=12).map("".join)
_PARAGRAPHS = st.lists(_WORDS, min_size=1, max_size=5).map("\n\n".join)


@pytest.mark.slow
@settings(max_examples=1500, deadline=None)
@given(_TEXT)
def test_fast_path_equals_markdown_it_on_any_text(text: str) -> None:
    assert render_fast(text, MD.render) == MD.render(text)


@settings(max_examples=500, deadline=None)
@given(_PARAGRAPHS, st.sampled_from(["", "\n", "\n\n"]), st.sampled_from(["", "\n", "\n\n"]))
def test_fast_path_equals_markdown_it_on_plain_paragraphs(
    text: str, before: str, after: str
) -> None:
    text = before + text + after
    assert render_fast(text, MD.render) == MD.render(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=4))
def test_fast_path_on_ingested_paragraphs(blocks: list[str]) -> None:
    """Bodies as ingest writes them: escaped plain paragraphs."""
    text = "\n\n".join(escape_markdown(b) for b in blocks if b.strip())
    assert render_fast(text, MD.render) == MD.render(text)


def test_fast_path_is_taken_for_plain_text_and_not_for_syntax() -> None:
    assert plain_paragraphs('One day.\n\nAl-Kahsib, 2,400 families "said".\n') is not None
    for text in (
        "*a*",
        "a\\b",
        "# h",
        "1. x",
        "a\nb",
        "a  \nb",
        "&amp;",
        "<b>",
        "[a]: b",
        "    code",
        "a\u00a0",
        "- list",
    ):
        assert plain_paragraphs(text) is None, text
