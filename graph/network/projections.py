"""networkx projections of the RDF graph, read with SPARQL.

Three projections, each a plain networkx graph whose nodes are entity IRIs with the
attributes ``label``, ``type`` (State, Organization, Person, Mission, Priority, Initiative,
Resolution), ``iri`` and ``code`` (ISO3, acronym, notation; ``""`` when none):

- :func:`backing_graph` — actors → targets, one edge per pair, weighted by the number of
  speeches (or statements, or commitments: the unit of the
  :class:`~peacekg.graph.query.scope.Scope`) and signed by stance;
- :func:`cobacking_graph` — states linked by significantly similar stance profiles on the
  priorities (cosine similarity, a permutation test: :mod:`peacekg.graph.network.similarity`);
- :func:`contribution_graph` — actors → the missions they contribute to.

Examples
--------
>>> from peacekg.graph.store.database import Store                        # doctest: +SKIP
>>> G = backing_graph(Store("store"))                            # doctest: +SKIP
>>> G.edges["https://w3id.org/peacekg/id/state/FRA",
...         "https://w3id.org/peacekg/id/priority/wps"]["sign"]  # doctest: +SKIP
1

:func:`write` exports any of them as GraphML or GEXF (for Gephi), flattening list-valued
attributes to strings.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from typing import Any

import networkx as nx
import numpy as np

from peacekg.graph.ingest.repeats import counted_elsewhere
from peacekg.graph.network.similarity import (
    DEFAULT_ALPHA,
    DEFAULT_PERMUTATIONS,
    SIMILARITIES,
    permutation_test,
    similarity_matrix,
)
from peacekg.graph.query.commitments import commitments, contributions
from peacekg.graph.query.entities import Labeler
from peacekg.graph.query.results import BACKING_STANCES, Commitment, Entity
from peacekg.graph.query.scope import Scope
from peacekg.graph.store.atomic import atomic_write
from peacekg.graph.store.database import Store

#: Actor types (the node ``type`` attribute of actors).
ACTOR_TYPES = ("State", "Organization", "Person")
#: Target types.
TARGET_TYPES = ("Priority", "Initiative", "Resolution", "Mission", "Organization", "State")


def _add_node(G: nx.Graph, e: Entity) -> None:
    if e.iri not in G:
        G.add_node(e.iri, label=e.label, type=e.type, iri=e.iri, code=e.code or "")


def _as_set(types: Iterable[str] | str | None) -> set[str] | None:
    if types is None:
        return None
    return {types} if isinstance(types, str) else set(types)


def backing_graph(
    store: Store,
    *,
    actor_types: Iterable[str] | str | None = ACTOR_TYPES,
    target_types: Iterable[str] | str | None = None,
    stances: Iterable[str] | None = None,
    evidence_per_edge: int = 3,
    min_weight: int = 1,
    items: list[Commitment] | None = None,
    scope: Scope | None = None,
) -> nx.DiGraph:
    """Actors → targets: who backs or opposes what, within ``scope`` and counted in its unit
    (speeches by default; the graph attribute ``unit`` says which).

    One edge per actor–target pair with the attributes

    - ``weight``: number of speeches (statements, commitments) with any stance,
    - ``support`` / ``opposition``: numbers of speeches (...) backing / opposing,
    - ``sign``: ``1`` if support outweighs opposition, ``-1`` if the reverse, ``0`` if tied,
    - ``stances``: ``{"Support": 2, "Pledge": 1}`` (in the same unit),
    - ``commitments``: number of commitments (pieces of evidence),
    - ``evidence``: up to ``evidence_per_edge`` ``(quote, source_file)`` pairs,
    - ``years``: ``{2019: 2, 2021: 1}``, the speeches (...) of each year with any stance
      (``None`` for undated ones); they add up to ``weight``.

    A speech published in two documents counts once: the commitments of a statement that is
    ``pk:countedAs`` another (:mod:`peacekg.graph.ingest.repeats`) are left out, as in the summary
    graph.

    ``actor_types``/``target_types`` restrict the node types (``None``: all); ``stances``
    keeps only some stances (e.g. ``["Opposition"]``); edges lighter than ``min_weight``
    are dropped (their nodes too, unless another edge keeps them).

    >>> G = backing_graph(store, target_types="Priority")          # doctest: +SKIP
    >>> sorted(G.successors("https://w3id.org/peacekg/id/state/FRA"))  # doctest: +SKIP
    ['https://w3id.org/peacekg/id/priority/performance', ...]
    """
    actor_set, target_set = _as_set(actor_types), _as_set(target_types)
    stance_set = set(stances) if stances is not None else None
    scope = scope or Scope()
    unit = scope.count
    if items is None:
        items = commitments(store, labeler=Labeler(store, bulk=True), scope=scope)
    repeated = counted_elsewhere(store) if store is not None else set()
    G = nx.DiGraph(name="backing", unit=unit)
    keys: dict[tuple[str, str], dict[str, set[str]]] = {}
    dated: dict[tuple[str, str], dict[str, int | None]] = {}  # unit key -> its year
    for c in items:
        if c.target is None:
            continue
        if actor_set is not None and c.actor.type not in actor_set:
            continue
        if target_set is not None and c.target.type not in target_set:
            continue
        if stance_set is not None and c.stance not in stance_set:
            continue
        if c.statement in repeated:
            continue
        a, t = c.actor.iri, c.target.iri
        if a == t:
            continue
        if not G.has_edge(a, t):
            _add_node(G, c.actor)
            _add_node(G, c.target)
            G.add_edge(a, t, weight=0, support=0, opposition=0, sign=0, stances={}, evidence=[])
            G.edges[a, t]["commitments"] = 0
            keys[(a, t)] = {}
            dated[(a, t)] = {}
        d = G.edges[a, t]
        d["commitments"] += 1
        keys[(a, t)].setdefault(c.stance, set()).add(c.unit_key(unit))
        dated[(a, t)][c.unit_key(unit)] = c.year
        pair = (c.evidence, c.source.source_file if c.source else None)
        if len(d["evidence"]) < evidence_per_edge and pair not in d["evidence"]:
            d["evidence"].append(pair)
    for (a, t), by_stance in keys.items():
        d = G.edges[a, t]
        backing = [k for s, k in by_stance.items() if s != "Opposition"]
        d["stances"] = {s: len(k) for s, k in sorted(by_stance.items())}
        d["support"] = len(set().union(*backing))
        d["opposition"] = len(by_stance.get("Opposition", ()))
        d["weight"] = len(set().union(*by_stance.values()))
        d["sign"] = (d["support"] > d["opposition"]) - (d["support"] < d["opposition"])
        per_year: Counter[int | None] = Counter(dated[(a, t)].values())
        d["years"] = dict(sorted(per_year.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)))
    if min_weight > 1:
        G.remove_edges_from([(u, v) for u, v, w in G.edges(data="weight") if w < min_weight])
        G.remove_nodes_from([n for n in list(G) if G.degree(n) == 0])
    return G


def stance_profiles(
    B: nx.DiGraph,
    *,
    actor_types: Iterable[str] | str | None = "State",
    target_types: Iterable[str] | str | None = "Priority",
) -> tuple[list[str], list[tuple[str, str]], np.ndarray]:
    """The stance profiles of the actors of the backing graph ``B``: ``(actors, features,
    X)`` where a feature is ``(target IRI, "backs" | "opposes")`` and ``X[a, f]`` the
    number of speeches (the graph's unit) of actor ``a`` on that side of that target.

    Only actors with at least one backing are kept (those the co-backing network links).
    """
    actor_set, target_set = _as_set(actor_types), _as_set(target_types)
    cells: dict[tuple[str, tuple[str, str]], int] = {}
    backers: set[str] = set()
    for a, t, d in B.edges(data=True):
        if actor_set is not None and B.nodes[a]["type"] not in actor_set:
            continue
        if target_set is not None and B.nodes[t]["type"] not in target_set:
            continue
        for side, key in (("backs", "support"), ("opposes", "opposition")):
            if d.get(key, 0) > 0:
                cells[(a, (t, side))] = int(d[key])
        if d.get("support", 0) > 0:
            backers.add(a)
    actors = sorted(backers)
    features = sorted({f for a, f in cells if a in backers})
    row = {a: i for i, a in enumerate(actors)}
    col = {f: k for k, f in enumerate(features)}
    X = np.zeros((len(actors), len(features)), dtype=np.int64)
    for (a, f), n in cells.items():
        if a in row:
            X[row[a], col[f]] = n
    return actors, features, X


def cobacking_graph(
    store: Store,
    *,
    actor_types: Iterable[str] | str | None = "State",
    target_types: Iterable[str] | str | None = "Priority",
    min_shared: int = 1,
    similarity: str = SIMILARITIES[0],
    alpha: float | None = DEFAULT_ALPHA,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = 0,
    backing: nx.DiGraph | None = None,
    scope: Scope | None = None,
) -> nx.Graph:
    """States linked by significantly similar stance profiles on the targets (by default:
    priorities), see :mod:`peacekg.graph.network.similarity` and ``docs/cobacking.md``.

    Each state's profile counts its speeches (the scope's unit) backing and opposing each
    target; two states are linked when they share at least ``min_shared`` backed targets,
    with ``weight`` = the ``similarity`` of their profiles (``cosine``, or ``jaccard`` of
    the (target, side) sets), kept when the pair is more similar than under ``permutations``
    shuffles of the profiles at a false discovery rate of ``alpha`` (Benjamini–Hochberg).
    ``alpha=None`` keeps every pair that shares a backed target (no test).

    Edge attributes: ``weight`` (similarity, 0..1), ``p_value`` and ``q_value`` (``None``
    without the test), ``shared`` = the codes (or labels) of the targets both back, sorted,
    and ``shared_count``. Nodes: every actor that backs at least one target, with ``backs``
    = how many it backs. Graph attributes ``similarity``, ``alpha``, ``permutations``,
    ``pairs_tested``.

    >>> C = cobacking_graph(store)                                  # doctest: +SKIP
    >>> C.edges["https://w3id.org/peacekg/id/state/FRA",
    ...         "https://w3id.org/peacekg/id/state/BEL"]["shared"]  # doctest: +SKIP
    ['performance', 'wps']
    """
    if similarity not in SIMILARITIES:
        choices = ", ".join(SIMILARITIES)
        raise ValueError(f"unknown similarity {similarity!r}; choose from {choices}")
    if alpha is not None and not 0 < alpha <= 1:
        raise ValueError(f"alpha must be in (0, 1], got {alpha!r}")
    B = (
        backing
        if backing is not None
        else backing_graph(store, actor_types=actor_types, target_types=target_types, scope=scope)
    )
    actors, features, X = stance_profiles(B, actor_types=actor_types, target_types=target_types)
    C = nx.Graph(
        name="cobacking",
        similarity=similarity,
        alpha=alpha,
        permutations=permutations if alpha is not None else 0,
        unit=B.graph.get("unit"),
    )
    backed = {a: {features[k][0] for k in np.flatnonzero(X[r]) if features[k][1] == "backs"}
              for r, a in enumerate(actors)}  # fmt: skip
    for a in actors:
        C.add_node(a, **B.nodes[a], backs=len(backed[a]))
    if alpha is None:
        i, j = np.triu_indices(len(actors), k=1)
        sim = similarity_matrix(X, similarity)[i, j]
        p_values = q_values = [None] * len(sim)
    else:
        test = permutation_test(X, similarity, permutations=permutations, seed=seed)
        i, j, sim, p_values, q_values = test.i, test.j, test.similarity, test.p_value, test.q_value
    C.graph["pairs_tested"] = len(sim) if alpha is not None else 0
    for x, y, w, p, q in zip(i, j, sim, p_values, q_values, strict=True):
        a, b = actors[x], actors[y]
        shared = backed[a] & backed[b]
        if len(shared) < min_shared or (q is not None and q > alpha):
            continue
        names = sorted(B.nodes[t]["code"] or B.nodes[t]["label"] for t in shared)
        C.add_edge(
            a,
            b,
            weight=round(float(w), 6),
            p_value=None if p is None else float(p),
            q_value=None if q is None else round(float(q), 6),
            shared=names,
            shared_count=len(names),
        )
    return C


def contribution_graph(store: Store, scope: Scope | None = None) -> nx.DiGraph:
    """Actors → the missions they contribute to (``pk:contributesTo``).

    Edge attributes: ``weight`` = number of documents saying so, ``sources`` = their file
    names (documents of ``scope``'s years). Node attributes as in :func:`backing_graph`.

    >>> K = contribution_graph(store)                              # doctest: +SKIP
    >>> list(K.successors("https://w3id.org/peacekg/id/state/IDN"))  # doctest: +SKIP
    ['https://w3id.org/peacekg/id/mission/UNAMID']
    """
    G = nx.DiGraph(name="contribution")
    for c in contributions(store, labeler=Labeler(store, bulk=True), scope=scope):
        _add_node(G, c.actor)
        _add_node(G, c.mission)
        files = [s.source_file or s.document for s in c.sources]
        G.add_edge(c.actor.iri, c.mission.iri, weight=len(files), sources=files)
    return G


#: Names of the projections, for ``peacekg analyze export --graph``.
PROJECTIONS = {
    "backing": backing_graph,
    "cobacking": cobacking_graph,
    "contribution": contribution_graph,
}


# --- export ----------------------------------------------------------------------------------


def _scalar(value: Any) -> str | int | float | bool | None:
    if value is None:
        return None
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict):
        return json.dumps({str(k): v for k, v in value.items()}, ensure_ascii=False, sort_keys=True)
    if isinstance(value, list | tuple | set):
        parts = []
        for v in value:
            if isinstance(v, list | tuple):
                quote, *rest = v
                src = next((r for r in rest if r), None)
                parts.append(f"{quote} [{src}]" if src else str(quote))
            else:
                parts.append(str(v))
        return " | ".join(parts)
    return str(value)


def flatten(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` whose attributes are all GraphML/GEXF scalars (str, int, float, bool).

    Lists become ``" | "``-joined strings (evidence pairs as ``quote [source]``), dicts
    JSON, ``None`` values are dropped.
    """
    H = G.__class__()
    H.graph.update({k: _scalar(v) for k, v in G.graph.items() if v is not None})
    for n, d in G.nodes(data=True):
        H.add_node(n, **{k: _scalar(v) for k, v in d.items() if v is not None})
    for u, v, d in G.edges(data=True):
        H.add_edge(u, v, **{k: _scalar(x) for k, x in d.items() if x is not None})
    return H


def write(G: nx.Graph, path: str | os.PathLike[str], fmt: str = "graphml") -> None:
    """Write a projection as GraphML or GEXF (``fmt``), with scalar attributes only."""
    writers = {"graphml": nx.write_graphml, "gexf": nx.write_gexf}
    if fmt not in writers:
        raise ValueError(f"unknown graph format {fmt!r} (graphml or gexf)")
    H = flatten(G)
    with atomic_write(path, "wb") as fh:
        writers[fmt](H, fh)


__all__ = [
    "ACTOR_TYPES",
    "BACKING_STANCES",
    "PROJECTIONS",
    "backing_graph",
    "cobacking_graph",
    "contribution_graph",
    "flatten",
    "stance_profiles",
    "write",
]
