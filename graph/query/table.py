"""Tidy tables of the commitments: one row per commitment, or counts per actor, target and year.

What a researcher loads into pandas or R in one step (``peacekg table``), instead of writing
SPARQL and reshaping it:

- :func:`tidy_rows`: one row per commitment and target — actor, ISO3, target, target kind,
  stance, year, document, speech (statement) id, evidence, offsets, confidence when present;
- :func:`aggregate_rows`: per (actor, target, year), how many speeches (statements,
  commitments: the scope's unit) back and oppose.

>>> rows = [{"actor": "France", "actor_iri": "s/FRA", "iso3": "FRA", "target": "wps",
...          "target_iri": "p/wps", "target_kind": "Priority", "year": 2020,
...          "stance": "Support", "document_iri": "d1", "speech_id": "d1/st/1",
...          "commitment_iri": "d1/c/1"},
...         {"actor": "France", "actor_iri": "s/FRA", "iso3": "FRA", "target": "wps",
...          "target_iri": "p/wps", "target_kind": "Priority", "year": 2020,
...          "stance": "Pledge", "document_iri": "d1", "speech_id": "d1/st/1",
...          "commitment_iri": "d1/c/2"}]
>>> [(r["backing"], r["unit"]) for r in aggregate_rows(rows, "speeches")]
[(1, 'speeches')]
>>> [r["backing"] for r in aggregate_rows(rows, "commitments")]
[2]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from peacekg.graph.query.commitments import commitments
from peacekg.graph.query.entities import Labeler
from peacekg.graph.query.results import Commitment
from peacekg.graph.query.scope import Scope
from peacekg.graph.store.database import Store

#: Columns of the per-commitment table, in order.
TIDY_COLUMNS = (
    "actor",
    "iso3",
    "actor_kind",
    "target",
    "target_code",
    "target_kind",
    "stance",
    "year",
    "date",
    "document",
    "symbol",
    "speech_id",
    "evidence",
    "start",
    "end",
    "confidence",
    "commitment_iri",
    "actor_iri",
    "target_iri",
    "document_iri",
)

#: Columns of the aggregated table, in order.
AGGREGATE_COLUMNS = (
    "actor",
    "iso3",
    "actor_kind",
    "target",
    "target_code",
    "target_kind",
    "year",
    "backing",
    "opposition",
    "unit",
    "actor_iri",
    "target_iri",
)


def tidy_row(c: Commitment) -> dict[str, Any]:
    """The row of one commitment (columns :data:`TIDY_COLUMNS`)."""
    src = c.source
    return {
        "actor": c.actor.label,
        "iso3": c.actor.code if c.actor.type == "State" else None,
        "actor_kind": c.actor.type,
        "target": c.target.label if c.target else None,
        "target_code": c.target.code if c.target else None,
        "target_kind": c.target.type if c.target else None,
        "stance": c.stance,
        "year": c.year,
        "date": src.date if src else None,
        "document": (src.source_file or src.document) if src else None,
        "symbol": src.symbol if src else None,
        "speech_id": c.statement or (src.document if src else None),
        "evidence": c.evidence,
        "start": c.start,
        "end": c.end,
        "confidence": c.confidence,
        "commitment_iri": c.iri,
        "actor_iri": c.actor.iri,
        "target_iri": c.target.iri if c.target else None,
        "document_iri": src.document if src else None,
    }


def tidy_rows(store: Store, scope: Scope | None = None) -> list[dict[str, Any]]:
    """One row per commitment and target within ``scope`` (years, confidence), sorted by
    date, document and position (columns :data:`TIDY_COLUMNS`)."""
    items = commitments(store, labeler=Labeler(store, bulk=True), scope=scope)
    return [tidy_row(c) for c in items if c.target is not None]


def _unit_key(row: Mapping[str, Any], unit: str) -> str:
    if unit == "speeches":
        return str(row.get("document_iri") or row["commitment_iri"])
    if unit == "statements":
        return str(row.get("speech_id") or row["commitment_iri"])
    return str(row["commitment_iri"])


def aggregate_rows(rows: Iterable[Mapping[str, Any]], unit: str = "speeches") -> list[dict]:
    """Per (actor, target, year): the number of speeches (statements, commitments) with a
    backing stance and with an opposition (columns :data:`AGGREGATE_COLUMNS`)."""
    groups: dict[tuple, dict[str, Any]] = {}
    keys: dict[tuple, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for r in rows:
        key = (r["actor_iri"], r["target_iri"], r.get("year"))
        if key not in groups:
            groups[key] = {
                "actor": r["actor"],
                "iso3": r.get("iso3"),
                "actor_kind": r.get("actor_kind"),
                "target": r["target"],
                "target_code": r.get("target_code"),
                "target_kind": r.get("target_kind"),
                "year": r.get("year"),
                "actor_iri": r["actor_iri"],
                "target_iri": r["target_iri"],
            }
        side = 1 if r["stance"] == "Opposition" else 0
        keys[key][side].add(_unit_key(r, unit))
    out = []
    for key, row in groups.items():
        backing, opposition = keys[key]
        out.append({**row, "backing": len(backing), "opposition": len(opposition), "unit": unit})
    out.sort(key=lambda r: (r["actor"], r["target"], r["year"] if r["year"] is not None else 0))
    return [{c: r.get(c) for c in AGGREGATE_COLUMNS} for r in out]
