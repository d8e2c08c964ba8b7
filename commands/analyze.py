"""``peacekg analyze``: network analytics over the projections of the graph (central nodes,
communities, divisive priorities, who connects two actors, the projection exported).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from peacekg.commands.options import (
    emit_records,
    format_option,
    open_kg,
    scope_options,
    store_option,
)


@click.group()
def analyze() -> None:
    """Network analytics: central nodes, communities, divisive priorities, connections."""


@analyze.command()
@store_option
@format_option("table", "json", "csv")
@click.option(
    "--measure",
    type=click.Choice(["degree", "eigenvector", "betweenness"]),
    default="degree",
    show_default=True,
)
@click.option(
    "--type",
    "types",
    multiple=True,
    default=("State", "Priority"),
    show_default=True,
    help="Node types to rank (repeatable).",
)
@click.option("--top", type=click.IntRange(1), default=10, show_default=True)
@scope_options
def central(
    store_path: Path | None, fmt: str, measure: str, types: tuple[str, ...], top: int, scope
) -> None:
    """The most central states and priorities of the backing graph (edges weighted by the
    counting unit)."""
    from dataclasses import asdict

    ranked = open_kg(store_path).central(measure, types=list(types), top=top, scope=scope)
    lines = [f"{r.score:8.4f}  {r.label} ({r.type})" for r in ranked] or ["no nodes"]
    emit_records(
        [{**asdict(r), "unit": scope.count} for r in ranked],
        fmt,
        lambda: "\n".join([scope.describe(), *lines]),
    )


@analyze.command()
@store_option
@format_option("table", "json", "csv")
@click.option(
    "--method", type=click.Choice(["louvain", "greedy"]), default="louvain", show_default=True
)
@click.option("--seed", type=int, default=0, show_default=True)
@scope_options
def communities(store_path: Path | None, fmt: str, method: str, seed: int, scope) -> None:
    """Communities of states that back the same priorities."""
    groups = open_kg(store_path).communities(method, seed=seed, scope=scope)
    records = [
        {"community": i, "size": c.size, "members": c.labels, "shared": [s for s, _ in c.shared]}
        for i, c in enumerate(groups, 1)
    ]

    def text() -> str:
        lines = [scope.describe()]
        for i, c in enumerate(groups, 1):
            shared = ", ".join(f"{s} ×{n}" for s, n in c.shared) or "-"
            lines.append(f"{i}. {', '.join(c.labels)}\n   shared: {shared}")
        return "\n".join(lines) if groups else "no communities (no state backs a priority)"

    emit_records(records, fmt, text)


@analyze.command()
@store_option
@format_option("table", "json", "csv")
@click.option("--all", "include_consensus", is_flag=True, help="Also list unopposed targets.")
@click.option(
    "--type",
    "types",
    multiple=True,
    default=("Priority",),
    show_default=True,
    help="Target types (repeatable).",
)
@scope_options
def divisive(
    store_path: Path | None, fmt: str, include_consensus: bool, types: tuple[str, ...], scope
) -> None:
    """The priorities that divide: actors backing vs opposing them."""
    from dataclasses import asdict

    rows = open_kg(store_path).divisive(list(types), include_consensus, scope=scope)
    records = [
        {
            **asdict(d),
            "opposition_share": round(d.opposition_share, 3),
            "balance": round(d.balance, 3),
            "unit": scope.count,
        }
        for d in rows
    ]

    def text() -> str:
        if not rows:
            return "nothing divides: no opposition recorded"
        lines = [scope.describe()]
        for d in rows:
            lines.append(
                f"{d.label}: {len(d.supporters)} for, {len(d.opponents)} against "
                f"(opposition share {d.opposition_share:.0%})"
            )
            lines.append(f"  for:     {', '.join(d.supporters) or '-'}")
            lines.append(f"  against: {', '.join(d.opponents) or '-'}")
        return "\n".join(lines)

    emit_records(records, fmt, text)


@analyze.command()
@click.argument("a")
@click.argument("b")
@store_option
@format_option("table", "json")
@click.option("--max-paths", type=click.IntRange(1), default=5, show_default=True)
@scope_options
def connect(a: str, b: str, store_path: Path | None, fmt: str, max_paths: int, scope) -> None:
    """Who connects actors A and B: shortest paths with the evidence along them."""
    from dataclasses import asdict

    from peacekg.graph.network.analytics import format_path

    kg = open_kg(store_path)
    paths = kg.connect(a, b, max_paths=max_paths, scope=scope)
    if fmt == "json":
        click.echo(json.dumps([asdict(p) for p in paths], indent=2, ensure_ascii=False))
        return
    if not paths:
        click.echo(f"{a} and {b} are not connected in the backing graph")
        return
    B = kg._full_backing(scope)
    click.echo(scope.describe())
    click.echo("\n\n".join(format_path(B, p) for p in paths))


@analyze.command(name="export")
@store_option
@click.option(
    "--graph",
    "projection",
    type=click.Choice(["backing", "cobacking", "contribution"]),
    default="backing",
    show_default=True,
)
@click.option(
    "--format", "fmt", type=click.Choice(["graphml", "gexf"]), default="graphml", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@scope_options
def export_graph(store_path: Path | None, projection: str, fmt: str, output: Path, scope) -> None:
    """Export a networkx projection as GraphML or GEXF (for Gephi); edge weights in the
    counting unit (the graph attribute ``unit``)."""
    from peacekg.graph.network.projections import write

    kg = open_kg(store_path)
    G = getattr(kg, f"{projection}_graph")(scope=scope)
    G.graph["unit"] = scope.count
    write(G, output, fmt)
    click.echo(
        f"wrote {output} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges; "
        f"{scope.describe()})",
        err=True,
    )


#: The commands this module adds to the ``peacekg`` group.
COMMANDS = (analyze,)
