"""Cross-article resolution of events: one node per real strike, whatever the order."""
from __future__ import annotations

import random

import pytest

from kg.iris import Minter
from kg.models import Article, ArticleExtraction, Entity, Event, Evidence
from kg.resolve import resolve

MINTER = Minter("https://example.org/r/")
ENTITIES = {
    "united-states": ("United States", "Country"), "syria": ("Syria", "Country"),
    "iraq": ("Iraq", "Country"), "israel": ("Israel", "Country"),
    "joe-biden": ("Joe Biden", "Person"), "al-bukamal": ("Al Bukamal", "Place"),
    "damascus": ("Damascus", "Place"), "erbil": ("Erbil", "Place"),
    "erbil-air-base": ("Erbil Air Base", "Base"), "green-zone": ("Green Zone", "Place"),
    "kataib-hezbollah": ("Kata'ib Hezbollah", "ArmedGroup"),
    "qasem-soleimani": ("Qasem Soleimani", "Person"),
}


def report(article_id, *events):
    """An article's extraction with the given events (dicts of Event fields)."""
    keys = set()
    records = []
    for n, fields in enumerate(events, start=1):
        fields = {"key": f"event-{n}", "label": fields.get("type", "Strike"),
                  "type": "Strike", **fields}
        for slot in ("perpetrators", "ordered_by", "targets", "locations"):
            keys.update(fields.get(slot, []))
        records.append(Event(evidence=Evidence(start=0, end=1, rule="test"), **fields))
    entities = [Entity(key=k, label=ENTITIES[k][0], type=ENTITIES[k][1], catalog_id=k)
                for k in sorted(keys)]
    return ArticleExtraction(article=Article(id=article_id, text="x"), entities=entities,
                             events=records)


def clusters(resolution):
    groups = {}
    for (article, key), iri in resolution.event_iri.items():
        groups.setdefault(iri, set()).add((article, key))
    return {iri: frozenset(members) for iri, members in groups.items()}


FEB_STRIKE = dict(date="2021-02-25", perpetrators=["united-states"], ordered_by=["joe-biden"],
                  locations=["al-bukamal", "syria"])
JUNE_STRIKE = dict(date="2021-06-27", perpetrators=["united-states"], ordered_by=["joe-biden"],
                   targets=["kataib-hezbollah"], locations=["syria", "iraq"])


def corpus():
    return [
        report("a.txt", FEB_STRIKE),
        report("b.txt", JUNE_STRIKE,
               dict(date="2021-02", ordered_by=["joe-biden"], locations=["syria"])),
        report("c.txt", dict(date_hint="Thursday", ordered_by=["joe-biden"],
                             perpetrators=["united-states"], locations=["syria"],
                             in_response_to=["event-2"]),
               dict(type="Attack", date_hint="--02-15", locations=["erbil", "iraq"],
                    weapons=["rockets"])),
        report("d.txt", dict(type="Attack", date="2021-02-15", targets=["erbil-air-base"],
                             locations=["erbil-air-base", "iraq"], weapons=["rocket"])),
        report("e.txt", dict(date_hint="Sunday", targets=["kataib-hezbollah"],
                             locations=["al-bukamal", "syria"])),
    ]


def test_the_same_reports_in_any_order_give_the_same_nodes():
    expected = resolve(corpus(), MINTER)
    for seed in range(5):
        shuffled = corpus()
        random.Random(seed).shuffle(shuffled)
        again = resolve(shuffled, MINTER)
        assert again.event_iri == expected.event_iri
        assert again.merge_evidence == expected.merge_evidence


def test_reports_of_one_strike_join_and_different_strikes_stay_apart():
    resolution = resolve(corpus(), MINTER)
    node = resolution.event_iri
    assert node[("a.txt", "event-1")] == node[("b.txt", "event-2")]  # month-only mention
    assert node[("a.txt", "event-1")] == node[("c.txt", "event-1")]  # "on Thursday"
    assert node[("b.txt", "event-1")] == node[("e.txt", "event-1")]  # "on Sunday"
    assert node[("a.txt", "event-1")] != node[("b.txt", "event-1")]  # February and June
    assert node[("c.txt", "event-2")] == node[("d.txt", "event-1")]  # "the Feb. 15 attack"
    assert len(set(node.values())) == 3


def test_a_weekday_that_does_not_fit_keeps_reports_apart():
    resolution = resolve([report("a.txt", FEB_STRIKE),
                          report("b.txt", dict(date_hint="Sunday", ordered_by=["joe-biden"],
                                               perpetrators=["united-states"],
                                               locations=["al-bukamal", "syria"]))], MINTER)
    assert len(set(resolution.event_iri.values())) == 2


def test_strikes_on_different_days_or_in_different_countries_stay_apart():
    resolution = resolve([
        report("a.txt", FEB_STRIKE),
        report("b.txt", dict(FEB_STRIKE, date="2021-02-26")),
        report("c.txt", dict(date="2021-02-25", perpetrators=["israel"],
                             locations=["damascus", "syria"])),
    ], MINTER)
    assert len(set(resolution.event_iri.values())) == 3


def test_attacks_on_different_places_the_same_day_stay_apart():
    resolution = resolve([
        report("a.txt", dict(type="Attack", date="2021-02-15", locations=["erbil", "iraq"])),
        report("b.txt", dict(type="Attack", date="2021-02-15", locations=["green-zone", "iraq"])),
    ], MINTER)
    assert len(set(resolution.event_iri.values())) == 2


def test_a_place_inside_another_by_name_is_not_a_different_place():
    resolution = resolve([
        report("a.txt", dict(type="Attack", date="2021-02-15", locations=["erbil", "iraq"])),
        report("b.txt", dict(type="Attack", date_hint="--02-15",
                             locations=["erbil-air-base", "iraq"])),
    ], MINTER)
    assert len(set(resolution.event_iri.values())) == 1


def test_a_killing_and_the_strike_that_killed_join_on_the_person():
    resolution = resolve([
        report("a.txt", dict(type="Attack", date="2020-01", targets=["qasem-soleimani"])),
        report("b.txt", dict(perpetrators=["united-states"], targets=["qasem-soleimani"])),
    ], MINTER)
    [iri] = set(resolution.event_iri.values())
    assert resolution.event_type[iri] == "Strike"


def test_undated_reports_join_by_what_they_answer_and_merges_say_why():
    resolution = resolve([
        report("a.txt", dict(FEB_STRIKE, in_response_to=["event-2"]),
               dict(type="Attack", date="2021-02-15", targets=["united-states"],
                    locations=["erbil", "iraq"], weapons=["rocket"])),
        report("b.txt", dict(date="2021-02", ordered_by=["joe-biden"], locations=["syria"],
                             in_response_to=["event-2"]),
               dict(type="Attack", targets=["united-states"], locations=["iraq"],
                    weapons=["rockets"])),
    ], MINTER)
    node = resolution.event_iri
    assert node[("a.txt", "event-2")] == node[("b.txt", "event-2")]
    why = resolution.merge_evidence[("b.txt", "event-2")]
    assert "answered" in why and "Iraq" in why


def test_event_iris_are_deterministic():
    first = resolve(corpus(), MINTER).event_iri
    assert first == resolve(corpus(), MINTER).event_iri
    assert first[("a.txt", "event-1")].endswith("strike-2021-02-25-al-bukamal")


ENTITIES.update({
    "baghdad-airport": ("Baghdad International Airport", "Place"), "jordan": ("Jordan", "Country"),
    "tower-22": ("Tower 22", "Base"), "al-qaim": ("Al-Qa'im", "Place"),
    "islamic-resistance": ("Islamic Resistance in Iraq", "ArmedGroup"),
})


def test_a_strike_that_an_outlet_calls_an_attack_joins_on_the_day_and_the_place():
    resolution = resolve([
        report("a.txt", dict(date="2020-01-03", perpetrators=["united-states"],
                             targets=["qasem-soleimani"], locations=["baghdad-airport", "iraq"])),
        report("b.txt", dict(type="Attack", date="2020-01-03", weapons=["drone"],
                             locations=["baghdad-airport", "iraq"])),
    ], MINTER)
    node = resolution.event_iri
    assert node[("a.txt", "event-1")] == node[("b.txt", "event-1")]
    assert resolution.event_type[node[("a.txt", "event-1")]] == "Strike"


def test_an_attack_by_a_named_group_is_not_a_strike_told_otherwise():
    resolution = resolve([
        report("a.txt", dict(date="2020-01-03", perpetrators=["united-states"],
                             locations=["baghdad-airport", "iraq"])),
        report("b.txt", dict(type="Attack", date="2020-01-03", perpetrators=["kataib-hezbollah"],
                             locations=["baghdad-airport", "iraq"])),
        report("c.txt", dict(type="Attack", date="2020-01", locations=["baghdad-airport", "iraq"])),
    ], MINTER)
    node = resolution.event_iri
    assert node[("a.txt", "event-1")] != node[("b.txt", "event-1")]
    assert node[("a.txt", "event-1")] != node[("c.txt", "event-1")]  # the month is not the day


def test_the_one_attack_that_reports_of_one_strike_answer_is_one_attack():
    def retaliation(article, answered):
        return report(article, dict(date="2024-02-02", perpetrators=["united-states"],
                                    locations=["al-qaim", "iraq"], in_response_to=["event-2"]),
                      dict(type="Attack", weapons=["drone"], **answered))
    resolution = resolve([
        retaliation("a.txt", dict(date="2024-01-28", targets=["tower-22"],
                                  locations=["tower-22", "jordan"])),
        retaliation("b.txt", dict(locations=["jordan"])),  # "a drone attack in Jordan"
    ], MINTER)
    node = resolution.event_iri
    assert node[("a.txt", "event-1")] == node[("b.txt", "event-1")]
    assert node[("a.txt", "event-2")] == node[("b.txt", "event-2")]
    assert "answered" in resolution.merge_evidence[("b.txt", "event-2")]


def test_a_strike_that_answers_several_attacks_needs_more_to_join_them():
    resolution = resolve([
        report("a.txt", dict(date="2024-02-02", perpetrators=["united-states"],
                             locations=["al-qaim", "iraq"], in_response_to=["event-2"]),
               dict(type="Attack", weapons=["drone"], locations=["jordan"])),
        report("b.txt", dict(date="2024-02-02", perpetrators=["united-states"],
                             locations=["al-qaim", "iraq"], in_response_to=["event-2", "event-3"]),
               dict(type="Attack", weapons=["drone"], locations=["jordan"]),
               dict(type="Attack", weapons=["rocket"], locations=["syria"])),
    ], MINTER)
    node = resolution.event_iri
    assert node[("a.txt", "event-1")] == node[("b.txt", "event-1")]
    assert node[("a.txt", "event-2")] != node[("b.txt", "event-2")]


def test_a_weekday_bounded_by_the_filing_day_keeps_other_years_apart():
    june = dict(JUNE_STRIKE, locations=["al-bukamal", "syria", "iraq"])
    resolution = resolve([
        report("a.txt", june),
        report("b.txt", dict(june, date=None, date_hint="Sunday<=--12-30")),  # "Dec 30 (Reuters)"
        report("c.txt", dict(june, date=None, date_hint="Sunday<=--06-28")),
    ], MINTER)
    node = resolution.event_iri
    assert node[("a.txt", "event-1")] != node[("b.txt", "event-1")]
    assert node[("a.txt", "event-1")] == node[("c.txt", "event-1")]


def test_a_merged_event_has_the_most_precise_date_its_reports_agree_on():
    resolution = resolve(corpus(), MINTER)
    feb = resolution.event_iri[("a.txt", "event-1")]
    assert resolution.event_iri[("b.txt", "event-2")] == feb  # "in February"
    assert resolution.event_date[feb] == "2021-02-25"
    undated = resolve([report("x.txt", dict(date_hint="Thursday", locations=["syria"]))], MINTER)
    assert undated.event_date == {}


def test_identical_reports_in_many_articles_are_one_event():
    copies = [report(f"copy-{n}.txt", FEB_STRIKE, JUNE_STRIKE) for n in range(30)]
    resolution = resolve(copies, MINTER)
    assert len(set(resolution.event_iri.values())) == 2
    assert "the same report" in resolution.merge_evidence[("copy-7.txt", "event-2")]


ENTITIES.update({"deir-ez-zor": ("Deir ez-Zor", "Place")})


def test_one_strike_on_sites_on_both_sides_of_a_border_is_one_event():
    def strike(date, *places):
        return dict(date=date, perpetrators=["united-states"],
                    locations=[*places, "iraq", "syria"])
    resolution = resolve([
        report("a.txt", strike("2024-02-02", "al-qaim")),  # in Iraq
        report("b.txt", strike("2024-02-02", "al-bukamal", "deir-ez-zor")),  # in Syria
        report("c.txt", strike("2021-06-27", "al-qaim")),  # years apart
        report("d.txt", dict(strike(None, "al-bukamal", "deir-ez-zor"), date_hint="Friday")),
    ], MINTER)
    node = resolution.event_iri
    assert node[("a.txt", "event-1")] == node[("b.txt", "event-1")]
    assert node[("a.txt", "event-1")] != node[("c.txt", "event-1")]
    assert node[("c.txt", "event-1")] != node[("d.txt", "event-1")]  # 27 June 2021 was a Sunday
    assert node[("a.txt", "event-1")] == node[("d.txt", "event-1")]


def test_strikes_on_one_site_each_or_outside_the_shared_countries_stay_apart():
    resolution = resolve([
        report("a.txt", dict(date="2024-02-02", perpetrators=["united-states"],
                             locations=["erbil", "iraq"])),
        report("b.txt", dict(date="2024-02-02", perpetrators=["united-states"],
                             locations=["green-zone", "iraq"])),
        report("c.txt", dict(date="2024-02-02", perpetrators=["united-states"],
                             locations=["al-qaim", "iraq", "syria"])),
        report("d.txt", dict(date="2024-02-02", perpetrators=["united-states"],
                             locations=["damascus", "tower-22", "syria", "jordan"])),
        report("e.txt", dict(type="Attack", date="2024-02-02",
                             locations=["al-bukamal", "deir-ez-zor", "iraq", "syria"])),
    ], MINTER)
    assert len(set(resolution.event_iri.values())) == 5  # Al-Qa'im is not in Syria or Jordan


def test_a_strike_told_as_an_attack_does_not_keep_other_reports_of_the_strike_apart():
    day = report("a.txt", dict(date="2020-01-03", perpetrators=["united-states"],
                               targets=["qasem-soleimani"], locations=["baghdad-airport", "iraq"]))
    told_as_attack = report("b.txt", dict(type="Attack", date="2020-01-03", weapons=["drone"],
                                          locations=["baghdad-airport", "iraq"]))
    month = report("c.txt", dict(date="2020-01", perpetrators=["united-states"],
                                 targets=["qasem-soleimani"],
                                 locations=["baghdad-airport", "iraq"]))
    alone = resolve([told_as_attack, month], MINTER)
    assert len(set(alone.event_iri.values())) == 2  # the month alone does not make it a strike
    together = resolve([day, told_as_attack, month], MINTER)
    [iri] = set(together.event_iri.values())
    assert together.event_type[iri] == "Strike"
    for order in ([month, day, told_as_attack], [told_as_attack, month, day]):
        assert resolve(order, MINTER).event_iri == together.event_iri


def generated_corpus(seed: int, articles: int = 120) -> list:
    """Articles of random reports drawn from few values, so that many pairs share something
    and many conflict: the blocked comparison must find every pair the exhaustive one does."""
    rng = random.Random(seed)
    places = ["al-bukamal", "damascus", "erbil", "erbil-air-base", "green-zone", "tower-22",
              "baghdad-airport", "al-qaim", None, None, None]
    countries = ["syria", "iraq", "jordan", None]
    actors = ["united-states", "israel", "kataib-hezbollah", "islamic-resistance", None, None]
    days = ["2021-02-25", "2021-02-26", "2021-02", "2021-06-27", "2024-02-02", "2024-01-28",
            "2020-01-03", "2020-01", None, None, None]
    hints = ["Thursday", "Sunday", "Friday", "--02-15", "--02", "--06", "Sunday<=--12-30",
             "Friday<=--02-02", None, None, None, None, None]
    weapons = [["rocket"], ["drone"], ["missiles"], [], []]
    corpus = []
    for n in range(articles):
        events = []
        for _ in range(rng.randint(1, 3)):
            kind = rng.choice(["Strike", "Attack"])
            fields = {"type": kind, "weapons": rng.choice(weapons)}
            date = rng.choice(days)
            fields["date"] = date
            fields["date_hint"] = rng.choice(hints) if not date else None
            picked = [p for p in {rng.choice(places), rng.choice(places)} if p]
            country = rng.choice(countries)
            more = rng.choice(countries) if rng.random() < 0.4 else None  # "Iraq and Syria"
            fields["locations"] = picked + sorted({c for c in (country, more) if c})
            actor = rng.choice(actors)
            fields["perpetrators"] = [actor] if actor else []
            target = rng.choice(places + actors)
            fields["targets"] = [target] if target and target != actor else []
            if rng.random() < 0.3:
                fields["ordered_by"] = ["joe-biden"]
            events.append(fields)
        if len(events) > 1 and rng.random() < 0.5:
            events[0]["in_response_to"] = [f"event-{len(events)}"]
        corpus.append(report(f"gen-{seed}-{n:03d}.txt", *events))
    return corpus


@pytest.mark.parametrize("seed", range(4))
def test_blocked_and_exhaustive_comparison_agree(seed):
    corpus = generated_corpus(seed)
    blocked = resolve(corpus, MINTER)
    exhaustive = resolve(corpus, MINTER, exhaustive=True)
    assert blocked.event_iri == exhaustive.event_iri
    assert blocked.merge_evidence == exhaustive.merge_evidence
    assert len(set(blocked.event_iri.values())) < len(blocked.event_iri)  # some did join


def test_a_wire_story_without_a_year_joins_the_dated_reports_of_its_day():
    # "WASHINGTON, Feb 2 (Reuters) - ... on Friday launched air strikes in Iraq and Syria"
    wire = report("wire.txt", dict(date_hint="Friday<=--02-02", perpetrators=["united-states"],
                                   locations=["iraq", "syria"]))
    dated = report("dated.txt", dict(date="2024-02-02", locations=["iraq", "syria"]))
    a_day_off = report("off.txt", dict(date="2024-02-01", locations=["iraq", "syria"]))
    together = clusters(resolve([wire, dated], MINTER))
    assert len(together) == 1
    # Thursday fits a "Friday" told a day late, but pins no day: a shared country is not enough
    apart = clusters(resolve([wire, a_day_off], MINTER))
    assert len(apart) == 2
