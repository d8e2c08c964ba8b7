"""Stance over time: a state's commitments per year or decade, by target.

Each commitment is dated by its document (``pk:year``). The columns are periods, the rows
targets (the eight A4P thematic areas unless one target is asked for), and each cell counts
the backing (support, pledge, contribution, call for action) and opposing commitments, with
the commitments themselves one step away (their IRIs, quotes and files).

The A4P thematic areas date from the Declaration of Shared Commitments (2018): a commitment
of an earlier year is matched to an area by its theme (the area's cue words), not by the
name A4P, and the output says so.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from rdflib import URIRef

from peacekg.graph.query.deeds import year_filter
from peacekg.graph.query.entities import Labeler, resolve
from peacekg.graph.query.frames import Tabular
from peacekg.graph.query.results import NotFound
from peacekg.graph.store.database import Store
from peacekg.ontology.namespaces import A4P_AREAS, PK, priority_iri

#: The year of the Declaration of Shared Commitments on UN Peacekeeping Operations (A4P).
A4P_YEAR = 2018

#: What the output says when a period precedes A4P.
THEME_NOTE = (
    f"A4P dates from {A4P_YEAR}: commitments of earlier years are matched to its thematic "
    "areas by theme (their cue words), not by the name A4P."
)

_COMMITMENTS = """
SELECT ?c ?stance ?target ?year ?evidence ?file WHERE {
  ?c pk:actor ?state ; pk:stance ?stance ; pk:target ?target ; pk:year ?year ;
     pk:evidence ?evidence .
  OPTIONAL { ?c prov:wasDerivedFrom ?doc . ?doc pk:sourceFile ?file }
  %(years)s
}"""

#: The kinds of target a ``--target`` name is looked up among, in this order.
TARGET_KINDS = ("Priority", "Initiative", "Mission", "Resolution")


@dataclass
class Evidence:
    """One commitment behind a cell."""

    commitment: str
    stance: str
    year: int
    quote: str
    source_file: str | None


@dataclass
class Cell:
    """The commitments of one period on one target."""

    backing: int = 0
    opposition: int = 0
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Timeline(Tabular):
    """A state's stances per period (rows: targets; columns: periods)."""

    state: Any  # lookups.Entity
    by: str
    periods: list[int]
    targets: list[Any]  # lookups.Entity
    cells: dict[tuple[int, str], Cell]
    theme_note: bool

    def period_label(self, period: int) -> str:
        """``2019`` for a year, ``1990s`` for a decade."""
        return f"{period}s" if self.by == "decade" else str(period)

    def cell(self, period: int, target: str) -> Cell:
        """The cell of a period and a target IRI (empty when nothing was said)."""
        return self.cells.get((period, target), Cell())

    def figure(self) -> Figure:
        """The chart of :func:`timeline_figure` (shown inline in a notebook)."""
        return timeline_figure(self)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: every non-empty cell with its commitments."""
        return {
            "state": {"iri": self.state.iri, "label": self.state.label},
            "by": self.by,
            "note": THEME_NOTE if self.theme_note else None,
            "periods": [self.period_label(p) for p in self.periods],
            "targets": [{"iri": t.iri, "label": t.label} for t in self.targets],
            "cells": [
                {
                    "period": self.period_label(p),
                    "target": t.iri,
                    "backing": c.backing,
                    "opposition": c.opposition,
                    "evidence": [vars(e) for e in c.evidence],
                }
                for p in self.periods
                for t in self.targets
                if (c := self.cells.get((p, t.iri)))
            ],
        }

    def rows(self) -> list[dict[str, Any]]:
        """One CSV row per non-empty cell; its commitments' IRIs separated by spaces."""
        return [
            {
                "period": cell["period"],
                "target": cell["target"],
                "backing": cell["backing"],
                "opposition": cell["opposition"],
                "commitments": " ".join(e["commitment"] for e in cell["evidence"]),
            }
            for cell in self.to_dict()["cells"]
        ]


def _period(year: int, by: str) -> int:
    return year - year % 10 if by == "decade" else year


def _target(store: Store, name: str) -> Any:
    """The target ``name`` names: a priority, initiative, mission or resolution."""
    suggestions: list[str] = []
    for kind in TARGET_KINDS:
        try:
            return resolve(store, kind, name)
        except NotFound as exc:
            suggestions += [s for s in exc.suggestions if s not in suggestions]
    raise NotFound("target", name, suggestions[:3])


def timeline(
    store: Store,
    name: str,
    *,
    target: str | None = None,
    by: str = "year",
    since: int | None = None,
    until: int | None = None,
) -> Timeline:
    """The stances of state ``name`` per ``by`` (``"year"`` or ``"decade"``) on ``target``
    (a priority, initiative, mission or resolution; default: the eight A4P thematic areas),
    from ``since`` to ``until`` (years, inclusive)."""
    if by not in ("year", "decade"):
        raise ValueError(f"by must be 'year' or 'decade', not {by!r}")
    state = resolve(store, "State", name)
    label = Labeler(store)
    bindings: dict[str, Any] = {"state": URIRef(state.iri)}
    if target is not None:
        wanted = [_target(store, target)]
        bindings["target"] = URIRef(wanted[0].iri)
    else:
        wanted = [label(priority_iri(code)) for code in A4P_AREAS]
    iris = {t.iri for t in wanted}
    cells: dict[tuple[int, str], Cell] = {}
    for r in store.select(_COMMITMENTS % {"years": year_filter(since, until)}, bindings):
        if str(r["target"]) not in iris:
            continue
        year = int(str(r["year"]))
        cell = cells.setdefault((_period(year, by), str(r["target"])), Cell())
        if r["stance"] == PK.Opposition:
            cell.opposition += 1
        else:
            cell.backing += 1
        cell.evidence.append(
            Evidence(
                commitment=str(r["c"]),
                stance=str(r["stance"]).rsplit("#", 1)[-1],
                year=year,
                quote=str(r["evidence"]),
                source_file=str(r["file"]) if r["file"] is not None else None,
            )
        )
    for cell in cells.values():
        cell.evidence.sort(key=lambda e: (e.year, e.source_file or "", e.commitment))
    periods = sorted({p for p, _ in cells})
    priorities = any(t.type == "Priority" for t in wanted)
    return Timeline(
        state=state,
        by=by,
        periods=periods,
        targets=wanted,
        cells=cells,
        theme_note=priorities and any(p < A4P_YEAR for p in periods),
    )


def format_timeline(t: Timeline, evidence_limit: int | None = 0) -> str:
    """The timeline as a table (targets x periods); ``evidence_limit`` quotes per cell
    below it (``None``: all; 0: none)."""
    title = f"{t.state.label}: stances per {t.by}"
    if not t.periods:
        return f"{title}\nno dated commitment on these targets"
    labels = [_short(x.label, 28) for x in t.targets]
    width = max(len(x) for x in labels)
    heads = [t.period_label(p) for p in t.periods]
    cols = [max(5, len(h)) for h in heads]
    lines = [
        title,
        " " * width + "  " + "  ".join(h.rjust(w) for h, w in zip(heads, cols, strict=True)),
    ]
    for target, text in zip(t.targets, labels, strict=True):
        cells = []
        for p, w in zip(t.periods, cols, strict=True):
            c = t.cell(p, target.iri)
            value = "." if not (c.backing or c.opposition) else str(c.backing)
            if c.opposition:
                value += f"/-{c.opposition}"
            cells.append(value.rjust(w))
        lines.append(text.ljust(width) + "  " + "  ".join(cells))
    lines.append("cells: backing commitments, /-N = N oppositions, . = none")
    if t.theme_note:
        lines.append("note: " + THEME_NOTE)
    if evidence_limit != 0:
        for target in t.targets:
            for p in t.periods:
                c = t.cells.get((p, target.iri))
                if not c:
                    continue
                lines.append(f"\n{target.label}, {t.period_label(p)}:")
                for e in c.evidence[:evidence_limit]:
                    quote = e.quote if len(e.quote) <= 240 else e.quote[:239] + "…"
                    lines.append(f'  {e.stance} ({e.year}): "{quote}" — {e.source_file or "?"}')
                    lines.append(f"    {e.commitment}")
    return "\n".join(lines)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def timeline_figure(t: Timeline) -> Figure:
    """Two heatmaps (backing, opposition) of targets x periods, drawn like the backers chart
    (:mod:`peacekg.graph.views.chart`)."""
    n, m = len(t.targets), len(t.periods)
    fig = Figure(figsize=(max(6.0, 3.0 + 0.45 * m) * 2, max(3.0, 1.9 + 0.35 * n)))
    fig.set_layout_engine("constrained")
    FigureCanvasAgg(fig)
    if m == 0:
        ax = fig.add_subplot()
        ax.axis("off")
        ax.text(0.5, 0.5, f"No dated commitment of {t.state.label}.", ha="center", va="center")
        return fig
    backing = np.array([[t.cell(p, x.iri).backing for p in t.periods] for x in t.targets])
    opposing = np.array([[t.cell(p, x.iri).opposition for p in t.periods] for x in t.targets])
    axes = fig.subplots(1, 2, sharey=True)
    heads = [t.period_label(p) for p in t.periods]
    for ax, values, cmap, title in (
        (axes[0], backing, "Greens", "Backing (support, pledge, contribution, call)"),
        (axes[1], opposing, "Reds", "Opposition"),
    ):
        vmax = max(1, int(values.max()))
        ax.imshow(values, cmap=cmap, vmin=0, vmax=vmax, aspect="auto")
        ax.set_title(title, fontsize=11)
        ax.set_xticks(range(m), heads, rotation=60, ha="right", fontsize=8)
        ax.set_yticks(range(n), [_short(x.label, 34) for x in t.targets], fontsize=8.5)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        for (i, j), value in np.ndenumerate(values):
            if value:
                dark = value > vmax * 0.6
                ax.text(j, i, str(value), ha="center", va="center", fontsize=7.5,
                        color="white" if dark else "#222222")  # fmt: skip
    fig.suptitle(f"{t.state.label}: commitments per {t.by}", fontsize=13)
    if t.theme_note:
        fig.supxlabel(THEME_NOTE, fontsize=8, color="#555555")
    return fig


def write_timeline_chart(t: Timeline, output: str | Path) -> None:
    """Write the timeline chart to ``output`` (``.png`` or ``.svg``)."""
    out = Path(output)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise ValueError(f"unsupported chart format {out.suffix!r}: use .png or .svg")
    buf = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else None
    timeline_figure(t).savefig(buf, format=fmt, dpi=150, metadata=metadata, facecolor="white")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buf.getvalue())
