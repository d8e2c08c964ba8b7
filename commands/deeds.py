"""Words against deeds: ``import personnel|votes`` (data sets of deeds), ``deeds`` (a state's
pledges, deployments and votes per year) and ``timeline`` (its stances over time).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from peacekg.commands.options import format_option, open_store, store_option, year_options
from peacekg.commands.output import emit_result
from peacekg.errors import PartialFailure

# --- deeds: imports, words against deeds, stance over time ---------------------------------


@click.group(name="import")
def import_() -> None:
    """Import data sets of deeds (personnel deployed, General Assembly votes)."""


def _run_import(call: Callable) -> None:
    """Run an import (``call(progress)``, a bar on a terminal), print its report; exit 1
    when a row was malformed."""
    from peacekg.commands.progress import terminal_progress

    with terminal_progress("importing") as progress:
        report = call(progress)
    for name, rows in sorted(report.unmatched.items()):
        click.echo(f"warning: no state named {name!r} ({rows} row(s) left out)", err=True)
    for file, line, reason in report.malformed:
        click.echo(f"error: {file}:{line}: {reason}", err=True)
    click.echo(report.summary())
    if not report.ok:
        raise PartialFailure(f"{len(report.malformed)} malformed row(s) left out (listed above)")


@import_.command(name="personnel")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@store_option
def import_personnel(file: Path, store_path: Path | None) -> None:
    """Load uniformed personnel per country, mission and year (CSV: Year, Country, Mission,
    Female, Male, Total) into the data set's own graph, replacing it."""
    from peacekg.graph.ingest.personnel import import_personnel as run

    _run_import(lambda progress: run(file, store_path, progress))


@import_.command(name="votes")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@store_option
def import_votes(folder: Path, store_path: Path | None) -> None:
    """Load General Assembly roll calls and votes (FOLDER with un_roll_calls.csv and
    un_votes.csv) into the data set's own graph, replacing it."""
    from peacekg.graph.ingest.votes import import_votes as run

    _run_import(lambda progress: run(folder, store_path, progress))


@click.command()
@click.argument("name")
@store_option
@format_option("table", "json", "csv")
@year_options
def deeds(
    name: str, store_path: Path | None, fmt: str, since: int | None, until: int | None
) -> None:
    """A state's words and deeds per year: its pledges and contributions, the personnel it
    deployed per mission (share of women), its votes on peace-operations roll calls."""
    from peacekg.graph.query.deeds import deeds as run
    from peacekg.graph.query.deeds import format_deeds

    result = run(open_store(store_path), name, since, until)
    emit_result(result, fmt, lambda: format_deeds(result))


@click.command()
@click.argument("name")
@store_option
@format_option("table", "json", "csv")
@click.option(
    "--target",
    metavar="NAME",
    default=None,
    help="One priority, initiative, mission or resolution (default: the eight A4P areas).",
)
@click.option("--by", type=click.Choice(["year", "decade"]), default="year", show_default=True)
@year_options
@click.option(
    "--evidence",
    "evidence_limit",
    type=click.IntRange(0),
    default=0,
    show_default=True,
    help="Table: at most N quotes per cell below it (JSON and CSV always carry them all).",
)
@click.option(
    "--chart",
    "chart_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also draw the timeline to this .svg or .png file.",
)
def timeline(
    name: str,
    store_path: Path | None,
    fmt: str,
    target: str | None,
    by: str,
    since: int | None,
    until: int | None,
    evidence_limit: int,
    chart_path: Path | None,
) -> None:
    """A state's stances per year or decade: backing and opposing commitments by target, with
    the commitments behind each cell."""
    from peacekg.graph.views.timeline import format_timeline, write_timeline_chart
    from peacekg.graph.views.timeline import timeline as run

    if chart_path is not None and chart_path.suffix.lower() not in (".png", ".svg"):
        raise click.BadParameter("use a .png or .svg file name", param_hint="--chart")
    store = open_store(store_path)
    result = run(store, name, target=target, by=by, since=since, until=until)
    emit_result(result, fmt, lambda: format_timeline(result, evidence_limit))
    if chart_path is not None:
        write_timeline_chart(result, chart_path)
        click.echo(f"wrote {chart_path}", err=True)


#: The commands this module adds to the ``peacekg`` group.
COMMANDS = (
    import_,
    deeds,
    timeline,
)
