"""Post-render stage: each round report also as a PDF beside its page, and the page's link to it.

The PDF is made from the report's rendered HTML with the theme's print CSS plus ``pdf.css`` (A4 landscape,
running header, page numbers), by WeasyPrint: a pure build-time library whose Pango breaks Thai lines
between words (libthai) and embeds the Sarabun subset it uses. WeasyPrint is the optional ``sitegen[pdf]``
extra: without it the site is built as before, without the PDFs, and a warning says how to add them.

Nothing is fetched from the network or the disk: WeasyPrint is given a fetcher that serves only the files
of this build, from memory. The bytes are deterministic: no dates in the metadata, and a file identifier
derived from the input.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import jinja2

from sitegen.errors import SiteError, SiteErrors
from sitegen.model import Page, PageKind, Site
from sitegen.output import OutputFile
from sitegen.render import _filesize, _template_error, make_env

PDF_NAME = "report.pdf"
MARKER = "<!--sitegen:report-pdf-->"
"""Where the report template wants the link to its PDF; replaced by the link, or by nothing."""
LOOSE_FIRST_ROW = "\n.eit tbody tr:first-child { break-before: auto !important; }\n"
SARA_AM = re.compile("([\u0e48-\u0e4b]?)\u0e33")
SPELLED_AM = "\u0e4d\\1\u0e32"
TEXT = re.compile(r">([^<]+)<")


def spell_sara_am(html: str, line_breaks: Callable[[str], Iterable[int]]) -> str:
    """In the text of ``html``'s body: SARA AM (ำ) as NIKHAHIT + SARA AA, the nikhahit before a tone mark
    (น้ำ → น ํ ้ า), as HarfBuzz draws it; each word holding one kept whole on its line.

    HarfBuzz splits ำ into those two glyphs and merges the syllable into one cluster; WeasyPrint then
    maps each glyph to the text of the first cluster it met, so copied text reads "ก้ำร" for "การ" or
    drops the ำ. Given the two characters, every glyph maps to its own one: the same look, and ำ's
    compatibility decomposition (NFKC). Only the PDF is spelled so. libthai's dictionary knows only ำ
    and would break a spelled-out word ("ดํา|เนิน"), so the words are found in the text as written
    (``line_breaks``: the offsets where a line may break) and each changed one is a no-wrap span."""
    def text(m: re.Match[str]) -> str:
        words = m[1]
        if "\u0e33" not in words:
            return m[0]
        cuts = sorted({0, len(words), *(i for i in line_breaks(words) if 0 < i < len(words))})
        out = []
        for start, end in zip(cuts, cuts[1:]):
            word = words[start:end]
            if "\u0e33" in word:
                core = word.rstrip()
                spelled = SARA_AM.sub(SPELLED_AM, core)
                word = f'<span class="pdf-am">{spelled}</span>{word[len(core):]}'
            out.append(word)
        return ">" + "".join(out) + "<"

    head, body, rest = html.partition("<body")  # not the <title>: the PDF's metadata is text, not glyphs
    return head + body + TEXT.sub(text, rest) if body else TEXT.sub(text, html)


def thai_line_breaks(text: str) -> list[int]:
    """Where Pango (libthai for Thai) lets a line break in ``text``: offsets before which it may."""
    from weasyprint.text.line_break import get_log_attrs

    attrs = get_log_attrs(text, "th")
    return [i for i in range(len(text) + 1) if attrs[i].is_line_break]


def add_report_pdfs(site: Site, files: list[OutputFile],
                    templates_dir: Path | None) -> tuple[list[OutputFile], list[SiteError]]:
    """The built files with a PDF beside each round report and the report pages linking to it,
    and the warnings of making them (no WeasyPrint; a file the report asks for that the site lacks)."""
    reports = [p for p in site.pages if p.kind is PageKind.REPORT]
    if not reports:
        return files, []
    try:
        import weasyprint  # noqa: F401 — the optional extra; Pango missing shows as OSError
    except Exception as exc:  # noqa: BLE001 — any library that cannot load (ImportError, OSError, LookupError…)
        return [_with_link(f, reports, "") for f in files], [_missing(exc)]
    try:
        template = make_env(templates_dir, site.config.digits).get_template("pdf.css")
        css = template.render(counter="thai" if site.config.digits == "thai" else "decimal")
    except jinja2.TemplateError as exc:  # a site's own templates/pdf.css
        raise SiteErrors([_template_error(exc, templates_dir)]) from exc
    by_path = {f.path: f for f in files}
    made: dict[str, OutputFile] = {}
    warnings: list[SiteError] = []
    for page in reports:
        if page.output not in by_path or by_path[page.output].data is None:
            continue
        html = by_path[page.output].data.decode("utf-8")  # type: ignore[union-attr]
        pdf_path = str(PurePosixPath(page.output).parent / PDF_NAME)
        url = urljoin(site.config.base_url, page.path)
        try:
            try:
                pdf, problems = render_pdf(html, url, css, by_path, site.config.base_url)
            except AssertionError:  # WeasyPrint 70, a table's first row taller than a page and kept with its head
                pdf, problems = render_pdf(html, url, css + LOOSE_FIRST_ROW, by_path, site.config.base_url)
        except Exception as exc:  # noqa: BLE001 — a layout engine's fault must not end the build: warn, go on
            warnings.append(SiteError(pdf_path, None, f"สร้างรายงานฉบับ PDF ไม่ได้: {exc!r} — แจ้งผู้ดูแลระบบ",
                                      f"the report PDF could not be made: {exc!r} — tell the maintainers",
                                      warning=True))
            made[page.output] = _with_link(by_path[page.output], reports, "")
            continue
        warnings.extend(SiteError(pdf_path, None, th, en, warning=True) for th, en in problems)
        made[pdf_path] = OutputFile(pdf_path, data=pdf)
        link = (f'<p class="report-pdf"><a href="{page.url}{PDF_NAME}" type="application/pdf">'
                f'รายงานฉบับ PDF สำหรับพิมพ์หรือส่งต่อ</a> '
                f'<span class="meta">(PDF, {_filesize(len(pdf), site.config.digits)})</span></p>')
        made[page.output] = OutputFile(page.output, data=html.replace(MARKER, link).encode("utf-8"))
    out = [made.pop(f.path, f) for f in files]
    return out + [made[path] for path in sorted(made)], warnings


def _with_link(file: OutputFile, reports: list[Page], link: str) -> OutputFile:
    if file.data is None or file.path not in {p.output for p in reports}:
        return file
    return OutputFile(file.path, data=file.data.replace(MARKER.encode(), link.encode()))


def _missing(exc: Exception) -> SiteError:
    return SiteError(
        "sitegen[pdf]", None,
        f"ไม่ได้สร้างรายงานฉบับ PDF เพราะยังไม่ได้ติดตั้ง WeasyPrint ({exc}) — ติดตั้งด้วย pip install \"sitegen[pdf]\" "
        "และบน Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0 (เว็บไซต์สร้างครบแล้ว เพียงไม่มีไฟล์ PDF)",
        f"the round reports' PDFs were not made: WeasyPrint is not installed ({exc}) — pip install \"sitegen[pdf]\" "
        "and on Debian/Ubuntu apt-get install libpango-1.0-0 libpangoft2-1.0-0 (the site is complete, without PDFs)",
        warning=True,
    )


def render_pdf(html: str, url: str, css: str, files: Mapping[str, OutputFile],
               base_url: str) -> tuple[bytes, list[tuple[str, str]]]:
    """One PDF from a page's HTML at ``url`` and the extra stylesheet ``css``; resources come only
    from ``files`` (the build, by output path). Returns the bytes and the problems (Thai, English)."""
    import weasyprint

    fetcher = make_fetcher(files, base_url)
    with _captured_log() as records:
        # In the page, after its own styles: an author stylesheet like them, which wins where both
        # set a property (a user stylesheet, WeasyPrint's `stylesheets`, would lose).
        styled = spell_sara_am(html, thai_line_breaks).replace(
            "</head>", f"<style>\n{css}\n.pdf-am {{ white-space: nowrap; }}</style>\n</head>", 1)
        document = weasyprint.HTML(string=styled, base_url=url, url_fetcher=fetcher, media_type="print")
        identifier = hashlib.sha256(styled.encode("utf-8")).hexdigest()[:32].encode("ascii")
        pdf = document.write_pdf(pdf_identifier=identifier)
    problems = [(f"รายงานฉบับ PDF: {r.getMessage()} — ตรวจไฟล์ที่หน้ารายงานอ้างถึง",
                 f"report PDF: {r.getMessage()} — check the files the report page refers to")
                for r in records if r.levelno >= logging.ERROR]
    return pdf, problems


def make_fetcher(files: Mapping[str, OutputFile], base_url: str) -> Any:
    """A WeasyPrint URL fetcher that serves the build's own files from memory and refuses everything
    else (other sites, file:, data:), so that making a PDF never sends a request."""
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
            kind = mimetypes.guess_type(rel)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": kind})

    return SiteFetcher()


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
