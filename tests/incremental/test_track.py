"""What a template read while it rendered (``incremental.track``), unit by unit: the observations a render makes,
their replay on a later model, and which changes of the model change a page's tokens (and so its key) and which
do not. The page cache that keys on them is tested in tests/render/test_pages.py, whole builds in
test_incremental.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from types import MappingProxyType

import jinja2
import pytest

from sitegen.incremental import track
from sitegen.model.records import Body


@dataclass(frozen=True, slots=True)
class Item:
    code: str
    title: str
    date: dt.date


@dataclass(frozen=True, slots=True)
class Year:
    title: str
    items: tuple[Item, ...]
    note: str
    intro: Body | None = None


ITEMS = (Item("E1", "หนึ่ง", dt.date(2024, 1, 1)), Item("E2", "สอง", dt.date(2024, 2, 1)))
YEAR = Year("ปี ๒๕๖๗", ITEMS, "ไม่แสดง")
ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)


def render(template: str, year: Year, bodies: dict | None = None) -> tuple[str, track.Log]:
    """``template`` rendered with ``year`` tracked: (its text, the log of what it read)."""
    bodies = bodies or {}
    log = track.Log({"year": year}, bodies, {})
    text = ENV.from_string(template).render(year=log.root("year"))
    return text, log


def replayed(log: track.Log, year: Year, bodies: dict | None = None) -> list[str] | None:
    """The tokens the observations of ``log`` give on ``year``."""
    return track.replay(log.nodes, list(log.seen), track.Log({"year": year}, bodies or {}, {}))


def tokens(log: track.Log) -> list[str]:
    return list(log.seen.values())


def test_the_render_is_the_plain_render_and_each_value_read_is_observed_by_its_path():
    text, log = render("{{ year.title }}: {% for i in year.items %}{{ i.code }} {% endfor %}", YEAR)
    assert text == ENV.from_string("{{ year.title }}: {% for i in year.items %}{{ i.code }} {% endfor %}").render(
        year=YEAR)
    paths = {log.nodes[node]: token for (op, node), token in log.seen.items() if op == "o"}
    assert paths[(0, "title")] == repr("ปี ๒๕๖๗")
    assert ("n", log.index[(0, "items")]) in log.seen  # the loop saw the tuple's length
    assert log.seen[("n", log.index[(0, "items")])] == "2"
    codes = [token for (op, node), token in log.seen.items() if op == "o" and log.nodes[node][1] == "code"]
    assert codes == ["'E1'", "'E2'"]
    assert not any(step == "note" for _, step in log.nodes)  # never read, never observed


def test_replay_on_the_same_model_gives_the_same_tokens():
    _, log = render("{{ year.title }} {% for i in year.items %}{{ i.title }}{{ i.date }}{% endfor %}", YEAR)
    assert replayed(log, YEAR) == tokens(log)
    assert replayed(log, replace(YEAR, items=tuple(replace(i) for i in ITEMS))) == tokens(log)  # equal, not same


def test_a_change_of_a_value_read_changes_the_tokens_and_a_change_of_one_not_read_does_not():
    _, log = render("{{ year.title }} {% for i in year.items %}{{ i.title }}{% endfor %}", YEAR)
    assert replayed(log, replace(YEAR, note="แก้แล้ว")) == tokens(log)
    assert replayed(log, replace(YEAR, items=(replace(ITEMS[0], date=dt.date(2025, 1, 1)), ITEMS[1]))) == tokens(log)
    assert replayed(log, replace(YEAR, title="ปี ๒๕๖๘")) != tokens(log)
    assert replayed(log, replace(YEAR, items=(replace(ITEMS[0], title="แก้"), ITEMS[1]))) != tokens(log)


def test_an_entry_added_or_removed_changes_the_length_seen():
    _, log = render("{% for i in year.items %}{{ i.code }}{% endfor %}", YEAR)
    assert replayed(log, replace(YEAR, items=(*ITEMS, Item("E3", "สาม", dt.date(2024, 3, 1))))) != tokens(log)
    assert replayed(log, replace(YEAR, items=ITEMS[:1])) != tokens(log)


def test_a_value_that_is_gone_replays_as_missing_and_a_missing_one_that_appears_differs():
    _, log = render("{{ year.items[1].title }}", YEAR)
    shorter = replayed(log, replace(YEAR, items=ITEMS[:1]))
    assert shorter is not None and track.MISSING in shorter and shorter != tokens(log)
    _, log = render("{% if year.items|length > 2 %}{{ year.items[2].title }}{% endif %}", YEAR)
    assert replayed(log, replace(YEAR, items=(*ITEMS, Item("E3", "สาม", dt.date(2024, 3, 1))))) != tokens(log)


def test_a_value_used_whole_is_observed_by_its_digest():
    _, log = render("{{ year.items | string }}", YEAR)  # str() of the tuple: every field of every item
    assert any(op == "d" for op, _ in log.seen)
    assert replayed(log, replace(YEAR, items=(replace(ITEMS[0], date=dt.date(2025, 1, 1)), ITEMS[1]))) != tokens(log)
    assert replayed(log, replace(YEAR, note="แก้แล้ว")) == tokens(log)


def test_a_mapping_iterated_is_observed_whole_and_looked_up_by_key():
    text, log = render("{{ year['k'] }}", MappingProxyType({"k": "ก", "other": "ข"}))  # type: ignore[arg-type]
    assert text == "ก"
    assert replayed(log, MappingProxyType({"k": "ก", "other": "ค"})) == tokens(log)  # type: ignore[arg-type]
    assert replayed(log, MappingProxyType({"k": "ง"})) != tokens(log)  # type: ignore[arg-type]
    _, log = render("{% for k in year %}{{ k }}{% endfor %}", MappingProxyType({"k": "ก"}))  # type: ignore[arg-type]
    assert replayed(log, MappingProxyType({"k": "ข"})) != tokens(log)  # type: ignore[arg-type]


def test_a_body_is_observed_by_its_html():
    rel = PurePosixPath("eit/2567/index.md")
    year = replace(YEAR, intro=Body(rel, "content/eit/2567/index.md", 5))

    def html(body):  # what the markdown filter does: the body's HTML from the bodies the page was given
        return track.body_html(body, bodies)

    bodies = {rel: "<p>บทนำ</p>"}
    ENV.filters["html"] = html
    try:
        text, log = render("{{ year.intro | html | safe }}", year, bodies)
    finally:
        del ENV.filters["html"]
    assert text == "<p>บทนำ</p>"
    assert any(op == "h" for op, _ in log.seen)
    assert replayed(log, year, {rel: "<p>บทนำ</p>"}) == tokens(log)
    assert replayed(log, year, {rel: "<p>บทนำ <a href=\"/new/\">ใหม่</a></p>"}) != tokens(log)  # a link's answer


def test_a_function_in_the_model_cannot_be_tracked():
    with pytest.raises(track.Uncacheable):
        render("{{ year.title() }}", replace(YEAR, title=lambda: "x"))  # type: ignore[arg-type]


def test_observations_that_cannot_be_replayed_give_none():
    assert track.replay([[-1, "year"]], [["x", 0]], track.Log({"year": YEAR}, {}, {})) is None  # an unknown op
