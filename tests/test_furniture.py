"""Page furniture is blanked, offsets kept; article prose is left as it is."""
from __future__ import annotations

import pytest

from kg.extract.furniture import blank_furniture, dateline_span

PROSE = ("Jets struck a depot near the border on Sunday, officials said.\n"
         "The militia denied any role in the earlier rocket attack.\n")


def kept_lines(text: str) -> list[str]:
    return [line.strip() for line in blank_furniture(text).splitlines() if line.strip()]


@pytest.mark.parametrize("line", [
    "Tags: iraq, syria, drones",
    "Share this:",
    "  • Post a new comment",
    "Read more: Militias vow revenge after raids",
    "3 comments",
    "Comments are closed.",
    "Copyright 2023 Some Media Group. All rights reserved.",
    "Home | World | Middle East | Opinion | Video",
    "bookmarkSave article access_time2 hours ago",
    "Add to favorites",
    "By Sarah Jones and Omar Khalil",
    "4 hours ago",
    "Facebook Twitter WhatsApp Email",
    "blogger (blogger) wrote,",
    "Публикувано от Иван в 10:15",
    "Follow us on Telegram",
])
def test_widget_lines_are_blanked(line):
    text = PROSE + line + "\n" + PROSE
    assert kept_lines(text) == [l.strip() for l in (PROSE + PROSE).splitlines()]


def test_offsets_do_not_move():
    text = "Share this:\n" + PROSE + "Tags: a, b\n"
    blanked = blank_furniture(text)
    assert len(blanked) == len(text)
    assert blanked.index("Jets") == text.index("Jets")


def test_a_teaser_heading_late_in_the_page_ends_the_article():
    text = PROSE * 3 + "Related Articles\nPresident X visits Damascus\nMore on the raids\n"
    assert kept_lines(text)[-1] == PROSE.splitlines()[-1]


def test_a_menu_written_one_item_per_line_is_blanked():
    menu = "Home\nWorld\nPolitics\nBusiness\nSport\nVideo\n"
    assert kept_lines(menu + PROSE) == PROSE.strip().splitlines()


@pytest.mark.parametrize("line", [
    "By Sunday, the militia had withdrawn from the town.",
    "Share prices in Baghdad fell after the strikes.",
    "Comments by the minister were widely criticised.",
    "Iraq's parliament voted 83-0 to expel the troops.",
    "“We will respond,” he said.",
])
def test_prose_that_starts_like_furniture_is_kept(line):
    text = PROSE + line + "\n"
    assert line in kept_lines(text)


def test_a_short_caption_line_among_prose_is_kept():
    text = PROSE + "Martyr Hassan Zaidi\n" + PROSE
    assert "Martyr Hassan Zaidi" in kept_lines(text)


@pytest.mark.parametrize("line", [
    "Home",
    "Menu Skip to content Home About Archives Contact",
    "Skip to main content",
    "Search",
    "Home | About | Contact",
])
def test_navigation_lines_are_blanked(line):
    text = line + "\n" + PROSE
    assert kept_lines(text) == PROSE.strip().splitlines()


@pytest.mark.parametrize("opening, dateline", [
    ("BAGHDAD, Dec 30 (Reuters) - Jets struck depots near the border on Sunday, officials said.",
     "BAGHDAD, Dec 30 (Reuters) -"),
    ("WASHINGTON (AP) — The United States launched strikes in eastern Syria on Thursday.",
     "WASHINGTON (AP) —"),
    ("AMMAN/DAMASCUS, Feb 2 (Reuters) - Jordan said drones crossed the border overnight again.",
     "AMMAN/DAMASCUS, Feb 2 (Reuters) -"),
    ("SULAYMANIYAH, Kurdistan Region - Two drones hit an airport hangar late on Monday night.",
     "SULAYMANIYAH, Kurdistan Region -"),
    ("Mosul - The occupation forces launched a series of raids late on Thursday, sources said.",
     "Mosul -"),
])
def test_the_dateline_of_a_wire_story_is_found(opening, dateline):
    text = "Militia sites hit again\n\n" + opening + "\n\nMore text follows here.\n"
    start, end = dateline_span(text)
    assert text[start:end] == dateline


@pytest.mark.parametrize("opening", [
    "Kataib Hezbollah - the most powerful of the groups - said it would suspend operations.",
    "The strikes hit three sites in western Iraq and two in eastern Syria, officials said.",
    "U.S. Central Command said it had struck 85 targets - an unusually large number.",
])
def test_prose_is_not_a_dateline(opening):
    assert dateline_span("Militia sites hit again\n\n" + opening + "\n") is None


def test_a_dateline_after_the_first_paragraph_does_not_count():
    text = ("Militia sites hit again\n\nThe raids lasted hours and hit several depots, "
            "according to two officials.\n\nBAGHDAD (AP) — This line is not the opening one.\n")
    assert dateline_span(text) is None
