"""Render stage, search index files: the pages' search entries (``entries``) → the index as many small files, of
which a query fetches only those it needs, and the two pages this stage adds (``/search/``, ``/pages/``).

A visitor's query must not download the whole site (4.9 MB gzip at 10 000 documents). So, as Pagefind does, the
index is cut up; here into three kinds of file under ``search/``, the last two named by their content's hash
(so an unchanged file keeps its name and bytes from build to build, and a browser never mixes an old file with a
new manifest):

- ``index.json``, the manifest: how many pages there are, the names of the shards and of the text chunks, and the
  long pages (their address, title and how many units they are cut into).
- ``s/<hash>.json``, the shards: for each gram (one character or two, of the folded text: ``text.fold``) that
  hashes to the shard (``gram_shard``), the units that hold it and the pages whose title holds it, each list as
  ascending numbers, delta-coded.
- ``t/<hash>.json``, the text chunks: consecutive units' text, with the address and title of each short page.

A unit (``entries.units_of``) is a page or a piece of a long one. Chunks end where a unit's text says (after a unit
whose row hashes to a multiple of ``CHUNK_ODDS``, once the chunk holds ``CHUNK_MIN`` bytes), so an edit changes the
chunks it touches, not every one after it.

``static/search.js`` reads these files; the rules and the order of the results are ``text.search``'s.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from sitegen.incremental.store import MemoryStore, code_fingerprint, fingerprint
from sitegen.model.records import Site
from sitegen.output import OutputFile
from sitegen.render.search.entries import OVERLAP, Entry, compact_json
from sitegen.render.search.postings import KeptPostings, Postings, postings
from sitegen.render.search.text import SearchDoc, codes_of

INDEX_PATH = "search/index.json"
VERSION = 2
CHUNK_MIN, CHUNK_MAX = 6_000, 24_000
"""Bytes of text a chunk holds at least (unless it is the last) and at most (unless one unit is more)."""
CHUNK_ODDS = 4
HASH_LENGTH = 16


def _name(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


_named: dict[int, tuple[bytes, str]] = {}
"""The names of the last index's files, by their bytes object: a shard whose postings did not change is the same
object in serve's next build (``KeptPostings``), and hashing 10 000 documents' index took a tenth of a second. Only
the last index's: the bytes it keeps alive are those of the files being served."""


def _names(files: Sequence[bytes]) -> list[str]:
    global _named
    named = {id(data): (data, hit[1] if (hit := _named.get(id(data))) and hit[0] is data else _name(data))
             for data in files}
    _named = named
    return [named[id(data)][1] for data in files]


def _chunks(entries: Sequence[Entry]) -> list[tuple[int, bytes]]:
    """The text chunks: (first unit, file bytes). A short page's unit is ``[text, url, title]``, a long page's
    ``[text, lead, tail]``; a chunk ends after a unit whose text hashes to a multiple of ``CHUNK_ODDS`` once it
    holds ``CHUNK_MIN`` bytes, or when the next unit would take it over ``CHUNK_MAX``."""
    out: list[tuple[int, bytes]] = []
    rows: list[bytes] = []
    size = first = number = 0
    for entry in entries:
        for row in entry.rows:
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


def index_files(entries: Sequence[Entry], shards: int | None = None,
                made: Postings | None = None) -> list[tuple[str, bytes]]:
    """Every file of the index, ``(path under the output, bytes)``, the manifest last (it names the others, so it
    lands after them). Same entries → same bytes; ``shards`` fixes the number of shards (tests); ``made``: the
    entries' ``postings`` if they are made already."""
    shard_files = (made or postings(entries, shards=shards)).files
    chunk_files = _chunks(entries)
    names = _names([*shard_files, *(data for _, data in chunk_files)])
    shard_names, chunk_names = names[:len(shard_files)], names[len(shard_files):]
    split = [[page, e.count, e.doc.url, e.doc.title] for page, e in enumerate(entries) if e.count > 1]
    overlap = next((e.units[0].tail for e in entries if e.count > 1), OVERLAP)
    manifest = {
        "version": VERSION, "pages": len(entries), "units": sum(e.count for e in entries),
        "overlap": overlap, "shards": shard_names,
        "chunks": [[first, name] for (first, _), name in zip(chunk_files, chunk_names)], "split": split,
    }
    files = [(f"search/s/{name}.json", data) for name, data in zip(shard_names, shard_files)]
    files += [(f"search/t/{name}.json", data) for name, (_, data) in zip(chunk_names, chunk_files)]
    return [*dict(files).items(), (INDEX_PATH, compact_json(manifest) + b"\n")]


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
    keeper = KeptPostings(store, fingerprint("search postings", code_fingerprint(), place))
    made = postings(entries, keeper.load())
    for entry in entries:  # the postings hold them now: a large site's grams are a tenth of its build's memory
        entry.forget_grams()
    keeper.save(made)
    # A shard's or a chunk's name is its bytes' hash: the path is its key (the write stage need not hash them again).
    out.extend(OutputFile(path, data=data, key="" if path == INDEX_PATH else path)
               for path, data in index_files(entries, made=made))
    return out
