"""Exports parse back with rdflib into the same data; stats and validate report on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from pyld import jsonld
from rdflib import BNode, Dataset, Graph

from peacekg.graph.publish.jsonld import build_context, shipped_context
from peacekg.graph.store.database import Store
from peacekg.ontology.reference import ontology_graph

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
    proc = run_cli("export", "--store", seeds_store, "--format", fmt, "-o", out, check=True)
    assert "holds no named graphs" in proc.stderr
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

    from peacekg.graph.store.database import StoreWriter
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


def _quads(ds: Dataset) -> tuple[set, int]:
    """Quads without blank nodes, and how many have one (labels differ between parsers)."""
    plain, blank = set(), 0
    for s, p, o, g in ds.quads((None, None, None, None)):
        if isinstance(s, BNode) or isinstance(o, BNode):
            blank += 1
        else:
            plain.add((s, p, o, getattr(g, "identifier", g)))
    return plain, blank


def test_jsonld_is_compacted_with_the_shipped_context_and_keeps_every_quad(
    seeds_store: Path, tmp_path: Path
) -> None:
    out, nq = tmp_path / "kg.jsonld", tmp_path / "kg.nq"
    proc = run_cli("export", "--store", seeds_store, "--format", "jsonld", "-o", out, check=True)
    assert "named graphs" not in proc.stderr
    run_cli("export", "--store", seeds_store, "--format", "nquads", "-o", nq, check=True)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["@context"] == shipped_context()["@context"]
    commitments = [
        n for g in doc["@graph"] for n in g["@graph"] if n.get("@type") == "pk:Commitment"
    ]
    assert commitments
    first = commitments[0]
    assert isinstance(first["startOffset"], int) and isinstance(first["endOffset"], int)
    assert first["actor"].startswith("pkid:") and first["stance"].startswith("pk:")
    expected = Dataset()
    expected.parse(nq, format="nquads")
    by_rdflib = Dataset()
    by_rdflib.parse(out, format="json-ld")
    assert _quads(by_rdflib) == _quads(expected)
    # a standard JSON-LD processor reads the same quads
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads"})
    by_pyld = Dataset()
    by_pyld.parse(data=nquads, format="nquads")
    assert _quads(by_pyld) == _quads(expected)


def test_shipped_context_matches_the_ontology() -> None:
    """ontology/context.jsonld is derived from peacekg.ttl: regenerate it when terms change:
    python -c 'from peacekg.graph.publish.jsonld import write_context; write_context()'"""
    assert shipped_context() == build_context(ontology_graph())
