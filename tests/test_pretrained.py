"""`--spacy-model`: a pretrained pipeline's entities become extra candidates.

The pipeline here is a tiny NER trained in the test on invented sentences, so the test needs no
download and checks the path itself: load by path, run its NER, map its labels to ours.
"""
from __future__ import annotations

import datetime as dt
import random

import pytest
import spacy
from spacy.training import Example

from kg.extract.pipeline import build_pipeline, extract
from kg.models import Article

TEMPLATES = [
    "{p} visited the front line on Tuesday.",
    "Reporters waited for {p} outside the hotel.",
    "A convoy carrying {p} was delayed at the checkpoint.",
    "Yesterday {p} met tribal elders.",
    "Photos showed {p} inspecting the damage.",
    "{o} published new satellite images.",
    "Analysts at {o} counted the craters.",
    "The figures came from {o} last week.",
]
PEOPLE = ["Quillon Dray", "Marek Osterby", "Tavish Monro", "Elyas Varga"]
ORGS = ["Brightwater Analytics", "Cedar Lane Research"]


def training_examples(nlp):
    examples = []
    for template in TEMPLATES:
        for person, org in zip(PEOPLE * 2, ORGS * 4):
            text = template.format(p=person, o=org)
            name, label = (person, "PERSON") if "{p}" in template else (org, "ORG")
            start = text.index(name)
            doc = nlp.make_doc(text)
            examples.append(Example.from_dict(doc, {"entities": [(start, start + len(name), label)]}))
    return examples


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    random.seed(7)
    spacy.util.fix_random_seed(7)  # dropout and initial weights too: the same model every run
    nlp = spacy.blank("en")
    nlp.add_pipe("ner")
    examples = training_examples(nlp)
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(40):
        random.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.1)
    path = tmp_path_factory.mktemp("model") / "tiny_ner"
    nlp.to_disk(path)
    return path


def test_the_tiny_model_alone_finds_the_name(tiny_model):
    doc = spacy.load(tiny_model)("Yesterday Quillon Dray arrived in the city.")
    assert ("Quillon Dray", "PERSON") in [(e.text, e.label_) for e in doc.ents]


def test_a_name_only_the_trained_ner_knows_becomes_an_entity(tiny_model):
    text = "Yesterday Quillon Dray arrived in the city."
    article = Article(id="p.txt", text=text, published=dt.date(2023, 1, 1))
    without = extract(article, build_pipeline())
    assert "Quillon Dray" not in {e.label for e in without.entities}

    found = extract(article, build_pipeline(spacy_model=str(tiny_model)))
    people = {e.label: e for e in found.entities if e.type == "Person"}
    assert "Quillon Dray" in people
    assert people["Quillon Dray"].rule.startswith("pretrained-ner")
    assert [m.text for m in people["Quillon Dray"].mentions] == ["Quillon Dray"]


def test_our_rules_still_run_after_a_pretrained_pipeline(tiny_model):
    text = "Militia spokesman Karim Haddad denied it."
    article = Article(id="p.txt", text=text, published=dt.date(2023, 1, 1))
    found = extract(article, build_pipeline(spacy_model=str(tiny_model)))
    assert ("Karim Haddad", "Person") in {(e.label, e.type) for e in found.entities}


def test_an_unknown_model_name_is_an_extraction_error():
    from kg.errors import ExtractionError

    with pytest.raises(ExtractionError):
        build_pipeline(spacy_model="no_such_pipeline_xyz")
