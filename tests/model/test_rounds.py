"""The reporting rounds of a fiscal year (``records.rounds_of``): when each report opens and when its round ends."""

from __future__ import annotations

import datetime as dt

import pytest

from sitegen.model.records import rounds_of

D = dt.date


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2022, 9, 30), []),  # the day before FY 2566 begins
        (D(2022, 10, 1), [(6, False)]),  # 6-month round opens on the first day
        (D(2023, 3, 31), [(6, False)]),  # last day of the 6-month round: not yet ended
        (D(2023, 4, 1), [(6, True), (12, False)]),  # 12-month report opens when the second half begins
        (D(2023, 9, 30), [(6, True), (12, False)]),  # last day of the year
        (D(2023, 10, 1), [(6, True), (12, True)]),  # the next fiscal year: both ended
        (D(2025, 1, 1), [(6, True), (12, True)]),
    ],
)
def test_rounds_of(as_of, expected):
    rounds = rounds_of(2566, as_of)
    assert [(r.months, r.ended) for r in rounds] == expected


def test_rounds_of_periods_and_slugs():
    six, twelve = rounds_of(2566, D(2023, 10, 1))
    assert (six.fiscal_year, six.start, six.end, six.opens, six.slug) == (
        2566, D(2022, 10, 1), D(2023, 3, 31), D(2022, 10, 1), "report-6-months")
    assert (twelve.fiscal_year, twelve.start, twelve.end, twelve.opens, twelve.slug) == (
        2566, D(2022, 10, 1), D(2023, 9, 30), D(2023, 4, 1), "report-12-months")


def test_rounds_of_leap_year_fy2567():
    # FY 2567 runs 1 Oct 2023 – 30 Sep 2024; its 6-month round still ends on 31 Mar (2024).
    six, twelve = rounds_of(2567, D(2024, 4, 1))
    assert (six.start, six.end, six.ended) == (D(2023, 10, 1), D(2024, 3, 31), True)
    assert (twelve.start, twelve.end, twelve.ended) == (D(2023, 10, 1), D(2024, 9, 30), False)
