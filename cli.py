"""The ``peacekg`` command line: thin click commands over the library.

Every command takes ``--store DIR`` (default: ``$PEACEKG_STORE`` or ``./.peacekg/store``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import click

from peacekg import __version__
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
    """Open the store for reading, turning store errors into clean CLI errors."""
    from peacekg.graph.store import Store, StoreError

    try:
        return Store(store_path)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="peacekg")
def main() -> None:
    """Build and query a knowledge graph of UN peacekeeping diplomacy."""


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
    from peacekg.graph.store import StoreError

    bar = None

    def progress(total: int):
        nonlocal bar
        if not sys.stderr.isatty():
            return None
        bar = click.progressbar(length=total, label="extracting", file=sys.stderr)
        bar.__enter__()
        return bar.update

    try:
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
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:  # the store cannot be created or written: say where and why
        where = f": {exc.filename}" if exc.filename else ""
        raise click.ClickException(
            f"cannot write the store{where}: {exc.strerror or exc}"
        ) from None
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for path, reason in report.failed:
        click.echo(one_line(f"error: {Path(path).name}: {reason}"), err=True)
    for path, warning in report.warnings:
        click.echo(one_line(f"warning: {Path(path).name}: {warning}"), err=True)
    click.echo(report.summary())
    if not report.ok:
        sys.exit(1)


@main.command()
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["nquads", "trig", "turtle", "ntriples", "jsonld", "rdfxml"]),
    default="nquads",
    show_default=True,
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Output file (default: standard output).",
)
def export(store_path: Path | None, fmt: str, output: Path | None) -> None:
    """Export the whole store (all named graphs) in an RDF format.

    N-Quads, TriG and JSON-LD keep one named graph per document; Turtle, N-Triples and
    RDF/XML cannot, and merge them (a warning says so).
    """
    from peacekg.graph.export import FLATTENING
    from peacekg.graph.export import export as run_export

    store = open_store(store_path)
    if fmt in FLATTENING:
        click.echo(
            f"warning: {fmt} holds no named graphs: every document's graph is merged into one "
            "(use nquads, trig or jsonld to keep them)",
            err=True,
        )
    run_export(store, fmt, output if output else sys.stdout.buffer)


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
    click.echo(f"{report.violations} violation(s)", err=True)
    sys.exit(1)


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
def evaluate(store_path: Path | None, gold_dir: Path, fmt: str, floors: dict) -> None:
    """Score the store against gold annotations: precision, recall and F1 per kind, with the
    misses and false hits of each document."""
    from peacekg.graph.evaluate import evaluate as run_evaluate

    report = run_evaluate(open_store(store_path), gold_dir)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(report.format_table())
    failed = [f"{k} F1 {report.f1(k):.3f} < {v}" for k, v in floors.items() if report.f1(k) < v]
    if failed:
        raise click.ClickException("below the floor: " + "; ".join(failed))


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


def _lookup(call: Callable):
    """Run a lookup, turning unknown or ambiguous names into a clean error (exit 1)."""
    from peacekg.graph.lookups import LookupError_

    try:
        return call()
    except LookupError_ as exc:
        raise click.ClickException(str(exc)) from None


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
def country(name: str, store_path: Path | None, fmt: str, evidence_limit: int | None) -> None:
    """A state's commitments by target (stance, quote, source, date), statements and
    missions. NAME: name, formal name, UN name, variant or ISO3 code, in any case."""
    from peacekg.graph.lookups import format_country

    kg = _open_kg(store_path)
    profile = _lookup(lambda: kg.country(name, evidence_limit))
    _emit(profile, fmt, lambda: format_country(profile))


def _target_command(kind: str, metavar: str, doc: str) -> None:
    @main.command(name=kind.lower(), help=doc)
    @click.argument("name", metavar=metavar)
    @store_option
    @format_option("table", "json", "csv")
    @_evidence_option
    def command(name: str, store_path: Path | None, fmt: str, evidence_limit: int | None) -> None:
        from peacekg.graph.lookups import format_target

        kg = _open_kg(store_path)
        method = getattr(kg, kind.lower())
        profile = _lookup(lambda: method(name, evidence_limit))
        _emit(profile, fmt, lambda: format_target(profile))


_target_command("Mission", "ACRONYM", "Who backs, opposes and contributes to a mission.")
_target_command("Priority", "CODE|NAME", "Who backs or opposes a priority (wps, performance, ...).")
_target_command("Initiative", "NAME", "Who backs or opposes an initiative (name or acronym).")
_target_command(
    "Resolution", "NUMBER", "Who backs or opposes a resolution (2538, S/RES/2538 (2020))."
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
def backers(store_path: Path | None, fmt: str, scheme: str, actor_type: str) -> None:
    """The states × A4P priorities matrix: support and opposition counts."""
    from peacekg.graph.lookups import format_matrix

    matrix = _open_kg(store_path).backers(scheme=scheme, actor_type=actor_type)
    _emit(matrix, fmt, lambda: format_matrix(matrix))


@main.command()
@click.argument("text")
@store_option
@format_option("table", "json", "csv")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most N results.")
def search(text: str, store_path: Path | None, fmt: str, limit: int | None) -> None:
    """Full-text search (case-insensitive) over the evidence sentences."""
    from peacekg.graph.lookups import format_commitments

    if not text.strip():
        raise click.UsageError("TEXT is empty")
    items = _open_kg(store_path).search(text, limit)
    _emit(items, fmt, lambda: format_commitments(items))


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
    from peacekg.graph.store import StoreError

    store = open_store(store_path)
    try:
        shown = run_show(store, commitment, context_chars)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
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
def query(
    query: str | None, store_path: Path | None, fmt: str, binds: tuple[str, ...], list_queries
) -> None:
    """Run SPARQL (text, a FILE.rq, or a ready query's name) over all named graphs.

    Exit 2 on a syntax error, 1 on other errors.
    """
    from peacekg.graph.sparql import (
        QueryError,
        QuerySyntaxError,
        describe_query,
        library,
        load_query,
        parse_bindings,
        run_query,
        serialize,
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
    except QueryError as exc:
        raise click.UsageError(str(exc)) from None
    store = open_store(store_path)
    try:
        result = run_query(store, text, bindings)
        if result.kind != "graph" and fmt in ("turtle", "ntriples"):
            raise click.UsageError(f"--format {fmt} is for CONSTRUCT/DESCRIBE queries")
        data = serialize(result, fmt)
    except QuerySyntaxError as exc:
        click.echo(f"Error: SPARQL syntax error: {exc}", err=True)
        sys.exit(2)
    except QueryError as exc:
        raise click.ClickException(str(exc)) from None
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
    from peacekg.graph.server import (
        ServerError,
        free_port,
        run_forever,
        sigterm_as_interrupt,
        start,
    )

    store = open_store(store_path)
    with sigterm_as_interrupt():  # a SIGTERM during start-up still cleans up
        try:
            served = start(store, host, port or free_port(host), timeout or None, cors)
        except ServerError as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            sys.exit(0)
        finally:
            store.close()
        click.echo(f"SPARQL endpoint: {served.query_url}  (read-only; Ctrl-C to stop)", err=True)
        sys.exit(run_forever(served, echo=lambda m: click.echo(m, err=True)))


@main.command()
@store_option
@click.option("--endpoint", help="SPARQL 1.1 Update endpoint (e.g. http://host:7878/update).")
@click.option(
    "--graph-store", help="SPARQL 1.1 Graph Store Protocol URL (e.g. http://host:7878/store)."
)
@click.option("--graph", "graphs", multiple=True, metavar="IRI", help="Only this named graph.")
@click.option("--user", default=None, help="HTTP basic-auth user.")
@click.option(
    "--password",
    envvar="PEACEKG_PUBLISH_PASSWORD",
    default=None,
    help="HTTP basic-auth password (or $PEACEKG_PUBLISH_PASSWORD).",
)
@click.option("--batch-size", type=click.IntRange(1), default=5000, show_default=True)
def publish(
    store_path: Path | None,
    endpoint: str | None,
    graph_store: str | None,
    graphs: tuple[str, ...],
    user: str | None,
    password: str | None,
    batch_size: int,
) -> None:
    """Push the named graphs to another triplestore, replacing them there.

    PUT each graph to --graph-store (Graph Store Protocol); without it, or when the
    server refuses, DROP + INSERT DATA through --endpoint (SPARQL Update).
    """
    from rdflib import URIRef

    from peacekg.graph.server import ServerError
    from peacekg.graph.server import publish as run_publish
    from peacekg.graph.sparql import parse_term

    if not endpoint and not graph_store:
        raise click.UsageError("give --endpoint and/or --graph-store")
    iris = []
    for g in graphs:
        term = parse_term(g)
        if not isinstance(term, URIRef):
            raise click.UsageError(f"--graph expects an IRI, got {g!r}")
        iris.append(str(term))
    store = open_store(store_path)
    try:
        report = run_publish(
            store,
            endpoint,
            graph_store,
            iris or None,
            user=user,
            password=password,
            batch_size=batch_size,
            progress=lambda p: click.echo(f"{p.graph}: {p.triples} triples ({p.method})", err=True),
        )
    except ServerError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(report.summary())


@main.group()
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
def central(
    store_path: Path | None, fmt: str, measure: str, types: tuple[str, ...], top: int
) -> None:
    """The most central states and priorities of the backing graph."""
    from dataclasses import asdict

    ranked = _open_kg(store_path).central(measure, types=list(types), top=top)
    _emit_records(
        [asdict(r) for r in ranked],
        fmt,
        lambda: "\n".join(f"{r.score:8.4f}  {r.label} ({r.type})" for r in ranked) or "no nodes",
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
@click.option("--seed", type=int, default=0, show_default=True)
def communities(store_path: Path | None, fmt: str, method: str, seed: int) -> None:
    """Communities of states that back the same priorities."""
    groups = _open_kg(store_path).communities(method, seed=seed)
    records = [
        {"community": i, "size": c.size, "members": c.labels, "shared": [s for s, _ in c.shared]}
        for i, c in enumerate(groups, 1)
    ]

    def text() -> str:
        lines = []
        for i, c in enumerate(groups, 1):
            shared = ", ".join(f"{s} ×{n}" for s, n in c.shared) or "-"
            lines.append(f"{i}. {', '.join(c.labels)}\n   shared: {shared}")
        return "\n".join(lines) or "no communities (no state backs a priority)"

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
def divisive(
    store_path: Path | None, fmt: str, include_consensus: bool, types: tuple[str, ...]
) -> None:
    """The priorities that divide: actors backing vs opposing them."""
    from dataclasses import asdict

    rows = _open_kg(store_path).divisive(list(types), include_consensus)
    records = [
        {
            **asdict(d),
            "opposition_share": round(d.opposition_share, 3),
            "balance": round(d.balance, 3),
        }
        for d in rows
    ]

    def text() -> str:
        lines = []
        for d in rows:
            lines.append(
                f"{d.label}: {len(d.supporters)} for, {len(d.opponents)} against "
                f"(opposition share {d.opposition_share:.0%})"
            )
            lines.append(f"  for:     {', '.join(d.supporters) or '-'}")
            lines.append(f"  against: {', '.join(d.opponents) or '-'}")
        return "\n".join(lines) or "nothing divides: no opposition recorded"

    _emit_records(records, fmt, text)


@analyze.command()
@click.argument("a")
@click.argument("b")
@store_option
@format_option("table", "json")
@click.option("--max-paths", type=click.IntRange(1), default=5, show_default=True)
def connect(a: str, b: str, store_path: Path | None, fmt: str, max_paths: int) -> None:
    """Who connects actors A and B: shortest paths with the evidence along them."""
    from dataclasses import asdict

    from peacekg.graph.analytics import format_path

    kg = _open_kg(store_path)
    paths = _lookup(lambda: kg.connect(a, b, max_paths=max_paths))
    if fmt == "json":
        click.echo(json.dumps([asdict(p) for p in paths], indent=2, ensure_ascii=False))
        return
    if not paths:
        click.echo(f"{a} and {b} are not connected in the backing graph")
        return
    B = kg._full_backing()
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
def export_graph(store_path: Path | None, projection: str, fmt: str, output: Path) -> None:
    """Export a networkx projection as GraphML or GEXF (for Gephi)."""
    from peacekg.graph.network import write

    kg = _open_kg(store_path)
    G = getattr(kg, f"{projection}_graph")()
    write(G, output, fmt)
    click.echo(
        f"wrote {output} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)", err=True
    )


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
    "--min-evidence", type=click.IntRange(0), default=0, help="Drop edges with fewer commitments."
)
@click.option(
    "--max-nodes",
    type=click.IntRange(1),
    default=3000,
    show_default=True,
    help="Above this, keep the nodes with most commitments.",
)
@click.option("--no-chart", is_flag=True, help="Leave the backers heatmap out of the page.")
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
    max_nodes: int,
    no_chart: bool,
) -> None:
    """Write an interactive network page (default: states x A4P thematic areas)."""
    from peacekg.graph.viz import ViewError, write_viz

    store = open_store(store_path)
    try:
        view = write_viz(
            store,
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
        )
    except ViewError as exc:
        raise click.ClickException(str(exc)) from None
    for message in view.messages:
        click.echo(f"note: {message}", err=True)
    g = view.graph
    click.echo(f"wrote {output} ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)")


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
def chart(kind: str, store_path: Path | None, output: Path, top: int) -> None:
    """Draw a chart: ``backers`` is the heatmap of states x A4P thematic areas."""
    from peacekg.graph.chart import write_chart

    if output.suffix.lower() not in (".png", ".svg"):
        raise click.BadParameter("use a .png or .svg file name", param_hint="--output")
    matrix = write_chart(open_store(store_path), output, top=top)
    if not matrix.states:
        click.echo("warning: no state has a commitment on an A4P thematic area", err=True)
    click.echo(f"wrote {output} ({len(matrix.states)} of {matrix.total_states} states)")


if __name__ == "__main__":  # pragma: no cover
    main()
