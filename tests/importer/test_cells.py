"""``sitegen import``, cell by cell: codes, steps, dates, amounts, headings and the catalog comparison
(``importer.cells``, ``importer.tables.heading_kind``), and the Markdown and YAML the import writes
(``importer.files``)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.load.yamllines import parse_yaml_mapping
from sitegen.importer.cells import (
    Ref, Step, find_dates, fold, parse_amount, parse_code, parse_date_cell, parse_indicator, parse_tool, split_options,
    split_steps, without,
)
from sitegen.importer.tables import heading_kind
from sitegen.importer.files import dump, markdown_text
from sitegen.importer.rows import split_deadline


@pytest.mark.parametrize("cell, code, written, rest", [
    ("E๑ เจ้าหน้าที่ของ หน่วยงาน", "E1", "E๑", "เจ้าหน้าที่ของ หน่วยงาน"),
    ("E๑๔ หน่วยงานที่ท่านติดต่อ", "E14", "E๑๔", "หน่วยงานที่ท่านติดต่อ"),
    ("e7. การเผยแพร่", "E7", "e7", "การเผยแพร่"),
    ("E07 x", "E7", "E07", "x"),
    ("ข้อ E๗ x", "E7", "E๗", "x"),
    ("i๔ ท่านเคยเห็น", "i4", "i๔", "ท่านเคยเห็น"),
    ("I4: ท่านเคยเห็น", "i4", "I4", "ท่านเคยเห็น"),
    ("O21 สรุปผลการจัดซื้อจัดจ้าง", "O21", "O21", "สรุปผลการจัดซื้อจัดจ้าง"),
    ("E๗", "E7", "E๗", ""),
])
def test_codes_are_read_from_the_start_of_the_question_cell(cell, code, written, rest):
    ref, as_written, text = parse_code(cell)
    assert (ref.code, as_written, text) == (code, written, rest)


@pytest.mark.parametrize("cell", ["เจ้าหน้าที่ของหน่วยงาน", "EIT ข้อ 7", "E0 x", "Email 5", "", "๑.E7"])
def test_text_without_a_code_has_none(cell):
    assert parse_code(cell) is None


def test_refs_name_files_and_actions_as_the_contract_does():
    assert [Ref("EIT", 7).code, Ref("IIT", 4).code, Ref("OIT", 21).code] == ["E7", "i4", "O21"]
    assert (Ref("IIT", 4).key, Ref("IIT", 4, indicator=True).code) == ("I4", "IIT-4")


def test_headings_of_tools_and_indicators():
    assert parse_indicator("ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ") == (4, "การใช้ทรัพย์สินของราชการ")
    assert parse_indicator("ตัวชี้วัดที่ 10 การป้องกันการทุจริต") == (10, "การป้องกันการทุจริต")
    assert parse_indicator("ตัวชี้วัด/ค่าเป้าหมาย") is None
    assert [parse_tool(t) for t in ("เครื่องมือการประเมิน EIT", "เครื่องมือการประเมิน IIT", "แบบวัด OIT", "OIT",
                                    "ข้อความ EIT ในประโยค")] == ["EIT", "IIT", "OIT", "OIT", None]


SEED_MEASURES = ("๑.เจ้าหน้าที่ทุกภารกิจงานต้องดำเนินการ ปรับปรุงคุณภาพการปฏิบัติงาน ๒.รายงานผู้บริหาร "
                 "๓.ประชาสัมพันธ์ผลการดำเนินงาน และช่องทางอื่นๆ")


@pytest.mark.parametrize("cell, steps, before", [
    (SEED_MEASURES, [Step("เจ้าหน้าที่ทุกภารกิจงานต้องดำเนินการ ปรับปรุงคุณภาพการปฏิบัติงาน"), Step("รายงานผู้บริหาร"),
                     Step("ประชาสัมพันธ์ผลการดำเนินงาน และช่องทางอื่นๆ")], ""),
    # numbers that do not follow on are text: a quarter, a year after พ.ศ., a decimal, a count
    ("๑.รายงานทุกไตรมาสละ ๑ ครั้ง ๒. ผู้บริหารกำกับ ทุก ๖ เดือน", [Step("รายงานทุกไตรมาสละ ๑ ครั้ง"),
                                                                 Step("ผู้บริหารกำกับ ทุก ๖ เดือน")], ""),
    ("1) ร้อยละ 2.5 ของงบ 2) ปี พ.ศ.๒๕๖๕ 4. ข้อสี่", [Step("ร้อยละ 2.5 ของงบ"), Step("ปี พ.ศ.๒๕๖๕ 4. ข้อสี่")], ""),
    ("๑.จัดทำคู่มือ ๑.๑ ร่าง ๑.๒ เสนอนายก ๒.ประชาสัมพันธ์",
     [Step("จัดทำคู่มือ", ("ร่าง", "เสนอนายก")), Step("ประชาสัมพันธ์")], ""),
    ("ดังนี้ ๑.หนึ่ง ๒.สอง", [Step("หนึ่ง"), Step("สอง")], "ดังนี้"),
    ("สำนักปลัด\nกองคลัง", [Step("สำนักปลัด"), Step("กองคลัง")], ""),
    ("• หนึ่ง • สอง", [Step("หนึ่ง"), Step("สอง")], ""),
    ("ข้อความเดียว ไม่มีเลขข้อ", [Step("ข้อความเดียว ไม่มีเลขข้อ")], ""),
    ("๑.๑ ก ๑.๒ ข", [Step("", ("ก", "ข"))], ""),
])
def test_numbered_steps_split_into_entries(cell, steps, before):
    assert split_steps(cell) == (tuple(steps), before)


THAI_WORDS = st.text(alphabet="กขคงจฉชซญดตถทธนบปผพฟมยรลวศสหอะาิีุูเแโใไ่้๊๋็์ํ ", min_size=1, max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(THAI_WORDS.filter(lambda t: t.strip()), min_size=1, max_size=8), st.booleans())
def test_numbered_texts_come_back_as_written(texts, thai_digits):
    """Whatever the steps say (Thai letters, marks, spaces), numbering them and splitting gives them back."""
    numbers = "๑๒๓๔๕๖๗๘๙" if thai_digits else "123456789"
    cell = " ".join(f"{numbers[i]}.{t}" for i, t in enumerate(texts))
    assert [s.text for s in split_steps(cell)[0]] == [" ".join(t.split()) for t in texts if " ".join(t.split())]


@pytest.mark.parametrize("text, day, phrase", [
    ("๑.เผยแพร่ผลงาน ประจำปีงบประมาณ พ.ศ.๒๕๖๕ ดำเนินการเมื่อวันที่ ๑ มีนาคม ๒๕๖๖", dt.date(2023, 3, 1),
     "ดำเนินการเมื่อวันที่ ๑ มีนาคม ๒๕๖๖"),
    ("ประชุม เมื่อ 27 ต.ค. 65", dt.date(2022, 10, 27), "เมื่อ 27 ต.ค. 65"),
    ("ประชุม วันที่ ๓๐ ก.ย.๖๖ ณ ห้องประชุม", dt.date(2023, 9, 30), "วันที่ ๓๐ ก.ย.๖๖"),
    ("อบรม ๑-๕ มีนาคม พ.ศ. ๒๕๖๖", dt.date(2023, 3, 1), "๑-๕ มีนาคม พ.ศ. ๒๕๖๖"),
    ("รายงาน 2566-03-01", dt.date(2023, 3, 1), "2566-03-01"),
    ("รายงาน วันที่ 1/3/2566", dt.date(2023, 3, 1), "วันที่ 1/3/2566"),
    ("รายงาน 15 มกราคม 2024", dt.date(2024, 1, 15), "15 มกราคม 2024"),
    ("ประชุม ๓๑ กุมภาพันธ์ ๒๕๖๖", None, "๓๑ กุมภาพันธ์ ๒๕๖๖"),
])
def test_dates_are_found_with_their_phrase(text, day, phrase):
    (found,) = find_dates(text)
    assert (found.day, found.written) == (day, phrase)


def test_no_date_in_numbers_that_are_not_one():
    assert find_dates("จำนวน ๑๖ คน ประจำปีงบประมาณ ๒๕๖๖") == []
    assert find_dates("เลขที่ ๑๒๓ มีนาคม") == []
    assert [f.day for f in find_dates("ครั้งที่๑๒๓ มีนาคม ๒๕๖๖")] == []


def test_the_date_phrase_is_cut_from_the_title():
    text = "เผยแพร่ผลงาน ประจำปีงบประมาณ พ.ศ.๒๕๖๕ ดำเนินการเมื่อวันที่ ๑ มีนาคม ๒๕๖๖"
    assert without(text, find_dates(text)[0]) == "เผยแพร่ผลงาน ประจำปีงบประมาณ พ.ศ.๒๕๖๕"
    text = "ประชุม วันที่ ๓๐ ก.ย. ๖๖ ณ ห้องประชุม"
    assert without(text, find_dates(text)[0]) == "ประชุม ณ ห้องประชุม"


@pytest.mark.parametrize("cell, day", [
    ("๓๐ กันยายน ๒๕๖๖", dt.date(2023, 9, 30)),
    ("ภายในวันที่ 30 ก.ย. 66", dt.date(2023, 9, 30)),
    ("2567-09-30", dt.date(2024, 9, 30)),
    ("ตลอดปีงบประมาณ พ.ศ. 2567", None),
    ("30 ก.ย. 66 และ 31 มี.ค. 67", None),
    ("๑-๓๐ กันยายน ๒๕๖๖", None),
    ("ทุกเดือน", None),
])
def test_a_deadline_cell_is_a_date_only_when_it_holds_just_a_date(cell, day):
    assert parse_date_cell(cell) == day


@pytest.mark.parametrize("text, monitoring, deadline", [
    ("๑.รายงานทุกเดือน ๒.ผู้บริหารกำกับ", "๑.รายงานทุกเดือน ๒.ผู้บริหารกำกับ", None),
    ("๑.รายงานทุกเดือน กำหนดเวลาแล้วเสร็จ ๓๐ กันยายน ๒๕๖๖", "๑.รายงานทุกเดือน", "๓๐ กันยายน ๒๕๖๖"),
    ("๑.รายงานทุกเดือน\n๓๐ ก.ย. ๖๖", "๑.รายงานทุกเดือน", "๓๐ ก.ย. ๖๖"),
    ("๑.รายงานทุกเดือน ตลอดปีงบประมาณ พ.ศ. ๒๕๖๖", "๑.รายงานทุกเดือน", "ตลอดปีงบประมาณ พ.ศ. ๒๕๖๖"),
    ("รายงานเมื่อดำเนินการแล้วเสร็จ", "รายงานเมื่อดำเนินการแล้วเสร็จ", None),
])
def test_the_seeds_merged_column_gives_its_deadline_only_when_it_is_clear(text, monitoring, deadline):
    assert split_deadline(text) == (monitoring, deadline)


@pytest.mark.parametrize("cell, amount", [
    ("20,000", 20000), ("๒๐,๐๐๐ บาท", 20000), ("20000.00", 20000), ("งบประมาณ 5,000 บาท", 5000), ("0", 0),
    ("1,500.50", None), ("-", None), ("ไม่ใช้งบประมาณ", None), ("20,00", None), ("10,000-20,000", None),
])
def test_a_budget_is_a_number_only_when_it_is_a_plain_amount(cell, amount):
    assert parse_amount(cell) == amount


def test_the_catalog_comparison_ignores_a_pdfs_line_wrap_spaces_and_digits():
    assert fold("เจ้าหน้าที่ของ หน่วยงานที่ท่านติดต่อ ปฏิบัติงาน/ให้บริการ แก่ท่าน") == \
        fold("เจ้าหน้าที่ของหน่วยงานที่ท่านติดต่อ ปฏิบัติงาน/ให้บริการแก่ท่าน")
    assert fold("ในระยะเวลา ๑ ปี") == fold("ในระยะเวลา 1 ปี")
    assert split_options('คำถาม <input type="checkbox"/> เป็นไปตาม ขั้นตอน ☐ ระยะเวลา') == (
        "คำถาม", ("เป็นไปตาม ขั้นตอน", "ระยะเวลา"))


@pytest.mark.parametrize("heading, kind", [
    ("ประเด็นที่ต้องปรับปรุง แก้ไข/ ประเด็นที่ต้องพัฒนา", "question"),
    ("ผู้รับผิดชอบ", "responsible"),
    ("ขั้นตอนหรือวิธีการ/มาตรการ", "measures"),
    ("การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ", "monitoring+deadline"),
    ("การรายงานผลและการกำกับติดตาม", "monitoring"),
    ("กำหนดเวลาแล้วเสร็จ", "deadline"),
    ("ระยะเวลา", "deadline"),
    ("ระยะเวลาดำเนินการ", "deadline"),
    ("การดำเนินการ", "actions"),
    ("งบประมาณ (บาท)", "budget"),
    ("ตัวชี้วัด/ค่าเป้าหมาย", "target"),
    ("ผลการดำเนินงาน", "result"),
    ("ที่", "number"),
    ("หมายเหตุ", None),
    ("", None),
])
def test_columns_are_known_by_their_thai_headings(heading, kind):
    assert heading_kind(heading) == kind


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab ก*_`[]<>&#-+=|~:\\!1.)\n", max_size=40))
def test_markdown_text_shows_exactly_the_text(text):
    """The introduction is written as Markdown that the site shows as the very text it was."""
    from bs4 import BeautifulSoup

    from sitegen.render.markdown import make_markdown

    shown = BeautifulSoup(make_markdown().render(markdown_text(text)), "html.parser").get_text()
    assert " ".join(shown.split()) == " ".join(text.split())


@pytest.mark.parametrize("value", ["2566", "yes", "a: b", "#x", "- a", "ตลอดปีงบประมาณ พ.ศ. 2567", "'q'", "E7, E8",
                                   "null", "~", "0x1F", "1_000", "044123456", "[a]", "{a}", "@x", "`x`", "%x", "!x"])
def test_dumped_text_is_read_back_as_the_same_text(value):
    """Every text the import writes is read by sitegen's loader as that same text, never a number or a list."""
    meta, _ = parse_yaml_mapping(dump({"title": value, "measures": [value, {value: [value]}]}), "x.md", 1)
    assert meta == {"title": value, "measures": [value, {value: [value]}]}


def test_copied_text_is_read_as_nfc_whatever_it_was_saved_as():
    """Word and PDF viewers may put a tone mark before the vowel below it (ผ + ้ + ู); NFC orders them as
    every other file of the site has them; Notepad's UTF-16 and old Thai TIS-620 files are read too."""
    from sitegen.importer.read import decode_input, parse_text

    text = "E๗ ผ\u0e49\u0e39รับบริการ\tกองคลัง\n"
    doc = parse_text(text, "x.txt")
    assert doc.blocks[0].rows[0].cells[0].text == "E๗ ผู้รับบริการ"
    assert decode_input(text.encode("utf-16")) == ("E๗ ผู้รับบริการ\tกองคลัง\n", "UTF-16 LE")
    assert decode_input("ผู้รับผิดชอบ กองคลัง\n".encode("cp874")) == ("ผู้รับผิดชอบ กองคลัง\n", "TIS-620/Windows-874")
