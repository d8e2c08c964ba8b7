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

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peacekg.loaders.calibration import average_precision, expected_calibration_error
from peacekg.loaders.confidence import default_threshold
from peacekg.ontology.namespaces import ENTITY_CLASSES, PK, PKID, entity_type_of

__all__ = [
    "KINDS",
    "Aliases",
    "Counts",
    "DocScore",
    "Gold",
    "Prediction",
    "Ranking",
    "Report",
    "evaluate",
    "gold_verdicts",
    "load_gold",
    "predictions_from_extractions",
    "predictions_from_store",
    "score",
]

#: The kinds scored, in report order (``entity`` also gets one row per entity type).
KINDS = ("entity", "speaker", "backs", "contributes")
#: Entity types that gold annotations use.
ENTITY_TYPES = ("State", "Organization", "Person", "Mission", "Resolution", "Initiative",
                "DocumentSymbol")  # fmt: skip
_BACKS_TARGETS = ("priority", "initiative", "resolution")

_PKID = str(PKID)
_PK = str(PK)


# --- name normalisation ------------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower-case ASCII, punctuation as spaces, single spaces."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.replace("'s ", " ").replace("’s ", " ")
    return " ".join(re.sub(r"[^a-z0-9+]+", " ", ascii_text.lower()).split())


_TITLES = re.compile(
    r"^(?:h\s*e|mr|mrs|ms|dr|prof|sir|dame|ambassador|amb|president|minister|general|"
    r"under secretary general|secretary general|usg|asg)\s+"
)


def person_key(name: str) -> str:
    """A person's name without titles, accents, case or punctuation."""
    key = _fold(name)
    while True:
        new = _TITLES.sub("", key)
        if new == key:
            return key
        key = new


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


@dataclass
class Aliases:
    """Alias tables: folded alias -> canonical name, for organisations and initiatives."""

    names: dict[str, dict[str, str]] = field(default_factory=dict)
    slugs: dict[str, dict[str, str]] = field(default_factory=dict)

    def add(self, type_: str, canonical: str, aliases: Iterable[str]) -> None:
        """Register ``canonical`` and its aliases (the first registration of an alias wins)."""
        table = self.names.setdefault(type_, {})
        table.setdefault(_fold(canonical), canonical)
        for alias in aliases:
            if alias:
                table.setdefault(_fold(alias), canonical)
        self.slugs.setdefault(type_, {}).setdefault(_slug(canonical), canonical)

    def known(self, type_: str, *names: str) -> str | None:
        """The canonical name of the first of ``names`` that is a known alias, or ``None``."""
        table = self.names.get(type_, {})
        for name in names:
            if name and _fold(name) in table:
                return table[_fold(name)]
        for name in names:
            if name and _fold(name).removeprefix("the ") in table:
                return table[_fold(name).removeprefix("the ")]
        return None

    def canonical(self, type_: str, *names: str) -> str:
        """The canonical name of the first of ``names`` that is a known alias, else the first
        name without titles, accents, case or punctuation."""
        found = self.known(type_, *names)
        if found is not None:
            return found
        first = next((n for n in names if n), "")
        return person_key(first)

    def from_slug(self, type_: str, slug: str) -> str | None:
        """The canonical name whose slug is ``slug`` (IRIs are slugs of canonical names)."""
        return self.slugs.get(type_, {}).get(slug)

    @classmethod
    def load(cls, gold_dir: Path | None = None, *, reference: bool = True) -> Aliases:
        """Aliases from ``registry.json`` (next to or above ``gold_dir``) and the reference."""
        out = cls()
        if gold_dir is not None:
            for cand in (gold_dir / "registry.json", gold_dir.parent / "registry.json"):
                if cand.is_file():
                    data = json.loads(cand.read_text(encoding="utf-8"))
                    for type_ in ("Organization", "Initiative"):
                        for name, aliases in (data.get(type_) or {}).items():
                            out.add(type_, name, aliases)
                    break
        if reference:
            try:
                from peacekg.ontology.reference import load_reference

                ref = load_reference()
                for ent in ref.all():
                    if ent.type in ("Organization", "Initiative"):
                        out.add(ent.type, ent.key, [ent.label, *(ent.aliases or ()),
                                                    ent.acronym or ""])  # fmt: skip
            except Exception:  # pragma: no cover - reference data is optional for scoring
                pass
        return out


# --- canonical keys --------------------------------------------------------------------


def _resolution_key(value: str) -> str:
    m = re.search(r"(\d+)", value)
    return str(int(m.group(1))) if m else _fold(value)


def _symbol_key(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()


def entity_key(type_: str, value: str, aliases: Aliases) -> str:
    """The canonical key of an entity id (gold ``id`` or a predicted key/label)."""
    if type_ == "State":
        return value.strip().upper()
    if type_ == "Mission":
        return re.sub(r"[^A-Za-z0-9]+", "", value).upper()
    if type_ == "Resolution":
        return _resolution_key(value)
    if type_ == "DocumentSymbol":
        return _symbol_key(value)
    if type_ == "Person":
        return person_key(value)
    if type_ in ("Organization", "Initiative"):
        return aliases.canonical(type_, value)
    return _fold(value)


def actor_key(value: str, aliases: Aliases) -> str:
    """Canonical key of a gold actor: ISO3 for a state, else an organisation (or person)."""
    v = value.strip()
    if re.fullmatch(r"[A-Z]{3}", v):
        return v
    return aliases.known("Organization", v) or person_key(v)


def target_key(value: str, aliases: Aliases) -> str:
    """Canonical key of a gold target ``priority:wps``, ``initiative:<name>``, ..."""
    kind, _, rest = value.partition(":")
    kind = kind.strip().lower()
    if kind == "priority":
        return f"priority:{rest.strip().lower()}"
    if kind == "initiative":
        return f"initiative:{aliases.canonical('Initiative', rest)}"
    if kind == "resolution":
        return f"resolution:{_resolution_key(rest)}"
    if kind == "mission":
        return f"mission:{entity_key('Mission', rest, aliases)}"
    return f"{kind}:{_fold(rest)}"


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
            return {b for b in self.backs if b[1].split(":", 1)[0] in _BACKS_TARGETS}
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
    return f"{ref.type.lower()}:{_fold(ref.key)}"


def _ref_target_key(ref: Any, aliases: Aliases) -> str:
    if ref.type == "Priority":
        return f"priority:{ref.key}"
    if ref.type == "Initiative":
        return f"initiative:{aliases.canonical('Initiative', ref.key, ref.label)}"
    if ref.type == "Resolution":
        return f"resolution:{_resolution_key(ref.key)}"
    if ref.type == "Mission":
        return f"mission:{entity_key('Mission', ref.key, aliases)}"
    return f"{ref.type.lower()}:{_fold(ref.key)}"


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
            if target.split(":", 1)[0] in _BACKS_TARGETS:
                kind, key = "backs", (actor, target, polarity)
            elif t.type == "Mission":
                kind, key = "contributes", (actor, target)
            else:
                continue
            if key not in gold.optional[kind]:
                out.append((i, j, key in gold.required[kind]))
    return out


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
        return type_, _resolution_key(rest or info.symbol or "")
    if type_ == "DocumentSymbol":
        return type_, _symbol_key(info.symbol or (info.labels[0] if info.labels else rest))
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

    ``store`` is a :class:`peacekg.graph.store.Store` (anything with ``select(sparql,
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
                scored += [(pred.score_of(k), k in required) for k in predicted - optional]
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
    """Score the documents of ``store`` (a :class:`~peacekg.graph.store.Store` or a store
    directory) against the gold annotations in ``gold_dir``, counting the ``backs`` of
    commitments with a confidence of at least ``min_confidence`` (by default the confidence
    model's default threshold)."""
    if min_confidence is None:
        min_confidence = default_threshold()
    gold_dir = Path(gold_dir)
    aliases = Aliases.load(gold_dir)
    gold = load_gold(gold_dir, aliases)
    if isinstance(store, str | Path):
        from peacekg.graph.store import Store

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
