"""Building documents into the store: discovery, the incremental plan, writing in batches.

A build reads what the live store already holds (each document's source path and build
key), extracts only new and changed files (:mod:`peacekg.graph.ingest.extraction`, in
worker processes, each returning the N-Quads of its document) and writes them into a new
store generation that goes live only when the build succeeds. Unchanged files are skipped,
so a second build of the same corpus is a no-op that leaves the store untouched.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from peacekg import __version__
from peacekg.graph.ingest.budget import (
    DEFAULT_MAX_MEMORY,
    DEFAULT_MAX_SECONDS,
)
from peacekg.graph.ingest.deeds_check import update_checks
from peacekg.graph.ingest.extraction import (
    DocumentResult,
    PoolResults,
    build_key,
    extract_all,
    file_sha256,
    real_path,
    sidecar_meta,
    start_workers,
    stop_workers,
    uses_workers,
)
from peacekg.graph.ingest.rdf import graph_quads
from peacekg.graph.ingest.repeats import pairs_of, update_same_statements
from peacekg.graph.ingest.summary import Touched, summary_quads, update_summary
from peacekg.graph.progress import Progress, Tick
from peacekg.graph.store.database import StoreWriter
from peacekg.graph.store.spool import nquads_pieces, remove
from peacekg.loaders.discover import discover, load_manifest
from peacekg.ontology.namespaces import ONTOLOGY_GRAPH, PK, PKID, REFERENCE_GRAPH, SUMMARY_GRAPH

#: Named graph recording what the build wrote besides documents (reference data hashes).
META_GRAPH = PKID["graph/meta"]


@dataclass
class BuildReport:
    """Summary of a build: what was written, skipped, removed and what failed."""

    store: Path
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    #: (path, why it was not built: the document it repeats)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    statements: int = 0
    entities: int = 0
    commitments: int = 0
    seconds: float = 0.0
    generation: str | None = None
    #: What the build found and repaired in the store (a killed writer's lock, leftovers).
    notices: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no document failed."""
        return not self.failed

    def summary(self) -> str:
        """A short human-readable summary."""
        lines = [
            f"store: {self.store}" + (f" ({self.generation})" if self.generation else ""),
            f"documents: {len(self.built)} built, {len(self.skipped)} unchanged, "
            f"{len(self.removed)} removed, {len(self.failed)} failed",
            f"extracted: {self.statements} statements, {self.entities} entity mentions "
            f"(distinct per document), {self.commitments} commitments",
            f"warnings: {len(self.warnings)}",
        ]
        if self.duplicates:
            lines.append(f"duplicates: {len(self.duplicates)} (identical documents built once)")
        if self.stale:
            lines.append(
                f"{len(self.stale)} document(s) in the store no longer exist on disk "
                "(run with --prune to remove them)"
            )
        lines.append(f"time: {self.seconds:.1f} s")
        return "\n".join(lines)


def _existing(writer: StoreWriter) -> dict[str, tuple[str, str, str, str]]:
    """source path -> (document graph IRI, build key, sha256, symbol) of documents in the
    live store."""
    result = writer.query_raw(
        """SELECT ?doc ?path ?key ?sha ?symbol WHERE { GRAPH ?doc {
             ?doc a pk:Document ; pk:sourcePath ?path . OPTIONAL { ?doc pk:buildKey ?key }
             OPTIONAL { ?doc pk:sha256 ?sha } OPTIONAL { ?doc pk:symbol ?symbol } } }"""
    )
    if result is None:
        return {}
    # pyoxigraph terms straight to strings: no rdflib terms for every document of the store
    return {
        sol[1].value: (
            sol[0].value,
            *(sol[i].value if sol[i] is not None else "" for i in (2, 3, 4)),
        )
        for sol in result
    }


class _Duplicates:
    """Documents already built, by their build key (the SHA-256 of their bytes with their
    sidecar or manifest metadata) and by their UN symbol: a second file with the same bytes
    and metadata, or the same symbol under another file name, is the same document, built
    once and reported. The same bytes with other metadata (another sidecar) are not."""

    def __init__(self, existing: dict[str, tuple[str, str, str, str]]) -> None:
        self.by_key: dict[str, str] = {}
        self.by_symbol: dict[str, str] = {}
        for path, (_, key, _, symbol) in sorted(existing.items()):
            if not os.path.exists(path):
                continue  # a file gone: a copy of it elsewhere is no duplicate
            if key:
                self.by_key.setdefault(key, path)
            if symbol:
                self.by_symbol.setdefault(symbol, path)

    def of_bytes(self, path: str, key: str) -> str | None:
        """The other file with these bytes and metadata (this build ``key``), else ``None``
        (and ``path`` is recorded)."""
        other = self.by_key.setdefault(key, path)
        return other if other != path else None

    def of_symbol(self, path: str, symbol: str | None) -> str | None:
        """The other file with this symbol, else ``None`` (and ``path`` is recorded)."""
        if not symbol:
            return None
        other = self.by_symbol.setdefault(symbol, path)
        return other if other != path else None


def _reference_hash() -> str:
    from importlib import resources

    h = hashlib.sha256(__version__.encode())
    root = resources.files("peacekg.ontology")
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".ttl"):
            h.update(entry.read_bytes())
    data = root / "data"
    for entry in sorted(data.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".csv", ".json")):
            h.update(entry.read_bytes())
    return h.hexdigest()


def write_reference(writer: StoreWriter) -> bool:
    """(Re)write the ontology and reference graphs when their sources changed."""
    from peacekg.ontology.reference import ontology_graph, reference_graph

    digest = _reference_hash()
    rows = writer.select(
        "SELECT ?h WHERE { GRAPH ?g { ?r pk:sha256 ?h } }",
        {"g": META_GRAPH, "r": REFERENCE_GRAPH},
    )
    if rows and str(rows[0]["h"]) == digest:
        return False
    writer.remove_graph(ONTOLOGY_GRAPH)
    writer.add_quads(graph_quads(ontology_graph(), ONTOLOGY_GRAPH))
    writer.remove_graph(REFERENCE_GRAPH)
    writer.add_quads(graph_quads(reference_graph(), REFERENCE_GRAPH))
    writer.replace_graph(META_GRAPH, [(REFERENCE_GRAPH, PK.sha256, ox.Literal(digest))])
    return True


def _under(path: str, roots: Sequence[Path]) -> bool:
    p = Path(path)
    return any(p == r or r in p.parents for r in roots)


#: Documents' N-Quads are written to the store in batches of about this many bytes: one
#: ``bulk_load`` per batch costs a fraction of one ``load`` transaction per document.
BATCH_BYTES = 32 << 20

#: Builds that change at most this many documents update the summary graph where they touch
#: it; larger ones recompute it (cheaper than hundreds of small updates).
INCREMENTAL_SUMMARY = 50

#: Compact the new generation when a build wrote at least this many documents.
OPTIMIZE_AFTER = 500


def build(
    paths: Iterable[str | os.PathLike[str]],
    store: str | os.PathLike[str] | None = None,
    *,
    prune: bool = False,
    jobs: int | None = None,
    max_bytes: int | None = None,
    max_seconds: float | None = DEFAULT_MAX_SECONDS,
    max_memory: int | None = DEFAULT_MAX_MEMORY,
    progress: Progress | None = None,
) -> BuildReport:
    """Build files and folders into the store; return what happened.

    Unchanged documents are skipped, changed ones replaced; with ``prune``, documents whose
    file is gone (under the given folders) are removed. A file that cannot be loaded is
    reported in :attr:`BuildReport.failed` and the rest is still built; its previous version,
    if any, stays in the store. ``progress(total)`` may return a callback advanced by one
    per extracted document. A document that takes longer than ``max_seconds``, or makes
    its worker process map more than ``max_memory`` bytes, fails (see :mod:`.budget`; the
    memory cap applies in worker processes only, not to a build extracting in-process).
    """
    t0 = time.perf_counter()
    # a broken or looping link keeps the name it was given (discover reports it by that name)
    roots = [Path(os.path.realpath(p) if os.path.exists(p) else os.path.abspath(p)) for p in paths]
    files, errors = discover(roots)
    writer = StoreWriter(store)
    report = BuildReport(store=writer.path)
    report.failed.extend((str(e.path), e.reason) for e in errors)
    built_at = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")

    manifests: dict[Path, dict[str, str]] = {}
    for folder in sorted({f.parent for f in files}):
        rows, problems = load_manifest(folder)
        manifests.update(rows)
        report.failed.extend((str(e.path), e.reason) for e in problems)

    with writer:
        if writer.took_over is not None:
            report.notices.append(
                f"took over the lock of {writer.took_over.describe()}, which was killed"
            )
        report.notices.extend(writer.cleaned)
        existing = _existing(writer)
        # A first build starts its workers now: they build their pipelines while the files
        # are hashed here (a later build starts them once it knows there is work to do).
        early = (
            start_workers(jobs, len(files), max_memory)
            if not existing and uses_workers(jobs, len(files))
            else None
        )
        try:
            duplicates = _Duplicates(existing)
            copies: list[str] = []  # duplicates, whose graph from an earlier build goes
            todo: list[tuple[str, dict[str, str], str]] = []
            seen: set[str] = set()
            listings: dict[Path, set[str]] = {}
            for f in files:
                real = real_path(f)
                path = str(real)
                seen.add(path)
                names = listings.get(f.parent)
                if names is None:
                    try:
                        names = listings[f.parent] = set(os.listdir(f.parent))
                    except OSError:
                        names = None
                meta = sidecar_meta(f, manifests, names, real)
                try:
                    sha = file_sha256(f)
                except OSError as exc:
                    report.failed.append((path, f"unreadable: {exc.strerror or exc}"))
                    continue
                key = build_key(sha, meta)
                same = duplicates.of_bytes(path, key)
                if same is not None:
                    report.duplicates.append((path, f"same bytes as {Path(same).name}"))
                    copies.append(path)
                    continue
                if path in existing and existing[path][1] == key:
                    report.skipped.append(path)
                else:
                    todo.append((path, meta, key))
            gone = [p for p in existing if p not in seen and _under(p, roots)]
            # A change of a few documents updates the summaries they touch; more, a fresh
            # store or new reference data recompute the whole summary graph.
            touched: Touched | None = (
                Touched()
                if existing and len(todo) + len(gone) * prune <= INCREMENTAL_SUMMARY
                else None
            )
            if prune:
                for p in gone:
                    if touched is not None:
                        touched.add_graphs(writer.query_raw, [existing[p][0]])
                    writer.remove_graph(existing[p][0])
                    report.removed.append(p)
            else:
                report.stale.extend(gone)

            # Start the workers first, so they extract while this process writes the reference
            # graphs (needed on a first build, or when the reference data changed).
            if todo:
                writer.begin()  # documents are written in batches, the generation exists now
            results = extract_all(
                todo, built_at, max_bytes, jobs, max_seconds, max_memory, str(writer.path), early
            )
        except BaseException:
            if early is not None:
                stop_workers(early)
            raise
        try:
            if write_reference(writer):
                touched = None
            tick = progress(len(todo)) if progress and todo else None
            new_graphs = _write_documents(
                writer, results, existing, touched, report, tick, duplicates, copies
            )
        except BaseException:  # stop the workers now, not when the pool is collected
            if isinstance(results, PoolResults):
                results.close(abort=True)
            raise
        for path in copies:
            if path in existing:
                if touched is not None:
                    touched.add_graphs(writer.query_raw, [existing[path][0]])
                writer.remove_graph(existing[path][0])
        if writer.changed:
            # Speeches published twice are linked, and counted once by the summary.
            recount = update_same_statements(writer)
            if touched is not None and recount:
                touched.pairs.update(pairs_of(writer, recount))
        if touched is not None:
            if report.built or report.removed or copies or touched.pairs:
                touched.add_graphs(writer.query_raw, new_graphs)
                update_summary(writer, touched)
        elif writer.changed:
            # Only the difference is written: most summaries survive a large rebuild.
            summary = set(summary_quads(writer.query_raw))
            current = set(writer.quads(graph=SUMMARY_GRAPH))
            writer.remove_quads(current - summary)
            writer.add_quads(summary - current)
        if writer.changed:
            update_checks(writer)  # claims of contributions against imported deployments
        if len(report.built) >= OPTIMIZE_AFTER:
            # Compact the files written by bulk loads: a few seconds for the whole corpus,
            # and lookups over every document (the next build's plan) get about 2x faster.
            writer.optimize()
        report.generation = writer.generation if writer.changed else None
    report.notices.extend(n for n in writer.cleaned if n not in report.notices)
    report.seconds = time.perf_counter() - t0
    return report


def _write_documents(
    writer: StoreWriter,
    results: Iterable[DocumentResult],
    existing: dict[str, tuple[str, str]],
    touched: Touched | None,
    report: BuildReport,
    tick: Tick | None,
    duplicates: _Duplicates,
    copies: list[str],
) -> list[str]:
    """Write extracted documents in batches, replacing their earlier versions; return the
    IRIs of the graphs written. A document with the symbol of one already built is a copy:
    reported, added to ``copies`` and not written. A spooled document is loaded in pieces
    and its file deleted."""
    pending: list[bytes] = []
    pending_graphs: set[str] = set()
    new_graphs: list[str] = []
    pending_bytes = 0

    def flush() -> None:
        nonlocal pending_bytes
        if pending:  # one large document is loaded as it came, without a copy
            writer.bulk_load_nquads(pending[0] if len(pending) == 1 else b"".join(pending))
        pending.clear()
        pending_graphs.clear()
        pending_bytes = 0

    def write(result: DocumentResult) -> None:
        nonlocal pending_bytes
        if result.error:
            report.failed.append((result.path, result.error))
            return
        same = duplicates.of_symbol(result.path, result.symbol)
        if same is not None:
            why = f"same symbol {result.symbol} as {Path(same).name}"
            report.duplicates.append((result.path, why))
            copies.append(result.path)
            return
        if result.path in existing:
            old_graph = existing[result.path][0]
            if old_graph in pending_graphs:  # keep the order of removals and additions
                flush()
            if touched is not None:
                touched.add_graphs(writer.query_raw, [old_graph])
            writer.remove_graph(old_graph)
        if result.nquads_path is not None:  # a large document: in pieces, after the batch
            flush()
            for piece in nquads_pieces(result.nquads_path):
                writer.bulk_load_nquads(piece)
        else:
            pending.append(result.nquads)
            pending_graphs.add(result.graph)
            pending_bytes += len(result.nquads)
        new_graphs.append(result.graph)
        if pending_bytes >= BATCH_BYTES:
            flush()
        report.built.append(result.path)
        report.statements += result.statements
        report.entities += result.entities
        report.commitments += result.commitments
        report.warnings.extend((result.path, w) for w in result.warnings)

    for result in results:
        if tick:
            tick(1)
        try:
            write(result)
        finally:
            if result.nquads_path is not None:
                remove(result.nquads_path)
    flush()
    return new_graphs
