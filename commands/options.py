"""What the commands share: the options (``--store``, ``--format``, the scope, ``--output``),
opening the store, and printing a result as a table, JSON or CSV.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path

import click


def store_option(f: Callable) -> Callable:
    """The ``--store DIR`` option shared by every command."""
    return click.option(
        "--store",
        "store_path",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        envvar="PEACEKG_STORE",
        help="Store directory (default: $PEACEKG_STORE or ~/.local/share/peacekg/store).",
    )(f)


def one_line(message: str) -> str:
    """``message`` printable on one line: control characters (a newline in a file name) and
    undecodable bytes of a name are shown escaped (``\\n``, ``\\udce9``)."""
    if message.isprintable():
        return message
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in message
    )


def open_store(store_path: Path | None):  # -> Store
    """Open the store for reading (its errors take the one error path)."""
    from peacekg.graph.store.database import Store

    return Store(store_path)


#: ``-o/--output FILE`` for commands that write to standard output without it (the file is
#: written whole or not at all).
output_option = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Output file (default: standard output).",
)

keep_source_path_option = click.option(
    "--keep-source-path",
    is_flag=True,
    help="Keep pk:sourcePath (the local absolute path of each document; left out by default).",
)


# --- lookups, query, serve, publish, analyze ------------------------------------------------


def format_option(*choices: str, default: str = "table") -> Callable:
    """The ``--format`` option of the lookup and analysis commands."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices or ("table", "json", "csv"))),
        default=default,
        show_default=True,
        help="table (for people), json, or csv (one row per piece of evidence).",
    )


def scope_options(f: Callable) -> Callable:
    """``--count``, ``--since``, ``--until`` and ``--min-confidence``, shared by every reading
    command and passed to it as one ``scope`` (:class:`peacekg.graph.query.scope.Scope`)."""
    from peacekg.graph.query.scope import COUNT_UNITS

    @functools.wraps(f)
    def command(*args, count: str, since, until, min_confidence, **kwargs):
        from peacekg.graph.query.scope import Scope, ScopeError

        try:
            scope = Scope(count=count, since=since, until=until, min_confidence=min_confidence)
        except ScopeError as exc:
            raise click.UsageError(str(exc)) from None
        return f(*args, scope=scope, **kwargs)

    options = (
        click.option(
            "--count",
            type=click.Choice(COUNT_UNITS),
            default=COUNT_UNITS[0],
            show_default=True,
            help="Counting unit: speeches (distinct documents), statements or commitments.",
        ),
        click.option("--since", type=int, metavar="YEAR", help="Only documents of YEAR or later."),
        click.option("--until", type=int, metavar="YEAR", help="Only documents up to YEAR."),
        click.option(
            "--min-confidence",
            type=click.FloatRange(0, 1),
            default=None,
            metavar="X",
            help="Keep commitments with a confidence of at least X (or none recorded); "
            "default: the model's threshold.",
        ),
    )
    for option in reversed(options):
        command = option(command)
    return command


def open_kg(store_path: Path | None):  # -> KG
    from peacekg.graph.query.api import KG

    return KG(open_store(store_path))


def emit(data, fmt: str, text: Callable[[], str]) -> None:
    """Print a lookup result as a table (``text()``), JSON (``to_dict()``) or CSV (``rows``)."""
    import csv

    from peacekg.graph.query.rendering import as_rows

    if fmt == "table":
        click.echo(text())
    elif fmt == "json":
        payload = data.to_dict() if hasattr(data, "to_dict") else [c.row() for c in data]
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        rows = as_rows(data)
        fields = list(rows[0]) if rows else ["actor", "target", "stance", "evidence"]
        writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def emit_records(records: list[dict], fmt: str, text: Callable[[], str]) -> None:
    import csv

    if fmt == "table":
        click.echo(text())
    elif fmt == "json":
        click.echo(json.dumps(records, indent=2, ensure_ascii=False))
    else:
        fields = list(records[0]) if records else []
        writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for r in records:
            flat = {k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in r.items()}
            writer.writerow(flat)


def year_options(f: Callable) -> Callable:
    """``--since YEAR`` and ``--until YEAR`` (inclusive)."""
    f = click.option("--until", type=click.IntRange(1, 9999), default=None, help="Up to YEAR.")(f)
    return click.option("--since", type=click.IntRange(1, 9999), default=None, help="From YEAR.")(f)
