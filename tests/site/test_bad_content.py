"""Bad entry and place files, bad themes: `chronicle build` stops with one line per problem
naming the file (and line), leaves the previous site alone, and says how many;
`--keep-going` builds the rest."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chronicle.cli import main
from tests.conftest import ENTRY_A, ENTRY_B, PLACES, REPO, write_content

ENTRY_A_PATH = "content/entries/forces-enter-old-city.md"
ENTRY_B_PATH = "content/entries/week-of-fighting.md"


def build(root: Path, *extra: str) -> int:
    return main(["--root", str(root), "build", *extra])


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def place(root: Path, pid: str, meta: str) -> Path:
    path = root / "content" / "places" / f"{pid}.md"
    path.write_text(f"---\n{meta}---\n\nAbout {pid}.\n", encoding="utf-8")
    return path


def assert_build_refused(
    root: Path, capsys: pytest.CaptureFixture, *expected: str, count: int = 1
) -> str:
    """The build fails, names each problem, counts them, and leaves the old site alone."""
    before = tree_digest(root / "site")
    assert build(root) == 2
    err = capsys.readouterr().err
    assert f"{count} content error(s); nothing was built" in err, err
    for text in expected:
        assert text in err, (text, err)
    assert "Traceback" not in err
    assert tree_digest(root / "site") == before
    return err


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small chronicle, built once for the module (a build takes a while)."""
    root = tmp_path_factory.mktemp("built")
    (root / "chronicle.toml").write_text('title = "Test Chronicle"\nregion = ["IQ"]\n')
    write_content(root)
    assert build(root) == 0
    return root


@pytest.fixture
def built(built_once: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> Path:
    """A fresh copy of the built small chronicle: content/ and its site/."""
    root = tmp_path / "chronicle"
    shutil.copytree(built_once, root)
    capsys.readouterr()
    return root


# --------------------------------------------------------------------------- entries


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "title: Forces enter the Old City\n",
            "title: [unclosed\n",
            f"{ENTRY_A_PATH}:2: front matter is not valid YAML",
        ),
        (
            "title: Forces enter the Old City\n",
            "title:\n  - a list\n",
            f"{ENTRY_A_PATH}:2: title is missing or not text",
        ),
        (
            "places: [old-city-mosul, mosul]\n",
            "places: old-city-mosul\n",
            f"{ENTRY_A_PATH}:6: places must be a list of strings",
        ),
        (
            "source: {file: a.txt",
            "source: [a.txt]\nx: {file: a.txt",
            f"{ENTRY_A_PATH}:5: source must be a mapping",
        ),
        (
            "events:\n",
            "events: {date: '2017-06-08'}\nlater:\n",
            f"{ENTRY_A_PATH}:7: events must be a list",
        ),
        (
            "published: 2017-06-09\n",
            "published: 2017-02-30\n",
            f"{ENTRY_A_PATH}:3: published must be a real date YYYY-MM-DD, not '2017-02-30'",
        ),
        (
            "published: 2017-06-09\n",
            "published: yesterday\n",
            f"{ENTRY_A_PATH}:3: published must be a real date",
        ),
        (
            "- date: '2017-01'\n",
            "- date: 2017-02-30\n",
            f"{ENTRY_A_PATH}:12: event date must be a real date YYYY-MM-DD, not '2017-02-30'",
        ),
        (
            "- date: '2017-01'\n",
            "- date: '2017-13'\n",
            f"{ENTRY_A_PATH}:12: event date has no month 13",
        ),
        (
            "- date: '2017-01'\n",
            "- date: 2017-W54\n",
            f"{ENTRY_A_PATH}:12: event date has no week 54",
        ),
        ("- date: '2017-01'\n", "- date: June\n", f"{ENTRY_A_PATH}:12: event date must be YYYY"),
        (
            "  places: [mosul]\n",
            "  places: mosul\n",
            f"{ENTRY_A_PATH}:15: event 2 places must be a list",
        ),
        (
            "published_from: manifest",
            "published_from: rumour",
            f"{ENTRY_A_PATH}:4: published_from must be one of",
        ),
        ("---\ntitle: Forces", "title: Forces", f"{ENTRY_A_PATH}:1: no front matter"),
    ],
)
def test_bad_entry_stops_the_build(
    built: Path, capsys: pytest.CaptureFixture, old: str, new: str, expected: str
) -> None:
    edit(built, ENTRY_A_PATH, old, new)
    assert_build_refused(built, capsys, expected)
    # --keep-going builds the rest and says what it skipped
    assert build(built, "--keep-going") == 0
    out = capsys.readouterr().out
    assert "1 content errors skipped (--keep-going)" in out
    assert (built / "site" / "entries" / "week-of-fighting.html").is_file()


def test_unquoted_year_is_a_year(built: Path) -> None:
    edit(built, ENTRY_A_PATH, "- date: '2014'\n", "- date: 2014\n")
    assert build(built) == 0


def test_entry_not_utf8(built: Path, capsys: pytest.CaptureFixture) -> None:
    (built / ENTRY_A_PATH).write_bytes(ENTRY_A.replace("Old City", "Vieille Cité").encode("cp1252"))
    assert_build_refused(built, capsys, f"{ENTRY_A_PATH}: not UTF-8 text")


def test_unknown_place_ids_in_entry_and_event(built: Path, capsys: pytest.CaptureFixture) -> None:
    edit(built, ENTRY_B_PATH, "places: [iraq]\nevents", "places: [atlantis]\nevents")
    edit(built, ENTRY_B_PATH, "  places: [iraq]\n", "  places: [el-dorado]\n")
    assert_build_refused(
        built,
        capsys,
        f"{ENTRY_B_PATH}: unknown place id 'atlantis'",
        f"{ENTRY_B_PATH}: unknown place id 'el-dorado'",
        count=2,
    )


def test_several_errors_are_all_listed_and_counted(
    built: Path, capsys: pytest.CaptureFixture
) -> None:
    edit(built, ENTRY_A_PATH, "published: 2017-06-09\n", "published: 2017-02-30\n")
    edit(built, ENTRY_B_PATH, "places: [iraq]\nevents", "places: [atlantis]\nevents")
    place(built, "loop", "name: Loop\nkind: area\nparent: loop\n")
    assert_build_refused(
        built, capsys, "published must be a real date", "atlantis", "parent cycle", count=3
    )


def test_unknown_keys_are_warnings_naming_key_and_line(
    built: Path, capsys: pytest.CaptureFixture
) -> None:
    edit(built, ENTRY_A_PATH, "review: []\n", "review: []\nreveiw: [typo]\n")
    edit(built, ENTRY_A_PATH, "  mention: in January\n", "  mention: in January\n  modd: MID\n")
    mosul = built / "content" / "places" / "mosul.md"
    mosul.write_text(mosul.read_text().replace("kind: city\n", "kind: city\npopulation: 1\n"))
    assert build(built) == 0
    err = capsys.readouterr().err
    assert f"{ENTRY_A_PATH}:22: unknown key 'reveiw'" in err
    assert f"{ENTRY_A_PATH}:14: event 2: unknown key 'modd'" in err
    assert "content/places/mosul.md:4: unknown key 'population'" in err


# --------------------------------------------------------------------------- places


@pytest.mark.parametrize(
    "meta, expected",
    [
        ("name: Sinjar\nkind: [town\n", "sinjar.md:3: front matter is not valid YAML"),
        ("name: Sinjar\nkind: metropolis\n", "sinjar.md:3: kind must be one of"),
        ("name: Sinjar\nkind: town\nlat: north\n", "sinjar.md:4: lat must be a number"),
        ("name: Sinjar\nkind: town\nlon: 241.8\n", "sinjar.md:4: lon must be a number from -180"),
        ("name: Sinjar\nkind: town\nlat: .nan\n", "sinjar.md:4: lat must be a number"),
        ("name: Sinjar\nkind: town\nlat: true\n", "sinjar.md:4: lat must be a number"),
        ("name: Sinjar\nkind: town\nparent: [iraq]\n", "sinjar.md:4: parent must be a place id"),
        ("name: Sinjar\nkind: town\ngeonames: '99072'\n", "sinjar.md:4: geonames must be a"),
        ("name: Sinjar\nkind: town\ncountry: Iraq\n", "sinjar.md:4: country must be an ISO"),
        ("name: Sinjar\nkind: town\naliases: Shingal\n", "sinjar.md:4: aliases must be a list"),
        ("name: 42\nkind: town\n", "sinjar.md:2: name is missing or not text"),
        ("name: Sinjar\nkind: town\nparent: atlantis\n", "sinjar.md: parent 'atlantis' is not"),
        ("- Sinjar\n", "sinjar.md:2: front matter must be a mapping"),
    ],
)
def test_bad_place_stops_the_build(
    built: Path, capsys: pytest.CaptureFixture, meta: str, expected: str
) -> None:
    place(built, "sinjar", meta)
    assert_build_refused(built, capsys, f"content/places/{expected}")


def test_bad_place_named_by_an_entry(built: Path, capsys: pytest.CaptureFixture) -> None:
    """A place that does not load leaves what names it pointing nowhere: all are listed."""
    place(built, "mosul", "name: Mosul\nkind: city\nlat: north\n")
    err = assert_build_refused(
        built,
        capsys,
        "content/places/mosul.md:4: lat must be",
        f"{ENTRY_A_PATH}: unknown place id 'mosul'",
        "old-city-mosul.md: parent 'mosul' is not a place",
        count=5,
    )
    assert err.count("unknown place id 'mosul'") == 3  # the entry and its two events


def test_parent_cycle(built: Path, capsys: pytest.CaptureFixture) -> None:
    place(built, "a-town", "name: A\nkind: town\nparent: b-town\n")
    place(built, "b-town", "name: B\nkind: town\nparent: a-town\n")
    assert_build_refused(
        built, capsys, "content/places/a-town.md: parent cycle: a-town -> b-town -> a-town"
    )


def test_place_inside_itself(built: Path, capsys: pytest.CaptureFixture) -> None:
    place(built, "loop", "name: Loop\nkind: area\nparent: loop\n")
    assert_build_refused(built, capsys, "content/places/loop.md: parent cycle: loop -> loop")


def test_place_ids_that_differ_only_in_case_are_duplicate_slugs(
    built: Path, capsys: pytest.CaptureFixture
) -> None:
    place(built, "Mosul", PLACES["mosul"])
    # neither file is loaded: entry A (places and 2 events) and old-city-mosul's parent
    # then point nowhere, and are listed too
    err = assert_build_refused(built, capsys, "duplicate slug: Mosul.md, mosul.md", count=5)
    assert "macOS" in err


def test_entries_that_differ_only_in_accent_form_are_duplicate_slugs(
    built: Path, capsys: pytest.CaptureFixture
) -> None:
    (built / "content" / "entries" / "caf\u00e9.md").write_text(ENTRY_B.replace("bbbb", "cccc"))
    (built / "content" / "entries" / "cafe\u0301.md").write_text(ENTRY_B.replace("bbbb", "dddd"))
    assert_build_refused(built, capsys, "duplicate slug:")


@pytest.mark.parametrize(
    "name, expected",
    [
        ("index", "reserved for the index page"),
        ("two words", "not allowed in a page name"),
        ("what?#x", "not allowed in a page name"),
        ("-draft", "must start with a letter or digit"),
    ],
)
def test_file_names_that_cannot_be_page_names(
    built: Path, capsys: pytest.CaptureFixture, name: str, expected: str
) -> None:
    (built / "content" / "entries" / f"{name}.md").write_text(ENTRY_B.replace("bbbb", "eeee"))
    assert_build_refused(built, capsys, f"{name}.md: the file name cannot be a page name", expected)


def test_same_article_in_two_entries_is_a_warning(
    built: Path, capsys: pytest.CaptureFixture
) -> None:
    sha = "ab" * 32
    for slug in ("first-copy", "second-copy"):
        (built / "content" / "entries" / f"{slug}.md").write_text(ENTRY_B.replace("bbbb", sha))
    assert build(built) == 0
    err = capsys.readouterr().err
    assert "first-copy.md: the same article as" in err and "second-copy.md" in err


# --------------------------------------------------------------------------- themes


def theme(root: Path, name: str, templates: dict[str, str]) -> None:
    folder = root / "themes" / name / "templates"
    folder.mkdir(parents=True)
    for file, text in templates.items():
        (folder / file).write_text(text, encoding="utf-8")


def test_missing_theme(built: Path, capsys: pytest.CaptureFixture) -> None:
    assert build(built, "--theme", "nope") == 2
    assert "theme 'nope' not found" in capsys.readouterr().err


def test_missing_template(built: Path, capsys: pytest.CaptureFixture) -> None:
    theme(built, "mine", {"404.html": "{% extends 'nothere.html' %}"})
    before = tree_digest(built / "site")
    assert build(built, "--theme", "mine") == 2
    err = capsys.readouterr().err
    assert "nothere.html" in err and "not found" in err and "Traceback" not in err
    assert tree_digest(built / "site") == before


def test_template_syntax_error_names_file_and_line(
    built: Path, capsys: pytest.CaptureFixture
) -> None:
    theme(
        built,
        "mine",
        {
            "entry.html": "{% extends 'base.html' %}\n{% block main %}\n"
            "{{ entry.title }\n{% endblock %}\n"
        },
    )
    before = tree_digest(built / "site")
    assert build(built, "--theme", "mine") == 2
    err = capsys.readouterr().err
    assert "themes/mine/templates/entry.html:3: template error" in err
    assert tree_digest(built / "site") == before


@pytest.mark.parametrize(
    "body, message",
    [
        ("{{ entry.no_such_field.deeper }}", "template error"),
        ("{{ 1 // 0 }}", "ZeroDivisionError"),
        ("{{ 1 + 'a' }}", "TypeError"),
    ],
)
def test_template_runtime_error_names_file_and_line(
    built: Path, capsys: pytest.CaptureFixture, body: str, message: str
) -> None:
    theme(
        built,
        "mine",
        {
            "entry.html": "{% extends 'base.html' %}\n{% block main %}\n"
            f"<p>\n{body}\n</p>\n{{% endblock %}}\n"
        },
    )
    before = tree_digest(built / "site")
    assert build(built, "--theme", "mine") == 2
    err = capsys.readouterr().err
    assert "themes/mine/templates/entry.html:4: " in err and message in err, err
    assert "Traceback" not in err
    assert tree_digest(built / "site") == before


# --------------------------------------------------------------------------- end to end


def test_exit_codes_end_to_end(small_chronicle: Path, tmp_path: Path) -> None:
    """The real command: content errors stop the build with exit 2 and a count on stderr;
    --keep-going builds; a bad article makes ingest exit 1 after ingesting the rest."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "chronicle", "--root", str(small_chronicle), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    edit(small_chronicle, ENTRY_A_PATH, "published: 2017-06-09\n", "published: 2017-02-30\n")
    done = run("build")
    assert done.returncode == 2
    assert "1 content error(s)" in done.stderr and "forces-enter-old-city.md:3" in done.stderr
    assert not (small_chronicle / "site").exists()
    done = run("build", "--keep-going")
    assert done.returncode == 0 and "1 content errors skipped" in done.stdout
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "bad.txt").write_bytes(b"\x00" * 10)
    (articles / "good.txt").write_text(
        "Town retaken after siege\n\nTroops retook the town on "
        "Monday after weeks of fighting, the army said.\n"
    )
    done = run("ingest", str(articles), "--published", "2017-03-01")
    assert done.returncode == 1
    assert "1 written" in done.stdout and "1 failed" in done.stdout
    assert "1 article(s) failed" in done.stderr and "bad.txt: binary file" in done.stderr
