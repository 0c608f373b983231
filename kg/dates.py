"""Dates in news language, resolved against the article's publication date.

Finding a date expression is a regular-expression job; turning it into a calendar date is
dateparser's (month names, abbreviations, weekdays, relative days), so no month tables here.
Results are ISO strings at the precision the text gives: ``2021-02-25`` or ``2021-02``.

>>> import datetime as dt
>>> resolve_expression("on Sunday", dt.date(2021, 6, 28))
'2021-06-27'
>>> resolve_expression("late on February 25", dt.date(2021, 2, 26))
'2021-02-25'
>>> resolve_expression("in February", dt.date(2021, 6, 28))
'2021-02'
>>> resolve_expression("January 2020", None)
'2020-01'
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

_MONTHS = [m for m in calendar.month_name[1:]] + [m for m in calendar.month_abbr[1:]] + ["Sept"]
MONTH = r"(?:%s)\.?" % "|".join(sorted(_MONTHS, key=len, reverse=True))
WEEKDAY = r"(?:%s)" % "|".join(calendar.day_name)
YEAR = r"(?:19|20)\d{2}"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"

#: Candidate date expressions, most specific first; each has a `kind` group name.
DATE_EXPRESSION = re.compile(
    rf"(?P<mdy>\b{MONTH} {DAY}(?:,? {YEAR})?\b)"
    rf"|(?P<dmy>\b{DAY} {MONTH}(?: {YEAR})?\b)"
    rf"|(?P<my>\b{MONTH},? {YEAR}\b)"
    rf"|(?P<m>\b(?:in|since|during|early|late|mid-?|of|until|last|this) (?:early |late |mid-)?{MONTH}(?!\w))"
    rf"|(?P<weekday>\b{WEEKDAY}\b(?!,? (?:{DAY} {MONTH}|{MONTH} {DAY})))"
    r"|(?P<relative>\b(?:yesterday|today|tonight|last night|overnight)\b)",
)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str


def _parser():
    import dateparser  # slow to import: only on first use

    return dateparser


@lru_cache(maxsize=4096)
def parse_absolute_date(text: str) -> dt.date | None:
    """A full calendar date written out ('Friday, 26 February 2021 - 10:54'), else None."""
    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first",
                "RETURN_AS_TIMEZONE_AWARE": False}
    parsed = _parser().parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def _month_number(text: str) -> int | None:
    name = re.search(MONTH, text, flags=re.IGNORECASE)
    if not name:
        return None
    parsed = _parser().parse(f"1 {name.group(0).rstrip('.')} 2000", languages=["en"])
    return parsed.month if parsed else None


def _year_for(month: int, day: int | None, published: dt.date | None) -> int | None:
    """News reports the past: a month after the publication month is last year's."""
    if published is None:
        return None
    candidate = dt.date(published.year, month, day or 1)
    if (candidate.year, candidate.month) > (published.year, published.month) or \
            (day and candidate > published):
        return published.year - 1
    return published.year


def resolve_expression(text: str, published: dt.date | None) -> str | None:
    """One expression found by `DATE_EXPRESSION` (or given by a caller) as an ISO string."""
    match = DATE_EXPRESSION.search(text)
    if not match:
        return None
    kind = match.lastgroup
    found = match.group(0)
    year_match = re.search(YEAR, found)
    year = int(year_match.group(0)) if year_match else None
    if kind in ("mdy", "dmy"):
        month = _month_number(found)
        day = int(re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b(?!\d)", found.replace(str(year or ""), "")).group(1))
        year = year or _year_for(month, day, published)
        if month is None or year is None:
            return None
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return None
    if kind in ("my", "m"):
        month = _month_number(found)
        year = year or _year_for(month, None, published)
        return f"{year:04d}-{month:02d}" if month and year else None
    if published is None:
        return None
    if kind == "weekday":
        weekday = list(calendar.day_name).index(found.capitalize())
        back = (published.weekday() - weekday) % 7
        return (published - dt.timedelta(days=back)).isoformat()
    lowered = found.lower()
    if lowered in ("yesterday", "last night", "overnight"):
        return (published - dt.timedelta(days=1)).isoformat()
    return published.isoformat()  # today, tonight


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """Every date expression in a piece of text that resolves, in order."""
    found = []
    for match in DATE_EXPRESSION.finditer(text):
        value = resolve_expression(match.group(0), published)
        if value:
            found.append(DateMention(match.start(), match.end(), match.group(0), value))
    return found
