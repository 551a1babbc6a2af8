"""Catalog stage: the EIT questions per fiscal year, as data."""

import pytest
import yaml

from sitegen.catalog.catalogs import (
    Catalogs, load_catalogs, load_iit_catalogs, load_oit_catalogs, shipped_catalogs, tool_of, year_subjects,
)
from sitegen.catalog.schema import check_catalog
from sitegen.load.yamllines import yaml_lines


def test_2566_has_fifteen_questions_in_three_official_indicators():
    catalog = load_catalogs()[2566]
    assert list(catalog.questions) == [f"E{n}" for n in range(1, 16)]
    names = {q.indicator.number: q.indicator.name for q in catalog.questions.values()}
    assert names == {6: "คุณภาพการดำเนินงาน", 7: "ประสิทธิภาพการสื่อสาร", 8: "การปรับปรุงระบบการทำงาน"}
    assert [c for c, q in catalog.questions.items() if q.indicator.number == 7] == ["E6", "E7", "E8", "E9", "E10"]
    assert catalog.questions["E1"].options == ("เป็นไปตามขั้นตอนที่กำหนด", "เป็นไปตามระยะเวลาที่กำหนด")
    unverified = [c for c, q in catalog.questions.items() if not q.verified]
    assert unverified == ["E4", "E8", "E10", "E13"]  # not in the seed: wording from memory only


def test_2567_is_based_on_2566_and_unverified():
    catalogs = load_catalogs()
    assert catalogs[2567].questions["E7"].question == catalogs[2566].questions["E7"].question
    assert not any(q.verified for q in catalogs[2567].questions.values())


def test_iit_catalogs_hold_five_indicators_and_thirty_unworded_unverified_questions():
    for fy, catalog in load_iit_catalogs().items():
        assert [i.number for i in catalog.indicators] == [1, 2, 3, 4, 5], fy
        assert catalog.indicators[3].name == "การใช้ทรัพย์สินของราชการ"
        assert list(catalog.questions) == [f"I{n}" for n in range(1, 31)]
        assert all(q.tool == "IIT" and not q.verified and q.question == "" for q in catalog.questions.values())
    assert load_iit_catalogs()[2567].questions["I19"].indicator.number == 4
    assert sorted(load_iit_catalogs()) == sorted(load_catalogs())  # the years the measures have EIT catalogs for


def test_no_shipped_catalog_has_a_placeholder_code():
    """Every code of every shipped catalog is a real ITA code: E/i/O and a number 1-99 (X1 and X2 stood in 2567)."""
    catalogs = shipped_catalogs()
    codes = [c for kind in ("eit", "iit") for cat in catalogs.of(kind).values() for c in cat.questions]
    codes += [c for cat in load_oit_catalogs().values() for c in cat.items]
    assert codes and all(c[0] in "EIO" and c[1:].isdigit() and 1 <= int(c[1:]) <= 99 for c in codes)
    assert "X1" not in load_oit_catalogs()[2567].items


@pytest.mark.parametrize("kind, text, says", [
    ("oit", "X1", "'X1' ไม่ใช่รหัสข้อของแบบวัด OIT — ใช้รหัส O1 ถึง O99"),
    ("oit", "O0", "'O0' ไม่ใช่รหัสข้อของแบบวัด OIT"),
    ("iit", "E4", "'E4' ไม่ใช่รหัสข้อของแบบวัด IIT — ใช้รหัส i1 ถึง i99"),
    ("eit", "E100", "'E100' ไม่ใช่รหัสข้อของแบบวัด EIT — ใช้รหัส E1 ถึง E99"),
])
def test_the_loader_refuses_a_code_that_is_not_a_real_ita_code_with_its_line(kind, text, says):
    if kind == "oit":
        source = ("fiscal_year: 2567\nindicators:\n  - number: 10\n    name: ป\n    subindicators:\n"
                  "      - number: '10.2'\n        name: ม\n        groups:\n          - name: ก\n            items:\n"
                  f"              - code: {text}\n                title: ท\n                period: standing\n")
        line = 11
    else:
        source = (f"fiscal_year: 2567\nindicators:\n  - number: 4\n    name: ก\n    items:\n      - code: {text}\n"
                  "        question: ถ\n")
        line = 6
    _, errors = check_catalog(yaml.safe_load(source), yaml_lines(source), "catalogs/x.yaml", kind)
    assert [(e.line, says in e.th) for e in errors] == [(line, True)], errors


def test_year_subjects_in_official_order_each_indicator_whole_then_its_questions():
    subjects = year_subjects(2567, shipped_catalogs())
    keys = list(subjects)
    assert keys[:8] == ["IIT-1", "I1", "I2", "I3", "I4", "I5", "I6", "IIT-2"]
    assert keys.index("I30") < keys.index("EIT-6") < keys.index("E1") < keys.index("E15") < keys.index("OIT-9")
    assert keys.index("OIT-9") < keys.index("O1")
    assert [s.order for s in subjects.values()] == list(range(len(subjects)))
    assert subjects["IIT-4"].whole and subjects["IIT-4"].indicator.name == "การใช้ทรัพย์สินของราชการ"
    assert subjects["I19"].movable and not subjects["E7"].movable
    assert subjects["O4"].question == "ข้อมูลการติดต่อ" and subjects["O4"].tool == "OIT"
    assert year_subjects(2567, Catalogs({}, {})) == {}
    assert [tool_of(k) for k in ("I4", "E7", "O21", "OIT-9", "X1")] == ["IIT", "EIT", "OIT", "OIT", None]
