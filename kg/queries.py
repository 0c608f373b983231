"""Canned queries: the `.rq` files of ``queries/``, with the header that describes them.

A header is comment lines at the top of the file::

    # title: Strikes by date, with their targets and places
    # description: Every strike in the graph, newest first …
    # param: target (optional) IRI — restrict to strikes on this target
    # online: true

Parameters are SPARQL variables, bound from outside with substitutions (never pasted into
the query text), so an unbound parameter means "no restriction".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .resources import queries_dir

HEADER = re.compile(r"^#\s*(?P<key>[a-z]+)\s*:\s*(?P<value>.*)$")
PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*(?:\((?P<flag>optional|required)\))?\s*"
                   r"(?P<kind>IRI|string|integer|date|literal)?\s*(?:[—–-]+\s*(?P<doc>.*))?$")


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str = "string"
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    text: str
    path: Path
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)
    online: bool = False


def parse_query_file(path: Path) -> CannedQuery:
    text = path.read_text(encoding="utf-8")
    meta: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = HEADER.match(line)
        if match:
            meta.setdefault(match["key"].lower(), []).append(match["value"].strip())
    parameters = []
    for raw in meta.get("param", []):
        match = PARAM.match(raw)
        if match:
            parameters.append(Parameter(match["name"], (match["kind"] or "string"),
                                        match["flag"] == "required", (match["doc"] or "").strip()))
    return CannedQuery(
        name=path.stem, title=(meta.get("title") or [path.stem])[0],
        description=" ".join(meta.get("description", [])), text=text, path=path,
        parameters=tuple(parameters),
        online=(meta.get("online") or ["false"])[0].lower() in ("true", "yes", "1"))


def canned_queries(folder: Path | None = None) -> dict[str, CannedQuery]:
    folder = folder or queries_dir()
    return {p.stem: parse_query_file(p) for p in sorted(folder.glob("*.rq"))}
