"""The build after a save that changed only document bodies: ``serve``'s common case, built from the build before.

A body is in no record of the model (``Body`` says where it is, not what it says), so while every front matter,
every other file and every last-changed date stay the same, the model is the one the build before made. What a body
changes is then known: its lint warnings, the actions found entered twice (compared by their bodies), its HTML and
its links' problems, the pages that show it (``Page.sources``), the search index and the feed. This makes those again
and takes everything else from the build before (``Basis``); anything more than bodies changed, and the caller builds
the whole site (``build``). ``tests/test_rebuild.py`` checks that it gives what a whole build gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import replace
from pathlib import Path, PurePosixPath

from sitegen.build import Basis, BuildResult
from sitegen.check.lint import lint_document
from sitegen.check.validate import duplicate_actions
from sitegen.errors import SiteError, raise_if_any
from sitegen.incremental.store import MemoryStore
from sitegen.load.content import SourceDoc, load_document
from sitegen.load.history import load_source_dates
from sitegen.load.tree import Found, found_file
from sitegen.render.bodies import convert_bodies
from sitegen.render.search.records import own_templates
from sitegen.render.site import rerender

Saved = dict[PurePosixPath, tuple[SourceDoc, Found]]
"""The documents a save changed: each as read now, and its file as found now."""


def rebuild(basis: Basis, changed: Iterable[Path], as_of: dt.date, store: MemoryStore) -> BuildResult | None:
    """The build of the site as of ``as_of`` after a save of the files ``changed`` (as the watcher names them), made
    from ``basis`` (the build before's, with the same ``store``), or None when the save changed more than bodies (or
    the date is another, or the site has templates of its own, which may show any body anywhere): then only a whole
    build (``build``) gives the right site. Raises SiteErrors as ``build`` does."""
    if as_of != basis.as_of or own_templates(basis.templates_dir):
        return None
    content = basis.content
    saved = _saved(content.root, {doc.rel: doc for doc in content.docs}, changed)
    if not saved:
        return None
    walked = tuple(saved[f.rel][1] if f.rel in saved else f for f in content.walked)
    if load_source_dates(content.root, basis.as_of, walked) != basis.dates:  # a page's "last updated" changes
        return None
    content = replace(content, docs=tuple(saved[d.rel][0] if d.rel in saved else d for d in content.docs),
                      walked=walked)
    site = basis.site
    lint = {rel: found for rel, found in basis.lint.items() if rel not in saved}
    lint.update((rel, found) for rel, (doc, _) in saved.items() if (found := lint_document(doc)))
    actions = tuple(replace(a, doc=saved[a.doc.rel][0]) if a.doc.rel in saved else a for a in basis.actions)
    bodies, problems = convert_bodies(site, {rel: doc.body for rel, (doc, _) in saved.items()}, saved, basis.bodies)
    duplicates = tuple(duplicate_actions(list(actions)))
    said = _replaced(  # every warning, and the errors a body's links may have now
        basis.warnings,
        [*(e for rel in saved for e in basis.lint.get(rel, ())),
         *(basis.duplicates if basis.duplicates is not None else duplicate_actions(list(basis.actions))),
         *(e for rel in saved for e in basis.body_problems.get(rel, ()))],
        [*(e for rel in saved for e in lint.get(rel, ())), *duplicates,
         *(e for found in problems.values() for e in found)])
    raise_if_any(said)
    render = rerender(site, basis.templates_dir, content.root, bodies, store, basis.render, saved)
    body_problems = {**basis.body_problems, **problems}
    new = replace(basis, content=content, actions=actions, lint=lint, body_problems=body_problems, bodies=bodies,
                  render=render, warnings=tuple(said), duplicates=duplicates)
    return BuildResult(site, list(render.files), said, basis.catalogs, render.pages.rendered, render.pages.reused,
                       len(problems), new)


def _saved(root: Path, docs: dict[PurePosixPath, SourceDoc], changed: Iterable[Path]) -> Saved | None:
    """The documents of ``changed`` read again, if the save changed their bodies alone: none added, removed or
    blank, the front matter the same; a path that is no document and is gone (an editor's temporary file) is
    passed over. None otherwise."""
    tops = {root.resolve(), root.absolute()}
    saved: Saved = {}
    for path in changed:
        rel = next((PurePosixPath(path.relative_to(top).as_posix()) for top in tops if path.is_relative_to(top)), None)
        if rel is None or not rel.parts:
            return None
        found, old = found_file(root, rel), docs.get(rel)
        if old is None and found is None and not path.exists() and not path.is_symlink():
            continue
        if old is None or found is None:
            return None
        try:
            doc = load_document(root, rel)
        except SiteError:  # the whole build reports it
            return None
        if not doc.body.strip() or _front(doc) != _front(old):
            return None
        saved[rel] = doc, found
    return saved


def _front(doc: SourceDoc) -> tuple[object, ...]:
    """All of a document the model is made from: all but its body."""
    return doc.rel, doc.shown, doc.meta, doc.lines, doc.body_line, doc.has_front_matter, doc.typed


def _key(problem: SiteError) -> tuple[object, ...]:
    return str(problem.path), problem.line, problem.th, problem.en, problem.warning


def _replaced(problems: Collection[SiteError], gone: Iterable[SiteError], added: Iterable[SiteError]
              ) -> list[SiteError]:
    """``problems`` without one of each of ``gone`` (by what they say), with ``added``."""
    dropped: dict[tuple[object, ...], int] = {}
    for problem in gone:
        dropped[_key(problem)] = dropped.get(_key(problem), 0) + 1
    kept = []
    for problem in problems:
        if dropped.get(key := _key(problem)):
            dropped[key] -= 1
        else:
            kept.append(problem)
    return [*kept, *added]
