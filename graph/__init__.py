"""The graph: documents' extractions in a persistent RDF store, and everything read from it.

Data flows one way through the subpackages, each named for its role:

- :mod:`~peacekg.graph.store`: the persistent store (generations, the writer's lock, readers'
  leases, files written whole or not at all, ``doctor``);
- :mod:`~peacekg.graph.ingest`: what goes into the store (extractions as quads, incremental
  builds in worker processes, imported data sets, the derived summary, repeats and
  deeds-check graphs);
- :mod:`~peacekg.graph.query`: reading it (SPARQL with bound terms, the scope of a reading,
  the lookups, tidy tables, provenance, words against deeds, the Python API ``KG``);
- :mod:`~peacekg.graph.network`: networkx projections and the algorithms run on them;
- :mod:`~peacekg.graph.views`: pictures of it (the interactive page, the heatmap, timelines);
- :mod:`~peacekg.graph.publish`: sharing it (RDF exports, JSON-LD, the SPARQL endpoint,
  pushing to another triplestore);
- :mod:`~peacekg.graph.evaluation`: checking it (scores against gold, SHACL validation).
"""
