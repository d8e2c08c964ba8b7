"""Precision of extraction at scale: judge a random sample of the commitments of a store.

The gold sets (``peacekg evaluate``) measure precision and recall on a few dozen documents.
On a large corpus without gold, such as the General Debate, precision can still be
estimated: draw a reproducible random sample of extracted (commitment, target) records,
have a person judge each against the annotation conventions (``../shared/eval/README.md``),
and report the share judged correct with its 95 % Wilson interval.

    python bench/audit.py sample --store STORE --size 100 --out /tmp/sample.jsonl
    # judge: add "verdict": "correct" or "wrong", "error" (actor, polarity, target,
    # no-stance), optionally "subtype_ok" (true/false for correct backing) and "why"
    python bench/audit.py score /tmp/sample.jsonl --keep bench/audit/ungdc-seedNNNN.jsonl

The sample holds the evidence sentences for the judge and stays outside the repository
(the corpus is read from ``../shared``, never copied in). ``--keep`` records the verdicts
without the quotes: file, actor, stance, target, a hash of the evidence.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from rdflib import Literal
from rdflib.namespace import XSD

from peacekg.graph.query.entities import Labeler
from peacekg.graph.store.database import Store
from peacekg.loaders.calibration import wilson
from peacekg.ontology.namespaces import entity_type_of

_RECORDS = """
SELECT ?c ?actor ?stance ?target ?evidence ?file WHERE {
  GRAPH ?g { ?c a pk:Commitment ; pk:actor ?actor ; pk:stance ?stance ; pk:target ?target ;
                pk:evidence ?evidence . ?g pk:sourceFile ?file
             OPTIONAL { ?c pk:confidence ?confidence } }
  FILTER(!BOUND(?confidence) || ?confidence >= ?min)
}"""


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def sample(store: Path, size: int, seed: int, min_confidence: float = 0.0) -> list[dict[str, Any]]:
    """``size`` (commitment, target) records drawn at random (``seed``) from ``store``,
    among the commitments whose ``pk:confidence`` is at least ``min_confidence``."""
    st = Store(store)
    floor = {"min": Literal(str(min_confidence), datatype=XSD.decimal)}
    rows = sorted(
        ((str(r["c"]), str(r["actor"]), str(r["stance"]), str(r["target"]), str(r["evidence"]),
          str(r["file"])) for r in st.select(_RECORDS, floor)),
    )  # fmt: skip
    picked = random.Random(seed).sample(rows, min(size, len(rows)))
    label = Labeler(st)
    out = []
    for c, actor, stance, target, evidence, file in picked:
        out.append(
            {
                "commitment": c,
                "file": file,
                "actor": actor,
                "actor_label": label(actor).label,
                "stance": _local(stance),
                "target": target,
                "target_label": label(target).label,
                "evidence": evidence,
                "population": len(rows),
            }
        )
    return out


def score(judged: list[dict[str, Any]]) -> str:
    """Markdown table of precision overall, by stance and by kind of target."""
    groups: dict[str, list[bool]] = defaultdict(list)
    for r in judged:
        ok = r["verdict"] == "correct"
        groups["all"].append(ok)
        groups[f"stance {r['stance']}"].append(ok)
        groups[f"target {(entity_type_of(r['target']) or 'other').lower()}"].append(ok)
    lines = [
        "| records | judged | correct | precision | 95 % interval |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for name in ["all", *sorted(k for k in groups if k != "all")]:
        oks = groups[name]
        lo, hi = wilson(sum(oks), len(oks))
        lines.append(
            f"| {name} | {len(oks)} | {sum(oks)} | {sum(oks) / len(oks):.2f} | {lo:.2f}–{hi:.2f} |"
        )
    why = Counter(r.get("error", "unspecified") for r in judged if r["verdict"] != "correct")
    lines += ["", "Errors by kind: " + ", ".join(f"{k} {n}" for k, n in why.most_common())]
    subtypes = [r["subtype_ok"] for r in judged if r["verdict"] == "correct" and
                r.get("subtype_ok") is not None]  # fmt: skip
    if subtypes:
        lo, hi = wilson(sum(subtypes), len(subtypes))
        lines.append(
            f"Backing subtype right in {sum(subtypes)} of {len(subtypes)} correct records "
            f"({sum(subtypes) / len(subtypes):.2f}, 95 % interval {lo:.2f}–{hi:.2f})."
        )
    return "\n".join(lines)


def _kept(record: dict[str, Any]) -> dict[str, Any]:
    digest = hashlib.sha256(record["evidence"].encode()).hexdigest()[:16]
    keys = ("file", "actor", "stance", "target", "verdict", "error", "subtype_ok", "why")
    return {**{k: record.get(k) for k in keys}, "evidence_sha256": digest}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample", help="draw a random sample of commitments to judge")
    s.add_argument("--store", type=Path, required=True)
    s.add_argument("--size", type=int, default=100)
    s.add_argument("--seed", type=int, default=2026)
    s.add_argument("--min-confidence", type=float, default=0.0,
                   help="draw only among commitments at least this confident")  # fmt: skip
    s.add_argument("--out", type=Path, required=True)
    c = sub.add_parser("score", help="precision of a judged sample")
    c.add_argument("judged", type=Path)
    c.add_argument("--keep", type=Path, help="write the verdicts without the quotes here")
    args = ap.parse_args()
    if args.cmd == "sample":
        records = sample(args.store, args.size, args.seed, args.min_confidence)
        args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
        print(
            f"{len(records)} of {records[0]['population'] if records else 0} records -> {args.out}"
        )
        return
    judged = [json.loads(line) for line in args.judged.read_text().splitlines() if line.strip()]
    print(score(judged))
    if args.keep:
        args.keep.write_text(
            "".join(json.dumps(_kept(r), ensure_ascii=False) + "\n" for r in judged)
        )


if __name__ == "__main__":
    main()
