"""Check stage, validate: every document against the content contract and the catalog.

Turns SourceDocs into typed records. Every problem is collected; a document with problems is left
out of the records but its path and code stay known, so one mistake is reported once, not again
by every document that refers to it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from pathlib import PurePosixPath

from sitegen import messages
from sitegen.urls.names import assign_paths, was_renamed
from sitegen.catalog.catalogs import Catalogs, EitCatalog, Indicator, OitCatalog, Subject, year_subjects
from sitegen.catalog.schema import TOOLS
from sitegen.load.content import Content, SourceDoc
from sitegen.errors import Invalid, SiteError
from sitegen.check.items import column_problems, item_problems
from sitegen.fields import Column, Field, Step, check_fields, normalize_code, shown_code
from sitegen.thai import arabic_digits, fiscal_year
from sitegen.urls.safety import scheme_of, url_problem

OIT_FIELD = Field("oit", "mapping_raw", th="ข้อ OIT ที่หน้านี้ตอบ")
MEASURES_FIELDS = (Field("title", "text", th="ชื่อเอกสาร"), Field("catalog_from", "number", th="ใช้แบบวัดของปี"),
                   Field("columns", "columns", th="คอลัมน์ของตาราง"), OIT_FIELD)
ITEM_FIELDS = (
    Field("code", "code", th="รหัสข้อ"),
    Field("tool", "choice", choices=TOOLS, th="เครื่องมือการประเมิน"),
    Field("indicator", "number", th="ตัวชี้วัด"),
    Field("responsible", "texts", required=True, th="ผู้รับผิดชอบ"),
    Field("measures", "steps", required=True, th="ขั้นตอนหรือวิธีการ/มาตรการ"),
    Field("monitoring", "steps", required=True, th="การรายงานผลและการกำกับติดตาม"),
    Field("deadline", "date_or_text", th="กำหนดเวลาแล้วเสร็จ"),
    Field("budget", "amount", th="งบประมาณ"),
    Field("target", "text", th="ตัวชี้วัด/ค่าเป้าหมาย"),
    Field("result", "text", th="ผลการดำเนินงาน"),
    Field("question", "text", th="ประเด็นคำถาม"),
    Field("options", "text_list", th="ตัวเลือก"),
    Field("fiscal_year", "number", th="ปีงบประมาณ"),
    OIT_FIELD,
)
STATUS_WORDS = (
    ("ดำเนินการแล้ว", "done"), ("เสร็จแล้ว", "done"), ("เสร็จสิ้น", "done"),
    ("อยู่ระหว่างดำเนินการ", "in_progress"), ("กำลังดำเนินการ", "in_progress"),
    ("ยังไม่ดำเนินการ", "planned"), ("ยังไม่ได้ดำเนินการ", "planned"),
)
"""The Thai words staff type for an action's status, and the state each means."""
ACTION_FIELDS = (
    Field("title", "text", required=True, th="ชื่อการดำเนินการ"),
    Field("date", "date", required=True, th="วันที่ดำเนินการ"),
    Field("items", "code_list", required=True, th="ข้อที่เกี่ยวข้อง"),
    Field("status", "choice", choices=("done", "in_progress", "planned"), default="done", th="สถานะ",
          aliases=STATUS_WORDS),
    Field("attachments", "text_list", default=[], th="ไฟล์แนบ"),
    OIT_FIELD,
)
PAGE_FIELDS = (Field("title", "text", required=True, th="ชื่อหน้า"), OIT_FIELD)
NEWS_FIELDS = (
    Field("title", "text", required=True, th="หัวข้อข่าว"),
    Field("date", "date", required=True, th="วันที่"),
    Field("attachments", "text_list", default=[], th="ไฟล์แนบ"),
    OIT_FIELD,
)
DOCUMENT_FIELDS = (
    Field("title", "text", required=True, th="ชื่อเอกสาร"),
    Field("date", "date", th="วันที่ของเอกสาร"),
    Field("attachments", "text_list", required=True, th="ไฟล์เอกสาร"),
    OIT_FIELD,
)
# First path segments the generator uses itself; a free page may not take them.
# Attachments above this size get a warning: citizens read the site on phones with metered data.
ATTACHMENT_WARN_BYTES = 10 * 1024 * 1024
# search, pages: the search page and its list of every page (render/search/files.py)
RESERVED = {"eit", "actions", "news", "documents", "files", "static", "ita", "404", "index", "feed", "sitemap",
            "robots", "search", "pages"}
_YEAR_DIR = re.compile(r"25\d\d|26\d\d")


Check = Callable[[list[SiteError]], dict[str, Any]]
FieldsOf = Callable[[SourceDoc, str, Check], tuple[dict[str, Any], list[SiteError]]]
"""How a document's fields are checked: ``(doc, what, check)`` → values and problems. ``check`` is
``fields.check_fields`` of the document (a pure function of it), so a build may give a kept document's
result again (``incremental.records.Records.fields``)."""


def check_afresh(doc: SourceDoc, what: str, check: Check) -> tuple[dict[str, Any], list[SiteError]]:
    errors: list[SiteError] = []
    return check(errors), errors


Oit = dict[int, tuple[str, ...]]
"""OIT items a document answers: fiscal year → codes (from its ``oit:`` key)."""


@dataclass(frozen=True, slots=True)
class MeasuresDoc:
    doc: SourceDoc
    fiscal_year: int
    title: str | None
    oit: Oit
    columns: tuple[Column, ...] | None = None
    """The table's columns as ``columns:`` chooses them, or None for the default (the fields the items use)."""


@dataclass(frozen=True, slots=True)
class ItemDoc:
    doc: SourceDoc
    fiscal_year: int
    code: str
    """The subject's key: ``E7``, ``I4``, ``O21``, or ``IIT-4`` for a whole indicator."""
    subject: Subject
    indicator: Indicator
    """The subject's indicator, or the one an IIT item names where the catalog's is unconfirmed."""
    responsible: tuple[str, ...]
    measures: tuple[Step, ...]
    monitoring: tuple[Step, ...]
    deadline: dt.date | str | None
    """A date, or a text as typed (``ตลอดปีงบประมาณ``)."""
    question: str | None
    options: tuple[str, ...] | None
    oit: Oit
    budget: int | float | str | None = None
    target: str | None = None
    result: str | None = None


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
    oit: Oit


@dataclass(frozen=True, slots=True)
class PageDoc:
    doc: SourceDoc
    slug: str
    title: str
    oit: Oit


@dataclass(frozen=True, slots=True)
class NewsDoc:
    doc: SourceDoc
    fiscal_year: int
    slug: str
    title: str
    date: dt.date
    attachments: tuple[str, ...]
    oit: Oit


@dataclass(frozen=True, slots=True)
class DocumentDoc:
    doc: SourceDoc
    slug: str
    title: str
    date: dt.date | None
    attachments: tuple[str, ...]
    oit: Oit


@dataclass(slots=True)
class Checked:
    """The valid records, plus what is known about invalid ones."""

    measures: dict[int, MeasuresDoc] = field(default_factory=dict)
    items: list[ItemDoc] = field(default_factory=list)
    actions: list[ActionDoc] = field(default_factory=list)
    pages: list[PageDoc] = field(default_factory=list)
    news: list[NewsDoc] = field(default_factory=list)
    documents: list[DocumentDoc] = field(default_factory=list)
    item_codes: dict[int, set[str]] = field(default_factory=dict)
    """Codes with an item file per year, valid or not (so references to a broken file don't repeat its error)."""

    def records(self) -> list[MeasuresDoc | ItemDoc | ActionDoc | PageDoc | NewsDoc | DocumentDoc]:
        """Every valid record, of every kind."""
        return [*self.measures.values(), *self.items, *self.actions, *self.pages, *self.news, *self.documents]


def check_attachment(value: str, files: dict[PurePosixPath, int]) -> str:
    """Return a normalised attachment reference; raise Invalid."""
    scheme = scheme_of(value)
    if problem := url_problem(value, spaces_allowed=scheme is None):  # file names may have spaces, URLs not
        raise Invalid(f"'{value.strip()}' {problem[0]}", f"'{value.strip()}' {problem[1]}")
    if scheme in ("http", "https") and re.match(r"https?://", value, re.IGNORECASE):
        return value
    if scheme is not None or value.startswith(("/", "\\")):
        raise messages.ATTACHMENT_NOT_ALLOWED.invalid(value=value)
    path = PurePosixPath(value.replace("\\", "/"))
    if ".." in path.parts or path.parts[:1] != ("files",):
        raise messages.ATTACHMENT_OUTSIDE_FILES.invalid(value=value)
    if path not in files:
        raise messages.ATTACHMENT_MISSING.invalid(path=path)
    return str(path)


def check_oit(raw: object, doc: SourceDoc, catalogs: Mapping[int, OitCatalog], errors: list[SiteError]) -> Oit:
    """Check an ``oit:`` mapping such as ``{2566: [O7, O8]}`` against the OIT catalogs."""
    if not isinstance(raw, dict):
        return {}
    line = doc.lines.get("oit", 1)
    out: Oit = {}
    for fy_raw, codes_raw in raw.items():
        fy_text = arabic_digits(str(fy_raw)).strip()
        if not fy_text.isdigit() or int(fy_text) not in catalogs:
            errors.append(messages.OIT_NO_CATALOG.error(doc.shown, line, fy_raw=fy_raw,
                                                        years=", ".join(map(str, sorted(catalogs)))))
            continue
        catalog = catalogs[int(fy_text)]
        codes = []
        for code_raw in codes_raw if isinstance(codes_raw, list) else [codes_raw]:
            plain = isinstance(code_raw, (str, int)) and not isinstance(code_raw, bool)
            code = normalize_code(str(code_raw)) if plain else ""
            if code not in catalog.items:
                known = list(catalog.items)
                errors.append(messages.OIT_NO_ITEM.error(doc.shown, line, code_raw=code_raw,
                                                         fiscal_year=catalog.fiscal_year, first=known[0],
                                                         last=known[-1]))
                continue
            codes.append(code)
        out[catalog.fiscal_year] = tuple(dict.fromkeys(codes))
    return out


class _Context:
    """What the checks of single documents share: the problems so far, the records, the addresses
    claimed, and the helpers every kind of document uses (fields, addresses, attachments, dates)."""

    def __init__(self, content: Content, catalogs: Catalogs, fields_of: FieldsOf):
        self.content, self.catalogs, self.oit, self.fields_of = content, catalogs, catalogs.oit, fields_of
        self.subjects: dict[int, dict[str, Subject]] = {}
        """Each year's subjects (``year_subjects``), made once per year."""
        self.errors: list[SiteError] = []
        self.checked = Checked()
        self.seen_codes: dict[tuple[int, str], SourceDoc] = {}
        self.urls: dict[str, SourceDoc] = {}
        self.paths = assign_paths((*(d.rel for d in content.docs), *content.unreadable))

    def fields(self, doc: SourceDoc, fields: tuple[Field, ...], what: str) -> tuple[dict[str, Any], Oit, int]:
        """Check the fields and the oit key; return (values, oit, number of errors before)."""
        before = len(self.errors)
        values, found = self.fields_of(doc, what, lambda errors: check_fields(
            doc.meta, doc.lines, fields, doc.shown, errors, what, doc.body_line - 1, doc.typed))
        self.errors.extend(found)
        return values, check_oit(values.get("oit"), doc, self.oit, self.errors), before

    def failed(self, before: int) -> bool:
        return any(not e.warning for e in self.errors[before:])

    def claim_url(self, doc: SourceDoc, url: str) -> bool:
        """Refuse a second file that would publish at the same address."""
        first = self.urls.setdefault(url, doc)
        if first is not doc:
            self.errors.append(messages.ADDRESS_CLASH.error(doc.shown, None, shown=first.shown, url=url))
            return False
        return True

    def address(self, doc: SourceDoc, prefix: str) -> str | None:
        """The document's web name under ``prefix`` (``news/2567/``), claimed; warns when the file
        name had to be changed to become it (``urls.names``)."""
        path = self.paths.get(doc.rel)
        if path is None:
            self.errors.append(messages.NAME_WITHOUT_LETTERS.error(doc.shown, None))
            return None
        if not self.claim_url(doc, path):
            return None
        if was_renamed(doc.rel, path):
            self.errors.append(messages.ADDRESS_RENAMED.warning(doc.shown, None, path=path))
        return path[len(prefix):-1]

    def attachments(self, doc: SourceDoc, refs: list[str]) -> tuple[str, ...]:
        out = []
        for i, ref in enumerate(refs):
            line = doc.lines.get(f"attachments[{i}]", doc.lines.get("attachments", 1))
            try:
                out.append(check_attachment(ref, self.content.files))
            except Invalid as exc:
                if PurePosixPath(ref.replace("\\", "/")) in self.content.refused:
                    continue  # the file's own error says why
                self.errors.append(SiteError(doc.shown, line, exc.th, exc.en))
                continue
            size = self.content.files.get(PurePosixPath(out[-1]), 0)
            if size > ATTACHMENT_WARN_BYTES:
                mb, limit = size / 2**20, ATTACHMENT_WARN_BYTES // 2**20
                self.errors.append(messages.ATTACHMENT_LARGE.warning(doc.shown, line, file=out[-1], mb=mb, limit=limit))
        return tuple(out)

    def date_in_folder_year(self, doc: SourceDoc, day: object, fy: int, section: str) -> None:
        if isinstance(day, dt.date) and fiscal_year(day) != fy:
            self.errors.append(messages.DATE_IN_OTHER_YEAR.error(doc.shown, doc.lines.get("date", 1),
                                                                 date_fy=fiscal_year(day), section=section, fy=fy))


def _measures(v: _Context, doc: SourceDoc, fy: int) -> None:
    values, oit, _ = v.fields(doc, MEASURES_FIELDS, "ไฟล์มาตรการ")
    columns = values.get("columns")
    v.checked.measures[fy] = MeasuresDoc(doc, fy, values.get("title"), oit, tuple(columns) if columns else None)


def _item(v: _Context, doc: SourceDoc, fy: int) -> None:
    v.checked.item_codes.setdefault(fy, set()).add(normalize_code(doc.rel.stem))
    values, oit, before = v.fields(doc, ITEM_FIELDS, "ไฟล์ข้อมาตรการ")
    if fy not in v.subjects:
        v.subjects[fy] = year_subjects(fy, v.catalogs)
    subject, indicator, found = item_problems(doc, fy, v.catalogs, values, v.subjects[fy])
    v.errors.extend(found)
    if v.failed(before) or subject is None or indicator is None:
        return
    first = v.seen_codes.setdefault((fy, subject.key), doc)
    if first is not doc:
        # Blame the file whose name is not exactly the code (E07.md beside E7.md).
        extra, kept = (first, doc) if first.rel.stem != subject.key == doc.rel.stem else (doc, first)
        v.errors.append(messages.ITEM_FILE_TWICE.error(extra.shown, extra.lines.get("code", 1),
                                                       code=shown_code(subject.key), fy=fy, kept=kept.shown))
        return
    options = values.get("options")
    v.checked.items.append(ItemDoc(
        doc, fy, subject.key, subject, indicator, tuple(values["responsible"]), tuple(values["measures"]),
        tuple(values["monitoring"]), values.get("deadline"), values.get("question"),
        tuple(options) if options is not None else None, oit, values.get("budget"), values.get("target"),
        values.get("result"),
    ))


def _action(v: _Context, doc: SourceDoc, fy: int) -> None:
    values, oit, before = v.fields(doc, ACTION_FIELDS, "ไฟล์การดำเนินการ")
    v.date_in_folder_year(doc, values.get("date"), fy, "actions")
    attachments = v.attachments(doc, values.get("attachments", []))
    slug = v.address(doc, f"actions/{fy}/")
    if slug and not v.failed(before):
        v.checked.actions.append(ActionDoc(
            doc, fy, slug, values["title"], values["date"], tuple(values["items"]), values["status"], attachments, oit))


def _news(v: _Context, doc: SourceDoc, fy: int) -> None:
    values, oit, before = v.fields(doc, NEWS_FIELDS, "ไฟล์ข่าว")
    v.date_in_folder_year(doc, values.get("date"), fy, "news")
    attachments = v.attachments(doc, values.get("attachments", []))
    slug = v.address(doc, f"news/{fy}/")
    if slug and not v.failed(before):
        v.checked.news.append(NewsDoc(doc, fy, slug, values["title"], values["date"], attachments, oit))


def _document(v: _Context, doc: SourceDoc) -> None:
    values, oit, before = v.fields(doc, DOCUMENT_FIELDS, "ไฟล์เอกสาร")
    attachments = v.attachments(doc, values.get("attachments", []))
    slug = v.address(doc, "documents/")
    if slug and not v.failed(before):
        v.checked.documents.append(DocumentDoc(doc, slug, values["title"], values.get("date"), attachments, oit))


def _page(v: _Context, doc: SourceDoc) -> None:
    values, oit, before = v.fields(doc, PAGE_FIELDS, "ไฟล์หน้าเว็บ")
    if not doc.body.strip():
        v.errors.append(messages.PAGE_WITHOUT_TEXT.error(doc.shown, doc.body_line - 1))
    path = v.paths.get(doc.rel)
    if path is not None and path.split("/")[0] in RESERVED:
        v.errors.append(messages.RESERVED_NAME.error(doc.shown, None, name=doc.rel.name,
                                                     reserved=", ".join(sorted(RESERVED))))
    elif (slug := v.address(doc, "")) and not v.failed(before):
        v.checked.pages.append(PageDoc(doc, slug, values["title"], oit))


def _check_document(v: _Context, doc: SourceDoc) -> None:
    """Dispatch one document by where it sits in content/."""
    parts, section = doc.rel.parts, doc.rel.parts[0]
    is_item = section == "eit" and doc.rel.name != "index.md"
    if not doc.has_front_matter and (section in ("actions", "news", "documents", "pages") or is_item):
        message = messages.FILE_EMPTY if not doc.body.strip() else messages.NO_FRONT_MATTER
        v.errors.append(message.error(doc.shown, 1))
        if is_item and len(parts) == 3 and _YEAR_DIR.fullmatch(parts[1]):
            v.checked.item_codes.setdefault(int(parts[1]), set()).add(normalize_code(doc.rel.stem))
        return
    if section in ("eit", "actions", "news"):
        if len(parts) != 3 or not _YEAR_DIR.fullmatch(parts[1]):
            v.errors.append(_misplaced(
                doc.shown, f"ไฟล์ใน {section}/ ต้องอยู่ในโฟลเดอร์ปีงบประมาณ พ.ศ. เช่น {section}/2566/",
                f"files in {section}/ must sit in a Buddhist-era fiscal-year folder such as {section}/2566/"))
            return
        fy = int(parts[1])
        if section == "eit":
            (_measures if doc.rel.name == "index.md" else _item)(v, doc, fy)
        else:
            (_action if section == "actions" else _news)(v, doc, fy)
    elif section == "documents":
        _document(v, doc)
    elif section == "pages":
        _page(v, doc)
    else:
        v.errors.append(_misplaced(doc.shown, "ไฟล์นี้อยู่ผิดที่", "this file is in the wrong place"))


def _check_references(v: _Context) -> None:
    """Actions must name items that have a file that year; a year's ``columns:`` must fit its items."""
    for action in v.checked.actions:
        known = v.checked.item_codes.get(action.fiscal_year, set())
        for i, code in enumerate(action.items):
            if code not in known:
                shown = shown_code(code)
                line = action.doc.lines.get(f"items[{i}]", action.doc.lines.get("items", 1))
                v.errors.append(messages.ITEM_WITHOUT_FILE.error(action.doc.shown, line, code=shown,
                                                                 fiscal_year=action.fiscal_year))
    for fy, measures in v.checked.measures.items():
        if measures.columns is not None:
            items = [i.doc for i in v.checked.items if i.fiscal_year == fy]
            v.errors.extend(column_problems(measures.doc, measures.columns, items))
    v.errors.extend(duplicate_actions(v.checked.actions))


@functools.lru_cache(maxsize=1 << 15)
def _same_text(text: str) -> str:
    """A body as compared: its words. Kept for the bodies of the site (a text's hash is kept in the string itself):
    serve compares every action's body with the others after each save of one (``rebuild``)."""
    return " ".join(text.split())


def duplicate_actions(actions: list[ActionDoc]) -> list[SiteError]:
    """An action entered twice — the same date and title, or the same description — is a warning on the
    later file (by name) that names the earlier one: both would be listed in the reports."""
    errors: list[SiteError] = []
    by_title: dict[tuple[dt.date, str], ActionDoc] = {}
    by_body: dict[str, ActionDoc] = {}
    for action in sorted(actions, key=lambda a: str(a.doc.rel)):
        body = _same_text(action.doc.body)
        first = by_title.setdefault((action.date, _same_text(action.title)), action)
        if first is action and body:
            first = by_body.setdefault(body, action)
        if first is not action:
            same_title = first.date == action.date and _same_text(first.title) == _same_text(action.title)
            same_th, same_en = (("วันที่และชื่อเรื่อง", "date and title") if same_title
                                else ("รายละเอียด", "description"))
            errors.append(messages.ACTION_TWICE.warning(action.doc.shown, action.doc.lines.get("title", 1),
                                                        shown=first.doc.shown, same_th=same_th, same_en=same_en))
    return errors


def _misplaced(shown: str, th_what: str, en_what: str) -> SiteError:
    return messages.MISPLACED.error(shown, None, th_what=th_what, en_what=en_what)


def validate_content(
    content: Content, catalogs: Mapping[int, EitCatalog], oit: Mapping[int, OitCatalog] | None = None,
    iit: Mapping[int, EitCatalog] | None = None, fields_of: FieldsOf = check_afresh,
) -> tuple[Checked, list[SiteError]]:
    """Check every document against the EIT (``catalogs``), OIT and IIT catalogs by fiscal year; return
    the valid records and all problems found. ``fields_of``: how each document's fields are checked (a build
    gives its record cache's, which keeps them with the document)."""
    v = _Context(content, Catalogs(catalogs, oit if oit is not None else {}, iit if iit is not None else {}),
                 fields_of)
    for rel in content.others:
        v.errors.append(messages.FILE_IN_NO_PLACE.error(f"{content.root.name}/{rel}", None))
    for rel in content.unreadable:  # keep codes of unreadable item files known
        is_item = len(rel.parts) == 3 and rel.parts[0] == "eit" and rel.name != "index.md"
        if is_item and _YEAR_DIR.fullmatch(rel.parts[1]):
            v.checked.item_codes.setdefault(int(rel.parts[1]), set()).add(normalize_code(rel.stem))
    for doc in content.docs:
        _check_document(v, doc)
    _check_references(v)
    return v.checked, v.errors
