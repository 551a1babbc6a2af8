"""The home page's status of the fiscal year the site is built in (the fiscal year of ``--as-of``): which
round is open, what has been done in it, and what is due by when.

The dates that come from the ITA calendar (``../shared/reference/ita.md`` §4.2): the assessors collect the
OIT data from about 1 March (1 Jan–30 Jun in 2567, 1 Mar–30 Apr in 2564–2565), so the year's measures must be
online by then; the 6-month round's actions end on 31 March (its report is looked at in April), the 12-month
round's on 30 September. Items may set their own ``deadline``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sitegen.render.charts import Chart, progress_chart, row_state
from sitegen.model.records import FiscalYear, Item, Report, Round, Site, rounds_of
from sitegen.thai import BE_OFFSET, format_number

MEASURES_DUE = (3, 1)
"""(month, day) by which the year's measures document should be online: the usual start of the OIT window."""


@dataclass(frozen=True, slots=True)
class Due:
    """Something the agency must have done by a date."""

    what: str
    by: dt.date
    state: str
    """``done``, ``open`` (not yet, the date is still ahead) or ``late`` (the date has passed)."""
    url: str | None = None
    missing: tuple[Item, ...] = ()
    """For a round: the items that have no action in it yet."""


@dataclass(frozen=True, slots=True)
class YearStatus:
    fiscal_year: int
    as_of: dt.date
    round: Round
    """The round open on ``as_of``: the 6-month one until 31 March, then the 12-month one."""
    days_left: int
    """Days from ``as_of`` to the open round's last day, that day included."""
    year: FiscalYear | None
    """The year's content (None when it has no measures, items or actions yet)."""
    report: Report | None
    chart: Chart | None
    due: tuple[Due, ...]


def _state(done: bool, by: dt.date, as_of: dt.date) -> str:
    return "done" if done else ("open" if as_of <= by else "late")


def _round_due(report: Report | None, r: Round, as_of: dt.date, months: str) -> Due:
    """A round is done when every item has an action dated in it (done or in progress; one only planned
    has not begun)."""
    rows = [row for g in report.groups for row in g.rows] if report else []
    missing = tuple(row.item for row in rows if row_state(row) in ("none", "planned"))
    what = f"การดำเนินการตามมาตรการของทุกข้อในรอบ {months} เดือน"
    return Due(what, r.end, _state(bool(rows) and not missing, r.end, as_of), report.url if report else None, missing)


def _item_due(item: Item, deadline: dt.date, as_of: dt.date, name: str) -> Due:
    """An item with its own ``deadline`` is done once it has an action done (not only in progress or planned)."""
    done = any(a.done for a in item.actions)
    return Due(f"{name} แล้วเสร็จตามกำหนด", deadline, _state(done, deadline, as_of), item.url)


def year_status(site: Site) -> YearStatus:
    """The status block of the home page, for the fiscal year of the site's as-of date."""
    fy, as_of, digits = site.fiscal_year_now, site.as_of, site.config.digits

    def fmt(value: object) -> str:
        return format_number(value, digits)

    open_round = rounds_of(fy, as_of)[-1]
    year = next((y for y in site.years if y.fiscal_year == fy), None)
    reports = {r.round.months: r for r in year.reports} if year else {}
    report = reports.get(open_round.months)
    measures_by = dt.date(fy - BE_OFFSET, *MEASURES_DUE)
    due = [Due(f"เผยแพร่มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ปี {fmt(fy)}", measures_by,
               _state(bool(year and year.source), measures_by, as_of), year.url if year else None)]
    for r in rounds_of(fy, dt.date(fy - BE_OFFSET, 9, 30)):
        due.append(_round_due(reports.get(r.months), r, as_of, fmt(r.months)))
    for item in year.items if year else ():
        if item.deadline:
            due.append(_item_due(item, item.deadline, as_of, f"ข้อ {fmt(item.label)}" if item.label else item.heading))
    due.sort(key=lambda d: d.by)
    chart = progress_chart(report.groups, "chart-status", digits) if report else None
    return YearStatus(fy, as_of, open_round, (open_round.end - as_of).days + 1, year, report, chart, tuple(due))
