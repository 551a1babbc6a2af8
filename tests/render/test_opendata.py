"""Open data and discovery: data.json, items.csv, actions.csv, feed.xml, sitemap.xml, robots.txt,
and the pages' "last updated" date (git commit date, else the file's modification time)."""

from __future__ import annotations

import re

import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ITEM_E7, SITE_YAML, TEMPLATES, write_tree
from sitegen.load import history
from sitegen.build import build
from sitegen.cli import main
from sitegen.load.history import load_source_dates
from sitegen.render.opendata import ACTION_COLUMNS, FEED_SIZE, ITEM_COLUMNS
from test_contract_site import CONTENT

BASE = "https://www.example.org/abt/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BOM = b"\xef\xbb\xbf"
BANGKOK = dt.timezone(dt.timedelta(hours=7))
TRICKY = 'ประชุม "ประชาคม" หมู่ 1, 2 <ครั้งที่ 1> & สรุป'  # quotes, comma, markup: CSV and XML must escape

# The contract site, plus a news item and an action whose title needs escaping everywhere.
EXTRA = f"""\
-- actions/2567/2024-03-05-forum.md --
---
title: '{TRICKY}'
date: 2567-03-05
items: [E1, E6]
---
-- news/2567/2024-05-01-fair.md --
---
title: งานวันเด็กตำบล
date: 2567-05-01
---
เชิญร่วมงาน
"""


def at(*args: int) -> float:
    """A timestamp given in Bangkok time."""
    return dt.datetime(*args, tzinfo=BANGKOK).timestamp()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("opendata")
    content = write_tree(root / "content", CONTENT + EXTRA)
    (content / "files/2567").mkdir(parents=True)
    (content / "files/2567/form.pdf").write_bytes(b"%PDF-1.4 test" + b"0" * 2000)
    # Outside git, modification times are the dates. 02:00 in Bangkok is still the day before in
    # UTC, so a date taken in the machine's time zone instead of Bangkok's would show up here.
    for path in content.rglob("*"):
        os.utime(path, (at(2024, 1, 2, 10), at(2024, 1, 2, 10)))
    os.utime(content / "actions/2567/2023-11-15-meeting.md", (at(2024, 3, 4, 2), at(2024, 3, 4, 2)))
    out = root / "output"
    assert main(["build", "--no-pdf", "--content", str(content), "--templates", str(TEMPLATES), "--out", str(out),
                 "--as-of", "2024-10-15"]) == 0
    return out


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def joined(values: list) -> str:
    return " | ".join(values)


# --- data.json ------------------------------------------------------------------------------------

def test_json_document(site):
    data = json.loads((site / "eit/2567/data.json").read_text(encoding="utf-8"))
    assert data["fiscal_year"] == 2567 and data["url"] == BASE + "eit/2567/"
    assert data["as_of"] == "2024-10-15" and data["as_of_be"] == "2567-10-15"
    assert [r["url"] for r in data["reports"]] == [
        BASE + "eit/2567/report-6-months/", BASE + "eit/2567/report-12-months/"]
    items = {i["code"]: i for i in data["items"]}
    assert [i["code"] for i in data["items"]] == ["E1", "E6", "E13"]  # form order
    e1, e6, e13 = items["E1"], items["E6"], items["E13"]
    assert e1["indicator"] == {"number": 6, "name": "คุณภาพการดำเนินงาน"}
    assert e1["responsible"] == "สำนักปลัด" and e1["measures"] == ["จัดทำคู่มือการให้บริการ", "ติดประกาศขั้นตอน"]
    assert e1["monitoring"] == ["รายงานนายก อบต. ทุกไตรมาส"]
    assert (e1["deadline"], e1["deadline_be"]) == ("2024-09-30", "2567-09-30")
    assert e13["deadline"] is None and e1["url"] == BASE + "eit/2567/e1/"
    assert e6["question"] == "ข้อความคำถามที่หน่วยงานพิมพ์เอง" and e6["options"] == ["ช่องทางที่หนึ่ง", "ช่องทางที่สอง"]
    # actions per item by round, by URL: the 6-month round ends on 31 Mar 2024
    rounds = {r["months"]: r["actions"] for r in e13["rounds"]}
    assert rounds == {6: [BASE + "actions/2567/2024-02-29-leap/"],
                      12: [BASE + "actions/2567/2024-02-29-leap/", BASE + "actions/2567/2024-06-10-online-tax/"]}

    actions = {a["url"]: a for a in data["actions"]}
    assert [a["date"] for a in data["actions"]] == ["2023-11-15", "2024-02-29", "2024-03-05", "2024-06-10"]
    meeting = actions[BASE + "actions/2567/2023-11-15-meeting/"]
    assert meeting["title"] == "ประชุมชี้แจงขั้นตอนการให้บริการ" and meeting["date_be"] == "2566-11-15"
    assert meeting["items"] == ["E1"] and meeting["status"] == "done"
    assert [(f["url"], f["kind"], f["size"]) for f in meeting["attachments"]] == [
        (BASE + "files/2567/form.pdf", "PDF", 2013), ("https://www.example.org/video", "ลิงก์", None)]
    assert actions[BASE + "actions/2567/2024-06-10-online-tax/"]["status"] == "in_progress"
    assert actions[BASE + "actions/2567/2024-03-05-forum/"]["title"] == TRICKY
    # every URL an item refers to is an action of the document
    assert {u for i in data["items"] for r in i["rounds"] for u in r["actions"]} <= set(actions)


def test_json_matches_the_model(site):
    content = site.parent / "content"
    year = build(content, TEMPLATES, dt.date(2024, 10, 15)).site.years[0]
    data = json.loads((site / "eit/2567/data.json").read_text(encoding="utf-8"))
    assert [(i["code"], i["question"], i["measures"]) for i in data["items"]] == [
        (i.code, i.question, [m.text for m in i.measures]) for i in year.items]
    assert [(a["title"], a["items"]) for a in data["actions"]] == [(a.title, list(a.item_codes)) for a in year.actions]


# --- CSV ------------------------------------------------------------------------------------------

def test_csv_is_utf8_with_bom_and_crlf(site):
    for name in ("items.csv", "actions.csv"):
        raw = (site / "eit/2567" / name).read_bytes()
        assert raw.startswith(BOM) and not raw.startswith(BOM + BOM)
        assert raw.count(b"\n") == raw.count(b"\r\n") > 1  # the csv module's line ends, no bare LF
        raw[3:].decode("utf-8")  # all UTF-8 after the BOM


def test_items_csv_round_trip(site):
    data = json.loads((site / "eit/2567/data.json").read_text(encoding="utf-8"))
    rows = read_csv(site / "eit/2567/items.csv")
    assert tuple(rows[0]) == ITEM_COLUMNS
    expected = [
        ["2567", i["code"], str(i["indicator"]["number"]), i["indicator"]["name"], i["question"], joined(i["options"]),
         i["responsible"], joined(i["measures"]), joined(i["monitoring"]), i["deadline"] or "", i["deadline_be"] or "",
         i["url"], joined(list(dict.fromkeys(u for r in i["rounds"] for u in r["actions"])))]
        for i in data["items"]
    ]
    assert rows[1:] == expected
    e1 = dict(zip(rows[0], rows[1]))
    assert e1["measures"] == "จัดทำคู่มือการให้บริการ | ติดประกาศขั้นตอน" and e1["deadline_be"] == "2567-09-30"
    assert e1["actions"] == BASE + "actions/2567/2023-11-15-meeting/ | " + BASE + "actions/2567/2024-03-05-forum/"


def test_actions_csv_round_trip(site):
    rows = read_csv(site / "eit/2567/actions.csv")
    assert tuple(rows[0]) == ACTION_COLUMNS
    assert rows[1:] == [
        ["2567", "2023-11-15", "2566-11-15", "ประชุมชี้แจงขั้นตอนการให้บริการ", "done", "E1",
         BASE + "actions/2567/2023-11-15-meeting/", BASE + "files/2567/form.pdf | https://www.example.org/video"],
        ["2567", "2024-02-29", "2567-02-29", "เปิดเพจประชาสัมพันธ์", "done", "E6 | E13",
         BASE + "actions/2567/2024-02-29-leap/", ""],
        ["2567", "2024-03-05", "2567-03-05", TRICKY, "done", "E1 | E6", BASE + "actions/2567/2024-03-05-forum/", ""],
        ["2567", "2024-06-10", "2567-06-10", "ทดลองระบบรับชำระภาษีออนไลน์", "in_progress", "E13",
         BASE + "actions/2567/2024-06-10-online-tax/", ""],
    ]


def test_measures_page_links_to_the_data(site):
    soup = BeautifulSoup((site / "eit/2567/index.html").read_text(encoding="utf-8"), "html.parser")
    section = soup.select_one("section.open-data")
    assert "ข้อมูลเปิด (Open data)" in section.h2.get_text()
    hrefs = [a["href"] for a in section.select("a")]
    assert hrefs == ["/abt/eit/2567/data.json", "/abt/eit/2567/items.csv", "/abt/eit/2567/actions.csv"]
    assert all((site / h.removeprefix("/abt/")).is_file() for h in hrefs)


# --- feed.xml -------------------------------------------------------------------------------------

def test_feed(site):
    root = ET.parse(site / "feed.xml").getroot()
    assert root.tag == ATOM + "feed" and root.get(XML_LANG) == "th"
    assert root.findtext(ATOM + "id").startswith(BASE)
    links = {link.get("rel"): link.get("href") for link in root.findall(ATOM + "link")}
    assert links == {"self": BASE + "feed.xml", "alternate": BASE}
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "องค์การบริหารส่วนตำบลบ้านทดลอง"
    entries = root.findall(ATOM + "entry")
    titles = [e.findtext(ATOM + "title") for e in entries]
    assert titles == [
        "ทดลองระบบรับชำระภาษีออนไลน์ (อยู่ระหว่างดำเนินการ)", "งานวันเด็กตำบล", TRICKY, "เปิดเพจประชาสัมพันธ์",
        "ประชุมชี้แจงขั้นตอนการให้บริการ",
    ]  # actions and news together, newest first; markup in a title is text, not elements
    updated = [e.findtext(ATOM + "updated") for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert updated[0] == "2024-06-10T00:00:00+07:00" == root.findtext(ATOM + "updated")
    for e in entries:
        dt.datetime.fromisoformat(e.findtext(ATOM + "updated"))  # RFC 3339 with an offset
        assert e.findtext(ATOM + "id").startswith(BASE)
        assert e.find(ATOM + "link[@rel='alternate']").get("href") == e.findtext(ATOM + "id")
    news = entries[1]
    assert news.findtext(ATOM + "id") == BASE + "news/2567/2024-05-01-fair/"
    assert "เชิญร่วมงาน" in news.findtext(ATOM + "content")
    meeting = entries[-1]
    assert [(c.get("term")) for c in meeting.findall(ATOM + "category")] == ["action", "E1"]
    enclosure = meeting.find(ATOM + "link[@rel='enclosure']")
    assert (enclosure.get("href"), enclosure.get("length")) == (BASE + "files/2567/form.pdf", "2013")


def test_feed_is_linked_from_every_page(site):
    for path in (site / "index.html", site / "eit/2567/e1/index.html", site / "404.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        link = soup.find("link", rel="alternate", type="application/atom+xml")
        assert link["href"] == "/abt/feed.xml"


def _feed_of(content: Path, as_of: dt.date) -> ET.Element:
    files = build(content, TEMPLATES, as_of).files
    return ET.fromstring(next(f.data for f in files if f.path == "feed.xml"))


def test_feed_keeps_the_newest_and_without_entries_uses_as_of(make_site):
    content = make_site()
    empty = _feed_of(content, dt.date(2024, 6, 1))
    assert empty.findall(ATOM + "entry") == []
    assert empty.findtext(ATOM + "updated") == "2024-06-01T00:00:00+07:00"  # the as-of date, not the clock

    start = dt.date(2023, 10, 1)
    for n in range(FEED_SIZE + 5):
        day = start + dt.timedelta(days=n)
        (content / f"actions/2567/{day}-a.md").parent.mkdir(parents=True, exist_ok=True)
        (content / f"actions/2567/{day}-a.md").write_text(
            f"---\ntitle: การดำเนินการวันที่ {day}\ndate: {day}\nitems: [E7]\n---\n", encoding="utf-8")
    full = _feed_of(content, dt.date(2024, 6, 1))
    ids = [e.findtext(ATOM + "id") for e in full.findall(ATOM + "entry")]
    last = start + dt.timedelta(days=FEED_SIZE + 4)
    assert len(ids) == FEED_SIZE and ids[0] == f"https://test.example/actions/2567/{last}-a/"
    assert ids[-1] == f"https://test.example/actions/2567/{start + dt.timedelta(days=5)}-a/"  # the 5 oldest left out
    assert full.findtext(ATOM + "updated") == f"{last}T00:00:00+07:00"


# --- sitemap.xml and robots.txt -------------------------------------------------------------------

def test_sitemap(site):
    root = ET.parse(site / "sitemap.xml").getroot()
    assert root.tag == SITEMAP + "urlset"
    locs = [u.findtext(SITEMAP + "loc") for u in root.findall(SITEMAP + "url")]
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    # not the not-found page, nor the /ita/<FY>/<code>/ redirect stubs, nor search and its list of pages
    expected = {BASE + p.removesuffix("index.html") for p in pages
                if p not in ("404.html", "search/index.html", "pages/index.html")
                and not re.fullmatch(r"ita/\d+/[a-z0-9]+/index\.html", p)}
    assert BASE + "ita/2567/" in expected
    assert set(locs) == expected and len(locs) == len(expected) and locs == sorted(locs)
    assert BASE in locs and all(loc.startswith(BASE) for loc in locs)
    lastmod = {u.findtext(SITEMAP + "loc"): u.findtext(SITEMAP + "lastmod") for u in root.findall(SITEMAP + "url")}
    assert lastmod[BASE + "about/"] == "2024-01-02"
    # an item page shows its actions too: the newest of its sources counts
    assert lastmod[BASE + "eit/2567/e1/"] == "2024-03-04"
    assert lastmod[BASE + "eit/2567/e13/"] == "2024-01-02"
    assert lastmod[BASE + "actions/2567/2023-11-15-meeting/"] == "2024-03-04"


def test_robots(site):
    assert (site / "robots.txt").read_text(encoding="utf-8") == f"User-agent: *\nAllow: /\nSitemap: {BASE}sitemap.xml\n"


# --- last updated ---------------------------------------------------------------------------------

def footer_date(out: Path, page: str) -> str | None:
    soup = BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser")
    updated = soup.select_one(".site-footer .updated")
    return " ".join(updated.get_text(" ").split()) if updated else None


def test_footer_shows_last_updated_outside_git(site):
    assert footer_date(site, "about/index.html") == "ปรับปรุงล่าสุด 2 มกราคม 2567"
    assert footer_date(site, "eit/2567/e1/index.html") == "ปรับปรุงล่าสุด 4 มีนาคม 2567"
    assert footer_date(site, "404.html") is None  # no sources, no date (and never the build day)


GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid"}
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, **GIT_ENV, **({"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {})}
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository holding a site in its content/ folder, committed twice; the files'
    modification times are set far from the commit dates, so each test sees which one is used."""
    root = tmp_path / "repo"
    content = write_tree(root / "content", f"-- site.yaml --\n{SITE_YAML}-- eit/2567/E7.md --\n{ITEM_E7}"
                                            "-- pages/about.md --\n---\ntitle: เกี่ยวกับเรา\n---\nข้อความ\n")
    (root / "README.md").write_text("not content", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", ".")
    # 20:00 UTC on 3 Feb is already 4 Feb in Bangkok.
    git(root, "commit", "-q", "-m", "first", date="2024-02-03T20:00:00+00:00")
    (content / "eit/2567/E7.md").write_text(ITEM_E7.replace("งานประชาสัมพันธ์", "สำนักปลัด"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "second", date="2024-05-01T09:00:00+07:00")
    for path in content.rglob("*"):
        os.utime(path, (at(2020, 1, 1, 12), at(2020, 1, 1, 12)))
    return content


@needs_git
def test_git_commit_dates(repo, tmp_path):
    dates = load_source_dates(repo)
    assert dates["content/pages/about.md"] == dt.date(2024, 2, 4)  # first commit, in Bangkok
    assert dates["content/eit/2567/E7.md"] == dt.date(2024, 5, 1)  # its newest commit
    assert dates["content/site.yaml"] == dt.date(2024, 2, 4)
    assert not any("README" in key for key in dates)  # only the content folder
    out = tmp_path / "out"
    assert main(["build", "--no-pdf", "--content", str(repo), "--templates", str(TEMPLATES), "--out", str(out),
                 "--as-of", "2024-06-01"]) == 0
    assert footer_date(out, "about/index.html") == "ปรับปรุงล่าสุด ๔ กุมภาพันธ์ ๒๕๖๗"
    assert footer_date(out, "eit/2567/e7/index.html") == "ปรับปรุงล่าสุด ๑ พฤษภาคม ๒๕๖๗"


@needs_git
def test_uncommitted_and_untracked_files_use_their_mtime(repo):
    (repo / "pages/about.md").write_text("---\ntitle: เกี่ยวกับเรา\n---\nแก้แล้ว\n", encoding="utf-8")
    os.utime(repo / "pages/about.md", (at(2024, 8, 9, 12), at(2024, 8, 9, 12)))
    (repo / "pages/new.md").write_text("---\ntitle: ใหม่\n---\nใหม่\n", encoding="utf-8")
    os.utime(repo / "pages/new.md", (at(2024, 9, 10, 1), at(2024, 9, 10, 1)))
    dates = load_source_dates(repo)
    assert dates["content/pages/about.md"] == dt.date(2024, 8, 9)
    assert dates["content/pages/new.md"] == dt.date(2024, 9, 10)
    assert dates["content/eit/2567/E7.md"] == dt.date(2024, 5, 1)  # unchanged files keep their commit date
    site = build(repo, TEMPLATES, dt.date(2024, 10, 1)).site
    updated = {p.path: p.updated for p in site.pages}
    assert updated["about/"] == dt.date(2024, 8, 9) and updated["new/"] == dt.date(2024, 9, 10)


@needs_git
def test_git_missing_or_failing_falls_back_to_mtimes(repo, monkeypatch):
    monkeypatch.setattr(history.shutil, "which", lambda name: None)
    assert set(load_source_dates(repo).values()) == {dt.date(2020, 1, 1)}
    monkeypatch.undo()

    def fail(*args, **kwargs):
        raise subprocess.CalledProcessError(128, "git")

    monkeypatch.setattr(history.subprocess, "run", fail)
    assert set(load_source_dates(repo).values()) == {dt.date(2020, 1, 1)}


def test_outside_git_uses_mtimes_in_bangkok(make_site):
    content = make_site()
    # 23:30 UTC on 31 Dec 2023 is 06:30 on 1 Jan 2024 in Bangkok, whatever the machine's zone.
    stamp = dt.datetime(2023, 12, 31, 23, 30, tzinfo=dt.UTC).timestamp()
    for path in content.rglob("*"):
        os.utime(path, (stamp, stamp))
    assert set(load_source_dates(content).values()) == {dt.date(2024, 1, 1)}
    site = build(content, TEMPLATES, dt.date(2024, 6, 1)).site
    updated = {p.path: p.updated for p in site.pages}
    assert updated["eit/2567/e7/"] == dt.date(2024, 1, 1) and updated["404.html"] is None


@pytest.mark.parametrize("base", ["https://www.example.org/abt/", "http://127.0.0.1:8000/", "https://u@h.th:8443/a/b",
                                  "https://h.th"])
def test_absolute_addresses_are_urljoins(base):
    """The open data's full addresses are built forward for the site's own paths, with urljoin's answer for each."""
    from types import SimpleNamespace
    from urllib.parse import urljoin

    from sitegen.render.opendata import absolute

    site = SimpleNamespace(config=SimpleNamespace(base_url=base))
    for url in ["/", "/abt/eit/2566/", "/ไทย/ข้อ/", "/a/b.pdf", "/a%20b/", "/a b/", "/.well-known/x", "/a/.b/", "/a/...",
                "/a//b", "/a/./b", "/a/../b", "/a/.", "/a/..", "/..", "/a;p", "/a?q=1", "/a#f", "/a?", "/a#", "//h/x",
                "https://x.th/a/../b", "http://y/", "mailto:a@b", "rel/x", ""]:
        assert absolute(site, url) == urljoin(base, url), url  # type: ignore[arg-type]
