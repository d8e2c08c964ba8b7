"""The precision audit (``bench/audit.py``): sampling a real store and scoring verdicts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO

AUDIT = REPO / "bench" / "audit.py"


def _run(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(AUDIT), *map(str, args)], capture_output=True, text=True, timeout=120
    )


def test_sample_is_reproducible_and_carries_its_evidence(mini_store: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for out in (first, second):
        proc = _run("sample", "--store", mini_store, "--size", "3", "--seed", "7", "--out", out)
        assert proc.returncode == 0, proc.stderr
    assert first.read_text() == second.read_text()
    records = [json.loads(line) for line in first.read_text().splitlines()]
    assert len(records) == 3
    for r in records:
        assert r["evidence"] and r["file"] and r["actor_label"] and r["target_label"]
        assert r["stance"] in {"Support", "Pledge", "Contribution", "CallForAction", "Opposition"}


def test_score_reports_precision_with_an_interval_and_keeps_no_quotes(tmp_path: Path) -> None:
    judged = tmp_path / "judged.jsonl"
    rows = [
        {"file": "X.txt", "actor": "a", "stance": "Support", "evidence": "We back it.",
         "target": "https://w3id.org/peacekg/id/priority/wps", "verdict": "correct",
         "subtype_ok": True},
        {"file": "X.txt", "actor": "a", "stance": "Support", "evidence": "It was said.",
         "target": "https://w3id.org/peacekg/id/initiative/x", "verdict": "wrong",
         "error": "no-stance", "why": "a mention"},
    ]  # fmt: skip
    judged.write_text("".join(json.dumps(r) + "\n" for r in rows))
    kept = tmp_path / "kept.jsonl"
    proc = _run("score", judged, "--keep", kept)
    assert proc.returncode == 0, proc.stderr
    assert "| all | 2 | 1 | 0.50 | 0.09–0.91 |" in proc.stdout
    assert "| target priority | 1 | 1 | 1.00 |" in proc.stdout
    assert "no-stance 1" in proc.stdout
    assert "Backing subtype right in 1 of 1 correct records" in proc.stdout
    assert "We back it" not in kept.read_text()
    assert all("evidence_sha256" in json.loads(line) for line in kept.read_text().splitlines())


def test_min_confidence_draws_only_above_the_floor(mini_store: Path, tmp_path: Path) -> None:
    """Every mini-store commitment is scored 0.95: a floor below keeps all, above keeps none."""
    outs = {}
    for floor in ("0", "0.5", "0.99"):
        out = tmp_path / f"s{floor}.jsonl"
        proc = _run("sample", "--store", mini_store, "--size", "50", "--seed", "1",
                    "--min-confidence", floor, "--out", out)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        outs[floor] = out.read_text()
    assert outs["0"] == outs["0.5"] and outs["0"]
    assert outs["0.99"].strip() == ""
