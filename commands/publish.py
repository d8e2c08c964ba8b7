"""Commands that share the store: ``serve`` (a read-only SPARQL endpoint) and ``publish``
(every named graph pushed to another triplestore).
"""

from __future__ import annotations

from pathlib import Path

import click

from peacekg.commands.options import keep_source_path_option, open_store, store_option


@click.command()
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
    from peacekg.graph.publish.serve import free_port, run_forever, sigterm_as_interrupt, start

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


@click.command()
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

    from peacekg.commands.progress import terminal_progress
    from peacekg.graph.publish.publish import PublishError
    from peacekg.graph.publish.publish import publish as run_publish
    from peacekg.graph.query.sparql import parse_term

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


#: The commands this module adds to the ``peacekg`` group.
COMMANDS = (
    serve,
    publish,
)
