"""End to end: build the repository's content/ (the re-typed seed) and check the 6-month report
against the seed document itself, row by row and cell by cell."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, TEMPLATES

SEED = Path(__file__).parent / "fixtures" / "seed-sratakhian-2566-6m.txt"
THAI_NUM = "๐๑๒๓๔๕๖๗๘๙"
# Clear typos fixed when the seed was re-typed (each is listed in a comment in its content file).
TYPO_FIXES = {
    "ในการกิจ": "ในภารกิจ",
    "กำกับติดตามการการ": "กำกับติดตามการ",
    "พิจารณานุมัติ": "พิจารณาอนุมัติ",
    "เพียงใดเพียงใด": "เพียงใด",
    "เสิงสา่ง": "เสิงสาง",
}
CHECKBOX = '<input type="checkbox"/>'
OFFICIAL_INDICATORS = {6: "คุณภาพการดำเนินงาน", 7: "ประสิทธิภาพการสื่อสาร", 8: "การปรับปรุงระบบการทำงาน"}


def squash(text: str) -> str:
    """Drop all white space (the seed is a PDF dump: its spaces are mostly line-wrap artefacts) and
    apply the listed typo fixes."""
    text = re.sub(r"\s+", "", text)
    for wrong, right in TYPO_FIXES.items():
        text = text.replace(wrong, right)
    return text


def split_steps(cell: str) -> list[str]:
    """"๑.aaa ๒.bbb" → ["aaa", "bbb"]."""
    return [s for s in re.split(rf"(?:^|\s)[{THAI_NUM[1:]}][{THAI_NUM}]*\.\s*", " " + cell) if s.strip()]


def seed_rows() -> list[dict]:
    rows = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) != 5 or not re.match(rf"E[{THAI_NUM}]+ ", cells[0]):
            continue
        code_th, _, issue = cells[0].partition(" ")
        question, *options = issue.split(CHECKBOX)
        rows.append({
            "code": "E" + str(int(code_th[1:].translate(str.maketrans(THAI_NUM, "0123456789")))),
            "code_th": code_th,
            "question": question,
            "options": options,
            "responsible": cells[1],
            "measures": split_steps(cells[2]),
            "monitoring": split_steps(cells[3]),
            "actions": [] if cells[4].strip() == "อยู่ระหว่างดำเนินการ" else split_steps(cells[4]),
        })
    return rows


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> BeautifulSoup:
    from sitegen.cli import main

    out = tmp_path_factory.mktemp("seed") / "output"
    code = main(["build", "--no-pdf", "--content", str(ROOT / "content"), "--templates", str(TEMPLATES),
                 "--out", str(out), "--as-of", "2566-04-01"])
    assert code == 0
    return BeautifulSoup((out / "eit/2566/report-6-months/index.html").read_text(encoding="utf-8"), "html.parser")


def test_seed_fixture_has_the_eleven_rows():
    assert [r["code"] for r in seed_rows()] == ["E1", "E2", "E3", "E5", "E6", "E7", "E9", "E11", "E12", "E14", "E15"]


def test_report_title_and_agency_match_the_seed(report):
    seed_head = " ".join(SEED.read_text(encoding="utf-8").split("\n\n\n\n")[0].split())
    assert squash(report.h1.get_text()) == squash(seed_head)
    assert report.find("html")["lang"] == "th"
    agency = report.select_one(".agency-line").get_text(" ")
    assert "องค์การบริหารส่วนตำบลสระตะเคียน" in agency and "อำเภอเสิงสาง จังหวัดนครราชสีมา" in agency


def test_report_rows_are_the_seed_rows_in_order(report):
    assert [tr["id"] for tr in report.select("table.eit tbody tr")] == [r["code"].lower() for r in seed_rows()]


@pytest.mark.parametrize("row", seed_rows(), ids=lambda r: r["code"])
def test_row_matches_seed(report, row):
    check_row(report, row)


def check_row(report: BeautifulSoup, row: dict) -> None:
    """The report's row of ``row``'s code shows the seed's code, question, options, responsible unit, steps
    and actions (white space and the listed typo fixes aside). tests/test_import.py checks the import with it."""
    tr = report.select_one(f"tr#{row['code'].lower()}")
    issue, owner, measures, monitoring, actions = tr.find_all(["th", "td"], recursive=False)
    # Code as on the official form, then the question, then the check-box options.
    assert issue.select_one(".code").get_text() == row["code_th"]
    options = [li.get_text() for li in issue.select(".options li")]
    for ul in issue.select(".options"):
        ul.extract()
    assert squash(issue.get_text()) == squash(row["code_th"] + row["question"])
    assert [squash(o) for o in options] == [squash(o) for o in row["options"]]
    assert squash(owner.get_text()) == squash(row["responsible"])
    assert [squash(li.get_text()) for li in measures.select("li")] == [squash(s) for s in row["measures"]]
    assert [squash(li.get_text()) for li in monitoring.select("li")] == [squash(s) for s in row["monitoring"]]
    if row["actions"]:
        shown = [" ".join(li.get_text().split()) for li in actions.select("li")]
        assert [squash(s) for s in shown] == [squash(s) for s in row["actions"]]
        for text in shown:  # the Thai date exactly as the seed prints it
            assert re.search(r"ดำเนินการเมื่อวันที่ [๐-๙]+ [ก-๙]+ [๐-๙]{4}$", text)
    else:
        assert actions.get_text().strip() == "อยู่ระหว่างดำเนินการ"


def test_indicators_use_official_names(report):
    headings = [h.get_text() for h in report.select(".indicator h3")]
    assert headings == [f"ตัวชี้วัดที่ {str(n).translate(str.maketrans('0123456789', THAI_NUM))} {name}"
                        for n, name in OFFICIAL_INDICATORS.items()]
    # E1-E5 sit under indicator 6 (the seed mislabels it "การปรับปรุงการทำงาน").
    first = report.select(".indicator")[0]
    assert [tr["id"] for tr in first.select("tbody tr")] == ["e1", "e2", "e3", "e5"]


def test_action_dates_in_thai(report):
    text = " ".join(report.get_text().split())
    assert "ดำเนินการเมื่อวันที่ ๑ มีนาคม ๒๕๖๖" in text
    assert "ดำเนินการเมื่อวันที่ ๒๗ ตุลาคม ๒๕๖๕" in text
