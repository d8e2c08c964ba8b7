"""The scope of every reading (graph/query/scope.py): counting unit, years and confidence, through
the real CLI and the Python API, on a store whose documents carry both date datatypes,
``pk:year`` on one of them and ``pk:confidence`` on some commitments."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import build_mini_store, commitment_triples, run_cli
from rdflib import Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

import peacekg
from peacekg.graph.ingest.summary import summary_quads
from peacekg.graph.query import lookups
from peacekg.graph.query.scope import Scope, ScopeError, default_min_confidence
from peacekg.graph.store.database import Store, StoreWriter
from peacekg.ontology.namespaces import (
    PK,
    SUMMARY_GRAPH,
    commitment_iri,
    document_iri,
    priority_iri,
    resolution_iri,
    state_iri,
    statement_iri,
)

FRA, BEL, IDN = (str(state_iri(c)) for c in ("FRA", "BEL", "IDN"))
WPS = str(priority_iri("wps"))


def _q(s: object, p: object, o: ox.NamedNode | ox.Literal, g: object) -> ox.Quad:
    return ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(str(p)), o, ox.NamedNode(str(g)))


def _dec(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(str(XSD.decimal)))


def build_scoped_store(path: Path) -> Path:
    """The mini store (d911 of 2020 as xsd:date, dseoul of 2021 with ``pk:year``) plus a
    General Debate speech of 1995 dated as xsd:gYear in which France backs wps in two
    commitments (one sentence read as Support and Pledge) and cites resolution 2538;
    confidences 0.3 on France's wps commitment of 2020 and 0.9 on Belgium's (0.95 on the
    others, none in the Seoul document)."""
    build_mini_store(path)
    gd = document_iri("dgd")
    sentence = "France supports the participation of women in peacekeeping and will fund it."
    triples = [
        (gd, RDF.type, PK.Document),
        (gd, PK.sourceFile, Literal("FRA_50_1995.txt")),
        (gd, RDFS.label, Literal("FRA_50_1995.txt")),
        (gd, DCTERMS.date, Literal("1995", datatype=XSD.gYear)),
        (gd, PK.mentions, resolution_iri(2538)),  # cited, not backed
        (gd, PK.mentions, state_iri("FRA")),
        (gd, PK.hasStatement, statement_iri("dgd", 1)),
        (statement_iri("dgd", 1), RDF.type, PK.Statement),
        (statement_iri("dgd", 1), PK.speaker, state_iri("FRA")),
        (statement_iri("dgd", 1), PROV.wasDerivedFrom, gd),
        *commitment_triples("dgd", 1, state_iri("FRA"), "Support", priority_iri("wps"), sentence),
        *commitment_triples("dgd", 2, state_iri("FRA"), "Pledge", priority_iri("wps"), sentence),
    ]
    with StoreWriter(path) as w:
        w.replace_graph(gd, triples)
        for n in (2, 9):  # the mini store scores every commitment 0.95: these get their own
            w.remove_quads(w.quads(commitment_iri("d911", n), PK.confidence))
        # the Seoul document as a store built before the confidence model has it: no scores
        w.remove_quads(w.quads(None, PK.confidence, None, document_iri("dseoul")))
        w.add_quads(
            [
                _q(
                    document_iri("dseoul"),
                    PK.year,
                    ox.Literal("2021", datatype=ox.NamedNode(str(XSD.integer))),
                    document_iri("dseoul"),
                ),
                _q(commitment_iri("d911", 2), PK.confidence, _dec("0.3"), document_iri("d911")),
                _q(commitment_iri("d911", 9), PK.confidence, _dec("0.9"), document_iri("d911")),
            ]
        )
        w.remove_graph(SUMMARY_GRAPH)
        w.add_quads(list(summary_quads(w.query_raw)))
    return path


@pytest.fixture(scope="module")
def scoped_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_scoped_store(tmp_path_factory.mktemp("scoped") / "store")


def _cell(store: Path, *args: str) -> dict[str, dict[str, int]]:
    """``peacekg backers --format json``: {actor code: {priority: support}} (and the scope)."""
    out = run_cli("backers", "--store", store, "--format", "json", *args, check=True).stdout
    data = json.loads(out)
    cells: dict[str, dict[str, int]] = {}
    for c in data["cells"]:
        cells.setdefault(c["actor_code"], {})[c["priority"]] = c["support"]
    cells["_scope"] = data["scope"]
    return cells


def test_scope_values_are_checked() -> None:
    assert Scope().count == "speeches" and Scope().is_default()
    assert not Scope(count="commitments").is_default()
    with pytest.raises(ScopeError, match="unknown counting unit"):
        Scope(count="votes")
    with pytest.raises(ScopeError, match="after"):
        Scope(since=2010, until=2000)
    with pytest.raises(ScopeError, match=r"\[0, 1\]"):
        Scope(min_confidence=1.5)
    from peacekg.loaders.confidence import default_threshold

    assert default_min_confidence() == default_threshold()
    assert 0.5 < default_min_confidence() < 1


def test_backers_count_speeches_by_default(scoped_store: Path) -> None:
    default = _cell(scoped_store)
    assert default["_scope"]["count"] == "speeches"
    # by default the 2020 letter's commitment (confidence 0.3) is below the model's threshold
    assert default["FRA"]["wps"] == 1
    every = ("--min-confidence", "0")
    assert _cell(scoped_store, *every)["FRA"]["wps"] == 2  # the 2020 letter and the 1995 speech
    assert _cell(scoped_store, *every, "--count", "commitments")["FRA"]["wps"] == 3
    assert _cell(scoped_store, *every, "--count", "statements")["FRA"]["wps"] == 2
    text = run_cli("backers", "--store", scoped_store, check=True).stdout
    assert "cells: speeches that back" in text and "counting speeches" in text
    text = run_cli("backers", "--count", "commitments", "--store", scoped_store).stdout
    assert "cells: commitments that back" in text


def test_summary_fast_path_equals_counting_the_commitments(scoped_store: Path) -> None:
    with Store(scoped_store) as store:
        for unit in ("speeches", "commitments"):
            fast = lookups.backers(store, scope=Scope(count=unit))
            slow = lookups.backers(store, scope=Scope(count=unit, since=1))  # bypasses it
            assert fast.support == slow.support and fast.opposition == slow.opposition


def test_years_filter_both_date_datatypes_and_pk_year(scoped_store: Path) -> None:
    every = ("--min-confidence", "0")
    assert _cell(scoped_store, *every, "--since", "2000")["FRA"]["wps"] == 1  # xsd:date 2020
    assert _cell(scoped_store, *every, "--until", "1999")["FRA"]["wps"] == 1  # xsd:gYear 1995
    only_2021 = _cell(scoped_store, "--since", "2021", "--until", "2021")
    assert "FRA" not in only_2021 and only_2021["IDN"]["wps"] == 1  # pk:year 2021
    profile = json.loads(
        run_cli(
            "country", "France", "--since", "2000", "--format", "json", "--store", scoped_store
        ).stdout
    )
    files = [d["source_file"] for d in profile["statements"]["documents"]]
    assert files == ["003_988a79a43857b860.txt"]
    proc = run_cli("backers", "--since", "2010", "--until", "2000", "--store", scoped_store)
    assert proc.returncode == 2 and "since 2010 is after until 2000" in proc.stderr


def test_min_confidence_keeps_unscored_commitments(scoped_store: Path) -> None:
    strict = _cell(scoped_store, "--min-confidence", "0.5")
    assert strict["FRA"]["wps"] == 1  # the 0.3 commitment of 2020 is dropped
    assert strict["BEL"]["wps"] == 1  # 0.9 is kept
    assert strict["IDN"]["wps"] == 1  # no confidence: kept
    assert strict["_scope"]["min_confidence"] == 0.5
    data = json.loads(
        run_cli(
            "priority", "wps", "--min-confidence", "0.95", "--count", "commitments",
            "--format", "json", "--store", scoped_store,
        ).stdout
    )  # fmt: skip
    backers = {b["actor"]["code"]: b["support"] for b in data["backers"]}
    assert "BEL" not in backers and backers["FRA"] == 2 and data["scope"]["count"] == "commitments"
    proc = run_cli("backers", "--min-confidence", "2", "--store", scoped_store)
    assert proc.returncode == 2


def test_every_reading_command_takes_the_scope(scoped_store: Path, tmp_path: Path) -> None:
    scope = ["--count", "commitments", "--since", "1990", "--until", "2030"]
    for args in (
        ["country", "France"],
        ["mission", "MINUSMA"],
        ["priority", "wps"],
        ["initiative", "A4P"],
        ["resolution", "2538"],
        ["search", "women"],
        ["backers"],
        ["table"],
        ["analyze", "central"],
        ["analyze", "communities"],
        ["analyze", "divisive"],
        ["analyze", "connect", "France", "Belgium"],
        ["analyze", "export", "-o", tmp_path / "g.graphml"],
        ["chart", "backers", "-o", tmp_path / "c.svg"],
        ["viz", "-o", tmp_path / "v.html"],
    ):
        proc = run_cli(*args, *scope, "--store", scoped_store)
        assert proc.returncode == 0, (args, proc.stderr)
        assert "commitments" in proc.stdout + proc.stderr, args


def test_python_api_takes_the_same_keywords(scoped_store: Path) -> None:
    with peacekg.open(scoped_store) as kg:
        assert kg.backers().cell(FRA, WPS) == (1, 0)  # the 0.3 commitment is below the default
        assert kg.backers(min_confidence=0).cell(FRA, WPS) == (2, 0)
        assert kg.backers(count="commitments", min_confidence=0).cell(FRA, WPS) == (3, 0)
        assert kg.backers(until=1999).cell(FRA, WPS) == (1, 0)
        assert kg.backers(min_confidence=0.5).cell(FRA, WPS) == (1, 0)
        wps = kg.priority("wps", count="commitments", since=2000, min_confidence=0)
        assert {p.actor.code: p.support for p in wps.backers}["FRA"] == 1
        france = kg.country("France", min_confidence=0)
        pos = next(p for p in france.positions if p.target.iri == WPS)
        assert pos.support == 2 and pos.unit == "speeches"
        assert "2 speeches" in pos.stance_summary()
        assert len(kg.commitments(actor="France", until=1999)) == 2
        graph = kg.backing_graph(scope=Scope(count="commitments", min_confidence=0))
        assert graph.edges[FRA, WPS]["weight"] == 3 and graph.graph["unit"] == "commitments"
        with pytest.raises(TypeError):
            kg.backers(years=2000)


def test_table_one_row_per_commitment_and_aggregated(scoped_store: Path, tmp_path: Path) -> None:
    import csv

    out = tmp_path / "tidy.csv"
    proc = run_cli("table", "--store", scoped_store, "--min-confidence", "0", "-o", out,
                   check=True)  # fmt: skip
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 20 and "20 commitments" in proc.stderr
    assert list(rows[0])[:8] == [
        "actor", "iso3", "actor_kind", "target", "target_code", "target_kind", "stance", "year",
    ]  # fmt: skip
    gd = [r for r in rows if r["document"] == "FRA_50_1995.txt"]
    assert [(r["iso3"], r["target_code"], r["stance"], r["year"]) for r in gd] == [
        ("FRA", "wps", "Support", "1995"),
        ("FRA", "wps", "Pledge", "1995"),
    ]
    assert gd[0]["speech_id"].endswith("/dgd/statement/1") or gd[0]["speech_id"].endswith("dgd")
    assert {r["confidence"] for r in rows} == {"", "0.3", "0.9", "0.95"}
    default = run_cli("table", "--store", scoped_store, "-o", out, check=True)
    assert "19 commitments" in default.stderr  # the 0.3 one is below the model's threshold
    agg = json.loads(
        run_cli("table", "--aggregate", "--format", "json", "--store", scoped_store).stdout
    )
    fra = {(r["target_code"], r["year"]): r for r in agg if r["iso3"] == "FRA"}
    assert fra[("wps", 1995)]["backing"] == 1 and fra[("wps", 1995)]["unit"] == "speeches"
    agg = json.loads(
        run_cli(
            "table", "--aggregate", "--count", "commitments", "--format", "json",
            "--since", "1990", "--until", "1999", "--store", scoped_store,
        ).stdout
    )  # fmt: skip
    assert [(r["iso3"], r["target_code"], r["year"], r["backing"]) for r in agg] == [
        ("FRA", "wps", 1995, 2)
    ]


def test_viz_filters_on_the_command_line(scoped_store: Path, tmp_path: Path) -> None:
    page = tmp_path / "v.html"
    proc = run_cli("viz", "--top", "1", "-o", page, "--store", scoped_store, check=True)
    assert "Showing the 1 states with the most speeches of 7; 6 left out" in proc.stderr
    proc = run_cli(
        "viz", "--region", "Europe", "--top", "0", "-o", page, "--store", scoped_store,
        check=True,
    )  # fmt: skip
    assert "states of Europe" in page.read_text(encoding="utf-8")
    assert "Indonesia" not in page.read_text(encoding="utf-8")
    proc = run_cli("viz", "--region", "Narnia", "-o", page, "--store", scoped_store)
    assert proc.returncode == 1 and "unknown region narnia" in proc.stderr
    proc = run_cli("viz", "--since", "1990", "--until", "1999", "-o", page, "--store", scoped_store)
    assert "(3 nodes" not in proc.stdout and "Belgium" not in page.read_text(encoding="utf-8")
