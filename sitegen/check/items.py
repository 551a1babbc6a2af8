"""Validate stage, the measures' items: what an item file answers (its subject: a question or item of the IIT,
EIT or OIT, or a whole indicator of one of them), its disagreements with the catalog, its folder and its fiscal
year, and the columns a year's ``columns:`` chooses against what its items hold.

Pure functions of documents and catalogs; ``validate.py`` calls them and keeps the records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sitegen.catalog.catalogs import Catalogs, Indicator, Subject, catalog_hint, tool_of, year_subjects
from sitegen.catalog.schema import KIND_WHAT
from sitegen.load.content import SourceDoc
from sitegen.errors import SiteError
from sitegen.fields import COLUMNS, Column, normalize_code, shown_code
from sitegen.thai import fiscal_year, fiscal_year_span, thai_date

OPTIONAL_COLUMNS = {"deadline": "deadline", "budget": "budget", "target": "target", "result": "result"}
"""Columns that show an optional item field (column → front-matter key)."""
REQUIRED_COLUMNS = ("issue", "actions")
"""Columns every table keeps: the item each row is about, and what was done (the round reports' point)."""


def _file_name(key: str) -> str:
    return f"{shown_code(key)}.md"


def _key(doc: SourceDoc, values: Mapping[str, Any], errors: list[SiteError]) -> str | None:
    """The subject key the file names: its ``code``, or ``tool`` + ``indicator`` for a whole indicator."""
    code, tool, number = values.get("code"), values.get("tool"), values.get("indicator")
    if code is not None:
        owner = tool_of(code)
        if owner is None:
            errors.append(SiteError(
                doc.shown, doc.lines.get("code", 1),
                f"'{code}' ไม่ใช่รหัสข้อของการประเมิน ITA — ใช้รหัสเช่น E7 (EIT), i4 (IIT) หรือ O21 (OIT) "
                "หรือถ้ามาตรการนี้ตอบทั้งตัวชี้วัด ให้ลบ code: แล้วใส่ tool: IIT กับ indicator: 4",
                f"'{code}' is not an ITA code — use e.g. E7 (EIT), i4 (IIT) or O21 (OIT); for a measure that answers a "
                "whole indicator, delete code: and give tool: IIT and indicator: 4",
            ))
            return None
        if tool is not None and tool != owner:
            errors.append(SiteError(
                doc.shown, doc.lines.get("tool", 1),
                f"ข้อ {shown_code(code)} เป็นข้อของแบบวัด {owner} ไม่ใช่ {tool} — แก้หรือลบช่อง tool",
                f"{shown_code(code)} belongs to the {owner}, not the {tool} — fix or delete 'tool'",
            ))
        return code
    if tool and number:
        return f"{tool}-{number}"
    if "code" in doc.meta or ("tool" in doc.meta and tool is None) or ("indicator" in doc.meta and number is None):
        return None  # a value given is wrong itself, and already reported
    if tool or number:
        given, other = ("tool", "indicator") if tool else ("indicator", "tool")
        errors.append(SiteError(
            doc.shown, doc.lines.get(given, 1),
            f"มีช่อง {given} แต่ไม่มีช่อง {other} — ทั้งตัวชี้วัดต้องมีทั้ง tool: (IIT, EIT หรือ OIT) "
            "และ indicator: (เลขตัวชี้วัด) หรือใช้ code: สำหรับข้อเดียว",
            f"'{given}' without '{other}' — a whole indicator needs both tool: (IIT, EIT or OIT) and indicator: "
            "(its number); or give code: for one question",
        ))
        return None
    errors.append(SiteError(
        doc.shown, doc.body_line - 1,
        "ไฟล์ข้อมาตรการ: ช่อง 'code' (รหัสข้อ) ไม่มี แต่ต้องมี — เพิ่ม code: E7 ในส่วนหัวก่อนบรรทัด --- ปิดท้าย "
        "(หรือ tool: IIT กับ indicator: 4 ถ้ามาตรการนี้ตอบทั้งตัวชี้วัด)",
        "required key 'code' is missing — add 'code: E7' to the front matter (or tool: IIT and indicator: 4 for a "
        "measure that answers a whole indicator)",
    ))
    return None


def _find(doc: SourceDoc, fy: int, key: str, catalogs: Catalogs, subjects: Mapping[str, Subject],
          errors: list[SiteError]) -> Subject | None:
    """The subject of ``key`` in the year's catalogs; a missing catalog or code is an error."""
    tool = tool_of(key) or "EIT"
    kind = tool.lower()
    what = KIND_WHAT[kind]
    known = sorted(catalogs.of(kind))
    if fy not in catalogs.of(kind):
        hint_th, hint_en = catalog_hint(fy, kind, known)
        errors.append(SiteError(
            doc.shown, None,
            f"ยังไม่มี{what}ของปีงบประมาณ {fy} (มีปี {', '.join(map(str, known))}) — ตรวจชื่อโฟลเดอร์ปี หรือ{hint_th}",
            f"there is no {tool} catalog for fiscal year {fy} (there are {', '.join(map(str, known))}) — "
            f"check the year folder, or {hint_en}",
        ))
        return None
    subject = subjects.get(key)
    if subject is not None:
        return subject
    mine = [s for s in subjects.values() if s.tool == tool]
    if key.startswith(f"{tool}-"):
        numbers = [s.indicator.number for s in mine if s.whole]
        errors.append(SiteError(
            doc.shown, doc.lines.get("indicator", doc.lines.get("code", 1)),
            f"ไม่มีตัวชี้วัดที่ {key[4:]} ใน{what} ปี {fy} — ใช้ตัวชี้วัดที่ {numbers[0]} ถึง {numbers[-1]}",
            f"the {tool} of fiscal year {fy} has no indicator {key[4:]} — use {numbers[0]} to {numbers[-1]}",
        ))
        return None
    codes = [shown_code(s.key) for s in mine if not s.whole]
    errors.append(SiteError(
        doc.shown, doc.lines.get("code", 1),
        f"ไม่มีข้อ '{shown_code(key)}' ใน{what} ปี {fy} — ใช้รหัส {codes[0]} ถึง {codes[-1]}",
        f"'{shown_code(key)}' is not an {tool} item of fiscal year {fy} — use {codes[0]} to {codes[-1]}",
    ))
    return None


def _indicator(doc: SourceDoc, subject: Subject, values: Mapping[str, Any], subjects: Mapping[str, Subject],
               errors: list[SiteError]) -> Indicator:
    """The indicator the item is shown under: the catalog's, or for an IIT question whose indicator is
    unconfirmed the one the file names (``indicator:``)."""
    number = values.get("indicator")
    if number is None or subject.whole or number == subject.indicator.number:
        return subject.indicator
    line, code = doc.lines.get("indicator", 1), shown_code(subject.key)
    if subject.movable:
        mine = {s.indicator.number: s.indicator for s in subjects.values() if s.tool == subject.tool and s.whole}
        if number in mine:
            return mine[number]
        errors.append(SiteError(
            doc.shown, line,
            f"ตัวชี้วัดของแบบวัด {subject.tool} คือ {min(mine)} ถึง {max(mine)} ไม่ใช่ {number} — แก้ช่อง indicator",
            f"the indicators of the {subject.tool} are {min(mine)} to {max(mine)}, not {number} — fix 'indicator'",
        ))
    else:
        errors.append(SiteError(
            doc.shown, line,
            f"ข้อ {code} อยู่ในตัวชี้วัดที่ {subject.indicator.number} ไม่ใช่ {number} — แก้หรือลบช่อง indicator",
            f"{code} belongs to indicator {subject.indicator.number}, not {number} — fix or remove 'indicator'",
        ))
    return subject.indicator


def _deadline(doc: SourceDoc, fy: int, deadline: object) -> list[SiteError]:
    """A deadline date outside the item's fiscal year: most often a typo in the year (a warning)."""
    start, end = fiscal_year_span(fy)
    if not isinstance(deadline, dt.date) or start <= deadline <= end:
        return []
    return [SiteError(
        doc.shown, doc.lines.get("deadline", 1),
        f"กำหนดเวลาแล้วเสร็จ {thai_date(deadline, 'arabic')} อยู่ในปีงบประมาณ {fiscal_year(deadline)} ไม่ใช่ {fy} "
        f"({thai_date(start, 'arabic')} – {thai_date(end, 'arabic')}) — แก้ปีของวันที่ หรือเขียนเป็นข้อความถ้าตั้งใจ",
        f"the deadline {deadline.isoformat()} is in fiscal year {fiscal_year(deadline)}, not {fy} ({start.isoformat()}"
        f" – {end.isoformat()}) — fix the year, or write it as a text if it is meant",
        warning=True,
    )]


def item_problems(
    doc: SourceDoc, fy: int, catalogs: Catalogs, values: Mapping[str, Any],
    subjects: Mapping[str, Subject] | None = None,
) -> tuple[Subject | None, Indicator | None, list[SiteError]]:
    """What an item file answers, the indicator it is shown under, and its problems: a code that is not in
    the year's catalog of its tool, a file name other than the code, an indicator or fiscal year other than
    the catalog's / the folder's, a deadline outside the fiscal year (a warning). ``subjects``: the year's
    (``year_subjects``), when the caller has them already."""
    errors: list[SiteError] = []
    subjects = year_subjects(fy, catalogs) if subjects is None else subjects
    key = _key(doc, values, errors)
    subject = _find(doc, fy, key, catalogs, subjects, errors) if key else None
    if key and normalize_code(doc.rel.stem) != key:
        named = (f"code: {shown_code(key)}" if "code" in values
                 else f"tool: {values['tool']} กับ indicator: {values['indicator']}")
        errors.append(SiteError(
            doc.shown, doc.lines.get("code", doc.lines.get("tool", 1)),
            f"ชื่อไฟล์ {doc.rel.name} ไม่ตรงกับ {named} — เปลี่ยนชื่อไฟล์เป็น {_file_name(key)} "
            f"หรือแก้ {named.split(':')[0]}",
            f"file name {doc.rel.name} does not match {named.replace(' กับ ', ' and ')} — rename the file to "
            f"{_file_name(key)} or fix {named.split(':')[0]}",
        ))
    indicator = _indicator(doc, subject, values, subjects, errors) if subject else None
    if "fiscal_year" in values and values["fiscal_year"] != fy:
        errors.append(SiteError(
            doc.shown, doc.lines.get("fiscal_year", 1),
            f"fiscal_year: {values['fiscal_year']} ไม่ตรงกับโฟลเดอร์ eit/{fy} — แก้ให้เป็น {fy} หรือย้ายไฟล์",
            f"fiscal_year: {values['fiscal_year']} disagrees with the folder eit/{fy} — set it to {fy} "
            "or move the file",
        ))
    errors.extend(_deadline(doc, fy, values.get("deadline")))
    return subject, indicator, errors


def column_problems(measures: SourceDoc, columns: tuple[Column, ...], items: Iterable[SourceDoc]) -> list[SiteError]:
    """``columns:`` of a year's measures document against its items: the issue and actions columns are
    needed (an error); a field an item sets that no column shows would be hidden (a warning naming the file)."""
    errors = []
    keys = {c.key for c in columns}
    line = measures.lines.get("columns", 1)
    for needed in REQUIRED_COLUMNS:
        if needed not in keys:
            errors.append(SiteError(
                measures.shown, line,
                f"columns: ต้องมีคอลัมน์ {needed} ({COLUMNS[needed][0]}) — เพิ่มบรรทัด - {needed}",
                f"columns: the {needed} column ({COLUMNS[needed][0]}) is needed — add a line - {needed}",
            ))
    shown = keys | ({"deadline"} if "monitoring" in keys else set())  # the monitoring cell shows the deadline
    for doc in items:
        fields = ("responsible", "measures", "monitoring", *OPTIONAL_COLUMNS)
        hidden = [k for k in fields if k in doc.meta and k not in shown]
        for key in hidden:
            errors.append(SiteError(
                doc.shown, doc.lines.get(key, 1),
                f"ช่อง {key} ของไฟล์นี้ไม่แสดงในตาราง เพราะ columns: ใน {measures.shown} ไม่มีคอลัมน์ {key} — "
                f"เพิ่มบรรทัด - {key} ใน columns:",
                f"this file's {key} is not shown: columns: in {measures.shown} has no {key} column — add - {key} to it",
                warning=True,
            ))
    return errors
