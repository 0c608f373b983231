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


@pytest.mark.parametrize("line, day", [
    ("15-02-2021 | 23:40", dt.date(2021, 2, 15)),
    ("2021/02/15", dt.date(2021, 2, 15)),
    ("2019.12.30 - 08:12", dt.date(2019, 12, 30)),
    ("Posted: 07-01-2020 14:05 GMT", dt.date(2020, 1, 7)),
])
def test_numeric_date_stamps(line, day):
    assert parse_date_line(line) == day


def test_a_yearless_wire_dateline_gives_no_date_by_itself():
    article = parse_text(page("Jets strike militia depots near the border",
                              "DAMASCUS, March 3 (Xinhua) -- Israeli missiles hit two depots near "
                              "the capital overnight, state media said."),
                         article_id="a.txt", source="a.txt")
    assert article.published is None


def test_a_yearless_wire_dateline_takes_the_year_the_header_states():
    article = parse_text(page("Updated December 2019",
                              "Jets strike militia depots near the border",
                              "MOSUL, Dec 30 (Reuters) - Jets struck two depots west of the city "
                              "on Sunday, security sources said."),
                         article_id="a.txt", source="a.txt")
    assert article.published == dt.date(2019, 12, 30)


def test_a_copyright_year_does_not_date_a_wire_dateline():
    article = parse_text(page("© 2020 Example Wire. All rights reserved",
                              "Jets strike militia depots near the border",
                              "BEIRUT, Jan 4 (Reuters) - Jets struck two depots in the east of "
                              "the country, a war monitor said."),
                         article_id="a.txt", source="a.txt")
    assert article.published is None


@pytest.mark.parametrize("navigation", [
    "Home",
    "Menu Skip to content Home About Archives Contact",
    "Home | Iraq | Syria | Lebanon | Opinion",
    "Skip to main content",
    "Search",
])
def test_navigation_is_never_the_headline(navigation):
    article = parse_text(page("Frontline Daily", navigation,
                              "Rockets strike a coalition base near the airport",
                              "Tuesday, 9 May 2023"),
                         article_id="a.txt", source="a.txt")
    assert article.title == "Rockets strike a coalition base near the airport"


def test_the_headline_above_the_byline_beats_a_programme_name():
    article = parse_text(page("ANALYSIS | Middle East Security Initiative",
                              "Why the drone war on US bases is escalating",
                              "By the research team | March 4, 2024"),
                         article_id="a.txt", source="a.txt")
    assert article.title == "Why the drone war on US bases is escalating"
    assert article.published == dt.date(2024, 3, 4)


def test_the_headline_right_above_the_story():
    article = parse_text(page("Regional Affairs Network",
                              "Militia denies role in rocket attack on embassy",
                              "KIRKUK, Iraq (AP) — A militia leader on Monday denied any role in "
                              "the rocket attack, which wounded two guards."),
                         article_id="a.txt", source="a.txt")
    assert article.title == "Militia denies role in rocket attack on embassy"
