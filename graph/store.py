"""The persistent store: an embedded Oxigraph database, written in generations.

A store directory holds:

- ``gen-NNNNNN/`` — Oxigraph (RocksDB) databases, one per successful write;
- ``CURRENT`` — the name of the live generation, replaced atomically;
- ``LOCK`` — held with ``flock`` by the single writer.

A writer copies the live generation (``pyoxigraph.Store.backup``: hard links, so cheap),
applies its changes to the copy and publishes it by replacing ``CURRENT``. Killed at any
point, the store still opens on the previous generation, so readers never see a half-written
document; a second writer gets :class:`StoreLocked`.

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
import fcntl
import itertools
import os
import re
import shutil
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from peacekg.ontology.namespaces import SPARQL_PROLOGUE

CURRENT = "CURRENT"
LOCK = "LOCK"
_GEN = re.compile(r"^gen-(\d{6})$")

#: A triple or quad member as accepted by the writer: an IRI string, or an rdflib term.
TermLike = str | Node | ox.NamedNode | ox.Literal | ox.BlankNode


class StoreError(Exception):
    """The store cannot be opened or written."""


class StoreNotFound(StoreError):
    """No store exists at the given location."""


class StoreLocked(StoreError):
    """Another process is writing the store."""


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
        raise StoreError(f"SPARQL syntax error: {exc}") from exc


def _rows(result: Any) -> list[dict[str, Node | None]]:
    """SELECT solutions as dicts of variable name -> rdflib term (or ``None``)."""
    names = [v.value for v in result.variables]
    return [dict(zip(names, map(to_rdflib, sol), strict=True)) for sol in result]


# --- generations ---------------------------------------------------------------------------


def _generations(root: Path) -> list[str]:
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if _GEN.match(p.name))


def _current(root: Path) -> str | None:
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    if not _GEN.match(name) or not (root / name).is_dir():
        raise StoreError(f"{root}: CURRENT names a missing generation {name!r}")
    return name


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Store:
    """A read-only view of the live generation of a store.

    Queries run over the union of all named graphs. Values are bound as RDF terms through
    ``bindings`` (SPARQL substitution), never pasted into query text.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        gen = _current(self.path) if self.path.is_dir() else None
        if gen is None:
            raise StoreNotFound(
                f"no peacekg store at {self.path} (build one with: peacekg build PATH)"
            )
        self.generation = gen
        self.location = self.path / gen
        try:
            self._ox = ox.Store.read_only(str(self.location))
        except OSError as exc:
            raise StoreError(f"cannot open store {self.location}: {exc}") from exc

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
        return run_query(self._ox, SPARQL_PROLOGUE + sparql if prologue else sparql, bindings)

    def select(
        self, sparql: str, bindings: Mapping[str, TermLike] | None = None
    ) -> list[dict[str, Node | None]]:
        """Run a SELECT query; each row maps variable names to rdflib terms (or ``None``).

        The prefixes of :data:`~peacekg.ontology.namespaces.PREFIXES` are declared.
        """
        return _rows(self.query_raw(sparql, bindings))

    def ask(self, sparql: str, bindings: Mapping[str, TermLike] | None = None) -> bool:
        """Run an ASK query."""
        return bool(self.query_raw(sparql, bindings))

    def named_graphs(self) -> list[str]:
        """IRIs of all named graphs, sorted."""
        return sorted(g.value for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self._ox)

    def close(self) -> None:
        """Release the database handle."""
        self._ox = None  # type: ignore[assignment]

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class StoreWriter:
    """The single writer of a store: a new generation, published on success.

    Use as a context manager. On normal exit the new generation becomes live; on an
    exception it is discarded and the previous generation stays live. Raises
    :class:`StoreLocked` when another writer holds the lock.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        self._lock_fd: int | None = None
        self._ox: ox.Store | None = None
        self.generation: str | None = None
        self.changed = False

    # -- lifecycle --
    def __enter__(self) -> StoreWriter:
        self.path.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise StoreLocked(
                f"store is locked: another peacekg process is writing {self.path}"
            ) from None
        self._lock_fd = fd
        self._collect_garbage()
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        try:
            if exc_type is None and self._ox is not None and self.changed:
                self._publish()
            elif self._ox is not None:
                self._discard()
        finally:
            if self._lock_fd is not None:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
                os.close(self._lock_fd)
                self._lock_fd = None

    def _collect_garbage(self) -> None:
        """Remove generations that are not live (left by earlier or killed writers)."""
        live = _current(self.path)
        for name in _generations(self.path):
            if name != live:
                shutil.rmtree(self.path / name, ignore_errors=True)

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
        tmp = self.path / (CURRENT + ".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(self.generation + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path / CURRENT)
        _fsync_dir(self.path)
        self._collect_garbage()

    def _discard(self) -> None:
        self._ox = None
        if self.generation:
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
