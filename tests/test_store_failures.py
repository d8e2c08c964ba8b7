"""A full disk, a read-only store, a permission denied, another version, a dead lock owner,
leftovers: one-line errors (exit 1, no traceback), the previous state intact, and the next
writer repairing what a killed process left.

The disk cases use a real tmpfs where this process may mount one (root in a container),
else a real kernel failure injected with ``RLIMIT_FSIZE`` / ``chmod``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_cli

from peacekg.errors import StoreLocked
from peacekg.graph.store.database import Store
from peacekg.graph.store.locks import LOCK, Owner, WriterLock

pytestmark = pytest.mark.slow

ROOT = os.geteuid() == 0


def _one_line_error(proc: subprocess.CompletedProcess, *words: str) -> str:
    """Assert a clean failure: exit 1, one ``Error:`` line naming ``words``, no traceback."""
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, proc.stderr
    for word in words:
        assert word in errors[0], errors[0]
    return errors[0]


def _digest(store: Path) -> str:
    with Store(store) as s:
        return hashlib.sha256(s.oxigraph.dump(format=_nquads())).hexdigest()


def _nquads():
    import pyoxigraph

    return pyoxigraph.RdfFormat.N_QUADS


@contextlib.contextmanager
def _tmpfs(path: Path, size: str) -> Iterator[bool]:
    """Mount a tmpfs at ``path``; yield False (and mount nothing) where that is not allowed."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = (
        ROOT
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
        ).returncode
        == 0
    )
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(path)], check=False)


def _limit_file_size() -> None:  # runs in the child before exec
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def _cli(*args, preexec=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("PEACEKG_STORE", None)
    return subprocess.run(
        [sys.executable, "-m", "peacekg.cli", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        preexec_fn=preexec,
    )


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in sorted(EXAMPLES.iterdir())[:2]:
        shutil.copy(f, corpus / f.name)
    return corpus


def test_full_disk_is_one_line_and_keeps_the_previous_state(
    tmp_path: Path, small_corpus: Path
) -> None:
    more = tmp_path / "more"
    shutil.copytree(EXAMPLES, more)
    with _tmpfs(tmp_path / "disk", "64m") as mounted:
        store = tmp_path / "disk" / "store"
        out = tmp_path / "disk" / "kg.nq"
        run_cli("build", small_corpus, "--store", store, check=True)
        run_cli("export", "--store", store, "-o", out, check=True)
        before, exported = _digest(store), out.read_bytes()
        if mounted:  # fill the disk up to a few KB
            free = shutil.disk_usage(store).free
            with open(tmp_path / "disk" / "filler", "wb") as fh:
                fh.write(b"\0" * max(0, free - 16 * 1024))
            preexec = None
            reason = "No space left on device"
        else:
            preexec, reason = _limit_file_size, "File too large"
        proc = _cli("build", more, "--store", store, "-j", "1", preexec=preexec)
        _one_line_error(proc, str(store), reason)
        assert _digest(store) == before
        proc = _cli("export", "--store", store, "--format", "trig", "-o", out, preexec=preexec)
        _one_line_error(proc, str(out), reason)
        assert out.read_bytes() == exported
        assert sorted(p.name for p in out.parent.iterdir()) == sorted(
            ["store", "kg.nq"] + (["filler"] if mounted else [])
        )
        (tmp_path / "disk" / "filler").unlink(missing_ok=True)
        run_cli("build", more, "--store", store, check=True)  # space again: it just works
        assert len(list(store.glob("gen-*"))) == 1


def test_read_only_store_is_one_line_and_still_readable(tmp_path: Path, small_corpus: Path) -> None:
    store = tmp_path / "store"
    run_cli("build", small_corpus, "--store", store, check=True)
    before = _digest(store)
    view = tmp_path / "ro"
    view.mkdir()
    bound = ROOT and subprocess.run(["mount", "--bind", str(store), str(view)]).returncode == 0
    try:
        if bound:
            subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], check=True)
            reason = "Read-only file system"
        else:
            shutil.rmtree(view)
            shutil.copytree(store, view)
            for folder in [view, *[p for p in view.rglob("*") if p.is_dir()]]:
                folder.chmod(0o555)
            reason = "Permission denied"
        proc = run_cli("build", EXAMPLES, "--store", view)
        _one_line_error(proc, str(view), reason)
        proc = run_cli("country", "France", "--store", view, "--format", "json")
        assert proc.returncode == 0, proc.stderr
        proc = run_cli("doctor", "--store", view)
        assert proc.returncode == 0 and "live generation" in proc.stdout, proc.stderr
    finally:
        if bound:
            subprocess.run(["umount", str(view)], check=False)
        else:
            for folder in [view, *[p for p in view.rglob("*") if p.is_dir()]]:
                folder.chmod(0o755)
    assert _digest(store) == before


def _without_root_powers() -> None:  # runs in the child before exec
    """Drop the capabilities that let root ignore file modes (CAP_DAC_OVERRIDE, _READ_SEARCH)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):
        libc.prctl(24, cap)  # PR_CAPBSET_DROP: root's next program lacks the capability


def _modes(root: Path, dirs: int, files: int) -> None:
    for p in [root, *root.rglob("*")]:
        p.chmod(dirs if p.is_dir() else files)


def test_permission_denied_is_one_line(tmp_path: Path, small_corpus: Path) -> None:
    store = tmp_path / "store"
    run_cli("build", small_corpus, "--store", store, check=True)
    before = _digest(store)
    locked = tmp_path / "locked"
    locked.mkdir()
    preexec = _without_root_powers if ROOT else None
    _modes(store, 0o555, 0o444)
    locked.chmod(0o555)
    try:
        proc = _cli("build", EXAMPLES, "--store", store, preexec=preexec)
        _one_line_error(proc, str(store), "Permission denied")
        out = locked / "kg.nq"
        proc = _cli("export", "--store", store, "-o", out, preexec=preexec)
        _one_line_error(proc, str(out), "Permission denied")
        assert not out.exists()
    finally:
        _modes(store, 0o755, 0o644)
        locked.chmod(0o755)
    assert _digest(store) == before


def test_a_store_of_another_version_is_refused(tmp_path: Path, small_corpus: Path) -> None:
    store = tmp_path / "store"
    run_cli("build", small_corpus, "--store", store, check=True)
    (store / "FORMAT").write_text("peacekg-store 99\n")
    for args in (["stats"], ["build", small_corpus]):
        proc = run_cli(*args, "--store", store)
        _one_line_error(proc, str(store), "another version", "peacekg-store 99")


def test_usage_errors_exit_2_and_library_errors_exit_1(tmp_path: Path) -> None:
    proc = run_cli("query", "SELECT * WHERE {", "--store", tmp_path / "none")
    assert proc.returncode == 1 and "no peacekg store" in proc.stderr  # the store comes first
    proc = run_cli("query", "no-such-query-file.rq")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


# --- the lock and its owner ------------------------------------------------------------------


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_live_owner_is_named(tmp_path: Path, small_corpus: Path) -> None:
    lock = WriterLock(tmp_path / "store", "peacekg build")
    (tmp_path / "store").mkdir()
    lock.acquire()
    try:
        proc = run_cli("build", small_corpus, "--store", tmp_path / "store")
        line = _one_line_error(proc, "store is locked", f"pid {os.getpid()}", "peacekg build")
        assert "since" in line
    finally:
        lock.release()


def test_the_lock_of_a_killed_writer_is_taken_over_and_reported(
    tmp_path: Path, small_corpus: Path
) -> None:
    store = tmp_path / "store"
    run_cli("build", small_corpus, "--store", store, check=True)
    dead = Owner(pid=_dead_pid(), host=os.uname().nodename, since="earlier", command="peacekg x")
    # 1. killed before clearing the lock file: the lock itself is free
    (store / LOCK).write_text(dead.to_json())
    proc = run_cli("build", EXAMPLES, "--store", store, check=True)
    assert f"took over the lock of peacekg x (pid {dead.pid}" in proc.stderr
    # 2. a process the dead owner left still holds the lock (an older peacekg's workers)
    (store / LOCK).write_text(dead.to_json())
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDWR); "
            "fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(120)",
            str(store / LOCK),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreLocked):  # a live owner is never overridden...
            WriterLock(store).acquire() if False else _acquire_with_owner(store, holder.pid)
        lock = WriterLock(store)
        assert lock.acquire() == dead  # ...a dead one is
        lock.release()
    finally:
        holder.kill()
        holder.wait()


def _acquire_with_owner(store: Path, pid: int) -> None:
    live = Owner(pid=pid, host=os.uname().nodename, since="now", command="peacekg y")
    saved = (store / LOCK).read_text()
    (store / LOCK).write_text(live.to_json())
    try:
        WriterLock(store).acquire()
    finally:
        (store / LOCK).write_text(saved)


# --- leftovers -------------------------------------------------------------------------------


def test_the_snapshot_of_a_killed_server_is_removed_by_the_next_build(
    tmp_path: Path, small_corpus: Path
) -> None:
    pytest.importorskip("pyoxigraph")
    from peacekg.graph.publish.serve import find_oxigraph

    try:
        find_oxigraph()
    except Exception:
        pytest.skip("the Oxigraph server is not installed")
    store = tmp_path / "store"
    run_cli("build", small_corpus, "--store", store, check=True)
    from peacekg.graph.publish.serve import free_port

    port = free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "peacekg.cli", "serve", "--store", str(store), "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = [serve.stderr.readline() for _ in range(2)]  # ours and the server's
        assert any("SPARQL endpoint" in line for line in lines), lines
        snapshot = next(store.glob(".serve-*"))
        proc = run_cli("build", EXAMPLES, "--store", store, check=True)
        assert snapshot.exists(), "a running server's snapshot was removed"
        assert "snapshot of a running server" in run_cli("doctor", "--store", store).stdout
    finally:
        serve.kill()
        serve.wait()
    time.sleep(0.5)  # the server follows its parent (parent-death signal)
    doctor = run_cli("doctor", "--store", store, check=True).stdout
    assert "snapshot of a stopped server" in doctor and "leftovers: 1" in doctor
    (tmp_path / "extra.txt").write_text("Ghana supports the protection of civilians.\n")
    proc = run_cli("build", tmp_path / "extra.txt", "--store", store, check=True)
    assert f"removed {snapshot.name}, the snapshot of a stopped peacekg serve" in proc.stderr
    assert not snapshot.exists()
    assert "leftovers: none" in run_cli("doctor", "--store", store, check=True).stdout


def test_doctor_reports_and_cleans_an_unfinished_generation(
    tmp_path: Path, small_corpus: Path
) -> None:
    store = tmp_path / "store"
    run_cli("build", small_corpus, "--store", store, check=True)
    live = (store / "CURRENT").read_text().strip()
    shutil.copytree(store / live, store / "gen-000099")  # what a killed build leaves
    report = run_cli("doctor", "--store", store, "--format", "json", check=True).stdout
    assert '"unfinished generation"' in report and '"gen-000099"' in report
    proc = run_cli("doctor", "--store", store, "--clean", check=True)
    assert "removed gen-000099, the unfinished generation of a killed build" in proc.stderr
    assert "leftovers: none" in proc.stdout
    assert sorted(p.name for p in store.glob("gen-*")) == [live]
