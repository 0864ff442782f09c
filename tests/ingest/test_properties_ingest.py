"""Property: whatever the headlines (colliding, odd, reserved), the file names (the same
name in several folders, spaces, accents) and however ingests run (two at once, again
later), every article given ends as exactly one entry, its own."""

from __future__ import annotations

import hashlib
import multiprocessing
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chronicle.cli import main
from chronicle.content import entries

HEADLINES = (
    "Troops advance on the city",
    "Troops Advance On The City!",
    "Index",
    "Ünïcödé — a headline of accents",
    "../../etc/passwd",
    "A headline long enough to be cut short when it becomes a file name of the chronicle "
    "and then some more words",
)
FOLDERS = ("ap", "reuters", "ap/deep", "wire service")
NAMES = ("report.txt", "Report.txt", "rap port #1.txt", "ünï.md", "index.txt", "a.b.c.txt")
SENTENCES = (
    "Army units advanced on the northern districts on Monday, officers said.",
    "Militia fighters held a bridge near the river on Tuesday, a witness said.",
    "Aid convoys reached the eastern suburbs on Wednesday, the agency said.",
    "Engineers repaired the water plant on Thursday, residents said.",
)

articles = st.lists(
    st.tuples(
        st.sampled_from(FOLDERS),
        st.sampled_from(NAMES),
        st.sampled_from(HEADLINES),
        st.sampled_from(SENTENCES),
        st.integers(0, 3),  # a number in the text: same words, a different article
    ),
    min_size=1,
    max_size=8,
)


def _ingest(root: str, paths: list[str]) -> None:
    code = main(["--root", root, "ingest", "--published", "2017-03-01", *paths])
    raise SystemExit(code)


def run_at_once(root: Path, groups: list[list[Path]]) -> list[int | None]:
    """Ingest each group of files in a process of its own, all started together."""
    context = multiprocessing.get_context("fork")
    workers = [
        context.Process(target=_ingest, args=(str(root), [str(p) for p in group]))
        for group in groups
        if group
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    return [worker.exitcode for worker in workers]


@pytest.mark.slow
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(articles, st.booleans(), st.booleans())
def test_no_article_is_ever_lost(
    given_articles: list[tuple[str, str, str, str, int]], split: bool, again: bool
) -> None:
    base = Path(tempfile.mkdtemp(prefix="chronicle-prop-"))
    try:
        assert main(["init", str(base / "war")]) == 0
        root = base / "war"
        files: dict[Path, bytes] = {}
        for folder, name, headline, sentence, n in given_articles:
            text = f"{headline}\n\n{sentence} Report number {n} of the day.\n"
            files[base / "in" / folder / name] = text.encode("utf-8")
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        paths = sorted(files)
        groups = [paths[0::2], paths[1::2]] if split else [paths]
        assert run_at_once(root, groups) == [0] * len([g for g in groups if g])
        if again:
            assert run_at_once(root, [paths]) == [0]
        wanted = {hashlib.sha256(data).hexdigest() for data in files.values()}
        found = [
            entries.load_entry(p).source.get("sha256")
            for p in (root / "content" / "entries").glob("*.md")
        ]
        assert sorted(found) == sorted(wanted)  # each article once, none lost
        assert main(["--root", str(root), "check"]) == 0
    finally:
        shutil.rmtree(base, ignore_errors=True)
