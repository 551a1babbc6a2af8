"""Thai digits, Buddhist-era dates and fiscal years: pure functions, no locale."""

from __future__ import annotations

import datetime as dt
import functools
import re

from sitegen.errors import Invalid

BE_OFFSET = 543
_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
# Years a person could mean: ค.ศ. 1900–2199, or พ.ศ. 2443–2742 (the same span in the Buddhist era).
CE_RANGE = range(1900, 2200)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def thai_digits(value: object) -> str:
    """Return ``str(value)`` with Arabic digits replaced by Thai digits."""
    return str(value).translate(_TO_THAI)


def arabic_digits(value: object) -> str:
    """Return ``str(value)`` with Thai digits replaced by Arabic digits."""
    return str(value).translate(_TO_ARABIC)


def be_year(ce_year: int) -> int:
    """The Buddhist-era year of a Gregorian year: ``be_year(2023) == 2566``."""
    return ce_year + BE_OFFSET


def format_number(value: object, digits: str) -> str:
    """Render a generated number in the site's digits (``thai`` or ``arabic``)."""
    return thai_digits(value) if digits == "thai" else str(value)


def baht(amount: int | float) -> str:
    """``20000`` → ``"20,000 บาท"``, ``1500.5`` → ``"1,500.50 บาท"`` (Arabic digits; the caller chooses the site's)."""
    if isinstance(amount, float) and not amount.is_integer():
        return f"{amount:,.2f} บาท"
    return f"{int(amount):,} บาท"


@functools.lru_cache(maxsize=4096)  # a large site writes the same few hundred dates 100 000 times
def thai_date(day: dt.date, digits: str = "thai") -> str:
    """``date(2023, 3, 1)`` → ``"๑ มีนาคม ๒๕๖๖"`` (or ``"1 มีนาคม 2566"`` with arabic digits)."""
    text = f"{day.day} {MONTHS[day.month - 1]} {be_year(day.year)}"
    return format_number(text, digits)


@functools.lru_cache(maxsize=4096)
def thai_month_year(day: dt.date, digits: str = "thai") -> str:
    """``date(2022, 10, 1)`` → ``"ตุลาคม ๒๕๖๕"``."""
    return format_number(f"{MONTHS[day.month - 1]} {be_year(day.year)}", digits)


def parse_date(text: str) -> dt.date:
    """Parse ``YYYY-MM-DD``; a year ≥ 2400 is พ.ศ. (Buddhist era), otherwise ค.ศ.

    Thai digits are accepted. Raises Invalid (a ValueError) with the Thai and English reason.
    """
    match = _ISO.fullmatch(arabic_digits(text).strip())
    if not match:
        raise Invalid("ต้องเขียนเป็น ปี-เดือน-วัน เช่น 2566-03-01", "must be YYYY-MM-DD, e.g. 2566-03-01")
    year, month, day = (int(g) for g in match.groups())
    if year >= 2400:
        year -= BE_OFFSET
    if year not in CE_RANGE:
        raise Invalid(
            f"ปี {match.group(1)} ไม่ใช่ พ.ศ. หรือ ค.ศ. ที่เป็นไปได้",
            f"year {match.group(1)} is neither a plausible Buddhist-era nor Gregorian year"
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise Invalid(f"ไม่มีวันที่ {text} ในปฏิทิน", f"{text} is not a real calendar date") from None


def fiscal_year(day: dt.date) -> int:
    """The Thai fiscal year (พ.ศ.) a date falls in: it runs 1 Oct – 30 Sep and is named by its end."""
    return be_year(day.year) + (1 if day.month >= 10 else 0)


def fiscal_year_span(fy: int) -> tuple[dt.date, dt.date]:
    """First and last day of fiscal year ``fy`` (พ.ศ.): 2566 → 1 Oct 2022 – 30 Sep 2023."""
    end_year = fy - BE_OFFSET
    return dt.date(end_year - 1, 10, 1), dt.date(end_year, 9, 30)
