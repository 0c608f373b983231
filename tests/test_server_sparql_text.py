"""The pre-flight reading of query text: what it would fetch, and whether it names a dataset."""
from __future__ import annotations

import pytest

from server.sparql_text import analyse


@pytest.mark.parametrize("text, services, unresolved", [
    ("SELECT * { SERVICE <http://a.example/sparql> { ?s ?p ?o } }", ["http://a.example/sparql"], 0),
    ("select * { service silent <http://a.example/s> { } }", ["http://a.example/s"], 0),
    ("PREFIX e: <http://a.example/> SELECT * { SERVICE e:s { } }", ["http://a.example/s"], 0),
    ("BASE <http://a.example/x/> SELECT * { SERVICE <../s> { } }", ["http://a.example/s"], 0),
    (r"SELECT * { \u0053ERVICE <http://a.example/s> { } }", ["http://a.example/s"], 0),
    ("SELECT * { SERVICE ?endpoint { } }", [], 1),
    ("SELECT * { SERVICE unknown:s { } }", [], 1),
    ("SELECT * { SERVICE <relative> { } }", [], 1),
    ('SELECT * { ?s ?p "SERVICE <http://a.example/s> {}" }', [], 0),
    ("SELECT * { ?s ?p ?o } # SERVICE <http://a.example/s> { }", [], 0),
    ("SELECT * { ?s <http://a.example/SERVICE> ?o }", [], 0),
    ('SELECT * { ?s ?p """multi\nline SERVICE <http://a.example/s> { }""" }', [], 0),
])
def test_service_endpoints_are_found_only_where_a_parser_sees_them(text, services, unresolved):
    found = analyse(text)
    assert found.services == services and found.unresolved_services == unresolved


def test_forbidden_services_against_an_allow_list():
    found = analyse("SELECT * { SERVICE <http://a.example/s> {} SERVICE <http://b.example/s> {} }")
    assert found.forbidden_services(["http://a.example/s"]) == ["http://b.example/s"]
    assert analyse("SELECT * { SERVICE ?x {} }").forbidden_services(["http://a.example/s"]) == ["?"]


@pytest.mark.parametrize("text, form, has_dataset", [
    ("PREFIX ex: <http://e/> SELECT * FROM <http://e/g> { ?s ?p ?o }", "SELECT", True),
    ("SELECT * { ?s ?p 'FROM' }", "SELECT", False),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", False),
    ("PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }", "INSERT", False),
])
def test_form_and_dataset(text, form, has_dataset):
    found = analyse(text)
    assert found.form == form and found.has_dataset is has_dataset


def test_load_is_counted_in_updates_not_in_strings():
    assert analyse("LOAD <http://e/data.ttl>").loads == 1
    assert analyse("INSERT DATA { <http://e/a> <http://e/b> 'LOAD <http://e/x>' }").loads == 0
