"""Any agency's real report (issue 16), end to end: the fixture ``tests/fixtures/agency-2567`` mixes IIT, EIT, OIT and
whole-indicator items with budget, target and result, text deadlines, several responsible units, sub-steps, Thai
status words (one action planned) and its own table columns. Every one of those facts must reach the measures page,
both round reports, the item pages, the PDF, the phone cards and the open data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, TEMPLATES
from sitegen.build import build
from sitegen.cli import main
from sitegen.render.search.text import search
from sitegen.render.search.files import load_docs

FIXTURE = ROOT / "tests" / "fixtures" / "agency-2567" / "content"
AS_OF = "2567-10-15"
YEAR = "eit/2567/"
# The fixture's own headings (columns: in eit/2567/index.md), in its order.
HEADINGS = ["ประเด็นที่ต้องปรับปรุง/พัฒนา", "มาตรการ/แนวทางการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ",
            "งบประมาณ (บาท)", "ตัวชี้วัด/ค่าเป้าหมาย", "การรายงานผลและการกำกับติดตาม", "การดำเนินการ", "ผลการดำเนินงาน"]
# Every fact of the fixture's items, as a page shows it (the site's Thai digits; a text as typed).
FACTS = [
    "i๕", "ข้อคำถามในตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่", "ภายในไตรมาสที่ ๒",  # an IIT question without wording
    "i๑๓", "การมอบหมายงานของผู้บังคับบัญชาอย่างเป็นธรรม", "ไม่ใช้งบประมาณ", "๓๐ มิถุนายน ๒๕๖๗",
    "ปลัด อบต. กำกับติดตามทุกเดือน", "๑.๑ สรุปการมอบหมายงานรายเดือน", "๑.๒ รายงานผู้บริหาร",
    "ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ", "๒๐,๐๐๐ บาท", "ตลอดปีงบประมาณ พ.ศ. ๒๕๖๗",  # a whole indicator
    "จัดทำแนวปฏิบัติการยืมใช้ทรัพย์สินของราชการ", "๑.๑ สำรวจทรัพย์สินที่บุคลากรยืมใช้บ่อย",
    "๑.๒ ยกร่างแนวปฏิบัติและขั้นตอนการขออนุญาต", "บุคลากรร้อยละ ๘๐ รับทราบแนวปฏิบัติ",
    "บุคลากร ๔๒ คนจาก ๔๕ คน (ร้อยละ ๙๓) ลงชื่อรับทราบแนวปฏิบัติแล้ว",
    "E๖", "เผยแพร่ข่าวอย่างน้อยเดือนละ ๔ เรื่อง", "เผยแพร่ข่าว ๕๖ เรื่องในปีงบประมาณ", "๓๐ กันยายน ๒๕๖๗",
    "O๔ ข้อมูลการติดต่อ", "๕,๕๐๐.๕๐ บาท", "๓๑ มีนาคม ๒๕๖๗",
]
UNITS = {"iit-4": ["สำนักปลัด", "กองคลัง"], "o4": ["งานประชาสัมพันธ์", "กองช่าง"], "e6": ["งานประชาสัมพันธ์ สำนักปลัด"]}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("agency") / "output"
    assert main(["build", "--content", str(FIXTURE), "--templates", str(TEMPLATES), "--out", str(out),
                 "--as-of", AS_OF, "--no-pdf"]) == 0
    return out


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text("utf-8"), "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_the_fixture_builds_with_no_error_and_only_the_warnings_it_means(tmp_path):
    result = build(FIXTURE, TEMPLATES, dt.date(2567 - 543, 10, 15))
    assert sorted((w.path.rsplit("/", 1)[1], w.en.split(" has ")[0]) for w in result.warnings) == [
        ("i13.md", "i13"), ("i5.md", "i5"), ("i5.md", "i5")]  # no action in a round that has ended


def test_measures_page_groups_by_tool_then_indicator_with_the_years_own_columns(site):
    page = soup(site, YEAR)
    sections = page.select("section.indicator")
    assert [(text(s.select_one(".tool")), text(s.select_one("h2"))) for s in sections] == [
        ("เครื่องมือการประเมิน IIT", "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่"),
        ("เครื่องมือการประเมิน IIT", "ตัวชี้วัดที่ ๓ การใช้อำนาจ"),
        ("เครื่องมือการประเมิน IIT", "ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ"),
        ("เครื่องมือการประเมิน EIT", "ตัวชี้วัดที่ ๗ ประสิทธิภาพการสื่อสาร"),
        ("เครื่องมือการประเมิน OIT", "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล")]
    for table in page.select("table.eit"):
        assert [text(th) for th in table.select("thead th")] == HEADINGS
        assert "eit-own" in table["class"]
    assert [tr["id"] for tr in page.select("table.eit tbody tr")] == ["i5", "i13", "iit-4", "e6", "o4"]
    shown = text(page.select_one("main"))
    missing = [fact for fact in FACTS if fact not in shown]
    assert missing == []


def test_several_units_are_one_per_line_and_one_unit_stays_text(site):
    page = soup(site, YEAR)
    for row_id, units in UNITS.items():
        cell = page.select_one(f"tr#{row_id} td.col-owner")
        listed = [text(li) for li in cell.select("ul.units li")]
        assert (listed or [text(cell)]) == units


def test_thai_status_words_become_the_three_states(site):
    cells = {tr["id"]: text(tr.select_one("td.col-actions")) for tr in soup(site, YEAR).select("table.eit tbody tr")}
    assert "ดำเนินการเมื่อวันที่ ๑๕ พฤศจิกายน ๒๕๖๖" in cells["iit-4"] and "ยังไม่ดำเนินการ" not in cells["iit-4"]
    assert cells["e6"].endswith("อยู่ระหว่างดำเนินการ")
    assert "กำหนดดำเนินการวันที่ ๑ มีนาคม ๒๕๖๗ ยังไม่ดำเนินการ" in cells["o4"]  # planned: not "done on"
    assert cells["i5"] == "อยู่ระหว่างดำเนินการ"  # no action at all


def test_both_round_reports_show_every_fact_and_their_own_actions(site):
    six, twelve = soup(site, YEAR + "report-6-months/"), soup(site, YEAR + "report-12-months/")
    for report in (six, twelve):
        shown = text(report.select_one("main"))
        assert [fact for fact in FACTS if fact not in shown] == []
        assert [text(th) for th in report.select_one("table.eit thead").select("th")] == HEADINGS
    # The 6-month round ends on 31 March: the May meeting is only in the 12-month report.
    assert "ประชุมชี้แจงหลักเกณฑ์การมอบหมายงาน ดำเนินการ" not in text(six.select_one("tr#iit-4 td.col-actions"))
    assert "ประชุมชี้แจงหลักเกณฑ์การมอบหมายงาน ดำเนินการ" in text(twelve.select_one("tr#iit-4 td.col-actions"))
    caption = text(six.select_one("figure.chart figcaption"))
    assert caption.endswith("๕ ข้อ — มีการดำเนินการแล้ว ๑ ข้อ · อยู่ระหว่างดำเนินการ ๑ ข้อ · "
                            "วางแผนแล้ว ยังไม่ดำเนินการ ๑ ข้อ · ยังไม่มีการดำเนินการ ๒ ข้อ")
    assert six.select("svg.chart-svg rect.seg-planned") and six.find(string="วางแผนแล้ว ยังไม่ดำเนินการ")


def test_item_pages(site):
    whole = soup(site, YEAR + "iit-4/")
    assert text(whole.select_one("h1")) == "ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ"
    assert whole.title.get_text().startswith("ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ (IIT)")
    facts = {text(d.dt): text(d.dd) for d in whole.select("dl.facts > div")}
    assert facts["ตัวชี้วัด"] == "ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ (เครื่องมือการประเมิน IIT)"
    assert facts["งบประมาณ (บาท)"] == "๒๐,๐๐๐ บาท" and facts["กำหนดเวลาแล้วเสร็จ"] == "ตลอดปีงบประมาณ พ.ศ. ๒๕๖๗"
    assert facts["ตัวชี้วัด/ค่าเป้าหมาย"] == "บุคลากรร้อยละ ๘๐ รับทราบแนวปฏิบัติ"
    assert [text(li) for li in whole.select("dl.facts ul.units li")] == ["สำนักปลัด", "กองคลัง"]
    assert "ผลการดำเนินงาน" in [text(h) for h in whole.select("h2")] and whole.select_one("p.result")
    unworded = soup(site, YEAR + "i5/")
    assert text(unworded.select_one("h1")) == "i๕ ข้อคำถามในตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่"
    assert "เลขข้อและตัวชี้วัดของข้อคำถามนี้ยังไม่ได้ตรวจทาน" in text(unworded.select_one("main"))
    oit = soup(site, YEAR + "o4/")
    assert text(oit.select_one("h1")) == "O๔ ข้อมูลการติดต่อ" and "(เครื่องมือการประเมิน OIT)" in text(oit)
    action = soup(site, "actions/2567/2024-03-01-ช่องทางถามตอบ/")
    facts = {text(d.dt): text(d.dd) for d in action.select("dl.facts > div")}
    assert facts["สถานะ"] == "ยังไม่ดำเนินการ" and "วันที่กำหนดดำเนินการ" in facts
    linked = soup(site, "actions/2567/2024-05-10-ประชุมชี้แจง/")
    assert [text(a) for a in linked.select("dl.facts ul.plain a")] == [
        "i๑๓ การมอบหมายงานของผู้บังคับบัญชาอย่างเป็นธรรม (ถ้อยคำจากรายงานผลการประเมิน IIT ของหน่วยงาน)",
        "ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ"]


def test_phone_cards_carry_every_column_label_and_hide_empty_cells(site):
    """The card layout reads each cell's data-label; an empty cell (no budget on i5) is marked, not labelled blank."""
    page = soup(site, YEAR)
    for tr in page.select("table.eit tbody tr"):
        cells = tr.find_all(["th", "td"])
        assert [c.get("data-label") for c in cells] == HEADINGS
    assert "empty" in page.select_one("tr#i5 td.col-budget")["class"]
    assert "empty" not in page.select_one("tr#i13 td.col-budget")["class"]


def test_open_data_json_has_every_field_and_the_columns(site):
    data = json.loads((site / YEAR / "data.json").read_text("utf-8"))
    assert [c["heading"] for c in data["columns"]] == HEADINGS
    items = {i["code"]: i for i in data["items"]}
    assert list(items) == ["i5", "i13", "IIT-4", "E6", "O4"]
    whole = items["IIT-4"]
    assert (whole["tool"], whole["indicator"]["number"], whole["question"]) == (
        "IIT", 4, "ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ")
    assert whole["responsible"] == ["สำนักปลัด", "กองคลัง"]
    assert items["E6"]["responsible"] == "งานประชาสัมพันธ์ สำนักปลัด"
    assert whole["measures"][0] == {
        "text": "จัดทำแนวปฏิบัติการยืมใช้ทรัพย์สินของราชการ",
        "steps": ["สำรวจทรัพย์สินที่บุคลากรยืมใช้บ่อย", "ยกร่างแนวปฏิบัติและขั้นตอนการขออนุญาต"]}
    assert (whole["deadline"], whole["deadline_text"], whole["budget"], whole["budget_text"]) == (
        None, "ตลอดปีงบประมาณ พ.ศ. ๒๕๖๗", 20000, None)
    assert (items["i13"]["budget"], items["i13"]["budget_text"], items["O4"]["budget"]) == (
        None, "ไม่ใช้งบประมาณ", 5500.5)
    assert (items["E6"]["deadline"], items["E6"]["deadline_be"], items["E6"]["deadline_text"]) == (
        "2024-09-30", "2567-09-30", None)
    assert items["E6"]["target"] == "เผยแพร่ข่าวอย่างน้อยเดือนละ ๔ เรื่อง"
    assert items["E6"]["result"] == "เผยแพร่ข่าว ๕๖ เรื่องในปีงบประมาณ"
    assert items["i5"]["question"] is None
    assert [(a["status"], a["items"]) for a in data["actions"]] == [
        ("done", ["IIT-4"]), ("in_progress", ["E6"]), ("planned", ["O4"]), ("done", ["i13", "IIT-4"])]
    keys = list(whole)
    assert keys.index("code") + 1 == keys.index("tool") and keys.index("deadline_be") + 1 == keys.index("deadline_text")


def test_open_data_csv_has_a_column_per_field_and_numbered_sub_steps(site):
    rows = list(csv.DictReader(io.StringIO((site / YEAR / "items.csv").read_text("utf-8-sig"))))
    header = list(rows[0])
    assert header == ["fiscal_year", "code", "tool", "indicator", "indicator_name", "question", "options",
                      "responsible", "measures", "monitoring", "deadline", "deadline_be", "deadline_text", "budget",
                      "budget_text", "target", "result", "url", "actions"]
    whole = next(r for r in rows if r["code"] == "IIT-4")
    assert whole["responsible"] == "สำนักปลัด | กองคลัง" and whole["budget"] == "20000"
    assert whole["measures"] == ("จัดทำแนวปฏิบัติการยืมใช้ทรัพย์สินของราชการ | "
                                 "1.1 สำรวจทรัพย์สินที่บุคลากรยืมใช้บ่อย | 1.2 ยกร่างแนวปฏิบัติและขั้นตอนการขออนุญาต | "
                                 "ประชาสัมพันธ์แนวปฏิบัติให้บุคลากรทุกคนทราบ")
    assert whole["deadline_text"] == "ตลอดปีงบประมาณ พ.ศ. ๒๕๖๗" and whole["result"].startswith("บุคลากร ๔๒ คน")
    actions = list(csv.DictReader(io.StringIO((site / YEAR / "actions.csv").read_text("utf-8-sig"))))
    assert [a["status"] for a in actions] == ["done", "in_progress", "planned", "done"]


def test_search_puts_the_page_of_an_iit_code_first(site):
    docs = load_docs(site)
    assert search(docs, "i๑๓")[0] == search(docs, "I13")[0] == "eit/2567/i13/"
    assert search(docs, "o4")[0] == "eit/2567/o4/"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_pdf_of_each_report_holds_every_fact(tmp_path):
    pytest.importorskip("weasyprint")
    files = {f.path: f for f in build(FIXTURE, TEMPLATES, dt.date(2024, 10, 15), pdf=True, pdf_cache=False).files}
    for months in (6, 12):
        pdf = tmp_path / f"{months}.pdf"
        pdf.write_bytes(files[f"{YEAR}report-{months}-months/report.pdf"].data or b"")
        squeezed = re.sub(r"\s+", "", subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                                                     text=True, check=True).stdout)
        needed = [*FACTS, *HEADINGS, "เครื่องมือการประเมินIIT", "เครื่องมือการประเมินOIT", "สำนักปลัด", "กองคลัง",
                  "ยังไม่ดำเนินการ"]
        assert [f for f in needed if re.sub(r"\s+", "", f) not in squeezed] == [], months


def test_its_styles_come_with_it_and_a_site_without_its_facts_keeps_every_byte(site, tmp_path):
    """measures.css (own columns, sub-steps, several units, planned) is published and linked only by a site that
    shows such a fact: the seed's pages and styles stay byte for byte what they were before these features."""
    css = (site / "static/measures.css").read_text("utf-8")
    assert ".eit-own" in css and ".substeps" in css and ".units" in css and ".dots-bg" in css
    for path in ("", YEAR, "about/"):
        assert soup(site, path).find("link", href=re.compile(r"static/measures\.css$")) is not None, path
    seed = tmp_path / "seed"
    assert main(["build", "--content", str(ROOT / "content"), "--templates", str(TEMPLATES), "--out", str(seed),
                 "--as-of", AS_OF, "--no-pdf"]) == 0
    assert not (seed / "static/measures.css").exists()
    assert not any("measures.css" in p.read_text("utf-8") for p in seed.rglob("*.html"))
