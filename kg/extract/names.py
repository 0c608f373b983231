"""`ckg_names`: names no catalog knows, found from their shape and the words around them.

A name is a run of capitalised tokens, which may hold the connectors of Arabic and English
names ("al-", "bin", "of", "for"). Its type comes from cue words: a title before it
("spokesman Mohammed Mohi" is a person), a head word inside or after it ("the Imam Ali base"
is a base, "Deir Ez-Zor province" a place, "Syrian Arab News Agency" an organisation,
"Kata'ib Sayyid al-Shuhada" an armed group), or a speech verb after it ("Schanzer said").
A capitalised run with no cue is left alone: better a name missed than a sentence start typed.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from .spans import add_candidates

PERSON_TITLES = {
    "president", "vice", "spokesman", "spokeswoman", "spokesperson", "secretary", "minister",
    "prime", "general", "gen", "gen.", "lieutenant", "lt", "lt.", "colonel", "col", "col.",
    "major", "maj", "captain", "capt", "admiral", "adm", "sergeant", "commander", "leader",
    "chief", "senator", "sen", "sen.", "congressman", "congresswoman", "representative", "rep",
    "rep.", "ambassador", "envoy", "official", "analyst", "director", "adviser", "advisor",
    "cleric", "sheikh", "sayyed", "martyr", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr",
    "dr.", "press", "defense", "defence", "foreign", "state", "deputy", "former", "senior",
    "fellow", "researcher", "correspondent", "reporter", "mayor", "governor", "emir", "king",
    "ayatollah", "hajj", "brigadier", "marshal", "head", "founder", "member", "activist",
}
#: Titles that make the following name a person by themselves ("secretary" alone does not:
#: "Secretary of State" is an office).
STRONG_TITLES = {
    "president", "spokesman", "spokeswoman", "spokesperson", "minister", "general", "gen",
    "gen.", "lieutenant", "colonel", "admiral", "commander", "leader", "senator",
    "congressman", "congresswoman", "ambassador", "envoy", "cleric", "sheikh", "sayyed",
    "martyr", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "secretary", "ayatollah",
    "analyst", "adviser", "advisor", "director", "researcher", "correspondent", "mayor",
    "governor", "chief", "official",
}
SPEECH_VERBS = {"said", "says", "told", "added", "noted", "stated", "wrote", "argued",
                "explained", "announced", "warned", "claimed", "insisted", "tweeted"}
BASE_HEADS = {"base", "airbase", "air base", "airport", "airfield", "camp", "garrison",
              "outpost", "facility"}
PLACE_HEADS = {"province", "governorate", "district", "city", "town", "village", "crossing",
               "region", "neighbourhood", "neighborhood", "valley", "river", "desert",
               "mountains", "border crossing", "subdistrict"}
#: Place heads that are part of the name itself rather than a descriptor after it.
PLACE_HEADS_KEPT = {"crossing", "valley", "river", "desert", "mountains"}
ORG_HEADS = {"agency", "ministry", "department", "observatory", "foundation", "institute",
             "council", "service", "services", "organization", "organisation", "committee",
             "commission", "post", "times", "news", "channel", "network", "television", "tv",
             "party", "command", "corps", "coalition", "university", "center", "centre",
             "office", "parliament", "government", "bureau", "herald", "tribune", "journal",
             "press", "telegraph", "guardian", "daily", "radio", "group", "forces", "army",
             "navy", "guard", "authority", "administration", "association", "union", "fund"}
ORG_TRAILERS = {"news agency", "news channel", "newspaper", "news network", "television",
                "tv", "broadcaster", "news outlet", "news site", "think tank", "daily"}
ARMED_CUES = {"brigades", "brigade", "battalion", "battalions", "kataib", "kata'ib",
              "kata’ib", "kait'ib", "kait’ib", "kataeb", "harakat", "hezbollah", "hizballah",
              "hizbullah", "front", "militia", "resistance", "movement", "asa'ib", "asaib",
              "asa’ib", "saraya", "liwa", "jaish", "ansar", "mujahideen", "shuhada"}
CONNECTORS = {"al", "el", "bin", "ibn", "of", "for", "and", "de", "abu", "ad", "as", "ash",
              "at", "az", "ul", "-", "'s"}
#: Capitalised words that start sentences or headlines but are not names.
NOT_NAMES = {"the", "a", "an", "in", "on", "at", "but", "and", "or", "it", "its", "this",
             "that", "these", "those", "he", "she", "they", "we", "i", "you", "his", "her",
             "their", "our", "after", "before", "during", "when", "while", "following",
             "according", "meanwhile", "despite", "however", "specifically", "last", "days",
             "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december", "both", "several", "two", "one",
             "officials", "us", "u.s.", "as", "if", "there", "said", "also", "sources",
             "analysis", "unfortunately", "through", "iran", "tags", "featured", "post",
             "posted", "reply", "leave", "join", "mr", "so", "yet", "then", "now", "today"}


def _is_name_token(token) -> bool:
    text = token.text
    return (text[:1].isupper() or (text[:1] in "'’" and text[1:2].isupper())) and \
        any(c.isalpha() for c in text) and not token.is_sent_start


def _is_name_part(token) -> bool:
    text = token.text
    return text[:1].isupper() and any(c.isalpha() for c in text)


def capitalised_runs(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token ranges of capitalised words with name connectors inside."""
    runs = []
    i = 0
    while i < len(doc):
        if not _is_name_part(doc[i]) or doc[i].text.isupper() and len(doc[i]) > 5:
            i += 1
            continue
        j = i + 1
        while j < len(doc):
            token = doc[j]
            if _is_name_part(token) and not token.is_sent_start and "\n" not in doc[j - 1].whitespace_:
                j += 1
            elif (token.lower_ in CONNECTORS and j + 1 < len(doc) and _is_name_part(doc[j + 1])
                  and not token.whitespace_ == "\n"):
                j += 2
            else:
                break
        runs.append((i, j))
        i = j
    return runs


def _strip_titles(doc: Doc, start: int, end: int) -> tuple[int, bool]:
    """Move the start past leading titles; whether a person title was seen."""
    titled = False
    while start < end - 1 and doc[start].lower_ in PERSON_TITLES:
        titled = titled or doc[start].lower_ in STRONG_TITLES
        start += 1
    return start, titled


def classify(doc: Doc, start: int, end: int) -> tuple[str, int, int, str] | None:
    """(type, start, end, rule) for a capitalised run, or None when no cue types it."""
    words = [t.lower_ for t in doc[start:end]]
    before = doc[start - 1].lower_ if start > 0 else ""
    after = doc[end].lower_ if end < len(doc) else ""
    after2 = doc[end:end + 2].text.lower() if end + 1 < len(doc) else after
    if set(words) & ARMED_CUES:
        return "ArmedGroup", start, end, "names.armed-group-cue"
    if words[-1] in BASE_HEADS or after in BASE_HEADS or after2 in BASE_HEADS:
        end_ = end if words[-1] in BASE_HEADS else end + (2 if after2 in BASE_HEADS and after not in BASE_HEADS else 1)
        if start > 0 and doc[start - 1].lower_ in ("air",):
            return None
        return "Base", start, end_, "names.base-head"
    if after in PLACE_HEADS or after2 in PLACE_HEADS:
        keep = after in PLACE_HEADS_KEPT
        return "Place", start, end + (1 if keep else 0), "names.place-head"
    if after2 in ORG_TRAILERS or after in ORG_TRAILERS:
        return "Organization", start, end, "names.organization-trailer"
    if len(words) >= 2 and words[-1] in ORG_HEADS or (len(words) >= 3 and set(words[1:]) & ORG_HEADS
                                                       and "of" in words or "for" in words):
        return "Organization", start, end, "names.organization-head"
    name_start, titled = _strip_titles(doc, start, end)
    if before in STRONG_TITLES:
        titled = True
    name_words = end - name_start
    if titled and 1 <= name_words <= 4:
        return "Person", name_start, end, "names.person-title"
    if after in SPEECH_VERBS and 2 <= name_words <= 4 and words[0] not in NOT_NAMES:
        return "Person", name_start, end, "names.person-speech"
    return None


@Language.factory("ckg_names")
def make_names(nlp: Language, name: str):
    return find_names


def find_names(doc: Doc) -> Doc:
    spans = []
    for start, end in capitalised_runs(doc):
        if end - start == 1 and doc[start].lower_ in NOT_NAMES:
            continue
        found = classify(doc, start, end)
        if found:
            label, s, e, rule = found
            if doc[s].lower_ in NOT_NAMES and e - s > 1:
                s += 1
            span = Span(doc, s, e, label=label)
            span._.rule = rule
            spans.append(span)
    add_candidates(doc, spans, rule="names")
    return doc
