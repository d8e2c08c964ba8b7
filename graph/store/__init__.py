"""The persistent store: an embedded Oxigraph database written in generations.

:mod:`~.database` (``Store``, ``StoreWriter``), :mod:`~.generations` (the directory layout),
:mod:`~.terms` (rdflib and pyoxigraph terms, queries with bound terms), :mod:`~.locks` (the
writer's lock, readers' leases), :mod:`~.atomic` (files written whole or not at all),
:mod:`~.doctor` (generations, leftovers, disk use).
"""
