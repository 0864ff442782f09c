"""`chronicle build --out DIR` replaces only a folder whose loss costs nothing (one
Chronicle made, an empty or a missing one), and keeps what a publishing folder needs."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from chronicle.cli import main
from tests.site.test_atomic import ENV, leftovers, run_killing_itself, tree_digest

MARKER = ".chronicle-site"  # the file that marks a folder Chronicle made


def build(root: Path, *extra: str) -> int:
    return main(["--root", str(root), "build", *extra])


def snapshot(folder: Path) -> dict[str, str]:
    return tree_digest(folder)


@pytest.mark.parametrize("out", [".", "content", "content/entries", "..", "content/site"])
def test_the_chronicle_and_its_content_are_never_the_output(
    small_chronicle: Path, out: str, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    (small_chronicle / "articles").mkdir()
    (small_chronicle / "articles" / "report.txt").write_text("A report.\n")
    monkeypatch.chdir(small_chronicle)
    before = snapshot(small_chronicle)
    assert build(small_chronicle, "--out", out) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "refusing to build into" in err
    assert len(err.strip().splitlines()) == 1
    assert snapshot(small_chronicle) == before
    assert not [p for p in small_chronicle.parent.iterdir() if ".building-" in p.name]


def test_a_folder_chronicle_did_not_make_is_refused(
    small_chronicle: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    other = tmp_path / "notes"
    other.mkdir()
    (other / "thesis.md").write_text("Years of work.\n")
    assert build(small_chronicle, "--out", str(other)) == 2
    err = capsys.readouterr().err
    assert "not empty and Chronicle did not make it" in err and MARKER in err
    assert (other / "thesis.md").read_text() == "Years of work.\n"
    assert sorted(p.name for p in other.iterdir()) == ["thesis.md"]


def test_an_empty_or_missing_folder_is_built_and_marked(
    small_chronicle: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert build(small_chronicle, "--out", str(empty)) == 0
    assert (empty / "index.html").is_file() and (empty / MARKER).is_file()
    # Marked: the next build replaces it.
    assert build(small_chronicle, "--out", str(empty)) == 0
    missing = tmp_path / "new" / "site"
    assert build(small_chronicle, "--out", str(missing)) == 0
    assert (missing / MARKER).is_file()


def test_a_site_an_earlier_chronicle_built_is_replaced(small_chronicle: Path) -> None:
    assert build(small_chronicle) == 0
    (small_chronicle / "site" / MARKER).unlink()  # as built before the marker existed
    shutil.rmtree(small_chronicle / ".chronicle-cache")
    assert build(small_chronicle) == 0
    assert (small_chronicle / "site" / MARKER).is_file()


def gh_pages(tmp_path: Path) -> Path:
    folder = tmp_path / "gh-pages"
    (folder / ".git" / "objects").mkdir(parents=True)
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (folder / ".git" / "objects" / "ab12").write_text("an object\n")
    (folder / "CNAME").write_text("war.example.org\n")
    (folder / ".nojekyll").write_text("")
    return folder


def test_a_publishing_folder_keeps_git_cname_and_nojekyll(
    small_chronicle: Path, tmp_path: Path
) -> None:
    out = gh_pages(tmp_path)
    kept = snapshot(out)
    assert build(small_chronicle, "--out", str(out)) == 0
    assert (out / "index.html").is_file()
    assert {k: v for k, v in snapshot(out).items() if k in kept} == kept
    # And again after a change, when the new site is swapped in.
    entry = small_chronicle / "content" / "entries" / "week-of-fighting.md"
    entry.write_text(entry.read_text().replace("Week of fighting", "Retitled"))
    assert build(small_chronicle, "--out", str(out)) == 0
    assert "Retitled" in (out / "entries" / "week-of-fighting.html").read_text()
    assert {k: v for k, v in snapshot(out).items() if k in kept} == kept
    assert leftovers(tmp_path) == []


def test_keep_files_lists_more_to_keep(small_chronicle: Path, tmp_path: Path) -> None:
    config = small_chronicle / "chronicle.toml"
    config.write_text(config.read_text() + 'keep_files = ["README.md", "_headers"]\n')
    out = gh_pages(tmp_path)
    (out / "README.md").write_text("The published chronicle.\n")
    (out / "_headers").write_text("/*\n  X-Frame-Options: DENY\n")
    assert build(small_chronicle, "--out", str(out)) == 0
    assert (out / "README.md").read_text() == "The published chronicle.\n"
    assert build(small_chronicle, "--out", str(out), "--base-url", "https://example.org/") == 0
    assert (out / "_headers").read_text().startswith("/*")


def test_a_publishing_folder_with_other_files_is_refused(
    small_chronicle: Path, tmp_path: Path
) -> None:
    out = gh_pages(tmp_path)
    (out / "index.html").write_text("someone else's site\n")
    before = snapshot(out)
    assert build(small_chronicle, "--out", str(out)) == 2
    assert snapshot(out) == before


def test_a_swap_killed_after_moving_what_is_kept_loses_nothing(
    small_chronicle: Path, tmp_path: Path
) -> None:
    out = gh_pages(tmp_path)
    assert build(small_chronicle, "--out", str(out)) == 0
    kept = {k: v for k, v in snapshot(out).items() if k.startswith(".git/") or k == "CNAME"}
    entry = small_chronicle / "content" / "entries" / "week-of-fighting.md"
    entry.write_text(entry.read_text().replace("Week of fighting", "Retitled"))
    done = run_killing_itself(
        small_chronicle,
        """
        from chronicle.site import write
        write._exchange = lambda a, b: die()
    """,
        "build",
        "--out",
        str(out),
    )
    assert done.returncode == -signal.SIGKILL
    assert main(["--root", str(small_chronicle), "build", "--out", str(out)]) == 0
    assert {k: v for k, v in snapshot(out).items() if k in kept} == kept
    assert (out / ".nojekyll").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".gh-pages.")]


def _as_unprivileged() -> list[str]:
    """A command prefix that runs without root's power to ignore file permissions (a
    read-only folder means nothing to root): capabilities dropped with util-linux setpriv."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: file permissions cannot be tested")
    caps = "-dac_override,-dac_read_search,-fowner"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]


def test_a_read_only_site_leaves_no_undeletable_staging_folder(small_chronicle: Path) -> None:
    command = [*_as_unprivileged(), sys.executable, "-m", "chronicle"]
    command += ["--root", str(small_chronicle), "build"]
    env = {**ENV, "CHRONICLE_PAGEFIND": ""}
    assert subprocess.run(command, env=env, capture_output=True).returncode == 0
    site = small_chronicle / "site"
    for folder in [site, *[p for p in site.rglob("*") if p.is_dir()]]:
        folder.chmod(0o555)
    entry = small_chronicle / "content" / "entries" / "week-of-fighting.md"
    entry.write_text(entry.read_text().replace("Week of fighting", "Retitled"))
    place = small_chronicle / "content" / "places" / "iraq.md"
    place.write_text(place.read_text() + "More about Iraq.\n")
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Retitled" in (site / "entries" / "week-of-fighting.html").read_text()
    assert leftovers(small_chronicle) == []
    assert stat.S_IMODE(site.stat().st_mode) & 0o200  # the new site is an ordinary folder
