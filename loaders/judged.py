"""The judged records and the candidates they judged: the confidence model's labelled data.

The labels are the judged records committed to the repository: the audit rounds
(``bench/audit/*.jsonl``: file, actor, stance, target, verdict, a hash of the evidence) and
the judged batches (``bench/judged/*.jsonl``, format in ``bench/judged/README.md``), plus the
gold of the dev seeds (a candidate is correct when the gold records it). The candidates are
rebuilt by running today's pipeline on the judged documents and joined to the labels by
document, actor, stance, target and evidence (:func:`join`). Documents are split by a hash
of their file name (:func:`split_of`). :mod:`peacekg.loaders.train` fits the model on them.
"""

from __future__ import annotations

import hashlib
import json
import tarfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peacekg.loaders.confidence import _DocContext, features
from peacekg.ontology.namespaces import entity_iri

__all__ = [
    "DOCUMENTS",
    "GOLD",
    "LABELS",
    "UNGDC",
    "Candidate",
    "Label",
    "candidates_of",
    "data_digest",
    "gold_labels",
    "join",
    "locate",
    "read_labels",
    "split_of",
]

REPO = Path(__file__).resolve().parents[1]
LABELS = (REPO / "bench" / "audit", REPO / "bench" / "judged")
UNGDC = REPO.parent / "shared" / "corpus" / "ungdc-1946-2017.tar.gz"
DOCUMENTS = {
    "sample": REPO / "examples" / "corpus",
    "written": REPO / "bench" / "judged" / "corpus",
}
#: Annotated documents whose gold gives labels too: (source, corpus, gold). Never the
#: held-out set (tests/data/heldout), which stays unseen.
GOLD = (
    (
        "seeds",
        REPO.parent / "shared" / "corpus" / "seeds",
        REPO.parent / "shared" / "eval" / "gold",
    ),
    ("sample", REPO / "examples" / "corpus", REPO / "examples" / "gold"),
)


# --- labels --------------------------------------------------------------------------------


@dataclass
class Label:
    """One judged candidate: where it is, what it says, and the verdict."""

    id: str
    source: str
    file: str
    actor: str
    stance: str
    target: str
    evidence_sha256: str
    verdict: str
    error: str | None = None
    annotator: str = ""
    batch: str = ""
    start: int | None = None
    end: int | None = None

    @property
    def correct(self) -> bool:
        return self.verdict == "correct"


def read_labels(paths: Iterable[Path]) -> tuple[list[Label], list[tuple[Label, Label]]]:
    """The labels of ``paths`` (files or folders of ``*.jsonl``) and the doubly judged pairs.

    A record judged by several annotators counts with the verdict of the first one listed;
    the pairs (first, other) are returned to measure agreement.
    """
    files = label_files(paths)
    first: dict[str, Label] = {}
    pairs: list[tuple[Label, Label]] = []
    for f in files:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                label = Label(
                    id=str(r.get("id") or f"{f.stem}:{n}"),
                    source=r.get("source", "ungdc"),
                    file=r["file"],
                    actor=r["actor"],
                    stance=r["stance"],
                    target=r["target"],
                    evidence_sha256=r["evidence_sha256"],
                    verdict=r["verdict"],
                    error=r.get("error"),
                    annotator=r.get("annotator") or "",
                    batch=r.get("batch") or f.stem,
                    start=r.get("start"),
                    end=r.get("end"),
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise SystemExit(f"{f.name}:{n}: not a judged record ({exc})") from None
            if label.verdict not in ("correct", "wrong"):
                raise SystemExit(f"{f.name}:{n}: verdict must be correct or wrong")
            if label.id in first:
                pairs.append((first[label.id], label))
            else:
                first[label.id] = label
    return list(first.values()), pairs


def label_files(paths: Iterable[Path]) -> list[Path]:
    """The ``*.jsonl`` files of ``paths`` (files or folders), in order."""
    files: list[Path] = []
    for p in paths:
        files.extend(sorted(p.glob("*.jsonl")) if p.is_dir() else [p] if p.exists() else [])
    return files


def data_digest(label_paths: Iterable[Path], gold: Iterable[tuple[str, Path, Path]]) -> str:
    """SHA-256 of the training data: the judged files and the gold files, by name and bytes."""
    h = hashlib.sha256()
    files = label_files(label_paths) + [f for _, _, g in gold for f in label_files([g])]
    for f in files:
        h.update(f"{f.parent.name}/{f.name}\n".encode())
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def split_of(file: str) -> str:
    """The split of a document, from a hash of its file name: train 60 %, dev 20 %, test 20 %.

    >>> [split_of(f) for f in ("FRA_70_2015.txt", "IDN_48_1993.txt", "BGD_76_2021.txt")]
    ['dev', 'test', 'test']
    """
    h = int(hashlib.sha256(file.encode()).hexdigest()[:8], 16) % 100
    return "train" if h < 60 else "dev" if h < 80 else "test"


# --- candidates ----------------------------------------------------------------------------


@dataclass
class Candidate:
    """One (commitment, target) pair proposed by the rules, with its features (the
    candidate commitment's and this target's); ``own`` is the target's index in the candidate."""

    file: str
    actor: str
    stance: str
    target: str
    target_type: str
    start: int
    end: int
    evidence_sha256: str
    commitment: int
    own: int
    features: dict[str, float] = field(default_factory=dict)
    #: the kind of its document (``Document.kind``), which may have its own calibration
    kind: str = ""


def candidates_of(path: str, ex: Any = None) -> list[Candidate]:
    """Every (commitment, target) candidate of one document (runs in a worker process);
    ``ex`` is its extraction when already made."""
    from peacekg.loaders.pipeline import extract

    ex = ex or extract(Path(path), score=False)
    doc = ex.document
    ctx = _DocContext.of(doc)
    statements = {st.index: st for st in doc.statements}
    out = []
    for i, c in enumerate(ex.commitments):
        st = statements.get(c.statement) if c.statement is not None else None
        feats = [features(doc, st, c, t, context=ctx) for t in c.targets]
        digest = hashlib.sha256(c.evidence.encode()).hexdigest()[:16]
        actor = entity_iri(c.actor.type, c.actor.key)
        for j, t in enumerate(c.targets):
            out.append(
                Candidate(
                    file=doc.source_file,
                    actor=str(actor),
                    stance=c.stance,
                    target=str(entity_iri(t.type, t.key)),
                    target_type=t.type,
                    start=c.start,
                    end=c.end,
                    evidence_sha256=digest,
                    commitment=i,
                    own=j,
                    features=feats[j],
                    kind=doc.kind,
                )
            )
    return out


def locate(labels: Sequence[Label], ungdc: Path, workdir: Path) -> dict[tuple[str, str], Path]:
    """The path of every judged document, by (source, file); General Debate speeches are
    taken from the corpus folder or extracted from its archive into ``workdir``."""
    wanted = {(lab.source, lab.file) for lab in labels}
    found: dict[tuple[str, str], Path] = {}
    for source, folder in DOCUMENTS.items():
        for s, f in wanted:
            if s == source and (folder / f).is_file():
                found[(s, f)] = folder / f
    gd = {f for s, f in wanted if s == "ungdc"}
    if gd and ungdc.is_dir():
        for p in ungdc.rglob("*.txt"):
            if p.name in gd:
                found[("ungdc", p.name)] = p
    elif gd and ungdc.is_file():
        with tarfile.open(ungdc) as tar:
            for member in tar:
                name = Path(member.name).name
                if member.isfile() and name in gd:
                    target = workdir / name
                    with tar.extractfile(member) as src:  # type: ignore[union-attr]
                        target.write_bytes(src.read())
                    found[("ungdc", name)] = target
    return found


def _matches(lab: Label, c: Candidate, level: int) -> bool:
    """Whether candidate ``c`` is the one ``lab`` judged, at a level of strictness: 0 the same
    stance, evidence and offsets; 1 the same stance and evidence; 2 the same polarity and
    evidence; 3 the same polarity and offsets."""
    same_polarity = (c.stance == "Opposition") == (lab.stance == "Opposition")
    same_span = lab.start is not None and (c.start, c.end) == (lab.start, lab.end)
    same_evidence = c.evidence_sha256 == lab.evidence_sha256
    return (
        (c.stance == lab.stance and same_evidence and same_span),
        (c.stance == lab.stance and same_evidence),
        (same_polarity and same_evidence),
        (same_polarity and same_span),
    )[level]


def join(labels: Sequence[Label], candidates: Sequence[Candidate]) -> list[tuple[Label, Candidate]]:
    """Each label with the candidate it judged: same document, actor and target, and the
    closest match of :func:`_matches` (the backing subtype is not judged, so a record whose
    subtype changed still carries its verdict)."""
    by_key: dict[tuple[str, str, str], list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_key[(c.file, c.actor, c.target)].append(c)
    current = merged_initiatives()
    out = []
    for lab in labels:
        target = current.get(lab.target, lab.target)
        pool = by_key.get((lab.file, lab.actor, target), [])
        for level in range(4):
            hit = next((c for c in pool if _matches(lab, c, level)), None)
            if hit is not None:
                out.append((lab, hit))
                break
    return out


def merged_initiatives() -> dict[str, str]:
    """Old identifier -> reference identifier, for initiatives minted from one of their
    names before the reference table listed them.

    A label keys its target by identifier; when the reference table later lists an
    initiative (with the name a label's target was minted from among its aliases), the label
    is re-keyed to the reference identifier instead of being lost.
    """
    from peacekg.ontology.reference import load_reference

    initiatives = [e for e in load_reference().all() if e.type == "Initiative"]
    current = {str(e.iri) for e in initiatives}
    merged: dict[str, str] = {}
    for ent in initiatives:
        for alias in ent.aliases:
            old = str(entity_iri("Initiative", alias))
            if old not in current:  # "Action for Peacekeeping" is also an alias of A4P+
                merged[old] = str(ent.iri)
    return merged


def gold_labels(
    gold: Iterable[tuple[str, Path, Path]], skip: set[str]
) -> list[tuple[Label, Candidate]]:
    """Labelled candidates of the annotated documents of ``gold`` (source, corpus, gold
    folder): a candidate is correct when the gold records it. Documents in ``skip`` (judged
    record by record already) are left out."""
    from peacekg.graph.evaluation.gold import gold_verdicts, load_gold
    from peacekg.graph.evaluation.keys import Aliases

    out = []
    for source, corpus, gold_dir in gold:
        if not gold_dir.is_dir():
            continue
        aliases = Aliases.load(gold_dir)
        annotated = load_gold(gold_dir, aliases)
        for name in sorted(annotated):
            path = corpus / name
            if name in skip or not path.is_file():
                continue
            from peacekg.loaders.pipeline import extract

            ex = extract(path, score=False)
            cands = {(c.commitment, c.own): c for c in candidates_of(str(path), ex)}
            for i, j, ok in gold_verdicts(ex, annotated[name], aliases):
                c = cands[(i, j)]
                lab = Label(
                    id=f"{source}:{name}:{i}:{j}", source=source, file=name, actor=c.actor,
                    stance=c.stance, target=c.target, evidence_sha256=c.evidence_sha256,
                    verdict="correct" if ok else "wrong", annotator="gold", batch=source,
                    start=c.start, end=c.end,
                )  # fmt: skip
                out.append((lab, c))
    return out
