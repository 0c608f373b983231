"""Strikes and attacks found in short articles written for these tests, in varied phrasings."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.extract import build_pipeline
from kg.extract.pipeline import extract
from kg.models import Article

THURSDAY_REPORT = dt.date(2021, 2, 26)  # a Friday
SUNDAY_REPORT = dt.date(2021, 6, 28)  # a Monday


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def events_of(nlp, text, published=None):
    """The article's events with entity keys replaced by labels, for readable assertions."""
    extraction = extract(Article(id="t.txt", text=text, published=published), nlp)
    label = {e.key: e.label for e in extraction.entities}
    events = []
    for event in extraction.events:
        events.append({
            "key": event.key, "type": event.type, "date": event.date, "hint": event.date_hint,
            "perpetrators": [label[k] for k in event.perpetrators],
            "ordered_by": [label[k] for k in event.ordered_by],
            "targets": [label[k] for k in event.targets],
            "locations": [label[k] for k in event.locations],
            "in_response_to": list(event.in_response_to), "weapons": event.weapons})
    return events


def test_a_strike_with_its_date_agent_orderer_and_places(nlp):
    text = ("Late on Thursday, US warplanes, at the direction of President Joe Biden, bombed "
            "a weapons depot near Al Bukamal in eastern Syria, officials said.")
    [event] = events_of(nlp, text, THURSDAY_REPORT)
    assert event["type"] == "Strike"
    assert event["date"] == "2021-02-25"
    assert event["perpetrators"] == ["United States"]
    assert event["ordered_by"] == ["Joe Biden"]
    assert event["locations"][:2] == ["Al Bukamal", "Syria"]
    assert "United States" not in event["locations"]  # "US warplanes" is no place
    assert "warplanes" in event["weapons"]


def test_a_service_acts_for_its_state_and_named_groups_are_targets(nlp):
    text = ("The US Air Force launched airstrikes on Sunday against Kata'ib Hezbollah "
            "positions in Iraq.")
    [event] = events_of(nlp, text, SUNDAY_REPORT)
    assert set(event["perpetrators"]) == {"United States Air Force", "United States"}
    assert event["targets"] == ["Kata'ib Hezbollah"]
    assert event["locations"] == ["Iraq"]
    assert event["date"] == "2021-06-27"


def test_the_attack_a_strike_answers_is_an_event_of_its_own(nlp):
    text = ("American jets struck militia sites in Syria on Thursday. The raids were in "
            "retaliation for a rocket attack on Feb. 15 that killed a contractor in Erbil.")
    strike, attack = events_of(nlp, text, THURSDAY_REPORT)
    assert strike["type"] == "Strike" and attack["type"] == "Attack"
    assert strike["in_response_to"] == [attack["key"]]
    assert attack["date"] == "2021-02-15"
    assert attack["locations"] == ["Erbil", "Iraq"]
    assert strike["locations"] == ["Syria"]


def test_an_earlier_strike_mentioned_in_passing(nlp):
    text = ("U.S. aircraft hit two sites in Iraq on Sunday, the Pentagon said. Biden last "
            "ordered strikes against a target in Syria in February.")
    current, earlier = events_of(nlp, text, SUNDAY_REPORT)
    assert current["date"] == "2021-06-27"
    assert earlier["date"] == "2021-02"
    assert earlier["ordered_by"] == ["Joe Biden"]
    assert earlier["locations"] == ["Syria"]
    assert "United States Department of Defense" not in current["perpetrators"]


def test_a_targeted_killing_is_an_event_whose_target_is_the_person(nlp):
    text = ("Iran has vowed revenge for the January 2020 killing of Qassem Soleimani in "
            "Baghdad.")
    [event] = events_of(nlp, text)
    assert event["targets"] == ["Qasem Soleimani"]
    assert event["date"] == "2020-01"


def test_a_drone_attack_by_a_state_is_a_strike(nlp):
    text = "It followed a US drone attack that killed Qassem Soleimani near Baghdad airport."
    [event] = events_of(nlp, text)
    assert event["type"] == "Strike"
    assert event["perpetrators"] == ["United States"]
    assert "Qasem Soleimani" in event["targets"]


def test_later_mentions_join_the_event_and_speakers_are_not_perpetrators(nlp):
    text = ("Israeli warplanes struck targets near Damascus on Sunday.\n\n"
            "The Syrian Observatory for Human Rights said the strikes killed four fighters.\n"
            "The Pentagon declined to comment on the raid.")
    [event] = events_of(nlp, text, SUNDAY_REPORT)
    assert event["perpetrators"] == ["Israel"]
    assert "Syrian Observatory for Human Rights" not in event["perpetrators"]


def test_another_attack_is_a_new_event(nlp):
    text = ("Rockets hit a base hosting U.S. troops in Erbil on Monday. Days later, another "
            "rocket attack struck Baghdad's Green Zone.")
    first, second = events_of(nlp, text, SUNDAY_REPORT)
    assert first["key"] != second["key"]
    assert "Green Zone" in second["locations"]
    assert "United States" not in first["perpetrators"]


def test_a_bearing_gives_the_country_not_the_place(nlp):
    text = "A barrage of rockets slammed into a base north of Baghdad on Saturday."
    [event] = events_of(nlp, text, SUNDAY_REPORT)
    assert event["locations"] == ["Iraq"]


def test_without_a_publication_date_a_weekday_is_kept_as_a_hint(nlp):
    text = "Biden ordered airstrikes in Syria, the Pentagon said on Thursday evening."
    [event] = events_of(nlp, text)
    assert event["date"] is None
    assert event["hint"] == "Thursday"


def test_a_militia_attack_is_an_attack_by_the_group(nlp):
    text = "Kata'ib Hezbollah fighters fired rockets at a U.S. base in Erbil on Tuesday."
    [event] = events_of(nlp, text, THURSDAY_REPORT)
    assert event["type"] == "Attack"
    assert event["perpetrators"] == ["Kata'ib Hezbollah"]


def test_habits_and_counts_of_many_attacks_are_not_events(nlp):
    text = ("The militia has long been accused of launching rockets at US troops. The "
            "coalition has staged many attacks against the groups in the past.")
    assert events_of(nlp, text) == []


def test_groups_that_used_the_struck_facilities_are_targets(nlp):
    text = ("U.S. warplanes struck weapons storage facilities in Syria on Sunday. "
            "\"Kata'ib Hezbollah and Kata'ib Sayyid al-Shuhada used these facilities,\" "
            "a spokesman said.")
    [event] = events_of(nlp, text, SUNDAY_REPORT)
    assert set(event["targets"]) == {"Kata'ib Hezbollah", "Kata'ib Sayyid al-Shuhada"}


def test_a_sentence_is_about_the_event_in_the_foreground(nlp):
    text = ("US jets bombed a depot in Syria on Sunday in response to drone attacks on US "
            "forces in Iraq.\nOfficials said two people were wounded.")
    doc = nlp(text)
    events = doc._.ckg_events
    strike = events.events[0]
    last = list(doc.sents)[-1]
    assert events.in_sentence(last) == []
    assert events.about(last) is strike  # not the drone attacks it answered


def test_a_dateline_names_neither_perpetrator_nor_place(nlp):
    text = ("Strikes hit militia depots\n\nDAMASCUS, March 3 (Reuters) - Israeli jets struck "
            "weapons depots near Aleppo on Tuesday, a war monitor said.")
    [event] = events_of(nlp, text)
    assert event["perpetrators"] == ["Israel"]
    assert "Reuters" not in event["perpetrators"]
    assert "Damascus" not in event["locations"]


def test_a_dateline_with_an_agency_in_brackets_and_a_dash(nlp):
    text = ("ERBIL (AP) — Rockets slammed into a base hosting coalition troops in Kirkuk on "
            "Monday, officials said.")
    [event] = events_of(nlp, text, SUNDAY_REPORT)
    assert "Erbil" not in event["locations"]
    assert "Associated Press" not in event["perpetrators"]


def test_a_weekday_is_bounded_by_the_day_the_dateline_gives(nlp):
    text = ("BAGHDAD, Nov 14 (Reuters) - U.S. warplanes bombed a militia depot in Iraq on "
            "Sunday, officials said.")
    [event] = events_of(nlp, text)
    assert event["date"] is None
    assert event["hint"] == "Sunday<=--11-14"


def test_a_country_named_as_a_modifier_of_the_attack_is_where_it_was(nlp):
    text = "Three soldiers died in the Jordan attack, officials said."
    [event] = events_of(nlp, text)
    assert event["perpetrators"] == []
    assert event["locations"] == ["Jordan"]
    text = "The strikes came in retaliation for a US drone attack in Syria."
    assert "United States" in events_of(nlp, text)[-1]["perpetrators"]


# --- orderers, users, places of speaking ------------------------------------------------------

def test_an_order_by_title_alone_goes_to_the_person_holding_the_title(nlp):
    text = ("American aircraft bombed a militia depot in eastern Syria on Thursday. Officials "
            "said the raid was launched on the orders of the president. President Joe Biden "
            "later spoke to allies by phone.")
    [event] = events_of(nlp, text, THURSDAY_REPORT)
    assert event["ordered_by"] == ["Joe Biden"]


def test_a_passive_order_names_who_ordered_it(nlp):
    text = ("The Pentagon called them limited airstrikes, authorized by President Joe Biden, "
            "against two militia compounds in Syria on Thursday.")
    [event] = events_of(nlp, text, THURSDAY_REPORT)
    assert event["ordered_by"] == ["Joe Biden"]


def test_a_speaker_who_says_he_ordered_the_strikes_ordered_them(nlp):
    text = ("US jets struck militia targets in Syria on Thursday. Defense Secretary Lloyd "
            "Austin told reporters he had authorized the strikes himself.")
    [event] = events_of(nlp, text, THURSDAY_REPORT)
    assert event["ordered_by"] == ["Lloyd Austin"]


def test_groups_said_to_operate_the_struck_sites_are_targets(nlp):
    text = ("US warplanes hit weapons depots in Iraq on Sunday. A spokesman said the depots "
            "were operated by two militias, among them Kata'ib Hezbollah.")
    [event] = events_of(nlp, text, SUNDAY_REPORT)
    assert "Kata'ib Hezbollah" in event["targets"]


def test_users_of_struck_sites_are_not_targets_of_the_attacks_they_are_blamed_for(nlp):
    text = ("US jets bombed militia sites in Iraq on Sunday. The sites were used by Kata'ib "
            "Hezbollah, which officials blame for rocket attacks on American troops.")
    events = events_of(nlp, text, SUNDAY_REPORT)
    assert "Kata'ib Hezbollah" in events[0]["targets"]
    assert all("Kata'ib Hezbollah" not in e["targets"] for e in events[1:])


def test_a_person_identified_after_the_telling_is_the_target(nlp):
    text = ("A US drone strike hit a car in Baghdad on Sunday, killing a senior militia "
            "commander. Iraqi security sources named the slain commander as Abu Mahdi "
            "al-Muhandis.")
    [event] = events_of(nlp, text, SUNDAY_REPORT)
    assert "Abu Mahdi al-Muhandis" in event["targets"]


def test_a_place_far_after_a_pointer_back_is_where_it_happened(nlp):
    text = ("US jets bombed militia sites on Thursday. A war monitor said the raids had killed "
            "at least nine fighters from an armed faction in the desert city of Deir ez-Zor.")
    [event] = events_of(nlp, text, THURSDAY_REPORT)
    assert "Deir ez-Zor" in event["locations"]


def test_where_a_speaker_spoke_is_not_where_the_strike_was(nlp):
    text = ("A US general told journalists in Baghdad that American jets bombed militia "
            "sites in Syria on Thursday.")
    [event] = events_of(nlp, text, THURSDAY_REPORT)
    assert "Baghdad" not in event["locations"]
    assert "Iraq" not in event["locations"]


def test_a_capital_standing_for_its_government_is_no_location(nlp):
    text = ("Washington's answer came on Thursday: a wave of airstrikes on militia sites "
            "in Syria.")
    [event] = events_of(nlp, text, THURSDAY_REPORT)
    assert event["locations"] == ["Syria"]


def test_a_state_firing_a_counted_volley_of_missiles_strikes(nlp):
    text = "Iran fired over a dozen cruise missiles at a base in Iraq on Thursday."
    [event] = events_of(nlp, text, THURSDAY_REPORT)
    assert event["type"] == "Strike"
    assert event["perpetrators"] == ["Iran"]


def test_that_before_the_is_a_conjunction_not_a_demonstrative(nlp):
    text = ("Iran launched a missile strike on US troops in Iraq in retaliation for the "
            "assassination of Qassem Soleimani. The Revolutionary Guards said that the attack "
            "early on Thursday hit two barracks.")
    strike, killing = events_of(nlp, text, THURSDAY_REPORT)
    assert strike["perpetrators"] == ["Iran"]
    assert strike["date"] == "2021-02-25"
    assert killing["date"] is None


def test_a_launched_wave_of_strikes_is_one_event(nlp):
    text = ("US forces carried out a wave of airstrikes on Thursday against militia "
            "positions in Iraq.")
    [event] = events_of(nlp, text, THURSDAY_REPORT)
    assert event["type"] == "Strike" and event["date"] == "2021-02-25"
    assert event["perpetrators"][:1] == ["United States"] or "United States" in event["perpetrators"]


def test_a_state_with_one_modifier_before_its_forces_is_the_perpetrator(nlp):
    text = "The American occupation troops bombed two depots in Iraq on Thursday."
    [event] = events_of(nlp, text, THURSDAY_REPORT)
    assert event["perpetrators"] == ["United States"]
    text = "Iranian proxy forces fired rockets at a base in Iraq on Thursday."
    [event] = events_of(nlp, text, THURSDAY_REPORT)
    assert "Iran" not in event["perpetrators"]


@pytest.mark.parametrize("text, place, people", [
    ("A rocket attack killed a civilian contractor near Kirkuk, United States officials said.",
     "Kirkuk", "United States"),
    ("Drones struck an outpost near Al-Tanf, U.S. officials said on Monday.", "Al-Tanf",
     "United States"),
    ("Mortar rounds landed near Erbil, UK officials said.", "Erbil", "United Kingdom"),
    ("Several rockets fell on a base in Erbil, US military sources told reporters.", "Erbil",
     "United States"),
])
def test_a_state_named_for_its_people_is_not_where_it_happened(nlp, text, place, people):
    [event] = events_of(nlp, text)
    assert place in event["locations"]
    assert people not in event["locations"]


def test_a_state_named_as_the_place_is_still_the_place(nlp):
    [event] = events_of(nlp, "A drone attack near Tower 22 in Jordan killed three soldiers.")
    assert "Jordan" in event["locations"]


@pytest.mark.parametrize("text, place", [
    ("Two rockets fell inside the Green Zone on Tuesday.", "Green Zone"),
    ("A drone exploded near the runway at Erbil airport late on Monday.", "Erbil"),
    ("Mortar rounds rained down on Camp Taji overnight.", "Camp Taji"),
    ("Dozens of rockets struck Ain al-Asad air base on Wednesday.", "Ain al-Asad"),
])
def test_projectiles_that_fall_or_explode_are_an_attack(nlp, text, place):
    [event] = events_of(nlp, text)
    assert event["type"] == "Attack"
    assert any(place in location for location in event["locations"])


def test_a_count_of_attacks_is_a_campaign_but_a_count_of_rockets_is_one_attack(nlp):
    assert events_of(nlp, "Militias have carried out dozens of attacks on bases in Iraq.") == []
    [event] = events_of(nlp, "Dozens of rockets hit a base in Iraq on Tuesday.")
    assert event["type"] == "Attack"


@pytest.mark.parametrize("text, group", [
    ("Saraya Awliya al-Dam claimed responsibility for the attack on Erbil airport.",
     "Saraya Awliya al-Dam"),
    ("Kata'ib Hezbollah claimed the rocket attack on the base.", "Kata'ib Hezbollah"),
    ("Saraya Awliya al-Dam, a little-known group, claimed Monday's rocket attack on Erbil.",
     "Saraya Awliya al-Dam"),
    ("The Islamic Resistance in Iraq later claimed a drone attack on Al-Tanf.",
     "Islamic Resistance in Iraq"),
])
def test_the_group_that_claims_an_attack_is_its_perpetrator(nlp, text, group):
    [event] = events_of(nlp, text)
    assert event["perpetrators"] == [group]


def test_the_group_another_says_claimed_it_is_the_one_that_claimed_it(nlp):
    text = "The Pentagon said Kata'ib Hezbollah claimed the rocket attack on the base."
    [event] = events_of(nlp, text)
    assert event["perpetrators"] == ["Kata'ib Hezbollah"]


def test_a_militia_named_for_a_country_does_not_make_the_country_a_perpetrator(nlp):
    text = ("The Islamic Resistance in Iraq, an umbrella of armed groups, said it had launched "
            "drones at three bases in Syria.")
    [event] = events_of(nlp, text)
    assert event["perpetrators"] == ["Islamic Resistance in Iraq"]


def test_a_state_body_that_claims_strikes_speaks_for_its_state(nlp):
    [event] = events_of(nlp, "Pentagon claims airstrikes against militias along the Syrian "
                             "border on Sunday.", SUNDAY_REPORT)
    assert "United States Department of Defense" not in event["perpetrators"]


def test_extraction_does_not_depend_on_the_interpreter_hash_seed():
    """Workers on a Dask cluster are separate interpreters, each with its own hash seed: a
    record must come out the same in every one ("Rockets" and "rockets" in either order
    would not)."""
    import subprocess
    import sys

    script = ("from kg.extract import build_pipeline\n"
              "from kg.extract.pipeline import extract\n"
              "from kg.models import Article\n"
              "text = ('Rockets hit the base in Erbil on Monday. The rockets struck near the "
              "airport, and Katyusha rockets landed in the city.')\n"
              "print(extract(Article(id='t.txt', text=text), build_pipeline())"
              ".model_dump_json())\n")
    outputs = set()
    for seed in ("0", "1", "2", "3"):
        run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             check=True, env={**__import__("os").environ, "PYTHONHASHSEED": seed})
        outputs.add(run.stdout)
    assert len(outputs) == 1


@pytest.mark.parametrize("text, kind", [
    ("The strike came days after the United States hit more than 85 targets in Iraq and Syria.",
     "Strike"),
    ("US forces struck seven sites in Syria on Friday.", "Strike"),
    ("Kata'ib Hezbollah fighters pounded army positions near Kirkuk.", "Attack"),
])
def test_hitting_targets_is_an_event_whose_kind_follows_who_did_it(nlp, text, kind):
    events = events_of(nlp, text)
    assert kind in {e["type"] for e in events}
