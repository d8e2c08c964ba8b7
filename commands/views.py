"""Views of the graph: ``viz`` (an interactive HTML page) and ``chart`` (the backers
heatmap).
"""

from __future__ import annotations

from pathlib import Path

import click

from peacekg.commands.options import open_store, scope_options, store_option

# --- viz, chart -----------------------------------------------------------------------------


@click.command()
@store_option
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("graph.html"),
    show_default=True,
    help="HTML file to write (self-contained, works offline).",
)
@click.option("--focus", metavar="NAME", help="Show one actor's (or target's) neighbourhood.")
@click.option("--depth", type=click.IntRange(0), default=1, show_default=True, help="For --focus.")
@click.option("--mission", metavar="ACRONYM", help="Commitments to or around one mission.")
@click.option("--document", metavar="FILE", help="Commitments of one document (by file name).")
@click.option(
    "--type",
    "types",
    multiple=True,
    metavar="TYPE",
    help="Keep actors of this type (State, Organization, Person...); repeatable.",
)
@click.option(
    "--priority",
    "priorities",
    multiple=True,
    metavar="CODE",
    help="Keep edges to this priority (wps, protection...); repeatable.",
)
@click.option("--stance", type=click.Choice(["support", "opposition"]), default=None)
@click.option(
    "--min-evidence",
    "--min-count",
    "min_evidence",
    type=click.IntRange(0),
    default=0,
    help="Drop edges with a lower count (in the --count unit).",
)
@click.option(
    "--top",
    type=click.IntRange(0),
    default=None,
    help="Keep the N heaviest actors (default view: 40; 0: all). The page says what is left out.",
)
@click.option(
    "--region",
    "regions",
    multiple=True,
    metavar="REGION",
    help="Keep states of this M49 region or sub-region (Africa, 'Western Europe'); repeatable.",
)
@click.option("--physics", is_flag=True, help="Let the nodes move from their computed positions.")
@click.option(
    "--max-nodes",
    type=click.IntRange(1),
    default=3000,
    show_default=True,
    help="Above this, keep the nodes with most commitments.",
)
@click.option("--no-chart", is_flag=True, help="Leave the backers heatmap out of the page.")
@scope_options
def viz(
    store_path: Path | None,
    output: Path,
    focus: str | None,
    depth: int,
    mission: str | None,
    document: str | None,
    types: tuple[str, ...],
    priorities: tuple[str, ...],
    stance: str | None,
    min_evidence: int,
    top: int | None,
    regions: tuple[str, ...],
    physics: bool,
    max_nodes: int,
    no_chart: bool,
    scope,
) -> None:
    """Write an interactive network page (default: states x A4P thematic areas)."""
    from peacekg.graph.views.html import write_viz

    view = write_viz(
        open_store(store_path),
        output,
        chart=not no_chart,
        focus=focus,
        depth=depth,
        mission=mission,
        document=document,
        types=types,
        priorities=priorities,
        stance=stance,
        min_evidence=min_evidence,
        max_nodes=max_nodes,
        scope=scope,
        top=top,
        regions=regions,
        physics=physics,
    )
    for message in view.messages:
        click.echo(f"note: {message}", err=True)
    g = view.graph
    click.echo(
        f"wrote {output} ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges; "
        f"{scope.describe()})"
    )


@click.command()
@click.argument("kind", type=click.Choice(["backers"]))
@store_option
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Image to write: .png or .svg.",
)
@click.option("--top", type=click.IntRange(1), default=40, show_default=True, help="States shown.")
@scope_options
def chart(kind: str, store_path: Path | None, output: Path, top: int, scope) -> None:
    """Draw a chart: ``backers`` is the heatmap of states x A4P thematic areas."""
    from peacekg.graph.views.chart import write_chart

    if output.suffix.lower() not in (".png", ".svg"):
        raise click.BadParameter("use a .png or .svg file name", param_hint="--output")
    matrix = write_chart(open_store(store_path), output, top=top, scope=scope)
    if not matrix.states:
        click.echo("warning: no state has a commitment on an A4P thematic area", err=True)
    click.echo(
        f"wrote {output} ({len(matrix.states)} of {matrix.total_states} states; {scope.describe()})"
    )


#: The commands this module adds to the ``peacekg`` group.
COMMANDS = (
    viz,
    chart,
)
