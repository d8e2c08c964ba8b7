"""Exports parse back with rdflib into the same data; stats and validate report on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from rdflib import Dataset, Graph

from peacekg.graph.store import Store

DATASET_FORMATS = {"nquads": "nquads", "trig": "trig", "jsonld": "json-ld"}
GRAPH_FORMATS = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml"}


@pytest.mark.parametrize("fmt", sorted(DATASET_FORMATS))
def test_dataset_exports_keep_every_quad(seeds_store: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"export.{fmt}"
    run_cli("export", "--store", seeds_store, "--format", fmt, "-o", out, check=True)
    ds = Dataset()
    ds.parse(out, format=DATASET_FORMATS[fmt])
    store = Store(seeds_store)
    named = [g for g in ds.graphs() if len(g)]
    assert len(named) == len(store.named_graphs())
    documents = len(store.select("SELECT ?d WHERE { ?d pk:sourcePath ?p }"))
    assert sum(len(g) for g in named) == len(store) - documents  # no local paths


@pytest.mark.parametrize("fmt", sorted(GRAPH_FORMATS))
def test_graph_exports_hold_the_union(seeds_store: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"export.{fmt}"
    run_cli("export", "--store", seeds_store, "--format", fmt, "-o", out, check=True)
    g = Graph()
    g.parse(out, format=GRAPH_FORMATS[fmt])
    distinct = Store(seeds_store).select(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o "
        "FILTER(?p != pk:sourcePath) } }"  # local paths are left out
    )
    assert len(g) == int(distinct[0]["n"])


@pytest.mark.parametrize("fmt", ["nquads", "turtle"])
def test_source_paths_only_on_request(seeds_store: Path, tmp_path: Path, fmt: str) -> None:
    path = str(Store(seeds_store).select("SELECT ?p WHERE { ?d pk:sourcePath ?p }")[0]["p"])
    plain = run_cli("export", "--store", seeds_store, "--format", fmt, check=True).stdout
    assert path not in plain
    kept = run_cli("export", "--store", seeds_store, "--format", fmt, "--keep-source-path",
                   check=True).stdout  # fmt: skip
    assert path in kept


def test_stats_counts_documents_and_commitments(seeds_store: Path) -> None:
    proc = run_cli("stats", "--store", seeds_store, "--format", "json", check=True)
    data = json.loads(proc.stdout)
    assert data["documents"] == 3
    assert data["statements"] >= 10
    assert data["commitments"] > 0
    assert set(data["commitments_by_stance"]) <= {
        "Support", "Pledge", "Contribution", "CallForAction", "Opposition",
    }  # fmt: skip
    assert data["mentioned_entities"]["State"] >= 20


def test_validate_reports_violations_with_exit_1(tmp_path: Path) -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF

    from peacekg.graph.store import StoreWriter
    from peacekg.ontology.namespaces import PK, PKID

    doc = PKID["document/broken"]
    with StoreWriter(tmp_path / "s") as w:
        w.replace_graph(
            doc,
            [
                (doc, RDF.type, PK.Document),  # no pk:sourceFile, no pk:sha256
                (PKID["document/broken/commitment/1"], RDF.type, PK.Commitment),
                (PKID["document/broken/commitment/1"], PK.evidence, Literal("x")),
                (PKID["document/broken/commitment/1"], PK.stance, URIRef(str(PK) + "Maybe")),
            ],
        )
    proc = run_cli("validate", "--store", tmp_path / "s")
    assert proc.returncode == 1
    assert "sourceFile" in proc.stdout
    assert "violation" in proc.stderr


def test_commands_on_a_missing_store_fail_cleanly(tmp_path: Path) -> None:
    proc = run_cli("stats", "--store", tmp_path / "none")
    assert proc.returncode == 1
    assert "no peacekg store" in proc.stderr
    assert "Traceback" not in proc.stderr
