"""One statement counted once: the same speech published in two documents.

A speech can reach the store twice: annexed to a Security Council letter and in the verbatim
record, or delivered at a meeting and summarised in its press release. Two statements of
documents of their own are the same statement when they have the same speaker and

- share a sentence of evidence word for word in documents of the same year (the same text,
  published twice; a sentence a state repeats year after year does not make two speeches
  one), or
- come from documents of the same day (a date known to the day; the record and the press
  release of one meeting).

In each group of such statements, one stands for the group (the one with most commitments):
every other is linked to it with ``pk:sameStatementAs`` (both ways: the property is
symmetric; a star, not every pair, so a large group stays linear) and gets ``pk:countedAs``
it, in the derived named graph ``pkid:graph/same-statements``. The summary graph
(:mod:`peacekg.graph.ingest.summary`) leaves the commitments of the others out of its counts, so
each (actor, target) of a speech counts once.
The commitments and their evidence stay in every document.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox

from peacekg.graph.store.database import Store, StoreWriter
from peacekg.ontology.namespaces import PK, PKID

#: The derived graph of statements published more than once.
SAME_GRAPH = PKID["graph/same-statements"]

#: A SPARQL filter keeping a commitment ``?c`` only when its statement is counted as itself
#: (not ``pk:countedAs`` another): what every count uses so that a speech counts once.
COUNTED_ONCE = "FILTER NOT EXISTS { ?c pk:inStatement/pk:countedAs ?counted }"

_REPEATED = "SELECT DISTINCT ?st WHERE { ?st pk:countedAs ?other }"

_EVIDENCE = """
SELECT ?st ?speaker ?doc ?year ?evidence WHERE {
  GRAPH ?doc { ?c pk:inStatement ?st ; pk:evidence ?evidence . ?st pk:speaker ?speaker
               OPTIONAL { ?doc pk:year ?year } }
}"""

_DAYS = """
SELECT ?st ?speaker ?doc ?date WHERE {
  GRAPH ?doc { ?st pk:speaker ?speaker . ?doc dcterms:date ?date
               FILTER NOT EXISTS { ?doc pk:datePrecision ?coarse } }
}"""

_SPACE = re.compile(r"\s+")


def _find(parent: dict[str, str], x: str) -> str:
    while parent.setdefault(x, x) != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def same_statement_quads(query: Any) -> Iterator[ox.Quad]:
    """The quads of ``pkid:graph/same-statements``, from ``query(sparql, bindings)`` over the
    store being written (a :meth:`~peacekg.graph.store.database.StoreWriter.query_raw`)."""
    keys: dict[tuple[str, ...], set[tuple[str, str]]] = defaultdict(set)
    weight: Counter[str] = Counter()
    for row in query(_EVIDENCE, None) or []:
        st = row["st"].value
        weight[st] += 1
        text = _SPACE.sub(" ", row["evidence"].value).strip().casefold()
        year = row["year"].value if row["year"] is not None else ""
        keys[("evidence", row["speaker"].value, year, text)].add((st, row["doc"].value))
    for row in query(_DAYS, None) or []:
        keys[("day", row["speaker"].value, row["date"].value)].add(
            (row["st"].value, row["doc"].value)
        )
    parent: dict[str, str] = {}
    for members in keys.values():
        if len({doc for _, doc in members}) < 2:
            continue  # statements of one document are different statements
        first, *rest = sorted(st for st, _ in members)
        for st in rest:
            parent[_find(parent, st)] = _find(parent, first)
    groups: dict[str, list[str]] = defaultdict(list)
    for st in list(parent):
        groups[_find(parent, st)].append(st)
    g = ox.NamedNode(str(SAME_GRAPH))
    same, counted = ox.NamedNode(str(PK.sameStatementAs)), ox.NamedNode(str(PK.countedAs))
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort()
        rep = min(members, key=lambda st: (-weight[st], st))
        r = ox.NamedNode(rep)
        for a in members:
            if a != rep:
                node = ox.NamedNode(a)
                yield ox.Quad(node, same, r, g)
                yield ox.Quad(r, same, node, g)
                yield ox.Quad(node, counted, r, g)


def counted_elsewhere(store: Store) -> set[str]:
    """The statements (IRIs) counted as another (``pk:countedAs``): a count leaves their
    commitments out, as :data:`COUNTED_ONCE` does in SPARQL."""
    return {str(r["st"]) for r in store.select(_REPEATED)}


def update_same_statements(writer: StoreWriter) -> set[ox.NamedNode]:
    """Rewrite ``pkid:graph/same-statements`` in the generation being written; return the
    statements whose ``pk:countedAs`` changed (their summaries must be recomputed)."""
    g = ox.NamedNode(str(SAME_GRAPH))
    new = set(same_statement_quads(writer.query_raw))
    old = set(writer.quads(graph=g))
    if new == old:
        return set()
    writer.remove_quads(old - new)
    writer.add_quads(new - old)
    counted = str(PK.countedAs)
    return {q.subject for q in (old ^ new) if q.predicate.value == counted}


_PAIRS_OF = """SELECT DISTINCT ?actor ?target WHERE {
  VALUES ?st { VALUES_ } ?c pk:inStatement ?st ; pk:actor ?actor ; pk:target ?target }"""


def pairs_of(writer: StoreWriter, statements: Iterable[ox.NamedNode]) -> set[tuple[Any, Any]]:
    """The (actor, target) pairs of the commitments of ``statements``."""
    values = " ".join(str(st) for st in statements)
    if not values:
        return set()
    rows = writer.query_raw(_PAIRS_OF.replace("VALUES_", values)) or []
    return {(row["actor"], row["target"]) for row in rows}
