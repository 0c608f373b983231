"""The SPARQL 1.1 Service Description that a GET on /sparql without a query returns."""
from __future__ import annotations

from flask import Response, request

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
RESULT_FORMATS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                  "SPARQL_Results_TSV", "Turtle", "N-Triples", "RDF_XML", "JSON-LD"]


def service_description(engine) -> Response:
    root = request.url_root
    languages = ["sd:SPARQL11Query"] + (["sd:SPARQL11Update"] if engine.writer else [])
    features = ["sd:UnionDefaultGraph"] + (["sd:BasicFederatedQuery"]
                                           if engine.settings.service_allow_list else [])
    formats = ", ".join(f"<{FORMATS_NS}{name}>" for name in RESULT_FORMATS)
    text = f"""@prefix sd: <{SD}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<{root}sparql#service> a sd:Service ;
    rdfs:label "conflict-kg SPARQL endpoint" ;
    sd:endpoint <{root}sparql> ;
    sd:supportedLanguage {", ".join(languages)} ;
    sd:feature {", ".join(features)} ;
    sd:resultFormat {formats} ;
    sd:defaultEntailmentRegime <http://www.w3.org/ns/entailment/Simple> ;
    sd:defaultDataset [
        a sd:Dataset ;
        rdfs:comment "The default graph is the union of all named graphs (one per article)." ;
        sd:defaultGraph [ a sd:Graph ]
    ] .
"""
    return Response(text, content_type="text/turtle; charset=utf-8")
