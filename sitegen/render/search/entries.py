"""Render stage, search entries: each searched page's part of the index (``Entry``): its text cut into units
(``units_of``), each unit's row of the text chunks (``unit_rows``), each unit's grams and its title's (``_grams``),
kept from build to build with the page's key (its rows and its grams' digest: an edit's build reads the units of a
kept page back from its rows only when it needs them).

A unit is a whole page, or, for a page longer than ``UNIT_MAX`` characters (a round report lists thousands of
actions), a piece of it: so a query checks the piece of a long page that may hold its word, not the whole page.
Each piece also holds one character before it and ``OVERLAP`` characters after it (white space not counted), so an
occurrence of a term of at most ``OVERLAP + 1`` characters lies whole in the piece it starts in, with the
characters around it that the whole-number rule looks at. Pieces are cut where the text itself says (after a space
whose following characters hash to a multiple of ``CUT_ODDS``), so an edit changes the pieces it touches, not every
one after it. The entries of new pages are made in worker processes when there are many (a cold build).
"""

from __future__ import annotations

import hashlib
import json
import pickle
import sys
import zlib
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TypeAlias

from sitegen import workers
from sitegen.incremental.buckets import Buckets
from sitegen.incremental.store import MemoryStore, code_fingerprint, fingerprint
from sitegen.model.records import Page
from sitegen.render.search.text import SearchDoc, fold_clean

UNIT_MAX = 6000
"""Characters of a page's text above which it is cut into units."""
UNIT_MIN = 1500
"""Characters a unit of a long page holds at least (the last one excepted)."""
CUT_ODDS = 16
"""One space in this many, by the hash of what follows it, ends a unit once it has ``UNIT_MIN`` characters."""
OVERLAP = 64
"""Characters (white space not counted) of the next unit repeated at the end of a unit."""
UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"


@dataclass(frozen=True, slots=True)
class Unit:
    """A page's text or a piece of it: ``text`` with ``lead`` characters of the unit before and ``tail`` of the
    unit after (both 0 for a whole page)."""

    text: str
    lead: int = 0
    tail: int = 0


class Entry:
    """One page in the index: its doc, its units and each unit's row of the text chunks (``unit_rows``), each unit's
    grams and its title's (``_grams``), all a function of the doc alone. A page made in this build brings its
    grams and rows; a page kept from the build before brings only its rows (its doc's text is in them) and its
    grams' ``digest`` (the postings kept with it already hold the grams). Whatever is not brought is made when
    first asked for: the units read back from the rows, the grams from the units."""

    __slots__ = ("doc", "_units", "_rows", "_grams", "_digest", "before")

    def __init__(self, doc: SearchDoc, units: tuple[Unit, ...] | None = None, digest: bytes | None = None,
                 grams: tuple[tuple[array[int], ...], array[int]] | None = None, before: Entry | None = None,
                 rows: tuple[bytes, ...] | None = None):
        if units is None and rows is None:
            raise ValueError("an entry needs its units or its rows")
        self.doc, self._units, self._rows, self._digest = doc, units, rows, digest
        self._grams = grams
        self.before = before
        """The page's entry in the build before, when the page changed since: the postings then move only the
        units whose grams changed (``_updated``)."""

    @property
    def units(self) -> tuple[Unit, ...]:
        if self._units is None:
            assert self._rows is not None
            self._units = _read_rows(self._rows)
        return self._units

    @property
    def rows(self) -> tuple[bytes, ...]:
        if self._rows is None:
            self._rows = unit_rows(self.doc, self.units)
        return self._rows

    @property
    def count(self) -> int:
        """How many units the page has."""
        return len(self._rows) if self._rows is not None else len(self.units)

    def _made(self) -> tuple[tuple[array[int], ...], array[int]]:
        if self._grams is None:
            self._grams = tuple(_grams(fold_clean(u.text)) for u in self.units), _grams(fold_clean(self.doc.title))
        return self._grams

    def forget_grams(self) -> None:
        """Let the grams go (their digest stays): they are made again if asked for."""
        self.digest  # noqa: B018 — made before the grams go
        self._grams = None

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


def compact_json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def unit_rows(doc: SearchDoc, units: Sequence[Unit]) -> tuple[bytes, ...]:
    """Each unit's row of the text chunks (``files``): ``[text, url, title]`` for a page of one unit, else
    ``[text, lead, tail]``."""
    if len(units) == 1:
        return (compact_json([units[0].text, doc.url, doc.title]),)
    return tuple(compact_json([unit.text, unit.lead, unit.tail]) for unit in units)


def _read_rows(rows: Sequence[bytes]) -> tuple[Unit, ...]:
    """The units written as ``rows`` (``unit_rows``)."""
    values = [json.loads(row.decode("utf-8", "surrogatepass")) for row in rows]
    if len(values) == 1:
        return (Unit(values[0][0]),)
    return tuple(Unit(text, lead, tail) for text, lead, tail in values)


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
    """The grams of a folded text, each once, as numbers: a character's is its code point, a pair's the eight bytes
    of the pair in UTF-32 (``gram_text``), read straight from the encoded text (a tenth of the memory of the pairs
    as strings, in the cache and here, and half the time). In the set's order, which the text alone decides (an
    int's hash is itself): nothing needs them sorted, and sorting was a third of the time. A NUL (which would make
    a pair look like a character) is indexed as U+FFFD: no query holds one."""
    if "\0" in folded:
        folded = folded.replace("\0", "\ufffd")
    data = memoryview(folded.encode(UTF32, "surrogatepass"))
    grams = set(data.cast("I"))
    grams.update(data[: 8 * (len(folded) // 2)].cast("Q"))
    grams.update(data[4: 4 + 8 * ((len(folded) - 1) // 2)].cast("Q"))
    return array("Q", grams)


def gram_text(gram: int) -> str:
    return gram.to_bytes(8 if gram >> 32 else 4, sys.byteorder).decode(UTF32, "surrogatepass")


def page_entry(doc: SearchDoc, unit_min: int = UNIT_MIN, unit_max: int = UNIT_MAX,
               overlap: int = OVERLAP) -> Entry:
    """A page's part of the index, from its doc alone (so a cache may keep it with the page's records)."""
    return Entry(doc, units_of(f"{doc.title} {doc.text}", unit_min, unit_max, overlap))


Kept: TypeAlias = "tuple[str, str, tuple[str, ...], bytes, tuple[bytes, ...]]"
"""What the cache keeps of an ``Entry`` made with the default sizes, as plain values: its doc's address, title and
codes, its grams' digest and its rows (which hold the text): a kept page's units are neither cut nor written as JSON
again."""


PARALLEL_MIN = 400
"""New entries below which worker processes cost more than they save."""
CHUNK = 64
Made: TypeAlias = "tuple[SearchDoc, tuple[array[int], ...], array[int], bytes, tuple[bytes, ...]] | None"
_job: tuple[Sequence[Page], Callable[[Page], SearchDoc | None]] | None = None
"""The pages and how a page's doc is made; set before the fork, inherited by the workers."""


def _make(indices: list[int]) -> list[Made]:
    """A worker's share: each page's doc without its text, grams, digest and rows (what ``Entry`` makes lazily), as
    plain values; the text travels once, in the rows."""
    assert _job is not None
    pages, doc_of = _job
    out: list[Made] = []
    for i in indices:
        doc = doc_of(pages[i])
        if doc is None:
            out.append(None)
        else:
            entry = page_entry(doc)
            out.append((replace(doc, text=""), entry.grams, entry.title, entry.digest, entry.rows))
    return out


def _new_entries(pages: Sequence[Page], todo: list[int], doc_of: Callable[[Page], SearchDoc | None]) -> list[Made]:
    """``_make`` of the pages ``todo``, in worker processes when there are enough of them (the docs, folding and
    grams of 10 000 new pages are most of a cold build's search stage); in this process if a worker dies."""
    global _job
    _job = pages, doc_of
    try:  # a page's text grows with the files it shows (a round report's are a quarter of a large site's)
        made = workers.for_speed(_make, todo, PARALLEL_MIN, CHUNK, cost=lambda i: len(pages[i].sources))
        return made if made is not None else _make(todo)  # what the workers could not make, this process makes
    finally:
        _job = None


def site_entries(pages: Sequence[Page], keys: Sequence[str], doc_of: Callable[[Page], SearchDoc | None],
                 store: MemoryStore, place: str) -> list[Entry]:
    """Each searched page's entry, in page order. A page whose key (what its bytes are made from:
    ``pages.Rendered.keys``) is the one of the build before takes its entry from ``store``: its text is the text of
    those bytes, so neither its doc nor its grams are made again. ``place`` names the site and how its docs are
    made (from records or HTML). Only a new entry's doc keeps its text (in memory, not in the store)."""
    buckets: Buckets[tuple[str, str], Kept | None] = Buckets(
        store, fingerprint("search entries", code_fingerprint(), place), _encode_kept, _decode_kept,
        part=lambda page: page[0])
    old = buckets.load()
    todo = [i for i, (page, key) in enumerate(zip(pages, keys)) if not (key and (page.output, key) in old)]
    made = dict(zip(todo, _new_entries(pages, todo, doc_of)))
    before = {output: kept for (output, _), kept in old.items()}  # one entry per page: the build before's
    new: dict[tuple[str, str], Kept | None] = {}
    out = []
    for i, (page, key) in enumerate(zip(pages, keys)):
        if i in made:
            fresh, was = made[i], before.get(page.output)
            entry = Entry(fresh[0], None, fresh[3], fresh[1:3], _kept_entry(was) if was else None,
                          fresh[4]) if fresh else None
        else:
            kept = old[page.output, key]
            entry = _kept_entry(kept) if kept else None
        if key:
            new[page.output, key] = (entry.doc.url, entry.doc.title, entry.doc.codes, entry.digest,
                                     entry.rows) if entry else None
        if entry is not None:
            out.append(entry)
    buckets.save(new)  # serve's store keeps the buckets themselves: none is changed after
    return out


def _kept_entry(kept: Kept) -> Entry:
    url, title, codes, digest, rows = kept
    return Entry(SearchDoc(url, title, codes, ""), digest=digest, rows=rows)


def _decode_kept(payload: bytes) -> dict[tuple[str, str], Kept | None]:
    """The kept entries; none (``{}``) for an entry of another layout, ignored like any damaged entry."""
    try:
        found = pickle.loads(payload)  # the store checked its HMAC: written by this cache
    except Exception:  # noqa: BLE001
        return {}
    return found if isinstance(found, dict) else {}


def _encode_kept(kept: dict[tuple[str, str], Kept | None]) -> bytes:
    return pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)
