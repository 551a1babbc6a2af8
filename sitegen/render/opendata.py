"""Render stage, open-data part: the measures as JSON and CSV, the Atom feed, sitemap.xml, robots.txt.

Pure functions of the Site, like the pages: no clock, no file system, every list in a fixed order,
so the same content and --as-of give the same bytes. Each item's and action's row is serialized once and kept in
the render store (``Rows``, by the digest of the row's data): a build serializes again only the rows whose data
changed. Data files carry machine-friendly values (ISO dates, Arabic digits, codes as ``E7``, absolute URLs) plus a
Buddhist-era date for people.
The schema is documented in README.md ("ข้อมูลเปิด | Open data"); change both together.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import json
import pickle
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from sitegen.incremental.buckets import Buckets
from sitegen.incremental.store import MemoryStore, code_fingerprint, fingerprint
from sitegen.urls import scheme
from sitegen.model.records import Action, FiscalYear, Item, News, PageKind, Site
from sitegen.output import OutputFile
from sitegen.fields import Step, shown_code
from sitegen.thai import be_year

LIST_SEPARATOR = " | "
"""Joins a list (measures, codes, URLs) into one CSV cell; JSON keeps real lists."""
FEED_SIZE = 50
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
"""First characters that make a spreadsheet read a cell as a formula (ASCII and fullwidth)."""
ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# Dates are calendar days in Thailand; feeds need a time, so midnight Bangkok (UTC+7, no DST).
DAY_START = "T00:00:00+07:00"
STATUS_TH = {"in_progress": "อยู่ระหว่างดำเนินการ", "planned": "ยังไม่ดำเนินการ"}
# Characters XML 1.0 cannot carry at all (ElementTree would write them and break the file).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

ITEM_COLUMNS = (
    "fiscal_year", "code", "indicator", "indicator_name", "question", "options", "responsible",
    "measures", "monitoring", "deadline", "deadline_be", "url", "actions",
)
ACTION_COLUMNS = ("fiscal_year", "date", "date_be", "title", "status", "items", "url", "attachments")
EXTRA_FIELDS = ("tool", "deadline_text", "budget", "budget_text", "target", "result")
"""Item fields a year's data has only when one of its items needs them (so a year written without them keeps
its files byte for byte): ``tool`` when an item is not of the EIT, the others when an item sets them."""
_AFTER = {"tool": "code", "deadline_text": "deadline_be", "budget": "deadline_text", "budget_text": "budget",
          "target": "budget_text", "result": "target"}
"""Where each extra field stands: after this one (or after the nearest one before it that is there)."""

def absolute(site: Site, url: str) -> str:
    """A site URL (``/abt/eit/2566/``) as a full address from base_url; outside links unchanged.

    ``urljoin``'s answer, built forward for the site's own addresses (a data file has tens of thousands of them and
    urljoin was half the open data's time): a path from the root with nothing urljoin would resolve or move (dot
    or empty segments, parameters, a query, a fragment) is the base's origin and the path; any other goes to urljoin."""
    if url[:1] == "/" and not _JOINED.search(url):
        return _origin(site.config.base_url) + url
    return urljoin(site.config.base_url, url)


_JOINED = re.compile(r"//|/\.\.?(?:/|$)|[;?#]")
"""What in a root path urljoin would change or read apart: an empty segment, a dot segment, ``;``, ``?``, ``#``."""


@functools.cache
def _origin(base_url: str) -> str:
    """``https://host`` of a base URL (scheme and authority, as urljoin keeps them)."""
    parts = urlsplit(base_url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def iso_be(day: dt.date | None) -> str | None:
    """The Buddhist-era form people use: ``date(2023, 3, 1)`` → ``"2566-03-01"``."""
    return f"{be_year(day.year)}-{day.month:02d}-{day.day:02d}" if day else None


def action_record(site: Site, action: Action) -> dict[str, object]:
    return {
        "fiscal_year": action.fiscal_year,
        "date": iso(action.date),
        "date_be": iso_be(action.date),
        "title": action.title,
        "status": action.status,
        "items": [shown_code(c) for c in action.item_codes],
        "url": absolute(site, action.url),
        "attachments": [
            {"url": absolute(site, a.url), "name": a.label, "kind": a.kind, "size": a.size} for a in action.attachments
        ],
    }


def step_record(step: Step) -> str | dict[str, object]:
    """An entry of measures/monitoring as written: a text, or ``{"text", "steps"}`` with its sub-steps."""
    return {"text": step.text, "steps": list(step.steps)} if step.steps else step.text


def step_lines(steps: tuple[Step, ...]) -> list[str]:
    """Entries for a CSV cell: each text, its sub-steps after it numbered as on the page (``2.1 …``)."""
    return [line for i, step in enumerate(steps, 1)
            for line in (step.text, *(f"{i}.{j} {t}" for j, t in enumerate(step.steps, 1)))]


def extra_fields(year: FiscalYear) -> tuple[str, ...]:
    """The optional fields the year's items need (EXTRA_FIELDS, in that order)."""
    used = {"tool"} if any(i.tool != "EIT" for i in year.items) else set()
    used |= {"deadline_text"} if any(i.deadline_text for i in year.items) else set()
    used |= {"budget", "budget_text"} if any(i.budget is not None for i in year.items) else set()
    used |= {name for name in ("target", "result") if any(getattr(i, name) is not None for i in year.items)}
    return tuple(f for f in EXTRA_FIELDS if f in used)


def _with_extras(record: dict[str, object], extras: dict[str, object]) -> dict[str, object]:
    """``record`` with each extra field placed after the field _AFTER names (the order readers see)."""
    out: dict[str, object] = {}
    for key, value in record.items():
        out[key] = value
        for extra in EXTRA_FIELDS:
            anchor = _AFTER[extra]
            while anchor not in record and anchor in _AFTER:
                anchor = _AFTER[anchor]
            if extra in extras and anchor == key:
                out[extra] = extras[extra]
    return out


def item_record(site: Site, item: Item, extras: tuple[str, ...] = ()) -> dict[str, object]:
    """An item as data; ``extras``: the optional fields its year has (``extra_fields``)."""
    record: dict[str, object] = {
        "code": shown_code(item.code),
        "indicator": {"number": item.indicator.number, "name": item.indicator.name},
        "question": item.question or None,
        "question_verified": item.verified,
        "options": list(item.options),
        "responsible": item.responsible[0] if len(item.responsible) == 1 else list(item.responsible),
        "measures": [step_record(s) for s in item.measures],
        "monitoring": [step_record(s) for s in item.monitoring],
        "deadline": iso(item.deadline),
        "deadline_be": iso_be(item.deadline),
        "url": absolute(site, item.url),
        # Actions are listed once, under "actions"; rounds refer to them by URL.
        "rounds": [
            {"months": e.round.months, "start": iso(e.round.start), "end": iso(e.round.end), "ended": e.round.ended,
             "actions": [absolute(site, a.url) for a in e.actions]}
            for e in item.by_round
        ],
    }
    amount = item.budget if isinstance(item.budget, int | float) else None
    values = {"tool": item.tool, "deadline_text": item.deadline_text, "budget": amount,
              "budget_text": item.budget if isinstance(item.budget, str) else None, "target": item.target,
              "result": item.result}
    return _with_extras(record, {k: values[k] for k in extras})


def year_document(site: Site, year: FiscalYear) -> dict[str, Any]:
    """The measures document of one fiscal year as plain data (the data.json schema). A year whose table is
    not the seed's five columns also lists its ``columns`` (key and heading, in order)."""
    extras = extra_fields(year)
    document: dict[str, Any] = {
        "fiscal_year": year.fiscal_year,
        "title": year.title,
        "agency": site.config.name,
        "url": absolute(site, year.url),
        "as_of": iso(site.as_of),
        "as_of_be": iso_be(site.as_of),
        "reports": [
            {"months": r.round.months, "start": iso(r.round.start), "end": iso(r.round.end),
             "ended": r.round.ended, "url": absolute(site, r.url)}
            for r in year.reports
        ],
    }
    if not year.table.standard:
        document["columns"] = [{"key": c.key, "heading": c.heading} for c in year.table.columns]
    document["items"] = [item_record(site, i, extras) for i in year.items]
    document["actions"] = [action_record(site, a) for a in year.actions]
    return document


def csv_cell(value: object) -> object:
    """One CSV cell. Text that a spreadsheet would run as a formula (``=HYPERLINK(…)``, ``+``, ``-``,
    ``@``, a tab or CR first, or their fullwidth forms, which Excel also accepts) gets a leading
    ``'``: Excel and LibreOffice then show it as text (OWASP "CSV injection"). data.json keeps the text as typed."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(value)
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def _csv(header: tuple[str, ...], rows: list[list[object]], kept: Rows | None = None) -> bytes:
    """UTF-8 with a BOM, which is what makes Excel read the Thai right; the csv module's CRLF rows (each kept in
    ``kept``)."""
    kept, line = kept or Rows(), _Lines()
    text = line(list(header)) + "".join(kept.text("csv", row, functools.partial(line, row)) for row in rows)
    return text.encode("utf-8-sig")


class Rows:
    """The serialized rows of the open data (an item's or an action's JSON text, its CSV line), kept in ``store``
    from one build to the next by the digest of the row's data (its ``repr``: the plain values the text is made
    from, each with its type's form, so the same digest means the same text). A row whose data is unchanged is
    not serialized again; the entry keeps this build's rows only (the site's size)."""

    def __init__(self, store: MemoryStore | None = None, place: str = ""):
        self.store = store if store is not None and store.lasting else None
        self.buckets: Buckets[bytes, str] = Buckets(store or MemoryStore(), fingerprint("open data rows",
                                                    code_fingerprint(), place), _encode_rows, _decode_rows, bytes)
        self.old = self.buckets.load()
        self.new: dict[bytes, str] = {}

    def text(self, kind: str, data: object, make: Callable[[], str]) -> str:
        """The text of ``kind`` (``json``, ``csv``) for ``data``: kept, or ``make()``."""
        if self.store is None:  # nothing is kept: no digest to make
            return make()
        key = hashlib.blake2b(f"{kind}\0{data!r}".encode("utf-8", "surrogatepass"), digest_size=16).digest()
        found = self.old.get(key)
        if found is None:
            found = make()
        self.new[key] = found
        return found

    def save(self) -> None:
        self.buckets.save(self.new)


def _decode_rows(payload: bytes) -> dict[bytes, str]:
    """The rows of an entry; none (``{}``) for an entry of another layout, ignored like any damaged entry."""
    try:
        found = pickle.loads(payload)  # the store checked its HMAC: written by this cache
    except Exception:  # noqa: BLE001
        return {}
    ok = isinstance(found, dict) and all(type(k) is bytes and type(v) is str for k, v in found.items())
    return found if ok else {}


def _encode_rows(rows: dict[bytes, str]) -> bytes:
    return pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)


ROW_INDENT = "\n    "
"""Where a row sits in data.json (an element of a list of the top object, ``indent=2``): its lines' indent."""
_LISTS = ("items", "actions")


def _json_row(rows: Rows, record: dict[str, object]) -> str:
    """A row as ``json.dumps(document, indent=2)`` writes it inside its list: its own dump, each line moved in
    (a JSON text has no raw new line inside a string, so every new line is the layout's)."""
    return rows.text("json", record, lambda: json.dumps(record, ensure_ascii=False, indent=2).replace("\n", ROW_INDENT))


def document_json(document: dict[str, Any], rows: Rows) -> str:
    """``json.dumps(document, ensure_ascii=False, indent=2)``, its items and actions made of ``rows``' texts."""
    text = json.dumps({k: (f"\0{k}\0" if k in _LISTS else v) for k, v in document.items()},
                      ensure_ascii=False, indent=2)
    for key in reversed(_LISTS):  # the last first: each placeholder is found before any row put in
        records = document[key]
        listed = (f"[{ROW_INDENT}" + f",{ROW_INDENT}".join(_json_row(rows, r) for r in records) + "\n  ]"
                  if records else "[]")
        # The placeholder as JSON writes it: no text of the head can hold it (a quote in a value is escaped).
        text = text.replace(f'"{key}": "\\u0000{key}\\u0000"', f'"{key}": {listed}', 1)
    return text


class _Lines:
    """CSV lines one at a time, by one writer (making a writer per line was most of a line's cost)."""

    def __init__(self) -> None:
        self.buffer = io.StringIO(newline="")
        self.writer = csv.writer(self.buffer)

    def __call__(self, cells: list[object]) -> str:
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerow([csv_cell(v) for v in cells])
        return self.buffer.getvalue()


def year_files(site: Site, year: FiscalYear, rows: Rows | None = None) -> list[OutputFile]:
    """``eit/<FY>/data.json``, ``items.csv`` (one row per item) and ``actions.csv`` (one per action); ``rows``:
    the rows kept from the build before (none: every row made)."""
    rows = rows or Rows()
    document = year_document(site, year)
    # Every mapping above is built in a fixed order, so no sort_keys: readers get fiscal_year first.
    data = document_json(document, rows) + "\n"
    extras = extra_fields(year)
    header = tuple(_with_extras(dict.fromkeys(ITEM_COLUMNS), dict.fromkeys(extras)))
    items = []
    for item, i in zip(year.items, document["items"]):
        cells = {**i, "fiscal_year": year.fiscal_year, "indicator": i["indicator"]["number"],
                 "indicator_name": i["indicator"]["name"], "responsible": list(item.responsible),
                 "measures": step_lines(item.measures), "monitoring": step_lines(item.monitoring),
                 "actions": list(dict.fromkeys(url for r in i["rounds"] for url in r["actions"]))}
        items.append([cells[column] for column in header])
    actions = [
        [a["fiscal_year"], a["date"], a["date_be"], a["title"], a["status"], a["items"], a["url"],
         [f["url"] for f in a["attachments"]]]
        for a in document["actions"]
    ]
    return [
        OutputFile(scheme.year_data(year.fiscal_year, "json"), data=data.encode("utf-8")),
        OutputFile(scheme.year_data(year.fiscal_year, "items"), data=_csv(header, items, rows)),
        OutputFile(scheme.year_data(year.fiscal_year, "actions"), data=_csv(ACTION_COLUMNS, actions, rows)),
    ]


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: _NOT_XML.sub("", v) for k, v in attrs.items()})
    if text is not None:
        el.text = _NOT_XML.sub("", text)
    return el


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def feed_entries(site: Site) -> list[Action | News]:
    """Actions of every year and news, newest first (ties by URL), at most FEED_SIZE."""
    entries: list[Action | News] = [*(a for y in site.years for a in y.actions), *site.news]
    return sorted(entries, key=lambda e: (e.date, e.url), reverse=True)[:FEED_SIZE]


def feed(site: Site, bodies: Mapping[PurePosixPath, str]) -> OutputFile:
    """``feed.xml``: Atom 1.0. ``updated`` is the newest entry's date (the as-of date with no
    entries), never the build clock, so an unchanged site gives an unchanged feed."""
    config = site.config
    entries = feed_entries(site)
    updated = (entries[0].date if entries else site.as_of).isoformat() + DAY_START
    # xml:base lets readers resolve the site-relative links inside the entries' HTML.
    root = ET.Element("feed", {"xmlns": ATOM_NS, f"{{{XML_NS}}}lang": "th", f"{{{XML_NS}}}base": config.base_url})
    _el(root, "id", config.base_url + scheme.FEED)
    _el(root, "title", f"การดำเนินการและข่าวประชาสัมพันธ์ — {config.name}")
    _el(root, "subtitle", f"{config.name} อำเภอ{config.district} จังหวัด{config.province}")
    _el(root, "link", rel="self", type="application/atom+xml", href=config.base_url + scheme.FEED)
    _el(root, "link", rel="alternate", type="text/html", href=config.base_url)
    _el(root, "updated", updated)
    author = _el(root, "author")
    _el(author, "name", config.name)
    _el(author, "uri", config.base_url)
    for e in entries:
        url = absolute(site, e.url)
        entry = _el(root, "entry")
        _el(entry, "id", url)
        status = STATUS_TH.get(e.status) if isinstance(e, Action) else None
        _el(entry, "title", e.title + (f" ({status})" if status else ""))
        _el(entry, "link", rel="alternate", type="text/html", href=url)
        _el(entry, "published", e.date.isoformat() + DAY_START)
        _el(entry, "updated", e.date.isoformat() + DAY_START)
        if isinstance(e, Action):
            _el(entry, "category", term="action", label="การดำเนินการ")
            for code in map(shown_code, e.item_codes):
                _el(entry, "category", term=code, label=f"ข้อ {code}")
        else:
            _el(entry, "category", term="news", label="ข่าวประชาสัมพันธ์")
        for a in e.attachments:
            attrs = {"rel": "enclosure", "href": absolute(site, a.url), "title": a.label}
            if a.size is not None:
                attrs["length"] = str(a.size)
            _el(entry, "link", **attrs)
        if html := bodies[e.body.rel]:
            _el(entry, "content", html, type="html")
    return OutputFile(scheme.FEED, data=_xml(root))


def sitemap(site: Site) -> OutputFile:
    """``sitemap.xml``: every page with content of its own, with the page's last-updated date.

    Left out: the not-found page and the /ita/<FY>/<code>/ pages, which only redirect or say
    "no data yet" (search engines treat those as noise). Written as ElementTree writes (and indents) the same
    tree, a line at a time: a tree of 10 000 pages took a fifth of a second to build and serialize."""
    lines = ["<?xml version='1.0' encoding='utf-8'?>", f'<urlset xmlns="{SITEMAP_NS}">']
    for page in sorted(site.pages, key=lambda p: p.path):
        if page.kind in (PageKind.NOT_FOUND, PageKind.ITA_ITEM):
            continue
        lines.append(f"  <url>\n    <loc>{_xml_text(site.config.base_url + quote(page.path))}</loc>")
        if page.updated:  # Thai names percent-encoded, above
            lines.append(f"    <lastmod>{page.updated.isoformat()}</lastmod>")
        lines.append("  </url>")
    if len(lines) == 2:
        lines[1] = f'<urlset xmlns="{SITEMAP_NS}" />'
    else:
        lines.append("</urlset>")
    return OutputFile(scheme.SITEMAP, data=("\n".join(lines) + "\n").encode("utf-8"))


def _xml_text(text: str) -> str:
    """Text as ElementTree writes it in an element: the characters XML cannot carry left out, ``&<>`` escaped."""
    return _NOT_XML.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def robots(site: Site) -> OutputFile:
    """``robots.txt``: everything may be crawled; names the sitemap. Crawlers read it only at the
    host's root, so under a sub-path base_url the host's own robots.txt must name the sitemap."""
    text = f"User-agent: *\nAllow: /\nSitemap: {site.config.base_url}{scheme.SITEMAP}\n"
    return OutputFile(scheme.ROBOTS, data=text.encode("utf-8"))


def open_data_files(site: Site, bodies: Mapping[PurePosixPath, str], store: MemoryStore | None = None,
                    place: str = "") -> list[OutputFile]:
    """Every open-data and discovery file of the site; ``bodies``: the documents' HTML (the feed's entries);
    ``store``: where the rows are kept from build to build (``Rows``, named by ``place``, the content folder)."""
    rows = Rows(store, place)
    files = [f for year in site.years for f in year_files(site, year, rows)]
    rows.save()
    return [*files, feed(site, bodies), sitemap(site), robots(site)]
