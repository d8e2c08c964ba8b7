"""The Python API: ``peacekg.open()`` and the :class:`KG` it returns.

The same lookups as the command line (which calls these very methods), returning plain
Python structures (dataclasses, lists, dicts). Results have ``.to_frame()`` (and the methods
``as_frame=True``): a pandas DataFrame, when the ``frames`` extra (pandas) is installed
(:mod:`peacekg.graph.query.frames`). :meth:`KG.table` is the tidy long table researchers start
from: one row per commitment with actor, ISO3, target, target kind, stance, year,
confidence, document and the evidence's offsets.

>>> import peacekg                                  # doctest: +SKIP
>>> kg = peacekg.open("store")                      # doctest: +SKIP
>>> fra = kg.country("France")                      # doctest: +SKIP
>>> [(p.target.label, p.support) for p in fra.positions][:2]   # doctest: +SKIP
[('Performance and accountability', 2), ('Women, peace and security', 1)]
>>> kg.backers(as_frame=True)                       # doctest: +SKIP
>>> df = kg.table().to_frame()                      # doctest: +SKIP
>>> df.groupby(["iso3", "target_code"]).document.nunique()  # doctest: +SKIP
>>> kg.priority("wps", count="commitments", since=2015, min_confidence=0.8)  # doctest: +SKIP

Every reading method takes the scope keywords ``count`` (``"speeches"``, the default,
``"statements"`` or ``"commitments"``), ``since``, ``until`` (years) and ``min_confidence``
(see :class:`peacekg.graph.query.scope.Scope`), the options ``--count``, ``--since``, ``--until``
and ``--min-confidence`` of the command line.
>>> kg.query("SELECT ?t WHERE { ?a pk:backs ?t }", a="pkid:state/FRA")  # doctest: +SKIP
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from peacekg.graph.network.similarity import DEFAULT_ALPHA, DEFAULT_PERMUTATIONS, SIMILARITIES
from peacekg.graph.query import commitments, entities, lookups, results
from peacekg.graph.query.frames import Rows, to_frame
from peacekg.graph.query.scope import Scope
from peacekg.graph.query.sparql import load_query, parse_term, run_query
from peacekg.graph.store.database import Store

if TYPE_CHECKING:  # networkx is imported only when a network is asked for
    import networkx as nx
    from matplotlib.figure import Figure

    from peacekg.graph.network import analytics
    from peacekg.graph.query.deeds import Deeds
    from peacekg.graph.views.timeline import Timeline


def make_scope(scope: Scope | None = None, **keywords: Any) -> Scope:
    """A :class:`Scope` from the scope keywords (``count``, ``since``, ``until``,
    ``min_confidence``), or ``scope`` itself; an unknown keyword is a ``TypeError``."""
    if scope is not None:
        if keywords:
            raise TypeError("give either scope= or the scope keywords, not both")
        return scope
    return Scope(**keywords)


def _term(value: Any) -> Node:
    """A binding value: rdflib terms as they are, strings parsed like ``--bind``."""
    if isinstance(value, Node):
        return value
    if isinstance(value, bool):
        return parse_term("true" if value else "false")
    if isinstance(value, int | float):
        return parse_term(repr(value))
    return parse_term(str(value))


class KG:
    """A peacekg knowledge graph opened for reading.

    Use :func:`open` to get one; close it with :meth:`close` or a ``with`` block.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._backing: dict[Scope, nx.DiGraph] = {}

    # -- lifecycle --
    def close(self) -> None:
        """Release the store."""
        self.store.close()

    def __enter__(self) -> KG:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<peacekg.KG {self.store.location}>"

    # -- entities --
    def resolve(self, name: str, kind: str = "State") -> results.Entity:
        """The entity of type ``kind`` named ``name`` (raises :class:`results.NotFound`)."""
        return entities.resolve(self.store, kind, name)

    def _find(self, name: str, kinds: tuple[str, ...]) -> str:
        """An IRI (``<...>``, ``pkid:...``) as is, else the first entity of ``kinds`` so named."""
        term = parse_term(name)
        if isinstance(term, URIRef):
            return str(term)
        for kind in kinds:
            try:
                return entities.resolve(self.store, kind, name).iri
            except results.NotFound:
                continue
        return entities.resolve(self.store, kinds[0], name).iri  # raises, with suggestions

    def _node(self, name: str) -> str:
        return self._find(name, ("State", "Organization", "Person"))

    def _target(self, name: str) -> str:
        return self._find(
            name, ("Priority", "Initiative", "Mission", "Resolution", "State", "Organization")
        )

    # -- lookups --
    def country(
        self, name: str, evidence_limit: int | None = None, **scope: Any
    ) -> results.CountryProfile:
        """A state's commitments (by target, with quotes and sources), statements and
        contributions. ``name``: name, formal name, variant or ISO3, any case."""
        return lookups.country(self.store, name, evidence_limit, make_scope(**scope))

    def mission(
        self, acronym: str, evidence_limit: int | None = None, **scope: Any
    ) -> results.TargetProfile:
        """Who backs, opposes and contributes to a mission."""
        return lookups.mission(self.store, acronym, evidence_limit, make_scope(**scope))

    def priority(
        self, code: str, evidence_limit: int | None = None, **scope: Any
    ) -> results.TargetProfile:
        """Who backs or opposes a priority (``wps``, ``"Women, peace and security"``)."""
        return lookups.priority(self.store, code, evidence_limit, make_scope(**scope))

    def initiative(
        self, name: str, evidence_limit: int | None = None, **scope: Any
    ) -> results.TargetProfile:
        """Who backs or opposes an initiative."""
        return lookups.initiative(self.store, name, evidence_limit, make_scope(**scope))

    def resolution(
        self, number: str | int, evidence_limit: int | None = None, **scope: Any
    ) -> results.TargetProfile:
        """Who backs, opposes and cites a Security Council resolution (``2538``)."""
        return lookups.resolution(self.store, str(number), evidence_limit, make_scope(**scope))

    def backers(
        self, scheme: str = "a4p", actor_type: str = "State", as_frame: bool = False, **scope: Any
    ) -> results.BackersMatrix | Any:
        """The actors × priorities matrix, counted in speeches by default (``count=``).
        With ``as_frame=True``: a DataFrame with one row per actor and, per priority code,
        ``<code>`` (support) and ``<code>-`` (opposition) columns."""
        matrix = lookups.backers(
            self.store, scheme=scheme, actor_type=actor_type, scope=make_scope(**scope)
        )
        if not as_frame:
            return matrix
        rows = []
        for a in matrix.actors:
            row: dict[str, Any] = {"actor": a.label, "code": a.code}
            for p in matrix.priorities:
                s, o = matrix.cell(a, p)
                key = p.code or p.label
                row[key], row[f"{key}-"] = s, o
            rows.append(row)
        return to_frame(rows).set_index("actor") if rows else to_frame(rows)

    def commitments(
        self,
        actor: str | None = None,
        target: str | None = None,
        as_frame: bool = False,
        **scope: Any,
    ) -> Rows | Any:
        """All commitments, or those of one actor / on one target (names or IRIs), within
        the scope (``since``, ``until``, ``min_confidence``): a list of
        :class:`~peacekg.graph.results.Commitment` whose ``.to_frame()`` has the columns of
        :meth:`table`."""
        a = self._node(actor) if actor else None
        t = self._target(target) if target else None
        items = commitments.commitments(self.store, actor=a, target=t, scope=make_scope(**scope))
        return _commitment_rows(items, as_frame)

    def table(self, aggregate: bool = False, as_frame: bool = False, **scope: Any) -> Rows | Any:
        """The tidy long table (``peacekg table``): one row per commitment with a target,
        columns :data:`~peacekg.graph.query.table.TIDY_COLUMNS` — ``actor``, ``iso3``,
        ``target``, ``target_kind``, ``stance``, ``year``, ``confidence``, ``document``,
        ``start``/``end`` (the evidence's offsets in the document's text), the IRIs ...

        With ``aggregate=True``: one row per actor, target and year with the numbers of
        speeches (``count=``: statements, commitments) backing and opposing
        (:data:`~peacekg.graph.query.table.AGGREGATE_COLUMNS`). A list of dicts with
        ``.to_frame()``; ``as_frame=True`` gives the DataFrame directly.
        """
        from peacekg.graph.query.table import (
            AGGREGATE_COLUMNS,
            TIDY_COLUMNS,
            aggregate_rows,
            tidy_rows,
        )

        chosen = make_scope(**scope)
        rows = tidy_rows(self.store, chosen)
        columns = TIDY_COLUMNS
        if aggregate:
            rows, columns = aggregate_rows(rows, chosen.count), AGGREGATE_COLUMNS
        result = Rows(rows, columns=columns)
        return result.to_frame() if as_frame else result

    def search(
        self, text: str, limit: int | None = None, as_frame: bool = False, **scope: Any
    ) -> Rows | Any:
        """Commitments whose evidence contains ``text`` (case-insensitive), as
        :meth:`commitments`."""
        items = lookups.search(self.store, text, limit, scope=make_scope(**scope))
        return _commitment_rows(items, as_frame)

    def heatmap(self, top: int | None = 40, **scope: Any) -> Figure:
        """The states x A4P heatmap of ``peacekg chart backers`` as a matplotlib Figure
        (shown inline in a notebook): the ``top`` states with most commitments."""
        from peacekg.graph.views.chart import heatmap_figure, matrix_from_lookup

        matrix = lookups.backers(self.store, scheme="a4p", scope=make_scope(**scope))
        return heatmap_figure(matrix_from_lookup(matrix, top))

    def timeline(
        self,
        name: str,
        target: str | None = None,
        by: str = "year",
        since: int | None = None,
        until: int | None = None,
    ) -> Timeline:
        """A state's stances per year or decade (``peacekg timeline``)."""
        from peacekg.graph.views import timeline as tl

        return tl.timeline(self.store, name, target=target, by=by, since=since, until=until)

    def deeds(self, name: str, since: int | None = None, until: int | None = None) -> Deeds:
        """A state's words and deeds per year (``peacekg deeds``)."""
        from peacekg.graph.query import deeds as dd

        return dd.deeds(self.store, name, since, until)

    def query(self, sparql: str, as_frame: bool = False, **bindings: Any) -> Any:
        """Run SPARQL (text, a ``.rq`` file or a library query name) over all graphs.

        Keyword arguments are bound as terms: rdflib terms as given, strings parsed like
        ``--bind`` (``"pkid:state/FRA"`` is an IRI, ``'"France"'`` or ``"France"`` a literal).
        Returns rows (list of dicts of rdflib terms, with ``.to_frame()``: Python values) for
        SELECT, a bool for ASK, an rdflib Graph for CONSTRUCT/DESCRIBE; ``as_frame=True``
        gives a DataFrame of SELECT rows.
        """
        result = run_query(
            self.store, load_query(sparql), {k: _term(v) for k, v in bindings.items()}
        )
        if result.kind == "ask":
            return result.boolean()
        if result.kind == "graph":
            g = Graph()
            for t in result.triples():
                g.add(t)
            return g
        rows = Rows(result.rows(), row=_python_values)
        return rows.to_frame() if as_frame else rows

    def dataset(self) -> Dataset:
        """The store as an rdflib :class:`~rdflib.Dataset` (read-only, through oxrdflib).

        For code written against rdflib's API: one named graph per document, the reference
        and ontology graphs beside them; the default graph is their union.

        >>> kg = open("kg")  # doctest: +SKIP
        >>> len(list(kg.dataset().graphs()))  # doctest: +SKIP
        """
        from oxrdflib import OxigraphStore

        return Dataset(store=OxigraphStore(store=self.store.oxigraph), default_union=True)

    # -- networks --
    def backing_graph(self, **kwargs: Any) -> nx.DiGraph:
        """Actors → targets, weighted and signed (see :func:`network.backing_graph`)."""
        from peacekg.graph.network import projections as network

        return network.backing_graph(self.store, **kwargs)

    def cobacking_graph(self, scope: Scope | None = None, **kwargs: Any) -> nx.Graph:
        """States linked by significantly similar stance profiles (see
        :func:`network.cobacking_graph`: ``similarity``, ``alpha``, ``permutations``,
        ``seed``, ...); the scope keywords (``since``, ``count``, ...) choose what is counted.
        """
        from peacekg.graph.network import projections as network

        names = set(inspect.signature(network.cobacking_graph).parameters)
        options = {k: v for k, v in kwargs.items() if k in names}
        chosen = make_scope(scope, **{k: v for k, v in kwargs.items() if k not in names})
        options.setdefault("backing", self._full_backing(chosen))
        return network.cobacking_graph(self.store, scope=chosen, **options)

    def contribution_graph(self, **scope: Any) -> nx.DiGraph:
        """Actors → missions (see :func:`network.contribution_graph`)."""
        from peacekg.graph.network import projections as network

        return network.contribution_graph(self.store, scope=make_scope(**scope))

    def _full_backing(self, scope: Scope | None = None) -> nx.DiGraph:
        scope = scope or Scope()
        if scope not in self._backing:
            from peacekg.graph.network import projections as network

            self._backing[scope] = network.backing_graph(self.store, actor_types=None, scope=scope)
        return self._backing[scope]

    # -- analytics --
    def central(
        self,
        measure: str = "degree",
        types: Iterable[str] | str | None = ("State", "Priority"),
        top: int | None = 10,
        network: str = "backing",
        **scope: Any,
    ) -> Rows:
        """Most central nodes (see :func:`analytics.centrality`) of the backing graph (states
        and priorities), or with ``network="cobacking"`` of the co-backing network (states
        linked by significantly similar stance profiles)."""
        from peacekg.graph.network import analytics

        chosen = make_scope(**scope)
        if network == "backing":
            G = self._full_backing(chosen)
        elif network == "cobacking":
            G = self.cobacking_graph(scope=chosen)
        else:
            raise ValueError(f"unknown network {network!r} (backing or cobacking)")
        return Rows(analytics.centrality(G, measure, types=types, top=top))

    def communities(
        self,
        method: str = "louvain",
        seed: int = 0,
        similarity: str = SIMILARITIES[0],
        alpha: float | None = DEFAULT_ALPHA,
        permutations: int = DEFAULT_PERMUTATIONS,
        **scope: Any,
    ) -> Rows:
        """Communities of states in the co-backing network (significantly similar stance
        profiles; ``similarity``, ``alpha``, ``permutations`` as in
        :func:`network.cobacking_graph`)."""
        from peacekg.graph.network import analytics

        cobacking = self.cobacking_graph(
            scope=make_scope(**scope),
            similarity=similarity,
            alpha=alpha,
            permutations=permutations,
            seed=seed,
        )
        return Rows(analytics.communities(cobacking, method, seed=seed))

    def divisive(
        self,
        types: Iterable[str] | str | None = "Priority",
        include_consensus: bool = False,
        **scope: Any,
    ) -> list[analytics.Division]:
        """Targets that divide actors (support vs opposition)."""
        from peacekg.graph.network import analytics

        divisions = analytics.divisive(
            self._full_backing(make_scope(**scope)),
            types=types,
            include_consensus=include_consensus,
        )
        return Rows(divisions)

    def connect(self, a: str, b: str, max_paths: int = 5, **scope: Any) -> list[analytics.Path]:
        """Shortest paths between two actors (names or IRIs), with the evidence along them."""
        from peacekg.graph.network import analytics

        paths = analytics.connect(
            self._full_backing(make_scope(**scope)),
            self._node(a),
            self._node(b),
            max_paths=max_paths,
        )
        return Rows(paths)


def _python_values(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.toPython() if v is not None else None) for k, v in row.items()}


def _commitment_rows(items: list[results.Commitment], as_frame: bool) -> Rows | Any:
    from peacekg.graph.query.table import TIDY_COLUMNS, tidy_row

    rows = Rows(items, columns=TIDY_COLUMNS, row=tidy_row)
    return rows.to_frame() if as_frame else rows


def open(store: str | os.PathLike[str] | Store | None = None) -> KG:
    """Open a peacekg store for reading (default: ``$PEACEKG_STORE`` or the user store).

    >>> import peacekg                       # doctest: +SKIP
    >>> with peacekg.open("store") as kg:    # doctest: +SKIP
    ...     print(kg.country("fra").state)
    France (FRA)
    """
    return KG(store if isinstance(store, Store) else Store(store))
