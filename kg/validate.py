"""SHACL validation of a store against ``ontology/shapes.ttl`` (pyshacl), with the ontology
loaded alongside so that sh:class sees the subclass hierarchy."""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
import rdflib

from .resources import ontology_file, shapes_file


@dataclass
class Violation:
    focus: str
    path: str
    message: str
    shape: str
    severity: str


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation]
    triples: int


def store_graph(store, *, skip: set[str] = frozenset()) -> rdflib.Graph:
    """The union of the store's graphs as one rdflib graph (validation needs no graph names)."""
    data = ox.Dataset()
    for quad in store.quads():
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else None
        if name in skip:
            continue
        data.add(ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph()))
    text = ox.serialize((q.triple for q in data), format=ox.RdfFormat.N_TRIPLES)
    graph = rdflib.Graph()
    graph.parse(data=text, format="nt")
    return graph


def validate_store(store, *, skip: set[str] = frozenset()) -> ValidationReport:
    from pyshacl import validate

    data = store_graph(store, skip=skip)
    shapes = rdflib.Graph().parse(shapes_file(), format="turtle")
    ontology = rdflib.Graph().parse(ontology_file(), format="turtle")
    conforms, results, _ = validate(data, shacl_graph=shapes, ont_graph=ontology,
                                    inference="rdfs", abort_on_first=False, allow_warnings=True)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    violations = []
    for result in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        def value(prop):
            found = results.value(result, prop)
            return str(found) if found is not None else ""
        violations.append(Violation(value(sh.focusNode), value(sh.resultPath),
                                    value(sh.resultMessage), value(sh.sourceShape),
                                    value(sh.resultSeverity).rsplit("#", 1)[-1]))
    violations.sort(key=lambda v: (v.severity, v.focus, v.path))
    return ValidationReport(conforms, violations, len(data))
