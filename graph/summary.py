"""The summary graph: deduplicated shortcuts and stance counts, derived from all documents.

Each document's named graph holds what was extracted from it, so the same
``pkid:state/FRA pk:backs pkid:priority/wps`` can stand in a hundred graphs, and SPARQL over
the union sees it a hundred times. Aggregate questions ("which states back which
priorities, with how much evidence") would rescan every commitment. After each build that
changed anything, :func:`summary_quads` derives, in one named graph
(``pkid:graph/summary``):

- one ``pk:StanceSummary`` per (actor, target, stance) — ``pk:summaryActor``,
  ``pk:summaryTarget``, ``pk:summaryStance`` (properties of their own, so that a pattern on
  ``pk:actor`` matches commitments only) — with ``pk:commitmentCount``,
  ``pk:documentCount`` and ``pk:targetClass`` (the class of the target, so aggregates over
  resolutions or priorities start from an index lookup);
- each ``pk:backs`` and ``pk:opposes`` shortcut, once (document graphs do not repeat
  them; ``pk:contributesTo`` stays in the graph of the document that says so).

It is data derived from the document graphs, rebuilt whole, never edited by hand; the
ready queries in ``queries/`` read it for aggregates and the document graphs for evidence.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pyoxigraph as ox
from rdflib.namespace import RDF, XSD

from peacekg.ontology.namespaces import PK, PKID, SUMMARY_GRAPH, class_of

_STANCE_COUNTS = """
SELECT ?actor ?target ?stance (COUNT(DISTINCT ?c) AS ?n) (COUNT(DISTINCT ?g) AS ?docs) WHERE {
  GRAPH ?g { ?c pk:stance ?stance ; pk:actor ?actor ; pk:target ?target }
} GROUP BY ?actor ?target ?stance"""



def _n(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


_G = _n(SUMMARY_GRAPH)
_A, _CLASS = _n(RDF.type), _n(PK.StanceSummary)
_ACTOR, _TARGET, _STANCE = _n(PK.summaryActor), _n(PK.summaryTarget), _n(PK.summaryStance)
_COUNT, _DOCS = _n(PK.commitmentCount), _n(PK.documentCount)
_TARGET_CLASS = _n(PK.targetClass)
_BACKS, _OPPOSES = _n(PK.backs), _n(PK.opposes)
_OPPOSITION = _n(PK.Opposition)
_INT = _n(XSD.integer)


def summary_quads(query: object) -> Iterator[ox.Quad]:
    """The quads of the summary graph, computed with ``query(sparql, bindings)`` over the
    store being written (a :meth:`~peacekg.graph.store.StoreWriter.query_raw`)."""
    shortcuts: set[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode]] = set()
    for row in query(_STANCE_COUNTS, None):
        actor, target, stance = row["actor"], row["target"], row["stance"]
        key = f"{actor.value}|{target.value}|{stance.value}".encode()
        node = _n(PKID[f"summary/{hashlib.sha1(key).hexdigest()[:20]}"])
        yield ox.Quad(node, _A, _CLASS, _G)
        yield ox.Quad(node, _ACTOR, actor, _G)
        yield ox.Quad(node, _TARGET, target, _G)
        yield ox.Quad(node, _STANCE, stance, _G)
        yield ox.Quad(node, _COUNT, ox.Literal(row["n"].value, datatype=_INT), _G)
        yield ox.Quad(node, _DOCS, ox.Literal(row["docs"].value, datatype=_INT), _G)
        target_class = class_of(target.value)
        if target_class is not None:
            yield ox.Quad(node, _TARGET_CLASS, _n(target_class), _G)
        shortcuts.add((actor, _OPPOSES if stance == _OPPOSITION else _BACKS, target))
    for s, p, o in sorted(shortcuts, key=lambda t: (t[0].value, t[1].value, t[2].value)):
        yield ox.Quad(s, p, o, _G)
