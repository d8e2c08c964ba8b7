"""Serving the store as a SPARQL endpoint, and publishing it to another triplestore.

``peacekg serve`` runs the Oxigraph server (``oxigraph serve-read-only``, from the
``oxigraph`` PyPI package: ``pip install 'peacekg[server]'``) on a snapshot of the live
generation: a SPARQL 1.1 Protocol endpoint at ``http://HOST:PORT/query``, read-only
(updates are refused), queries over the union of all named graphs, with a per-query
timeout. No HTTP server of our own.

The snapshot is a hard-linked copy (``Store.backup``: cheap) made in the store directory,
so a ``peacekg build`` running meanwhile can publish a new generation and remove the old
one without pulling files from under the server; the endpoint keeps answering from the
generation it started on until it is restarted. The server holds the snapshot's lease
(:mod:`peacekg.graph.locks`) while it runs, so the next build removes the snapshot of a
server that was killed, and only then.

``peacekg publish`` pushes the named graphs to any SPARQL 1.1 Graph Store Protocol or
Update endpoint (Virtuoso, GraphDB, Fuseki, an Oxigraph server), so the graph can live in a
triplestore that scales.
"""

from __future__ import annotations

import base64
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from peacekg.graph.locks import Lease
from peacekg.graph.store import SERVE_PREFIX, Store, StoreError, storage_error

#: Where the Oxigraph server answers, relative to its base URL.
QUERY_PATH, UPDATE_PATH, STORE_PATH = "/query", "/update", "/store"


class ServerError(StoreError):
    """The server cannot be found, started, or reached."""


# --- serve -----------------------------------------------------------------------------------


def find_oxigraph() -> str:
    """Path of the ``oxigraph`` server binary: next to ``sys.executable``, else on PATH."""
    name = "oxigraph.exe" if os.name == "nt" else "oxigraph"
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise ServerError(
        "the Oxigraph server is not installed: pip install 'peacekg[server]' "
        "(or pip install 'oxigraph>=0.5,<0.6') in the environment of peacekg"
    )


def serve_command(
    location: str | os.PathLike[str],
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout: float | None = 30,
    cors: bool = False,
    binary: str | None = None,
) -> list[str]:
    """The command line of a read-only Oxigraph server over the database at ``location``."""
    cmd = [
        binary or find_oxigraph(),
        "serve-read-only",
        "--location",
        str(location),
        "--bind",
        f"{host}:{port}",
        "--union-default-graph",
    ]
    if timeout:
        cmd += ["--timeout-s", str(max(1, round(timeout)))]
    if cors:
        cmd.append("--cors")
    return cmd


def snapshot(store: Store) -> tuple[Path, Lease]:
    """A hard-linked copy of the live generation in the store directory (``.serve-*``),
    and the lease that keeps writers from removing it while this process lives."""
    name = f"{SERVE_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    lease = Lease.exclusive(store.path, name)
    target = store.path / name
    try:
        store.oxigraph.backup(str(target))
    except (OSError, RuntimeError) as exc:
        shutil.rmtree(target, ignore_errors=True)
        lease.release()
        raise storage_error(exc, target, "snapshot") from None
    return target, lease


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    """Ask Linux to kill the server when its parent dies (even by SIGKILL)."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def wait_until_up(url: str, timeout: float = 20.0, proc: subprocess.Popen | None = None) -> None:
    """Wait until a SPARQL endpoint answers ``ASK {}`` (raises :class:`ServerError`)."""
    deadline = time.monotonic() + timeout
    query = urllib.parse.urlencode({"query": "ASK {}"})
    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise ServerError(f"the server exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}?{query}", timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError) as exc:
            last = exc
        time.sleep(0.1)
    raise ServerError(f"the server at {url} did not answer within {timeout:.0f}s: {last}")


@dataclass
class Served:
    """A running server: the process, its endpoint URLs and its snapshot directory."""

    process: subprocess.Popen
    base_url: str
    snapshot: Path | None
    lease: Lease | None = None

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return self.base_url + QUERY_PATH

    def stop(self) -> None:
        """Stop the server and remove its snapshot."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:  # pragma: no cover
                self.process.kill()
                self.process.wait()
        if self.snapshot is not None:
            shutil.rmtree(self.snapshot, ignore_errors=True)
        if self.lease is not None:
            self.lease.release()


def start(
    store: Store,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout: float | None = 30,
    cors: bool = False,
    use_snapshot: bool = True,
    wait: float = 20.0,
) -> Served:
    """Start a read-only Oxigraph server over ``store`` and wait until it answers."""
    binary = find_oxigraph()
    snap, lease = snapshot(store) if use_snapshot else (None, None)
    location = snap or store.location
    cmd = serve_command(location, host, port, timeout, cors, binary)
    try:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
    except OSError as exc:
        if snap:
            shutil.rmtree(snap, ignore_errors=True)
        if lease:
            lease.release()
        raise ServerError(f"cannot start {cmd[0]}: {exc}") from exc
    shown = f"[{host}]" if ":" in host else host
    served = Served(proc, f"http://{shown}:{port}", snap, lease)
    try:
        wait_until_up(served.query_url, wait, proc)
    except BaseException:
        served.stop()
        raise
    return served


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Turn SIGTERM into KeyboardInterrupt meanwhile, so ``finally`` blocks clean up."""

    def on_term(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_forever(served: Served, echo: Callable[[str], None] = print) -> int:
    """Wait for the server to exit (Ctrl-C or SIGTERM stop it); return its exit status.

    The server is stopped and its snapshot removed however this returns.
    """
    with sigterm_as_interrupt():
        try:
            return served.process.wait()
        except KeyboardInterrupt:
            echo("stopping the server")
            return 0
        finally:
            served.stop()


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free now (for tests and ``--port 0``)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


# --- publish ---------------------------------------------------------------------------------


@dataclass
class Published:
    """What was pushed for one named graph."""

    graph: str
    triples: int
    method: str  # "graph-store" or "update"
    requests: int = 1


@dataclass
class PublishReport:
    """What :func:`publish` did."""

    graphs: list[Published] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def triples(self) -> int:
        """Total triples pushed."""
        return sum(g.triples for g in self.graphs)

    def summary(self) -> str:
        """A short human-readable summary."""
        methods = sorted({g.method for g in self.graphs}) or ["-"]
        return (
            f"published {len(self.graphs)} graph(s), {self.triples} triples "
            f"via {' and '.join(methods)} in {self.seconds:.1f}s"
        )


class _Http:
    def __init__(self, user: str | None, password: str | None, timeout: float) -> None:
        self.timeout = timeout
        self.headers: dict[str, str] = {}
        if user is not None:
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
            self.headers["Authorization"] = f"Basic {token}"

    def send(self, method: str, url: str, body: bytes, content_type: str) -> int:
        req = urllib.request.Request(
            url,
            data=body,
            method=method,
            headers={**self.headers, "Content-Type": content_type},
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                resp.read()
                return resp.status
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:500].decode("utf-8", "replace").strip()
            raise PublishHTTPError(exc.code, f"{method} {url}: HTTP {exc.code} {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise ServerError(f"{method} {url}: {exc}") from None


class PublishHTTPError(ServerError):
    """The remote endpoint answered with an HTTP error."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


def _triples(store: Store, graph: str) -> list[ox.Triple]:
    g = ox.NamedNode(graph)
    return [q.triple for q in store.oxigraph.quads_for_pattern(None, None, None, g)]


def _ntriples(triples: Iterable[ox.Triple]) -> bytes:
    return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples).encode()


def _batches(items: list[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def update_requests(graph: str, triples: list[ox.Triple], batch_size: int = 5000) -> list[str]:
    """The SPARQL Update requests that replace ``graph`` with ``triples``.

    The first request drops the graph and inserts the first batch; the others insert the
    rest. Terms are written in N-Triples syntax (pyoxigraph escapes them). A graph with
    blank nodes is sent in one request, since blank node labels are scoped to a request.
    """
    g = str(ox.NamedNode(graph))
    if any(isinstance(x, ox.BlankNode) for t in triples for x in (t.subject, t.object)):
        batch_size = max(len(triples), 1)
    out = []
    batches = list(_batches(triples, batch_size)) or [[]]
    for i, batch in enumerate(batches):
        body = "".join(f"  {t.subject} {t.predicate} {t.object} .\n" for t in batch)
        insert = f"INSERT DATA {{ GRAPH {g} {{\n{body}}} }}" if batch else ""
        if i == 0:
            out.append(f"DROP SILENT GRAPH {g}" + (f" ;\n{insert}" if insert else ""))
        else:
            out.append(insert)
    return out


def publish(
    store: Store,
    endpoint: str | None = None,
    graph_store: str | None = None,
    graphs: Iterable[str] | None = None,
    *,
    user: str | None = None,
    password: str | None = None,
    batch_size: int = 5000,
    timeout: float = 120.0,
    progress: Callable[[Published], None] | None = None,
) -> PublishReport:
    """Push named graphs of ``store`` to a remote triplestore, replacing them there.

    With ``graph_store`` (a SPARQL 1.1 Graph Store Protocol URL, e.g.
    ``http://host:7878/store``), each graph is sent by ``PUT graph_store?graph=IRI`` as
    N-Triples. If the server refuses the PUT (404, 405, 415, 501) and ``endpoint`` (a SPARQL
    1.1 Update URL, e.g. ``http://host:7878/update``) is given, or without ``graph_store``,
    each graph is replaced by ``DROP SILENT GRAPH`` + ``INSERT DATA`` requests of
    ``batch_size`` triples. ``graphs`` restricts the graphs pushed (default: all).
    """
    if not endpoint and not graph_store:
        raise ServerError("give a SPARQL Update endpoint or a Graph Store Protocol URL")
    started = time.monotonic()
    http = _Http(user, password, timeout)
    names = list(graphs) if graphs else store.named_graphs()
    known = set(store.named_graphs())
    missing = [g for g in names if g not in known]
    if missing:
        raise ServerError(f"no such named graph in the store: {', '.join(missing)}")
    report = PublishReport()
    use_gsp = bool(graph_store)
    for graph in names:
        triples = _triples(store, graph)
        done: Published | None = None
        if use_gsp:
            assert graph_store is not None
            sep = "&" if "?" in graph_store else "?"
            url = f"{graph_store}{sep}{urllib.parse.urlencode({'graph': graph})}"
            try:
                http.send("PUT", url, _ntriples(triples), "application/n-triples")
                done = Published(graph, len(triples), "graph-store")
            except PublishHTTPError as exc:
                if exc.status not in (404, 405, 415, 501) or not endpoint:
                    raise
                use_gsp = False  # the server does not do GSP: use Update from now on
        if done is None:
            assert endpoint is not None
            requests = update_requests(graph, triples, batch_size)
            for text in requests:
                http.send("POST", endpoint, text.encode(), "application/sparql-update")
            done = Published(graph, len(triples), "update", len(requests))
        report.graphs.append(done)
        if progress:
            progress(done)
    report.seconds = time.monotonic() - started
    return report


def remote_counts(query_url: str, timeout: float = 60.0) -> dict[str, int]:
    """Triples per named graph at a remote SPARQL endpoint (to check a publication)."""
    import json

    q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    req = urllib.request.Request(
        query_url,
        data=urllib.parse.urlencode({"query": q}).encode(),
        headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        data = json.load(resp)
    return {b["g"]["value"]: int(b["n"]["value"]) for b in data["results"]["bindings"] if "g" in b}
