"""Dates in news language, resolved against the article's publication date.

Finding a date expression is a regular-expression job; turning it into a calendar date is
dateparser's (month names, abbreviations, weekdays, relative days), so no month tables here.
Results are ISO strings at the precision the text gives: ``2021-02-25`` or ``2021-02``.

Without a publication date "on Thursday" or "the Feb. 15 attack" cannot be placed in a year,
but they still say something: such expressions give a *hint* instead of a value (a weekday
name, ``--02-15`` or ``--02`` as in xsd:gMonthDay and xsd:gMonth). Hints cannot go into the
graph, but they keep two reports of different strikes apart and help join those of one.

>>> import datetime as dt
>>> resolve_expression("on Sunday", dt.date(2021, 6, 28))
'2021-06-27'
>>> resolve_expression("late on February 25", dt.date(2021, 2, 26))
'2021-02-25'
>>> resolve_expression("in February", dt.date(2021, 6, 28))
'2021-02'
>>> resolve_expression("January 2020", None)
'2020-01'
>>> resolve_expression("as it did in January 2020", dt.date(2024, 2, 12))
'2020-01'
>>> hint_of("the Feb. 15 attack")
'--02-15'
>>> compatible("2021-02-25", "Thursday")
True
>>> compatible("2021-06-27", "Thursday")
False
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
    rf"(?P<iso>\b{YEAR}-[01]\d-[0-3]\d\b)"
    rf"|(?P<mdy>\b{MONTH} {DAY}(?:,? {YEAR})?\b)"
    rf"|(?P<dmy>\b{DAY} {MONTH}(?:,? {YEAR})?\b)"
    rf"|(?P<my>\b{MONTH},? {YEAR}\b)"
    rf"|(?P<since>\b(?i:since|until|till) (?i:early |late |mid-)?{MONTH}(?:,? {YEAR}\b)?(?!\w))"
    rf"|(?P<m>\b(?i:in|during|early|late|mid-?|of|last|this) (?i:early |late |mid-)?{MONTH}"
    rf"(?:,? {YEAR}\b)?(?!\w))"
    rf"|(?P<weekday>\b{WEEKDAY}\b(?!,? (?:{DAY} {MONTH}|{MONTH} {DAY})))"
    r"|(?P<week>\b(?i:last week)\b)"
    r"|(?P<relative>\b(?i:yesterday|today|tonight|last night|overnight)\b)",
)
#: Expressions that bound a period rather than date an event ("attacks since April").
NOT_AN_EVENT_DATE = {"since"}


@dataclass(frozen=True)
class DateMention:
    """One date expression: `value` when it could be resolved, else perhaps a `hint`."""

    start: int
    end: int
    text: str
    value: str | None
    hint: str | None = None
    kind: str = ""


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


@lru_cache(maxsize=64)
def _month_number(text: str) -> int | None:
    name = re.search(MONTH, text, flags=re.IGNORECASE)
    if not name:
        return None
    parsed = _parser().parse(f"1 {name.group(0).rstrip('.')} 2000", languages=["en"])
    return parsed.month if parsed else None


def _day_number(found: str, year: int | None) -> int:
    without_year = found.replace(str(year), "") if year else found
    return int(re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b(?!\d)", without_year).group(1))


def _year_for(month: int, day: int | None, published: dt.date | None) -> int | None:
    """News reports the past: a month after the publication month is last year's."""
    if published is None:
        return None
    candidate = dt.date(published.year, month, day or 1)
    if (candidate.year, candidate.month) > (published.year, published.month) or \
            (day and candidate > published):
        return published.year - 1
    return published.year


def _weekday_number(text: str) -> int:
    lowered = text.lower()
    return next(i for i, name in enumerate(calendar.day_name) if name.lower() in lowered)


def resolve_expression(text: str, published: dt.date | None) -> str | None:
    """One expression found by `DATE_EXPRESSION` (or given by a caller) as an ISO string."""
    match = DATE_EXPRESSION.search(text)
    if not match:
        return None
    return _resolve(match.lastgroup, match.group(0), published)


def _resolve(kind: str, found: str, published: dt.date | None) -> str | None:
    year_match = re.search(YEAR, found)
    year = int(year_match.group(0)) if year_match else None
    if kind == "iso":
        try:
            return dt.date.fromisoformat(found).isoformat()
        except ValueError:
            return None
    if kind in ("mdy", "dmy"):
        month = _month_number(found)
        day = _day_number(found, year)
        year = year or (_year_for(month, day, published) if month else None)
        if month is None or year is None:
            return None
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return None
    if kind in ("my", "m", "since"):
        month = _month_number(found)
        year = year or (_year_for(month, None, published) if month else None)
        return f"{year:04d}-{month:02d}" if month and year else None
    if published is None:
        return None
    if kind == "weekday":
        back = (published.weekday() - _weekday_number(found)) % 7
        return (published - dt.timedelta(days=back)).isoformat()
    if kind == "week":
        return _last_week(published)
    lowered = found.lower()
    if lowered in ("yesterday", "last night", "overnight"):
        return (published - dt.timedelta(days=1)).isoformat()
    return published.isoformat()  # today, tonight


def _last_week(published: dt.date) -> str | None:
    """The month of the week before publication, when that whole week lies in one month."""
    monday = published - dt.timedelta(days=published.weekday() + 7)
    sunday = monday + dt.timedelta(days=6)
    if (monday.year, monday.month) != (sunday.year, sunday.month):
        return None
    return f"{monday.year:04d}-{monday.month:02d}"


#: Joins a weekday to the day a story was filed on: "Sunday<=--12-30" is a Sunday in the week
#: up to 30 December of an unknown year.
WINDOW = "<="
#: A leap year, to place month-day hints on a calendar.
_ANY_YEAR = 2000


def _on_day(month_day: str, year: int = _ANY_YEAR) -> dt.date:
    return dt.date(year, int(month_day[2:4]), int(month_day[5:7]))


def _month_day(day: dt.date) -> str:
    return f"--{day.month:02d}-{day.day:02d}"


def weekday_before(name: str, filed: str) -> str:
    """A weekday hint bounded by the day the story was filed on.

    >>> weekday_before("Sunday", "--12-30")
    'Sunday<=--12-30'
    >>> compatible('Sunday<=--12-30', '2019-12-29'), compatible('Sunday<=--12-30', '2021-06-27')
    (True, False)
    """
    return f"{name}{WINDOW}{filed}"


def _window(value: str) -> tuple[str, str | None]:
    """(weekday, filed month-day or None) of a weekday hint."""
    name, _, filed = value.partition(WINDOW)
    return name, filed or None


def _in_window(filed: str, day: dt.date) -> bool:
    """Whether a day can be within the week before `filed` (a day more either side: a raid
    late at night is reported a day off)."""
    for year in (day.year - 1, day.year, day.year + 1):
        try:
            end = _on_day(filed, year)
        except ValueError:  # 29 February
            continue
        if -1 <= (end - day).days <= 8:
            return True
    return False


def _pins_the_day(hint: str, other: str) -> bool:
    """Whether a weekday bounded by a filing day ("on Friday" in a story filed "Feb 2") falls
    on the day `other` gives: within the week before the filing day, each year has one such
    day, so the weekday on that very day says as much as a month-and-day hint would.

    >>> _pins_the_day("Friday<=--02-02", "2024-02-02"), _pins_the_day("Friday<=--02-02", "2024-01-26")
    (True, False)
    """
    day = _as_date(other) if WINDOW in hint else None
    if day is None:
        return False
    weekday, filed = _window(hint)
    if _weekday_number(weekday) != day.weekday():
        return False
    for year in (day.year, day.year + 1):  # a story filed in January about late December
        try:
            if 0 <= (_on_day(filed, year) - day).days <= 6:
                return True
        except ValueError:  # 29 February
            continue
    return False


def _window_months(filed: str) -> set[str]:
    end = _on_day(filed)
    return {f"{(end - dt.timedelta(days=k)).month:02d}" for k in range(-1, 9)}


def hint_of(text: str) -> str | None:
    """What an expression says when no year is known: a weekday, ``--MM-DD`` or ``--MM``."""
    match = DATE_EXPRESSION.search(text)
    if not match:
        return None
    return _hint(match.lastgroup, match.group(0))


def _hint(kind: str, found: str, filed: str | None = None) -> str | None:
    if kind == "weekday":
        name = calendar.day_name[_weekday_number(found)]
        return f"{name}{WINDOW}{filed}" if filed else name
    if kind == "relative" and filed:
        back = 1 if found.lower() in ("yesterday", "last night", "overnight") else 0
        return _month_day(_on_day(filed) - dt.timedelta(days=back))
    month = _month_number(found) if kind in ("mdy", "dmy", "m") else None
    if month is None:
        return None
    if kind == "m":
        return f"--{month:02d}"
    day = _day_number(found, None)
    return f"--{month:02d}-{day:02d}" if 1 <= day <= 31 else None


def find_dates(text: str, published: dt.date | None, filed: str | None = None) -> list[DateMention]:
    """Every date expression in a piece of text that resolves or gives a hint, in order.

    `filed` is the month and day a story was filed on when its year is unknown ("--12-30"
    from "BAGHDAD, Dec 30 (Reuters)"): relative days then give month-day hints, and a weekday
    is one of the seven days before it (`weekday_before`)."""
    found = []
    for match in DATE_EXPRESSION.finditer(text):
        kind = match.lastgroup
        value = _resolve(kind, match.group(0), published)
        hint = None if value else _hint(kind, match.group(0), filed)
        if value or hint:
            found.append(DateMention(match.start(), match.end(), match.group(0), value, hint, kind))
    return found


def _as_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def compatible(a: str | None, b: str | None) -> bool:
    """Whether two dates or hints can name the same day.

    ISO values agree on their common precision; a weekday may be a day off (a strike "late on
    Sunday" in Washington is "early Monday" in Syria); ``--MM-DD`` and ``--MM`` agree on the
    month and day they give. Anything else (two hints of different kinds) cannot be checked.
    """
    if not a or not b:
        return True
    for first, second in ((a, b), (b, a)):
        if WINDOW in first and not _window_fits(first, second):
            return False
    a, b = _window(a)[0] if WINDOW in a else a, _window(b)[0] if WINDOW in b else b
    if not a.startswith("-") and a[:1].isdigit() and not b.startswith("-") and b[:1].isdigit():
        n = min(len(a), len(b))
        return a[:n] == b[:n]
    if a[:1].isalpha() and b[:1].isalpha():
        return _weekdays_close(_weekday_number(a), _weekday_number(b))
    for first, second in ((a, b), (b, a)):
        if first[:1].isalpha() and second[:1].isdigit():
            day = _as_date(second)
            return day is None or _weekdays_close(_weekday_number(first), day.weekday())
        if first.startswith("--") and second[:1].isdigit():
            return _month_day_agree(first, second[4:])
        if first.startswith("--") and second.startswith("--"):
            return _month_day_agree(first, second[1:])
    return True


def _window_fits(bounded: str, other: str) -> bool:
    """Whether a date or hint can fall in the week that a bounded weekday hint allows."""
    _, filed = _window(bounded)
    if WINDOW in other:
        return bool(_window_months(filed) & _window_months(_window(other)[1]))
    if other[:1].isdigit():
        if len(other) == 10:
            return _in_window(filed, dt.date.fromisoformat(other))
        return other[5:7] in _window_months(filed)
    if other.startswith("--") and len(other) == 7:
        return _in_window(filed, _on_day(other))
    if other.startswith("--"):
        return other[2:4] in _window_months(filed)
    return True


def _month_day_agree(hint: str, iso_tail: str) -> bool:
    """'--02-15' against '-02-15' (the tail of an ISO date) or '-02' and the like."""
    hint_tail = hint[1:]
    n = min(len(hint_tail), len(iso_tail))
    return hint_tail[:n] == iso_tail[:n]


def _weekdays_close(a: int, b: int) -> bool:
    return (a - b) % 7 in (0, 1, 6)


def agreement(a: str | None, b: str | None) -> int:
    """How strongly two dates or hints say "the same day": 0 (nothing, or they disagree) to 4.

    The same day 4; a month-and-day hint on that day, or a weekday in the week before a
    filing day that falls on that day, 3; the same month, one side knowing only the month, 2;
    a bare month hint on that month, or a weekday that fits a day, 1.
    """
    if not a or not b or not compatible(a, b):
        return 0
    if _pins_the_day(a, b) or _pins_the_day(b, a):
        return 3
    a, b = _window(a)[0], _window(b)[0]
    kinds = {_kind(a), _kind(b)}
    if kinds == {"day"}:
        return 4
    if kinds <= {"day", "month-day"}:
        return 3
    if kinds <= {"day", "month"}:
        return 2
    if kinds <= {"day", "month", "month-hint", "month-day"} and "month-hint" in kinds:
        return 1
    if kinds == {"weekday", "day"} or kinds == {"weekday"} and a == b:
        return 1
    return 0


def _kind(value: str) -> str:
    if value[:1].isalpha():
        return "weekday"
    if value.startswith("--"):
        return "month-day" if len(value) == 7 else "month-hint"
    return "day" if len(value) == 10 else "month"
