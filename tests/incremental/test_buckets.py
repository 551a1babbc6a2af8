"""incremental/buckets.py: a large cache entry kept as many, written after an edit only where it changed."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from sitegen.build import build
from sitegen.incremental.buckets import BUCKETS, Buckets
from sitegen.incremental.store import MemoryStore, Store


class Counting(Store):
    """A store on disk that counts the bytes written to it."""

    def __init__(self, folder: Path):
        super().__init__(folder)
        self.written: list[tuple[str, int]] = []

    def put(self, name: str, payload: bytes) -> None:
        self.written.append((name, len(payload)))
        super().put(name, payload)


def _json(value: dict) -> bytes:
    return json.dumps(value, sort_keys=True).encode()


def _bucketed(store: MemoryStore) -> Buckets[str, list[int]]:
    return Buckets(store, "test", _json, lambda payload: json.loads(payload), part=str, count=8)


def test_only_the_buckets_whose_items_changed_are_written_and_all_are_read(tmp_path: Path) -> None:
    store = Counting(tmp_path / "cache")
    items = {f"file-{n}.md": [n] for n in range(200)}
    first = _bucketed(store)
    assert first.load() == {}
    first.save(items)
    assert len(store.written) == 8  # a cold build writes every bucket (200 keys leave none empty)
    store.written.clear()
    again = _bucketed(store)
    assert again.load() == items
    again.save({**items, "file-7.md": [7, 7]})  # one value changed
    assert len(store.written) == 1
    store.written.clear()
    later = _bucketed(store)
    loaded = later.load()
    assert loaded["file-7.md"] == [7, 7] and len(loaded) == 200
    del loaded["file-9.md"]  # a file deleted: its bucket loses a key
    later.save(loaded)
    assert len(store.written) == 1
    store.written.clear()
    later.save(loaded)  # nothing changed since the last save
    assert store.written == []


def test_a_damaged_bucket_loses_only_its_items_and_is_written_again(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    items = {f"file-{n}.md": [n] for n in range(200)}
    first = _bucketed(store)
    first.load()
    first.save(items)
    damaged = next((tmp_path / "cache").glob("??/*"))
    damaged.write_bytes(damaged.read_bytes()[:-3] + b"xyz")  # its HMAC no longer matches
    again = _bucketed(store)
    loaded = again.load()
    assert 150 < len(loaded) < 200 and all(items[k] == v for k, v in loaded.items())
    again.save(items)
    assert _bucketed(store).load() == items


def test_a_store_that_does_not_last_keeps_nothing() -> None:
    store = MemoryStore()
    buckets = _bucketed(store)
    assert buckets.load() == {}
    buckets.save({"a.md": [1]})
    assert store.memory == {} and _bucketed(store).load() == {}


def test_an_edit_s_build_writes_a_few_buckets_of_each_large_entry(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The records, the bodies, the search entries, the search postings and the open data rows of the whole site
    were each written whole after any edit."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    content, as_of = tmp_path / "content", dt.date(2024, 9, 30)
    saved: dict[str, int] = {}  # by the module of the entry's user
    real_save = Buckets.save

    def save(self: Buckets, new: dict) -> None:
        before = len(self.store.written)
        real_save(self, new)
        saved[self.encode.__module__] = len(self.store.written) - before

    monkeypatch.setattr(Buckets, "save", save)
    build(content, None, as_of, store=Counting(tmp_path / "cache"))
    cold = dict(saved)
    assert len(cold) == 5 and all(count <= BUCKETS for count in cold.values()), cold  # every bucket with items
    assert min(cold.values()) >= 2 and sorted(cold.values())[2] > 8, cold  # (the seed: two bodies, four shards)
    edited = sorted((content / "actions").rglob("*.md"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nแก้ไขแล้ว\n", encoding="utf-8")
    saved.clear()
    build(content, None, as_of, store=Counting(tmp_path / "cache"))
    assert len(saved) == 5 and all(count <= 4 for count in saved.values()), saved
    assert saved["sitegen.incremental.records"] == 1 and saved["sitegen.render.search.entries"] >= 1, saved
