"""Commitments with their evidence and sources, positions (stance counts per actor and
target), contributions to missions, and citations of a resolution, within a :class:`Scope`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from rdflib import Literal, URIRef

from peacekg.graph.query.entities import Labeler, local_name
from peacekg.graph.query.results import Citation, Commitment, Contribution, Position, Source
from peacekg.graph.query.scope import Scope, document_year_filter, year_pattern
from peacekg.graph.store.database import Store

# --- commitments -----------------------------------------------------------------------------

#: The source of a document ``?doc`` as a :class:`Source` reads it (:func:`source_of`): its
#: ``?file``, ``?symbol`` and ``?date`` at the precision it is known to (``2020``,
#: ``2020-09`` or ``2020-09-17``).
DOCUMENT_SOURCE = """
  OPTIONAL { ?doc pk:sourceFile ?file }
  OPTIONAL { ?doc pk:symbol ?symbol }
  OPTIONAL { ?doc dcterms:date ?day OPTIONAL { ?doc pk:datePrecision ?dp }
    BIND(SUBSTR(STR(?day), 1, COALESCE(IF(?dp = "year", 4, 7), 10)) AS ?date) }
"""

_COMMITMENTS = (
    """
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
    """
    + DOCUMENT_SOURCE
    + """
    OPTIONAL { ?doc dcterms:title ?title }
  }
  %(year)s
  %(filter)s
  %(scope)s
}"""
)

_QUANTITIES = """
SELECT ?c ?label ?amount ?unit WHERE {
  %(anchor)s
  ?c pk:hasQuantity ?q .
  OPTIONAL { ?q rdfs:label ?label } OPTIONAL { ?q pk:amount ?amount } OPTIONAL { ?q pk:unit ?unit }
}"""


def _stance_name(term: Any) -> str:
    return local_name(str(term)) if term is not None else "Support"


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

    Each commitment has one target (a sentence backing several targets gives one commitment
    per target, with the same evidence). Sorted by date, source and position in the
    document.
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

_CONTRIBUTIONS = (
    """
SELECT DISTINCT ?actor ?mission ?doc ?file ?symbol ?date WHERE {
  GRAPH ?doc { ?actor pk:contributesTo ?mission }
  """
    + DOCUMENT_SOURCE
    + """
  %(years)s
}"""
)


def source_of(r: Mapping[str, Any]) -> Source:
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
        src = source_of(r)
        if src not in groups[key].sources:
            groups[key].sources.append(src)
    for c in groups.values():
        c.sources.sort(key=lambda s: (s.date or "", s.source_file or ""))
    return sorted(groups.values(), key=lambda c: (c.actor.label, c.mission.label))


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
        src = source_of(r)
        if src not in cit.documents:
            cit.documents.append(src)
    for cit in groups.values():
        cit.documents.sort(key=lambda s: (s.date or "", s.source_file or ""))
    return sorted(groups.values(), key=lambda c: (-len(c.documents), c.actor.label))
