"""Casualty claims: counts, who claims them and about which event.

Every article here is written for the test, in the phrasing of a different kind of outlet;
none is taken from the seed articles.
"""
from __future__ import annotations

import pytest

from kg.extract.pipeline import process as run
from kg.extract.casualties import to_number




def claims(nlp, text: str) -> list[tuple[int | None, int | None, str | None]]:
    return [(c.killed, c.injured, c.reported_by) for c in run(nlp, text)._.ckg_casualties]


# --- counts -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, killed, injured", [
    ("At least five fighters were killed in the overnight raid.", 5, None),
    ("The strike hit a farmhouse, killing one child and wounding three other civilians.", 1, 3),
    ("A contractor was killed and nine others, including six Americans, were injured when the "
     "rockets landed.", 1, 9),
    ("The rocket attack killed a US military contractor and wounded nine others.", 1, 9),
    ("Two soldiers died and 14 were wounded after the convoy was ambushed.", 2, 14),
    ("Twenty-one people were killed in the bombing of the market.", 21, None),
    ("Another round of rockets struck the airport, hurting at least one contractor.", None, 1),
    ("One person lost his life and two others were injured in the drone attack.", 1, 2),
    ("The death toll from the car bombing rose to 12 on Tuesday.", 12, None),
    ("No one was hurt when two rockets landed near the embassy.", None, 0),
])
def test_counts(nlp, text, killed, injured):
    assert claims(nlp, text) == [(killed, injured, None)]


@pytest.mark.parametrize("text", [
    "Several fighters were killed and dozens wounded in the raid.",
    "Hundreds of people have been killed in such attacks over the years.",
    "The militia vowed to kill American soldiers if the strikes continued.",
    "Five people were killed or wounded in the clashes, medics said.",
    "The Pentagon did not say whether anyone was killed or injured in the strikes.",
    "The attack took place in 2019 and killed nobody we know of.",
])
def test_no_count_no_claim(nlp, text):
    assert claims(nlp, text) == []


def test_a_named_killing_is_one_killed(nlp):
    found = claims(nlp, "Iran vowed revenge for the killing of its top general, Qassem "
                        "Soleimani, in a drone strike at Baghdad airport.")
    assert found == [(1, None, None)]


def test_killing_of_two_named_men_counts_two(nlp):
    found = claims(nlp, "The drone strike killed Qassem Soleimani and Abu Mahdi al-Muhandis as "
                        "they left Baghdad airport.")
    assert found == [(2, None, None)]


def test_year_is_not_a_count(nlp):
    assert to_number("2020") == 2020  # the parser reads it; the rule then drops years
    assert claims(nlp, "Since 2020 killed civilians have been counted by local monitors.") == []


# --- who claims it ----------------------------------------------------------------------------

def test_source_is_the_speaker_of_the_count(nlp):
    found = claims(nlp, "The Syrian Observatory for Human Rights said at least seven militiamen "
                        "were killed in the strikes.")
    assert found == [(7, None, "sohr")]


def test_according_to_names_the_source(nlp):
    found = claims(nlp, "Two civilians were wounded by the shelling, according to the Syrian "
                        "Arab News Agency.")
    assert found == [(None, 2, "sana")]


def test_unnamed_sources_claim_for_no_one(nlp):
    found = claims(nlp, "Iraqi security sources told AFP that four militiamen died in the "
                        "explosion.")
    assert found == [(4, None, None)]


def test_the_innermost_speaker_claims_it(nlp):
    found = claims(nlp, "Syrian state news agency SANA reported that a child had died and three "
                        "people were wounded, AFP said.")
    assert found == [(1, 3, "sana")]


def test_stand_in_points_to_the_last_named_outlet(nlp):
    found = claims(nlp, "A correspondent for the Syrian Arab News Agency said warplanes hit "
                        "houses on the outskirts. The correspondent said the raid had killed "
                        "two civilians.")
    assert found == [(2, None, "sana")]


def test_a_quoted_count_is_claimed_by_the_speaker(nlp):
    found = claims(nlp, "“Three of our fighters were martyred,” a Kataib Hezbollah spokesman "
                        "told reporters.")
    assert found == [(3, None, "kataib-hezbollah")]


def test_negated_clause_does_not_hide_the_next_one(nlp):
    found = claims(nlp, "The Pentagon did not say whether anyone was killed, but the Syrian "
                        "Observatory for Human Rights said at least five fighters died.")
    assert found == [(5, None, "sohr")]


def test_a_pledge_is_not_a_claim_of_the_count(nlp):
    found = claims(nlp, "Iran has pledged revenge for the killing of Qassem Soleimani.")
    assert found == [(1, None, None)]


def test_different_sources_stay_side_by_side(nlp):
    found = claims(nlp, "The Syrian Observatory for Human Rights said five fighters were killed. "
                        "The Syrian Arab News Agency reported that one civilian was killed.")
    assert sorted(found, key=str) == sorted([(5, None, "sohr"), (1, None, "sana")], key=str)


def test_the_same_claim_repeated_is_one_claim(nlp):
    found = claims(nlp, "The Syrian Observatory for Human Rights said five fighters were killed "
                        "in the raid.\n\nThe raid came hours after a drone attack on the base.\n\n"
                        "The Syrian Observatory for Human Rights said five fighters were killed.")
    assert found.count((5, None, "sohr")) == 1


# --- about which event ------------------------------------------------------------------------

def test_that_attack_is_the_attack_just_mentioned(nlp):
    doc = run(nlp, "US aircraft struck militia positions near Al Bukamal on Friday.\n\n"
                   "The strikes came after a rocket attack on a base in Erbil last week. That "
                   "attack killed a contractor and wounded six others.")
    (claim,) = doc._.ckg_casualties
    events = doc._.ckg_events
    rocket = [e for e in events.events if e.type == "Attack"]
    assert rocket, "the events component found no rocket attack"
    assert claim.about == rocket[-1].key


def test_count_after_a_response_cue_belongs_to_the_answered_attack(nlp):
    doc = run(nlp, "The United States launched airstrikes in Syria in retaliation for a "
                   "drone attack that killed three American soldiers in Jordan.")
    events = doc._.ckg_events
    assert len(events.events) >= 2, "the events component must split the strike from the attack"
    (claim,) = doc._.ckg_casualties
    answered = events.events[0].in_response_to
    assert claim.about in answered


def test_a_headline_count_is_not_a_second_claim(nlp):
    found = claims(nlp, "Rocket attack kills two at Iraqi base\n\n"
                        "Two rockets struck the base on Wednesday, killing a contractor and "
                        "wounding four soldiers.")
    assert found == [(1, 4, None)]


def test_according_to_is_the_source_beside_another_speaker(nlp):
    found = claims(nlp, "The Islamic Resistance in Iraq claimed the attack on the base, which "
                        "wounded more than 40 service members, according to the Pentagon.")
    assert found == [(None, 40, "us-dod")]


def test_a_named_victim_picks_the_event_that_targeted_him(nlp):
    doc = run(nlp, "Iran has vowed revenge for the US drone strike that killed Qassem Soleimani "
                   "in January 2020, which came after militants killed a US contractor in a "
                   "rocket attack on a base near Kirkuk.")
    events = doc._.ckg_events
    targeted = [e for e in events.events if "qasem-soleimani" in e.targets]
    assert targeted and len(events.in_sentence(next(doc.sents))) >= 2, \
        "the events component must report both events, one with the target"
    by_count = {c.rule: c.about for c in doc._.ckg_casualties}
    assert by_count["casualties.killing-of-named"] == targeted[0].key


# --- lists, abbreviations, definite nouns, none and "among" ----------------------------------

@pytest.mark.parametrize("text, killed, injured", [
    ("Three soldiers, two policemen and a civilian worker were killed in the raids on Friday.",
     6, None),
    ("The bombing killed two Iraqi soldiers and a Kurdish fighter near the checkpoint.", 3, None),
    ("Rockets hit the base, killing one interpreter and wounding four U.S. service members and "
     "two members of the security forces.", 1, 6),
    ("Five of its members and two “guests” had been killed when the convoy was hit.", 7, None),
    ("A drone attack in the desert that killed three U.S. soldiers drew condemnation.", 3, None),
    ("At least one local civilian was among the injured when the shells landed.", None, 1),
    ("The army said there were no casualties among its forces after the shelling.", 0, 0),
    ("Two rockets landed inside the perimeter without injuries on Friday morning.", None, 0),
    ("By late evening the number of wounded had risen to 34, hospital staff said.", None, 34),
])
def test_more_counts(nlp, text, killed, injured):
    assert [(k, i) for k, i, _ in claims(nlp, text)] == [(killed, injured)]


def test_a_first_count_and_others_unstated_is_no_count(nlp):
    found = claims(nlp, "The rockets killed a contractor and wounded a U.S. service member and "
                        "other coalition personnel at the base.")
    assert [(k, i) for k, i, _ in found] == [(1, None)]


def test_a_title_before_a_name_does_not_end_the_killing(nlp):
    found = claims(nlp, "The drone strike killed Gen. Qassem Soleimani and Abu Mahdi al-Muhandis "
                        "near the airport.")
    assert [(k, i) for k, i, _ in found] == [(2, None)]


def test_killing_a_named_commander_counts_one(nlp):
    found = claims(nlp, "By killing Kataib Hezbollah commander Abu Baqir al-Saadi in eastern "
                        "Baghdad, Washington raised the stakes.")
    assert [(k, i) for k, i, _ in found] == [(1, None)]


def test_killing_the_contractor_repeats_the_lead_and_completes_it(nlp):
    found = claims(nlp, "A rocket attack killed a civilian contractor near Kirkuk on Friday.\n"
                        "More than 30 rockets hit the base, killing the contractor and wounding "
                        "four U.S. service members.")
    assert [(k, i) for k, i, _ in found] == [(1, 4)]


def test_two_sources_in_one_sentence_are_two_claims(nlp):
    doc = run(nlp, "A drone hit a base in Jordan on Sunday. Central Command said 25 service "
                   "members were injured; the Pentagon later raised the number of wounded to 34.")
    found = [(c.killed, c.injured, c.reported_by) for c in doc._.ckg_casualties]
    assert found == [(None, 25, "us-centcom"), (None, 34, "us-dod")]
    spans = {(c.start_char, c.end_char) for c in doc._.ckg_casualties}
    assert len(spans) == 2


def test_a_war_monitor_after_the_name_is_the_source(nlp):
    found = claims(nlp, "In Syria, the Syrian Observatory for Human Rights war monitor said at "
                        "least 18 fighters were killed in the strikes.")
    assert found == [(18, None, "sohr")]


def test_state_media_claim_with_a_quoted_noun(nlp):
    found = claims(nlp, "State television claimed that 80 “American terrorists” had been killed "
                        "in the missile strikes.")
    assert [(k, i) for k, i, _ in found] == [(80, None)]


def test_a_participle_after_a_response_cue_tells_of_the_main_event(nlp):
    doc = run(nlp, "A U.S. drone strike hit a car in Baghdad on Wednesday in response to the "
                   "drone attack on a base in Jordan, killing a senior militia commander.")
    events = {e.key: e for e in doc._.ckg_events.events}
    found = doc._.ckg_casualties
    assert len(found) == 1 and found[0].killed == 1
    assert events[found[0].about].type == "Strike"
