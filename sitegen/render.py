"""Render stage: Jinja2 templates → output files in memory (nothing is written here).

The stage can emit any file, not only pages: static assets, the self-hosted font, attachments.
"""

from __future__ import annotations

import functools
import traceback
from importlib import resources
from pathlib import Path, PurePosixPath
from types import MappingProxyType

import jinja2

from sitegen.urls import scheme
from sitegen.bodies import BodyHtml, markdown_filter, render_bodies
from sitegen.incremental.store import Store, code_fingerprint, fingerprint
from sitegen.charts import progress_chart
from sitegen.errors import SiteError, SiteErrors, raise_if_any
from sitegen.model.records import STANDARD_TABLE, PageKind, Site
from sitegen.opendata import open_data_files
from sitegen.output import OutputFile
from sitegen.pagecache import Rendered, render_pages, templates_fingerprint
from sitegen.search import search_files
from sitegen.status import year_status
from sitegen.thai import baht, format_number, thai_date, thai_month_year
from sitegen.load.tree import Found, walk_content

__all__ = ["TEMPLATES", "OutputFile", "make_env", "render_site", "render_site_cached", "site_templates", "static_files",
           "theme_dir"]  # OutputFile: re-exported

TEMPLATES = MappingProxyType({
    PageKind.HOME: "home.html", PageKind.MEASURES: "measures.html", PageKind.REPORT: "report.html",
    PageKind.ITEM: "item.html", PageKind.ACTION: "action.html", PageKind.NEWS_LIST: "news_list.html",
    PageKind.NEWS: "news.html", PageKind.DOCUMENTS: "documents.html", PageKind.DOCUMENT: "document.html",
    PageKind.FREE_PAGE: "page.html", PageKind.CONTACT: "contact.html", PageKind.ITA: "ita.html",
    PageKind.ITA_ITEM: "ita_item.html", PageKind.NOT_FOUND: "404.html",
})
"""The template of each kind of page (a site's ``templates/`` may override any of them by name)."""


def _filesize(size: int, digits: str) -> str:
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return format_number(f"{size / scale:.1f} {unit}", digits)
    return format_number(f"{size} ไบต์", digits)


def theme_dir() -> Path:
    """The default templates, shipped inside the package (``sitegen/theme/templates``)."""
    return Path(str(resources.files("sitegen") / "theme" / "templates"))


def _search_path(templates_dir: Path | None) -> list[Path]:
    """A site's own templates first, then the theme: a site file overrides the theme's file of the
    same name (MkDocs' ``custom_dir``), and everything it does not override comes from the theme."""
    theme = theme_dir()
    return [theme] if templates_dir is None or templates_dir.resolve() == theme.resolve() else [templates_dir, theme]


def make_env(templates_dir: Path | None, digits: str) -> jinja2.Environment:
    """A strict Jinja2 environment: autoescape on, undefined names are errors, Thai filters.

    ``templates_dir`` (optional) overrides theme files by name. One environment per process for each
    search path (absolute, so ``None`` and the theme folder, or a relative and an absolute spelling of
    one folder, share it, and a later change of the working folder cannot point it elsewhere) and
    digits: compiling the templates is most of a small build's time. Jinja reloads a template whose
    file changed (auto_reload), so `serve` still sees edits. Shared, so read-only by contract: a
    caller that needs other filters or globals makes its own environment."""
    return _env(tuple(folder.resolve() for folder in _search_path(templates_dir)), digits)


@functools.cache
def _env(search_path: tuple[Path, ...], digits: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search_path),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = lambda v: format_number(v, digits)
    env.filters["thai_date"] = lambda d: thai_date(d, digits)
    env.filters["month_year"] = lambda d: thai_month_year(d, digits)
    env.filters["filesize"] = lambda n: _filesize(n, digits)
    env.filters["baht"] = lambda amount: format_number(baht(amount), digits)
    env.filters["markdown"] = markdown_filter  # a document body → its HTML, converted once (bodies.py)
    # File names the URL scheme gives generated files, so templates link to them by the same rule.
    env.globals["data_files"] = MappingProxyType(scheme.DATA_FILES)
    env.globals["feed_file"] = scheme.FEED
    env.globals["standard_table"] = STANDARD_TABLE  # the table a site's template gets when it names none
    # The pictures (charts.py, status.py): computed from the model, drawn by the templates' charts.html.
    env.globals["progress_chart"] = lambda groups, chart_id: progress_chart(groups, chart_id, digits)
    env.globals["year_status"] = year_status
    return env


def _shown_template(path: str | None, templates_dir: Path | None) -> str:
    """``templates/page.html`` for a site template, ``sitegen/theme/templates/page.html`` for the theme's."""
    if not path:
        return templates_dir.name if templates_dir else "templates"
    for folder, label in ((templates_dir, templates_dir.name if templates_dir else ""),
                          (theme_dir(), "sitegen/theme/templates")):
        if folder is not None and Path(path).resolve().is_relative_to(folder.resolve()):  # the loader's are absolute
            return f"{label}/{Path(path).resolve().relative_to(folder.resolve()).as_posix()}"
    return str(path)


def _template_error(exc: Exception, templates_dir: Path | None) -> SiteError:
    """Name the template file and line of a Jinja error."""
    path, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if path is None:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith(".html"):
                path, line = frame.filename, frame.lineno
                break
    return SiteError(
        _shown_template(path, templates_dir), line,
        f"แม่แบบหน้าเว็บผิดพลาด: {exc} — แก้แม่แบบที่บรรทัดนี้",
        f"template error: {exc} — fix the template on this line",
    )


EXTENDED_CSS = "static/measures.css"
"""The styles of what the seed's report has no place for (``Site.extended``), published only by the sites that show
it, so that a site without them keeps every byte it had: the theme's ``measures.css``, or the site's own."""


def _extended_css(env: jinja2.Environment) -> bytes:
    assert env.loader is not None
    return env.loader.get_source(env, "measures.css")[0].encode("utf-8")


def site_templates(templates_dir: Path | None) -> tuple[list[Found], list[SiteError]]:
    """The files of a site's own templates folder, walked by the content folder's rules (``tree.py``): a symlink
    out of it (``static/passwd.txt -> /etc/passwd``, ``-> ../.git/config``) or looping is an error, a FIFO,
    socket or device is skipped with a warning and never opened. The theme's (the package's own) is not walked."""
    if templates_dir is None or len(_search_path(templates_dir)) == 1:
        return [], []
    return walk_content(templates_dir)


def static_files(templates_dir: Path | None) -> list[OutputFile]:
    """The theme's static folder overlaid by the site's (same path wins). The theme's holds the
    self-hosted Sarabun font (OFL), subset to WOFF2 once by ``fonts.py``, never at build time."""
    found: dict[str, Path] = {}
    static = theme_dir() / "static"
    for path in sorted(static.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            found[f"static/{path.relative_to(static).as_posix()}"] = path
    for file in site_templates(templates_dir)[0]:
        if file.rel.parts[0] == "static":
            found[file.rel.as_posix()] = (templates_dir or Path()) / file.rel
    return [OutputFile(rel, source=found[rel]) for rel in sorted(found)]


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
    salt = fingerprint(code_fingerprint(), templates_fingerprint(_search_path(templates_dir)),
                     site.as_of.isoformat(), site.config.digits)
    pages, errors = render_pages(site, env, dict(TEMPLATES), bodies, store, salt, str(content_dir.resolve()),
                                 lambda exc: _template_error(exc, templates_dir))
    if errors:
        raise SiteErrors(errors)
    files = [OutputFile(page.output, data=html) for page, html in zip(site.pages, pages.html) if html is not None]
    try:
        files.extend(search_files(site, env, files, pages.search))
    except (jinja2.TemplateError, TypeError, AttributeError, ValueError) as exc:
        raise SiteErrors([_template_error(exc, templates_dir)]) from exc
    statics = static_files(templates_dir)
    files.extend(statics)
    files.extend(OutputFile(scheme.FAVICON, source=f.source) for f in statics if f.path == f"static/{scheme.FAVICON}")
    if site.extended and EXTENDED_CSS not in {f.path for f in statics}:
        files.append(OutputFile(EXTENDED_CSS, data=_extended_css(env)))
    files.extend(OutputFile(out, data=site.cleaned[rel]) if rel in site.cleaned
                 else OutputFile(out, source=content_dir / PurePosixPath(rel)) for out, rel in site.files)
    files.extend(open_data_files(site, bodies))
    return files, pages
