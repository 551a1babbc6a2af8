"""``sitegen import``, one cell at a time: what a table cell of an agency's Word report holds, as pure functions.

A code at the start of the question cell (``E๑`` → E1, ``i๔``, ``O21``, or a whole indicator
"ตัวชี้วัดที่ ๔ …"), numbered steps (``๑.… ๒.…``, sub-steps ``๑.๑ … ๑.๒ …``), Thai dates
("๑ มีนาคม ๒๕๖๖", "๓๐ ก.ย. ๖๖"), amounts ("๒๐,๐๐๐ บาท") and the folding that compares a cell with the
catalog's wording although a PDF's line wrapping left spaces inside its Thai words.
Nothing here changes a word: values are found, read and cut out, never retyped.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from sitegen.thai import BE_OFFSET, CE_RANGE, MONTHS, arabic_digits

_D = "0-9๐-๙"
TOOLS = ("IIT", "EIT", "OIT")
_LETTER = {"E": "EIT", "I": "IIT", "O": "OIT"}


@dataclass(frozen=True, slots=True)
class Ref:
    """What one row of the measures table answers: a question or item (E7, i4, O21) or a whole indicator."""

    tool: str
    """EIT, IIT or OIT."""
    number: int
    """The question's or item's number; the indicator's number when ``indicator`` is set."""
    indicator: bool = False

    @property
    def code(self) -> str:
        """As the item file names it (and actions list it): ``E7``, ``i4`` (IIT questions are written lower
        case on the official forms), ``O21``, ``IIT-4``."""
        if self.indicator:
            return f"{self.tool}-{self.number}"
        return {"EIT": "E", "IIT": "i", "OIT": "O"}[self.tool] + str(self.number)

    @property
    def key(self) -> str:
        """The canonical form used to compare and look up: ``E7``, ``I4``, ``O21``, ``IIT-4``."""
        return self.code.upper()


_CODE = re.compile(rf"\s*(?:ข้อ\s*)?([EeIiOo])\s?([{_D}]{{1,3}})(?![{_D}A-Za-z])[\s.:)\-–]*")
_INDICATOR = re.compile(rf"\s*ตัวชี้วัด(?:ที่)?\s*([{_D}]{{1,2}})(?![{_D}])[\s.:]*", re.DOTALL)
_TOOL = re.compile(r"(?:เครื่องมือ(?:การ)?ประเมิน|แบบวัด|แบบสำรวจ)\s*\(?\s*(IIT|EIT|OIT)\b|^\s*(IIT|EIT|OIT)\s*$")


def parse_code(text: str) -> tuple[Ref, str, str] | None:
    """``"E๑ เจ้าหน้าที่ …"`` → (Ref EIT 1, ``"E๑"`` as written, ``"เจ้าหน้าที่ …"``); None without a code."""
    match = _CODE.match(text)
    if not match:
        return None
    number = int(arabic_digits(match.group(2)))
    if number == 0:
        return None
    written = text[match.start(1):match.end(2)]
    return Ref(_LETTER[match.group(1).upper()], number), written, text[match.end():].strip()


def parse_indicator(text: str) -> tuple[int, str] | None:
    """``"ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ"`` → (4, ``"การใช้ทรัพย์สินของราชการ"``), else None."""
    match = _INDICATOR.match(text)
    if not match:
        return None
    return int(arabic_digits(match.group(1))), " ".join(text[match.end():].split())


def parse_tool(text: str) -> str | None:
    """The assessment tool a heading names: "เครื่องมือการประเมิน EIT" → ``"EIT"``."""
    match = _TOOL.search(text)
    return (match.group(1) or match.group(2)) if match else None


# --- steps ----------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Step:
    """One numbered step of a cell, with its sub-steps (๑.๑, ๑.๒ …) if it has any."""

    text: str
    subs: tuple[str, ...] = ()


# A step number at the start of the text or after white space: "๑." "1)" "(๑)" for a step, "๑.๑" "1.2." for a
# sub-step; the number must not run on into more digits (๒๕๖๖ is a year, not step ๒).
_MARK = re.compile(rf"(?<!\S)\(?([{_D}]{{1,2}})(?:\.([{_D}]{{1,2}}))?([.)])?(?![{_D}])")
_BULLET = re.compile(r"(?:^|(?<=\s))[•●▪◦❖➢]\s*")


def _one_line(text: str) -> str:
    """White space runs (a PDF's or Word's line breaks inside a step) as one space."""
    return " ".join(text.split())


def _markers(text: str) -> list[tuple[int, int, int, int | None]]:
    """(start, end, step, sub-step or None) of the step numbers that follow each other: ๑, ๒, ๓ and under
    a step its ๑.๑, ๑.๒; any other number is part of the text ("ไตรมาสละ ๑ ครั้ง", "ร้อยละ 2.5")."""
    found: list[tuple[int, int, int, int | None]] = []
    top = sub = 0
    for match in _MARK.finditer(text):
        n = int(arabic_digits(match.group(1)))
        m = int(arabic_digits(match.group(2))) if match.group(2) else None
        opened = match.group(0).startswith("(")
        if m is None:
            if not match.group(3) or (opened and match.group(3) != ")") or n != top + 1:
                continue
            top, sub = n, 0
        elif n == top and m == sub + 1:
            sub = m
        elif n == top + 1 and m == 1:  # "๑.๑ …" with no text of step ๑ before it
            top, sub = n, 1
            found.append((match.start(), match.start(), n, None))
        else:
            continue
        found.append((match.start(), match.end(), n, m))
    return found


def split_steps(text: str) -> tuple[tuple[Step, ...], str]:
    """The steps of a cell and the text before its first step number ("" when none).

    Numbered steps ``๑.… ๒.…`` (Thai or Arabic digits) are split at their numbers, which are dropped (the
    site numbers them); ``๑.๑ …`` become sub-steps of step ๑. Without numbers, each paragraph (line) or
    bullet is a step; a cell of one paragraph is one step."""
    marks = _markers(text)
    if not marks:
        parts = [_one_line(p) for line in text.split("\n") for p in _BULLET.split(line)]
        return tuple(Step(p) for p in parts if p), ""
    steps: list[Step] = []
    for i, (_, end, _, sub) in enumerate(marks):
        piece = _one_line(text[end:marks[i + 1][0]] if i + 1 < len(marks) else text[end:])
        if sub is None:
            steps.append(Step(piece))
        else:
            steps[-1] = Step(steps[-1].text, (*steps[-1].subs, piece))
    return tuple(s for s in steps if s.text or s.subs), _one_line(text[:marks[0][0]])


# --- dates and amounts ----------------------------------------------------------------------------

_SHORT_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")


def _short(name: str) -> str:
    """``"มี.ค."`` → a pattern that also takes "มี.ค", "มี. ค." and "มีค"."""
    letters = [p for p in name.split(".") if p]
    return r"\s?\.?\s?".join(re.escape(p) for p in letters) + r"\.?"


_MONTH_NUMBER = {**{m: i + 1 for i, m in enumerate(MONTHS)}}
_MONTHS = "|".join([*(re.escape(m) for m in MONTHS), *(_short(m) for m in _SHORT_MONTHS)])
_THAI_DATE = re.compile(
    rf"(?P<lead>(?:(?:ได้)?ดำเนินการ(?:แล้ว)?\s*)?(?:เมื่อ\s*)?(?:วันที่\s*|วัน\s+)?)"
    rf"(?<![{_D}])(?P<day>[{_D}]{{1,2}})(?:\s*[-–]\s*(?P<last>[{_D}]{{1,2}}))?\s*(?P<month>{_MONTHS})\s*"
    rf"(?:พ\.\s?ศ\.\s*)?(?P<year>[{_D}]{{4}}|[{_D}]{{2}})(?![{_D}])")
_NUMERIC_DATE = re.compile(
    rf"(?P<lead>(?:(?:ได้)?ดำเนินการ(?:แล้ว)?\s*)?(?:เมื่อ\s*)?(?:วันที่\s*)?)"
    rf"(?:(?P<year>[{_D}]{{4}})-(?P<month>[{_D}]{{1,2}})-(?P<day>[{_D}]{{1,2}})"
    rf"|(?P<d2>[{_D}]{{1,2}})/(?P<m2>[{_D}]{{1,2}})/(?P<y2>[{_D}]{{4}}|[{_D}]{{2}}))(?![{_D}])")


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date written in a text: the day, and where its phrase ("ดำเนินการเมื่อวันที่ …") starts and ends."""

    day: dt.date | None
    """None when the text names no real date (31 กุมภาพันธ์): ``written`` says what was there."""
    start: int
    end: int
    written: str
    range_end: bool = False
    """The text gave a span of days (๑-๕ มีนาคม): ``day`` is its first."""


def _month(text: str) -> int:
    if text in _MONTH_NUMBER:
        return _MONTH_NUMBER[text]
    letters = re.sub(r"[\s.]", "", text)
    return next(i + 1 for i, m in enumerate(_SHORT_MONTHS) if m.replace(".", "") == letters)


def _year(text: str) -> int | None:
    """The Gregorian year of a written year: 4 digits ≥ 2400 are พ.ศ., 2 digits are พ.ศ. 25xx."""
    year = int(arabic_digits(text))
    if len(text) == 2:
        year += 2500
    if year >= 2400:
        year -= BE_OFFSET
    return year if year in CE_RANGE else None


def _date(year: str, month: int, day: str) -> dt.date | None:
    ce = _year(year)
    try:
        return dt.date(ce, month, int(arabic_digits(day))) if ce is not None else None
    except ValueError:
        return None


def find_dates(text: str) -> list[FoundDate]:
    """Every date written in ``text``, in order: "๑ มีนาคม ๒๕๖๖", "27 ต.ค. 65", "2566-03-01", "1/3/2566",
    each with the words that lead to it ("ดำเนินการเมื่อวันที่") inside its span."""
    found = []
    for match in _THAI_DATE.finditer(text):
        day = _date(match.group("year"), _month(match.group("month")), match.group("day"))
        found.append(FoundDate(day, match.start(), match.end(), match.group(0).strip(), bool(match.group("last"))))
    for match in _NUMERIC_DATE.finditer(text):
        if any(f.start <= match.start() < f.end for f in found):
            continue
        if match.group("year"):
            day = _date(match.group("year"), int(arabic_digits(match.group("month"))), match.group("day"))
        else:
            day = _date(match.group("y2"), int(arabic_digits(match.group("m2"))), match.group("d2"))
        found.append(FoundDate(day, match.start(), match.end(), match.group(0).strip()))
    return sorted(found, key=lambda f: f.start)


def without(text: str, found: FoundDate) -> str:
    """``text`` with the date phrase cut out, the spaces around it closed up."""
    return _one_line(f"{text[:found.start]} {text[found.end:]}")


_DEADLINE_LEAD = re.compile(r"\s*(?:กำหนดเวลาแล้วเสร็จ|แล้วเสร็จ)?\s*(?:ภายใน)?\s*")


def parse_date_cell(text: str) -> dt.date | None:
    """The date of a cell that holds only a date ("๓๐ กันยายน ๒๕๖๖", "ภายในวันที่ ๓๐ ก.ย. ๖๖"), else None."""
    rest = text[_DEADLINE_LEAD.match(text).end():]  # type: ignore[union-attr]  # the pattern matches "" too
    dates = find_dates(rest)
    if len(dates) == 1 and dates[0].start == 0 and not rest[dates[0].end:].strip() and not dates[0].range_end:
        return dates[0].day
    return None


_AMOUNT = re.compile(rf"\s*(?:งบประมาณ\s*)?([{_D}]{{1,3}}(?:,[{_D}]{{3}})+|[{_D}]{{1,12}})"
                     rf"(?:\.[0๐]{{1,2}})?\s*(?:บาท)?\s*")


def parse_amount(text: str) -> int | None:
    """``"20,000"``, ``"๒๐,๐๐๐ บาท"``, ``"20000.00"`` → 20000; anything else (a range, a source, "-") → None."""
    match = _AMOUNT.fullmatch(text)
    return int(arabic_digits(match.group(1)).replace(",", "")) if match else None


# --- comparing with the catalog -----------------------------------------------------------------

CHECKBOX = re.compile(r"<input\b[^>]*\btype\s*=\s*[\"']?checkbox[^>]*>|[☐☑☒□▢❏❑]", re.IGNORECASE)


def fold(text: str) -> str:
    """The text as compared with the catalog: NFC, Arabic digits, and no white space at all — a PDF's line
    wrapping leaves spaces inside Thai words (``"เจ้าหน้าที่ของ หน่วยงาน"``) that the form does not have."""
    return "".join(arabic_digits(unicodedata.normalize("NFC", text)).split())


def split_options(text: str) -> tuple[str, tuple[str, ...]]:
    """A question cell's text → (the question, the check-box options under it)."""
    question, *options = CHECKBOX.split(text)
    return _one_line(question), tuple(o for o in (_one_line(p) for p in options) if o)
