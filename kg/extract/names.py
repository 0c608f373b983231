"""`ckg_names`: names no catalog knows, found from their shape and the words around them.

A name is a run of capitalised tokens, which may hold the joints of Arabic names ("al-Bukamal",
"Deir Ez-Zor", "bin", "Abu") and, once an organisation word has been seen, the "of" and "for" of
institutional names ("Foundation for Defense of Democracies"). "and" never joins: "Kata'ib
Hezbollah and Kata'ib Sayyid al-Shuhada" are two names.

A run gets a type only from cue words, checked in this order because the earlier cues are the
less ambiguous ones:

* a base word in or after it ("the Imam Ali base", "Ain al-Asad Air Base", "Camp Taji"); an
  airport is a place ("the Karbala airport") unless the catalog knows it as a base;
* a title inside or before it ("spokesman Mohammed Mohi", "Pentagon Press Secretary John
  Kirby": the person is what follows the title; what precedes it is a name of its own);
* words that only armed groups carry in their names ("Kata'ib", "Brigades", "Mobilization");
* organisation words in it, a description after or before it ("al-Ikhbariyah news channel",
  "state news agency Sana"), or a capitalised "The" in mid-sentence ("told The Jerusalem Post");
* place words after or before it ("Deir Ez-Zor province", "the town of al-Bukamal");
* for people: an appositive role ("Jonathan Schanzer, senior vice president at ..."), a speech
  verb ("Schanzer said"), a common given name or an Arabic kunya ("Abu Mahdi al-Muhandis").

An adjective of a people, faith or direction ("the Kurdish region", "Sunni areas") is never a
name by itself. Abbreviated titles keep their dot ("Col. Wayne Marotto"): the tokenizer is told
so, or "Col" would end the name run and the sentence.

A capitalised run with no cue is left alone, and so is every run in a title-case line (a
headline capitalises words that are not names): better a name missed than a headline word typed.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .spans import CANDIDATES, add_candidates, set_rule

#: Words that introduce a person's name ("Defense Secretary Lloyd Austin").
PERSON_TITLES = {
    "president", "vice", "spokesman", "spokeswoman", "spokesperson", "secretary", "minister",
    "prime", "general", "gen", "gen.", "lieutenant", "lt", "lt.", "colonel", "col", "col.",
    "major", "maj", "maj.", "captain", "capt", "capt.", "admiral", "adm", "adm.", "sergeant",
    "sgt", "sgt.", "commander", "leader", "chief", "senator", "sen", "sen.", "congressman",
    "congresswoman", "representative", "rep", "rep.", "ambassador", "envoy", "official",
    "analyst", "director", "adviser", "advisor", "cleric", "martyr", "mr", "mr.", "mrs", "mrs.",
    "ms", "ms.", "dr", "dr.", "press", "defense", "defence", "foreign", "state", "deputy",
    "former", "senior", "fellow", "researcher", "correspondent", "reporter", "mayor", "governor",
    "emir", "king", "prince", "ayatollah", "brigadier", "marshal", "head", "founder", "member",
    "activist", "chairman", "chairwoman", "speaker", "lawmaker", "mp", "professor", "prof",
    "prof.", "pope", "sultan", "crown", "supreme", "interior", "attorney", "judge", "chancellor",
    "sec", "sec.", "us", "u.s.", "mister", "top", "army", "military", "national", "security",
    "brig.", "cmdr", "cmdr.", "cdr", "cdr.", "pvt", "pvt.", "cpl", "cpl.", "spc", "spc.", "amb",
    "amb.", "lt.col.", "maj.gen.", "brig.gen.", "lt.gen.", "gov", "gov.", "rev", "rev.",
}
#: Titles that make what follows a person by themselves ("Defense" or "Foreign" alone do not).
STRONG_TITLES = {
    "president", "spokesman", "spokeswoman", "spokesperson", "minister", "general", "gen",
    "gen.", "lieutenant", "lt", "lt.", "colonel", "col", "col.", "admiral", "adm", "adm.",
    "commander", "leader", "senator", "sen", "sen.", "congressman", "congresswoman",
    "ambassador", "envoy", "cleric", "martyr", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr",
    "dr.", "secretary", "ayatollah", "analyst", "adviser", "advisor", "director", "researcher",
    "correspondent", "mayor", "governor", "chief", "official", "chairman", "chairwoman",
    "lawmaker", "professor", "prof", "prof.", "sergeant", "sgt", "sgt.", "captain", "capt",
    "capt.", "major", "maj", "maj.", "brigadier", "king", "prince", "emir", "sultan", "pope",
    "reporter", "representative", "rep", "rep.", "judge", "chancellor", "mister", "deputy",
    "brig.", "cmdr", "cmdr.", "cdr", "cdr.", "pvt", "pvt.", "cpl", "cpl.", "spc", "spc.", "amb",
    "amb.", "lt.col.", "maj.gen.", "brig.gen.", "lt.gen.", "gov", "gov.",
}
#: Abbreviated titles that the tokenizer would otherwise split at the dot, ending the name
#: run and the sentence before the name ("Col. Wayne Marotto", "Lt. Col. Dana Kerrigan").
TITLE_ABBREVIATIONS = ("Col.", "Lt.", "Maj.", "Capt.", "Cpt.", "Sgt.", "Brig.", "Cmdr.", "Cdr.",
                       "Pvt.", "Cpl.", "Spc.", "Amb.", "Sec.", "Gens.", "Lt.Col.", "Maj.Gen.",
                       "Brig.Gen.", "Lt.Gen.")


def add_title_abbreviations(nlp: Language) -> None:
    """Teach the tokenizer that an abbreviated title keeps its dot."""
    from spacy.symbols import ORTH

    for title in TITLE_ABBREVIATIONS:
        nlp.tokenizer.add_special_case(title, [{ORTH: title}])
#: Honorifics that Arabic and Persian names carry as part of the name ("Sayyed Hassan
#: Nasrallah", "Sheikh Qais al-Khazali"): kept in the span, unlike titles.
HONORIFICS = {"sayyed", "sayyid", "seyed", "sheikh", "shaykh", "hajj", "haji", "mullah"}
#: Role nouns of an appositive after a name ("Jonathan Schanzer, senior vice president at").
APPOSITIVE_ROLES = {
    "spokesman", "spokeswoman", "spokesperson", "president", "analyst", "fellow", "director",
    "researcher", "commander", "leader", "official", "minister", "secretary", "adviser",
    "advisor", "professor", "expert", "head", "chief", "founder", "correspondent", "reporter",
    "editor", "ambassador", "envoy", "general", "colonel", "member", "lawmaker", "mp", "chairman",
    "governor", "mayor", "cleric", "journalist", "activist", "resident", "witness", "author",
    "scholar", "lecturer", "deputy", "vice", "senior", "former", "retired", "who", "whose",
    "executive", "coordinator", "manager", "partner", "officer", "commentator", "writer",
}
#: Words after a comma that open a clause about a place or thing, not a person's role.
NON_ROLE_OPENERS = {"where", "which", "when", "while", "whose", "as", "and", "but", "near"}
SPEECH_VERBS = {"said", "says", "told", "added", "noted", "stated", "wrote", "argued",
                "explained", "announced", "warned", "claimed", "insisted", "tweeted",
                "stressed", "confirmed", "denied", "asserted", "acknowledged", "commented"}
#: Speech verbs that may come before the speaker ("…,” said John Smith).
SPEECH_BEFORE = {"said", "says", "added", "noted", "explained", "warned", "wrote"}

BASE_WORDS = {"base", "airbase", "airport", "airfield", "garrison", "outpost", "barracks"}
#: Base words of facilities that are civil unless known otherwise ("the Karbala airport").
CIVIL_FACILITY_WORDS = {"airport"}
#: Words that start a base's name ("Camp Taji", "Forward Operating Base Union III").
BASE_FIRST_WORDS = {"camp", "fob"}
#: Place words after a name; not part of it ("Deir Ez-Zor province" is Deir Ez-Zor).
PLACE_WORDS_AFTER = {"province", "governorate", "district", "city", "town", "village", "region",
                     "neighbourhood", "neighborhood", "desert", "countryside", "subdistrict",
                     "crossing", "outskirts", "suburb", "area", "border"}
#: Place words that end a place's own capitalised name ("Green Zone", "Anbar Province").
PLACE_WORDS_IN = {"province", "governorate", "district", "zone", "valley", "desert", "crossing",
                  "square", "mountains", "mountain", "river", "lake", "gulf", "sea", "strait",
                  "peninsula", "plain", "plains", "heights", "island", "islands", "bridge",
                  "dam", "highway", "road", "street", "embassy", "consulate", "region",
                  "neighbourhood", "neighborhood", "oilfield", "field", "hospital", "mosque",
                  "shrine"}
#: Nouns before "of" that make the name after it a place ("the town of al-Bukamal").
PLACE_NOUNS_OF = {"town", "city", "village", "province", "governorate", "district", "region",
                  "outskirts", "suburb", "suburbs", "neighbourhood", "neighborhood", "north",
                  "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                  "countryside", "vicinity", "area", "capital"}
ORG_WORDS = {"agency", "ministry", "department", "observatory", "foundation", "institute",
             "council", "service", "services", "organization", "organisation", "committee",
             "commission", "post", "times", "news", "channel", "network", "television", "tv",
             "party", "command", "corps", "coalition", "university", "center", "centre",
             "office", "parliament", "bureau", "herald", "tribune", "journal", "press",
             "telegraph", "guardian", "daily", "radio", "group", "forces", "force", "army",
             "navy", "guard", "guards", "authority", "administration", "association", "union",
             "fund", "company", "monitor", "institution", "academy", "court", "assembly",
             "senate", "congress", "cabinet", "program", "programme", "mission", "bank",
             "corporation", "agency's", "media", "gazette", "review", "magazine", "broadcasting"}
#: Organisation words whose name goes on after "of" or "for" ("Ministry of Defense").
ORG_FIRST_WORDS = {"ministry", "department", "council", "office", "foundation", "institute",
                   "center", "centre", "university", "bank", "organization", "organisation",
                   "committee", "commission", "bureau", "agency", "league", "union", "federation",
                   "association", "coalition", "court", "house", "chamber", "society", "academy"}
#: Descriptions after a name ("al-Ikhbariyah news channel"), matched on the next 1–2 words.
ORG_AFTER = {"news agency", "news channel", "newspaper", "news network", "television", "tv",
             "broadcaster", "news outlet", "news site", "news website", "think tank", "daily",
             "channel", "agency", "website", "monitor", "monitoring group", "radio",
             "satellite channel", "outlet", "media outlet", "state media"}
#: Descriptions before a name ("state news agency Sana", "the daily Haaretz").
ORG_BEFORE = {"agency", "newspaper", "daily", "channel", "broadcaster", "outlet", "tank",
              "tv", "television", "website", "network", "station", "media", "magazine"}
#: Words that only armed groups carry in their names.
ARMED_WORDS = {"brigades", "brigade", "battalion", "battalions", "kataib", "kata'ib", "kata’ib",
               "kait'ib", "kait’ib", "kataeb", "katai'b", "harakat", "hezbollah", "hizballah",
               "hizbullah", "hizbollah", "militia", "militias", "resistance", "asa'ib",
               "asaib", "asa’ib", "saraya", "liwa", "jaish", "ansar", "mujahideen", "shuhada",
               "mobilization", "mobilisation", "hashd", "nujaba", "fatemiyoun", "zainabiyoun",
               "jihad", "mujahidin", "hamas", "houthis", "houthi", "taliban", "jund", "tahrir",
               "fatah", "qaeda", "qaida", "peshmerga"}
#: Given names common in the region's and in Western news, a cue that a bare name is a person.
GIVEN_NAMES = {
    "mohammed", "muhammad", "mohammad", "mohamed", "ahmed", "ahmad", "ali", "hassan", "hasan",
    "hussein", "husain", "hossein", "abdul", "abdel", "abdullah", "abdallah", "omar", "umar",
    "khalid", "khaled", "mustafa", "mostafa", "mahmoud", "mahmud", "ibrahim", "ismail",
    "esmail", "yousef", "youssef", "yusuf", "qais", "qasim", "qassem", "qasem", "hadi",
    "haidar", "haider", "hamid", "hamed", "jafar", "jaafar", "karim", "kareem", "majid",
    "nouri", "nuri", "faleh", "falih", "fuad", "fouad", "adel", "adil", "salih", "saleh",
    "barham", "masoud", "masrour", "nechirvan", "bashar", "hafez", "maher", "faisal", "fahd",
    "saad", "said", "sayed", "tariq", "tarek", "walid", "waleed", "ziad", "ammar", "akram",
    "amir", "reza", "javad", "mojtaba", "hossein", "ebrahim", "kazem", "mehdi", "mahdi",
    "nasser", "naser", "jamal", "kamal", "rami", "sami", "samir", "yasser", "yasir",
    "john", "joe", "joseph", "james", "michael", "david", "robert", "william", "richard",
    "thomas", "mark", "mike", "paul", "peter", "steven", "stephen", "daniel", "matthew",
    "andrew", "antony", "anthony", "lloyd", "jake", "ned", "kenneth", "jonathan", "charles",
    "christopher", "brian", "kevin", "jason", "jeffrey", "ryan", "eric", "patrick", "scott",
    "gregory", "sean", "adam", "nathan", "benjamin", "jack", "george", "edward", "donald",
    "mary", "jennifer", "linda", "elizabeth", "susan", "jessica", "sarah", "karen", "nancy",
    "lisa", "sabrina", "karine", "jen", "linda", "emily", "anna", "maria", "laura", "rachel",
    "hannah", "kamala", "nikki", "tulsi", "lindsey", "marco", "ted", "chuck", "mitch", "tom",
    "jim", "bob", "bill", "dan", "ben", "sergei", "sergey", "vladimir", "dmitry", "recep",
    "emmanuel", "olaf", "rishi", "boris", "volodymyr", "benny", "yoav", "naftali",
}
#: Words before an acronym that make it a news source ("told TASS", "according to SANA").
SOURCE_BEFORE = {"told", "according to", "quoted by", "cited by", "reported by",
                 "interview with", "speaking to", "statement to"}
ACRONYM_WORD = re.compile(r"^[A-Z]{2,6}$")
#: Adjectives of peoples, faiths and directions: "the semi-autonomous Kurdish region", "Sunni
#: areas", "the Northern countryside" describe a place without naming it.
PEOPLE_ADJECTIVES = {"kurdish", "arab", "arabic", "sunni", "shia", "shiite", "shi'ite", "yazidi",
                     "turkmen", "christian", "alawite", "druze", "assyrian", "persian", "baluch",
                     "bedouin", "muslim", "islamic", "jewish", "western", "eastern", "northern",
                     "southern", "central", "federal", "autonomous", "tribal", "regional"}
#: Endings of such adjectives ("Kurdish", "Syrian", "Lebanese", "Chaldean").
PEOPLE_ADJECTIVE_ENDINGS = ("ish", "ian", "ese", "ean")
CONNECTORS = {"al", "el", "bin", "ibn", "bint", "abu", "de", "du", "van", "von", "der", "ul"}
#: Lower-case joints of Arabic names that may start a run: "al-Bukamal".
ARTICLE_PREFIXES = {"al", "el", "ad", "as", "ash", "at", "az", "ar"}
#: Capitalised words that start sentences or headlines but are not names.
NOT_NAMES = {"the", "a", "an", "in", "on", "at", "but", "and", "or", "it", "its", "this",
             "that", "these", "those", "he", "she", "they", "we", "i", "you", "his", "her",
             "their", "our", "after", "before", "during", "when", "while", "following",
             "according", "meanwhile", "despite", "however", "specifically", "last", "days",
             "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
             "jul", "aug", "sep", "sept", "oct", "nov", "dec", "both", "several", "two", "one",
             "officials", "as", "if", "there", "said", "also", "sources", "analysis",
             "unfortunately", "through", "tags", "featured", "post", "posted", "reply", "leave",
             "join", "so", "yet", "then", "now", "today", "yesterday", "tomorrow", "no", "not",
             "some", "many", "all", "other", "others", "another", "each", "every", "such",
             "what", "which", "who", "why", "how", "where", "here", "thus", "still", "even",
             "just", "only", "more", "most", "much", "since", "until", "with", "without",
             "from", "for", "of", "by", "to", "about", "against", "among", "between", "into",
             "over", "under", "up", "down", "out", "off", "again", "further", "once", "instead",
             "although", "though", "because", "unlike", "like", "whether", "therefore",
             "moreover", "furthermore", "additionally", "later", "earlier", "late", "early",
             "ago", "mid", "read", "photo", "image", "video", "watch", "listen", "update",
             "updated", "breaking", "exclusive", "opinion", "analysis", "editorial", "comment",
             "mr", "mrs", "ms", "dr"}


# --- tokens and runs ---------------------------------------------------------------------

def _capitalised(token: Token) -> bool:
    text = token.text
    first = text[:1]
    if first in "'’‘" and len(text) > 1:
        first = text[1:2]
    return first.isupper() and any(c.isalpha() for c in text)


def _shouted(token: Token) -> bool:
    """A word in capitals longer than an acronym ("BAGHDAD" in a dateline)."""
    letters = [c for c in token.text if c.isalpha()]
    return len(letters) > 5 and all(c.isupper() for c in letters)


def _line_break_before(doc: Doc, i: int) -> bool:
    return i > 0 and "\n" in doc[i - 1].whitespace_ + doc[i].text


def _sentence_initial(doc: Doc, i: int) -> bool:
    """The first word of a sentence, after any opening quotes or brackets."""
    j = i
    while j > 0 and doc[j - 1].is_punct and doc[j - 1].text in "\"“‘'([":
        j -= 1
    if j < i:
        return True  # the first word of a quotation
    return doc[j].is_sent_start or j == 0 or doc[j - 1].text in (":", ";")


def lowercase_words(doc: Doc) -> set[str]:
    """Words the document also writes in lower case: at a sentence start, they are not names."""
    return {t.text for t in doc if t.text[:1].islower()}


def title_case_lines(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of lines whose words are mostly capitalised and that do not end a
    sentence: headlines."""
    starts = []
    offset = 0
    for line in doc.text.split("\n"):
        words = [w for w in line.split() if sum(c.isalpha() for c in w) >= 4]
        capitalised = [w for w in words if w.lstrip("'\"“‘(")[:1].isupper()]
        ends_sentence = line.rstrip().endswith((".", "!", "?", ".\"", ".”"))
        if len(words) >= 4 and len(capitalised) >= 0.7 * len(words) and not ends_sentence:
            starts.append((offset, offset + len(line)))
        offset += len(line) + 1
    return starts


def _in_ranges(char: int, ranges) -> bool:
    return any(start <= char < end for start, end in ranges)


def _joined(doc: Doc, i: int) -> int:
    """Tokens from i that form one name word with hyphen joints ("al-Qaim", "Ez-Zor"), or 0."""
    if i >= len(doc):
        return 0
    token = doc[i]
    is_prefix = token.lower_ in ARTICLE_PREFIXES
    if not (_capitalised(token) or is_prefix):
        return 0
    j = i + 1
    while j + 1 < len(doc) and doc[j].text in ("-", "‐") and not doc[j - 1].whitespace_ \
            and not doc[j].whitespace_ and _capitalised(doc[j + 1]):
        j += 2
    if is_prefix and not _capitalised(token) and j == i + 1:
        return 0  # a bare "as" or "at" is English, not "al-"
    return j - i


def capitalised_runs(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token ranges of capitalised words with name joints inside."""
    seen_lower = lowercase_words(doc)
    runs = []
    i = 0
    while i < len(doc):
        width = _joined(doc, i)
        if not width or _shouted(doc[i]):
            i += 1
            continue
        if width == 1 and _sentence_initial(doc, i) and \
                (doc[i].lower_ in NOT_NAMES or doc[i].is_stop or doc[i].lower_ in seen_lower):
            i += 1
            continue
        start = i
        j = i + width
        has_org_word = doc[i].lower_ in ORG_WORDS | ORG_FIRST_WORDS
        while j < len(doc) and not _line_break_before(doc, j):
            token = doc[j]
            width = _joined(doc, j)
            if width and not doc[j].is_sent_start and not _shouted(token):
                has_org_word = has_org_word or token.lower_ in ORG_WORDS | ORG_FIRST_WORDS
                j += width
                continue
            nxt = j + 1
            if token.lower_ in CONNECTORS and _joined(doc, nxt) and not _line_break_before(doc, nxt):
                j = nxt + _joined(doc, nxt)
                continue
            if token.lower_ in ("of", "for") and has_org_word and nxt < len(doc):
                skip = 1 if doc[nxt].lower_ == "the" else 0
                if _joined(doc, nxt + skip) and not _line_break_before(doc, nxt + skip):
                    j = nxt + skip + _joined(doc, nxt + skip)
                    continue
            if token.lower_ == "in" and doc[j - 1].lower_ == "resistance" and _joined(doc, nxt):
                j = nxt + _joined(doc, nxt)  # "Islamic Resistance in Iraq"
                continue
            break
        runs.append((start, j))
        i = j
    return runs


# --- typing ------------------------------------------------------------------------------

def _words(doc: Doc, start: int, end: int) -> list[str]:
    return [t.lower_ for t in doc[start:end]]


def _next_words(doc: Doc, end: int, n: int) -> str:
    return " ".join(t.lower_ for t in doc[end:end + n])


def _previous_words(doc: Doc, start: int, n: int) -> str:
    return " ".join(t.lower_ for t in doc[max(0, start - n):start])


def _previous_word(doc: Doc, start: int) -> str:
    return doc[start - 1].lower_ if start > 0 else ""


def _title_split(doc: Doc, start: int, end: int) -> tuple[int, int, int] | None:
    """(prefix_end, person_start, end) when a title inside the run introduces a person."""
    last_title = None
    for i in range(start, end):
        if doc[i].lower_ in STRONG_TITLES:
            last_title = i
    if last_title is None or last_title == end - 1:
        return None
    person_start = last_title + 1
    while person_start < end - 1 and doc[person_start].lower_ in PERSON_TITLES - HONORIFICS:
        person_start += 1
    if doc[person_start].lower_ in ("of", "for", "-"):
        return None  # "Secretary of State": an office, not yet a name
    if not 1 <= _name_length(doc, person_start, end) <= 4:
        return None
    if doc[end - 1].lower_ in ORG_WORDS | BASE_WORDS | PLACE_WORDS_IN:
        return None
    prefix_end = last_title
    while prefix_end > start and (doc[prefix_end - 1].lower_ in PERSON_TITLES
                                  or doc[prefix_end - 1].lower_ in ("of", "-", "the")):
        prefix_end -= 1
    return prefix_end, person_start, end


def _name_length(doc: Doc, start: int, end: int) -> int:
    """Capitalised words of a name, counting "al-Muhandis" as one."""
    return sum(1 for word in doc[start:end].text.split() if any(c.isupper() for c in word))


def _is_country(doc: Doc, start: int, end: int, countries: set[tuple[int, int]]) -> bool:
    """The run is nothing but countries or demonyms ("an Iraqi airbase", "the Iraqi-Syrian
    border")."""
    if start >= end:
        return False
    covered = set()
    for s, e in countries:
        covered.update(range(s, e))
    return all(i in covered or doc[i].text in ("-", "‐", "/") for i in range(start, end))


def _organisation_of(words: list[str]) -> bool:
    """"Ministry of Defense", "Syrian Observatory for Human Rights": an organisation word
    right before the first "of" or "for"."""
    for i, word in enumerate(words):
        if word in ("of", "for"):
            return i > 0 and words[i - 1] in ORG_WORDS | ORG_FIRST_WORDS
    return False


def _titled_before(doc: Doc, start: int) -> bool:
    """A strong title just before the name, over other titles, "of" and a comma
    ("spokesman Mohammed Mohi", "US President, Joe Biden", "Secretary of State Antony Blinken")."""
    i = start - 1
    while i >= max(0, start - 5):
        word = doc[i].lower_
        if word in STRONG_TITLES:
            return True
        if word not in PERSON_TITLES and word not in ("of", ",", "-", "the"):
            return False
        i -= 1
    return False


def _appositive_role(doc: Doc, end: int) -> bool:
    """", senior vice president at …", ", the militia's political officer": a role noun within
    a few words after a comma, before any other punctuation."""
    if end + 1 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ in NON_ROLE_OPENERS:
        return False
    for token in doc[end + 1:end + 7]:
        if token.lower_ in APPOSITIVE_ROLES:
            return True
        if token.is_punct and token.text not in ("'s", "’s", "-"):
            return False
    return False


def _facility(word: str, start: int, end: int) -> tuple[str, int, int, str]:
    """An airport is a place unless the catalog knows it as a base; the other words are bases."""
    if word in CIVIL_FACILITY_WORDS:
        return ("Place", start, end, "names.airport-word")
    return ("Base", start, end, "names.base-word")


def is_people_adjective(word: str) -> bool:
    """"Kurdish", "Sunni", "Lebanese": a word that describes by people, faith or direction."""
    word = word.lower()
    return word in PEOPLE_ADJECTIVES or len(word) >= 6 and word.endswith(PEOPLE_ADJECTIVE_ENDINGS)


def classify(doc: Doc, start: int, end: int, countries=frozenset()) -> list[tuple[str, int, int, str]]:
    """(type, start, end, rule) for the names in a capitalised run; empty when no cue types it."""
    titled_the = doc[start].text == "The" and end - start >= 2 and not _sentence_initial(doc, start)
    start = _trim(doc, start, end)
    if end - start == 1 and (doc[start].lower_ in NOT_NAMES or is_people_adjective(doc[start].text)):
        return []
    words = _words(doc, start, end)
    before = _previous_word(doc, start)
    after1 = _next_words(doc, end, 1)
    after2 = _next_words(doc, end, 2)
    country_only = _is_country(doc, start, end, countries)

    if not country_only:
        if words[-1] in BASE_WORDS and len(words) >= 2 and \
                not _is_country(doc, start, end - 1, countries):
            return [_facility(words[-1], start, end)]
        if words[-2:] == ["air", "base"] and not _is_country(doc, start, end - 2, countries):
            return [("Base", start, end, "names.base-word")]
        if words[0] in BASE_FIRST_WORDS and len(words) >= 2:
            return [("Base", start, end, "names.base-first-word")]
        if after2 == "air base":
            return [("Base", start, end + 2, "names.base-word")]
        if after1 in BASE_WORDS:
            return [_facility(after1, start, end + 1)]

    split = _title_split(doc, start, end)
    if split:
        prefix_end, person_start, person_end = split
        found = [("Person", person_start, person_end, "names.person-title")]
        if prefix_end > start:
            found = classify(doc, start, prefix_end, countries) + found
        return found
    if country_only:
        return []

    if set(words) & ARMED_WORDS:
        return [("ArmedGroup", start, end, "names.armed-group-word")]

    if len(words) >= 2 and words[-1] in ORG_WORDS and words[-1] != "news" or \
            _organisation_of(words):
        if not (words[-1] in ("government", "administration") and
                _is_country(doc, start, end - 1, countries)):
            return [("Organization", start, end, "names.organization-word")]
    if after2 in ORG_AFTER or after1 in ORG_AFTER:
        return [("Organization", start, end, "names.organization-description")]
    if before in ORG_BEFORE:
        return [("Organization", start, end, "names.organization-description")]
    if titled_the and words[0] not in PERSON_TITLES:
        return [("Organization", start, end, "names.organization-the")]

    if len(words) >= 2 and words[-1] in PLACE_WORDS_IN:
        return [("Place", start, end, "names.place-word")]
    if after1 in PLACE_WORDS_AFTER and after2 not in ("area of", "border of") or \
            after1 in ("'s", "’s") and _next_words(doc, end + 1, 1) == "outskirts":
        return [("Place", start, end, "names.place-word")]
    if before in ("near", "outside") or before == "of" and \
            _previous_word(doc, start - 1) in PLACE_NOUNS_OF:
        return [("Place", start, end, "names.place-before")]

    if end < len(doc) and doc[end].text == "," and (end + 1, end + 2) in countries and \
            _name_length(doc, start, end) <= 3 and \
            (end + 2 >= len(doc) or doc[end + 2].text in (",", ".", ";", ")")):
        return [("Place", start, end, "names.place-comma-country")]

    name_words = _name_length(doc, start, end)
    is_acronym = end - start == 1 and ACRONYM_WORD.match(doc[start].text)
    if is_acronym and (before in SOURCE_BEFORE or _previous_words(doc, start, 2) in SOURCE_BEFORE):
        return [("Organization", start, end, "names.organization-source")]
    if words[0] in NOT_NAMES or doc[start].text.isupper():
        return []
    if _titled_before(doc, start) and 1 <= name_words <= 4:
        while start < end - 1 and doc[start].lower_ in PERSON_TITLES - HONORIFICS:
            start += 1  # "Secretary of State Gideon Marlowe": "State" is the office
        return [("Person", start, end, "names.person-title")]
    if 2 <= name_words <= 4:
        if _appositive_role(doc, end):
            return [("Person", start, end, "names.person-appositive")]
        if after1 in SPEECH_VERBS:
            return [("Person", start, end, "names.person-speech")]
        if before in SPEECH_BEFORE and (end >= len(doc) or doc[end].text in (",", ".", ";")):
            return [("Person", start, end, "names.person-speech")]
        if words[0] in GIVEN_NAMES or words[0] in HONORIFICS and words[1] in GIVEN_NAMES:
            return [("Person", start, end, "names.person-given-name")]
        if words[0] == "abu" and name_words >= 3:
            return [("Person", start, end, "names.person-kunya")]
    return []


def _country_ranges(doc: Doc) -> set[tuple[int, int]]:
    return {(s.start, s.end) for s in doc.spans.get(CANDIDATES, []) if s.label_ == "Country"}


def _trim(doc: Doc, start: int, end: int) -> int:
    """Start past a sentence-initial common word ("Meanwhile Kataib Hezbollah")."""
    while start < end - 1 and (doc[start].lower_ in NOT_NAMES or
                               _sentence_initial(doc, start) and doc[start].is_stop):
        start += 1
    return start


def diplomatic_missions(doc: Doc, countries: set[tuple[int, int]]) -> list[Span]:
    """"the US embassy in Baghdad": one place, named by its country and its city, which
    `ckg_entities` keeps as a mention of the city too."""
    ends = {end: start for start, end in countries}
    spans = []
    for token in doc:
        if token.lower_ not in ("embassy", "consulate") or token.i not in ends:
            continue
        after = token.i + 1
        if after + 1 >= len(doc) or doc[after].lower_ != "in" or not _joined(doc, after + 1):
            continue
        end = after + 1
        while end < len(doc) and _joined(doc, end) and not _line_break_before(doc, end):
            end += _joined(doc, end)
        spans.append(set_rule(Span(doc, ends[token.i], end, label="Place"), MISSION_RULE))
    return spans


MISSION_RULE = "names.diplomatic-mission"


@Language.factory("ckg_names")
def make_names(nlp: Language, name: str):
    return find_names


def find_names(doc: Doc) -> Doc:
    headlines = title_case_lines(doc)
    countries = _country_ranges(doc)
    spans = []
    for start, end in capitalised_runs(doc):
        if _in_ranges(doc[start].idx, headlines):
            continue
        for label, s, e, rule in classify(doc, start, end, countries):
            spans.append(set_rule(Span(doc, s, e, label=label), rule))
    spans += diplomatic_missions(doc, countries)
    add_candidates(doc, spans, rule="names")
    return doc
