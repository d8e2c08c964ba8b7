"""What goes into the store: documents and data sets, and the graphs derived from them.

:mod:`~.rdf` (an extraction as the quads of its document's graph), :mod:`~.documents` (the
incremental build), :mod:`~.extraction` (one file extracted, in worker processes) with its
:mod:`~.budget`, :mod:`~.datasets` with :mod:`~.personnel` and :mod:`~.votes` (data sets of
deeds), and the derived graphs: :mod:`~.summary`, :mod:`~.repeats`, :mod:`~.deeds_check`.
"""
