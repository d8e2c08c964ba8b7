#!/usr/bin/env python
"""peacekg benchmark on the UN General Debate Corpus (see bench/README.md).

    python bench/run.py --write bench/RESULTS.md     # the whole corpus (make bench)
    python bench/run.py --smoke                      # a tiny sample, < 60 s (make bench-smoke)

Every measured command runs in a fresh subprocess, the way a user runs it. Its CPU time and
peak RSS come from the kernel (``os.wait4`` on that child, and ``getrusage(RUSAGE_CHILDREN)``
around it); psutil, when installed, samples the process tree for the peak RSS of the main
process and of the largest worker. Queries are timed in-process through pyoxigraph; the naive
design (rdflib in memory, loaded from a TriG export) runs in its own subprocess.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from corpus import corpus_files, count_triples, extract_corpus, generation, parse_summary, sample
from measure import (
    DEFAULT_CORPUS,
    EXAMPLES,
    FRACTIONS,
    QUERY_DIR,
    REPO,
    SMOKE_DOCS,
    child_env,
    log,
    peacekg_cmd,
    run_measured,
)
from query_timing import (
    naive_main,
    profile_main,
    summarise_profile,
    time_queries_oxigraph,
    time_query_oxigraph,
)
from report import analysis, fmt, loadavg, machine, render

# --- the run ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help=f"only {SMOKE_DOCS} files (< 60 s)")
    ap.add_argument("--corpus", type=Path, default=Path(os.environ.get(
        "PEACEKG_BENCH_CORPUS", DEFAULT_CORPUS)))  # fmt: skip
    ap.add_argument("--write", type=Path, help="write the Markdown report here")
    ap.add_argument("--json", type=Path, help="write the raw measurements here")
    ap.add_argument("--jobs", "-j", type=int, default=None, help="build workers (default: all)")
    ap.add_argument("--runs", type=int, default=None, help="timed runs per query (default 20)")
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--naive-limit", type=float, default=60.0, help="seconds per naive query")
    ap.add_argument(
        "--query-budget", type=float, default=30.0, help="seconds of timed runs per query"
    )
    ap.add_argument(
        "--query-cap", type=float, default=180.0, help="kill a query still running after this"
    )
    ap.add_argument("--profile-percent", type=int, default=10)
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--no-naive", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--workdir", type=Path, help="parent of the temporary folder (not the repo)")
    # internal subprocess modes
    ap.add_argument("--_naive", nargs=3, metavar=("TRIG", "LIMIT", "RUNS"), help=argparse.SUPPRESS)
    ap.add_argument("--_oxq", nargs=5, help=argparse.SUPPRESS)
    ap.add_argument("--_profile", nargs=3, metavar=("DIR", "STORE", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args._naive:
        naive_main(Path(args._naive[0]), float(args._naive[1]), int(args._naive[2]))
        return 0
    if args._oxq:
        store, name, n, w, b = args._oxq
        v = time_query_oxigraph(Path(store), name, int(n), int(w), float(b))
        print("OXQ-JSON " + json.dumps(v))
        return 0
    if args._profile:
        profile_main(*map(Path, args._profile))
        return 0

    # on SIGTERM, still remove the temporary folder (the ``finally`` below)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    t_start = time.perf_counter()
    runs = args.runs or (5 if args.smoke else 20)
    warmup = min(args.warmup, 1) if args.smoke else args.warmup
    naive_limit = min(args.naive_limit, 5.0) if args.smoke else args.naive_limit
    r: dict[str, Any] = {
        "smoke": args.smoke,
        "machine": machine(),
        "load_start": loadavg(),
        "query_runs": runs,
        "query_warmup": warmup,
        "naive_limit": naive_limit,
        "query_cap": args.query_cap,
    }
    jobs = ["-j", str(args.jobs)] if args.jobs else []
    work = Path(tempfile.mkdtemp(prefix="peacekg-bench-", dir=args.workdir))
    if REPO in work.resolve().parents:
        print("refusing to work inside the repository", file=sys.stderr)
        return 2
    log(f"working in {work}")
    try:
        # corpus
        t0 = time.perf_counter()
        if args.corpus.is_file():
            root = extract_corpus(args.corpus, work, SMOKE_DOCS if args.smoke else None)
            source = f"`{args.corpus.name}`" + (
                f" (first {SMOKE_DOCS} speeches)" if args.smoke else ""
            )
        elif args.smoke and EXAMPLES.is_dir():
            root = work / "corpus"
            shutil.copytree(EXAMPLES, root)
            source = "examples/corpus (the UN General Debate archive was not found)"
        else:
            print(f"corpus not found: {args.corpus}", file=sys.stderr)
            return 2
        files = corpus_files(root) or sorted(
            p.relative_to(root) for p in root.rglob("*") if p.is_file()
        )
        total_mb = sum((root / f).stat().st_size for f in files) / 1e6
        r["corpus"] = {
            "source": source,
            "files": len(files),
            "mb": total_mb,
            "extract_s": time.perf_counter() - t0,
        }
        log(f"corpus: {len(files)} files, {total_mb:.1f} MB")

        # builds
        r["builds"] = []
        stores = work / "stores"
        for percent in FRACTIONS:
            folder, chosen = sample(root, files, percent, work)
            store = stores / f"p{percent:03d}"
            log(f"build {percent} %: {len(chosen)} files ...")
            m = run_measured([*peacekg_cmd(), "build", str(folder), "--store", str(store), *jobs])
            m.update(
                percent=percent,
                files=len(chosen),
                mb=sum((root / f).stat().st_size for f in chosen) / 1e6,
                summary=parse_summary(m["stdout"]),
                triples=count_triples(store) if (store / "CURRENT").exists() else 0,
            )
            if m["rc"] not in (0, 1) or not (store / "CURRENT").exists():
                raise RuntimeError(f"build failed ({m['rc']}):\n{m['stderr'][-3000:]}")
            log(
                f"  {m['wall']:.1f} s wall, {m['cpu']:.1f} CPU-s, {m['triples']:,} triples, "
                f"max RSS {fmt(m['maxrss_tree_mb'], 0)} MB, {m['summary']}"
            )
            r["builds"].append(_strip(m))
        full_store = stores / "p100"

        # no-op rebuild (through a wrapper that reports the bytes the process read)
        gen = generation(full_store)
        wrapper = (
            "import sys\nfrom peacekg.cli import main\ntry:\n    main()\nfinally:\n"
            "    sys.stderr.write('\\nIO ' + open('/proc/self/io').read().replace('\\n', ' '))\n"
        )
        log("no-op rebuild ...")
        m = run_measured(
            [sys.executable, "-c", wrapper, "build", str(root), "--store", str(full_store), *jobs]
        )
        rchar = re.search(r"rchar: (\d+)", m["stderr"])
        m.update(
            summary=parse_summary(m["stdout"]),
            same_generation=generation(full_store) == gen,
            read_mb=int(rchar.group(1)) / 1e6 if rchar else float("nan"),
        )
        log(f"  {m['wall']:.2f} s, {m['summary']}, same generation: {m['same_generation']}")
        r["noop"] = _strip(m)

        # one file changed
        changed = root / files[0]
        data = changed.read_bytes() + (
            b"\n\nWe strongly support the protection of civilians and the women, peace and "
            b"security agenda in every peacekeeping mandate.\n"
        )
        tmp = changed.with_name(changed.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, changed)  # a new inode: the samples' hard links keep the old text
        gen = generation(full_store)
        log("rebuild after changing one file ...")
        m = run_measured([*peacekg_cmd(), "build", str(root), "--store", str(full_store), *jobs])
        m.update(
            summary=parse_summary(m["stdout"]),
            same_generation=generation(full_store) == gen,
            file=str(files[0]),
        )
        log(f"  {m['wall']:.2f} s, {m['summary']}")
        r["change"] = _strip(m)

        # cold start
        log("cold start ...")
        help_runs = [
            run_measured([*peacekg_cmd(), "--help"], sample=False)["wall"] for _ in range(3)
        ]
        r["help"] = {"median": statistics.median(help_runs), "runs": help_runs}
        probe = run_measured([*peacekg_cmd(), "country", "--help"])
        if probe["rc"] != 0:
            r["country"] = {"skipped": True, "note": "no `country` command in this version"}
        else:
            cruns, last = [], None
            for _ in range(5):
                last = run_measured(
                    [*peacekg_cmd(), "country", "France", "--store", str(full_store)],
                    sample=False,
                )
                cruns.append(last["wall"])
            r["country"] = {
                "median": statistics.median(cruns),
                "runs": cruns,
                "rc": last["rc"],
                "lines": len(last["stdout"].splitlines()),
                "stderr": last["stderr"][-500:],
            }
            log(f"  country France: median {r['country']['median']:.3f} s (rc {last['rc']})")
            it = subprocess.run(
                [sys.executable, "-X", "importtime", "-m", "peacekg.cli", "country", "France",
                 "--store", str(full_store)],
                capture_output=True, text=True, env=child_env(), cwd=REPO,
            )  # fmt: skip
            rows = []
            for line in it.stderr.splitlines():
                mm = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
                if mm:
                    rows.append((int(mm.group(2)), len(mm.group(3)), mm.group(4)))
            top = sorted((x for x in rows if x[1] <= 3), reverse=True)[:12]
            r["importtime"] = [f"{c:>9,} µs  {name}" for c, _, name in top]

        # queries
        if QUERY_DIR.is_dir() and list(QUERY_DIR.glob("*.rq")):
            log("queries (oxigraph) ...")
            r["queries"] = time_queries_oxigraph(
                full_store, runs, warmup, args.query_budget, args.query_cap
            )
        else:
            r["queries"] = {}

        # viz
        log("viz ...")
        probe = run_measured([*peacekg_cmd(), "viz", "--help"])
        if probe["rc"] != 0:
            r["viz"] = {"skipped": True, "note": "no `viz` command in this version"}
        else:
            vcmd = [
                "viz", "--store", str(full_store), "--output", str(work / "viz.html"),
                # the whole connected graph around France (3,400 nodes on the full corpus),
                # capped at 2,000 nodes
                "--focus", "France", "--depth", "8", "--max-nodes", "2000", "--no-chart",
            ]  # fmt: skip
            m = run_measured([*peacekg_cmd(), *vcmd])
            m["command"] = "peacekg " + " ".join(
                a if not a.startswith(str(work)) else Path(a).name for a in vcmd
            )
            m["out"] = (m["stdout"].strip().splitlines() or [m["stderr"].strip()[-300:]])[-1]
            log(f"  {m['wall']:.2f} s: {m['out']}")
            r["viz"] = _strip(m)

        # naive design
        if not args.no_naive and r["queries"]:
            log("naive design: export TriG ...")
            trig = work / "export.trig"
            ex = run_measured(
                [*peacekg_cmd(), "export", "--store", str(full_store), "--format", "trig",
                 "--output", str(trig)]
            )  # fmt: skip
            if ex["rc"] != 0:
                r["naive"] = {"error": f"export failed: {ex['stderr'][-500:]}"}
            else:
                log("naive design: rdflib load and queries ...")
                nm = run_measured(
                    [sys.executable, str(Path(__file__).resolve()), "--_naive", str(trig),
                     str(naive_limit), "3"]
                )  # fmt: skip
                line = next(
                    (x for x in nm["stdout"].splitlines() if x.startswith("NAIVE-JSON ")), None
                )
                if line is None:
                    r["naive"] = {"error": f"rc {nm['rc']}: {nm['stderr'][-800:]}"}
                else:
                    r["naive"] = json.loads(line[len("NAIVE-JSON ") :])
                    r["naive"].update(
                        export_s=ex["wall"],
                        trig_mb=trig.stat().st_size / 1e6,
                        wall=nm["wall"],
                        maxrss_tree_mb=nm["maxrss_tree_mb"],
                    )
                    log(f"  load {r['naive']['load_s']:.1f} s, {r['naive']['rss_peak_mb']:.0f} MB")
                    for name, v in r["queries"].items():
                        nv = r["naive"]["queries"].get(name, {})
                        if v["median_ms"] is None:
                            v["speedup"] = None
                        elif nv.get("timed_out"):
                            v["speedup"] = naive_limit * 1000 / v["median_ms"]
                        elif nv.get("median_ms") is not None:
                            v["speedup"] = nv["median_ms"] / v["median_ms"]
                        else:
                            v["speedup"] = None
                        log(f"  {name}: naive {nv}")
                with contextlib.suppress(OSError):
                    trig.unlink()

        # profile
        if not args.no_profile:
            pct = args.profile_percent
            folder, chosen = sample(root, files, pct, work)
            out = work / "build.pstats"
            log(f"profile: in-process build of the {pct} % sample, -j 1 ...")
            pm = run_measured(
                [sys.executable, str(Path(__file__).resolve()), "--_profile", str(folder),
                 str(work / "stores" / "profile"), str(out)]
            )  # fmt: skip
            line = next(
                (x for x in pm["stdout"].splitlines() if x.startswith("PROFILE-JSON ")), None
            )
            if line and out.exists():
                info = json.loads(line[len("PROFILE-JSON ") :])
                prof = summarise_profile(out, 25)
                prof["all_cum"] = summarise_profile(out, 400)["by_cum"]
                prof.update(percent=pct, wall=info["wall"], built=info["built"])
                r["analysis"] = analysis(prof)
                prof.pop("all_cum")
                r["profile"] = prof
                log(f"  {info['wall']:.1f} s under the profiler")
            else:
                log(f"  profile failed: {pm['stderr'][-800:]}")
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    r["load_end"] = loadavg()
    ncpu = os.cpu_count() or 1
    busy = max(float(x) for x in (r["load_start"].split(" / ")[0], r["load_end"].split(" / ")[0]))
    r["load_note"] = (
        f"The machine was shared while this ran (load average up to {busy:.1f} on {ncpu} "
        "cores at the start or end): wall times include waiting for the CPU; CPU-seconds do "
        "not."
        if busy > ncpu * 0.75
        else ""
    )
    r["total_s"] = time.perf_counter() - t_start
    text = render(r)
    print(text)
    metrics = {
        "build_full_s": r["builds"][-1]["wall"],
        "build_full_cpu_s": r["builds"][-1]["cpu"],
        "triples": r["builds"][-1]["triples"],
        "noop_s": r["noop"]["wall"],
        "change_s": r["change"]["wall"],
        "country_s": (r.get("country") or {}).get("median"),
        "slowest_query_ms": None
        if any(v["median_ms"] is None for v in r["queries"].values())
        else max((v["median_ms"] for v in r["queries"].values()), default=None),
    }
    print("METRICS " + json.dumps(metrics))
    if args.write:
        args.write.write_text(text, encoding="utf-8")
        log(f"wrote {args.write}")
    if args.json:
        args.json.write_text(json.dumps(r, indent=1, default=str), encoding="utf-8")
    return 0


def _strip(m: dict[str, Any]) -> dict[str, Any]:
    """Drop bulky output from a measurement (keep the tails for diagnosis)."""
    m = dict(m)
    m["stdout"] = m["stdout"][-2000:]
    m["stderr"] = m["stderr"][-2000:]
    return m


if __name__ == "__main__":
    sys.exit(main())
