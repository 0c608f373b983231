"""Statements: who said which words, in the shapes that news reports use.

Every article here is written for the test, in the phrasing of a different kind of outlet;
none is taken from the seed articles.
"""
from __future__ import annotations

import pytest

from kg.extract.pipeline import process as run
from kg.extract.attribution import find_quotes
from kg.extract.prose import sentences
from kg.extract.quotes import clean_words




def statements(nlp, text: str) -> list[tuple[str, str]]:
    return [(s.speaker, s.text) for s in run(nlp, text)._.ckg_statements]


def spoken_by(found, speaker: str) -> list[str]:
    return [text for who, text in found if who == speaker]


# --- attribution after the words --------------------------------------------------------------

def test_quote_then_organisation_said_in_a_statement(nlp):
    found = statements(nlp, "“We will respond at a time and place of our choosing,” the Pentagon "
                            "said in a statement on Friday.")
    assert found == [("us-dod", "We will respond at a time and place of our choosing")]


def test_inverted_said_after_quote(nlp):
    found = statements(nlp, '"These strikes were proportionate and necessary," said John Kirby, '
                            "the Pentagon press secretary.")
    assert spoken_by(found, "john-kirby") == ["These strikes were proportionate and necessary"]


def test_speaker_told_an_outlet_is_the_speaker_not_the_outlet(nlp):
    found = statements(nlp, "“We had nothing to do with the drone attack,” a Kataib Hezbollah "
                            "spokesman told Reuters on Monday.")
    assert [who for who, _ in found] == ["kataib-hezbollah"]


def test_reported_clause_then_attribution(nlp):
    found = statements(nlp, "Three drones targeted the base overnight but were shot down, "
                            "the Pentagon said.")
    assert found == [("us-dod", "Three drones targeted the base overnight but were shot down")]


# --- attribution before the words -------------------------------------------------------------

def test_colon_introduces_a_quote(nlp):
    found = statements(nlp, "Lloyd Austin told reporters at the Pentagon: “We know who did this "
                            "and we will hold them accountable.”")
    assert found == [("lloyd-austin", "We know who did this and we will hold them accountable.")]


def test_reported_speech_with_a_named_speaker(nlp):
    found = statements(nlp, "The State Department said that the embassy compound had been "
                            "targeted by at least four rockets.")
    assert found == [("us-state-department",
                      "the embassy compound had been targeted by at least four rockets.")]


def test_denial_keeps_its_verb(nlp):
    found = statements(nlp, "Asa'ib Ahl al-Haq denied any role in the drone attack on the base "
                            "near Erbil.")
    assert len(found) == 1
    speaker, words = found[0]
    assert speaker == "asaib-ahl-al-haq"
    assert words.startswith("denied any role in the drone attack")


def test_apposition_between_speaker_and_verb(nlp):
    found = statements(nlp, "John Kirby, the Pentagon's chief spokesman, said the facilities "
                            "were used to store drones and rockets.")
    assert spoken_by(found, "john-kirby") == ["the facilities were used to store drones and rockets."]


def test_possessive_country_is_the_speaker_when_the_body_is_unnamed(nlp):
    found = statements(nlp, "Jordan's cabinet condemned the strike as a flagrant violation of "
                            "the sovereignty of a neighbouring state.")
    assert [who for who, _ in found] == ["jordan"]


def test_according_to_before_and_after(nlp):
    before = statements(nlp, "According to the State Department, the embassy had received "
                             "threats for weeks before the attack.")
    after = statements(nlp, "The drones were launched from inside western Iraq, according to "
                            "the Pentagon.")
    assert before == [("us-state-department",
                       "the embassy had received threats for weeks before the attack.")]
    assert after == [("us-dod", "The drones were launched from inside western Iraq")]


# --- stand-ins, split and continued quotes --------------------------------------------------

def test_pronoun_points_to_the_last_named_speaker(nlp):
    found = statements(nlp, "Lloyd Austin said the United States would not tolerate attacks on "
                            "its troops. “The attack was reckless,” he said. “We will hold those "
                            "responsible to account.”")
    assert [who for who, _ in found] == ["lloyd-austin", "lloyd-austin"]
    quoted = found[1][1]
    assert "The attack was reckless" in quoted and "hold those responsible" in quoted


def test_the_statement_points_to_the_organisation(nlp):
    found = statements(nlp, "The Pentagon issued a statement late on Thursday.\n\n"
                            "The statement said the strikes destroyed two buildings used by "
                            "the militia.")
    assert found == [("us-dod", "the strikes destroyed two buildings used by the militia.")]


def test_stand_in_person_noun(nlp):
    found = statements(nlp, "John Kirby announced the strikes on Sunday evening from Washington. "
                            "The spokesman described the targets as “weapons storage facilities "
                            "used by Iran-backed groups.”")
    assert [who for who, _ in found] == ["john-kirby", "john-kirby"]


def test_quote_continued_in_the_next_paragraph(nlp):
    found = statements(nlp, "John Kirby told reporters: “The strikes hit three facilities near "
                            "the border.\n\n“They were used by Kataib Hezbollah to plan attacks on "
                            "American forces in Iraq.”")
    assert [who for who, _ in found] == ["john-kirby", "john-kirby"]
    assert found[1][1].startswith("They were used by Kataib Hezbollah")


def test_broken_marks_from_a_translated_page(nlp):
    found = statements(nlp, "In a statement, the Pentagon said the strike targeted a weapons "
                            "depot.\nThe strike was necessary to protect our forces in the "
                            "region, “the statement added.")
    assert ("us-dod", "The strike was necessary to protect our forces in the region") in found


def test_relative_clause_speaker_of_a_quoted_phrase(nlp):
    found = statements(nlp, "“We did not fire those rockets,” the militia's spokesman told "
                            "Reuters, which called the remarks a “rare public denial.”")
    assert ("reuters", "the remarks a rare public denial.") in found


# --- not statements ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "US officials said the drone was launched from a militia stronghold in Iraq.",
    "Iraqi security sources told AFP that the rockets landed near the embassy compound.",
    "“The situation is very tense,” one resident said by telephone from the town.",
])
def test_unnamed_speakers_give_no_statement(nlp, text):
    assert statements(nlp, text) == []


@pytest.mark.parametrize("text", [
    "The Pentagon declined to comment on the report about the drone strike.",
    "The Pentagon did not say whether the strike had hit any of the militia's commanders.",
    "Kataib Hezbollah did not immediately respond to a request for comment on Sunday.",
])
def test_negated_speech_is_no_statement(nlp, text):
    assert statements(nlp, text) == []


def test_reported_casualty_count_is_a_claim_not_a_statement(nlp):
    doc = run(nlp, "The Syrian Observatory for Human Rights said six fighters were killed in "
                   "the raid.")
    assert doc._.ckg_statements == []
    assert [(c.killed, c.reported_by) for c in doc._.ckg_casualties] == [(6, "sohr")]


def test_headline_verbs_are_not_speech(nlp):
    found = statements(nlp, "Pentagon Says Strikes Hit Militia Targets Along Syrian Border\n\n"
                            "The strikes were carried out on Sunday night.")
    assert found == []


def test_the_same_words_by_the_same_speaker_once(nlp):
    found = statements(nlp, "“We will defend our people,” the Pentagon said.\n\n"
                            "“We will defend our people,” the Pentagon said again on Monday.")
    assert len(found) == 1


def test_scare_quotes_are_not_statements(nlp):
    found = statements(nlp, "The so-called “resistance” groups fired “dozens” of rockets at the "
                            "base, a “message” to Washington.")
    assert found == []


# --- which event ------------------------------------------------------------------------------

def test_statement_is_about_the_event_its_sentence_reports(nlp):
    doc = run(nlp, "US warplanes carried out airstrikes on Kataib Hezbollah facilities near "
                   "Al Bukamal on Sunday.\n\n"
                   "The Pentagon said the airstrikes on Sunday hit weapons depots near Al "
                   "Bukamal.")
    events = doc._.ckg_events.events
    assert events, "the events component found no strike"
    (statement,) = doc._.ckg_statements
    assert statement.about == events[0].key


# --- the pieces -------------------------------------------------------------------------------

def test_quote_marks_pair_within_a_paragraph_whatever_their_glyph():
    text = 'He said "we are ready,” and left.'
    (quote,) = find_quotes(text)
    assert text[quote.start:quote.end] == "we are ready,"


def test_unclosed_quote_runs_to_the_end_of_its_paragraph():
    text = "She said: “First part of the quote.\n“Second part.”"
    quotes = find_quotes(text)
    assert [text[q.start:q.end] for q in quotes] == ["First part of the quote.", "Second part."]
    assert quotes[0].unclosed


def test_apostrophes_are_not_quote_marks():
    assert find_quotes("Syria’s army and Kait’ib Hezbollah’s fighters moved.") == []


def test_sentences_do_not_end_at_abbreviations():
    text = "The Feb. 15 attack hit U.S. forces. A second attack followed."
    assert [text[s:e].strip() for s, e in sentences(text)] == [
        "The Feb. 15 attack hit U.S. forces.", "A second attack followed."]


def test_clean_words_drops_marks_and_leading_that():
    assert clean_words("that the “precision airstrikes” had hit,") == \
        "the precision airstrikes had hit"


def test_coordinated_verbs_are_two_statements_of_one_speaker(nlp):
    found = statements(nlp, "Iran's foreign ministry condemned the strikes as “illegal "
                            "aggression” and warned that Washington would bear full responsibility.")
    assert len(found) == 2
    assert found[0][0] == found[1][0]
    assert "illegal aggression" in found[0][1] and "Washington" not in found[0][1]
    assert "Washington would bear full responsibility" in found[1][1]


def test_a_second_verb_after_a_comma_and_keeps_the_speaker(nlp):
    found = statements(nlp, "Defense Secretary Mark Esper told reporters in Florida that the "
                            "strikes were “successful,” and warned that further action was "
                            "possible against the militia.")
    assert [who for who, _ in found] == ["mark-esper", "mark-esper"]
    assert "further action was possible" in found[1][1]


def test_an_unnamed_group_of_officials_from_two_countries_is_no_speaker(nlp):
    found = statements(nlp, "The drone hit a car carrying two commanders of the militia in "
                            "eastern Baghdad on Wednesday night, U.S. and Iraqi officials said.")
    assert found == []


def test_a_possessive_before_a_speech_verb_makes_it_an_adjective(nlp):
    found = statements(nlp, "The militia's announced truce with the government has largely held "
                            "since the end of January.")
    assert found == []


def test_a_phrase_before_the_subject_does_not_hide_it(nlp):
    found = statements(nlp, "Speaking later at a rally in Ohio, Lloyd Austin told the crowd: "
                            "“We will respond to this attack.”")
    assert found == [("lloyd-austin", "We will respond to this attack.")]


def test_he_after_a_quote_points_to_the_last_person_named(nlp):
    found = statements(nlp, "US President Donald Trump, writing on Twitter, played down the "
                            "attack.\n“All is well! An assessment is taking place now,” he wrote.")
    assert found == [("donald-trump", "All is well! An assessment is taking place now")]


def test_the_coalition_stands_for_the_coalition_not_the_last_speaker(nlp):
    found = statements(nlp, "A drone struck a base of the international coalition near the city "
                            "of Hasakah. The Syrian Observatory for Human Rights said that the "
                            "strikes hit at least four militia depots in the desert. Rockets also "
                            "struck a second base on Friday morning, according to the coalition.")
    assert ("sohr", "the strikes hit at least four militia depots in the desert.") in found
    assert all(who != "sohr" or "Rockets" not in words for who, words in found)


def test_a_title_before_the_name_does_not_end_the_attribution(nlp):
    found = statements(nlp, "“We will not be deterred,” Defense Secretary Lloyd Austin told "
                            "reporters in Brussels.")
    assert found == [("lloyd-austin", "We will not be deterred")]


def test_words_after_a_comma_that_name_no_speaker_are_not_an_attribution(nlp):
    found = statements(nlp, "Kataib Hezbollah, an Iran-backed militia, has in the past denied "
                            "responsibility for similar rocket attacks on the embassy.")
    assert [who for who, _ in found] == ["kataib-hezbollah"]
