"""Gold annotations (``*.gold.jsonl``) and the predictions of extractions in memory, as keys
(:func:`load_gold`, :func:`predictions_from_extractions`, :func:`gold_verdicts`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peacekg.graph.evaluation.keys import (
    BACKS_TARGETS,
    ENTITY_TYPES,
    KINDS,
    Aliases,
    actor_key,
    entity_key,
    fold_text,
    person_key,
    resolution_key,
    target_key,
)

# --- gold and predictions --------------------------------------------------------------


@dataclass
class Gold:
    """The gold records of one document: required and optional keys per kind."""

    doc: str
    required: dict[str, set[tuple[str, ...]]] = field(
        default_factory=lambda: {k: set() for k in KINDS}
    )
    optional: dict[str, set[tuple[str, ...]]] = field(
        default_factory=lambda: {k: set() for k in KINDS}
    )


@dataclass
class Prediction:
    """What a graph (or an extraction) says about one document, as canonical keys.

    ``entities`` holds ``(type, key)``; ``speakers`` actor keys; ``backs``
    ``(actor, target, polarity)``; ``contributes`` ``(actor, target)``. ``confidence`` gives
    each ``backs`` key the highest ``pk:confidence`` of the commitments that state it (a key
    without one counts as certain).
    """

    doc: str
    entities: set[tuple[str, str]] = field(default_factory=set)
    speakers: set[str] = field(default_factory=set)
    backs: set[tuple[str, str, str]] = field(default_factory=set)
    contributes: set[tuple[str, str]] = field(default_factory=set)
    confidence: dict[tuple[str, str, str], float] = field(default_factory=dict)

    def add_backs(self, key: tuple[str, str, str], confidence: float | None) -> None:
        """Record a backs key with the confidence of one commitment stating it."""
        self.backs.add(key)
        if confidence is not None:
            self.confidence[key] = max(confidence, self.confidence.get(key, 0.0))

    def score_of(self, key: tuple[str, ...]) -> float:
        """The confidence of a backs key (1.0 when no commitment gave one)."""
        return self.confidence.get(key, 1.0)  # type: ignore[arg-type]

    def keys(self, kind: str) -> set[tuple[str, ...]]:
        """The predicted keys of one kind, as tuples comparable with :class:`Gold`."""
        if kind == "entity":
            return set(self.entities)
        if kind == "speaker":
            return {(s,) for s in self.speakers}
        if kind == "backs":
            return {b for b in self.backs if b[1].split(":", 1)[0] in BACKS_TARGETS}
        if kind == "contributes":
            return set(self.contributes)
        raise ValueError(kind)


def _gold_key(rec: Mapping[str, Any], aliases: Aliases) -> tuple[str, tuple[str, ...]] | None:
    kind = rec.get("kind")
    if kind == "entity":
        type_ = str(rec.get("type", ""))
        return "entity", (type_, entity_key(type_, str(rec.get("id", "")), aliases))
    if kind == "speaker":
        return "speaker", (actor_key(str(rec["actor"]), aliases),)
    if kind == "backs":
        polarity = str(rec.get("polarity") or "support").lower()
        return "backs", (
            actor_key(str(rec["actor"]), aliases),
            target_key(str(rec["target"]), aliases),
            "oppose" if polarity.startswith("oppos") else "support",
        )
    if kind == "contributes":
        return "contributes", (
            actor_key(str(rec["actor"]), aliases),
            target_key(str(rec["target"]), aliases),
        )
    return None


def load_gold(gold_dir: Path | str, aliases: Aliases | None = None) -> dict[str, Gold]:
    """Read every ``*.jsonl`` of ``gold_dir``: source file name -> :class:`Gold`."""
    gold_dir = Path(gold_dir)
    aliases = aliases or Aliases.load(gold_dir)
    out: dict[str, Gold] = {}
    for path in sorted(gold_dir.glob("*.jsonl")):
        default_doc = path.name.removesuffix(".jsonl")
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            doc = str(rec.get("doc") or default_doc)
            gold = out.setdefault(doc, Gold(doc))
            keyed = _gold_key(rec, aliases)
            if keyed is None:
                continue
            kind, key = keyed
            (gold.optional if rec.get("optional") else gold.required)[kind].add(key)
        out.setdefault(default_doc, Gold(default_doc))
    # a record both required and optional counts as required
    for gold in out.values():
        for kind in KINDS:
            gold.optional[kind] -= gold.required[kind]
    return out


def _ref_actor_key(ref: Any, aliases: Aliases) -> str:
    """Canonical actor key of an :class:`~peacekg.loaders.model.EntityRef`."""
    if ref.type == "State":
        return ref.key.upper()
    if ref.type == "Organization":
        return aliases.canonical("Organization", ref.key, ref.label)
    if ref.type == "Person":
        return person_key(ref.key)
    return f"{ref.type.lower()}:{fold_text(ref.key)}"


def _ref_target_key(ref: Any, aliases: Aliases) -> str:
    if ref.type == "Priority":
        return f"priority:{ref.key}"
    if ref.type == "Initiative":
        return f"initiative:{aliases.canonical('Initiative', ref.key, ref.label)}"
    if ref.type == "Resolution":
        return f"resolution:{resolution_key(ref.key)}"
    if ref.type == "Mission":
        return f"mission:{entity_key('Mission', ref.key, aliases)}"
    return f"{ref.type.lower()}:{fold_text(ref.key)}"


def predictions_from_extractions(
    extractions: Iterable[Any], aliases: Aliases | None = None
) -> dict[str, Prediction]:
    """Predictions computed directly from :class:`~peacekg.loaders.model.Extraction` objects
    (no store needed), keyed by source file name."""
    aliases = aliases or Aliases.load()
    out: dict[str, Prediction] = {}
    for ex in extractions:
        doc = ex.document
        pred = out.setdefault(doc.source_file, Prediction(doc.source_file))
        for ref in ex.entities():
            if ref.type in ENTITY_TYPES:
                value = ref.key
                if ref.type in ("Organization", "Initiative"):
                    value = aliases.canonical(ref.type, ref.key, ref.label)
                    pred.entities.add((ref.type, value))
                else:
                    pred.entities.add((ref.type, entity_key(ref.type, value, aliases)))
        for st in doc.statements:
            for sp in st.speakers:
                pred.speakers.add(_ref_actor_key(sp, aliases))
        for c in ex.commitments:
            actor = _ref_actor_key(c.actor, aliases)
            polarity = "oppose" if c.stance == "Opposition" else "support"
            for t in c.targets:
                pred.add_backs((actor, _ref_target_key(t, aliases), polarity), c.confidence)
            for m in c.contributes_to:
                pred.contributes.add((actor, _ref_target_key(m, aliases)))
    return out


def gold_verdicts(ex: Any, gold: Gold, aliases: Aliases) -> list[tuple[int, int, bool]]:
    """What the gold says of each (commitment, target) of an extraction: ``(commitment
    index, target index, correct)``, correct when the gold records it (``backs`` for
    priorities, initiatives and resolutions, ``contributes`` for missions); the pairs that
    match an optional record, or a kind the gold does not score, are left out."""
    out = []
    for i, c in enumerate(ex.commitments):
        actor = _ref_actor_key(c.actor, aliases)
        polarity = "oppose" if c.stance == "Opposition" else "support"
        for j, t in enumerate(c.targets):
            target = _ref_target_key(t, aliases)
            if target.split(":", 1)[0] in BACKS_TARGETS:
                kind, key = "backs", (actor, target, polarity)
            elif t.type == "Mission":
                kind, key = "contributes", (actor, target)
            else:
                continue
            if key not in gold.optional[kind]:
                out.append((i, j, key in gold.required[kind]))
    return out
