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

import difflib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import networkx as nx
from rdflib import Literal as RdfLiteral
from rdflib import URIRef

from peacekg.errors import PeacekgError
from peacekg.graph.ingest.repeats import counted_elsewhere
from peacekg.graph.network.projections import backing_graph
from peacekg.graph.query.commitments import commitments, contributions
from peacekg.graph.query.entities import Labeler
from peacekg.graph.query.results import BACKING_STANCES, Commitment
from peacekg.graph.query.scope import Scope
from peacekg.graph.store.database import Store
from peacekg.ontology.namespaces import A4P_AREAS, a4p_code, mission_iri, priority_code
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
    """The commitments of a view's scope (:func:`peacekg.graph.query.commitments.commitments`).

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
    """Read the store and build the graph of one view
    (:func:`peacekg.graph.network.projections.backing_graph` over the commitments of the view's
    scope).

    With none of ``focus``, ``mission``, ``document``: states x A4P thematic areas. ``types``
    keeps actors of these types (``State``, ``Organization``, ``Person``; the default view's
    default is ``State``); ``priorities`` keeps edges to these priority codes (``wps``,
    ``a4p-plus/<code>``); ``stance`` keeps backing (``support``) or ``opposition``
    commitments; ``min_evidence`` drops edges lighter than that (in the scope's unit);
    ``regions`` keeps states of these M49 regions or sub-regions ("Africa", "Western
    Europe"); ``top`` keeps the ``top`` heaviest actors (default: :data:`TOP_STATES` in the
    default view, all elsewhere; 0: all) and says how many were left out. ``scope`` sets the
    unit, years and confidence (:class:`~peacekg.graph.query.scope.Scope`).

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
    repeated = counted_elsewhere(store)  # a speech published twice: one document counts
    for c in items:
        if c.target and c.source and c.statement not in repeated:
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
