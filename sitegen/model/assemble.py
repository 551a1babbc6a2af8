"""Model stage, assembly: turn checked records into the site (``records``): years, rounds,
tables, the ITA index and every page with its URL, sources and typed data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

from sitegen.urls import scheme
from sitegen.catalog.catalogs import EitCatalog, Indicator, OitCatalog
from sitegen.load.config import SiteConfig
from sitegen.load.content import Content, SourceDoc
from sitegen.errors import SiteError
from sitegen.model.links import Links, link_targets
from sitegen.model.records import (
    Action, ActionData, Answer, Attachment, Body, ContactData, Document, DocumentsData, FiscalYear, FreePage,
    HomeData, Item, ItaGroup, ItaIndex, ItaIndicator, ItaItemData, ItaRow, ItaSub, ItemData, Link, News,
    NewsListData, NotFoundData, Page, PageData, PageKind, Report, ReportData, Round, Site, extended, rounds_of,
)
from sitegen.urls.scheme import Urls
from sitegen.fields import shown_code
from sitegen.thai import fiscal_year, format_number
from sitegen.check.validate import ActionDoc, Checked, DocumentDoc, ItemDoc, NewsDoc, Oit
from sitegen.model.years import (
    MEASURES_TITLE, actions_by_round, current_year, group_by_indicator, in_official_order, in_round, latest_actions,
    report_title, split_by_date, table_of, unreported_rounds,
)


def _attachment(ref: str, links: Links, content: Content) -> Attachment:
    if ref.lower().startswith(("http://", "https://")):
        return Attachment(ref, ref, "ลิงก์", None)
    rel = PurePosixPath(ref)
    kind = rel.suffix.lstrip(".").upper() or "ไฟล์"
    return Attachment(rel.name, links.file_url(rel), kind, content.files[rel])


class _Builder:
    def __init__(self, config: SiteConfig, catalogs: Mapping[int, EitCatalog], content: Content, as_of: dt.date):
        self.config, self.catalogs, self.content, self.as_of = config, catalogs, content, as_of
        self.targets = link_targets(config.base_path, content)
        self.links = Links(self.targets)
        self.bodies: list[Body] = []
        self.errors: list[SiteError] = []

    def fmt(self, value: object) -> str:
        return format_number(value, self.config.digits)

    def body(self, doc: SourceDoc) -> Body:
        """The document's body, listed for the render stage to convert (and check the links of)."""
        body = Body(doc.rel, doc.shown, doc.body_line)
        self.bodies.append(body)
        return body

    def action(self, a: ActionDoc) -> Action:
        return Action(
            a.doc.shown, self.links.url(self.links.docs.get(a.doc.rel, "")), a.fiscal_year, a.title, a.date, a.items,
            a.status, tuple(_attachment(r, self.links, self.content) for r in a.attachments), self.body(a.doc),
        )

    def item(self, i: ItemDoc, actions: tuple[Action, ...], rounds: tuple[Round, ...]) -> Item:
        subject = i.subject
        mine = tuple(a for a in actions if i.code in a.item_codes)
        label = "" if subject.whole else shown_code(i.code)
        question = i.question or subject.question or (
            f"ตัวชี้วัดที่ {self.fmt(i.indicator.number)} {i.indicator.name}" if subject.whole else "")
        heading = question or f"ข้อคำถามในตัวชี้วัดที่ {self.fmt(i.indicator.number)} {i.indicator.name}"
        date = i.deadline if isinstance(i.deadline, dt.date) else None
        item = Item(
            i.doc.shown, self.links.url(self.links.docs.get(i.doc.rel, "")), i.fiscal_year, i.code, i.indicator,
            question, i.options if i.options is not None else subject.options,
            i.responsible, i.measures, i.monitoring, date, self.body(i.doc), subject.verified, mine,
            actions_by_round(mine, rounds), subject.tool, label, heading,
            i.deadline if isinstance(i.deadline, str) else None, i.budget, i.target, i.result,
        )
        for r in unreported_rounds(item, self.as_of):
            name = label or i.code
            self.errors.append(SiteError(
                i.doc.shown, i.doc.lines.get("code", i.doc.lines.get("indicator")),
                f"ข้อ {name} ไม่มีการดำเนินการในรอบ {r.months} เดือนซึ่งสิ้นสุดแล้ว "
                f"(รายงานจะแสดง “อยู่ระหว่างดำเนินการ”) — เพิ่มไฟล์ใน actions/{i.fiscal_year}/ ถ้ามีการดำเนินการ",
                f"{name} has no action in the {r.months}-month round, which has ended (the report shows "
                f"“อยู่ระหว่างดำเนินการ”) — add a file to actions/{i.fiscal_year}/ if something was done",
                warning=True,
            ))
        return item

    def year(self, fy: int, checked: Checked) -> FiscalYear:
        rounds = rounds_of(fy, self.as_of)
        shown, later = split_by_date((a for a in checked.actions if a.fiscal_year == fy), self.as_of)
        for a in later:
            self.errors.append(SiteError(
                a.doc.shown, a.doc.lines.get("date"),
                f"วันที่ดำเนินการอยู่หลังวันที่สร้างเว็บไซต์ ({self.as_of}) จึงยังไม่แสดง — จะแสดงเมื่อถึงวันนั้น "
                "หรือแก้วันที่ถ้าพิมพ์ผิด",
                f"the action is dated after the build's as-of date ({self.as_of}), so it is not shown yet — it appears "
                "from that day on; fix the date if it is a typo",
                warning=True,
            ))
            self.body(a.doc)  # not shown yet, but its links are checked today, not on the day it appears
        actions = tuple(self.action(a) for a in shown)
        mine = in_official_order(i for i in checked.items if i.fiscal_year == fy)
        items = tuple(self.item(i, actions, rounds) for i in mine)
        measures = checked.measures.get(fy)
        reports = tuple(
            Report(r, self.links.url(scheme.report(fy, r.slug)), report_title(r, self.config.digits),
                   group_by_indicator(items, in_round(r)))
            for r in rounds
        )
        return FiscalYear(
            fy, self.links.url(scheme.year(fy)),
            (measures.title if measures and measures.title else MEASURES_TITLE.format(fy=self.fmt(fy))),
            self.body(measures.doc) if measures else None, measures.doc.shown if measures else None,
            items, actions, group_by_indicator(items, lambda i: i.actions), reports,
            table_of(items, measures.columns if measures else None),
        )


def _oit_pairs(oit: Oit, *auto: tuple[int, str]) -> tuple[tuple[int, str], ...]:
    pairs = [a for a in auto if a] + [(fy, code) for fy, codes in oit.items() for code in codes]
    return tuple(dict.fromkeys(pairs))


def build_ita(fy: int, catalog: OitCatalog, pages: list[Page], url: Callable[[str], str],
              config: SiteConfig) -> ItaIndex:
    """The ITA index of one fiscal year from the pages that answer its items."""
    answers: dict[str, list[Answer]] = {}
    for p in pages:
        for page_fy, code in p.oit:
            if page_fy == fy:
                path = tuple(link.label for link in p.breadcrumbs) + (p.short,)
                answers.setdefault(code, []).append(
                    Answer(p.title, p.url, config.base_url + quote(p.path), path, p.date, p.round_end))
    indicators: dict[int, dict[str, dict[str, list[ItaRow]]]] = {}
    names: dict[int, Indicator] = {}
    for item in catalog.items.values():
        names[item.indicator.number] = item.indicator
        row = ItaRow(item, url(scheme.ita_item(fy, item.code)), tuple(answers.get(item.code, ())))
        groups = indicators.setdefault(item.indicator.number, {}).setdefault(item.subindicator, {})
        groups.setdefault(item.group, []).append(row)
    return ItaIndex(fy, url(scheme.ita(fy)), catalog, tuple(
        ItaIndicator(names[n], tuple(ItaSub(sub, tuple(ItaGroup(g, tuple(rows)) for g, rows in groups.items()))
                                     for sub, groups in subs.items()))
        for n, subs in indicators.items()
    ))


def ita_index(site: Site, fy: int, catalog: OitCatalog) -> ItaIndex:
    """The ITA index of ``fy``: the site's own, or for a year it has none of (no content of that year yet) one made
    from its pages, each item then answered only by what a page of that year answers."""
    return next((i for i in site.ita if i.fiscal_year == fy), None) or build_ita(
        fy, catalog, list(site.pages), Urls(site.config.base_path).url, site.config)


@dataclass(frozen=True, slots=True)
class _PageMaker:
    """Makes page records: URL and output file from the site path, "last updated" from the newest source."""

    urls: Urls
    source_dates: Mapping[str, dt.date]

    def __call__(self, path: str, kind: PageKind, title: str, short: str, crumbs: tuple[Link, ...],
                 sources: Iterable[str | None], data: PageData, oit: tuple[tuple[int, str], ...] = (),
                 date: dt.date | None = None, round_end: dt.date | None = None) -> Page:
        shown = tuple(s for s in sources if s)
        updated = max((self.source_dates[s] for s in shown if s in self.source_dates), default=None)
        return Page(path, self.urls.url(path), scheme.output(path), kind, title, short, crumbs,
                    shown, data, oit, date, round_end, updated)


def _auto(oit_catalogs: Mapping[int, OitCatalog], fy: int, kind: str) -> tuple[tuple[int, str], ...]:
    """The OIT items of ``fy`` a generated page of ``kind`` answers (any number, or none)."""
    return tuple((fy, item.code) for item in oit_catalogs[fy].answering(kind)) if fy in oit_catalogs else ()


def _news(b: _Builder, checked: Checked, content: Content, as_of: dt.date) -> tuple[list[NewsDoc], tuple[News, ...]]:
    """The news shown as of ``as_of``, newest first (with their checked documents); later ones are a warning."""
    for future in checked.news:
        if future.date > as_of:
            b.errors.append(SiteError(
                future.doc.shown, future.doc.lines.get("date"),
                f"ข่าวลงวันที่หลังวันที่สร้างเว็บไซต์ ({as_of}) จึงยังไม่แสดง — จะแสดงเมื่อถึงวันนั้น หรือแก้วันที่ถ้าพิมพ์ผิด",
                f"the news is dated after the build's as-of date ({as_of}), so it is not shown yet — fix the date if "
                "it is a typo",
                warning=True,
            ))
    news_docs = sorted((n for n in checked.news if n.date <= as_of), key=lambda n: (n.date, str(n.doc.rel)),
                       reverse=True)
    return news_docs, tuple(
        News(n.doc.shown, b.links.url(scheme.news_item(n.fiscal_year, n.slug)), n.fiscal_year, n.title, n.date,
             tuple(_attachment(r, b.links, content) for r in n.attachments), b.body(n.doc))
        for n in news_docs
    )


def _documents(b: _Builder, checked: Checked, content: Content) -> tuple[list[DocumentDoc], tuple[Document, ...]]:
    """The published documents, newest first (with their checked documents)."""
    document_docs = sorted(checked.documents, key=lambda d: (-(d.date.toordinal() if d.date else 0), d.slug))
    return document_docs, tuple(
        Document(d.doc.shown, b.links.url(scheme.document(d.slug)), d.title, d.date,
                 tuple(_attachment(r, b.links, content) for r in d.attachments), b.body(d.doc))
        for d in document_docs
    )


def _nav(b: _Builder, home: Link, current: FiscalYear | None, news: Link | None, documents: Link | None,
         current_ita: int | None, free: tuple[FreePage, ...], contact: bool) -> list[Link]:
    """The main menu: home, the current year's measures and newest report, news, documents, ITA, free pages."""
    nav = [home]
    if current:
        nav.append(Link(f"มาตรการ ปี {b.fmt(current.fiscal_year)}", current.url))
        if current.reports:
            nav.append(Link("รายงานผลการดำเนินการ", current.reports[-1].url))
    nav.extend(link for link in (news, documents) if link)
    if current_ita:
        nav.append(Link(f"ITA ปี {b.fmt(current_ita)}", b.links.url(scheme.ita(current_ita))))
    nav.extend(Link(p.title, p.url) for p in free)
    if contact:
        nav.append(Link("ติดต่อเรา", b.links.url(scheme.CONTACT)))
    return nav


def _year_pages(page: _PageMaker, b: _Builder, y: FiscalYear, checked: Checked, home: Link, docs_oit: Mapping[str, Oit],
                auto: Callable[[int, str], tuple[tuple[int, str], ...]], site_paths: dict[str, str]) -> list[Page]:
    """A fiscal year's pages: its measures document, round reports, items and actions."""
    year_sources = (y.source, *(i.source for i in y.items), *(a.source for a in y.actions))
    year_short = f"มาตรการ ปี {b.fmt(y.fiscal_year)}"
    year_link = Link(year_short, y.url)
    measures_oit = checked.measures[y.fiscal_year].oit if y.fiscal_year in checked.measures else {}
    pages = [page(scheme.year(y.fiscal_year), PageKind.MEASURES, y.title, year_short, (home,), year_sources, y,
                  _oit_pairs(measures_oit, *auto(y.fiscal_year, "measures")))]
    for r in y.reports:
        pages.append(page(scheme.report(y.fiscal_year, r.round.slug), PageKind.REPORT, r.title,
                          f"รายงานรอบ {b.fmt(r.round.months)} เดือน", (home, year_link), year_sources, ReportData(y, r),
                          _oit_pairs({}, *auto(y.fiscal_year, "report"),
                                     *(auto(y.fiscal_year + 1, "report_previous") if r.round.months == 12 else ())),
                          round_end=r.round.end))
    for i in y.items:
        code = b.fmt(i.label)
        title, short = ((f"{i.heading} ({i.tool})", f"ตัวชี้วัดที่ {b.fmt(i.indicator.number)}") if i.whole
                        else (f"ข้อ {code} {i.heading}", f"ข้อ {code}"))
        pages.append(page(scheme.item(y.fiscal_year, i.code), PageKind.ITEM, title, short, (home, year_link),
                          (i.source, *(a.source for a in i.actions)), ItemData(y, i),
                          _oit_pairs(docs_oit.get(i.source, {}))))
    for a in y.actions:
        pages.append(page(site_paths.get(a.source, scheme.HOME), PageKind.ACTION, a.title, "การดำเนินการ",
                          (home, year_link), (a.source,), ActionData(y, a), _oit_pairs(docs_oit.get(a.source, {})),
                          a.date))
    return pages


def _listed_pages(page: _PageMaker, home: Link, news: tuple[Link, tuple[News, ...], list[NewsDoc]],
                  documents: tuple[Link, tuple[Document, ...], list[DocumentDoc]],
                  docs_oit: Mapping[str, Oit]) -> list[Page]:
    """The news list and each news item, then the documents list and each document (none without any)."""
    (news_link, news_items, news_docs), (docs_link, docs, document_docs) = news, documents
    pages = []
    if news_items:
        pages.append(page(scheme.NEWS, PageKind.NEWS_LIST, "ข่าวประชาสัมพันธ์", "ข่าวประชาสัมพันธ์", (home,),
                          tuple(n.source for n in news_items), NewsListData(news_items)))
        for n_doc, n in zip(news_docs, news_items):
            pages.append(page(scheme.news_item(n_doc.fiscal_year, n_doc.slug), PageKind.NEWS, n.title, "ข่าว",
                              (home, news_link), (n.source,), n, _oit_pairs(docs_oit.get(n.source, {})), n.date))
    if docs:
        pages.append(page(scheme.DOCUMENTS, PageKind.DOCUMENTS, "เอกสารเผยแพร่", "เอกสารเผยแพร่", (home,),
                          tuple(d.source for d in docs), DocumentsData(docs)))
        for d_doc, d in zip(document_docs, docs):
            pages.append(page(scheme.document(d_doc.slug), PageKind.DOCUMENT, d.title, "เอกสาร", (home, docs_link),
                              (d.source,), d, _oit_pairs(docs_oit.get(d.source, {})), d.date))
    return pages


def _ita_pages(page: _PageMaker, b: _Builder, home: Link, ita: tuple[ItaIndex, ...],
               answering_pages: list[Page]) -> list[Page]:
    """Each year's ITA table (its sources: every file of a page that answers one of its items) and
    the stable page of each OIT item."""
    pages = []
    for index in ita:
        short = f"ITA ปี {b.fmt(index.fiscal_year)}"
        title = f"การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปีงบประมาณ พ.ศ. {b.fmt(index.fiscal_year)}"
        answering = tuple(sorted({a for p in answering_pages if any(fy == index.fiscal_year for fy, _ in p.oit)
                                  for a in p.sources}))
        pages.append(page(scheme.ita(index.fiscal_year), PageKind.ITA, title, short, (home,), answering, index))
        for row in index.rows:
            pages.append(page(scheme.ita_item(index.fiscal_year, row.item.code), PageKind.ITA_ITEM,
                              f"{b.fmt(row.item.code)} {row.item.title}", b.fmt(row.item.code),
                              (home, Link(short, index.url)), (), ItaItemData(index, row)))
    return pages


def build_site(
    config: SiteConfig, catalogs: Mapping[int, EitCatalog], content: Content, checked: Checked, as_of: dt.date,
    oit_catalogs: Mapping[int, OitCatalog] | None = None, source_dates: dict[str, dt.date] | None = None,
) -> tuple[Site, list[SiteError]]:
    """Assemble the site as of ``as_of``; return it with any link problems and warnings.

    ``source_dates`` (shown path → last-changed date, from ``history.load_source_dates``) gives each
    page its "last updated" date."""
    oit_catalogs = oit_catalogs or {}
    source_dates = source_dates or {}
    b = _Builder(config, catalogs, content, as_of)
    fys = sorted({*checked.measures, *(i.fiscal_year for i in checked.items),
                  *(a.fiscal_year for a in checked.actions)}, reverse=True)
    years = tuple(b.year(fy, checked) for fy in fys)
    now_fy = fiscal_year(as_of)
    current = current_year(years, as_of)
    free_docs = sorted(checked.pages, key=lambda p: p.slug)
    free = tuple(FreePage(p.doc.shown, b.links.url(scheme.free_page(p.slug)), p.title, b.body(p.doc))
                 for p in free_docs)
    news_docs, news = _news(b, checked, content, as_of)
    document_docs, documents = _documents(b, checked, content)
    latest = latest_actions(years)
    ita_years = sorted({*fys, *(fy for r in checked.records() for fy in r.oit)} & set(oit_catalogs), reverse=True)
    current_ita = next((fy for fy in ita_years if fy <= now_fy), ita_years[-1] if ita_years else None)

    # The contact channels of site.yaml get a page of their own unless staff wrote pages/contact.md.
    generated_contact = bool(config.contact) and not any(p.slug == "contact" for p in checked.pages)
    home = Link("หน้าแรก", b.links.url(scheme.HOME))
    news_link = Link("ข่าวประชาสัมพันธ์", b.links.url(scheme.NEWS))
    docs_link = Link("เอกสารเผยแพร่", b.links.url(scheme.DOCUMENTS))
    nav = _nav(b, home, current, news_link if news else None, docs_link if documents else None, current_ita, free,
               generated_contact)
    page = _PageMaker(b.links.urls, source_dates)

    def auto(fy: int, kind: str) -> tuple[tuple[int, str], ...]:
        return _auto(oit_catalogs, fy, kind)

    docs_oit = {r.doc.shown: r.oit for r in checked.records()}
    site_yaml = f"{content.root.name}/site.yaml"
    home_sources = (site_yaml, *(y.source for y in years), *(a.source for a in latest))
    site_paths = {d.shown: b.links.docs[d.rel] for d in content.docs if d.rel in b.links.docs}
    pages = []
    for y in years:
        pages.extend(_year_pages(page, b, y, checked, home, docs_oit, auto, site_paths))
    pages.extend(_listed_pages(page, home, (news_link, news, news_docs), (docs_link, documents, document_docs),
                               docs_oit))
    for p_doc, p in zip(free_docs, free):
        pages.append(page(scheme.free_page(p_doc.slug), PageKind.FREE_PAGE, p.title, p.title, (home,), (p.source,), p,
                          _oit_pairs(docs_oit.get(p.source, {}))))
    if generated_contact:
        pages.append(page(scheme.CONTACT, PageKind.CONTACT, f"ติดต่อ{config.name}", "ติดต่อเรา", (home,), (site_yaml,),
                          ContactData(config.contact), tuple(pair for fy in ita_years for pair in auto(fy, "contact"))))
    ita = tuple(build_ita(fy, oit_catalogs[fy], pages, b.links.url, config) for fy in ita_years)
    pages.extend(_ita_pages(page, b, home, ita, pages))
    pages.append(page(scheme.NOT_FOUND, PageKind.NOT_FOUND, "ไม่พบหน้าที่ต้องการ", "ไม่พบหน้า", (), (),
                      NotFoundData(current)))
    # Home comes first in the page order (the search index, the list of pages) but shows the ITA tables.
    pages.insert(0, page(scheme.HOME, PageKind.HOME, config.name, "หน้าแรก", (), home_sources,
                         HomeData(years, latest, ita)))
    # Documents left out by validation still get their links checked, so all problems show at once.
    modelled = {r.doc.rel for r in checked.records()}
    for doc in content.docs:
        if doc.rel not in modelled:
            b.body(doc)
    files = tuple((str(rel), rel) for rel in sorted(content.files))
    site = Site(config=config, as_of=as_of, years=years, current=current, latest_actions=latest, free_pages=free,
                news=news, documents=documents, ita=ita, nav=tuple(nav), pages=tuple(pages), files=files,
                bodies=tuple(b.bodies), links=b.targets, cleaned=content.cleaned, extended=extended(years))
    return site, b.errors
