"""Network analysis: :mod:`~.projections` of the graph as networkx graphs, and the
:mod:`~.analytics` run on them (centrality, communities, divisive priorities, paths).
"""
