"""The measures' contract as agencies write it (issue 16), file by file through the CLI: items of every tool and whole
indicators, several units, sub-steps, text deadlines, budget/target/result, columns:, Thai status words, duplicated
actions. Each problem is pinned as ``path:line: ไทย | English`` (README's error and warning tables)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import SITE_YAML, ungroup

AS_OF = ("--as-of", "2567-03-01")  # in FY 2567, before any round has ended: the default site has no warning
ACTION = "---\ntitle: ก\ndate: 2567-01-10\nitems: [E7]\n"


def item(code_lines: str, extra: str = "", measures: str = "  - ทำ\n") -> str:
    return f"---\n{code_lines}responsible: งาน\nmeasures:\n{measures}monitoring: [ติดตาม]\n{extra}---\n"


def check(run, content: Path, *more: str) -> tuple[int, list[str]]:
    code, _, err = run("check", *AS_OF, *more, content=content)
    return code, ungroup(err).splitlines()


def line_of(lines: list[str], prefix: str) -> str:
    found = [line for line in lines if line.startswith(prefix)]
    assert len(found) == 1, (prefix, lines)
    return found[0]


def built_page(run, content: Path, out: Path, path: str) -> BeautifulSoup:
    code, _, err = run("build", *AS_OF, content=content, out=out)
    assert code == 0, err
    return BeautifulSoup((out / path).read_text("utf-8"), "html.parser")


# --- items of every tool ----------------------------------------------------------------------------------------

def test_items_of_every_tool_and_whole_indicators_build_and_actions_name_them(make_site, run, tmp_path):
    files = {"i4.md": "code: i๔\n", "I7.md": "code: I07\n", "O4.md": "code: o4\n",
             "IIT-4.md": "tool: IIT\nindicator: 4\n", "oit-9.md": "tool: oit\nindicator: ๙\n"}
    content = make_site("".join(f"-- eit/2567/{name} --\n{item(front)}" for name, front in files.items()) + """\
-- actions/2567/2024-01-10-a.md --
---
title: ประชุม
date: 2567-01-10
items: [i4, i๗, O4, IIT-4, OIT 9, E7]
---
""")
    page = built_page(run, content, tmp_path / "out", "eit/2567/index.html")
    rows = [tr["id"] for tr in page.select("table.eit tbody tr")]
    assert rows == ["i4", "i7", "iit-4", "e7", "oit-9", "o4"]  # IIT indicators 1, 2, 4; EIT; OIT: whole first
    assert [p.get_text() for p in page.select("p.tool")] == ["เครื่องมือการประเมิน IIT"] * 3 + [
        "เครื่องมือการประเมิน EIT", "เครื่องมือการประเมิน OIT"]
    assert all((tmp_path / f"out/eit/2567/{page}/index.html").is_file() for page in ("i4", "oit-9"))
    action = (tmp_path / "out/actions/2567/2024-01-10-a/index.html").read_text("utf-8")
    assert all(f'href="/eit/2567/{slug}/"' in action for slug in ("i4", "i7", "o4", "iit-4", "oit-9", "e7"))


@pytest.mark.parametrize(("name", "front", "line", "says"), [
    ("i31.md", "code: i31\n", 2, "'i31' is not an IIT item of fiscal year 2567 — use i1 to i30"),
    ("O21.md", "code: O21\n", 2, "'O21' is not an OIT item of fiscal year 2567 — use O1 to O4"),
    ("X1.md", "code: X1\n", 2, "'X1' is not an ITA code — use e.g. E7 (EIT), i4 (IIT) or O21 (OIT)"),
    ("IIT-6.md", "tool: IIT\nindicator: 6\n", 3, "the IIT of fiscal year 2567 has no indicator 6 — use 1 to 5"),
    ("IIT-4.md", "tool: IIT\n", 2, "'tool' without 'indicator' — a whole indicator needs both"),
    ("E6.md", "code: E6\ntool: IIT\n", 3, "E6 belongs to the EIT, not the IIT — fix or delete 'tool'"),
    ("i4.md", "code: i4\nindicator: 9\n", 3, "the indicators of the IIT are 1 to 5, not 9 — fix 'indicator'"),
    ("IIT-5.md", "tool: IIT\nindicator: 4\n", 2,
     "file name IIT-5.md does not match tool: IIT and indicator: 4 — rename the file to IIT-4.md"),
    ("i9.md", "code: I4\n", 2, "file name i9.md does not match code: i4 — rename the file to i4.md"),
    ("E6.md", "", 6,
     "required key 'code' is missing — add 'code: E7' to the front matter (or tool: IIT and indicator: 4"),
    ("E6.md", "code: E6\ntool: EITT\n", 3, "'tool' 'EITT' is not allowed — use IIT or EIT or OIT"),
])
def test_what_an_item_answers_is_checked_with_its_line(make_site, run, name, front, line, says):
    content = make_site(f"-- eit/2567/{name} --\n{item(front)}")
    code, lines = check(run, content)
    assert code == 1
    found = line_of(lines, f"content/eit/2567/{name}:{line}: ")
    assert says in found and " | " in found


def test_an_iit_question_may_name_its_indicator_since_the_catalogs_mapping_is_unconfirmed(make_site, run, tmp_path):
    content = make_site("-- eit/2567/i4.md --\n" + item("code: i4\nindicator: 3\n"))
    page = built_page(run, content, tmp_path / "out", "eit/2567/index.html")
    section = page.select_one("tr#i4").find_parent("section")
    assert section.select_one("h2").get_text() == "ตัวชี้วัดที่ ๓ การใช้อำนาจ"
    code, lines = check(run, make_site("-- eit/2567/E5.md --\n" + item("code: E5\nindicator: 7\n")))
    assert code == 1 and "E5 belongs to indicator 6, not 7" in line_of(lines, "content/eit/2567/E5.md:3: ")


def test_a_tool_without_a_catalog_for_the_year_says_the_command_that_makes_one(make_site, run):
    content = make_site("-- eit/2570/i4.md --\n" + item("code: i4\n"))
    code, lines = check(run, content)
    found = line_of(lines, "content/eit/2570/i4.md: ")
    assert code == 1 and "there is no IIT catalog for fiscal year 2570" in found
    assert "sitegen catalog 2570 --kind iit --export content/catalogs/iit-2570.yaml" in found
    assert "catalog_from: 2569" in found


# --- units, steps, deadlines, budget ----------------------------------------------------------------------------

def test_sub_steps_are_numbered_in_the_sites_digits(make_site, run, tmp_path):
    steps = "  - แรก\n  - ประชุม:\n      - เตรียม\n      - สรุป\n"
    content = make_site("-- eit/2567/E7.md --\n" + item("code: E7\n", measures=steps))
    page = built_page(run, content, tmp_path / "thai", "eit/2567/e7/index.html")
    assert [li.get_text(" ", strip=True) for li in page.select("ol.substeps li")] == ["๒.๑ เตรียม", "๒.๒ สรุป"]
    (content / "site.yaml").write_text(SITE_YAML + "digits: arabic\n", "utf-8")
    page = built_page(run, content, tmp_path / "arabic", "eit/2567/index.html")
    assert [li.get_text(" ", strip=True) for li in page.select("ol.substeps li")] == ["2.1 เตรียม", "2.2 สรุป"]


@pytest.mark.parametrize(("measures", "line", "says"), [
    ("  - ประชุม:\n", 5, "'measures' entry 1: a ':' ends the text but no sub-steps follow"),
    ("  - ประชุม:\n      -\n", 6, "'measures' sub-step 1 of it: this sub-step is empty"),
    ("  - ประชุม:\n      - 0123\n", 6, 'put it in quotes: "0123"'),
    ("  - หมายเหตุ: ทำทุกเดือน\n", 5, "'measures' entry 1: must be text: a ':' in the text makes it a nested mapping"),
    ("  - ก:\n      - ข\n    ค:\n      - ง\n", 5, "'measures' entry 1: must be text"),
])
def test_a_broken_sub_step_is_named_on_its_line(make_site, run, measures, line, says):
    content = make_site("-- eit/2567/E7.md --\n" + item("code: E7\n", measures=measures))
    code, lines = check(run, content)
    assert code == 1 and says in line_of(lines, f"content/eit/2567/E7.md:{line}: ")


def test_a_date_deadline_outside_the_fiscal_year_is_a_warning_on_its_line(make_site, run):
    content = make_site("-- eit/2567/E7.md --\n" + item("code: E7\n", "deadline: 2567-12-31\n"))
    code, lines = check(run, content)
    found = line_of(lines, "content/eit/2567/E7.md:7: ")
    assert code == 0 and "the deadline 2024-12-31 is in fiscal year 2568, not 2567" in found
    assert "[คำเตือน/warning]" in found
    assert check(run, content, "--strict")[0] == 1


@pytest.mark.parametrize(("value", "ok", "says"), [
    ("ตลอดปีงบประมาณ พ.ศ. 2567", True, ""), ("2567-09-30", True, ""), ("๓๐ ก.ย. ๖๗", True, ""),
    ("2567-02-30", False, "is not a real calendar date"), ("2567", False, 'put it in quotes: "2567"'),
])
def test_deadline_is_a_date_or_a_text(make_site, run, value, ok, says):
    content = make_site("-- eit/2567/E7.md --\n" + item("code: E7\n", f"deadline: {value}\n"))
    code, lines = check(run, content)
    assert code == (0 if ok else 1), lines
    if not ok:
        assert says in line_of(lines, "content/eit/2567/E7.md:7: ")


@pytest.mark.parametrize(("value", "shown"), [
    ("20000", "๒๐,๐๐๐ บาท"), ("1500.50", "๑,๕๐๐.๕๐ บาท"), ("0", "๐ บาท"), ('"20,000"', "20,000"),
    ("ตามข้อบัญญัติงบประมาณ", "ตามข้อบัญญัติงบประมาณ"),
])
def test_budget_a_number_in_baht_or_a_text_as_typed(make_site, run, tmp_path, value, shown):
    content = make_site("-- eit/2567/E7.md --\n" + item("code: E7\n", f"budget: {value}\n"))
    page = built_page(run, content, tmp_path / "out", "eit/2567/index.html")
    assert page.select_one("tr#e7 td.col-budget").get_text() == shown
    assert [th.get_text() for th in page.select("thead th")][4] == "งบประมาณ"


@pytest.mark.parametrize("value", ["1_000", "0x1F", "1.5e+3", "-500", "yes", "12:30", ".inf", "20000.505"])
def test_a_budget_yaml_would_convert_is_refused_showing_it_as_typed(make_site, run, value):
    content = make_site("-- eit/2567/E7.md --\n" + item("code: E7\n", f"budget: {value}\n"))
    code, lines = check(run, content)
    found = line_of(lines, "content/eit/2567/E7.md:7: ")
    assert code == 1 and "must be an amount in digits, e.g. 20000" in found and f'"{value}"' in found


# --- columns -----------------------------------------------------------------------------------------------------

def test_optional_fields_become_columns_in_a_fixed_order(make_site, run, tmp_path):
    content = make_site("-- eit/2567/E7.md --\n" + item("code: E7\n", "result: สำเร็จ\nbudget: 100\n")
                        + "-- eit/2567/E6.md --\n" + item("code: E6\n", "target: ร้อยละ 80\n"))
    page = built_page(run, content, tmp_path / "out", "eit/2567/index.html")
    assert [th.get_text() for th in page.select_one("table.eit").select("thead th")] == [
        "ประเด็นที่ต้องปรับปรุง แก้ไข/ ประเด็นที่ต้องพัฒนา", "ผู้รับผิดชอบ", "ขั้นตอนหรือวิธีการ/มาตรการ",
        "การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ", "ตัวชี้วัด/ค่าเป้าหมาย", "งบประมาณ", "การดำเนินการ",
        "ผลการดำเนินงาน"]


def test_columns_choose_order_headings_and_a_deadline_column(make_site, run, tmp_path):
    content = make_site("""\
-- eit/2567/index.md --
---
columns:
  - issue
  - measures: แนวทาง
  - deadline: ระยะเวลา
  - monitoring
  - Responsible
  - actions: ผลการดำเนินการ
---
-- eit/2567/E7.md --
""" + item("code: E7\n", "deadline: ตลอดปี\n"))
    page = built_page(run, content, tmp_path / "out", "eit/2567/index.html")
    assert [th.get_text() for th in page.select("thead th")] == [
        "ประเด็นที่ต้องปรับปรุง แก้ไข/ ประเด็นที่ต้องพัฒนา", "แนวทาง", "ระยะเวลา", "การรายงานผลและการกำกับติดตาม",
        "ผู้รับผิดชอบ", "ผลการดำเนินการ"]
    assert page.select_one("tr#e7 td.col-deadline").get_text() == "ตลอดปี" and not page.select("p.deadline")
    data = json.loads((tmp_path / "out/eit/2567/data.json").read_text("utf-8"))
    assert [c["key"] for c in data["columns"]] == [
        "issue", "measures", "deadline", "monitoring", "responsible", "actions"]


@pytest.mark.parametrize(("columns", "line", "says"), [
    ("  - issue\n  - budjet\n  - actions\n", 4, "'columns' entry 2: unknown column 'budjet' — did you mean 'budget'?"),
    ("  - issue\n  - actions\n  - issue\n", 5, "'columns' entry 3: column issue is listed twice"),
    ("  - issue\n  - measures\n", 2, "columns: the actions column (การดำเนินการ) is needed — add a line - actions"),
    ("  - issue\n  - budget: 5\n  - actions\n", 4, 'put it in quotes: "5"'),
])
def test_broken_columns_are_errors_on_their_line(make_site, run, columns, line, says):
    content = make_site(f"-- eit/2567/index.md --\n---\ncolumns:\n{columns}---\n")
    code, lines = check(run, content)
    assert code == 1 and says in line_of(lines, f"content/eit/2567/index.md:{line}: ")


def test_a_field_no_column_shows_is_a_warning_on_the_items_line(make_site, run):
    content = make_site("""\
-- eit/2567/index.md --
---
columns: [issue, responsible, measures, monitoring, actions]
---
-- eit/2567/E6.md --
""" + item("code: E6\n", "budget: 500\n"))
    code, lines = check(run, content)
    found = line_of(lines, "content/eit/2567/E6.md:7: ")
    assert code == 0
    assert "this file's budget is not shown: columns: in content/eit/2567/index.md has no budget column" in found


# --- actions -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("word", "state"), [
    ("ดำเนินการแล้ว", "done"), ("เสร็จแล้ว", "done"), ("เสร็จสิ้น", "done"), ("อยู่ระหว่างดำเนินการ", "in_progress"),
    ("กำลังดำเนินการ", "in_progress"), ("ยังไม่ดำเนินการ", "planned"), ("ยังไม่ได้ดำเนินการ", "planned"),
    ("planned", "planned"), ("Done", "done"),
])
def test_status_takes_the_thai_words_staff_type(make_site, run, tmp_path, word, state):
    content = make_site(f"-- actions/2567/2024-01-10-a.md --\n{ACTION}status: {word}\n---\n")
    code, _, err = run("build", *AS_OF, content=content, out=tmp_path / "out")
    assert code == 0, err
    assert json.loads((tmp_path / "out/eit/2567/data.json").read_text("utf-8"))["actions"][0]["status"] == state


def test_an_unknown_status_lists_the_choices_and_the_thai_words(make_site, run):
    content = make_site(f"-- actions/2567/2024-01-10-a.md --\n{ACTION}status: finished\n---\n")
    code, lines = check(run, content)
    found = line_of(lines, "content/actions/2567/2024-01-10-a.md:5: ")
    assert code == 1 and "'finished' is not allowed — use done or in_progress or planned" in found
    assert "ยังไม่ดำเนินการ" in found and "เสร็จสิ้น" in found


@pytest.mark.parametrize(("second", "same"), [
    ("---\ntitle: ประชุม  สภา\ndate: 2567-01-10\nitems: [E7]\n---\nอีกเรื่อง\n", "the same date and title"),
    ("---\ntitle: อื่น\ndate: 2567-02-01\nitems: [E7]\n---\nประชุมสภา   สมัยแรก\n", "the same description"),
])
def test_a_duplicated_action_is_a_warning_naming_both_files(make_site, run, second, same):
    content = make_site(f"""\
-- actions/2567/2024-01-10-a.md --
---
title: ประชุม สภา
date: 2567-01-10
items: [E7]
---
ประชุมสภา สมัยแรก
-- actions/2567/2024-02-01-b.md --
{second}""")
    code, lines = check(run, content)
    found = line_of(lines, "content/actions/2567/2024-02-01-b.md:2: ")
    assert code == 0 and f"this action repeats content/actions/2567/2024-01-10-a.md ({same})" in found
    assert "[คำเตือน/warning]" in found
    assert not [x for x in lines if x.startswith("content/actions/2567/2024-01-10-a.md")]


def test_different_actions_with_empty_bodies_are_not_duplicates(make_site, run):
    content = make_site("""\
-- actions/2567/2024-01-10-a.md --
---
title: ก
date: 2567-01-10
items: [E7]
---
-- actions/2567/2024-01-11-b.md --
---
title: ข
date: 2567-01-11
items: [E7]
---
""")
    code, lines = check(run, content)
    assert code == 0 and not [x for x in lines if "repeats" in x]
