"""peacekg: a knowledge graph of UN peacekeeping diplomacy, built from its documents.

Loaders read documents and extract who speaks and what they commit to; the graph package
writes it all to an RDF store (one named graph per document) and answers questions with
SPARQL, networkx and interactive HTML.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
