"""The ontology, the SHACL shapes and the canned queries: that they parse, cover the graph
contract (CONTRACT.md), validate what they should, and answer on a small hand-written graph.

Runs offline; the one query that needs the internet (`# online: true`) is only parsed.
"""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.plugins.sparql import prepareQuery

REPO = Path(__file__).resolve().parents[1]
ONTOLOGY_FILE = REPO / "ontology" / "conflict-kg.ttl"
SHAPES_FILE = REPO / "ontology" / "shapes.ttl"
QUERY_DIR = REPO / "queries"
#: The contract, copied unchanged from the project's shared folder so that a clone alone can
#: be checked against it; `SHARED_CONTRACT`, when a checkout has it, must equal the copy.
CONTRACT_FILE = REPO / "ontology" / "CONTRACT.md"
SHARED_CONTRACT = REPO.parent / "shared" / "CONTRACT.md"

ONTOLOGY_IRI = URIRef("https://w3id.org/conflict-kg/ontology")
CKG = Namespace("https://w3id.org/conflict-kg/ontology#")
VANN = Namespace("http://purl.org/vocab/vann/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
DCTERMS = Namespace("http://purl.org/dc/terms/")
PREFIXES = {
    "ckg": str(CKG), "rdfs": str(RDFS), "owl": str(OWL), "dcterms": str(DCTERMS),
    "prov": str(PROV), "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": str(SKOS), "wd": "http://www.wikidata.org/entity/",
}

# The contract's terms, kept here too so that the test means something without ../shared.
CONTRACT_CLASSES = [
    "Article", "Actor", "Person", "ArmedGroup", "Organization", "Country", "Place", "Base",
    "Event", "Attack", "Strike", "Statement", "CasualtyReport",
]
CONTRACT_OBJECT_PROPERTIES = [
    "mentionedIn", "perpetrator", "orderedBy", "target", "location", "inResponseTo", "speaker",
    "about", "reportedBy", "backedBy",
]
CONTRACT_DATATYPE_PROPERTIES = ["date", "text", "killed", "injured"]
CONTRACT_FOREIGN_TERMS = [
    "rdfs:label", "owl:sameAs", "dcterms:identifier", "dcterms:title", "dcterms:source",
    "dcterms:date",
]
# Project extensions that the writer emits: the names are fixed.
EXTENSION_CLASSES = ["Evidence"]
EXTENSION_OBJECT_PROPERTIES = ["evidence", "inArticle"]
EXTENSION_DATATYPE_PROPERTIES = [
    "startOffset", "endOffset", "rule", "sentence", "body", "contentHash", "weapon",
    "mergeEvidence", "linkConfidence", "catalogId",
]

REQUIRED_QUERIES = [
    "strikes-by-date", "who-ordered-what", "statements-by-speaker", "casualty-claims-by-event",
    "entities-with-wikidata-links", "article-contents", "armed-groups-and-backers",
    "events-in-country", "attacks-and-responses", "articles-per-event", "unlinked-entities",
    "wikidata-federated",
]


def expand(curie: str) -> URIRef:
    prefix, local = curie.split(":", 1)
    return URIRef(PREFIXES[prefix] + local)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


# --------------------------------------------------------------------------------------------
# The ontology
# --------------------------------------------------------------------------------------------

def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(
        "https://w3id.org/conflict-kg/ontology/0.1.0")
    for predicate in (OWL.versionInfo, DCTERMS.title, DCTERMS.description, DCTERMS.license):
        assert ontology.value(ONTOLOGY_IRI, predicate) is not None, predicate
    assert str(ontology.value(ONTOLOGY_IRI, VANN.preferredNamespacePrefix)) == "ckg"
    assert str(ontology.value(ONTOLOGY_IRI, VANN.preferredNamespaceUri)) == str(CKG)


def contract_terms_from_file() -> tuple[set[str], set[str]]:
    """The prefixed names in the first column of CONTRACT.md's class and property tables."""
    classes: set[str] = set()
    properties: set[str] = set()
    section = None
    for line in CONTRACT_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip().lower()
            continue
        if not line.startswith("|") or set(line) <= set("|-: "):
            continue
        first_cell = line.split("|")[1]
        names = re.findall(r"`([a-z]+:[A-Za-z]+)`", first_cell)
        if section == "classes":
            classes.update(names)
        elif section == "properties":
            properties.update(names)
    return classes, properties


def test_the_contract_copy_is_the_shared_contract() -> None:
    assert CONTRACT_FILE.exists()
    if SHARED_CONTRACT.exists():  # a checkout next to the shared folder: the copy is current
        assert CONTRACT_FILE.read_bytes() == SHARED_CONTRACT.read_bytes(), \
            f"copy {SHARED_CONTRACT} to {CONTRACT_FILE}"


def test_hard_coded_list_matches_contract() -> None:
    classes, properties = contract_terms_from_file()
    assert classes == {f"ckg:{name}" for name in CONTRACT_CLASSES}
    assert properties == (
        {f"ckg:{name}" for name in CONTRACT_OBJECT_PROPERTIES + CONTRACT_DATATYPE_PROPERTIES}
        | set(CONTRACT_FOREIGN_TERMS))


def all_contract_terms() -> list[str]:
    terms = {f"ckg:{name}" for name in CONTRACT_CLASSES + CONTRACT_OBJECT_PROPERTIES
             + CONTRACT_DATATYPE_PROPERTIES} | set(CONTRACT_FOREIGN_TERMS)
    classes, properties = contract_terms_from_file()
    terms |= classes | properties
    return sorted(terms)


@pytest.mark.parametrize("curie", all_contract_terms())
def test_contract_term_is_documented(ontology: Graph, curie: str) -> None:
    term = expand(curie)
    if curie.startswith("ckg:"):
        assert (term, RDF.type, None) in ontology, f"{curie} is not declared"
        assert ontology.value(term, RDFS.label) is not None, f"{curie} has no rdfs:label"
        assert ontology.value(term, RDFS.comment) is not None, f"{curie} has no rdfs:comment"
    else:
        # another vocabulary's term: we say how the project uses it, without redefining it
        assert ontology.value(term, VANN.usageNote) is not None, f"{curie} has no vann:usageNote"


@pytest.mark.parametrize("name", CONTRACT_CLASSES + EXTENSION_CLASSES)
def test_classes_are_owl_classes(ontology: Graph, name: str) -> None:
    assert (CKG[name], RDF.type, OWL.Class) in ontology


@pytest.mark.parametrize("name", CONTRACT_OBJECT_PROPERTIES + EXTENSION_OBJECT_PROPERTIES)
def test_object_properties(ontology: Graph, name: str) -> None:
    prop = CKG[name]
    assert (prop, RDF.type, OWL.ObjectProperty) in ontology
    assert (prop, RDF.type, OWL.DatatypeProperty) not in ontology
    assert ontology.value(prop, RDFS.range) is not None, f"ckg:{name} has no rdfs:range"


@pytest.mark.parametrize("name", CONTRACT_DATATYPE_PROPERTIES + EXTENSION_DATATYPE_PROPERTIES)
def test_datatype_properties(ontology: Graph, name: str) -> None:
    prop = CKG[name]
    assert (prop, RDF.type, OWL.DatatypeProperty) in ontology
    assert (prop, RDF.type, OWL.ObjectProperty) not in ontology
    assert ontology.value(prop, RDFS.domain) is not None, f"ckg:{name} has no rdfs:domain"
    assert ontology.value(prop, RDFS.range) is not None, f"ckg:{name} has no rdfs:range"


@pytest.mark.parametrize("name", EXTENSION_CLASSES + EXTENSION_OBJECT_PROPERTIES
                         + EXTENSION_DATATYPE_PROPERTIES)
def test_extensions_are_documented(ontology: Graph, name: str) -> None:
    assert ontology.value(CKG[name], RDFS.label) is not None
    assert ontology.value(CKG[name], RDFS.comment) is not None


def every_ckg_term(ontology: Graph) -> set[URIRef]:
    return {s for s in ontology.subjects(RDF.type, None)
            if isinstance(s, URIRef) and s.startswith(str(CKG))}


def test_no_undocumented_ckg_terms(ontology: Graph) -> None:
    for term in every_ckg_term(ontology):
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, RDFS.comment) is not None, term


def superclasses(ontology: Graph, cls: URIRef) -> set[URIRef]:
    return set(ontology.transitive_objects(cls, RDFS.subClassOf))


def test_hierarchy(ontology: Graph) -> None:
    assert CKG.Event in superclasses(ontology, CKG.Strike)
    assert CKG.Attack in superclasses(ontology, CKG.Strike)
    assert {CKG.Actor, CKG.Place} <= superclasses(ontology, CKG.Country)
    assert CKG.Place in superclasses(ontology, CKG.Base)
    for actor in ("Person", "ArmedGroup", "Organization", "Country"):
        assert CKG.Actor in superclasses(ontology, CKG[actor]), actor
    assert CKG.Actor not in superclasses(ontology, CKG.Base)


def test_alignments(ontology: Graph) -> None:
    assert SEM.Event in superclasses(ontology, CKG.Strike)
    assert PROV.Agent in superclasses(ontology, CKG.Person)
    assert SEM.Place in superclasses(ontology, CKG.Country)
    assert PROV.Entity in superclasses(ontology, CKG.Statement)
    assert PROV.Entity in superclasses(ontology, CKG.Evidence)
    assert (CKG.Person, SKOS.closeMatch, URIRef("http://schema.org/Person")) in ontology
    assert (CKG.Article, SKOS.closeMatch, URIRef("http://schema.org/NewsArticle")) in ontology
    assert (CKG.Organization, SKOS.closeMatch, URIRef("http://www.w3.org/ns/org#Organization")) \
        in ontology
    assert (CKG.perpetrator, RDFS.subPropertyOf, SEM.hasActor) in ontology
    assert (CKG.location, RDFS.subPropertyOf, SEM.hasPlace) in ontology
    assert (CKG.evidence, RDFS.subPropertyOf, PROV.wasDerivedFrom) in ontology


def test_union_ranges(ontology: Graph) -> None:
    target_range = ontology.value(CKG.target, RDFS.range)
    members = set(ontology.items(ontology.value(target_range, OWL.unionOf)))
    assert members == {CKG.Actor, CKG.Place}
    date_range = ontology.value(CKG.date, RDFS.range)
    datatypes = set(ontology.items(ontology.value(date_range, OWL.unionOf)))
    assert {str(d).rsplit("#", 1)[1] for d in datatypes} == {"date", "gYearMonth"}


# --------------------------------------------------------------------------------------------
# SHACL shapes
# --------------------------------------------------------------------------------------------

DATA_PREFIXES = """
@prefix ckg:     <https://w3id.org/conflict-kg/ontology#> .
@prefix r:       <https://w3id.org/conflict-kg/resource/> .
@prefix wd:      <http://www.wikidata.org/entity/> .
@prefix wdt:     <http://www.wikidata.org/prop/direct/> .
@prefix owl:     <http://www.w3.org/2002/07/owl#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix schema:  <http://schema.org/> .
@prefix geo:     <http://www.opengis.net/ont/geosparql#> .
"""

# A small graph in the shape the writer produces: two articles reporting one strike, an
# earlier attack it answers, a second strike known only to the month and with no target.
ARTICLE_0 = """
r:article-a0 a ckg:Article ; dcterms:identifier "a0.txt" ; rdfs:label "US strikes Iranian-backed militias" ;
    dcterms:title "US strikes Iranian-backed militias" ; dcterms:date "2021-02-26"^^xsd:date ;
    dcterms:source <https://example.org/a0> ; ckg:body "Biden ordered the strike. One person was killed." ;
    ckg:contentHash "6b2c0f55e145f37a6b2c0f55e145f37a6b2c0f55e145f37a6b2c0f55e145f37a" .
r:us a ckg:Country ; rdfs:label "United States" ; skos:altLabel "US" ; owl:sameAs wd:Q30 ;
    ckg:linkConfidence 0.98 ; ckg:catalogId "Q30" ; ckg:mentionedIn r:article-a0 .
r:syria a ckg:Country ; rdfs:label "Syria" ; owl:sameAs wd:Q858 ; ckg:mentionedIn r:article-a0 .
r:iran a ckg:Country ; rdfs:label "Iran" ; owl:sameAs wd:Q794 ; ckg:mentionedIn r:article-a0 .
r:biden a ckg:Person ; rdfs:label "Joe Biden" ; owl:sameAs wd:Q6279 ; ckg:mentionedIn r:article-a0 .
r:pentagon a ckg:Organization ; rdfs:label "United States Department of Defense" ;
    owl:sameAs wd:Q11209 ; ckg:mentionedIn r:article-a0 .
r:kh a ckg:ArmedGroup ; rdfs:label "Kata'ib Hezbollah" ; ckg:backedBy r:iran ;
    skos:closeMatch wd:Q1739104 ; ckg:linkConfidence 0.41 ; ckg:mentionedIn r:article-a0 .
r:bukamal a ckg:Place ; rdfs:label "Al Bukamal" ; owl:sameAs wd:Q1361018 ; ckg:mentionedIn r:article-a0 .
r:imam-ali a ckg:Base ; rdfs:label "Imam Ali base" ; ckg:mentionedIn r:article-a0 .
r:erbil-attack a ckg:Attack ; rdfs:label "Erbil rocket attack" ; ckg:date "2021-02-15"^^xsd:date ;
    ckg:weapon "rockets" ; ckg:mentionedIn r:article-a0 .
r:strike-0225 a ckg:Strike ; rdfs:label "US strike on 2021-02-25" ; ckg:date "2021-02-25"^^xsd:date ;
    ckg:perpetrator r:us ; ckg:orderedBy r:biden ; ckg:target r:kh , r:imam-ali ;
    ckg:location r:imam-ali , r:bukamal ; ckg:inResponseTo r:erbil-attack ; ckg:weapon "F-15" ;
    ckg:mentionedIn r:article-a0 ; ckg:evidence r:ev-a0-1 .
r:ev-a0-1 a ckg:Evidence ; ckg:inArticle r:article-a0 ; ckg:startOffset 0 ; ckg:endOffset 25 ;
    ckg:rule "strike-matcher" ; ckg:sentence "Biden ordered the strike." .
r:statement-a0 a ckg:Statement ; rdfs:label "Pentagon statement" ; ckg:speaker r:pentagon ;
    ckg:text "sends an unambiguous message" ; ckg:about r:strike-0225 ; ckg:mentionedIn r:article-a0 .
r:casualties-a0 a ckg:CasualtyReport ; rdfs:label "1 killed, 2 injured" ; ckg:about r:strike-0225 ;
    ckg:killed 1 ; ckg:injured 2 ; ckg:mentionedIn r:article-a0 ; ckg:evidence r:ev-a0-2 .
r:ev-a0-2 a ckg:Evidence ; ckg:inArticle r:article-a0 ; ckg:startOffset 26 ; ckg:endOffset 50 ;
    ckg:rule "casualty-claims" ; ckg:sentence "One person was killed." .
"""
ARTICLE_1 = """
r:article-a1 a ckg:Article ; dcterms:identifier "a1.txt" ; rdfs:label "SOHR: 22 killed" .
r:sohr a ckg:Organization ; rdfs:label "Syrian Observatory for Human Rights" ;
    skos:altLabel "SOHR" ; ckg:mentionedIn r:article-a1 .
r:us ckg:mentionedIn r:article-a1 .
r:kh ckg:mentionedIn r:article-a1 .
r:strike-0225 ckg:mentionedIn r:article-a1 ; ckg:location r:syria ;
    ckg:mergeEvidence "same date 2021-02-25; shared location Syria" .
r:casualties-a1 a ckg:CasualtyReport ; rdfs:label "SOHR: 22 killed" ; ckg:about r:strike-0225 ;
    ckg:killed 22 ; ckg:reportedBy r:sohr ; ckg:mentionedIn r:article-a1 .
r:strike-06 a ckg:Strike ; rdfs:label "US strike in June 2021" ; ckg:date "2021-06"^^xsd:gYearMonth ;
    ckg:perpetrator r:us ; ckg:location r:syria ; ckg:mentionedIn r:article-a1 .
"""
ENRICHMENT = """
wd:Q1361018 rdfs:label "Abu Kamal"@en ; schema:description "city in Syria"@en ; wdt:P17 wd:Q858 ;
    wdt:P31 wd:Q515 ; geo:hasGeometry [ geo:asWKT "POINT(40.9167 34.45)"^^geo:wktLiteral ] .
wd:Q858 rdfs:label "Syria"@en ; wdt:P31 wd:Q3624078 .
"""
CONFORMING_DATA = DATA_PREFIXES + ARTICLE_0 + ARTICLE_1 + ENRICHMENT

BROKEN_DATA = DATA_PREFIXES + """
r:article-x a ckg:Article ; dcterms:identifier "x.txt" ; rdfs:label "x" .
r:mute a ckg:Statement ; ckg:text "no one said this" ; ckg:mentionedIn r:article-x .
r:strike-x a ckg:Strike ; rdfs:label "strike x" ; ckg:date "last week" ; ckg:mentionedIn r:article-x .
r:negative a ckg:CasualtyReport ; ckg:about r:strike-x ; ckg:killed -3 ; ckg:mentionedIn r:article-x .
r:countless a ckg:CasualtyReport ; ckg:about r:strike-x ; ckg:mentionedIn r:article-x .
r:kh a ckg:ArmedGroup ; rdfs:label "Kata'ib Hezbollah" ;
    owl:sameAs <https://www.wikidata.org/wiki/Q1739104> .
r:nameless a ckg:Person ; ckg:mentionedIn r:article-x .
r:strike-x ckg:evidence r:ev-x .
r:ev-x a ckg:Evidence ; ckg:inArticle r:article-x ; ckg:startOffset 40 ; ckg:endOffset 10 .
"""


def shacl_messages(data_text: str, shapes: Graph, ontology: Graph) -> tuple[bool, list[str]]:
    data = Graph().parse(data=data_text, format="turtle")
    conforms, report, _ = validate(data, shacl_graph=shapes, ont_graph=ontology,
                                   inference="none", allow_warnings=False)
    sh = Namespace("http://www.w3.org/ns/shacl#")
    messages = sorted(str(m) for m in report.objects(None, sh.resultMessage))
    return conforms, messages


def test_shapes_graph_is_valid_shacl(shapes: Graph) -> None:
    # meta_shacl checks the shapes graph against the SHACL-for-SHACL shapes first.
    empty = Graph()
    conforms, _, text = validate(empty, shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_every_shape_is_documented(shapes: Graph) -> None:
    sh = Namespace("http://www.w3.org/ns/shacl#")
    node_shapes = set(shapes.subjects(RDF.type, sh.NodeShape))
    assert len(node_shapes) >= 6
    for shape in node_shapes:
        assert shapes.value(shape, sh.name) is not None, shape
        assert shapes.value(shape, sh.description) is not None, shape
        for property_shape in shapes.objects(shape, sh.property):
            assert shapes.value(property_shape, sh.message) is not None, (
                shape, shapes.value(property_shape, sh.path))


def test_conforming_graph_conforms(shapes: Graph, ontology: Graph) -> None:
    conforms, messages = shacl_messages(CONFORMING_DATA, shapes, ontology)
    assert conforms, messages


def test_broken_graph_reports_readable_messages(shapes: Graph, ontology: Graph) -> None:
    conforms, messages = shacl_messages(BROKEN_DATA, shapes, ontology)
    assert not conforms
    expected = [
        "A statement needs exactly one ckg:speaker",
        "ckg:killed is one whole number, zero or more",
        "A casualty report needs a ckg:killed or a ckg:injured count",
        "An event's ckg:date is an xsd:date",
        "owl:sameAs on an entity must be a Wikidata item IRI",
        "Every entity needs an rdfs:label",
        "not after its ckg:endOffset",
        "Evidence needs the name of the rule",
    ]
    for fragment in expected:
        assert any(fragment in message for message in messages), (fragment, messages)


def test_warnings_do_not_fail_a_graph_when_allowed(shapes: Graph, ontology: Graph) -> None:
    data = Graph().parse(data=DATA_PREFIXES + """
        r:a a ckg:Article ; dcterms:identifier "a.txt" ; rdfs:label "a" .
        r:claim a ckg:CasualtyReport ; ckg:killed 3 ; ckg:mentionedIn r:a .
    """, format="turtle")
    strict, _, _ = validate(data, shacl_graph=shapes, ont_graph=ontology)
    lenient, _, _ = validate(data, shacl_graph=shapes, ont_graph=ontology, allow_warnings=True)
    assert not strict and lenient


# --------------------------------------------------------------------------------------------
# Canned queries
# --------------------------------------------------------------------------------------------

HEADER_LINE = re.compile(r"^# (title|description|param|online): (.+)$")
PARAM = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*) \((?P<need>optional|required)\) "
                   r"(?P<kind>IRI|string|integer|date) — (?P<doc>.+)$")


def query_files() -> list[Path]:
    return sorted(QUERY_DIR.glob("*.rq"))


def read_header(path: Path) -> dict[str, list[str]]:
    header: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = HEADER_LINE.match(line)
        assert match, f"{path.name}: header line not in the loader's format: {line!r}"
        header.setdefault(match.group(1), []).append(match.group(2))
    return header


def test_query_collection() -> None:
    names = [path.stem for path in query_files()]
    assert len(names) >= 14
    assert set(REQUIRED_QUERIES) <= set(names), set(REQUIRED_QUERIES) - set(names)
    for name in names:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name), f"{name}.rq is not kebab-case"


def test_readme_lists_every_query() -> None:
    readme = (QUERY_DIR / "README.md").read_text(encoding="utf-8")
    for path in query_files():
        assert f"`{path.name}`" in readme, path.name


@pytest.mark.parametrize("path", query_files(), ids=lambda p: p.name)
def test_query_header(path: Path) -> None:
    header = read_header(path)
    assert len(header.get("title", [])) == 1
    assert len(header.get("description", [])) == 1
    text = path.read_text(encoding="utf-8")
    for param in header.get("param", []):
        match = PARAM.match(param)
        assert match, f"{path.name}: bad param line {param!r}"
        # projected, so that pyoxigraph's substitutions= may bind it
        projection = text[text.index("SELECT"):OUTER_WHERE.search(text).start()]
        assert re.search(rf"\?{match.group('name')}\b", projection), (
            f"{path.name}: parameter ?{match.group('name')} is not in the SELECT clause")
    assert len(OUTER_WHERE.findall(text)) == 1, f"{path.name}: one WHERE, for VALUES binding"
    online = header.get("online", [])
    assert online in ([], ["true"])
    assert bool(online) == ("SERVICE" in text), f"{path.name}: '# online: true' iff SERVICE"


@pytest.mark.parametrize("path", query_files(), ids=lambda p: p.name)
def test_query_parses(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if read_header(path).get("online"):
        prepareQuery(text)  # parse only: never reach the network in a test
    else:
        ox.Store().query(text, use_default_graph_as_union=True)  # raises SyntaxError


# --------------------------------------------------------------------------------------------
# The queries answer on the small graph
# --------------------------------------------------------------------------------------------

RESOURCE = "https://w3id.org/conflict-kg/resource/"
ENRICHMENT_GRAPH = "https://w3id.org/conflict-kg/resource/graph/wikidata"
OUTER_WHERE = re.compile(r"\bWHERE\s*\{")


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    store.load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE,
               to_graph=ox.NamedNode(str(ONTOLOGY_IRI)))
    for graph, body in ((RESOURCE + "article-a0", ARTICLE_0), (RESOURCE + "article-a1", ARTICLE_1),
                        (ENRICHMENT_GRAPH, ENRICHMENT)):
        store.load((DATA_PREFIXES + body).encode(), format=ox.RdfFormat.TURTLE,
                   to_graph=ox.NamedNode(graph))
    return store


def run(store: ox.Store, name: str, *, values: dict | None = None,
        substitutions: dict | None = None) -> list[dict[str, str]]:
    """Rows of a canned query, with parameters bound as the server binds them.

    `substitutions` binds by SEP-0007 substitution (pyoxigraph's `substitutions=`); `values`
    (variable -> term in SPARQL syntax) inserts a VALUES block at the start of the outermost
    WHERE group. A VALUES clause appended after the query would not do: SPARQL applies a
    trailing VALUES after GROUP BY, so it could not restrict an aggregate query.
    """
    text = (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")
    if values:
        variables = " ".join(f"?{v}" for v in values)
        terms = " ".join(values.values())
        block = f"VALUES ({variables}) {{ ({terms}) }}"
        text = OUTER_WHERE.sub(lambda m: f"{m.group(0)}\n  {block}", text, count=1)
    subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
    solutions = store.query(text, use_default_graph_as_union=True, substitutions=subs)
    variables = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        rows.append({v: solution[v].value for v in variables if solution[v] is not None})
    return rows


@pytest.mark.parametrize("path", [p for p in query_files() if not read_header(p).get("online")],
                         ids=lambda p: p.name)
def test_offline_query_returns_rows(store: ox.Store, path: Path) -> None:
    assert run(store, path.stem), f"{path.name} returned nothing on the sample graph"


def test_strikes_by_date(store: ox.Store) -> None:
    rows = run(store, "strikes-by-date")
    assert [row["strikeLabel"] for row in rows] == [
        "US strike in June 2021", "US strike on 2021-02-25"]  # newest first, targetless kept
    february = rows[1]
    assert set(february["targets"].split(", ")) == {"Kata'ib Hezbollah", "Imam Ali base"}
    assert set(february["places"].split(", ")) == {"Imam Ali base", "Al Bukamal", "Syria"}
    assert february["articles"] == "2"


def bind(store: ox.Store, name: str, binding: str, **params: ox.NamedNode | ox.Literal):
    if binding == "values":
        return run(store, name, values={k: str(v) for k, v in params.items()})
    return run(store, name, substitutions=params)


@pytest.mark.parametrize("binding", ["values", "substitutions"])
def test_parameter_restricts(store: ox.Store, binding: str) -> None:
    rows = bind(store, "strikes-by-date", binding, target=ox.NamedNode(RESOURCE + "kh"))
    assert [row["strikeLabel"] for row in rows] == ["US strike on 2021-02-25"]
    assert rows[0]["target"] == RESOURCE + "kh"
    rows = bind(store, "weapons-used", binding, perpetrator=ox.NamedNode(RESOURCE + "us"))
    assert [row["weapon"] for row in rows] == ["f-15"]
    rows = bind(store, "actor-activity", binding, type=ox.NamedNode(str(CKG.ArmedGroup)))
    assert [row["actorLabel"] for row in rows] == ["Kata'ib Hezbollah"]
    rows = bind(store, "statements-by-speaker", binding, speaker=ox.NamedNode(RESOURCE + "us"))
    assert rows == []
    rows = bind(store, "article-contents", binding, article_id=ox.Literal("a0.txt"))
    assert {row["article"] for row in rows} == {RESOURCE + "article-a0"}


def test_unbound_parameter_means_no_restriction(store: ox.Store) -> None:
    assert {row["weapon"] for row in run(store, "weapons-used")} == {"f-15", "rockets"}
    assert len(run(store, "actor-activity")) == 7
    assert all("target" not in row for row in run(store, "strikes-by-date"))


def test_article_contents_by_identifier(store: ox.Store) -> None:
    rows = run(store, "article-contents", substitutions={"article_id": ox.Literal("a1.txt")})
    assert {row["nodeLabel"] for row in rows} >= {"SOHR: 22 killed", "US strike in June 2021"}
    assert {row["article"] for row in rows} == {RESOURCE + "article-a1"}


def test_casualty_claims_side_by_side(store: ox.Store) -> None:
    rows = run(store, "casualty-claims-by-event")
    assert len(rows) == 1
    row = rows[0]
    assert row["claimCount"] == "2" and row["conflicting"] == "true"
    assert "Syrian Observatory for Human Rights (a1.txt): 22 killed / ? injured" in row["claims"]
    assert "unattributed (a0.txt): 1 killed / 2 injured" in row["claims"]


def test_events_in_country_via_wikidata(store: ox.Store) -> None:
    rows = run(store, "events-in-country",
               substitutions={"place": ox.NamedNode(RESOURCE + "syria")})
    found = {row["eventLabel"]: row["found"] for row in rows}
    assert set(found) == {"US strike on 2021-02-25", "US strike in June 2021"}
    assert "via Wikidata country (P17) of Al Bukamal" in found["US strike on 2021-02-25"]


def test_unlinked_entities(store: ox.Store) -> None:
    rows = run(store, "unlinked-entities")
    labels = [row["entityLabel"] for row in rows]
    assert labels[0] == "Kata'ib Hezbollah"  # two articles
    assert set(labels) == {"Kata'ib Hezbollah", "Imam Ali base", "Syrian Observatory for Human Rights"}
    assert rows[0]["candidate"] == "http://www.wikidata.org/entity/Q1739104"


def test_entities_with_links_by_type(store: ox.Store) -> None:
    rows = run(store, "entities-with-wikidata-links",
               substitutions={"type": ox.NamedNode(str(CKG.Country))})
    assert [row["entityLabel"] for row in rows] == ["Iran", "Syria", "United States"]
    assert {row["class"] for row in rows} == {"Country"}


def test_places_with_coordinates(store: ox.Store) -> None:
    rows = run(store, "places-with-coordinates")
    assert len(rows) == 1
    assert rows[0]["placeLabel"] == "Al Bukamal"
    assert float(rows[0]["longitude"]) == pytest.approx(40.9167)
    assert rows[0]["country"] == "Syria"


def test_provenance_of_claims(store: ox.Store) -> None:
    rows = run(store, "provenance-of-claims", substitutions={"article_id": ox.Literal("a0.txt")})
    with_rule = [row for row in rows if "rule" in row]
    assert with_rule and with_rule[0]["rule"] == "casualty-claims"
    assert with_rule[0]["sentence"] == "One person was killed."
