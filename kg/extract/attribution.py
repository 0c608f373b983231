"""Who said which words: quoted stretches by their marks, and the speaker of each.

News attributes words in a handful of shapes, and each shape says where the speaker is:

- after the words: "“…,” the Pentagon said", "“…,” said Kirby", "…, AFP said." — the speaker
  is the short noun phrase next to the verb, after the closing mark or the comma;
- before the words: "Kirby said the strikes …", "X told Reuters: “…”", "X denied any …" —
  the speaker is the subject of the verb, found from the start of the clause;
- "according to X, …" and "in a statement from X, …".

A pronoun or a stand-in ("he", "the statement", "the spokesman", "the ministry") points back
to the last named speaker of its kind. "Officials" and "sources" name no one: their words
have no speaker. Negated speech ("did not say whether", "declined to comment") is marked as
such. Quotes are found by their marks, tolerating the broken marks of scraped and
machine-translated pages (a mark is told to close a quote by the attribution after it, which is
why the marks are read here, with the speech verbs).

Two components read the attributions, so they are not a component of their own but computed
once per Doc by `attributions(doc)`: `ckg_casualties` (a casualty count is claimed by whoever's
words contain it) and `ckg_quotes` (the statements).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from .entities import entity_mentions
from .prose import is_headline, lines, sentences

if not Doc.has_extension("ckg_attributions"):
    Doc.set_extension("ckg_attributions", default=None)

SPEAKER_TYPES = {"Person", "Organization", "ArmedGroup", "Country"}

#: Verbs that may come before their subject: "…,” said Kirby.
INVERTIBLE = ("said|says|added|adds|wrote|writes|noted|notes|explained|explains|continued|"
              "stated|asked|declared|insisted|warned|concluded|argued")
SPEECH = re.compile(
    rf"\b(?:{INVERTIBLE}|told|tells|announced|announces|claimed|claims|tweeted|asserted|"
    r"alleged|specified|acknowledged|confirmed|confirms|denied|denies|vowed|vows|pledged|"
    r"pledges|reported|reports|accused|accuses|threatened|threatens|stressed|emphasi[sz]ed|"
    r"urged|condemned|blamed|described|replied|responded|commented|promised|reiterated|"
    r"admitted|revealed|cautioned|called|saying|adding|noting|alleging|claiming|warning|"
    r"stressing|insisting|explaining|describing|boasted|boasts|remarked|contended|disclosed|"
    r"affirmed|reaffirmed|lamented|issued (?:a|an|its|their|his|her) (?:\w+ )?statement|"
    r"(?:put|puts|placed|raised|revised|lowered)(?=\s+(?:the|its|their)\s+(?:death\s+|casualty\s+)?"
    r"(?:toll|number of)))\b",
    re.IGNORECASE)
#: Verbs whose object is not speech unless a quote follows ("called the comments a “…”").
NEEDS_QUOTE = {"called", "described", "describing"}
#: Verbs that are speech only right after a quote ("“…,” he continued"): elsewhere they are
#: adjectives or other senses ("pledged continued retaliation").
AFTER_QUOTE_ONLY = {"continued", "concluded", "asked"}
#: Verbs whose object is a noun phrase, not a claim: their words start at the verb
#: ("denied any involvement in …"), and a count inside them is not claimed by the subject.
ACTS = {"denied", "denies", "pledged", "pledges", "vowed", "vows", "condemned", "accused",
        "accuses", "blamed", "threatened", "threatens", "urged", "promised", "cautioned",
        "called", "described", "describing", "claimed", "claims", "announced", "announces",
        "acknowledged", "confirmed", "confirms", "admitted", "revealed", "specified"}
NEGATED = re.compile(r"(?:\bnot|n't|\bnever|\bdeclined to|\brefused to|\bwithout|\bno)\s+"
                     r"(?:\w+\s+){0,1}$", re.IGNORECASE)
PASSIVE = re.compile(r"\b(?:been|was|were|is|are|be|being|to)\s+(?:\w+ly\s+)?$", re.IGNORECASE)

#: Stand-ins for a speaker named before; the value says which kind of speaker they point to.
ANAPHORS = {
    "he": "person", "she": "person", "it": "other", "they": "any",
    "the spokesman": "person", "the spokeswoman": "person", "the spokesperson": "person",
    "the minister": "person", "the secretary": "person", "the president": "person",
    "the statement": "other", "the ministry": "other", "the department": "other",
    "the agency": "other", "the channel": "other", "the correspondent": "other",
    "the reporter": "other", "the group": "other", "the militia": "other",
    "the outlet": "other", "the newspaper": "other", "the broadcaster": "other",
    "the monitor": "other", "the observatory": "other", "the military": "other",
    "the army": "other", "the command": "other", "the embassy": "other",
    "the organisation": "other", "the organization": "other", "the movement": "other",
    "the government": "other", "the coalition": "other", "the pentagon statement": "other",
}
#: What a stand-in noun needs of the speaker it points to: words one of which the speaker's
#: name holds, or the speaker's type. Stand-ins not listed take any speaker of their kind.
ANAPHOR_NEEDS = {
    "the ministry": ("ministry", "department"), "the department": ("department", "ministry"),
    "the coalition": ("coalition",), "the observatory": ("observatory", "monitor"),
    "the monitor": ("observatory", "monitor"), "the embassy": ("embassy",),
    "the government": ("government",), "the army": ("army", "armed forces", "military"),
    "the military": ("army", "armed forces", "military", "forces", "command"),
    "the command": ("command",), "the group": ("ArmedGroup",), "the militia": ("ArmedGroup",),
    "the movement": ("ArmedGroup", "movement"), "the agency": ("agency", "news"),
}
ANAPHOR = re.compile(r"^(?:(?:also|later|earlier|further|then|meanwhile|previously|however),?\s+)*"
                     r"(?P<a>" + "|".join(sorted(ANAPHORS, key=len, reverse=True)) +
                     r")\b(?:\s+(?:also|later|earlier|further|then|meanwhile|previously|"
                     r"had|has|have|would|will|\w+ly))*\s*,?\s*$", re.IGNORECASE)
#: Unnamed speakers: their words have no speaker.
ANONYMOUS = re.compile(r"\b(?:officials?|sources?|diplomats?|residents?|witnesses|activists?|"
                       r"medics?|doctors?|analysts?|experts?|observers?|critics?|people|"
                       r"lawmakers?|authorities|insiders?|aides?|spokesm[ae]n for|someone)\b",
                       re.IGNORECASE)
#: Nouns after a name that leave the name the speaker ("the US military", "AFP news agency").
ROLE_NOUNS = {"government", "military", "army", "navy", "ministry", "foreign", "defense",
              "defence", "interior", "state", "news", "agency", "channel", "television", "tv",
              "newspaper", "daily", "radio", "media", "statement", "spokesman", "spokeswoman",
              "spokesperson", "command", "embassy", "mission", "office", "press", "forces",
              "president", "prime", "minister", "secretary", "leader", "chief", "commander"}
#: Words that may follow the subject before its verb.
AFTER_SUBJECT = {"also", "later", "earlier", "meanwhile", "previously", "then", "further",
                 "has", "have", "had", "would", "will", "on", "in", "late", "this", "last",
                 "and", "who", "which", "however", "said", "says"}
#: Nouns whose "with/for/of/from X" names the speaker ("a reporter with SANA").
MEDIA_ROLES = re.compile(r"\b(?:reporter|correspondent|journalist|anchor|presenter|spokesm[ae]n|"
                         r"spokeswoman|spokesperson|statement|release|communiqu[eé]|broadcast|"
                         r"report)\s+(?:\w+\s+)?$", re.IGNORECASE)
PREPOSITIONS = {"in", "on", "at", "from", "to", "against", "near", "of", "for", "over", "across",
                "into", "toward", "towards", "by", "between", "under", "after", "before",
                "during", "since", "about", "with", "within", "outside", "inside", "around",
                "through", "via", "than", "like", "behind"}
CLAUSE_BREAK = re.compile(r";|:|\bbut\b|\bwhile\b|\bwhereas\b|\balthough\b|\bthough\b",
                          re.IGNORECASE)
ACCORDING = re.compile(r"\baccording to\b|\bin an? (?:\w+ )?statement (?:from|by|issued by|"
                       r"released by|published by)\b", re.IGNORECASE)
AUXILIARY = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|could|can|did|does|may|"
                       r"might|must|killed|wounded|injured|died)\b", re.IGNORECASE)
#: A clause has a finite verb; a bare phrase before a comma ("After the strikes,") has not.
FINITE = re.compile(r"\b(?:\w+ed|is|are|was|were|has|have|had|will|would|could|can|did|does|"
                    r"do|may|might|must|\w+s)\b", re.IGNORECASE)
DOUBLE_MARKS = "“”\"„‟"


@dataclass
class Quote:
    """Quoted words: `start`/`end` bound the words, `mark_start`/`mark_end` the marks too."""

    start: int
    end: int
    mark_start: int
    mark_end: int
    line: int
    unclosed: bool = False


@dataclass
class Attribution:
    """Words and who said them; `speaker` is None for unnamed or unresolved speakers."""

    speaker: str | None
    start: int
    end: int
    cue_start: int
    cue_end: int
    form: str
    negated: bool = False
    relative: bool = False
    verb: str = ""
    quotes: list[Quote] = field(default_factory=list)

    @property
    def states_facts(self) -> bool:
        """Whether the words are a claim of fact ("said that …"), not an act ("vowed …")."""
        return self.verb not in ACTS or self.form != "before" or self.starts_with_that

    starts_with_that: bool = False
    secondary: bool = False
    coordinated: bool = False


# --- quoted words ----------------------------------------------------------------------------

def _looks_closing(text: str, at: int, line_start: int) -> bool:
    """A mark right after a comma or full stop, followed by an attribution, closes a quote
    even when it is drawn as an opening mark ("…countries, “the statement added")."""
    before = text[line_start:at].rstrip(" ")
    if not before or before[-1] not in ",.!?":
        return False
    if re.search(rf"{SPEECH.pattern}\s*[,:]$", before, re.IGNORECASE):
        return False  # "he said, “the …" opens a quote
    after = text[at + 1:at + 80]
    return bool(re.match(r"\s*[a-z]", after) or re.match(rf"\s*(?:{INVERTIBLE})\b", after)) and \
        bool(SPEECH.search(after.split(".")[0]))


def find_quotes(text: str) -> list[Quote]:
    """Quoted stretches, by pairing marks within each paragraph whatever their glyph."""
    quotes: list[Quote] = []
    for index, (line_start, line_end) in enumerate(lines(text)):
        marks: list[list[int]] = []
        for i in range(line_start, line_end):
            if text[i] in DOUBLE_MARKS:
                if marks and marks[-1][1] == i:
                    marks[-1][1] = i + 1  # a doubled mark (“”) is one mark
                else:
                    marks.append([i, i + 1])
        opened = None
        for mark_start, mark_end in marks:
            if opened is None:
                if not any(q.line == index for q in quotes) and \
                        _looks_closing(text, mark_start, line_start) and \
                        len(text[line_start:mark_start].split()) >= 3:
                    first = line_start + len(text[line_start:mark_start]) - \
                        len(text[line_start:mark_start].lstrip())
                    quotes.append(Quote(first, mark_start, first, mark_end, index))
                else:
                    opened = (mark_start, mark_end)
            else:
                quotes.append(Quote(opened[1], mark_start, opened[0], mark_end, index))
                opened = None
        if opened is not None:
            quotes.append(Quote(opened[1], line_end, opened[0], line_end, index, unclosed=True))
        inside = [(q.mark_start, q.mark_end) for q in quotes if q.line == index]
        for match in re.finditer(r"(?<![\w])‘(?P<w>[^‘’]*?\s[^‘’]*?)’(?![\w])",
                                 text[line_start:line_end]):
            start = line_start + match.start()
            if not any(a <= start < b for a, b in inside):
                quotes.append(Quote(line_start + match.start("w"), line_start + match.end("w"),
                                    start, line_start + match.end(), index))
    quotes = [_trimmed(text, q) for q in quotes]
    return sorted((q for q in quotes if q.end > q.start), key=lambda q: q.start)


def _trimmed(text: str, quote: Quote) -> Quote:
    while quote.start < quote.end and text[quote.start].isspace():
        quote.start += 1
    while quote.end > quote.start and text[quote.end - 1].isspace():
        quote.end -= 1
    return quote


# --- speakers --------------------------------------------------------------------------------

class Speakers:
    """Finds the speaker in a stretch of text and remembers who spoke, for stand-ins."""

    def __init__(self, doc, quotes: list[Quote]):
        self.text = doc.text
        self.mentions = entity_mentions(doc)
        found = doc._.ckg_entities
        self.labels = {key: (found.records[key].label if found and key in found.records else key)
                       for _, _, key, _ in self.mentions}
        self.quotes = quotes
        self.history: list[tuple[int, str, str]] = []  # (position, key, type)

    def _in_quote(self, position: int) -> bool:
        return any(q.start <= position < q.end for q in self.quotes)

    def remember(self, position: int, key: str) -> None:
        kind = next((t for _, _, k, t in self.mentions if k == key), "")
        self.history.append((position, key, kind))

    def anaphor(self, phrase: str, position: int) -> str | None:
        """The named speaker a stand-in at `position` points to."""
        phrase = " ".join(phrase.lower().split())
        kind = ANAPHORS.get(phrase)
        needs = ANAPHOR_NEEDS.get(phrase)
        for _, key, entity_type in sorted(self.history, reverse=True):
            if _ <= position and (kind == "any" or (kind == "person") == (entity_type == "Person")) \
                    and self._fits(key, entity_type, needs):
                return key
        if needs:
            # "according to the coalition": the last named entity that the noun can stand for
            for m_start, m_end, key, entity_type in reversed(self.mentions):
                if m_end <= position and entity_type in SPEAKER_TYPES and \
                        self._fits(key, entity_type, needs):
                    return key
        if kind == "person":
            # "he wrote" after "X, writing on Twitter, played down …": the last person named
            # outside quotes in this or the previous paragraph
            line_start = self.text.rfind("\n", 0, self.text.rfind("\n", 0, position)) + 1
            for m_start, m_end, key, entity_type in reversed(self.mentions):
                if line_start <= m_start and m_end <= position and entity_type == "Person" and \
                        not self._in_quote(m_start):
                    return key
        return None

    def _fits(self, key: str, entity_type: str, needs) -> bool:
        if not needs:
            return True
        label = self.labels.get(key, key).lower()
        return any(n == entity_type or (n[0].islower() and n in label) for n in needs)

    def subject(self, start: int, end: int, *, allow_they: bool = False) -> tuple[str | None, bool]:
        """The speaker named in text[start:end] (a subject), and whether there was a subject
        at all: an unnamed one ("officials") gives (None, True)."""
        text = self.text
        region = text[start:end]
        if not region.strip():
            return None, False
        kept: list[tuple[int, str, str]] = []
        media: list[tuple[int, str, str]] = []
        owners: list[tuple[int, str, str]] = []
        for m_start, m_end, key, entity_type in self.mentions:
            if m_start < start or m_end > end or entity_type not in SPEAKER_TYPES:
                continue
            if self._in_quote(m_start):
                continue
            after = text[m_end:end]
            before = text[start:m_start]
            if re.match(r"-\w", after):
                continue  # "UK-based", "Iran-backed"
            if re.match(r"['’]s\b", after):
                owners.append((m_start, key, entity_type))
                continue  # "Syria's al-Ikhbariyah": the outlet speaks, unless it is unnamed
            if re.search(r"\baccording to\s+(?:the\s+)?$", before, re.IGNORECASE):
                continue
            next_word = re.match(r"\s*([A-Za-z]+)", after)
            if next_word and next_word.group(1).islower() and \
                    next_word.group(1) not in ROLE_NOUNS | AFTER_SUBJECT and \
                    not re.match(r"\s*[A-Za-z]+\s*(?:[,.;:]|$)", after) and \
                    not re.match(r"\s*(?:war\s+)?(?:monitor|monitoring group|watchdog)\b", after) and \
                    not SPEECH.match(after.strip()):
                continue  # a modifier: "US officials", "Iraqi groups"
            if next_word and ANONYMOUS.match(after.strip()) or \
                    re.match(r"\s*(?:[a-z]+\s+){0,2}(?:officials?|sources?)\b", after) or \
                    re.match(r"\s*(?:and|or|,)\s+(?:[\w.’'-]+\s+){0,2}?"
                             r"(?:officials?|sources?|diplomats?|lawmakers?|commanders?)\b", after):
                continue  # one of several unnamed speakers: "Iraqi and American officials"
            previous = re.search(r"([A-Za-z]+)\s+(?:(?:the|a|an|official|state)\s+)*$", before)
            if previous and previous.group(1).lower() in PREPOSITIONS:
                if MEDIA_ROLES.search(before[:previous.start(1)]):
                    media.append((m_start, key, entity_type))
                continue
            if re.search(r"(?:\band|\bor|,)\s+(?:the\s+)?$", before) and kept == [] and media == [] \
                    and re.search(rf"\b(?:{'|'.join(PREPOSITIONS)})\s+[\w\s’'-]+(?:and|or|,)\s+"
                                  r"(?:the\s+)?$", before):
                continue  # "in Iraq and Syria"
            kept.append((m_start, key, entity_type))
        persons = [k for k in kept if k[2] == "Person"]
        if persons:
            return persons[0][1], True
        if kept:
            return kept[0][1], True
        if media:
            return media[0][1], True
        if owners and not ANONYMOUS.search(region):
            return owners[0][1], True  # "Iraq's foreign ministry said"
        stripped = re.sub(r"^[\s,]*(?:(?:but|and|meanwhile|however|also)\b,?\s*)*", "", region)
        anaphor = ANAPHOR.match(stripped.strip())
        if anaphor and (allow_they or anaphor.group("a").lower() != "they"):
            return self.anaphor(anaphor.group("a"), start), True
        return None, bool(ANONYMOUS.search(region))


# --- attributions ----------------------------------------------------------------------------

def attributions(doc) -> list[Attribution]:
    """Every attributed stretch of words in the document, computed once per Doc."""
    if doc._.ckg_attributions is None:
        doc._.ckg_attributions = _find_attributions(doc)
    return doc._.ckg_attributions


def quotes_of(doc) -> list[Quote]:
    attributions(doc)
    return doc.user_data.get("ckg_quotes", [])


def _find_attributions(doc) -> list[Attribution]:
    text = doc.text
    quotes = find_quotes(text)
    doc.user_data["ckg_quotes"] = quotes
    speakers = Speakers(doc, quotes)
    found: list[Attribution] = []
    for sent_start, sent_end in sentences(text):
        in_sentence = _sentence_attributions(text, sent_start, sent_end, quotes, speakers)
        for attribution in in_sentence:
            if attribution.speaker:
                speakers.remember(attribution.cue_start, attribution.speaker)
        found += in_sentence
    return found


def _in_quote(quotes: list[Quote], position: int) -> bool:
    return any(q.start <= position < q.end for q in quotes)


def _sentence_attributions(text, sent_start, sent_end, quotes, speakers) -> list[Attribution]:
    result: list[Attribution] = []
    sentence = text[sent_start:sent_end]
    clause_start = sent_start
    if is_headline(text, sent_start, sent_end):
        return result
    for verb in SPEECH.finditer(sentence):
        v_start, v_end = sent_start + verb.start(), sent_start + verb.end()
        if _in_quote(quotes, v_start):
            continue
        word = verb.group(0).lower()
        before = text[sent_start:v_start]
        if PASSIVE.search(before) or re.search(r"\bto\s+$", before):
            continue
        if re.search(r"\b(?:the|a|an|these|those|this|its|their|his|her)\s+$|\w['’]s\s+$", before,
                     re.IGNORECASE):
            continue  # an adjective: "the alleged facilities", "the group's announced pause"
        if word.endswith("ing") and result:
            continue  # "…, saying …" continues the statement before it
        negated = bool(NEGATED.search(before[-40:]))
        coordinated = _coordinated(text, sent_end, v_start, v_end, word, quotes, result, negated)
        if coordinated is not None:
            if word not in AFTER_QUOTE_ONLY and (word not in NEEDS_QUOTE or coordinated.quotes):
                result.append(coordinated)
            continue
        attribution = (_after_quote(text, sent_start, sent_end, v_start, v_end, word, quotes,
                                    speakers, negated)
                       or _after_clause(text, sent_start, sent_end, v_start, v_end, word, quotes,
                                        speakers, negated)
                       or _before(text, sent_start, sent_end, v_start, v_end, word, quotes,
                                  speakers, negated, clause_start))
        if attribution is None:
            continue
        if word in NEEDS_QUOTE and not attribution.quotes:
            continue
        if word in AFTER_QUOTE_ONLY and attribution.form != "after-quote":
            continue
        if word.startswith("issued"):
            attribution.start = attribution.end = v_end  # names a speaker, says nothing yet
        result.append(attribution)
    according = _according_to(text, sent_start, sent_end, quotes, speakers)
    if according:
        # the source of a count even when the sentence has another speaker; a statement of
        # its own only when it has not
        according.secondary = any(not a.negated for a in result)
        result.append(according)
    # words attributed before the verb end where a later attribution begins
    for earlier, later in zip(result, result[1:]):
        if earlier.form == "before" and later.form.startswith("after") and \
                later.cue_start < earlier.end:
            earlier.end = max(earlier.start, later.cue_start)
            earlier.quotes = [q for q in earlier.quotes if q.start < earlier.end]
    # an outlet citing words already attributed in the sentence is not a second speaker
    kept = []
    for attribution in result:
        covered = any(other is not attribution and other.form == "before" and
                      other.start <= attribution.start < other.end + 3 and not other.negated
                      for other in result) and attribution.form.startswith("after")
        if not covered:
            kept.append(attribution)
    return kept


def _coordinated(text, sent_end, v_start, v_end, word, quotes, result, negated):
    """A second speech verb of the same subject: "X told reporters … and warned that …",
    "X condemned … and said …". The words before it end at the "and"; the speaker is the
    same; the second verb's words are a statement of their own."""
    joined = re.search(r"(?:,\s*)?\band\s+(?:(?:also|later|then|\w+ly)\s+)?$", text[:v_start])
    if not joined:
        return None
    earlier = next((a for a in reversed(result) if a.form == "before" and
                    a.start <= joined.start() < a.end), None)
    if earlier is None:
        return None
    content_start = v_end
    that = bool(re.match(r"\s*(?:(?:\w+ly|also|again)\s+)?(?:that\b|:)", text[v_end:sent_end]))
    if word in ("told", "tells"):
        obj = re.match(r"\s*[^,:;“”\"]*?(?:\bthat\b|:|,|(?=[“\"]))", text[v_end:sent_end])
        if obj:
            content_start = v_end + obj.end()
    if word in ACTS and not that and word not in NEEDS_QUOTE:
        content_start = v_start  # "and pledged support for …"
    begin, end, inside = _with_quotes(quotes, content_start, sent_end)
    begin = max(begin, content_start) if not inside or inside[0].start >= content_start else begin
    earlier.end = max(earlier.start, joined.start())
    earlier.quotes = [q for q in earlier.quotes if q.start < earlier.end]
    return Attribution(earlier.speaker, begin, end, v_start, v_end, "before",
                       negated or earlier.negated, verb=word, quotes=inside,
                       starts_with_that=that, coordinated=True)


def _with_quotes(quotes, start: int, end: int) -> tuple[int, int, list[Quote]]:
    """Widen a stretch to the whole of every quote that starts or ends in it."""
    inside = [q for q in quotes if q.end > start and q.start < end]
    if inside:
        start = min(start, inside[0].start)
        end = max(end, inside[-1].end)
    return start, end, inside


def _after_quote(text, sent_start, sent_end, v_start, v_end, word, quotes, speakers, negated):
    """“…,” the Pentagon said. / “…,” said Kirby. / “…,” he added."""
    quote = next((q for q in reversed(quotes) if q.mark_end <= v_start and q.end > 0), None)
    if quote is None or quote.mark_end < sent_start - 2:
        return None
    between = _without_abbreviation_dots(text[quote.mark_end:v_start])
    if "\n" in between or not re.fullmatch(r"[\s,”\"]*[^,;:.“”\"]{0,80}", between):
        return None
    if len(between.split()) > 8:
        return None
    subject_start = quote.mark_end
    speaker, has_subject = speakers.subject(subject_start, v_start, allow_they=True)
    if not has_subject and re.match(INVERTIBLE, word):
        tail = re.match(r"[^,.;:“”\"]*", text[v_end:sent_end]).group(0)
        speaker, has_subject = speakers.subject(v_end, v_end + len(tail))
    if not has_subject:
        return None
    group = [quote]
    return Attribution(speaker, quote.start, quote.end, subject_start, v_end, "after-quote",
                       negated, verb=word, quotes=group)


def _without_abbreviation_dots(text: str) -> str:
    """ "Col. Wayne Marotto" → "Col Wayne Marotto": titles and initials do not end a phrase."""
    return re.sub(r"\b([A-Z][a-z]{0,3}|[A-Z](?:\.[A-Z])*)\.", r"\1", text)


def _after_clause(text, sent_start, sent_end, v_start, v_end, word, quotes, speakers, negated):
    """…, AFP said. / …, Pentagon spokesperson Jessica McNulty told TASS."""
    before = text[sent_start:v_start]
    comma = before.rfind(",")
    if comma < 0:
        return None
    boundary = sent_start + comma
    if _in_quote(quotes, boundary):
        return None
    segment = text[boundary + 1:v_start]
    if len(segment.split()) > 8 or re.search(r"[;:“”\"]", segment) or \
            re.match(r"\s*(?:but|and|or|while|whereas|although|though|who|which|that)\b",
                     segment, re.IGNORECASE):
        return None
    rest = text[v_end:sent_end]
    adjunct = re.match(r"\s*,\s*(?:in (?:response|retaliation|reprisal)|after|following|amid|as|"
                       r"days|hours|weeks)\b", rest)  # "…, X said, in retaliation for …"
    if not adjunct and (len(rest.split()) > 10 or re.search(r"\bthat\b|[:“\"]", rest) or
                        AUXILIARY.search(rest)):
        return None
    content = text[sent_start:boundary]
    if len(content.split()) < 4 or not FINITE.search(content):
        return None
    speaker, has_subject = speakers.subject(boundary + 1, v_start)
    if not has_subject:
        if not re.match(INVERTIBLE, word) or segment.strip():
            return None
        tail = re.match(r"[^,.;:]*", rest).group(0)
        speaker, has_subject = speakers.subject(v_end, v_end + len(tail))
        if not has_subject:
            return None
    start, end, inside = _with_quotes(quotes, sent_start, boundary)
    return Attribution(speaker, start, end, boundary, v_end, "after-clause", negated,
                       verb=word, quotes=inside)


#: A wire dateline opening the first paragraph: "WASHINGTON/BAGHDAD, Feb 2 (Reuters) -",
#: "BAGHDAD (AP) —": the agency in it is not the subject of the sentence.
DATELINE = re.compile(r"[A-Z][A-Z/ ,.'’-]+(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*\([^()\n]{2,40}\)"
                      r"\s*[-—–]+\s*")


def _before(text, sent_start, sent_end, v_start, v_end, word, quotes, speakers, negated,
            clause_start):
    """Kirby said the strikes … / X told Reuters: “…” / X denied any involvement in …"""
    start = clause_start
    dateline = DATELINE.match(text, start, v_start)
    if dateline:
        start = dateline.end()
    for brk in CLAUSE_BREAK.finditer(text, sent_start, v_start):
        if not _in_quote(quotes, brk.start()):
            start = brk.end()
    for quote in quotes:
        if sent_start <= quote.mark_end <= v_start:
            start = max(start, quote.mark_end)
    region = text[start:v_start]
    relative = re.search(r"(?:,\s*)?\b(?:who|which|that)\s+(?:\w+ly\s+|also\s+)?$", region)
    if relative:
        antecedent = text[start:start + relative.start()].rstrip(" ,")
        subject_end = start + len(antecedent)
        owner = [m for m in speakers.mentions if m[1] == subject_end and m[3] in SPEAKER_TYPES]
        speaker = owner[-1][2] if owner else None
        if speaker is None:
            return None
    else:
        speaker, has_subject = speakers.subject(start, v_start)
        if not has_subject:
            # a phrase before the subject: "Speaking later at a church, he told …"
            comma = max((m.end() for m in re.finditer(r",", text[start:v_start])
                         if not _in_quote(quotes, start + m.start())), default=0)
            if not comma or len(text[start + comma:v_start].split()) > 6:
                return None
            start += comma
            speaker, has_subject = speakers.subject(start, v_start)
            if not has_subject:
                return None
    content_start = v_end
    if relative:
        stop = re.search(r",", text[v_end:sent_end])
        sent_end = v_end + stop.start() if stop else sent_end
    if word in ("told", "tells"):
        obj = re.match(r"\s*[^,:;“”\"]*?(?:\bthat\b|:|,|(?=[“\"]))", text[v_end:sent_end])
        if obj:
            content_start = v_end + obj.end()
    that = bool(re.match(r"\s*(?:,\s*)?(?:(?:\w+ly|earlier|later|again|also|on \w+|"
                         r"in a statement)\s+)*(?:that\b|:)", text[content_start:sent_end]))
    if word in ACTS and not that and word not in NEEDS_QUOTE:
        content_start = v_start  # "denied any involvement in …"
    begin, end, inside = _with_quotes(quotes, content_start, sent_end)
    begin = max(begin, content_start) if not inside or inside[0].start >= content_start else begin
    return Attribution(speaker, begin, end, start, v_end, "before", negated,
                       relative=bool(relative), verb=word, quotes=inside, starts_with_that=that)


def _according_to(text, sent_start, sent_end, quotes, speakers):
    """According to X, … / …, according to X. / In a statement from X, …"""
    for cue in ACCORDING.finditer(text, sent_start, sent_end):
        if _in_quote(quotes, cue.start()):
            continue
        phrase_end = re.match(r"[^,.;:“”\"]*", text[cue.end():sent_end]).end() + cue.end()
        speaker, has_subject = speakers.subject(cue.end(), phrase_end)
        if not has_subject:
            continue
        if not speaker:
            speaker = _first_speaker_in(speakers, cue.end(), phrase_end)
        if len(text[sent_start:cue.start()].split()) >= 4 and \
                text[sent_start:cue.start()].rstrip().endswith(","):
            start, end, inside = _with_quotes(quotes, sent_start, cue.start())
        else:
            start, end, inside = _with_quotes(quotes, phrase_end + 1, sent_end)
        return Attribution(speaker, start, end, cue.start(), phrase_end, "according",
                           quotes=inside, verb="according to")
    return None


def _first_speaker_in(speakers, start, end):
    for m_start, m_end, key, entity_type in speakers.mentions:
        if m_start >= start and m_end <= end and entity_type in SPEAKER_TYPES:
            return key
    return None
