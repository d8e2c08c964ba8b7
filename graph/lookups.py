"""Researcher lookups: who backs or opposes what, with the evidence, read with SPARQL.

Every name or value a user gives is bound as an RDF term (``Store.select`` bindings), never
pasted into query text, so ``peacekg country 'x" } ; DROP ALL'`` is just a name that is not
found.

The functions return plain dataclasses; :mod:`peacekg.graph.api` wraps them for Python
users and :mod:`peacekg.cli` prints them.

>>> from peacekg.graph.store import Store          # doctest: +SKIP
>>> profile = country(Store("store"), "france")     # doctest: +SKIP
>>> [p.target.label for p in profile.positions]     # doctest: +SKIP
['Performance and accountability', 'Women, peace and security', ...]
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from peacekg.errors import PeacekgError
from peacekg.graph.scope import Scope, document_year_filter, unit_pattern, year_pattern
from peacekg.graph.store import Store
from peacekg.ontology.namespaces import (
    A4P_AREAS,
    ENTITY_CLASSES,
    ONTOLOGY_GRAPH,
    PK,
    PKID,
    REFERENCE_GRAPH,
    entity_type_of,
    resolution_iri,
)

#: Stances that count as backing (``pk:backs``); ``Opposition`` is the other side.
BACKING_STANCES = ("Support", "Pledge", "Contribution", "CallForAction")
#: The kinds of target a country profile groups its commitments by, in display order.
TARGET_TYPES = ("Priority", "Initiative", "Resolution", "Mission")

#: The entity kinds that lookups resolve names to, and their classes.
_KIND_CLASS = {k: cls for k, cls in ENTITY_CLASSES.items() if k != "DocumentSymbol"}
#: Properties whose values name an entity (what ``country NAME`` etc. match against).
_NAME_PROPS = (
    "rdfs:label skos:prefLabel skos:altLabel skos:hiddenLabel skos:notation pk:iso3 "
    "pk:acronym pk:formalName pk:symbol foaf:name"
)
#: Properties that give a display label, best first.
_LABEL_RANK = {str(SKOS.prefLabel): 0, str(RDFS.label): 1, "http://xmlns.com/foaf/0.1/name": 2}
#: Properties that give a short code.
_CODE_PROPS = {str(PK.iso3), str(PK.acronym), str(SKOS.notation)}
_PREFERRED_GRAPHS = {str(REFERENCE_GRAPH), str(ONTOLOGY_GRAPH)}


class LookupError_(PeacekgError, LookupError):
    """Base class of lookup failures (a name that matches nothing, or several things)."""


class NotFound(LookupError_):
    """No entity of the requested kind has that name; ``suggestions`` are close names."""

    def __init__(self, kind: str, name: str, suggestions: list[str]) -> None:
        self.kind, self.name, self.suggestions = kind, name, suggestions
        msg = f"no {kind.lower()} named {name!r} in the store"
        if suggestions:
            msg += "; did you mean " + " or ".join(repr(s) for s in suggestions) + "?"
        super().__init__(msg)


class Ambiguous(LookupError_):
    """The name matches several entities; ``candidates`` lists them."""

    def __init__(self, kind: str, name: str, candidates: list[Entity]) -> None:
        self.kind, self.name, self.candidates = kind, name, candidates
        options = ", ".join(f"{c.label} ({c.code or c.iri})" for c in candidates)
        super().__init__(f"{name!r} names several {kind.lower()}s: {options}")


# --- data classes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Entity:
    """An entity of the graph: its IRI, display label, type and short code (ISO3, acronym...)."""

    iri: str
    label: str
    type: str
    code: str | None = None

    def __str__(self) -> str:
        if self.code and self.code.lower() != self.label.lower():
            return f"{self.label} ({self.code})"
        return self.label


@dataclass(frozen=True)
class Source:
    """The document a piece of evidence comes from."""

    document: str
    source_file: str | None = None
    symbol: str | None = None
    date: str | None = None
    title: str | None = None
    year: int | None = None

    def __str__(self) -> str:
        parts = [p for p in (self.source_file, self.symbol, self.date) if p]
        return ", ".join(parts) or self.document


@dataclass
class Commitment:
    """One commitment: an actor's stance on a target, with its verbatim evidence and source."""

    iri: str
    actor: Entity
    target: Entity | None
    stance: str
    evidence: str
    source: Source | None
    quantities: list[str] = field(default_factory=list)
    due_date: str | None = None
    statement: str | None = None
    start: int | None = None
    end: int | None = None
    confidence: float | None = None

    @property
    def sign(self) -> int:
        """``-1`` for an opposition, ``+1`` for any backing stance."""
        return -1 if self.stance == "Opposition" else 1

    @property
    def year(self) -> int | None:
        """The year of the commitment's document (``pk:year``, else its date)."""
        return self.source.year if self.source else None

    def unit_key(self, unit: str) -> str:
        """What this commitment adds to a count in ``unit``: its document (speeches), its
        statement (statements, else its document) or itself (commitments)."""
        doc = self.source.document if self.source else self.iri
        if unit == "speeches":
            return doc
        if unit == "statements":
            return self.statement or doc
        return self.iri

    def row(self) -> dict[str, Any]:
        """A flat record (for CSV and data frames)."""
        src = self.source or Source("")
        return {
            "actor": self.actor.label,
            "actor_code": self.actor.code,
            "actor_iri": self.actor.iri,
            "target": self.target.label if self.target else None,
            "target_type": self.target.type if self.target else None,
            "target_iri": self.target.iri if self.target else None,
            "stance": self.stance,
            "evidence": self.evidence,
            "source_file": src.source_file,
            "symbol": src.symbol,
            "date": src.date,
            "year": self.year,
            "quantities": "; ".join(self.quantities) or None,
            "commitment_iri": self.iri,
        }


@dataclass
class Position:
    """Everything one actor said about one target: stance counts and the evidence.

    Counts are in ``unit`` (speeches, statements or commitments: see
    :mod:`peacekg.graph.scope`): ``support`` is the number of distinct speeches (...) with
    any backing stance, not the sum over stances.
    """

    actor: Entity
    target: Entity
    evidence: list[Commitment] = field(default_factory=list)
    unit: str = "speeches"
    #: stance -> the unit keys (documents, statements or commitments) that hold it.
    keys: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def add(self, c: Commitment) -> None:
        """Count a commitment (its evidence is appended by :func:`positions`)."""
        self.keys.setdefault(c.stance, set()).add(c.unit_key(self.unit))

    @property
    def stances(self) -> dict[str, int]:
        """Count per stance, in the position's unit."""
        return {s: len(k) for s, k in self.keys.items()}

    @property
    def support(self) -> int:
        """Speeches (statements, commitments) with a backing stance (Support, Pledge,
        Contribution, CallForAction)."""
        return len(set().union(*(k for s, k in self.keys.items() if s != "Opposition")))

    @property
    def opposition(self) -> int:
        """Speeches (statements, commitments) with an opposition."""
        return len(self.keys.get("Opposition", ()))

    @property
    def sign(self) -> int:
        """``+1`` if the actor mostly backs the target, ``-1`` if it mostly opposes it, else 0."""
        return (self.support > self.opposition) - (self.support < self.opposition)

    @property
    def total(self) -> int:
        """Speeches (statements, commitments) with any stance on the target."""
        return len(set().union(*self.keys.values()))

    def stance_summary(self) -> str:
        """``"2 speeches: Support ×2, Pledge ×1"`` (per stance, in the position's unit)."""
        noun = (
            self.unit
            if self.total != 1
            else self.unit.removesuffix("es" if self.unit == "speeches" else "s")
        )
        stances = ", ".join(f"{s} ×{n}" for s, n in sorted(self.stances.items()))
        return f"{self.total} {noun}: {stances}"


@dataclass
class Contribution:
    """An actor contributes to a mission, according to these documents."""

    actor: Entity
    mission: Entity
    sources: list[Source] = field(default_factory=list)


@dataclass
class CountryProfile:
    """What ``peacekg country`` shows: a state's commitments, statements and contributions."""

    state: Entity
    formal_name: str | None
    positions: list[Position]
    statements: int
    statement_sources: list[Source]
    contributions: list[Contribution]
    scope: Scope = field(default_factory=Scope)

    def by_type(self) -> dict[str, list[Position]]:
        """Positions grouped by target type (Priority, Initiative, Resolution, Mission, ...)."""
        groups: dict[str, list[Position]] = {t: [] for t in TARGET_TYPES}
        for p in self.positions:
            groups.setdefault(p.target.type, []).append(p)
        return {t: ps for t, ps in groups.items() if ps}

    def commitments(self) -> list[Commitment]:
        """All commitments of the state, flat."""
        return [c for p in self.positions for c in p.evidence]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "state": asdict(self.state),
            "scope": self.scope.to_dict(),
            "formal_name": self.formal_name,
            "statements": {
                "count": self.statements,
                "documents": [asdict(s) for s in self.statement_sources],
            },
            "commitments": {
                t: [_position_dict(p, side="target") for p in ps]
                for t, ps in self.by_type().items()
            },
            "contributes_to": [
                {"mission": asdict(c.mission), "documents": [asdict(s) for s in c.sources]}
                for c in self.contributions
            ],
        }

    def rows(self) -> list[dict[str, Any]]:
        """One flat record per commitment."""
        return [c.row() for c in self.commitments()]


@dataclass
class Citation:
    """An actor whose documents name a target (a resolution), with the years they do."""

    actor: Entity
    documents: list[Source] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        """The distinct years of the citing documents, in order."""
        return sorted({s.year for s in self.documents if s.year is not None})


@dataclass
class TargetProfile:
    """What ``peacekg mission|priority|initiative|resolution`` shows: who backs or opposes it
    (and, for a resolution, who cites it)."""

    target: Entity
    positions: list[Position]
    contributions: list[Contribution] = field(default_factory=list)
    #: documents that name the target or hold a commitment on it.
    documents: int = 0
    scope: Scope = field(default_factory=Scope)
    citations: list[Citation] = field(default_factory=list)

    @property
    def backers(self) -> list[Position]:
        """Positions with at least one backing commitment."""
        return [p for p in self.positions if p.support]

    @property
    def opponents(self) -> list[Position]:
        """Positions with at least one opposition."""
        return [p for p in self.positions if p.opposition]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "target": asdict(self.target),
            "scope": self.scope.to_dict(),
            "mentioned_in_documents": self.documents,
            "cited_by": [
                {
                    "actor": asdict(c.actor),
                    "years": c.years,
                    "documents": [asdict(s) for s in c.documents],
                }
                for c in self.citations
            ],
            "backers": [_position_dict(p, side="actor") for p in self.backers],
            "opponents": [_position_dict(p, side="actor") for p in self.opponents],
            "contributors": [
                {"actor": asdict(c.actor), "documents": [asdict(s) for s in c.sources]}
                for c in self.contributions
            ],
        }

    def rows(self) -> list[dict[str, Any]]:
        """One flat record per commitment."""
        return [c.row() for p in self.positions for c in p.evidence]


@dataclass
class BackersMatrix:
    """States × priorities: support and opposition counts, in the unit of ``scope``
    (speeches by default)."""

    actors: list[Entity]
    priorities: list[Entity]
    support: dict[tuple[str, str], int]
    opposition: dict[tuple[str, str], int]
    scope: Scope = field(default_factory=Scope)

    def cell(self, actor: Entity | str, priority: Entity | str) -> tuple[int, int]:
        """``(support, opposition)`` for an actor and a priority (entities or IRIs)."""
        key = (getattr(actor, "iri", actor), getattr(priority, "iri", priority))
        return self.support.get(key, 0), self.opposition.get(key, 0)

    def rows(self) -> list[dict[str, Any]]:
        """One record per (actor, priority) pair with any commitment."""
        out = []
        for a in self.actors:
            for p in self.priorities:
                s, o = self.cell(a, p)
                if s or o:
                    out.append(
                        {
                            "actor": a.label,
                            "actor_code": a.code,
                            "priority": p.code or p.label,
                            "priority_label": p.label,
                            "support": s,
                            "opposition": o,
                            "unit": self.scope.count,
                        }
                    )
        return out

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the axes and the non-empty cells."""
        return {
            "scope": self.scope.to_dict(),
            "actors": [asdict(a) for a in self.actors],
            "priorities": [asdict(p) for p in self.priorities],
            "cells": self.rows(),
        }


def _position_dict(p: Position, side: str) -> dict[str, Any]:
    other = p.target if side == "target" else p.actor
    return {
        side: asdict(other),
        "unit": p.unit,
        "support": p.support,
        "opposition": p.opposition,
        "stances": dict(sorted(p.stances.items())),
        "evidence": [
            {
                "stance": c.stance,
                "quote": c.evidence,
                "source": asdict(c.source) if c.source else None,
                "quantities": c.quantities,
                **({"target": asdict(c.target)} if side == "actor" and c.target else {}),
            }
            for c in p.evidence
        ],
    }


# --- entities --------------------------------------------------------------------------------


def entity_type(iri: str) -> str:
    """The type of an entity from its IRI (the IRI scheme of ONTOLOGY.md).

    >>> entity_type("https://w3id.org/peacekg/id/state/FRA")
    'State'
    >>> entity_type("https://example.org/x")
    'Entity'
    """
    type_ = entity_type_of(iri)
    if type_ == "DocumentSymbol":
        return "Document"  # a cited document, shown like the documents of the store
    if type_ is None:
        return "Document" if iri.startswith(str(PKID["document/"])) else "Entity"
    return type_


def _local_name(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/"))[-1]


_DESCRIBE = f"""
SELECT ?p ?v ?g WHERE {{
  GRAPH ?g {{ ?e ?p ?v }}
  VALUES ?p {{ {_NAME_PROPS} }}
}}"""

_DESCRIBE_ALL = f"""
SELECT ?e ?p ?v ?g WHERE {{
  {{ SELECT DISTINCT ?e WHERE {{
      {{ ?c pk:actor ?e }} UNION {{ ?c pk:target ?e }} UNION {{ ?e pk:contributesTo ?x }}
      UNION {{ ?y pk:contributesTo ?e }} UNION {{ ?e a pk:State }} UNION {{ ?e a pk:Priority }}
  }} }}
  GRAPH ?g {{ ?e ?p ?v }}
  VALUES ?p {{ {_NAME_PROPS} }}
}}"""


def _entity_from(iri: str, values: Iterable[tuple[str, Any, str | None]]) -> Entity:
    """Build an :class:`Entity` from (property, value, graph) triples of its names."""
    labels: list[tuple[int, int, int, str]] = []
    codes: list[str] = []
    for p, v, g in values:
        if not isinstance(v, Literal):
            continue
        lang = v.language or ""
        if p in _LABEL_RANK:
            labels.append(
                (
                    _LABEL_RANK[p],
                    0 if g in _PREFERRED_GRAPHS else 1,
                    0 if lang in ("", "en") or lang.startswith("en-") else 1,
                    str(v),
                )
            )
        elif p in _CODE_PROPS:
            codes.append(str(v))
    code = sorted(codes, key=len)[0] if codes else None
    type_ = entity_type(iri)
    if type_ == "Resolution" and code is None:
        code = _local_name(iri)
    label = min(labels)[3] if labels else (code or _local_name(iri))
    return Entity(iri=iri, label=label, type=type_, code=code)


def describe(store: Store, iri: str | URIRef) -> Entity:
    """The :class:`Entity` of an IRI (label, type, code), read from the store."""
    rows = store.select(_DESCRIBE, {"e": URIRef(str(iri))})
    return _entity_from(str(iri), ((str(r["p"]), r["v"], str(r["g"])) for r in rows))


def describe_all(store: Store) -> dict[str, Entity]:
    """Entities of every actor, target, contributor, state and priority, by IRI (one query)."""
    names: dict[str, list[tuple[str, Any, str]]] = defaultdict(list)
    for r in store.select(_DESCRIBE_ALL):
        names[str(r["e"])].append((str(r["p"]), r["v"], str(r["g"])))
    return {iri: _entity_from(iri, vals) for iri, vals in names.items()}


class Labeler:
    """Describes entities, from one bulk query when many are needed, else one by one."""

    def __init__(self, store: Store, bulk: bool = False) -> None:
        self.store = store
        self._cache: dict[str, Entity] = describe_all(store) if bulk else {}

    def __call__(self, iri: Any) -> Entity:
        key = str(iri)
        if key not in self._cache:
            self._cache[key] = describe(self.store, key)
        return self._cache[key]


# --- name resolution -------------------------------------------------------------------------


def normalize(name: str) -> str:
    """Fold case, accents, punctuation and a leading "the" for name matching.

    >>> normalize("  The Côte d'Ivoire ")
    'cote d ivoire'
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


_EXACT = f"""
SELECT DISTINCT ?e ?p WHERE {{
  ?e a ?class ; ?p ?name .
  VALUES ?p {{ {_NAME_PROPS} }}
  FILTER(LCASE(STR(?name)) = LCASE(STR(?q)))
}}"""

_ALL_NAMES = f"""
SELECT DISTINCT ?e ?p ?name WHERE {{
  ?e a ?class ; ?p ?name .
  VALUES ?p {{ {_NAME_PROPS} }}
}}"""

_EXISTS = "ASK { { ?e ?p ?o } UNION { ?s ?p ?e } }"

#: Match on these properties beats a match on an alternative label.
_STRONG = {
    str(PK.iso3),
    str(PK.acronym),
    str(SKOS.notation),
    str(RDFS.label),
    str(SKOS.prefLabel),
}


def _pick(kind: str, name: str, matches: list[tuple[str, str]], store: Store) -> Entity | None:
    """Choose among (iri, property) matches: strong names first, then A4P over A4P+."""
    if not matches:
        return None
    iris = sorted({iri for iri, _ in matches})
    if len(iris) > 1:
        strong = sorted({iri for iri, p in matches if p in _STRONG})
        iris = strong or iris
    if len(iris) > 1 and kind == "Priority":
        base = [i for i in iris if "/a4p-plus/" not in i]
        iris = base or iris
    if len(iris) > 1:
        raise Ambiguous(kind, name, [describe(store, i) for i in iris])
    return describe(store, iris[0])


def resolve(store: Store, kind: str, name: str) -> Entity:
    """Find the entity of type ``kind`` (State, Mission, Priority, ...) that ``name`` names.

    Matches, case-insensitively, labels, alternative labels, codes (ISO3, acronym, notation)
    and formal names; then the same with accents and punctuation folded. Raises
    :class:`NotFound` with close names ("did you mean ...?") or :class:`Ambiguous`.
    Resolutions are also found by number ("2538", "S/RES/2538 (2020)", "resolution 2538").
    """
    name = name.strip()
    if kind not in _KIND_CLASS:
        raise ValueError(f"unknown entity kind {kind!r}")
    cls = _KIND_CLASS[kind]
    if name:
        rows = store.select(_EXACT, {"class": cls, "q": Literal(name)})
        found = _pick(kind, name, [(str(r["e"]), str(r["p"])) for r in rows], store)
        if found:
            return found
    if kind == "Resolution":
        m = re.search(r"\d{1,5}", name)
        if m and store.ask(_EXISTS, {"e": resolution_iri(m.group())}):
            return describe(store, resolution_iri(m.group()))
    rows = store.select(_ALL_NAMES, {"class": cls})
    wanted = normalize(name)
    by_norm: dict[str, list[tuple[str, str]]] = defaultdict(list)
    display: dict[str, str] = {}
    for r in rows:
        n = normalize(str(r["name"]))
        by_norm[n].append((str(r["e"]), str(r["p"])))
        display.setdefault(n, str(r["name"]))
    found = _pick(kind, name, by_norm.get(wanted, []), store) if wanted else None
    if found:
        return found
    close = difflib.get_close_matches(wanted, list(by_norm), n=5, cutoff=0.6)
    suggestions: list[str] = []
    for n in close:
        label = describe(store, by_norm[n][0][0]).label
        if label not in suggestions:
            suggestions.append(label)
    raise NotFound(kind, name, suggestions[:3])


# --- commitments -----------------------------------------------------------------------------

_COMMITMENTS = """
SELECT ?c ?actor ?stance ?target ?evidence ?doc ?file ?symbol ?date ?title ?due ?st ?start
       ?end ?conf ?year WHERE {
  %(anchor)s
  ?c pk:actor ?actor ; pk:stance ?stance ; pk:evidence ?evidence .
  OPTIONAL { ?c pk:target ?target }
  OPTIONAL { ?c pk:dueDate ?due }
  OPTIONAL { ?c pk:inStatement ?st }
  OPTIONAL { ?c pk:startOffset ?start }
  OPTIONAL { ?c pk:endOffset ?end }
  OPTIONAL { ?c pk:confidence ?conf }
  OPTIONAL {
    ?c prov:wasDerivedFrom ?doc .
    OPTIONAL { ?doc pk:sourceFile ?file }
    OPTIONAL { ?doc pk:symbol ?symbol }
    OPTIONAL { ?doc dcterms:date ?day OPTIONAL { ?doc pk:datePrecision ?dp }
    BIND(SUBSTR(STR(?day), 1, COALESCE(IF(?dp = "year", 4, 7), 10)) AS ?date) }
    OPTIONAL { ?doc dcterms:title ?title }
  }
  %(year)s
  %(filter)s
  %(scope)s
}"""

_QUANTITIES = """
SELECT ?c ?label ?amount ?unit WHERE {
  %(anchor)s
  ?c pk:hasQuantity ?q .
  OPTIONAL { ?q rdfs:label ?label } OPTIONAL { ?q pk:amount ?amount } OPTIONAL { ?q pk:unit ?unit }
}"""


def _stance_name(term: Any) -> str:
    return _local_name(str(term)) if term is not None else "Support"


def _str(term: Any) -> str | None:
    return None if term is None else str(term)


def _int(term: Any) -> int | None:
    try:
        return None if term is None else int(term)
    except (TypeError, ValueError):
        return None


def commitments(
    store: Store,
    *,
    actor: str | URIRef | None = None,
    target: str | URIRef | None = None,
    text: str | None = None,
    labeler: Labeler | None = None,
    limit: int | None = None,
    scope: Scope | None = None,
) -> list[Commitment]:
    """Commitments, optionally of one ``actor``, on one ``target`` (IRIs), or whose evidence
    contains ``text`` (case-insensitive), within ``scope`` (years, confidence). All values
    are bound as terms.

    A commitment with several targets appears once per target. Sorted by date, source and
    position in the document.
    """
    scope = scope or Scope()
    bindings: dict[str, Any] = {}
    anchor, filt = "", ""
    if actor is not None:
        bindings["actor"] = URIRef(str(actor))
        anchor = "?c pk:actor ?actor ."
    if target is not None:
        bindings["target"] = URIRef(str(target))
        anchor += " ?c pk:target ?target ."
    if text is not None:
        bindings["q"] = Literal(text)
        filt = "FILTER(CONTAINS(LCASE(STR(?evidence)), LCASE(STR(?q))))"
    query = _COMMITMENTS % {
        "anchor": anchor,
        "filter": filt,
        "year": year_pattern("?c", "?year"),
        "scope": scope.sparql_filter("?c"),
    }
    rows = store.select(query, bindings)
    label = labeler or Labeler(store, bulk=len(rows) > 200)

    quantities: dict[str, list[str]] = defaultdict(list)
    q_bindings = {k: v for k, v in bindings.items() if k in ("actor", "target")}
    q_anchor = anchor or "?c a pk:Commitment ."
    for r in store.select(_QUANTITIES % {"anchor": q_anchor}, q_bindings):
        text_q = _str(r["label"]) or " ".join(x for x in (_str(r["amount"]), _str(r["unit"])) if x)
        if text_q not in quantities[str(r["c"])]:
            quantities[str(r["c"])].append(text_q)

    seen: set[tuple[str, str | None]] = set()
    out: list[Commitment] = []
    for r in rows:
        key = (str(r["c"]), _str(r["target"]))
        if key in seen:
            continue
        seen.add(key)
        src = None
        if r["doc"] is not None:
            src = Source(
                document=str(r["doc"]),
                source_file=_str(r["file"]),
                symbol=_str(r["symbol"]),
                date=_str(r["date"]),
                title=_str(r["title"]),
                year=_int(r["year"]),
            )
        out.append(
            Commitment(
                iri=str(r["c"]),
                actor=label(r["actor"]),
                target=label(r["target"]) if r["target"] is not None else None,
                stance=_stance_name(r["stance"]),
                evidence=str(r["evidence"]),
                source=src,
                quantities=quantities.get(str(r["c"]), []),
                due_date=_str(r["due"]),
                statement=_str(r["st"]),
                start=_int(r["start"]),
                end=_int(r["end"]),
                confidence=float(r["conf"]) if r["conf"] is not None else None,
            )
        )
    out.sort(key=_commitment_order)
    if limit is not None:
        out = out[:limit]
    return out


def _commitment_order(c: Commitment) -> tuple:
    src = c.source or Source("")
    m = re.search(r"/commitment/(\d+)$", c.iri)
    return (src.date or "", src.source_file or "", src.document, int(m.group(1)) if m else 0)


def positions(
    items: Iterable[Commitment],
    by: str = "target",
    evidence_limit: int | None = None,
    unit: str = "speeches",
) -> list[Position]:
    """Group commitments into :class:`Position` s (one per actor–target pair), counted in
    ``unit`` (speeches, statements or commitments).

    Sorted by count, most first, then label. ``evidence_limit`` keeps the first N quotes of
    each position.
    """
    groups: dict[tuple[str, str], Position] = {}
    for c in items:
        if c.target is None:
            continue
        key = (c.actor.iri, c.target.iri)
        pos = groups.get(key)
        if pos is None:
            pos = groups[key] = Position(actor=c.actor, target=c.target, unit=unit)
        pos.add(c)
        if evidence_limit is None or len(pos.evidence) < evidence_limit:
            pos.evidence.append(c)
    other = (lambda p: p.target.label) if by == "target" else (lambda p: p.actor.label)
    return sorted(groups.values(), key=lambda p: (-(p.support + p.opposition), other(p)))


# --- contributions, statements, documents ----------------------------------------------------

_CONTRIBUTIONS = """
SELECT DISTINCT ?actor ?mission ?doc ?file ?symbol ?date WHERE {
  GRAPH ?doc { ?actor pk:contributesTo ?mission }
  OPTIONAL { ?doc pk:sourceFile ?file }
  OPTIONAL { ?doc pk:symbol ?symbol }
  OPTIONAL { ?doc dcterms:date ?day OPTIONAL { ?doc pk:datePrecision ?dp }
    BIND(SUBSTR(STR(?day), 1, COALESCE(IF(?dp = "year", 4, 7), 10)) AS ?date) }
  %(years)s
}"""


def _source(r: Mapping[str, Any]) -> Source:
    """The :class:`Source` of a row with ``doc``, ``file``, ``symbol``, ``date``."""
    date = _str(r.get("date"))
    year = _int(r.get("year")) if r.get("year") is not None else None
    if year is None and date and re.match(r"^\d{4}", date):
        year = int(date[:4])
    return Source(
        document=str(r["doc"]),
        source_file=_str(r.get("file")),
        symbol=_str(r.get("symbol")),
        date=date,
        year=year,
    )


def contributions(
    store: Store,
    *,
    actor: str | URIRef | None = None,
    mission: str | URIRef | None = None,
    labeler: Labeler | None = None,
    scope: Scope | None = None,
) -> list[Contribution]:
    """Who contributes to which mission (``pk:contributesTo``), with the documents saying so
    (of ``scope``'s years)."""
    bindings: dict[str, Any] = {}
    if actor is not None:
        bindings["actor"] = URIRef(str(actor))
    if mission is not None:
        bindings["mission"] = URIRef(str(mission))
    years = document_year_filter(scope or Scope(), "?doc")
    rows = store.select(_CONTRIBUTIONS % {"years": years}, bindings)
    label = labeler or Labeler(store, bulk=len(rows) > 200)
    groups: dict[tuple[str, str], Contribution] = {}
    for r in rows:
        key = (str(r["actor"]), str(r["mission"]))
        if key not in groups:
            groups[key] = Contribution(actor=label(r["actor"]), mission=label(r["mission"]))
        src = _source(r)
        if src not in groups[key].sources:
            groups[key].sources.append(src)
    for c in groups.values():
        c.sources.sort(key=lambda s: (s.date or "", s.source_file or ""))
    return sorted(groups.values(), key=lambda c: (c.actor.label, c.mission.label))


_STATEMENTS = """
SELECT ?st ?doc ?file ?symbol ?date WHERE {
  ?st pk:speaker ?actor .
  OPTIONAL {
    ?st prov:wasDerivedFrom ?doc .
    OPTIONAL { ?doc pk:sourceFile ?file }
    OPTIONAL { ?doc pk:symbol ?symbol }
    OPTIONAL { ?doc dcterms:date ?day OPTIONAL { ?doc pk:datePrecision ?dp }
    BIND(SUBSTR(STR(?day), 1, COALESCE(IF(?dp = "year", 4, 7), 10)) AS ?date) }
  }
  %(years)s
}"""

_FORMAL = "SELECT ?v WHERE { ?e pk:formalName ?v }"

#: Documents that name a target: they mention it, or one of their commitments targets it
#: (A4P priorities are recognised by their cues, never "mentioned" by name).
_NAMED_IN = """
SELECT (COUNT(DISTINCT ?doc) AS ?n) WHERE {
  { ?doc pk:mentions ?e . ?doc a pk:Document }
  UNION { ?c pk:target ?e ; prov:wasDerivedFrom ?doc }
  %(years)s
}"""

#: The speakers of documents that mention a target: who cites it, in which documents.
_CITING = """
SELECT DISTINCT ?doc ?speaker ?file ?symbol ?date WHERE {
  ?doc pk:mentions ?e ; pk:hasStatement ?st .
  ?st pk:speaker ?speaker .
  OPTIONAL { ?doc pk:sourceFile ?file }
  OPTIONAL { ?doc pk:symbol ?symbol }
  OPTIONAL { ?doc dcterms:date ?date }
  %(years)s
}"""


def citations(
    store: Store, target: str | URIRef, labeler: Labeler | None = None, scope: Scope | None = None
) -> list[Citation]:
    """Who cites ``target`` (a resolution, any entity): the speakers of the documents that
    mention it, with those documents, most citing first.

    A document with several speakers (a Council meeting) is left out: its mention cannot be
    given to one of them.
    """
    years = document_year_filter(scope or Scope(), "?doc")
    rows = store.select(_CITING % {"years": years}, {"e": URIRef(str(target))})
    speakers: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        speakers[str(r["doc"])].add(str(r["speaker"]))
    label = labeler or Labeler(store, bulk=len(rows) > 200)
    groups: dict[str, Citation] = {}
    for r in rows:
        if len(speakers[str(r["doc"])]) != 1:
            continue
        iri = str(r["speaker"])
        cit = groups.get(iri)
        if cit is None:
            cit = groups[iri] = Citation(actor=label(iri))
        src = _source(r)
        if src not in cit.documents:
            cit.documents.append(src)
    for cit in groups.values():
        cit.documents.sort(key=lambda s: (s.date or "", s.source_file or ""))
    return sorted(groups.values(), key=lambda c: (-len(c.documents), c.actor.label))


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
            sources[str(r["doc"])] = _source(r)
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
    query = _MATRIX % {"unit": unit_pattern(scope.count), "scope": scope.sparql_filter("?c")}
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
    classes = list(_KIND_CLASS.values()) if actor_type == "all" else [_KIND_CLASS[actor_type]]
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


# --- rendering (shared by the CLI) -----------------------------------------------------------


def _quote(text: str, width: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_country(profile: CountryProfile) -> str:
    """The human-readable text of a country profile."""
    s = profile.state
    lines = [f"{s.label} ({s.code})" if s.code else s.label]
    if profile.formal_name and profile.formal_name != s.label:
        lines[0] += f" — {profile.formal_name}"
    docs = ", ".join(str(x) for x in profile.statement_sources) or "none"
    lines.append(profile.scope.describe())
    lines.append(
        f"statements: {profile.statements} in {len(profile.statement_sources)} document(s)"
        + (f": {docs}" if profile.statement_sources else "")
    )
    if profile.contributions:
        lines.append("contributes to:")
        for c in profile.contributions:
            where = "; ".join(str(x) for x in c.sources)
            lines.append(f"  {c.mission}  [{where}]")
    else:
        lines.append("contributes to: no mission recorded")
    groups = profile.by_type()
    if not groups:
        lines.append("commitments: none recorded")
    for type_, ps in groups.items():
        lines.append("")
        lines.append(f"{type_} ({len(ps)})")
        for p in ps:
            lines.append(f"  {p.target}: {p.stance_summary()}")
            lines.extend(_evidence_lines(p.evidence, indent="    "))
    return "\n".join(lines)


def _evidence_lines(items: list[Commitment], indent: str, with_target: bool = False) -> list[str]:
    out = []
    for c in items:
        extra = f" → {c.target}" if with_target and c.target else ""
        qty = f" [{'; '.join(c.quantities)}]" if c.quantities else ""
        out.append(f'{indent}{c.stance}{extra}{qty}: "{_quote(c.evidence)}"')
        if c.source:
            out.append(f"{indent}  — {c.source}")
    return out


def format_target(profile: TargetProfile) -> str:
    """The human-readable text of a target profile."""
    t = profile.target
    lines = [
        f"{t.type}: {t}",
        profile.scope.describe(),
        f"named in {profile.documents} document(s) (mentioned, or the target of a commitment)",
    ]
    if t.type == "Resolution":
        lines.append("")
        cited = profile.citations
        n_docs = sum(len(c.documents) for c in cited)
        lines.append(
            f"cited by ({len(cited)}) in {n_docs} document(s):"
            if cited
            else "cited by (0): no single-speaker document names it"
        )
        for c in cited:
            lines.append(f"  {c.actor}: {len(c.documents)} document(s), {_years(c.years)}")
    for title, ps in (("backed by", profile.backers), ("opposed by", profile.opponents)):
        lines.append("")
        lines.append(f"{title} ({len(ps)})" + (":" if ps else ": nobody recorded"))
        for p in ps:
            lines.append(f"  {p.actor}: {p.stance_summary()}")
            wanted = [c for c in p.evidence if (c.stance == "Opposition") == (title != "backed by")]
            lines.extend(_evidence_lines(wanted, indent="    "))
    if t.type == "Mission":
        lines.append("")
        lines.append(f"contributors ({len(profile.contributions)})")
        for c in profile.contributions:
            lines.append(f"  {c.actor}  [{'; '.join(str(x) for x in c.sources)}]")
    return "\n".join(lines)


def _years(years: list[int]) -> str:
    """``2000, 2004–2006, 2010`` (runs of consecutive years joined)."""
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs) or "no year"


def format_matrix(matrix: BackersMatrix) -> str:
    """The matrix as a text table; each cell is ``support`` or ``support/-opposition``."""
    if not matrix.actors:
        return "no commitments on priorities recorded"
    heads = [p.code or p.label for p in matrix.priorities]
    names = [a.label for a in matrix.actors]
    w0 = max(len("actor"), *(len(n) for n in names))
    cells = []
    for a in matrix.actors:
        row = []
        for p in matrix.priorities:
            s, o = matrix.cell(a, p)
            row.append("." if not (s or o) else f"{s}" if not o else f"{s}/-{o}")
        cells.append(row)
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(heads)]
    out = [
        "  ".join(["actor".ljust(w0), *(h.rjust(w) for h, w in zip(heads, widths, strict=True))])
    ]
    for n, row in zip(names, cells, strict=True):
        out.append(
            "  ".join([n.ljust(w0), *(c.rjust(w) for c, w in zip(row, widths, strict=True))])
        )
    out.append("")
    unit = matrix.scope.count
    out.append(f"cells: {unit} that back, /-N = N {unit} that oppose, . = none")
    out.append(matrix.scope.describe())
    return "\n".join(out)


def format_commitments(items: list[Commitment], scope: Scope | None = None) -> str:
    """Commitments as text, one block each (the count is of commitments, whatever the
    scope's unit)."""
    years = scope.with_count("commitments").describe() if scope else "counting commitments"
    if not items:
        return f"no matching evidence ({years})"
    lines = []
    for c in items:
        lines.append(f"{c.actor} — {c.stance} → {c.target if c.target else '?'}")
        lines.append(f'  "{_quote(c.evidence)}"')
        if c.source:
            lines.append(f"  — {c.source}")
    lines.append(f"({len(items)} result(s); {years})")
    return "\n".join(lines)


def as_rows(data: Mapping[str, Any] | Any) -> list[dict[str, Any]]:
    """Flat records of any lookup result (``rows()`` or a list of commitments)."""
    if isinstance(data, list):
        return [c.row() if isinstance(c, Commitment) else dict(c) for c in data]
    return data.rows()
