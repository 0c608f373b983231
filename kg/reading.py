"""Read input files into `Article` records: plain text, HTML and JSON Lines.

Reading never stops a build: each input yields either an Article or an `InputError` naming the
file (and line), and the caller decides what to do with failures.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import ValidationError

from .errors import InputError
from .models import Article

SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
#: How far into a plain-text page the date line and the headline may be.
HEADER_LINES = 12
YEAR = re.compile(r"\b(19|20)\d{2}\b")


def discover(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Input files under the given paths, sorted, so that a build's order is stable."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            yield from files
        elif path.is_file():
            yield path
        else:
            yield InputError(str(path), "no such file or directory")


def read_paths(paths: Iterable[str | Path], *, max_bytes: int) -> Iterator[Article | InputError]:
    for item in discover(paths):
        if isinstance(item, InputError):
            yield item
        else:
            yield from read_file(item, max_bytes=max_bytes)


def read_file(path: Path, *, max_bytes: int) -> Iterator[Article | InputError]:
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        yield InputError(source, f"unsupported file type {suffix or '(none)'}; "
                                 f"expected one of {', '.join(SUFFIXES)}")
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield InputError(source, f"file is {size / 1e6:.1f} MB, over the limit of "
                                     f"{max_bytes / 1e6:.1f} MB (settings: max_article_bytes)")
            return
        data = path.read_bytes()
    except OSError as error:
        yield InputError(source, f"cannot read: {error.strerror or error}")
        return
    if suffix == ".jsonl":
        yield from parse_jsonl(data, source)
        return
    try:
        text = decode(data, source)
        if suffix == ".txt":
            yield parse_text(text, article_id=path.name, source=source)
        else:
            yield parse_html(text, article_id=path.name, source=source)
    except InputError as error:
        yield error


def decode(data: bytes, source: str, line: int | None = None) -> str:
    if b"\0" in data[:8192]:
        raise InputError(source, "binary file (contains NUL bytes), not a text article", line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(source, f"not UTF-8 (invalid byte at offset {error.start}); "
                                 "convert it with e.g. `iconv -t UTF-8`", line) from None
    if not text.strip():
        raise InputError(source, "empty: no text to extract from", line)
    return text


def parse_text(text: str, *, article_id: str, source: str) -> Article:
    """A scraped page body: the headline and a date line usually sit in the first lines; a
    "Posted on …" or "Published …" line may also close the page. A wire story may give only a
    yearless dateline ("BAGHDAD, Dec 30 (Reuters) -"): its day counts only with a year that the
    header states elsewhere."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    header = lines[:HEADER_LINES]
    published = next((d for d in map(parse_date_line, header) if d), None)
    if published is None:
        footer = [line for line in lines[-HEADER_LINES:] if DATE_CUE.match(line)]
        published = next((d for d in map(parse_date_line, footer) if d), None)
    if published is None:
        published = wire_dateline_date(header)
    return Article(id=article_id, text=text, title=choose_headline(header), published=published,
                   source=source)


#: Words that introduce a page's date ("Published: 3 Jan 2020", "Posted on June 28, 2021 by …").
DATE_CUE = re.compile(r"^(?:published|posted|updated|last updated|date|dated|first published)"
                      r"(?:\s+on)?\s*:?\s*", re.IGNORECASE)
_MONTH_NAME = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?")
#: A written-out or numeric calendar date inside a header line.
DATE_IN_LINE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH_NAME},?\s+(?:19|20)\d{{2}}\b"
    rf"|\b{_MONTH_NAME}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}\b"
    r"|\b(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}\b"
    r"|\b\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}\b",
    re.IGNORECASE)
#: Numeric dates: day (or month) first, "28/06/2021", "15-02-2021"; or year first, "2021/02/15".
NUMERIC_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.]((?:19|20)\d{2})$")
YEAR_FIRST_DATE = re.compile(r"^((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})$")
#: What else a date line may hold: weekday, time, zone, "by AUTHOR", separators.
DATE_LINE_REST = re.compile(
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)"
    r"\.?|\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|\b(?:gmt|utc|est|edt|cet|ast|pst|et)\b"
    r"|\(?utc[+-]\d+\)?|[-–|,:•·@()/]|\bat\b|\bby\b.*$",
    re.IGNORECASE)
#: Site navigation: "Menu", "Skip to content" and what follows them on the line; "Home",
#: "Search", "Subscribe" and other menu words alone or in a row.
STRONG_NAVIGATION = re.compile(
    r"^\s*(?i:menu|main menu|toggle navigation|open menu|close menu|skip navigation|"
    r"skip to (?:the )?(?:main )?content)\b(?:\s+\S+){0,12}\s*$")
_NAVIGATION_WORD = (r"(?i:home|search|subscribe|sign in|sign up|log ?in|log out|register|"
                    r"navigation|contact(?: us)?|about(?: us)?|archives?|newsletters?|donate|"
                    r"latest|trending|more|close|open|follow us)")
NAVIGATION_WORDS = re.compile(
    rf"^\s*{_NAVIGATION_WORD}(?:\s*[|·•>»/]?\s*{_NAVIGATION_WORD})*\s*$")
#: Menu-like lines: several short items joined by | or ·.
MENU_LINE = re.compile(r"^[^.!?]{0,200}(?:\s*[|·•]\s*[^|·•.!?]{1,40}){3,}\s*$")
#: Last words of a masthead or of a programme's name rather than of a headline.
MASTHEAD_WORDS = {"news", "times", "post", "network", "institute", "center", "centre", "program",
                  "programme", "project", "initiative", "watch", "review", "journal", "daily",
                  "monitor", "tribune", "herald", "gazette", "magazine", "media", "agency",
                  "online", "today", "blog", "foundation", "council", "studies", "report"}
COPYRIGHT = re.compile(r"©|\(c\)|\bcopyright\b|\ball rights reserved\b", re.IGNORECASE)
#: The dateline that opens a wire story: "BAGHDAD, Dec 30 (Reuters) -", "WASHINGTON (AP) —",
#: "ERBIL, Kurdistan Region -", "Baghdad - ". Group `place` is the city (or cities), `extra` a
#: region or a date, `agency` the wire service.
WIRE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w.'’-]*(?:[ /][A-Z][\w.'’-]*){0,3})"
    r"(?:,\s*(?P<extra>[A-Z][^()\n—–]{0,40}?))?"
    r"\s*(?:\((?P<agency>[A-Z][\w.&' -]{1,30})\))?"
    r"\s*(?P<dash>--?|–|—)\s+(?=[\"“'‘A-Z0-9])")
MONTH_DAY = re.compile(rf"^(?P<month>{_MONTH_NAME})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?$"
                       rf"|^(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH_NAME})$", re.IGNORECASE)
#: Words a prose paragraph has at least.
PROSE_WORDS = 12


def is_navigation(line: str) -> bool:
    """A line of site navigation: menu items, "Skip to content", "Home"."""
    return bool(STRONG_NAVIGATION.match(line) or NAVIGATION_WORDS.match(line)
                or MENU_LINE.match(line))


def match_dateline(line: str) -> re.Match | None:
    """The wire dateline at the start of a paragraph, if the line opens with one.

    >>> match_dateline("WASHINGTON (AP) — The United States struck targets in Syria on Friday.").group("place")
    'WASHINGTON'
    >>> match_dateline("Kataib Hezbollah said the strikes would not go unanswered, officials said.") is None
    True
    """
    match = WIRE_DATELINE.match(line)
    if not match:
        return None
    if len(line[match.end():].split()) < 8:
        return None  # a headline or a caption with a dash, not the opening paragraph
    place = match.group("place")
    shouted = place.upper() == place and sum(c.isalpha() for c in place) >= 3
    if not (shouted or match.group("agency")):
        # "Baghdad - The American forces ...": a short name and a spaced hyphen only
        if len(place.split()) > 2 or match.group("extra") or match.group("dash") != "-":
            return None
    return match


def dateline_month_day(line: str) -> tuple[int, int] | None:
    """(month, day) of a yearless wire dateline ("BAGHDAD, Dec 30 (Reuters) -")."""
    match = match_dateline(line)
    extra = (match.group("extra") or "").strip() if match else ""
    found = MONTH_DAY.match(extra)
    if not found:
        return None
    month = _month_number(found.group("month") or found.group("month2"))
    day = int(found.group("day") or found.group("day2"))
    return (month, day) if month else None


def _month_number(name: str) -> int | None:
    prefix = name.rstrip(".").lower()[:3]
    for number in range(1, 13):
        if dt.date(2000, number, 1).strftime("%B").lower().startswith(prefix):
            return number
    return None


def header_year(header: list[str]) -> int | None:
    """The one year that the header's date-like lines state ("Updated December 2019",
    "Published: 2019"); a copyright notice does not date the page."""
    years = set()
    for line in header:
        if COPYRIGHT.search(line) or not YEAR.search(line):
            continue
        if DATE_CUE.match(line) or len(line.split()) <= 6:
            years.update(int(m.group(0)) for m in re.finditer(r"\b(?:19|20)\d{2}\b", line))
    return years.pop() if len(years) == 1 else None


def wire_dateline_date(header: list[str]) -> dt.date | None:
    """The date of a yearless wire dateline, when the header gives the year elsewhere."""
    for index, line in enumerate(header):
        month_day = dateline_month_day(line)
        if month_day is None:
            continue
        year = header_year(header[:index] + header[index + 1:])
        if year is None:
            return None  # "Dec 30" alone cannot be placed in a year
        try:
            return dt.date(year, *month_day)
        except ValueError:
            return None
    return None


def looks_like_headline(line: str) -> bool:
    words = line.split()
    return (4 <= len(words) <= 30 and not line.endswith((",", ":", "...", "…"))
            and parse_date_line(line) is None and not line.isupper()
            and not DATE_CUE.match(line) and not line.lower().startswith("by ")
            and not is_navigation(line))


def _is_prose(line: str) -> bool:
    """A paragraph of the story: a long line that ends a sentence (headlines do not)."""
    words = len(line.split())
    return words >= 2 * PROSE_WORDS or \
        words >= PROSE_WORDS and bool(re.search(r"[.!?][\"”’')]*$", line))


def _is_anchor(line: str) -> bool:
    """A line that comes right after a headline: the date line, the byline, the standfirst or
    the story."""
    return (parse_date_line(line) is not None or bool(DATE_CUE.match(line))
            or line.lower().startswith("by ") or _is_prose(line))


def _is_masthead(title: str) -> bool:
    words = title.split()
    return len(words) <= 6 and words[-1].lower() in MASTHEAD_WORDS and \
        all(w[:1].isupper() or w in ("and", "of", "for", "the", "&") for w in words)


def choose_headline(header: list[str]) -> str | None:
    """The line that looks most like the headline: several words, not navigation, before the
    story begins; the one right above the date line, byline or first paragraph wins over a
    site's or a programme's name higher up.

    >>> choose_headline(["POLICY BRIEF | Regional Security Program",
    ...                  "Drones strike a base in eastern Syria", "May 3, 2022"])
    'Drones strike a base in eastern Syria'
    """
    candidates = []
    for index, line in enumerate(header):
        if _is_prose(line) or match_dateline(line):
            break  # the story has begun
        title = clean_headline(line)
        if not (looks_like_headline(line) and looks_like_headline(title)):
            continue
        following = next((other for other in header[index + 1:]
                          if not is_navigation(other) and _plain(clean_headline(other)) != _plain(title)),
                         "")  # a page may print the headline twice
        candidates.append((not _is_anchor(following), _is_masthead(title), index, title))
    return min(candidates)[3] if candidates else None


def _plain(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text).lower().strip()


def clean_headline(line: str) -> str:
    """The headline without the site's name ("US carries out air raids … | Al Jazeera")."""
    parts = [part.strip() for part in re.split(r"\s+[|–—]\s+", line) if part.strip()]
    if len(parts) > 1:
        return max(parts, key=lambda part: len(part.split()))
    return line

def parse_date_line(line: str) -> dt.date | None:
    """The date of a line that is a date and little else: 'Friday, 26 February 2021 - 10:54',
    'Published: 3 Jan 2020', 'Posted on June 28, 2021 by admin', '28/06/2021'."""
    if len(line) > 100 or not YEAR.search(line):
        return None
    body = DATE_CUE.sub("", line)
    match = DATE_IN_LINE.search(body)
    if not match:
        return None
    rest = DATE_LINE_REST.sub(" ", body[:match.start()] + " " + body[match.end():])
    if len(rest.split()) > 2:
        return None  # a sentence that holds a date, not a date line
    return _calendar_date(match.group(0))


def _calendar_date(text: str) -> dt.date | None:
    """Numeric dates are read day first unless that is impossible ("06/28/2021"): the outlets of
    the region, like most of the world, write the day first."""
    year_first = YEAR_FIRST_DATE.match(text)
    if year_first:
        year, month, day = (int(g) for g in year_first.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    numeric = NUMERIC_DATE.match(text)
    if numeric:
        first, second, year = (int(g) for g in numeric.groups())
        day, month = (second, first) if first <= 12 < second else (first, second)
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    from .dates import parse_absolute_date  # dateparser is slow to import; only when needed

    return parse_absolute_date(text)


def parse_html(text: str, *, article_id: str, source: str) -> Article:
    import trafilatura

    document = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
    if document is None or not (document.text or "").strip():
        raise InputError(source, "no article text found in the HTML")
    published = None
    if document.date:
        try:
            published = dt.date.fromisoformat(document.date[:10])
        except ValueError:
            published = None
    body = document.text if not document.title else f"{document.title}\n\n{document.text}"
    return Article(id=article_id, text=body, title=document.title, url=document.url,
                   published=published, source=source)


def parse_jsonl(data: bytes, source: str) -> Iterator[Article | InputError]:
    if not data.strip():
        yield InputError(source, "empty: no JSON lines")
        return
    for number, raw in enumerate(data.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(decode(raw, source, number))
        except InputError as error:
            yield error
            continue
        except json.JSONDecodeError as error:
            yield InputError(source, f"malformed JSON: {error.msg} at column {error.colno}", number)
            continue
        if not isinstance(record, dict):
            yield InputError(source, "each line must be a JSON object", number)
            continue
        missing = [key for key in ("id", "text") if not record.get(key)]
        if missing:
            yield InputError(source, f"missing field(s): {', '.join(missing)}", number)
            continue
        try:
            yield Article(id=str(record["id"]), text=str(record["text"]),
                          title=record.get("title"), url=record.get("url"),
                          published=record.get("published") or None,
                          source=f"{source}:{number}")
        except ValidationError as error:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                                 for e in error.errors())
            yield InputError(source, f"invalid record: {problems}", number)
