"""``sitegen import``, the reading: a report's paragraphs and tables (``read.Document``) → its measures.

What the walk recognises, in document order:

- the **preamble** before the first heading or table: the measures document's title (the last paragraph
  that begins with "มาตรการ", e.g. "มาตรการส่งเสริมคุณธรรมและความโปร่งใสของ… ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
  which also gives the fiscal year) and the introduction after it;
- **headings** "เครื่องมือการประเมิน EIT" and "ตัวชี้วัดที่ ๖ …", as paragraphs or as table rows, which set
  the tool and indicator of the rows below them;
- **header rows**, recognised by their Thai headings (``HEADINGS``), one or several rows (merged cells), at the
  top of a table or repeated on every page; a table without one continues the columns of the one before
  (a table split across pages);
- **data rows**: a code at the start of the question cell begins an item (``E๑``, ``i๔``, ``O21``, or
  "ตัวชี้วัดที่ ๔ …" under a tool heading for a whole indicator); a row with an empty question cell
  continues the item above it (a row split across pages).

Everything else is reported, never guessed: a column with an unknown heading, a row with no code, text
outside the tables. Pure: ``rows`` reads the cells of each item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitegen.importer.cells import Ref, fold, parse_code, parse_indicator, parse_tool
from sitegen.importer.read import Cell, Document, Paragraph, Row, Table
from sitegen.thai import arabic_digits

# Each column kind with the words its heading contains (compared without white space), in the order they
# are tried: "การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ" (the seed's two columns in one) before either.
HEADINGS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    # (kind, words it contains, or the whole heading)
    ("number", (), ("ที่", "ลำดับ", "ลำดับที่", "ข้อที่", "No.")),
    ("question", ("ประเด็น", "ข้อคำถาม", "คำถาม"), ("ข้อ", "รหัส", "ตัวชี้วัด/ข้อ")),
    ("monitoring", ("การรายงานผล", "กำกับติดตาม", "รายงานผล", "ติดตามผล"), ()),
    ("result", ("ผลการดำเนินงาน", "ผลการดำเนินการ", "ผลการปฏิบัติงาน"), ()),
    ("budget", ("งบประมาณ",), ()),
    ("target", ("ตัวชี้วัด", "ค่าเป้าหมาย", "เป้าหมาย"), ()),
    ("deadline", ("กำหนดเวลา", "แล้วเสร็จ", "ระยะเวลา"), ()),
    ("actions", ("การดำเนินการ",), ()),
    ("responsible", ("ผู้รับผิดชอบ", "รับผิดชอบ"), ()),
    ("measures", ("มาตรการ", "ขั้นตอน", "วิธีการ", "แนวทาง", "กิจกรรม", "โครงการ"), ()),
)
KNOWN = "ประเด็น…, ผู้รับผิดชอบ, ขั้นตอนหรือวิธีการ/มาตรการ, การรายงานผลและการกำกับติดตาม, กำหนดเวลาแล้วเสร็จ, " \
        "ระยะเวลา, งบประมาณ, ตัวชี้วัด/ค่าเป้าหมาย, ผลการดำเนินงาน, การดำเนินการ"


def heading_kind(text: str) -> str | None:
    """The column a heading names: ``"ผู้รับผิดชอบ"`` → ``"responsible"``; the seed's merged
    "การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ" → ``"monitoring+deadline"``; None when unknown."""
    folded = fold(text)
    if not folded:
        return None
    kinds = [kind for kind, words, whole in HEADINGS if folded in whole or any(w in folded for w in words)]
    if kinds and kinds[0] == "monitoring" and any(w in folded for w in ("กำหนดเวลา", "แล้วเสร็จ")):
        return "monitoring+deadline"
    return kinds[0] if kinds else None


@dataclass(frozen=True, slots=True)
class Place:
    """Where a cell is in the document, as a person counts in Word: tables, rows and columns from 1."""

    table: int
    row: int
    column: int | None = None
    heading: str = ""
    line: int | None = None
    """The line of a text file; None in a Word document."""

    @property
    def th(self) -> str:
        column = f" คอลัมน์ {self.column}" if self.column else ""
        return f"ตาราง {self.table} แถว {self.row}{column}" + (f" ({_short(self.heading)})" if self.heading else "")

    @property
    def en(self) -> str:
        column = f", column {self.column}" if self.column else ""
        return f"table {self.table}, row {self.row}{column}" + (f" ({_short(self.heading)})" if self.heading else "")


def _short(text: str, size: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


@dataclass(frozen=True, slots=True)
class Note:
    """Something the summary tells: a value read in another form, or text left out, with where it was."""

    th: str
    en: str
    place: Place | None = None
    line: int | None = None
    """For text outside the tables: its line in a text file."""


@dataclass(frozen=True, slots=True)
class Preamble:
    """What comes before the tables: the measures document's title and introduction."""

    title: str | None
    intro: tuple[str, ...]
    """Paragraphs, each with its lines."""
    fiscal_year: int | None
    """From the title, or from the first paragraph that names a fiscal year."""
    left_out: tuple[Note, ...]


@dataclass(eq=False)
class Entry:
    """One item as its rows are read: the texts of each column kind, with where each came from."""

    ref: Ref
    written: str
    """The code as the document writes it (``E๑``)."""
    place: Place
    texts: dict[str, list[tuple[str, Place]]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Walked:
    """The rows of the document's measures tables, grouped by item, and what could not be placed."""

    entries: tuple[Entry, ...]
    unplaced: tuple[Note, ...]
    left_out: tuple[Note, ...]
    notes: tuple[Note, ...]


_FY = re.compile(r"ปีงบประมาณ\s*(?:พ\.\s?ศ\.\s*)?([0-9๐-๙]{4})(?![0-9๐-๙])")


def fiscal_year_in(text: str) -> int | None:
    """``"… ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"`` → 2566 (a year under 2400 is ค.ศ.: 2023 → 2566)."""
    match = _FY.search(text)
    if not match:
        return None
    year = int(arabic_digits(match.group(1)))
    return year if year >= 2400 else year + 543


def _is_heading(text: str) -> bool:
    return parse_tool(text) is not None or any(parse_indicator(line) for line in text.split("\n"))


def read_preamble(doc: Document) -> Preamble:
    """The title (the last paragraph before the tables that begins with "มาตรการ") and the paragraphs
    after it as the introduction; the report's own heading and the agency's address are left out."""
    before: list[Paragraph] = []
    for block in doc.blocks:
        if isinstance(block, Table) or _is_heading(block.text):
            break
        before.append(block)
    at = max((i for i, p in enumerate(before) if fold(p.text).startswith("มาตรการ")), default=None)
    title = " ".join(before[at].text.split()) if at is not None else None
    intro = tuple(p.text for p in before[at + 1:]) if at is not None else ()
    fy = fiscal_year_in(title or "") or next((y for p in before if (y := fiscal_year_in(p.text))), None)
    left = tuple(Note(f"ข้อความก่อนตาราง “{_short(p.text)}” ไม่ได้นำเข้า",
                      f"text before the tables “{_short(p.text)}” was not imported", line=p.line)
                 for p in before[: at if at is not None else len(before)])
    return Preamble(title, intro, fy, left)


@dataclass(frozen=True, slots=True)
class _Column:
    kind: str | None
    heading: str


def _grid(row: Row) -> list[tuple[int, Cell]]:
    """Each cell with the first grid column it covers."""
    out, column = [], 0
    for cell in row.cells:
        out.append((column, cell))
        column += cell.span
    return out


def _grid_of(row: Row) -> range:
    """The grid columns a row covers."""
    return range(sum(c.span for c in row.cells))


def _is_header(row: Row) -> bool:
    texts = [c.text for c in row.cells if c.text.strip()]
    known = sum(heading_kind(t) is not None for t in texts)
    return len(texts) >= 2 and known >= max(2, (len(texts) + 1) // 2) and not any(parse_code(t) for t in texts)


def columns_of(headers: list[Row]) -> list[_Column]:
    """The column of each grid position from one or more header rows: the lowest row's heading wins
    (a heading merged across two columns above their own sub-headings names both until they do)."""
    width = max(sum(c.span for c in r.cells) for r in headers)
    texts = [""] * width
    for row in headers:
        for start, cell in _grid(row):
            if cell.text.strip():
                for i in range(start, min(start + cell.span, width)):
                    texts[i] = " ".join(cell.text.split())
    return [_Column(heading_kind(t), t) for t in texts]


class _Walk:
    """The state of the walk through the blocks: the tool and columns in force, the items so far."""

    def __init__(self) -> None:
        self.tool: str | None = None
        self.columns: list[_Column] | None = None
        self.entries: list[Entry] = []
        self.unplaced: list[Note] = []
        self.left_out: list[Note] = []
        self.notes: list[Note] = []
        self.reported: set[tuple[str, str]] = set()

    def heading(self, text: str) -> bool:
        """Take a tool or indicator heading; False when ``text`` is neither."""
        tool = parse_tool(text)
        if tool is None and not any(parse_indicator(line) for line in text.split("\n")):
            return False
        self.tool = tool or self.tool
        return True

    def table(self, table: Table) -> None:
        rows = list(table.rows)
        headers = []
        while rows and _is_header(rows[0]):
            headers.append(rows.pop(0))
        if headers:
            self._take_columns(table, headers)
        elif self.columns is None or len(self.columns) != max((len(_grid_of(r)) for r in rows), default=0):
            self._other_table(table)  # not the continuation of the table before: a signature block, a chart …
            return
        first = len(headers) + 1
        for index, row in enumerate(rows, start=first):
            if _is_header(row):
                self._take_columns(table, [row])  # the header repeated on a new page
            else:
                self.row(table, index, row)

    def _other_table(self, table: Table) -> None:
        """A table without a header row of its own that does not continue the one before: reported as not
        imported, as a problem when its rows begin with item codes."""
        place = Place(table.number, 1, line=table.rows[0].line)
        if any(r.cells and parse_code(r.cells[0].text) for r in table.rows):
            self.unplaced.append(Note(
                f"ตารางนี้ไม่มีแถวหัวตารางที่รู้จัก ({KNOWN}) จึงไม่ได้นำเข้า — ใส่แถวหัวตารางให้ตารางนี้",
                f"this table has no header row sitegen knows ({KNOWN}), so it was not imported — give it a header row",
                place))
        else:
            first = " ".join(c.text for c in table.rows[0].cells)
            self.left_out.append(Note(f"ตารางที่ไม่ใช่ตารางมาตรการ “{_short(first)}” ไม่ได้นำเข้า",
                                      f"a table that is not a measures table “{_short(first)}” was not imported",
                                      place, place.line))

    def _take_columns(self, table: Table, headers: list[Row]) -> None:
        self.columns = columns_of(headers)
        for number, column in enumerate(self.columns, start=1):
            if column.kind is None and column.heading and ("column", column.heading) not in self.reported:
                self.reported.add(("column", column.heading))
                self.unplaced.append(Note(
                    f"ไม่รู้จักหัวคอลัมน์ “{column.heading}” จึงไม่ได้นำเข้าข้อความในคอลัมน์นี้ — "
                    f"เปลี่ยนหัวคอลัมน์เป็นชื่อที่รู้จัก ({KNOWN}) หรือคัดลอกข้อความเอง",
                    f"unknown column heading “{column.heading}”: its cells were not imported — rename the heading "
                    f"to one sitegen knows ({KNOWN}) or copy the text by hand",
                    Place(table.number, 1, number, column.heading, headers[0].line)))

    def _kind(self, start: int, span: int, place: Place) -> str | None:
        assert self.columns is not None
        kinds = [c.kind for c in self.columns[start:start + span] if c.kind not in (None, "number")]
        if not kinds:
            return None
        if "question" in kinds:
            return "question"
        if set(kinds) == {"monitoring", "deadline"}:
            return "monitoring+deadline"
        if len(set(kinds)) > 1:
            self.notes.append(Note(f"ช่องนี้รวมหลายคอลัมน์ จึงอ่านเป็น “{self.columns[start].heading}”",
                                   f"this cell spans several columns; read as “{self.columns[start].heading}”", place))
        return kinds[0]

    def cells(self, table: Table, index: int, row: Row) -> list[tuple[str, Cell, Place]]:
        """(column kind, cell, place) of each cell of a data row with a known column."""
        assert self.columns is not None
        out = []
        for start, cell in _grid(row):
            heading = self.columns[start].heading if start < len(self.columns) else ""
            place = Place(table.number, index, start + 1, heading, row.line)
            if start >= len(self.columns):
                if cell.text.strip():
                    self.unplaced.append(Note(
                        f"ช่องนี้อยู่นอกคอลัมน์ของหัวตาราง จึงไม่ได้นำเข้า: “{_short(cell.text)}” — คัดลอกเอง",
                        f"this cell lies beyond the header's columns and was not imported: “{_short(cell.text)}” "
                        "— copy it by hand", place))
                continue
            kind = self._kind(start, cell.span, place)
            if kind is not None:
                out.append((kind, cell, place))
        return out

    def row(self, table: Table, index: int, row: Row) -> None:
        cells = self.cells(table, index, row)
        question = next(((cell, place) for kind, cell, place in cells if kind == "question"), None)
        filled = [(k, c, p) for k, c, p in cells if k != "question" and c.text.strip()]
        text = question[0].text.strip() if question and not question[0].continued else ""
        if not text:
            self._continue(filled)
            return
        assert question is not None
        entry = self._begin(text, bool(filled), question[1])
        if entry is None:
            return
        self.entries.append(entry)
        for kind, cell, place in filled:  # a cell merged down from the row above belongs to this item too
            entry.texts.setdefault(kind, []).append((cell.text, place))

    def _begin(self, text: str, filled: bool, place: Place) -> Entry | None:
        """The item a question cell begins, or None (a heading row, or a row that cannot be placed)."""
        if code := parse_code(text):
            ref, written, rest = code
            entry = Entry(ref, written, place)
            entry.texts["question"] = [(rest, place)]
            return entry
        if indicator := parse_indicator(text):
            if not filled:
                self.heading(text)
                return None
            if self.tool is None:
                self.unplaced.append(Note(
                    "แถวของทั้งตัวชี้วัดต้องอยู่ใต้หัวข้อ “เครื่องมือการประเมิน IIT/EIT/OIT” — "
                    "เพิ่มหัวข้อนั้นเหนือตาราง",
                    "a row for a whole indicator must come under a “เครื่องมือการประเมิน IIT/EIT/OIT” heading — "
                    "add that heading above the table", place))
                return None
            entry = Entry(Ref(self.tool, indicator[0], indicator=True), f"ตัวชี้วัดที่ {indicator[0]}", place)
            entry.texts["question"] = [(indicator[1], place)]
            return entry
        if not filled and self.heading(text):
            return None
        self.unplaced.append(Note(
            f"ไม่พบรหัสข้อ (เช่น E๑, i๔, O21) หรือ “ตัวชี้วัดที่ …” ที่ต้นช่อง: “{_short(text)}” — แถวนี้ไม่ได้นำเข้า; "
            "พิมพ์รหัสข้อไว้หน้าข้อความ",
            f"no item code (such as E๑, i๔, O21) or “ตัวชี้วัดที่ …” at the start of the cell: “{_short(text)}” — "
            "this row was not imported; type the code before the text", place))
        return None

    def _continue(self, filled: list[tuple[str, Cell, Place]]) -> None:
        """A row with an empty question cell: more text of the item above (a row split across pages)."""
        if not filled:
            return
        if not self.entries:
            for _, cell, place in filled:
                self.unplaced.append(Note(
                    f"แถวนี้ไม่มีรหัสข้อ และไม่มีข้อก่อนหน้าให้ต่อ: “{_short(cell.text)}” — พิมพ์รหัสข้อในช่องแรก",
                    f"this row has no item code and no item above to continue: “{_short(cell.text)}” — "
                    "type the code in its first cell", place))
            return
        entry = self.entries[-1]
        for kind, cell, place in filled:
            if not cell.continued:  # a merged cell's text came with its first row
                entry.texts.setdefault(kind, []).append((cell.text, place))

    def paragraph(self, paragraph: Paragraph) -> None:
        if not self.heading(paragraph.text):
            self.left_out.append(Note(f"ข้อความนอกตาราง “{_short(paragraph.text)}” ไม่ได้นำเข้า",
                                      f"text outside the tables “{_short(paragraph.text)}” was not imported",
                                      line=paragraph.line))


def walk(doc: Document) -> Walked:
    """The items of the document's measures tables, from the first heading or table on."""
    state = _Walk()
    started = False
    for block in doc.blocks:
        if isinstance(block, Table):
            started = True
            state.table(block)
        elif started or _is_heading(block.text):
            started = True
            state.paragraph(block)
    return Walked(tuple(state.entries), tuple(state.unplaced), tuple(state.left_out), tuple(state.notes))
