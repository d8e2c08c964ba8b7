"""Judged training data for the confidence model: draw candidates, collect verdicts.

The confidence model (issue 12) learns which of the rules' commitment candidates a careful
annotator would record. Its labels come from annotators who see the conventions
(``../shared/eval/README.md``), the protocol (``bench/judged/PROTOCOL.md``) and the
documents, never the code. Two steps, each reproducible:

    # 1. draw candidates from built stores into batch files for the annotators (quotes
    #    and context included: these files stay outside the repository)
    python bench/judge.py draw --store /tmp/gdstore:ungdc:1450 --store /tmp/samplestore:sample:all \
        --seed 2030 --batch-size 145 --overlap 15 --out /tmp/labels

    # 2. after judging, keep the verdicts with their keys (no quotes) in bench/judged/
    python bench/judge.py collect /tmp/labels --into bench/judged

A record is one (commitment, target) pair, keyed by file, actor, stance, target, evidence
offsets and a hash of the evidence, so training can rebuild its features by running the
pipeline on the same documents. Records already judged (``bench/audit``, ``bench/judged``)
are never drawn again. Batch ``k`` also carries the first ``--overlap`` records of batch
``k + 1``, so every record of an overlap is judged by two annotators; ``collect`` reports
their agreement (the first batch's owner is the one whose verdict counts).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

from audit import wilson

from peacekg.graph.query.entities import Labeler
from peacekg.graph.store.database import Store
from peacekg.loaders.read import read_document
from peacekg.ontology.namespaces import entity_type_of

_CANDIDATES = """
SELECT ?actor ?stance ?target ?evidence ?file ?path ?start ?end ?kind ?date ?confidence WHERE {
  GRAPH ?g { ?c a pk:Commitment ; pk:actor ?actor ; pk:stance ?stance ; pk:target ?target ;
                pk:evidence ?evidence ; pk:startOffset ?start ; pk:endOffset ?end .
             ?g pk:sourceFile ?file .
             OPTIONAL { ?g pk:sourcePath ?path }
             OPTIONAL { ?g pk:documentKind ?kind }
             OPTIONAL { ?g dcterms:date ?date }
             OPTIONAL { ?c pk:confidence ?confidence } }
}"""

#: What identifies a judged record across builds.
KEY_FIELDS = ("file", "actor", "stance", "target", "start", "end", "evidence_sha256")
#: Characters of context shown before and after the evidence.
CONTEXT_BEFORE, CONTEXT_AFTER = 700, 400


def evidence_digest(evidence: str) -> str:
    """The first 16 hex digits of the SHA-256 of an evidence string (kept instead of quotes)."""
    return hashlib.sha256(evidence.encode()).hexdigest()[:16]


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def candidates(store: Path) -> list[dict[str, Any]]:
    """Every (commitment, target) record of ``store``, once, in a stable order, with its
    ``confidence`` (None for a store built without the model)."""
    st = Store(store)
    label = Labeler(st, bulk=True)
    out: dict[tuple, dict[str, Any]] = {}
    for r in st.select(_CANDIDATES):
        rec = {
            "file": str(r["file"]),
            "path": str(r["path"]) if r["path"] is not None else None,
            "actor": str(r["actor"]),
            "stance": _local(str(r["stance"])),
            "target": str(r["target"]),
            "start": int(r["start"]),
            "end": int(r["end"]),
            "evidence": str(r["evidence"]),
            "evidence_sha256": evidence_digest(str(r["evidence"])),
            "document_kind": str(r["kind"]) if r["kind"] is not None else None,
            "year": str(r["date"])[:4] if r["date"] is not None else None,
            "actor_label": label(r["actor"]).label,
            "target_label": label(r["target"]).label,
            "target_kind": entity_type_of(str(r["target"])),
            "confidence": float(r["confidence"]) if r["confidence"] is not None else None,
        }
        out.setdefault(tuple(rec[k] for k in KEY_FIELDS), rec)
    order = ("file", "start", "actor", "stance", "target")
    return sorted(out.values(), key=lambda r: tuple(r[k] for k in order))


def _identity(r: dict[str, Any]) -> tuple:
    """What the audit rounds kept of a record: enough to tell it was judged."""
    return (r["file"], r["actor"], r["stance"], r["target"], r["evidence_sha256"])


def judged_keys(folders: list[Path]) -> set[tuple]:
    """Keys (file, actor, stance, target, evidence hash) of every record judged so far."""
    keys = set()
    for folder in folders:
        for f in sorted(folder.glob("*.jsonl")):
            for line in f.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    r = json.loads(line)
                    keys.add(_identity(r))
    return keys


def _context(path: Path, start: int, end: int, cache: dict[Path, str]) -> str:
    if path not in cache:
        cache.clear()
        cache[path] = read_document(path).text
    text = cache[path]
    before = text[max(0, start - CONTEXT_BEFORE) : start]
    return f"{before}[[{text[start:end]}]]{text[end : end + CONTEXT_AFTER]}"


def draw(
    sources: list[tuple[Path, str, int | None]],
    seed: int,
    batch_size: int,
    overlap: int,
    out: Path,
    exclude: set[tuple],
    min_confidence: float = 0.0,
    exclude_files: frozenset[str] = frozenset(),
    max_confidence: float = 1.0,
    target_kinds: frozenset[str] = frozenset(),
    first_batch: int = 1,
) -> dict[str, int]:
    """Write batch files (for annotators) and their keys (for ``collect``) under ``out``.

    Only records whose confidence lies in [``min_confidence``, ``max_confidence``] are
    drawn (a minimum alone is an audit of what the default readings assert; a band is where
    new labels teach the model most), only targets of ``target_kinds`` when some are given
    (e.g. ``Priority``), none from the files in ``exclude_files``. Batches are numbered
    from ``first_batch``, so a new draw does not overwrite the batches already kept.
    """
    rng = random.Random(seed)
    batches: list[tuple[str, list[dict[str, Any]]]] = []
    for store, source, size in sources:
        pool = [
            r
            for r in candidates(store)
            if _identity(r) not in exclude
            and r["file"] not in exclude_files
            and (r["confidence"] is None or min_confidence <= r["confidence"] <= max_confidence)
            and (not target_kinds or r["target_kind"] in target_kinds)
        ]
        if size is None:
            picked = list(pool)
            rng.shuffle(picked)
        else:
            picked = rng.sample(pool, min(size, len(pool)))
        step = len(picked) if size is None else batch_size
        for i in range(0, len(picked), step):
            batches.append((source, [dict(r, source=source) for r in picked[i : i + step]]))
    out.mkdir(parents=True, exist_ok=True)
    keys: dict[str, dict[str, Any]] = {}
    cache: dict[Path, str] = {}
    shown = {"file": "file", "path": "path", "year": "year", "document_kind": "document_kind",
             "actor": "actor_label", "stance": "stance", "target": "target_label",
             "target_kind": "target_kind", "evidence": "evidence"}  # fmt: skip
    for n, (_source, recs) in enumerate(batches, first_batch):
        bid = f"b{n:02d}"
        for i, r in enumerate(recs, 1):
            r["id"] = f"{bid}-{i:03d}"
            keys[r["id"]] = {k: r[k] for k in (*KEY_FIELDS, "source")} | {"batch": bid}
    for i, (_source, recs) in enumerate(batches):
        task = recs + batches[(i + 1) % len(batches)][1][:overlap]
        lines = []
        for r in task:
            shown_rec = {"id": r["id"], **{k: r[field] for k, field in shown.items()}}
            shown_rec["context"] = _context(Path(r["path"]), r["start"], r["end"], cache)
            lines.append(json.dumps(shown_rec, ensure_ascii=False))
        (out / "batches").mkdir(exist_ok=True)
        bid = f"b{i + first_batch:02d}"
        (out / "batches" / f"{bid}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "keys.json").write_text(json.dumps(keys), encoding="utf-8")
    return {f"b{n:02d}": len(recs) for n, (_s, recs) in enumerate(batches, first_batch)}


def collect(labels: Path, into: Path) -> str:
    """Join verdicts with their keys into ``into/<batch>.jsonl``; report agreement."""
    keys = json.loads((labels / "keys.json").read_text(encoding="utf-8"))
    verdicts: dict[str, list[dict[str, Any]]] = {}
    for f in sorted((labels / "judged").glob("*.jsonl")):
        owner = f.stem
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                v = json.loads(line)
                if v["id"] not in keys:
                    raise SystemExit(f"{f}: unknown record id {v['id']!r}")
                v["_own"] = keys[v["id"]]["batch"] == owner
                verdicts.setdefault(v["id"], []).append(v)
    into.mkdir(parents=True, exist_ok=True)
    per_batch: dict[str, list[str]] = {}
    pairs: list[tuple[str, str]] = []
    missing = 0
    for rid, key in keys.items():
        vs = sorted(verdicts.get(rid, []), key=lambda v: not v["_own"])
        if not vs or not vs[0]["_own"]:
            missing += 1
            continue
        if len(vs) > 1:
            pairs.append((vs[0]["verdict"], vs[1]["verdict"]))
        for v in vs:
            rec = {"id": rid, **key}
            rec |= {k: v.get(k) for k in ("verdict", "error", "subtype_ok", "why", "annotator")}
            per_batch.setdefault(key["batch"], []).append(json.dumps(rec, ensure_ascii=False))
    for bid, lines in sorted(per_batch.items()):
        (into / f"{bid}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    owned = [vs for vs in verdicts.values() if vs and any(v["_own"] for v in vs)]
    tally = Counter(next(v["verdict"] for v in vs if v["_own"]) for vs in owned)
    agree = sum(a == b for a, b in pairs)
    lo, hi = wilson(agree, len(pairs))
    return (
        f"{len(owned)} records judged ({tally['correct']} correct, {tally['wrong']} wrong), "
        f"{missing} not yet judged; agreement on the overlap {agree}/{len(pairs)} "
        f"(95 % interval {lo:.2f}-{hi:.2f}), Cohen's kappa {cohen_kappa(pairs):.2f}"
    )


def cohen_kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa of two annotators' verdicts: agreement beyond what chance gives.

    >>> round(cohen_kappa([("correct", "correct"), ("wrong", "wrong"), ("correct", "wrong")]), 2)
    0.4
    """
    if not pairs:
        return float("nan")
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    chance = sum(first[k] * second[k] for k in first) / (n * n)
    return 1.0 if chance == 1 else (observed - chance) / (1 - chance)


def _source(spec: str) -> tuple[Path, str, int | None]:
    store, source, size = spec.split(":")
    return Path(store), source, None if size == "all" else int(size)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw", help="draw candidate batches for the annotators")
    d.add_argument("--store", dest="stores", action="append", type=_source, required=True,
                   metavar="STORE:SOURCE:SIZE|all")  # fmt: skip
    d.add_argument("--seed", type=int, default=2030)
    d.add_argument("--batch-size", type=int, default=145)
    d.add_argument("--overlap", type=int, default=15)
    d.add_argument("--out", type=Path, required=True)
    d.add_argument("--min-confidence", type=float, default=0.0,
                   help="draw only records this confident or more (an audit)")  # fmt: skip
    d.add_argument("--max-confidence", type=float, default=1.0,
                   help="draw only records this confident or less (a band)")  # fmt: skip
    d.add_argument("--target-kind", dest="target_kinds", action="append", default=[],
                   help="only targets of this type (e.g. Priority; repeatable)")  # fmt: skip
    d.add_argument("--first-batch", type=int, default=1,
                   help="number of the first batch (keeps earlier ones)")  # fmt: skip
    d.add_argument("--unseen-documents", action="store_true",
                   help="draw no record from a file any judged record comes from")  # fmt: skip
    d.add_argument("--unlabelled-documents", action="store_true",
                   help="draw no record from a file a training label comes from "
                        "(post-freeze audits' files stay, their judged records not)")  # fmt: skip
    c = sub.add_parser("collect", help="keep the verdicts with their keys")
    c.add_argument("labels", type=Path)
    c.add_argument("--into", type=Path, default=Path(__file__).parent / "judged")
    args = ap.parse_args()
    here = Path(__file__).parent
    if args.cmd == "draw":
        exclude = judged_keys([here / "audit", here / "audit" / "post-freeze", here / "judged"])
        seen = frozenset(k[0] for k in exclude) if args.unseen_documents else frozenset()
        if args.unlabelled_documents:
            # training labels: bench/judged and bench/audit's own files (not post-freeze)
            seen |= frozenset(k[0] for k in judged_keys([here / "audit", here / "judged"]))
        sizes = draw(args.stores, args.seed, args.batch_size, args.overlap, args.out, exclude,
                     args.min_confidence, seen, args.max_confidence,
                     frozenset(args.target_kinds),
                     args.first_batch)  # fmt: skip
        print(", ".join(f"{b}: {n}" for b, n in sizes.items()))
    else:
        print(collect(args.labels, args.into))


if __name__ == "__main__":
    main()
