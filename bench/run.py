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
import datetime as dt
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "ungdc-1946-2017.tar.gz"
EXAMPLES = REPO / "examples" / "corpus"
QUERY_DIR = REPO / "queries"
FRACTIONS = (10, 50, 100)
SMOKE_DOCS = 40

TARGETS = {
    "build_s": 120.0,
    "build_stretch_s": 60.0,
    "rss_mb": 2048.0,
    "noop_s": 5.0,
    "country_s": 1.0,
    "query_ms": 200.0,
    "speedup": 20.0,
}

# --- measuring a subprocess ---------------------------------------------------------------


def peacekg_cmd() -> list[str]:
    """The ``peacekg`` console script beside this interpreter (else ``python -m peacekg.cli``)."""
    script = Path(sys.executable).with_name("peacekg")
    return [str(script)] if script.exists() else [sys.executable, "-m", "peacekg.cli"]


def child_env() -> dict[str, str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("PEACEKG_STORE", None)
    return env


def _tree_rss(proc: Any) -> tuple[int, int, int]:
    """(main RSS, largest child RSS, sum) of a psutil process and its descendants, bytes."""
    import psutil

    try:
        main = proc.memory_info().rss
        children = proc.children(recursive=True)
    except psutil.Error:
        return 0, 0, 0
    worker = total = 0
    for c in children:
        with contextlib.suppress(psutil.Error):
            rss = c.memory_info().rss
            worker = max(worker, rss)
            total += rss
    return main, worker, main + total


def run_measured(
    cmd: list[str], *, timeout: float | None = None, interval: float = 0.1, sample: bool = True
) -> dict[str, Any]:
    """Run ``cmd``; return wall time, CPU time, exit code, output and peak RSS figures.

    With ``sample``, psutil samples the process tree while it runs (peak RSS of the main
    process and of the largest worker); without, this process just waits (for short
    commands timed to the millisecond: on 2 cores, sampling would compete with them).
    """
    psutil = None
    if sample:
        with contextlib.suppress(ImportError):
            import psutil
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=child_env(), cwd=REPO)
        ps = None
        if psutil is not None:
            with contextlib.suppress(psutil.Error):
                ps = psutil.Process(proc.pid)
        peak_main = peak_worker = peak_sum = workers = 0
        main_cpu = 0.0
        seen: set[int] = set()
        status = ru = None
        timer = None
        if ps is None:
            if timeout:
                timer = threading.Timer(timeout, proc.kill)
                timer.start()
            _, status, ru = os.wait4(proc.pid, 0)
            if timer:
                timer.cancel()
        while ps is not None:
            pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if ps is not None:
                m, w, s = _tree_rss(ps)
                peak_main, peak_worker, peak_sum = (
                    max(peak_main, m),
                    max(peak_worker, w),
                    max(peak_sum, s),
                )
                with contextlib.suppress(psutil.Error):
                    seen.update(c.pid for c in ps.children(recursive=True))
                    t = ps.cpu_times()
                    main_cpu = t.user + t.system
            if timeout and time.perf_counter() - t0 > timeout:
                proc.kill()
                _, status, ru = os.wait4(proc.pid, 0)
                break
            time.sleep(interval)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        workers = len(seen)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "cmd": cmd,
        "rc": proc.returncode,
        "wall": wall,
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        # wait4: max RSS of the largest process of this child's tree (KiB on Linux).
        "maxrss_tree_mb": ru.ru_maxrss / 1024 if ru else None,
        # RUSAGE_CHILDREN: max over every child of this bench process so far (monotone).
        "maxrss_children_mb": after.ru_maxrss / 1024,
        "main_rss_mb": peak_main / 2**20 if ps else None,
        "worker_rss_mb": peak_worker / 2**20 if ps else None,
        "sum_rss_mb": peak_sum / 2**20 if ps else None,
        "workers": workers,
        # CPU time of the main process alone (last psutil sample, up to ``interval`` early).
        "main_cpu": main_cpu if ps else None,
        "stdout": stdout,
        "stderr": stderr,
        "timed_out": bool(timeout and wall > timeout),
    }


# --- corpus ---------------------------------------------------------------------------------


def extract_corpus(tar_path: Path, dest: Path, limit: int | None) -> Path:
    """Extract the ``.txt`` members of the archive under ``dest/corpus`` (the first ``limit``
    members in archive order when given); return that folder."""
    root = dest / "corpus"
    root.mkdir(parents=True)
    n = 0
    with tarfile.open(tar_path, "r:gz") as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith(".txt"):
                continue
            name = Path(member.name)
            if name.is_absolute() or ".." in name.parts or name.name.startswith("._"):
                continue
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as src, open(target, "wb") as dst:  # type: ignore[union-attr]
                shutil.copyfileobj(src, dst)
            n += 1
            if limit and n >= limit:
                break
    return root


def corpus_files(root: Path) -> list[Path]:
    return sorted(p.relative_to(root) for p in root.rglob("*.txt") if not p.name.startswith("."))


def sample(root: Path, files: list[Path], percent: int, dest: Path) -> tuple[Path, list[Path]]:
    """A deterministic ``percent`` % sample: files ordered by the SHA-256 of their relative
    path, the first ones taken (so the 10 % sample is inside the 50 % one), hard-linked."""
    if percent >= 100:
        return root, files
    ranked = sorted(files, key=lambda p: hashlib.sha256(str(p).encode()).hexdigest())
    chosen = sorted(ranked[: max(1, round(len(files) * percent / 100))])
    out = dest / f"sample-{percent:03d}"
    if out.is_dir():  # made earlier in this run
        return out, chosen
    for rel in chosen:
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(root / rel, target)
        except OSError:
            shutil.copy2(root / rel, target)
    return out, chosen


# --- store helpers --------------------------------------------------------------------------


def generation(store: Path) -> str:
    return (store / "CURRENT").read_text().strip()


def count_triples(store: Path) -> int:
    from peacekg.graph.store import Store

    return len(Store(store))


def parse_summary(text: str) -> dict[str, int]:
    m = re.search(r"documents: (\d+) built, (\d+) unchanged, (\d+) removed, (\d+) failed", text)
    keys = ("built", "unchanged", "removed", "failed")
    return dict(zip(keys, map(int, m.groups()), strict=True)) if m else {}


# --- queries --------------------------------------------------------------------------------


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
    from peacekg.graph.sparql import parse_term
    from peacekg.graph.store import Store, run_query

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
            [sys.executable, str(Path(__file__).resolve()), "--_oxq", str(store_path), name,
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

    from peacekg.graph.sparql import parse_term

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

    from peacekg.graph.build import build

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


# --- the report -----------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = platform.processor() or "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = None
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) / 2**20
    from importlib.metadata import version

    def v(name: str) -> str:
        try:
            return version(name)
        except Exception:
            return "not installed"

    commit = _git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = _git("status", "--porcelain", "--untracked-files=no")
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": ram,
        "os": platform.platform(),
        "python": platform.python_version(),
        "pyoxigraph": v("pyoxigraph"),
        "rdflib": v("rdflib"),
        "psutil": v("psutil"),
        "peacekg": v("peacekg"),
        "commit": commit + (" + uncommitted changes" if dirty else ""),
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(REPO), *args], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def loadavg() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def fmt(x: float | None, digits: int = 1) -> str:
    return "–" if x is None else f"{x:,.{digits}f}"


def ok(flag: bool | None) -> str:
    return "–" if flag is None else ("**met**" if flag else "**MISSED**")


def render(r: dict[str, Any]) -> str:
    m = r["machine"]
    lines = [
        "# peacekg benchmark results" + (" (smoke sample)" if r["smoke"] else ""),
        "",
        f"Generated by `bench/run.py{' --smoke' if r['smoke'] else ''}` on {m['date']} in "
        f"{r['total_s']:.0f} s. Methodology: `bench/README.md`.",
        "",
        "## Machine and versions",
        "",
        "| | |",
        "| --- | --- |",
        f"| CPU | {m['cpu']} |",
        f"| cores | {m['cores']} |",
        f"| RAM | {fmt(m['ram_gb'])} GB |",
        f"| OS | {m['os']} |",
        f"| Python | {m['python']} |",
        f"| pyoxigraph | {m['pyoxigraph']} |",
        f"| rdflib | {m['rdflib']} |",
        f"| psutil | {m['psutil']} |",
        f"| peacekg | {m['peacekg']}, commit {m['commit']} |",
        f"| load average (1/5/15 min) at start | {r['load_start']} |",
        f"| load average at end | {r['load_end']} |",
        "",
        f"Corpus: {r['corpus']['source']} — {r['corpus']['files']:,} files, "
        f"{r['corpus']['mb']:.1f} MB (extracted to a temporary folder in "
        f"{r['corpus']['extract_s']:.1f} s). Samples are deterministic: files ordered by the "
        "SHA-256 of their relative path, the first 10 % / 50 % taken (nested).",
        "",
    ]
    if r["load_note"]:
        lines += [f"> {r['load_note']}", ""]

    # targets
    full = r["builds"][-1]
    q = r.get("queries") or {}
    slowest = max(
        (v["median_ms"] if v["median_ms"] is not None else float("inf") for v in q.values()),
        default=None,
    )
    speedups = [v.get("speedup") for v in q.values() if v["aggregate"]]
    peak = max((b["maxrss_tree_mb"] or 0) for b in [*r["builds"], r["noop"], r["change"]] if b)
    country = r.get("country")
    lines += [
        "## Targets",
        "",
        "| target | measured | |",
        "| --- | --- | --- |",
        f"| full build ≤ {TARGETS['build_s']:.0f} s (stretch {TARGETS['build_stretch_s']:.0f} s),"
        f" both cores | {full['wall']:.1f} s ({full['cpu']:.0f} CPU-s, "
        f"{full['cpu'] / full['wall']:.2f} cores busy) | "
        f"{ok(full['wall'] <= TARGETS['build_s'])} |",
        f"| peak RSS ≤ 2 GB (largest process) | {peak:,.0f} MB | {ok(peak <= TARGETS['rss_mb'])} |",
        f"| no-op rebuild ≤ 5 s, no new generation | {r['noop']['wall']:.2f} s, "
        f"{'same' if r['noop']['same_generation'] else 'NEW'} generation | "
        f"{ok(r['noop']['wall'] <= TARGETS['noop_s'] and r['noop']['same_generation'])} |",
    ]
    if country and not country.get("skipped"):
        lines.append(
            f"| cold `peacekg country France` ≤ 1.0 s | median {country['median']:.2f} s | "
            f"{ok(country['median'] <= TARGETS['country_s'])} |"
        )
    else:
        lines.append("| cold `peacekg country France` ≤ 1.0 s | skipped | – |")
    if slowest is not None:
        lines.append(
            f"| every ready query ≤ 200 ms median | slowest "
            f"{fmt(slowest) + ' ms' if slowest != float('inf') else '> query cap'} | "
            f"{ok(slowest <= TARGETS['query_ms'])} |"
        )
    if speedups:
        agg = [(n, v.get("speedup")) for n, v in q.items() if v["aggregate"]]
        shown = ", ".join(
            f"{n} {speed(sp) if sp is not None else 'n/a (no answer)'}" for n, sp in agg
        )
        met = all(s is not None and s >= TARGETS["speedup"] for s in speedups)
        lines.append(f"| aggregate queries ≥ 20× faster than naive rdflib | {shown} | {ok(met)} |")
    lines.append("")

    # builds
    slow = [n for n, v in q.items() if v["median_ms"] is None or v["median_ms"] > 200]
    if slow:
        lines += [
            "",
            f'Ready queries above 200 ms: {", ".join(slow)}. See bench/README.md, "What made'
            ' the ready queries fast (and what still is not)".',
        ]
    lines.append("")
    lines += [
        "## Full builds (fresh store)",
        "",
        "| sample | files | MB | built / failed | wall s | MB/s | CPU s (main) | CPU s per MB |"
        " wall s per MB | triples | peak RSS main | peak RSS max worker | kernel max RSS (tree)"
        " | workers |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        " ---: | ---: |",
    ]
    for b in r["builds"]:
        s = b.get("summary", {})
        lines.append(
            f"| {b['percent']} % | {b['files']:,} | {b['mb']:.1f} | {s.get('built', '?')} / "
            f"{s.get('failed', '?')} | {b['wall']:.1f} | {b['mb'] / b['wall']:.2f} | "
            f"{b['cpu']:.0f} ({fmt(b.get('main_cpu'), 0)}) | {b['cpu'] / b['mb']:.2f} | "
            f"{b['wall'] / b['mb']:.2f} | "
            f"{b['triples']:,} | {fmt(b['main_rss_mb'], 0)} MB | {fmt(b['worker_rss_mb'], 0)} MB"
            f" | {fmt(b['maxrss_tree_mb'], 0)} MB | {b['workers']} |"
        )
    b0, b1 = r["builds"][0], r["builds"][-1]
    marginal = []
    for x, y in zip(r["builds"], r["builds"][1:], strict=False):
        if y["mb"] > x["mb"]:
            dmb = y["mb"] - x["mb"]
            marginal.append(
                f"{x['percent']}→{y['percent']} %: {(y['wall'] - x['wall']) / dmb:.3f}"
                f" s/MB wall, {(y['cpu'] - x['cpu']) / dmb:.3f} CPU-s/MB"
            )
    fit = _linear_fit([b["mb"] for b in r["builds"]], [b["wall"] for b in r["builds"]])
    lines += [
        "",
        "Marginal cost (the slope between samples): "
        + "; ".join(marginal)
        + "."
        + (
            f" Least-squares fit: wall ≈ {fit[0]:.1f} s + {fit[1]:.3f} s/MB × MB"
            f" (R² = {fit[2]:.4f}): a fixed start-up cost plus a constant cost per MB, i.e."
            " linear growth."
            if fit
            else ""
        ),
        f"Linearity: wall time per MB is {b0['wall'] / b0['mb']:.2f} s at {b0['percent']} % and"
        f" {b1['wall'] / b1['mb']:.2f} s at {b1['percent']} % (ratio "
        f"{(b1['wall'] / b1['mb']) / (b0['wall'] / b0['mb']):.2f}); CPU time per MB "
        f"{b0['cpu'] / b0['mb']:.2f} → {b1['cpu'] / b1['mb']:.2f} (ratio "
        f"{(b1['cpu'] / b1['mb']) / (b0['cpu'] / b0['mb']):.2f}). A ratio near 1 means cost"
        " grows linearly with the corpus; the fixed start-up cost (interpreter, imports,"
        " matchers, reference graphs) weighs more on the small sample.",
        f"`RUSAGE_CHILDREN` ru_maxrss of the bench process after all builds: "
        f"{r['builds'][-1]['maxrss_children_mb']:,.0f} MB (the max over every child so far).",
        "",
        "## Rebuilds of the full store",
        "",
        "| rebuild | wall s | CPU s | built | generation | notes |",
        "| --- | ---: | ---: | ---: | --- | --- |",
        f"| no-op (nothing changed) | {r['noop']['wall']:.2f} | {r['noop']['cpu']:.2f} | "
        f"{r['noop']['summary'].get('built', '?')} | "
        f"{'unchanged' if r['noop']['same_generation'] else 'NEW'} | read "
        f"{r['noop']['read_mb']:.0f} MB for a {r['corpus']['mb']:.0f} MB corpus "
        f"({r['noop']['read_mb'] / r['corpus']['mb']:.2f}× its size, imports and store "
        "included) |",
        f"| one file changed | {r['change']['wall']:.2f} | {r['change']['cpu']:.2f} | "
        f"{r['change']['summary'].get('built', '?')} | "
        f"{'unchanged' if r['change']['same_generation'] else 'new'} | "
        f"{r['change']['file']} |",
        "",
    ]

    lines += ["## Cold start", ""]
    c = r.get("country")
    if c and not c.get("skipped"):
        lines += [
            f"`peacekg country France` in a fresh process, {len(c['runs'])} runs on the full "
            f"store: median **{c['median']:.3f} s** (min {min(c['runs']):.3f}, max "
            f"{max(c['runs']):.3f}); exit code {c['rc']}, {c['lines']} lines of output. "
            f"For comparison `peacekg --help`: median {r['help']['median']:.3f} s.",
        ]
    else:
        lines.append(f"`peacekg country France`: skipped — {(c or {}).get('note', '')}")
    if r.get("importtime"):
        lines += [
            "",
            "Heaviest imports of `python -X importtime -m peacekg.cli country France` "
            "(cumulative µs, top-level and second-level modules):",
            "",
            "```",
            *r["importtime"],
            "```",
        ]
    lines.append("")

    lines += [
        "## Ready queries (`queries/*.rq`) — Oxigraph store vs naive rdflib",
        "",
    ]
    naive = r.get("naive") or {}
    if naive.get("error"):
        lines += [f"Naive design failed: {naive['error']}", ""]
    elif naive:
        lines += [
            f"Naive design: `peacekg export --format trig` ({naive['export_s']:.1f} s, "
            f"{naive['trig_mb']:.0f} MB), then an in-memory rdflib `Dataset(default_union=True)`"
            f" parses it in **{naive['load_s']:.1f} s** ({naive['triples']:,} quads), RSS "
            f"{naive['rss_after_load_mb']:,.0f} MB after loading, {naive['rss_peak_mb']:,.0f} MB"
            f" peak. Oxigraph needs no load: it opens the store read-only (its query processes"
            f" peaked at {max((v.get('rss_mb') or 0) for v in q.values()):,.0f} MB RSS). Each"
            f" naive query is capped at {r['naive_limit']:.0f} s; its row count is given in"
            " brackets when it differs from Oxigraph's.",
            "",
        ]
    lines += [
        f"Oxigraph: median and p95 of {r['query_runs']} runs after {r['query_warmup']} warm-ups,"
        " in-process through pyoxigraph on the full store (results fully iterated).",
        "",
        "| query | aggregate | rows | oxigraph median ms | p95 ms | runs | naive rdflib ms |"
        " speedup |",
        "| --- | :---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, v in q.items():
        nv = naive.get("queries", {}).get(name) if naive else None
        if v["median_ms"] is None:
            binds = " ".join(f"{k}={val}" for k, val in v["bindings"].items())
            if nv and nv.get("timed_out"):
                nshow = f"> {r['naive_limit'] * 1000:,.0f}"
            else:
                nshow = fmt(nv.get("median_ms"), 0) if nv else "–"
            lines.append(
                f"| {name}{f' ({binds})' if binds else ''} | {'yes' if v['aggregate'] else ''} |"
                f" – | > {r['query_cap'] * 1000:,.0f} (killed) | – | 0 | {nshow} | – |"
            )
            continue
        if nv is None or (v.get("speedup") is None and not nv.get("timed_out")):
            nshow, sp = "–", "–"
        elif nv["timed_out"]:
            nshow, sp = f"> {r['naive_limit'] * 1000:,.0f}", f"> {speed(v['speedup'])}"
        else:
            nshow, sp = f"{nv['median_ms']:,.0f}", speed(v["speedup"])
            if nv.get("rows") is not None and nv["rows"] != v["rows"]:
                nshow += f" ({nv['rows']:,} rows)"
        binds = " ".join(f"{k}={val}" for k, val in v["bindings"].items())
        lines.append(
            f"| {name}{f' ({binds})' if binds else ''} | {'yes' if v['aggregate'] else ''} | "
            f"{v['rows']:,} | {v['median_ms']:.1f} | {v['p95_ms']:.1f} | {v['runs']} | {nshow} |"
            f" {sp} |"
        )
    lines.append("")

    lines += ["## Visualisation", ""]
    vz = r.get("viz")
    if vz and not vz.get("skipped"):
        lines += [
            f"`{vz['command']}`: {vz['wall']:.2f} s wall, {vz['cpu']:.2f} CPU-s, peak RSS "
            f"{fmt(vz['maxrss_tree_mb'], 0)} MB, exit {vz['rc']}: {vz['out']}",
        ]
    else:
        lines.append(f"skipped — {(vz or {}).get('note', '')}")
    lines.append("")

    p = r.get("profile")
    if p:
        lines += [
            "## Where the time goes",
            "",
            f"cProfile of an in-process build of the {p['percent']} % sample with one job "
            f"({p['built']} documents, {p['wall']:.1f} s under the profiler, "
            f"{p['total']:.1f} s of profiled time). Time spent inside C code (regular "
            "expressions iterated with `finditer`, pyoxigraph) is counted as the own time of "
            "the Python function that drives it.",
            "",
            *r["analysis"],
            "",
            "Own time by module:",
            "",
            "| module | own s | % |",
            "| --- | ---: | ---: |",
        ]
        for mod, t in p["by_module"][:12]:
            lines.append(f"| {mod} | {t:.2f} | {100 * t / p['total']:.1f} |")
        lines += [
            "",
            "Top functions by cumulative time:",
            "",
            "| function | calls | cumulative s | % | own s |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for f in p["by_cum"][:20]:
            lines.append(
                f"| `{f['func']}` | {f['calls']:,} | {f['cum']:.2f} | "
                f"{100 * f['cum'] / p['total']:.1f} | {f['own']:.2f} |"
            )
        lines += [
            "",
            "Top functions by own time:",
            "",
            "| function | calls | own s | % | cumulative s |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for f in p["by_own"][:20]:
            lines.append(
                f"| `{f['func']}` | {f['calls']:,} | {f['own']:.2f} | "
                f"{100 * f['own'] / p['total']:.1f} | {f['cum']:.2f} |"
            )
        lines.append("")
    return "\n".join(lines) + "\n"


def _linear_fit(xs: list[float], ys: list[float]) -> tuple[float, float, float] | None:
    """(intercept, slope, R²) of the least-squares line through the points."""
    n = len(xs)
    if n < 2 or len(set(xs)) < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    intercept = my - slope * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    return intercept, slope, 1 - ss_res / ss_tot if ss_tot else 1.0


def speed(x: float) -> str:
    return f"{x:,.1f}×" if x < 10 else f"{x:,.0f}×"


def analysis(p: dict[str, Any]) -> list[str]:
    """Sentences on the profile: extraction vs store vs start-up, and the hot spots."""
    total = p["total"]
    cum = {f["func"]: f for f in p["all_cum"]}

    def find(pattern: str) -> float:
        return max((f["cum"] for k, f in cum.items() if re.search(pattern, k)), default=0.0)

    parts = [
        ("extraction (`loaders.pipeline.extract`)", find(r"loaders/pipeline\.py:\d+\(extract\)")),
        ("  of which commitments", find(r"loaders/pipeline\.py:\d+\(_commitments\)")),
        ("  of which entity mentions", find(r"loaders/pipeline\.py:\d+\(_(?:mentions|people)\)")),
        ("  of which speakers", find(r"loaders/pipeline\.py:\d+\(_speakers\)")),
        ("  of which reading files", find(r"read\.py:\d+\(read_document\)")),
        ("quads (`graph.rdf.extraction_quads`)", find(r"rdf\.py:\d+\(extraction_quads\)")),
        ("N-Quads serialisation (workers)", find(r"built-in method pyoxigraph\.serialize")),
        ("reference + ontology graphs", find(r"build\.py:\d+\(_write_reference\)")),
        ("store writes (bulk_load)", find(r"bulk_load")),
        ("store compaction (optimize)", find(r"method 'optimize' of 'pyoxigraph")),
        ("hashing files", find(r"build\.py:\d+\(file_sha256\)")),
    ]
    out = ["| part of the build | cumulative s | % of build |", "| --- | ---: | ---: |"]
    for label, t in parts:
        if t:
            out.append(f"| {label} | {t:.2f} | {100 * t / total:.1f} |")
    hot = p["extraction_cum"][:10]
    out += [
        "",
        "Extraction functions (`loaders/*`) by cumulative time — the hot spots to tune:",
        "",
        "| function | calls | cumulative s | % of build | own s |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for f in hot:
        out.append(
            f"| `{f['func']}` | {f['calls']:,} | {f['cum']:.2f} | {100 * f['cum'] / total:.1f}"
            f" | {f['own']:.2f} |"
        )
    return out


# --- the run ----------------------------------------------------------------------------------


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


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
