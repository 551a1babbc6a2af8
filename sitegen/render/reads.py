"""Render stage, reads: what the theme's template of each kind of page shows of the model, declared as specs
(``incremental.digest``). A page's key is the digest of these parts of its inputs, so a page is rendered again
exactly when something it shows changed. ``tests/render/test_declared_reads.py`` renders every kind of page of
the seed and the fixture sites with ``incremental.track``'s proxies and checks that every value a template reads
is declared here: change a template, and that test names what to add.

A site's own templates may read anything: the pages whose template uses one of them are keyed by what their render
read instead (``render.pages``)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from sitegen.incremental.digest import ALL, HTML, Spec
from sitegen.model.records import PageKind

COUNT: Spec = [{}]
"""A sequence only counted (``| length``): its length and its elements' types."""
ROUND_LINK: dict[str, Spec] = {"url": ALL, "round": ALL}
"""A report as a link: ``round_name``, ``round_state``."""
YEAR_DOCUMENTS: dict[str, Spec] = {"fiscal_year": ALL, "url": ALL, "title": ALL, "reports": [ROUND_LINK]}
"""``macros.year_documents``."""
ACTION_ENTRY: dict[str, Spec] = {
    "url": ALL, "title": ALL, "date": ALL, "status": ALL, "planned": ALL, "in_progress": ALL, "done": ALL,
}
"""``macros.action_entry`` (and the charts' states of a row)."""
ITEM_ROW: dict[str, Spec] = {
    "code": ALL, "label": ALL, "url": ALL, "heading": ALL, "options": ALL, "responsible": ALL, "measures": ALL,
    "monitoring": ALL, "deadline": ALL, "deadline_text": ALL, "budget": ALL, "target": ALL, "result": ALL,
}
"""An item's row of the measures table (``macros.eit_tables``)."""
GROUPS: Spec = [{"indicator": ALL, "tool": ALL, "rows": [{"item": ITEM_ROW, "actions": [ACTION_ENTRY]}]}]
"""The measures tables and the progress chart of their rows."""
ITEM_LINK: dict[str, Spec] = {"code": ALL, "url": ALL, "label": ALL, "heading": ALL}
STATES: Spec = [{"indicator": ALL, "rows": [{"item": ITEM_LINK, "actions": [{"done": ALL, "in_progress": ALL}]}]}]
"""What the home page shows of a report's groups: the progress chart and the items still without an action
(``charts.row_state``, ``macros.item_name``), not the measures table."""

PAGE: Mapping[str, Spec] = MappingProxyType({
    "path": ALL, "url": ALL, "output": ALL, "title": ALL, "short": ALL, "breadcrumbs": ALL, "updated": ALL,
})
"""What ``base.html`` shows of every page."""
SITE: Mapping[str, Spec] = MappingProxyType({"config": ALL, "extended": ALL, "as_of": ALL})
"""What every page shows of the site (its name and contact, its base URL, the digits, ``measures.css``)."""

_HOME_SITE: Spec = {
    **SITE, "fiscal_year_now": ALL, "latest_actions": [ACTION_ENTRY], "ita": [{"fiscal_year": ALL, "url": ALL}],
    "current": {"fiscal_year": ALL, "reports": [{"url": ALL, "round": ALL, "groups": STATES}]},
    "years": [{
        "fiscal_year": ALL, "url": ALL, "title": ALL, "source": ALL, "actions": COUNT,
        "items": [{**ITEM_LINK, "deadline": ALL, "actions": [{"done": ALL}]}],
        "reports": [{"url": ALL, "round": ALL, "groups": STATES}],
    }],
}
"""The home page: each year's documents, the status of the year of ``--as-of`` (``render.status``), the latest
actions and the ITA tables."""

DATA: Mapping[PageKind, Spec] = MappingProxyType({
    PageKind.HOME: {},
    PageKind.MEASURES: {**YEAR_DOCUMENTS, "intro": HTML, "groups": GROUPS, "table": ALL, "items": [{"tool": ALL}]},
    PageKind.REPORT: {"year": {"title": ALL, "intro": HTML, "table": ALL},
                      "report": {"title": ALL, "round": ALL, "groups": GROUPS}},
    PageKind.ITEM: {"year": {**YEAR_DOCUMENTS, "table": ALL}, "item": {
        **ITEM_ROW, "indicator": ALL, "tool": ALL, "fiscal_year": ALL, "verified": ALL, "question": ALL,
        "notes": HTML, "by_round": [{"round": ALL, "actions": [ACTION_ENTRY]}],
    }},
    PageKind.ACTION: {"year": {**YEAR_DOCUMENTS, "items": [ITEM_LINK]}, "action": {
        "title": ALL, "date": ALL, "status": ALL, "planned": ALL, "in_progress": ALL, "item_codes": ALL,
        "body": HTML, "attachments": ALL,
    }},
    PageKind.NEWS_LIST: {"news": [{"url": ALL, "title": ALL, "date": ALL}]},
    PageKind.NEWS: {"title": ALL, "date": ALL, "body": HTML, "attachments": ALL},
    PageKind.DOCUMENTS: {"documents": [{"url": ALL, "title": ALL, "date": ALL, "attachments": COUNT}]},
    PageKind.DOCUMENT: {"title": ALL, "date": ALL, "body": HTML, "attachments": ALL},
    PageKind.FREE_PAGE: {"title": ALL, "body": HTML},
    PageKind.CONTACT: {"channels": ALL},
    PageKind.ITA: {"catalog": {"verified": ALL}, "indicators": [{"indicator": ALL, "subs": [{"name": ALL, "groups": [{
        "name": ALL, "rows": [{
            "url": ALL, "item": {"code": ALL, "title": ALL, "verified": ALL, "hint": ALL},
            "answers": [{"url": ALL, "full_url": ALL, "title": ALL, "click_path": ALL}],
        }],
    }]}]}]},
    PageKind.ITA_ITEM: {"index": {"fiscal_year": ALL, "url": ALL}, "row": {
        "item": {"code": ALL, "title": ALL, "subindicator": ALL, "hint": ALL},
        "answers": [{"url": ALL, "title": ALL, "click_path": ALL}],
    }},
    PageKind.NOT_FOUND: {"current": {"url": ALL, "title": ALL}},
})
"""What the template of each kind shows of its page's ``data``."""


def page_spec(kind: PageKind) -> Spec:
    return {**PAGE, "kind": ALL, "data": DATA[kind]}


def site_spec(kind: PageKind) -> Spec:
    return _HOME_SITE if kind is PageKind.HOME else dict(SITE)


ROOTS: Mapping[PageKind, Mapping[str, Spec]] = MappingProxyType({
    kind: MappingProxyType({"page": page_spec(kind), "site": site_spec(kind), "nav": ALL}) for kind in PageKind
})
"""Each kind's declared reads, by the name its template knows the root by (``page``, ``site``, ``nav``)."""
