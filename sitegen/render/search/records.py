"""Render stage, search text: what each page shows in its ``<main>``, made from the page's records instead of read
back from its HTML (reading 100 MB of pages back was the largest single cost of a large build).

One function per kind of page writes, in order, the text the theme's template of that kind puts in ``<main>``:
the records' values formatted by the same filters (the site's digits, Thai dates, baht) and the template's own
words (headings, labels, the chart's captions). Where the template puts white space or a block element between
two texts, they are joined with a space; where it puts nothing, they are joined as they are. Document bodies
are the only HTML read: each body's text once, from the HTML the bodies stage made.

``tests/render/test_search_text.py`` holds every page of the seed, contract, ITA and agency sites to this: its
text here is, white space collapsed, the text of its ``<main>`` read from the built HTML (``search.page_doc``).
A site whose own ``templates/`` holds a template shows other text: its search entries are read from the HTML
instead (``site_docs``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sitegen.catalog.catalogs import Indicator
from sitegen.model.records import (
    Action, ActionData, Attachment, Body, ContactData, Document, DocumentsData, FiscalYear, FreePage, Group, HomeData,
    ItaIndex, ItaItemData, Item, ItemData, News, NewsListData, Page, PageKind, ReportData, Round, Site, Table,
)
from sitegen.render.charts import STATES, Chart, progress_chart
from sitegen.output import OutputFile
from sitegen.render.search.text import SearchDoc, clean, codes_of, html_text, page_doc, site_path
from sitegen.render.status import year_status
from sitegen.render.templates import filesize, search_path
from sitegen.thai import baht, format_number, thai_date, thai_month_year

Texts = Iterator[str]
"""The pieces of a page's text in order, each a block of its own (joined with spaces)."""

STATUS = {"in_progress": "อยู่ระหว่างดำเนินการ", "planned": "ยังไม่ดำเนินการ"}
DEFAULT_HEADING = {"target": "ตัวชี้วัด/ค่าเป้าหมาย", "budget": "งบประมาณ", "result": "ผลการดำเนินงาน"}
CONTACT_LABELS = {"address": "ที่อยู่", "phone": "โทรศัพท์", "fax": "โทรสาร", "email": "อีเมล", "facebook": "Facebook",
                  "messenger": "Messenger", "line": "LINE", "qa": "กระดานถาม-ตอบ (Q&A)", "website": "เว็บไซต์"}
TWO_WAY = ("email", "facebook", "messenger", "line", "qa")
DUE_STATE = {"done": "เสร็จแล้ว", "open": "รอดำเนินการ", "late": "เลยกำหนด"}


@dataclass(slots=True)
class Shown:
    """The site-wide facts a page's text is written with: the digits, the as-of date, each body's text."""

    site: Site
    bodies: Mapping[PurePosixPath, str]
    """Each document's body HTML (``bodies.BodyHtml``)."""
    texts: dict[PurePosixPath, str] = field(default_factory=dict)

    def num(self, value: object) -> str:
        return format_number(value, self.site.config.digits)

    def date(self, day: dt.date) -> str:
        return thai_date(day, self.site.config.digits)

    def month_year(self, day: dt.date) -> str:
        return thai_month_year(day, self.site.config.digits)

    def body(self, body: Body | None) -> str:
        """The text of a body's HTML, read once per body."""
        if body is None:
            return ""
        text = self.texts.get(body.rel)
        if text is None:
            text = self.texts[body.rel] = html_text(self.bodies.get(body.rel, ""))
        return text

    @property
    def place(self) -> str:
        config = self.site.config
        return f"อำเภอ{config.district} จังหวัด{config.province}"


def _round_name(s: Shown, r: Round) -> str:
    return f"รอบ {s.num(r.months)} เดือน (เดือน{s.month_year(r.start)} - {s.month_year(r.end)})"


def _round_state(s: Shown, r: Round) -> str:
    return "ครบรอบแล้ว" if r.ended else f"อยู่ระหว่างรอบ ข้อมูล ณ วันที่ {s.date(s.site.as_of)}"


def _status(action: Action) -> str:
    return f" {STATUS[action.status]}" if action.status in STATUS else ""


def _action_entry(s: Shown, a: Action) -> str:
    when = "กำหนดดำเนินการวันที่" if a.planned else "ดำเนินการเมื่อวันที่"
    return f"{a.title} {when} {s.date(a.date)}{_status(a)}"


def _actions_cell(s: Shown, actions: Iterable[Action]) -> Texts:
    listed = [_action_entry(s, a) for a in actions]
    yield from listed or ["อยู่ระหว่างดำเนินการ"]


def _steps(s: Shown, entries: Iterable) -> Texts:
    for number, entry in enumerate(entries, 1):
        yield entry.text
        for sub, text in enumerate(entry.steps, 1):
            yield f"{s.num(f'{number}.{sub}')} {text}"


def _deadline(s: Shown, item: Item) -> str:
    return s.date(item.deadline) if item.deadline else (item.deadline_text or "")


def _budget(s: Shown, value: int | float | str) -> str:
    return value if isinstance(value, str) else s.num(baht(value))


def _question(s: Shown, item: Item) -> Texts:
    yield f"{s.num(item.label)} {item.heading}" if item.label else item.heading
    yield from item.options


def _heading_of(table: Table, key: str) -> str:
    return next((c.heading for c in table.columns if c.key == key), DEFAULT_HEADING[key])


def _indicator(s: Shown, indicator: Indicator) -> str:
    return f"ตัวชี้วัดที่ {s.num(indicator.number)} {indicator.name}"


def _cell(s: Shown, key: str, item: Item, row_actions: tuple[Action, ...], table: Table) -> Texts:
    if key == "issue":
        yield from _question(s, item)
    elif key == "responsible":
        yield from item.responsible
    elif key in ("measures", "monitoring"):
        yield from _steps(s, item.measures if key == "measures" else item.monitoring)
        if key == "monitoring" and not table.deadline_apart and (item.deadline or item.deadline_text):
            yield f"กำหนดเวลาแล้วเสร็จ {_deadline(s, item)}"
    elif key == "deadline":
        yield _deadline(s, item)
    elif key == "budget":
        yield "" if item.budget is None else _budget(s, item.budget)
    elif key in ("target", "result"):
        yield getattr(item, key) or ""
    elif key == "actions":
        yield from _actions_cell(s, row_actions)


def _tables(s: Shown, groups: Iterable[Group], suffix: str, table: Table) -> Texts:
    """``macros.eit_tables``: per indicator its tool, heading, caption, column headings and rows."""
    for group in groups:
        name = _indicator(s, group.indicator)
        yield f"เครื่องมือการประเมิน {group.tool}"
        yield name
        yield f"{name}: {suffix}"
        yield from (c.heading for c in table.columns)
        for row in group.rows:
            for column in table.columns:
                yield from _cell(s, column.key, row.item, row.actions, table)


def _chart(s: Shown, chart: Chart, title: str) -> Texts:
    """``charts.progress_figure``: the caption, the labels and counts drawn in the SVG, the legend, the table."""
    t = chart.totals
    planned = f" · วางแผนแล้ว ยังไม่ดำเนินการ {s.num(t.planned)} ข้อ" if t.planned else ""
    yield (f"ความคืบหน้า{title}: {s.num(t.total)} ข้อ — มีการดำเนินการแล้ว {s.num(t.done)} ข้อ · "
           f"อยู่ระหว่างดำเนินการ {s.num(t.in_progress)} ข้อ{planned} · ยังไม่มีการดำเนินการ {s.num(t.none)} ข้อ")
    drawn = [_indicator(s, tally.indicator) + "".join(s.num(tally.count(state)) for state in STATES
                                                       if tally.total and tally.count(state))
             for tally in chart.tallies]
    yield "".join(drawn)  # SVG text elements are not blocks: the labels and counts run together
    states = [state for state in STATES if state != "planned" or t.planned]
    labels = {"done": "มีการดำเนินการแล้ว", "in_progress": "อยู่ระหว่างดำเนินการ",
              "planned": "วางแผนแล้ว ยังไม่ดำเนินการ", "none": "ยังไม่มีการดำเนินการ"}
    yield from (labels[state] for state in states)
    yield f"จำนวนข้อตามตัวชี้วัด {title}"
    yield "ตัวชี้วัด"
    yield from (labels[state] for state in states)
    yield "รวม"
    for tally in chart.tallies:
        yield _indicator(s, tally.indicator)
        yield from (s.num(tally.count(state)) for state in states)
        yield s.num(tally.total)


def _year_documents(s: Shown, year: FiscalYear) -> Texts:
    yield f"เอกสารประจำปีงบประมาณ พ.ศ. {s.num(year.fiscal_year)}"
    yield year.title
    yield from (f"รายงานผลการดำเนินการ {_round_name(s, r.round)}" for r in year.reports)


def _attachments(s: Shown, files: Iterable[Attachment]) -> Texts:
    for file in files:
        size = "" if file.size is None else f", {filesize(file.size, s.site.config.digits)}"
        yield f"{file.label} ({file.kind}{size})"


def _home_status(s: Shown) -> Texts:
    status = year_status(s.site)
    name = _round_name(s, status.round)
    yield f"สถานะปีงบประมาณ พ.ศ. {s.num(status.fiscal_year)}"
    yield (f"ขณะนี้อยู่ใน{name} สิ้นสุด {s.date(status.round.end)} (อีก {s.num(status.days_left)} วัน) · "
           f"ข้อมูล ณ วันที่ {s.date(s.site.as_of)}")
    if status.chart and status.report:
        yield from _chart(s, status.chart, name)
        yield f"ดูรายงานการดำเนินการ{name}"
    else:
        yield f"ยังไม่ได้เผยแพร่มาตรการของปีงบประมาณ พ.ศ. {s.num(status.fiscal_year)}"
    yield "สิ่งที่ต้องทำและกำหนดเวลา"
    for due in status.due:
        missing = ", ".join(s.num(i.label) if i.label else i.heading for i in due.missing)
        yield (f"{DUE_STATE[due.state]} {due.what} ภายใน {s.date(due.by)}"
               + (f"ยังไม่มีการดำเนินการ: {missing}" if due.missing else ""))
    current = s.site.current
    if not status.year and current and current.reports:
        last = current.reports[-1]
        name = _round_name(s, last.round)
        yield f"ผลการดำเนินการปีงบประมาณ พ.ศ. {s.num(current.fiscal_year)}"
        yield from _chart(s, progress_chart(last.groups, "chart-last", s.site.config.digits), name)
        yield f"ดูรายงานการดำเนินการ{name} ปี {s.num(current.fiscal_year)}"


def _home(s: Shown, page: Page, data: HomeData) -> Texts:
    site = s.site
    yield site.config.name
    yield f"{s.place} — มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน และรายงานผลการดำเนินการ"
    yield from _home_status(s)
    for year in site.years:
        yield f"ปีงบประมาณ พ.ศ. {s.num(year.fiscal_year)}"
        if year.fiscal_year == site.fiscal_year_now:
            yield "ปีปัจจุบัน"
        yield year.title
        yield f"{s.num(len(year.items))} ข้อ · การดำเนินการ {s.num(len(year.actions))} รายการ"
        for report in year.reports:
            yield f"รายงานการดำเนินการตามมาตรการ {_round_name(s, report.round)}"
            yield _round_state(s, report.round)
        for index in site.ita:
            if index.fiscal_year == year.fiscal_year:
                yield f"ตารางการเปิดเผยข้อมูลสาธารณะ (ITA/OIT) ปี {s.num(year.fiscal_year)}"
                yield "ข้อ URL และคำอธิบายสำหรับผู้ประเมิน"
    if not site.years:
        yield "ยังไม่มีเอกสารมาตรการ"
    if site.latest_actions:
        yield "การดำเนินการล่าสุด"
        yield from (_action_entry(s, a) for a in site.latest_actions)


def _intro(s: Shown, year: FiscalYear) -> Texts:
    yield s.body(year.intro)


def _measures(s: Shown, page: Page, year: FiscalYear) -> Texts:
    config = s.site.config
    yield year.title
    yield f"{config.name} {s.place}"
    if year.reports:
        yield "รายงานผลการดำเนินการตามมาตรการ"
        for report in year.reports:
            yield _round_name(s, report.round)
            yield _round_state(s, report.round)
    yield from _intro(s, year)
    if year.groups:
        yield f"ช่อง “การดำเนินการ” แสดงการดำเนินการทั้งหมดถึงวันที่ {s.date(s.site.as_of)}"
        yield from _tables(s, year.groups, "มาตรการและการดำเนินการ", year.table)
    else:
        yield "ยังไม่มีข้อมาตรการในปีนี้"
    tools = "IIT/EIT/OIT" if any(item.tool != "EIT" for item in year.items) else "EIT"
    yield "ข้อมูลเปิด (Open data)"
    yield "มาตรการ ข้อ และการดำเนินการทั้งหมด (JSON)"
    yield f"รายการข้อ {tools} หนึ่งแถวต่อหนึ่งข้อ (CSV)"
    yield "การดำเนินการ หนึ่งแถวต่อหนึ่งรายการ (CSV)"
    yield f"ไฟล์ CSV เปิดด้วย Excel ได้ทันที (UTF-8) · ข้อมูลถึงวันที่ {s.date(s.site.as_of)}"


def _report(s: Shown, page: Page, data: ReportData) -> Texts:
    year, report = data.year, data.report
    name = _round_name(s, report.round)
    yield report.title
    yield s.site.config.name
    yield s.place
    if not report.round.ended:
        yield f"รอบนี้ยังไม่สิ้นสุด ข้อมูล ณ วันที่ {s.date(s.site.as_of)}"
    yield from _chart(s, progress_chart(report.groups, f"chart-{report.round.months}", s.site.config.digits), name)
    yield year.title
    yield from _intro(s, year)
    yield from _tables(s, report.groups, f"การดำเนินการ{name}", year.table)


def _item_facts(s: Shown, year: FiscalYear, item: Item) -> Texts:
    yield "ตัวชี้วัด"
    yield f"{_indicator(s, item.indicator)} (เครื่องมือการประเมิน {item.tool})"
    yield "ปีงบประมาณ"
    yield f"พ.ศ. {s.num(item.fiscal_year)}"
    yield "ผู้รับผิดชอบ"
    yield from item.responsible
    if item.deadline or item.deadline_text:
        yield "กำหนดเวลาแล้วเสร็จ"
        yield _deadline(s, item)
    if item.target:
        yield _heading_of(year.table, "target")
        yield item.target
    if item.budget is not None:
        yield _heading_of(year.table, "budget")
        yield _budget(s, item.budget)
    if not item.verified:
        what = ("ชื่อและเลขข้อของรายการนี้" if item.tool == "OIT" else
                "เลขข้อและตัวชี้วัดของข้อคำถามนี้" if not item.question else "ถ้อยคำของข้อคำถามนี้")
        yield f"{what}ยังไม่ได้ตรวจทานกับคู่มือการประเมินฉบับทางการ"


def _item(s: Shown, page: Page, data: ItemData) -> Texts:
    year, item = data.year, data.item
    yield from _question(s, item)
    yield from _item_facts(s, year, item)
    yield "ขั้นตอนหรือวิธีการ/มาตรการ"
    yield from _steps(s, item.measures)
    yield "การรายงานผลและการกำกับติดตาม"
    yield from _steps(s, item.monitoring)
    yield "การดำเนินการ"
    for entry in item.by_round:
        yield _round_name(s, entry.round)
        yield from _actions_cell(s, entry.actions)
    if not item.by_round:
        yield "ยังไม่ถึงรอบรายงานผลของปีงบประมาณนี้"
    if item.result:
        yield _heading_of(year.table, "result")
        yield item.result
    if notes := s.body(item.notes):
        yield "หมายเหตุ"
        yield notes
    yield from _year_documents(s, year)


def _action(s: Shown, page: Page, data: ActionData) -> Texts:
    year, action = data.year, data.action
    yield action.title + _status(action)
    yield "วันที่กำหนดดำเนินการ" if action.planned else "วันที่ดำเนินการ"
    yield s.date(action.date)
    yield "สถานะ"
    yield STATUS.get(action.status, "ดำเนินการแล้ว")
    yield "ตามมาตรการข้อ"
    for item in year.items:
        if item.code in action.item_codes:
            yield f"{s.num(item.label)} {item.heading}" if item.label else item.heading
    yield s.body(action.body)
    if action.attachments:
        yield "เอกสารแนบ"
        yield from _attachments(s, action.attachments)
    yield from _year_documents(s, year)


def _news(s: Shown, page: Page, news: News) -> Texts:
    yield news.title
    yield f"ประกาศเมื่อวันที่ {s.date(news.date)}"
    yield s.body(news.body)
    if news.attachments:
        yield "เอกสารแนบ"
        yield from _attachments(s, news.attachments)


def _news_list(s: Shown, page: Page, data: NewsListData) -> Texts:
    yield "ข่าวประชาสัมพันธ์"
    for news in data.news:
        yield f"{news.title} {s.date(news.date)}"


def _documents(s: Shown, page: Page, data: DocumentsData) -> Texts:
    yield "เอกสารเผยแพร่"
    for doc in data.documents:
        yield f"{doc.title} " + (f"{s.date(doc.date)} · " if doc.date else "") + f"{s.num(len(doc.attachments))} ไฟล์"


def _document(s: Shown, page: Page, doc: Document) -> Texts:
    yield doc.title
    if doc.date:
        yield f"ลงวันที่ {s.date(doc.date)}"
    yield s.body(doc.body)
    yield "ไฟล์เอกสาร"
    yield from _attachments(s, doc.attachments)


def _free_page(s: Shown, page: Page, free: FreePage) -> Texts:
    yield free.title
    yield s.body(free.body)


def _contact(s: Shown, page: Page, data: ContactData) -> Texts:
    yield page.title
    yield s.place
    for key, value in data.channels:
        yield CONTACT_LABELS.get(key, key)
        yield value + (" ถาม-ตอบได้" if key in TWO_WAY else "")
    if any(key in TWO_WAY for key, _ in data.channels):
        yield "ช่องทางที่มีเครื่องหมาย “ถาม-ตอบได้” ใช้ส่งคำถามและรับคำตอบจากเจ้าหน้าที่ได้"


def _ita(s: Shown, page: Page, index: ItaIndex) -> Texts:
    yield page.title
    yield (f"{s.site.config.name} — ข้อมูลที่เปิดเผยบนเว็บไซต์ตามแบบวัดการเปิดเผยข้อมูลสาธารณะ (OIT) แต่ละข้อ "
           "พร้อมที่อยู่ (URL) และวิธีเข้าถึงจากหน้าแรก")
    if not index.catalog.verified:
        yield ("รายการข้อของปีงบประมาณนี้ยังไม่ได้ตรวจทานกับคู่มือการประเมิน ITA ฉบับทางการ ข้อที่มีเครื่องหมาย "
               "“ยังไม่ยืนยัน” อาจมีเลขข้อหรือชื่อไม่ตรง")
    for ind in index.indicators:
        yield _indicator(s, ind.indicator)
        for sub in ind.subs:
            yield s.num(sub.name)
            yield f"ตัวชี้วัด {s.num(sub.name)}: ข้อ หัวข้อ URL และคำอธิบาย"
            yield "ข้อ หัวข้อ URL คำอธิบาย"
            for group in sub.groups:
                if len(sub.groups) > 1:
                    yield group.name
                for row in group.rows:
                    yield s.num(row.item.code)
                    yield row.item.title + ("" if row.item.verified else " (ยังไม่ยืนยัน)")
                    yield from (a.full_url for a in row.answers) if row.answers else ["ยังไม่มีข้อมูล"]
                    yield from (f"{a.title}: {' › '.join(a.click_path)}" for a in row.answers) if row.answers \
                        else [row.item.hint]


def _ita_item(s: Shown, page: Page, data: ItaItemData) -> Texts:
    index, row = data.index, data.row
    code = s.num(row.item.code)
    yield f"{code} {row.item.title}"
    yield f"ข้อ {code} ของแบบวัด OIT ปีงบประมาณ พ.ศ. {s.num(index.fiscal_year)} · {s.num(row.item.subindicator)}"
    if row.answers:
        yield "ข้อมูลของข้อนี้อยู่ที่" if len(row.answers) == 1 else f"ข้อมูลของข้อนี้อยู่ใน {s.num(len(row.answers))} หน้า:"
        yield from (f"{a.title} ({' › '.join(a.click_path)})" for a in row.answers)
    else:
        yield "ยังไม่มีข้อมูลสำหรับข้อนี้"
        yield f"สิ่งที่ต้องแสดง: {row.item.hint}"
    yield f"กลับไปที่ตาราง ITA ปี {s.num(index.fiscal_year)}"


TEXTS: dict[PageKind, Callable[[Shown, Page, object], Texts]] = {
    PageKind.HOME: _home, PageKind.MEASURES: _measures, PageKind.REPORT: _report,  # type: ignore[dict-item]
    PageKind.ITEM: _item, PageKind.ACTION: _action, PageKind.NEWS: _news,  # type: ignore[dict-item]
    PageKind.NEWS_LIST: _news_list, PageKind.DOCUMENTS: _documents,  # type: ignore[dict-item]
    PageKind.DOCUMENT: _document, PageKind.FREE_PAGE: _free_page,  # type: ignore[dict-item]
    PageKind.CONTACT: _contact, PageKind.ITA: _ita, PageKind.ITA_ITEM: _ita_item,  # type: ignore[dict-item]
}
"""The text of each kind of page (the not-found page is not searched)."""


def record_doc(shown: Shown, page: Page) -> SearchDoc | None:
    """The searchable part of ``page`` from its records: what ``search.page_doc`` reads from its HTML. None for
    the not-found page and a redirect (the stable page of an OIT item with one answer)."""
    make = TEXTS.get(page.kind)
    if make is None or (isinstance(page.data, ItaItemData) and len(page.data.row.answers) == 1):
        return None
    pieces = make(shown, page, page.data)
    title = clean(next(pieces, ""))
    text = clean(" ".join((title, *pieces)))
    if not text:
        return None
    return SearchDoc(site_path(page.output), title, codes_of(title), text)


def own_templates(templates_dir: Path | None) -> bool:
    """Whether a site's ``templates/`` holds a template of its own (anything outside ``static/``): then its pages
    may show other text than the theme's, and their search entries are read from their HTML."""
    folders = search_path(templates_dir)
    return len(folders) > 1 and any(path.is_file() and path.relative_to(folders[0]).parts[0] != "static"
                                    for path in folders[0].rglob("*"))


def doc_maker(site: Site, bodies: Mapping[PurePosixPath, str], rendered: Sequence[OutputFile],
              from_html: bool) -> Callable[[Page], SearchDoc | None]:
    """The maker of a page's doc (None for a page not searched): from the records, or, ``from_html``, read back
    from the rendered page's ``<main>`` (``search.page_doc``)."""
    if from_html:
        html = {f.path: f.data for f in rendered if f.data is not None}
        return lambda p: (page_doc(p.output, html[p.output].decode("utf-8"))
                          if p.output in html and p.kind is not PageKind.NOT_FOUND else None)
    shown = Shown(site, bodies)
    return lambda page: record_doc(shown, page)


def site_docs(site: Site, bodies: Mapping[PurePosixPath, str], rendered: Sequence[OutputFile],
              from_html: bool) -> list[SearchDoc]:
    """Every searchable page's doc, in page order (``doc_maker``)."""
    make = doc_maker(site, bodies, rendered, from_html)
    return [doc for doc in map(make, site.pages) if doc is not None]
