"""Entities of the store: their labels and codes (:class:`Labeler`), and names resolved to
entities (:func:`resolve`: any case, UN name, formal name, ISO3 or acronym; a typo gets
"did you mean …?"). Names are bound as SPARQL terms, never pasted into queries.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from peacekg.graph.query.results import Ambiguous, Entity, NotFound
from peacekg.graph.store.database import Store
from peacekg.ontology.namespaces import (
    ENTITY_CLASSES,
    ONTOLOGY_GRAPH,
    PK,
    PKID,
    REFERENCE_GRAPH,
    entity_type_of,
    resolution_iri,
)

#: The entity kinds that lookups resolve names to, and their classes.
KIND_CLASS = {k: cls for k, cls in ENTITY_CLASSES.items() if k != "DocumentSymbol"}
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


def local_name(iri: str) -> str:
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
        code = local_name(iri)
    label = min(labels)[3] if labels else (code or local_name(iri))
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
    if kind not in KIND_CLASS:
        raise ValueError(f"unknown entity kind {kind!r}")
    cls = KIND_CLASS[kind]
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
