"""An article's address (from the manifest or the page itself) reaches the entry only as
an http(s) address: anything else is left out with a note, and the entry builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.content import entries


@pytest.mark.parametrize("url", ["javascript:alert(document.cookie)", "data:text/html,<b>x</b>"])
def test_a_source_address_that_is_not_http_is_left_out(tmp_path: Path, url: str) -> None:
    root = tmp_path / "war"
    assert main(["init", str(root)]) == 0
    article = tmp_path / "a.txt"
    article.write_text(
        "Convoy reaches the town\n\nAid trucks reached the town on Monday, officials said.\n"
    )
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f'file,published,url,outlet\na.txt,2017-03-01,"{url}",Wire\n')
    assert main(["--root", str(root), "ingest", str(article), "--manifest", str(manifest)]) == 0
    [path] = (root / "content" / "entries").glob("*.md")
    entry = entries.load_entry(path)
    assert entry.source["url"] is None and entry.source["outlet"] == "Wire"
    assert any("not an http(s) address" in note for note in entry.review)
    assert main(["--root", str(root), "build"]) == 0
