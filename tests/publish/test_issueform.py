"""The staff issue form: generated from the catalog, and submitted bodies turned into action files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, TEMPLATES
from forms import FORM, body
from sitegen.catalog.catalogs import load_catalogs, shipped_catalogs
from sitegen.cli import main
from sitegen.publish.issueform import FIELDS, parse_form_date, read_form, render_action, render_issue_form

CATALOGS = shipped_catalogs()


def test_the_committed_forms_are_generated_from_the_catalog():
    assert (ROOT / ".github/ISSUE_TEMPLATE/action.yml").read_text() == render_issue_form(load_catalogs()[2566])
    fields = {e["id"]: [b["label"] for b in e["attributes"]["options"]]
              for e in FORM["body"] if e["type"] == "checkboxes"}
    assert list(fields) == ["items_iit", "items", "items_oit"]  # IIT, EIT, OIT: the official order
    assert [b.split()[0] for b in fields["items"]] == ["EIT-6", "E1", "E2", "E3", "E4", "E5", "EIT-7", "E6", "E7", "E8",
                                                      "E9", "E10", "EIT-8", "E11", "E12", "E13", "E14", "E15"]
    assert fields["items_iit"][:2] == ["IIT-1 ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่ (ทั้งตัวชี้วัด)",
                                       "i1 ข้อคำถามในตัวชี้วัดที่ 1 การปฏิบัติหน้าที่"]
    assert fields["items_oit"] == ["OIT-9 ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล (ทั้งตัวชี้วัด)", "O1 โครงสร้าง",
                                   "O2 ข้อมูลผู้บริหาร", "O3 อำนาจหน้าที่", "O4 ข้อมูลการติดต่อ"]
    assert {e["attributes"]["label"] for e in FORM["body"] if "id" in e} == set(FIELDS.values())
    status = next(e for e in FORM["body"] if e.get("id") == "status")["attributes"]["options"]
    assert status[-1] == "ยังไม่ดำเนินการ (planned)"


def test_items_of_every_tool_and_whole_indicators_become_the_actions_items():
    form, problems = read_form(body(items=("i4", "IIT-4", "E7", "O4", "OIT-9"), status="ยังไม่ดำเนินการ (planned)"), 7,
                               CATALOGS)
    assert problems == [] and form is not None
    assert (form.items, form.status) == (("i4", "IIT-4", "E7", "OIT-9", "O4"), "planned")  # in the form's order
    assert "items: [i4, IIT-4, E7, OIT-9, O4]\nstatus: planned\n" in render_action(form)


def test_a_form_made_before_the_iit_and_oit_fields_still_reads():
    form, problems = read_form(body(items=("E6",), fields=("items",)), 8, CATALOGS)
    assert problems == [] and form is not None and form.items == ("E6",)


@pytest.mark.parametrize("text, day", [
    ("2567-03-01", dt.date(2024, 3, 1)),
    ("2024-03-01", dt.date(2024, 3, 1)),
    ("๒๕๖๗-๐๓-๐๑", dt.date(2024, 3, 1)),
    ("๑ มีนาคม ๒๕๖๗", dt.date(2024, 3, 1)),
    ("1 มี.ค. 2567", dt.date(2024, 3, 1)),
    ("1/3/2567", dt.date(2024, 3, 1)),
    ("01/03/2024", dt.date(2024, 3, 1)),
])
def test_dates_as_staff_type_them(text, day):
    assert parse_form_date(text) == day


def test_a_complete_form_becomes_an_action_file():
    attachments = ("![scan](https://github.com/user-attachments/assets/0b1c-22)\n"
                   "[minutes.pdf](https://github.com/user-attachments/files/17/minutes.pdf)\n"
                   "https://www.example.go.th/news/1\nfiles/2567/plan.pdf")
    form, problems = read_form(body(items=("E7", "E6"), date="๑ มีนาคม ๒๕๖๗", attachments=attachments), 12,
                               CATALOGS)
    assert problems == []
    assert form is not None
    assert render_action(form) == (
        '---\ntitle: "ประชุมคณะกรรมการกองทุนฯ"\ndate: 2567-03-01\nitems: [E6, E7]\nstatus: done\nattachments:\n'
        '  - "https://github.com/user-attachments/assets/0b1c-22"\n'
        '  - "https://github.com/user-attachments/files/17/minutes.pdf"\n'
        '  - "https://www.example.go.th/news/1"\n  - "files/2567/plan.pdf"\n'
        "---\nประชุมจัดทำแผน\n\nมีผู้เข้าร่วม ๑๖ คน\n")


def test_headings_in_the_description_are_kept():
    form, _ = read_form(body(description="### ผลการประชุม\n\nอนุมัติแผน"), 1, CATALOGS)
    assert form is not None and form.description == "### ผลการประชุม\n\nอนุมัติแผน"


def test_every_problem_of_a_wrong_form_at_once():
    text = body(title="_No response_", items=(), attachments="https://example.go.th/a\nสแกนแล้วจะส่งทีหลัง").replace(
        "- [ ] E7 ", "- [X] E๑๖ ")
    form, problems = read_form(text, 5, CATALOGS)
    assert form is None
    lines = text.splitlines()
    items_line, late_line = lines.index(f"### {FIELDS['items']}") + 3, lines.index("สแกนแล้วจะส่งทีหลัง") + 1
    assert [f"{p.path}:{p.line}: {p.en}" for p in problems] == [
        "issue #5:3: field “title”: is empty — fill it in",
        f"issue #5:{items_line}: field “items”: there is no E16 in the catalogs of 2567 — "
        "tick items of this year's form",
        f"issue #5:{late_line}: field “attachments”: “สแกนแล้วจะส่งทีหลัง” is not a link — drop the file in, "
        "or give a link starting with https://",
    ]


def test_missing_fields_and_impossible_dates():
    form, problems = read_form(body(date="2567-02-30", items=()), 5, CATALOGS)
    assert [p.en for p in problems] == ["field “date”: 2567-02-30 is not a real calendar date",
                                        "field “items”: none ticked — tick at least one item"]
    form, problems = read_form(f"### {FIELDS['title']}\n\nx\n", 5, CATALOGS)
    assert [p.en for p in problems] == ["field “date”: is empty — fill it in",
                                        "field “items”: none ticked — tick at least one item"]


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    (content / "eit/2567").mkdir(parents=True)
    (content / "site.yaml").write_text("name: อบต.ทดสอบ\nshort_name: อบต.ทดสอบ\ndistrict: เมือง\nprovince: ขอนแก่น\n"
                                       "base_url: https://test.example/\n", encoding="utf-8")
    (content / "eit/2567/E7.md").write_text("---\ncode: E7\nresponsible: งานประชาสัมพันธ์\nmeasures: [เผยแพร่]\n"
                                            "monitoring: [รายงาน]\n---\n", encoding="utf-8")
    return content


def test_from_issue_writes_a_checked_file(tmp_path: Path, capsys):
    content = _content(tmp_path)
    (tmp_path / "issue.md").write_text(body(date="2024-03-01"), encoding="utf-8")
    code = main(["from-issue", "--body-file", str(tmp_path / "issue.md"), "--number", "12", "--content", str(content),
                 "--templates", str(TEMPLATES), "--as-of", "2567-04-02", "--report", str(tmp_path / "r.md")])
    assert code == 0
    written = content / "actions/2567/2024-03-01-issue-12.md"
    assert capsys.readouterr().out == f"{written}\n"
    assert written.read_text().startswith('---\ntitle: "ประชุมคณะกรรมการกองทุนฯ"\ndate: 2567-03-01\n')
    assert "Created `content/actions/2567/2024-03-01-issue-12.md`" in (tmp_path / "r.md").read_text()
    # Run again (the issue was edited after the file was merged): the file is never replaced.
    assert main(["from-issue", "--body-file", str(tmp_path / "issue.md"), "--number", "12",
                 "--content", str(content), "--templates", str(TEMPLATES), "--as-of", "2567-04-02"]) == 1
    assert "already exists" in capsys.readouterr().err


def test_from_issue_leaves_nothing_when_the_site_rejects_the_file(tmp_path: Path, capsys):
    content = _content(tmp_path)
    (tmp_path / "issue.md").write_text(body(items=("E6",)), encoding="utf-8")  # E6 has no item file
    code = main(["from-issue", "--body-file", str(tmp_path / "issue.md"), "--number", "3", "--content", str(content),
                 "--templates", str(TEMPLATES), "--as-of", "2567-04-02", "--report", str(tmp_path / "r.md")])
    assert code == 1
    assert sorted(p.relative_to(content).as_posix() for p in content.rglob("*")) == [
        "eit", "eit/2567", "eit/2567/E7.md", "site.yaml"]
    report = (tmp_path / "r.md").read_text()
    assert report.startswith("❌ **แบบฟอร์มยังมีข้อผิดพลาด**")
    assert "ข้อ E6 ไม่มีไฟล์ eit/2567/E6.md" in report


# --- the form of the year the build accepts: shipped, content/catalogs/, catalog_from ----------------------------

def _site(tmp_path: Path, fy: int, catalog_from: int | None = None) -> Path:
    content = _content(tmp_path)
    follow = f"catalog_from: {catalog_from}\n" if catalog_from else ""
    (content / f"eit/{fy}").mkdir(parents=True, exist_ok=True)
    (content / f"eit/{fy}/index.md").write_text(f"---\n{follow}---\nบทนำ\n", encoding="utf-8")
    (content / f"eit/{fy}/E7.md").write_text((content / "eit/2567/E7.md").read_text(encoding="utf-8"), encoding="utf-8")
    return content


def test_issue_form_and_from_issue_follow_catalog_from(tmp_path: Path, capsys):
    content = _site(tmp_path, 2570, catalog_from=2569)
    assert main(["issue-form", "--year", "2570", "--content", str(content)]) == 0
    form = capsys.readouterr().out
    assert "ปีงบประมาณ 2570" in form and "- label: E7 " in form
    (tmp_path / "issue.md").write_text(body(date="2569-12-01"), encoding="utf-8")
    code = main(["from-issue", "--body-file", str(tmp_path / "issue.md"), "--number", "4", "--content", str(content),
                 "--templates", str(TEMPLATES), "--as-of", "2570-01-05"])
    assert code == 0, capsys.readouterr().err
    assert (content / "actions/2570/2026-12-01-issue-4.md").is_file()


def test_issue_form_of_a_year_without_a_catalog_says_how_to_add_one(tmp_path: Path, capsys):
    content = _site(tmp_path, 2571)
    assert main(["issue-form", "--year", "2571", "--content", str(content)]) == 2
    err = capsys.readouterr().err
    assert "no EIT catalog for 2571" in err and "catalog_from: 2569" in err and "sitegen catalog 2571" in err


def test_issue_form_uses_the_sites_own_catalog(tmp_path: Path, capsys):
    content = _site(tmp_path, 2571)
    (content / "catalogs").mkdir()
    (content / "catalogs/eit-2571.yaml").write_text(
        "fiscal_year: 2571\nindicators:\n  - number: 7\n    name: ประสิทธิภาพการสื่อสาร\n    items:\n"
        "      - code: E7\n        question: คำถามของหน่วยงานเอง\n", encoding="utf-8")
    assert main(["issue-form", "--year", "2571", "--content", str(content), "--output", str(tmp_path / "f.yml")]) == 0
    boxes = [e for e in yaml.safe_load((tmp_path / "f.yml").read_text())["body"] if e["type"] == "checkboxes"]
    assert [b["id"] for b in boxes] == ["items"]  # the site's catalogs of 2571: EIT only
    assert boxes[0]["attributes"]["options"] == [
        {"label": "EIT-7 ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร (ทั้งตัวชี้วัด)"}, {"label": "E7 คำถามของหน่วยงานเอง"}]


def submitted(form: dict, answers: dict[str, str], ticked: set[str]) -> str:
    """The body GitHub writes for ``form`` (its YAML) filled in with ``answers`` and ``ticked`` codes."""
    parts = []
    for element in form["body"]:
        if "id" not in element:
            continue
        attributes = element["attributes"]
        if element["type"] == "checkboxes":
            value = "\n".join(f"- [{'X' if o['label'].split()[0] in ticked else ' '}] {o['label']}"
                              for o in attributes["options"])
        elif element["type"] == "dropdown":
            value = attributes["options"][attributes.get("default", 0)]
        else:
            value = answers.get(element["id"], "_No response_")
        parts.append(f"### {attributes['label']}\n\n{value}")
    return "\n\n".join(parts)


def test_the_form_init_writes_for_todays_fiscal_year_round_trips_into_an_action_the_build_shows(tmp_path: Path, capsys):
    from sitegen.thai import be_year, fiscal_year

    today = dt.date.today()
    fy = fiscal_year(today)
    site = tmp_path / "agency"
    assert main(["init", str(site), "--yes", "--name", "องค์การบริหารส่วนตำบลบ้านใหม่", "--district", "เมือง",
                 "--province", "ขอนแก่น"]) == 0
    form = yaml.safe_load((site / ".github/ISSUE_TEMPLATE/action.yml").read_text(encoding="utf-8"))
    assert form["description"].endswith(f"ปีงบประมาณ {fy}")
    day = f"{be_year(today.year)}-{today.month:02d}-{today.day:02d}"
    text = submitted(form, {"title": "ประชุมประชาคมหมู่บ้าน", "date": day, "description": "มีผู้เข้าร่วม ๔๐ คน"}, {"E7"})
    (tmp_path / "issue.md").write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["from-issue", "--body-file", str(tmp_path / "issue.md"), "--number", "1", "--content",
                 str(site / "content"), "--templates", str(site / "templates")]) == 0, capsys.readouterr().err
    action = site / f"content/actions/{fy}/{today.isoformat()}-issue-1.md"
    assert capsys.readouterr().out == f"{action}\n"
    out = site / "output"
    assert main(["build", "--no-pdf", "--content", str(site / "content"), "--out", str(out)]) == 0
    page = out / f"actions/{fy}/{today.isoformat()}-issue-1/index.html"
    assert "ประชุมประชาคมหมู่บ้าน" in page.read_text(encoding="utf-8")
    item_page = (out / f"eit/{fy}/e7/index.html").read_text(encoding="utf-8")
    assert f"/actions/{fy}/{today.isoformat()}-issue-1/" in item_page


def test_issue_form_output_replaces_only_a_form_nobody_edited(tmp_path: Path, capsys):
    """Each October's form replaces last year's as sitegen wrote it; a form the agency edited is not overwritten
    (the message says how), and ``--force`` replaces it keeping it as ``.bak``."""
    form, outside = tmp_path / ".github/ISSUE_TEMPLATE/action.yml", ["--content", str(tmp_path / "none")]
    assert main(["issue-form", "--year", "2566", "--output", str(form), *outside]) == 0
    assert main(["issue-form", "--year", "2567", "--output", str(form), *outside]) == 0  # last year's: replaced
    new_year = form.read_text(encoding="utf-8")
    assert new_year == render_issue_form(load_catalogs()[2567]) and not list(form.parent.glob("*.bak"))
    edited = new_year.replace("name: บันทึกการดำเนินการ", "name: บันทึกการดำเนินการของกองช่าง")
    form.write_text(edited, encoding="utf-8")
    capsys.readouterr()
    assert main(["issue-form", "--year", "2568", "--output", str(form), *outside]) == 2
    err = capsys.readouterr().err
    assert "not overwritten" in err and "--force" in err and "ไม่เขียนทับ" in err
    assert form.read_text(encoding="utf-8") == edited
    assert main(["issue-form", "--year", "2568", "--output", str(form), "--force", *outside]) == 0
    assert form.read_text(encoding="utf-8") == render_issue_form(load_catalogs()[2568])
    assert (form.parent / "action.yml.bak").read_text(encoding="utf-8") == edited
    form.write_text(edited, encoding="utf-8")
    assert main(["issue-form", "--year", "2568", "--output", str(form), "--force", *outside]) == 0
    assert (form.parent / "action.yml.1.bak").read_text(encoding="utf-8") == edited  # the first .bak kept too
