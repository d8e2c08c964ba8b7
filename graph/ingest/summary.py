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
  ``pk:oppositionCount``, ``pk:commitmentCount``, ``pk:documentCount``, and the documents
  (speeches) that back and that oppose: ``pk:backingDocumentCount``,
  ``pk:oppositionDocumentCount`` (what ``peacekg backers`` counts by default);
- one ``pk:CoBacking`` per pair of states backing at least one common A4P area:
  ``pk:firstActor`` / ``pk:secondActor`` (ordered by IRI), ``pk:sharedCount`` and each
  ``pk:sharedTarget``.

Only commitments that pass the default confidence threshold
(:func:`peacekg.graph.query.scope.default_min_confidence`) are counted. It is data derived from
the document graphs, never edited by hand; the ready queries in
``queries/`` read it for aggregates and the document graphs for evidence. A build that
changes a few documents calls :func:`update_summary` with what they touch (the pairs of
their commitments, before and after), which rewrites only those summaries; larger builds
recompute it whole and write the difference. Both give the same graph.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib.namespace import RDF, XSD

from peacekg.graph.ingest.repeats import COUNTED_ONCE
from peacekg.graph.query.scope import confidence_pattern, default_min_confidence
from peacekg.ontology.namespaces import A4P_AREAS, PK, PKID, SUMMARY_GRAPH, class_of, priority_iri

if TYPE_CHECKING:
    from peacekg.graph.store.database import StoreWriter

#: A speech published in several documents counts once: the commitments of a statement that
#: is ``pk:countedAs`` another (graph/repeats.py) are left out of the counts.
_ONCE = COUNTED_ONCE

_STANCE_COUNTS = f"""
SELECT ?actor ?target ?stance ?g (COUNT(DISTINCT ?c) AS ?n) WHERE {{
  GRAPH ?g {{ ?c pk:stance ?stance ; pk:actor ?actor ; pk:target ?target }}
  CONFIDENCE_
  {_ONCE}
}} GROUP BY ?actor ?target ?stance ?g"""


def _confident(sparql: str) -> str:
    """``sparql`` keeping only commitments at or above the default confidence threshold."""
    return sparql.replace("CONFIDENCE_", confidence_pattern(default_min_confidence(), "?c"))


_SYMBOLS = """SELECT ?r (MIN(?symbol) AS ?s) WHERE { ?r pk:symbol ?symbol } GROUP BY ?r"""


def _n(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


_G = _n(SUMMARY_GRAPH)
_A, _SUMMARY, _PAIR = _n(RDF.type), _n(PK.StanceSummary), _n(PK.CoBacking)
_ACTOR, _TARGET = _n(PK.summaryActor), _n(PK.summaryTarget)
_BACKING, _OPPOSING = _n(PK.backingCount), _n(PK.oppositionCount)
_COUNT, _DOCS = _n(PK.commitmentCount), _n(PK.documentCount)
_BACKING_DOCS, _OPPOSING_DOCS = _n(PK.backingDocumentCount), _n(PK.oppositionDocumentCount)
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
    backing_documents: set[str] = field(default_factory=set)
    opposition_documents: set[str] = field(default_factory=set)


def _node(*parts: str) -> ox.NamedNode:
    key = "|".join(parts).encode()
    return _n(PKID[f"summary/{hashlib.sha1(key).hexdigest()[:20]}"])


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_INT)


Pair = tuple[ox.NamedNode, ox.NamedNode]
Query = Callable[[str, None], Iterable[Any]]


def summary_quads(query: Query) -> Iterator[ox.Quad]:
    """The quads of the summary graph, computed with ``query(sparql, bindings)`` over the
    store being written (a :meth:`~peacekg.graph.store.database.StoreWriter.query_raw`)."""
    tallies = _tallies(query, _confident(_STANCE_COUNTS))
    symbols = {row["r"]: row["s"] for row in query(_SYMBOLS, None)}
    backers: dict[ox.NamedNode, set[ox.NamedNode]] = defaultdict(set)
    for pair, tally in sorted(tallies.items(), key=lambda kv: _key(kv[0])):
        yield from _stance_quads(pair, tally, symbols)
        if tally.backing and _is_area_backing(pair):
            backers[pair[1]].add(pair[0])
    yield from _cobacking_quads(backers)


def _tallies(query: Query, sparql: str) -> dict[Pair, _Tally]:
    tallies: dict[Pair, _Tally] = defaultdict(_Tally)
    for row in query(sparql, None):
        tally = tallies[(row["actor"], row["target"])]
        if row["stance"] == _OPPOSITION:
            tally.opposition += int(row["n"].value)
            tally.opposition_documents.add(row["g"].value)
        else:
            tally.backing += int(row["n"].value)
            tally.backing_documents.add(row["g"].value)
        tally.documents.add(row["g"].value)
    return tallies


def _stance_quads(
    pair: Pair, tally: _Tally, symbols: dict[ox.NamedNode, ox.Literal]
) -> Iterator[ox.Quad]:
    """The ``pk:StanceSummary`` of one (actor, target) and its ``backs``/``opposes``."""
    actor, target = pair
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
    yield ox.Quad(node, _BACKING_DOCS, _int(len(tally.backing_documents)), _G)
    yield ox.Quad(node, _OPPOSING_DOCS, _int(len(tally.opposition_documents)), _G)
    if tally.backing:
        yield ox.Quad(actor, _BACKS, target, _G)
    if tally.opposition:
        yield ox.Quad(actor, _OPPOSES, target, _G)


def _is_area_backing(pair: Pair) -> bool:
    """Whether ``pk:backs`` on this pair makes its actor a co-backer (a state, an A4P area)."""
    return pair[1] in _A4P and class_of(pair[0].value) == PK.State


# --- incremental update -----------------------------------------------------------------------


@dataclass
class Touched:
    """What changed documents touch in the summary: (actor, target) pairs with a
    commitment, and nodes whose ``pk:symbol`` they state."""

    pairs: set[Pair] = field(default_factory=set)
    symbols: set[ox.NamedNode] = field(default_factory=set)

    def add_graphs(self, query: Query, graphs: Iterable[str]) -> None:
        """Record what the document graphs ``graphs`` hold (call before removing a graph,
        after adding one)."""
        values = " ".join(f"<{g}>" for g in graphs)
        if not values:
            return
        for row in query(_PAIRS_IN.replace("VALUES_", values), None):
            self.pairs.add((row["actor"], row["target"]))
        for row in query(_SYMBOLS_IN.replace("VALUES_", values), None):
            self.symbols.add(row["r"])


_PAIRS_IN = """SELECT DISTINCT ?actor ?target WHERE {
  VALUES ?g { VALUES_ } GRAPH ?g { ?c pk:actor ?actor ; pk:target ?target } }"""
_SYMBOLS_IN = """SELECT DISTINCT ?r WHERE { VALUES ?g { VALUES_ } GRAPH ?g { ?r pk:symbol ?s } }"""


def update_summary(writer: StoreWriter, touched: Touched) -> None:
    """Bring the summary graph up to date after a change of a few documents.

    Only the summaries of the touched pairs are recomputed (and of every pair whose target
    has a touched symbol), and co-backing pairs only for states that started or stopped
    backing an A4P area; the result equals a full :func:`summary_quads` (tested), at a
    fraction of its cost on a large store.
    """
    pairs = set(touched.pairs)
    for target in touched.symbols:
        for quad in writer.quads(None, _TARGET, target, _G):
            actor = writer.quads(quad.subject, _ACTOR, None, _G)
            pairs.update((q.object, target) for q in actor)
    if not pairs:
        return
    rows = " ".join(f"({a} {t})" for a, t in sorted(pairs, key=_key))
    tallies = _tallies(writer.query_raw, _confident(_STANCE_COUNTS_FOR.replace("VALUES_", rows)))
    targets = " ".join(str(t) for t in sorted({t for _, t in pairs}, key=lambda n: n.value))
    symbols = {
        row["r"]: row["s"] for row in writer.query_raw(_SYMBOLS_FOR.replace("VALUES_", targets))
    }
    old: set[ox.Quad] = set()
    new: set[ox.Quad] = set()
    flipped: set[ox.NamedNode] = set()
    for pair in pairs:
        actor, target = pair
        before = writer.quads(_node(actor.value, target.value), None, None, _G)
        before += writer.quads(actor, _BACKS, target, _G) + writer.quads(
            actor, _OPPOSES, target, _G
        )
        after = list(_stance_quads(pair, tallies[pair], symbols)) if pair in tallies else []
        old.update(before)
        new.update(after)
        backs = ox.Quad(actor, _BACKS, target, _G)
        if _is_area_backing(pair) and ((backs in before) != (backs in after)):
            flipped.add(actor)
    writer.remove_quads(old - new)
    writer.add_quads(new - old)
    if flipped:
        _update_cobacking(writer, flipped)


def _update_cobacking(writer: StoreWriter, states: set[ox.NamedNode]) -> None:
    """Recompute the ``pk:CoBacking`` pairs that involve ``states``."""
    backers: dict[ox.NamedNode, set[ox.NamedNode]] = defaultdict(set)
    for area in _A4P:
        for quad in writer.quads(None, _BACKS, area, _G):
            if _is_area_backing((quad.subject, area)):
                backers[area].add(quad.subject)
    new = set(_cobacking_quads(backers, involving=states))
    old: set[ox.Quad] = set()
    for state in states:
        for role in (_FIRST, _SECOND):
            for quad in writer.quads(None, role, state, _G):
                old.update(writer.quads(quad.subject, None, None, _G))
    writer.remove_quads(old - new)
    writer.add_quads(new - old)


_STANCE_COUNTS_FOR = f"""
SELECT ?actor ?target ?stance ?g (COUNT(DISTINCT ?c) AS ?n) WHERE {{
  VALUES (?actor ?target) {{ VALUES_ }}
  GRAPH ?g {{ ?c pk:actor ?actor ; pk:target ?target ; pk:stance ?stance }}
  CONFIDENCE_
  {_ONCE}
}} GROUP BY ?actor ?target ?stance ?g"""

_SYMBOLS_FOR = """SELECT ?r (MIN(?symbol) AS ?s) WHERE {
  VALUES ?r { VALUES_ } ?r pk:symbol ?symbol } GROUP BY ?r"""


def _key(pair: tuple[ox.NamedNode, ox.NamedNode]) -> tuple[str, str]:
    return (pair[0].value, pair[1].value)


def _cobacking_quads(
    backers: dict[ox.NamedNode, set[ox.NamedNode]], involving: set[ox.NamedNode] | None = None
) -> Iterator[ox.Quad]:
    """One ``pk:CoBacking`` per pair of states that back at least one common A4P area (only
    the pairs with a state of ``involving``, when given)."""
    shared: dict[Pair, list[ox.NamedNode]] = defaultdict(list)
    for priority in sorted(backers, key=lambda n: n.value):
        states = sorted(backers[priority], key=lambda n: n.value)
        for i, a in enumerate(states):
            for b in states[i + 1 :]:
                if involving is None or a in involving or b in involving:
                    shared[(a, b)].append(priority)
    for (a, b), priorities in sorted(shared.items(), key=lambda kv: _key(kv[0])):
        node = _node("cobacking", a.value, b.value)
        yield ox.Quad(node, _A, _PAIR, _G)
        yield ox.Quad(node, _FIRST, a, _G)
        yield ox.Quad(node, _SECOND, b, _G)
        yield ox.Quad(node, _SHARED_COUNT, _int(len(priorities)), _G)
        for priority in priorities:
            yield ox.Quad(node, _SHARED, priority, _G)
