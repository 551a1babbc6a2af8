"""Render stage, search postings: for each gram (one character or two of the folded text), the units that hold it
and the pages whose title holds it, cut into shard files by the gram's hash (``gram_shard``, which ``search.js``
computes the same), kept from build to build (``KeptPostings``) and updated where pages changed.
"""

from __future__ import annotations

import operator
import pickle
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from sitegen import workers
from sitegen.incremental.buckets import Buckets
from sitegen.incremental.store import MemoryStore, fingerprint
from sitegen.render.search.entries import Entry, compact_json, gram_text

SHARD_BYTES = 24_000
"""About how many bytes of postings a shard holds: the number of shards is the power of two that gives that."""
MOVE_COST = 3
"""What moving a unit costs per gram of the index (a pass over them), against making one posting: the postings are
updated only while that is cheaper than making them whole."""
PARALLEL_MIN, CHUNK = 128, 32
"""Shards from which their files are written in worker processes (1.5 s of a cold build's 10 000 documents in one
process), and how many a worker writes at a time."""


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


def _shard_count(units: dict[int, array[int]]) -> int:
    size = sum(len(ids) * 2 + 8 for ids in units.values())
    count = 1
    while count < 4096 and size / count > SHARD_BYTES:
        count *= 2
    return count


def _shard(units: dict[int, array[int]], titles: dict[int, array[int]], grams: Iterable[int]) -> bytes:
    """One shard file: per gram of the shard, ``"gram":[units]`` under ``b`` and ``"gram":[pages]`` under ``t``
    (written by hand around the arrays: as lists of Python ints a large site's postings took 300 MB)."""
    texts = sorted((gram_text(gram), gram) for gram in grams)
    parts = []
    for key, postings in (("b", units), ("t", titles)):
        body = ",".join(f"{compact_json(t).decode()}:[{_coded(postings[g])}]" for t, g in texts if g in postings)
        parts.append(f'"{key}":{{{body}}}'.encode())
    return b"{" + b",".join(parts) + b"}\n"


_job: tuple[dict[int, array[int]], dict[int, array[int]], list[list[int]]] | None = None
"""The postings and the grams of each shard; set before the fork, inherited by the workers."""


def _write_shards(shards: list[int]) -> list[bytes]:
    assert _job is not None
    units, titles, placed = _job
    return [_shard(units, titles, placed[shard]) for shard in shards]


def _shard_files(units: dict[int, array[int]], titles: dict[int, array[int]], placed: list[list[int]]) -> list[bytes]:
    """Each shard's file, in worker processes when there are many (a cold build); in this one if a worker dies."""
    global _job
    _job = units, titles, placed
    try:
        shards = list(range(len(placed)))
        made = workers.for_speed(_write_shards, shards, PARALLEL_MIN, CHUNK)
        return made if made is not None else _write_shards(shards)
    finally:
        _job = None


def _placed(grams: Iterable[int], count: int) -> list[list[int]]:
    placed: list[list[int]] = [[] for _ in range(count)]
    for gram in grams:
        placed[gram_shard(gram_text(gram), count)].append(gram)
    return placed


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


def _owned(postings: dict[int, array[int]], gram: int, owned: set[int]) -> array[int]:
    """The list of ``gram`` in ``postings``, copied the first time this update changes it (``owned``): the kept
    postings are never changed in place (serve's store hands the same objects to the next build)."""
    ids = postings.get(gram)
    if ids is None or gram not in owned:
        ids = postings[gram] = array("I", ids if ids is not None else ())
        owned.add(gram)
    return ids


def _drop(postings: dict[int, array[int]], gram: int, number: int, touched: set[int], owned: set[int]) -> None:
    ids = postings.get(gram)
    at = bisect_left(ids, number) if ids is not None else 0
    if ids is not None and at < len(ids) and ids[at] == number:
        ids = _owned(postings, gram, owned)
        del ids[at]
        touched.add(gram)
        if not ids:
            del postings[gram]


def _add(postings: dict[int, array[int]], gram: int, number: int, touched: set[int], owned: set[int]) -> None:
    ids = postings.get(gram)
    at = bisect_left(ids, number) if ids is not None else 0
    if ids is None or at == len(ids) or ids[at] != number:
        _owned(postings, gram, owned).insert(at, number)
        touched.add(gram)


def _move(postings: dict[int, array[int]], number: int, grams: array[int], touched: set[int],
          owned: set[int]) -> None:
    """List ``number`` under exactly ``grams`` in ``postings``; the grams whose list changed go to ``touched``."""
    now = set(grams)
    for gram in [gram for gram in postings if gram not in now]:  # a list: dropping may delete the gram's entry
        _drop(postings, gram, number, touched, owned)
    for gram in now:
        _add(postings, gram, number, touched, owned)


def _moved(postings: dict[int, array[int]], number: int, old: array[int], new: array[int],
           touched: set[int], owned: set[int]) -> None:
    """List ``number`` under ``new`` instead of ``old`` (its grams before) in ``postings``: only the grams that
    differ are visited, not every gram of the index (``_move``)."""
    was, now = set(old), set(new)
    for gram in was - now:
        _drop(postings, gram, number, touched, owned)
    for gram in now - was:
        _add(postings, gram, number, touched, owned)


def _previous(entry: Entry, kept_digest: bytes) -> Entry | None:
    """The page's entry of the build before, if it is the one the kept postings hold (its digest says so) and
    it has as many units as the page now; else None (its units are then moved the slow way)."""
    before = entry.before
    return before if before is not None and before.digest == kept_digest and before.count == entry.count else None


def _updated(kept: Postings, entries: Sequence[Entry], digests: list[bytes]) -> Postings | None:
    """``kept`` brought up to ``entries`` by moving the units of the pages whose grams changed, and only the shards
    of the grams that moved written again; None when the pages' units are not numbered as before, so many changed
    that making the postings whole is cheaper (``MOVE_COST``) or the number of shards changes (then the whole index
    is made again). A changed page whose grams before are known (``Entry.before``) moves only its units whose grams
    changed, by the grams that differ: an item's wording edited changes a few units of each round report."""
    layout = tuple(e.count for e in entries)
    changed = [page for page, digest in enumerate(digests) if digest != kept.digests[page]] \
        if layout == kept.layout else []
    previous = {page: _previous(entries[page], kept.digests[page]) for page in changed}
    scanned = sum(layout[page] for page in changed if previous[page] is None)
    if layout != kept.layout or scanned * len(kept.units) * MOVE_COST > sum(map(len, kept.units.values())):
        return None
    starts = [0, *accumulate(layout)]
    touched: set[int] = set()
    units: set[int] = set()  # the grams whose list is this update's own copy, in each
    titles: set[int] = set()
    for page in changed:
        entry, before = entries[page], previous[page]
        if before is None:
            for offset, grams in enumerate(entry.grams):
                _move(kept.units, starts[page] + offset, grams, touched, units)
            _move(kept.titles, page, entry.title, touched, titles)
            continue
        for offset, (old, new) in enumerate(zip(before.grams, entry.grams)):
            if old != new:
                _moved(kept.units, starts[page] + offset, old, new, touched, units)
        _moved(kept.titles, page, before.title, entry.title, touched, titles)
    if _shard_count(kept.units) != len(kept.files):
        return None
    count = len(kept.files)
    for gram in touched:
        shard = gram_shard(gram_text(gram), count)
        if gram in kept.units or gram in kept.titles:
            kept.placed[shard].add(gram)
        else:
            kept.placed[shard].discard(gram)
    for shard in {gram_shard(gram_text(gram), count) for gram in touched}:
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
    files = _shard_files(units, titles, placed)
    return Postings(tuple(e.count for e in entries), digests, units, titles, [set(p) for p in placed], files)


Part = tuple[bytes, dict[int, "array[int]"], dict[int, "array[int]"]]
"""A shard as kept: its file, and the units and pages listed under each of its grams."""


class KeptPostings:
    """The postings of the build before in ``store``: the pages' layout and digests in one entry, the shards in
    buckets (``incremental.buckets``), so an edit writes again the buckets of the shards whose file changed, not
    the whole postings (46 MB at 10 000 documents). A shard's file says everything its postings hold: the same
    file, the same postings."""

    def __init__(self, store: MemoryStore, name: str):
        self.store, self.meta = store, fingerprint(name, "layout")
        self.buckets: Buckets[int, Part] = Buckets(store, name, _encode, _decode_parts, part=str)
        self.loaded: tuple[tuple[int, ...], list[bytes]] | None = None

    def load(self) -> Postings | None:
        """The postings kept, or None (none kept, or a part of them missing or damaged: they are made whole)."""
        meta = self.store.get_object(self.meta, _decode) if self.store.lasting else None
        parts = self.buckets.load()
        if not isinstance(meta, tuple) or len(meta) != 3 or set(parts) != set(range(meta[2])):
            return None
        layout, digests, count = meta
        self.loaded = layout, list(digests)
        units: dict[int, array[int]] = {}
        titles: dict[int, array[int]] = {}
        for shard in range(count):
            units.update(parts[shard][1])
            titles.update(parts[shard][2])
        return Postings(layout, list(digests), units, titles,
                        [parts[shard][1].keys() | parts[shard][2].keys() for shard in range(count)],
                        [parts[shard][0] for shard in range(count)])

    def save(self, made: Postings) -> None:
        """Keep ``made`` (nothing is written when its pages' layout and digests are the ones kept)."""
        if not self.store.lasting or self.loaded == (made.layout, made.digests):
            return
        self.store.put_object(self.meta, (made.layout, made.digests, len(made.files)), _encode)
        self.buckets.save({shard: (file, {g: made.units[g] for g in grams if g in made.units},
                                   {g: made.titles[g] for g in grams if g in made.titles})
                           for shard, (file, grams) in enumerate(zip(made.files, made.placed))})


def _encode(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _decode(payload: bytes) -> object:
    try:
        return pickle.loads(payload)  # the store checked its HMAC: written by this cache
    except Exception:  # noqa: BLE001 — an entry of another layout is ignored, like any damaged entry
        return None


def _decode_parts(payload: bytes) -> dict[int, Part]:
    found = _decode(payload)
    return found if isinstance(found, dict) else {}
