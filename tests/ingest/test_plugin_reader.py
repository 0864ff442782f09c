"""An outlet's own reader as a plugin (issue 11): `on_article` sees every article read."""

from __future__ import annotations

import sys
from pathlib import Path

from chronicle.cli import main
from chronicle.content import entries

PLUGIN = """
def on_article(article):
    # this outlet signs every file on its last line: that is the outlet, not the text
    if article.blocks and article.blocks[-1].startswith("The Wire Desk filed"):
        article.outlet = "Wire Desk"
        article.blocks = article.blocks[:-1]
    return article
"""


def test_on_article_reads_the_outlet_and_drops_its_signature(tmp_path: Path) -> None:
    root = tmp_path / "war"
    assert main(["init", str(root)]) == 0
    config = root / "chronicle.toml"
    text = config.read_text()
    assert "plugins = []" in text  # init writes every option
    config.write_text(text.replace("plugins = []", 'plugins = ["wire_reader"]'))
    (root / "wire_reader.py").write_text(PLUGIN)
    article = root / "articles" / "a.txt"
    article.write_text(
        "Town retaken\n\nTroops retook the town on Monday, the army said.\n\n"
        "The Wire Desk filed this story from its northern bureau for its readers.\n"
    )
    try:
        assert main(["--root", str(root), "ingest", "--published", "2017-03-01", str(article)]) == 0
    finally:
        sys.modules.pop("wire_reader", None)
    [path] = (root / "content" / "entries").glob("*.md")
    entry = entries.load_entry(path)
    assert entry.source["outlet"] == "Wire Desk"
    assert "filed this story" not in entry.body
