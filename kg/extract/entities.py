"""`ckg_entities`: one entity per real thing an article names.

Chooses among the candidate spans of the gazetteer, the name finder and (if one is loaded) a
pretrained NER, then groups the mentions into entities:

* every spelling the catalog resolves to one entry is one entity;
* a surname stands for the full name used earlier ("Kirby" after "John Kirby");
* an acronym in brackets is the name before it ("Kait’ib Hezbollah (KH)"), and so is every later
  "KH" in the article; when only one side is in the catalog, both take the catalog's entry;
* names the catalog does not know but that differ only by a transliteration slip
  ("Kait’ib Sayyid al-Shuhada" and "Kataib Sayyid al-Shuhada") are one entity.

It also reads "Iranian-backed X" and "Iran-backed militias, including X and Y" into
`EntityRecord.backed_by`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..link.catalog import load_catalog, normalize_name
from . import names as name_rules
from .spans import CANDIDATES, add_candidates, choose_entities, rule_of, set_rule

#: How a pretrained pipeline's labels map to ours (only used with --spacy-model); None: ignored.
NER_LABELS = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place",
              "FAC": "Place", "NORP": None}
#: Words after a country that make it the backer of what follows ("Iranian-backed").
BACKING_WORDS = {"backed", "supported", "sponsored", "funded", "armed", "aligned", "allied",
                 "affiliated", "linked"}
#: Words that open the list of backed groups ("Iran-backed militias, including KH and KSS").
LIST_OPENERS = {"including", "includes", "include", "like", "namely", "such", "as", ":"}
#: What may stand between the groups of such a list.
LIST_JOINTS = {",", "and", "&", "or", "as", "well", "the", "(", ")", "[", "]"}
ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,6}$")
#: Within an article, two unknown names of one type this close (rapidfuzz ratio) are one entity.
SAME_NAME_RATIO = 86

for _name in ("ckg_entities",):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Span.has_extension("entity_key"):
    Span.set_extension("entity_key", default=None)


@dataclass
class EntityRecord:
    key: str
    label: str
    type: str
    catalog_id: str | None
    rule: str
    spans: list[Span] = field(default_factory=list)
    backed_by: set[str] = field(default_factory=set)


@dataclass
class DocEntities:
    """The entities of one document and the key of each chosen span."""

    records: dict[str, EntityRecord] = field(default_factory=dict)
    key_at: dict[tuple[int, int], str] = field(default_factory=dict)

    def key(self, span: Span) -> str | None:
        return self.key_at.get((span.start, span.end))

    def record(self, span: Span) -> EntityRecord | None:
        key = self.key(span)
        return self.records.get(key) if key else None

    def in_range(self, doc: Doc, start: int, end: int) -> list[tuple[Span, EntityRecord]]:
        """Entity mentions inside a token range, in order."""
        return [(span, self.records[self.key(span)]) for span in doc.ents
                if span.start >= start and span.end <= end and self.key(span)]

    def merge(self, drop: str, keep: str) -> None:
        """Make `drop` a spelling of `keep`."""
        if drop == keep or drop not in self.records or keep not in self.records:
            return
        dropped = self.records.pop(drop)
        kept = self.records[keep]
        kept.spans = sorted(kept.spans + dropped.spans, key=lambda s: s.start)
        kept.backed_by |= dropped.backed_by
        for place, key in self.key_at.items():
            if key == drop:
                self.key_at[place] = keep
        for record in self.records.values():
            if drop in record.backed_by:
                record.backed_by = (record.backed_by - {drop}) | {keep}


def entity_mentions(doc: Doc) -> list[tuple[int, int, str, str]]:
    """(start, end, key, type) of every entity mention, in order, by character offsets: what
    the rules after this component (speakers, casualties, which event) read of it."""
    found = doc._.ckg_entities
    result = []
    for span in doc.ents:
        record = found.record(span) if found else None
        if record is not None:
            result.append((span.start_char, span.end_char, record.key, record.type))
    return result


@Language.factory("ckg_entities", default_config={"catalog_files": []})
def make_entities(nlp: Language, name: str, catalog_files: list[str]):
    catalog = load_catalog(catalog_files)
    tails = armed_group_tails(catalog)

    def group_entities(doc: Doc) -> Doc:
        add_candidates(doc, pretrained_candidates(doc), rule="pretrained-ner")
        chosen = choose_entities(doc)
        aliases = bracketed_acronyms(doc, chosen)
        chosen = with_acronym_mentions(doc, chosen, aliases)
        doc.ents = chosen
        result = group(doc, catalog)
        for name_span, acronym in aliases:
            _merge_acronym(result, name_span, acronym)
        _merge_spelling_slips(result)
        _merge_initialisms(result)
        _adopt_catalog_tails(result, tails, catalog)
        _add_mission_cities(doc, result, catalog)
        find_backers(doc, result)
        doc._.ckg_entities = result
        return doc

    return group_entities


# --- candidates ----------------------------------------------------------------------------

def pretrained_candidates(doc: Doc) -> list[Span]:
    """A loaded NER's entities, typed with our cue words, where our rules found nothing."""
    taken = set()
    for span in doc.spans.get(CANDIDATES, []):
        taken.update(range(span.start, span.end))
    found = []
    for ent in doc.ents:
        label = NER_LABELS.get(ent.label_)
        if not label or taken & set(range(ent.start, ent.end)):
            continue
        typed = name_rules.classify(doc, ent.start, ent.end)
        if typed:
            for our_label, start, end, rule in typed:
                found.append(set_rule(Span(doc, start, end, label=our_label), "pretrained-ner+" + rule))
            continue
        start = ent.start
        if doc[start].lower_ == "the":
            start += 1
        if label == "Person":
            while start < ent.end - 1 and doc[start].lower_ in name_rules.PERSON_TITLES:
                start += 1
        if start < ent.end:
            found.append(Span(doc, start, ent.end, label=label))
    return found


def bracketed_acronyms(doc: Doc, chosen: list[Span]) -> list[tuple[Span, str]]:
    """(name span, acronym) for "Name (ACR)" and "Name [ACR]" whose initials fit."""
    found = []
    for span in chosen:
        end = span.end
        if end + 2 >= len(doc) + 0 or doc[end].text not in "([" or end + 2 >= len(doc):
            continue
        acronym, closing = doc[end + 1].text, doc[end + 2].text
        if closing not in ")]" or not ACRONYM.match(acronym):
            continue
        initials = {t.text[:1].upper() for t in span if t.text[:1].isalpha()}
        if acronym[0] in initials:
            found.append((span, acronym))
    return found


def with_acronym_mentions(doc: Doc, chosen: list[Span], aliases) -> list[Span]:
    """The chosen spans plus every use of a bracketed acronym that nothing else claimed."""
    if not aliases:
        return chosen
    taken = set()
    for span in chosen:
        taken.update(range(span.start, span.end))
    added = []
    for name_span, acronym in aliases:
        for token in doc:
            if token.text == acronym and token.i not in taken:
                span = set_rule(Span(doc, token.i, token.i + 1, label=name_span.label_),
                                "entities.bracketed-acronym")
                added.append(span)
                taken.add(token.i)
    return sorted(chosen + added, key=lambda s: s.start)


# --- grouping ------------------------------------------------------------------------------

def group(doc: Doc, catalog) -> DocEntities:
    result = DocEntities()
    by_name: dict[str, str] = {}
    persons: list[EntityRecord] = []
    for span in doc.ents:
        entry = catalog.get(span.kb_id_) if span.kb_id_ else None
        if entry is not None:
            key = entry.id
            record = result.records.get(key) or EntityRecord(
                key, entry.label, entry.type, entry.id, rule_of(span) or "gazetteer")
        elif (entry := _with_nationality_after(span, catalog)) is not None:
            key = entry.id
            record = result.records.get(key) or EntityRecord(
                key, entry.label, entry.type, entry.id, "entities.nationality-after")
        else:
            key = _alias_of(span, persons, by_name) or _new_key(span.text)
            record = result.records.get(key) or EntityRecord(
                key, _clean_label(span.text), span.label_, None, rule_of(span) or "names")
        record.spans.append(span)
        result.records[key] = record
        result.key_at[(span.start, span.end)] = key
        by_name.setdefault(normalize_name(span.text), key)
        if record.type == "Person" and record not in persons:
            persons.append(record)
    return result


#: Ways news names one office: "Ministry of Defense", "Defense Ministry", "Department of Defense".
OFFICE_NOUNS = ("Ministry", "Department")


def _office_variants(head: str) -> list[str]:
    """"Ministry of Defense" as "Defense Ministry", "Department of Defense", "Defense Department"."""
    variants = [head]
    match = re.match(r"^(Ministry|Department) of (?:the )?(.+)$", head, flags=re.IGNORECASE)
    if match:
        subject = match.group(2)
        for noun in OFFICE_NOUNS:
            variants += [f"{noun} of {subject}", f"{subject} {noun}"]
    return list(dict.fromkeys(variants))


def _with_nationality_after(span: Span, catalog):
    """The catalog entry of an institution whose nationality comes after it, as in Arabic word
    order and its machine translations ("the Ministry of Defense American" is the US Department
    of Defense), when exactly one entry fits; else None."""
    if span.label_ != "Organization" or len(span) < 3:
        return None
    doc = span.doc
    country = next((c for c in doc.spans.get(CANDIDATES, []) if c.label_ == "Country" and
                    c.kb_id_ and c.end == span.end and c.start > span.start + 1), None)
    entry = catalog.get(country.kb_id_) if country is not None else None
    if entry is None:
        return None
    head = doc[span.start:country.start].text.strip(" ,")
    if head.lower().startswith("the "):
        head = head[4:]
    found = {}
    for nation in (entry.label, *entry.aliases, country.text):
        for office in _office_variants(head):
            for name in (f"{nation} {office}", f"{nation}'s {office}"):
                for match in catalog.lookup(name):
                    if match.type == "Organization":
                        found[match.id] = match
    return next(iter(found.values())) if len(found) == 1 else None


def _clean_label(text: str) -> str:
    text = " ".join(text.replace("\u2019", "'").split())
    return text[4:] if text.lower().startswith("the ") else text


def _new_key(text: str) -> str:
    return "local:" + normalize_name(text)


def _alias_of(span: Span, persons: list[EntityRecord], by_name: dict[str, str]) -> str | None:
    name = normalize_name(span.text)
    if name in by_name:
        return by_name[name]
    if span.label_ == "Person" and len(name.split()) == 1:
        for record in reversed(persons):
            if normalize_name(record.label).split()[-1] == name:
                return record.key
    return None


def _merge_acronym(result: DocEntities, name_span: Span, acronym: str) -> None:
    name_key = result.key(name_span)
    acronym_keys = {key for (start, end), key in result.key_at.items()
                    if end - start == 1 and name_span.doc[start].text == acronym}
    for acronym_key in acronym_keys:
        if name_key is None or acronym_key == name_key:
            continue
        name_record, acronym_record = result.records.get(name_key), result.records.get(acronym_key)
        if name_record is None or acronym_record is None:
            continue
        if name_record.catalog_id and acronym_record.catalog_id:
            continue  # the catalog knows both and says they differ
        if acronym_record.catalog_id:
            result.merge(name_key, acronym_key)
            name_key = acronym_key
        else:
            result.merge(acronym_key, name_key)


def _comparable(name: str) -> str:
    return normalize_name(name).replace(" ", "")


def _merge_spelling_slips(result: DocEntities) -> None:
    unknown = [r for r in result.records.values() if r.catalog_id is None]
    merged: set[str] = set()
    for i, first in enumerate(unknown):
        for second in unknown[i + 1:]:
            if first.key in merged or second.key in merged or first.type != second.type:
                continue
            a, b = normalize_name(first.label).split(), normalize_name(second.label).split()
            if len(a) != len(b) or len(a) < 2 or any(x[0] != y[0] for x, y in zip(a, b)):
                continue
            if fuzz.ratio(_comparable(first.label), _comparable(second.label)) >= SAME_NAME_RATIO:
                result.merge(second.key, first.key)
                merged.add(second.key)


#: Words that initialisms skip ("Syrian Observatory for Human Rights" is SOHR).
INITIALISM_SKIPS = {"of", "for", "the", "and", "in", "on", "to", "&"}


def initials(name: str) -> str:
    """ "Syrian Arab News Agency" -> "SANA"."""
    words = re.findall(r"[^\W\d_][\w'’-]*", name)
    return "".join(w[0].upper() for w in words if w.lower() not in INITIALISM_SKIPS)


def _merge_initialisms(result: DocEntities) -> None:
    """An unknown one-word name that spells the initials of an organisation or group the
    article also names ("state news agency Sana" after "Syrian Arab News Agency") is that
    organisation, written as a word."""
    for record in list(result.records.values()):
        word = record.label
        if record.catalog_id or record.type not in ("Organization", "ArmedGroup") or \
                not word.isalpha() or not 2 <= len(word) <= 6:
            continue
        owners = {other.key for other in result.records.values()
                  if other.key != record.key and other.type in ("Organization", "ArmedGroup")
                  and len(other.label.split()) >= 2 and initials(other.label) == word.upper()}
        if len(owners) == 1:
            result.merge(record.key, owners.pop())


def armed_group_tails(catalog) -> dict[str, set[str]]:
    """Catalog armed groups by the last two or more words of each name: a clipped mention
    ("Sayyid al-Shuhada" for "Kata'ib Sayyid al-Shuhada") still names the group."""
    tails: dict[str, set[str]] = {}
    for entry in catalog:
        if entry.type != "ArmedGroup":
            continue
        for name in entry.names:
            words = normalize_name(name).split()
            for cut in range(1, len(words) - 1):
                tails.setdefault(" ".join(words[cut:]), set()).add(entry.id)
    return tails


def _adopt_catalog_tails(result: DocEntities, tails, catalog) -> None:
    for record in list(result.records.values()):
        if record.catalog_id or record.type != "ArmedGroup":
            continue
        entries = tails.get(normalize_name(record.label), set())
        if len(entries) != 1 or catalog.lookup(record.label):
            continue
        entry = catalog.get(next(iter(entries)))
        if entry.id in result.records:
            result.merge(record.key, entry.id)
        else:
            old_key = record.key
            result.records.pop(old_key)
            record.key, record.label, record.catalog_id = entry.id, entry.label, entry.id
            record.rule += "+catalog-tail"
            result.records[entry.id] = record
            for place, key in list(result.key_at.items()):
                if key == old_key:
                    result.key_at[place] = entry.id


def _add_mission_cities(doc: Doc, result: DocEntities, catalog) -> None:
    """"the US embassy in Baghdad" also mentions Baghdad."""
    chosen = {(s.start, s.end) for s in doc.ents}
    for span in doc.spans.get(CANDIDATES, []):
        if rule_of(span) != name_rules.MISSION_RULE and not _is_mission(span):
            continue
        if (span.start, span.end) not in chosen:
            continue
        for inner in doc.spans.get(CANDIDATES, []):
            if not (span.start < inner.start and inner.end <= span.end) or \
                    doc[inner.start - 1].lower_ != "in" or not inner.kb_id_:
                continue
            entry = catalog.get(inner.kb_id_)
            if entry is None:
                continue
            record = result.records.setdefault(entry.id, EntityRecord(
                entry.id, entry.label, entry.type, entry.id, "names.diplomatic-mission-city"))
            if all((s.start, s.end) != (inner.start, inner.end) for s in record.spans):
                record.spans.append(inner)


def _is_mission(span: Span) -> bool:
    return any(t.lower_ in ("embassy", "consulate") for t in span) and \
        any(t.lower_ == "in" for t in span)


# --- backing ---------------------------------------------------------------------------------

def find_backers(doc: Doc, result: DocEntities) -> None:
    """"Iranian-backed Kata'ib Hezbollah", "Iran-backed militia groups, including X and Y",
    "X, an Iran-backed militia": the country backs the armed groups it qualifies."""
    mentions = [(span, result.record(span)) for span in doc.ents if result.record(span)]
    for index, (span, record) in enumerate(mentions):
        if record.type != "Country" or span.end + 1 >= len(doc):
            continue
        if doc[span.end].text not in ("-", "‐") or doc[span.end + 1].lower_ not in BACKING_WORDS:
            continue
        for group in _groups_after(doc, span.end + 2, mentions[index + 1:]) + \
                _group_before(doc, span.start, mentions[:index]):
            group.backed_by.add(record.key)


def _groups_after(doc: Doc, start: int, later) -> list[EntityRecord]:
    """The armed group right after the qualifier, or those listed after "including"."""
    sentence_end = doc[start - 1].sent.end if start - 1 < len(doc) else len(doc)
    following = [(s, r) for s, r in later if s.start < sentence_end]
    i = start
    words = 0
    while i < sentence_end and words <= 4:  # "Iranian-backed militant groups, including"
        if doc[i].ent_iob_ == "B":
            break
        if doc[i].lower_ in LIST_OPENERS:
            return _listed_groups(doc, i, following)
        if doc[i].text in (",",) and i + 1 < sentence_end and doc[i + 1].lower_ in LIST_OPENERS:
            return _listed_groups(doc, i + 1, following)
        if doc[i].is_punct:
            return []
        words += 1
        i += 1
    first = next(((s, r) for s, r in following if s.start == i), None)
    if first and first[1].type == "ArmedGroup":
        return [first[1]]
    return []


def _listed_groups(doc: Doc, opener: int, following) -> list[EntityRecord]:
    groups = []
    i = opener + 1
    by_start = {s.start: (s, r) for s, r in following}
    while i < len(doc):
        if i in by_start:
            span, record = by_start[i]
            if record.type == "ArmedGroup":
                groups.append(record)
            i = span.end
        elif doc[i].lower_ in LIST_JOINTS or doc[i].lower_ in LIST_OPENERS:
            i += 1
        else:
            break
    return groups


def _group_before(doc: Doc, country_start: int, earlier) -> list[EntityRecord]:
    """"Kata'ib Hezbollah, an Iran-backed militia": the group right before the appositive."""
    i = country_start - 1
    while i >= 0 and doc[i].lower_ in ("a", "an", "the", "powerful", "hardline", "shadowy"):
        i -= 1
    if i < 0 or doc[i].text != ",":
        return []
    for span, record in reversed(earlier):
        if span.end == i and record.type == "ArmedGroup":
            return [record]
    return []


@Language.factory("ckg_surnames")
def make_surnames(nlp: Language, name: str):
    """Later bare surnames of people already named ("Kirby said") become candidates."""

    def find_surnames(doc: Doc) -> Doc:
        candidates = doc.spans.get(CANDIDATES, [])
        surnames = {}
        for span in candidates:
            if span.label_ == "Person" and len(span) >= 2 and span[-1].text[:1].isupper():
                surnames.setdefault(span[-1].text, span.start)
        spans = []
        for token in doc:
            first = surnames.get(token.text)
            if first is not None and token.i > first:
                spans.append(Span(doc, token.i, token.i + 1, label="Person"))
        add_candidates(doc, spans, rule="names.surname")
        return doc

    return find_surnames
