"""Incremental builds, records: each content document as read, linted and checked, kept from one build to the next.

A document's entry holds its ``SourceDoc`` (front matter, lines, body), its lint warnings and its checked fields
(``check.validate``: the values and the problems of ``fields.check_fields``, a pure function of the document), with
the file's stamp (size, modification and change times, inode: ``load.tree.Found.stamp``) and the sha256 of its
bytes, all as plain values (``Kept``; the document is made again with the walk's path when it is used). A file
whose stamp is the one kept is not read at all; a file touched but unchanged costs a read and a hash, not a parse;
any other is read, parsed, linted and checked again. The problems of a document taken from here are given again,
so a build with the cache reports exactly what a clean one does. A file that fails to load is never kept (it is read
again, and its error reported again, every build).

Many documents to read (a cold build) are read, parsed and linted in worker processes (``prepare``, before
``load`` asks for them one by one): the YAML and the lint are most of the load stage, and each file's are its own.

All documents of a site are kept in buckets (``buckets``: an edit rewrites one), named by sitegen's code and the
content folder (its path is in every message), authenticated like every entry (``store``); a stamp made within
``RACY`` seconds of now is not kept (the file could still change within the same tick), only the hash.
"""

from __future__ import annotations

import hashlib
import pickle
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from sitegen import workers
from sitegen.check.lint import lint_document
from sitegen.errors import SiteError
from sitegen.incremental.buckets import Buckets
from sitegen.incremental.store import MemoryStore, code_fingerprint, fingerprint
from sitegen.load.content import SourceDoc, load_document
from sitegen.load.tree import Found

RACY = 2.0
"""Seconds: a file modified this recently may change again without its stamp changing (the clock's tick)."""

Problem = tuple[str, int | None, str, str, bool]
"""A SiteError as plain values (path, line, th, en, warning)."""
PARALLEL_MIN = 400
"""Documents to read below which worker processes cost more than they save."""
CHUNK = 64
Read = tuple[str, SourceDoc | None, tuple[Problem, ...], Problem | None]
"""A document read in a worker: the sha256 of its bytes ("" if they could not be read), the document and its lint
warnings, or the problem that stopped it loading."""
_job: tuple[Path, list[Found]] | None = None
"""The content folder and the files to read; set before the fork, inherited by the workers."""


@dataclass(frozen=True, slots=True)
class Record:
    stamp: tuple[int, ...]
    sha: str
    doc: SourceDoc
    lint: tuple[Problem, ...]
    fields: dict[str, tuple[dict[str, Any], tuple[Problem, ...]]] = field(default_factory=dict)
    """The document's checked fields by what they were checked as (``Records.fields``): values and problems."""


Kept = tuple[tuple[int, ...], str, tuple[Any, ...], tuple[Problem, ...], dict[str, Any]]
"""A record as the store keeps it: plain values (its document's fields after its path, which the walk gives
again), not the objects: unpickling 10 000 paths and frozen dataclasses was most of an edit's read of them."""


def _kept(record: Record) -> Kept:
    doc = record.doc
    return (record.stamp, record.sha, (doc.shown, doc.meta, doc.lines, doc.body, doc.body_line,
                                       doc.has_front_matter, doc.typed), record.lint, record.fields)


def _record(rel: PurePosixPath, kept: Kept, stamp: tuple[int, ...]) -> Record:
    """The record ``kept`` of the document at ``rel`` (the walk's path), with today's ``stamp``."""
    _, sha, state, lint, fields = kept
    return Record(stamp, sha, SourceDoc(rel, *state), lint, dict(fields))


def _problems(errors: list[SiteError]) -> tuple[Problem, ...]:
    return tuple((str(e.path), e.line, e.th, e.en, e.warning) for e in errors)


class Records:
    """The record cache of one build: ``load`` and ``lint`` for ``load.content`` and ``build``, then ``save``."""

    def __init__(self, store: MemoryStore, place: str):
        self.buckets: Buckets[str, Kept] = Buckets(store, fingerprint("records", code_fingerprint(), place),
                                                   _encode, _decode, part=str)
        self.old = self.buckets.load()
        self.new: dict[str, Record] = {}
        self.kept: dict[int, Record] = {}
        """The records of this build whose lint is known, by the identity of their document: reused, or read in a
        worker (``prepare``)."""
        self.prepared: dict[str, Read] = {}
        self.now = time.time_ns()

    def _stamp(self, found: Found) -> tuple[int, ...]:
        return found.stamp if found.stamp and self.now - found.stamp[1] > RACY * 1e9 else ()

    def prepare(self, root: Path, found: list[Found]) -> None:
        """Read the documents of ``found`` that ``load`` will read (their stamps are not the ones kept) in worker
        processes, when there are enough of them; ``load`` then takes them from here. Only for speed: without
        workers, or if one dies, ``load`` reads them itself."""
        global _job
        todo = [f for f in found if not ((old := self.old.get(str(f.rel))) and (stamp := self._stamp(f))
                                         and old[0] == stamp)]
        _job = root, todo
        try:
            read = workers.for_speed(_read_chunk, list(range(len(todo))), PARALLEL_MIN, CHUNK)
        finally:
            _job = None
        if read is not None:
            self.prepared = {str(f.rel): r for f, r in zip(todo, read)}

    def load(self, root: Path, found: Found) -> SourceDoc:
        """The document at ``found``: kept when its stamp or its bytes are the ones kept. Raises SiteError."""
        rel = str(found.rel)
        old = self.old.get(rel)
        stamp = self._stamp(found)
        if old is not None and stamp and old[0] == stamp:
            return self._keep(rel, _record(found.rel, old, stamp))
        ready: Read | None = self.prepared.pop(rel, None)
        sha, doc, lint, problem = ready if ready is not None else (_sha(root / found.rel), None, (), None)
        if old is not None and sha and old[1] == sha:
            return self._keep(rel, _record(found.rel, old, stamp))
        if problem is not None:
            raise SiteError(*problem)
        if doc is None:
            doc = load_document(root, found.rel)
        elif sha:  # read in a worker, linted there
            self.kept[id(doc)] = Record(stamp, sha, doc, lint)
        if sha:
            self.new[rel] = Record(stamp, sha, doc, lint)
        return doc

    def _keep(self, rel: str, record: Record) -> SourceDoc:
        self.new[rel] = self.kept[id(record.doc)] = record
        return record.doc

    def lint(self, doc: SourceDoc) -> list[SiteError]:
        """``lint_document`` of ``doc``, given again for a kept document."""
        kept = self.kept.get(id(doc))
        if kept is not None:
            return [SiteError(*problem) for problem in kept.lint]
        warnings = lint_document(doc)
        rel = str(doc.rel)
        if (record := self.new.get(rel)) is not None and record.doc is doc:
            self.new[rel] = Record(record.stamp, record.sha, doc, _problems(warnings), record.fields)
        return warnings

    def fields(self, doc: SourceDoc, what: str,
               check: Callable[[list[SiteError]], dict[str, Any]]) -> tuple[dict[str, Any], list[SiteError]]:
        """The fields of ``doc`` checked as ``what`` (``check`` appends its problems to the list it is given and
        returns the values): kept with the document, so an unchanged file is not checked again. ``what`` names
        one set of fields (``check.validate``: a kind of document and its ``Field``s)."""
        record = self.kept.get(id(doc))
        if record is not None and what in record.fields:
            values, problems = record.fields[what]
            return dict(values), [SiteError(*problem) for problem in problems]
        errors: list[SiteError] = []
        values = check(errors)
        record = self.new.get(str(doc.rel))
        if record is not None and record.doc is doc:
            record.fields[what] = (dict(values), _problems(errors))
        return values, errors

    def save(self) -> None:
        """Keep this build's records (the documents of the site now: a deleted file's record goes)."""
        self.buckets.save({rel: _kept(record) for rel, record in self.new.items()})


def _sha(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def read(root: Path, found: Found) -> Read:
    """What ``load`` makes of a file it has no record of, made anywhere (a worker): its bytes' sha256, the
    document and its lint, or the problem that stopped it loading."""
    sha = _sha(root / found.rel)
    try:
        doc = load_document(root, found.rel)
    except SiteError as exc:
        return sha, None, (), (str(exc.path), exc.line, exc.th, exc.en, exc.warning)
    return sha, doc, _problems(lint_document(doc)), None


def _read_chunk(indices: list[int]) -> list[Read]:
    assert _job is not None
    root, found = _job
    return [read(root, found[i]) for i in indices]


def _decode(payload: bytes) -> dict[str, Kept]:
    try:
        found = pickle.loads(payload)  # the store checked its HMAC: written by this cache
    except Exception:  # noqa: BLE001 — an entry of another layout is ignored, like any damaged entry
        return {}
    if not isinstance(found, dict):
        return {}
    return {rel: kept for rel, kept in found.items() if isinstance(kept, tuple) and len(kept) == 5}


def _encode(records: dict[str, Kept]) -> bytes:
    return pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL)
