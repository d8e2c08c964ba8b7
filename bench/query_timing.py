"""The ready queries timed in-process through pyoxigraph, the naive design (rdflib in memory,
from a TriG export) timed in its own subprocess, and the build profiled with cProfile.
"""

from __future__ import annotations

import contextlib
import json
import re
import resource
import signal
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from measure import QUERY_DIR, REPO, log, run_measured

# --- queries --------------------------------------------------------------------------------

#: The script whose hidden ``--_oxq`` option times one query in a fresh process.
RUN_SCRIPT = Path(__file__).resolve().with_name("run.py")


def ready_queries() -> dict[str, tuple[str, dict[str, str]]]:
    """name -> (text, bindings) for queries/*.rq; bindings from a ``--bind a=b`` comment."""
    out = {}
    for path in sorted(QUERY_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        comments = "\n".join(line for line in text.splitlines() if line.startswith("#"))
        binds = {k: v.rstrip(").,;:") for k, v in re.findall(r"--bind\s+(\w+)=(\S+)", comments)}
        out[path.stem] = (text, binds)
    return out


def is_aggregate(text: str) -> bool:
    """A query that answers an aggregate question: it groups or counts itself, or reads
    the counts the build precomputed in the summary graph."""
    return bool(re.search(r"\bGROUP\s+BY\b|\bCOUNT\s*\(|/id/graph/summary>", text, re.IGNORECASE))


def time_query_oxigraph(
    store_path: Path, name: str, runs: int, warmup: int, budget: float
) -> dict[str, Any]:
    """(subprocess) Time one ready query through pyoxigraph: warm-ups, then timed runs; a
    slow query stops once it has used ``budget`` seconds (a run slower than half the budget
    is timed without warm-up)."""
    from peacekg.graph.query.sparql import parse_term
    from peacekg.graph.store.database import Store
    from peacekg.graph.store.terms import run_query

    store = Store(store_path)
    text, binds = ready_queries()[name]
    bindings = {k: parse_term(v) for k, v in binds.items()}
    times: list[float] = []
    rows = 0
    started = time.perf_counter()
    done_warmup = 0
    while len(times) < runs:
        t0 = time.perf_counter()
        res = run_query(store.oxigraph, text, bindings)
        rows = sum(1 for sol in res for _ in [tuple(sol)])
        elapsed = time.perf_counter() - t0
        if done_warmup < warmup and elapsed < budget / 2:
            done_warmup += 1
            continue
        times.append(elapsed)
        if time.perf_counter() - started > budget:
            break
    return {
        "rows": rows,
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": percentile(times, 95) * 1000,
        "min_ms": min(times) * 1000,
        "runs": len(times),
        "warmups": done_warmup,
    }


def time_queries_oxigraph(
    store_path: Path, runs: int, warmup: int, budget: float, cap: float
) -> dict[str, dict[str, Any]]:
    """Every ready query, each in its own subprocess killed after ``cap`` seconds (a query
    evaluated in Rust cannot be interrupted from Python)."""
    results = {}
    for name, (text, binds) in ready_queries().items():
        m = run_measured(
            [sys.executable, str(RUN_SCRIPT), "--_oxq", str(store_path), name,
             str(runs), str(warmup), str(budget)],
            timeout=cap,
        )  # fmt: skip
        line = next((x for x in m["stdout"].splitlines() if x.startswith("OXQ-JSON ")), None)
        if line is not None:
            v = json.loads(line[len("OXQ-JSON ") :])
            v["timed_out"] = False
        else:
            v = {"rows": None, "median_ms": None, "p95_ms": None, "runs": 0, "timed_out": True,
                 "error": None if m["timed_out"] else m["stderr"][-500:]}  # fmt: skip
        v.update(aggregate=is_aggregate(text), bindings=binds, rss_mb=m["maxrss_tree_mb"])
        results[name] = v
        log(
            f"  {name}: "
            + (f"median {v['median_ms']:.1f} ms, {v['rows']} rows" if v["median_ms"] is not None
               else f"no result within {cap:.0f} s")
        )  # fmt: skip
    return results


def percentile(values: list[float], p: float) -> float:
    s = sorted(values)
    k = (len(s) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


class _Timeout(Exception):
    pass


def naive_main(trig: Path, limit: float, max_runs: int) -> None:
    """(subprocess) Load the TriG export into an rdflib Dataset and run the ready queries."""
    from rdflib import Dataset

    from peacekg.graph.query.sparql import parse_term

    t0 = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(str(trig), format="trig")
    load = time.perf_counter() - t0
    report: dict[str, Any] = {
        "load_s": load,
        "triples": sum(1 for _ in ds.quads((None, None, None, None))),
        "rss_after_load_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "queries": {},
    }

    def alarm(*_: object) -> None:
        raise _Timeout

    signal.signal(signal.SIGALRM, alarm)
    for name, (text, binds) in ready_queries().items():
        bindings = {k: parse_term(v) for k, v in binds.items()}
        times: list[float] = []
        rows = None
        timed_out = False
        for _ in range(max_runs):
            signal.setitimer(signal.ITIMER_REAL, limit)
            t = time.perf_counter()
            try:
                rows = len(list(ds.query(text, initBindings=bindings)))
                times.append(time.perf_counter() - t)
            except _Timeout:
                timed_out = True
                break
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            if times[-1] > limit / 4:  # slow: one run is enough
                break
        report["queries"][name] = {
            "rows": rows,
            "median_ms": statistics.median(times) * 1000 if times else None,
            "runs": len(times),
            "timed_out": timed_out,
        }
    report["rss_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("NAIVE-JSON " + json.dumps(report))


def profile_main(sample_dir: Path, store: Path, out: Path) -> None:
    """(subprocess) cProfile an in-process build with one job."""
    import cProfile

    from peacekg.graph.ingest.documents import build

    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    report = build([sample_dir], store, jobs=1)
    prof.disable()
    wall = time.perf_counter() - t0
    prof.dump_stats(str(out))
    print("PROFILE-JSON " + json.dumps({"wall": wall, "built": len(report.built)}))


def summarise_profile(path: Path, top: int) -> dict[str, Any]:
    import pstats

    st = pstats.Stats(str(path))
    total = st.total_tt  # type: ignore[attr-defined]
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
        rows.append(
            {"func": f"{_short_path(file)}:{line}({func})", "file": file, "calls": nc,
             "own": tt, "cum": ct}
        )  # fmt: skip
    by_module: dict[str, float] = {}
    for r in rows:
        mod = _module_of(r["file"])
        by_module[mod] = by_module.get(mod, 0.0) + r["own"]
    extraction = [r for r in rows if "/loaders/" in r["file"] and "site-packages" not in r["file"]]
    return {
        "total": total,
        "by_cum": sorted(rows, key=lambda r: -r["cum"])[:top],
        "by_own": sorted(rows, key=lambda r: -r["own"])[:top],
        "by_module": sorted(by_module.items(), key=lambda kv: -kv[1])[:top],
        "extraction_cum": sorted(extraction, key=lambda r: -r["cum"])[:top],
    }


def _short_path(file: str) -> str:
    if "site-packages/" in file:
        return file.split("site-packages/", 1)[1]
    with contextlib.suppress(ValueError):
        return str(Path(file).relative_to(REPO))
    return file if file.startswith("{") or file == "~" else Path(file).name


def _module_of(file: str) -> str:
    if file in ("~",) or file.startswith("<"):
        return "builtins (C calls: regex, pyoxigraph, I/O...)"
    short = _short_path(file)
    if "site-packages/" in file:
        return short.split("/", 1)[0] + " (dependency)"
    if "/lib/python3" in file:
        return "python stdlib: " + Path(file).parent.name + "/" + Path(file).name
    return short
