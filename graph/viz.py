"""Interactive HTML views of the graph: one self-contained page per view (pyvis / vis-network).

The page works offline and from a ``file://`` URL: vis-network's JavaScript and CSS are
inlined (from the copy pyvis ships), there is no CDN, font or stylesheet link, and a
Content-Security-Policy (``default-src 'none'``, scripts allowed only by hash) keeps the page
from making any network request or running any script it was not written with.

Views (see :func:`build_view`):

- the default: states x A4P thematic areas (the backing network);
- ``focus``: one actor's (or target's) neighbourhood up to ``depth`` steps;
- ``mission``: what was committed in documents that mention a mission, and to the mission;
- ``document``: what one document (by ``pk:sourceFile``) holds;

each filtered by actor type, priority, stance and a minimum evidence count.

Every piece of document text (labels, quotes, file names) reaches the page only as data:
HTML-escaped by Jinja in the markup, and inside the embedded JSON with ``<``, ``>`` and
``&`` written as ``\\u003c`` etc., so no ``</script>`` or ``<!--`` can end the data block.
Tooltips and the details panel are built with ``textContent`` (never ``innerHTML``): vis-network
would render a string ``title`` as HTML, so the page gives it DOM elements instead.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import networkx as nx
from markupsafe import Markup
from rdflib import Literal as RdfLiteral
from rdflib import URIRef

from peacekg.errors import PeacekgError
from peacekg.graph.atomic import write_text
from peacekg.graph.lookups import BACKING_STANCES, Commitment, Labeler, commitments, contributions
from peacekg.graph.network import backing_graph
from peacekg.graph.scope import Scope
from peacekg.graph.store import Store
from peacekg.ontology.namespaces import A4P_AREAS, PKID, mission_iri
from peacekg.ontology.reference import state_regions

#: Node types, their colour (Okabe-Ito, colour-blind safe) and vis-network shape.
NODE_STYLES: dict[str, tuple[str, str]] = {
    "State": ("#0072B2", "dot"),
    "Organization": ("#E69F00", "triangle"),
    "Person": ("#CC79A7", "dot"),
    "Mission": ("#56B4E9", "square"),
    "Priority": ("#7B3294", "diamond"),
    "Initiative": ("#8C6D31", "triangleDown"),
    "Resolution": ("#666666", "square"),
    "Document": ("#999999", "square"),
    "Other": ("#BBBBBB", "dot"),
}

#: Edge colours by the balance of stances on the edge.
EDGE_COLORS: dict[str, str] = {
    "support": "#1B9E5A",
    "opposition": "#D7301F",
    "mixed": "#E6A817",
}

#: Above this many nodes a view keeps the heaviest ones and says so at the top of the page.
MAX_NODES = 3000
#: Above this many edges a view keeps the heaviest ones.
MAX_EDGES = 20000
#: States the default view shows (the heaviest); the page says how many were left out.
TOP_STATES = 40
#: Evidence quotes shown per tooltip.
QUOTES_PER_TIP = 3
#: Characters kept of each quote in a tooltip.
QUOTE_CHARS = 300

_A4P_PREFIX = str(PKID["priority/"])

Stance = Literal["support", "opposition"]


class ViewError(PeacekgError, ValueError):
    """The view asked for cannot be drawn (unknown focus, mission or document)."""


@dataclass
class View:
    """A graph ready to draw, with what the page says about it."""

    graph: nx.DiGraph
    title: str
    description: str
    messages: list[str] = field(default_factory=list)
    focus: str | None = None
    #: the graph before the node limit (used for the heatmap).
    full_graph: nx.DiGraph | None = None


# --- reading the store ---------------------------------------------------------------------

_MENTIONING = "SELECT DISTINCT ?doc WHERE { ?doc pk:mentions ?mission }"


def a4p_code(iri: str) -> str | None:
    """The A4P code of a ``pkid:priority/<code>`` IRI; ``None`` for anything else (A4P+ too)."""
    if not iri.startswith(_A4P_PREFIX):
        return None
    code = iri[len(_A4P_PREFIX) :]
    return code if code in A4P_AREAS else None


def priority_code(iri: str) -> str | None:
    """``wps`` for ``pkid:priority/wps``, ``a4p-plus/x`` for an A4P+ priority, else ``None``."""
    return iri[len(_A4P_PREFIX) :] if iri.startswith(_A4P_PREFIX) else None


# --- building the graph --------------------------------------------------------------------


def _canonical_types(types: Sequence[str]) -> set[str]:
    known = {t.casefold(): t for t in (*NODE_STYLES, "Document")}
    return {known.get(t.strip().casefold(), t.strip()) for t in types}


def view_items(
    store: Store,
    *,
    document: str | None = None,
    mission: str | None = None,
    scope: Scope | None = None,
) -> list[Commitment]:
    """The commitments of a view's scope (:func:`peacekg.graph.lookups.commitments`).

    ``document``: those derived from the document whose ``pk:sourceFile`` is that base name;
    ``mission`` (an acronym): those that target the mission or come from a document that
    mentions it.
    """
    items = commitments(store, labeler=Labeler(store, bulk=True), scope=scope)
    if document is not None:
        items = [c for c in items if c.source and c.source.source_file == document]
    if mission is not None:
        iri = str(mission_iri(mission))
        docs = {str(r["doc"]) for r in store.select(_MENTIONING, {"mission": URIRef(iri)})}
        items = [
            c
            for c in items
            if (c.target and c.target.iri == iri) or (c.source and c.source.document in docs)
        ]
    return items


def _add_contributions(
    graph: nx.DiGraph, store: Store, mission: str, actor_types: set[str] | None
) -> None:
    """Add ``pk:contributesTo`` links to a mission that no commitment already draws."""
    for k in contributions(store, mission=mission_iri(mission)):
        if actor_types is not None and k.actor.type not in actor_types:
            continue
        if graph.has_edge(k.actor.iri, k.mission.iri):
            continue
        for e in (k.actor, k.mission):
            if e.iri not in graph:
                graph.add_node(e.iri, label=e.label, type=e.type, iri=e.iri, code=e.code or "")
        n = len(k.sources)
        graph.add_edge(
            k.actor.iri,
            k.mission.iri,
            weight=n,
            support=n,
            opposition=0,
            sign=1,
            stances={"contributesTo": n},
            evidence=[],
            documents=n,
        )


def find_node(graph: nx.Graph, name: str) -> str:
    """The node of ``graph`` that ``name`` designates: an IRI, a label or a code (ISO3,
    acronym, notation), case-insensitive; else the one label containing it.

    Raises :class:`ViewError` when nothing, or several labels, match.
    """
    wanted = name.strip().casefold()
    exact, partial = [], []
    for iri, d in graph.nodes(data=True):
        label = str(d.get("label", "")).casefold()
        keys = {iri.casefold(), label, str(d.get("code") or "").casefold()}
        if wanted in keys:
            exact.append(iri)
        elif wanted and wanted in label:
            partial.append(iri)
    if exact:
        return max(exact, key=lambda n: graph.degree(n, weight="weight"))
    if len(partial) == 1:
        return partial[0]
    if partial:
        names = sorted(str(graph.nodes[n].get("label", n)) for n in partial)
        shown = ", ".join(names[:10]) + (", …" if len(names) > 10 else "")
        raise ViewError(f"{name!r} matches several nodes: {shown}")
    labels = [str(d.get("label", "")) for _, d in graph.nodes(data=True)]
    close = difflib.get_close_matches(name, labels, n=5, cutoff=0.6)
    hint = f" (did you mean: {', '.join(close)}?)" if close else ""
    raise ViewError(f"no actor or target named {name!r} in this view{hint}")


def limit_graph(
    graph: nx.DiGraph,
    max_nodes: int = MAX_NODES,
    max_edges: int = MAX_EDGES,
    keep: Sequence[str] = (),
) -> tuple[nx.DiGraph, str | None]:
    """Keep the ``max_nodes`` heaviest nodes (and ``keep``) and the ``max_edges`` heaviest
    edges among them; return the graph and a message saying what was left out (or ``None``)."""
    n, m = graph.number_of_nodes(), graph.number_of_edges()
    if n <= max_nodes and m <= max_edges:
        return graph, None
    notes = []
    if n > max_nodes:
        ranked = sorted(graph.nodes, key=lambda v: (-graph.nodes[v].get("weight", 0), str(v)))
        chosen = set(keep) | set(ranked[: max(0, max_nodes - len(set(keep)))])
        graph = graph.subgraph(chosen).copy()
        graph.remove_nodes_from([v for v in list(graph) if graph.degree(v) == 0 and v not in keep])
        notes.append(f"the {graph.number_of_nodes():,} nodes with the most commitments of {n:,}")
    if graph.number_of_edges() > max_edges:
        edges = sorted(graph.edges(data=True), key=lambda e: -e[2].get("weight", 0))
        graph = graph.edge_subgraph([(u, v) for u, v, _ in edges[:max_edges]]).copy()
        notes.append(f"the {graph.number_of_edges():,} heaviest edges of {m:,}")
    message = (
        "This view is too large to draw whole: showing "
        + " and ".join(notes)
        + ". Narrow it with --priority, --type, --stance, --min-evidence, --focus or --mission."
    )
    return graph, message


def build_view(
    store: Store,
    *,
    focus: str | None = None,
    depth: int = 1,
    mission: str | None = None,
    document: str | None = None,
    types: Sequence[str] = (),
    priorities: Sequence[str] = (),
    stance: Stance | None = None,
    min_evidence: int = 0,
    max_nodes: int = MAX_NODES,
    max_edges: int = MAX_EDGES,
    scope: Scope | None = None,
    top: int | None = None,
    regions: Sequence[str] = (),
) -> View:
    """Read the store and build the graph of one view (:func:`peacekg.graph.network.backing_graph`
    over the commitments of the view's scope).

    With none of ``focus``, ``mission``, ``document``: states x A4P thematic areas. ``types``
    keeps actors of these types (``State``, ``Organization``, ``Person``; the default view's
    default is ``State``); ``priorities`` keeps edges to these priority codes (``wps``,
    ``a4p-plus/<code>``); ``stance`` keeps backing (``support``) or ``opposition``
    commitments; ``min_evidence`` drops edges lighter than that (in the scope's unit);
    ``regions`` keeps states of these M49 regions or sub-regions ("Africa", "Western
    Europe"); ``top`` keeps the ``top`` heaviest actors (default: :data:`TOP_STATES` in the
    default view, all elsewhere; 0: all) and says how many were left out. ``scope`` sets the
    unit, years and confidence (:class:`~peacekg.graph.scope.Scope`).

    Node attributes: ``label``, ``type``, ``iri``, ``code``, ``weight``, ``support``,
    ``opposition``; edge attributes those of ``backing_graph`` plus ``documents`` (count).
    """
    if document is not None:
        document = Path(document).name
        _check_document(store, document)
    if mission is not None:
        _check_mission(store, mission)
    scope = scope or Scope()
    items = view_items(store, document=document, mission=mission, scope=scope)
    default_view = focus is None and mission is None and document is None
    actor_types = _canonical_types(types) or ({"State"} if default_view else None)
    wanted = {p.strip().casefold() for p in priorities}
    if default_view:
        items = [c for c in items if c.target and a4p_code(c.target.iri)]
    if wanted:
        items = [
            c
            for c in items
            if c.target and (priority_code(c.target.iri) or "").casefold() in wanted
        ]
    stances = {"support": BACKING_STANCES, "opposition": ("Opposition",)}.get(stance or "")
    graph = backing_graph(
        store,
        items=items,
        actor_types=actor_types,
        target_types=None,
        stances=stances,
        evidence_per_edge=QUOTES_PER_TIP,
        min_weight=max(1, min_evidence),
        scope=scope,
    )
    if mission is not None and stance != "opposition" and not wanted:
        _add_contributions(graph, store, mission, actor_types)
    documents: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c in items:
        if c.target and c.source:
            documents[(c.actor.iri, c.target.iri)].add(c.source.document)
    for u, v, d in graph.edges(data=True):
        d.setdefault("documents", len(documents.get((u, v), ())))
    for v, d in graph.nodes(data=True):
        code = a4p_code(v)
        if code and d.get("label") in (code, "", None):
            d["label"] = A4P_AREAS[code]
    focus_iri = None
    if focus is not None:
        focus_iri = find_node(graph, focus)
        graph = nx.ego_graph(graph, focus_iri, radius=max(0, depth), undirected=True).copy()
    graph.remove_nodes_from([v for v in list(graph) if graph.degree(v) == 0 and v != focus_iri])
    _reweigh(graph)
    _add_regions(graph)
    messages: list[str] = []
    if regions:
        graph = _keep_regions(graph, regions, keep=focus_iri)
    full = graph
    if top is None:
        top = TOP_STATES if default_view else 0
    if top:
        graph, note = _keep_top(graph, top, scope.count, keep=focus_iri)
        if note:
            messages.append(note)

    title, description = _describe(graph, focus_iri, depth, mission, document)
    filters = _describe_filters(types, priorities, stance, min_evidence, regions)
    description += f" Edge widths and node sizes: {scope.describe()}."
    if filters:
        description += f" Filters: {filters}."
    graph, message = limit_graph(graph, max_nodes, max_edges, keep=[focus_iri] if focus_iri else [])
    if message:
        messages.append(message)
    if graph.number_of_nodes() == 0:
        messages.append("Nothing to draw: no commitment in the store matches this view.")
    return View(graph, title, description, messages, focus_iri, full)


_ACTOR_TYPES = ("State", "Organization", "Person")


def _add_regions(graph: nx.DiGraph) -> None:
    """Give each state node its M49 ``region`` and ``subregion`` (``""`` when unknown)."""
    regions = state_regions()
    for _, d in graph.nodes(data=True):
        region, sub = regions.get(str(d.get("code") or ""), ("", ""))
        d["region"], d["subregion"] = (region, sub) if d.get("type") == "State" else ("", "")


def _keep_regions(graph: nx.DiGraph, regions: Sequence[str], keep: str | None) -> nx.DiGraph:
    """The graph without the states outside ``regions`` (regions or sub-regions, any case)."""
    wanted = {r.strip().casefold() for r in regions}
    known = {r.casefold() for pair in state_regions().values() for r in pair}
    unknown = sorted(wanted - known)
    if unknown:
        names = sorted({r for pair in state_regions().values() for r in pair})
        raise ViewError(f"unknown region {', '.join(unknown)!s}: use one of {', '.join(names)}")
    drop = [
        v
        for v, d in graph.nodes(data=True)
        if d.get("type") == "State"
        and v != keep
        and graph.out_degree(v)
        and not ({d["region"].casefold(), d["subregion"].casefold()} & wanted)
    ]
    graph = graph.copy()
    graph.remove_nodes_from(drop)
    graph.remove_nodes_from([v for v in list(graph) if graph.degree(v) == 0 and v != keep])
    return graph


def _keep_top(
    graph: nx.DiGraph, top: int, unit: str, keep: str | None
) -> tuple[nx.DiGraph, str | None]:
    """Keep the ``top`` actors with the heaviest out-edges; a note on what was left out."""
    actors = [
        v for v in graph if graph.out_degree(v) and graph.nodes[v].get("type") in _ACTOR_TYPES
    ]
    if len(actors) <= top:
        return graph, None
    weight = {
        v: sum(d.get("weight", 0) for _, _, d in graph.out_edges(v, data=True)) for v in actors
    }
    ranked = sorted(actors, key=lambda v: (-weight[v], str(graph.nodes[v].get("label", v))))
    dropped = set(ranked[top:]) - {keep}
    graph = graph.copy()
    graph.remove_nodes_from(dropped)
    graph.remove_nodes_from([v for v in list(graph) if graph.degree(v) == 0 and v != keep])
    kinds = {graph.nodes[v].get("type") for v in ranked[:top]} if top else set()
    noun = "states" if kinds <= {"State"} else "actors"
    return graph, (
        f"Showing the {top} {noun} with the most {unit} of {len(actors)}; "
        f"{len(dropped)} left out (--top N to show more, --top 0 for all, or filter in the page)."
    )


def _reweigh(graph: nx.DiGraph) -> None:
    """Node weights = the commitments on the node's remaining edges."""
    for v in graph:
        for key in ("weight", "support", "opposition"):
            graph.nodes[v][key] = 0
    for u, v, d in graph.edges(data=True):
        for node in (u, v):
            for key in ("weight", "support", "opposition"):
                graph.nodes[node][key] += d.get(key, 0)


def _check_document(store: Store, name: str) -> None:
    rows = store.select(
        "SELECT ?doc WHERE { ?doc a pk:Document ; pk:sourceFile ?f } LIMIT 1",
        {"f": RdfLiteral(name)},
    )
    if rows:
        return
    files = [str(r["f"]) for r in store.select("SELECT DISTINCT ?f WHERE { ?d pk:sourceFile ?f }")]
    close = difflib.get_close_matches(name, files, n=5, cutoff=0.5)
    hint = f" (did you mean: {', '.join(close)}?)" if close else ""
    raise ViewError(f"no document with source file {name!r} in the store{hint}")


def _check_mission(store: Store, acronym: str) -> None:
    iri = mission_iri(acronym)
    if store.ask("ASK { { ?m ?p ?o } UNION { ?s ?p ?m } }", {"m": iri}):
        return
    raise ViewError(f"no mission {acronym!r} in the store ({iri})")


def _describe(
    graph: nx.DiGraph,
    focus: str | None,
    depth: int,
    mission: str | None,
    document: str | None,
) -> tuple[str, str]:
    what = "Commitments"
    if focus is not None:
        label = str(graph.nodes[focus].get("label", focus))
        title = f"Neighbourhood of {label}"
        desc = f"{what} within {depth} step(s) of {label}"
    elif mission is not None:
        title = f"Mission {mission.upper()}"
        desc = f"{what} to {mission.upper()} or in documents that mention it"
    elif document is not None:
        title = f"Document {document}"
        desc = f"{what} in {document}"
    else:
        title = "States × A4P thematic areas"
        desc = "Which states back or oppose each A4P thematic area, with their evidence"
    if focus is not None and mission is not None:
        desc += f", in the context of mission {mission.upper()}"
    if focus is not None and document is not None:
        desc += f", in {document}"
    return title, desc + "."


def _describe_filters(
    types: Sequence[str],
    priorities: Sequence[str],
    stance: str | None,
    min_evidence: int,
    regions: Sequence[str] = (),
) -> str:
    parts = []
    if types:
        parts.append("actors of type " + ", ".join(types))
    if priorities:
        parts.append("priorities " + ", ".join(priorities))
    if stance:
        parts.append(f"{stance} only")
    if min_evidence > 0:
        parts.append(f"edges with a count of at least {min_evidence}")
    if regions:
        parts.append("states of " + ", ".join(regions))
    return "; ".join(parts)


# --- rendering -----------------------------------------------------------------------------


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _top_evidence(
    evidence: Iterable[tuple[str, str | None]], k: int = QUOTES_PER_TIP
) -> list[dict[str, str]]:
    """Up to ``k`` distinct ``(quote, source_file)`` pairs as tooltip quotes, taking sources in
    turn so that one document does not fill them all."""
    by_source: dict[str | None, list[str]] = defaultdict(list)
    seen: set[str] = set()
    for quote, source in evidence:
        norm = " ".join(str(quote or "").split())
        if norm and norm not in seen:
            seen.add(norm)
            by_source[source].append(norm)
    queues = [(src, q) for src, q in sorted(by_source.items(), key=lambda kv: -len(kv[1]))]
    out: list[dict[str, str]] = []
    while len(out) < k and any(q for _, q in queues):
        for src, q in queues:
            if q and len(out) < k:
                out.append(
                    {"text": _short(q.pop(0), QUOTE_CHARS), "source": src or "unknown source"}
                )
    return out


def _count_line(support: int, opposition: int) -> str:
    parts = []
    if support:
        parts.append(f"{support} backing")
    if opposition:
        parts.append(f"{opposition} opposing")
    return " · ".join(parts) or "no commitments"


def _edge_kind(support: int, opposition: int) -> str:
    if opposition and not support:
        return "opposition"
    if support and not opposition:
        return "support"
    return "mixed" if support and opposition else "support"


def _target_order(graph: nx.DiGraph, v: str) -> tuple:
    code = a4p_code(v)
    if code is not None:
        return (0, list(A4P_AREAS).index(code), "")
    return (1, str(graph.nodes[v].get("type", "")), str(graph.nodes[v].get("label", v)))


def layout(graph: nx.DiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions of the nodes, in page pixels, computed once in Python.

    Targets that are only targets (priorities, missions, ...) are placed apart, evenly on a
    circle (the A4P areas in the order of the Declaration); every actor starts at the
    weighted mean of the targets it backs or opposes (its profile) and a force layout
    (networkx ``spring_layout``, targets fixed; up to 500 nodes) spreads actors of similar
    profile apart.
    Deterministic for a given graph and ``seed``.
    """
    import numpy as np

    if graph.number_of_nodes() == 0:
        return {}
    anchors = sorted(
        (v for v in graph if graph.in_degree(v) and not graph.out_degree(v)),
        key=lambda v: _target_order(graph, v),
    )
    radius = max(450.0, 70.0 * math.sqrt(graph.number_of_nodes()))
    U = graph.to_undirected(as_view=False)
    if not anchors or len(anchors) == graph.number_of_nodes():
        if graph.number_of_nodes() > 500:
            pos = nx.circular_layout(U)
        else:
            pos = nx.spring_layout(U, seed=seed, weight="weight")
        return {v: (float(x) * radius, float(y) * radius) for v, (x, y) in pos.items()}
    start: dict[str, Any] = {}
    for i, v in enumerate(anchors):
        angle = 2 * math.pi * i / len(anchors) - math.pi / 2
        start[v] = np.array([math.cos(angle), math.sin(angle)])
    rng = np.random.default_rng(seed)
    for v in sorted(graph):
        if v in start:
            continue
        links = [(t, d.get("weight", 1) or 1) for _, t, d in graph.out_edges(v, data=True)]
        links += [(u, d.get("weight", 1) or 1) for u, _, d in graph.in_edges(v, data=True)]
        known = [(start[t], w) for t, w in links if t in start]
        total = sum(w for _, w in known)
        mean = sum(p * w for p, w in known) / total if total else np.zeros(2)
        start[v] = 0.75 * mean + rng.normal(0.0, 0.05, 2)
    if graph.number_of_nodes() > 500:  # large views: the profile placement alone (no scipy)
        return {v: (float(p[0]) * radius, float(p[1]) * radius) for v, p in start.items()}
    k = 2.5 / math.sqrt(graph.number_of_nodes())
    pos = nx.spring_layout(
        U, pos=start, fixed=anchors, k=k, iterations=60, weight="weight", seed=seed
    )
    # spread the actors over the inner circle (their directions, i.e. profiles, unchanged)
    reach = max((float(np.hypot(*pos[v])) for v in pos if v not in anchors), default=0.0)
    spread = 0.8 / reach if reach > 0 else 1.0
    return {
        v: (float(x) * radius, float(y) * radius)
        if v in anchors
        else (float(x) * radius * spread, float(y) * radius * spread)
        for v, (x, y) in pos.items()
    }


def network_data(view: View) -> dict[str, Any]:
    """Nodes, edges and legend of a view as plain data for the page (built with pyvis), with
    the positions of :func:`layout`.

    No field named ``title`` is emitted: the page builds tooltips as DOM elements from ``tip``.
    """
    from pyvis.network import Network

    g = view.graph
    positions = layout(g)
    unit = str(g.graph.get("unit", "commitments"))
    net = Network(directed=True, cdn_resources="in_line")
    type_counts: Counter[str] = Counter()
    for iri, d in g.nodes(data=True):
        type_ = d.get("type", "Other")
        type_counts[type_] += 1
        color, shape = NODE_STYLES.get(type_, NODE_STYLES["Other"])
        edges = [*g.in_edges(iri, data=True), *g.out_edges(iri, data=True)]
        edges.sort(key=lambda e: -e[2].get("weight", 0))
        tip = {
            "label": d.get("label", iri),
            "meta": f"{type_} · {d.get('weight', 0)} {unit}: "
            + _count_line(d.get("support", 0), d.get("opposition", 0)),
            "iri": iri,
            "quotes": _top_evidence(ev for e in edges for ev in e[2].get("evidence", ())),
        }
        net.add_node(
            iri,
            label=_short(str(d.get("label", iri)), 40),
            shape=shape,
            color={
                "background": color,
                "border": "#222222",
                "highlight": {"background": color, "border": "#000000"},
                "hover": {"background": color, "border": "#000000"},
            },
            value=math.sqrt(max(1, d.get("weight", 0))),
            ptype=type_,
            weight=d.get("weight", 0),
            focus=iri == view.focus,
            region=d.get("region", ""),
            subregion=d.get("subregion", ""),
            code=d.get("code") or "",
            x=round(positions[iri][0], 1),
            y=round(positions[iri][1], 1),
            tip=tip,
        )
    for n, (u, v, d) in enumerate(g.edges(data=True)):
        kind = _edge_kind(d.get("support", 0), d.get("opposition", 0))
        stances = ", ".join(f"{s} {c}" for s, c in sorted((d.get("stances") or {}).items()))
        tip = {
            "label": f"{g.nodes[u].get('label', u)} → {g.nodes[v].get('label', v)}",
            "meta": _count_line(d.get("support", 0), d.get("opposition", 0))
            + f" {unit}"
            + (f" ({stances})" if stances else "")
            + f" · {d.get('commitments', d.get('weight', 0))} commitment(s)"
            + f" in {d.get('documents', 0)} document(s)",
            "quotes": _top_evidence(d.get("evidence", ())),
        }
        net.add_edge(
            u,
            v,
            id=f"e{n}",
            value=int(d.get("weight", 0)),
            color={"color": EDGE_COLORS[kind], "highlight": EDGE_COLORS[kind], "opacity": 0.75},
            dashes=kind == "opposition",
            kind=kind,
            tip=tip,
        )
    nodes, edges, *_ = net.get_network_data()
    for item in (*nodes, *edges):
        item.pop("title", None)
        item.pop("font", None)
    legend_types = [
        {"type": t, "color": NODE_STYLES[t][0], "shape": NODE_STYLES[t][1], "count": type_counts[t]}
        for t in NODE_STYLES
        if type_counts[t]
    ]
    return {"nodes": nodes, "edges": edges, "legend": legend_types, "unit": unit}


def vis_options(n_nodes: int, n_edges: int, physics: bool = False) -> dict[str, Any]:
    """vis-network options. By default physics is off: nodes stay at the positions of
    :func:`layout` and the page is ready at once; ``physics`` lets Barnes-Hut move them
    from there (stabilised up front, then frozen by the page)."""
    big = n_nodes > 500
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "nodes": {
            "borderWidth": 1,
            "scaling": {
                "min": 8,
                "max": 40,
                "label": {"enabled": True, "min": 14, "max": 26, "drawThreshold": 7},
            },
            "font": {"face": "sans-serif", "color": "#111111", "strokeWidth": 3},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
            "scaling": {"min": 1, "max": 10},
            "smooth": {"enabled": n_edges <= 400, "type": "continuous", "roundness": 0.3},
            "selectionWidth": 2,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "multiselect": False,
        },
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -6000 if big else -20000,
                "centralGravity": 0.3 if big else 0.5,
                "springLength": 110 if big else 250,
                "springConstant": 0.04 if big else 0.02,
                "damping": 0.35,
                "avoidOverlap": 0.1 if big else 0.8,
            },
            "maxVelocity": 60,
            "minVelocity": 1.0,
            "stabilization": {
                "enabled": physics,
                "iterations": 150 if n_nodes > 1500 else 300 if big else 600,
                "updateInterval": 25,
                "fit": True,
            },
        },
    }


def script_json(data: Any) -> Markup:
    """JSON that is safe inside an HTML ``<script>`` block.

    ``<``, ``>``, ``&`` and the JS line separators are written as ``\\uXXXX`` escapes, so no
    string can close the block (``</script>``) or open a comment (``<!--``).
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    for ch, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return Markup(text)


_SCRIPT_BLOCK = re.compile(r"<script>(.*?)</script>", re.S)


def _vis_assets() -> tuple[str, str]:
    """The vis-network JavaScript and CSS that pyvis ships (inlined into the page)."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    if re.search(r"</script|<!--", js, re.I) or re.search(r"</style", css, re.I):
        raise RuntimeError("vis-network assets cannot be inlined safely")
    if re.search(r"url\((?!\s*[\"']?data:)", css):
        raise RuntimeError("vis-network CSS references an external resource")
    return js, css


def _template(name: str) -> str:
    return resources.files("peacekg.graph").joinpath("templates", name).read_text(encoding="utf-8")


def render_html(
    view: View, *, chart_svg: str | None = None, store_label: str = "", physics: bool = False
) -> str:
    """The self-contained HTML page of a view (``chart_svg``: the heatmap, embedded as an
    ``<img>`` data URI so that nothing in it can run)."""
    from jinja2 import Environment

    env = Environment(autoescape=True, keep_trailing_newline=True)
    template = env.from_string(_template("viz.html"))
    data = network_data(view)
    data["options"] = vis_options(len(data["nodes"]), len(data["edges"]), physics)
    js, css = _vis_assets()
    chart_uri = None
    if chart_svg:
        chart_uri = "data:image/svg+xml;base64," + base64.b64encode(chart_svg.encode()).decode()
    page = template.render(
        title=view.title,
        description=view.description,
        messages=view.messages,
        n_nodes=len(data["nodes"]),
        n_edges=len(data["edges"]),
        store_label=store_label,
        unit=data["unit"],
        legend=data["legend"],
        edge_colors=EDGE_COLORS,
        data_json=script_json(data),
        vis_css=Markup(css),
        vis_js=Markup(js),
        app_js=Markup(_template("viz.js")),
        chart_uri=chart_uri,
    )
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in _SCRIPT_BLOCK.findall(page)
    )
    csp = (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        "img-src data:; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )
    assert not set(csp) & set('"<>&'), csp  # base64 hashes and fixed keywords only
    return page.replace("__PEACEKG_CSP__", csp, 1)


def write_viz(
    store: Store,
    output: str | Path,
    *,
    chart: bool = True,
    physics: bool = False,
    **view_options: Any,
) -> View:
    """Build a view (:func:`build_view` options) and write its page to ``output``
    (``physics``: let vis-network move the nodes from their computed positions)."""
    view = build_view(store, **view_options)
    chart_svg = None
    if chart:
        from peacekg.graph.chart import backers_matrix, heatmap_svg

        matrix = backers_matrix(view.full_graph if view.full_graph is not None else view.graph)
        if matrix.states:
            chart_svg = heatmap_svg(matrix)
    store_label = f"{store.path} ({store.generation})"
    page = render_html(view, chart_svg=chart_svg, store_label=store_label, physics=physics)
    write_text(output, page)
    return view
