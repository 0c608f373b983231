"""The name finder types names that no catalog knows from their shape and cue words.

Every name here is invented, so only the rules of `kg/extract/names.py` can find them.
"""
from __future__ import annotations

import pytest

from kg.extract.pipeline import build_pipeline


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def entities(nlp, text: str) -> dict[str, str]:
    doc = nlp(text)
    return {span.text: span.label_ for span in doc.ents}


@pytest.mark.parametrize("text, name", [
    ("The group's spokesman Karim Haddad denied any role.", "Karim Haddad"),
    ("Militia spokesperson Layla Barzani told reporters the claim was false.", "Layla Barzani"),
    ("Pentagon Press Secretary Thomas Wexley said the raid was lawful.", "Thomas Wexley"),
    ("Deputy Foreign Minister Amal Qassab condemned the raid.", "Amal Qassab"),
    ("Rockets fell, according to Lieutenant General Farouk Shamri.", "Farouk Shamri"),
    ("Orders came from Secretary of State Gideon Marlowe on Friday.", "Gideon Marlowe"),
])
def test_a_title_before_a_name_makes_a_person(nlp, text, name):
    assert entities(nlp, text).get(name) == "Person"


def test_the_words_before_a_title_are_not_part_of_the_person(nlp):
    found = entities(nlp, "Pentagon Press Secretary Thomas Wexley spoke.")
    assert "Pentagon Press Secretary Thomas Wexley" not in found


@pytest.mark.parametrize("text, name", [
    ("Martin Okafor, senior fellow at a think tank in London, said more strikes would come.",
     "Martin Okafor"),
    ("Talal Dabbagh, the militia's political officer, rejected the accusation.",
     "Talal Dabbagh"),
    ("“We will respond,” said Ronan Ashby, adding that the talks were over.", "Ronan Ashby"),
    ("Sadiq Harbi said the drones were launched from the south.", "Sadiq Harbi"),
    ("Officials named the dead commander as Abu Zaid al-Tamimi.", "Abu Zaid al-Tamimi"),
])
def test_appositives_speech_verbs_and_kunyas_make_people(nlp, text, name):
    assert entities(nlp, text).get(name) == "Person"


@pytest.mark.parametrize("text, name, label", [
    ("Drones struck the Falcon Ridge base overnight.", "Falcon Ridge base", "Base"),
    ("Rockets landed near Tal Hamra Air Base on Monday.", "Tal Hamra Air Base", "Base"),
    ("Troops at Camp Sarrow were unhurt.", "Camp Sarrow", "Base"),
    ("The strike hit a depot in Wadi Saba province on Sunday.", "Wadi Saba", "Place"),
    ("Jets bombed the town of al-Marfaq before dawn.", "al-Marfaq", "Place"),
    ("Clashes broke out in Qasr Hilal, Syria, late on Friday.", "Qasr Hilal", "Place"),
    ("Trucks queued at the Umm Jarad crossing for days.", "Umm Jarad", "Place"),
    ("Shells fell inside the Olive Zone on Tuesday.", "Olive Zone", "Place"),
])
def test_bases_and_places_from_their_head_words(nlp, text, name, label):
    assert entities(nlp, text).get(name) == label


@pytest.mark.parametrize("text, name, label", [
    ("The report came from al-Nahrain news channel on Monday.", "al-Nahrain", "Organization"),
    ("Footage aired on state broadcaster Dijla TV at noon.", "Dijla TV", "Organization"),
    ("The Levant Institute for Strategic Studies published the figures.",
     "Levant Institute for Strategic Studies", "Organization"),
    ("In an interview, he told The Basra Courier that talks had failed.",
     "Basra Courier", "Organization"),
    ("The Euphrates Monitoring Center counted the dead.", "Euphrates Monitoring Center",
     "Organization"),
    ("A statement by Saraya Thar al-Qadisiya claimed the attack.", "Saraya Thar al-Qadisiya",
     "ArmedGroup"),
    ("Fighters of the Rafidain Brigades withdrew.", "Rafidain Brigades", "ArmedGroup"),
])
def test_organisations_and_armed_groups_from_their_words(nlp, text, name, label):
    assert entities(nlp, text).get(name) == label


def test_and_separates_two_armed_groups(nlp):
    found = entities(nlp, "Facilities used by Kataib Nasr al-Din and Kataib Furat al-Sham were hit.")
    assert found.get("Kataib Nasr al-Din") == "ArmedGroup"
    assert found.get("Kataib Furat al-Sham") == "ArmedGroup"


def test_a_demonym_before_a_base_word_is_not_a_base(nlp):
    found = entities(nlp, "Rockets hit an Iraqi airbase used by coalition troops.")
    assert all(label != "Base" for label in found.values())


def test_headline_capitals_are_not_names(nlp):
    found = entities(nlp, "Jets Pound Desert Hideouts Of Rebel Fighters Near Border\n\n"
                          "The raids lasted hours.")
    assert not any(label in ("Person", "Organization", "ArmedGroup", "Base") for label in found.values())


@pytest.mark.parametrize("text", [
    "Several Western Officials spoke.",  # capitalised but no cue
    "Meanwhile, Unnamed Sources reported nothing.",
    "However Thursday's talks collapsed.",
])
def test_capitals_without_a_cue_are_left_alone(nlp, text):
    found = entities(nlp, text)
    assert not any(label in ("Person", "Organization", "ArmedGroup", "Base", "Place")
                   for label in found.values())


def test_a_capitalised_office_in_a_quotation_is_not_an_organisation(nlp):
    found = entities(nlp, 'Austin said: "The President and I will not tolerate attacks."')
    assert "President" not in found and "The President" not in found


@pytest.mark.parametrize("text", [
    "Missiles struck the capital of the semi-autonomous Kurdish region overnight.",
    "Shelling hit Sunni areas near the Lebanese border town.",
    "Patrols left the Kurdish base before dawn.",
])
def test_an_adjective_of_a_people_before_a_place_word_is_not_a_name(nlp, text):
    found = entities(nlp, text)
    assert not any(label in ("Place", "Base") for label in found.values())


@pytest.mark.parametrize("text, name", [
    ("Coalition spokesman Col. Tobias Renner said the rockets missed.", "Tobias Renner"),
    ("The rockets missed, said Lt. Col. Dana Kerrigan of the coalition.", "Dana Kerrigan"),
    ("Sgt. Maj. Ellis Varnum was among the wounded.", "Ellis Varnum"),
    ("Task force commander Brig. Gen. Orla Fenwick visited the base.", "Orla Fenwick"),
])
def test_an_abbreviated_title_does_not_end_the_name(nlp, text, name):
    found = entities(nlp, text)
    assert found.get(name) == "Person"
    assert not any(label == "Person" and key.rstrip(".") in ("Col", "Lt", "Sgt", "Maj", "Brig", "Gen")
                   for key, label in found.items())


def test_an_abbreviated_title_keeps_the_sentence_together(nlp):
    doc = nlp("Spokesman Col. Tobias Renner said the rockets missed.")
    assert len(list(doc.sents)) == 1


@pytest.mark.parametrize("text, name", [
    ("Rockets hit the runway of the Samawa airport, still under construction.", "Samawa airport"),
    ("Flights resumed at Zarqan International Airport on Monday.", "Zarqan International Airport"),
])
def test_an_airport_is_a_place(nlp, text, name):
    assert entities(nlp, text).get(name) == "Place"


@pytest.mark.parametrize("text, name", [
    ("Defense Secretary Mark Esper told reporters in Florida the strikes worked.", "Florida"),
    ("Speaking at a church in South Carolina, he vowed a response.", "South Carolina"),
])
def test_us_states_are_places(nlp, text, name):
    assert entities(nlp, text).get(name) == "Place"
