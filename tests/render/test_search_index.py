"""The search index in files (sitegen/render/search/: entries, postings, files): a manifest, shards of postings by
gram, chunks of text by unit; what search.js reads, so that a query downloads the shards of its grams and the chunks
of its candidates only (tests/render/test_search_browser.py runs the script on the seed)."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import random
import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from sitegen.build import build
from sitegen.incremental.store import LiveStore, Store
from sitegen.render.search import entries as search_entries
from sitegen.render.search import postings as search_postings
from sitegen.render.search.text import SearchDoc, fold
from sitegen.render.search.entries import page_entry, units_of
from sitegen.render.search.files import INDEX_PATH, index_files, load_docs
from sitegen.render.search.postings import KeptPostings, postings

DOCS = [
    SearchDoc("a/", "คณะกรรมการกองทุน", (), "กองทุนหลักประกันสุขภาพ ประจำปี ๒๕๖๖"),
    SearchDoc("b/", "ข้อ E๗ การเผยแพร่", ("e7",), "รายงานผลทุกไตรมาส ข้อ E๗ และ E๑๐"),
    SearchDoc("c/", "English", (), 'the 7 items, not e7 "quoted" \\ ทาง ใหม่ 😀 </script>'),
    SearchDoc("d/", "รายงานยาว", (), " ".join(f"การดำเนินการที่ {n} ประชุมคณะกรรมการ ตำบล{n % 7}" for n in range(40))),
]
SMALL = {"unit_min": 60, "unit_max": 200, "overlap": 8}  # cuts the long page of DOCS into units


def write(files: list[tuple[str, bytes]], folder: Path) -> Path:
    for path, data in files:
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    return folder


def decoded(deltas: list[int]) -> list[int]:
    out, at = [], 0
    for delta in deltas:
        at += delta
        out.append(at)
    return out


def grams(folded: str) -> set[str]:
    return set(folded) | {folded[i: i + 2] for i in range(len(folded) - 1)}


def test_the_files_give_back_every_page(tmp_path):
    entries = [page_entry(d, **SMALL) for d in DOCS]
    assert [len(e.units) for e in entries] == [1, 1, 1, len(entries[3].units)] and len(entries[3].units) > 3
    folder = write(index_files(entries, shards=4), tmp_path)
    assert load_docs(folder) == DOCS
    manifest = json.loads((folder / INDEX_PATH).read_text("utf-8"))
    assert manifest["pages"] == 4 and manifest["units"] == sum(len(e.units) for e in entries)
    assert manifest["split"] == [[3, len(entries[3].units), "d/", "รายงานยาว"]]


def test_each_shard_lists_the_units_and_titles_holding_its_grams(tmp_path):
    entries = [page_entry(d, **SMALL) for d in DOCS]
    folder = write(index_files(entries, shards=4), tmp_path)
    manifest = json.loads((folder / INDEX_PATH).read_text("utf-8"))
    units: dict[str, list[int]] = {}
    titles: dict[str, list[int]] = {}
    for name in manifest["shards"]:
        shard = json.loads((folder / f"search/s/{name}.json").read_text("utf-8"))
        units |= {g: decoded(ids) for g, ids in shard["b"].items()}
        titles |= {g: decoded(ids) for g, ids in shard["t"].items()}
    texts = [u.text for e in entries for u in e.units]
    for number, text in enumerate(texts):
        assert {g for g, ids in units.items() if number in ids} == grams(fold(text))
    for page, d in enumerate(DOCS):
        assert {g for g, ids in titles.items() if page in ids} == grams(fold(d.title))


@settings(max_examples=100, deadline=None)
@given(words=st.lists(st.sampled_from(["ประชุม", "ตำบล", "2566", "e7", "กองทุน", "ก", "the", "๑๐"]), min_size=30,
                      max_size=120),
       spaces=st.lists(st.booleans(), min_size=120, max_size=120), data=st.data())
def test_a_term_lies_whole_in_the_unit_it_starts_in(words, spaces, data):
    """What lets search.js check a long page by the units that hold a term's grams: every piece of the text of at
    most ``overlap + 1`` characters is in the unit whose own part it starts in, with the character before it."""
    text = "".join(w + (" " if s else "") for w, s in zip(words, spaces)).strip()
    units = units_of(text, 40, 120, 8)
    assert "".join(u.text[u.lead: len(u.text) - u.tail] for u in units) == text
    start = data.draw(st.integers(0, len(text) - 1))
    piece = text[start: start + data.draw(st.integers(1, 9))]
    at = 0
    for unit in units:
        own = len(unit.text) - unit.lead - unit.tail
        if at <= start < at + own:
            offset = start - at + unit.lead
            assert unit.text[offset: offset + len(piece)] == piece
            assert offset == 0 or unit.text[offset - 1] == text[start - 1]
        at += own


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="กขคงา่้ ิ๗E7 \"\\<>😀\ud800", max_size=400), st.sampled_from([(60, 200, 8), (1500, 6000, 64)]))
def test_a_page_kept_as_its_rows_gives_back_its_units_and_grams(text, sizes):
    """A kept page brings only its rows (the text chunks' JSON of its units): read back, they are its units, so
    its grams and their digest are the page's own (surrogates, quotes and emoji included)."""
    doc = SearchDoc("p/", "หัว เรื่อง", (), " ".join(text.split()))
    made = page_entry(doc, *sizes)
    kept = search_entries.Entry(SearchDoc("p/", "หัว เรื่อง", (), ""), digest=made.digest, rows=made.rows)
    assert kept.count == len(made.units) and kept.units == made.units
    assert kept.grams == made.grams and kept.title == made.title
    assert search_entries.Entry(kept.doc, rows=made.rows).digest == made.digest


def test_same_pages_same_files_and_an_edit_rewrites_few_of_them():
    many = [SearchDoc(f"p{n}/", f"หน้า {n}", (), f"ข้อความของหน้าที่ {n} " + "ประชุมคณะกรรมการกองทุน " * (n % 9))
            for n in range(400)]
    first = dict(index_files([page_entry(d) for d in many], shards=64))
    assert first == dict(index_files([page_entry(d) for d in list(many)], shards=64))
    edited = [*many[:200], SearchDoc("p200/", "หน้า 200", (), many[200].text + " ตำบล"), *many[201:]]
    second = dict(index_files([page_entry(d) for d in edited], shards=64))
    before, after = (json.loads(files[INDEX_PATH]) for files in (first, second))
    assert len(before["chunks"]) > 4
    moved = [a != b for a, b in zip(before["chunks"], after["chunks"])]
    assert 1 <= sum(moved) <= 2  # the chunk that holds the page (and the next, when its end moved)
    changed = sum(a != b for a, b in zip(before["shards"], after["shards"]))
    assert 1 <= changed <= 8  # the shards of the grams the page gained
    assert sorted(second) == sorted({*first, *second} - {f"search/t/{n}.json" for _, n in before["chunks"]
                                                        if [_, n] not in after["chunks"]}
                                    - {f"search/s/{n}.json" for n in set(before["shards"]) - set(after["shards"])})


def test_an_edit_makes_again_only_the_entries_of_the_pages_it_changed(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    store, as_of = Store(tmp_path / "cache"), dt.date(2024, 10, 15)
    made: list[str] = []
    real = search_entries.page_entry
    monkeypatch.setattr(search_entries, "page_entry", lambda doc: made.append(doc.url) or real(doc))
    cut: list[str] = []  # pages cut into units: a kept page's units come back from its rows, neither cut nor written
    real_units = search_entries.units_of
    monkeypatch.setattr(search_entries, "units_of", lambda text, *rest: cut.append(text) or real_units(text, *rest))
    first = build(content, None, as_of, store=store)
    assert len(made) > 20 and len(cut) == len(made)  # cold: every page's entry made
    made.clear()
    cut.clear()
    assert build(content, None, as_of, store=store).files == first.files and made == [] and cut == []
    action = content / "actions/2566/2023-03-01-saratakhian-san.md"
    action.write_text(action.read_text("utf-8") + "\nคำใหม่ในเนื้อหาการดำเนินการ\n", "utf-8")
    again = build(content, None, as_of, store=store)
    assert made == ["actions/2566/2023-03-01-saratakhian-san/"] and len(cut) == 1
    clean = build(content, None, as_of)
    index = {f.path: f.data for f in again.files if f.path.startswith("search/")}
    assert index == {f.path: f.data for f in clean.files if f.path.startswith("search/")}
    assert any("คำใหม่ในเนื้อหาการดำเนินการ" in doc.text for doc in load_docs(write(list(index.items()), tmp_path)))


def test_a_page_known_before_moves_only_its_units_that_changed(monkeypatch):
    """An item's wording edited changes a few units of a long round report: with the report's doc of the build
    before (``Entry.before``, checked against the kept digest) only those units move, by the grams that differ."""
    rng = random.Random(7)
    words = ["กองทุน", "ประชุม", "ตำบล", "ถนน", "คอนกรีต", "รายงาน", "E7", "2566", "ภัยแล้ง", "ดับเพลิง"]
    long = " ".join(rng.choice(words) for _ in range(6000))
    docs = [SearchDoc(f"p{n}/", f"หน้า {n}", (), " ".join(rng.choice(words) for _ in range(40))) for n in range(50)]
    docs[3] = SearchDoc("p3/", "รายงานรอบ ๖ เดือน", (), long)
    entries = [page_entry(d) for d in docs]
    kept = postings(entries)
    assert len(entries[3].units) > 5
    edited_doc = SearchDoc("p3/", "รายงานรอบ ๖ เดือน", (), long.replace("ภัยแล้ง", "คำใหม่เอี่ยม", 1))
    fresh = page_entry(edited_doc)
    edited = list(entries)
    edited[3] = search_entries.Entry(fresh.doc, fresh.units, before=entries[3])
    assert len(edited[3].units) == len(entries[3].units)
    scanned: list[int] = []
    real = search_postings._move
    monkeypatch.setattr(search_postings, "_move", lambda *args: scanned.append(args[1]) or real(*args))
    copy = pickle.loads(pickle.dumps(kept))
    updated = postings(edited, copy)
    whole = postings(edited)
    assert updated is copy and scanned == []  # moved by the grams that differ, no unit scanned
    assert updated.files == whole.files and updated.units == whole.units and updated.titles == whole.titles
    stale = list(edited)  # a doc before that is not what the kept postings hold: not trusted, the same bytes
    stale[3] = search_entries.Entry(fresh.doc, fresh.units,
                                     before=search_entries.Entry(docs[3], entries[3].units, b"another digest"))
    assert postings(stale, pickle.loads(pickle.dumps(kept))).files == whole.files


def test_postings_updated_from_the_build_before_are_the_postings_made_whole():
    rng = random.Random(20)
    letters = "กขคงจฉชซดตถทนบปผพฟมยรลวสหอะาิีึืุูเแโใไ่้๊๋็์๑๒๓ AEIO"

    def doc(n: int, size: int = 300) -> SearchDoc:
        return SearchDoc(f"p{n}/", f"หน้า {n}", (), "".join(rng.choice(letters) for _ in range(size)).strip())

    entries = [page_entry(doc(n, 300 if n != 9 else 9000)) for n in range(200)]  # page 9: several units
    kept = postings(entries)
    assert len(kept.files) > 1
    edited = list(entries)
    edited[7], edited[150] = page_entry(doc(7)), page_entry(SearchDoc("p150/", "อื่น", (), "คำใหม่ทั้งหมด Z9"))
    edited[9] = page_entry(doc(9, 9000))
    assert [len(e.units) for e in edited] == [len(e.units) for e in entries]
    whole = postings(edited)
    copy = pickle.loads(pickle.dumps(kept))
    updated = postings(edited, copy)
    assert updated is copy  # updated in place, not made whole
    assert updated.files == whole.files and updated.units == whole.units and updated.titles == whole.titles
    assert updated.files != kept.files and sum(a != b for a, b in zip(updated.files, kept.files)) >= 1
    moved = edited[:5] + edited[6:] + [page_entry(doc(5))]  # a page gone, one added: numbered anew
    assert postings(moved, pickle.loads(pickle.dumps(whole))).files == postings(moved).files


def test_kept_postings_are_updated_on_copies_and_rewritten_where_a_shard_changed():
    """Serve's store hands the same objects to every build: the postings kept there are updated on copies, never in
    place; only the buckets of the shards whose file changed are written again, and what is kept then is the
    postings made whole."""
    rng = random.Random(3)
    words = ["กองทุน", "ประชุม", "ตำบล", "ถนน", "คอนกรีต", "รายงาน", "E7", "2566", "ภัยแล้ง"]
    docs = [SearchDoc(f"p{n}/", f"หน้า {n}", (), " ".join(rng.choice(words) for _ in range(30))) for n in range(3000)]
    store = LiveStore()
    KeptPostings(store, "postings").save(postings([page_entry(d) for d in docs]))
    keeper = KeptPostings(store, "postings")
    kept = keeper.load()
    assert kept is not None and len(kept.files) > 4
    held, files = pickle.dumps(keeper.buckets.old), list(kept.files)  # the objects the store holds
    docs[7] = SearchDoc("p7/", "หน้า 7", (), "ถนน " + docs[7].text.replace("ถนน", "ตำบล"))
    edited = [page_entry(d) for d in docs]
    updated = postings(edited, kept)
    assert updated is kept and pickle.dumps(keeper.buckets.old) == held  # updated in place: its own copies
    written: list[str] = []
    real = store.put_object
    store.put_object = lambda name, value, encode: written.append(name) or real(name, value, encode)  # type: ignore
    keeper.save(updated)
    changed = {keeper.buckets._number(n) for n, (a, b) in enumerate(zip(files, updated.files)) if a != b}
    used = {keeper.buckets._number(n) for n in range(len(files))}
    assert len(written) == 1 + len(changed) and 1 <= len(changed) < len(used) // 2
    whole = postings(edited)
    again = KeptPostings(store, "postings").load()
    assert again is not None and again.files == whole.files and again.units == whole.units
    assert again.titles == whole.titles and again.digests == whole.digests
