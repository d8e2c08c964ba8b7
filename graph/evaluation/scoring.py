"""Precision, recall and F1 of a built graph against gold annotations.

The gold format is that of ``shared/eval`` (``README.md`` there): one JSONL file per
document, ``gold/<source file name>.jsonl``, with records of kind ``entity`` (``type`` +
``id``), ``speaker`` (``actor``), ``backs`` (``actor``, ``target``, ``polarity``) and
``contributes`` (``actor``, ``target``). Records marked ``"optional": true`` are neither
rewarded nor penalised: a prediction matching one is ignored, and missing one is no miss.

Names are compared through canonical keys, never as raw strings:

- States by ISO3, missions by acronym, resolutions by number (``"2538 (2020)"`` and
  ``pkid:resolution/2538`` meet), document symbols by their normalised text;
- organisations and initiatives by their canonical (registry) name, reached through the
  aliases of ``registry.json`` (read from the gold directory or its parent) and of the
  project's reference data (``ontology/reference.py``);
- people by their name without titles, accents, case or punctuation.

Predictions are read from a store (:func:`predictions_from_store`, SPARQL over the union
graph: the document by ``pk:sourceFile``, its ``pk:mentions``, the speakers of its
statements, the ``pk:Commitment`` nodes and ``pk:contributesTo`` triples of its named
graph) or computed directly from extractions (:func:`predictions_from_extractions`), which
lets the scorer run without a store. Scores are micro-averaged over documents, per kind
(``entity`` and ``entity:<Type>``, ``speaker``, ``backs``, ``contributes``).
Only documents that have a gold file are scored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peacekg.graph.evaluation.gold import Gold, Prediction, load_gold, predictions_from_extractions
from peacekg.graph.evaluation.keys import ENTITY_TYPES, KINDS, Aliases
from peacekg.graph.evaluation.predictions import predictions_from_store
from peacekg.graph.store.database import Store
from peacekg.loaders.calibration import average_precision, expected_calibration_error
from peacekg.loaders.confidence import default_threshold

# --- scoring -----------------------------------------------------------------------------


@dataclass
class Counts:
    """True positives, false positives and false negatives of one kind."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when there is nothing to find."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        """Add ``other``'s counts to these."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float | int]:
        """The counts and the three scores, rounded."""
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class DocScore:
    """The score of one document: counts, misses (false negatives) and false hits."""

    doc: str
    counts: dict[str, Counts] = field(default_factory=dict)
    misses: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    false_hits: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    missing_document: bool = False


@dataclass
class Ranking:
    """How well the confidence ranks the ``backs`` candidates (every one, whatever its
    confidence), against the gold: average precision (recall over every gold record, found
    or not), expected calibration error, the precision–recall curve, and the counts of all
    candidates, beside those kept at ``threshold``."""

    threshold: float
    candidates: int = 0
    correct: int = 0
    gold: int = 0
    average_precision: float = 1.0
    ece: float = 0.0
    all_candidates: Counts = field(default_factory=Counts)
    curve: list[tuple[float, float, float]] = field(default_factory=list)

    @classmethod
    def of(cls, scored: list[tuple[float, bool]], gold: int, threshold: float) -> Ranking:
        """The ranking of ``scored`` (confidence, correct) candidates with ``gold`` records."""
        conf = [c for c, _ in scored]
        y = [int(ok) for _, ok in scored]
        r = cls(threshold=threshold, candidates=len(y), correct=sum(y), gold=gold)
        r.average_precision = average_precision(conf, y, positives=gold)
        r.ece = expected_calibration_error(conf, y)
        r.all_candidates = Counts(tp=sum(y), fp=len(y) - sum(y), fn=gold - sum(y))
        tp = 0
        for rank, (c, ok) in enumerate(sorted(scored, key=lambda x: -x[0]), start=1):
            tp += ok
            r.curve.append((round(tp / gold, 4) if gold else 1.0, round(tp / rank, 4), c))
        return r

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view (the curve as recall, precision, confidence triples)."""
        return {
            "threshold": self.threshold,
            "candidates": self.candidates,
            "correct": self.correct,
            "gold": self.gold,
            "average_precision": self.average_precision,
            "ece": self.ece,
            "all_candidates": self.all_candidates.as_dict(),
            "curve": [list(p) for p in self.curve],
        }

    def format_line(self) -> str:
        """One line for the table: the threshold, AP, ECE and the scores of all candidates."""
        a = self.all_candidates
        return (
            f"backs at confidence >= {self.threshold:.3f} (above); all {self.candidates} "
            f"candidates: P {a.precision:.3f} R {a.recall:.3f} F1 {a.f1:.3f}; "
            f"average precision {self.average_precision:.3f}; "
            f"expected calibration error {self.ece:.3f}"
        )


@dataclass
class Report:
    """Micro-averaged counts per kind and the per-document details; ``ranking`` tells how
    the confidence ranks the ``backs`` candidates (``backs`` counts only those at or above
    its threshold)."""

    counts: dict[str, Counts] = field(default_factory=dict)
    docs: list[DocScore] = field(default_factory=list)
    ranking: Ranking | None = None

    def f1(self, kind: str) -> float:
        """F1 of one kind (``entity``, ``entity:State``, ``speaker``, ``backs``, ...)."""
        return self.counts.get(kind, Counts()).f1

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view: scores per kind and misses/false hits per document."""
        return {
            "scores": {k: c.as_dict() for k, c in self.counts.items()},
            "confidence": self.ranking.as_dict() if self.ranking is not None else None,
            "documents": [
                {
                    "doc": d.doc,
                    "missing_document": d.missing_document,
                    "scores": {k: c.as_dict() for k, c in d.counts.items()},
                    "misses": {k: [list(x) for x in v] for k, v in d.misses.items() if v},
                    "false_hits": {k: [list(x) for x in v] for k, v in d.false_hits.items() if v},
                }
                for d in self.docs
            ],
        }

    def format_table(self, details: bool = True) -> str:
        """A plain-text table of the scores, then the misses and false hits per document."""
        lines = [f"{'kind':<24} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
        for kind, c in self.counts.items():
            lines.append(
                f"{kind:<24} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f} "
                f"{c.tp:>5} {c.fp:>5} {c.fn:>5}"
            )
        if self.ranking is not None:
            lines.append(self.ranking.format_line())
        if details:
            for d in self.docs:
                lines.append("")
                lines.append(f"== {d.doc}" + ("  (NOT IN THE STORE)" if d.missing_document else ""))
                for kind in KINDS:
                    for label, items in (
                        ("miss", d.misses.get(kind)),
                        ("false", d.false_hits.get(kind)),
                    ):
                        for item in items or []:
                            lines.append(f"  {label:<5} {kind:<11} " + " | ".join(item))
        return "\n".join(lines)


def _kind_rows(kind: str, keys: set[tuple[str, ...]]) -> dict[str, set[tuple[str, ...]]]:
    """Split entity keys by type (``entity:State`` ...); other kinds stay whole."""
    if kind != "entity":
        return {kind: keys}
    rows: dict[str, set[tuple[str, ...]]] = {"entity": set(keys)}
    for k in keys:
        rows.setdefault(f"entity:{k[0]}", set()).add(k)
    return rows


def _same_person(a: str, b: str) -> bool:
    """Whether two person keys name the same person as best given: equal, or one is the
    other's trailing words ("khare" / "atul khare")."""
    ta, tb = a.split(), b.split()
    if not ta or not tb:
        return False
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return long_[-len(short) :] == short


def _align_people(
    predicted: set[tuple[str, ...]], gold: set[tuple[str, ...]]
) -> set[tuple[str, ...]]:
    """Replace a predicted person by the gold person it names, when they differ only in the
    given names ("Khare" in the gold, "Atul Khare" predicted)."""
    gold_people = [g for g in gold if g[0] == "Person"]
    out = set()
    for p in predicted:
        if p[0] == "Person" and p not in gold:
            match = next((g for g in gold_people if _same_person(p[1], g[1])), None)
            if match is not None:
                p = match
        out.add(p)
    return out


def score(
    gold: Mapping[str, Gold], predictions: Mapping[str, Prediction], min_confidence: float = 0.0
) -> Report:
    """Compare predictions with gold, document by document, and micro-average per kind.

    ``backs`` counts only the keys with a confidence of at least ``min_confidence``;
    :attr:`Report.ranking` scores the ranking of all of them.
    """
    report = Report()
    scored: list[tuple[float, bool]] = []
    gold_backs = 0
    order = ["entity", *(f"entity:{t}" for t in ENTITY_TYPES), "speaker", "backs", "contributes"]
    report.counts = {k: Counts() for k in order}
    for doc in sorted(gold):
        g = gold[doc]
        pred = predictions.get(doc)
        ds = DocScore(doc, missing_document=pred is None)
        pred = pred or Prediction(doc)
        for kind in KINDS:
            required, optional = g.required[kind], g.optional[kind]
            predicted = pred.keys(kind)
            if kind == "backs":
                gold_backs += len(required)
                scored += [(pred.score_of(k), k in required) for k in sorted(predicted - optional)]
                predicted = {k for k in predicted if pred.score_of(k) >= min_confidence}
            if kind == "entity":
                gold_types = set(ENTITY_TYPES)
                predicted = {p for p in predicted if p[0] in gold_types}
                predicted = _align_people(predicted, required | optional)
            hits = predicted & required
            false = predicted - required - optional
            missed = required - predicted
            ds.misses[kind] = sorted(missed)
            ds.false_hits[kind] = sorted(false)
            for row, keys in _kind_rows(kind, hits).items():
                ds.counts.setdefault(row, Counts()).tp += len(keys)
            for row, keys in _kind_rows(kind, false).items():
                ds.counts.setdefault(row, Counts()).fp += len(keys)
            for row, keys in _kind_rows(kind, missed).items():
                ds.counts.setdefault(row, Counts()).fn += len(keys)
            ds.counts.setdefault(kind, Counts())
        ds.counts = _in_order(ds.counts)
        for row, c in ds.counts.items():
            report.counts.setdefault(row, Counts()).add(c)
        report.docs.append(ds)
    report.counts = {
        k: c for k, c in _in_order(report.counts).items() if k in KINDS or c.tp + c.fp + c.fn
    }
    report.ranking = Ranking.of(scored, gold_backs, min_confidence)
    return report


def _in_order(counts: dict[str, Counts]) -> dict[str, Counts]:
    """Kinds in their fixed order, each followed by its sub-kinds sorted: the same report
    whatever order the sets were filled in."""
    order = sorted(counts, key=lambda k: (KINDS.index(k.split(":")[0]), ":" in k, k))
    return {k: counts[k] for k in order}


def evaluate(store: Any, gold_dir: Path | str, min_confidence: float | None = None) -> Report:
    """Score the documents of ``store`` (a :class:`~peacekg.graph.store.database.Store` or a store
    directory) against the gold annotations in ``gold_dir``, counting the ``backs`` of
    commitments with a confidence of at least ``min_confidence`` (by default the confidence
    model's default threshold)."""
    if min_confidence is None:
        min_confidence = default_threshold()
    gold_dir = Path(gold_dir)
    aliases = Aliases.load(gold_dir)
    gold = load_gold(gold_dir, aliases)
    if isinstance(store, str | Path):
        store = Store(store)
    predictions = predictions_from_store(store, aliases, docs=gold.keys())
    return score(gold, predictions, min_confidence)


def evaluate_extractions(
    extractions: Iterable[Any], gold_dir: Path | str, min_confidence: float | None = None
) -> Report:
    """Score extractions (no store) against the gold annotations in ``gold_dir``, as
    :func:`evaluate` does."""
    if min_confidence is None:
        min_confidence = default_threshold()
    gold_dir = Path(gold_dir)
    aliases = Aliases.load(gold_dir)
    gold = load_gold(gold_dir, aliases)
    return score(gold, predictions_from_extractions(extractions, aliases), min_confidence)
