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
    "Posted on …" or "Published …" line may also close the page."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    header = lines[:HEADER_LINES]
    published = next((d for d in map(parse_date_line, header) if d), None)
    if published is None:
        footer = [line for line in lines[-HEADER_LINES:] if DATE_CUE.match(line)]
        published = next((d for d in map(parse_date_line, footer) if d), None)
    title = next((clean_headline(line) for line in header if looks_like_headline(line)), None)
    return Article(id=article_id, text=text, title=title, published=published, source=source)


#: Words that introduce a page's date ("Published: 3 Jan 2020", "Posted on June 28, 2021 by …").
DATE_CUE = re.compile(r"^(?:published|posted|updated|last updated|date|dated|first published)"
                      r"(?:\s+on)?\s*:?\s*", re.IGNORECASE)
_MONTH_NAME = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?")
#: A written-out or numeric calendar date inside a header line.
DATE_IN_LINE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH_NAME},?\s+(?:19|20)\d{{2}}\b"
    rf"|\b{_MONTH_NAME}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}\b"
    r"|\b(?:19|20)\d{2}-\d{1,2}-\d{1,2}\b"
    r"|\b\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d{2}\b",
    re.IGNORECASE)
NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d{2})$")
#: What else a date line may hold: weekday, time, zone, "by AUTHOR", separators.
DATE_LINE_REST = re.compile(
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)"
    r"\.?|\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|\b(?:gmt|utc|est|edt|cet|ast|pst|et)\b"
    r"|\(?utc[+-]\d+\)?|[-–|,:•·@()]|\bat\b|\bby\b.*$",
    re.IGNORECASE)


def looks_like_headline(line: str) -> bool:
    words = line.split()
    return (4 <= len(words) <= 30 and not line.endswith((",", ":", "...", "…"))
            and parse_date_line(line) is None and not line.isupper()
            and not DATE_CUE.match(line) and not line.lower().startswith("by "))


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
