"""The persistent store: an embedded Oxigraph database, written in generations.

A store directory holds:

- ``gen-NNNNNN/`` — Oxigraph (RocksDB) databases, one per successful write;
- ``CURRENT`` — the name of the live generation, replaced atomically;
- ``LOCK`` — held with ``flock`` by the single writer, naming it (:mod:`peacekg.graph.store.locks`);
- ``leases/gen-NNNNNN`` — locked (shared) by the readers of a generation while they read it;
- ``FORMAT`` — the store layout version, so another version of peacekg refuses cleanly;
- ``.serve-*/`` — the snapshots of running ``peacekg serve`` processes.

A writer copies the live generation (``pyoxigraph.Store.backup``: hard links, so cheap),
applies its changes to the copy and publishes it by replacing ``CURRENT``. Killed at any
point, the store still opens on the previous generation, so readers never see a half-written
document; a second writer gets :class:`StoreLocked`. The writer removes what is left over —
old generations nobody reads any more, the partial generation of a killed writer, snapshots
of dead servers — when it starts and after it publishes. A reader whose generation was
removed between reading ``CURRENT`` and taking its lease opens the new one.

>>> import tempfile
>>> from rdflib import Literal, URIRef
>>> d = tempfile.mkdtemp()
>>> with StoreWriter(d) as w:
...     _ = w.replace_graph("https://example.org/g", [
...         ("https://example.org/s", "https://example.org/p", Literal("o"))])
>>> rows = Store(d).select("SELECT ?o WHERE { ?s ?p ?o }")
>>> [str(r["o"]) for r in rows]
['o']
"""

from __future__ import annotations

import contextlib
import itertools
import os
import secrets
import shutil
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib.term import Node

from peacekg.errors import (
    StoreError,
    StoreLocked,
    StoreNotFound,
    StoreVersionError,
    os_reason,
)
from peacekg.graph.store.atomic import write_text as _write_small
from peacekg.graph.store.generations import (
    CURRENT,
    FORMAT,
    GEN_NAME,
    SERVE_PREFIX,
    STORE_FORMAT,
    TRASH_PREFIX,
    check_format,
    default_store_path,
    is_storage_failure,
    live_generation,
    read_current,
    storage_error,
    storage_errors,
)
from peacekg.graph.store.locks import LOCK, Lease, Owner, WriterLock, claim, lease_path
from peacekg.graph.store.spool import SPOOL_PREFIX
from peacekg.graph.store.terms import TermLike, result_rows, run_query, to_ox
from peacekg.ontology.namespaces import SPARQL_PROLOGUE

#: How often a reader retries when its generation is removed as it opens it.
_OPEN_ATTEMPTS = 20

__all__ = [
    "Store",
    "StoreError",
    "StoreLocked",
    "StoreNotFound",
    "StoreVersionError",
    "StoreWriter",
    "open_store",
]


#: From this many quads, :meth:`StoreWriter.add_quads` uses the bulk loader (fewer go in one
#: transaction: a bulk load writes files of its own, which few quads would only scatter).
BULK_QUADS = 10_000


class Store:
    """A read-only view of the live generation of a store.

    Queries run over the union of all named graphs. Values are bound as RDF terms through
    ``bindings`` (SPARQL substitution), never pasted into query text. The generation stays
    on disk while the view is open (a lease, :mod:`peacekg.graph.store.locks`), however many
    builds publish meanwhile; :meth:`close` lets the next writer remove it.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        if not self.path.is_dir() or read_current(self.path) is None:
            raise StoreNotFound(
                f"no peacekg store at {self.path} (build one with: peacekg build PATH)"
            )
        check_format(self.path)
        for _ in range(_OPEN_ATTEMPTS):
            gen = read_current(self.path)
            assert gen is not None
            location = self.path / gen
            lease = Lease.shared(self.path, gen)
            if location.is_dir():  # else removed before we held it: a newer one is live
                try:
                    self._ox = ox.Store.read_only(str(location))
                    break
                except (OSError, RuntimeError) as exc:
                    lease.release()
                    if not is_storage_failure(exc):
                        raise
                    if location.is_dir():
                        raise storage_error(exc, location, "open") from None
            lease.release()
        else:
            raise StoreError(f"cannot open store {self.path}: its generation keeps changing")
        self._lease: Lease | None = lease
        self.generation = gen
        self.location = location

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store` (read-only)."""
        return self._ox

    def query_raw(
        self, sparql: str, bindings: Mapping[str, TermLike] | None = None, *, prologue: bool = True
    ) -> Any:
        """Run a SPARQL query, returning pyoxigraph's result object (solutions, bool, triples).

        ``bindings`` map variable names to values (rdflib terms, IRIs as strings, numbers),
        bound as RDF terms: see :func:`run_query`.
        """
        with storage_errors(self.location):
            return run_query(self._ox, SPARQL_PROLOGUE + sparql if prologue else sparql, bindings)

    def select(
        self, sparql: str, bindings: Mapping[str, TermLike] | None = None
    ) -> list[dict[str, Node | None]]:
        """Run a SELECT query; each row maps variable names to rdflib terms (or ``None``).

        The prefixes of :data:`~peacekg.ontology.namespaces.PREFIXES` are declared.
        """
        result = self.query_raw(sparql, bindings)
        with storage_errors(self.location):
            return result_rows(result)

    def ask(self, sparql: str, bindings: Mapping[str, TermLike] | None = None) -> bool:
        """Run an ASK query."""
        return bool(self.query_raw(sparql, bindings))

    def named_graphs(self) -> list[str]:
        """IRIs of all named graphs, sorted."""
        with storage_errors(self.location):
            graphs = list(self._ox.named_graphs())
        return sorted(g.value for g in graphs if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        with storage_errors(self.location):
            return len(self._ox)

    def close(self) -> None:
        """Release the database handle and the generation's lease."""
        self._ox = None  # type: ignore[assignment]
        if self._lease is not None:
            self._lease.release()
            self._lease = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class StoreWriter:
    """The single writer of a store: a new generation, published on success.

    Use as a context manager. On normal exit the new generation becomes live; on an
    exception it is discarded and the previous generation stays live (a failure of the disk
    becomes a one-line :class:`StoreError`). Raises :class:`StoreLocked`, naming the owner,
    when another writer holds the lock. After entering, :attr:`took_over` is the owner of a
    killed writer whose lock this one took, and :attr:`cleaned` says what it left behind and
    was removed.
    """

    def __init__(
        self, path: str | os.PathLike[str] | None = None, *, command: str | None = None
    ) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        self._lock = WriterLock(self.path, command)
        self._ox: ox.Store | None = None
        self._published = False
        self.generation: str | None = None
        self.changed = False
        self.took_over: Owner | None = None
        self.cleaned: list[str] = []

    # -- lifecycle --
    def __enter__(self) -> StoreWriter:
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot write store {self.path}: {os_reason(exc)}") from None
        self.took_over = self._lock.acquire()
        try:
            check_format(self.path)
            if not (self.path / FORMAT).exists():
                _write_small(self.path / FORMAT, STORE_FORMAT + "\n")
            self.cleaned = self.collect_garbage()
        except BaseException:
            self._lock.release()
            raise
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        failure = exc
        try:
            if exc is None and self._ox is not None and self.changed:
                try:
                    self._publish()
                except BaseException as err:
                    failure = err
                    self._discard()
                    if not is_storage_failure(err):
                        raise
            else:
                self._discard()
        finally:
            self._lock.release()
        if failure is not None and is_storage_failure(failure):
            raise StoreError(
                f"cannot write store {self.path}: {os_reason(failure)} "
                "(nothing was changed: the previous state is live)"
            ) from failure

    def collect_garbage(self) -> list[str]:
        """Remove what no process uses any more; return a line for each unusual leftover.

        Generations that are not live and that no reader holds (old ones, or the partial
        generation of a killed writer), snapshots of dead ``peacekg serve`` processes,
        half-deleted generations, spooled N-Quads (:mod:`~peacekg.graph.store.spool`) and
        temporary files. Only the lock holder calls this.
        """
        live = live_generation(self.path)
        live_number = int(GEN_NAME.match(live).group(1)) if live else 0
        notes: list[str] = []
        for entry in sorted(self.path.iterdir(), key=lambda e: e.name):
            name = entry.name
            if GEN_NAME.match(name):
                if name in (live, self.generation):
                    continue
                partial = int(GEN_NAME.match(name).group(1)) > live_number
                if self._remove_unleased(entry) and partial:
                    notes.append(f"removed {name}, the unfinished generation of a killed build")
            elif name.startswith(SERVE_PREFIX):
                if self._remove_unleased(entry):
                    notes.append(f"removed {name}, the snapshot of a stopped peacekg serve")
            elif name.startswith(TRASH_PREFIX):
                shutil.rmtree(entry, ignore_errors=True)
            elif name == CURRENT + ".tmp" or name.startswith(
                (LOCK + ".new-", ".CURRENT.", SPOOL_PREFIX)  # spooled: a killed build's N-Quads
            ):
                entry.unlink(missing_ok=True)
        leases = lease_path(self.path, "x").parent
        for lease in sorted(leases.iterdir()) if leases.is_dir() else []:
            if not (self.path / lease.name).exists():  # left by a reader that lost a race
                with claim(self.path, lease.name) as free:
                    if free:
                        lease.unlink(missing_ok=True)
        return notes

    def _remove_unleased(self, entry: Path) -> bool:
        """Delete a generation or snapshot if nobody holds its lease; True when deleted.

        It is first renamed away (atomic), so a reader never opens half of it.
        """
        trash = self.path / f"{TRASH_PREFIX}{entry.name}-{secrets.token_hex(4)}"
        with claim(self.path, entry.name) as free:
            if not free:
                return False
            try:
                entry.rename(trash)
            except OSError:
                return False
            lease_path(self.path, entry.name).unlink(missing_ok=True)
        shutil.rmtree(trash, ignore_errors=True)
        return True

    def begin(self) -> None:
        """Create the private generation now (a copy of the live one) rather than at the first
        write. It is published only if something is written to it, else discarded."""
        self._open_new()

    def begin_without(self, graph: TermLike) -> bool:
        """Create the private generation as a copy of the live one without named graph
        ``graph``; return whether the live one had it.

        Removing a large graph (a data set of millions of quads) in place is one transaction
        holding every removal in memory: minutes and gigabytes. Bulk-loading the other graphs
        into a fresh database costs seconds, and when the graph is absent this is
        :meth:`begin` (a cheap copy).
        """
        if self._ox is not None:
            raise StoreError("begin_without() must come before any other write")
        live = live_generation(self.path)
        g = to_ox(graph)
        source = ox.Store.read_only(str(self.path / live)) if live else None
        if source is None or not source.contains_named_graph(g):
            del source
            self._open_new()
            return False
        number = int(GEN_NAME.match(live).group(1)) + 1
        self.generation = f"gen-{number:06d}"
        self._ox = ox.Store(str(self.path / self.generation))
        others = [n for n in source.named_graphs() if n != g]
        quads = itertools.chain(
            source.quads_for_pattern(None, None, None, ox.DefaultGraph()),
            *(source.quads_for_pattern(None, None, None, n) for n in others),
        )
        self._ox.bulk_extend(quads)
        self.changed = True
        return True

    def _open_new(self) -> ox.Store:
        if self._ox is not None:
            return self._ox
        live = live_generation(self.path)
        number = int(GEN_NAME.match(live).group(1)) + 1 if live else 1
        self.generation = f"gen-{number:06d}"
        target = self.path / self.generation
        if live:
            source = ox.Store.read_only(str(self.path / live))
            source.backup(str(target))
            del source
            self._ox = ox.Store(str(target))
        else:
            self._ox = ox.Store(str(target))
        return self._ox

    def _publish(self) -> None:
        assert self._ox is not None and self.generation is not None
        self._ox.flush()
        self._ox = None  # close the database before it goes live
        lease = lease_path(self.path, self.generation)
        lease.parent.mkdir(exist_ok=True)
        os.close(os.open(lease, os.O_RDONLY | os.O_CREAT, 0o644))  # for read-only readers
        _write_small(self.path / CURRENT, self.generation + "\n")
        self._published = True
        with contextlib.suppress(OSError):  # published: what is left is collected next time
            self.cleaned += self.collect_garbage()

    def _discard(self) -> None:
        self._ox = None
        if self.generation and not self._published:
            shutil.rmtree(self.path / self.generation, ignore_errors=True)

    # -- reading the state being written --
    @property
    def live(self) -> Store | None:
        """A reader on the generation that is live now (``None`` for a new store)."""
        return Store(self.path) if live_generation(self.path) else None

    def select(
        self, sparql: str, bindings: Mapping[str, TermLike] | None = None
    ) -> list[dict[str, Node | None]]:
        """Run a SELECT over the generation being written (or the live one before any write)."""
        result = self.query_raw(sparql, bindings)
        return result_rows(result) if result is not None else []

    def query_raw(self, sparql: str, bindings: Mapping[str, TermLike] | None = None) -> Any:
        """Like :meth:`select` but returning pyoxigraph's result object (``None`` when there
        is no live generation yet and nothing was written)."""
        if self._ox is None:
            live = self.live
            return live.query_raw(sparql, bindings) if live is not None else None
        return run_query(self._ox, SPARQL_PROLOGUE + sparql, bindings)

    # -- writing --
    def replace_graph(
        self, graph: TermLike, triples: Iterable[tuple[TermLike, TermLike, TermLike]]
    ) -> int:
        """Replace the content of named graph ``graph`` with ``triples``; return their count.

        The new content is inserted in one transaction after the old one is removed, inside
        the private generation, so readers see either the old or the new graph.
        """
        store = self._open_new()
        g = to_ox(graph)
        quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in triples]
        if store.contains_named_graph(g):
            store.remove_graph(g)
        store.extend(quads)
        self.changed = True
        return len(quads)

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add prepared pyoxigraph quads (the fast path of large builds): from
        :data:`BULK_QUADS` on (the reference graphs, a large build's summary) with the bulk
        loader, about twice as fast, safe for the reason given in :meth:`bulk_load_nquads`."""
        quads = list(quads)
        if len(quads) >= BULK_QUADS:
            self._open_new().bulk_extend(quads)
        else:
            self._open_new().extend(quads)
        self.changed = True

    def load_nquads(self, data: bytes) -> None:
        """Add N-Quads (as serialised by a worker process) to the generation being written."""
        self._open_new().load(data, format=ox.RdfFormat.N_QUADS)
        self.changed = True

    def bulk_load_nquads(self, data: bytes) -> None:
        """Add many documents' N-Quads at once (the fast path of large builds).

        Uses :meth:`pyoxigraph.Store.bulk_load`, which writes sorted files directly instead of
        one transaction per call: an order of magnitude faster than :meth:`load_nquads` per
        document. It gives no transactional guarantee, which is safe here because the
        generation being written is private to this writer until it is published (and is
        discarded if the build fails). The N-Quads are the build's own, serialised from
        terms pyoxigraph checked when they were made, so they are not checked again
        (``lenient``: about an eighth of the load's time).
        """
        if data:
            self._open_new().bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
            self.changed = True

    def bulk_load_triples(self, data: bytes | IO[bytes], graph: TermLike) -> None:
        """Add N-Triples (bytes, or a binary stream read to its end) into named graph ``graph``
        at once: the fast path of data set imports, with no graph term to repeat and parse on
        every line; see :meth:`bulk_load_nquads`."""
        if data:
            self._open_new().bulk_load(
                data, format=ox.RdfFormat.N_TRIPLES, to_graph=to_ox(graph), lenient=True
            )
            self.changed = True

    def quads(
        self,
        subject: TermLike | None = None,
        predicate: TermLike | None = None,
        obj: TermLike | None = None,
        graph: TermLike | None = None,
    ) -> list[ox.Quad]:
        """The quads matching a pattern (``None`` matches anything) in the generation being
        written."""
        pattern = (subject, predicate, obj, graph)
        return list(
            self._open_new().quads_for_pattern(*(None if t is None else to_ox(t) for t in pattern))
        )

    def remove_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Remove these quads (cheaper than rewriting a large graph for a small change)."""
        store = self._open_new()
        for quad in quads:
            store.remove(quad)
        self.changed = True

    def remove_graph(self, graph: TermLike) -> None:
        """Remove a named graph and everything in it."""
        store = self._open_new()
        g = to_ox(graph)
        if store.contains_named_graph(g):
            store.remove_graph(g)
        self.changed = True

    def optimize(self) -> None:
        """Compact the generation being written (faster reads afterwards)."""
        if self._ox is not None:
            self._ox.optimize()


@contextlib.contextmanager
def open_store(path: str | os.PathLike[str] | None = None) -> Iterator[Store]:
    """Open the live generation of a store for reading, as a context manager."""
    store = Store(path)
    try:
        yield store
    finally:
        store.close()
