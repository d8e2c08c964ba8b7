"""``peacekg publish``: push the named graphs to a real read-write Oxigraph server."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_cli

from peacekg.graph import server
from peacekg.graph.store import Store

pytestmark = pytest.mark.slow


@pytest.fixture
def remote(tmp_path: Path) -> Iterator[str]:
    """A fresh read-write ``oxigraph serve`` on a free port; yields its base URL."""
    port = server.free_port()
    proc = subprocess.Popen(
        [server.find_oxigraph(), "serve", "--location", str(tmp_path / "remote"),
         "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        server.wait_until_up(base + "/query", 30, proc)
        yield base
    finally:
        proc.terminate()
        proc.wait(20)
        shutil.rmtree(tmp_path / "remote", ignore_errors=True)


def _local_counts(store_path: Path) -> dict[str, int]:
    store = Store(store_path)
    q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    return {str(r["g"]): int(r["n"]) for r in store.select(q)}


def test_publish_graph_store(seeds_store: Path, remote: str) -> None:
    proc = run_cli("publish", "--store", seeds_store, "--graph-store", remote + "/store",
                   "--endpoint", remote + "/update", check=True)  # fmt: skip
    assert "via graph-store" in proc.stdout
    local = _local_counts(seeds_store)
    assert len(local) >= 3
    assert server.remote_counts(remote + "/query") == local
    # publishing again replaces, never duplicates
    run_cli("publish", "--store", seeds_store, "--graph-store", remote + "/store", check=True)
    assert server.remote_counts(remote + "/query") == local


def test_publish_update_fallback(seeds_store: Path, remote: str) -> None:
    proc = run_cli("publish", "--store", seeds_store, "--endpoint", remote + "/update",
                   "--batch-size", "50", check=True)  # fmt: skip
    assert "via update" in proc.stdout
    local = _local_counts(seeds_store)
    assert server.remote_counts(remote + "/query") == local
    run_cli("publish", "--store", seeds_store, "--endpoint", remote + "/update", check=True)
    assert server.remote_counts(remote + "/query") == local


def test_publish_one_graph_and_gsp_fallback(mini_store: Path, remote: str) -> None:
    graph = "https://w3id.org/peacekg/id/document/d911"
    # a Graph Store URL that is not one (404) falls back to SPARQL Update
    proc = run_cli("publish", "--store", mini_store, "--graph", "pkid:document/d911",
                   "--graph-store", remote + "/nothing-here", "--endpoint", remote + "/update",
                   check=True)  # fmt: skip
    assert "1 graph(s)" in proc.stdout and "via update" in proc.stdout
    assert server.remote_counts(remote + "/query") == {graph: _local_counts(mini_store)[graph]}
    # literals full of SPARQL syntax survive the trip
    store = Store(mini_store)
    text = server.update_requests(graph, server._triples(store, graph), 1000)[0]
    assert '\\"yes\\" } >' in text
    proc = run_cli("publish", "--store", mini_store, "--graph", "pkid:document/nope",
                   "--endpoint", remote + "/update")  # fmt: skip
    assert proc.returncode == 1 and "no such named graph" in proc.stderr


def test_publish_unreachable(mini_store: Path) -> None:
    port = server.free_port()
    proc = run_cli("publish", "--store", mini_store, "--endpoint",
                   f"http://127.0.0.1:{port}/update")  # fmt: skip
    assert proc.returncode == 1 and "Error" in proc.stderr and "Traceback" not in proc.stderr
