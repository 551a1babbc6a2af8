"""Render stage: the site → every output file in memory (nothing is written here): the pages (``pages``), the
search index, the static files, the attachments and the open data.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import jinja2

from sitegen.errors import SiteErrors
from sitegen.incremental.store import MemoryStore
from sitegen.model.records import Site
from sitegen.output import OutputFile
from sitegen.progress import Silent, Stages
from sitegen.render.bodies import BodyHtml
from sitegen.render.opendata import feed, open_data_files
from sitegen.render.pages import Rendered, bodies_shown, render_pages
from sitegen.render.search.entries import site_entries
from sitegen.render.search.files import search_files
from sitegen.render.search.records import doc_maker, own_templates
from sitegen.render.templates import make_env, static_files, template_error
from sitegen.urls import scheme

EXTENDED_CSS = "static/measures.css"
"""The styles of what the seed's report has no place for (``Site.extended``), published only by the sites that show
it, so that a site without them keeps every byte it had: the theme's ``measures.css``, or the site's own."""


def _extended_css(env: jinja2.Environment) -> bytes:
    assert env.loader is not None
    return env.loader.get_source(env, "measures.css")[0].encode("utf-8")


@dataclass(frozen=True, slots=True)
class Render:
    """What ``render_site`` made, in its parts; ``serve`` keeps it for the next save (``rerender``)."""

    pages: Rendered
    files: tuple[OutputFile, ...]
    """The pages' files, then the search index's, the files copied (static files, attachments), the open data."""
    copied: int
    """Where the files copied begin (after the search index)."""


def render_site(site: Site, templates_dir: Path | None, content_dir: Path, bodies: BodyHtml,
                store: MemoryStore, stages: Stages | None = None) -> Render:
    """Every file of the site: each page rendered, or reused from ``store`` when nothing it shows changed
    (``pages``), and every file to copy. ``bodies``: the documents' HTML (``bodies.render_bodies``, which the
    build runs first, to report their link problems with every other problem). Raises SiteErrors for template
    problems. ``stages`` is told when the search index and the open data begin."""
    stages = stages or Silent()
    pages, errors = render_pages(site, bodies, store, templates_dir, str(content_dir.resolve()))
    if errors:
        raise SiteErrors(errors)
    files = _page_files(site, pages)
    stages.begin("search", len(site.pages))
    search = _search(site, templates_dir, content_dir, bodies, store, pages, files)
    statics = static_files(templates_dir)
    copied = list(statics)
    copied.extend(OutputFile(scheme.FAVICON, source=f.source) for f in statics
                  if f.path == f"static/{scheme.FAVICON}")
    if site.extended and EXTENDED_CSS not in {f.path for f in statics}:
        copied.append(OutputFile(EXTENDED_CSS, data=_extended_css(make_env(templates_dir, site.config.digits))))
    copied.extend(OutputFile(out, data=site.cleaned[rel]) if rel in site.cleaned
                  else OutputFile(out, source=content_dir / PurePosixPath(rel)) for out, rel in site.files)
    stages.begin("data")
    data = open_data_files(site, bodies, store, str(content_dir.resolve()))
    return Render(pages, (*files, *search, *copied, *data), len(files) + len(search))


def rerender(site: Site, templates_dir: Path | None, content_dir: Path, bodies: BodyHtml, store: MemoryStore,
             before: Render, changed: Collection[PurePosixPath]) -> Render:
    """``render_site`` after a save that changed only the bodies of the documents ``changed`` (their HTML is in
    ``bodies``; the model is ``before``'s): the pages that show one of them looked at again (``bodies_shown``; of a
    document's own documents, ``Page.sources``, a round report shows no action's body), the search index made again
    from every page's entry, the feed (which shows the bodies) made again; every other file is ``before``'s."""
    shown = {body.shown for body in site.bodies if body.rel in changed}
    looked = [i for i, page in enumerate(site.pages)
              if not shown.isdisjoint(page.sources) and not bodies_shown(page, site).isdisjoint(changed)]
    pages, errors = render_pages(site, bodies, store, templates_dir, str(content_dir.resolve()),
                                 (before.pages, looked))
    if errors:
        raise SiteErrors(errors)
    files = _page_files(site, pages)
    search = _search(site, templates_dir, content_dir, bodies, store, pages, files)
    rest = [feed(site, bodies) if f.path == scheme.FEED else f for f in before.files[before.copied:]]
    return Render(pages, (*files, *search, *rest), len(files) + len(search))


def _page_files(site: Site, pages: Rendered) -> list[OutputFile]:
    return [OutputFile(page.output, data=html, key=key)
            for page, html, key in zip(site.pages, pages.html, pages.keys) if html is not None]


def _search(site: Site, templates_dir: Path | None, content_dir: Path, bodies: BodyHtml, store: MemoryStore,
            pages: Rendered, files: list[OutputFile]) -> list[OutputFile]:
    """The search index of the pages, ``/search/`` and ``/pages/``."""
    from_html = own_templates(templates_dir)
    place = f"{content_dir.resolve()}\0{from_html}"
    entries = site_entries(site.pages, pages.keys, doc_maker(site, bodies, files, from_html), store, place)
    try:
        return search_files(site, make_env(templates_dir, site.config.digits), entries, store, place)
    except (jinja2.TemplateError, TypeError, AttributeError, ValueError) as exc:
        raise SiteErrors([template_error(exc, templates_dir)]) from exc
