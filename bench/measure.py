"""The benchmark's paths and targets, and one command measured in a fresh subprocess: wall
time, CPU time and peak RSS (``os.wait4`` on the child; psutil, when installed, samples the
process tree for the main process and its largest worker).
"""

from __future__ import annotations

import contextlib
import os
import resource
import subprocess
import sys
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


def log(msg: str) -> None:
    """Print a progress line, timestamped."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)
