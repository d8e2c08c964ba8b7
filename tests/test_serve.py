"""``peacekg serve``: the Oxigraph read-only SPARQL endpoint, tested over HTTP."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from peacekg.graph.publish import serve as server
from peacekg.graph.store.database import Store

pytestmark = pytest.mark.slow

Q = "SELECT ?t WHERE { <https://w3id.org/peacekg/id/state/FRA> <https://w3id.org/peacekg/ontology#backs> ?t }"  # noqa: E501


def _get(url: str, query: str) -> dict:
    req = urllib.request.Request(
        f"{url}?{urllib.parse.urlencode({'query': query})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.load(resp)


def _post(url: str, query: str) -> dict:
    req = urllib.request.Request(
        url,
        data=query.encode(),
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.load(resp)


def test_command_line(mini_store: Path) -> None:
    store = Store(mini_store)
    cmd = server.serve_command(store.location, "127.0.0.1", 9999, 30)
    assert cmd[1:] == [
        "serve-read-only", "--location", str(store.location), "--bind", "127.0.0.1:9999",
        "--union-default-graph", "--timeout-s", "30",
    ]  # fmt: skip
    assert Path(cmd[0]).name == "oxigraph"


def test_cli_serve_over_http(mini_store: Path) -> None:
    port = server.free_port()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "peacekg.cli", "serve", "--store", str(mini_store),
         "--port", str(port), "--timeout", "5"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/query"
    try:
        server.wait_until_up(url, 30, proc)
        got = _get(url, Q)
        targets = {b["t"]["value"].rsplit("/", 1)[1] for b in got["results"]["bindings"]}
        assert {"wps", "performance", "MINUSMA"} <= targets
        got = _post(url, "ASK { ?s <https://w3id.org/peacekg/ontology#opposes> ?o }")
        assert got["boolean"] is True
        # the ready queries declare their prefixes, so they run on the endpoint as they are
        text = (Path(__file__).parents[1] / "queries" / "opposition.rq").read_text()
        assert len(_post(url, text)["results"]["bindings"]) == 3
        # updates are refused
        for path in ("/update", "/query"):
            req = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}",
                data=b"INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }",
                headers={"Content-Type": "application/sparql-update"},
            )
            with pytest.raises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(req, timeout=10)
            assert 400 <= err.value.code < 500
        assert _post(url, "ASK { GRAPH <urn:x> { ?s ?p ?o } }")["boolean"] is False
        snapshots = list(Path(mini_store).glob(".serve-*"))
        assert len(snapshots) == 1
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(20)
    assert not list(Path(mini_store).glob(".serve-*")), "snapshot not removed"
    time.sleep(0.2)
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=2)  # the oxigraph child stopped too


def test_serve_missing_binary(mini_store: Path, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setattr(server.sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(server.ServerError, match="pip install"):
        server.find_oxigraph()


def test_endpoint_declares_prefixes_and_fails_timeouts_with_an_http_error(
    mini_store: Path,
) -> None:
    served = server.start(Store(mini_store), "127.0.0.1", server.free_port(), timeout=1)
    try:
        # the project's prefixes are declared, as in `peacekg query`
        got = _post(served.query_url, 'SELECT ?t WHERE { ?s pk:iso3 "FRA" ; pk:backs ?t }')
        assert {b["t"]["value"].rsplit("/", 1)[1] for b in got["results"]["bindings"]} >= {"wps"}
        # a query's own declaration wins over the predeclared one
        own = "PREFIX pk: <urn:other#> ASK { ?s pk:iso3 ?c }"
        assert _get(served.query_url, own)["boolean"] is False
        # a streamed answer cut by the timeout is an HTTP error, never a truncated 200
        slow = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
        for send in (_get, _post):
            with pytest.raises(urllib.error.HTTPError) as err:
                send(served.query_url, slow)
            assert err.value.code == 503
            assert "timeout" in err.value.read().decode()
        # a syntax error keeps the engine's own status and message
        with pytest.raises(urllib.error.HTTPError) as err:
            _get(served.query_url, "SELECT WHERE {")
        assert err.value.code == 400
    finally:
        served.stop()
