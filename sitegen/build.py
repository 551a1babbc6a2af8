"""The pipeline: load → catalog → check → model → render, all in memory (the front ends, cli and serve, write)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sitegen import workers
from sitegen.render.bodies import BodyHtml, Problems, render_bodies
from sitegen.incremental.records import Records
from sitegen.incremental.store import MemoryStore
from sitegen.catalog.catalogs import Catalogs, FollowRequest, load_site_catalogs
from sitegen.load.config import SiteConfig, read_config
from sitegen.load.content import Content, load_content
from sitegen.errors import SiteError, SiteErrors, raise_if_any
from sitegen.load.history import load_source_dates
from sitegen.check.lint import lint_site_yaml
from sitegen.model.records import PageKind, Site
from sitegen.model.assemble import build_site
from sitegen.output import OutputFile
from sitegen.progress import Silent, Stages
from sitegen.render.site import Render, render_site
from sitegen.render.templates import site_templates
from sitegen.check.validate import ActionDoc, validate_content


PLACEHOLDER_CONFIG = SiteConfig("", "", "", "", "https://example.invalid/", "thai", ())


@dataclass(frozen=True, slots=True)
class Basis:
    """What a build read, decided and made, kept by ``serve`` so that a save of bodies alone is built from it
    (``rebuild``): the arguments of the build, the content as read, each file's last-changed date, the valid actions
    (a body is compared with the others'), each document's lint problems and each body's, the bodies' HTML, what the
    render stage made, and every warning."""

    templates_dir: Path | None
    as_of: dt.date
    base_url: str | None
    site: Site
    catalogs: Catalogs
    content: Content
    dates: dict[str, dt.date]
    actions: tuple[ActionDoc, ...]
    lint: dict[PurePosixPath, list[SiteError]]
    body_problems: Problems
    bodies: BodyHtml
    render: Render
    warnings: tuple[SiteError, ...]
    duplicates: tuple[SiteError, ...] | None = None
    """The warnings about actions entered twice (``check.validate.duplicate_actions``), once a save has asked."""


@dataclass(frozen=True, slots=True)
class BuildResult:
    site: Site
    files: list[OutputFile]
    warnings: list[SiteError]
    catalogs: Catalogs | None = None
    """The EIT and OIT catalogs in force (shipped, the site's own, catalog_from)."""
    rendered: tuple[str, ...] = ()
    """Output paths of the pages rendered by Jinja in this build (all of them without a lasting store)."""
    reused: tuple[str, ...] = ()
    """Output paths of the pages taken from the cache, unchanged since a build that showed the same."""
    converted: int = 0
    """How many document bodies were converted from Markdown (the others came from the cache)."""
    basis: Basis | None = None
    """What a save of bodies alone is built from (``rebuild``); None after a build with PDFs or ``strict``."""


def follow_requests(content: Content) -> tuple[FollowRequest, ...]:
    """``catalog_from:`` of each year's measures document (``eit/<FY>/index.md``)."""
    return tuple(
        FollowRequest(int(d.rel.parts[1]), d.meta["catalog_from"], d.shown, d.lines.get("catalog_from"))
        for d in content.docs
        if len(d.rel.parts) == 3 and d.rel.parts[0] == "eit" and d.rel.name == "index.md"
        and d.rel.parts[1].isdigit() and "catalog_from" in d.meta
    )


def site_catalogs(content_dir: Path) -> tuple[Catalogs, list[SiteError]]:
    """The catalogs a build of ``content_dir`` uses (shipped, ``content/catalogs/``, ``catalog_from``) and their
    problems, for the commands that need only them (``new``, ``issue-form``, ``from-issue``)."""
    content, _ = load_content(content_dir)
    return load_site_catalogs(content_dir, follow_requests(content))


def build(
    content_dir: Path, templates_dir: Path | None, as_of: dt.date, base_url: str | None = None, strict: bool = False,
    *, pdf: bool = False, store: MemoryStore | None = None, pdf_cache: bool = True, stages: Stages | None = None,
) -> BuildResult:
    """Read, check, model and render the whole site in memory; nothing is written.

    Gathers every problem of every stage first (MkDocs: "gather all data from all files to ensure
    all data is consistent"), then raises SiteErrors once with all of them. ``strict`` turns
    warnings into errors (for CI). ``pdf``: also make the round reports' PDFs (``render.pdf``; the
    ``build`` command does, ``check`` and ``serve`` do not), kept in the PDF cache unless ``pdf_cache``
    is False. ``store``: the render cache (an ``incremental.store.Store``), or None to render every page
    (through a ``MemoryStore`` of this build's own). ``stages`` is told each stage as it begins
    (``progress``: a large build shows them).
    """
    with workers.planned():  # how many worker processes each stage may fork: decided from the load as it begins
        return _build(content_dir, templates_dir, as_of, base_url, strict, pdf, store, pdf_cache, stages or Silent())


def _build(content_dir: Path, templates_dir: Path | None, as_of: dt.date, base_url: str | None, strict: bool,
           pdf: bool, store: MemoryStore | None, pdf_cache: bool, stages: Stages) -> BuildResult:
    stages.begin("load")
    errors: list[SiteError] = []
    config, site_yaml = None, None
    try:
        config, site_yaml = read_config(content_dir, base_url)
    except SiteError as exc:
        errors.append(exc)
    except SiteErrors as exc:
        errors.extend(exc.errors)
    store = store if store is not None else MemoryStore()
    records = Records(store, str(content_dir.resolve()))
    content, found = load_content(content_dir, config.attachment_types if config else frozenset(), records.load,
                                  records.prepare)
    errors.extend(found)
    errors.extend(site_templates(templates_dir)[1])  # the site's templates/ follows content/'s rules
    stages.begin("check", len(content.docs))
    if site_yaml is not None:
        errors.extend(lint_site_yaml(site_yaml))
    lint = {doc.rel: found for doc in content.docs if (found := records.lint(doc))}
    errors.extend(e for found in lint.values() for e in found)
    catalogs, found = load_site_catalogs(content_dir, follow_requests(content))
    errors.extend(found)
    checked, found = validate_content(content, catalogs.eit, catalogs.oit, catalogs.iit, records.fields)
    errors.extend(found)
    records.save()
    # With a broken site.yaml, still model the content with a stand-in config so that link
    # problems in the documents are reported in this same run.
    # Last-changed dates of the content files (git or file dates) for the pages' "last updated".
    dates = load_source_dates(content_dir, as_of, content.walked)
    site, found = build_site(config or PLACEHOLDER_CONFIG, catalogs.eit, content, checked, as_of, catalogs.oit,
                             source_dates=dates)
    errors.extend(found)
    # Markdown → HTML here, so that link problems join the others
    stages.begin("bodies", len(content.docs))
    texts = {doc.rel: doc.body for doc in content.docs}
    bodies, problems, converted = render_bodies(site, texts, store, str(content_dir.resolve()))
    errors.extend(e for found in problems.values() for e in found)
    if strict:
        errors = [SiteError(e.path, e.line, e.th, e.en) for e in errors]
    raise_if_any(errors)
    warnings = [e for e in errors if e.warning]
    try:
        stages.begin("render", len(site.pages))
        render = render_site(site, templates_dir, content_dir, bodies, store, stages)
        files = list(render.files)
        if pdf:  # a missing PDF library stays a warning under --strict: the site itself is complete
            from sitegen.incremental.pdfcache import cache_folder  # imported only for PDFs (start-up of --no-pdf)
            from sitegen.render.pdf import add_report_pdfs

            stages.begin("pdf", sum(p.kind is PageKind.REPORT for p in site.pages))
            files, found = add_report_pdfs(site, files, templates_dir, cache_folder(content_dir) if pdf_cache else None)
            warnings.extend(found)
    except SiteErrors as exc:  # a template problem: the content's warnings still count
        raise SiteErrors(exc.errors, warnings) from exc
    basis = None if pdf or strict else Basis(templates_dir, as_of, base_url, site, catalogs, content, dates,
                                             tuple(checked.actions), lint, problems, bodies, render, tuple(warnings))
    return BuildResult(site, files, warnings, catalogs, render.pages.rendered, render.pages.reused, converted, basis)
