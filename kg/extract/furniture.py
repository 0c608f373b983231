"""Page furniture: the parts of a scraped page that are not the article.

Scraped text carries menus, tag lists, share buttons, comment widgets, "featured post"
teasers and other posts' bylines, often in the site's other languages. A line is furniture when
it is one of the stock phrases of page widgets, a list of menu items, a line of icon names glued
to their labels ("folder_openMore from Middle East"), a byline, a bare timestamp, or a line in
another script than the page's prose; a "featured posts" or "leave a reply" heading in the last
two thirds of the page ends the article. They are blanked out (replaced by spaces of the same length) rather than cut, so that
character offsets into the cleaned text are offsets into the original article.

>>> blank_furniture("Strikes hit.\\nTags: iraq, syria\\nLeave a Reply\\nMore text")
'Strikes hit.\\n                 \\n             \\n         '
"""
from __future__ import annotations

import re
import unicodedata

from ..reading import PROSE_WORDS, is_navigation, match_dateline

#: A line that is furniture by itself.
FURNITURE_LINE = re.compile(
    r"^\s*[•·*]?\s*(?:"
    r"tags?\s*:.*|categor(?:y|ies)\s*:.*|filed under\s*:.*|share(?: this)?(?: on \w+)?\s*:?|"
    r"leave a (?:reply|comment).*|post a (?:new )?comment.*|\d+ comments?|comments?|"
    r"(?:anonymous )?comments are (?:disabled|closed).*|default userpic|"
    r"your email address will not be published.*|required fields are marked.*|"
    r"posted on.*|posted by.*|reply|subscribe.*|sign up.*|log ?in|register|"
    r"no script|please wait\.*|advertisement|read more.*|related(?: articles| posts)?:?|"
    r"(?:all rights reserved|©|copyright).*|.*\ball rights reserved\b.*|"
    r"join us on .*|follow us on .*|blog widget by .*|"
    r"add to (?:favou?rites|bookmarks).*|print(?: this)?(?: article| page)?|e-?mail(?: this)?|"
    r"tweet|pin it|copy link|like|save|share on .*|click (?:here )?to .*|"
    r"\S+ \(\S+\) wrote,?|by\s+[A-Z][\w.'’-]*(?:(?:\s+|,\s*|\s+and\s+|\s*&\s*)[A-Z][\w.'’-]*){0,6}|"
    r"(?:about )?\d+ (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?) ago|"
    r"\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?|"
    r"(?:facebook|twitter|whatsapp|telegram|linkedin|reddit|pinterest|email|print|x)"
    r"(?:\s*[|·•,]?\s*(?:facebook|twitter|whatsapp|telegram|linkedin|reddit|pinterest|email|print|x))*|"
    r"_{3,}.*|-{3,}|\*{3,}"
    r")\s*$",
    re.IGNORECASE,
)
#: A line after which the rest of the page is furniture ("Featured Post", "Leave a Reply").
TAIL_START = re.compile(
    r"^\s*(?:featured posts?|popular posts?|recent posts?|related (?:posts|articles|stories)|"
    r"more from .*|you may also like.*|leave a (?:reply|comment)|post a new comment|"
    r"comments?\s*\(\d+\)|blog archive)\s*$",
    re.IGNORECASE,
)
#: Icon-font names glued to a widget's label: "folder_openMore", "access_time3", "starAdd".
ICON_GLUE = re.compile(r"\b[a-z]+_[a-z]+(?=[A-Z0-9])|\b[a-z]{3,}(?=[A-Z][a-z])")
#: A menu written one item per line: this many short lines in a row.
MENU_ITEMS_IN_A_ROW = 5


def _latin_share(text: str) -> float:
    """The share of the letters that are Latin: 1.0 for English, near 0 for Greek or Arabic."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 1.0
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    return latin / len(letters)


def _is_menu_item(line: str) -> bool:
    words = line.split()
    return 1 <= len(words) <= 3 and not line.rstrip().endswith((".", "!", "?", ":", ",", '"', "”"))


def is_furniture_line(line: str, *, page_is_latin: bool = True) -> bool:
    """Whether one line, on its own, is page furniture."""
    if FURNITURE_LINE.match(line) or is_navigation(line):
        return True
    if len(line.split()) <= 12 and ICON_GLUE.search(line):
        return True
    return page_is_latin and line.strip() != "" and _latin_share(line) < 0.5


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character ranges of the text that are not article prose."""
    spans: list[tuple[int, int]] = []
    page_is_latin = _latin_share(text) >= 0.8
    offset = 0
    lines = text.splitlines(keepends=True)
    menu_run: list[tuple[int, int]] = []
    for index, line in enumerate(lines):
        content = line.rstrip("\r\n")
        if TAIL_START.match(content) and index > len(lines) // 3:
            spans.append((offset, len(text)))
            menu_run = []
            break
        if is_furniture_line(content, page_is_latin=page_is_latin):
            spans.append((offset, offset + len(content)))
        elif _is_menu_item(content):
            menu_run.append((offset, offset + len(content)))
        elif content.strip():
            if len(menu_run) >= MENU_ITEMS_IN_A_ROW:
                spans.extend(menu_run)
            menu_run = []
        offset += len(line)
    if len(menu_run) >= MENU_ITEMS_IN_A_ROW:
        spans.extend(menu_run)
    return sorted(spans)


#: How many non-empty lines from the top of the page the story's first paragraph may start.
DATELINE_WITHIN_LINES = 15


def dateline_span(text: str) -> tuple[int, int] | None:
    """(start, end) of the wire dateline that opens the story ("BAGHDAD, Dec 30 (Reuters) -",
    "WASHINGTON (AP) —"), dash included; None when the first paragraph has none. The place and
    the agency of a dateline say where the story was filed, not where anything happened.

    >>> text = "US strikes militia sites\\n\\nBAGHDAD (AP) — U.S. jets struck two depots in western Iraq on Friday, officials said."
    >>> start, end = dateline_span(text)
    >>> text[start:end]
    'BAGHDAD (AP) —'
    """
    offset = 0
    seen = 0
    for line in text.splitlines(keepends=True):
        content = line.strip()
        if content:
            seen += 1
            match = match_dateline(content)
            if match:
                start = offset + line.index(content)
                return start, start + len(match.group(0).rstrip())
            if len(content.split()) >= PROSE_WORDS or seen >= DATELINE_WITHIN_LINES:
                return None
        offset += len(line)
    return None


def blank_furniture(text: str) -> str:
    """The text with furniture replaced by spaces (line breaks kept), offsets unchanged."""
    chars = list(text)
    for start, end in furniture_spans(text):
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)
