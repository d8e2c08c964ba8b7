"""The benchmark runs end to end on a tiny sample (``bench/run.py --smoke``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_bench_smoke_runs_and_prints_the_metrics(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("PEACEKG_STORE", None)
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "run.py"),
            "--smoke",
            "--workdir",
            str(tmp_path),
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    for heading in ("## Targets", "## Full builds", "## Rebuilds", "## Ready queries"):
        assert heading in proc.stdout
    line = next(x for x in proc.stdout.splitlines() if x.startswith("METRICS "))
    metrics = json.loads(line[len("METRICS ") :])
    assert metrics["build_full_s"] > 0
    assert metrics["triples"] > 0
    assert metrics["noop_s"] > 0
    raw = json.loads(out.read_text(encoding="utf-8"))
    assert raw["noop"]["same_generation"], "a no-op rebuild must not create a generation"
    assert raw["noop"]["summary"]["built"] == 0
    assert raw["change"]["summary"]["built"] == 1
    # the temporary corpus and stores are removed
    assert not any(p.name.startswith("peacekg-bench-") for p in tmp_path.iterdir())
