"""Exporting the store in standard RDF formats, and a summary of what it holds."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import IO, TypeVar

import pyoxigraph as ox

from peacekg.graph.progress import Progress, Tick
from peacekg.graph.publish.jsonld import write_jsonld
from peacekg.graph.store.atomic import atomic_write
from peacekg.graph.store.database import Store
from peacekg.ontology.namespaces import PK, PREFIXES

#: ``pk:sourcePath``: where a document was read, a local absolute path. Left out of exports
#: and publications unless asked for (it says nothing about the document, much about the
#: machine that built the store).
SOURCE_PATH = ox.NamedNode(str(PK.sourcePath))

T = TypeVar("T", ox.Triple, ox.Quad)


def shareable(statements: Iterable[T], keep_source_path: bool = False) -> Iterator[T]:
    """``statements`` (triples or quads) without ``pk:sourcePath`` unless ``keep_source_path``."""
    if keep_source_path:
        yield from statements
        return
    for s in statements:
        if s.predicate != SOURCE_PATH:
            yield s


#: ``--format`` names -> pyoxigraph formats.
FORMATS: dict[str, ox.RdfFormat] = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
#: Formats that cannot hold named graphs: exporting to them merges every document's graph.
FLATTENING = frozenset(f for f, rf in FORMATS.items() if not rf.supports_datasets)


#: Quads between two advances of a progress callback.
PROGRESS_STEP = 10_000


def counted(statements: Iterable[T], tick: Tick | None) -> Iterator[T]:
    """``statements`` as they are, advancing ``tick`` by every :data:`PROGRESS_STEP` passed."""
    if tick is None:
        yield from statements
        return
    n = 0
    for s in statements:
        yield s
        n += 1
        if n == PROGRESS_STEP:
            tick(n)
            n = 0
    if n:
        tick(n)


def export(
    store: Store,
    fmt: str,
    output: str | os.PathLike[str] | IO[bytes],
    keep_source_path: bool = False,
    progress: Progress | None = None,
) -> None:
    """Write the whole store to ``output`` in format ``fmt`` (a key of :data:`FORMATS`).

    Dataset formats (N-Quads, TriG, JSON-LD) keep the named graphs; graph formats (Turtle,
    N-Triples, RDF/XML) get the union of all graphs (:data:`FLATTENING` names them). JSON-LD
    is compacted with the project's context (:mod:`peacekg.graph.publish.jsonld`). ``pk:sourcePath``
    triples (local paths) are left out unless ``keep_source_path``. A file is written
    atomically (:func:`~peacekg.graph.store.atomic.atomic_write`): until the export is complete, a
    file already at ``output`` stays as it was. ``progress(total)`` (see
    :mod:`peacekg.commands.progress`) is told the number of quads in the store and may return
    a callback advanced as they are written.
    """
    tick = progress(len(store)) if progress else None
    if isinstance(output, str | os.PathLike):
        with atomic_write(output, "wb") as fh:
            _export(store, fmt, fh, keep_source_path, tick)
    else:
        _export(store, fmt, output, keep_source_path, tick)


def _export(
    store: Store,
    fmt: str,
    output: IO[bytes],
    keep_source_path: bool,
    tick: Tick | None,
) -> None:
    if fmt == "jsonld":

        def select(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
            return shareable(counted(quads, tick), keep_source_path)

        write_jsonld(store, output, select=select)
        return
    rdf_format = FORMATS[fmt]
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    if rdf_format.supports_datasets:
        kwargs = {"prefixes": prefixes} if fmt in ("trig", "jsonld") else {}
        quads = counted(store.oxigraph.quads_for_pattern(None, None, None, None), tick)
        ox.serialize(shareable(quads, keep_source_path), output, format=rdf_format, **kwargs)
        return
    triples = shareable(
        counted(
            store.oxigraph.query(
                "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
            ),
            tick,
        ),
        keep_source_path,
    )
    kwargs = {"prefixes": prefixes} if fmt == "turtle" else {}
    ox.serialize(triples, output, format=rdf_format, **kwargs)


_COUNTS = """
SELECT
  (COUNT(DISTINCT ?doc) AS ?documents)
  (COUNT(DISTINCT ?st) AS ?statements)
  (COUNT(DISTINCT ?c) AS ?commitments)
WHERE {
  { ?doc a pk:Document } UNION { ?st a pk:Statement } UNION { ?c a pk:Commitment }
}"""

_BY_CLASS = """
SELECT ?class (COUNT(DISTINCT ?e) AS ?n) WHERE {
  GRAPH ?g { ?doc a pk:Document ; pk:mentions ?e }
  ?e a ?class . FILTER(STRSTARTS(STR(?class), STR(pk:)))
} GROUP BY ?class ORDER BY ?class"""

_BY_STANCE = """
SELECT ?stance (COUNT(?c) AS ?n) WHERE { ?c a pk:Commitment ; pk:stance ?stance }
GROUP BY ?stance ORDER BY ?stance"""


def stats(store: Store) -> dict[str, object]:
    """Counts of what the store holds: documents, statements, commitments, mentioned
    entities by class, commitments by stance, triples and named graphs."""
    row = store.select(_COUNTS)[0]
    local = len(str(PREFIXES["pk"]))
    return {
        "documents": int(row["documents"]),
        "statements": int(row["statements"]),
        "commitments": int(row["commitments"]),
        "mentioned_entities": {
            str(r["class"])[local:]: int(r["n"]) for r in store.select(_BY_CLASS)
        },
        "commitments_by_stance": {
            str(r["stance"])[local:]: int(r["n"]) for r in store.select(_BY_STANCE)
        },
        "triples": len(store),
        "named_graphs": len(store.named_graphs()),
        "generation": store.generation,
    }
