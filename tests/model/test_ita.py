"""The ITA index (model): OIT catalogs, the oit: key, the ITA index page, stable item URLs, and the readiness check."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, TEMPLATES
from sites import make_ita_site
from sitegen.build import build
from sitegen.catalog.catalogs import load_oit_catalogs
from sitegen.catalog.schema import PERIODS
from sitegen.model.readiness import check_readiness

def statuses(content: Path, as_of: dt.date) -> dict[str, str]:
    site = build(content, TEMPLATES, as_of).site
    index = next(i for i in site.ita if i.fiscal_year == 2566)
    return {r.code: r.status for r in check_readiness(index, as_of)}


# --- catalogs -------------------------------------------------------------------------------------

def test_oit_catalogs():
    catalogs = load_oit_catalogs()
    assert sorted(catalogs) == [2563, 2564, 2565, 2566, 2567, 2568, 2569]
    for fy in (2563, 2564, 2565, 2566):
        items = catalogs[fy].items
        assert list(items) == [f"O{n}" for n in range(1, 44)]
        assert catalogs[fy].answered_by("measures").code == "O42"
        assert catalogs[fy].answered_by("report").code == "O43"
    assert catalogs[2566].items["O42"].title == "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    assert catalogs[2566].items["O1"].indicator.number == 9 and catalogs[2566].items["O42"].indicator.number == 10
    assert all(i.period in PERIODS for c in catalogs.values() for i in c.items.values())
    # Years the research notes could only partly reconstruct say so.
    for fy in (2567, 2568, 2569):
        assert not catalogs[fy].verified
    assert not catalogs[2569].items["O25"].verified and catalogs[2569].answered_by("measures").code == "O25"


# --- the oit: key ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value, words", [
    ("{2566: [O99]}", "'O99' is not an OIT item of 2566"),
    ("{2599: [O1]}", "no OIT catalog for 2599"),
    ("{2566: [{x: 1}]}", "is not an OIT item"),
    ("[O1]", "must be a mapping"),
])
def test_oit_key_is_validated(make_site, run, value, words):
    content = make_site(f"-- pages/x.md --\n---\ntitle: x\noit: {value}\n---\ntext\n")
    code, _, err = run("check", "--as-of", "2567-06-01", content=content)
    assert code == 1
    assert any(line.startswith("content/pages/x.md:3: ") and words in line for line in err.splitlines()), err


def test_oit_codes_accept_thai_digits_and_lowercase(make_site, run):
    content = make_site("-- pages/x.md --\n---\ntitle: x\noit: {๒๕๖๖: [o๗]}\n---\ntext\n")
    assert run("check", "--as-of", "2567-06-01", content=content)[0] == 0


# --- the index page ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from sitegen.cli import main

    tmp = tmp_path_factory.mktemp("ita")
    content = make_ita_site(tmp)
    out = tmp / "output"
    assert main(["build", "--no-pdf", "--content", str(content), "--templates", str(TEMPLATES), "--out", str(out),
                 "--as-of", "2566-04-01"]) == 0
    return out


def row(out: Path, code: str):
    soup = BeautifulSoup((out / "ita/2566/index.html").read_text("utf-8"), "html.parser")
    tr = soup.select_one(f"tr#{code.lower()}")
    cells = tr.find_all(["th", "td"], recursive=False)
    return [" ".join(c.get_text(" ").split()) for c in cells], [a["href"] for a in tr.select(".col-url a")]


def test_index_has_every_catalog_item_grouped_by_indicator(built):
    soup = BeautifulSoup((built / "ita/2566/index.html").read_text("utf-8"), "html.parser")
    assert [tr["id"] for tr in soup.select("table.ita tbody tr[id]")] == [f"o{n}" for n in range(1, 44)]
    assert [h.get_text() for h in soup.select(".ita-indicator h2")] == [
        "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล", "ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต"]
    assert [th.get_text() for th in soup.select("table.ita thead th")][:4] == ["ข้อ", "หัวข้อ", "URL", "คำอธิบาย"]


def test_rows_link_answering_pages_with_click_paths(built):
    cells, links = row(built, "O1")
    assert links == ["/structure/"] and "https://abt.example/structure/" in cells[2]
    assert "หน้าแรก › โครงสร้างหน่วยงาน" in cells[3]
    cells, links = row(built, "O42")  # answered automatically by the measures document
    assert links == ["/eit/2566/"] and "หน้าแรก › มาตรการ ปี ๒๕๖๖" in cells[3]
    cells, links = row(built, "O43")  # ... and the round reports
    assert links == ["/eit/2566/report-6-months/", "/eit/2566/report-12-months/"]
    assert "หน้าแรก › มาตรการ ปี ๒๕๖๖ › รายงานรอบ ๖ เดือน" in cells[3]
    cells, links = row(built, "O7")
    assert links == ["/news/2566/2023-01-10-fair/"] and "หน้าแรก › ข่าวประชาสัมพันธ์ › ข่าว" in cells[3]
    cells, links = row(built, "O3")
    assert links == [] and "ยังไม่มีข้อมูล" in cells[2]


def test_every_link_in_the_index_resolves(built):
    soup = BeautifulSoup((built / "ita/2566/index.html").read_text("utf-8"), "html.parser")
    for a in soup.select("table.ita a"):
        target = built / a["href"].lstrip("/")
        assert (target / "index.html").is_file() or target.is_file(), a["href"]


def test_stable_item_urls(built):
    for n in range(1, 44):
        assert (built / f"ita/2566/o{n}/index.html").is_file()
    one = BeautifulSoup((built / "ita/2566/o42/index.html").read_text("utf-8"), "html.parser")
    assert one.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=/eit/2566/"
    two = BeautifulSoup((built / "ita/2566/o43/index.html").read_text("utf-8"), "html.parser")
    assert two.find("meta", attrs={"http-equiv": "refresh"}) is None and len(two.select("main li a")) == 2
    none = (built / "ita/2566/o3/index.html").read_text("utf-8")
    assert "ยังไม่มีข้อมูลสำหรับข้อนี้" in none and "refresh" not in none


def test_other_year_tag_makes_its_own_index(built):
    soup = BeautifulSoup((built / "ita/2567/index.html").read_text("utf-8"), "html.parser")
    assert soup.select_one("tr#o4 .col-url a")["href"] == "/contact/"
    assert "ยังไม่ได้ตรวจทาน" in soup.select_one(".notice").get_text()


# --- readiness ---------------------------------------------------------------------------------------

def test_report_item_stale_until_the_round_ends(tmp_path):
    content = make_ita_site(tmp_path)
    assert statuses(content, dt.date(2023, 3, 31))["O43"] == "stale"
    assert statuses(content, dt.date(2023, 4, 1))["O43"] == "ready"
    assert statuses(content, dt.date(2023, 3, 31))["O42"] == "ready"


@pytest.mark.parametrize("plan_date, expected", [("2022-09-30", "stale"), ("2022-10-01", "ready"),
                                                  ("2023-09-30", "ready"), ("2023-10-01", "stale")])
def test_current_year_data(tmp_path, plan_date, expected):
    assert statuses(make_ita_site(tmp_path, plan_date=plan_date), dt.date(2023, 4, 1))["O11"] == expected


@pytest.mark.parametrize("annual_date, expected", [("2021-09-30", "stale"), ("2021-10-01", "ready")])
def test_previous_year_data(tmp_path, annual_date, expected):
    assert statuses(make_ita_site(tmp_path, annual_date=annual_date), dt.date(2023, 4, 1))["O13"] == expected


@pytest.mark.parametrize("six_date, expected", [("2023-03-31", "stale"), ("2023-04-01", "ready")])
def test_six_month_data(tmp_path, six_date, expected):
    assert statuses(make_ita_site(tmp_path, six_date=six_date), dt.date(2023, 4, 10))["O12"] == expected


@pytest.mark.parametrize("as_of, expected", [(dt.date(2022, 12, 31), "ready"), (dt.date(2023, 1, 1), "stale")])
def test_monthly_data(tmp_path, as_of, expected):
    # One summary dated 5 Nov covers October (published the month after) and November; December is
    # due once it has ended.
    assert statuses(make_ita_site(tmp_path), as_of)["O21"] == expected


def test_standing_and_missing(tmp_path):
    result = statuses(make_ita_site(tmp_path), dt.date(2023, 4, 1))
    assert result["O1"] == "ready" and result["O5"] == "ready" and result["O3"] == "missing"


def test_cli_readiness_formats_and_exit(tmp_path, run):
    content = make_ita_site(tmp_path)
    code, out, _ = run("check", "--ita", "2566", "--as-of", "2566-03-01", content=content)
    assert code == 1  # items are missing
    assert "✗ O3" in out and "! O43" in out and "รอบ 6 เดือนยังไม่สิ้นสุด" in out
    report = tmp_path / "ita.json"
    code, _, _ = run("check", "--ita", "2566", "--as-of", "2566-03-01", "--format", "json", "--report", str(report),
                     content=content)
    data = json.loads(report.read_text("utf-8"))
    assert code == 1 and data["fiscal_year"] == 2566 and len(data["items"]) == 43
    assert {i["code"]: i["status"] for i in data["items"]}["O43"] == "stale"
    md = tmp_path / "ita.md"
    run("check", "--ita", "2566", "--as-of", "2566-03-01", "--format", "markdown", "--report", str(md), content=content)
    assert "| O43 | การดำเนินการตามมาตรการ" in md.read_text("utf-8")
    assert run("check", "--ita", "2555", "--as-of", "2566-03-01", content=content)[0] == 2


def test_seed_o42_o43_answered_by_generated_pages(run):
    code, out, _ = run("check", "--ita", "2566", "--as-of", "2566-04-01", content=ROOT / "content")
    lines = {line.split()[1]: line for line in out.splitlines() if line[:1] in "✓✗!"}
    assert lines["O42"].startswith("✓") and lines["O43"].startswith("✓")


def test_seed_ita_index_links_o42_o43_to_generated_pages(tmp_path):
    from sitegen.cli import main

    out = tmp_path / "output"
    assert main(["build", "--no-pdf", "--content", str(ROOT / "content"), "--templates", str(TEMPLATES),
                 "--out", str(out), "--as-of", "2566-04-01"]) == 0
    soup = BeautifulSoup((out / "ita/2566/index.html").read_text("utf-8"), "html.parser")
    o42 = [a["href"] for a in soup.select("tr#o42 .col-url a")]
    o43 = [a["href"] for a in soup.select("tr#o43 .col-url a")]
    assert o42 == ["/eit/2566/"]
    assert o43 == ["/eit/2566/report-6-months/", "/eit/2566/report-12-months/"]
    for href in o42 + o43:
        assert (out / href.lstrip("/") / "index.html").is_file()
    assert "https://sratakhian.example/eit/2566/report-6-months/" in soup.select_one("tr#o43 .col-url").get_text()
