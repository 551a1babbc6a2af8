"""``sitegen import``, reading: a Word document or the text copied from its PDF, as paragraphs and tables.

Three inputs give the same ``Document``:

- **text** (``.txt``, or any file that is not a Word file): what copying a PDF's or Word's table gives —
  one table row a line, its cells separated by tabs; a blank line ends a table;
- **.docx**, read with python-docx: the body's paragraphs and tables in order; a cell merged across
  columns (``gridSpan``) is one cell with its span, the lower parts of a cell merged down rows (``vMerge``)
  repeat its text, marked ``continued``; a cell's text is every ``w:t`` of its paragraphs (inserted
  revisions, hyperlinks, content controls and nested tables included, deleted revisions left out);
- **.doc / .odt**, converted to .docx by LibreOffice (``soffice --headless --convert-to docx``) into a
  temporary folder first.

All text is NFC. Nothing is interpreted here: ``tables`` finds the measures in it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import Invalid

WORD = (".docx",)
CONVERTED = (".doc", ".docm", ".dot", ".dotx", ".odt", ".fodt", ".rtf")
CONVERT_TIMEOUT = 300  # seconds: LibreOffice on a slow machine with a long report, never a hang for ever


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    """Its paragraphs, one a line (NFC)."""
    span: int = 1
    """How many of the table's grid columns it covers."""
    continued: bool = False
    """The lower part of a cell merged down several rows (Word): ``text`` is the merged cell's."""


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]
    line: int | None = None
    """Its line in a text file (None in a Word document)."""


@dataclass(frozen=True, slots=True)
class Table:
    number: int
    """1, 2, … in document order."""
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Document:
    name: str
    """The file's name, as the summary shows it."""
    blocks: tuple[Paragraph | Table, ...]
    kind: str
    """``text``, ``docx`` or the suffix LibreOffice converted from (``doc``, ``odt``)."""
    encoding: str = "UTF-8"
    """The text file's encoding (a Word file is always read whole)."""


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- text -----------------------------------------------------------------------------------------

def parse_text(text: str, name: str, encoding: str = "UTF-8") -> Document:
    """Lines with a tab are table rows (consecutive ones one table); other lines make paragraphs,
    separated by blank lines."""
    blocks: list[Paragraph | Table] = []
    rows: list[Row] = []
    para: list[str] = []
    para_line = 0

    def flush() -> None:
        nonlocal rows, para
        if rows:
            blocks.append(Table(sum(isinstance(b, Table) for b in blocks) + 1, tuple(rows)))
        if para:
            blocks.append(Paragraph("\n".join(para), para_line))
        rows, para = [], []

    for number, line in enumerate(_nfc(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if "\t" in line:
            if para:
                flush()
            rows.append(Row(tuple(Cell(c.strip()) for c in line.rstrip("\t").split("\t")), number))
        elif line.strip():
            if rows:
                flush()
            if not para:
                para_line = number
            para.append(line.strip())
        else:
            flush()
    flush()
    return Document(name, tuple(blocks), "text", encoding)


def decode_input(data: bytes) -> tuple[str, str]:
    """The text of a copied table and the encoding it was saved in. Unlike content files, an import
    reads what Notepad and older Thai editors save (UTF-16/32, TIS-620): it only reads the file once
    and writes UTF-8. Raises Invalid for bytes that are not text."""
    from sitegen.load.encoding import THAI_CODE_PAGE, EncodingProblem, decode_text, encoding_message

    try:
        return decode_text(data), "UTF-8"
    except EncodingProblem as problem:
        if problem.name is None:
            raise Invalid(*encoding_message(problem)) from None
        codec = "cp874" if problem.name == THAI_CODE_PAGE else problem.name.replace(" ", "-").lower()
        try:
            return _nfc(data.decode(codec).lstrip("\ufeff")), problem.name
        except UnicodeDecodeError:
            raise Invalid(*encoding_message(EncodingProblem(None, 1))) from None


# --- .docx ----------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIPPED = {f"{_W}del", f"{_W}moveFrom", "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
            f"{_W}instrText", f"{_W}delText"}
# Symbol-font characters (Wingdings, Symbol) as Word's w:sym holds them and LibreOffice writes them (in the
# private-use area U+F000–F0FF): the check boxes of a question's options, and the bullets of a list.
_SYMBOLS = {**dict.fromkeys((0xF0A8, 0xF06F, 0xF071, 0xF072, 0xF0A1, 0xF0FE, 0xF078, 0xF0FD), " ☐ "),
            **dict.fromkeys((0xF0B7, 0xF0A7, 0xF09F, 0xF076, 0xF0D8, 0xF0E8, 0xF0A4), " • ")}


def _runs_text(element, out: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Collect the visible text under ``element`` in order; a tab is a space, a line break a new line,
    a check-box symbol (Wingdings) a ☐."""
    for child in element:
        tag = child.tag
        if tag in _SKIPPED:
            continue
        if tag == f"{_W}t":
            out.append((child.text or "").translate(_SYMBOLS))
        elif tag in (f"{_W}tab", f"{_W}ptab"):
            out.append(" ")
        elif tag in (f"{_W}br", f"{_W}cr"):
            out.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            out.append("-")
        elif tag == f"{_W}sym":
            try:
                code = int(child.get(f"{_W}char") or "", 16)
            except ValueError:
                continue
            out.append(_SYMBOLS.get(code | 0xF000 if code < 0x100 else code, ""))
        elif tag != f"{_W}p":  # nested paragraphs (text boxes) come through their own element
            _runs_text(child, out)


def _paragraph_text(p) -> str:  # type: ignore[no-untyped-def]
    out: list[str] = []
    _runs_text(p, out)
    return "".join(out).strip()


def _level(p) -> int | None:  # type: ignore[no-untyped-def]
    """The list level of a paragraph Word numbers or bullets itself (its number is not in its text)."""
    ilvl = p.find(f"{_W}pPr/{_W}numPr/{_W}ilvl")
    if p.find(f"{_W}pPr/{_W}numPr") is None:
        return None
    return int(ilvl.get(f"{_W}val", "0")) if ilvl is not None else 0


def cell_text(tc) -> str:  # type: ignore[no-untyped-def]
    """A cell's paragraphs, one a line. Paragraphs Word numbers itself get their numbers written out
    ("1." for a first-level entry, "1.1" under it) so that steps split as if they had been typed."""
    lines = []
    top = sub = 0
    for p in tc.iter(f"{_W}p"):
        text = _paragraph_text(p)
        if not text:
            continue
        level = _level(p)
        if level is not None and not _typed_number(text):
            if level == 0:
                top, sub = top + 1, 0
                text = f"{top}. {text}"
            else:
                sub += 1
                text = f"{max(top, 1)}.{sub} {text}"
        lines.append(text)
    return _nfc("\n".join(lines))


def _typed_number(text: str) -> bool:
    from sitegen.importer.cells import _markers

    marks = _markers(text)
    return bool(marks) and marks[0][0] == 0


def _docx_table(table, number: int) -> Table:  # type: ignore[no-untyped-def]
    rows = []
    above: tuple = ()
    for row in table.rows:
        grid = row.cells
        cells: list[Cell] = [Cell("")] * int(getattr(row, "grid_cols_before", 0) or 0)
        i = 0
        while i < len(grid):
            tc = grid[i]._tc
            span = 1
            while i + span < len(grid) and grid[i + span]._tc is tc:
                span += 1
            continued = i < len(above) and above[i]._tc is tc
            cells.append(Cell(cell_text(tc), span, continued))
            i += span
        rows.append(Row(tuple(cells)))
        above = grid
    return Table(number, tuple(rows))


def read_docx(path: Path, name: str, kind: str = "docx") -> Document:
    """Raises Invalid when the file is not a Word document python-docx can open."""
    import zipfile

    import docx
    from docx.opc.exceptions import OpcError
    from docx.table import Table as DocxTable

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, OpcError, KeyError, ValueError, OSError) as exc:
        raise Invalid(f"เปิดไฟล์ Word ไม่ได้ ({exc}) — เปิดใน Word แล้วบันทึกเป็น .docx ใหม่",
                      f"cannot open the Word file ({exc}) — open it in Word and save it as .docx again") from None
    blocks: list[Paragraph | Table] = []
    for block in document.iter_inner_content():
        if isinstance(block, DocxTable):
            blocks.append(_docx_table(block, sum(isinstance(b, Table) for b in blocks) + 1))
        elif text := _nfc(_paragraph_text(block._p)):
            blocks.append(Paragraph(text))
    return Document(name, tuple(blocks), kind)


# --- .doc / .odt through LibreOffice ---------------------------------------------------------------

def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(path: Path, folder: Path) -> Path:
    """``path`` converted by LibreOffice into ``folder``. Raises Invalid when it is not installed or fails."""
    program = soffice()
    if program is None:
        raise Invalid(
            f"เปิดไฟล์ {path.suffix} ต้องใช้ LibreOffice ซึ่งไม่ได้ติดตั้งไว้ — ติดตั้ง LibreOffice "
            "(Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui) หรือเปิดไฟล์ใน Word แล้วบันทึกเป็น .docx",
            f"reading a {path.suffix} file needs LibreOffice, which is not installed — install it "
            "(Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui), "
            "or open the file in Word and save it as .docx")
    # Its own profile: with the user's LibreOffice open, soffice would hand the file to it and convert nothing.
    command = [program, "--headless", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
               "--convert-to", "docx", "--outdir", str(folder / "out"), str(path.absolute())]
    try:
        done = subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        done = None
    target = folder / "out" / (path.stem + ".docx")
    if done is None or not target.is_file():
        said = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[-300:] if done else "timeout"
        raise Invalid(
            f"LibreOffice แปลงไฟล์เป็น .docx ไม่ได้ ({said}) — ถ้ายังไม่มีส่วน Writer ให้ติดตั้ง "
            "libreoffice-writer-nogui หรือเปิดไฟล์ใน Word/LibreOffice แล้วบันทึกเป็น .docx",
            f"LibreOffice could not convert the file to .docx ({said}) — install its Writer part "
            "(libreoffice-writer-nogui) if it is missing, or open the file and save it as .docx")
    return target


def read_document(path: Path) -> Document:
    """Read ``path`` by its suffix (.docx; .doc/.odt/.rtf through LibreOffice; anything else as text).
    Raises Invalid with the reason and the fix."""
    from sitegen.load.tree import read_bytes
    from sitegen.errors import SiteError

    suffix = path.suffix.lower()
    if suffix in WORD:
        return read_docx(path, path.name)
    if suffix in CONVERTED:
        with tempfile.TemporaryDirectory(prefix="sitegen-import-") as folder:
            return read_docx(convert_to_docx(path, Path(folder)), path.name, suffix[1:])
    try:
        data = read_bytes(path, path.name)
    except SiteError as exc:
        raise Invalid(exc.th, exc.en) from None
    if data.startswith(b"PK\x03\x04"):
        return read_docx(path, path.name)  # a .docx saved under another name
    text, encoding = decode_input(data)
    return parse_text(text, path.name, encoding)
