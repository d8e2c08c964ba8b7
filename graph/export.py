"""Exporting the store in standard RDF formats, and a summary of what it holds."""

from __future__ import annotations

import os
from typing import IO

import pyoxigraph as ox

from peacekg.graph.atomic import atomic_write
from peacekg.graph.store import Store
from peacekg.ontology.namespaces import PREFIXES

#: ``--format`` names -> pyoxigraph formats.
FORMATS: dict[str, ox.RdfFormat] = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def export(store: Store, fmt: str, output: str | os.PathLike[str] | IO[bytes]) -> None:
    """Write the whole store to ``output`` in format ``fmt`` (a key of :data:`FORMATS`).

    Dataset formats (N-Quads, TriG, JSON-LD) keep the named graphs; graph formats (Turtle,
    N-Triples, RDF/XML) get the union of all graphs. A file is written atomically
    (:func:`~peacekg.graph.atomic.atomic_write`): until the export is complete, a file
    already at ``output`` stays as it was.
    """
    if isinstance(output, str | os.PathLike):
        with atomic_write(output, "wb") as fh:
            _export(store, fmt, fh)
    else:
        _export(store, fmt, output)


def _export(store: Store, fmt: str, output: IO[bytes]) -> None:
    rdf_format = FORMATS[fmt]
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    if rdf_format.supports_datasets:
        kwargs = {"prefixes": prefixes} if fmt in ("trig", "jsonld") else {}
        store.oxigraph.dump(output, format=rdf_format, **kwargs)
        return
    triples = store.oxigraph.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
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
