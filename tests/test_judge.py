"""Judged training data (``bench/judge.py``): drawing candidates and keeping verdicts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO

JUDGE = REPO / "bench" / "judge.py"


def _run(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(JUDGE), *map(str, args)], capture_output=True, text=True, timeout=120
    )


def _draw(store: Path, out: Path) -> subprocess.CompletedProcess:
    return _run("draw", "--store", f"{store}:seeds:7", "--seed", "3", "--batch-size", "3",
                "--overlap", "2", "--out", out)  # fmt: skip


def test_draw_is_reproducible_with_overlap_and_context(seeds_store: Path, tmp_path: Path) -> None:
    for out in (tmp_path / "a", tmp_path / "b"):
        proc = _draw(seeds_store, out)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip() == "b01: 3, b02: 3, b03: 1"
    for name in ("b01", "b02", "b03"):
        a = (tmp_path / "a" / "batches" / f"{name}.jsonl").read_text()
        assert a == (tmp_path / "b" / "batches" / f"{name}.jsonl").read_text()
    b1 = [json.loads(x) for x in (tmp_path / "a/batches/b01.jsonl").read_text().splitlines()]
    b2 = [json.loads(x) for x in (tmp_path / "a/batches/b02.jsonl").read_text().splitlines()]
    assert [r["id"] for r in b1] == ["b01-001", "b01-002", "b01-003", "b02-001", "b02-002"]
    assert b1[3:] == b2[:2]  # the overlap is the next batch's first records, shown the same
    for r in b1:
        assert f"[[{r['evidence']}]]" in r["context"]
        assert r["actor"] and r["target"] and not r["actor"].startswith("https://")
    keys = json.loads((tmp_path / "a" / "keys.json").read_text())
    assert len(keys) == 7 and keys["b01-001"]["source"] == "seeds"


def test_collect_keeps_keys_and_verdicts_and_reports_agreement(
    seeds_store: Path, tmp_path: Path
) -> None:
    assert _draw(seeds_store, tmp_path).returncode == 0
    judged = tmp_path / "judged"
    judged.mkdir()
    for name in ("b01", "b02"):
        lines = (tmp_path / "batches" / f"{name}.jsonl").read_text().splitlines()
        verdicts = []
        for line in lines:
            rid = json.loads(line)["id"]
            # the two judges of b02-002 disagree
            wrong = rid == "b02-002" and name == "b01"
            verdicts.append(
                {
                    "id": rid,
                    "verdict": "wrong" if wrong else "correct",
                    "error": "target" if wrong else None,
                    "annotator": name.upper(),
                }
            )
        (judged / f"{name}.jsonl").write_text("".join(json.dumps(v) + "\n" for v in verdicts))
    into = tmp_path / "kept"
    proc = _run("collect", tmp_path, "--into", into)
    assert proc.returncode == 0, proc.stderr
    assert "6 records judged (6 correct, 0 wrong), 1 not yet judged" in proc.stdout
    assert "agreement on the overlap 1/2" in proc.stdout
    kept = [json.loads(x) for x in (into / "b02.jsonl").read_text().splitlines()]
    second = [r for r in kept if r["id"] == "b02-002"]
    assert [r["annotator"] for r in second] == ["B02", "B01"]  # the owner's verdict first
    assert {"file", "actor", "stance", "target", "start", "end", "evidence_sha256"} <= set(kept[0])
    assert "evidence" not in kept[0] and "context" not in kept[0]


def _drawn(out: Path) -> int:
    return len(json.loads((out / "keys.json").read_text()))


def test_draw_for_an_audit_keeps_only_confident_records(seeds_store: Path, tmp_path: Path) -> None:
    from peacekg.graph.store.database import Store

    rows = Store(seeds_store).select(
        "SELECT DISTINCT ?c ?t ?conf WHERE { GRAPH ?g { ?c a pk:Commitment ; pk:target ?t ;"
        " pk:confidence ?conf } }"
    )
    confident = sum(1 for r in rows if float(r["conf"]) >= 0.9)
    every, audit = tmp_path / "every", tmp_path / "audit"
    assert _run("draw", "--store", f"{seeds_store}:seeds:all", "--out", every).returncode == 0
    proc = _run("draw", "--store", f"{seeds_store}:seeds:all", "--min-confidence", "0.9",
                "--out", audit)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert 0 < _drawn(audit) < _drawn(every)
    assert _drawn(audit) <= confident  # records are (commitment, target) pairs, deduplicated
    for line in (audit / "batches" / "b01.jsonl").read_text().splitlines():
        assert "confidence" not in json.loads(line)  # annotators never see the model's score
