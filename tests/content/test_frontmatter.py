"""The short YAML constructor (`frontmatter.load_yaml`) gives what PyYAML's safe loader gives,
on anything: generated structures written in every style, and documents with the YAML
features front matter rarely has (anchors, merge keys, tags, odd scalars, errors)."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.content.frontmatter import AliasBomb, _loader, dump_yaml, load_yaml


def reference(text: str):
    return yaml.load(text, Loader=_loader())


def same(text: str) -> None:
    try:
        expected = reference(text)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        with pytest.raises(type(exc)):
            load_yaml(text)
        return
    try:
        got = load_yaml(text)
    except AliasBomb:
        return  # an alias that holds itself is refused on purpose (test_alias_bomb.py)
    assert got == expected and repr(got) == repr(expected), text


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=12),
    st.floats(allow_nan=False),
    st.dates(),
    st.sampled_from(
        [
            "yes",
            "No",
            "on",
            "~",
            "null",
            "0x1F",
            "0o17",
            "012",
            "1_000",
            "1:30",
            "2017-02-30",
            "2017-1-5",
            "2017-06-08",
            "2017-06-08 10:00:00",
            ".inf",
            "-.5",
            "+12",
            "- a",
            "a: b",
            "#x",
            "&a",
            "*a",
            "!t",
            "<<",
            "=",
            "'q'",
            "",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=6), st.integers()), inner, max_size=4),
    ),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(values, st.sampled_from([None, True, False]))
def test_generated_documents(value, flow) -> None:
    same(yaml.safe_dump(value, default_flow_style=flow, allow_unicode=True))
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        same(dump_yaml(value))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# only a comment\n",
        "a: 1\n",
        "a: 012\nb: 0x1f\nc: 1_000\nd: 1:30\ne: +5\nf: -0\n",
        "a: 1.5\nb: .inf\nc: 1e3\n",
        "a: yes\nb: Off\nc: ~\nd: null\ne:\n",
        "a: 2017-06-08\nb: 2017-02-30\nc: 2017-06-08T10:00:00Z\nd: 2017-6-8\n",
        "a: &x [1, 2]\nb: *x\n",
        "a: &x {k: v}\nb:\n  <<: *x\n  j: w\n",
        "? [1, 2]\n: x\n",
        "1: one\n2: two\n",
        "a: !!str 12\nb: !!int '12'\nc: !custom x\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!set {x, y}\n",
        "a: !!omap [x: 1]\n",
        "=: value\n",
        "a: 1\na: 2\n",
        "- 1\n- 2\n",
        "just text\n",
        "a: [1, 2\n",
        "a: b: c\n",
        "a: 1\n---\nb: 2\n",
        "a: |\n  two\n  lines\n",
        "a: 'it''s'\nb: \"tab\\there\\u00e9\"\n",
        "[" * 50 + "]" * 50,
        "title: Aid convoy\npublished: 2017-10-20\nsource: {file: a.txt, url: 'https://x/y'}\n"
        "places: [a, b]\nevents:\n- date: '2017-10-17'\n  mention: on Tuesday\n  places: [a]\n"
        "review: []\n",
    ],
)
def test_unusual_documents(text: str) -> None:
    same(text)


def test_a_date_that_does_not_exist_stays_text() -> None:
    assert load_yaml("a: 2017-02-30\nb: 2017-02-28\n") == {
        "a": "2017-02-30",
        "b": date(2017, 2, 28),
    }


def test_aliases_are_shared_as_pyyaml_shares_them() -> None:
    with pytest.raises(AliasBomb):  # PyYAML makes a list that holds itself: refused
        load_yaml("a: &r [*r]\n")
    shared = load_yaml("a: &x [1]\nb: *x\n")
    assert shared["a"] is shared["b"]
