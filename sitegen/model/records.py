"""Model stage, records: the site as typed, read-only data: years, rounds, tables, pages with URLs.

Everything a template shows is decided by the model (``assemble`` makes these records; grouping,
ordering, which actions fall in which round); templates only format. Each Page records the source
files it shows.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from types import MappingProxyType

from sitegen.catalog.catalogs import Indicator, OitCatalog, OitItem
from sitegen.load.config import SiteConfig
from sitegen.model.links import LinkTargets
from sitegen.fields import COLUMNS, Column, Step
from sitegen.thai import fiscal_year, fiscal_year_span


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file under content/files/ (with its size) or an outside link."""

    label: str
    url: str
    kind: str
    """File type shown to readers (``PDF``, ``DOCX``) or ``ลิงก์`` for an outside link."""
    size: int | None


@dataclass(frozen=True, slots=True)
class Round:
    """A reporting round of a fiscal year: 6 months (1 Oct – 31 Mar) or 12 months (the whole year)."""

    fiscal_year: int
    months: int
    start: dt.date
    end: dt.date
    opens: dt.date
    """The day its report page appears: the 6-month report on 1 Oct, the 12-month one on 1 Apr,
    when the second half it adds begins (until then it would repeat the 6-month report)."""
    ended: bool
    """True when the round's last day is before the as-of date."""
    slug: str


@dataclass(frozen=True, slots=True)
class Body:
    """Where a document's Markdown body is; the render stage turns the body (``SourceDoc.body``) into HTML, once per
    document. The text stays out of the model: a save that changes only a body leaves the model as it was (serve's
    ``rebuild``)."""

    rel: PurePosixPath
    """The document, relative to content/: the key of its text and of its HTML in the render stage."""
    shown: str
    """Its path as messages show it (``content/actions/2566/….md``)."""
    line: int
    """The file line the body starts on, so a bad link is reported on its own line."""


@dataclass(frozen=True, slots=True)
class Action:
    source: str
    url: str
    fiscal_year: int
    title: str
    date: dt.date
    item_codes: tuple[str, ...]
    status: str
    attachments: tuple[Attachment, ...]
    body: Body

    @property
    def in_progress(self) -> bool:
        return self.status == "in_progress"

    @property
    def planned(self) -> bool:
        """Recorded, but not begun yet (``status: planned`` / ยังไม่ดำเนินการ)."""
        return self.status == "planned"

    @property
    def done(self) -> bool:
        return self.status == "done"


@dataclass(frozen=True, slots=True)
class RoundActions:
    """The actions of one item in one round (the "การดำเนินการ" of that round's report)."""

    round: Round
    actions: tuple[Action, ...]


@dataclass(frozen=True, slots=True)
class Item:
    """One item's measure for a fiscal year — a question or item of the IIT, EIT or OIT, or a whole indicator —
    with its actions up to the as-of date."""

    source: str
    url: str
    fiscal_year: int
    code: str
    """The subject's key: ``E7``, ``I4``, ``O21``, or ``IIT-4`` for a whole indicator (what actions name)."""
    indicator: Indicator
    question: str
    """The question's wording (typed in the file, or the catalog's), the OIT item's title, or for a whole
    indicator its name; "" for an IIT question whose wording neither gives."""
    options: tuple[str, ...]
    responsible: tuple[str, ...]
    """One unit or several, in the order written."""
    measures: tuple[Step, ...]
    monitoring: tuple[Step, ...]
    deadline: dt.date | None
    notes: Body
    verified: bool
    actions: tuple[Action, ...]
    by_round: tuple[RoundActions, ...]
    """Each round whose report has opened, with the item's actions dated in it."""
    tool: str = "EIT"
    label: str = ""
    """The code as the official forms write it (``E7``, ``i4``, ``O21``); "" for a whole indicator."""
    heading: str = ""
    """What its row and page are headed by: the question, or for an IIT question without wording its indicator."""
    deadline_text: str | None = None
    """A deadline written as a text (``ตลอดปีงบประมาณ พ.ศ. 2567``), shown as typed."""
    budget: int | float | str | None = None
    """Baht as a number, or a text as typed."""
    target: str | None = None
    result: str | None = None

    @property
    def whole(self) -> bool:
        """The item answers a whole indicator, not one question."""
        return not self.label


@dataclass(frozen=True, slots=True)
class Row:
    """A table row: an item and the actions shown for the period of the table."""

    item: Item
    actions: tuple[Action, ...]


@dataclass(frozen=True, slots=True)
class Group:
    """The rows of one indicator (one table in the seed document)."""

    indicator: Indicator
    rows: tuple[Row, ...]
    tool: str = "EIT"
    """The ITA tool the indicator belongs to (เครื่องมือการประเมิน IIT, EIT or OIT)."""


@dataclass(frozen=True, slots=True)
class Table:
    """The columns of a year's measures table (and its round reports'): as ``columns:`` in its measures
    document chooses them, or the seed's five and one for each optional field an item of the year sets."""

    columns: tuple[Column, ...]
    deadline_apart: bool
    """The deadline has a column of its own; otherwise the monitoring column shows it, as in the seed."""
    standard: bool
    """The seed's five columns, whose widths the theme sets."""


def standard_table() -> Table:
    """The seed's five columns; the monitoring column also shows the deadline."""
    monitoring_heading = f"{COLUMNS['monitoring'][0]} {COLUMNS['deadline'][0]}"
    columns = tuple(Column(key, *COLUMNS[key]) for key in ("issue", "responsible", "measures", "monitoring", "actions"))
    return Table(tuple(c if c.key != "monitoring" else Column(c.key, monitoring_heading, c.label) for c in columns),
                 False, True)


STANDARD_TABLE = standard_table()


@dataclass(frozen=True, slots=True)
class Report:
    round: Round
    url: str
    title: str
    groups: tuple[Group, ...]


@dataclass(frozen=True, slots=True)
class FiscalYear:
    fiscal_year: int
    url: str
    title: str
    intro: Body | None
    source: str | None
    items: tuple[Item, ...]
    actions: tuple[Action, ...]
    groups: tuple[Group, ...]
    """All items with all their actions so far: the measures document's tables."""
    reports: tuple[Report, ...]
    table: Table = field(default_factory=lambda: STANDARD_TABLE)


@dataclass(frozen=True, slots=True)
class FreePage:
    source: str
    url: str
    title: str
    body: Body


@dataclass(frozen=True, slots=True)
class News:
    source: str
    url: str
    fiscal_year: int
    title: str
    date: dt.date
    attachments: tuple[Attachment, ...]
    body: Body


@dataclass(frozen=True, slots=True)
class Document:
    source: str
    url: str
    title: str
    date: dt.date | None
    attachments: tuple[Attachment, ...]
    body: Body


@dataclass(frozen=True, slots=True)
class Answer:
    """A page that answers an OIT item, as the ITA index shows it."""

    title: str
    url: str
    full_url: str
    """Absolute, from base_url: what the assessor pastes into the ITA system."""
    click_path: tuple[str, ...]
    """The links to follow from the home page, e.g. (หน้าแรก, มาตรการ ปี ๒๕๖๖, รายงานรอบ ๖ เดือน)."""
    date: dt.date | None
    """The date the content is about (action/news/document date), if it has one."""
    round_end: dt.date | None = None
    """For a round report: the last day of its round."""


@dataclass(frozen=True, slots=True)
class ItaRow:
    item: OitItem
    url: str
    """The item's stable address, /ita/<FY>/<code>/, which never changes between builds."""
    answers: tuple[Answer, ...]


@dataclass(frozen=True, slots=True)
class ItaGroup:
    name: str
    rows: tuple[ItaRow, ...]


@dataclass(frozen=True, slots=True)
class ItaSub:
    name: str
    groups: tuple[ItaGroup, ...]


@dataclass(frozen=True, slots=True)
class ItaIndicator:
    indicator: Indicator
    subs: tuple[ItaSub, ...]


@dataclass(frozen=True, slots=True)
class ItaIndex:
    """The table the agency fills in for the assessors: one row per OIT item of the year."""

    fiscal_year: int
    url: str
    catalog: OitCatalog
    indicators: tuple[ItaIndicator, ...]

    @property
    def rows(self) -> tuple[ItaRow, ...]:
        return tuple(r for i in self.indicators for s in i.subs for g in s.groups for r in g.rows)


@dataclass(frozen=True, slots=True)
class HomeData:
    """The home page: each fiscal year's documents, the latest actions, the ITA tables."""

    years: tuple[FiscalYear, ...]
    latest_actions: tuple[Action, ...]
    ita: tuple[ItaIndex, ...]


@dataclass(frozen=True, slots=True)
class ReportData:
    """A round report and the year it reports on (its title and introduction head the report)."""

    year: FiscalYear
    report: Report


@dataclass(frozen=True, slots=True)
class ItemData:
    """An item page: the item, and its year for the links back to the year's documents."""

    year: FiscalYear
    item: Item


@dataclass(frozen=True, slots=True)
class ActionData:
    """An action page: the action, and its year (the items it serves, the year's documents)."""

    year: FiscalYear
    action: Action


@dataclass(frozen=True, slots=True)
class NewsListData:
    news: tuple[News, ...]
    """Newest first."""


@dataclass(frozen=True, slots=True)
class DocumentsData:
    documents: tuple[Document, ...]
    """Newest first."""


@dataclass(frozen=True, slots=True)
class ContactData:
    channels: tuple[tuple[str, str], ...]
    """site.yaml's ``contact`` entries (key, value), in file order."""


@dataclass(frozen=True, slots=True)
class ItaItemData:
    """The stable page of one OIT item: its row, and the index it belongs to."""

    index: ItaIndex
    row: ItaRow


@dataclass(frozen=True, slots=True)
class NotFoundData:
    current: FiscalYear | None
    """The year the not-found page offers as a way back."""


PageData = (HomeData | FiscalYear | ReportData | ItemData | ActionData | NewsListData | News | DocumentsData
            | Document | FreePage | ContactData | ItaIndex | ItaItemData | NotFoundData)
"""What a page shows, typed by its kind (``PAGE_DATA``): the measures page shows a FiscalYear, a news page a News…"""


class PageKind(enum.Enum):
    """The kinds of page the site has."""

    HOME = "home"
    MEASURES = "measures"
    REPORT = "report"
    ITEM = "item"
    ACTION = "action"
    NEWS_LIST = "news_list"
    NEWS = "news"
    DOCUMENTS = "documents"
    DOCUMENT = "document"
    FREE_PAGE = "page"
    CONTACT = "contact"
    ITA = "ita"
    ITA_ITEM = "ita_item"
    NOT_FOUND = "not_found"


PAGE_DATA: Mapping[PageKind, type] = MappingProxyType({
    PageKind.HOME: HomeData, PageKind.MEASURES: FiscalYear, PageKind.REPORT: ReportData, PageKind.ITEM: ItemData,
    PageKind.ACTION: ActionData, PageKind.NEWS_LIST: NewsListData, PageKind.NEWS: News,
    PageKind.DOCUMENTS: DocumentsData, PageKind.DOCUMENT: Document, PageKind.FREE_PAGE: FreePage,
    PageKind.CONTACT: ContactData, PageKind.ITA: ItaIndex, PageKind.ITA_ITEM: ItaItemData,
    PageKind.NOT_FOUND: NotFoundData,
})
"""The type of ``Page.data`` for each kind of page."""


@dataclass(frozen=True, slots=True)
class Page:
    """One HTML page to render."""

    path: str
    """Site path: ``""`` for home, ``"eit/2566/"``, or ``"404.html"``."""
    url: str
    output: str
    """File to write, relative to the output folder."""
    kind: PageKind
    """What the page shows; the render stage picks its template by kind."""
    title: str
    short: str
    """A short name for breadcrumbs and menus (``มาตรการ ปี ๒๕๖๖``, ``ข้อ E๗``)."""
    breadcrumbs: tuple[Link, ...]
    """Ancestors from home; the page itself is not included."""
    sources: tuple[str, ...]
    """Content files whose text the page shows (for incremental builds and 'last updated')."""
    data: PageData
    """Everything the page shows, a record of the type its kind names in ``PAGE_DATA``."""
    oit: tuple[tuple[int, str], ...] = ()
    """OIT items (fiscal year, code) this page answers."""
    date: dt.date | None = None
    """The date the page's content is about, if any (for the readiness check)."""
    round_end: dt.date | None = None
    updated: dt.date | None = None
    """The newest last-changed date of its sources (commit or file date), or None without sources."""


@dataclass(frozen=True, slots=True)
class Site:
    config: SiteConfig
    as_of: dt.date
    years: tuple[FiscalYear, ...]
    """Newest first."""
    current: FiscalYear | None
    latest_actions: tuple[Action, ...]
    free_pages: tuple[FreePage, ...]
    news: tuple[News, ...]
    """Newest first."""
    documents: tuple[Document, ...]
    ita: tuple[ItaIndex, ...]
    """Newest first."""
    nav: tuple[Link, ...]
    pages: tuple[Page, ...]
    files: tuple[tuple[str, PurePosixPath], ...]
    """Attachments to copy: (output path, content-relative source)."""
    bodies: tuple[Body, ...]
    """Every document body the render stage converts, each once: those the pages show, and those not
    shown (an action dated later, a document with errors) whose links are still checked in this run."""
    links: LinkTargets
    """What a link written in content may lead to: the render stage resolves each body's links by it
    (``links.Links``)."""
    cleaned: dict[PurePosixPath, bytes] = field(default_factory=dict)
    """Attachments published with other bytes than their source (SVG with script removed)."""
    extended: bool = False
    """It shows what the seed's report has no place for (``extended``): its pages also load ``measures.css``."""

    @property
    def fiscal_year_now(self) -> int:
        """The fiscal year ``as_of`` falls in ("ปีปัจจุบัน"); ``current`` is the newest year with content up to it."""
        return fiscal_year(self.as_of)


def extended(years: Iterable[FiscalYear]) -> bool:
    """Whether any year shows its own columns, sub-steps, several responsible units or a planned action."""
    return any(
        not year.table.standard
        or any(a.status == "planned" for a in year.actions)
        or any(len(i.responsible) > 1 or any(s.steps for s in (*i.measures, *i.monitoring)) for i in year.items)
        for year in years
    )


def rounds_of(fy: int, as_of: dt.date) -> tuple[Round, ...]:
    """The rounds of fiscal year ``fy`` whose report has opened by ``as_of``."""
    start, end = fiscal_year_span(fy)
    half = dt.date(end.year, 3, 31)
    rounds = (
        Round(fy, 6, start, half, start, half < as_of, "report-6-months"),
        Round(fy, 12, start, end, half + dt.timedelta(days=1), end < as_of, "report-12-months"),
    )
    return tuple(r for r in rounds if r.opens <= as_of)
