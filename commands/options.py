"""What the commands share: the options (``--store``, ``--format``, the scope, ``--output``)
and opening the store.

``--store DIR`` is an option of the ``peacekg`` group (``peacekg --store DIR COMMAND``, or
``$PEACEKG_STORE``) and, as before, of every command that reads or writes a store
(``peacekg COMMAND --store DIR``). Both are the same option with the same callback,
:func:`choose_store`, which records the directory in click's context (a :class:`StoreChoice`
in ``ctx.obj``); the one given last, the command's, wins. A command receives the chosen
directory as ``store_path`` (``None``: the default store).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click


@dataclass
class StoreChoice:
    """The store directory chosen on the command line (``None``: the default store)."""

    path: Path | None = None


def choose_store(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    """The callback of every ``--store``: record a given directory in the context."""
    if value is not None:
        ctx.ensure_object(StoreChoice).path = value


_STORE_HELP = "Store directory (default: $PEACEKG_STORE or ~/.local/share/peacekg/store)."


def _store(envvar: str | None) -> Callable[[Callable], Callable]:
    return click.option(
        "--store",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        envvar=envvar,
        expose_value=False,
        callback=choose_store,
        help=_STORE_HELP,
    )


#: ``--store DIR`` of the group (before the command name), also read from $PEACEKG_STORE.
group_store_option = _store("PEACEKG_STORE")


def store_option(f: Callable) -> Callable:
    """``--store DIR`` after a command's name, and the chosen directory passed to the command
    as ``store_path`` (from the context, whichever ``--store`` chose it)."""

    @functools.wraps(f)
    def command(*args: Any, **kwargs: Any) -> Any:
        choice = click.get_current_context().ensure_object(StoreChoice)
        return f(*args, store_path=choice.path, **kwargs)

    return _store(None)(command)


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


def year_options(f: Callable) -> Callable:
    """``--since YEAR`` and ``--until YEAR`` (inclusive)."""
    f = click.option("--until", type=click.IntRange(1, 9999), default=None, help="Up to YEAR.")(f)
    return click.option("--since", type=click.IntRange(1, 9999), default=None, help="From YEAR.")(f)
