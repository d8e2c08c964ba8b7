"""A :class:`~peacekg.graph.views.view.View` rendered as one self-contained, offline HTML page
(vis-network, the page template in ``templates/``, the backers heatmap embedded).
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from markupsafe import Markup

from peacekg.graph.store.atomic import write_text
from peacekg.graph.store.database import Store
from peacekg.graph.views.chart import backers_matrix, heatmap_svg
from peacekg.graph.views.view import (
    EDGE_COLORS,
    NODE_STYLES,
    QUOTE_CHARS,
    QUOTES_PER_TIP,
    View,
    build_view,
)
from peacekg.ontology.namespaces import A4P_AREAS, a4p_code

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
            # [[year or None, count], ...]: what the page's year filters add up
            years=[[y, n] for y, n in (d.get("years") or {}).items()],
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
    return (
        resources.files("peacekg.graph.views")
        .joinpath("templates", name)
        .read_text(encoding="utf-8")
    )


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
        matrix = backers_matrix(view.full_graph if view.full_graph is not None else view.graph)
        if matrix.states:
            chart_svg = heatmap_svg(matrix)
    store_label = f"{store.path} ({store.generation})"
    page = render_html(view, chart_svg=chart_svg, store_label=store_label, physics=physics)
    write_text(output, page)
    return view
