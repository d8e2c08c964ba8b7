"""Reading the store: SPARQL and the researchers' lookups.

:mod:`~.sparql` (queries with bound terms, the ready queries), :mod:`~.scope` (counting
unit, years, minimum confidence), :mod:`~.entities` (labels, names resolved to entities),
:mod:`~.commitments` (commitments with evidence, positions, contributions, citations),
:mod:`~.lookups` (country, target, backers, search) returning :mod:`~.results`, printed by
:mod:`~.rendering`; :mod:`~.table` (tidy tables), :mod:`~.provenance` (a commitment in its
source), :mod:`~.deeds` (words against deeds) and :mod:`~.api` (``KG``, the Python API).
"""
