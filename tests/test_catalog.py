"""Catalog stage: the EIT questions per fiscal year, as data."""

from sitegen.catalog import load_catalogs


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
