"""Grouping mentions into entities: spellings, surnames, bracketed acronyms, demonyms, backers.

The catalog used here is a small file written by the test, so that what is asserted does not
depend on the shipped catalog's rows.
"""
from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.pipeline import build_pipeline, extract
from kg.models import Article

CATALOG = """id\tqid\tlabel\ttype\taliases\tdescription\tcountry\tlat\tlon\tbacked_by\tinstance_of\tevidence
test-iran\t\tIran\tCountry\t\t\t\t\t\t\t\ttest
test-iraq\t\tIraq\tCountry\t\t\t\t\t\t\t\ttest
test-us\t\tUnited States\tCountry\tUS|U.S.\t\t\t\t\t\t\ttest
test-zarqan\t\tZarqan\tPlace\t\t\t\t\t\t\t\ttest
test-hit\t\tHit\tPlace\t\t\t\t\t\t\t\ttest
test-brigade\t\tZulfiqar Vanguard Brigades\tArmedGroup\tZVB\t\t\t\t\t\t\ttest
test-government\t\tGovernment of Iraq\tOrganization\tIraqi government\t\t\t\t\t\t\ttest
"""


@pytest.fixture(scope="module")
def nlp(tmp_path_factory):
    path = tmp_path_factory.mktemp("catalog") / "test.tsv"
    path.write_text(CATALOG, encoding="utf-8")
    return build_pipeline(catalog_files=(str(path),))


def run(nlp, text: str):
    article = Article(id="t.txt", text=text, published=dt.date(2022, 3, 1))
    return extract(article, nlp)


def by_label(extraction):
    return {e.label: e for e in extraction.entities}


def test_a_surname_is_the_person_named_before(nlp):
    found = run(nlp, "Militia spokesman Karim Haddad denied it. Haddad said the group was not "
                     "involved, and Haddad repeated it later.")
    people = [e for e in found.entities if e.type == "Person"]
    assert [p.label for p in people] == ["Karim Haddad"]
    assert [m.text for m in people[0].mentions] == ["Karim Haddad", "Haddad", "Haddad"]


def test_a_bracketed_acronym_and_its_later_uses_are_the_name_before_it(nlp):
    found = run(nlp, "The strikes hit Kataib Nasr al-Din (KND) depots. Later, KND vowed revenge.")
    groups = [e for e in found.entities if e.type == "ArmedGroup"]
    assert len(groups) == 1
    assert sorted(m.text for m in groups[0].mentions) == ["KND", "KND", "Kataib Nasr al-Din"]


def test_a_misspelt_name_takes_the_catalog_entry_of_its_bracketed_acronym(nlp):
    found = run(nlp, "Fighters of the Zulfikar Vangard Brigades (ZVB) were targeted.")
    groups = [e for e in found.entities if e.type == "ArmedGroup"]
    assert [(g.catalog_id, g.label) for g in groups] == [("test-brigade", "Zulfiqar Vanguard Brigades")]


def test_transliteration_slips_of_an_unknown_name_are_one_entity(nlp):
    found = run(nlp, "Kait’ib Nasr al-Din denied it. Kataib Nasr al-Din later confirmed it.")
    assert len([e for e in found.entities if e.type == "ArmedGroup"]) == 1


def test_different_unknown_groups_stay_apart(nlp):
    found = run(nlp, "Kataib Nasr al-Din and Kataib Furat al-Sham both denied it.")
    assert len([e for e in found.entities if e.type == "ArmedGroup"]) == 2


@pytest.mark.parametrize("text", [
    "Jets struck Iranian-backed Kataib Nasr al-Din near the border.",
    "Jets struck positions of Iran-backed militia groups, including Kataib Nasr al-Din and "
    "Kataib Furat al-Sham, near the border.",
    "Jets struck Kataib Nasr al-Din, an Iran-backed militia, near the border.",
    "Several Iranian-supported militant groups, such as Kataib Nasr al-Din, were hit.",
])
def test_a_demonym_or_country_backed_qualifier_gives_backed_by(nlp, text):
    found = run(nlp, text)
    groups = [e for e in found.entities if e.type == "ArmedGroup"]
    assert groups
    for group in groups:
        assert group.backed_by == ["test-iran"]
    assert any(e.key == "test-iran" and e.mentions for e in found.entities)


def test_backing_does_not_reach_past_other_words(nlp):
    found = run(nlp, "Iranian-backed forces were not present, officials said; Kataib Nasr al-Din "
                     "denied it.")
    assert all(not e.backed_by for e in found.entities)


def test_demonyms_mention_their_country(nlp):
    found = run(nlp, "Iraqi officials met Iranian envoys.")
    assert {"test-iraq", "test-iran"} <= {e.key for e in found.entities}


def test_the_government_of_a_demonym_is_the_country(nlp):
    found = run(nlp, "The Iraqi government protested.")
    assert [e.key for e in found.entities] == ["test-iraq"]


def test_catalog_names_written_in_lower_case_are_ordinary_words(nlp):
    found = run(nlp, "The rocket did not hit anyone. Later, rockets fell on Hit.")
    hit = by_label(found)["Hit"]
    assert [m.text for m in hit.mentions] == ["Hit"]


def test_an_embassy_in_a_city_also_mentions_the_city(nlp):
    text = "Rockets fell near the Iranian embassy in Zarqan."
    found = run(nlp, text)
    places = {e.label for e in found.entities if e.type == "Place"}
    assert {"Iranian embassy in Zarqan", "Zarqan"} <= places


def test_every_mention_has_offsets_into_the_text(nlp):
    text = "Pentagon Press Secretary Thomas Wexley said Kataib Nasr al-Din (KND) was behind it."
    found = run(nlp, text)
    for entity in found.entities:
        for mention in entity.mentions:
            assert text[mention.start:mention.end] == mention.text


def test_nationality_after_an_institution_names_the_country_s_institution(tmp_path):
    path = tmp_path / "c.tsv"
    path.write_text(CATALOG + "test-water\t\tWater Ministry (Iraq)\tOrganization\tIraqi Ministry "
                    "of Water Resources\t\t\t\t\t\t\ttest\n", encoding="utf-8")
    nlp = build_pipeline(catalog_files=(str(path),))
    for text in ("The Ministry of Water Resources Iraqi said the dam held.",
                 "Engineers of the Ministry of Water Resources Iraqi inspected the dam."):
        found = by_label(run(nlp, text))
        assert found["Water Ministry (Iraq)"].rule == "entities.nationality-after"
    found = by_label(run(nlp, "The Ministry of Fisheries Iraqi said the dam held."))
    assert not any(e.catalog_id and e.type == "Organization" for e in found.values())


def test_a_name_written_as_a_word_of_its_initials_is_that_organisation(nlp):
    found = run(nlp, "The Basra Monitoring Centre counted 12 dead, the daily Bmc said later.")
    organisations = [e for e in found.entities if e.type == "Organization"]
    assert [sorted(m.text for m in o.mentions) for o in organisations] == \
        [["Basra Monitoring Centre", "Bmc"]]


def test_an_armed_forces_name_used_as_an_adjective_is_not_a_mention(nlp):
    def organisations(text):
        return [e for e in run(nlp, text).entities if e.type == "Organization"]

    assert [e.mentions[0].text for e in organisations("The Iraqi military said 22 missiles fell.")] \
        == ["Iraqi military"]
    for text in ("Iraqi military spokesman Saad Jaber said the strike was an assassination.",
                 "Rockets hit an Iraqi military base near the city."):
        assert organisations(text) == []
        assert "test-iraq" in {e.key for e in run(nlp, text).entities}


def test_the_wire_dateline_is_marked_on_the_doc(nlp):
    doc = nlp("Drones hit a base\n\nMOSUL, Iraq (AP) — Two drones hit a base west of the city "
              "on Monday night, officials said.")
    assert doc._.dateline is not None and doc._.dateline.text == "MOSUL, Iraq (AP) —"
    assert nlp("Two drones hit a base west of the city on Monday night, officials said.")._.dateline is None
