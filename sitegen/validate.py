"""Validate stage: check every document against the content contract and the catalog.

Turns SourceDocs into typed records. Every problem is collected; a document with problems is left
out of the records but its path and code stay known, so one mistake is reported once, not again
by every document that refers to it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from sitegen.catalog import EitCatalog
from sitegen.content import Content, SourceDoc
from sitegen.errors import SiteError
from sitegen.schema import Field, check_fields, normalize_code
from sitegen.thai import fiscal_year

MEASURES_FIELDS = (Field("title", "text", th="ชื่อเอกสาร"),)
ITEM_FIELDS = (
    Field("code", "code", required=True, th="รหัสข้อ EIT"),
    Field("responsible", "text", required=True, th="ผู้รับผิดชอบ"),
    Field("measures", "text_list", required=True, th="ขั้นตอนหรือวิธีการ/มาตรการ"),
    Field("monitoring", "text_list", required=True, th="การรายงานผลและการกำกับติดตาม"),
    Field("deadline", "date", th="กำหนดเวลาแล้วเสร็จ"),
    Field("question", "text", th="ประเด็นคำถาม"),
    Field("options", "text_list", th="ตัวเลือก"),
    Field("indicator", "number", th="ตัวชี้วัด"),
    Field("fiscal_year", "number", th="ปีงบประมาณ"),
)
ACTION_FIELDS = (
    Field("title", "text", required=True, th="ชื่อการดำเนินการ"),
    Field("date", "date", required=True, th="วันที่ดำเนินการ"),
    Field("items", "code_list", required=True, th="ข้อ EIT ที่เกี่ยวข้อง"),
    Field("status", "choice", choices=("done", "in_progress"), default="done", th="สถานะ"),
    Field("attachments", "text_list", default=[], th="ไฟล์แนบ"),
)
PAGE_FIELDS = (Field("title", "text", required=True, th="ชื่อหน้า"),)
# First path segments the generator uses itself; a free page may not take them.
# Attachments above this size get a warning: citizens read the site on phones with metered data.
ATTACHMENT_WARN_BYTES = 10 * 1024 * 1024
RESERVED = {"eit", "actions", "files", "static", "ita", "404", "index"}
_YEAR_DIR = re.compile(r"25\d\d|26\d\d")


@dataclass(frozen=True, slots=True)
class MeasuresDoc:
    doc: SourceDoc
    fiscal_year: int
    title: str | None


@dataclass(frozen=True, slots=True)
class ItemDoc:
    doc: SourceDoc
    fiscal_year: int
    code: str
    responsible: str
    measures: tuple[str, ...]
    monitoring: tuple[str, ...]
    deadline: dt.date | None
    question: str | None
    options: tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class ActionDoc:
    doc: SourceDoc
    fiscal_year: int
    slug: str
    title: str
    date: dt.date
    items: tuple[str, ...]
    status: str
    attachments: tuple[str, ...]
    """Each an http(s) URL or a path under ``files/`` (relative to content/)."""


@dataclass(frozen=True, slots=True)
class PageDoc:
    doc: SourceDoc
    slug: str
    title: str


@dataclass(slots=True)
class Checked:
    """The valid records, plus what is known about invalid ones."""

    measures: dict[int, MeasuresDoc] = field(default_factory=dict)
    items: list[ItemDoc] = field(default_factory=list)
    actions: list[ActionDoc] = field(default_factory=list)
    pages: list[PageDoc] = field(default_factory=list)
    item_codes: dict[int, set[str]] = field(default_factory=dict)
    """Codes with an item file per year, valid or not (so references to a broken file don't repeat its error)."""


def slugify(stem: str) -> str:
    """A file name's lowercase ASCII web name: ``"2023-03-01 Meeting"`` → ``"2023-03-01-meeting"``."""
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")


def check_attachment(value: str, files: dict[PurePosixPath, int]) -> str:
    """Return a normalised attachment reference; raise ValueError("th | en")."""
    if re.match(r"https?://", value, re.IGNORECASE):
        return value
    if re.match(r"[a-z][a-z0-9+.-]*:", value, re.IGNORECASE) or value.startswith(("/", "\\")):
        raise ValueError(
            f"'{value}' ใช้ไม่ได้ — ใส่ที่อยู่ไฟล์ใต้ content/ เช่น files/2566/report.pdf หรือลิงก์ https:// | "
            f"'{value}' is not allowed — give a path under content/ such as files/2566/report.pdf, or an https:// link"
        )
    path = PurePosixPath(value.replace("\\", "/"))
    if ".." in path.parts or path.parts[:1] != ("files",):
        raise ValueError(
            f"'{value}' อยู่นอกโฟลเดอร์ content/files — วางไฟล์ไว้ใน content/files/ แล้วเขียนเป็น files/ชื่อไฟล์ | "
            f"'{value}' is outside content/files — put the file in content/files/ and write files/<name>"
        )
    if path not in files:
        raise ValueError(
            f"ไม่พบไฟล์แนบ content/{path} — ตรวจชื่อไฟล์ (ตัวพิมพ์เล็ก-ใหญ่ต้องตรงกัน) หรือเพิ่มไฟล์ | "
            f"attachment content/{path} does not exist — check the name (case matters) or add the file"
        )
    return str(path)


def _split_th_en(exc: ValueError) -> tuple[str, str]:
    th, _, en = str(exc).partition(" | ")
    return th, en or th


def _check_item(doc: SourceDoc, fy: int, catalog: EitCatalog, errors: list[SiteError]) -> ItemDoc | None:
    before = len(errors)
    values = check_fields(doc.meta, doc.lines, ITEM_FIELDS, doc.shown, errors, "ไฟล์ข้อ EIT", doc.body_line - 1)
    code = values.get("code")
    if isinstance(code, str):
        line = doc.lines.get("code", 1)
        question = catalog.questions.get(code)
        if question is None:
            errors.append(SiteError(
                doc.shown, line,
                f"ไม่มีข้อ '{code}' ในแบบวัด EIT ปี {fy} — ใช้รหัส E1 ถึง E{len(catalog.questions)}",
                f"'{code}' is not an EIT item of fiscal year {fy} — use E1 to E{len(catalog.questions)}",
            ))
        if normalize_code(PurePosixPath(doc.rel).stem) != code:
            errors.append(SiteError(
                doc.shown, line,
                f"ชื่อไฟล์ {doc.rel.name} ไม่ตรงกับ code: {code} — เปลี่ยนชื่อไฟล์เป็น {code}.md หรือแก้ code",
                f"file name {doc.rel.name} does not match code: {code} — rename the file to {code}.md or fix the code",
            ))
        if question is not None and "indicator" in values:
            if values["indicator"] != question.indicator.number:
                errors.append(SiteError(
                    doc.shown, doc.lines.get("indicator", 1),
                    f"ข้อ {code} อยู่ในตัวชี้วัดที่ {question.indicator.number} ไม่ใช่ {values['indicator']} — แก้หรือลบช่อง indicator",
                    f"{code} belongs to indicator {question.indicator.number}, not {values['indicator']} — fix or remove 'indicator'",
                ))
    if "fiscal_year" in values and values["fiscal_year"] != fy:
        errors.append(SiteError(
            doc.shown, doc.lines.get("fiscal_year", 1),
            f"fiscal_year: {values['fiscal_year']} ไม่ตรงกับโฟลเดอร์ eit/{fy} — แก้ให้เป็น {fy} หรือย้ายไฟล์",
            f"fiscal_year: {values['fiscal_year']} disagrees with the folder eit/{fy} — set it to {fy} or move the file",
        ))
    if len(errors) > before:
        return None
    options = values.get("options")
    return ItemDoc(
        doc, fy, values["code"], values["responsible"], tuple(values["measures"]), tuple(values["monitoring"]),
        values.get("deadline"), values.get("question"), tuple(options) if options is not None else None,
    )


def _check_action(doc: SourceDoc, fy: int, content: Content, errors: list[SiteError]) -> ActionDoc | None:
    before = len(errors)
    values = check_fields(doc.meta, doc.lines, ACTION_FIELDS, doc.shown, errors, "ไฟล์การดำเนินการ", doc.body_line - 1)
    day = values.get("date")
    if isinstance(day, dt.date) and fiscal_year(day) != fy:
        errors.append(SiteError(
            doc.shown, doc.lines.get("date", 1),
            f"วันที่นี้อยู่ในปีงบประมาณ {fiscal_year(day)} แต่ไฟล์อยู่ในโฟลเดอร์ actions/{fy} — ย้ายไฟล์ไปที่ actions/{fiscal_year(day)}/ หรือแก้วันที่",
            f"this date is in fiscal year {fiscal_year(day)} but the file is in actions/{fy} — move it to actions/{fiscal_year(day)}/ or fix the date",
        ))
    attachments = []
    for i, ref in enumerate(values.get("attachments", [])):
        line = doc.lines.get(f"attachments[{i}]", doc.lines.get("attachments", 1))
        try:
            attachments.append(check_attachment(ref, content.files))
        except ValueError as exc:
            th, en = _split_th_en(exc)
            errors.append(SiteError(doc.shown, line, th, en))
            continue
        size = content.files.get(PurePosixPath(attachments[-1]), 0)
        if size > ATTACHMENT_WARN_BYTES:
            mb, limit = size / 2**20, ATTACHMENT_WARN_BYTES // 2**20
            errors.append(SiteError(
                doc.shown, line,
                f"ไฟล์แนบ {attachments[-1]} ใหญ่ {mb:.1f} MB (เกิน {limit} MB) ผู้ใช้โทรศัพท์จะเปิดช้า — ลดขนาดไฟล์ เช่น สแกนที่ 150 dpi หรือบีบอัด PDF",
                f"attachment {attachments[-1]} is {mb:.1f} MB (over {limit} MB), slow on phones — make it smaller, e.g. scan at 150 dpi or compress the PDF",
                warning=True,
            ))
    slug = slugify(doc.rel.stem)
    if not slug:
        errors.append(SiteError(
            doc.shown, None,
            "ชื่อไฟล์ต้องมีตัวอักษรภาษาอังกฤษหรือตัวเลข เพื่อใช้เป็นที่อยู่เว็บ — เปลี่ยนชื่อ เช่น 2023-03-01-meeting.md",
            "the file name needs ASCII letters or digits for its web address — rename it, e.g. 2023-03-01-meeting.md",
        ))
    if any(not e.warning for e in errors[before:]):
        return None
    return ActionDoc(doc, fy, slug, values["title"], values["date"], tuple(values["items"]), values["status"], tuple(attachments))


def _misplaced(shown: str, th_what: str, en_what: str) -> SiteError:
    return SiteError(
        shown, None,
        f"{th_what} — ไฟล์ .md ต้องอยู่ใน eit/<ปี>/, actions/<ปี>/ หรือ pages/ และไฟล์แนบอยู่ใน files/",
        f"{en_what} — .md files belong in eit/<year>/, actions/<year>/ or pages/, attachments in files/",
    )


def validate_content(content: Content, catalogs: dict[int, EitCatalog]) -> tuple[Checked, list[SiteError]]:
    """Check every document; return the valid records and all problems found."""
    errors: list[SiteError] = []
    checked = Checked()
    for rel in content.others:
        errors.append(SiteError(
            f"{content.root.name}/{rel}", None,
            "ไฟล์นี้อยู่ผิดที่ — ไฟล์แนบต้องอยู่ในโฟลเดอร์ content/files/ แล้วอ้างถึงในช่อง attachments หรือในลิงก์",
            "this file is in a place sitegen gives no meaning to — attachments belong in content/files/, "
            "referred to from 'attachments' or a link",
        ))
    for rel in content.unreadable:  # keep codes of unreadable item files known
        if len(rel.parts) == 3 and rel.parts[0] == "eit" and rel.name != "index.md" and _YEAR_DIR.fullmatch(rel.parts[1]):
            checked.item_codes.setdefault(int(rel.parts[1]), set()).add(normalize_code(rel.stem))
    seen_codes: dict[tuple[int, str], SourceDoc] = {}
    needs_front_matter = ("actions", "pages")
    slugs: dict[str, SourceDoc] = {}
    for doc in content.docs:
        parts = doc.rel.parts
        section = parts[0]
        is_item = section == "eit" and doc.rel.name != "index.md"
        if not doc.has_front_matter and (section in needs_front_matter or is_item):
            empty = not doc.body.strip()
            errors.append(SiteError(
                doc.shown, 1,
                ("ไฟล์ว่างเปล่า" if empty else "ไฟล์นี้ไม่มีส่วนหัว (front matter)")
                + " — เริ่มไฟล์ด้วยบรรทัด --- ตามด้วยช่องข้อมูล เช่น title: ... แล้วปิดด้วยบรรทัด --- (ดูตัวอย่างใน README)",
                ("the file is empty" if empty else "the file has no front matter")
                + " — start it with a line ---, the keys (e.g. title: ...), and a closing line --- (see README)",
            ))
            if is_item:
                checked.item_codes.setdefault(int(parts[1]) if _YEAR_DIR.fullmatch(parts[1]) else 0, set()).add(normalize_code(doc.rel.stem))
            continue
        if section in ("eit", "actions"):
            if len(parts) != 3 or not _YEAR_DIR.fullmatch(parts[1]):
                errors.append(_misplaced(doc.shown, f"ไฟล์ใน {section}/ ต้องอยู่ในโฟลเดอร์ปีงบประมาณ พ.ศ. เช่น {section}/2566/", f"files in {section}/ must sit in a Buddhist-era fiscal-year folder such as {section}/2566/"))
                continue
            fy = int(parts[1])
        if section == "eit":
            if doc.rel.name == "index.md":
                values = check_fields(doc.meta, doc.lines, MEASURES_FIELDS, doc.shown, errors, "ไฟล์มาตรการ", doc.body_line - 1)
                checked.measures[fy] = MeasuresDoc(doc, fy, values.get("title"))
                continue
            code = normalize_code(doc.rel.stem)
            checked.item_codes.setdefault(fy, set()).add(code)
            catalog = catalogs.get(fy)
            if catalog is None:
                errors.append(SiteError(
                    doc.shown, None,
                    f"ยังไม่มีแบบวัด EIT ของปีงบประมาณ {fy} ในโปรแกรม (มีปี {', '.join(map(str, sorted(catalogs)))}) — ตรวจชื่อโฟลเดอร์ปี หรือเพิ่มไฟล์ sitegen/catalogs/eit-{fy}.yaml",
                    f"sitegen has no EIT catalog for fiscal year {fy} (it has {', '.join(map(str, sorted(catalogs)))}) — check the year folder or add sitegen/catalogs/eit-{fy}.yaml",
                ))
                continue
            item = _check_item(doc, fy, catalog, errors)
            if item is None:
                continue
            first = seen_codes.setdefault((fy, item.code), doc)
            if first is not doc:
                # Blame the file whose name is not exactly the code (E07.md beside E7.md).
                extra, kept = (first, doc) if first.rel.stem != item.code == doc.rel.stem else (doc, first)
                errors.append(SiteError(
                    extra.shown, extra.lines.get("code", 1),
                    f"ข้อ {item.code} ปี {fy} มีไฟล์อยู่แล้วคือ {kept.shown} — รวมเป็นไฟล์เดียวแล้วลบไฟล์นี้",
                    f"{item.code} of {fy} already has a file, {kept.shown} — merge them and delete this one",
                ))
                continue
            checked.items.append(item)
        elif section == "actions":
            action = _check_action(doc, fy, content, errors)
            if action is not None:
                checked.actions.append(action)
        elif section == "pages":
            values = check_fields(doc.meta, doc.lines, PAGE_FIELDS, doc.shown, errors, "ไฟล์หน้าเว็บ", doc.body_line - 1)
            if not doc.body.strip():
                errors.append(SiteError(
                    doc.shown, doc.body_line - 1,
                    "หน้านี้ไม่มีเนื้อหา — เขียนเนื้อหาใต้บรรทัด --- ปิดท้ายส่วนหัว",
                    "the page has no text — write it below the closing --- line",
                ))
            slug = "/".join(slugify(p) for p in (*parts[1:-1], doc.rel.stem))
            if not all(slug.split("/")) or slug.split("/")[0] in RESERVED:
                errors.append(SiteError(
                    doc.shown, None,
                    f"ใช้ชื่อไฟล์ '{doc.rel.name}' เป็นที่อยู่เว็บไม่ได้ — ตั้งชื่อเป็นภาษาอังกฤษ และไม่ใช้ {', '.join(sorted(RESERVED))}",
                    f"'{doc.rel.name}' cannot become a web address — use ASCII letters/digits and none of {', '.join(sorted(RESERVED))}",
                ))
            elif "title" in values:
                checked.pages.append(PageDoc(doc, slug, values["title"]))
        else:
            errors.append(_misplaced(doc.shown, "ไฟล์นี้อยู่ผิดที่", "this file is in the wrong place"))
            continue
        if section in ("actions", "pages") and (slug_key := f"{section}/{parts[1] if section == 'actions' else ''}/{slugify(doc.rel.stem)}") in slugs and slugify(doc.rel.stem):
            errors.append(SiteError(
                doc.shown, None,
                f"ชื่อไฟล์ซ้ำกับ {slugs[slug_key].shown} เมื่อแปลงเป็นที่อยู่เว็บ — เปลี่ยนชื่อไฟล์ใดไฟล์หนึ่ง",
                f"this file's web address clashes with {slugs[slug_key].shown} — rename one of them",
            ))
        elif section in ("actions", "pages"):
            slugs[slug_key] = doc
    for action in checked.actions:
        known = checked.item_codes.get(action.fiscal_year, set())
        for i, code in enumerate(action.items):
            if code not in known:
                errors.append(SiteError(
                    action.doc.shown, action.doc.lines.get(f"items[{i}]", action.doc.lines.get("items", 1)),
                    f"ข้อ {code} ไม่มีไฟล์ eit/{action.fiscal_year}/{code}.md — สร้างไฟล์ข้อนี้ก่อน หรือแก้รหัสข้อ",
                    f"{code} has no item file eit/{action.fiscal_year}/{code}.md — create it first, or fix the code",
                ))
    return checked, errors
