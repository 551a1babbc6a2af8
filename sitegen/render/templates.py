"""Render stage, templates: the Jinja2 environment (the theme's templates, overridden by name by a site's own,
Thai filters, the URL scheme and the pictures as globals), the template of each kind of page, and the static files.
"""

from __future__ import annotations

import functools
import traceback
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import jinja2

from sitegen.errors import SiteError
from sitegen.incremental.store import fingerprint
from sitegen.load.tree import Found, walk_content
from sitegen.model.records import STANDARD_TABLE, PageKind
from sitegen.output import OutputFile
from sitegen.render.bodies import markdown_filter
from sitegen.render.charts import progress_chart
from sitegen.render.status import year_status
from sitegen.thai import baht, format_number, thai_date, thai_month_year
from sitegen.urls import scheme

TEMPLATES = MappingProxyType({
    PageKind.HOME: "home.html", PageKind.MEASURES: "measures.html", PageKind.REPORT: "report.html",
    PageKind.ITEM: "item.html", PageKind.ACTION: "action.html", PageKind.NEWS_LIST: "news_list.html",
    PageKind.NEWS: "news.html", PageKind.DOCUMENTS: "documents.html", PageKind.DOCUMENT: "document.html",
    PageKind.FREE_PAGE: "page.html", PageKind.CONTACT: "contact.html", PageKind.ITA: "ita.html",
    PageKind.ITA_ITEM: "ita_item.html", PageKind.NOT_FOUND: "404.html",
})
"""The template of each kind of page (a site's ``templates/`` may override any of them by name)."""


def filesize(size: int, digits: str) -> str:
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return format_number(f"{size / scale:.1f} {unit}", digits)
    return format_number(f"{size} ไบต์", digits)


def theme_dir() -> Path:
    """The default templates, shipped inside the package (``sitegen/theme/templates``)."""
    return Path(str(resources.files("sitegen") / "theme" / "templates"))


def search_path(templates_dir: Path | None) -> list[Path]:
    """A site's own templates first, then the theme: a site file overrides the theme's file of the
    same name (MkDocs' ``custom_dir``), and everything it does not override comes from the theme."""
    theme = theme_dir()
    return [theme] if templates_dir is None or templates_dir.resolve() == theme.resolve() else [templates_dir, theme]


def templates_fingerprint(templates_dir: Path | None) -> str:
    """The bytes of every template a page may include, the site's and the theme's (static files excepted: pages
    only link to them), for the key of a page's cache entry."""
    parts: list[str | bytes] = []
    for folder in search_path(templates_dir):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            rel = path.relative_to(folder)
            if path.is_file() and rel.parts[0] != "static":
                parts += [f"{folder}:{rel.as_posix()}", path.read_bytes()]
    return fingerprint(*parts)


def make_env(templates_dir: Path | None, digits: str) -> jinja2.Environment:
    """A strict Jinja2 environment: autoescape on, undefined names are errors, Thai filters.

    ``templates_dir`` (optional) overrides theme files by name. One environment per process for each
    search path (absolute, so ``None`` and the theme folder, or a relative and an absolute spelling of
    one folder, share it, and a later change of the working folder cannot point it elsewhere) and
    digits: compiling the templates is most of a small build's time. Jinja reloads a template whose
    file changed (auto_reload), so `serve` still sees edits. Shared, so read-only by contract: a
    caller that needs other filters or globals makes its own environment."""
    return _env(tuple(folder.resolve() for folder in search_path(templates_dir)), digits)


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
    env.filters["filesize"] = lambda n: filesize(n, digits)
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


def template_error(exc: Exception, templates_dir: Path | None) -> SiteError:
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


def site_templates(templates_dir: Path | None) -> tuple[list[Found], list[SiteError]]:
    """The files of a site's own templates folder, walked by the content folder's rules (``load.tree``): a symlink
    out of it (``static/passwd.txt -> /etc/passwd``, ``-> ../.git/config``) or looping is an error, a FIFO,
    socket or device is skipped with a warning and never opened. The theme's (the package's own) is not walked."""
    if templates_dir is None or len(search_path(templates_dir)) == 1:
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


