"""peacekg: a knowledge graph of UN peacekeeping diplomacy, built from its documents.

Loaders read documents and extract who speaks and what they commit to; the graph package
writes it all to an RDF store (one named graph per document) and answers questions with
SPARQL, networkx and interactive HTML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from peacekg.graph.query.api import KG

__version__ = "0.1.0"

__all__ = ["__version__", "open"]


def open(store: Any = None) -> KG:
    """Open a peacekg store for reading: ``kg = peacekg.open("store")``.

    See :func:`peacekg.graph.query.api.open` (imported lazily, so ``import peacekg`` stays light).
    """
    from peacekg.graph.query.api import open as _open

    return _open(store)
