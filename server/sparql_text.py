"""What a SPARQL text asks the server to do beyond reading the store, found before it runs.

pyoxigraph follows `SERVICE <url>` and `LOAD <url>` over HTTP and cannot be told not to, so a
request could make the server fetch any URL. This module tokenizes the text the way a SPARQL
parser does (codepoint escapes first, then strings, IRIs and comments, which may contain any
word) and reports the SERVICE endpoints, LOAD operations and dataset clauses it finds. A
tokenizer is enough: those keywords cannot hide inside a token, and a SERVICE whose endpoint
cannot be resolved to one IRI (a variable, an unknown prefix) is reported as unresolved, so the
caller refuses it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<bnode>_:[\w.-]*\w|_:\w)
  | (?P<pname>(?:[A-Za-z][\w.-]*)?:(?:[\w:%-]|\\.|\.(?=[\w:%\\-]))*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)

QUERY_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
UPDATE_FORMS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD",
                "WITH"}


@dataclass
class Analysis:
    form: str | None = None
    services: list[str] = field(default_factory=list)
    unresolved_services: int = 0
    loads: int = 0
    has_dataset: bool = False

    @property
    def is_update(self) -> bool:
        return self.form in UPDATE_FORMS

    def forbidden_services(self, allowed: list[str]) -> list[str]:
        """Endpoints this text would call that are not on the allow-list ('?' for unresolved)."""
        refused = [iri for iri in self.services if iri not in allowed]
        return refused + ["?"] * self.unresolved_services


def unescape_codepoints(text: str) -> str:
    """SPARQL replaces \\uXXXX escapes before parsing, anywhere in the text; so do we."""
    return _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def tokens(text: str) -> list[tuple[str, str]]:
    found = []
    for match in _TOKEN.finditer(unescape_codepoints(text)):
        kind = match.lastgroup
        if kind not in ("ws", "comment"):
            found.append((kind, match.group()))
    return found


def _expand(kind: str, value: str, prefixes: dict[str, str], base: str | None) -> str | None:
    if kind == "iri":
        iri = value[1:-1]
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri):
            return iri
        return urljoin(base, iri) if base else None
    if kind == "pname":
        prefix, _, local = value.partition(":")
        if prefix not in prefixes:
            return None
        return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None


def analyse(text: str) -> Analysis:
    """Read a query or update the way the store's parser will, and say what it would do."""
    result = Analysis()
    prefixes: dict[str, str] = {}
    base: str | None = None
    found = tokens(text)
    for index, (kind, value) in enumerate(found):
        if kind != "word":
            continue
        keyword = value.upper()
        following = found[index + 1:index + 3]
        if keyword == "BASE" and following and following[0][0] == "iri":
            base = _expand("iri", following[0][1], prefixes, base)
        elif keyword == "PREFIX" and len(following) == 2 and following[0][0] == "pname" \
                and following[1][0] == "iri":
            prefixes[following[0][1].rstrip(":")] = _expand("iri", following[1][1], prefixes, base) or ""
        elif result.form is None and keyword in QUERY_FORMS | UPDATE_FORMS:
            result.form = keyword
        if keyword == "FROM":
            result.has_dataset = True
        elif keyword == "LOAD":
            result.loads += 1
        elif keyword == "SERVICE":
            target = following[:]
            if target and target[0][0] == "word" and target[0][1].upper() == "SILENT":
                target = found[index + 2:index + 3]
            iri = _expand(*target[0], prefixes, base) if target else None
            if iri is None:
                result.unresolved_services += 1
            else:
                result.services.append(iri)
    return result
