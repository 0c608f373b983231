"""Paragraphs, sentences and headlines of an article's text, as character offsets.

The rules that read an article sentence by sentence share these: speaker attribution and the
casualty claims. Scraped articles put one paragraph on a line, so a sentence never runs across
one; a sentence is not cut at "Feb." or "U.S."; and a headline or caption, which repeats the
body in fewer words, is recognised so that the rules can pass it over.
"""
from __future__ import annotations

import re

ABBREVIATIONS = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
                 "dec", "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "sgt", "capt",
                 "rep", "sen", "gov", "st", "no", "vs", "jr", "sr", "adm", "brig", "prof"}


def lines(text: str) -> list[tuple[int, int]]:
    """Paragraphs as (start, end): scraped articles put one paragraph on a line."""
    result, offset = [], 0
    for line in text.split("\n"):
        result.append((offset, offset + len(line)))
        offset += len(line) + 1
    return result


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentences as (start, end), never across a line, not cut at "Feb." or "U.S."."""
    result = []
    for line_start, line_end in lines(text):
        start = line_start
        for match in re.finditer(r"[.!?][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])",
                                 text[line_start:line_end]):
            end = line_start + match.start() + 1
            word = re.search(r"([\w.]+)\.$", text[start:end])
            if word and (word.group(1).lower() in ABBREVIATIONS or "." in word.group(1)
                         or re.fullmatch(r"[A-Z]", word.group(1))):
                continue
            result.append((start, line_start + match.end()))
            start = line_start + match.end()
        if text[start:line_end].strip():
            result.append((start, line_end))
    return [(s, e) for s, e in result if text[s:e].strip()]


def is_headline(text: str, start: int, end: int) -> bool:
    """A short line of its own without a full stop: a headline or caption, which repeats the
    body in fewer words (its verbs are not speech, its counts not a separate claim)."""
    sentence = text[start:end].strip()
    if not sentence or re.search(r"[.!?\"”’]$", sentence):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", sentence) if len(w) > 3]
    title_case = len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)
    return title_case or (line == sentence and len(sentence.split()) <= 20)
