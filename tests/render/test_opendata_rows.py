"""Open data from kept rows (``render.opendata.Rows``): data.json and the CSV files made of rows serialized once
and kept by the digest of their data are the bytes a whole serialization gives, and an edit serializes again only
the rows whose data changed. sitemap.xml, written a line at a time, is what ElementTree writes."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from sitegen.build import build
from sitegen.incremental.store import LiveStore, MemoryStore, Store
from sitegen.model.records import PageKind
from sitegen.render import opendata
from sitegen.render.opendata import Rows, document_json

SEED_AS_OF = dt.date(2024, 10, 15)
_text = st.lists(st.sampled_from(['"', "\\", "\n", "\0", "ก", "a", " ", "{", "[", ":", ",", "items", "\u2028",
                                  '"items": "\\u0000items\\u0000"', "\0items\0"]), max_size=6).map("".join)
"""Texts of what JSON escapes or lays out, and of the placeholders ``document_json`` puts in."""
_value = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _text,
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
                      max_leaves=8)
_rows = st.lists(st.dictionaries(_text, _value, max_size=4), max_size=4)


@settings(max_examples=300, deadline=None)
@given(head=st.dictionaries(_text.filter(lambda k: k not in ("items", "actions")), _value, max_size=4),
       items=_rows, actions=_rows)
def test_a_document_made_of_rows_is_the_whole_dump(head: dict, items: list, actions: list) -> None:
    document = {**head, "items": items, "actions": actions}
    whole = json.dumps(document, ensure_ascii=False, indent=2)
    store = MemoryStore(lasting=True)
    rows = Rows(store)
    assert document_json(document, rows) == whole
    rows.save()
    kept = Rows(store)
    assert document_json(document, kept) == whole and kept.new.keys() <= kept.old.keys()  # from the kept rows


def _data(out: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in out.items() if path.startswith("eit/") and not path.endswith(".html")}


def test_an_edit_serializes_only_the_rows_it_changed(tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    content = tmp_path / "content"
    store = LiveStore(Store(tmp_path / "cache"))
    made: list[str] = []
    real = Rows.text

    def counted(self: Rows, kind: str, data: object, make):
        return real(self, kind, data, lambda: made.append(kind) or make())

    monkeypatch.setattr(Rows, "text", counted)

    def files(**kw) -> dict[str, bytes]:
        result = build(content, None, SEED_AS_OF, **kw)
        return {f.path: f.data for f in result.files if f.data is not None}

    first = _data(files(store=store))
    assert made.count("json") > 10 and made.count("csv") > 10
    made.clear()
    assert _data(files(store=store)) == first and made == []  # nothing changed: every row kept
    action = content / "actions/2566/2023-03-01-saratakhian-san.md"
    text = action.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    action.write_text(text.replace(title, title + " (แก้ไข)", 1), encoding="utf-8")
    made.clear()
    edited = _data(files(store=store))
    # the action's JSON row and CSV line (an item's row lists an action by its URL, not its title): nothing else
    assert made == ["json", "csv"]
    assert edited == _data(files()) and edited != first


def test_a_foreign_rows_entry_is_ignored() -> None:
    assert opendata._decode_rows(b"not a pickle") == {}
    assert opendata._decode_rows(opendata._encode_rows({b"k": "v"})) == {b"k": "v"}
    import pickle
    assert opendata._decode_rows(pickle.dumps({b"k": 1})) == {}


def _sitemap_by_tree(site) -> bytes:
    """sitemap.xml as ElementTree makes it: what ``opendata.sitemap`` writes line by line."""
    root = ET.Element("urlset", {"xmlns": opendata.SITEMAP_NS})
    for page in sorted(site.pages, key=lambda p: p.path):
        if page.kind in (PageKind.NOT_FOUND, PageKind.ITA_ITEM):
            continue
        url = opendata._el(root, "url")
        opendata._el(url, "loc", site.config.base_url + quote(page.path))
        if page.updated:
            opendata._el(url, "lastmod", page.updated.isoformat())
    return opendata._xml(root)


_page = st.builds(SimpleNamespace, path=_text, kind=st.sampled_from(list(PageKind)),
                  updated=st.none() | st.dates())


@settings(max_examples=300, deadline=None)
@given(base=st.sampled_from(["https://example.go.th/", "https://a.test/x&y<z>/", "http://h/\x01\ufffe/"]),
       pages=st.lists(_page, max_size=5))
def test_the_sitemap_is_what_elementtree_writes(base: str, pages: list) -> None:
    site = SimpleNamespace(pages=pages, config=SimpleNamespace(base_url=base))
    assert opendata.sitemap(site).data == _sitemap_by_tree(site)  # type: ignore[arg-type]
