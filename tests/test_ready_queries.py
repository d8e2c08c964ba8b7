"""Every ready query (queries/*.rq) through the real CLI: one row per fact, and the binding its
``# bind:`` line documents restricts the rows; target lookups name their documents and
citations; ``--timeout`` stops a query."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from conftest import run_cli
from test_scope import build_scoped_store

from peacekg.graph.query.sparql import library

#: The words-against-deeds queries need imported data sets; tests/test_deeds.py runs them.
NEEDS_DEEDS = {"wps-without-women", "pledges-without-deployment", "votes-against-backed-missions"}
QUERIES = {name: path for name, path in library().items() if name not in NEEDS_DEEDS}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_scoped_store(tmp_path_factory.mktemp("ready") / "store")


def _rows(store: Path, name: str, *binds: str) -> list[dict[str, str]]:
    args = [a for b in binds for a in ("--bind", b)]
    out = run_cli("query", name, *args, "--format", "csv", "--store", store, check=True).stdout
    return list(csv.DictReader(io.StringIO(out)))


def _documented_bindings(path: Path) -> list[str]:
    m = re.search(r"^# bind: (.+)$", path.read_text(encoding="utf-8"), re.M)
    assert m, f"{path.name} documents no binding (a '# bind: name=value' line)"
    return m.group(1).split()


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_one_row_per_fact(store: Path, name: str) -> None:
    rows = _rows(store, name)
    assert rows, f"{name} returns nothing on the test store"
    keys = [tuple(v for k, v in r.items() if not k.endswith("Label")) for r in rows]
    assert len(keys) == len(set(keys)), f"{name} repeats a fact (e.g. with another label)"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_documented_binding_restricts_rows(store: Path, name: str) -> None:
    binds = _documented_bindings(QUERIES[name])
    everything = _rows(store, name)
    bound = _rows(store, name, *binds)
    assert bound, f"{name} with {binds} returns nothing"
    for b in binds:
        var, value = b.split("=", 1)
        if var not in bound[0]:
            continue
        want = value.strip('"').replace("pkid:", "https://w3id.org/peacekg/id/")
        assert {r[var] for r in bound} == {want}, (name, var)
    assert len(bound) <= len(everything)


def test_bind_inside_optional_restricts_rows(store: Path) -> None:
    everything = _rows(store, "mission-contributors")
    assert {r["acronym"] for r in everything} == {"MINUSMA", "UNAMID"}
    rows = _rows(store, "mission-contributors", 'acronym="UNAMID"')
    assert [(r["acronym"], r["actorLabel"]) for r in rows] == [("UNAMID", "Indonesia")]
    assert _rows(store, "mission-contributors", 'acronym="UNIFIL"') == []


def test_bind_of_an_unused_variable_is_refused(store: Path) -> None:
    proc = run_cli("query", "opposition", "--bind", "nation=pkid:state/FRA", "--store", store)
    assert proc.returncode == 2
    assert "?nation" in proc.stderr and "no such variable" in proc.stderr


def test_priority_counts_the_documents_that_name_it(store: Path) -> None:
    out = run_cli("priority", "wps", "--store", store, check=True).stdout
    assert "named in 3 document(s)" in out  # never "mentioned in 0"
    data = json.loads(run_cli("priority", "wps", "--format", "json", "--store", store).stdout)
    assert data["mentioned_in_documents"] == 3


def test_resolution_shows_who_cites_it_beside_who_backs_it(store: Path) -> None:
    out = run_cli("resolution", "2538", "--store", store, check=True).stdout
    assert re.search(
        r"cited by \(1\) in 1 document\(s\):\s+France \(FRA\): 1 document\(s\), 1995", out
    )
    assert re.search(r"backed by \(1\):\s+Belgium", out)
    data = json.loads(run_cli("resolution", "2538", "--format", "json", "--store", store).stdout)
    assert [(c["actor"]["code"], c["years"]) for c in data["cited_by"]] == [("FRA", [1995])]
    rows = _rows(store, "resolution-citations")
    assert [(r["stateLabel"], r["year"], r["speeches"]) for r in rows] == [("France", "1995", "1")]


def test_query_timeout_stops_a_long_query(store: Path) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    proc = run_cli("query", slow, "--timeout", "1", "--store", store, timeout=60)
    assert proc.returncode == 1
    assert "timed out after 1 s" in proc.stderr and "--timeout" in proc.stderr
    ok = run_cli("query", "priority-backers", "--timeout", "30", "--store", store, check=True)
    assert "wps" in ok.stdout
