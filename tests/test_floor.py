"""``bench/floor.py``: the I/O floor pass and the build's time as a multiple of it (issue 14)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FLOOR = REPO / "bench" / "floor.py"


def _run(*args: str | Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("PEACEKG_STORE", None)
    return subprocess.run(
        [sys.executable, str(FLOOR), *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_floor_pass_reads_every_file_and_counts_the_matches(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Peacekeeping and peacekeepers.\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_bytes(b"peacekeep \xff\n")  # not UTF-8: still read
    (tmp_path / ".hidden.txt").write_text("peacekeeping\n", encoding="utf-8")
    proc = _run(tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert re.match(r"floor: 2 files, [\d.]+ M characters, 3 matches, [\d.]+ s$", proc.stdout)


@pytest.mark.slow
def test_ratio_times_the_build_against_the_floor(tmp_path: Path) -> None:
    corpus = REPO / "examples" / "corpus"
    out = tmp_path / "floor.md"
    proc = _run("--ratio", corpus, "--runs", "1", "--write", out)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    report = out.read_text(encoding="utf-8")
    m = re.search(r"Median ratio ([\d.]+)", report)
    assert m and float(m.group(1)) > 1.0, report  # a build reads and does more than the floor
    assert "| 1 |" in report
