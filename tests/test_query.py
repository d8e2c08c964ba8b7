"""``peacekg query``: SELECT/ASK/CONSTRUCT, formats, bindings, errors, the ready queries."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import run_cli
from rdflib import Literal, URIRef

from peacekg import errors
from peacekg.graph.query import sparql
from peacekg.graph.store.database import Store

Q_BACKS = "SELECT ?a ?t WHERE { ?a pk:backs ?t } ORDER BY ?a ?t"


def test_parse_term() -> None:
    assert sparql.parse_term("pkid:state/FRA") == URIRef("https://w3id.org/peacekg/id/state/FRA")
    assert sparql.parse_term("<https://example.org/x>") == URIRef("https://example.org/x")
    assert sparql.parse_term('"women"@en') == Literal("women", lang="en")
    assert sparql.parse_term("France") == Literal("France")
    assert sparql.parse_term('"a } > \\" b"') == Literal('a } > " b')
    assert sparql.parse_term("42").datatype.endswith("integer")
    with pytest.raises(errors.QueryError):
        sparql.parse_bindings(["nobinding"])


def test_run_query_kinds(mini_store: Path) -> None:
    store = Store(mini_store)
    rows = sparql.run_query(store, Q_BACKS).rows()
    assert len(rows) >= 10
    assert sparql.run_query(store, "ASK { ?s pk:opposes ?o }").boolean() is True
    triples = sparql.run_query(
        store, "CONSTRUCT { ?a pk:opposes ?t } WHERE { ?a pk:opposes ?t }"
    ).triples()
    assert len(triples) == 3
    # values are bound as terms, even with SPARQL syntax inside
    q = "SELECT ?c WHERE { ?c pk:evidence ?e FILTER(CONTAINS(?e, ?q)) }"
    assert len(sparql.run_query(store, q, {"q": Literal('"yes" } >')}).rows()) == 1
    with pytest.raises(errors.QuerySyntaxError, match="error at 1:"):
        sparql.run_query(store, "SELECT ?s WHERE { ?s ")


def test_cli_select_formats(mini_store: Path) -> None:
    out = run_cli("query", Q_BACKS, "--store", mini_store, check=True).stdout
    assert "pkid:state/BEL" in out and "rows)" in out
    data = json.loads(run_cli("query", Q_BACKS, "--store", mini_store, "--format", "json").stdout)
    assert data["head"]["vars"] == ["a", "t"] and data["results"]["bindings"]
    rows = list(
        csv.reader(
            io.StringIO(run_cli("query", Q_BACKS, "--store", mini_store, "--format", "csv").stdout)
        )
    )
    assert rows[0] == ["a", "t"] and len(rows) > 5
    tsv = run_cli("query", Q_BACKS, "--store", mini_store, "--format", "tsv").stdout
    assert tsv.splitlines()[0] == "?a\t?t"


def test_cli_ask_construct(mini_store: Path) -> None:
    assert run_cli("query", "ASK { ?s pk:opposes ?o }", "--store", mini_store).stdout == "true\n"
    out = run_cli(
        "query",
        "CONSTRUCT { ?a pk:opposes ?t } WHERE { ?a pk:opposes ?t }",
        "--store",
        mini_store,
        "--format",
        "ntriples",
        check=True,
    ).stdout
    assert len(out.strip().splitlines()) == 3
    describe = "DESCRIBE <https://w3id.org/peacekg/id/state/FRA>"
    ttl = run_cli("query", describe, "--store", mini_store, check=True).stdout
    assert "FRA" in ttl


def test_cli_errors(mini_store: Path, tmp_path: Path) -> None:
    proc = run_cli("query", "SELECT ?s WHERE { ?s", "--store", mini_store)
    assert proc.returncode == 2 and "SPARQL syntax error" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = run_cli("query", "DROP ALL", "--store", mini_store)
    assert proc.returncode == 2 and "read-only" in proc.stderr
    proc = run_cli("query", "missing.rq", "--store", mini_store)
    assert proc.returncode == 2 and "no such query file" in proc.stderr
    proc = run_cli("query", Q_BACKS, "--store", tmp_path / "none")
    assert proc.returncode == 1


def test_cli_bind_and_file(mini_store: Path, tmp_path: Path) -> None:
    rq = tmp_path / "mine.rq"
    rq.write_text("SELECT ?t WHERE { ?actor pk:opposes ?t } ORDER BY ?t\n")
    out = run_cli(
        "query", rq, "--bind", "actor=pkid:state/RUS", "--store", mini_store, "--format", "csv"
    ).stdout
    assert out.split() == [
        "t",
        *sorted(
            [
                "https://w3id.org/peacekg/id/priority/protection",
                "https://w3id.org/peacekg/id/priority/wps",
            ]
        ),
    ]
    # a hostile literal binding is a value, not query text
    out = run_cli(
        "query",
        "SELECT ?c WHERE { ?c pk:evidence ?q }",
        "--bind",
        'q="} ; DROP ALL ; {"',
        "--store",
        mini_store,
        "--format",
        "csv",
        check=True,
    ).stdout
    assert out.split() == ["c"]


def test_cli_list() -> None:
    out = run_cli("query", "--list", check=True).stdout
    for name in sparql.library():
        assert name in out


# --- the ready queries on the mini store and on the seeds -------------------------------------

EXPECTED_MINI = {
    "priority-backers": lambda rows: {"FRA", "BEL"} <= {r["state"].split("/")[-1] for r in rows},
    "opposition": lambda rows: {r["actor"].split("/")[-1] for r in rows} == {"RUS", "CHN"},
    "mission-contributors": lambda rows: (
        {(r["acronym"], r["actor"].split("/")[-1]) for r in rows}
        == {("MINUSMA", "FRA"), ("UNAMID", "IDN")}
    ),
    "state-resolutions": lambda rows: (
        [(r["symbol"], r["backing"], r["opposition"]) for r in rows]
        == [("S/RES/2538 (2020)", "1", "0")]
    ),
    "cobacking-pairs": lambda rows: any(
        {r["aLabel"], r["bLabel"]} == {"Belgium", "France"} and r["shared"] == "2" for r in rows
    ),
    "evidence": lambda rows: len(rows) >= 10,
    "quantities": lambda rows: {r["quantity"] for r in rows} == {"300 troops", "210 peacekeepers"},
    "confident-backers": lambda rows: {"FRA", "BEL"} <= {r["state"].split("/")[-1] for r in rows},
    # the mini store's documents that name a resolution have several speakers
    "resolution-citations": lambda rows: rows == [],
    # words against deeds: no data set in the mini store, so nothing to hold against the
    # words (tests/test_deeds.py runs them with deployments and votes)
    "wps-without-women": lambda rows: rows == [],
    "pledges-without-deployment": lambda rows: rows == [],
    "votes-against-backed-missions": lambda rows: rows == [],
}


def _csv(proc) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(proc.stdout)))


def test_library_is_documented() -> None:
    readme = (sparql.QUERY_DIR / "README.md").read_text()
    assert set(sparql.library()) == set(EXPECTED_MINI)
    for name in sparql.library():
        assert f"{name}.rq" in readme


@pytest.mark.parametrize("name", sorted(EXPECTED_MINI))
def test_ready_query_mini(mini_store: Path, name: str) -> None:
    rows = _csv(
        run_cli("query", f"queries/{name}.rq", "--store", mini_store, "--format", "csv", check=True)
    )
    assert EXPECTED_MINI[name](rows), rows


def test_evidence_query_bound(mini_store: Path, seeds_store: Path) -> None:
    args = ["--bind", "actor=pkid:state/FRA", "--bind", "target=pkid:priority/wps"]
    rows = _csv(
        run_cli(
            "query",
            "queries/evidence.rq",
            *args,
            "--store",
            mini_store,
            "--format",
            "csv",
            check=True,
        )
    )
    assert len(rows) == 1 and "women's participation" in rows[0]["evidence"]
    rows = _csv(
        run_cli("query", "evidence", *args, "--store", seeds_store, "--format", "csv", check=True)
    )
    assert rows and all(r["symbol"] == "S/2020/911" for r in rows)


@pytest.mark.parametrize("name", sorted(EXPECTED_MINI))
def test_ready_query_seeds(seeds_store: Path, name: str) -> None:
    proc = run_cli(
        "query", f"queries/{name}.rq", "--store", seeds_store, "--format", "json", check=True
    )
    data = json.loads(proc.stdout)
    assert "results" in data
    if name in (
        "priority-backers",
        "cobacking-pairs",
        "evidence",
        "quantities",
        "state-resolutions",
    ):
        assert data["results"]["bindings"], f"{name} found nothing in the seeds"


def test_confident_backers_keep_what_clears_the_bound_confidence(seeds_store: Path) -> None:
    def rows(*bind: str) -> list[dict[str, str]]:
        proc = run_cli("query", "confident-backers", *bind, "--store", seeds_store,
                       "--format", "csv", check=True)  # fmt: skip
        return _csv(proc)

    every = rows()
    # a bound between the pairs' best confidences: the pairs below it drop out
    bests = sorted({float(r["best"]) for r in every})
    assert len(bests) > 2
    bound = bests[len(bests) // 2]
    confident = rows("--bind", f"min={bound}")
    total = sum(int(r["commitments"]) for r in every)
    kept = sum(int(r["commitments"]) for r in confident)
    assert 0 < kept < total
    assert all(float(r["best"]) >= bound for r in confident)
    assert not rows("--bind", "min=1.01")
