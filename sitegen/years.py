"""Model stage, fiscal years: pure rules of the measures and reports — which actions are shown as of a
date, which round each falls in, items in the catalog's order, tables grouped by indicator."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from sitegen.catalog import EitCatalog, Indicator
from sitegen.model import Action, FiscalYear, Group, Item, Round, RoundActions, Row
from sitegen.thai import fiscal_year, format_number, thai_month_year
from sitegen.validate import ActionDoc, ItemDoc

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


def in_catalog_order(items: Iterable[ItemDoc], catalog: EitCatalog) -> list[ItemDoc]:
    """Items in the order of the catalog's questions (E1, E2 … E10), not of their file names."""
    return sorted(items, key=lambda i: catalog.questions[i.code].number)


def group_by_indicator(items: Sequence[Item], indicators: Iterable[Indicator],
                       actions_of: Callable[[Item], tuple[Action, ...]]) -> tuple[Group, ...]:
    """One table per indicator that has items, in the catalog's indicator order; each row an item
    with the actions ``actions_of`` gives it (all of them, or one round's)."""
    out = []
    for indicator in indicators:
        rows = tuple(Row(i, actions_of(i)) for i in items if i.indicator == indicator)
        if rows:
            out.append(Group(indicator, rows))
    return tuple(out)


def in_round(r: Round) -> Callable[[Item], tuple[Action, ...]]:
    """An item's actions in round ``r`` (for a round report's table)."""
    return lambda item: next(e.actions for e in item.by_round if e.round == r)


def report_title(r: Round, digits: str) -> str:
    period = f"เดือน{thai_month_year(r.start, digits)} - {thai_month_year(r.end, digits)}"
    return f"{REPORT_TITLE.format(fy=format_number(r.fiscal_year, digits))} รอบ {format_number(r.months, digits)} เดือน ({period})"


def current_year(years: Sequence[FiscalYear], as_of: dt.date) -> FiscalYear | None:
    """The newest year that has begun by ``as_of`` (the menu's "มาตรการ ปี …"); else the oldest one."""
    now = fiscal_year(as_of)
    return next((y for y in years if y.fiscal_year <= now), years[-1] if years else None)


def latest_actions(years: Iterable[FiscalYear]) -> tuple[Action, ...]:
    """The newest actions of every year, newest first (the home page's list)."""
    return tuple(sorted((a for y in years for a in y.actions), key=lambda a: (a.date, a.source), reverse=True)[:LATEST])
