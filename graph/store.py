"""The persistent store: an embedded Oxigraph database, written in generations.

A store directory holds:

- ``gen-NNNNNN/`` — Oxigraph (RocksDB) databases, one per successful write;
- ``CURRENT`` — the name of the live generation, replaced atomically;
- ``LOCK`` — held with ``flock`` by the single writer, naming it (:mod:`peacekg.graph.locks`);
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
import re
import secrets
import shutil
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from peacekg.errors import (
    QuerySyntaxError,
    StoreError,
    StoreLocked,
    StoreNotFound,
    StoreVersionError,
    os_reason,
)
from peacekg.graph.atomic import write_text as _write_small
from peacekg.graph.locks import LOCK, Lease, Owner, WriterLock, claim, lease_path
from peacekg.graph.spool import SPOOL_PREFIX
from peacekg.ontology.namespaces import SPARQL_PROLOGUE

CURRENT = "CURRENT"
FORMAT = "FORMAT"
#: The layout of a store directory this version reads and writes (see the module docstring).
STORE_FORMAT = "peacekg-store 1"
#: Prefix of the snapshots of ``peacekg serve`` and of generations being deleted.
SERVE_PREFIX, TRASH_PREFIX = ".serve-", ".trash-"
_GEN = re.compile(r"^gen-(\d{6})$")
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

#: A triple or quad member as accepted by the writer: an IRI string, or an rdflib term.
TermLike = str | Node | ox.NamedNode | ox.Literal | ox.BlankNode


def default_store_path() -> Path:
    """The store used when no ``--store`` is given.

    ``$PEACEKG_STORE`` if set, else ``$XDG_DATA_HOME/peacekg/store`` (by default
    ``~/.local/share/peacekg/store``), so ``peacekg build docs/`` then
    ``peacekg country France`` work from any directory.
    """
    env = os.environ.get("PEACEKG_STORE")
    if env:
        return Path(env).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "peacekg" / "store"


# --- term conversion -----------------------------------------------------------------------


def to_ox(term: TermLike) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """Convert an rdflib term (or an IRI string) to a pyoxigraph term."""
    if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode):
        return term
    if isinstance(term, URIRef | str) and not isinstance(term, Literal | BNode):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"cannot convert {term!r} to an RDF term")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: pyoxigraph term -> rdflib term. Query results repeat the same IRIs and literals (states,
#: stances, priorities...), and building rdflib terms (literals above all) is the costly
#: part of turning rows into Python; rdflib terms are immutable, so they can be shared.
_CONVERTED: dict[Any, Node | None] = {}
_CONVERTED_MAX = 1 << 16


def to_rdflib(term: Any) -> Node | None:
    """Convert a pyoxigraph term to an rdflib term (``None`` stays ``None``)."""
    if term is None:
        return None
    try:
        return _CONVERTED[term]
    except KeyError:
        pass
    except TypeError:  # pragma: no cover - unhashable: not a pyoxigraph term
        return _to_rdflib(term)
    node = _to_rdflib(term)
    if len(_CONVERTED) >= _CONVERTED_MAX:
        _CONVERTED.clear()
    _CONVERTED[term] = node
    return node


def _to_rdflib(term: Any) -> Node | None:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"cannot convert {term!r} to an rdflib term")


def _bindings(bindings: Mapping[str, TermLike] | None) -> dict[ox.Variable, Any] | None:
    if not bindings:
        return None
    out = {}
    for name, value in bindings.items():
        term = Literal(value) if isinstance(value, int | float) else value
        out[ox.Variable(name.lstrip("?$"))] = to_ox(term)
    return out


_WHERE = re.compile(r"\bWHERE\s*\{|\{", re.IGNORECASE)


def _inline_values(sparql: str, subs: Mapping[ox.Variable, Any]) -> str:
    """Put ``VALUES`` data at the start of the query's outermost group pattern.

    The values are serialised by pyoxigraph's term serialiser (N-Triples syntax, escaped), so
    they are data: they cannot change the structure of the query.
    """
    body_start = sparql.find("SELECT")
    for keyword in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        pos = re.search(rf"\b{keyword}\b", sparql, re.IGNORECASE)
        if pos:
            body_start = pos.start()
            break
    match = _WHERE.search(sparql, max(body_start, 0))
    if match is None:
        raise StoreError("cannot bind values: the query has no group pattern")
    names = " ".join(str(v) for v in subs)
    values = " ".join(str(t) for t in subs.values())
    inline = f" VALUES ({names}) {{ ({values}) }} "
    return sparql[: match.end()] + inline + sparql[match.end() :]


def run_query(store: ox.Store, sparql: str, bindings: Mapping[str, TermLike] | None) -> Any:
    """Run ``sparql`` on ``store`` over the union of its graphs with ``bindings`` as terms.

    Bindings use SPARQL substitution (SEP-0007) when every bound variable is projected;
    otherwise (e.g. aggregate queries) they become ``VALUES`` data at the top of the outermost
    group. Either way a value is an RDF term, never query text.
    """
    subs = _bindings(bindings)
    try:
        try:
            return store.query(sparql, use_default_graph_as_union=True, substitutions=subs)
        except RuntimeError as exc:
            if not subs or "projection" not in str(exc):
                raise
            return store.query(_inline_values(sparql, subs), use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from exc


def _rows(result: Any) -> list[dict[str, Node | None]]:
    """SELECT solutions as dicts of variable name -> rdflib term (or ``None``)."""
    names = [v.value for v in result.variables]
    return [dict(zip(names, map(to_rdflib, sol), strict=True)) for sol in result]


# --- generations ---------------------------------------------------------------------------


def _generations(root: Path) -> list[str]:
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if _GEN.match(p.name))


def generation_number(name: str) -> int | None:
    """The number of generation ``name`` (``gen-000042`` -> 42), ``None`` for other names."""
    match = _GEN.match(name)
    return int(match.group(1)) if match else None


def _read_current(root: Path) -> str | None:
    """The name written in ``CURRENT`` (``None`` when there is none: not a store yet)."""
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read store {root}: {os_reason(exc)}") from None
    if not _GEN.match(name):
        raise StoreError(f"{root}: CURRENT names no generation ({name[:40]!r})")
    return name


def _current(root: Path) -> str | None:
    name = _read_current(root)
    if name is not None and not (root / name).is_dir():
        raise StoreError(f"{root}: CURRENT names a missing generation {name!r}")
    return name


def _check_format(root: Path) -> None:
    """Refuse a store laid out by another version of peacekg."""
    try:
        text = (root / FORMAT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return  # written before FORMAT existed: the first layout
    except OSError as exc:
        raise StoreError(f"cannot read store {root}: {os_reason(exc)}") from None
    if text != STORE_FORMAT:
        raise StoreVersionError(
            f"{root} was written by another version of peacekg ({text[:40]!r}; "
            f"this one reads {STORE_FORMAT!r})"
        )


_STORAGE_FAILURE = re.compile(r"Corruption|IO error|No such file|Invalid argument|version", re.I)


def is_storage_failure(exc: BaseException) -> bool:
    """True for a failure of the disk or database rather than of a query or of our code."""
    return isinstance(exc, OSError) or (
        isinstance(exc, RuntimeError) and bool(_STORAGE_FAILURE.search(str(exc)))
    )


def storage_error(exc: BaseException, where: Path, doing: str = "read") -> StoreError:
    """A pyoxigraph or OS failure as a one-line :class:`StoreError` naming ``where``."""
    reason = os_reason(exc)
    cls = StoreVersionError if "version" in reason.lower() else StoreError
    return cls(f"cannot {doing} store {where}: {reason}")


@contextlib.contextmanager
def _reading(where: Path) -> Iterator[None]:
    try:
        yield
    except (OSError, RuntimeError) as exc:
        if not is_storage_failure(exc):
            raise
        raise storage_error(exc, where) from None


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Store:
    """A read-only view of the live generation of a store.

    Queries run over the union of all named graphs. Values are bound as RDF terms through
    ``bindings`` (SPARQL substitution), never pasted into query text. The generation stays
    on disk while the view is open (a lease, :mod:`peacekg.graph.locks`), however many
    builds publish meanwhile; :meth:`close` lets the next writer remove it.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        if not self.path.is_dir() or _read_current(self.path) is None:
            raise StoreNotFound(
                f"no peacekg store at {self.path} (build one with: peacekg build PATH)"
            )
        _check_format(self.path)
        for _ in range(_OPEN_ATTEMPTS):
            gen = _read_current(self.path)
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
        with _reading(self.location):
            return run_query(self._ox, SPARQL_PROLOGUE + sparql if prologue else sparql, bindings)

    def select(
        self, sparql: str, bindings: Mapping[str, TermLike] | None = None
    ) -> list[dict[str, Node | None]]:
        """Run a SELECT query; each row maps variable names to rdflib terms (or ``None``).

        The prefixes of :data:`~peacekg.ontology.namespaces.PREFIXES` are declared.
        """
        result = self.query_raw(sparql, bindings)
        with _reading(self.location):
            return _rows(result)

    def ask(self, sparql: str, bindings: Mapping[str, TermLike] | None = None) -> bool:
        """Run an ASK query."""
        return bool(self.query_raw(sparql, bindings))

    def named_graphs(self) -> list[str]:
        """IRIs of all named graphs, sorted."""
        with _reading(self.location):
            graphs = list(self._ox.named_graphs())
        return sorted(g.value for g in graphs if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        with _reading(self.location):
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
            _check_format(self.path)
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
        half-deleted generations, spooled N-Quads (:mod:`~peacekg.graph.spool`) and temporary
        files. Only the lock holder calls this.
        """
        live = _current(self.path)
        live_number = int(_GEN.match(live).group(1)) if live else 0
        notes: list[str] = []
        for entry in sorted(self.path.iterdir(), key=lambda e: e.name):
            name = entry.name
            if _GEN.match(name):
                if name in (live, self.generation):
                    continue
                partial = int(_GEN.match(name).group(1)) > live_number
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
        live = _current(self.path)
        g = to_ox(graph)
        source = ox.Store.read_only(str(self.path / live)) if live else None
        if source is None or not source.contains_named_graph(g):
            del source
            self._open_new()
            return False
        number = int(_GEN.match(live).group(1)) + 1
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
        live = _current(self.path)
        number = int(_GEN.match(live).group(1)) + 1 if live else 1
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
        return Store(self.path) if _current(self.path) else None

    def select(
        self, sparql: str, bindings: Mapping[str, TermLike] | None = None
    ) -> list[dict[str, Node | None]]:
        """Run a SELECT over the generation being written (or the live one before any write)."""
        result = self.query_raw(sparql, bindings)
        return _rows(result) if result is not None else []

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
        """Add prepared pyoxigraph quads (the fast path of large builds)."""
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
        discarded if the build fails).
        """
        if data:
            self._open_new().bulk_load(data, format=ox.RdfFormat.N_QUADS)
            self.changed = True

    def bulk_load_triples(self, data: bytes, graph: TermLike) -> None:
        """Add N-Triples into named graph ``graph`` at once (the fast path of data set imports:
        no graph term to repeat and parse on every line); see :meth:`bulk_load_nquads`."""
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
