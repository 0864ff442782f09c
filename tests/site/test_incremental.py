"""Incremental builds (issue 6): after any series of edits, additions, deletions and
renames of entries and places, theme and configuration changes, an incremental build gives
byte for byte the site a clean build gives; files it did not need to change keep their
inode and modification time; a build with nothing changed writes nothing."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from chronicle.config import load_config
from chronicle.errors import ChronicleError
from chronicle.site.build import BuildOptions, build
from tests.conftest import ENTRY_A, ENTRY_B, write_content


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def options(root: Path, out: Path, cache: bool = True) -> BuildOptions:
    config = load_config(root)
    return BuildOptions(
        config=config,
        content_dir=root / "content",
        out_dir=out,
        theme=config.theme,
        search=False,
        cache=cache,
    )


class Chronicle:
    """A chronicle being edited; `check()` builds it both ways and compares."""

    def __init__(self, root: Path, clean: Path) -> None:
        self.root, self.clean, self.step = root, clean, 0

    def touch(self, path: Path) -> None:
        # Each edit gets its own modification time, well in the past, so the cache's
        # stat shortcut (trusted for files not modified just before they were recorded)
        # is exercised as well as the re-hashing of recently modified files.
        self.step += 1
        when = 1_600_000_000 + self.step * 10
        os.utime(path, (when, when))

    def write(self, relative: str, text: str, old: bool = True) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if old:
            self.touch(path)

    def edit(self, relative: str, old: str, new: str) -> None:
        text = (self.root / relative).read_text(encoding="utf-8")
        assert old in text, (relative, old)
        self.write(relative, text.replace(old, new))

    def remove(self, relative: str) -> None:
        (self.root / relative).unlink()

    def rename(self, old: str, new: str) -> None:
        (self.root / old).rename(self.root / new)

    def check(self) -> tuple[set[str], dict]:
        """Build incrementally and cleanly; the sites must be identical. Returns the
        files the incremental build changed (new inode or mtime) and the result."""
        site = self.root / "site"
        before = stamps(site) if site.is_dir() else {}
        result = build(options(self.root, site))
        shutil.rmtree(self.clean, ignore_errors=True)
        build(options(self.root, self.clean, cache=False))
        incremental, clean = tree(site), tree(self.clean)
        assert incremental.keys() == clean.keys(), sorted(incremental.keys() ^ clean.keys())
        assert incremental == clean, sorted(k for k in clean if incremental[k] != clean[k])
        after = stamps(site)
        changed = {p for p in after if before.get(p) != after[p]}
        return changed, result


@pytest.fixture
def chron(small_chronicle: Path, tmp_path: Path) -> Chronicle:
    c = Chronicle(small_chronicle, tmp_path / "clean")
    for path in (small_chronicle / "content").rglob("*.md"):
        c.touch(path)
    return c


E = "content/entries/"
P = "content/places/"


def add_delete_rename_entries(chron) -> None:
    """Entries added, one deleted, one renamed; each step checked against a clean build."""
    for i in range(3):
        chron.write(
            E + f"new-report-{i}.md",
            ENTRY_B.replace("bbbb", f"{i:04d}cc")
            .replace("Week of fighting in Iraq", f"New report {i}")
            .replace("2017-W22", f"2017-0{i + 3}"),
        )
    chron.check()
    chron.remove(E + "new-report-1.md")
    changed, result = chron.check()
    assert "entries/new-report-1.html" not in stamps(chron.root / "site")
    assert result.removed == 1
    chron.rename(E + "new-report-2.md", E + "renamed-report.md")
    chron.check()


@pytest.mark.slow
def test_incremental_equals_clean_after_every_kind_of_change(chron: Chronicle) -> None:
    changed, _ = chron.check()  # first build: everything
    assert "index.html" in changed

    changed, result = chron.check()  # nothing changed
    assert changed == set() and result.rewritten == 0

    # the body of one entry: only its page
    chron.edit(
        E + "forces-enter-old-city.md",
        "---\n\nForces on Thursday",
        "---\n\nA first paragraph.\n\nForces on Thursday",
    )
    changed, result = chron.check()
    assert changed == {"entries/forces-enter-old-city.html"}, changed
    assert result.rewritten == 1

    # a title: its page, the lists and pages that show its events and it
    chron.edit(
        E + "week-of-fighting.md", "title: Week of fighting in Iraq", "title: A week of fighting"
    )
    changed, _ = chron.check()
    assert "entries/week-of-fighting.html" in changed and "places/iraq.html" in changed
    assert "entries/forces-enter-old-city.html" not in changed
    assert "places/old-city-mosul.html" not in changed

    # an event's date, an event added, an event removed
    chron.edit(E + "forces-enter-old-city.md", "date: '2017-06-08'", "date: '2017-06-07'")
    chron.check()
    chron.edit(
        E + "week-of-fighting.md",
        "review: [Check the date.]",
        "- date: '2016-10-17'\n  mention: on Monday\n  sentence: The offensive began on "
        "Monday.\n  places: [nineveh-governorate]\nreview: [Check the date.]",
    )
    chron.check()
    chron.edit(
        E + "forces-enter-old-city.md",
        "- date: '2014'\n  mention: in 2014\n  sentence: The group declared its rule in "
        "2014.\n  places: []\n",
        "",
    )
    chron.check()

    add_delete_rename_entries(chron)

    # places: edited, added and used, renamed (with the entries naming it), deleted
    chron.edit(P + "mosul.md", "name: Mosul", "name: Al-Mawsil")
    changed, _ = chron.check()
    assert "places/mosul.html" in changed and "entries/forces-enter-old-city.html" in changed
    chron.write(
        P + "tal-afar.md",
        "---\nname: Tal Afar\nkind: city\naliases: []\nparent: "
        "nineveh-governorate\ncountry: IQ\nlat: 36.37\nlon: 42.45\ngeonames: null\n"
        "---\n\nA city west of Mosul.\n",
    )
    chron.edit(
        E + "new-report-0.md", "places: [iraq]\nevents:", "places: [iraq, tal-afar]\nevents:"
    )
    chron.edit(E + "new-report-0.md", "  places: [iraq]", "  places: [tal-afar]")
    chron.check()
    chron.rename(P + "tal-afar.md", P + "tall-afar.md")
    chron.edit(E + "new-report-0.md", "tal-afar", "tall-afar")
    chron.check()
    chron.edit(P + "old-city-mosul.md", "parent: mosul", "parent: nineveh-governorate")
    chron.check()
    chron.edit(E + "new-report-0.md", "[iraq, tall-afar]", "[iraq]")
    chron.edit(E + "new-report-0.md", "  places: [tall-afar]", "  places: [iraq]")
    chron.remove(P + "tall-afar.md")
    chron.check()

    # the theme: a template of the chronicle's own, changed, then removed; a stylesheet
    base = (
        Path(__file__).resolve().parents[2] / "themes" / "default" / "templates" / "base.html"
    ).read_text(encoding="utf-8")
    chron.write(
        "themes/default/templates/base.html",
        base.replace("built with Chronicle", "made with Chronicle"),
    )
    changed, _ = chron.check()
    assert "entries/week-of-fighting.html" in changed
    chron.edit(E + "week-of-fighting.md", "title: A week of fighting", "title: Fighting")
    chron.check()  # with a theme of its own
    chron.write("themes/default/static/style.css", "body { color: red; }\n")
    changed, _ = chron.check()
    assert changed == {"static/style.css"}, changed
    shutil.rmtree(chron.root / "themes")
    chron.check()

    # the configuration: title, base_url (adds a sitemap), language, period
    chron.write("chronicle.toml", 'title = "Renamed Chronicle"\nregion = ["IQ"]\n')
    chron.check()
    chron.write(
        "chronicle.toml",
        'title = "Renamed Chronicle"\nregion = ["IQ"]\n'
        'base_url = "https://example.org/war/"\nlanguage = "fr"\n',
    )
    changed, _ = chron.check()
    assert "sitemap.xml" in changed
    chron.write(
        "chronicle.toml",
        'title = "Renamed Chronicle"\nregion = ["IQ"]\n'
        '[period]\nstart = "2017-01-01"\nend = "2017-12-31"\n',
    )
    chron.check()

    # the same content again: nothing rewritten
    changed, result = chron.check()
    assert changed == set() and result.rewritten == 0


def test_body_edits_are_spliced_into_the_entry_page_alone(
    chron: Chronicle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edits to entry bodies only take the quick path (quick.py): no model, no rendering,
    only those pages rewritten, still byte for byte a clean build's site."""
    from chronicle.site import build as build_module

    chron.check()
    full_build, normal = build_module.full_build, []

    def counted(options, *args, **kwargs):
        if options.cache:  # not the clean build of `check`
            normal.append(options)
        return full_build(options, *args, **kwargs)

    monkeypatch.setattr(build_module, "full_build", counted)
    for i, (old, new) in enumerate(
        [
            ("---\n\nForces on Thursday", "---\n\nA first paragraph.\n\nForces on Thursday"),
            ("A first paragraph.", "A *first* paragraph, <b>not</b> bold & [linked](x.html)."),
            ("A *first* paragraph, <b>not</b> bold & [linked](x.html).\n\n", ""),
        ]
    ):
        chron.edit(E + "forces-enter-old-city.md", old, new)
        if i == 1:
            chron.edit(E + "week-of-fighting.md", "---\n\n", "---\n\nAnother body.\n\n")
        changed, result = chron.check()
        expected = {"entries/forces-enter-old-city.html"} | (
            {"entries/week-of-fighting.html"} if i == 1 else set()
        )
        assert changed == expected and result.rewritten == len(expected), (changed, result)
        assert not normal
    # Front matter: the normal build.
    chron.edit(E + "week-of-fighting.md", "Another body.", "Body.")
    chron.edit(E + "week-of-fighting.md", "title: Week of fighting in Iraq", "title: Other")
    changed, _ = chron.check()
    assert len(normal) == 1 and "places/iraq.html" in changed
    # and the quick path again after it
    chron.edit(E + "week-of-fighting.md", "Body.", "Text.")
    changed, _ = chron.check()
    assert len(normal) == 1 and changed == {"entries/week-of-fighting.html"}


def test_a_body_edit_after_a_failed_build_is_not_taken_for_the_quick_path(
    chron: Chronicle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failed build has already cached the new parse of a file the site does not show
    yet: the quick path goes by the files the site was built from, not by the cache."""
    from chronicle.site import parallel

    chron.check()
    chron.edit(E + "week-of-fighting.md", "title: Week of fighting in Iraq", "title: Other")
    monkeypatch.setattr(parallel, "render_all", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        build(options(chron.root, chron.root / "site"))
    monkeypatch.undo()
    chron.edit(
        E + "forces-enter-old-city.md",
        "---\n\nForces on Thursday",
        "---\n\nA first paragraph.\n\nForces on Thursday",
    )
    changed, _ = chron.check()
    assert {"entries/week-of-fighting.html", "places/iraq.html"} <= changed


def test_a_site_changed_behind_the_builds_back_is_repaired(chron: Chronicle) -> None:
    chron.check()
    site = chron.root / "site"
    (site / "places" / "mosul.html").unlink()  # deleted by hand
    chron.edit(E + "week-of-fighting.md", "title: Week of fighting in Iraq", "title: Other")
    changed, _ = chron.check()
    assert "places/mosul.html" in changed
    shutil.rmtree(site)  # the whole site deleted
    changed, _ = chron.check()
    assert "index.html" in changed


def test_a_failed_incremental_build_leaves_the_site_and_the_next_one_works(
    chron: Chronicle, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chronicle.site import parallel

    chron.check()
    site = chron.root / "site"
    before = tree(site)
    chron.edit(E + "week-of-fighting.md", "title: Week of fighting in Iraq", "title: Other")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(parallel, "render_all", broken)
    with pytest.raises(OSError):
        build(options(chron.root, site))
    assert tree(site) == before
    monkeypatch.undo()
    changed, _ = chron.check()
    assert "entries/week-of-fighting.html" in changed


def test_entries_a_and_b_are_the_fixture(chron: Chronicle) -> None:
    """The texts edited above are in the fixture's entries (guards the test itself)."""
    assert "---\n\nForces on Thursday" in ENTRY_A
    assert "review: [Check the date.]" in ENTRY_B
    write_content  # noqa: B018 - imported for fixtures


class LiveChronicle(Chronicle):
    """The same, rebuilt the way `chronicle serve` does: one `LiveSite` kept in memory
    across all the changes (the model patched in place, pages written in place)."""

    def __init__(self, root: Path, clean: Path) -> None:
        from chronicle.site.serve import LiveSite

        super().__init__(root, clean)
        self.live = LiveSite(options(root, root / "site"))

    def check(self) -> tuple[set[str], dict]:
        site = self.root / "site"
        before = stamps(site) if site.is_dir() else {}
        self.live.options.config = load_config(self.root)
        result = self.live.rebuild()
        shutil.rmtree(self.clean, ignore_errors=True)
        build(options(self.root, self.clean, cache=False))
        live, clean = tree(site), tree(self.clean)
        assert live.keys() == clean.keys(), sorted(live.keys() ^ clean.keys())
        assert live == clean, sorted(k for k in clean if live[k] != clean[k])
        after = stamps(site)
        return {p for p in after if before.get(p) != after[p]}, result


@pytest.mark.slow
def test_serve_rebuilds_in_memory_equal_a_clean_build(
    small_chronicle: Path, tmp_path: Path
) -> None:
    chron = LiveChronicle(small_chronicle, tmp_path / "clean")
    for path in (small_chronicle / "content").rglob("*.md"):
        chron.touch(path)
    changed, _ = chron.check()  # the first build: a normal one
    assert "index.html" in changed
    changed, result = chron.check()
    assert changed == set() and result.rewritten == 0

    # bodies: the fast path (the entry patched in the model), only its page, in place
    for i in range(3):
        chron.edit(E + "forces-enter-old-city.md", "---\n\n", f"---\n\nParagraph {i}.\n\n")
        changed, result = chron.check()
        assert changed == {"entries/forces-enter-old-city.html"}, changed
        assert result.rewritten == 1 and chron.live.last == "quick"
    # a body edited twice within the same second, the second time to the same size
    chron.write(E + "week-of-fighting.md", ENTRY_B.replace("---\n\n", "---\n\nAbc.\n\n"), old=False)
    chron.check()
    chron.write(E + "week-of-fighting.md", ENTRY_B.replace("---\n\n", "---\n\nXyz.\n\n"), old=False)
    chron.check()

    # front matter, then a body: the model rebuilt, then patched again
    chron.edit(
        E + "week-of-fighting.md", "title: Week of fighting in Iraq", "title: A week of fighting"
    )
    changed, _ = chron.check()
    assert "places/iraq.html" in changed and chron.live.last == "slow"
    chron.edit(E + "week-of-fighting.md", "title: A week of fighting", "title: Fighting")
    chron.edit(E + "forces-enter-old-city.md", "date: '2017-06-08'", "date: '2017-06-07'")
    chron.check()

    # an entry with an error, then repaired
    chron.edit(
        E + "forces-enter-old-city.md", "title: Forces enter the Old City", "title: [unclosed"
    )
    with pytest.raises(ChronicleError):
        chron.live.rebuild()
    chron.edit(
        E + "forces-enter-old-city.md", "title: [unclosed", "title: Forces enter the Old City"
    )
    chron.check()
    chron.edit(E + "forces-enter-old-city.md", "Paragraph 2.", "Paragraph 3.")
    changed, _ = chron.check()
    assert changed == {"entries/forces-enter-old-city.html"}, changed
    assert chron.live.last == "quick"

    add_delete_rename_entries(chron)
    chron.edit(E + "renamed-report.md", "New report 2", "Renamed report")
    chron.check()

    # places: edited, added, deleted
    chron.edit(P + "mosul.md", "name: Mosul", "name: Al-Mawsil")
    changed, _ = chron.check()
    assert "places/mosul.html" in changed
    chron.write(
        P + "tal-afar.md",
        "---\nname: Tal Afar\nkind: city\naliases: []\nparent: "
        "nineveh-governorate\ncountry: IQ\nlat: 36.37\nlon: 42.45\ngeonames: null\n"
        "---\n\nA city west of Mosul.\n",
    )
    chron.check()
    chron.remove(P + "tal-afar.md")
    chron.check()

    # the theme and the configuration: a normal build again, then fast edits
    chron.write("themes/default/static/style.css", "body { color: red; }\n")
    chron.check()
    chron.write(
        "chronicle.toml",
        'title = "Renamed Chronicle"\nregion = ["IQ"]\nbase_url = "https://example.org/war/"\n',
    )
    changed, _ = chron.check()
    assert "sitemap.xml" in changed
    chron.edit(E + "forces-enter-old-city.md", "Paragraph 3.", "Paragraph 4.")
    changed, _ = chron.check()
    assert changed == {"entries/forces-enter-old-city.html"}, changed

    # what serve recorded lets `chronicle build` carry on: nothing to rewrite
    chron.live.save_manifest()
    site = chron.root / "site"
    before = stamps(site)
    result = build(options(chron.root, site))
    assert result.rewritten == 0 and stamps(site) == before
    chron.edit(E + "forces-enter-old-city.md", "Paragraph 4.", "Paragraph 5.")
    Chronicle.check(chron)


def test_two_rendering_processes_give_the_same_site(
    chron: Chronicle, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The forked worker takes a fixed share and chunks from a shared queue: the site is
    the one a single process renders, and the quick path knows every entry page."""
    from chronicle.site import parallel
    from chronicle.site.cache import BuildCache
    from chronicle.site.state import load_state

    monkeypatch.setattr(parallel, "PARALLEL_MIN", 1)
    one, two = tmp_path / "one", tmp_path / "two"
    build(BuildOptions(**{**vars(options(chron.root, one, cache=False)), "jobs": 1}))
    build(BuildOptions(**{**vars(options(chron.root, two)), "jobs": 2}))
    assert tree(one) == tree(two)
    state = load_state(BuildCache(chron.root), two)
    assert state is not None
    assert set(state.bodies) == {
        p for p in tree(two) if p.startswith("entries/") and p != "entries/index.html"
    }


def test_bodies_are_stored_outside_memory_and_read_back_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tempfile

    from chronicle.site.model import BodyStore, StoredBody

    store = BodyStore()
    texts = ["<p>short</p>\n", "<p>" + "é“x”" * 400 + "</p>\n", "<p>" + "b" * 900 + "</p>\n"]
    kept = [store.add(t) for t in texts]
    assert isinstance(kept[0], str) and all(isinstance(k, StoredBody) for k in kept[1:])
    assert [k if isinstance(k, str) else k.text() for k in kept] == texts

    def no_temporary_folder(*args, **kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(tempfile, "TemporaryFile", no_temporary_folder)
    assert BodyStore().add(texts[2]) == texts[2]  # kept in memory


def test_a_body_edit_with_search_on_patches_the_page_and_its_index_words(
    small_chronicle: Path,
) -> None:
    """The default configuration (search on): a body edit takes the quick path, rewrites
    the entry page and only the index files whose words changed, and search finds the new
    word (and no longer the old one)."""
    from chronicle.site.search import search_files

    site = small_chronicle / "site"
    opts = options(small_chronicle, site)
    opts.search = True
    build(opts)

    def found(word: str) -> set[str]:
        hits, _ = search_files(lambda p: (site / p).read_bytes(), word)
        return {h.url for h in hits}

    assert "entries/forces-enter-old-city.html" not in found("zeppelin")
    before = stamps(site)
    path = small_chronicle / "content" / "entries" / "forces-enter-old-city.md"
    path.write_text(path.read_text().replace("---\n\n", "---\n\nA zeppelin overhead.\n\n"))
    result = build(opts)
    assert result.how == "quick"
    changed = {p for p, s in stamps(site).items() if before.get(p) != s}
    assert "entries/forces-enter-old-city.html" in changed
    assert all(
        p.startswith("search/data/") for p in changed - {"entries/forces-enter-old-city.html"}
    )
    assert len(changed) < 12, changed
    assert "entries/forces-enter-old-city.html" in found("zeppelin")
