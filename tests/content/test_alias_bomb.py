"""A YAML "billion laughs" (a few hundred bytes of nested aliases) in an entry or in an
article's front matter is one clear error: it hangs nothing and takes no memory."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from chronicle.content.frontmatter import split_front_matter
from chronicle.errors import ChronicleError
from tests.conftest import ENTRY_A, REPO, write_content


def bomb(flow: str = "[]") -> str:
    """Nine levels of nine aliases each: 9**9 values once written out."""
    first = (
        "[lol, lol, lol, lol, lol, lol, lol, lol, lol]"
        if flow == "[]"
        else ("{a: lol, b: lol, c: lol, d: lol, e: lol, f: lol, g: lol, h: lol, i: lol}")
    )
    lines = [f"l0: &l0 {first}"]
    for n in range(1, 9):
        refs = [f"*l{n - 1}"] * 9
        body = (
            "[" + ", ".join(refs) + "]"
            if flow == "[]"
            else "{" + ", ".join(f"{k}: {r}" for k, r in zip("abcdefghi", refs)) + "}"
        )
        lines.append(f"l{n}: &l{n} {body}")
    return "\n".join(lines) + "\n"


def limited_run(*args: str) -> subprocess.CompletedProcess:
    """`chronicle ARGS` with 30 s and 1 GB: a bomb that goes off fails this, not the machine."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [sys.executable, "-m", "chronicle", *args],
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=limit,
        env={
            "PYTHONPATH": str(REPO),
            "PATH": "/usr/bin:/bin",
            "CHRONICLE_PAGEFIND": "",
            # the tests' gazetteer index (conftest), already built
            "CHRONICLE_CACHE_DIR": os.environ["CHRONICLE_CACHE_DIR"],
        },
    )


@pytest.mark.parametrize("flow", ["[]", "{}"])
def test_the_loader_refuses_it_with_one_line(flow: str) -> None:
    assert len(bomb(flow)) < 1000
    with pytest.raises(ChronicleError, match="aliases .* expand to more than"):
        split_front_matter(f"---\n{bomb(flow)}title: *l8\n---\n", Path("x.md"))


def test_an_alias_that_holds_itself_is_refused() -> None:
    with pytest.raises(ChronicleError, match="refers to the value that holds it"):
        split_front_matter("---\nsource: &s {file: x, more: *s}\n---\n", Path("x.md"))


def test_ordinary_aliases_still_load() -> None:
    meta, _, _ = split_front_matter("---\nplaces: &p [mosul]\nalso: *p\n---\n", Path("x.md"))
    assert meta["also"] == ["mosul"]


@pytest.mark.parametrize("key", ["source", "title", "review"])
def test_a_bomb_in_an_entry_stops_check_and_build_with_one_line(tmp_path: Path, key: str) -> None:
    entry = ENTRY_A.replace("---\ntitle:", f"---\n{bomb('{}')}title:", 1)
    entry = entry.replace(f"\n{key}:", f"\n{key}: *l8\nold_{key}:", 1)
    write_content(tmp_path, entries={"bomb": entry})
    for command, code in (("check", 1), ("build", 2)):
        done = limited_run("--root", str(tmp_path), command)
        assert done.returncode == code, done.stderr
        assert "bomb.md:2: front matter refused: its aliases" in done.stdout + done.stderr


def test_a_bomb_in_an_articles_front_matter_is_an_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "chronicle.toml").write_text('title = "T"\n')
    article = tmp_path / "bomb.md"
    article.write_text(
        f"---\n{bomb()}title: Troops reach the town\nurl: *l8\noutlet: *l8\ndate: *l8\n---\n\n"
        "Troops reached the town on Monday after a long march, officials said.\n"
    )
    done = limited_run("--root", str(tmp_path), "ingest", str(article))
    assert done.returncode == 1, done.stderr
    assert "bomb.md:2: front matter refused" in done.stderr
