"""The ``peacekg`` command line: thin click commands over the library.

Every command takes ``--store DIR`` (default: ``$PEACEKG_STORE`` or ``./.peacekg/store``).
Errors take one path: the library raises a :class:`~peacekg.errors.PeacekgError` (or the
system an :class:`OSError`), and :class:`PeacekgGroup` turns it into ``Error: <one line>``
and the error's exit code (1, or 2 for usage). SIGTERM stops a command like Ctrl-C.
"""

from __future__ import annotations

import functools
import json
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from peacekg import __version__
from peacekg.errors import PartialFailure, PeacekgError, UsageError, os_reason
from peacekg.graph.budget import DEFAULT_MAX_MEMORY, DEFAULT_MAX_SECONDS


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
    from peacekg.graph.store import Store

    return Store(store_path)


class PeacekgGroup(click.Group):
    """The command group that turns every peacekg error into one line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a :class:`PeacekgError` or :class:`OSError` becomes a click error."""
        try:
            return super().invoke(ctx)
        except PeacekgError as exc:
            raise _click_error(str(exc), exc.exit_code) from None
        except OSError as exc:  # a failure no layer below named: still one line, no traceback
            where = exc.filename or "a file"
            raise _click_error(f"{where}: {os_reason(exc)}", 1) from None


def _click_error(message: str, exit_code: int) -> click.ClickException:
    error = click.ClickException(message)
    error.exit_code = exit_code  # type: ignore[misc]  # click declares it on the class
    return error


def _sigterm_as_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@click.group(cls=PeacekgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="peacekg")
def main() -> None:
    """Build and query a knowledge graph of UN peacekeeping diplomacy."""
    # SIGTERM (kill, a scheduler's stop) cleans up like Ctrl-C: partial work is discarded.
    signal.signal(signal.SIGTERM, _sigterm_as_interrupt)


# --- build, export, stats, validate -------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option("--prune", is_flag=True, help="Remove documents whose files are gone.")
@click.option("-j", "--jobs", type=click.IntRange(1), default=None, help="Worker processes.")
@click.option(
    "--max-size",
    "max_mb",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Refuse files larger than this many MB (default 50).",
)
@click.option(
    "--max-seconds",
    type=click.FloatRange(min=0),
    default=DEFAULT_MAX_SECONDS,
    show_default=True,
    help="Fail a file whose extraction takes longer than this (0: no limit).",
)
@click.option(
    "--max-memory",
    "max_memory_mb",
    type=click.IntRange(min=0),
    default=DEFAULT_MAX_MEMORY >> 20,
    show_default=True,
    help="MB of memory a worker process may take beyond its start (0: no limit; "
    "applies when files are extracted in worker processes).",
)
def build(
    paths: tuple[Path, ...],
    store_path: Path | None,
    prune: bool,
    jobs: int | None,
    max_mb,
    max_seconds: float,
    max_memory_mb: int,
) -> None:
    """Build files and folders (recursively) into the store.

    Unchanged documents are skipped and changed ones replaced; the store switches to the
    new state only when the build completes. Exits 1 when any document failed.
    """
    from peacekg.graph.build import build as run_build
    from peacekg.progress import terminal_progress

    with terminal_progress("extracting") as progress:
        report = run_build(
            paths,
            store_path,
            prune=prune,
            jobs=jobs,
            max_bytes=int(max_mb * 1024 * 1024) if max_mb else None,
            max_seconds=max_seconds or None,
            max_memory=max_memory_mb * 1024 * 1024 or None,
            progress=progress,
        )
    for note in report.notices:
        click.echo(f"note: {note}", err=True)
    for path, reason in report.failed:
        click.echo(one_line(f"error: {Path(path).name}: {reason}"), err=True)
    for path, warning in report.warnings:
        click.echo(one_line(f"warning: {Path(path).name}: {warning}"), err=True)
    for path, why in report.duplicates:
        click.echo(one_line(f"note: {Path(path).name}: {why}: built once"), err=True)
    click.echo(report.summary())
    if not report.ok:
        raise PartialFailure(f"{len(report.failed)} file(s) could not be built")


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


@main.command()
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["nquads", "trig", "turtle", "ntriples", "jsonld", "rdfxml"]),
    default="nquads",
    show_default=True,
)
@output_option
@keep_source_path_option
def export(store_path: Path | None, fmt: str, output: Path | None, keep_source_path: bool) -> None:
    """Export the whole store (all named graphs) in an RDF format.

    N-Quads, TriG and JSON-LD keep one named graph per document; Turtle, N-Triples and
    RDF/XML cannot, and merge them (a warning says so). The file is replaced only when the
    export is complete: an interrupted export leaves the previous file as it was.
    """
    from peacekg.graph.export import FLATTENING
    from peacekg.graph.export import export as run_export
    from peacekg.progress import terminal_progress

    store = open_store(store_path)
    if fmt in FLATTENING:
        click.echo(
            f"warning: {fmt} holds no named graphs: every document's graph is merged into one "
            "(use nquads, trig or jsonld to keep them)",
            err=True,
        )
    with terminal_progress("exporting") as progress:
        run_export(store, fmt, output or sys.stdout.buffer, keep_source_path, progress)


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def stats(store_path: Path | None, fmt: str) -> None:
    """Summarise what the store holds."""
    from peacekg.graph.export import stats as run_stats

    data = run_stats(open_store(store_path))
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
        return
    for key, value in data.items():
        if isinstance(value, dict):
            click.echo(f"{key}:")
            for k, v in value.items():
                click.echo(f"  {k:<24} {v}")
        else:
            click.echo(f"{key:<26} {value}")


@main.command()
@store_option
@click.option(
    "--inference",
    type=click.Choice(["none", "rdfs"]),
    default="none",
    show_default=True,
    help="Validate the data as stated, or with what the ontology's RDFS axioms entail.",
)
def validate(store_path: Path | None, inference: str) -> None:
    """Validate the store against the SHACL shapes; exit 1 on violations."""
    from peacekg.graph.validate import validate as run_validate

    report = run_validate(open_store(store_path), inference=inference)
    if report.conforms:
        click.echo("conforms: the store satisfies every SHACL shape")
        return
    click.echo(report.text)
    raise PartialFailure(f"{report.violations} violation(s)")


@main.command()
@store_option
@click.option(
    "--clean", is_flag=True, help="Remove the leftovers nobody uses now (takes the lock)."
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def doctor(store_path: Path | None, clean: bool, fmt: str) -> None:
    """Report the store's generations and leftovers, the disk each uses, and its lock."""
    from peacekg.graph.doctor import checkup
    from peacekg.graph.store import StoreWriter, default_store_path

    path = store_path or default_store_path()
    if clean:
        with StoreWriter(path, command="peacekg doctor --clean") as writer:
            if writer.took_over is not None:
                click.echo(f"note: took over the lock of {writer.took_over.describe()}", err=True)
            for note in writer.cleaned:
                click.echo(f"note: {note}", err=True)
    report = checkup(path)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        click.echo(report.format_table())


# --- evaluate -------------------------------------------------------------------------------


def _parse_floor(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict:
    floors: dict[str, float] = {}
    for value in values:
        kind, sep, number = value.partition("=")
        try:
            floors[kind.strip()] = float(number)
        except ValueError:
            raise click.BadParameter(f"expected KIND=VALUE, got {value!r}") from None
        if not sep:
            raise click.BadParameter(f"expected KIND=VALUE, got {value!r}")
    return floors


@main.command()
@store_option
@click.option(
    "--gold",
    "gold_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Directory of gold JSONL files (shared/eval/gold format).",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option(
    "--min-f1",
    "floors",
    multiple=True,
    callback=_parse_floor,
    metavar="KIND=VALUE",
    help="Exit with status 1 if the F1 of KIND (entity, speaker, backs, contributes, "
    "entity:State, ...) is below VALUE. Repeatable.",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=None,
    help="Count the backs of commitments with at least this confidence "
    "[default: the confidence model's default threshold].",
)
def evaluate(
    store_path: Path | None, gold_dir: Path, fmt: str, floors: dict, min_confidence: float | None
) -> None:
    """Score the store against gold annotations: precision, recall and F1 per kind (backs at
    the confidence threshold), how well the confidence ranks the backs (average precision,
    calibration error), and the misses and false hits of each document."""
    from peacekg.graph.evaluate import evaluate as run_evaluate

    report = run_evaluate(open_store(store_path), gold_dir, min_confidence)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(report.format_table())
    failed = [f"{k} F1 {report.f1(k):.3f} < {v}" for k, v in floors.items() if report.f1(k) < v]
    if failed:
        raise PartialFailure("below the floor: " + "; ".join(failed))


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
    command and passed to it as one ``scope`` (:class:`peacekg.graph.scope.Scope`)."""
    from peacekg.graph.scope import COUNT_UNITS

    @functools.wraps(f)
    def command(*args, count: str, since, until, min_confidence, **kwargs):
        from peacekg.graph.scope import Scope, ScopeError

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


def _open_kg(store_path: Path | None):  # -> KG
    from peacekg.graph.api import KG

    return KG(open_store(store_path))


def _emit(data, fmt: str, text: Callable[[], str]) -> None:
    """Print a lookup result as a table (``text()``), JSON (``to_dict()``) or CSV (``rows``)."""
    import csv

    from peacekg.graph.lookups import as_rows

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


_evidence_option = click.option(
    "--evidence",
    "evidence_limit",
    type=click.IntRange(0),
    default=None,
    help="At most N quotes per target/actor (default: all).",
)


@main.command()
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
    from peacekg.graph.lookups import format_country

    kg = _open_kg(store_path)
    profile = kg.country(name, evidence_limit, scope=scope)
    _emit(profile, fmt, lambda: format_country(profile))


def _target_command(kind: str, metavar: str, doc: str) -> None:
    @main.command(name=kind.lower(), help=doc)
    @click.argument("name", metavar=metavar)
    @store_option
    @format_option("table", "json", "csv")
    @_evidence_option
    @scope_options
    def command(
        name: str, store_path: Path | None, fmt: str, evidence_limit: int | None, scope
    ) -> None:
        from peacekg.graph.lookups import format_target

        kg = _open_kg(store_path)
        method = getattr(kg, kind.lower())
        profile = method(name, evidence_limit, scope=scope)
        _emit(profile, fmt, lambda: format_target(profile))


_target_command("Mission", "ACRONYM", "Who backs, opposes and contributes to a mission.")
_target_command("Priority", "CODE|NAME", "Who backs or opposes a priority (wps, performance, ...).")
_target_command("Initiative", "NAME", "Who backs or opposes an initiative (name or acronym).")
_target_command(
    "Resolution",
    "NUMBER",
    "Who backs, opposes and cites a resolution (2538, S/RES/2538 (2020)).",
)


@main.command()
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
    from peacekg.graph.lookups import format_matrix

    kg = _open_kg(store_path)
    matrix = kg.backers(scheme=scheme, actor_type=actor_type, scope=scope)
    _emit(matrix, fmt, lambda: format_matrix(matrix))


@main.command()
@click.argument("text")
@store_option
@format_option("table", "json", "csv")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most N results.")
@scope_options
def search(text: str, store_path: Path | None, fmt: str, limit: int | None, scope) -> None:
    """Full-text search (case-insensitive) over the evidence sentences."""
    from peacekg.graph.lookups import format_commitments

    if not text.strip():
        raise click.UsageError("TEXT is empty")
    items = _open_kg(store_path).search(text, limit, scope=scope)
    _emit(items, fmt, lambda: format_commitments(items, scope))


@main.command()
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
    from peacekg.graph.provenance import format_shown
    from peacekg.graph.provenance import show as run_show

    shown = run_show(open_store(store_path), commitment, context_chars)
    if fmt == "json":
        click.echo(json.dumps(shown.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_shown(shown))


@main.command()
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
    from peacekg.graph.sparql import (
        QueryError,
        QuerySyntaxError,
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


@main.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=30,
    show_default=True,
    help="Query timeout in seconds (0: none).",
)
@click.option("--cors", is_flag=True, help="Allow cross-origin requests (browser clients).")
def serve(store_path: Path | None, host: str, port: int, timeout: float, cors: bool) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint (the Oxigraph server).

    Queries at http://HOST:PORT/query (GET or POST) run over the union of all named graphs;
    updates are refused. Serves a snapshot of the store as it is at start.
    """
    from peacekg.graph.server import free_port, run_forever, sigterm_as_interrupt, start

    ctx = click.get_current_context()
    store = open_store(store_path)
    with sigterm_as_interrupt():  # a SIGTERM during start-up still cleans up
        try:
            served = start(store, host, port or free_port(host), timeout or None, cors)
        except KeyboardInterrupt:
            ctx.exit(0)
        finally:
            store.close()
        click.echo(f"SPARQL endpoint: {served.query_url}  (read-only; Ctrl-C to stop)", err=True)
        ctx.exit(run_forever(served, echo=lambda m: click.echo(m, err=True)))


@main.command()
@store_option
@click.option("--endpoint", help="SPARQL 1.1 Update endpoint (e.g. http://host:7878/update).")
@click.option(
    "--graph-store", help="SPARQL 1.1 Graph Store Protocol URL (e.g. http://host:7878/store)."
)
@click.option("--graph", "graphs", multiple=True, metavar="IRI", help="Only this named graph.")
@click.option(
    "--graph-base",
    metavar="IRI",
    help="Publish the fixed graphs (pkid:graph/meta, ontology, reference, summary) under this "
    "base instead, so two corpora can share a server.",
)
@keep_source_path_option
@click.option("--user", default=None, help="HTTP user (Digest or Basic, as the server asks).")
@click.option(
    "--password",
    envvar="PEACEKG_PUBLISH_PASSWORD",
    default=None,
    help="HTTP password (or $PEACEKG_PUBLISH_PASSWORD).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1),
    default=2000,
    show_default=True,
    help="Triples per INSERT DATA request (SPARQL Update).",
)
def publish(
    store_path: Path | None,
    endpoint: str | None,
    graph_store: str | None,
    graphs: tuple[str, ...],
    graph_base: str | None,
    keep_source_path: bool,
    user: str | None,
    password: str | None,
    batch_size: int,
) -> None:
    """Push the named graphs to another triplestore, replacing them there.

    PUT each graph to --graph-store (Graph Store Protocol); without it, or when the
    server refuses, DROP + INSERT DATA through --endpoint (SPARQL Update). With --endpoint
    it is all-or-nothing: graphs are staged, then moved into place by one Update request.
    Prints the graphs written, also when it fails.
    """
    from rdflib import URIRef

    from peacekg.graph.server import PublishError
    from peacekg.graph.server import publish as run_publish
    from peacekg.graph.sparql import parse_term
    from peacekg.progress import terminal_progress

    if not endpoint and not graph_store:
        raise click.UsageError("give --endpoint and/or --graph-store")

    def iri(option: str, text: str) -> str:
        term = parse_term(text)
        if not isinstance(term, URIRef):
            raise click.UsageError(f"{option} expects an IRI, got {text!r}")
        return str(term)

    iris = [iri("--graph", g) for g in graphs]
    base = iri("--graph-base", graph_base) if graph_base else None
    store = open_store(store_path)
    with terminal_progress("publishing") as progress:
        # one step per graph: those asked for, else every named graph of the store
        tick = progress(len(iris) or len(store.named_graphs()))
        try:
            report = run_publish(
                store,
                endpoint,
                graph_store,
                iris or None,
                user=user,
                password=password,
                batch_size=batch_size,
                graph_base=base,
                keep_source_path=keep_source_path,
                progress=(lambda _published: tick(1)) if tick else None,
            )
        except PublishError as exc:
            for graph in exc.written:
                click.echo(f"written {graph}")
            raise
    for p in report.graphs:
        click.echo(f"written {p.graph}: {p.triples} triples")
    click.echo(report.summary())


@main.group()
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

    ranked = _open_kg(store_path).central(
        measure, types=list(types), top=top, network=network, scope=scope
    )
    lines = [f"{r.score:8.4f}  {r.label} ({r.type})" for r in ranked] or ["no nodes"]
    _emit_records(
        [{**asdict(r), "unit": scope.count} for r in ranked],
        fmt,
        lambda: "\n".join([scope.describe(), *lines]),
    )


def _emit_records(records: list[dict], fmt: str, text: Callable[[], str]) -> None:
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
    groups = _open_kg(store_path).communities(method, scope=scope, **options)
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

    _emit_records(records, fmt, text)


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

    rows = _open_kg(store_path).divisive(list(types), include_consensus, scope=scope)
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

    _emit_records(records, fmt, text)


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

    from peacekg.graph.analytics import format_path

    kg = _open_kg(store_path)
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
    from peacekg.graph.network import write

    kg = _open_kg(store_path)
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


@main.command()
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

    from peacekg.graph.atomic import write_text
    from peacekg.graph.table import AGGREGATE_COLUMNS, TIDY_COLUMNS, aggregate_rows, tidy_rows

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


# --- deeds: imports, words against deeds, stance over time ---------------------------------


@main.group(name="import")
def import_() -> None:
    """Import data sets of deeds (personnel deployed, General Assembly votes)."""


def _run_import(call: Callable) -> None:
    """Run an import (``call(progress)``, a bar on a terminal), print its report; exit 1
    when a row was malformed."""
    from peacekg.errors import PartialFailure
    from peacekg.progress import terminal_progress

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
    from peacekg.graph.imports import import_personnel as run

    _run_import(lambda progress: run(file, store_path, progress))


@import_.command(name="votes")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@store_option
def import_votes(folder: Path, store_path: Path | None) -> None:
    """Load General Assembly roll calls and votes (FOLDER with un_roll_calls.csv and
    un_votes.csv) into the data set's own graph, replacing it."""
    from peacekg.graph.imports import import_votes as run

    _run_import(lambda progress: run(folder, store_path, progress))


def year_options(f: Callable) -> Callable:
    """``--since YEAR`` and ``--until YEAR`` (inclusive)."""
    f = click.option("--until", type=click.IntRange(1, 9999), default=None, help="Up to YEAR.")(f)
    return click.option("--since", type=click.IntRange(1, 9999), default=None, help="From YEAR.")(f)


@main.command()
@click.argument("name")
@store_option
@format_option("table", "json", "csv")
@year_options
def deeds(
    name: str, store_path: Path | None, fmt: str, since: int | None, until: int | None
) -> None:
    """A state's words and deeds per year: its pledges and contributions, the personnel it
    deployed per mission (share of women), its votes on peace-operations roll calls."""
    from peacekg.graph.deeds import deeds as run
    from peacekg.graph.deeds import format_deeds

    result = run(open_store(store_path), name, since, until)
    _emit(result, fmt, lambda: format_deeds(result))


@main.command()
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
    from peacekg.graph.timeline import format_timeline, write_timeline_chart
    from peacekg.graph.timeline import timeline as run

    if chart_path is not None and chart_path.suffix.lower() not in (".png", ".svg"):
        raise click.BadParameter("use a .png or .svg file name", param_hint="--chart")
    store = open_store(store_path)
    result = run(store, name, target=target, by=by, since=since, until=until)
    _emit(result, fmt, lambda: format_timeline(result, evidence_limit))
    if chart_path is not None:
        write_timeline_chart(result, chart_path)
        click.echo(f"wrote {chart_path}", err=True)


# --- viz, chart -----------------------------------------------------------------------------


@main.command()
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
    from peacekg.graph.viz import write_viz

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


@main.command()
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
    from peacekg.graph.chart import write_chart

    if output.suffix.lower() not in (".png", ".svg"):
        raise click.BadParameter("use a .png or .svg file name", param_hint="--output")
    matrix = write_chart(open_store(store_path), output, top=top, scope=scope)
    if not matrix.states:
        click.echo("warning: no state has a commitment on an A4P thematic area", err=True)
    click.echo(
        f"wrote {output} ({len(matrix.states)} of {matrix.total_states} states; {scope.describe()})"
    )


if __name__ == "__main__":  # pragma: no cover
    main()
