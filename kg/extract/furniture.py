"""Page furniture: the parts of a scraped page that are not the article.

Scraped text carries menus, tag lists, share buttons, comment widgets and "featured post"
teasers. They are blanked out (replaced by spaces of the same length) rather than cut, so that
character offsets into the cleaned text are offsets into the original article.

>>> blank_furniture("Strikes hit.\\nTags: iraq, syria\\nLeave a Reply\\nMore text")
'Strikes hit.\\n                \\n             \\n         '
"""
from __future__ import annotations

import re

#: A line that is furniture by itself.
FURNITURE_LINE = re.compile(
    r"^\s*(?:"
    r"tags?\s*:.*|categor(?:y|ies)\s*:.*|filed under\s*:.*|share(?: this)?(?: on \w+)?\s*:?|"
    r"leave a (?:reply|comment).*|post a (?:new )?comment.*|\d+ comments?|comments?|"
    r"(?:anonymous )?comments are (?:disabled|closed).*|default userpic|"
    r"your email address will not be published.*|required fields are marked.*|"
    r"posted on.*|posted by.*|reply|subscribe.*|sign up.*|log ?in|register|"
    r"no script|please wait\.*|advertisement|read more.*|related(?: articles| posts)?:?|"
    r"(?:all rights reserved|©|copyright).*|.*\ball rights reserved\b.*|"
    r"join us on .*|follow us on .*|blog widget by .*|"
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
#: Menu-like lines: several short items joined by | or ·.
MENU_LINE = re.compile(r"^[^.!?]{0,200}(?:\s*[|·•]\s*[^|·•.!?]{1,40}){3,}\s*$")


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character ranges of the text that are not article prose."""
    spans: list[tuple[int, int]] = []
    offset = 0
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        content = line.rstrip("\r\n")
        if TAIL_START.match(content) and index > len(lines) // 3:
            spans.append((offset, len(text)))
            break
        if FURNITURE_LINE.match(content) or MENU_LINE.match(content):
            spans.append((offset, offset + len(content)))
        offset += len(line)
    return spans


def blank_furniture(text: str) -> str:
    """The text with furniture replaced by spaces (line breaks kept), offsets unchanged."""
    chars = list(text)
    for start, end in furniture_spans(text):
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)
