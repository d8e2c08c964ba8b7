"""Reading commands: the lookups (``country``, ``mission``, ``priority``, ``initiative``,
``resolution``), ``backers``, ``search``, ``show``, ``query`` and ``table``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from peacekg.commands.options import (
    emit,
    format_option,
    open_kg,
    open_store,
    output_option,
    scope_options,
    store_option,
)
from peacekg.errors import UsageError

_evidence_option = click.option(
    "--evidence",
    "evidence_limit",
    type=click.IntRange(0),
    default=None,
    help="At most N quotes per target/actor (default: all).",
)


@click.command()
@click.argument("name")
@store_option
@format_option("table", "json", "csv")
@_evidence_option
@scope_options
def country(
    name: str, store_path: Path | None, fmt: str, evidence_limit: int | None, scope
) -> None:
    """A state's commitments by target (stance, quote, source, date), statements and
    missions. NAME: name, formal name, UN name, variant or ISO3 code, in any case."""
    from peacekg.graph.query.rendering import format_country

    kg = open_kg(store_path)
    profile = kg.country(name, evidence_limit, scope=scope)
    emit(profile, fmt, lambda: format_country(profile))


def _target_command(kind: str, metavar: str, doc: str) -> click.Command:
    """The lookup command of one kind of target (``mission``, ``priority``, ...)."""

    @click.command(name=kind.lower(), help=doc)
    @click.argument("name", metavar=metavar)
    @store_option
    @format_option("table", "json", "csv")
    @_evidence_option
    @scope_options
    def command(
        name: str, store_path: Path | None, fmt: str, evidence_limit: int | None, scope
    ) -> None:
        from peacekg.graph.query.rendering import format_target

        kg = open_kg(store_path)
        method = getattr(kg, kind.lower())
        profile = method(name, evidence_limit, scope=scope)
        emit(profile, fmt, lambda: format_target(profile))

    return command


mission = _target_command("Mission", "ACRONYM", "Who backs, opposes and contributes to a mission.")
priority = _target_command(
    "Priority", "CODE|NAME", "Who backs or opposes a priority (wps, performance, ...)."
)
initiative = _target_command(
    "Initiative", "NAME", "Who backs or opposes an initiative (name or acronym)."
)
resolution = _target_command(
    "Resolution",
    "NUMBER",
    "Who backs, opposes and cites a resolution (2538, S/RES/2538 (2020)).",
)


@click.command()
@store_option
@format_option("table", "json", "csv")
@click.option(
    "--scheme",
    type=click.Choice(["a4p", "a4p-plus", "all"]),
    default="a4p",
    show_default=True,
    help="Which priorities form the columns.",
)
@click.option(
    "--actors",
    "actor_type",
    type=click.Choice(["State", "Organization", "Person", "all"]),
    default="State",
    show_default=True,
)
@scope_options
def backers(store_path: Path | None, fmt: str, scheme: str, actor_type: str, scope) -> None:
    """The states × A4P priorities matrix: how many speeches (by default) back and oppose
    each priority."""
    from peacekg.graph.query.rendering import format_matrix

    kg = open_kg(store_path)
    matrix = kg.backers(scheme=scheme, actor_type=actor_type, scope=scope)
    emit(matrix, fmt, lambda: format_matrix(matrix))


@click.command()
@click.argument("text")
@store_option
@format_option("table", "json", "csv")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most N results.")
@scope_options
def search(text: str, store_path: Path | None, fmt: str, limit: int | None, scope) -> None:
    """Full-text search (case-insensitive) over the evidence sentences."""
    from peacekg.graph.query.rendering import format_commitments

    if not text.strip():
        raise click.UsageError("TEXT is empty")
    items = open_kg(store_path).search(text, limit, scope=scope)
    emit(items, fmt, lambda: format_commitments(items, scope))


@click.command()
@click.argument("commitment", metavar="COMMITMENT")
@store_option
@format_option("table", "json")
@click.option(
    "--context", "context_chars", type=click.IntRange(0), default=300, show_default=True,
    help="Characters of text shown around the evidence.",
)  # fmt: skip
def show(commitment: str, store_path: Path | None, fmt: str, context_chars: int) -> None:
    """Show one commitment's evidence in its context and where it stands in the source file.

    COMMITMENT is its IRI or prefixed name (pkid:document/.../commitment/3), as listed by
    the lookups in JSON or CSV. Offsets in the graph refer to the normalised text; this
    also gives the line and column in a text or HTML file, or the page of a PDF.
    """
    from peacekg.graph.query.provenance import format_shown
    from peacekg.graph.query.provenance import show as run_show

    shown = run_show(open_store(store_path), commitment, context_chars)
    if fmt == "json":
        click.echo(json.dumps(shown.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_shown(shown))


@click.command()
@click.argument("query", required=False)
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "tsv", "xml", "turtle", "ntriples"]),
    default="table",
    show_default=True,
    help="SELECT/ASK: table, json, csv, tsv, xml. CONSTRUCT/DESCRIBE: table (Turtle), turtle, "
    "ntriples, json (JSON-LD), xml (RDF/XML).",
)
@click.option(
    "--bind",
    "binds",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind ?NAME to a term: pkid:state/FRA, <IRI>, '\"text\"', 42 (repeatable).",
)
@click.option("--list", "list_queries", is_flag=True, help="List the ready queries.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=60,
    show_default=True,
    help="Stop the query after SECONDS (0: no limit).",
)
def query(
    query: str | None,
    store_path: Path | None,
    fmt: str,
    binds: tuple[str, ...],
    list_queries: bool,
    timeout: float,
) -> None:
    """Run SPARQL (text, a FILE.rq, or a ready query's name) over all named graphs.

    A --bind restricts the rows (even of a variable read inside OPTIONAL); a variable the
    query does not use is refused. Exit 2 on a syntax error or a bad --bind, 1 on other
    errors, a time-out included.
    """
    from peacekg.errors import QueryError, QuerySyntaxError
    from peacekg.graph.query.sparql import (
        bind_values,
        describe_query,
        library,
        load_query,
        parse_bindings,
        run_with_timeout,
    )

    if list_queries:
        for name, path in library().items():
            click.echo(f"{name:<22} {describe_query(path)}")
        return
    if not query:
        raise click.UsageError("give a QUERY (text, FILE.rq or a ready query's name) or --list")
    try:
        text = load_query(query)
        bindings = parse_bindings(binds)
        bind_values(text, bindings)  # a bad --bind is a usage error, before any work
    except QuerySyntaxError:
        pass  # reported below, with the position in the user's text
    except QueryError as exc:
        raise UsageError(str(exc)) from None
    open_store(store_path).close()  # a clean error when there is no store
    data = run_with_timeout(store_path, text, bindings, fmt, timeout or None)
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


@click.command()
@store_option
@click.option(
    "--aggregate",
    is_flag=True,
    help="One row per actor, target and year, counted in the --count unit.",
)
@format_option("csv", "json", default="csv")
@output_option
@scope_options
def table(store_path: Path | None, aggregate: bool, fmt: str, output: Path | None, scope) -> None:
    """A tidy table: one row per commitment (actor, ISO3, target, target kind, stance, year,
    document, speech id, evidence, offsets, confidence), or with --aggregate the counts per
    actor x target x year, as CSV or JSON."""
    import csv
    import io

    from peacekg.graph.query.table import AGGREGATE_COLUMNS, TIDY_COLUMNS, aggregate_rows, tidy_rows
    from peacekg.graph.store.atomic import write_text

    rows = tidy_rows(open_store(store_path), scope)
    columns: tuple[str, ...] = TIDY_COLUMNS
    if aggregate:
        rows, columns = aggregate_rows(rows, scope.count), AGGREGATE_COLUMNS
    buf = io.StringIO()
    if fmt == "json":
        json.dump(rows, buf, indent=1, ensure_ascii=False)
        buf.write("\n")
    else:
        writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    if output is None:
        click.echo(buf.getvalue(), nl=False)
    else:
        write_text(output, buf.getvalue())
    what = "actor x target x year rows" if aggregate else "commitments"
    click.echo(f"{len(rows)} {what} ({scope.describe()})", err=True)


#: The commands this module adds to the ``peacekg`` group.
COMMANDS = (
    country,
    mission,
    priority,
    initiative,
    resolution,
    backers,
    search,
    show,
    query,
    table,
)
