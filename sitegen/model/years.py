"""Model stage, fiscal years: pure rules of the measures and reports — which actions are shown as of a
date, which round each falls in, items in the official order, tables grouped by tool and indicator, and the
table's columns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from sitegen.model.records import STANDARD_TABLE, Action, FiscalYear, Group, Item, Round, RoundActions, Row, Table
from sitegen.fields import COLUMNS, Column
from sitegen.thai import fiscal_year, format_number, thai_month_year
from sitegen.check.validate import ActionDoc, ItemDoc

MEASURES_TITLE = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. {fy}"
REPORT_TITLE = "รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. {fy}"
LATEST = 5
"""How many actions the home page lists."""


def split_by_date(actions: Iterable[ActionDoc], as_of: dt.date) -> tuple[list[ActionDoc], list[ActionDoc]]:
    """(shown, not yet shown): the actions dated up to ``as_of`` and after it, each in date order
    (ties by file name, so the order never depends on the file system's)."""
    ordered = sorted(actions, key=lambda a: (a.date, str(a.doc.rel)))
    return [a for a in ordered if a.date <= as_of], [a for a in ordered if a.date > as_of]


def actions_by_round(actions: Sequence[Action], rounds: Sequence[Round]) -> tuple[RoundActions, ...]:
    """Each round with the actions dated in it (first to last day), in the given order. The 12-month
    round spans the whole year, so it also holds the 6-month round's actions."""
    return tuple(RoundActions(r, tuple(a for a in actions if r.start <= a.date <= r.end)) for r in rounds)


def unreported_rounds(item: Item, as_of: dt.date) -> tuple[Round, ...]:
    """The ended rounds in which the item has no action, for the years an ITA round still looks at:
    this one and the last (whose 12-month report the next assessment asks for). Older years are
    history, and --strict must not fail on them for good."""
    if item.fiscal_year < fiscal_year(as_of) - 1:
        return ()
    return tuple(e.round for e in item.by_round if e.round.ended and not e.actions)


def in_official_order(items: Iterable[ItemDoc]) -> list[ItemDoc]:
    """Items in the official order — IIT, EIT, OIT; by indicator; a whole indicator before its questions;
    questions in form order (E1, E2 … E10) — not in the order of their file names."""
    return sorted(items, key=lambda i: i.subject.order)


def group_by_indicator(items: Sequence[Item], actions_of: Callable[[Item], tuple[Action, ...]]) -> tuple[Group, ...]:
    """One table per indicator that has items, in the items' (official) order of tools and indicators; each row
    an item with the actions ``actions_of`` gives it (all of them, or one round's)."""
    out = []
    for tool, indicator in dict.fromkeys((i.tool, i.indicator) for i in items):
        rows = tuple(Row(i, actions_of(i)) for i in items if (i.tool, i.indicator) == (tool, indicator))
        out.append(Group(indicator, rows, tool))
    return tuple(out)


OPTIONAL_FIELDS = ("target", "budget", "result")
"""Optional item fields that become a column of the year's table when any item sets one (in this order,
``result`` after the actions it sits beside)."""


def table_of(items: Iterable[Item], chosen: Sequence[Column] | None) -> Table:
    """The year's table: the columns ``columns:`` chose, or the seed's five plus one per optional field an
    item of the year sets. Without a deadline column, the monitoring column shows the deadline (and its
    default heading says so, as in the seed)."""
    if chosen is None:
        used = {name for i in items for name in OPTIONAL_FIELDS if getattr(i, name) is not None}
        if not used:
            return STANDARD_TABLE
        keys = ("issue", "responsible", "measures", "monitoring", *(k for k in ("target", "budget") if k in used),
                "actions", *(["result"] if "result" in used else []))
        chosen = [Column(key, *COLUMNS[key]) for key in keys]
    apart = any(c.key == "deadline" for c in chosen)
    columns = tuple(
        Column(c.key, f"{c.heading} {COLUMNS['deadline'][0]}", c.label)
        if c.key == "monitoring" and not apart and c.heading == COLUMNS["monitoring"][0] else c
        for c in chosen
    )
    return Table(columns, apart, columns == STANDARD_TABLE.columns)


def in_round(r: Round) -> Callable[[Item], tuple[Action, ...]]:
    """An item's actions in round ``r`` (for a round report's table)."""
    return lambda item: next(e.actions for e in item.by_round if e.round == r)


def report_title(r: Round, digits: str) -> str:
    period = f"เดือน{thai_month_year(r.start, digits)} - {thai_month_year(r.end, digits)}"
    title = REPORT_TITLE.format(fy=format_number(r.fiscal_year, digits))
    return f"{title} รอบ {format_number(r.months, digits)} เดือน ({period})"


def current_year(years: Sequence[FiscalYear], as_of: dt.date) -> FiscalYear | None:
    """The newest year that has begun by ``as_of`` (the menu's "มาตรการ ปี …"); else the oldest one."""
    now = fiscal_year(as_of)
    return next((y for y in years if y.fiscal_year <= now), years[-1] if years else None)


def latest_actions(years: Iterable[FiscalYear]) -> tuple[Action, ...]:
    """The newest actions of every year, newest first (the home page's list)."""
    return tuple(sorted((a for y in years for a in y.actions), key=lambda a: (a.date, a.source), reverse=True)[:LATEST])
