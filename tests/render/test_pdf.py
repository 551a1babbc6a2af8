"""The round reports as PDFs: read back with poppler (pdftotext, pdfinfo, pdffonts), as an assessor would."""

from __future__ import annotations

import datetime as dt
import importlib.resources
import json
import re
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitegen.build import build
from sitegen.errors import SiteErrors
from sitegen.output import OutputFile
from sitegen.render.pdf import MARKER, PDF_NAME, make_fetcher
from sitegen.incremental.store import claim, pack, unpack
from sitegen.incremental.pdfcache import CACHE_VARIABLE, ENTRY, cache_folder, full_key
from sitegen.render.pdftext import fix_glyph_text, glyph_characters
from sitegen.render.templates import filesize
from sitegen.thai import thai_digits
from tests.conftest import ITEM_E7, ROOT, SITE_YAML

REPORT = "eit/2566/report-6-months/"
# Single words (libthai may break a compound such as ดำเนิน|การ between its words).
WORDS = ("ประชาสัมพันธ์", "บริหาร", "ดำเนิน", "ปฏิบัติ", "กำกับ", "กำหนด", "สม่ำเสมอ", "ภารกิจ", "คุณภาพ")


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, OutputFile], Path]:
    """The seed site built once, with its PDFs, and the 6-month PDF on disk for poppler."""
    result = build(ROOT / "content", None, dt.date(2023, 9, 30), pdf=True)
    files = {f.path: f for f in result.files}
    path = tmp_path_factory.mktemp("pdf") / PDF_NAME
    path.write_bytes(files[REPORT + PDF_NAME].data or b"")
    return files, path


def poppler(tool: str, *args: str | Path) -> str:
    return subprocess.run([tool, *map(str, args)], capture_output=True, text=True, check=True).stdout


def pages_text(pdf: Path) -> list[str]:
    """Each page's text, whitespace removed (pdftotext breaks lines inside cells)."""
    return [re.sub(r"\s+", "", page) for page in poppler("pdftotext", "-raw", pdf, "-").split("\f")[:-1]]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def report_rows(html: bytes) -> list[tuple[str, list[str]]]:
    """(item code as shown, the start and the end of each of the five cells) for each row of the report's tables."""
    soup = BeautifulSoup(html, "html.parser")
    rows = []
    for tr in soup.select("table.eit tbody tr"):
        cells = [squeeze(c.get_text(" ")) for c in tr.find_all(["th", "td"])]
        cells = [part for cell in cells for part in (cell[:12], cell[-12:])]
        rows.append((tr.select_one(".code").get_text(strip=True), cells))
    return rows


def test_every_item_and_column_reads_back_on_one_page(seed):
    files, pdf = seed
    text = pages_text(pdf)
    rows = report_rows(files[REPORT + "index.html"].data or b"")
    assert len(rows) == 11 and len(text) >= 2
    for code, phrases in rows:
        assert len(phrases) == 10
        where = [i for i, page in enumerate(text) if code in page and phrases[0] in page]
        assert len(where) == 1, (code, where)
        for phrase in phrases:  # both ends of every cell on that page: the row is not split
            assert phrase in text[where[0]], (code, phrase)
    assert sum(code in text[0] for code, _ in rows) >= 2  # the title block leaves room for rows on page 1


def test_every_page_has_header_numbers_and_column_heads(seed):
    files, pdf = seed
    text = pages_text(pdf)
    for number, page in enumerate(text, 1):
        assert squeeze("องค์การบริหารส่วนตำบลสระตะเคียน อำเภอเสิงสาง") in page
        assert squeeze("รอบ ๖ เดือน (เดือนตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖)") in page
        assert squeeze("ข้อมูล ณ วันที่ ๓๐ กันยายน ๒๕๖๖") in page
        assert f"หน้า{thai_digits(str(number))}/{thai_digits(str(len(text)))}" in page
        assert squeeze("ผู้รับผิดชอบ ขั้นตอนหรือวิธีการ/มาตรการ") in page  # the table head, repeated


def test_a4_landscape_sarabun_embedded_and_title(seed):
    files, pdf = seed
    title = BeautifulSoup(files[REPORT + "index.html"].data or b"", "html.parser").title
    info = re.sub(r"(?m)^(\w+:)\s+", r"\1", poppler("pdfinfo", pdf))
    assert title is not None and f"Title:{title.get_text()}" in info
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts \(A4\)",
                       poppler("pdfinfo", "-f", "1", "-l", "99", pdf))
    assert sizes and all(float(w) > float(h) for w, h in sizes)
    fonts = poppler("pdffonts", pdf).splitlines()[2:]
    assert fonts and all("Sarabun" in line and line.split()[-5] == "yes" for line in fonts)  # emb column


def glyph_texts(pdf: bytes) -> list[str]:
    """The text of every glyph in the PDF's ToUnicode maps (what a viewer that ignores /ActualText copies)."""
    texts = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(stream)
        except zlib.error:
            continue
        if b"beginbfchar" in data:
            texts += [bytes.fromhex(h.decode()).decode("utf-16-be")
                      for h in re.findall(rb"<[0-9a-fA-F]+>\s*<([0-9a-fA-F]*)>", data.split(b"beginbfchar", 1)[1])]
    return texts


def test_each_glyph_reads_as_its_own_character_without_actual_text(seed):
    """HarfBuzz draws ำ as ํ + า in one cluster; WeasyPrint alone would give า the cluster's text
    ("ดำ") and ด none. Each glyph reads as its own character(s), ำ as ํ + า (NFKC-equal)."""
    files, _ = seed
    texts = glyph_texts(files[REPORT + PDF_NAME].data or b"")
    assert {"ด", "า", "\u0e4d", "ก", "\u0e49", "\u0e48\u0e4d"} <= set(texts)  # ่ํ: one glyph (สม่ำเสมอ)
    assert all(t and "\u0e33" not in t for t in texts), texts


def test_glyph_text_fix_keeps_what_the_font_does_not_know():
    font = next(Path(importlib.resources.files("fontpkg_sarabun")).rglob("Sarabun-Regular.ttf")).read_bytes()  # type: ignore[arg-type]
    own = glyph_characters(font)
    aa, do = (next(g for g, chars in own.items() if c in chars) for c in ("า", "ด"))
    to_unicode = {aa: "ดำ", do: "", 99999: "ffi"}
    fix_glyph_text(to_unicode, own)
    assert to_unicode == {aa: "า", do: "ด", 99999: "ffi"}
    moved = [g for g, chars in own.items() if chars == {"\u0e49"}]  # ้, and the font's moved forms of it
    assert len(moved) > 1


def test_thai_lines_break_between_words(seed):
    """No line of the PDF ends inside a word: each word that the text holds is whole on one line."""
    _, pdf = seed
    lines = poppler("pdftotext", "-raw", pdf, "-")
    joined = re.sub(r"\s+", "", lines)
    for word in WORDS:
        assert joined.count(word) > 0 and lines.count(word) == joined.count(word), word


def test_report_page_links_its_pdf_with_size(seed):
    files, _ = seed
    for report in (REPORT, "eit/2566/report-12-months/"):
        pdf = files[report + PDF_NAME].data or b""
        assert pdf.startswith(b"%PDF-")
        html = (files[report + "index.html"].data or b"").decode()
        link = BeautifulSoup(html, "html.parser").select_one(".report-pdf a")
        assert link is not None and link["href"] == f"/{report}{PDF_NAME}"
        assert f"(PDF, {filesize(len(pdf), 'thai')})" in html and MARKER not in html


def test_fetcher_serves_only_the_sites_own_files():
    files = {"static/site.css": OutputFile("static/site.css", data=b"p{}")}
    fetcher = make_fetcher(files, "https://test.example/")
    assert fetcher.fetch("https://test.example/static/site.css").read() == b"p{}"
    for url in ("https://other.example/static/site.css", "file:///etc/passwd", "data:text/css,p{}",
                "https://test.example/static/missing.css"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def small_site(root: Path) -> Path:
    content = root / "content"
    (content / "eit" / "2566").mkdir(parents=True)
    (content / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    (content / "eit" / "2566" / "index.md").write_text("ข้อความนำ น้ำดำเนินการ\n", encoding="utf-8")
    (content / "eit" / "2566" / "E7.md").write_text(ITEM_E7, encoding="utf-8")
    return content


def report_pdf(content: Path) -> bytes:
    files = {f.path: f for f in build(content, None, dt.date(2023, 5, 1), pdf=True).files}
    return files[REPORT + PDF_NAME].data or b""


@pytest.fixture(autouse=True)
def cache_beside_the_content(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests look at the cache where a site keeps it, not at the test run's shared one."""
    monkeypatch.delenv(CACHE_VARIABLE, raising=False)


def cache_files(content: Path, suffix: str) -> list[Path]:
    return sorted(cache_folder(content).glob("*" + suffix))


def payload(path: Path) -> bytes | None:
    """What a cache entry holds (entries are authenticated with the cache folder's own key)."""
    return unpack(claim(path.parent, lambda name: True) or b"", path.name, path.read_bytes())


def write_entry(path: Path, data: bytes) -> None:
    """Write an entry as the cache itself would (with its key)."""
    path.write_bytes(pack(claim(path.parent, lambda name: True) or b"", path.name, data))


def cached_pdf(content: Path, pdf: bytes) -> Path:
    """The cache file holding ``pdf``."""
    return next(path for path in cache_files(content, ".pdf") if payload(path) == pdf)


@pytest.mark.full  # two more processes each lay out both reports (~8 s)
def test_two_clean_builds_and_a_cached_one_give_the_same_bytes(tmp_path):
    """Two clean builds in their own processes (hash seeds 1, 2), each of its own copy of the content,
    then a build of the first copy that reads its PDF from the cache: three times the same bytes."""
    script = ("import datetime, sys; from pathlib import Path; from sitegen.build import build; "
              "files = {f.path: f.data "
              "for f in build(Path(sys.argv[1]), None, datetime.date(2023, 5, 1), pdf=True).files}; "
              f"sys.stdout.buffer.write(files['{REPORT}{PDF_NAME}'])")
    contents = [small_site(tmp_path / seed) for seed in ("1", "2")]
    runs = [subprocess.run([sys.executable, "-c", script, str(content)], capture_output=True, check=True,
                           env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}).stdout
            for seed, content in zip(("1", "2"), contents)]
    assert runs[0].startswith(b"%PDF-") and runs[0] == runs[1]
    # the 6- and the 12-month report: each one list of fetched files and one PDF
    assert len(cache_files(contents[0], ".deps")) == len(cache_files(contents[0], ".pdf")) == 2
    assert cached_pdf(contents[0], runs[0])
    assert report_pdf(contents[0]) == runs[0]


def test_a_rebuild_reads_the_pdf_from_the_cache_until_its_inputs_change(tmp_path):
    content = small_site(tmp_path)
    made = report_pdf(content)
    cached = cached_pdf(content, made)
    assert all("static/site.css" in json.loads(payload(deps) or b"") for deps in cache_files(content, ".deps"))
    stand_in = b"%PDF-1.7\n% a stand-in for the cached PDF\n%%EOF\n"
    write_entry(cached, stand_in)
    assert report_pdf(content) == stand_in  # read back, not made again
    item = content / "eit" / "2566" / "E7.md"
    item.write_text(item.read_text(encoding="utf-8").replace("รายงานผู้บริหาร", "รายงานนายก"), encoding="utf-8")
    changed = report_pdf(content)
    assert changed.startswith(b"%PDF-") and changed not in (made, stand_in) and len(cache_files(content, ".pdf")) == 4


def test_the_pdf_key_holds_every_fetched_file():
    files = {"static/site.css": OutputFile("static/site.css", data=b"p{}")}
    key = full_key("k", ["static/site.css"], files)
    assert key is not None and len(key) == 64
    assert full_key("k", ["static/site.css"], {"static/site.css": OutputFile("static/site.css", data=b"b{}")}) != key
    assert full_key("k2", ["static/site.css"], files) != key
    assert full_key("k", ["static/site.css", "static/gone.css"], files) is None


# One damage in the quick run; each case lays a PDF out again (~2 s), so the rest are in the full run.
@pytest.mark.parametrize("damage", ["truncated pdf", *(pytest.param(d, marks=pytest.mark.full) for d in (
    "empty pdf", "deps not json", "deps not a list", "deps binary"))])
def test_a_damaged_cache_entry_is_made_again(tmp_path, damage):
    content = small_site(tmp_path)
    made = report_pdf(content)
    cached, deps_files = cached_pdf(content, made), cache_files(content, ".deps")
    if damage == "truncated pdf":  # written with the cache's key: the content itself is checked too
        write_entry(cached, made[: len(made) // 2])
    elif damage == "empty pdf":
        write_entry(cached, b"")
    for deps in deps_files:
        if damage == "deps not json":
            write_entry(deps, b"[\"static/site.css\"")
        elif damage == "deps not a list":
            write_entry(deps, b'{"static/site.css": 1}')
        elif damage == "deps binary":
            write_entry(deps, b"\xff\xfe\x00")
    assert report_pdf(content) == made
    assert payload(cached) == made  # the entry is whole again


def test_a_forged_or_foreign_pdf_entry_is_made_again(tmp_path):
    """Entries carried a plain sha256 of themselves on the landed main: anyone who could write the cache could
    publish their own PDF. Now one made without the folder's key (0600, its owner's) is a miss."""
    content = small_site(tmp_path)
    made = report_pdf(content)
    cached = cached_pdf(content, made)
    forged = b"%PDF-1.7\n% not what sitegen made\n%%EOF\n"
    cached.write_bytes(pack(b"k" * 32, cached.name, forged))  # a key of the forger's own
    assert report_pdf(content) == made and payload(cached) == made
    key = cache_folder(content) / ".sitegen-key"
    assert key.stat().st_mode & 0o777 == 0o600
    key.chmod(0o644)  # a key others may read is no key: the cache is not used
    cached.write_bytes(pack(key.read_bytes(), cached.name, forged))
    assert report_pdf(content) == made


def test_a_cache_that_cannot_be_written_leaves_the_build_whole(tmp_path):
    content = small_site(tmp_path)
    (content.parent / ".sitegen-cache").write_text("not a folder", encoding="utf-8")
    result = build(content, None, dt.date(2023, 5, 1), pdf=True)
    assert (next(f.data for f in result.files if f.path == REPORT + PDF_NAME) or b"").startswith(b"%PDF-")
    assert not [w for w in result.warnings if "PDF" in w.en]
    assert (content.parent / ".sitegen-cache").read_text(encoding="utf-8") == "not a folder"


def test_without_weasyprint_the_site_builds_and_says_how(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint → ImportError
    result = build(small_site(tmp_path), None, dt.date(2023, 5, 1), pdf=True)
    files = {f.path: f for f in result.files}
    assert REPORT + PDF_NAME not in files and REPORT + "index.html" in files
    assert MARKER.encode() not in (files[REPORT + "index.html"].data or b"")
    assert [w.path for w in result.warnings if 'pip install "sitegen-ita[pdf]"' in w.en] == ["sitegen-ita[pdf]"]


def test_a_broken_site_pdf_css_is_named_with_its_line(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "pdf.css").write_text("@page {\n  size: {{ nope( }};\n}\n", encoding="utf-8")
    with pytest.raises(SiteErrors) as caught:
        build(small_site(tmp_path), templates, dt.date(2023, 5, 1), pdf=True)
    assert [(str(e.path), e.line) for e in caught.value.errors] == [("templates/pdf.css", 2)]


@pytest.mark.full  # a report of its own to lay out (~4 s)
def test_a_row_taller_than_a_page_is_split_and_reads_back(tmp_path):
    content = small_site(tmp_path)
    (content / "actions" / "2566").mkdir(parents=True)
    for n in range(60):
        day = dt.date(2022, 10, 1) + dt.timedelta(days=n)
        (content / "actions" / "2566" / f"{day}-a.md").write_text(
            f"---\ntitle: ประชุมครั้งที่ {n + 1} ทำแผน\ndate: {day}\nitems: [E7]\n---\n", encoding="utf-8")
    result = build(content, None, dt.date(2023, 5, 1), pdf=True)
    assert not [w for w in result.warnings if "PDF" in w.en]
    pdf = tmp_path / PDF_NAME
    pdf.write_bytes(next(f.data for f in result.files if f.path == REPORT + PDF_NAME) or b"")
    text = "".join(pages_text(pdf))
    assert len(pages_text(pdf)) > 1
    assert all(squeeze(f"ประชุมครั้งที่ {n + 1} ทำแผน") in text for n in range(60))


def test_page_numbers_follow_the_sites_arabic_digits_and_no_temporary_folder_stays(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    content = small_site(tmp_path)
    (content / "site.yaml").write_text(SITE_YAML + "digits: arabic\n", encoding="utf-8")
    pdf = tmp_path / PDF_NAME
    pdf.write_bytes(report_pdf(content))
    text = pages_text(pdf)
    assert text and all(f"หน้า{n}/{len(text)}" in page for n, page in enumerate(text, 1))
    assert list((tmp_path / "tmp").iterdir()) == []  # WeasyPrint's folder of the page's fonts is gone


def test_the_cache_folder_is_beside_the_content_folder_or_where_the_variable_says(tmp_path, monkeypatch):
    monkeypatch.delenv(CACHE_VARIABLE, raising=False)
    assert cache_folder(tmp_path / "content") == tmp_path / ".sitegen-cache" / "pdf"
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "ci-cache"))
    assert cache_folder(tmp_path / "content") == tmp_path / "ci-cache" / "pdf"


def test_reports_laid_out_in_two_workers_are_the_bytes_of_one_process_and_a_fault_is_a_warning(monkeypatch):
    """Each report is laid out in a forked worker when there are two and cores to spare (a large site's
    report takes minutes): the same bytes as one process, and a fault in a worker is that report's warning."""
    import sitegen.render.pdf

    def pdfs(workers: str) -> tuple[dict[str, bytes], list[str]]:
        monkeypatch.setenv("SITEGEN_WORKERS", workers)
        result = build(ROOT / "content", None, dt.date(2023, 9, 30), pdf=True, pdf_cache=False)
        return ({f.path: f.data for f in result.files if f.path.endswith(".pdf")},
                [str(w) for w in result.warnings if "PDF" in w.en])  # not the seed's content warnings

    serial, parallel = pdfs("1"), pdfs("2")
    assert len(serial[0]) == 2 and serial == parallel and parallel[1] == []
    laid_out = sitegen.render.pdf.render_pdf

    def broken(styled: str, url: str, *args):
        if "report-12-months" in url:
            raise RuntimeError("layout failed")
        return laid_out(styled, url, *args)

    monkeypatch.setattr(sitegen.render.pdf, "render_pdf", broken)  # the workers are forked: they inherit it
    made, warnings = pdfs("2")
    assert list(made) == [REPORT + PDF_NAME] and made[REPORT + PDF_NAME] == serial[0][REPORT + PDF_NAME]
    assert len(warnings) == 1 and "eit/2566/report-12-months/report.pdf" in warnings[0]
    assert "RuntimeError('layout failed')" in warnings[0]


def test_clean_up_never_touches_a_folder_the_cache_did_not_make(tmp_path, monkeypatch):
    """With SITEGEN_CACHE_DIR=$HOME, the landed main deleted every *.pdf older than 30 days in $HOME/pdf/."""
    import os
    import time

    from sitegen.incremental.pdfcache import prune, read_cached, write_cached

    home = tmp_path / "home"
    (home / "pdf").mkdir(parents=True)
    old = time.time() - 100 * 86400
    for name in ("ภาษีที่ดิน.pdf", "a" * 64 + ".pdf", "b" * 64 + ".deps", ".tmp-x1", "notes.txt"):
        (home / "pdf" / name).write_bytes(b"%PDF-1.4\nmine\n%%EOF\n")
        os.utime(home / "pdf" / name, (old, old))
    monkeypatch.setenv(CACHE_VARIABLE, str(home))
    folder = cache_folder(tmp_path / "content")
    files = {"static/site.css": OutputFile("static/site.css", data=b"p{}")}
    write_cached(folder, "c" * 64, ["static/site.css"], files, b"%PDF-1.7\n%%EOF\n")
    assert read_cached(folder, "c" * 64, files) is None  # not the cache's folder: neither written nor read
    prune(folder, now=time.time())
    assert sorted(p.name for p in folder.iterdir()) == sorted([".tmp-x1", "a" * 64 + ".pdf", "b" * 64 + ".deps",
                                                               "notes.txt", "ภาษีที่ดิน.pdf"])
    fresh = tmp_path / "cache" / "pdf"  # the cache's own folder: made and tagged by it
    write_cached(fresh, "c" * 64, ["static/site.css"], files, b"%PDF-1.7\n%%EOF\n")
    assert read_cached(fresh, "c" * 64, files) == b"%PDF-1.7\n%%EOF\n" and (fresh / "CACHEDIR.TAG").is_file()


def test_entries_no_build_used_for_30_days_are_removed_the_rest_kept(tmp_path):
    """Each change of a report adds an entry; a build that makes PDFs removes those unused for KEEP_DAYS
    (by date: a shared cache holds other sites' entries), and reading an entry keeps it."""
    import os
    import time

    from sitegen.incremental.pdfcache import KEEP_DAYS

    content = small_site(tmp_path)
    made = report_pdf(content)
    folder = cache_folder(content)
    used = sorted(p.name for p in folder.iterdir() if ENTRY.fullmatch(p.name))
    own = sorted(p.name for p in folder.iterdir() if not ENTRY.fullmatch(p.name))  # its key and CACHEDIR.TAG
    old = time.time() - (KEEP_DAYS + 1) * 86400
    for path in folder.iterdir():  # this site's entries, last used a month ago
        os.utime(path, (old, old))
    planted = {"stale": ("a" * 64 + ".pdf", old), "temporary": (".tmp-x1", old), "foreign": ("notes.txt", old),
               "recent": ("b" * 64 + ".pdf", time.time())}
    for name, when in planted.values():
        (folder / name).write_bytes(b"%PDF-1.7\n%%EOF\n")
        os.utime(folder / name, (when, when))
    assert report_pdf(content) == made  # read back from the cache: its entries are in use again
    left = sorted(p.name for p in folder.iterdir())
    assert left == sorted([*used, *own, planted["foreign"][0], planted["recent"][0]])
    assert all(time.time() - (folder / name).stat().st_mtime < 3600 for name in used)


def test_the_layout_runs_under_the_collectors_default_thresholds_and_gives_the_build_its_own_back(monkeypatch):
    """WeasyPrint's garbage is in cycles: under a run's raised thresholds (``cli.GC_THRESHOLDS``) it piled up (a
    1 000-document build with PDFs: 340 MiB at its peak instead of 230)."""
    import gc

    from sitegen.cli import GC_THRESHOLDS
    from sitegen.render import pdf

    seen = []
    monkeypatch.setattr(pdf, "_report_pdf", lambda *args: seen.append(gc.get_threshold()) or b"%PDF")
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        assert pdf._make_all([("<html></html>", "https://example.org/r/")], {}, "https://example.org/") == [b"%PDF"]
        assert seen == [pdf.GC_DEFAULTS] and gc.get_threshold() == GC_THRESHOLDS
    finally:
        gc.set_threshold(*before)
