"""Render stage: the site → every output file in memory (nothing is written here): the pages (``pages``), the
search index, the static files, the attachments and the open data.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import jinja2

from sitegen.errors import SiteErrors, raise_if_any
from sitegen.incremental.store import Store, code_fingerprint, fingerprint
from sitegen.model.records import Site
from sitegen.output import OutputFile
from sitegen.render.bodies import BodyHtml, render_bodies
from sitegen.render.opendata import open_data_files
from sitegen.render.pages import Rendered, render_pages
from sitegen.render.search import search_files
from sitegen.render.templates import (
    TEMPLATES, make_env, static_files, template_error, templates_fingerprint,
)
from sitegen.urls import scheme

EXTENDED_CSS = "static/measures.css"
"""The styles of what the seed's report has no place for (``Site.extended``), published only by the sites that show
it, so that a site without them keeps every byte it had: the theme's ``measures.css``, or the site's own."""


def _extended_css(env: jinja2.Environment) -> bytes:
    assert env.loader is not None
    return env.loader.get_source(env, "measures.css")[0].encode("utf-8")


def render_site(site: Site, templates_dir: Path | None, content_dir: Path,
                bodies: BodyHtml | None = None) -> list[OutputFile]:
    """Render every page and list every file to copy. Raises SiteErrors for template problems.

    ``bodies``: the documents' HTML from ``render_bodies`` (the build converts them first, to report
    their link problems with every other problem); without it they are converted here."""
    if bodies is None:
        bodies, found = render_bodies(site)
        raise_if_any([e for e in found if not e.warning])
    return render_site_cached(site, templates_dir, content_dir, bodies, None)[0]


def render_site_cached(site: Site, templates_dir: Path | None, content_dir: Path, bodies: BodyHtml,
                       store: Store | None) -> tuple[list[OutputFile], Rendered]:
    """``render_site`` with each page reused from ``store`` when nothing it shows changed (pagecache.py)."""
    env = make_env(templates_dir, site.config.digits)
    salt = fingerprint(code_fingerprint(), templates_fingerprint(templates_dir),
                     site.as_of.isoformat(), site.config.digits)
    pages, errors = render_pages(site, env, dict(TEMPLATES), bodies, store, salt, str(content_dir.resolve()),
                                 lambda exc: template_error(exc, templates_dir))
    if errors:
        raise SiteErrors(errors)
    files = [OutputFile(page.output, data=html) for page, html in zip(site.pages, pages.html) if html is not None]
    try:
        files.extend(search_files(site, env, files, pages.search))
    except (jinja2.TemplateError, TypeError, AttributeError, ValueError) as exc:
        raise SiteErrors([template_error(exc, templates_dir)]) from exc
    statics = static_files(templates_dir)
    files.extend(statics)
    files.extend(OutputFile(scheme.FAVICON, source=f.source) for f in statics if f.path == f"static/{scheme.FAVICON}")
    if site.extended and EXTENDED_CSS not in {f.path for f in statics}:
        files.append(OutputFile(EXTENDED_CSS, data=_extended_css(env)))
    files.extend(OutputFile(out, data=site.cleaned[rel]) if rel in site.cleaned
                 else OutputFile(out, source=content_dir / PurePosixPath(rel)) for out, rel in site.files)
    files.extend(open_data_files(site, bodies))
    return files, pages
