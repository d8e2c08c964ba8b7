"""The summary graph: deduplicated shortcuts, stance counts and co-backing pairs.

Each document's named graph holds what was extracted from it, so the same
``pkid:state/FRA pk:backs pkid:priority/wps`` can stand in a hundred graphs, and SPARQL over
the union sees it a hundred times; aggregate questions ("which states back which
priorities, with how much evidence") would rescan every commitment. After each build that
changed anything, :func:`summary_quads` derives, in one named graph
(``pkid:graph/summary``):

- each ``pk:backs`` and ``pk:opposes`` shortcut, once (document graphs do not repeat
  them; ``pk:contributesTo`` stays in the graph of the document that says so);
- one ``pk:StanceSummary`` per (actor, target): ``pk:summaryActor``, ``pk:summaryTarget``
  (properties of their own, so that a pattern on ``pk:actor`` matches commitments only),
  ``pk:targetClass``, ``pk:targetSymbol`` (for display), ``pk:backingCount``,
  ``pk:oppositionCount``, ``pk:commitmentCount``, ``pk:documentCount``;
- one ``pk:CoBacking`` per pair of states backing at least one common A4P area:
  ``pk:firstActor`` / ``pk:secondActor`` (ordered by IRI), ``pk:sharedCount`` and each
  ``pk:sharedTarget``.

It is data derived from the document graphs, rebuilt with every build, never edited by
hand; the ready queries in ``queries/`` read it for aggregates and the document graphs for
evidence.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib.namespace import RDF, XSD

from peacekg.ontology.namespaces import A4P_AREAS, PK, PKID, SUMMARY_GRAPH, class_of, priority_iri

_STANCE_COUNTS = """
SELECT ?actor ?target ?stance ?g (COUNT(DISTINCT ?c) AS ?n) WHERE {
  GRAPH ?g { ?c pk:stance ?stance ; pk:actor ?actor ; pk:target ?target }
} GROUP BY ?actor ?target ?stance ?g"""

_SYMBOLS = """SELECT ?r (MIN(?symbol) AS ?s) WHERE { ?r pk:symbol ?symbol } GROUP BY ?r"""


def _n(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


_G = _n(SUMMARY_GRAPH)
_A, _SUMMARY, _PAIR = _n(RDF.type), _n(PK.StanceSummary), _n(PK.CoBacking)
_ACTOR, _TARGET = _n(PK.summaryActor), _n(PK.summaryTarget)
_BACKING, _OPPOSING = _n(PK.backingCount), _n(PK.oppositionCount)
_COUNT, _DOCS = _n(PK.commitmentCount), _n(PK.documentCount)
_TARGET_CLASS, _TARGET_SYMBOL = _n(PK.targetClass), _n(PK.targetSymbol)
_FIRST, _SECOND = _n(PK.firstActor), _n(PK.secondActor)
_SHARED_COUNT, _SHARED = _n(PK.sharedCount), _n(PK.sharedTarget)
_BACKS, _OPPOSES = _n(PK.backs), _n(PK.opposes)
_OPPOSITION = _n(PK.Opposition)
_STATE, _PRIORITY = _n(PK.State), _n(PK.Priority)
_A4P = {_n(priority_iri(code)) for code in A4P_AREAS}
_INT = _n(XSD.integer)


@dataclass
class _Tally:
    backing: int = 0
    opposition: int = 0
    documents: set[str] = field(default_factory=set)


def _node(*parts: str) -> ox.NamedNode:
    key = "|".join(parts).encode()
    return _n(PKID[f"summary/{hashlib.sha1(key).hexdigest()[:20]}"])


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_INT)


def summary_quads(query: Callable[[str, None], Iterable[Any]]) -> Iterator[ox.Quad]:
    """The quads of the summary graph, computed with ``query(sparql, bindings)`` over the
    store being written (a :meth:`~peacekg.graph.store.StoreWriter.query_raw`)."""
    tallies: dict[tuple[ox.NamedNode, ox.NamedNode], _Tally] = defaultdict(_Tally)
    for row in query(_STANCE_COUNTS, None):
        tally = tallies[(row["actor"], row["target"])]
        if row["stance"] == _OPPOSITION:
            tally.opposition += int(row["n"].value)
        else:
            tally.backing += int(row["n"].value)
        tally.documents.add(row["g"].value)
    symbols = {row["r"]: row["s"] for row in query(_SYMBOLS, None)}
    backers: dict[ox.NamedNode, set[ox.NamedNode]] = defaultdict(set)
    for (actor, target), tally in sorted(tallies.items(), key=lambda kv: _key(kv[0])):
        node = _node(actor.value, target.value)
        target_class = class_of(target.value)
        yield ox.Quad(node, _A, _SUMMARY, _G)
        yield ox.Quad(node, _ACTOR, actor, _G)
        yield ox.Quad(node, _TARGET, target, _G)
        if target_class is not None:
            yield ox.Quad(node, _TARGET_CLASS, _n(target_class), _G)
        if target in symbols:
            yield ox.Quad(node, _TARGET_SYMBOL, symbols[target], _G)
        yield ox.Quad(node, _BACKING, _int(tally.backing), _G)
        yield ox.Quad(node, _OPPOSING, _int(tally.opposition), _G)
        yield ox.Quad(node, _COUNT, _int(tally.backing + tally.opposition), _G)
        yield ox.Quad(node, _DOCS, _int(len(tally.documents)), _G)
        if tally.backing:
            yield ox.Quad(actor, _BACKS, target, _G)
            if target in _A4P and class_of(actor.value) == PK.State:
                backers[target].add(actor)
        if tally.opposition:
            yield ox.Quad(actor, _OPPOSES, target, _G)
    yield from _cobacking_quads(backers)


def _key(pair: tuple[ox.NamedNode, ox.NamedNode]) -> tuple[str, str]:
    return (pair[0].value, pair[1].value)


def _cobacking_quads(backers: dict[ox.NamedNode, set[ox.NamedNode]]) -> Iterator[ox.Quad]:
    """One ``pk:CoBacking`` per pair of states that back at least one common A4P area."""
    shared: dict[tuple[ox.NamedNode, ox.NamedNode], list[ox.NamedNode]] = defaultdict(list)
    for priority in sorted(backers, key=lambda n: n.value):
        states = sorted(backers[priority], key=lambda n: n.value)
        for i, a in enumerate(states):
            for b in states[i + 1 :]:
                shared[(a, b)].append(priority)
    for (a, b), priorities in sorted(shared.items(), key=lambda kv: _key(kv[0])):
        node = _node("cobacking", a.value, b.value)
        yield ox.Quad(node, _A, _PAIR, _G)
        yield ox.Quad(node, _FIRST, a, _G)
        yield ox.Quad(node, _SECOND, b, _G)
        yield ox.Quad(node, _SHARED_COUNT, _int(len(priorities)), _G)
        for priority in priorities:
            yield ox.Quad(node, _SHARED, priority, _G)
