"""Confidence: a calibrated probability that a careful annotator records a commitment.

The rules of :mod:`peacekg.loaders.commitments` propose candidate commitments; this module
scores them. :func:`features` describes one candidate (and one of its targets) in its
document as named binary features: the stance, the kind of target, the A4P cue word and the
stance cue words of the evidence, whether the context is about peace operations, who the
grammatical actor is (the speaker in the first person, another state, the UN), markers of
history, tribute, thanks, hedging and negation, the kind of document, where in the document
the evidence stands, the rule that proposed it (``Commitment.rule``, when the pipeline
records it) and its first stance cue (``Commitment.cue``, ``cue_kind``), the words and word
pairs of the evidence; per target, its kind and identity, whether the reference tables know
it, how many words its name has, and the words around its mention.

A :class:`ConfidenceModel` is a logistic regression stored as data
(``loaders/data/confidence-model.json``: feature names and coefficients, intercept, the
calibration map, the default threshold, the digest of the judged data it was trained on and
its test metrics), trained by :mod:`peacekg.loaders.train`. Scoring needs no scikit-learn:
the score of a target is the intercept plus the coefficients of its features, and the
calibration map turns that score into a probability. A candidate the rules propose with
several targets becomes one commitment per target, each with its own confidence
(:func:`score_commitments`).

>>> model = ConfidenceModel.from_dict({"version": 1, "intercept": 0.0,
...     "coefficients": {"stance=Pledge": 2.0}, "calibration": {"method": "sigmoid",
...     "a": -1.0, "b": 0.0}, "threshold": 0.5})
>>> round(model.calibrate(2.0), 3)
0.881
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import hashlib
import itertools
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peacekg.loaders.commitments.cues import load_cues
from peacekg.loaders.commitments.scanner import ANCHOR_WINDOW, NEAR_WINDOW
from peacekg.loaders.model import Commitment, Document, EntityRef, Statement
from peacekg.ontology.reference import load_reference

__all__ = [
    "MODEL_PATH",
    "ConfidenceModel",
    "default_threshold",
    "features",
    "load_model",
    "model_key",
    "score_commitments",
]

#: The committed model (written by ``python -m peacekg.loaders.train``).
MODEL_PATH = Path(__file__).resolve().parent / "data" / "confidence-model.json"

# --- features ------------------------------------------------------------------------------

_MARKERS = {
    "history": re.compile(
        r"\b(?:was|were|had|did|ago|then|at that time|formerly|in (?:the )?(?:past|early|late)"
        r"|last (?:year|month|session)|(?:19|20)\d\d)\b"
    ),
    "tribute": re.compile(
        r"\b(?:thank\w*|tribute|gratitude|grateful|congratulat\w*|homage|condolences?|salute"
        r"|appreciation|praise|memory of)\b"
    ),
    "hedge": re.compile(
        r"\b(?:hope\w*|may|might|perhaps|possibly|trust that|believe|wish\w*|would like|could"
        r"|seems?|likely)\b"
    ),
    "negation": re.compile(r"\b(?:not|no|never|nor|neither|without|lack\w*|cannot)\b|n't\b"),
    "condition": re.compile(r"\b(?:if|unless|whether)\b"),
    "question": re.compile(r"\?"),
    "generic": re.compile(
        r"\b(?:international community|all (?:member )?states|member states|the world"
        r"|mankind|humanity|all of us|everyone)\b"
    ),
    "own": re.compile(
        r"\b(?:my|our) (?:country|government|delegation|nation|people|troops|soldiers"
        r"|police|contingents?|experts|contribution)\b"
    ),
    "future": re.compile(r"\b(?:will|shall|going to|intend\w*|plans? to|ready to)\b"),
}
_UN_SUBJECT = re.compile(
    r"^(?:the )?(?:united nations|organization|secretary-general|security council"
    r"|general assembly|council|assembly)\b"
)
_FIRST = re.compile(r"^(?:i|we|my|our|let us|let me|allow me)\b")
_FIRST_ANY = re.compile(r"\b(?:i|we|us|my delegation|my country|my government|our)\b")
_INTRO = re.compile(
    r"^(?:(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|finally|lastly|in addition|moreover"
    r"|furthermore|however|therefore|thus|indeed|also|today|in this (?:regard|context|respect)"
    r"|in conclusion|(?:in|with|on|for|as|at|regarding|concerning|turning to)\b[^,;:]{0,80}),\s*)+"
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[A-Z\"“])")
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")
#: Function words left out of the word features (their pairs stay).
_STOP = frozenset(
    ("the", "a", "an", "of", "and", "to", "in", "for", "on", "at", "by", "with", "from", "as",
     "is", "are", "be", "been", "this", "that", "these", "those", "it", "its", "which", "who")
)  # fmt: skip


def _bucket(value: float, edges: Sequence[float], names: Sequence[str]) -> str:
    return names[bisect.bisect_right(edges, value)]


@dataclass
class _DocContext:
    """What every candidate of one document shares: its lower-cased text and how much of it
    is about peace operations."""

    low: str
    density: str

    @classmethod
    def of(cls, doc: Document) -> _DocContext:
        low = doc.text.lower()
        if len(low) != len(doc.text):  # a few characters change length when lower-cased
            low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in doc.text)
        hits = low.count("peacekeep") + low.count("peace-keep") + low.count("peace operation")
        per_k_words = 1000 * hits / max(1, low.count(" "))
        return cls(low, _bucket(per_k_words, (0.01, 1, 3), ("0", "low", "mid", "high")))

    def peace_ops(self, start: int, end: int) -> str:
        """Where the nearest peace-operations anchor is: in the span, within 450 or 1,500
        characters of it, or none."""
        lo = max(0, start - ANCHOR_WINDOW)
        best: int | None = None
        for m in load_cues().anchors.finditer(self.low, lo, end + ANCHOR_WINDOW):
            p = m.start()
            d = start - p if p < start else 0 if p < end else p - end
            best = d if best is None else min(best, d)
            if p >= end:
                break
        if best is None:
            return "none"
        return _bucket(best, (1, NEAR_WINDOW + 1), ("evidence", "near", "window"))


def _target_name(target: EntityRef) -> str:
    if target.type == "Priority":
        return f"priority:{target.key}"
    return target.type.lower()


def _priority_cue(code: str, low: str) -> tuple[str, str, int]:
    """The first A4P cue of priority ``code`` in ``low``, its kind (cue, problem, context)
    and where it starts (-1 when none)."""
    vocab = load_cues()
    pattern = vocab.patterns.get(code)
    m = pattern.search(low) if pattern is not None else None
    if m is None:
        return "none", "none", -1
    text = " ".join(m.group(0).split())
    if m.group("problem") is not None:
        return text, "problem", m.start()
    weak = (vocab.weak_patterns or {}).get(code)
    return text, "context" if weak is not None and weak.match(text) else "cue", m.start()


def _last_sentence(evidence: str) -> str:
    parts = _SENTENCE_END.split(evidence)
    return parts[-1] if parts else evidence


def features(
    doc: Document,
    statement: Statement | None,
    commitment: Commitment,
    target: EntityRef | None = None,
    *,
    context: _DocContext | None = None,
) -> dict[str, float]:
    """Named features of ``commitment`` in ``doc`` (and of one of its targets, ``target``).

    Every feature is binary (value 1.0) and named ``group=value`` or ``group:word``; the model
    ignores names it was not trained on. ``context`` spares recomputing what a document's
    candidates share (:func:`score_commitments` passes it).
    """
    base = _commitment_features(doc, statement, commitment, context or _DocContext.of(doc))
    if target is None:
        return base.features
    return base.features | _target_features(base, commitment, target)


@dataclass
class _Shared:
    """The features a commitment gives all its targets, and what its targets' features read."""

    features: dict[str, float]
    low: str
    subject: str
    where: str
    stance_at: list[int]
    rule: str = ""


def _commitment_features(
    doc: Document, statement: Statement | None, commitment: Commitment, ctx: _DocContext
) -> _Shared:
    """The features a commitment gives all its targets."""
    ev = commitment.evidence
    low = ctx.low[commitment.start : commitment.end]
    if len(low) != len(ev):
        low = ev.lower()
    out: dict[str, float] = {}

    def on(name: str) -> None:
        out[name] = 1.0

    stance = commitment.stance
    on(f"stance={stance}")
    on(f"kind={doc.kind}")
    on(f"debate={'yes' if doc.kind == 'general-debate' else 'no'}")  # the two domains
    rule = getattr(commitment, "rule", None) or ""
    if rule:
        on(f"rule={rule}")
        on(f"rule*stance={rule}*{stance}")
    if commitment.cue_kind:
        on(f"cue_kind={commitment.cue_kind}")
        on(f"cue_kind*stance={commitment.cue_kind}*{stance}")
    if commitment.cue:
        on(f"cue:{' '.join(commitment.cue.lower().split())}")
    on(f"targets={min(len(commitment.targets), 3)}")
    if commitment.contributes_to:
        on("contributes_to")
    if commitment.quantities:
        on("quantity")
    if commitment.date:
        on("due_date")
    # who acts: the speaker of the statement, someone else, and how the sentence says it
    speakers = statement.speakers if statement is not None else []
    who = "speaker" if commitment.actor in speakers else "other" if speakers else "unattributed"
    on(f"actor={who}")
    on(f"actor_type={commitment.actor.type}")
    last = _last_sentence(ev)
    head = _INTRO.sub("", last.strip().lower())
    label = (commitment.actor.label or commitment.actor.key).lower()
    if _FIRST.match(head):
        subject = "first"
    elif label and label in head[:80]:
        subject = "named_actor"
    elif _UN_SUBJECT.match(head):
        subject = "un"
    else:
        subject = "other"
    on(f"subject={subject}")
    on(f"subject*actor={subject}*{who}")
    if _FIRST_ANY.search(low):
        on("first_person")
    if len(last) < len(ev) - 2:
        on("previous_sentence")
    for name, pattern in _MARKERS.items():
        if pattern.search(low):
            on(f"marker={name}")
    stance_at = []
    vocab = load_cues()
    for m in vocab.any_stance.finditer(low):
        stance_at.append(m.start())
        word = " ".join(m.group(0).split())
        on(f"stance_word:{word}")
        for cat, pattern in vocab.stances.items():
            if pattern.fullmatch(word):
                on(f"stance_cue={cat}")
    # peace operations: in the evidence, close by, in the document
    where = ctx.peace_ops(commitment.start, commitment.end)
    on(f"peace_ops={where}")
    on(f"peace_ops_density={ctx.density}")
    position = commitment.start / max(1, len(ctx.low))
    on(f"position={_bucket(position, (0.1, 0.5, 0.9), ('opening', 'first', 'second', 'end'))}")
    on(f"length={_bucket(len(ev), (100, 200, 400), ('short', 'mid', 'long', 'longer'))}")
    words = _WORD.findall(low)
    for w in words:
        if w not in _STOP:
            out[f"w:{w}"] = 1.0
    for a, b in itertools.pairwise(words):
        out[f"b:{a}_{b}"] = 1.0
    return _Shared(out, low, subject, where, stance_at, rule)


def _target_features(base: _Shared, commitment: Commitment, target: EntityRef) -> dict[str, float]:
    """The features of one target of a commitment (``base``: the commitment's)."""
    subject, where, low = base.subject, base.where, base.low
    out: dict[str, float] = {}

    def on(name: str) -> None:
        out[name] = 1.0

    on(f"target={_target_name(target)}")
    on(f"target_type={target.type}")
    on(f"stance*target={commitment.stance}*{target.type}")
    on(f"peace_ops*target={where}*{target.type}")
    on(f"subject*target={subject}*{target.type}")
    on(f"rule*target={base.rule}*{target.type}")
    on(f"stance*target*peace_ops={commitment.stance}*{target.type}*{where}")
    if target.type == "Priority":
        cue, cue_kind, at = _priority_cue(target.key, low)
        on(f"priority_cue:{cue}")
        on(f"priority_cue_kind={cue_kind}")
        on(f"priority_cue_kind*peace_ops={cue_kind}*{where}")
    else:
        name = (target.label or target.key).lower()
        at = low.find(name) if name else -1
        if at < 0 and target.type == "Resolution":
            at = low.find(target.key)
        on("target_named" if at >= 0 else "target_not_named")
        on(f"target_key:{target.type}:{target.key.lower()}")
        known = load_reference().get(target.type, target.key) is not None
        on(f"target_known*type={'yes' if known else 'no'}*{target.type}")
        n_words = len(name.split())
        on(f"target_words={min(n_words, 5)}*{target.type}")
    # where the target stands, and how far from the nearest stance word
    if at < 0:
        on("target_at=unseen")
        return out
    on(f"target_at={_bucket(at / max(1, len(low)), (0.33, 0.67), ('head', 'middle', 'tail'))}")
    for w in _WORD.findall(low[max(0, at - 60) : at + 60]):
        if w not in _STOP:
            out[f"t:{w}"] = 1.0
    gap = min((abs(at - p) for p in base.stance_at), default=None)
    on(f"cue_gap={'none' if gap is None else _bucket(gap, (41, 121), ('near', 'mid', 'far'))}")
    return out


# --- the model -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ConfidenceModel:
    """A logistic regression over :func:`features` with its calibration map and threshold."""

    coefficients: Mapping[str, float]
    intercept: float
    calibration: Mapping[str, Any]
    threshold: float
    version: int = 1
    digest: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)
    #: calibration maps of the document kinds judged often enough to have their own (the
    #: General Debate speeches); other kinds use ``calibration``
    calibration_by_kind: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ConfidenceModel:
        """A model from its JSON form (the file :mod:`peacekg.loaders.train` writes)."""
        names = data.get("features")
        coefs = data["coefficients"]
        if names is not None:  # parallel lists, as written by the training command
            coefs = dict(zip(names, coefs, strict=True))
        return cls(
            coefficients=dict(coefs),
            intercept=float(data["intercept"]),
            calibration=dict(data["calibration"]),
            threshold=float(data["threshold"]),
            version=int(data.get("version", 1)),
            digest=str(data.get("training_data_sha256", "")),
            meta={k: v for k, v in data.items() if k not in ("features", "coefficients")},
            calibration_by_kind={
                k: dict(v) for k, v in data.get("calibration_by_kind", {}).items()
            },
        )

    @classmethod
    def load(cls, path: Path | str | None = None) -> ConfidenceModel:
        """Read a model file (by default the committed :data:`MODEL_PATH`)."""
        p = Path(path) if path is not None else MODEL_PATH
        try:
            return cls.from_dict(json.loads(p.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError) as exc:
            raise ValueError(f"{p.name}: not a confidence model ({exc})") from exc

    def raw(self, feats: Mapping[str, float]) -> float:
        """The uncalibrated score (log-odds) of one feature set."""
        coef = self.coefficients
        return self.intercept + sum(coef.get(k, 0.0) * v for k, v in feats.items())

    def calibrate(self, raw: float, kind: str | None = None) -> float:
        """The calibrated probability of an uncalibrated score of a candidate in a document
        of ``kind`` (its own calibration map if it has one, else the common one)."""
        cal = self.calibration_by_kind.get(kind, self.calibration) if kind else self.calibration
        if cal["method"] == "sigmoid":  # Platt: p = 1 / (1 + exp(a * raw + b))
            z = cal["a"] * raw + cal["b"]
            return 1.0 / (1.0 + math.exp(z)) if z < 700 else 0.0
        if cal["method"] == "isotonic":  # piecewise linear through the fitted steps
            xs, ys = cal["x"], cal["y"]
            if raw <= xs[0]:
                return float(ys[0])
            if raw >= xs[-1]:
                return float(ys[-1])
            i = bisect.bisect_right(xs, raw)
            x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
            return float(y0 + (y1 - y0) * (raw - x0) / (x1 - x0)) if x1 > x0 else float(y1)
        raise ValueError(f"unknown calibration method {cal['method']!r}")

    def target_raws(
        self,
        doc: Document,
        statement: Statement | None,
        commitment: Commitment,
        context: _DocContext | None = None,
    ) -> list[float]:
        """The uncalibrated score of each target of a candidate commitment (the features the
        candidate gives all its targets plus the target's own); one score for a candidate
        without targets."""
        base = _commitment_features(doc, statement, commitment, context or _DocContext.of(doc))
        shared = self.raw(base.features)
        if not commitment.targets:
            return [shared]
        return [
            shared + self.raw(_target_features(base, commitment, t)) - self.intercept
            for t in commitment.targets
        ]

    def confidences(
        self,
        doc: Document,
        statement: Statement | None,
        commitment: Commitment,
        context: _DocContext | None = None,
    ) -> list[float]:
        """The calibrated confidence of each target of a candidate commitment, rounded to
        three decimals."""
        raws = self.target_raws(doc, statement, commitment, context)
        return [round(self.calibrate(r, doc.kind), 3) for r in raws]


@functools.cache
def load_model() -> ConfidenceModel:
    """The committed model, read once per process (on first use, never at import)."""
    return ConfidenceModel.load()


def default_threshold() -> float:
    """The committed model's default threshold: the lowest confidence down to which the
    out-of-fold precision over the train and dev splits of the judged data stays at 0.90."""
    return load_model().threshold


@functools.cache
def model_key() -> str:
    """What identifies the committed model in a document's build key: its version and the
    SHA-256 of its file."""
    digest = hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()[:16]
    return f"confidence-v{load_model().version}-{digest}"


def score_commitments(
    doc: Document, candidates: Sequence[Commitment], model: ConfidenceModel | None = None
) -> list[Commitment]:
    """The commitments of ``doc``: one per target of each candidate the rules proposed (a
    ``pk:Commitment`` is one actor's stance on one target), each with its target's calibrated
    confidence, so that a doubtful target in a list does not hide the sound ones.

    The missions a candidate contributes to and its quantities go with the first of its
    targets that is one of those missions (else with its first target)."""
    if not candidates:
        return []
    model = model or load_model()
    ctx = _DocContext.of(doc)
    statements = {st.index: st for st in doc.statements}
    out: list[Commitment] = []
    for c in candidates:
        st = statements.get(c.statement) if c.statement is not None else None
        scores = model.confidences(doc, st, c, ctx)
        if len(c.targets) < 2:
            c.confidence = scores[0]
            out.append(c)
            continue
        home = next((i for i, t in enumerate(c.targets) if t in c.contributes_to), 0)
        for i, (target, score) in enumerate(zip(c.targets, scores, strict=True)):
            mine = i == home
            out.append(
                dataclasses.replace(
                    c,
                    targets=[target],
                    confidence=score,
                    contributes_to=list(c.contributes_to) if mine else [],
                    quantities=list(c.quantities) if mine else [],
                )
            )
    return out
