"""``peacekg publish``: push the named graphs to a real read-write Oxigraph server."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import run_cli

from peacekg.graph.publish import publish
from peacekg.graph.publish import serve as server
from peacekg.graph.publish.export import SOURCE_PATH
from peacekg.graph.store.database import Store

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
    """Triples per named graph, as published: without pk:sourcePath."""
    store = Store(store_path)
    q = """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o }
           FILTER(?p != pk:sourcePath) } GROUP BY ?g"""
    return {str(r["g"]): int(r["n"]) for r in store.select(q)}


def test_publish_graph_store(seeds_store: Path, remote: str) -> None:
    proc = run_cli("publish", "--store", seeds_store, "--graph-store", remote + "/store",
                   "--endpoint", remote + "/update", check=True)  # fmt: skip
    assert "via graph-store" in proc.stdout
    local = _local_counts(seeds_store)
    assert len(local) >= 3
    assert publish.remote_counts(remote + "/query") == local
    # publishing again replaces, never duplicates
    run_cli("publish", "--store", seeds_store, "--graph-store", remote + "/store", check=True)
    assert publish.remote_counts(remote + "/query") == local


def test_publish_update_fallback(seeds_store: Path, remote: str) -> None:
    proc = run_cli("publish", "--store", seeds_store, "--endpoint", remote + "/update",
                   "--batch-size", "50", check=True)  # fmt: skip
    assert "via update" in proc.stdout
    local = _local_counts(seeds_store)
    assert publish.remote_counts(remote + "/query") == local
    run_cli("publish", "--store", seeds_store, "--endpoint", remote + "/update", check=True)
    assert publish.remote_counts(remote + "/query") == local


def test_publish_one_graph_and_gsp_fallback(mini_store: Path, remote: str) -> None:
    graph = "https://w3id.org/peacekg/id/document/d911"
    # a Graph Store URL that is not one (404) falls back to SPARQL Update
    proc = run_cli("publish", "--store", mini_store, "--graph", "pkid:document/d911",
                   "--graph-store", remote + "/nothing-here", "--endpoint", remote + "/update",
                   check=True)  # fmt: skip
    assert "1 graph(s)" in proc.stdout and "via update" in proc.stdout
    assert publish.remote_counts(remote + "/query") == {graph: _local_counts(mini_store)[graph]}
    # literals full of SPARQL syntax survive the trip
    store = Store(mini_store)
    text = publish.update_requests(graph, publish._triples(store, graph), 1000)[0]
    assert '\\"yes\\" } >' in text
    proc = run_cli("publish", "--store", mini_store, "--graph", "pkid:document/nope",
                   "--endpoint", remote + "/update")  # fmt: skip
    assert proc.returncode == 1 and "no such named graph" in proc.stderr


def test_publish_unreachable(mini_store: Path) -> None:
    port = server.free_port()
    proc = run_cli("publish", "--store", mini_store, "--endpoint",
                   f"http://127.0.0.1:{port}/update")  # fmt: skip
    assert proc.returncode == 1 and "Error" in proc.stderr and "Traceback" not in proc.stderr


def _ask(query_url: str, query: str) -> bool:
    import json
    import urllib.parse
    import urllib.request

    req = urllib.request.Request(
        f"{query_url}?{urllib.parse.urlencode({'query': query})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.load(resp)["boolean"]


def test_graph_base_source_path_and_skolem_iris(seeds_store: Path, remote: str) -> None:
    # two corpora on one server: the mini store at the default base, the seeds elsewhere
    run_cli("publish", "--store", seeds_store, "--endpoint",
            remote + "/update", "--graph-base", "https://example.org/seeds/graph/",
            check=True)  # fmt: skip
    local = _local_counts(seeds_store)
    moved = {publish.graph_iri(g, "https://example.org/seeds/graph/"): n for g, n in local.items()}
    assert "https://example.org/seeds/graph/reference" in moved
    assert publish.remote_counts(remote + "/query") == moved
    # the meta graph describes the reference graph under its new name
    assert _ask(remote + "/query", "ASK { GRAPH <https://example.org/seeds/graph/meta> "
                "{ <https://example.org/seeds/graph/reference> ?p ?o } }")  # fmt: skip
    # no local paths, no blank nodes: the ontology's are skolem IRIs (the server does not
    # query the union of its graphs, hence GRAPH ?g)
    assert not _ask(remote + "/query", f"ASK {{ GRAPH ?g {{ ?s <{SOURCE_PATH.value}> ?o }} }}")
    assert not _ask(
        remote + "/query", "ASK { GRAPH ?g { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) } }"
    )
    assert _ask(
        remote + "/query",
        f"ASK {{ GRAPH ?g {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), '{publish.GENID}')) }} }}",
    )
    # --keep-source-path keeps them
    run_cli("publish", "--store", seeds_store, "--endpoint", remote + "/update",
            "--keep-source-path", check=True)  # fmt: skip
    assert _ask(remote + "/query", f"ASK {{ GRAPH ?g {{ ?s <{SOURCE_PATH.value}> ?o }} }}")
    assert len(publish.remote_counts(remote + "/query")) == len(local) + 4  # fixed graphs twice


def test_skolem_iris_are_stable(seeds_store: Path) -> None:
    store = Store(seeds_store)
    graph = "https://w3id.org/peacekg/id/graph/ontology"
    first = publish.publishable(store, graph)
    assert first == publish.publishable(store, graph)
    iris = {str(x) for t in first for x in (t.subject, t.object) if publish.GENID in str(x)}
    triples = publish._triples(store, graph)
    nodes = {x for t in triples for x in (t.subject, t.object) if isinstance(x, ox.BlankNode)}
    assert len(iris) == len(nodes) > 0  # one IRI per blank node, none merged
    # the same content gives the same IRIs, whatever the blank node labels
    relabelled = {b: ox.BlankNode() for b in nodes}
    again = publish.skolemise(
        [ox.Triple(relabelled.get(t.subject, t.subject), t.predicate,
                   relabelled.get(t.object, t.object)) for t in reversed(triples)],
        graph,
    )  # fmt: skip
    assert set(again) == set(first)


def test_failure_leaves_the_server_as_it_was(
    seeds_store: Path, mini_store: Path, remote: str
) -> None:
    publish.publish(Store(mini_store), remote + "/update")
    before = publish.remote_counts(remote + "/query")

    def fail_on_the_third(p: publish.Published) -> None:
        if p.graph.endswith("graph/meta"):
            raise server.ServerError("stopped on purpose")

    with pytest.raises(publish.PublishError, match="nothing changed on the server") as err:
        publish.publish(Store(seeds_store), remote + "/update", progress=fail_on_the_third)
    assert err.value.written == []
    assert publish.remote_counts(remote + "/query") == before  # and no staging graph left

    def interrupt(p: publish.Published) -> None:
        if p.graph.endswith("graph/meta"):
            raise KeyboardInterrupt  # Ctrl-C: cleans up too, then stops

    with pytest.raises(KeyboardInterrupt):
        publish.publish(Store(seeds_store), remote + "/update", progress=interrupt)
    assert publish.remote_counts(remote + "/query") == before
    # beyond switch_size graphs, the switch takes several requests, each all-or-nothing
    report = publish.publish(Store(seeds_store), remote + "/update", switch_size=2)
    assert report.switch_requests == 4 and "in 4 requests" in report.summary()
    assert publish.remote_counts(remote + "/query") == {**before, **_local_counts(seeds_store)}


@pytest.fixture
def basic_remote(remote: str) -> Iterator[str]:
    """``remote`` behind HTTP Basic authentication (user ``ann``, password ``s3cret``), the
    way Fuseki or GraphDB guard their endpoints; yields the guarded base URL."""
    import base64
    import threading
    import urllib.error
    import urllib.request
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    expected = "Basic " + base64.b64encode(b"ann:s3cret").decode()

    class Guard(BaseHTTPRequestHandler):
        def handle_one(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.headers.get("Authorization") != expected:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="peacekg-test"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            req = urllib.request.Request(remote + self.path, data=body or None,
                                         method=self.command)  # fmt: skip
            if self.headers.get("Content-Type"):
                req.add_header("Content-Type", self.headers["Content-Type"])
            try:
                with urllib.request.urlopen(req, timeout=30) as resp:
                    status, data = resp.status, resp.read()
            except urllib.error.HTTPError as exc:
                status, data = exc.code, exc.read()
            self.send_response(status)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = handle_one

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Guard)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_publish_with_basic_auth(mini_store: Path, basic_remote: str, remote: str) -> None:
    args = ("publish", "--store", mini_store, "--endpoint", basic_remote + "/update",
            "--graph-store", basic_remote + "/store", "--user", "ann")  # fmt: skip
    proc = run_cli(*args, env={"PEACEKG_PUBLISH_PASSWORD": "wrong"})
    assert proc.returncode == 1 and "HTTP 401" in proc.stderr
    assert "nothing changed on the server" in proc.stderr
    assert publish.remote_counts(remote + "/query") == {}
    proc = run_cli(*args, env={"PEACEKG_PUBLISH_PASSWORD": "s3cret"}, check=True)
    assert "via graph-store" in proc.stdout
    assert publish.remote_counts(remote + "/query") == _local_counts(mini_store)


def test_graph_base_must_be_an_iri(mini_store: Path) -> None:
    proc = run_cli("publish", "--store", mini_store, "--endpoint", "http://127.0.0.1:9/update",
                   "--graph-base", "https://example.org/a>b/")  # fmt: skip
    assert proc.returncode == 1 and "is not an IRI" in proc.stderr
    proc = run_cli("publish", "--store", mini_store, "--endpoint", "http://127.0.0.1:9/update",
                   "--graph-base", "not an iri")  # fmt: skip
    assert proc.returncode == 2 and "--graph-base expects an IRI" in proc.stderr
