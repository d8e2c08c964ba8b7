#!/usr/bin/env python
"""Benchmark of the data set imports (``peacekg import votes`` / ``import personnel``).

    python bench/imports.py                          # prints the results
    python bench/imports.py --write bench/IMPORTS.md # and writes them as Markdown

Each import runs as a subprocess (the console script, the way a user runs it) into a fresh
store, then again into the same store (a re-import replaces the data set's graph). The
baseline is a plain ``csv.reader`` pass over the same files in a subprocess of the same
interpreter: the ratio says what loading into the graph costs beyond reading the data.
The votes import and the baseline run in turn (import, read, import, read, ...) and the
ratio is taken pair by pair, its median reported: on a machine shared with other jobs both
halves of a pair see about the same load, so the ratio holds where the seconds do not.
Wall and CPU times come from the kernel (``os.wait4`` on the child).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "reference"
VOTES_DIR = REFERENCE / "un-votes"
PERSONNEL = REFERENCE / "un-personnel" / "personnel-by-country-mission-year.csv"
#: The target of issue 13: the 870,109 votes load in under this many seconds.
TARGET_S = 60.0

_CSV_READ = """
import csv, sys
rows = 0
for name in sys.argv[1:]:
    with open(name, encoding="utf-8-sig", newline="") as fh:
        for _ in csv.reader(fh):
            rows += 1
print(rows)
"""


def peacekg_cmd() -> list[str]:
    script = Path(sys.executable).with_name("peacekg")
    return [str(script)] if script.exists() else [sys.executable, "-m", "peacekg.cli"]


def measure(cmd: list[str]) -> dict[str, float | str]:
    """Run ``cmd``; its wall time, CPU time (user + system), peak RSS and output."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {code}:\n{err}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
        "out": out,
    }


def run(pairs: int = 3) -> tuple[list[tuple[str, dict]], list[tuple[dict, dict]]]:
    """The measured steps, and ``pairs`` pairs of (votes import into a fresh store, csv read
    of the same files) run in turn."""
    vote_files = [str(VOTES_DIR / n) for n in ("un_roll_calls.csv", "un_votes.csv")]
    cmd = peacekg_cmd()
    paired = []
    for _ in range(pairs):
        with tempfile.TemporaryDirectory(prefix="peacekg-bench-imports-") as tmp:
            store = str(Path(tmp) / "store")
            votes = measure([*cmd, "import", "votes", str(VOTES_DIR), "--store", store])
        paired.append((votes, measure([sys.executable, "-c", _CSV_READ, *vote_files])))
    results = []
    results.append(("csv read: votes + roll calls", _median_run([b for _, b in paired])))
    results.append(
        ("csv read: personnel", measure([sys.executable, "-c", _CSV_READ, str(PERSONNEL)]))
    )
    results.append(("import votes (fresh store)", _median_run([a for a, _ in paired])))
    with tempfile.TemporaryDirectory(prefix="peacekg-bench-imports-") as tmp:
        store = str(Path(tmp) / "store")
        measure([*cmd, "import", "votes", str(VOTES_DIR), "--store", store])
        results.append(
            (
                "import votes again (replaces)",
                measure([*cmd, "import", "votes", str(VOTES_DIR), "--store", store]),
            )
        )
        results.append(
            (
                "import personnel",
                measure([*cmd, "import", "personnel", str(PERSONNEL), "--store", store]),
            )
        )
    return results, paired


def _median_run(runs: list[dict]) -> dict:
    """The run of median wall time."""
    return sorted(runs, key=lambda r: r["wall"])[len(runs) // 2]


def report(results: list[tuple[str, dict]], paired: list[tuple[dict, dict]]) -> str:
    by = dict(results)
    votes = by["import votes (fresh store)"]
    wall = statistics.median(a["wall"] / b["wall"] for a, b in paired)
    cpu = statistics.median(a["cpu"] / b["cpu"] for a, b in paired)
    idle = statistics.median(b["cpu"] for _, b in paired)
    lines = [
        "# Import benchmark",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.node() or '-'} "
        f"({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end), "
        "`python bench/imports.py`.",
        "",
        "Medians over the runs of each step; the fresh votes import and the csv read of the same",
        f"files ran in {len(paired)} pairs, in turn.",
        "",
        "| step | wall s | CPU s | peak RSS MB |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, r in results:
        lines.append(f"| {name} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['rss_mb']:.0f} |")
    lines += [
        "",
        f"Votes import, median of {len(paired)} pairs: {wall:.1f}x the wall time of a plain csv "
        f"read of the same files ({cpu:.1f}x its CPU time). The csv read is one CPU-bound "
        f"thread: on an idle machine its wall time is its CPU time, {idle:.2f} s here, so the "
        f"import takes about {wall * idle:.0f} s there (target < {TARGET_S:.0f} s: "
        f"{'met' if wall * idle < TARGET_S else 'MISSED'}).",
        "",
        "Output of the votes import:",
        "",
        "```",
        votes["out"].strip(),
        "```",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--write", type=Path, help="Also write the results to this Markdown file.")
    ap.add_argument("--pairs", type=int, default=3, help="Pairs of import and csv read.")
    args = ap.parse_args(argv)
    if not (VOTES_DIR / "un_votes.csv").exists():
        print(f"no votes at {VOTES_DIR}", file=sys.stderr)
        return 2
    text = report(*run(args.pairs))
    print(text)
    if args.write:
        args.write.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
