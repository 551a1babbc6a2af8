"""Render stage, pages: each page's HTML from the store when nothing it shows changed, else from Jinja, in worker
processes when enough pages need rendering to pay for them.

A page's entry (named by the site and the page's output path) holds what its last render read (the observations
of ``incremental.track``), the key of those readings together with sitegen's code, the templates' bytes, --as-of
and the digits, and the HTML. The entry is reused when replaying the observations on today's model gives the same
key: so a page is rendered again exactly when a value it showed changed, or the code or a template did. A store
that ends with the build (``MemoryStore.lasting`` false) is given no entries: its pages render without recording.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from sitegen import workers
from sitegen.errors import SiteError
from sitegen.incremental import track
from sitegen.incremental.store import MemoryStore, code_fingerprint, fingerprint
from sitegen.model.records import Page, Site
from sitegen.render.bodies import BodyHtml
from sitegen.render.templates import TEMPLATES, make_env, template_error, templates_fingerprint

PARALLEL_MIN = 400
"""Pages to render below which worker processes cost more than they save (see bench/profile.md)."""
CHUNK = 64

RenderError = (jinja2.TemplateError, TypeError, AttributeError, ValueError)
"""What a broken template raises while rendering (reported as a SiteError of the template's file and line)."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """Each page's HTML in page order (None where it failed), and which pages were rendered or reused."""

    html: tuple[bytes | None, ...]
    rendered: tuple[str, ...]
    reused: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Job:
    """What a worker needs; set before the fork, so the workers inherit it instead of unpickling it."""

    site: Site
    env: jinja2.Environment
    templates_dir: Path | None
    bodies: BodyHtml
    track: bool
    """Record what each page reads, for an entry a later build can reuse."""
    salt: str


_job: _Job | None = None


def _roots(page: Page, site: Site, bodies: BodyHtml) -> dict[str, object]:
    return {"page": page, "site": site, "nav": site.nav, "bodies": bodies}


@dataclass(frozen=True, slots=True)
class Done:
    """A page rendered: its index among the site's pages, its HTML, and what its render read
    (the observations as JSON and their key; both ``""`` for a page whose entry is not kept)."""

    index: int
    html: bytes
    observed: str
    key: str


@dataclass(frozen=True, slots=True)
class Failed:
    """A page whose template failed: its index and the problem's fields (plain values cross processes; a
    SiteError, an exception, would not)."""

    index: int
    path: str
    line: int | None
    th: str
    en: str

    def error(self) -> SiteError:
        return SiteError(self.path, self.line, self.th, self.en)


def _render_one(job: _Job, i: int, digests: dict) -> Done | Failed:
    page = job.site.pages[i]
    try:
        template = job.env.get_template(TEMPLATES[page.kind])
        if job.track:
            try:
                log = track.Log(_roots(page, job.site, job.bodies), job.bodies, digests)
                roots = {name: log.root(name) for name in log.roots}
                data = template.render(**roots).encode("utf-8")
                observed = json.dumps([log.nodes, list(log.seen)], ensure_ascii=False, separators=(",", ":"))
                key = _full(job.salt, observed, log.seen.values())
                return Done(i, data, observed, key)
            except track.Uncacheable:
                pass
        data = template.render(page=page, site=job.site, nav=job.site.nav, bodies=job.bodies).encode("utf-8")
        return Done(i, data, "", "")
    except RenderError as exc:
        e = template_error(exc, job.templates_dir)
        return Failed(i, str(e.path), e.line, e.th, e.en)


def _full(salt: str, manifest: str, tokens: Iterable[str]) -> str:
    """The key of what a render saw: code, templates and date (the salt), its paths (the manifest) and
    their tokens (no token holds a NUL)."""
    return hashlib.sha256(f"{salt}\0{manifest}\0{chr(0).join(tokens)}".encode("utf-8", "surrogatepass")).hexdigest()


def _entry(manifest: str, full: str, data: bytes) -> bytes:
    return "\n".join((manifest, full, "")).encode("utf-8", "surrogatepass") + data


def _reuse(store: MemoryStore, name: str, salt: str, page: Page, site: Site, bodies: BodyHtml,
           digests: dict) -> bytes | None:
    payload = store.get(name)
    if payload is None:
        return None
    try:
        manifest, full, data = payload.split(b"\n", 2)
        nodes, ops = json.loads(manifest)
        tokens = track.replay(nodes, ops, track.Log(_roots(page, site, bodies), bodies, digests))
        if tokens is None or _full(salt, manifest.decode("utf-8", "surrogatepass"), tokens).encode() != full:
            return None
    except (ValueError, TypeError, IndexError):
        return None
    return data


def _chunk(indices: list[int]) -> list[Done | Failed]:
    """A worker's share: each page rendered, the errors as values (a worker never prints a traceback)."""
    assert _job is not None
    digests: dict = {}
    return [_render_one(_job, i, digests) for i in indices]


def workers_for(count: int) -> int:
    """How many worker processes render ``count`` pages (1: none): only for enough pages to pay for
    forking, and only with idle cores (``workers.idle``)."""
    return workers.idle() if count >= PARALLEL_MIN or workers.forced() else 1


def _run(job: _Job, todo: list[int], count: int) -> list[Done | Failed]:
    global _job
    _job = job
    try:
        if count <= 1 or len(todo) < 2 or not workers.can_fork():
            return _chunk(todo)
        size = max(1, min(CHUNK, len(todo) // (count * 8)))  # small enough to even out the big pages
        chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
        for name in sorted(set(TEMPLATES.values())):  # compiled once here, inherited by every worker
            try:
                job.env.get_template(name)
            except jinja2.TemplateError:
                pass  # the worker that renders a page of it reports it, with its file and line
        return [r for part in workers.forked_map(_chunk, chunks, min(count, len(chunks))) for r in part]
    finally:
        _job = None


def render_pages(site: Site, bodies: BodyHtml, store: MemoryStore, templates_dir: Path | None,
                 place: str) -> tuple[Rendered, list[SiteError]]:
    """Every page of the site: reused from ``store`` where valid, the rest rendered (and stored).

    One entry per page of a site (named by ``place``, the content folder, and the page's output), so
    a new date or template replaces the entries instead of adding a set: the cache stays one site's size."""
    salt = fingerprint(code_fingerprint(), templates_fingerprint(templates_dir), site.as_of.isoformat(),
                       site.config.digits)
    html: list[bytes | None] = [None] * len(site.pages)
    reused: list[str] = []
    digests: dict = {}
    names = [fingerprint(place, p.output) for p in site.pages]
    todo = []
    for i, page in enumerate(site.pages):
        found = _reuse(store, names[i], salt, page, site, bodies, digests)
        if found is None:
            todo.append(i)
        else:
            html[i] = found
            reused.append(page.output)
    job = _Job(site, make_env(templates_dir, site.config.digits), templates_dir, bodies, store.lasting, salt)
    try:
        results = _run(job, todo, workers_for(len(todo)))
    except workers.WorkerDied as died:
        return Rendered((), (), ()), [SiteError(
            place, None,
            f"กระบวนการย่อยที่สร้างหน้าเว็บหยุดทำงาน ({died.what}) — สร้างใหม่อีกครั้ง หรือใช้ SITEGEN_WORKERS=1 "
            "(สร้างในกระบวนการเดียว) หรือเครื่องที่มีหน่วยความจำมากกว่า",
            f"a page-rendering worker process {died.what} — build again, or with SITEGEN_WORKERS=1 (one process), "
            "or on a machine with more memory")]
    errors: list[SiteError] = []
    for result in results:
        if isinstance(result, Failed):
            if str(problem := result.error()) not in {str(e) for e in errors}:
                errors.append(problem)
            continue
        html[result.index] = result.html
        if result.key:
            store.put(names[result.index], _entry(result.observed, result.key, result.html))
    rendered = tuple(site.pages[i].output for i in todo)
    return Rendered(tuple(html), rendered, tuple(reused)), errors
