"""Extraction records held packed while a build needs them all.

Resolution reads every article's record and the writer then reads them again, so a build holds
all records from extraction to the end. As pydantic objects a record takes about 120 KB, eight
times its JSON; compressed JSON takes about 4 KB. Records are therefore kept packed and
unpacked one at a time, in id order, by each reader: 10,000 articles hold ~40 MB instead of
~1.2 GB, for ~0.4 ms of unpacking per record and reading.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterator

from .models import ArticleExtraction

#: zlib level 1: nearly all of the size gain of higher levels, at a fraction of their time.
LEVEL = 1


class Records:
    """Extraction records by article id; iteration unpacks them in id order."""

    def __init__(self) -> None:
        self._packed: dict[str, bytes] = {}

    def add(self, extraction: ArticleExtraction, json_text: str | None = None) -> None:
        """Keep a record; `json_text`, when the caller has the record's JSON already (it
        crossed a process boundary), saves dumping it again."""
        text = json_text if json_text is not None else extraction.model_dump_json()
        self._packed[extraction.article.id] = zlib.compress(text.encode("utf-8"), LEVEL)

    def __len__(self) -> int:
        return len(self._packed)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._packed

    def ids(self) -> list[str]:
        return sorted(self._packed)

    def __iter__(self) -> Iterator[ArticleExtraction]:
        for article_id in self.ids():
            yield ArticleExtraction.model_validate_json(zlib.decompress(self._packed[article_id]))
