"""Render stage: the site → every output file in memory (nothing is written here): the pages (``pages``), the
search index, the static files, the attachments and the open data.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import jinja2

from sitegen.errors import SiteErrors
from sitegen.incremental.store import MemoryStore
from sitegen.model.records import Site
from sitegen.output import OutputFile
from sitegen.progress import Silent, Stages
from sitegen.render.bodies import BodyHtml
from sitegen.render.opendata import open_data_files
from sitegen.render.pages import Rendered, render_pages
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


def render_site(site: Site, templates_dir: Path | None, content_dir: Path, bodies: BodyHtml,
                store: MemoryStore, stages: Stages | None = None) -> tuple[list[OutputFile], Rendered]:
    """Every file of the site: each page rendered, or reused from ``store`` when nothing it shows changed
    (``pages``), and every file to copy. ``bodies``: the documents' HTML (``bodies.render_bodies``, which the
    build runs first, to report their link problems with every other problem). Raises SiteErrors for template
    problems. ``stages`` is told when the search index and the open data begin."""
    stages = stages or Silent()
    pages, errors = render_pages(site, bodies, store, templates_dir, str(content_dir.resolve()))
    if errors:
        raise SiteErrors(errors)
    env = make_env(templates_dir, site.config.digits)
    files = [OutputFile(page.output, data=html, key=key)
             for page, html, key in zip(site.pages, pages.html, pages.keys) if html is not None]
    from_html = own_templates(templates_dir)
    place = f"{content_dir.resolve()}\0{from_html}"
    stages.begin("search", len(site.pages))
    entries = site_entries(site.pages, pages.keys, doc_maker(site, bodies, files, from_html), store, place)
    try:
        files.extend(search_files(site, env, entries, store, place))
        del entries  # its texts and units are in the index files now: not kept through the open data
    except (jinja2.TemplateError, TypeError, AttributeError, ValueError) as exc:
        raise SiteErrors([template_error(exc, templates_dir)]) from exc
    statics = static_files(templates_dir)
    files.extend(statics)
    files.extend(OutputFile(scheme.FAVICON, source=f.source) for f in statics if f.path == f"static/{scheme.FAVICON}")
    if site.extended and EXTENDED_CSS not in {f.path for f in statics}:
        files.append(OutputFile(EXTENDED_CSS, data=_extended_css(env)))
    files.extend(OutputFile(out, data=site.cleaned[rel]) if rel in site.cleaned
                 else OutputFile(out, source=content_dir / PurePosixPath(rel)) for out, rel in site.files)
    stages.begin("data")
    files.extend(open_data_files(site, bodies, store, str(content_dir.resolve())))
    return files, pages
