"""``peacekg analyze``: network analytics over the projections of the graph (central nodes,
communities, divisive priorities, who connects two actors, the projection exported).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from peacekg.commands.options import (
    format_option,
    open_kg,
    scope_options,
    store_option,
)
from peacekg.commands.output import emit


@click.group()
def analyze() -> None:
    """Network analytics: central nodes, communities, divisive priorities, connections."""


def cobacking_options(f: Callable) -> Callable:
    """``--similarity``, ``--alpha``, ``--permutations``, ``--seed``: how the co-backing
    network is made (docs/cobacking.md)."""
    options = [
        click.option(
            "--similarity",
            type=click.Choice(["cosine", "jaccard"]),
            default="cosine",
            show_default=True,
            help="Similarity of two states' stance profiles (the edge weight).",
        ),
        click.option(
            "--alpha",
            type=click.FloatRange(0, 1, min_open=True),
            default=0.05,
            show_default=True,
            help="False discovery rate of the kept edges (1: keep every pair, untested).",
        ),
        click.option(
            "--permutations",
            type=click.IntRange(1),
            default=999,
            show_default=True,
            help="Shuffled profiles of the significance test.",
        ),
        click.option("--seed", type=int, default=0, show_default=True),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _cobacking_keywords(similarity: str, alpha: float, permutations: int, seed: int) -> dict:
    return {
        "similarity": similarity,
        "alpha": None if alpha >= 1 else alpha,
        "permutations": permutations,
        "seed": seed,
    }


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
@click.option(
    "--graph",
    "network",
    type=click.Choice(["backing", "cobacking"]),
    default="backing",
    show_default=True,
    help="backing: states and priorities, edges weighted by the counting unit; cobacking: "
    "states linked by significantly similar stance profiles (docs/cobacking.md).",
)
@scope_options
def central(
    store_path: Path | None,
    fmt: str,
    measure: str,
    types: tuple[str, ...],
    top: int,
    network: str,
    scope,
) -> None:
    """The most central states and priorities of the backing graph, or states of the
    co-backing network."""
    from dataclasses import asdict

    ranked = open_kg(store_path).central(
        measure, types=list(types), top=top, network=network, scope=scope
    )
    lines = [f"{r.score:8.4f}  {r.label} ({r.type})" for r in ranked] or ["no nodes"]
    records = [{**asdict(r), "unit": scope.count} for r in ranked]
    emit(fmt, text=lambda: "\n".join([scope.describe(), *lines]), rows=lambda: records)


@analyze.command()
@store_option
@format_option("table", "json", "csv")
@click.option(
    "--method", type=click.Choice(["louvain", "greedy"]), default="louvain", show_default=True
)
@cobacking_options
@scope_options
def communities(
    store_path: Path | None,
    fmt: str,
    method: str,
    similarity: str,
    alpha: float,
    permutations: int,
    seed: int,
    scope,
) -> None:
    """Communities of states whose stance profiles are significantly similar (the co-backing
    network: cosine similarity, a permutation test at a false discovery rate; see
    docs/cobacking.md). Without any such pair, says so."""
    options = _cobacking_keywords(similarity, alpha, permutations, seed)
    groups = open_kg(store_path).communities(method, scope=scope, **options)
    groups = [g for g in groups if g.size > 1]
    records = [
        {"community": i, "size": c.size, "members": c.labels, "shared": [s for s, _ in c.shared]}
        for i, c in enumerate(groups, 1)
    ]

    def text() -> str:
        lines = [scope.describe()]
        for i, c in enumerate(groups, 1):
            shared = ", ".join(f"{s} ×{n}" for s, n in c.shared) or "-"
            lines.append(f"{i}. {', '.join(c.labels)}\n   shared: {shared}")
        if not groups and alpha < 1:
            lines.append(
                "no pair of states is more alike than chance at a false discovery rate of "
                f"{alpha:g} (docs/cobacking.md; --alpha 1 links every pair, untested)"
            )
        elif not groups:
            lines.append("no two states back a common priority")
        return "\n".join(lines)

    emit(fmt, text=text, rows=lambda: records)


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

    emit(fmt, text=text, rows=lambda: records)


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

    def text() -> str:
        if not paths:
            return f"{a} and {b} are not connected in the backing graph"
        B = kg._full_backing(scope)
        return scope.describe() + "\n" + "\n\n".join(format_path(B, p) for p in paths)

    emit(fmt, text=text, data=lambda: [asdict(p) for p in paths])


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
@cobacking_options
@scope_options
def export_graph(
    store_path: Path | None,
    projection: str,
    fmt: str,
    output: Path,
    similarity: str,
    alpha: float,
    permutations: int,
    seed: int,
    scope,
) -> None:
    """Export a networkx projection as GraphML or GEXF (for Gephi); edge weights in the
    counting unit (the graph attribute ``unit``), for cobacking the similarity of the
    stance profiles (the options --similarity ... --seed apply to it)."""
    from peacekg.graph.network.projections import write

    kg = open_kg(store_path)
    if projection == "cobacking":
        options = _cobacking_keywords(similarity, alpha, permutations, seed)
        G = kg.cobacking_graph(scope=scope, **options)
    else:
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
