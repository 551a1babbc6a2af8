"""Render stage, search index: the pages' search entries → the index as many small files, of which a query fetches
only those it needs, and the two pages this stage adds (``/search/``, ``/pages/``).

A visitor's query must not download the whole site (4.9 MB gzip at 10 000 documents). So, as Pagefind does, the
index is cut up; here into three kinds of file under ``search/``, the last two named by their content's hash
(so an unchanged file keeps its name and bytes from build to build, and a browser never mixes an old file with a
new manifest):

- ``index.json``, the manifest: how many pages there are, the names of the shards and of the text chunks, and the
  long pages (their address, title and how many units they are cut into).
- ``s/<hash>.json``, the shards: for each gram (one character or two, of the folded text: ``search.fold``) that
  hashes to the shard (``gram_shard``), the units that hold it and the pages whose title holds it, each list as
  ascending numbers, delta-coded.
- ``t/<hash>.json``, the text chunks: consecutive units' text, with the address and title of each short page.

A unit is a whole page, or, for a page longer than ``UNIT_MAX`` characters (a round report lists thousands of
actions), a piece of it: so a query checks the piece of a long page that may hold its word, not the whole page.
Each piece also holds one character before it and ``OVERLAP`` characters after it (white space not counted), so an
occurrence of a term of at most ``OVERLAP + 1`` characters lies whole in the piece it starts in, with the
characters around it that the whole-number rule looks at. Pieces are cut where the text itself says (after a space
whose following characters hash to a multiple of ``CUT_ODDS``), and chunks end where a unit's text says, so an
edit changes the pieces and chunks it touches, not every one after it.

``static/search.js`` reads these files; the rules and the order of the results are ``search.search``'s.
"""

from __future__ import annotations

import hashlib
import json
import operator
import pickle
import sys
import zlib
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import TypeAlias, TypeVar

import jinja2

from sitegen import workers
from sitegen.incremental.store import MemoryStore, code_fingerprint, fingerprint
from sitegen.model.records import Page, Site
from sitegen.output import OutputFile
from sitegen.render.search import SearchDoc, codes_of, fold_clean

INDEX_PATH = "search/index.json"
VERSION = 2
UNIT_MAX = 6000
"""Characters of a page's text above which it is cut into units."""
UNIT_MIN = 1500
"""Characters a unit of a long page holds at least (the last one excepted)."""
CUT_ODDS = 16
"""One space in this many, by the hash of what follows it, ends a unit once it has ``UNIT_MIN`` characters."""
OVERLAP = 64
"""Characters (white space not counted) of the next unit repeated at the end of a unit."""
CHUNK_MIN, CHUNK_MAX = 6_000, 24_000
"""Bytes of text a chunk holds at least (unless it is the last) and at most (unless one unit is more)."""
CHUNK_ODDS = 4
SHARD_BYTES = 24_000
"""About how many bytes of postings a shard holds: the number of shards is the power of two that gives that."""
HASH_LENGTH = 16
MOVE_COST = 3
"""What moving a unit costs per gram of the index (a pass over them), against making one posting: the postings are
updated only while that is cheaper than making them whole."""
T = TypeVar("T")
UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"


@dataclass(frozen=True, slots=True)
class Unit:
    """A page's text or a piece of it: ``text`` with ``lead`` characters of the unit before and ``tail`` of the
    unit after (both 0 for a whole page)."""

    text: str
    lead: int = 0
    tail: int = 0


class Entry:
    """One page in the index: its doc, its units, each unit's grams and its title's (``_grams``), all a function of
    the doc alone. The grams are made when first asked for: a page kept from the build before brings only their
    ``digest`` (the postings kept with it already hold them), so the cache and an edit's build skip them."""

    __slots__ = ("doc", "units", "_grams", "_digest", "before")

    def __init__(self, doc: SearchDoc, units: tuple[Unit, ...], digest: bytes | None = None,
                 grams: tuple[tuple[array[int], ...], array[int]] | None = None,
                 before: tuple[SearchDoc, bytes] | None = None):
        self.doc, self.units, self._digest = doc, units, digest
        self._grams = grams
        self.before = before
        """The page's doc in the build before and its grams' digest, when the page changed since: the postings
        then move only the units whose grams changed (``_updated``)."""

    def _made(self) -> tuple[tuple[array[int], ...], array[int]]:
        if self._grams is None:
            self._grams = tuple(_grams(fold_clean(u.text)) for u in self.units), _grams(fold_clean(self.doc.title))
        return self._grams

    @property
    def grams(self) -> tuple[array[int], ...]:
        return self._made()[0]

    @property
    def title(self) -> array[int]:
        return self._made()[1]

    @property
    def digest(self) -> bytes:
        """Of the units' grams and the title's: what tells the postings that a page's grams changed."""
        if self._digest is None:
            h = hashlib.blake2b(digest_size=16)
            for grams in (*self.grams, self.title):
                h.update(len(grams).to_bytes(4, "little") + grams.tobytes())
            self._digest = h.digest()
        return self._digest


def _cut_here(text: str, at: int) -> bool:
    return zlib.crc32(text[at: at + 16].encode("utf-8", "surrogatepass")) % CUT_ODDS == 0


def _cuts(text: str, unit_min: int, unit_max: int) -> list[int]:
    """Where the units of ``text`` start: 0, then after a space chosen by what follows it (``_cut_here``), at
    least ``unit_min`` characters on, or the first space after ``unit_max`` characters."""
    cuts = [0]
    while len(text) - cuts[-1] > unit_max:
        at = text.find(" ", cuts[-1] + unit_min)
        while at >= 0 and not (_cut_here(text, at + 1) or at + 1 - cuts[-1] >= unit_max):
            at = text.find(" ", at + 1)
        if at < 0 or len(text) - (at + 1) < unit_min // 2:
            break
        cuts.append(at + 1)
    return cuts


def _extend(text: str, end: int, count: int) -> int:
    """The position after ``count`` more non-space characters from ``end``."""
    while end < len(text) and count:
        count -= text[end] != " "
        end += 1
    return end


def units_of(text: str, unit_min: int = UNIT_MIN, unit_max: int = UNIT_MAX, overlap: int = OVERLAP) -> tuple[Unit, ...]:
    """The page's text (``title text``, what a query is checked against) as one unit, or cut into pieces."""
    if len(text) <= unit_max:
        return (Unit(text),)
    cuts = _cuts(text, unit_min, unit_max)
    out = []
    for i, start in enumerate(cuts):
        end = cuts[i + 1] if i + 1 < len(cuts) else len(text)
        begin = start - 2 if i else 0  # the character before the unit and the space after it
        stop = _extend(text, end, overlap) if end < len(text) else end
        out.append(Unit(text[begin:stop], start - begin, stop - end))
    return tuple(out)


def _grams(folded: str) -> array[int]:
    """The grams of a folded text, each once, ascending, as numbers: a character's is its code point, a pair's the
    eight bytes of the pair in UTF-32 (``_gram_text``), read straight from the encoded text (a tenth of the memory
    of the pairs as strings, in the cache and here, and half the time). A NUL (which would make a pair look like
    a character) is indexed as U+FFFD: no query holds one."""
    if "\0" in folded:
        folded = folded.replace("\0", "\ufffd")
    data = memoryview(folded.encode(UTF32, "surrogatepass"))
    grams = set(data.cast("I"))
    grams.update(data[: 8 * (len(folded) // 2)].cast("Q"))
    grams.update(data[4: 4 + 8 * ((len(folded) - 1) // 2)].cast("Q"))
    return array("Q", sorted(grams))


def _gram_text(gram: int) -> str:
    return gram.to_bytes(8 if gram >> 32 else 4, sys.byteorder).decode(UTF32, "surrogatepass")


def page_entry(doc: SearchDoc, unit_min: int = UNIT_MIN, unit_max: int = UNIT_MAX,
               overlap: int = OVERLAP) -> Entry:
    """A page's part of the index, from its doc alone (so a cache may keep it with the page's records)."""
    return Entry(doc, units_of(f"{doc.title} {doc.text}", unit_min, unit_max, overlap))


def _load(store: MemoryStore, name: str, kind: type[T]) -> T | None:
    """The store's entry ``name`` if it is a ``kind``, else None (none, or of another layout: ignored, like any
    damaged entry)."""
    payload = store.get(name) if store.lasting else None
    try:
        found = pickle.loads(payload) if payload else None  # the store checked its HMAC: written by this cache
    except Exception:  # noqa: BLE001
        return None
    return found if isinstance(found, kind) else None


Kept: TypeAlias = "tuple[SearchDoc, bytes]"
"""What the cache keeps of an ``Entry`` made with the default sizes: its doc and its grams' digest."""


PARALLEL_MIN = 400
"""New entries below which worker processes cost more than they save."""
CHUNK = 64
Made: TypeAlias = "tuple[SearchDoc, tuple[array[int], ...], array[int], bytes] | None"
_job: tuple[Sequence[Page], Callable[[Page], SearchDoc | None]] | None = None
"""The pages and how a page's doc is made; set before the fork, inherited by the workers."""


def _make(indices: list[int]) -> list[Made]:
    """A worker's share: each page's doc, grams and digest (what ``Entry`` makes lazily), as plain values."""
    assert _job is not None
    pages, doc_of = _job
    out: list[Made] = []
    for i in indices:
        doc = doc_of(pages[i])
        if doc is None:
            out.append(None)
        else:
            entry = page_entry(doc)
            out.append((doc, entry.grams, entry.title, entry.digest))
    return out


def _new_entries(pages: Sequence[Page], todo: list[int], doc_of: Callable[[Page], SearchDoc | None]) -> list[Made]:
    """``_make`` of the pages ``todo``, in worker processes when there are enough of them (the docs, folding and
    grams of 10 000 new pages are most of a cold build's search stage); in this process if a worker dies."""
    global _job
    _job = pages, doc_of
    try:
        count = workers.for_tasks(len(todo), PARALLEL_MIN)
        if count > 1 and len(todo) > 1 and workers.can_fork():
            chunks = [todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK)]
            try:
                return [made for part in workers.forked_map(_make, chunks, min(count, len(chunks))) for made in part]
            except workers.WorkerDied:
                pass  # what the workers could not make, this process makes
        return _make(todo)
    finally:
        _job = None


def site_entries(pages: Sequence[Page], keys: Sequence[str], doc_of: Callable[[Page], SearchDoc | None],
                 store: MemoryStore, place: str) -> list[Entry]:
    """Each searched page's entry, in page order. A page whose key (what its bytes are made from:
    ``pages.Rendered.keys``) is the one of the build before takes its entry from ``store``: its text is the text of
    those bytes, so neither its doc nor its grams are made again. ``place`` names the site and how its docs are
    made (from records or HTML)."""
    name = fingerprint("search entries", code_fingerprint(), place)
    old: dict[tuple[str, str], Kept | None] = _load(store, name, dict) or {}
    todo = [i for i, (page, key) in enumerate(zip(pages, keys)) if not (key and (page.output, key) in old)]
    made = dict(zip(todo, _new_entries(pages, todo, doc_of)))
    before = {output: kept for (output, _), kept in old.items()}  # one entry per page: the build before's
    new: dict[tuple[str, str], Kept | None] = {}
    out = []
    for i, (page, key) in enumerate(zip(pages, keys)):
        if i in made:
            fresh = made[i]
            entry = Entry(fresh[0], units_of(f"{fresh[0].title} {fresh[0].text}"), fresh[3], fresh[1:3],
                          before.get(page.output)) if fresh else None
        else:
            kept = old[page.output, key]
            entry = Entry(kept[0], units_of(f"{kept[0].title} {kept[0].text}"), kept[1]) if kept else None
        if key:  # the units are cut again (cheap) rather than kept: they would double the entry
            new[page.output, key] = (entry.doc, entry.digest) if entry else None
        if entry is not None:
            out.append(entry)
    if store.lasting and new.keys() != old.keys():
        store.put(name, pickle.dumps(new, protocol=pickle.HIGHEST_PROTOCOL))
    return out


def gram_shard(gram: str, shards: int) -> int:
    """The shard of a gram: FNV-1a over its code points (``search.js`` computes the same)."""
    h = 0x811C9DC5
    for char in gram:
        h = ((h ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return h % shards


def _postings(lists: Iterable[array[int]]) -> dict[int, array[int]]:
    """Each gram's list of the numbers of the lists holding it, ascending."""
    out: dict[int, array[int]] = defaultdict(lambda: array("I"))
    for number, grams in enumerate(lists):
        for gram in grams:
            out[gram].append(number)
    return dict(out)


def _coded(ids: array[int]) -> str:
    return ",".join(map(str, (ids[0], *map(operator.sub, ids[1:], ids))))


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def _name(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def _shard_count(units: dict[int, array[int]]) -> int:
    size = sum(len(ids) * 2 + 8 for ids in units.values())
    count = 1
    while count < 4096 and size / count > SHARD_BYTES:
        count *= 2
    return count


def _shard(units: dict[int, array[int]], titles: dict[int, array[int]], grams: Iterable[int]) -> bytes:
    """One shard file: per gram of the shard, ``"gram":[units]`` under ``b`` and ``"gram":[pages]`` under ``t``
    (written by hand around the arrays: as lists of Python ints a large site's postings took 300 MB)."""
    texts = sorted((_gram_text(gram), gram) for gram in grams)
    parts = []
    for key, postings in (("b", units), ("t", titles)):
        body = ",".join(f"{_json(t).decode()}:[{_coded(postings[g])}]" for t, g in texts if g in postings)
        parts.append(f'"{key}":{{{body}}}'.encode())
    return b"{" + b",".join(parts) + b"}\n"


def _placed(grams: Iterable[int], count: int) -> list[list[int]]:
    placed: list[list[int]] = [[] for _ in range(count)]
    for gram in grams:
        placed[gram_shard(_gram_text(gram), count)].append(gram)
    return placed


def _chunks(entries: Sequence[Entry]) -> list[tuple[int, bytes]]:
    """The text chunks: (first unit, file bytes). A short page's unit is ``[text, url, title]``, a long page's
    ``[text, lead, tail]``; a chunk ends after a unit whose text hashes to a multiple of ``CHUNK_ODDS`` once it
    holds ``CHUNK_MIN`` bytes, or when the next unit would take it over ``CHUNK_MAX``."""
    out: list[tuple[int, bytes]] = []
    rows: list[bytes] = []
    size = first = number = 0
    for entry in entries:
        whole = len(entry.units) == 1
        for unit in entry.units:
            row = _json([unit.text, entry.doc.url, entry.doc.title] if whole else [unit.text, unit.lead, unit.tail])
            if rows and size + len(row) > CHUNK_MAX:
                out.append((first, b"[" + b",".join(rows) + b"]\n"))
                rows, size, first = [], 0, number
            rows.append(row)
            size += len(row)
            number += 1
            if size >= CHUNK_MIN and zlib.crc32(row) % CHUNK_ODDS == 0:
                out.append((first, b"[" + b",".join(rows) + b"]\n"))
                rows, size, first = [], 0, number
    if rows:
        out.append((first, b"[" + b",".join(rows) + b"]\n"))
    return out


@dataclass(slots=True)
class Postings:
    """The postings of an index and its shard files, kept from one build to the next to be updated in place."""

    layout: tuple[int, ...]
    """How many units each page has."""
    digests: list[bytes]
    """Each page's grams, digested."""
    units: dict[int, array[int]]
    titles: dict[int, array[int]]
    placed: list[set[int]]
    """The grams of each shard."""
    files: list[bytes]


def _move(postings: dict[int, array[int]], number: int, grams: array[int], touched: set[int]) -> None:
    """List ``number`` under exactly ``grams`` in ``postings``; the grams whose list changed go to ``touched``."""
    now = set(grams)
    for gram, ids in list(postings.items()):
        at = bisect_left(ids, number)
        if at < len(ids) and ids[at] == number and gram not in now:
            del ids[at]
            touched.add(gram)
            if not ids:
                del postings[gram]
    for gram in now:
        ids = postings.setdefault(gram, array("I"))
        at = bisect_left(ids, number)
        if at == len(ids) or ids[at] != number:
            ids.insert(at, number)
            touched.add(gram)


def _moved(postings: dict[int, array[int]], number: int, old: array[int], new: array[int],
           touched: set[int]) -> None:
    """List ``number`` under ``new`` instead of ``old`` (its grams before) in ``postings``: only the grams that
    differ are visited, not every gram of the index (``_move``)."""
    was, now = set(old), set(new)
    for gram in was - now:
        ids = postings.get(gram)
        at = bisect_left(ids, number) if ids is not None else 0
        if ids is not None and at < len(ids) and ids[at] == number:
            del ids[at]
            touched.add(gram)
            if not ids:
                del postings[gram]
    for gram in now - was:
        ids = postings.setdefault(gram, array("I"))
        at = bisect_left(ids, number)
        if at == len(ids) or ids[at] != number:
            ids.insert(at, number)
            touched.add(gram)


def _previous(entry: Entry, kept_digest: bytes) -> Entry | None:
    """The page's entry of the build before, if it is the one the kept postings hold (its digest says so) and
    it has as many units as the page now; else None (its units are then moved the slow way)."""
    if entry.before is None or entry.before[1] != kept_digest:
        return None
    doc = entry.before[0]
    previous = Entry(doc, units_of(f"{doc.title} {doc.text}"))
    return previous if len(previous.units) == len(entry.units) else None


def _updated(kept: Postings, entries: Sequence[Entry], digests: list[bytes]) -> Postings | None:
    """``kept`` brought up to ``entries`` by moving the units of the pages whose grams changed, and only the shards
    of the grams that moved written again; None when the pages' units are not numbered as before, so many changed
    that making the postings whole is cheaper (``MOVE_COST``) or the number of shards changes (then the whole index
    is made again). A changed page whose grams before are known (``Entry.before``) moves only its units whose grams
    changed, by the grams that differ: an item's wording edited changes a few units of each round report."""
    layout = tuple(len(e.units) for e in entries)
    changed = [page for page, digest in enumerate(digests) if digest != kept.digests[page]] \
        if layout == kept.layout else []
    previous = {page: _previous(entries[page], kept.digests[page]) for page in changed}
    scanned = sum(layout[page] for page in changed if previous[page] is None)
    if layout != kept.layout or scanned * len(kept.units) * MOVE_COST > sum(map(len, kept.units.values())):
        return None
    starts = [0, *accumulate(layout)]
    touched: set[int] = set()
    for page in changed:
        entry, before = entries[page], previous[page]
        if before is None:
            for offset, grams in enumerate(entry.grams):
                _move(kept.units, starts[page] + offset, grams, touched)
            _move(kept.titles, page, entry.title, touched)
            continue
        for offset, (old, new) in enumerate(zip(before.grams, entry.grams)):
            if old != new:
                _moved(kept.units, starts[page] + offset, old, new, touched)
        _moved(kept.titles, page, before.title, entry.title, touched)
    if _shard_count(kept.units) != len(kept.files):
        return None
    count = len(kept.files)
    for gram in touched:
        shard = gram_shard(_gram_text(gram), count)
        if gram in kept.units or gram in kept.titles:
            kept.placed[shard].add(gram)
        else:
            kept.placed[shard].discard(gram)
    for shard in {gram_shard(_gram_text(gram), count) for gram in touched}:
        kept.files[shard] = _shard(kept.units, kept.titles, kept.placed[shard])
    kept.digests = digests
    return kept


def postings(entries: Sequence[Entry], kept: Postings | None = None, shards: int | None = None) -> Postings:
    """The postings and shard files of ``entries``: ``kept`` (the build before's) updated where it can be, else
    made whole. Either way the same bytes."""
    digests = [e.digest for e in entries]
    if kept is not None and shards is None and (done := _updated(kept, entries, digests)) is not None:
        return done
    units = _postings(g for e in entries for g in e.grams)
    titles = _postings(e.title for e in entries)
    placed = _placed(units.keys() | titles.keys(), shards or _shard_count(units))
    files = [_shard(units, titles, grams) for grams in placed]
    return Postings(tuple(len(e.units) for e in entries), digests, units, titles, [set(p) for p in placed], files)


def index_files(entries: Sequence[Entry], shards: int | None = None,
                made: Postings | None = None) -> list[tuple[str, bytes]]:
    """Every file of the index, ``(path under the output, bytes)``, the manifest last (it names the others, so it
    lands after them). Same entries → same bytes; ``shards`` fixes the number of shards (tests); ``made``: the
    entries' ``postings`` if they are made already."""
    shard_files = (made or postings(entries, shards=shards)).files
    chunk_files = _chunks(entries)
    split = [[page, len(e.units), e.doc.url, e.doc.title] for page, e in enumerate(entries) if len(e.units) > 1]
    overlap = next((e.units[0].tail for e in entries if len(e.units) > 1), OVERLAP)
    manifest = {
        "version": VERSION, "pages": len(entries), "units": sum(len(e.units) for e in entries),
        "overlap": overlap, "shards": [_name(data) for data in shard_files],
        "chunks": [[first, _name(data)] for first, data in chunk_files], "split": split,
    }
    files = [(f"search/s/{_name(data)}.json", data) for data in shard_files]
    files += [(f"search/t/{_name(data)}.json", data) for _, data in chunk_files]
    return [*dict(files).items(), (INDEX_PATH, _json(manifest) + b"\n")]


def load_docs(folder: Path) -> list[SearchDoc]:
    """The pages of the index under ``folder`` (an output folder), from its manifest and chunks (tests, bench)."""
    manifest = json.loads((folder / INDEX_PATH).read_text("utf-8"))
    rows = [row for _, name in manifest["chunks"]
            for row in json.loads((folder / f"search/t/{name}.json").read_text("utf-8"))]
    split = {page: (count, url, title) for page, count, url, title in manifest["split"]}
    docs, unit = [], 0
    for page in range(manifest["pages"]):
        if page in split:
            count, url, title = split[page]
            body = "".join(t[lead: len(t) - tail] for t, lead, tail in rows[unit: unit + count])
        else:
            count, (body, url, title) = 1, rows[unit]
        unit += count
        text = body[len(title) + 1:] if body.startswith(f"{title} ") else body.removeprefix(title)
        docs.append(SearchDoc(url, title, codes_of(title), text))
    return docs


@dataclass(frozen=True, slots=True)
class SearchPage:
    """What ``base.html`` reads of a page, for the two pages this stage adds (not in the model's pages)."""

    path: str
    url: str
    output: str
    template: str
    title: str
    short: str
    breadcrumbs: tuple[object, ...]
    data: object
    updated: None = None


def search_files(site: Site, env: jinja2.Environment, entries: Sequence[Entry], store: MemoryStore,
                 place: str) -> list[OutputFile]:
    """The index of ``entries`` (``index_files``; its postings updated from the build before's in ``store``, named
    by ``place``), ``/search/`` and ``/pages/`` (every indexed page as a plain link: where the search form leads
    without JavaScript). Jinja errors are the caller's."""
    docs = [entry.doc for entry in entries]
    base = site.config.base_path
    home = site.nav[0] if site.nav else None
    crumbs = (home,) if home else ()
    out = []
    for path, template, title, data in (("search/", "search.html", "ค้นหา", len(docs)),
                                        ("pages/", "pages.html", "รายการหน้าทั้งหมด", docs)):
        page = SearchPage(path, base + path, path + "index.html", template, title, title, crumbs, data)
        html = env.get_template(template).render(page=page, site=site, nav=site.nav)
        out.append(OutputFile(page.output, data=html.encode("utf-8")))
    name = fingerprint("search postings", code_fingerprint(), place)
    kept = _load(store, name, Postings)
    before = (kept.layout, kept.digests) if kept else None
    made = postings(entries, kept)
    if store.lasting and (made.layout, made.digests) != before:
        store.put(name, pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
    out.extend(OutputFile(path, data=data) for path, data in index_files(entries, made=made))
    return out
