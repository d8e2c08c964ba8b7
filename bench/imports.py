#!/usr/bin/env python
"""Benchmark of the data set imports (``peacekg import votes`` / ``import personnel``).

    python bench/imports.py                          # prints the results
    python bench/imports.py --write bench/IMPORTS.md # and writes them as Markdown

Each import runs as a subprocess (the console script, the way a user runs it) into a fresh
store, then again into the same store (a re-import replaces the data set's graph). The
baseline is a plain ``csv.reader`` pass over the same files in a subprocess of the same
interpreter: the ratio says what loading into the graph costs beyond reading the data.
Wall and CPU times come from the kernel (``os.wait4`` on the child); on a shared machine the
CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
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


def run() -> list[tuple[str, dict]]:
    vote_files = [str(VOTES_DIR / n) for n in ("un_roll_calls.csv", "un_votes.csv")]
    results = []
    results.append(
        ("csv read: votes + roll calls", measure([sys.executable, "-c", _CSV_READ, *vote_files]))
    )
    results.append(
        ("csv read: personnel", measure([sys.executable, "-c", _CSV_READ, str(PERSONNEL)]))
    )
    with tempfile.TemporaryDirectory(prefix="peacekg-bench-imports-") as tmp:
        store = str(Path(tmp) / "store")
        cmd = peacekg_cmd()
        results.append(
            (
                "import votes (fresh store)",
                measure([*cmd, "import", "votes", str(VOTES_DIR), "--store", store]),
            )
        )
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
    return results


def report(results: list[tuple[str, dict]]) -> str:
    by = dict(results)
    votes, base = by["import votes (fresh store)"], by["csv read: votes + roll calls"]
    lines = [
        "# Import benchmark",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.node() or '-'} "
        f"({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end), "
        "`python bench/imports.py`.",
        "",
        "| step | wall s | CPU s | peak RSS MB |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, r in results:
        lines.append(f"| {name} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['rss_mb']:.0f} |")
    lines += [
        "",
        f"Votes import: {votes['wall']:.1f} s wall (target < {TARGET_S:.0f} s: "
        f"{'met' if votes['wall'] < TARGET_S else 'MISSED'}), "
        f"{votes['wall'] / base['wall']:.1f}x a plain csv read of the same files "
        f"({votes['cpu'] / base['cpu']:.1f}x in CPU time).",
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
    args = ap.parse_args(argv)
    if not (VOTES_DIR / "un_votes.csv").exists():
        print(f"no votes at {VOTES_DIR}", file=sys.stderr)
        return 2
    text = report(run())
    print(text)
    if args.write:
        args.write.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
