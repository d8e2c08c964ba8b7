"""One file extracted into the N-Quads of its document's graph, in worker processes.

Workers never outlive their build: they are spawned (a fresh interpreter, so they hold no
descriptor of the parent, the store lock included), they are killed by the kernel when the
build process dies (Linux parent-death signal) and otherwise exit as soon as they notice
their parent is gone; an interrupted build stops them before it returns. Each document gets
its budgets (:mod:`peacekg.graph.ingest.budget`): wall time and memory.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from peacekg import __version__
from peacekg.graph.ingest.budget import (
    BudgetExceeded,
    limit_memory,
    time_budget,
)
from peacekg.graph.ingest.rdf import write_nquads
from peacekg.graph.store.spool import Spool
from peacekg.loaders.confidence import model_key
from peacekg.loaders.model import LoadError
from peacekg.loaders.read import sidecar_candidates
from peacekg.ontology.namespaces import document_iri


@dataclass
class DocumentResult:
    """What extracting one file produced (returned by worker processes)."""

    path: str
    nquads: bytes = b""
    #: the spooled file holding the N-Quads instead of :attr:`nquads` (a large document)
    nquads_path: str | None = None
    graph: str = ""
    statements: int = 0
    entities: int = 0
    commitments: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    symbol: str | None = None


def build_key(sha256: str, meta: dict[str, str] | None) -> str:
    """What decides whether a document must be rebuilt: its bytes, metadata, our version and
    the confidence model that scores its commitments."""
    h = hashlib.sha256()
    h.update(sha256.encode())
    h.update(json.dumps(meta or {}, sort_keys=True).encode())
    h.update(__version__.encode())
    h.update(model_key().encode())
    return h.hexdigest()


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sidecar_meta(
    path: Path,
    manifest: dict[Path, dict[str, str]],
    names: set[str] | None = None,
    resolved: Path | None = None,
) -> dict[str, str]:
    """The manifest row and sidecar hash of ``path``. ``names`` (the entries of its folder)
    and ``resolved`` (its real path) spare a build of the corpus a few system calls per file.
    """
    meta = dict(manifest.get(resolved or path.resolve(), {})) if manifest else {}
    for sidecar in sidecar_candidates(path):
        if (names is None or sidecar.name in names) and sidecar.is_file():
            try:
                meta["__sidecar__"] = file_sha256(sidecar)
            except OSError as exc:  # the worker reports it, naming the sidecar
                meta["__sidecar__"] = f"unreadable: {exc.strerror or exc}"
            break
    return meta


def real_path(path: Path) -> Path:
    """The path a document is recorded under: the file's target when the file itself is a
    link; a file reached through a linked folder keeps its path under the build root, so
    that ``--prune`` still finds it there."""
    return path.resolve() if path.is_symlink() else path


def extract_file(
    path: str,
    meta: dict[str, str] | None,
    built_at: str,
    key: str,
    max_bytes: int | None,
    max_seconds: float | None = None,
    spool: str | None = None,
) -> DocumentResult:
    """Extract one file into the N-Quads of its named graph (runs in a worker process).

    N-Quads past :data:`~peacekg.graph.store.spool.SPILL_BYTES` are written to a file in
    the folder ``spool`` (:attr:`DocumentResult.nquads_path`), which the caller deletes. A
    file that takes longer than ``max_seconds`` or runs its worker out of memory is reported
    as failed, like a file that cannot be read.
    """
    from peacekg.loaders.pipeline import extract, prepare

    prepare()  # outside the budget: the pipeline's resources are built once per process
    clean_meta = {k: v for k, v in (meta or {}).items() if not k.startswith("__")}
    out = Spool(spool)
    try:
        with time_budget(max_seconds):
            ex = extract(Path(path), meta=clean_meta or None, max_bytes=max_bytes)
            write_nquads(ex, out, built_at=built_at, source_path=path, build_key=key)
            nquads = out.close()
            doc = ox.NamedNode(str(document_iri(ex.document.doc_id)))
            counts = (len(ex.document.statements), len(ex.entities()), len(ex.commitments))
            warnings = list(ex.document.warnings)
            symbol = ex.document.symbol
    except BaseException as exc:
        out.discard()
        if isinstance(exc, LoadError):
            own = exc.path.name == Path(path).name  # else a sidecar's or manifest's problem
            return DocumentResult(path=path, error=exc.reason if own else str(exc))
        if isinstance(exc, BudgetExceeded):
            return DocumentResult(path=path, error=str(exc))
        if isinstance(exc, MemoryError):
            return DocumentResult(path=path, error="out of memory (--max-memory)")
        if isinstance(exc, Exception):  # an extraction bug must not take the corpus down
            return DocumentResult(path=path, error=f"internal error: {type(exc).__name__}: {exc}")
        raise
    return DocumentResult(
        path=path,
        nquads=nquads,
        nquads_path=out.path,
        graph=doc.value,
        statements=counts[0],
        entities=counts[1],
        commitments=counts[2],
        warnings=warnings,
        symbol=symbol,
    )


def extract_all(
    todo: list[tuple[str, dict[str, str], str]],
    built_at: str,
    max_bytes: int | None,
    jobs: int | None,
    max_seconds: float | None = None,
    max_memory: int | None = None,
    spool: str | None = None,
    pool: ProcessPoolExecutor | None = None,
) -> Iterable[DocumentResult]:
    """Extract documents, in worker processes when there are enough of them; large
    documents' N-Quads are spooled to files in the folder ``spool`` (see :func:`extract_file`).

    With workers, every task is submitted before this returns, so the workers are busy
    while the caller does other work; results come back in the order of submission. ``pool``
    is workers started ahead (:func:`start_workers`): used, or shut down if none are needed.
    """
    if not uses_workers(jobs, len(todo)):
        if pool is not None:
            _shutdown(pool)
        # a few files are extracted here: starting spawned workers would cost more than
        # the files (they run without the memory cap, which is set in a worker)
        return (
            extract_file(path, meta, built_at, key, max_bytes, max_seconds, spool)
            for path, meta, key in todo
        )
    # Bigger files first, so the pool does not end on one long straggler.
    todo = sorted(todo, key=lambda t: -_size(t[0]))
    if pool is None:
        pool = start_workers(jobs, len(todo), max_memory, warm=False)
    jobs = min(jobs or os.cpu_count() or 1, len(todo))
    try:
        results = pool.map(
            extract_file,
            [t[0] for t in todo],
            [t[1] for t in todo],
            [built_at] * len(todo),
            [t[2] for t in todo],
            [max_bytes] * len(todo),
            [max_seconds] * len(todo),
            [spool] * len(todo),
            chunksize=max(1, min(64, len(todo) // (jobs * 8))),
        )
    except BaseException:
        stop_workers(pool)
        raise
    return PoolResults(pool, results, [t[0] for t in todo])


def uses_workers(jobs: int | None, files: int) -> bool:
    """Whether :func:`extract_all` extracts ``files`` files in worker processes."""
    return (jobs or os.cpu_count() or 1) > 1 and files >= 8


def start_workers(
    jobs: int | None, files: int, max_memory: int | None, *, warm: bool = True
) -> ProcessPoolExecutor:
    """A pool of spawned workers for ``files`` files (one per job, at most one per file).

    ``warm``: each worker is started now and builds its pipeline (about a second of start-up)
    while the caller still prepares the work (hashing the files of a first build).
    """
    jobs = min(jobs or os.cpu_count() or 1, files)
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_worker_init,
        initargs=(os.getpid(), max_memory),
    )
    if warm:
        try:
            for _ in range(jobs):  # workers are spawned as tasks wait: one each
                pool.submit(_warm)
        except BaseException:
            stop_workers(pool)
            raise
    return pool


def _warm() -> None:  # pragma: no cover - in workers
    """Build the worker's pipeline (its first document would)."""
    from peacekg.loaders.pipeline import prepare

    prepare()


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


#: How often a worker checks that its parent is alive (where no parent-death signal exists).
_WATCH_SECONDS = 0.5


def _worker_init(parent: int, max_memory: int | None) -> None:  # pragma: no cover - in workers
    """Tie a worker's life to its build's (die with the parent, leave Ctrl-C to it) and cap
    its memory (:func:`~peacekg.graph.ingest.budget.limit_memory`)."""
    limit_memory(max_memory)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build stops its workers itself
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: the kernel kills us with the parent
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="peacekg-parent-watch", daemon=True).start()


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once: kill its workers rather than wait for their current tasks."""
    # no public API before 3.14; None once the pool has shut down
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        if proc.is_alive():
            proc.kill()
    for proc in processes:
        proc.join(5)


class PoolResults:
    """Results of a worker pool, in order; :meth:`close` (or exhaustion) shuts the pool down.

    When a worker process dies (killed, or aborted by an allocation past its memory cap),
    the files whose results did not come back are reported as failed.
    """

    def __init__(
        self, pool: ProcessPoolExecutor, results: Iterator[DocumentResult], paths: list[str]
    ) -> None:
        self._pool = pool
        self._results = results
        self._paths = paths

    def __iter__(self) -> Iterator[DocumentResult]:
        done = 0
        try:
            for result in self._results:
                done += 1
                yield result
        except BrokenProcessPool:
            for path in self._paths[done:]:
                yield DocumentResult(
                    path=path,
                    error="not extracted: a worker process died (out of memory, or killed)",
                )
        finally:
            self.close()

    def close(self, abort: bool = False) -> None:
        """Shut the pool down: wait for it normally, then stop the helper process the pool
        started (:func:`_shutdown`); kill its workers when ``abort`` (the helper is left to
        end with the build then: the pool's locks may still live)."""
        if abort:
            stop_workers(self._pool)
        else:
            _shutdown(self._pool)


def _shutdown(pool: ProcessPoolExecutor) -> None:
    """Shut a pool down, waiting for its workers, then stop the helper process it started."""
    pool.shutdown(wait=True, cancel_futures=True)
    _stop_resource_tracker()


def _stop_resource_tracker() -> None:
    """Stop multiprocessing's resource tracker and wait for it.

    A spawned pool's locks are named semaphores, which multiprocessing has a helper process
    track; left alone, that process ends only when the build has exited, a moment later, as an
    orphan (a zombie reparented to init). Once the pool's locks are freed (its queues, held
    by the finished manager thread and the worker records, hence the collection), nothing is
    tracked: the helper is told to stop and reaped, and a later pool starts its own.
    """
    import gc
    from multiprocessing import resource_tracker

    gc.collect()
    stop = getattr(resource_tracker._resource_tracker, "_stop", None)  # no public API
    if stop is not None:
        stop()
