"""Render stage, PDFs (after the pages): each round report also as a PDF beside its page, and the page's link to it.

The PDF is made from the report's rendered HTML with the theme's print CSS plus ``pdf.css`` (A4 landscape,
running header, page numbers), by WeasyPrint: a pure build-time library whose Pango breaks Thai lines
between words (libthai) and embeds the Sarabun subset it uses. WeasyPrint is the optional ``sitegen[pdf]``
extra: without it the site is built as before, without the PDFs, and a warning says how to add them.

Nothing is fetched from the network or the disk: WeasyPrint is given a fetcher that serves only the files
of this build, from memory. The bytes are deterministic: no dates in the metadata, and a file identifier
derived from the input. Each line of text carries its text as written (/ActualText, ``pdftext.py``), so
that extracted text is the user's. A PDF once made is kept in ``.sitegen-cache/pdf/`` (``incremental.pdfcache``):
a rebuild with the same report reads it back instead of laying it out again.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import mimetypes
import re
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import jinja2

from sitegen import workers
from sitegen.errors import SiteError, SiteErrors
from sitegen.model.records import Page, PageKind, Site
from sitegen.output import OutputFile
from sitegen.incremental.pdfcache import engine_version, page_key, prune, read_cached, write_cached
from sitegen.render.pdftext import faithful_text
from sitegen.render.templates import filesize, make_env, template_error

PDF_NAME = "report.pdf"
MARKER = "<!--sitegen:report-pdf-->"
"""Where the report template wants the link to its PDF; replaced by the link, or by nothing."""
PDF_ONLY = re.compile(r"<!--sitegen:pdf-only\n(.*?)\n-->", re.S)
"""A part of a page for its PDF only (the running header): a comment on the web (not shown, not
searched, not read aloud), opened when the PDF is made. The text in it is escaped, so no --> inside."""
LOOSE_FIRST_ROW = "\n.eit tbody tr:first-child { break-before: auto !important; }\n"


def add_report_pdfs(site: Site, files: list[OutputFile], templates_dir: Path | None,
                    cache: Path | None = None) -> tuple[list[OutputFile], list[SiteError]]:
    """The built files with a PDF beside each round report and the report pages linking to it,
    and the warnings of making them (no WeasyPrint; a file the report asks for that the site lacks).
    ``cache``: the folder of made PDFs (``incremental.pdfcache``), or None to make every PDF afresh.
    WeasyPrint is imported only when a PDF is not in the cache (the import alone takes a second)."""
    by_path = {f.path: f for f in files}
    reports = [p for p in site.pages if p.kind is PageKind.REPORT and getattr(by_path.get(p.output), "data", None)]
    if not reports:
        return files, []
    css = _pdf_css(site, templates_dir)
    engine = engine_version()
    styled = {p.output: styled_html(by_path[p.output].data.decode("utf-8"), css) for p in reports}  # type: ignore[union-attr]
    keys = {out: page_key(html, engine) for out, html in styled.items()}
    cached = {out: pdf for out, key in keys.items() if cache and (pdf := read_cached(cache, key, by_path))}
    if len(cached) < len(reports) and (missing := _engine_missing()) is not None:
        return [_with_link(f, reports, "") for f in files], [missing]
    to_make = [p for p in reports if p.output not in cached]
    todo = [(styled[p.output], urljoin(site.config.base_url, p.path)) for p in to_make]
    fresh = dict(zip((p.output for p in to_make), _make_all(todo, by_path, site.config.base_url)))
    made: dict[str, OutputFile] = {}
    warnings: list[SiteError] = []
    for page in reports:
        pdf_path = str(PurePosixPath(page.output).parent / PDF_NAME)
        pdf, problems = cached.get(page.output), list[tuple[str, str]]()
        if pdf is None:
            outcome = fresh[page.output]
            if isinstance(outcome, str):  # a layout engine's fault must not end the build: warn, go on
                warnings.append(SiteError(pdf_path, None, f"สร้างรายงานฉบับ PDF ไม่ได้: {outcome} — แจ้งผู้ดูแลระบบ",
                                          f"the report PDF could not be made: {outcome} — tell the maintainers",
                                          warning=True))
                made[page.output] = _with_link(by_path[page.output], reports, "")
                continue
            pdf, problems, fetched = outcome
            if cache is not None and not problems:  # a cached PDF must not hide a warning from the next build
                write_cached(cache, keys[page.output], fetched, by_path, pdf)
        warnings.extend(SiteError(pdf_path, None, th, en, warning=True) for th, en in problems)
        made[pdf_path] = OutputFile(pdf_path, data=pdf)
        made[page.output] = _with_link(by_path[page.output], reports, _link(page, pdf, site.config.digits))
    if cache is not None:
        prune(cache)
    out = [made.pop(f.path, f) for f in files]
    return out + [made[path] for path in sorted(made)], warnings


Made = tuple[bytes, list[tuple[str, str]], list[str]] | str
"""A PDF made (its bytes, problems and the files it fetched), or what went wrong (the exception's repr)."""
_job: tuple[list[tuple[str, str]], Mapping[str, OutputFile], str] | None = None
"""The reports to make, the build's files and the base URL; set before the fork, inherited by the workers."""


GC_DEFAULTS = (700, 10, 10)
"""CPython's own thresholds of the garbage collector."""


def _make_all(todo: list[tuple[str, str]], files: Mapping[str, OutputFile], base_url: str) -> list[Made]:
    """Each (styled HTML, URL) of ``todo`` laid out as a PDF, in worker processes when there are two or more
    and idle cores: a report of a large site takes minutes to lay out, and each is independent."""
    global _job
    _job = (todo, files, base_url)
    thresholds = gc.get_threshold()
    # The layout makes garbage in cycles, which the build's raised thresholds (``cli.GC_THRESHOLDS``) let pile up:
    # at 1 000 documents a PDF build's peak was 230 MiB with the default and 340 MiB with them (15 % faster).
    gc.set_threshold(*GC_DEFAULTS)
    try:
        count = min(len(todo), workers.idle())
        if count < 2 or not workers.can_fork():
            return [_make_one(i) for i in range(len(todo))]
        try:
            return workers.forked_map(_make_one, range(len(todo)), count)
        except workers.WorkerDied as died:  # each report's own warning; the site is built without them
            return [f"a PDF worker process {died.what}"] * len(todo)
    finally:
        _job = None
        gc.set_threshold(*thresholds)


def _make_one(i: int) -> Made:
    assert _job is not None
    todo, files, base_url = _job
    try:
        return _report_pdf(*todo[i], files, base_url)
    except Exception as exc:  # noqa: BLE001 — a layout engine's fault must not end the build (nor a worker)
        return repr(exc)


def _pdf_css(site: Site, templates_dir: Path | None) -> str:
    """``pdf.css`` (the theme's or the site's own) rendered for the site's digits."""
    try:
        template = make_env(templates_dir, site.config.digits).get_template("pdf.css")
        return template.render(counter="thai" if site.config.digits == "thai" else "decimal")
    except jinja2.TemplateError as exc:  # a site's own templates/pdf.css
        raise SiteErrors([template_error(exc, templates_dir)]) from exc


def _engine_missing() -> SiteError | None:
    """The warning that WeasyPrint cannot be loaded, or None when it can."""
    try:
        import weasyprint  # noqa: F401 — the optional extra; Pango missing shows as OSError
    except Exception as exc:  # noqa: BLE001 — any library that cannot load (ImportError, OSError, LookupError…)
        return _missing(exc)
    return None


def _link(page: Page, pdf: bytes, digits: str) -> str:
    return (f'<p class="report-pdf"><a href="{page.url}{PDF_NAME}" type="application/pdf">'
            f'รายงานฉบับ PDF สำหรับพิมพ์หรือส่งต่อ</a> '
            f'<span class="meta">(PDF, {filesize(len(pdf), digits)})</span></p>')


def styled_html(html: str, css: str) -> str:
    """The page as WeasyPrint lays it out: ``css`` in the page, after its own styles, so that it is an
    author stylesheet like them and wins where both set a property (a user stylesheet, WeasyPrint's
    ``stylesheets``, would lose); and the parts of the page meant for the PDF only (``PDF_ONLY``)."""
    html = PDF_ONLY.sub(r"\1", html)
    return html.replace("</head>", f"<style>\n{css}\n</style>\n</head>", 1)


def _report_pdf(styled: str, url: str, files: Mapping[str, OutputFile],
                base_url: str) -> tuple[bytes, list[tuple[str, str]], list[str]]:
    """One report's PDF made afresh, with its problems and the files it fetched."""
    try:
        pdf, problems, fetched = render_pdf(styled, url, files, base_url)
    except AssertionError:  # WeasyPrint 70, a table's first row taller than a page and kept with its head
        loose = styled.replace("</style>\n</head>", LOOSE_FIRST_ROW + "</style>\n</head>", 1)
        pdf, problems, fetched = render_pdf(loose, url, files, base_url)
    return pdf, problems, fetched


def _with_link(file: OutputFile, reports: list[Page], link: str) -> OutputFile:
    if file.data is None or file.path not in {p.output for p in reports}:
        return file
    return OutputFile(file.path, data=file.data.replace(MARKER.encode(), link.encode()))


def _missing(exc: Exception) -> SiteError:
    return SiteError(
        "sitegen-ita[pdf]", None,
        f"ไม่ได้สร้างรายงานฉบับ PDF เพราะยังไม่ได้ติดตั้ง WeasyPrint ({exc}) — ติดตั้งด้วย pip install \"sitegen-ita[pdf]\" "
        "และบน Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0 (เว็บไซต์สร้างครบแล้ว เพียงไม่มีไฟล์ PDF)",
        f"the round reports' PDFs were not made: WeasyPrint is not installed ({exc}) — "
        "pip install \"sitegen-ita[pdf]\" "
        "and on Debian/Ubuntu apt-get install libpango-1.0-0 libpangoft2-1.0-0 (the site is complete, without PDFs)",
        warning=True,
    )


def render_pdf(styled: str, url: str, files: Mapping[str, OutputFile],
               base_url: str) -> tuple[bytes, list[tuple[str, str]], list[str]]:
    """One PDF from a page's HTML (``styled_html``) at ``url``; resources come only from ``files``
    (the build, by output path). Returns the bytes, the problems (Thai, English) and the output
    paths of the files it fetched."""
    import weasyprint

    fetched: list[str] = []
    fetcher = make_fetcher(files, base_url, fetched)
    with _captured_log() as records, faithful_text(), _font_config() as fonts:
        document = weasyprint.HTML(string=styled, base_url=url, url_fetcher=fetcher, media_type="print")
        identifier = hashlib.sha256(styled.encode("utf-8")).hexdigest()[:32].encode("ascii")
        pdf = document.write_pdf(pdf_identifier=identifier, font_config=fonts)
    problems = [(f"รายงานฉบับ PDF: {r.getMessage()} — ตรวจไฟล์ที่หน้ารายงานอ้างถึง",
                 f"report PDF: {r.getMessage()} — check the files the report page refers to")
                for r in records if r.levelno >= logging.ERROR]
    return pdf, problems, fetched


def make_fetcher(files: Mapping[str, OutputFile], base_url: str, fetched: list[str] | None = None) -> Any:
    """A WeasyPrint URL fetcher that serves the build's own files from memory and refuses everything
    else (other sites, file:, data:), so that making a PDF never sends a request. The output path
    of each file served is added to ``fetched``."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SiteFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            if not url.startswith(base_url):
                raise ValueError(f"not a file of this site, not fetched: {url}")
            rel = unquote(urlsplit(url[len(base_url):]).path)
            file = files.get(rel)
            if file is None:
                raise ValueError(f"no such file in the site: {url}")
            body = file.data if file.data is not None else file.source.read_bytes()  # type: ignore[union-attr]
            if fetched is not None:
                fetched.append(rel)
            kind = mimetypes.guess_type(rel)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": kind})

    return SiteFetcher()


@contextmanager
def _font_config() -> Iterator[Any]:
    """WeasyPrint's fonts for one PDF, and its temporary folder of the page's @font-face files removed
    when the PDF is made: WeasyPrint leaves that to garbage collection, which a stopped ``serve`` or
    a long one does not wait for (``_folder`` is where its FontConfiguration keeps that folder)."""
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    try:
        yield fonts
    finally:
        folder = getattr(fonts, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
            fonts._folder = None


@contextmanager
def _captured_log() -> Iterator[list[logging.LogRecord]]:
    """WeasyPrint's log records (unsupported CSS, failed fetches), kept off the user's terminal."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep()
    logger = logging.getLogger("weasyprint")
    saved = logger.handlers, logger.propagate
    logger.handlers, logger.propagate = [handler], False
    try:
        yield records
    finally:
        logger.handlers, logger.propagate = saved
