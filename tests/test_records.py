"""Records held packed during a build: what goes in comes out, in id order, and resolution
reads them in one pass."""
from __future__ import annotations

import random

from kg.records import Records
from kg.resolve import resolve

from test_resolve import MINTER, corpus


def test_records_come_back_equal_and_in_id_order():
    extractions = corpus()
    records = Records()
    for extraction in random.Random(7).sample(extractions, len(extractions)):
        records.add(extraction)
    assert len(records) == len(extractions)
    assert records.ids() == sorted(e.article.id for e in extractions)
    assert list(records) == sorted(extractions, key=lambda e: e.article.id)
    assert extractions[0].article.id in records and "missing.txt" not in records


def test_a_record_given_with_its_json_is_kept_as_that_json():
    extraction = corpus()[0]
    records = Records()
    records.add(extraction, extraction.model_dump_json())
    assert list(records) == [extraction]


def test_resolution_of_records_read_once_equals_resolution_of_a_list():
    extractions = corpus()
    records = Records()
    for extraction in extractions:
        records.add(extraction)
    once = iter(records)  # a one-shot iterator: resolution may not read it twice
    assert resolve(once, MINTER) == resolve(extractions, MINTER)
