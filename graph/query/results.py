"""What the lookups return: entities, commitments with their sources, country and target
profiles, the backers matrix; and the errors of name resolution (:class:`NotFound`,
:class:`Ambiguous`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from peacekg.errors import PeacekgError
from peacekg.graph.query.frames import Tabular
from peacekg.graph.query.scope import Scope

#: Stances that count as backing (``pk:backs``); ``Opposition`` is the other side.
BACKING_STANCES = ("Support", "Pledge", "Contribution", "CallForAction")
#: The kinds of target a country profile groups its commitments by, in display order.
TARGET_TYPES = ("Priority", "Initiative", "Resolution", "Mission")


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
    :mod:`peacekg.graph.query.scope`): ``support`` is the number of distinct speeches (...) with
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
class CountryProfile(Tabular):
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
class TargetProfile(Tabular):
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
class BackersMatrix(Tabular):
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
