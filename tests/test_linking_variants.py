"""Spelling variants and ambiguous names, each with what it must link to or that it must not link.

Every row is linked as the pipeline would hand it over: a name the catalog knows for that kind
of thing arrives with the entry the gazetteer picked (the first of several, when the name is
ambiguous), any other name with the type the name finder gave it. A row passes when the entity is linked to the expected
QID or left unlinked; linking anything else is a wrong link, and there must be none. The
expected value is a QID, ``unlinked`` (no QID is right: the catalog entry has none, or the name
is not an entity), or ``=id`` (the catalog entry `id`, whatever QID it has now or gets later).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.link.catalog import COLUMNS, load_catalog
from kg.link.linker import GROUP, link_extraction
from kg.models import Article, ArticleExtraction, Entity, Mention

#: name | type | text around it (holds the name) | other catalog ids in the article | expected
VARIANTS = """
Kata'ib Hezbollah|ArmedGroup|Kata'ib Hezbollah claimed the attack.|iraq|=kataib-hezbollah
Kataib Hezbollah|ArmedGroup|Kataib Hezbollah claimed the attack.|iraq|=kataib-hezbollah
Kait’ib Hezbollah|ArmedGroup|Kait’ib Hezbollah claimed the attack.|iraq|=kataib-hezbollah
Kataeb Hezbollah|ArmedGroup|Kataeb Hezbollah claimed the attack.|iraq|=kataib-hezbollah
Kata'ib Hizbollah|ArmedGroup|Kata'ib Hizbollah claimed the attack.|iraq|=kataib-hezbollah
KH|ArmedGroup|The group, known as KH, denied it.|iraq|=kataib-hezbollah
Hezbollah|ArmedGroup|Hezbollah fired rockets into Israel.|lebanon,israel|=hezbollah
Hizballah|ArmedGroup|Hizballah fired rockets into Israel.|lebanon,israel|=hezbollah
Lebanon's Hezbollah|ArmedGroup|Lebanon's Hezbollah fired rockets.|lebanon|=hezbollah
Kata'ib Sayyid al-Shuhada|ArmedGroup|Kata'ib Sayyid al-Shuhada claimed it.|iraq|=kataib-sayyid-al-shuhada
Sayyid al-Shuhada|ArmedGroup|Sayyid al-Shuhada claimed it.|iraq|unlinked
Harakat al-Nujaba|ArmedGroup|Harakat al-Nujaba threatened US forces.|iraq|=harakat-al-nujaba
Islamic State|ArmedGroup|Islamic State fighters attacked.|syria|Q2429253
ISIS|ArmedGroup|ISIS fighters attacked.|syria|Q2429253
ISIL|ArmedGroup|ISIL fighters attacked.|syria|Q2429253
Daesh|ArmedGroup|Daesh fighters attacked.|syria|Q2429253
Da'esh|ArmedGroup|Da'esh fighters attacked.|syria|Q2429253
is|ArmedGroup|This is what happened.|syria|unlinked
Erbil|Place|Rockets hit Erbil on Monday.|iraq|Q132754
Irbil|Place|Rockets hit Irbil on Monday.|iraq|Q132754
Arbil|Place|Rockets hit Arbil on Monday.|iraq|Q132754
Erbil airport|Place|Rockets hit Erbil airport on Monday.|iraq|unlinked
Erbil International Airport|Place|Rockets hit Erbil International Airport.|iraq|unlinked
Erbil Province|Place|Villages in Erbil Province were shelled.|iraq|Q213189
Erbil Air Base|Base|Rockets hit Erbil Air Base.|iraq|unlinked
Washington|Place|Washington blamed Iran for the attack.|united-states,iran|Q61
Washington, D.C.|Place|He flew to Washington, D.C. on Sunday.|united-states|Q61
Washington Post|Organization|The Washington Post reported the strike.|united-states|Q166032
the Pentagon|Organization|the Pentagon said the strike was defensive.|united-states|Q11209
Pentagon|Organization|Pentagon officials said so.|united-states|Q11209
Defense Department|Organization|The Defense Department said so.|united-states|Q11209
defense department|Organization|The defense department said so.|united-states|Q11209
Department of Defense|Organization|The Department of Defense said so.|united-states|Q11209
DoD|Organization|DoD officials said so.|united-states|Q11209
State Department|Organization|The State Department condemned it.|united-states|Q789915
US State Department|Organization|The US State Department condemned it.|united-states|Q789915
Iraqi Defense Ministry|Organization|The Iraqi Defense Ministry denied it.|iraq|=iraqi-ministry-of-defence
Iraqi Ministry of Defense|Organization|The Iraqi Ministry of Defense denied it.|iraq|=iraqi-ministry-of-defence
Syrian Ministry of Defence|Organization|The Syrian Ministry of Defence denied it.|syria|=syrian-ministry-of-defense
White House|Organization|the White House said.|united-states|Q35525
Al Bukamal|Place|The strike hit Al Bukamal.|syria|Q152828
al-Bukamal|Place|The strike hit al-Bukamal.|syria|Q152828
Albukamal|Place|The strike hit Albukamal.|syria|Q152828
Abu Kamal|Place|The strike hit Abu Kamal.|syria|Q152828
Albu Kamal|Place|The strike hit Albu Kamal.|syria|Q152828
Bukamal|Place|The strike hit Bukamal.|syria|Q152828
Al-Boukamal|Place|The strike hit Al-Boukamal.|syria|Q152828
Al Bukamal's|Place|Al Bukamal's residents fled.|syria|Q152828
Deir Ez-Zor|Place|the eastern province of Deir Ez-Zor was hit.|syria|Q232387
Deir ez-Zor|Place|Deir ez-Zor province was hit.|syria|Q232387
Deir ez-Zor|Place|in the city of Deir ez-Zor, residents fled.|syria|Q239097
Deir ez-Zor|Place|Fighting near Deir ez-Zor went on.|syria|unlinked
Deir al-Zour|Place|Fighting in Deir al-Zour went on.|syria|Q239097
Mayadin|Place|Strikes near Mayadin.|syria|Q310895
Al-Mayadin|Place|Strikes near Al-Mayadin.|syria|Q310895
Mayadeen|Place|Strikes near Mayadeen.|syria|Q310895
Damascas|Place|Officials in Damascas denied it.|syria|Q3766
Baghdad|Place|Protesters in Baghdad.|iraq|Q1530
Baghdad’s|Place|Baghdad’s Green Zone was hit.|iraq|Q1530
Anbar|Place|Bases in Anbar were hit.|iraq|Q187334
Al-Anbar|Place|Bases in Al-Anbar were hit.|iraq|Q187334
Ain al-Asad|Base|Rockets hit Ain al-Asad.|iraq|Q4703502
Al Asad Airbase|Base|Rockets hit Al Asad Airbase.|iraq|Q4703502
Ayn al-Asad|Base|Rockets hit Ayn al-Asad.|iraq|Q4703502
Kirkuk|Place|Kirkuk was calm.|iraq|Q173310
Kirkuk Province|Place|Kirkuk Province was calm.|iraq|Q193268
Mosul|Place|Mosul was calm.|iraq|Q83317
Mosul Airport|Place|Mosul Airport was closed.|iraq|Q1432089
hit|Place|The rockets hit a base.|iraq|unlinked
Joe Biden|Person|Joe Biden ordered the strike.|united-states|Q6279
President Biden|Person|President Biden ordered the strike.|united-states|Q6279
US President Joe Biden|Person|US President Joe Biden ordered the strike.|united-states|Q6279
Joseph Biden|Person|Joseph Biden ordered the strike.|united-states|Q6279
Biden|Person|Biden ordered the strike.|united-states|Q6279
Donald Trump|Person|Donald Trump ordered the strike.|united-states|Q22686
former President Donald Trump|Person|former President Donald Trump spoke.|united-states|Q22686
Bashar al-Assad|Person|Bashar al-Assad condemned it.|syria|Q44329
Bashar Al-Assad|Person|President Bashar Al-Assad condemned it.|syria|Q44329
Bashar al-Asad|Person|Bashar al-Asad condemned it.|syria|Q44329
Basher al-Assad|Person|Basher al-Assad condemned it.|syria|Q44329
Hafez al-Assad|Person|Hafez al-Assad ruled Syria.|syria|Q118725
Ayatollah Ali Khamenei|Person|Ayatollah Ali Khamenei spoke.|iran|Q57336
Khamenei|Person|Khamenei spoke.|iran|Q57336
Washington|Person|George said Washington would never lie.|united-states|unlinked
Iran|Country|Iran denied it.|iraq|Q794
Iraq|Country|Iraq denied it.|iran|Q796
Irak|Country|Irak denied it.|iran|unlinked
Syria|Country|Syria denied it.|iraq|Q858
Syria’s|Country|Syria’s army denied it.|iraq|Q858
U.S.|Country|U.S. forces struck.|iraq|Q30
United States|Country|The United States struck.|iraq|Q30
Reuters|Organization|Reuters reported it.|iraq|Q130879
AFP|Organization|AFP reported it.|iraq|Q40464
Agence France Presse|Organization|Agence France Presse reported it.|iraq|Q40464
TASS|Organization|TASS reported it.|russia|Q223799
IRGC|Organization|The IRGC denied it.|iran|Q271110
Revolutionary Guards|Organization|Iran's Revolutionary Guards denied it.|iran|Q271110
Tikrit|Place|Tikrit was calm.|iraq|Q165444
Tekrit|Place|Tekrit was calm.|iraq|Q165444
Aleppo|Place|Aleppo was shelled.|syria|Q41183
Aleppo Province|Place|Aleppo Province was shelled.|syria|Q214064
Georgia|Place|Georgia protested to Moscow.|united-states|unlinked
Basra|Place|Basra was calm.|iraq|Q48195
Basrah|Place|Basrah was calm.|iraq|Q48195
"""

#: What an overlay catalog adds: places that share names, to test the choice between them.
OVERLAY = [
    ("washington-state", "Q1223", "Washington", "Place", "Washington State|State of Washington",
     "state of the United States of America", "united-states"),
    ("georgia-country", "Q230", "Georgia", "Country", "Sakartvelo",
     "country in the Caucasus", ""),
    ("georgia-us-state", "Q1428", "Georgia (U.S. state)", "Place", "Georgia|State of Georgia",
     "state of the United States of America", "united-states"),
    ("tbilisi", "", "Tbilisi", "Place", "Tiflis", "capital of Georgia", "georgia-country"),
    ("kutaisi", "", "Kutaisi", "Place", "", "city in Georgia", "georgia-country"),
    ("atlanta", "", "Atlanta", "Place", "", "capital of Georgia (U.S. state)", "united-states"),
]
#: Rows linked with the overlay: ambiguous names and the article around them.
OVERLAY_VARIANTS = """
Washington|Place|Washington blamed Iran for the attack.|united-states,iran|Q61
Washington|Place|Wildfires spread across the state of Washington.|united-states|Q1223
Georgia|Place|Georgia protested to Moscow.|united-states,russia|unlinked
Georgia|Place|Voters in the state of Georgia went to the polls.|united-states,atlanta|Q1428
Georgia|Country|Protests in Tbilisi and Kutaisi spread across Georgia.|tbilisi,kutaisi,russia|Q230
"""


def parse(table: str) -> list[tuple[str, str, str, list[str], str]]:
    rows = []
    for line in table.strip().splitlines():
        name, kind, text, others, expected = line.split("|")
        assert name in text, line
        rows.append((name, kind, text, [o for o in others.split(",") if o], expected))
    return rows


def link_one(name, kind, text, others, catalog):
    """The entity for `name` after linking an article that says `text`, as the pipeline would
    hand it over (see the module docstring)."""
    start = text.index(name)
    entries = [e for e in catalog.lookup(name) if GROUP[e.type] == GROUP[kind]]
    entry = entries[0] if entries and not name.islower() else None
    target = Entity(key="target", label=entry.label if entry else name,
                    type=entry.type if entry else kind, catalog_id=entry.id if entry else None,
                    mentions=[Mention(text=name, start=start, end=start + len(name))])
    entities = [target]
    for other in others:
        known = catalog.get(other)
        entities.append(Entity(key=other, label=known.label, type=known.type, catalog_id=known.id))
    article = Article(id="variant.txt", text=text)
    extraction = link_extraction(ArticleExtraction(article=article, entities=entities), catalog,
                                 threshold=0.85)
    return extraction.entities[0]


def judge(rows, catalog):
    right, unlinked, wrong = [], [], []
    for name, kind, text, others, expected in rows:
        linked = link_one(name, kind, text, others, catalog)
        if expected.startswith("="):
            entry = catalog.get(expected[1:])
            assert entry is not None, f"no catalog entry {expected}"
            expected_qid = entry.qid
        else:
            expected_qid = None if expected == "unlinked" else expected
        row = (name, text, expected, linked.qid, linked.link_confidence)
        if linked.qid is None:
            (right if expected_qid is None else unlinked).append(row)
        elif linked.qid == expected_qid:
            right.append(row)
        else:
            wrong.append(row)
    return right, unlinked, wrong


def test_the_table_is_big_enough():
    assert len(parse(VARIANTS)) + len(parse(OVERLAY_VARIANTS)) >= 60


def test_no_variant_is_linked_wrong_and_nearly_all_are_linked():
    catalog = load_catalog()
    right, unlinked, wrong = judge(parse(VARIANTS), catalog)
    assert wrong == []
    assert len(unlinked) <= 0.05 * len(parse(VARIANTS)), unlinked


@pytest.fixture
def overlay_catalog(tmp_path) -> Path:
    path = tmp_path / "places.tsv"
    lines = ["\t".join(COLUMNS)]
    for row in OVERLAY:
        entry_id, qid, label, kind, aliases, description, country = row
        evidence = "test fixture" if qid else "unverified"
        lines.append("\t".join([entry_id, qid, label, kind, aliases, description, country,
                                "", "", "", "", evidence]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_shared_names_are_settled_by_the_article_or_left_alone(overlay_catalog):
    catalog = load_catalog([overlay_catalog])
    right, unlinked, wrong = judge(parse(OVERLAY_VARIANTS), catalog)
    assert wrong == []
    assert unlinked == []


def test_an_unsettled_shared_name_keeps_its_own_node(overlay_catalog):
    catalog = load_catalog([overlay_catalog])
    linked = link_one("Georgia", "Place", "Georgia protested to Moscow.", ["russia"], catalog)
    assert linked.qid is None
    assert linked.catalog_id is None  # not merged into either Georgia's node
    assert linked.label == "Georgia"
