"""Catalogs an agency supplies (content/catalogs/), catalog_from, `sitegen catalog`, and the shipped corrections."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from conftest import ITEM_E7, ROOT, SITE_YAML, TEMPLATES, write_tree
from sitegen.build import build
from sitegen.catalog.catalogs import (
    Catalogs, load_catalogs, load_oit_catalogs, load_site_catalogs, read_catalog_file, shipped_catalogs,
)
from sitegen.catalog.export import export_catalog
from sitegen.cli import main
from sitegen.errors import SiteErrors

EIT_2570 = """\
fiscal_year: 2570
verified: true
source: "คู่มือการประเมิน ITA 2570 (ตัวอย่างในการทดสอบ)"
indicators:
  - number: 7
    name: ประสิทธิภาพการสื่อสาร
    items:
      - code: E1
        question: หน่วยงานเผยแพร่ข้อมูลที่ประชาชนควรทราบอย่างชัดเจน มากน้อยเพียงใด
        options: [เข้าถึงง่าย, หลายช่องทาง]
"""


def site(tmp_path: Path, files: str) -> Path:
    return write_tree(tmp_path / "content", f"-- site.yaml --\n{SITE_YAML}{files}")


def problems(content: Path, as_of=dt.date(2570, 1, 1)) -> list[str]:
    with pytest.raises(SiteErrors) as caught:
        build(content, TEMPLATES, as_of)
    return [str(e) for e in caught.value.errors]


# --- the agency's own catalog files ---------------------------------------------------------

def test_user_catalog_adds_a_year_and_builds_its_measures_and_report(tmp_path):
    content = site(tmp_path, f"""\
-- catalogs/eit-2570.yaml --
{EIT_2570}-- eit/2570/index.md --
---
catalog_from: 2569
---
-- eit/2570/E1.md --
---
code: E1
responsible: งานประชาสัมพันธ์
measures: [เผยแพร่ข่าวทุกเดือน]
monitoring: [รายงานทุกไตรมาส]
---
""")
    result = build(content, TEMPLATES, dt.date(2027, 4, 2))  # ค.ศ. 2027-04-02: FY2570, the 6-month round over
    paths = {f.path for f in result.files}
    assert {"eit/2570/index.html", "eit/2570/report-6-months/index.html", "eit/2570/e1/index.html"} <= paths
    question = result.catalogs.eit[2570].questions["E1"]
    assert question.indicator.number == 7 and question.verified and question.options == ("เข้าถึงง่าย", "หลายช่องทาง")
    # OIT 2570 follows 2569 (catalog_from): its measures item is answered by the generated page, unverified.
    oit = result.catalogs.oit[2570]
    assert oit.follows == 2569 and not oit.items["O25"].verified
    measures = next(p for p in result.site.pages if p.path == "eit/2570/")
    assert (2570, "O25") in measures.oit


def test_user_catalog_replaces_the_shipped_year_whole(tmp_path):
    content = site(tmp_path, "-- catalogs/eit-2566.yaml --\n" + EIT_2570.replace("2570", "2566"))
    catalogs, errors = load_site_catalogs(content)
    assert errors == []
    assert list(catalogs.eit[2566].questions) == ["E1"]  # not merged with the shipped E1–E15
    assert catalogs.eit[2567].questions["E7"]  # 2567 is still based on the shipped 2566
    assert len(load_catalogs()[2566].questions) == 15  # the shipped data is untouched


@pytest.mark.parametrize("text, expected", [
    (EIT_2570.replace("question:", "questoin:"),
     "catalogs/eit-2570.yaml:9: แบบวัด EIT: ไม่รู้จักช่อง 'questoin' — หมายถึง 'question' หรือเปล่า?"),
    (EIT_2570.replace("        question: หน่วยงานเผยแพร่ข้อมูลที่ประชาชนควรทราบอย่างชัดเจน มากน้อยเพียงใด\n", ""),
     "catalogs/eit-2570.yaml:8: แบบวัด EIT: ช่อง 'question' ไม่มี แต่ต้องมี"),
    (EIT_2570.replace("code: E1", "code: O1"),
     "catalogs/eit-2570.yaml:8: แบบวัด EIT: 'O1' ไม่ใช่รหัสข้อของแบบวัด EIT — ใช้รหัส E1 ถึง E99"),
    (EIT_2570.replace("code: E1", "code: E100"),
     "catalogs/eit-2570.yaml:8: แบบวัด EIT: 'E100' ไม่ใช่รหัสข้อของแบบวัด EIT"),
    (EIT_2570.replace("number: 7", "number: seven"),
     "catalogs/eit-2570.yaml:5: แบบวัด EIT: ช่อง 'number' ต้องเป็นตัวเลขจำนวนเต็ม"),
    (EIT_2570.replace("fiscal_year: 2570", "fiscal_year: 2571"),
     "catalogs/eit-2570.yaml:1: fiscal_year: 2571 ไม่ตรงกับชื่อไฟล์"),
    (EIT_2570 + "      - code: e01\n        question: ซ้ำ\n",
     "catalogs/eit-2570.yaml:11: แบบวัด EIT: รหัส E1 ซ้ำ (มีแล้วที่บรรทัด 8)"),
    ("fiscal_year: 2570\nverified: false\n",
     "catalogs/eit-2570.yaml:1: แบบวัด EIT: ไม่มีช่อง indicators (หรือ based_on)"),
    ("fiscal_year: 2570\nbased_on: 2580\n", "catalogs/eit-2570.yaml:2: based_on: ไม่มีแบบวัด EIT ของปี 2580"),
    ("fiscal_year: 2570\nindicators: [\n",
     "catalogs/eit-2570.yaml:2: ไฟล์ YAML เขียนผิดรูปแบบ: วงเล็บ [ ที่เปิดในบรรทัดนี้ยังไม่ได้ปิด"),
])
def test_broken_eit_catalog_is_reported_with_path_and_line(tmp_path, text, expected):
    content = site(tmp_path, f"-- catalogs/eit-2570.yaml --\n{text}")
    _, errors = load_site_catalogs(content)
    assert any(str(e).startswith(f"content/{expected}") or expected in str(e) for e in errors), errors
    assert all(e.line for e in errors)


OIT_2570 = """\
fiscal_year: 2570
indicators:
  - number: 10
    name: การป้องกันการทุจริต
    subindicators:
      - number: 10.1
        name: มาตรการภายใน
        groups:
          - name: มาตรการส่งเสริมคุณธรรม
            items:
              - code: O30
                title: มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน
                period: current_fy
                answers: measures
              - code: O31
                title: รายงานผล
                period: six_month
                answers: report
"""


def test_oit_catalog_with_any_codes_for_the_generated_pages(tmp_path):
    content = site(tmp_path, f"-- catalogs/oit-2570.yaml --\n{OIT_2570}-- catalogs/eit-2570.yaml --\n{EIT_2570}"
                             "-- eit/2570/E1.md --\n" + ITEM_E7.replace("E7", "E1"))
    result = build(content, TEMPLATES, dt.date(2570, 4, 2))
    pages = {p.path: p for p in result.site.pages}
    assert (2570, "O30") in pages["eit/2570/"].oit
    assert (2570, "O31") in pages["eit/2570/report-6-months/"].oit
    assert result.catalogs.oit[2570].items["O30"].subindicator == "10.1 มาตรการภายใน"  # a bare 10.1 is kept as text


@pytest.mark.parametrize("old, new, expected", [
    ("period: six_month", "period: sixmonth", ":17: รายการ OIT: ช่อง 'period' ต้องเป็นค่าที่กำหนด (standing, current_fy"),
    ("answers: report", "answers: reports", ":18: รายการ OIT: ช่อง 'answers' ต้องเป็นค่าที่กำหนด"),
    ("        groups:\n", "        group:\n", ":8: รายการ OIT: ไม่รู้จักช่อง 'group' — หมายถึง 'groups' หรือเปล่า?"),
])
def test_broken_oit_catalog_is_reported_with_path_and_line(tmp_path, old, new, expected):
    content = site(tmp_path, "-- catalogs/oit-2570.yaml --\n" + OIT_2570.replace(old, new))
    _, errors = load_site_catalogs(content)
    assert any(str(e).startswith(f"content/catalogs/oit-2570.yaml{expected}") for e in errors), errors


def test_a_badly_named_catalog_file_is_an_error_and_the_build_stops(tmp_path):
    content = site(tmp_path, f"-- catalogs/EIT2570.yml --\n{EIT_2570}")
    named = "content/catalogs/EIT2570.yml: ไฟล์ในโฟลเดอร์ catalogs/ ต้องชื่อ eit-<ปี>.yaml"
    assert any(p.startswith(named) for p in problems(content))


# --- catalog_from ---------------------------------------------------------------------------

def test_catalog_from_marks_the_year_unverified_on_the_site_and_in_check_ita(tmp_path, capsys):
    # 2566's wording is verified where it is shipped; followed by 2570 it is not confirmed for 2570.
    content = site(tmp_path, "-- eit/2570/index.md --\n---\ncatalog_from: 2566\n---\n-- eit/2570/E7.md --\n" + ITEM_E7)
    assert load_catalogs()[2566].questions["E7"].verified and load_oit_catalogs()[2566].items["O42"].verified
    out = tmp_path / "out"
    assert main(["build", "--no-pdf", "--content", str(content), "--out", str(out), "--as-of", "2570-01-01"]) == 0
    assert "ถ้อยคำของข้อคำถามนี้ยังไม่ได้ตรวจทาน" in (out / "eit/2570/e7/index.html").read_text()
    ita = (out / "ita/2570/index.html").read_text()
    assert "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน <span class=\"unverified\">(ยังไม่ยืนยัน)</span>" in ita
    capsys.readouterr()
    main(["check", "--content", str(content), "--ita", "2570", "--as-of", "2570-01-01"])
    text = capsys.readouterr().out
    assert "O42" in text and "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน (ยังไม่ยืนยันกับคู่มือ | unverified)" in text


@pytest.mark.parametrize("value, says", [
    ("2580", "catalog_from: ไม่มีแบบวัดของปี 2580 ที่เก่ากว่าปี 2570"),
    ('"x"', "ต้องเป็นตัวเลขจำนวนเต็ม"),
])
def test_catalog_from_must_name_an_earlier_year(tmp_path, value, says):
    content = site(tmp_path, f"-- eit/2570/index.md --\n---\ncatalog_from: {value}\n---\n")
    assert any(p.startswith("content/eit/2570/index.md:2: ") and says in p for p in problems(content))


def test_a_year_without_catalog_says_how_to_add_one_not_to_edit_the_package(tmp_path):
    content = site(tmp_path, "-- eit/2570/E7.md --\n" + ITEM_E7)
    text = "\n".join(problems(content))
    assert "content/catalogs/eit-2570.yaml" in text and "sitegen catalog 2570" in text and "catalog_from: 2569" in text
    assert "sitegen/catalog" not in text


def test_no_message_in_the_code_tells_staff_to_edit_the_package():
    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "sitegen").rglob("*.py"))
    assert "add sitegen/catalog" not in sources and "เพิ่มไฟล์ sitegen/catalog" not in sources


# --- sitegen catalog --------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["eit", "iit", "oit"])
def test_export_reads_back_as_the_same_catalog(tmp_path, kind):
    shipped = shipped_catalogs().of(kind)[2566]
    content = site(tmp_path, "")
    (content / "catalogs").mkdir()
    out = content / "catalogs" / f"{kind}-2566.yaml"
    assert main(["catalog", "2566", "--kind", kind, "--content", str(content), "--export", str(out)]) == 0
    catalogs, errors = load_site_catalogs(content)
    assert errors == []
    again = catalogs.of(kind)[2566]
    if kind != "oit":
        assert again.questions == shipped.questions and again.indicators == shipped.indicators
    else:
        assert again.items == shipped.items


def test_export_of_a_year_without_catalog_starts_from_the_newest_and_never_overwrites(tmp_path, capsys):
    target = tmp_path / "eit-2570.yaml"
    assert main(["catalog", "2570", "--content", str(tmp_path / "none"), "--export", str(target)]) == 0
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["fiscal_year"] == 2570 and all(not i["verified"] for ind in data["indicators"] for i in ind["items"])
    assert "คัดลอกจากปี 2569" in target.read_text(encoding="utf-8")
    target.write_text("ของเดิม", encoding="utf-8")
    capsys.readouterr()
    assert main(["catalog", "2570", "--content", str(tmp_path / "none"), "--export", str(target)]) == 2
    assert target.read_text(encoding="utf-8") == "ของเดิม"
    assert "ไม่เขียนทับ" in capsys.readouterr().err


def test_export_prints_without_a_file(capsys):
    assert main(["catalog", "2569", "--kind", "oit", "--content", "/nonexistent"]) == 0
    data = yaml.safe_load(capsys.readouterr().out)
    assert data["fiscal_year"] == 2569 and data["indicators"][0]["number"] == 9
    assert export_catalog(Catalogs({}, {}), 2566, "eit") is None  # no catalog of the kind at all


@pytest.mark.parametrize("kind", ["eit", "iit", "oit"])
def test_a_year_before_the_first_catalog_exports_the_nearest_unverified(tmp_path, capsys, kind):
    """The build accepts year folders from 2500: each can start a catalog file, from the first shipped one."""
    target = tmp_path / f"{kind}-2501.yaml"
    assert main(["catalog", "2501", "--kind", kind, "--content", str(tmp_path / "none"), "--export", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    first = min(shipped_catalogs().of(kind))
    assert f"คัดลอกจากปี {first}" in text
    data, errors = read_catalog_file(text, "catalogs/x.yaml", kind, 2501)
    assert errors == [] and data["fiscal_year"] == 2501
    items = [i for ind in data["indicators"] for i in ind.get("items", ())] + [
        i for ind in data["indicators"] for sub in ind.get("subindicators", ()) for g in sub["groups"]
        for i in g["items"]]
    assert items and not any(i["verified"] for i in items)


# --- the shipped corrections (ita.md §9) -------------------------------------------------------

def test_shipped_corrections():
    oit = load_oit_catalogs()
    o34 = oit[2565].items["O34"]
    assert o34.title == "นโยบายไม่รับของขวัญ (No Gift Policy)" and o34.group == "เจตจำนงสุจริตของผู้บริหาร"
    assert "การทุจริตและประพฤติมิชอบ" in oit[2565].items["O36"].title and not oit[2565].items["O36"].verified
    assert "การทุจริตและประพฤติมิชอบ" in oit[2565].items["O37"].title and not oit[2565].items["O37"].verified
    assert oit[2566].items["O30"].group == "การเปิดโอกาสให้เกิดการมีส่วนร่วม"
    assert oit[2566].items["O29"].group != "การเปิดโอกาสให้เกิดการมีส่วนร่วม"
    assert all(oit[2566].items[c].verified for c in ("O39", "O40", "O41"))
    assert oit[2568].answering("measures") == () and oit[2568].answering("report") == ()
    o26 = oit[2569].items["O26"]
    assert o26.period == "previous_fy" and o26.answers == "report_previous"
    eit = load_catalogs()
    for fy in (2568, 2569):
        assert len(eit[fy].questions) == 15 and not any(q.verified for q in eit[fy].questions.values())


def test_2569_o26_is_answered_by_the_2568_twelve_month_report(tmp_path):
    content = site(tmp_path, "-- eit/2568/E7.md --\n" + ITEM_E7 + "-- eit/2569/E7.md --\n" + ITEM_E7)
    result = build(content, TEMPLATES, dt.date(2569, 4, 2))
    pages = {p.path: p for p in result.site.pages}
    assert (2569, "O26") in pages["eit/2568/report-12-months/"].oit
    assert (2569, "O26") not in pages["eit/2569/report-6-months/"].oit
    assert not any(fy == 2568 for fy, _ in pages["eit/2568/"].oit)  # 2568 has no measures item


def test_catalog_from_in_thai_digits(tmp_path):
    content = site(tmp_path, '-- eit/2570/index.md --\n---\ncatalog_from: "๒๕๖๙"\n---\n'
                             "-- eit/2570/E7.md --\n" + ITEM_E7)
    assert build(content, TEMPLATES, dt.date(2570, 1, 1)).catalogs.eit[2570].follows == 2569
