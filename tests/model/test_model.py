"""Model stage (``records``, the rules of ``years``, ``assemble``), unit by unit: no template is
rendered and no Markdown converted here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path, PurePosixPath

import pytest

from conftest import ROOT
from sitegen.catalog.catalogs import load_catalogs, load_oit_catalogs, shipped_catalogs, year_subjects
from sitegen.load.config import SiteConfig
from sitegen.load.content import Content, SourceDoc, load_content
from sitegen.model.records import PAGE_DATA, Action, Body, Item, Link, Page, PageKind, rounds_of
from sitegen.model.assemble import build_ita, build_site, ita_index
from sitegen.fields import Step
from sitegen.check.validate import ActionDoc, ItemDoc, validate_content
from sitegen.model.years import (
    actions_by_round, current_year, group_by_indicator, in_official_order, latest_actions, split_by_date,
    unreported_rounds,
)

EIT = load_catalogs()[2566]
CONFIG = SiteConfig("องค์การบริหารส่วนตำบลทดสอบ", "อบต.ทดสอบ", "เมือง", "ขอนแก่น", "https://test.example/abt/", "thai",
                    ())


def doc(rel: str, body: str = "") -> SourceDoc:
    return SourceDoc(PurePosixPath(rel), f"content/{rel}", {}, {}, body, 5)


def action(day: str, codes=("E7",), name: str | None = None) -> Action:
    rel = f"actions/2566/{name or day}.md"
    return Action(f"content/{rel}", f"/{rel}", 2566, f"งาน {day}", dt.date.fromisoformat(day), tuple(codes), "done", (),
                  Body(PurePosixPath(rel), f"content/{rel}", 5))


def action_doc(day: str, name: str) -> ActionDoc:
    return ActionDoc(doc(f"actions/2566/{name}.md"), 2566, name, name, dt.date.fromisoformat(day), ("E7",), "done", (),
                     {})


def item(code: str, actions=(), as_of=dt.date(2023, 10, 15), fy=2566) -> Item:
    q = EIT.questions[code]
    mine = tuple(actions)
    return Item(f"content/eit/{fy}/{code}.md", f"/eit/{fy}/{code.lower()}/", fy, code, q.indicator, q.question,
                q.options, ("งานทดสอบ",), (Step("ทำ"),), (Step("ติดตาม"),), None,
                Body(PurePosixPath(f"eit/{fy}/{code}.md"), "", 1), True, mine,
                actions_by_round(mine, rounds_of(fy, as_of)))


def test_actions_fall_in_the_rounds_by_date():
    rounds = rounds_of(2566, dt.date(2023, 10, 15))
    first, last_of_half, second = action("2022-10-01"), action("2023-03-31"), action("2023-04-01")
    by_round = {e.round.months: e.actions for e in actions_by_round((first, last_of_half, second), rounds)}
    assert by_round == {6: (first, last_of_half), 12: (first, last_of_half, second)}


def test_the_12_month_round_opens_in_april():
    assert [r.months for r in rounds_of(2566, dt.date(2023, 3, 31))] == [6]
    assert [r.months for r in rounds_of(2566, dt.date(2023, 4, 1))] == [6, 12]
    assert rounds_of(2566, dt.date(2022, 9, 30)) == ()
    six = rounds_of(2566, dt.date(2023, 4, 1))[0]
    assert (six.start, six.end, six.ended) == (dt.date(2022, 10, 1), dt.date(2023, 3, 31), True)


def test_actions_after_the_as_of_date_are_held_back_in_date_order():
    docs = [action_doc("2023-02-01", "b"), action_doc("2022-11-01", "z"), action_doc("2022-11-01", "a"),
            action_doc("2023-05-01", "later")]
    shown, later = split_by_date(docs, dt.date(2023, 3, 1))
    assert [a.slug for a in shown] == ["a", "z", "b"]  # same day: by file name
    assert [a.slug for a in later] == ["later"]


def item_doc(code: str, fy: int = 2566) -> ItemDoc:
    subject = year_subjects(fy, shipped_catalogs())[code]
    return ItemDoc(doc(f"eit/{fy}/{code}.md"), fy, code, subject, subject.indicator, ("งาน",), (), (), None, None,
                   None, {})


def test_items_follow_the_official_order_not_the_file_names():
    docs = [item_doc(c) for c in ("O4", "E10", "IIT-4", "E2", "I3", "E1", "EIT-7")]
    assert [i.code for i in in_official_order(docs)] == ["I3", "IIT-4", "E1", "E2", "EIT-7", "E10", "O4"]


def test_tables_group_items_by_tool_and_indicator_in_the_items_order():
    items = [item(c) for c in ("E1", "E2", "E15", "E11")]  # indicators 6, 6, 8, 8; none of indicator 7
    groups = group_by_indicator(items, lambda i: (action("2023-01-01"),) if i.code == "E2" else ())
    assert [(g.tool, g.indicator.number) for g in groups] == [("EIT", 6), ("EIT", 8)]  # no table without items
    assert [[r.item.code for r in g.rows] for g in groups] == [["E1", "E2"], ["E15", "E11"]]  # the items' order kept
    rows = {r.item.code: r.actions for g in groups for r in g.rows}
    assert len(rows["E2"]) == 1 and rows["E1"] == ()


def test_an_ended_round_without_action_is_reported_for_recent_years_only():
    as_of = dt.date(2023, 10, 15)  # fiscal year 2567: both rounds of 2566 have ended
    assert [r.months for r in unreported_rounds(item("E7", as_of=as_of), as_of)] == [6, 12]
    assert [r.months for r in unreported_rounds(item("E7", [action("2023-05-01")], as_of), as_of)] == [6]
    assert unreported_rounds(item("E7", [action("2023-01-05")], as_of), as_of) == ()
    assert unreported_rounds(item("E7", as_of=dt.date(2025, 10, 15)), dt.date(2025, 10, 15)) == ()  # 2566 is history


def test_latest_actions_and_current_year():
    class Year:
        def __init__(self, fy, actions):
            self.fiscal_year, self.actions = fy, actions

    old = Year(2566, [action(f"2023-0{m}-01") for m in range(1, 8)])
    new = Year(2568, [action("2024-10-02")])
    latest = latest_actions([new, old])
    assert [a.date.isoformat() for a in latest] == [
        "2024-10-02", "2023-07-01", "2023-06-01", "2023-05-01", "2023-04-01"]
    assert current_year([new, old], dt.date(2024, 5, 1)) is old  # 2568 has not begun
    assert current_year([new, old], dt.date(2024, 10, 1)) is new
    assert current_year([new], dt.date(2020, 1, 1)) is new and current_year([], dt.date(2024, 1, 1)) is None


def page(path: str, title: str, oit, crumbs=(Link("หน้าแรก", "/abt/"),)) -> Page:
    return Page(path, f"/abt/{path}", f"{path}index.html", PageKind.FREE_PAGE, title, title, tuple(crumbs), (), None,  # type: ignore[arg-type]  # data unused by build_ita
                tuple(oit))


def test_ita_answers_come_from_the_pages_that_name_an_item():
    catalog = load_oit_catalogs()[2566]
    first, second = list(catalog.items)[:2]
    pages = [page("about/", "เกี่ยวกับเรา", [(2566, first)]), page("plan/", "แผน", [(2566, first), (2567, second)])]
    index = build_ita(2566, catalog, pages, lambda p: "/abt/" + p, CONFIG)
    assert [r.item.code for r in index.rows] == list(catalog.items)  # every item, in catalog order
    rows = {r.item.code: r for r in index.rows}
    assert [(a.title, a.full_url, a.click_path) for a in rows[first].answers] == [
        ("เกี่ยวกับเรา", "https://test.example/abt/about/", ("หน้าแรก", "เกี่ยวกับเรา")),
        ("แผน", "https://test.example/abt/plan/", ("หน้าแรก", "แผน"))]
    assert rows[second].answers == ()  # answered for 2567 only
    assert rows[first].url == f"/abt/ita/2566/{first.lower()}/"
    assert [i.indicator for i in index.indicators] == list(dict.fromkeys(i.indicator for i in catalog.items.values()))


@pytest.fixture(scope="module")
def seed_site():
    content, _ = load_content(ROOT / "content")
    catalogs = load_catalogs()
    checked, errors = validate_content(content, catalogs, load_oit_catalogs())
    assert [e for e in errors if not e.warning] == []
    site, _ = build_site(CONFIG, catalogs, content, checked, dt.date(2023, 10, 15), load_oit_catalogs())
    return content, site


def test_the_ita_index_of_a_year_is_the_sites_own_or_made_from_its_pages(seed_site):
    _, site = seed_site
    own = site.ita[0]
    assert ita_index(site, own.fiscal_year, own.catalog) is own
    later = load_oit_catalogs()[2567]
    assert 2567 not in {i.fiscal_year for i in site.ita}
    made = ita_index(site, 2567, later)
    assert made.fiscal_year == 2567 and made.url == "/abt/ita/2567/" and len(made.rows) == len(later.items)
    assert all(r.answers == () for r in made.rows)  # no page of the seed answers an item of 2567


def test_every_page_holds_the_record_its_kind_names(seed_site):
    _, site = seed_site
    assert {p.kind for p in site.pages} >= {PageKind.HOME, PageKind.MEASURES, PageKind.REPORT, PageKind.ITEM,
                                            PageKind.ACTION, PageKind.ITA, PageKind.ITA_ITEM, PageKind.NOT_FOUND}
    wrong = [(p.path, p.kind, type(p.data).__name__) for p in site.pages if not isinstance(p.data, PAGE_DATA[p.kind])]
    assert wrong == []
    assert set(PAGE_DATA) == set(PageKind)


def test_the_model_holds_markdown_and_lists_each_body_once(seed_site):
    content, site = seed_site
    rels = [b.rel for b in site.bodies]
    assert len(rels) == len(set(rels)) == len(content.docs)  # every document, each once
    by_rel = {d.rel: d for d in content.docs}
    for body in site.bodies:
        assert (body.line, body.shown) == (by_rel[body.rel].body_line, by_rel[body.rel].shown)
    year = site.years[-1]
    assert year.intro is not None and year.intro.rel == PurePosixPath(f"eit/{year.fiscal_year}/index.md")
    assert all(isinstance(a.body, Body) for y in site.years for a in y.actions)


def test_item_pages_show_their_year_and_item(seed_site):
    _, site = seed_site
    items = [p for p in site.pages if p.kind is PageKind.ITEM]
    assert items and all(p.data.item.url == p.url and p.data.year.fiscal_year == p.data.item.fiscal_year for p in items)
    reports = [p for p in site.pages if p.kind is PageKind.REPORT]
    assert all(p.data.report in p.data.year.reports for p in reports)
    assert site.pages[0].kind is PageKind.HOME and site.pages[0].data.ita == site.ita


def test_a_content_tree_without_files_makes_a_site_with_home_and_not_found():
    site, errors = build_site(CONFIG, load_catalogs(), Content(Path("content"), ()), validate_content(
        Content(Path("content"), ()), load_catalogs())[0], dt.date(2024, 1, 1))
    assert errors == [] and [p.kind for p in site.pages] == [PageKind.HOME, PageKind.NOT_FOUND]
    assert site.pages[-1].data.current is None and site.bodies == ()
