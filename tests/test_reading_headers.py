"""The headline and publication date of a plain-text page, read from its first lines."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.reading import parse_date_line, parse_text

BODY = "Jets struck a depot near the border on Sunday, officials said. The militia denied it.\n"


def page(*header: str, footer: str = "") -> str:
    return "\n\n".join(header) + "\n\n" + BODY + footer


@pytest.mark.parametrize("line, day", [
    ("Monday, June 28, 2021", dt.date(2021, 6, 28)),
    ("Friday, 26 February 2021 - 10:54", dt.date(2021, 2, 26)),
    ("Published: 3 Jan 2020", dt.date(2020, 1, 3)),
    ("Posted on June 28, 2021 by newsdesk", dt.date(2021, 6, 28)),
    ("Updated 10:54 AM EST, Sun June 27, 2021", dt.date(2021, 6, 27)),
    ("28/06/2021", dt.date(2021, 6, 28)),
    ("06/28/2021", dt.date(2021, 6, 28)),
    ("03/01/2020", dt.date(2020, 1, 3)),
    ("2024-01-28", dt.date(2024, 1, 28)),
    ("Sept. 5, 2019 | 14:02 GMT", dt.date(2019, 9, 5)),
])
def test_date_lines(line, day):
    assert parse_date_line(line) == day


@pytest.mark.parametrize("line", [
    "On June 28, 2021 the US struck militia targets in Syria and Iraq.",
    "Posted on",
    "3 months ago",
    "The 2015 nuclear deal",
])
def test_lines_that_are_not_date_lines(line):
    assert parse_date_line(line) is None


def test_headline_and_date_from_the_first_lines():
    article = parse_text(page("Share", "Saturday, 3 February 2024 - 08:15",
                              "US strikes 85 targets in Iraq and Syria after Jordan attack | Example News"),
                         article_id="a.txt", source="a.txt")
    assert article.published == dt.date(2024, 2, 3)
    assert article.title == "US strikes 85 targets in Iraq and Syria after Jordan attack"


def test_a_byline_or_a_blog_header_is_not_the_headline():
    article = parse_text(page("By Sarah Jones and Omar Khalil", "Drones hit a base in eastern Syria overnight"),
                         article_id="a.txt", source="a.txt")
    assert article.title == "Drones hit a base in eastern Syria overnight"


def test_a_posted_on_line_at_the_end_gives_the_date():
    article = parse_text(page("Rockets hit the Green Zone again", footer="\nPosted on 5 March 2023 by admin\n"),
                         article_id="a.txt", source="a.txt")
    assert article.published == dt.date(2023, 3, 5)


def test_a_date_in_the_body_is_not_the_publication_date():
    text = "Rockets hit the Green Zone again\n\n" + "Filler sentence here. " * 3 + "\n" * 20 + \
        "On 5 March 2023, rockets struck.\n"
    article = parse_text(text, article_id="a.txt", source="a.txt")
    assert article.published is None
