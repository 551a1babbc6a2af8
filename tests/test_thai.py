"""Thai digits, Buddhist-era dates and fiscal years (sitegen.thai)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from sitegen.errors import Invalid
from sitegen.thai import (
    arabic_digits,
    be_year,
    fiscal_year,
    fiscal_year_span,
    parse_date,
    thai_date,
    thai_digits,
    thai_month_year,
)

D = dt.date
THAI = re.compile(r"[\u0e00-\u0e7f]")


# --- digits -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "thai"),
    [
        (0, "๐"),
        (2566, "๒๕๖๖"),
        ("0123456789", "๐๑๒๓๔๕๖๗๘๙"),
        ("E7", "E๗"),
        ("E15", "E๑๕"),
        ("ปี 2566 รอบ 6 เดือน", "ปี ๒๕๖๖ รอบ ๖ เดือน"),
        ("ไม่มีตัวเลข", "ไม่มีตัวเลข"),
        ("๒๕๖๖", "๒๕๖๖"),  # already Thai: unchanged
        ("", ""),
    ],
)
def test_thai_digits(value, thai):
    assert thai_digits(value) == thai


@pytest.mark.parametrize(
    ("value", "arabic"),
    [
        ("๐๑๒๓๔๕๖๗๘๙", "0123456789"),
        ("๒๕๖๖-๐๓-๐๑", "2566-03-01"),
        ("E๗", "E7"),
        ("ปี ๒๕๖๖", "ปี 2566"),
        ("2566", "2566"),  # already Arabic: unchanged
        (7, "7"),
        ("", ""),
    ],
)
def test_arabic_digits(value, arabic):
    assert arabic_digits(value) == arabic


@pytest.mark.parametrize("text", ["0123456789", "E7 ปี 2566", "รอบ 12 เดือน"])
def test_digits_round_trip(text):
    assert arabic_digits(thai_digits(text)) == text


# --- years and dates ----------------------------------------------------------------------------

@pytest.mark.parametrize(("ce", "be"), [(2023, 2566), (2024, 2567), (2022, 2565), (1900, 2443), (2000, 2543)])
def test_be_year(ce, be):
    assert be_year(ce) == be


@pytest.mark.parametrize(
    ("day", "digits", "text"),
    [
        (D(2023, 3, 1), "thai", "๑ มีนาคม ๒๕๖๖"),
        (D(2023, 3, 1), "arabic", "1 มีนาคม 2566"),
        (D(2022, 10, 27), "thai", "๒๗ ตุลาคม ๒๕๖๕"),
        (D(2022, 10, 27), "arabic", "27 ตุลาคม 2565"),
        (D(2024, 2, 29), "thai", "๒๙ กุมภาพันธ์ ๒๕๖๗"),
        (D(2024, 2, 29), "arabic", "29 กุมภาพันธ์ 2567"),
        (D(2023, 1, 1), "thai", "๑ มกราคม ๒๕๖๖"),
        (D(2023, 12, 31), "arabic", "31 ธันวาคม 2566"),
        (D(2023, 9, 30), "thai", "๓๐ กันยายน ๒๕๖๖"),
    ],
)
def test_thai_date(day, digits, text):
    assert thai_date(day, digits) == text


def test_thai_date_default_digits_are_thai():
    assert thai_date(D(2023, 3, 1)) == "๑ มีนาคม ๒๕๖๖"


@pytest.mark.parametrize(
    ("day", "digits", "text"),
    [
        (D(2022, 10, 1), "thai", "ตุลาคม ๒๕๖๕"),
        (D(2022, 10, 1), "arabic", "ตุลาคม 2565"),
        (D(2023, 3, 31), "thai", "มีนาคม ๒๕๖๖"),
        (D(2023, 9, 30), "arabic", "กันยายน 2566"),
        (D(2024, 7, 15), "thai", "กรกฎาคม ๒๕๖๗"),
    ],
)
def test_thai_month_year(day, digits, text):
    assert thai_month_year(day, digits) == text


def test_thai_month_year_default_digits_are_thai():
    assert thai_month_year(D(2022, 10, 1)) == "ตุลาคม ๒๕๖๕"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2566-03-01", D(2023, 3, 1)),  # พ.ศ.
        ("2023-03-01", D(2023, 3, 1)),  # ค.ศ., the same day
        ("๒๕๖๖-๐๓-๐๑", D(2023, 3, 1)),  # Thai digits, พ.ศ.
        ("๒๐๒๓-๐๓-๐๑", D(2023, 3, 1)),  # Thai digits, ค.ศ.
        ("2566-3-1", D(2023, 3, 1)),  # one-digit month and day
        (" 2566-03-01 ", D(2023, 3, 1)),  # surrounding spaces
        ("2567-02-29", D(2024, 2, 29)),  # 2567 = 2024, a leap year
        ("2024-02-29", D(2024, 2, 29)),
        ("2565-10-27", D(2022, 10, 27)),
        ("2443-01-01", D(1900, 1, 1)),  # first plausible พ.ศ.
        ("2742-12-31", D(2199, 12, 31)),  # last plausible พ.ศ.
        ("1900-01-01", D(1900, 1, 1)),  # first plausible ค.ศ.
        ("2199-12-31", D(2199, 12, 31)),  # last plausible ค.ศ.
    ],
)
def test_parse_date_valid(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2566-02-29", "not a real calendar date"),  # 2566 = 2023, not a leap year
        ("2023-02-29", "not a real calendar date"),
        ("2566-02-30", "not a real calendar date"),
        ("2566-13-01", "not a real calendar date"),
        ("2566-04-31", "not a real calendar date"),
        ("2566-00-10", "not a real calendar date"),
        ("2300-01-01", "year 2300"),  # neither ค.ศ. (too late) nor พ.ศ. (< 2400)
        ("3000-01-01", "year 3000"),  # พ.ศ. 3000 = ค.ศ. 2457
        ("2399-12-31", "year 2399"),
        ("1899-12-31", "year 1899"),
        ("2442-12-31", "year 2442"),  # พ.ศ. 2442 = ค.ศ. 1899
        ("2743-01-01", "year 2743"),  # พ.ศ. 2743 = ค.ศ. 2200
        ("0001-01-01", "year 0001"),
        ("1/3/2566", "YYYY-MM-DD"),
        ("01-03-2566", "YYYY-MM-DD"),
        ("2566/03/01", "YYYY-MM-DD"),
        ("1 มีนาคม 2566", "YYYY-MM-DD"),
        ("20230301", "YYYY-MM-DD"),
        ("2566-03-01T10:00", "YYYY-MM-DD"),
        ("2566-03", "YYYY-MM-DD"),
        ("66-03-01", "YYYY-MM-DD"),
        ("", "YYYY-MM-DD"),
        ("today", "YYYY-MM-DD"),
    ],
)
def test_parse_date_invalid(text, says):
    with pytest.raises(Invalid) as info:  # a ValueError carrying the Thai and English reasons as fields
        parse_date(text)
    assert isinstance(info.value, ValueError)
    assert THAI.search(info.value.th) and not THAI.search(info.value.en), info.value
    assert says in info.value.en, info.value
    assert str(info.value) == f"{info.value.th} | {info.value.en}"  # what `--as-of` prints


# --- fiscal years -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("day", "fy"),
    [
        (D(2022, 9, 30), 2565),
        (D(2022, 10, 1), 2566),
        (D(2022, 12, 31), 2566),
        (D(2023, 1, 1), 2566),
        (D(2023, 3, 31), 2566),
        (D(2023, 9, 30), 2566),
        (D(2023, 10, 1), 2567),
        (D(2023, 12, 31), 2567),
        (D(2024, 1, 1), 2567),
        (D(2024, 2, 29), 2567),
        (D(2024, 9, 30), 2567),
        (D(2024, 10, 1), 2568),
    ],
)
def test_fiscal_year(day, fy):
    assert fiscal_year(day) == fy


@pytest.mark.parametrize(
    ("fy", "span"),
    [
        (2566, (D(2022, 10, 1), D(2023, 9, 30))),
        (2567, (D(2023, 10, 1), D(2024, 9, 30))),
        (2565, (D(2021, 10, 1), D(2022, 9, 30))),
    ],
)
def test_fiscal_year_span(fy, span):
    assert fiscal_year_span(fy) == span


@pytest.mark.parametrize("fy", [2560, 2566, 2567, 2570])
def test_fiscal_year_span_agrees_with_fiscal_year(fy):
    start, end = fiscal_year_span(fy)
    assert fiscal_year(start) == fiscal_year(end) == fy
    assert fiscal_year(start - dt.timedelta(days=1)) == fy - 1
    assert fiscal_year(end + dt.timedelta(days=1)) == fy + 1
