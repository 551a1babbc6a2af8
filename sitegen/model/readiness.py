"""Readiness check: for one fiscal year and date, is every OIT item answered with current data?

Each catalog item says what period its data must cover (``period``); an answer is the page that
carries it (from ``oit:`` keys, or the generated measures document and round reports).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from sitegen.catalog.catalogs import OitItem
from sitegen.model.records import Answer, ItaIndex
from sitegen.thai import MONTHS, be_year, fiscal_year_span, thai_date

STATUS_TH = {"ready": "พร้อม", "missing": "ไม่มีข้อมูล", "stale": "ข้อมูลไม่ตรงช่วงเวลา"}


@dataclass(frozen=True, slots=True)
class Readiness:
    code: str
    title: str
    period: str
    status: str
    """ready | missing | stale."""
    reason_th: str
    reason_en: str
    urls: tuple[str, ...]
    verified: bool
    hint: str = ""
    """What the item asks for (from the catalog)."""
    command: str = ""
    """For a missing or stale item: how to add the page that answers it (usually ``sitegen new …``)."""


def _first_item(fy: int, first_codes: Mapping[int, str], why_th: str, why_en: str) -> str:
    """The command that gives ``fy`` its measures page and round reports: its first item (an EIT question), or,
    without an EIT catalog for the year, the catalog file that allows one."""
    if code := first_codes.get(fy):
        return f"sitegen new item --fy {fy} --code {code} ({why_th}) | {why_en}"
    path = f"content/catalogs/eit-{fy}.yaml"
    return (f"sitegen catalog {fy} --kind eit --export {path} (ยังไม่มีแบบวัด EIT ของปี {fy}: "
            f"เริ่มจากไฟล์นี้ แล้วเพิ่มข้อมาตรการ) | no EIT catalog for {fy} yet: start from this file, "
            "then add an item")


def suggest_command(item: OitItem, fy: int, first_codes: Mapping[int, str] | None = None, stale: bool = False) -> str:
    """The command (or step) that adds a page answering ``item``: a free page for what stands
    (structure, laws, channels), news for news, otherwise a document with its file. The generated pages
    (measures, reports) come with the year's first item; a stale one needs time, not a command ("").
    ``first_codes``: each fiscal year's first EIT question code (the years that have an EIT catalog)."""
    first_codes = first_codes or {}
    if item.answers == "contact":
        return ("เพิ่ม contact: (ที่อยู่ โทรศัพท์ อีเมล) ใน content/site.yaml แล้วหน้า /contact/ ตอบข้อนี้ | "
                "add contact: to content/site.yaml")
    if item.answers in ("measures", "report", "report_previous") and stale:
        return ""
    if item.answers == "measures":
        return _first_item(fy, first_codes, f"ข้อมาตรการข้อแรกของปี {fy} ทำให้มีหน้ามาตรการ",
                           "an item gives the measures page")
    if item.answers == "report":
        return _first_item(fy, first_codes, "รายงานรอบ 6/12 เดือนแสดงเมื่อปีมีข้อมาตรการและรอบเริ่ม",
                           "the round reports come with the year's items")
    if item.answers == "report_previous":
        return _first_item(fy - 1, first_codes, f"รายงานรอบ 12 เดือนของปี {fy - 1} ตอบข้อนี้",
                           f"the 12-month report of {fy - 1} answers it")
    title = '"' + item.title.replace('"', "'") + '"'
    if "ข่าว" in item.title:
        return f"sitegen new news {title} --fy {fy} --oit {item.code}"
    if item.period == "standing":
        return f"sitegen new page {title} --fy {fy} --oit {item.code}"
    return f"sitegen new document {title} --fy {fy} --oit {item.code} --attach ไฟล์.pdf"


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _month_starts(start: dt.date, until: dt.date) -> list[dt.date]:
    """First days of the months from ``start`` that have ended by ``until``."""
    months, day = [], start
    while _next_month(day) <= until:
        months.append(day)
        day = _next_month(day)
    return months


def _d(day: dt.date) -> str:
    return thai_date(day, "arabic")


def _judge(period: str, answers: tuple[Answer, ...], fy: int, as_of: dt.date) -> tuple[str, str, str]:
    start, end = fiscal_year_span(fy)
    half_end = dt.date(end.year, 3, 31)
    dated = [a.date for a in answers if a.date]
    undated = len(dated) < len(answers)
    if not answers:
        return ("missing", "ยังไม่มีหน้าที่ตอบข้อนี้ (ใส่ oit: ในไฟล์ที่เกี่ยวข้อง)",
                "no page answers this item (add oit: to the file that does)")
    if period == "standing":
        return "ready", "", ""
    if period == "current_fy":
        if undated or any(start <= d <= end for d in dated):
            return "ready", "", ""
        return ("stale", f"ข้อมูลลงวันที่ {_d(max(dated))} ไม่อยู่ในปีงบประมาณ {fy}",
                f"dated {max(dated)}, outside fiscal year {fy}")
    if period == "previous_fy":
        prev_start = fiscal_year_span(fy - 1)[0]
        if undated or any(prev_start <= d <= end for d in dated):
            return "ready", "", ""
        return ("stale", f"ข้อมูลลงวันที่ {_d(max(dated))} เก่ากว่าปีงบประมาณ {fy - 1}",
                f"dated {max(dated)}, older than fiscal year {fy - 1}")
    if period == "six_month":
        rounds = [a.round_end for a in answers if a.round_end]
        if any(r < as_of for r in rounds) or any(half_end < d <= end for d in dated) or (undated and not rounds):
            return "ready", "", ""
        if rounds:
            return ("stale", f"รอบ 6 เดือนยังไม่สิ้นสุด (สิ้นสุด {_d(half_end)}) รายงานยังไม่ครบรอบ",
                    f"the 6-month round has not ended (it ends {half_end}); the report is incomplete")
        return ("stale", "ข้อมูลลงวันที่ก่อนรอบ 6 เดือน (ต.ค.–มี.ค.) สิ้นสุด จึงยังไม่ครอบคลุมทั้งรอบ",
                "dated before the 6-month round (Oct–Mar) ended, so it does not cover the round")
    if period == "monthly":
        # A month's summary is dated in that month or the next (it is usually published early next month).
        due = _month_starts(start, min(as_of, end + dt.timedelta(days=1)))
        missing = [m for m in due if not any(m <= d < _next_month(_next_month(m)) for d in dated)]
        if not missing:
            return "ready", "", ""
        names_th = ", ".join(f"{MONTHS[m.month - 1]} {be_year(m.year)}" for m in missing)
        names_en = ", ".join(m.strftime("%Y-%m") for m in missing)
        return "stale", f"ยังไม่มีข้อมูลของเดือน {names_th}", f"no data for {names_en}"
    raise AssertionError(period)


def check_readiness(index: ItaIndex, as_of: dt.date, first_codes: Mapping[int, str] | None = None) -> list[Readiness]:
    """One verdict per catalog item, in official order. ``first_codes``: each year's first EIT question code, for
    the commands that add a year's measures (``suggest_command``)."""
    out = []
    for row in index.rows:
        status, th, en = _judge(row.item.period, row.answers, index.fiscal_year, as_of)
        command = "" if status == "ready" else suggest_command(row.item, index.fiscal_year, first_codes,
                                                               status == "stale")
        out.append(Readiness(row.item.code, row.item.title, row.item.period, status, th, en,
                             tuple(a.full_url for a in row.answers), row.item.verified, row.item.hint, command))
    return out


def format_text(rows: list[Readiness], fy: int, as_of: dt.date) -> str:
    lines = [f"ความพร้อม ITA ปีงบประมาณ {fy} ณ วันที่ {_d(as_of)} | ITA readiness, fiscal year {fy}, as of {as_of}"]
    for r in rows:
        mark = {"ready": "✓", "missing": "✗", "stale": "!"}[r.status]
        note = f" — {r.reason_th} | {r.reason_en}" if r.reason_th else ""
        unverified = " (ยังไม่ยืนยันกับคู่มือ | unverified)" if not r.verified else ""
        lines.append(f"{mark} {r.code:<5} {STATUS_TH[r.status]:<12} {r.title}{unverified}{note}")
        if r.status == "missing" and r.hint:
            lines.append(f"        ต้องมี | needs: {r.hint}")
        if r.command:
            lines.append(f"        เพิ่มด้วย | add with: {r.command}")
    lines.append(summary(rows))
    return "\n".join(lines) + "\n"


def format_markdown(rows: list[Readiness], fy: int, as_of: dt.date) -> str:
    lines = [f"## ความพร้อม ITA ปีงบประมาณ {fy} ณ วันที่ {_d(as_of)}", "",
             "| ข้อ | หัวข้อ | สถานะ | หมายเหตุ | URL | เพิ่มด้วย |", "|---|---|---|---|---|---|"]
    for r in rows:
        title = r.title + ("" if r.verified else " *(ยังไม่ยืนยัน)*")
        urls = "<br>".join(r.urls)
        command = f"`{r.command}`" if r.command.startswith("sitegen") else r.command
        note = r.reason_th + (f" — ต้องมี: {r.hint}" if r.status == "missing" and r.hint else "")
        note, command = note.replace("|", "/"), command.replace("|", "/")
        lines.append(f"| {r.code} | {title} | {STATUS_TH[r.status]} | {note} | {urls} | {command} |")
    lines += ["", summary(rows)]
    return "\n".join(lines) + "\n"


def format_json(rows: list[Readiness], fy: int, as_of: dt.date) -> str:
    data = {"fiscal_year": fy, "as_of": as_of.isoformat(), "items": [asdict(r) for r in rows]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def summary(rows: list[Readiness]) -> str:
    counts = {s: sum(r.status == s for r in rows) for s in STATUS_TH}
    return (f"พร้อม {counts['ready']} · ไม่มีข้อมูล {counts['missing']} · ไม่ตรงช่วงเวลา {counts['stale']} | "
            f"ready {counts['ready']}, missing {counts['missing']}, stale {counts['stale']}")


FORMATS = {"text": format_text, "markdown": format_markdown, "json": format_json}
