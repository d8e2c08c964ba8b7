"""SHACL validation of the built graph against ``ontology/shapes.ttl``."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from peacekg.graph.store.database import Store
from peacekg.graph.store.terms import to_rdflib


@dataclass
class ValidationReport:
    """The outcome of a SHACL validation."""

    conforms: bool
    violations: int
    text: str


def union_graph(store: Store) -> Graph:
    """The union of all named graphs of the store as one rdflib graph."""
    g = Graph()
    for q in store.oxigraph.quads_for_pattern(None, None, None, None):
        g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return g


def validate(store: Store, inference: str = "none") -> ValidationReport:
    """Validate the union of the store's graphs (ontology, reference data, documents)
    against the SHACL shapes.

    With ``inference="none"`` class membership must be explicit; with ``"rdfs"`` the data
    is first extended with what the ontology's RDFS axioms entail (sub-properties,
    sub-classes, domains and ranges), and must conform all the same.
    """
    from pyshacl import validate as shacl_validate

    from peacekg.ontology.reference import shapes_graph

    conforms, results, text = shacl_validate(
        union_graph(store),
        shacl_graph=shapes_graph(),
        inference=inference,
        abort_on_first=False,
        allow_warnings=True,
    )
    from rdflib.namespace import SH

    violations = len(set(results.subjects(predicate=SH.resultSeverity, object=SH.Violation)))
    return ValidationReport(conforms=bool(conforms), violations=violations, text=text)
