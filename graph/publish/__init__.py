"""Sharing the graph: RDF exports (:mod:`~.export`, :mod:`~.jsonld`), a read-only SPARQL
endpoint (:mod:`~.serve`, with :mod:`~.endpoint` in front of the Oxigraph server) and every
named graph pushed to another triplestore (:mod:`~.publish`).
"""
