"""The search index (issue 18): what a reader finds, in what order, and that an index kept
up to date edit by edit is the index a rebuild gives, touching only what changed."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chronicle.site.search import (
    INDEX_DIR,
    META_PATH,
    WORD_RE,
    NeedsRebuild,
    SearchDoc,
    SearchIndex,
    decode_ints,
    encode_ints,
    fold_text,
    fragment_text,
    index_terms,
    page_text,
    query_terms,
    search_files,
    shard_key,
    word_terms,
)

REPO = Path(__file__).resolve().parents[2]
SEARCH_JS = REPO / "themes" / "default" / "static" / "search.js"

DOCS = [
    SearchDoc(
        "entries/siege.html",
        "Siege of Aleppo tightens",
        "report",
        "2016-08-02",
        "Government forces tightened the siege of eastern Aleppo on Tuesday. Residents said "
        "bread ran short in Ḩalab's old quarters.",
    ),
    SearchDoc(
        "entries/convoy.html",
        "Aid convoy reaches al-Bab",
        "report",
        "2017-02-20",
        "A convoy of 40 trucks reached al-Bab after the cease-fire. It carried flour for "
        "2,400 families, the Red Crescent said.",
    ),
    SearchDoc(
        "places/aleppo.html",
        "Aleppo",
        "place",
        "",
        "Aleppo (Halab) is a city in northern Syria.",
    ),
    SearchDoc(
        "places/ras-al-ayn.html",
        "Ra’s al-ʿAyn",
        "place",
        "",
        "Ra’s al-ʿAyn is a town on the Turkish border.",
    ),
    SearchDoc(
        "timeline/2016.html#ev-7",
        "2 August 2016 · Aleppo",
        "incident",
        "2016-08-02",
        "Government forces tightened the siege of eastern Aleppo.",
    ),
    SearchDoc(
        "actors/red-crescent.html",
        "Syrian Arab Red Crescent",
        "actor",
        "",
        "The Red Crescent delivers aid to besieged towns; Assad's government must approve "
        "each convoy.",
    ),
]


def built(docs: list[SearchDoc] = DOCS) -> dict[str, bytes]:
    return SearchIndex(None).rebuild(docs)


def urls(files: dict[str, bytes], query: str, prefix: bool = False) -> list[str]:
    hits, _ = search_files(files.get, query, prefix)
    return [h.url for h in hits]


def publish(files: dict[str, bytes], written: dict[str, bytes], gone: list[str]) -> None:
    files.update(written)
    for path in gone:
        del files[path]


# --------------------------------------------------------------------------- tokenizer


@pytest.mark.parametrize(
    ("query", "url"),
    [
        ("halab", "entries/siege.html"),  # Ḩalab's: diacritic and possessive
        ("HALAB", "entries/siege.html"),
        ("Ḩalab", "places/aleppo.html"),
        ("bab", "entries/convoy.html"),  # al-Bab
        ("al-Bab", "entries/convoy.html"),
        ("Al Bab", "entries/convoy.html"),
        ("ras al-ayn", "places/ras-al-ayn.html"),
        ("Ra's al 'Ayn", "places/ras-al-ayn.html"),
        ("ayn", "places/ras-al-ayn.html"),
        ("2400", "entries/convoy.html"),
        ("2,400", "entries/convoy.html"),
        ("ceasefire", "entries/convoy.html"),
        ("cease-fire", "entries/convoy.html"),
        ("assad", "actors/red-crescent.html"),
        ("Assad’s", "actors/red-crescent.html"),
    ],
)
def test_a_reader_finds_a_word_however_it_is_written(query: str, url: str) -> None:
    assert url in urls(built(), query)


def test_decomposed_and_composed_text_give_the_same_terms() -> None:
    text = "Ḩalab, Raʾs al-ʿAyn, İdlib, Łódź, Straße, ﬁghters"
    assert index_terms(unicodedata.normalize("NFD", text)) == index_terms(text)
    assert index_terms(text) == [
        "halab", "ras", "ra", "ayn", "idlib", "lodz", "strasse", "fighters",
    ]  # fmt: skip


def test_common_words_and_the_article_alone_are_not_indexed() -> None:
    assert index_terms("The fall of Al Bab and of the town") == ["fall", "bab", "town"]
    assert query_terms("the") == []


def test_numbers_are_kept_and_words_of_a_compound_are_searchable_alone() -> None:
    assert index_terms("F-16 jets struck 3 sites in 2016") == [
        "f", "16", "f16", "jets", "struck", "3", "sites", "2016",
    ]  # fmt: skip
    assert query_terms("F-16") == ["f", "16"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab9 ,.'-’‘—–“_\u00ad\u2011éḨİß\u0301حل١", max_size=30))
def test_the_fast_tokenizer_finds_the_words_the_word_pattern_finds(text: str) -> None:
    folded = fold_text(text)
    expected = [t for w in WORD_RE.findall(folded) for t in word_terms(w)]
    assert index_terms(text) == expected


def test_shards_are_named_by_the_first_two_characters() -> None:
    assert shard_key("aleppo") == "al"
    assert shard_key("3") == "3"
    assert shard_key("حلب") == "_62d_644"


def test_numbers_survive_their_compact_encoding() -> None:
    numbers = [0, 1, 31, 32, 1023, 1024, 32767, 32768, 10**9]
    assert decode_ints(encode_ints(numbers)) == numbers
    with pytest.raises(ValueError):
        decode_ints("A")  # a number cut in the middle


# --------------------------------------------------------------------------- ranking


def test_a_title_match_ranks_first_and_the_count_is_every_match() -> None:
    found = urls(built(), "aleppo")
    assert found[0] == "places/aleppo.html"
    assert set(found) == {
        "places/aleppo.html",
        "entries/siege.html",
        "timeline/2016.html#ev-7",
    }


def test_every_word_is_required_else_any_word_is_enough() -> None:
    files = built()
    hits, every = search_files(files.get, "siege aleppo")
    assert every and {h.url for h in hits} == {"entries/siege.html", "timeline/2016.html#ev-7"}
    hits, every = search_files(files.get, "siege zanzibar")
    assert not every and {h.url for h in hits} == {
        "entries/siege.html",
        "timeline/2016.html#ev-7",
    }
    assert search_files(files.get, "zanzibar") == ([], True)


def test_while_typing_the_last_word_matches_longer_words_exact_first() -> None:
    files = built()
    assert urls(files, "alep") == []
    assert "places/aleppo.html" in urls(files, "alep", prefix=True)
    docs = [
        SearchDoc("a.html", "Bab", "place", "", "Bab is a gate."),
        SearchDoc("b.html", "Babies", "report", "", "Babies were born."),
    ]
    assert urls(built(docs), "bab", prefix=True) == ["a.html", "b.html"]


def test_a_word_that_appears_more_ranks_higher() -> None:
    docs = [
        SearchDoc("once.html", "One", "report", "", "Shelling hit the market. " + "Calm. " * 20),
        SearchDoc("many.html", "Two", "report", "", "Shelling, shelling and shelling. " * 3),
        SearchDoc("none.html", "Three", "report", "", "Nothing happened here at all."),
    ]
    assert urls(built(docs), "shelling") == ["many.html", "once.html"]


# --------------------------------------------------------------------------- files and state


def test_the_same_documents_give_the_same_bytes_in_any_order(tmp_path: Path) -> None:
    one = SearchIndex(tmp_path / "one").rebuild(DOCS)
    two = SearchIndex(tmp_path / "two").rebuild(list(reversed(DOCS)))
    assert one == two
    assert SearchIndex(tmp_path / "one").rebuild(DOCS) == one  # again, with its state
    assert all(path.startswith(INDEX_DIR + "/") for path in one)
    assert not (set(one) & {"search/index.html"})


def test_ids_are_kept_across_rebuilds_and_freed_ids_reused(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "state")
    first = index.rebuild(DOCS)
    rows = json.loads(first[f"{INDEX_DIR}/d/0.json"])
    again = index.rebuild([d for d in DOCS if d.url != "entries/convoy.html"] + [NEW])
    moved = json.loads(again[f"{INDEX_DIR}/d/0.json"])
    for old, new in zip(rows, moved, strict=True):
        assert old == new or (old and old[0] == "entries/convoy.html" and new[0] == NEW.url)


NEW = SearchDoc("entries/new.html", "Bakery opens", "report", "2017-03-01", "A bakery opened.")


def test_an_edit_rewrites_only_the_shards_of_the_words_it_changed() -> None:
    index = SearchIndex(None)
    files = index.rebuild(DOCS)
    siege = DOCS[0]
    edited = SearchDoc(
        siege.url, siege.title, siege.kind, siege.date, siege.text.replace("Tuesday", "Monday")
    )
    written, gone = index.update({siege.url: edited}, files.get)
    assert set(written) == {f"{INDEX_DIR}/t/mo.json", f"{INDEX_DIR}/t/tu.json", META_PATH} - {
        p for p in gone
    }
    assert gone in ([], [f"{INDEX_DIR}/t/tu.json"])
    publish(files, written, gone)
    assert urls(files, "monday") == [siege.url] and urls(files, "tuesday") == []
    assert index.update({siege.url: edited}, files.get) == ({}, [])  # nothing new


def test_changes_lists_what_differs_from_the_indexed_documents() -> None:
    index = SearchIndex(None)
    files = index.rebuild(DOCS)
    siege = DOCS[0]
    retitled = replace(siege, title="Siege of Halab")
    punctuated = replace(DOCS[1], text=DOCS[1].text + "!")
    now = [retitled, punctuated, *DOCS[2:5], NEW]  # DOCS[5] is gone
    changed = index.changes(now)
    assert changed == {
        siege.url: retitled,
        punctuated.url: punctuated,
        NEW.url: NEW,
        DOCS[5].url: None,
    }
    publish(files, *index.update(changed, files.get))
    assert index.changes(now) == {}  # the new text is recorded, even where no term changed
    assert urls(files, "halab")[0] == siege.url  # its title now has the word


def test_a_longer_body_rewrites_its_ranking_block_not_other_shards() -> None:
    index = SearchIndex(None)
    files = index.rebuild(DOCS)
    siege = DOCS[0]
    longer = SearchDoc(siege.url, siege.title, siege.kind, siege.date, siege.text + " Siege.")
    written, gone = index.update({siege.url: longer}, files.get)
    assert set(written) == {f"{INDEX_DIR}/t/si.json", f"{INDEX_DIR}/n/0.json", META_PATH}
    assert gone == []


def test_blocks_empty_and_fill_again_across_block_boundaries() -> None:
    def doc(n: int) -> SearchDoc:
        return SearchDoc(f"r/{n:05d}.html", f"Report {n}", "report", "", f"word{n % 7} town")

    docs = [doc(n) for n in range(4100)]  # two ranking blocks, 65 document blocks
    index = SearchIndex(None)
    files = index.rebuild(docs)
    assert f"{INDEX_DIR}/n/1.json" in files and f"{INDEX_DIR}/d/64.json" in files
    last = {d.url: None for d in docs[4096:]}  # all of ranking block 1, part of doc block 64
    written, gone = index.update(last, files.get)
    assert set(gone) == {f"{INDEX_DIR}/n/1.json", f"{INDEX_DIR}/d/64.json"}
    assert f"{INDEX_DIR}/n/0.json" not in written  # the other ranking block is untouched
    publish(files, written, gone)
    assert len(urls(files, "town")) == 4096
    written, gone = index.update({NEW.url: NEW}, files.get)  # a free id: 4096
    publish(files, written, gone)
    assert {f"{INDEX_DIR}/n/1.json", f"{INDEX_DIR}/d/64.json"} <= set(written)
    assert urls(files, "bakery") == [NEW.url]


def test_a_removed_document_is_no_longer_found_and_empty_shards_go() -> None:
    index = SearchIndex(None)
    files = index.rebuild(DOCS)
    written, gone = index.update({"places/ras-al-ayn.html": None}, files.get)
    publish(files, written, gone)
    assert urls(files, "ayn") == []
    assert f"{INDEX_DIR}/t/ay.json" in gone
    same_ids = SearchIndex(None)
    same_ids.store.memory = dict(index.store.memory)
    assert files == same_ids.rebuild([d for d in DOCS if "ras-al" not in d.url])


# Small vocabularies, so that edits share and drop words and shards empty and fill again.
WORDS = ["siege", "sieges", "aleppo", "bab", "convoy", "aid", "ḩalab", "2,400", "f-16", "x"]
TITLES = ["Aleppo", "Siege", "Convoy", ""]
doc_strategy = st.builds(
    lambda n, title, kind, words: SearchDoc(
        f"p/{n}.html", title, kind, "2017-01-0" + str(n % 9 + 1), " ".join(words)
    ),
    st.integers(0, 7),
    st.sampled_from(TITLES),
    st.sampled_from(["report", "place", "actor", "incident"]),
    st.lists(st.sampled_from(WORDS), max_size=8),
)
steps = st.lists(
    st.dictionaries(
        st.integers(0, 7).map(lambda n: f"p/{n}.html"),
        st.one_of(st.none(), doc_strategy),
        min_size=1,
        max_size=3,
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(initial=st.lists(doc_strategy, max_size=5), edits=steps)
def test_updates_give_the_index_a_rebuild_gives(
    initial: list[SearchDoc], edits: list[dict[str, SearchDoc | None]]
) -> None:
    docs = {d.url: d for d in initial}
    index = SearchIndex(None)
    published = index.rebuild(docs.values())
    for step in edits:
        changed = {url: (doc if doc is None else _at(doc, url)) for url, doc in step.items()}
        written, gone = index.update(changed, published.get)
        before = dict(published)
        publish(published, written, gone)
        assert all(before.get(p) != data for p, data in written.items())  # only changes
        for url, doc in changed.items():
            if doc is None:
                docs.pop(url, None)
            else:
                docs[url] = doc
        # The same bytes as a rebuild that keeps the same ids...
        same_ids = SearchIndex(None)
        same_ids.store.memory = dict(index.store.memory)
        assert published == same_ids.rebuild(docs.values())
        # ... and the same answers as a rebuild from nothing.
        fresh = SearchIndex(None).rebuild(docs.values())
        for query in ("siege", "aleppo bab", "si", "f16 2400"):
            for prefix in (False, True):
                assert _answers(published, query, prefix) == _answers(fresh, query, prefix)


def _at(doc: SearchDoc, url: str) -> SearchDoc:
    return SearchDoc(url, doc.title, doc.kind, doc.date, doc.text)


def _answers(files: dict[str, bytes], query: str, prefix: bool) -> tuple[set, bool]:
    hits, every = search_files(files.get, query, prefix)
    return {(h.url, round(h.score, 9)) for h in hits}, every


@pytest.mark.parametrize(
    "damage",
    [
        "delete the folder",
        "truncate the manifest",
        "flip a byte in a block",
        "garbage manifest",
        "old block",
    ],
)
def test_a_damaged_state_asks_for_a_rebuild_and_rebuild_recovers(
    tmp_path: Path, damage: str
) -> None:
    state = tmp_path / "state"
    index = SearchIndex(state)
    files = index.rebuild(DOCS)
    block = state / "b" / "0"
    if damage == "delete the folder":
        shutil.rmtree(state)
    elif damage == "truncate the manifest":
        manifest = state / "manifest"
        manifest.write_bytes(manifest.read_bytes()[:-10])
    elif damage == "flip a byte in a block":
        data = bytearray(block.read_bytes())
        data[-5] ^= 0x01
        block.write_bytes(bytes(data))
    elif damage == "garbage manifest":
        (state / "manifest").write_bytes(b"\x00\xff not a state at all")
    elif damage == "old block":  # a block from before, with a valid checksum of its own
        saved = block.read_bytes()
        index.update({NEW.url: NEW}, files.get)
        block.write_bytes(saved)
    # ready() reads only the manifest; the blocks are checked when an update reads them.
    assert SearchIndex(state).ready() == ("block" in damage)
    with pytest.raises(NeedsRebuild):
        SearchIndex(state).update({NEW.url: NEW}, files.get)
    again = SearchIndex(state)
    assert again.rebuild(DOCS) == files
    assert again.ready()


def test_a_published_index_unlike_the_state_is_written_again_whole() -> None:
    index = SearchIndex(None)
    files = index.rebuild(DOCS)
    files[f"{INDEX_DIR}/t/ba.json"] = b'{"bab": "2"}'  # a shard the update reads
    stale = f"{INDEX_DIR}/t/zz.json"
    files[stale] = b"{}"
    expected = SearchIndex(None)
    expected.rebuild(DOCS)
    written, gone = index.update({NEW.url: NEW}, files.get)
    publish(files, written, gone)
    assert files == {
        **expected.rebuild([*DOCS, NEW]),
        stale: b"{}",  # not the index's: never listed in meta.json, so left alone
    }


def test_update_without_a_rebuild_asks_for_one() -> None:
    with pytest.raises(NeedsRebuild):
        SearchIndex(None).update({NEW.url: NEW}, lambda path: None)


def test_the_state_is_not_pickle(tmp_path: Path) -> None:
    SearchIndex(tmp_path).rebuild(DOCS)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert path.read_bytes().startswith(b"chronicle-search-state ")


# --------------------------------------------------------------------------- page text


def test_page_text_reads_the_marked_region_without_ignored_parts() -> None:
    page = """<html><body><nav>Menu words</nav><main data-search-body>
      <h1>Siege of Aleppo</h1><p class="meta" data-search-ignore>source file a.txt</p>
      <aside data-search-ignore><h2>Editor's notes</h2><p>check the date</p></aside>
      <p>Forces <b>entered</b> the city.</p><ol><li id="ev-1"><p>First event.</p></li></ol>
      </main></body></html>"""
    title, text = page_text(page)
    assert title == "Siege of Aleppo"
    assert text == "Siege of Aleppo Forces entered the city. First event."
    assert page_text(page, "ev-1")[1] == "First event."
    unmarked = page.replace(" data-search-body", "")
    assert page_text(unmarked)[1] == text  # no region marked: the <main> element


def test_fragment_text_is_the_words_of_a_rendered_body() -> None:
    body = (
        '<p>Forces <em>entered</em> Mosul&#x27;s <a href="https://x.example/y">old city</a>.'
        "</p>\n<ul><li>Two&nbsp;dead</li></ul>"
    )
    assert fragment_text(body) == "Forces entered Mosul's old city . Two dead"


# --------------------------------------------------------------------------- the JS mirror

SENTENCES = [
    "Ḩalab's old quarters; Ra’s al-ʿAyn and Deir ez-Zor. 2,400 families — 1,000,000 or 12,34.",
    "Assad's forces, the IS fighters' tunnels, F-16s and cease-fire talks in İdlib.",
    "Straße Łódź Ærø Þingvellir ﬁghters ２０１７ ¼ naïve café coöperate",
    "حلب و دير الزور — Алеппо ‘quoted’ “words” don't won't",
    "hyphen\u2011ated soft\u00adhyphen under_score e-mail x--y 'lead trail' -dash- a'b'c's",
]


def _node() -> str:
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("node is not installed (the browser test checks the same in Chromium)")
    return node


def _random_texts() -> list[str]:
    """Texts from an alphabet of the characters the tokenizer treats specially."""
    alphabet = "aZ9 ,.'-’ʿʾ´—“_\u00ad\u2010\u2011éĦḨİIıßæŁø\u0301\u0327ﬁ²١حلАΣς½,"
    chance = random.Random(18)
    return ["".join(chance.choice(alphabet) for _ in range(chance.randrange(1, 24)))
            for _ in range(400)]  # fmt: skip


def test_search_js_tokenizes_exactly_as_python() -> None:
    texts = SENTENCES + _random_texts()
    script = (
        f"const s = require({json.dumps(str(SEARCH_JS))});"
        f"const xs = {json.dumps(texts, ensure_ascii=True)};"
        "console.log(JSON.stringify(xs.map(x => [s.indexTerms(x), s.queryTerms(x),"
        " s.indexTerms(x).map(s.shardKey)])));"
    )
    done = subprocess.run([_node(), "-e", script], capture_output=True, text=True, check=True)
    expected = [[index_terms(x), query_terms(x), [shard_key(t) for t in index_terms(x)]]
                for x in texts]  # fmt: skip
    assert json.loads(done.stdout) == expected


def test_search_js_ranks_exactly_as_python(tmp_path: Path) -> None:
    files = built([*DOCS, NEW])
    for path, data in files.items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    queries = [
        ("aleppo", False),
        ("siege aleppo", False),
        ("siege zanzibar", False),
        ("al", True),
        ("conv", True),
        ("halab", False),
        ("red cre", True),
    ]
    data_dir = tmp_path / INDEX_DIR
    script = (
        f"const s = require({json.dumps(str(SEARCH_JS))});"
        "const fs = require('fs');"
        f"const dir = {json.dumps(str(data_dir))} + '/';"
        "const e = new s.Engine(p => Promise.resolve(JSON.parse(fs.readFileSync(dir + p))));"
        f"const qs = {json.dumps(queries)};"
        "Promise.all(qs.map(([q, p]) => e.search(q, p).then(r =>"
        "  e.rows(r.hits.map(h => h.id)).then(rows =>"
        "    [r.hits.map(h => [rows[h.id][0], h.score]), r.all]))))"
        ".then(out => console.log(JSON.stringify(out)));"
    )
    done = subprocess.run([_node(), "-e", script], capture_output=True, text=True, check=True)
    from_js = json.loads(done.stdout)
    for (query, prefix), (hits, every) in zip(queries, from_js, strict=True):
        expected, expected_every = search_files(files.get, query, prefix)
        assert every == expected_every, query
        assert [url for url, _ in hits] == [h.url for h in expected], query
        assert [s for _, s in hits] == pytest.approx([h.score for h in expected], rel=1e-12)
