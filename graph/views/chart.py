"""Static charts of the graph (matplotlib, Agg): the backers heatmap, states x A4P areas.

Two panels side by side share the rows (states): the speeches (or statements, or
commitments: the counting unit) that back each A4P thematic area (support, pledge,
contribution, call for action) and those that oppose it. Rows are the states with the
highest counts (``top``), heaviest first.

The figure is drawn with :class:`matplotlib.figure.Figure` on an Agg canvas, without pyplot,
so it touches no global state and needs no display.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from peacekg.graph.query import lookups, results
from peacekg.graph.query.scope import Scope
from peacekg.graph.store.atomic import write_bytes
from peacekg.graph.store.database import Store
from peacekg.ontology.namespaces import A4P_AREAS, a4p_code

#: Column headings of the heatmap (short names of the A4P thematic areas).
SHORT_AREAS: dict[str, str] = {
    "politics": "Politics",
    "wps": "Women, peace\n& security",
    "protection": "Protection",
    "safety-security": "Safety &\nsecurity",
    "performance": "Performance &\naccountability",
    "peacebuilding": "Peacebuilding",
    "partnerships": "Partnerships",
    "conduct": "Conduct",
}

#: Rows drawn by default.
TOP_STATES = 40


@dataclass
class BackersMatrix:
    """Commitment counts of states (rows) on the A4P thematic areas (columns)."""

    states: list[str]
    iris: list[str]
    priorities: list[str] = field(default_factory=lambda: list(A4P_AREAS))
    support: np.ndarray = field(default_factory=lambda: np.zeros((0, len(A4P_AREAS)), int))
    opposition: np.ndarray = field(default_factory=lambda: np.zeros((0, len(A4P_AREAS)), int))
    #: how many states have any such commitment (rows may be fewer: ``top``).
    total_states: int = 0
    #: what the cells count: speeches, statements or commitments.
    unit: str = "speeches"


def backers_matrix(graph: nx.DiGraph, top: int | None = TOP_STATES) -> BackersMatrix:
    """The states x A4P matrix of an actor -> target graph (as built by
    :func:`peacekg.graph.views.view.commitment_graph`: edge attributes ``support``, ``opposition``).

    Only edges from ``State`` nodes to the eight A4P areas count; ``top`` keeps the states
    with the most commitments (``None``: all).
    """
    codes = list(A4P_AREAS)
    col = {c: i for i, c in enumerate(codes)}
    rows: dict[str, np.ndarray] = {}
    for u, v, d in graph.edges(data=True):
        code = a4p_code(str(v))
        if code is None or graph.nodes[u].get("type") != "State":
            continue
        cell = rows.setdefault(u, np.zeros((2, len(codes)), int))
        cell[0, col[code]] += int(d.get("support", 0))
        cell[1, col[code]] += int(d.get("opposition", 0))
    ranked = sorted(
        rows, key=lambda s: (-int(rows[s].sum()), str(graph.nodes[s].get("label", s)).casefold())
    )
    chosen = ranked if top is None else ranked[:top]
    return BackersMatrix(
        unit=str(graph.graph.get("unit", "commitments")),
        states=[str(graph.nodes[s].get("label", s)) for s in chosen],
        iris=chosen,
        priorities=codes,
        support=np.array([rows[s][0] for s in chosen], int).reshape(len(chosen), len(codes)),
        opposition=np.array([rows[s][1] for s in chosen], int).reshape(len(chosen), len(codes)),
        total_states=len(rows),
    )


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def heatmap_figure(matrix: BackersMatrix) -> Figure:
    """The two-panel heatmap (support, opposition) of a :class:`BackersMatrix`."""
    n = len(matrix.states)
    height = max(3.2, 1.9 + 0.26 * n)
    fig = Figure(figsize=(12, height), layout="constrained")
    FigureCanvasAgg(fig)
    if n == 0:
        ax = fig.add_subplot()
        ax.axis("off")
        ax.text(
            0.5,
            0.5,
            "No commitment of a state on an A4P thematic area in this store.",
            ha="center",
            va="center",
            fontsize=12,
        )
        return fig
    axes = fig.subplots(1, 2, sharey=True)
    columns = [SHORT_AREAS.get(c, c) for c in matrix.priorities]
    panels = (
        (axes[0], matrix.support, "Greens", "Backing (support, pledge, contribution, call)"),
        (axes[1], matrix.opposition, "Reds", "Opposition"),
    )
    for ax, values, cmap, title in panels:
        vmax = max(1, int(values.max()) if values.size else 1)
        image = ax.imshow(values, cmap=cmap, vmin=0, vmax=vmax, aspect="auto")
        ax.set_title(title, fontsize=11)
        ax.set_xticks(range(len(columns)), columns, rotation=40, ha="right", fontsize=8.5)
        ax.set_yticks(range(n), [_short(s) for s in matrix.states], fontsize=8.5)
        ax.tick_params(length=0)
        ax.set_xticks(np.arange(-0.5, len(columns), 1), minor=True)
        ax.set_yticks(np.arange(-0.5, n, 1), minor=True)
        ax.grid(which="minor", color="white", linewidth=1)
        ax.tick_params(which="minor", length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        if n * len(columns) <= 60 * 8:
            for (i, j), value in np.ndenumerate(values):
                if value:
                    dark = value > vmax * 0.6
                    ax.text(
                        j,
                        i,
                        str(value),
                        ha="center",
                        va="center",
                        fontsize=7.5,
                        color="white" if dark else "#222222",
                    )
        bar = fig.colorbar(image, ax=ax, shrink=0.8 if n > 8 else 1.0, label=matrix.unit)
        bar.locator = MaxNLocator(integer=True)
        bar.update_ticks()
    noun = "state" if matrix.total_states == 1 else "states"
    shown = f"top {n} of {matrix.total_states}" if n < matrix.total_states else f"{n}"
    fig.suptitle(f"States × A4P thematic areas: {matrix.unit} ({shown} {noun})", fontsize=13)
    return fig


def heatmap_bytes(matrix: BackersMatrix, fmt: str = "png", dpi: int = 150) -> bytes:
    """The heatmap encoded as ``png`` or ``svg`` (SVG text as paths: no font needed)."""
    fig = heatmap_figure(matrix)
    buf = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else None
    fig.savefig(buf, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")
    return buf.getvalue()


def heatmap_svg(matrix: BackersMatrix) -> str:
    """The heatmap as an SVG document."""
    return heatmap_bytes(matrix, "svg").decode("utf-8")


def matrix_from_lookup(
    backers: results.BackersMatrix, top: int | None = TOP_STATES
) -> BackersMatrix:
    """Convert :func:`peacekg.graph.query.lookups.backers` (the ``peacekg backers`` lookup) to the
    eight fixed A4P columns, states ranked by all their commitments."""
    codes = list(A4P_AREAS)
    by_code = {a4p_code(p.iri): p.iri for p in backers.priorities if a4p_code(p.iri)}
    rows = []
    for actor in backers.actors:
        cells = [backers.cell(actor, by_code[c]) if c in by_code else (0, 0) for c in codes]
        if any(s or o for s, o in cells):
            rows.append((actor, cells))
    rows.sort(key=lambda r: (-sum(s + o for s, o in r[1]), r[0].label.casefold()))
    chosen = rows if top is None else rows[:top]
    shape = (len(chosen), len(codes))
    return BackersMatrix(
        unit=backers.scope.count,
        states=[a.label for a, _ in chosen],
        iris=[a.iri for a, _ in chosen],
        priorities=codes,
        support=np.array([[s for s, _ in cells] for _, cells in chosen], int).reshape(shape),
        opposition=np.array([[o for _, o in cells] for _, cells in chosen], int).reshape(shape),
        total_states=len(rows),
    )


def write_chart(
    store: Store,
    output: str | Path,
    *,
    top: int | None = TOP_STATES,
    scope: Scope | None = None,
) -> BackersMatrix:
    """Write the backers heatmap of a store to ``output`` (``.png`` or ``.svg``).

    The counts are those of ``peacekg backers`` (:func:`peacekg.graph.query.lookups.backers`), in
    the unit and years of ``scope``.
    """
    out = Path(output)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise ValueError(f"unsupported chart format {out.suffix!r}: use .png or .svg")
    backers = lookups.backers(store, scheme="a4p", actor_type="State", scope=scope)
    matrix = matrix_from_lookup(backers, top)
    write_bytes(out, heatmap_bytes(matrix, fmt))
    return matrix
