"""Serving the store as a SPARQL endpoint, and publishing it to another triplestore.

``peacekg serve`` runs the Oxigraph server (``oxigraph serve-read-only``, from the
``oxigraph`` PyPI package, a dependency of peacekg) on a snapshot of the live
generation: a SPARQL 1.1 Protocol endpoint at ``http://HOST:PORT/query``, read-only
(updates are refused), queries over the union of all named graphs, with a per-query
timeout. The Oxigraph server listens on a private loopback port behind a thin front
(:mod:`peacekg.graph.publish.endpoint`) that declares the project's prefixes and turns a timed-out
query into an HTTP error instead of a truncated answer.

The snapshot is a hard-linked copy (``Store.backup``: cheap) made in the store directory,
so a ``peacekg build`` running meanwhile can publish a new generation and remove the old
one without pulling files from under the server; the endpoint keeps answering from the
generation it started on until it is restarted. The server holds the snapshot's lease
(:mod:`peacekg.graph.store.locks`) while it runs, so the next build removes the snapshot of a
server that was killed, and only then.

``peacekg publish`` pushes the named graphs to any SPARQL 1.1 Graph Store Protocol or
Update endpoint (Virtuoso, GraphDB, Fuseki, an Oxigraph server), so the graph can live in a
triplestore that scales: all or nothing (staged, then moved into place), with blank nodes
skolemised, local paths left out, and HTTP Digest or Basic authentication.
"""

from __future__ import annotations

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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from peacekg.errors import StoreError
from peacekg.graph.publish.endpoint import EndpointFront
from peacekg.graph.store.database import Store
from peacekg.graph.store.generations import SERVE_PREFIX, storage_error
from peacekg.graph.store.locks import Lease

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
        "the Oxigraph server binary is missing: peacekg depends on it, so reinstall "
        "peacekg, or pip install 'oxigraph>=0.5,<0.6' in the environment of peacekg"
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
    """A running endpoint: the Oxigraph process, its HTTP front, URLs and snapshot."""

    process: subprocess.Popen
    base_url: str
    snapshot: Path | None
    front: EndpointFront | None = None
    lease: Lease | None = None

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return self.base_url + QUERY_PATH

    def stop(self) -> None:
        """Stop the front and the server and remove the snapshot."""
        if self.front is not None:
            self.front.stop()
            self.front = None
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
    """Start a read-only endpoint over ``store`` at ``host:port`` and wait until it answers.

    The Oxigraph server listens on a private loopback port; the public address is the
    :class:`~peacekg.graph.publish.endpoint.EndpointFront` (prefixes, timeouts as HTTP errors).
    """
    binary = find_oxigraph()
    snap, lease = snapshot(store) if use_snapshot else (None, None)
    location = snap or store.location
    inner = free_port("127.0.0.1")
    cmd = serve_command(location, "127.0.0.1", inner, timeout, cors, binary)
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
    served = Served(proc, f"http://{shown}:{port}", snap, lease=lease)
    try:
        wait_until_up(f"http://127.0.0.1:{inner}{QUERY_PATH}", wait, proc)
        try:
            served.front = EndpointFront((host, port), f"http://127.0.0.1:{inner}", timeout)
        except OSError as exc:
            raise ServerError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        served.front.start()
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
