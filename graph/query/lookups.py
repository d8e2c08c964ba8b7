"""Researcher lookups: who backs or opposes what, with the evidence, read with SPARQL.

Every name or value a user gives is bound as an RDF term (``Store.select`` bindings), never
pasted into query text, so ``peacekg country 'x" } ; DROP ALL'`` is just a name that is not
found.

The functions return plain dataclasses; :mod:`peacekg.graph.query.api` wraps them for Python
users and :mod:`peacekg.cli` prints them.

>>> from peacekg.graph.store.database import Store          # doctest: +SKIP
>>> profile = country(Store("store"), "france")     # doctest: +SKIP
>>> [p.target.label for p in profile.positions]     # doctest: +SKIP
['Performance and accountability', 'Women, peace and security', ...]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from rdflib import URIRef

from peacekg.graph.ingest.repeats import COUNTED_ONCE
from peacekg.graph.query.commitments import (
    DOCUMENT_SOURCE,
    citations,
    commitments,
    contributions,
    positions,
    source_of,
)
from peacekg.graph.query.entities import KIND_CLASS, Labeler, resolve
from peacekg.graph.query.results import (
    BackersMatrix,
    Commitment,
    CountryProfile,
    Entity,
    Source,
    TargetProfile,
)
from peacekg.graph.query.scope import Scope, document_year_filter, unit_pattern
from peacekg.graph.store.database import Store
from peacekg.ontology.namespaces import (
    A4P_AREAS,
    PK,
)

_STATEMENTS = (
    """
SELECT ?st ?doc ?file ?symbol ?date WHERE {
  ?st pk:speaker ?actor .
  OPTIONAL {
    ?st prov:wasDerivedFrom ?doc .
    """
    + DOCUMENT_SOURCE
    + """
  }
  %(years)s
}"""
)

_FORMAL = "SELECT ?v WHERE { ?e pk:formalName ?v }"

#: Documents that name a target: they mention it, or one of their commitments targets it
#: (A4P priorities are recognised by their cues, never "mentioned" by name).
_NAMED_IN = """
SELECT (COUNT(DISTINCT ?doc) AS ?n) WHERE {
  { ?doc pk:mentions ?e . ?doc a pk:Document }
  UNION { ?c pk:target ?e ; prov:wasDerivedFrom ?doc }
  %(years)s
}"""


# --- the lookups -----------------------------------------------------------------------------


def country(
    store: Store, name: str, evidence_limit: int | None = None, scope: Scope | None = None
) -> CountryProfile:
    """A state's profile: its commitments grouped by target with evidence and source, its
    statements and the missions it contributes to, within ``scope``.

    ``name`` is a name, formal name, UN name, variant or ISO3 code, in any case.
    """
    scope = scope or Scope()
    state = resolve(store, "State", name)
    label = Labeler(store)
    items = commitments(store, actor=state.iri, labeler=label, scope=scope)
    years = document_year_filter(scope, "?doc")
    if years:  # only statements of a document of those years
        years = "?st prov:wasDerivedFrom ?doc .\n" + years
    rows = store.select(_STATEMENTS % {"years": years}, {"actor": URIRef(state.iri)})
    statements = {str(r["st"]) for r in rows}
    sources: dict[str, Source] = {}
    for r in rows:
        if r["doc"] is not None and str(r["doc"]) not in sources:
            sources[str(r["doc"])] = source_of(r)
    formal = store.select(_FORMAL, {"e": URIRef(state.iri)})
    return CountryProfile(
        state=state,
        formal_name=str(formal[0]["v"]) if formal else None,
        positions=positions(items, by="target", evidence_limit=evidence_limit, unit=scope.count),
        statements=len(statements),
        statement_sources=sorted(sources.values(), key=lambda s: (s.date or "", str(s))),
        contributions=contributions(store, actor=state.iri, labeler=label, scope=scope),
        scope=scope,
    )


def target_profile(
    store: Store,
    kind: str,
    name: str,
    evidence_limit: int | None = None,
    scope: Scope | None = None,
) -> TargetProfile:
    """Who backs or opposes a target (Mission, Priority, Initiative, Resolution), with
    evidence, within ``scope``; for a mission, also who contributes to it; for a resolution,
    also who cites it (:func:`citations`)."""
    scope = scope or Scope()
    target = resolve(store, kind, name)
    label = Labeler(store)
    items = commitments(store, target=target.iri, labeler=label, scope=scope)
    contrib = (
        contributions(store, mission=target.iri, labeler=label, scope=scope)
        if kind == "Mission"
        else []
    )
    years = document_year_filter(scope, "?doc")
    named = store.select(_NAMED_IN % {"years": years}, {"e": URIRef(target.iri)})
    cited = citations(store, target.iri, label, scope) if kind == "Resolution" else []
    return TargetProfile(
        target=target,
        positions=positions(items, by="actor", evidence_limit=evidence_limit, unit=scope.count),
        contributions=contrib,
        documents=int(named[0]["n"]) if named and named[0]["n"] is not None else 0,
        scope=scope,
        citations=cited,
    )


def mission(
    store: Store, acronym: str, evidence_limit: int | None = None, scope: Scope | None = None
) -> TargetProfile:
    """Who backs, opposes and contributes to a mission (acronym or name)."""
    return target_profile(store, "Mission", acronym, evidence_limit, scope)


def priority(
    store: Store, code: str, evidence_limit: int | None = None, scope: Scope | None = None
) -> TargetProfile:
    """Who backs or opposes a priority (code such as ``wps``, or its label)."""
    return target_profile(store, "Priority", code, evidence_limit, scope)


def initiative(
    store: Store, name: str, evidence_limit: int | None = None, scope: Scope | None = None
) -> TargetProfile:
    """Who backs or opposes an initiative (name or acronym)."""
    return target_profile(store, "Initiative", name, evidence_limit, scope)


def resolution(
    store: Store, number: str, evidence_limit: int | None = None, scope: Scope | None = None
) -> TargetProfile:
    """Who backs, opposes and cites a resolution (``2538``, ``2538 (2020)``,
    ``S/RES/2538 (2020)``)."""
    return target_profile(store, "Resolution", str(number), evidence_limit, scope)


_PRIORITIES = """
SELECT ?p WHERE {
  ?p a pk:Priority .
  OPTIONAL { ?p skos:inScheme ?scheme }
}"""

#: The fast path: counts the summary graph holds (speeches or commitments, default scope).
_MATRIX_SUMMARY = """
SELECT DISTINCT ?actor ?target ?b ?o WHERE {
  GRAPH <https://w3id.org/peacekg/id/graph/summary> {
    ?s pk:targetClass pk:Priority ; pk:summaryActor ?actor ; pk:summaryTarget ?target ;
       %(counts)s
  }
  ?actor a ?class .
}"""

#: Any scope: count the commitments themselves.
_MATRIX = """
SELECT ?actor ?target ?side (COUNT(DISTINCT ?unit) AS ?n) WHERE {
  ?c pk:actor ?actor ; pk:target ?target ; pk:stance ?stance .
  ?target a pk:Priority .
  ?actor a ?class .
  BIND(IF(?stance = pk:Opposition, "o", "b") AS ?side)
  %(unit)s
  %(scope)s
  %(once)s
} GROUP BY ?actor ?target ?side"""

_SUMMARY_COUNTS = {
    "speeches": "pk:backingDocumentCount ?b ; pk:oppositionDocumentCount ?o .",
    "commitments": "pk:backingCount ?b ; pk:oppositionCount ?o .",
}

#: A4P codes in the order of the Declaration of Shared Commitments.
A4P_ORDER = tuple(A4P_AREAS)


def _priority_order(e: Entity) -> tuple:
    code = e.code or ""
    return (A4P_ORDER.index(code) if code in A4P_ORDER else len(A4P_ORDER), e.label)


def _matrix_counts(store: Store, cls: URIRef, scope: Scope) -> Iterable[tuple[str, str, int, int]]:
    """(actor, priority, backing, opposition) of the actors of class ``cls``, in the unit of
    ``scope``: from the summary graph when it holds them, else from the commitments."""
    if not scope.filters and scope.count in _SUMMARY_COUNTS:
        query = _MATRIX_SUMMARY % {"counts": _SUMMARY_COUNTS[scope.count]}
        rows = store.select(query, {"class": cls})
        if rows or not store.ask("ASK { ?s a pk:StanceSummary }"):
            return [(str(r["actor"]), str(r["target"]), int(r["b"]), int(r["o"])) for r in rows]
        # a store summarised before document counts existed: count from the commitments
    query = _MATRIX % {
        "unit": unit_pattern(scope.count),
        "scope": scope.sparql_filter("?c"),
        "once": COUNTED_ONCE,  # a speech published twice counts once, as in the summary
    }
    cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for r in store.select(query, {"class": cls}):
        cells[(str(r["actor"]), str(r["target"]))][r["side"].value == "o"] += int(r["n"])
    return [(a, t, b, o) for (a, t), (b, o) in cells.items()]


def backers(
    store: Store, scheme: str = "a4p", actor_type: str = "State", scope: Scope | None = None
) -> BackersMatrix:
    """The actors × priorities matrix of support and opposition counts, in the unit of
    ``scope`` (speeches by default: a state's speeches that back, or oppose, each priority).

    ``scheme`` is ``a4p`` (the eight thematic areas), ``a4p-plus`` or ``all``;
    ``actor_type`` is ``State``, ``Organization``, ``Person`` or ``all``.
    """
    scope = scope or Scope()

    def in_scheme(iri: str) -> bool:
        if scheme == "all":
            return True
        plus = "/priority/a4p-plus/" in iri
        return plus if scheme == "a4p-plus" else not plus

    label = Labeler(store, bulk=True)
    prios = {str(r["p"]) for r in store.select(_PRIORITIES)}
    support: Counter[tuple[str, str]] = Counter()
    opposition: Counter[tuple[str, str]] = Counter()
    actors: set[str] = set()
    classes = list(KIND_CLASS.values()) if actor_type == "all" else [KIND_CLASS[actor_type]]
    for cls in classes:
        if actor_type == "all" and cls not in (PK.State, PK.Organization, PK.Person):
            continue
        for a, t, b, o in _matrix_counts(store, cls, scope):
            if not in_scheme(t) or not (b or o):
                continue
            if b:
                support[(a, t)] += b
            if o:
                opposition[(a, t)] += o
            actors.add(a)
            prios.add(t)
    priority_list = sorted((label(p) for p in prios if in_scheme(p)), key=_priority_order)
    actor_list = sorted(
        (label(a) for a in actors),
        key=lambda e: (-sum(support[(e.iri, p.iri)] for p in priority_list), e.label),
    )
    return BackersMatrix(actor_list, priority_list, dict(support), dict(opposition), scope)


def search(
    store: Store, text: str, limit: int | None = None, scope: Scope | None = None
) -> list[Commitment]:
    """Commitments whose evidence contains ``text`` (case-insensitive, bound as a literal)."""
    if not text.strip():
        raise ValueError("search text is empty")
    return commitments(store, text=text, limit=limit, scope=scope)
