"""The progress charts (charts.py) and the home page's status of the current fiscal year (status.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup
from conftest import SITE_YAML, TEMPLATES

from sitegen.build import build
from sitegen.catalog.catalogs import Indicator
from sitegen.render.charts import Tally, render_svg, row_state
from sitegen.model.records import Action, Row

ITEM = """\
---
code: {code}
responsible: งานทดสอบ
measures: [ทำงาน]
monitoring: [รายงาน]
{extra}---
"""

ACTION = """\
---
title: {title}
date: {date}
items: [{items}]
status: {status}
---
"""

# FY2567's 6-month round runs 1 Oct 2023 – 31 Mar 2024. Indicator 6: E1 done, E2 in progress, E3 nothing;
# indicator 7: E7 done (and in progress); indicator 8: E12 in progress only, past its deadline.
FILES = {
    "site.yaml": SITE_YAML,
    "eit/2567/index.md": "---\ntitle: มาตรการ ๒๕๖๗\n---\n",
    "eit/2567/E1.md": ITEM.format(code="E1", extra=""),
    "eit/2567/E2.md": ITEM.format(code="E2", extra=""),
    "eit/2567/E3.md": ITEM.format(code="E3", extra="deadline: 2567-06-30\n"),
    "eit/2567/E7.md": ITEM.format(code="E7", extra="deadline: 2567-01-10\n"),
    "eit/2567/E12.md": ITEM.format(code="E12", extra="deadline: 2567-01-15\n"),
    "actions/2567/2023-11-01-a.md": ACTION.format(title="ก", date="2023-11-01", items="E1, E7", status="done"),
    "actions/2567/2023-12-01-b.md": ACTION.format(title="ข", date="2023-12-01", items="E2, E7, E12",
                                                  status="in_progress"),
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The site as of 1 Feb 2024 (พ.ศ. 2567), rendered in memory: output path → parsed HTML."""
    content = tmp_path_factory.mktemp("charts") / "content"
    for rel, text in FILES.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    result = build(content, TEMPLATES, dt.date(2024, 2, 1))
    return {f.path: BeautifulSoup(f.data, "html.parser") for f in result.files if f.path.endswith(".html")}


def _figures(figure) -> list[list[str]]:
    rows = figure.find("table").tbody.find_all("tr")
    return [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in rows]


def test_report_chart_counts_items_per_indicator_and_state(pages):
    figure = pages["eit/2567/report-6-months/index.html"].find("figure", class_="chart")
    assert _figures(figure) == [
        ["ตัวชี้วัดที่ ๖ คุณภาพการดำเนินงาน", "๑", "๑", "๑", "๓"],
        ["ตัวชี้วัดที่ ๗ ประสิทธิภาพการสื่อสาร", "๑", "๐", "๐", "๑"],
        ["ตัวชี้วัดที่ ๘ การปรับปรุงระบบการทำงาน", "๐", "๑", "๐", "๑"],
    ]
    caption = figure.figcaption.get_text(" ", strip=True)
    assert "๕ ข้อ" in caption and "มีการดำเนินการแล้ว ๒ ข้อ" in caption and "ยังไม่มีการดำเนินการ ๑ ข้อ" in caption


def test_chart_svg_is_an_image_named_by_its_caption_with_counts_on_the_bars(pages):
    figure = pages["eit/2567/report-6-months/index.html"].find("figure", class_="chart")
    svg = figure.find("svg", class_="chart-svg")
    assert svg["role"] == "img"
    assert figure.find(id=svg["aria-labelledby"]) is figure.figcaption
    assert not figure.find("script")
    # Indicator 6: three segments side by side filling the bar, each with its count written on it.
    first = [r for r in svg.find_all("rect", class_="seg")][:3]
    assert [r["class"][1] for r in first] == ["seg-done", "seg-in_progress", "seg-none"]
    assert [r["x"] for r in first] == ["0%", "33.33%", "66.67%"]
    assert first[1]["fill"] == "url(#chart-6-stripes)" and svg.find("pattern", id="chart-6-stripes")
    counts = [t.get_text() for t in svg.find_all("text", class_="count")]
    assert counts == ["๑", "๑", "๑", "๑", "๑"]


def test_home_leads_with_the_current_year_status(pages):
    home = pages["index.html"]
    first = home.main.find("section")
    assert "year-status" in first["class"]
    assert first.h2.get_text(strip=True) == "สถานะปีงบประมาณ พ.ศ. ๒๕๖๗"
    assert "รอบ ๖ เดือน" in first.find(class_="status-round").get_text() and "อีก ๖๐ วัน" in first.get_text()
    assert first.find("figure", class_="chart") is not None
    due = [(li["class"][0], li.get_text(" ", strip=True)) for li in first.find("ul", class_="due-list").find_all("li")]
    assert [state for state, _ in due] == ["due-done", "due-late", "due-done", "due-open", "due-open", "due-open"]
    assert "ข้อ E๗" in due[0][1] and "ข้อ E๑๒" in due[1][1] and "เลยกำหนด" in due[1][1]
    assert "มาตรการ" in due[2][1] and "๑ มีนาคม ๒๕๖๗" in due[2][1]
    assert "รอบ ๖ เดือน" in due[3][1] and "ยังไม่มีการดำเนินการ: E๓" in due[3][1]
    assert "ข้อ E๓" in due[4][1] and "รอบ ๑๒ เดือน" in due[5][1] and "๓๐ กันยายน ๒๕๖๗" in due[5][1]


def test_home_of_a_year_without_content_says_so_and_shows_last_year(tmp_path):
    content = tmp_path / "content"
    for rel, text in FILES.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    files = build(content, TEMPLATES, dt.date(2024, 10, 15)).files
    home = BeautifulSoup(next(f.data for f in files if f.path == "index.html"), "html.parser")
    status = home.find("section", class_="year-status")
    assert "ยังไม่ได้เผยแพร่มาตรการของปีงบประมาณ พ.ศ. ๒๕๖๘" in status.get_text()
    assert status.find("figure", id="chart-last") is not None
    assert [li["class"][0] for li in status.find_all("li", class_=re.compile("^due-"))] == ["due-open"] * 3


def _row(*statuses: str) -> Row:
    actions = tuple(Action("a.md", "/a/", 2567, "t", dt.date(2024, 1, 1), ("E1",), s, (), "") for s in statuses)
    return Row(None, actions)  # type: ignore[arg-type]  # row_state reads only the actions


@pytest.mark.parametrize(("statuses", "state"), [
    ((), "none"), (("in_progress",), "in_progress"), (("in_progress", "done"), "done"), (("done",), "done"),
])
def test_row_state(statuses, state):
    assert row_state(_row(*statuses)) == state


def test_svg_is_deterministic_escaped_and_in_the_site_digits():
    tallies = (Tally(Indicator(6, "<ก&ข>"), 2, 0, 1),)
    svg = render_svg(tallies, "c", "arabic")
    assert svg == render_svg(tallies, "c", "arabic")
    assert "&lt;ก&amp;ข&gt;" in svg and "<ก" not in svg
    assert 'width="66.67%"' in svg and ">2</text>" in svg and ">1</text>" in svg
    assert "seg-in_progress" not in svg  # an empty state draws nothing


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _ratio(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_chart_colours_pass_contrast_in_light_and_dark_mode(mode):
    css = (TEMPLATES / "static" / "site.css").read_text("utf-8")
    light, dark = css.split("prefers-color-scheme: dark", 1)
    block = light if mode == "light" else dark.split("}", 1)[0]
    var = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-f]{6})", block))
    page = var.get("page", "#ffffff")
    assert _ratio(var["chart-done"], page) >= 3  # a graphic against the page (WCAG 1.4.11)
    assert _ratio(var["chart-frame"], page) >= 3  # the frame that outlines every segment
    assert _ratio(var["chart-stripe"], var["chart-stripe-bg"]) >= 3  # the stripes are visible
    assert _ratio(var["chart-done-ink"], var["chart-done"]) >= 4.5  # the count written on a done segment
    assert _ratio(var["ink"], var["chart-halo"]) >= 4.5  # other counts, on their halo


def test_after_31_march_the_12_month_round_is_open_and_the_6_month_round_is_late(tmp_path):
    content = tmp_path / "content"
    for rel, text in FILES.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    files = build(content, TEMPLATES, dt.date(2024, 4, 15)).files
    status = BeautifulSoup(next(f.data for f in files if f.path == "index.html"), "html.parser").find(
        "section", class_="year-status")
    assert "รอบ ๑๒ เดือน" in status.find(class_="status-round").get_text()
    assert status.find("figure", id="chart-status").find(id="chart-status-caption")
    rounds = [li for li in status.find("ul", class_="due-list").find_all("li") if "ในรอบ" in li.get_text()]
    assert [li["class"][0] for li in rounds] == ["due-late", "due-open"]
    assert "E๓" in rounds[0].get_text() and "E๓" in rounds[1].get_text()
