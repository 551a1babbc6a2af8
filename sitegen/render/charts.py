"""Progress charts: a round's rows → per indicator, how many items have an action, are in progress, or have none
yet → a small inline SVG (no script, no outside request) and the figures it shows, for a text equivalent.

Pure functions of the model; the templates get them through ``render``'s environment (``progress_chart``).
The SVG has no viewBox: bar segments are placed in percent of its width and the text in CSS pixels, so on a
360 px phone the bars shrink while the labels keep their size instead of scaling down with the picture.
Colours come from site.css classes (light and dark mode); each state also has its own pattern (solid,
stripes, empty with a dashed outline) and the counts are written on the bars, so colour is never the only cue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from sitegen.catalog.catalogs import Indicator
from sitegen.model.records import Group, Row
from sitegen.thai import format_number

STATES = ("done", "in_progress", "planned", "none")
"""An item's state in a round: an action done in it, actions still in progress, only actions planned and not
begun (``status: planned``), no action yet. A chart without planned items draws and says nothing of them."""

LABELS = {"done": "มีการดำเนินการแล้ว", "in_progress": "อยู่ระหว่างดำเนินการ", "planned": "วางแผนแล้ว ยังไม่ดำเนินการ",
          "none": "ยังไม่มีการดำเนินการ"}
PATTERNS = {"in_progress": "stripes", "planned": "dots"}
_COUNTS = ("done", "in_progress", "none", "planned")
"""Tally's counts in the order of its fields."""
"""The states drawn with a pattern (its id: ``<chart id>-<name>``) rather than a plain fill."""

ROW_HEIGHT = 62
"""Pixels per indicator: its name (one line), then the bar."""
BAR_TOP, BAR_HEIGHT = 24, 28


@dataclass(frozen=True, slots=True)
class Tally:
    """The items of one indicator counted by their state in a round."""

    indicator: Indicator
    done: int
    in_progress: int
    none: int
    planned: int = 0

    @property
    def total(self) -> int:
        return self.done + self.in_progress + self.planned + self.none

    def count(self, state: str) -> int:
        return {"done": self.done, "in_progress": self.in_progress, "planned": self.planned, "none": self.none}[state]


@dataclass(frozen=True, slots=True)
class Chart:
    """A round's figures per indicator, the totals, and the SVG that draws them."""

    id: str
    """The HTML id the figure's parts are named from (unique on its page)."""
    tallies: tuple[Tally, ...]
    totals: Tally
    svg: Markup


def row_state(row: Row) -> str:
    """``done`` when an action of the row's period is done, else ``in_progress`` when one is in progress,
    ``planned`` when all of them are only planned, ``none`` without any."""
    if any(a.done for a in row.actions):
        return "done"
    if any(a.in_progress for a in row.actions):
        return "in_progress"
    return "planned" if row.actions else "none"


def tally_groups(groups: Iterable[Group]) -> tuple[Tally, ...]:
    """One tally per indicator group, in the groups' order."""
    out = []
    for group in groups:
        states = [row_state(row) for row in group.rows]
        out.append(Tally(group.indicator, *(states.count(s) for s in _COUNTS)))
    return tuple(out)


def _total(tallies: tuple[Tally, ...]) -> Tally:
    return Tally(Indicator(0, "รวม"), *(sum(t.count(s) for t in tallies) for s in _COUNTS))


def _pct(value: float) -> str:
    """A percentage with at most two decimals and no trailing zeros, so the SVG text is stable."""
    return f"{value:.2f}".rstrip("0").rstrip(".") + "%"


def _bar(tally: Tally, top: int, chart_id: str, digits: str) -> list[str]:
    """The segments of one indicator's bar, each with its count written on it (centred)."""
    parts, start = [], 0
    for state in STATES:
        n = tally.count(state)
        if not n:
            continue
        x, width = 100 * start / tally.total, 100 * n / tally.total
        fill = f' fill="url(#{chart_id}-{PATTERNS[state]})"' if state in PATTERNS else ""
        parts.append(f'<rect class="seg seg-{state}" x="{_pct(x)}" y="{top}" width="{_pct(width)}" '
                     f'height="{BAR_HEIGHT}"{fill}/>')
        if state in PATTERNS:  # a plain pill under the count, so the pattern does not cut through it
            parts.append(f'<rect class="count-bg" x="{_pct(x + width / 2)}" y="{top + 4}" width="26" '
                         f'height="{BAR_HEIGHT - 8}" rx="10" transform="translate(-13 0)"/>')
        parts.append(f'<text class="count count-{state}" x="{_pct(x + width / 2)}" y="{top + 19}" '
                     f'text-anchor="middle">{escape(format_number(n, digits))}</text>')
        start += n
    parts.append(f'<rect class="bar-frame" x="0" y="{top}" width="100%" height="{BAR_HEIGHT}"/>')
    return parts


def render_svg(tallies: tuple[Tally, ...], chart_id: str, digits: str) -> Markup:
    """The chart as an inline SVG named by the figure's caption (``<id>-caption``)."""
    height = ROW_HEIGHT * len(tallies)
    parts = [
        f'<svg class="chart-svg" role="img" aria-labelledby="{chart_id}-caption" width="100%" height="{height}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<defs><pattern id="{chart_id}-stripes" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect class="stripe-bg" width="8" height="8"/>'
        '<rect class="stripe" width="3" height="8"/></pattern>'
        + (f'<pattern id="{chart_id}-dots" width="8" height="8" patternUnits="userSpaceOnUse"><rect class="dots-bg" '
           'width="8" height="8"/><circle class="dot" cx="4" cy="4" r="1.8"/></pattern>'
           if any(t.planned for t in tallies) else "")
        + '</defs>',
    ]
    for i, tally in enumerate(tallies):
        top = ROW_HEIGHT * i
        name = f"ตัวชี้วัดที่ {format_number(tally.indicator.number, digits)} {tally.indicator.name}"
        parts.append(f'<text class="chart-label" x="0" y="{top + 17}">{escape(name)}</text>')
        parts.extend(_bar(tally, top + BAR_TOP, chart_id, digits) if tally.total else ())
    parts.append("</svg>")
    return Markup("".join(parts))


def progress_chart(groups: Iterable[Group], chart_id: str, digits: str) -> Chart:
    """The chart of a round report's (or a year's) groups: counts per indicator and their SVG."""
    tallies = tally_groups(groups)
    return Chart(chart_id, tallies, _total(tallies), render_svg(tallies, chart_id, digits))
