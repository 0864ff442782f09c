"""Plugins (issue 11): a chronicle's own module changes the model, a page's context, adds
pages and acts after the build, without touching Chronicle's code; a broken plugin is one
clear error."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from chronicle.cli import main

PLUGIN = """
from chronicle.plugins import ExtraPage


def on_model(chronicle):
    for entry in chronicle.entries:
        entry.title = entry.title.upper()


def page_context(template, context):
    if template == "entry.html":
        context["site"] = {**context["site"], "title": "Desk edition"}


def extra_pages(chronicle):
    return [ExtraPage("about/counts.html", "counts.html", {"reports": len(chronicle.entries)})]


def on_built(out_dir, result):
    (out_dir / "built-by-plugin.txt").write_text(str(result.pages))
"""

COUNTS = """{% extends "base.html" %}
{% block main %}<p id="count">{{ reports }} reports</p>{% endblock %}
"""


@pytest.fixture
def with_plugin(small_chronicle: Path) -> Path:
    config = small_chronicle / "chronicle.toml"
    config.write_text(config.read_text() + 'plugins = ["desk_tools"]\n')
    (small_chronicle / "desk_tools.py").write_text(PLUGIN)
    templates = small_chronicle / "themes" / "default" / "templates"
    templates.mkdir(parents=True)
    (templates / "counts.html").write_text(COUNTS)
    yield small_chronicle
    sys.modules.pop("desk_tools", None)


def build(root: Path) -> int:
    return main(["--root", str(root), "build"])


def test_a_plugin_changes_the_model_a_context_adds_a_page_and_acts_after(
    with_plugin: Path,
) -> None:
    assert build(with_plugin) == 0
    site = with_plugin / "site"
    entry = (site / "entries" / "forces-enter-old-city.html").read_text()
    assert "FORCES ENTER THE OLD CITY" in entry  # on_model
    assert "Desk edition" in entry  # page_context, on entry pages only
    assert "Desk edition" not in (site / "index.html").read_text()
    assert '<p id="count">2 reports</p>' in (site / "about" / "counts.html").read_text()
    assert (site / "built-by-plugin.txt").read_text().isdigit()  # on_built


def test_an_edited_plugin_renders_the_site_again(with_plugin: Path) -> None:
    assert build(with_plugin) == 0
    plugin = with_plugin / "desk_tools.py"
    plugin.write_text(plugin.read_text().replace(".upper()", ".lower()"))
    sys.modules.pop("desk_tools", None)
    assert build(with_plugin) == 0
    entry = (with_plugin / "site" / "entries" / "forces-enter-old-city.html").read_text()
    assert "forces enter the old city" in entry


@pytest.mark.parametrize(
    ("source", "said"),
    [
        ("import not_a_module_anywhere\n", "could not be imported"),
        ("def on_model(chronicle):\n    raise ValueError('bad data')\n", "on_model failed"),
        (
            "from chronicle.plugins import ExtraPage\n"
            "def extra_pages(chronicle):\n    return [ExtraPage('../../x.html', 'base.html')]\n",
            "inside the site",
        ),
    ],
)
def test_a_broken_plugin_is_one_error_and_the_site_stays(
    with_plugin: Path, capsys: pytest.CaptureFixture[str], source: str, said: str
) -> None:
    assert build(with_plugin) == 0
    before = (with_plugin / "site" / "index.html").read_bytes()
    (with_plugin / "desk_tools.py").write_text(source)
    sys.modules.pop("desk_tools", None)
    assert build(with_plugin) == 2
    err = capsys.readouterr().err
    assert "desk_tools" in err and said in err and "Traceback" not in err
    assert (with_plugin / "site" / "index.html").read_bytes() == before
    assert not (with_plugin.parent / "x.html").exists()
