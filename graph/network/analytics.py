"""Graph algorithms over the projections of :mod:`peacekg.graph.network.projections`.

Grouped by what they compute:

Centrality
    :func:`centrality` — the most central states and priorities of the backing graph
    (degree, eigenvector, betweenness).
Communities
    :func:`communities` — groups of states that back the same priorities (Louvain or greedy
    modularity on the co-backing graph).
Division
    :func:`divisive` — the targets that divide: how many actors back them, how many oppose.
Connection
    :func:`connect` — who connects two actors: shortest paths in the backing graph, with the
    evidence along each edge.

Every function takes a networkx graph built by
:mod:`~peacekg.graph.network.projections`, so it works on any sub-graph a researcher cuts
out; :mod:`peacekg.graph.query.api` runs them on the store.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

#: Centrality measures by name.
MEASURES = ("degree", "eigenvector", "betweenness")


# --- centrality ------------------------------------------------------------------------------


@dataclass
class Ranked:
    """A node with its score."""

    iri: str
    label: str
    type: str
    score: float


def centrality(
    G: nx.Graph,
    measure: str = "degree",
    *,
    types: Iterable[str] | str | None = None,
    top: int | None = 10,
    weight: str | None = "weight",
) -> list[Ranked]:
    """The most central nodes of ``G`` by ``measure`` (``degree``, ``eigenvector``,
    ``betweenness``), computed on the undirected view, best first.

    ``degree`` is the weighted degree (speeches, statements or commitments: the graph's
    unit) normalised by the largest;
    ``eigenvector`` rewards links to central nodes; ``betweenness`` finds brokers (computed
    unweighted: weights are strengths, not distances). ``types`` keeps only some node types
    in the ranking (``"State"``, ``["Priority"]``).

    >>> G = nx.DiGraph()
    >>> G.add_node("a", label="A", type="State"); G.add_node("p", label="P", type="Priority")
    >>> G.add_node("b", label="B", type="State"); G.add_node("q", label="Q", type="Priority")
    >>> G.add_edge("a", "p", weight=2); G.add_edge("b", "p", weight=1)
    >>> G.add_edge("b", "q", weight=1)
    >>> [r.label for r in centrality(G, "degree", types="State")]
    ['A', 'B']
    >>> [r.label for r in centrality(G, "betweenness", top=2)]
    ['B', 'P']
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; choose from {', '.join(MEASURES)}")
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    if U.number_of_nodes() == 0:
        return []
    if measure == "degree":
        deg = dict(U.degree(weight=weight))
        top_deg = max(deg.values()) or 1
        scores = {n: d / top_deg for n, d in deg.items()}
    elif measure == "eigenvector":
        scores = {}
        for comp in nx.connected_components(U):
            sub = U.subgraph(comp)
            if sub.number_of_nodes() == 1:
                scores.update(dict.fromkeys(comp, 0.0))
                continue
            try:
                part = nx.eigenvector_centrality(sub, max_iter=2000, tol=1e-8, weight=weight)
            except nx.PowerIterationFailedConvergence:  # pragma: no cover - rare
                part = nx.degree_centrality(sub)
            share = sub.number_of_nodes() / U.number_of_nodes()
            scores.update({n: s * share for n, s in part.items()})
    else:
        scores = nx.betweenness_centrality(U, normalized=True)
    wanted = {types} if isinstance(types, str) else set(types) if types is not None else None
    ranked = [
        Ranked(n, G.nodes[n].get("label", n), G.nodes[n].get("type", ""), round(s, 6))
        for n, s in scores.items()
        if wanted is None or G.nodes[n].get("type") in wanted
    ]
    ranked.sort(key=lambda r: (-r.score, r.label))
    return ranked[:top] if top else ranked


# --- communities -----------------------------------------------------------------------------


@dataclass
class Community:
    """A group of actors and the targets its members back most often."""

    members: list[str]
    labels: list[str]
    shared: list[tuple[str, int]] = field(default_factory=list)

    @property
    def size(self) -> int:
        """Number of members."""
        return len(self.members)


def communities(
    C: nx.Graph, method: str = "louvain", *, seed: int = 0, resolution: float = 1.0
) -> list[Community]:
    """Communities of the co-backing graph ``C`` (states linked by shared priorities).

    ``method`` is ``louvain`` (networkx's Louvain, deterministic for a given ``seed``) or
    ``greedy`` (Clauset–Newman–Moore greedy modularity). Largest community first; each
    lists the priorities its members share most (from the edges' ``shared`` attribute).

    >>> C = nx.Graph()
    >>> C.add_edge("a", "b", weight=3, shared=["wps", "performance", "politics"])
    >>> C.add_edge("c", "d", weight=2, shared=["wps", "protection"])
    >>> C.add_edge("b", "c", weight=1, shared=["wps"])
    >>> [c.members for c in communities(C)]
    [['a', 'b'], ['c', 'd']]
    """
    if C.number_of_nodes() == 0:
        return []
    if method == "louvain":
        parts = nx.community.louvain_communities(
            C, weight="weight", seed=seed, resolution=resolution
        )
    elif method == "greedy":
        parts = nx.community.greedy_modularity_communities(
            C, weight="weight", resolution=resolution
        )
    else:
        raise ValueError(f"unknown method {method!r} (louvain or greedy)")
    out = []
    for part in parts:
        members = sorted(part, key=lambda n: C.nodes[n].get("label", n))
        counts: Counter[str] = Counter()
        for _u, _v, d in C.subgraph(part).edges(data=True):
            counts.update(d.get("shared", []))
        out.append(
            Community(
                members=members,
                labels=[C.nodes[n].get("label", n) for n in members],
                shared=counts.most_common(5),
            )
        )
    out.sort(key=lambda c: (-c.size, c.labels))
    return out


# --- division --------------------------------------------------------------------------------


@dataclass
class Division:
    """How a target divides the actors: who backs it, who opposes it."""

    iri: str
    label: str
    type: str
    supporters: list[str]
    opponents: list[str]
    support: int  # backing speeches (statements, commitments: the graph's unit)
    opposition: int  # opposing commitments

    @property
    def opposition_share(self) -> float:
        """Share of the actors taking a stance on the target that oppose it (0..1)."""
        total = len(self.supporters) + len(self.opponents)
        return len(self.opponents) / total if total else 0.0

    @property
    def balance(self) -> float:
        """``min/max`` of supporters and opponents: 1 when evenly split, 0 when unanimous."""
        s, o = len(self.supporters), len(self.opponents)
        return min(s, o) / max(s, o) if max(s, o) else 0.0


def divisive(
    B: nx.DiGraph,
    *,
    types: Iterable[str] | str | None = "Priority",
    include_consensus: bool = False,
) -> list[Division]:
    """The targets of the backing graph ``B`` that divide actors, most divisive first.

    An actor supports a target when the edge's ``support`` > 0, opposes it when
    ``opposition`` > 0 (an actor can do both). Sorted by balance (evenly split first), then
    by number of opponents. Targets nobody opposes are left out unless
    ``include_consensus``.

    >>> B = nx.DiGraph()
    >>> for n, t in [("a", "State"), ("b", "State"), ("w", "Priority"), ("p", "Priority")]:
    ...     B.add_node(n, label=n.upper(), type=t)
    >>> B.add_edge("a", "w", support=1, opposition=0); B.add_edge("b", "w", support=0, opposition=2)
    >>> B.add_edge("a", "p", support=1, opposition=0)
    >>> [(d.label, d.supporters, d.opponents) for d in divisive(B)]
    [('W', ['A'], ['B'])]
    """
    wanted = {types} if isinstance(types, str) else set(types) if types is not None else None
    out = []
    for t in B.nodes:
        data = B.nodes[t]
        if wanted is not None and data.get("type") not in wanted:
            continue
        edges = list(B.in_edges(t, data=True))
        if not edges:
            continue
        sup = sorted(B.nodes[a].get("label", a) for a, _, d in edges if d.get("support", 0) > 0)
        opp = sorted(B.nodes[a].get("label", a) for a, _, d in edges if d.get("opposition", 0) > 0)
        if not opp and not include_consensus:
            continue
        out.append(
            Division(
                iri=t,
                label=data.get("label", t),
                type=data.get("type", ""),
                supporters=sup,
                opponents=opp,
                support=sum(d.get("support", 0) for _, _, d in edges),
                opposition=sum(d.get("opposition", 0) for _, _, d in edges),
            )
        )
    out.sort(key=lambda d: (-d.balance, -len(d.opponents), -len(d.supporters), d.label))
    return out


# --- connection ------------------------------------------------------------------------------


@dataclass
class Step:
    """One edge of a path: actor → target with its stance and evidence."""

    actor: str
    target: str
    sign: int
    support: int
    opposition: int
    evidence: list[tuple[str, str | None]]


@dataclass
class Path:
    """A path between two nodes, as node labels and the steps (edges) along it."""

    nodes: list[str]
    labels: list[str]
    steps: list[Step]


def connect(B: nx.DiGraph, a: str, b: str, *, max_paths: int = 5) -> list[Path]:
    """Who connects ``a`` and ``b`` (node IRIs): the shortest paths between them in the
    undirected view of the backing graph ``B``, with the evidence of every edge.

    Each step is given in the direction of the original edge (actor → target), so the
    evidence reads "France — Support → wps ← Support — Belgium". Returns ``[]`` when they
    are not connected; raises ``nx.NodeNotFound`` when a node is not in ``B``.

    >>> B = nx.DiGraph()
    >>> B.add_edge("fra", "wps", sign=1, support=1, opposition=0, evidence=[("q1", "f.txt")])
    >>> B.add_edge("bel", "wps", sign=1, support=2, opposition=0, evidence=[("q2", "f.txt")])
    >>> [p.nodes for p in connect(B, "fra", "bel")]
    [['fra', 'wps', 'bel']]
    """
    for n in (a, b):
        if n not in B:
            raise nx.NodeNotFound(f"{n} is not in the graph")
    U = B.to_undirected(as_view=True)
    try:
        paths = list(itertools.islice(nx.all_shortest_paths(U, a, b), max_paths))
    except nx.NetworkXNoPath:
        return []
    out = []
    for nodes in paths:
        steps = []
        for u, v in itertools.pairwise(nodes):
            src, dst = (u, v) if B.has_edge(u, v) else (v, u)
            d: dict[str, Any] = B.edges[src, dst]
            steps.append(
                Step(
                    actor=src,
                    target=dst,
                    sign=d.get("sign", 0),
                    support=d.get("support", 0),
                    opposition=d.get("opposition", 0),
                    evidence=list(d.get("evidence", [])),
                )
            )
        out.append(Path(nodes, [B.nodes[n].get("label", n) for n in nodes], steps))
    return out


def format_path(B: nx.DiGraph, path: Path) -> str:
    """A path as text: one line per edge with its stance, then the evidence quotes."""
    lines = [" — ".join(path.labels)]
    for s in path.steps:
        stance = "backs" if s.sign > 0 else "opposes" if s.sign < 0 else "backs and opposes"
        actor = B.nodes[s.actor].get("label", s.actor)
        target = B.nodes[s.target].get("label", s.target)
        lines.append(f"  {actor} {stance} {target} ({s.support} for, {s.opposition} against)")
        for quote, src in s.evidence:
            lines.append(f'    "{" ".join(quote.split())}"' + (f" — {src}" if src else ""))
    return "\n".join(lines)
