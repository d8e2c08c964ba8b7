"""The store: generations, the single-writer lock, crash safety, bound query terms."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from peacekg.errors import StoreLocked, StoreNotFound
from peacekg.graph.store.database import Store, StoreWriter

G = URIRef("https://example.org/g")
S = URIRef("https://example.org/s")
P = URIRef("https://example.org/p")


def _write(path: Path, value: str) -> None:
    with StoreWriter(path) as w:
        w.replace_graph(G, [(S, P, Literal(value))])


def _values(path: Path) -> list[str]:
    return sorted(str(r["o"]) for r in Store(path).select("SELECT ?o WHERE { ?s ?p ?o }"))


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreNotFound, match="no peacekg store"):
        Store(tmp_path / "nothing")


def test_write_publishes_a_new_generation_and_replaces_the_graph(tmp_path: Path) -> None:
    _write(tmp_path, "one")
    first = Store(tmp_path).generation
    _write(tmp_path, "two")
    store = Store(tmp_path)
    assert store.generation != first
    assert _values(tmp_path) == ["two"]
    # old generations are collected
    assert sorted(p.name for p in tmp_path.glob("gen-*")) == [store.generation]


def test_failed_write_leaves_previous_state(tmp_path: Path) -> None:
    _write(tmp_path, "kept")
    with pytest.raises(RuntimeError), StoreWriter(tmp_path) as w:
        w.replace_graph(G, [(S, P, Literal("half"))])
        raise RuntimeError("boom")
    assert _values(tmp_path) == ["kept"]
    assert len(list(tmp_path.glob("gen-*"))) == 1


def test_second_writer_is_refused(tmp_path: Path) -> None:
    with StoreWriter(tmp_path), pytest.raises(StoreLocked, match="store is locked"):
        StoreWriter(tmp_path).__enter__()


def test_bindings_are_terms_not_text(tmp_path: Path) -> None:
    nasty = 'x" } ; DROP ALL ; SELECT * { ?a ?b "'
    with StoreWriter(tmp_path) as w:
        w.replace_graph(G, [(S, P, Literal(nasty)), (S, P, Literal("plain"))])
    rows = Store(tmp_path).select("SELECT ?s WHERE { ?s ?p ?o }", {"o": Literal(nasty)})
    assert [str(r["s"]) for r in rows] == [str(S)]
    assert _values(tmp_path) == sorted(["plain", nasty])


def test_killed_writer_leaves_the_store_readable_and_intact(tmp_path: Path) -> None:
    _write(tmp_path, "before")
    script = textwrap.dedent(
        f"""
        import time
        from rdflib import Literal, URIRef
        from peacekg.graph.store.database import StoreWriter
        with StoreWriter({str(tmp_path)!r}) as w:
            for i in range(200000):
                w.replace_graph(URIRef("https://example.org/g%d" % (i % 50)),
                                [(URIRef("https://example.org/s"),
                                  URIRef("https://example.org/p"), Literal(str(i)))])
                if i == 20:
                    print("writing", flush=True)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "writing"
    time.sleep(0.2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _values(tmp_path) == ["before"]
    # the lock died with the writer, and the next write cleans up the orphan generation
    _write(tmp_path, "after")
    assert _values(tmp_path) == ["after"]
    assert len(list(tmp_path.glob("gen-*"))) == 1


def test_bindings_work_in_aggregate_queries(tmp_path: Path) -> None:
    with StoreWriter(tmp_path) as w:
        w.replace_graph(G, [(S, P, Literal("a")), (S, P, Literal('b"}')), (P, P, Literal("a"))])
    rows = Store(tmp_path).select(
        "SELECT (COUNT(?s) AS ?n) WHERE { ?s ?p ?o }", {"o": Literal('b"}')}
    )
    assert int(rows[0]["n"]) == 1
    rows = Store(tmp_path).select(
        "SELECT ?o (COUNT(?s) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?o", {"o": Literal("a")}
    )
    assert [(str(r["o"]), int(r["n"])) for r in rows] == [("a", 2)]
