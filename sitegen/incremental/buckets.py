"""A large cache entry kept as many: read whole, written after an edit only where it changed."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from sitegen.incremental.store import MemoryStore, fingerprint

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
BUCKETS = 64


class Buckets(Generic[K, V]):
    """The dict of one cache entry (the records, the bodies or the search entries of a site: 10–20 MB each at
    10 000 documents) kept as ``count`` store entries, each the items whose key's ``part`` hashes to it. ``load``
    reads them all; ``save`` writes only those whose keys or values changed since: one edit rewrote every byte of
    each entry (0.3–0.4 s apiece). Entries are named after ``name`` and their number."""

    def __init__(self, store: MemoryStore, name: str, encode: Callable[[dict[K, V]], bytes],
                 decode: Callable[[bytes], dict[K, V]], part: Callable[[K], str | bytes], count: int = BUCKETS):
        self.store, self.name, self.count = store, name, count
        self.encode, self.decode, self.part = encode, decode, part
        self.old: list[dict[K, V]] = [{} for _ in range(count)]

    def _name(self, number: int) -> str:
        return fingerprint(self.name, str(number))

    def _number(self, key: K) -> int:
        part = self.part(key)
        return zlib.crc32(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part) % self.count

    def load(self) -> dict[K, V]:
        """Every bucket's items (a missing or damaged bucket: none of its items)."""
        if not self.store.lasting:
            return {}
        self.old = [self.store.get_object(self._name(n), self.decode) or {} for n in range(self.count)]
        whole: dict[K, V] = {}
        for bucket in self.old:
            whole.update(bucket)
        return whole

    def save(self, new: dict[K, V]) -> None:
        """Keep ``new``: the buckets whose items differ from those loaded (``is``, then ``==``) are written."""
        if not self.store.lasting:
            return
        buckets: list[dict[K, V]] = [{} for _ in range(self.count)]
        for key, value in new.items():
            buckets[self._number(key)][key] = value
        for number, (old, now) in enumerate(zip(self.old, buckets)):
            if now.keys() != old.keys() or any(value is not old[key] and value != old[key]
                                               for key, value in now.items()):
                self.store.put_object(self._name(number), now, self.encode)
        self.old = buckets
