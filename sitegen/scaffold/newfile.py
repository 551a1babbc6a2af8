"""``sitegen new``: the text of a new content file and where it goes, as pure functions.

Each ``draft_*`` returns a Draft (path under ``content/``, text) that the build accepts as it is:
required keys are filled, with placeholders marked ``SAMPLE_MARK`` where only staff know the answer (``check``
warns on each until it is edited, so ``--strict``, the publish step, never lets a placeholder go live).
Dates are written in the Buddhist era, as the contract prefers; file names follow ``urls.names``,
so the name a file gets is its web address.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from sitegen.urls.names import MAX_NAME, web_name
from sitegen.catalog.catalogs import Subject
from sitegen.check.lint import SAMPLE_MARK
from sitegen.scaffold.init import be_iso
from sitegen.fields import shown_code

KINDS = ("action", "item", "news", "document", "page")


@dataclass(frozen=True, slots=True)
class Draft:
    """A file ``sitegen new`` writes."""

    path: PurePosixPath
    """Relative to the content folder."""
    text: str


def _q(value: str) -> str:
    # A JSON string is a valid double-quoted YAML scalar, whatever the title holds (: " # …).
    return json.dumps(value, ensure_ascii=False)


def file_stem(title: str, day: dt.date | None = None) -> str:
    """``("ประชุมสภา สมัยที่ 1", 2024-03-01)`` → ``"2024-03-01-ประชุมสภา-สมัยที่-1"``: the date first
    (so a folder lists in date order, like the sample's files), then at most MAX_NAME characters."""
    name = web_name(title)
    if len(name) > MAX_NAME:
        cut = name[:MAX_NAME]
        name = cut[: cut.rfind("-")] if "-" in cut else cut
    if day is not None:
        return f"{day.isoformat()}-{name}" if name else day.isoformat()
    return name


def _oit_line(oit: dict[int, list[str]]) -> str:
    if not oit:
        return ""
    inner = ", ".join(f"{fy}: [{', '.join(codes)}]" for fy, codes in sorted(oit.items()))
    return f"oit: {{{inner}}}\n"


def _attachments_key(attachments: Sequence[str]) -> str:
    return "attachments:\n" + "".join(f"  - {_q(a)}\n" for a in attachments) if attachments else ""


def _links(attachments: Sequence[str], folder: PurePosixPath) -> str:
    """Attachments as Markdown links in a body, for the kinds with no ``attachments:`` key (items, pages):
    a file by its relative source path from ``folder`` (the link rule of the content contract), a URL as itself."""
    lines = []
    for ref in attachments:
        if ref.startswith(("http://", "https://")):
            lines.append(f"- <{ref}>")
            continue
        target = posixpath.relpath(ref, folder.as_posix())
        lines.append(f"- [{PurePosixPath(ref).name}]({f'<{target}>' if ' ' in target else target})")
    return "\nไฟล์แนบ:\n\n" + "\n".join(lines) + "\n" if lines else ""


def draft_action(title: str, day: dt.date, fy: int, items: list[str], oit: dict[int, list[str]],
                 attachments: Sequence[str] = ()) -> Draft:
    files = (_attachments_key(attachments)
             or f"# attachments: [files/{fy}/ชื่อไฟล์.pdf]   # ไฟล์แนบ (ถ้ามี) วางไว้ใน content/files/\n")
    text = (f"---\ntitle: {_q(title)}\ndate: {be_iso(day)}\nitems: [{', '.join(items)}]\nstatus: done\n"
            f"{_oit_line(oit)}{files}---\n"
            f"{SAMPLE_MARK} เขียนรายละเอียดของการดำเนินการที่นี่: ทำอะไร เมื่อใด ผลเป็นอย่างไร\n")
    return Draft(PurePosixPath("actions", str(fy), file_stem(title, day) + ".md"), text)


def draft_news(title: str, day: dt.date, fy: int, oit: dict[int, list[str]],
               attachments: Sequence[str] = ()) -> Draft:
    text = (f"---\ntitle: {_q(title)}\ndate: {be_iso(day)}\n{_oit_line(oit)}{_attachments_key(attachments)}---\n"
            f"{SAMPLE_MARK} เขียนเนื้อหาข่าวที่นี่\n")
    return Draft(PurePosixPath("news", str(fy), file_stem(title, day) + ".md"), text)


def subject_line(subject: Subject) -> str:
    """How a subject is named in a list to choose from: its question, item title or indicator."""
    indicator = f"ตัวชี้วัดที่ {subject.indicator.number} {subject.indicator.name}"
    if subject.whole:
        return f"{indicator} (ทั้งตัวชี้วัด)"
    return subject.question or f"ข้อคำถามใน{indicator}"


def draft_item(subject: Subject, fy: int, attachments: Sequence[str] = ()) -> Draft:
    """An item of the measures: what it answers as a comment, so staff see it; a question or OIT item by its
    code, a whole indicator by its tool and number; attachments as links in its notes (an item has no
    ``attachments:`` key). An IIT question without wording gets a commented question: line for the wording of the
    agency's own ITA result report."""
    code = shown_code(subject.key)
    path = PurePosixPath("eit", str(fy), f"{code}.md")
    about = f"# {subject.tool} {subject_line(subject)}" if subject.whole else (
        f"# ข้อ {code} (แบบวัด {subject.tool} ตัวชี้วัดที่ {subject.indicator.number} {subject.indicator.name}): "
        f"{subject.question or '(ยังไม่มีถ้อยคำในแบบวัด)'}")
    keys = (f"tool: {subject.tool}\nindicator: {subject.indicator.number}\n" if subject.whole else f"code: {code}\n")
    if not subject.whole and not subject.question:
        keys += "# question: (ถ้อยคำของข้อคำถาม จากรายงานผลการประเมินของหน่วยงาน)\n"
    text = (f"---\n{about}\n{keys}responsible: {SAMPLE_MARK} ระบุผู้รับผิดชอบ\n"
            f"measures:\n  - {SAMPLE_MARK} ขั้นตอนหรือวิธีการ/มาตรการ ข้อละหนึ่งบรรทัด\n"
            f"monitoring:\n  - {SAMPLE_MARK} การรายงานผลและการกำกับติดตาม\ndeadline: {fy}-09-30\n"
            "# budget: 20000                  # งบประมาณ (บาท) ถ้ามี\n"
            "# target: ตัวชี้วัด/ค่าเป้าหมาย ถ้ามี\n---\n"
            f"{_links(attachments, path.parent)}")
    return Draft(path, text)


def draft_document(title: str, day: dt.date | None, attachments: list[str], oit: dict[int, list[str]]) -> Draft:
    date_line = f"date: {be_iso(day)}\n" if day else ""
    text = (f"---\ntitle: {_q(title)}\n{date_line}{_attachments_key(attachments)}{_oit_line(oit)}---\n"
            f"{SAMPLE_MARK} สรุปเนื้อหาของเอกสารสั้น ๆ ให้ผู้อ่านบนโทรศัพท์รู้ว่าไฟล์คืออะไรก่อนเปิด\n")
    return Draft(PurePosixPath("documents", (file_stem(title) or "document") + ".md"), text)


def draft_page(title: str, oit: dict[int, list[str]], attachments: Sequence[str] = ()) -> Draft:
    """A free page; attachments as links below its text (a page has no ``attachments:`` key)."""
    path = PurePosixPath("pages", (file_stem(title) or "page") + ".md")
    text = (f"---\ntitle: {_q(title)}\n{_oit_line(oit)}---\n\n{SAMPLE_MARK} เขียนเนื้อหาของหน้านี้ที่นี่\n"
            f"{_links(attachments, path.parent)}")
    return Draft(path, text)


def attachment_target(source_name: str, fy: int) -> PurePosixPath:
    """Where ``new document --attach`` copies a file from outside ``content/``: ``files/<FY>/<name>``,
    the name made web-safe like a page's (the extension kept, lower case)."""
    stem, dot, ext = source_name.rpartition(".")
    if not dot:
        stem, ext = source_name, ""
    name = web_name(stem) or "file"
    return PurePosixPath("files", str(fy), f"{name}.{ext.lower()}" if ext else name)
