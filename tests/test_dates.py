"""Dates in news language: resolved against the publication date, or kept as hints."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.dates import agreement, compatible, find_dates, hint_of, resolve_expression

FRIDAY = dt.date(2021, 2, 26)
MONDAY = dt.date(2021, 6, 28)


@pytest.mark.parametrize("text, published, expected", [
    ("late on February 25", FRIDAY, "2021-02-25"),
    ("on Sunday", MONDAY, "2021-06-27"),
    ("early Monday", MONDAY, "2021-06-28"),
    ("Thursday evening", FRIDAY, "2021-02-25"),
    ("in February", MONDAY, "2021-02"),
    ("in December", FRIDAY, "2020-12"),  # a later month than publication is last year's
    ("the Feb. 15 attack", FRIDAY, "2021-02-15"),
    ("on 3 January 2020", None, "2020-01-03"),
    ("the January 2020 killing", None, "2020-01"),
    ("yesterday", FRIDAY, "2021-02-25"),
    ("2019-12-27", None, "2019-12-27"),
    ("last week", dt.date(2021, 2, 24), "2021-02"),
    ("as it did in January 2020", dt.date(2024, 2, 12), "2020-01"),  # the year said wins
    ("during March, 2019", MONDAY, "2019-03"),
    ("since October 2023", dt.date(2024, 2, 2), "2023-10"),
])
def test_expressions_resolve_against_the_publication_date(text, published, expected):
    assert resolve_expression(text, published) == expected


def test_last_week_spanning_two_months_has_no_month():
    assert resolve_expression("last week", dt.date(2021, 4, 7)) is None  # 29 March - 4 April


def test_without_a_publication_date_relative_expressions_give_hints_not_values():
    found = find_dates("The Pentagon said on Thursday that the Feb. 15 attack in May", None)
    assert [(d.value, d.hint) for d in found] == [(None, "Thursday"), (None, "--02-15"),
                                                  (None, "--05")]
    assert hint_of("Sunday's strike") == "Sunday"


def test_since_bounds_a_period_and_is_marked_as_such():
    found = find_dates("at least five attacks since April", MONDAY)
    assert [d.kind for d in found] == ["since"]


def test_capitalised_month_names_only():
    assert find_dates("it may be that strikes march on", MONDAY) == []


def test_compatibility_of_dates_and_hints():
    assert compatible("2021-02", "2021-02-25")
    assert not compatible("2021-02-24", "2021-02-25")
    assert compatible("Thursday", "2021-02-25")
    assert compatible("Friday", "2021-02-25")  # a raid late at night is reported a day off
    assert not compatible("Sunday", "2021-02-25")
    assert compatible("--02-15", "2021-02-15")
    assert not compatible("--02", "2021-06-27")
    assert not compatible("Thursday", "Sunday")
    assert compatible("Thursday", "--02")  # cannot be checked


def test_agreement_grades_how_much_two_dates_say():
    assert agreement("2021-02-25", "2021-02-25") == 4
    assert agreement("--02-15", "2021-02-15") == 3
    assert agreement("2021-02", "2021-02-25") == 2
    assert agreement("--02", "2021-02-25") == 1
    assert agreement("Thursday", "2021-02-25") == 1
    assert agreement("Thursday", "2020-01") == 0
    assert agreement("2021-02-24", "2021-02-25") == 0


def test_a_weekday_bounded_by_a_filing_day_fits_only_that_week():
    found = find_dates("The strikes on Sunday followed an attack yesterday", None, "--12-30")
    assert [d.hint for d in found] == ["Sunday<=--12-30", "--12-29"]
    assert compatible("Sunday<=--12-30", "2019-12-29")
    assert not compatible("Sunday<=--12-30", "2021-06-27")  # a Sunday, but in June
    assert not compatible("Wednesday<=--12-30", "2019-12-29")  # in the week, not the day
    assert compatible("Friday<=--02-02", "2024-02-02")
    assert compatible("Friday<=--02-02", "2024-01")  # the week reaches into January
    assert not compatible("Friday<=--02-02", "--06")
    # the Sunday of the week before 30 December is one day a year: as good as "--12-29"
    assert agreement("Sunday<=--12-30", "2019-12-29") == 3
    assert agreement("2024-02-02", "Friday<=--02-02") == 3
    # a day off (a raid late at night told the next morning) still fits, but pins nothing
    assert agreement("Monday<=--12-30", "2019-12-29") == 1
    assert agreement("Friday<=--02-02", "2024-01-19") == 0  # a Friday, two weeks too early
