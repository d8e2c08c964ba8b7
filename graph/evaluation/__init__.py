"""Checking the graph: scores against gold annotations (:mod:`~.keys`, :mod:`~.gold`,
:mod:`~.predictions`, :mod:`~.scoring`) and SHACL validation (:mod:`~.validate`).
"""
