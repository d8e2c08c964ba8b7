"""Hostile-input benchmark: per-document cost against size, and peak memory on hostile files.

1. **Linearity.** Generated documents of repeated short statements (``tests/hostile_docs.py``)
   from 10 KB to 20 MB, all on one line or one statement per line, each built alone into a
   fresh store by ``peacekg build FILE`` in a subprocess (with the default budgets). For
   each: wall and CPU seconds (user + system of the process tree), peak RSS (``ru_maxrss``
   of the child from ``os.wait4``: its largest process), commitments, outcome. The cost of
   a document is its CPU time minus that of the 10 KB one (start-up and the store); the
   *slope ratio* is the cost per MB at 20 MB over the cost per MB at 1 MB (1.0 = linear).
2. **Memory.** Every file of the adversarial corpus (``tests/hostile_corpus.py``) built
   alone the same way: outcome and peak RSS, against a 1 GB ceiling.

``python bench/hostile.py [--sizes 0.01,0.1,1,5,20] [--write bench/RESULTS-hostile.md]``.
Run it on a quiet machine: CPU time is less sensitive to load than wall time, not immune.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from hostile_corpus import write_corpus  # noqa: E402
from hostile_docs import repeated_statements  # noqa: E402

MB = 1_000_000
MEMORY_CEILING = 1 << 30


@dataclass
class Run:
    """One ``peacekg build`` of one file."""

    name: str
    size: int
    wall: float
    cpu: float
    peak_rss: int  # bytes
    exit_code: int
    outcome: str  # "built" or the error line
    commitments: int


def build_one(path: Path, workdir: Path, extra: list[str]) -> Run:
    """Build ``path`` alone into a fresh store; measure time and memory of the process."""
    store = Path(tempfile.mkdtemp(prefix="store-", dir=workdir))
    cmd = [sys.executable, "-m", "peacekg.cli", "build", str(path), "--store", str(store)]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("PEACEKG_STORE", None)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [*cmd, *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    out, err = proc.stdout.read(), proc.stderr.read()  # type: ignore[union-attr]
    proc.stdout.close()  # type: ignore[union-attr]
    proc.stderr.close()  # type: ignore[union-attr]
    code = os.waitstatus_to_exitcode(status)
    errors = [ln for ln in err.splitlines() if ln.startswith("error: ")]
    m = re.search(r"(\d+) commitments", out)
    size = path.stat().st_size if path.is_file() else 0
    return Run(
        name=path.name,
        size=size,
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_rss=usage.ru_maxrss * 1024,
        exit_code=code,
        outcome="built" if code == 0 else (errors[0] if errors else f"exit {code}"),
        commitments=int(m.group(1)) if m else 0,
    )


def linearity(sizes: list[float], workdir: Path, extra: list[str]) -> list[tuple[str, Run]]:
    """Build repeated-statement documents of each size, one line and one per line."""
    runs: list[tuple[str, Run]] = []
    for layout in ("one line", "per line"):
        for mb in sizes:
            path = workdir / f"repeated-{mb:g}MB-{layout.replace(' ', '-')}.txt"
            path.write_text(repeated_statements(int(mb * MB), one_line=layout == "one line"))
            run = build_one(path, workdir, extra)
            print(
                f"{layout:9} {mb:>6g} MB  wall {run.wall:7.1f} s  cpu {run.cpu:7.1f} s  "
                f"rss {run.peak_rss / MB:6.0f} MB  {run.commitments} commitments  "
                f"{run.outcome}",
                flush=True,
            )
            runs.append((layout, run))
            path.unlink()
    return runs


def slope_ratios(runs: list[tuple[str, Run]]) -> dict[str, float | None]:
    """Cost per MB at the largest size over cost per MB at 1 MB, by layout."""
    out: dict[str, float | None] = {}
    for layout in ("one line", "per line"):
        mine = sorted((r for lay, r in runs if lay == layout), key=lambda r: r.size)
        base = mine[0].cpu if mine else 0.0
        at1 = [r for r in mine if abs(r.size - MB) < 0.05 * MB and r.exit_code == 0]
        top = mine[-1] if mine and mine[-1].exit_code == 0 and mine[-1].size > 2 * MB else None
        if not at1 or top is None:
            out[layout] = None
            continue
        per_mb_1 = (at1[0].cpu - base) / (at1[0].size / MB)
        per_mb_top = (top.cpu - base) / (top.size / MB)
        out[layout] = per_mb_top / per_mb_1 if per_mb_1 > 0 else None
    return out


def memory(workdir: Path) -> list[Run]:
    """Build every file of the adversarial corpus alone; outcome and peak memory."""
    corpus = write_corpus(workdir / "hostile")
    runs = []
    files = sorted(
        p for p in corpus.root.rglob("*") if not p.is_dir() and not p.name.endswith(".json")
    )
    for path in files:
        run = build_one(path, workdir, [])
        shown = run.name.encode("unicode_escape").decode("ascii")
        print(f"{shown:40.40} rss {run.peak_rss / MB:6.0f} MB  {run.outcome[:70]}", flush=True)
        runs.append(run)
    return runs


def report(lin: list[tuple[str, Run]], mem: list[Run], extra: list[str]) -> str:
    """The results as Markdown."""
    lines = [
        "# Hostile inputs: linearity and memory (`bench/hostile.py`)",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.node()} "
        f"({os.cpu_count()} cores, Python {platform.python_version()}), load average "
        f"{os.getloadavg()[0]:.1f} at the end. Each document built alone by `peacekg build` "
        "in a subprocess with the default budgets (`--max-seconds 300`, `--max-memory "
        "2048`) unless said here: size series with "
        f"`{' '.join(extra) or '(defaults)'}`. CPU = user + system seconds of the process "
        "and its workers; peak RSS = `ru_maxrss` (the largest process).",
        "",
        "## Per-document cost against size (repeated short statements)",
        "",
        "| layout | size | wall s | CPU s | CPU s/MB (minus 10 KB run) | peak RSS MB | "
        "commitments | outcome |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for layout in ("one line", "per line"):
        mine = [r for lay, r in lin if lay == layout]
        base = mine[0].cpu if mine else 0.0
        for r in mine:
            per = (r.cpu - base) / (r.size / MB) if r.size > 0.05 * MB else float("nan")
            lines.append(
                f"| {layout} | {r.size / MB:.3g} MB | {r.wall:.1f} | {r.cpu:.1f} | {per:.2f} | "
                f"{r.peak_rss / MB:.0f} | {r.commitments} | {r.outcome} |"
            )
    lines += ["", "Slope ratio (CPU s/MB at the largest size / at 1 MB; target <= 1.5):", ""]
    for layout, ratio in slope_ratios(lin).items():
        lines.append(f"- {layout}: " + (f"{ratio:.2f}" if ratio is not None else "n/a"))
    lines += [
        "",
        "## Peak memory on every hostile file (ceiling 1 GB)",
        "",
        "| file | size | peak RSS MB | outcome |",
        "| --- | ---: | ---: | --- |",
    ]
    for r in mem:
        shown = r.name.encode("unicode_escape").decode("ascii").replace("|", "\\|")
        outcome = r.outcome.replace("|", "\\|")[:110]
        lines.append(f"| `{shown}` | {r.size} | {r.peak_rss / MB:.0f} | {outcome} |")
    worst = max((r.peak_rss for r in mem), default=0)
    lines += [
        "",
        f"Largest peak: {worst / MB:.0f} MB "
        + ("(under 1 GB)" if worst < MEMORY_CEILING else "(OVER 1 GB)"),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    """Run both parts and print (or write) the Markdown report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.01,0.1,1,5,20", help="MB, comma-separated")
    parser.add_argument("--write", type=Path, default=None, help="write the report here")
    parser.add_argument("--no-memory", action="store_true", help="skip the hostile corpus")
    parser.add_argument("--no-linearity", action="store_true", help="skip the size series")
    parser.add_argument(
        "--build-args",
        default="",
        help="extra options of the size series' builds, e.g. '--max-seconds 1200'",
    )
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="peacekg-hostile-") as tmp:
        workdir = Path(tmp)
        extra = args.build_args.split()
        lin = [] if args.no_linearity else linearity(sizes, workdir, extra)
        mem = [] if args.no_memory else memory(workdir)
        text = report(lin, mem, extra)
    print(text)
    if args.write:
        args.write.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
