"""The predictions a built store holds for each gold document, as keys
(:func:`predictions_from_store`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from peacekg.graph.evaluation.gold import Prediction
from peacekg.graph.evaluation.keys import (
    ENTITY_TYPES,
    Aliases,
    entity_key,
    person_key,
    resolution_key,
    symbol_key,
)
from peacekg.ontology.namespaces import ENTITY_CLASSES, PK, PKID, entity_type_of

_PKID = str(PKID)
_PK = str(PK)

# --- reading a store ---------------------------------------------------------------------

#: pk: class IRI -> entity type; a loaded pk:Document cited by another counts as a symbol.
_CLASS_TYPES = {str(c): t for t, c in ENTITY_CLASSES.items()} | {f"{_PK}Document": "DocumentSymbol"}


@dataclass
class _Info:
    types: set[str] = field(default_factory=set)
    labels: list[str] = field(default_factory=list)
    iso3: str | None = None
    acronym: str | None = None
    symbol: str | None = None


def _select(store: Any, sparql: str, bindings: Mapping[str, Any] | None = None) -> list[dict]:
    run = getattr(store, "select", None) or store.query
    return run(sparql, bindings) if bindings else run(sparql)


def _iri_kind(iri: str) -> tuple[str | None, str]:
    type_ = entity_type_of(iri)
    if type_ is None:
        return None, iri
    return type_, iri[len(_PKID) :].partition("/")[2]


def _info_key(iri: str, info: _Info | None, aliases: Aliases) -> tuple[str | None, str]:
    """(type, canonical key) of an entity IRI, from its IRI shape and its description."""
    info = info or _Info()
    type_, rest = _iri_kind(iri)
    if type_ is None:
        for t in ("State", "Mission", "Organization", "Initiative", "Resolution", "Person"):
            if t in info.types:
                type_ = t
                break
    if type_ is None:
        return None, iri
    if type_ == "State":
        return type_, (info.iso3 or rest).upper()
    if type_ == "Mission":
        return type_, entity_key("Mission", info.acronym or rest, aliases)
    if type_ == "Resolution":
        return type_, resolution_key(rest or info.symbol or "")
    if type_ == "DocumentSymbol":
        return type_, symbol_key(info.symbol or (info.labels[0] if info.labels else rest))
    if type_ == "Priority":
        return type_, rest
    if type_ == "Person":
        return type_, person_key(info.labels[0] if info.labels else rest.replace("-", " "))
    # organisations and initiatives: by slug of the canonical name, else by any label
    canon = aliases.from_slug(type_, rest)
    if canon:
        return type_, canon
    names = [*info.labels, info.acronym or ""]
    return type_, aliases.canonical(type_, *names) if names else rest


def _describe(store: Any, iris: set[str]) -> dict[str, _Info]:
    """Types, labels and codes of every entity in ``iris``."""
    infos: dict[str, _Info] = {}
    rows = _select(
        store,
        """SELECT ?e ?p ?v WHERE {
             ?e ?p ?v .
             VALUES ?p { rdf:type rdfs:label skos:prefLabel skos:altLabel foaf:name
                         pk:iso3 pk:acronym pk:symbol }
           }""",
    )
    for row in rows:
        e = str(row["e"])
        if e not in iris:
            continue
        info = infos.setdefault(e, _Info())
        p, v = str(row["p"]), str(row["v"])
        if p.endswith("#type"):
            info.types.add(_CLASS_TYPES.get(v, v))
        elif p.endswith("iso3"):
            info.iso3 = v
        elif p.endswith("acronym"):
            info.acronym = v
        elif p.endswith("symbol"):
            info.symbol = v
        elif v not in info.labels:
            info.labels.append(v)
    return infos


def predictions_from_store(
    store: Any, aliases: Aliases | None = None, docs: Iterable[str] | None = None
) -> dict[str, Prediction]:
    """Predictions read from a built store with SPARQL, keyed by ``pk:sourceFile``.

    ``store`` is a :class:`peacekg.graph.store.database.Store` (anything with ``select(sparql,
    bindings)`` returning rows of rdflib terms). ``docs`` limits the documents read.
    """
    aliases = aliases or Aliases.load()
    wanted = set(docs) if docs is not None else None
    doc_rows = _select(
        store, "SELECT ?doc ?file WHERE { ?doc a pk:Document ; pk:sourceFile ?file }"
    )
    by_doc: dict[str, str] = {}
    for row in doc_rows:
        name = str(row["file"])
        if wanted is None or name in wanted:
            by_doc[str(row["doc"])] = name
    mentions = _select(store, "SELECT ?doc ?e WHERE { ?doc a pk:Document ; pk:mentions ?e }")
    speakers = _select(
        store,
        """SELECT ?doc ?sp WHERE { ?doc pk:hasStatement ?st . ?st pk:speaker ?sp . }""",
    )
    commitments = _select(
        store,
        """SELECT ?doc ?a ?s ?t ?conf WHERE { GRAPH ?doc {
             ?c a pk:Commitment ; pk:actor ?a ; pk:stance ?s ; pk:target ?t .
             OPTIONAL { ?c pk:confidence ?conf } } }""",
    )
    contributions = _select(
        store, "SELECT ?doc ?a ?m WHERE { GRAPH ?doc { ?a pk:contributesTo ?m } }"
    )
    iris: set[str] = set()
    for rows, cols in (
        (mentions, ("e",)),
        (speakers, ("sp",)),
        (commitments, ("a", "t")),
        (contributions, ("a", "m")),
    ):
        for row in rows:
            iris.update(str(row[c]) for c in cols if row.get(c) is not None)
    infos = _describe(store, iris)

    def key(iri: str) -> tuple[str | None, str]:
        return _info_key(iri, infos.get(iri), aliases)

    def actor(iri: str) -> str:
        type_, k = key(iri)
        return (
            k if type_ in ("State", "Organization", "Person") else f"{(type_ or 'x').lower()}:{k}"
        )

    def target(iri: str) -> str:
        type_, k = key(iri)
        return f"{(type_ or 'x').lower()}:{k}"

    out = {name: Prediction(name) for name in by_doc.values()}
    for row in mentions:
        name = by_doc.get(str(row["doc"]))
        if name is None:
            continue
        type_, k = key(str(row["e"]))
        if type_ in ENTITY_TYPES:
            out[name].entities.add((type_, k))
    for row in speakers:
        name = by_doc.get(str(row["doc"]))
        if name is not None:
            out[name].speakers.add(actor(str(row["sp"])))
    for row in commitments:
        name = by_doc.get(str(row["doc"]))
        if name is None:
            continue
        polarity = "oppose" if str(row["s"]).endswith("Opposition") else "support"
        conf = float(str(row["conf"])) if row.get("conf") is not None else None
        out[name].add_backs((actor(str(row["a"])), target(str(row["t"])), polarity), conf)
    for row in contributions:
        name = by_doc.get(str(row["doc"]))
        if name is not None:
            out[name].contributes.add((actor(str(row["a"])), target(str(row["m"]))))
    return out
