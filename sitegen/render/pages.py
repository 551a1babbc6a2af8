"""Render stage, pages: each page's HTML, rendered again only when something it shows changed, in worker processes
when enough pages need rendering to pay for them.

A page's key is the digest of what the theme's template of its kind shows (``reads``, proven against the
templates' real reads by ``tests/render/test_declared_reads.py``, ``incremental.track``'s proxies the oracle):
its own record and data, the site-wide facts, the menu, the bodies' HTML, with sitegen's code, the templates' bytes,
--as-of and the digits. A page's entry (named by the site and the page's output path) holds its key and its
HTML, and is reused when today's key is the one it holds: deciding that a page is unchanged costs
a digest of what it shows (shared records digested once per build), not a replay of its template's reads.

A page whose template uses one of the site's own templates may read anything of the model: for those the
fallback stays ``incremental.track``, keying the page by what its last render read (the observations kept in
its entry, replayed on today's model).
A store that ends with the build (``MemoryStore.lasting`` false) is given no entries.

The entries are kept in 256 store entries (``_Entries``, by the first ``PREFIX`` hex digits of a page's name),
not one per page: a file created costs far more than its bytes on a busy disk (10 000 pages: 10 000 entry files
were a fifth of a cold build's system time), and an edit rewrites only the buckets of the pages it changed.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

import jinja2
import jinja2.meta

from sitegen import workers
from sitegen.errors import SiteError
from sitegen.incremental import track
from sitegen.incremental.digest import ALL, HTML, Digester, Undigestable
from sitegen.incremental.store import MemoryStore, code_fingerprint, fingerprint
from sitegen.model.records import Body, Page, PageKind, Site
from sitegen.render.bodies import BodyHtml
from sitegen.render.reads import ROOTS
from sitegen.render.templates import TEMPLATES, make_env, search_path, template_error, templates_fingerprint

PARALLEL_MIN = 400
"""Pages to render below which worker processes cost more than they save (see bench/profile.md)."""
CHUNK = 64

RenderError = (jinja2.TemplateError, TypeError, AttributeError, ValueError)
"""What a broken template raises while rendering (reported as a SiteError of the template's file and line)."""

PREFIX = 2
"""Hex digits of a page's entry name that pick the bucket it is kept in: 256 buckets."""
DECLARED, TRACKED = b"K ", b"T\n"
"""The first bytes of a page's entry: its key and HTML, or (a page of a site's template) what its render read."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """Each page's HTML in page order (None where it failed), its key, and which pages were rendered or reused."""

    html: tuple[bytes | None, ...]
    keys: tuple[str, ...]
    """What each page's bytes are made from ("" when unknown): one output path with one key, one content."""
    rendered: tuple[str, ...]
    reused: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Job:
    """What a worker needs; set before the fork, so the workers inherit it instead of unpickling it."""

    site: Site
    env: jinja2.Environment
    templates_dir: Path | None
    bodies: BodyHtml
    tracked: frozenset[PageKind]
    """The kinds whose template uses one of the site's own templates: their render records what it reads."""
    salt: str
    record: bool
    """Record the reads of the tracked kinds, for an entry a later build can reuse (a lasting store)."""
    key_of: Callable[[Page], str | None]
    keyed: frozenset[int] = frozenset()
    """The pages of a declared kind whose key the render makes (``key_of``): those with no entry to compare it to,
    so the key is made in the workers with the page instead of before them (a cold build's 10 000 keys: 1 s)."""


_job: _Job | None = None


def roots(page: Page, site: Site, bodies: BodyHtml) -> dict[str, object]:
    """The names a page's template gets."""
    return {"page": page, "site": site, "nav": site.nav, "bodies": bodies}


@dataclass(frozen=True, slots=True)
class Done:
    """A page rendered: its index among the site's pages, its HTML, and (a tracked page) what its
    render read (the observations as JSON and their key; both ``""`` for a page whose entry is not kept)."""

    index: int
    html: bytes
    observed: str = ""
    key: str = ""


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
        if job.record and page.kind in job.tracked:
            try:
                log = track.Log(roots(page, job.site, job.bodies), job.bodies, digests)
                data = template.render(**{name: log.root(name) for name in log.roots}).encode("utf-8")
                observed = json.dumps([log.nodes, list(log.seen)], ensure_ascii=False, separators=(",", ":"))
                key = _full(job.salt, observed, log.seen.values())
                return Done(i, data, observed, key)
            except track.Uncacheable:
                pass
        data = template.render(**roots(page, job.site, job.bodies)).encode("utf-8")
        return Done(i, data, key=(job.key_of(page) or "") if i in job.keyed else "")
    except RenderError as exc:
        e = template_error(exc, job.templates_dir)
        return Failed(i, str(e.path), e.line, e.th, e.en)


def _full(salt: str, manifest: str, tokens: Iterable[str]) -> str:
    """The key of what a tracked render saw: code, templates and date (the salt), its paths (the manifest) and
    their tokens (no token holds a NUL)."""
    return hashlib.sha256(f"{salt}\0{manifest}\0{chr(0).join(tokens)}".encode("utf-8", "surrogatepass")).hexdigest()


def _tracked_entry(manifest: str, full: str, data: bytes) -> bytes:
    return TRACKED + "\n".join((manifest, full, "")).encode("utf-8", "surrogatepass") + data


def _reuse_tracked(payload: bytes | None, salt: str, page: Page, site: Site, bodies: BodyHtml,
                   digests: dict) -> tuple[bytes, str] | None:
    """The HTML and key of a tracked page's entry, if replaying what it read gives its key."""
    if payload is None or not payload.startswith(TRACKED):
        return None
    try:
        manifest, full, data = payload[len(TRACKED):].split(b"\n", 2)
        nodes, ops = json.loads(manifest)
        tokens = track.replay(nodes, ops, track.Log(roots(page, site, bodies), bodies, digests))
        if tokens is None or _full(salt, manifest.decode("utf-8", "surrogatepass"), tokens).encode() != full:
            return None
        return data, full.decode()
    except (ValueError, TypeError, IndexError):
        return None


def _chunk(indices: list[int]) -> list[Done | Failed]:
    """A worker's share: each page rendered, the errors as values (a worker never prints a traceback)."""
    assert _job is not None
    digests: dict = {}
    return [_render_one(_job, i, digests) for i in indices]


def workers_for(count: int) -> int:
    """How many worker processes render ``count`` pages (1: none): only for enough pages to pay for
    forking, and only with idle cores (``workers.idle``)."""
    return workers.for_tasks(count, PARALLEL_MIN)


def _key_chunk(indices: list[int]) -> list[str | None]:
    assert _job is not None
    return [_job.key_of(_job.site.pages[i]) for i in indices]


def _keys(job: _Job, indices: list[int]) -> list[str | None]:
    """The keys of the pages ``indices`` (an edit's build compares 10 000 of them with their entries: a second in
    one process), in worker processes when there are many; in this one if a worker dies."""
    global _job
    _job = job
    try:
        pages = job.site.pages
        made = workers.for_speed(_key_chunk, indices, PARALLEL_MIN, CHUNK, cost=lambda i: len(pages[i].sources))
        return made if made is not None else _key_chunk(indices)
    finally:
        _job = None


def _run(job: _Job, todo: list[int], count: int) -> list[Done | Failed]:
    global _job
    _job = job
    try:
        if count <= 1 or len(todo) < 2 or not workers.can_fork():
            return _chunk(todo)
        size = max(1, min(CHUNK, len(todo) // (count * 8)))
        for name in sorted(set(TEMPLATES.values())):  # compiled once here, inherited by every worker
            try:
                job.env.get_template(name)
            except jinja2.TemplateError:
                pass  # the worker that renders a page of it reports it, with its file and line
        pages = job.site.pages  # a page costs about as much as the files it shows (a round report, every action)
        return workers.balanced_map(_chunk, todo, count, size, cost=lambda i: len(pages[i].sources))
    finally:
        _job = None


def _referenced(env: jinja2.Environment, name: str) -> frozenset[str | None]:
    """The templates ``name`` extends, includes or imports, directly (None: a name only known when rendering)."""
    try:
        assert env.loader is not None
        source = env.loader.get_source(env, name)[0]
        return frozenset(jinja2.meta.find_referenced_templates(env.parse(source)))
    except jinja2.TemplateError:
        return frozenset({None})


def tracked_kinds(templates_dir: Path | None, env: jinja2.Environment) -> frozenset[PageKind]:
    """The kinds of page whose template uses one of the site's own templates (directly or through the templates
    it extends, includes or imports): what those read is not declared, so it is recorded. Read afresh each build
    (``serve`` builds again after a template is edited)."""
    if templates_dir is None or len(search_path(templates_dir)) == 1:
        return frozenset()
    own = {p.relative_to(templates_dir).as_posix() for p in templates_dir.rglob("*") if p.is_file()}
    if not own:
        return frozenset()
    found, refs = set(), {}  # type: ignore[var-annotated]
    for kind, name in TEMPLATES.items():
        seen: set[str | None] = set()
        todo: list[str | None] = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            if current is not None:
                if current not in refs:
                    refs[current] = _referenced(env, current)
                todo.extend(refs[current])
        if None in seen or seen & own:
            found.add(kind)
    return frozenset(found)


class _Keys:
    """The key of each page of a declared kind: the digest of what its template shows (``reads``) with the salt."""

    def __init__(self, site: Site, bodies: BodyHtml, salt: str):
        self.site, self.bodies, self.salt = site, bodies, salt
        self.html_ids: dict[PurePosixPath, str] = {}
        self.digester = Digester(self._html_id)
        self.nav = ""

    def _html_id(self, rel: PurePosixPath) -> str:
        found = self.html_ids.get(rel)
        if found is None:
            html = self.bodies.get(rel, "")
            found = self.html_ids[rel] = hashlib.sha256(html.encode("utf-8", "surrogatepass")).hexdigest()
        return found

    def __call__(self, page: Page) -> str | None:
        specs = ROOTS[page.kind]
        try:
            if not self.nav:
                self.nav = self.digester.of(self.site.nav, ALL)
            return fingerprint(self.salt, page.kind.value, self.digester.of(page, specs["page"]),
                               self.digester.of(self.site, specs["site"]), self.nav)
        except Undigestable:
            return None


def bodies_shown(page: Page, site: Site) -> set[PurePosixPath]:
    """The documents whose body ``page`` shows (a page of a declared kind): each ``Body`` its kind's declared reads
    (``reads``) reach under a spec of its HTML, found by following only the specs that lead to one (a round report's
    rows of actions are not looked through). No declaration shows a body as a whole value (``tests/test_rebuild.py``
    checks that against every ``Body`` the reads reach). A save of bodies alone looks again at these pages only
    (``render.site.rerender``)."""
    found: set[PurePosixPath] = set()
    for value, spec in zip((page, site, site.nav), ROOTS[page.kind].values()):
        _shown(value, spec, found)
    return found


def _shown(value: object, spec: object, found: set[PurePosixPath]) -> None:
    if isinstance(value, Body):
        found.add(value.rel)
    elif isinstance(spec, dict):
        for name, sub in spec.items():
            if _leads_to_html(sub):
                _shown(getattr(value, name, None), sub, found)
    elif isinstance(spec, list) and _leads_to_html(spec[0]) and isinstance(value, (tuple, list)):
        for v in value:
            _shown(v, spec[0], found)


_LEADS: dict[int, bool] = {}


def _leads_to_html(spec: object) -> bool:
    """Whether ``spec`` is ``HTML`` or holds one (once per spec: the declarations are constants)."""
    found = _LEADS.get(id(spec))
    if found is None:
        found = _LEADS[id(spec)] = spec is HTML or (
            isinstance(spec, dict) and any(_leads_to_html(s) for s in spec.values())) or (
            isinstance(spec, list) and _leads_to_html(spec[0]))
    return found


def _declared_entry(key: str, data: bytes) -> bytes:
    return DECLARED + key.encode() + b"\n" + data


def _reuse_declared(payload: bytes | None, key: str) -> bytes | None:
    """The HTML of a declared page's entry, if it was made for ``key``."""
    head = DECLARED + key.encode() + b"\n"
    if payload is None or not payload.startswith(head):
        return None
    return payload[len(head):]


def _decode_bucket(data: bytes) -> dict[str, bytes]:
    found = pickle.loads(data)  # the store checked its HMAC: written by this cache
    if not isinstance(found, dict) or not all(isinstance(v, bytes) for v in found.values()):
        raise ValueError("not a bucket of page entries")
    return found


def _encode_bucket(bucket: dict[str, bytes]) -> bytes:
    return pickle.dumps(bucket, protocol=pickle.HIGHEST_PROTOCOL)


class _Entries:
    """The pages' entries in ``store``, a bucket (one store entry) per two-hex-digit prefix of their names, read
    when first asked for and written back at the end when a page of it changed, came or went."""

    def __init__(self, store: MemoryStore, place: str, names: Iterable[str]):
        self.store, self.place = store, place
        self.wanted: dict[str, set[str]] = {}
        for name in names:
            self.wanted.setdefault(name[:PREFIX], set()).add(name)
        self.old: dict[str, dict[str, bytes]] = {}
        self.new: dict[str, dict[str, bytes]] = {}

    def _name(self, prefix: str) -> str:
        return fingerprint("page entries", self.place, prefix)

    def _bucket(self, prefix: str) -> dict[str, bytes]:
        if prefix not in self.old:
            try:
                found = self.store.get_object(self._name(prefix), _decode_bucket)
            except Exception:  # noqa: BLE001 - a damaged bucket is an empty one: its pages render again
                found = None
            self.old[prefix] = found or {}
        return self.old[prefix]

    def get(self, name: str) -> bytes | None:
        return self._bucket(name[:PREFIX]).get(name) if self.store.lasting else None

    def put(self, name: str, payload: bytes) -> None:
        self.new.setdefault(name[:PREFIX], {})[name] = payload

    def save(self) -> None:
        """Write each bucket whose pages changed or are not the site's pages now (a page renamed or deleted)."""
        if not self.store.lasting:
            return
        for prefix, names in sorted(self.wanted.items()):
            old, new = self._bucket(prefix), self.new.get(prefix, {})
            bucket = {name: new[name] if name in new else old[name] for name in sorted(names)
                      if name in new or name in old}
            if bucket != old:
                self.store.put_object(self._name(prefix), bucket, _encode_bucket)


def _died(place: str, died: workers.WorkerDied) -> SiteError:
    return SiteError(
        place, None,
        f"กระบวนการย่อยที่สร้างหน้าเว็บหยุดทำงาน ({died.what}) — สร้างใหม่อีกครั้ง หรือใช้ SITEGEN_WORKERS=1 "
        "(สร้างในกระบวนการเดียว) หรือเครื่องที่มีหน่วยความจำมากกว่า",
        f"a page-rendering worker process {died.what} — build again, or with SITEGEN_WORKERS=1 (one process), "
        "or on a machine with more memory")


def render_pages(site: Site, bodies: BodyHtml, store: MemoryStore, templates_dir: Path | None, place: str,
                 before: tuple[Rendered, Collection[int]] | None = None) -> tuple[Rendered, list[SiteError]]:
    """Every page of the site: reused from ``store`` where nothing it shows changed, the rest rendered (and
    stored). One entry per page of a site (named by ``place``, the content folder, and the page's output), so a
    new date or template replaces the entries instead of adding a set: the cache stays one site's size.

    ``before``: the pages of the build before of this same site and the pages that may differ from it (serve's
    save of bodies alone, ``render.site.rerender``); only those are looked at, every other page is its own there."""
    salt = fingerprint(code_fingerprint(), templates_fingerprint(templates_dir), site.as_of.isoformat(),
                       site.config.digits)
    env = make_env(templates_dir, site.config.digits)
    key_of = _Keys(site, bodies, salt)
    job = _Job(site, env, templates_dir, bodies, tracked_kinds(templates_dir, env), salt, store.lasting, key_of)
    html: list[bytes | None] = [None] * len(site.pages)
    keys = [""] * len(site.pages)
    names = [fingerprint(place, p.output) for p in site.pages]
    entries = _Entries(store, place, names)
    digests: dict = {}
    todo: list[int] = []
    reused: list[int] = []
    keyed: list[int] = []
    looked = range(len(site.pages)) if before is None else sorted(before[1])
    payloads = {i: entries.get(names[i]) for i in looked}
    compared = [i for i in looked if site.pages[i].kind not in job.tracked and payloads[i] is not None]
    made = dict(zip(compared, _keys(job, compared)))
    if before is not None:
        html[:], keys[:] = before[0].html, before[0].keys
        reused.extend(i for i in range(len(site.pages)) if i not in payloads)
    for i in looked:
        page, payload = site.pages[i], payloads[i]
        html[i], keys[i] = None, ""
        if page.kind in job.tracked:
            if (tracked := _reuse_tracked(payload, salt, page, site, bodies, digests)) is not None:
                html[i], keys[i] = tracked
        elif payload is None:
            keyed.append(i)
        elif (key := made[i]) is not None:
            keys[i] = key
            html[i] = _reuse_declared(payload, key)
        (todo if html[i] is None else reused).append(i)
    try:
        results = _run(replace(job, keyed=frozenset(keyed)), todo, workers_for(len(todo)))
    except workers.WorkerDied as died:
        return Rendered((), (), (), ()), [_died(place, died)]
    errors: list[SiteError] = []
    for result in results:
        if isinstance(result, Failed):
            if str(problem := result.error()) not in {str(e) for e in errors}:
                errors.append(problem)
            continue
        i = result.index
        html[i] = result.html
        if result.observed:
            keys[i] = result.key
            entries.put(names[i], _tracked_entry(result.observed, result.key, result.html))
            continue
        keys[i] = result.key or keys[i]
        if keys[i] and store.lasting:
            entries.put(names[i], _declared_entry(keys[i], result.html))
    entries.save()
    return Rendered(tuple(html), tuple(keys), tuple(site.pages[i].output for i in todo),
                    tuple(site.pages[i].output for i in sorted(reused))), errors
