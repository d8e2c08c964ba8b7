"""Lookups (``country``, ``mission``, ``priority``, ``initiative``, ``resolution``, ``backers``,
``search``): content on a hand-built store, names bound as terms, and the real seeds."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import run_cli

from peacekg.graph.query import entities, lookups, results
from peacekg.graph.query.scope import Scope
from peacekg.graph.store.database import Store


@pytest.fixture(scope="module")
def mini(mini_store: Path) -> Store:
    return Store(mini_store)


# --- name resolution -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["France", "france", "FRA", "fra", "French Republic", "  FRANCE  "],
)
def test_country_names_any_case(mini: Store, name: str) -> None:
    assert entities.resolve(mini, "State", name).code == "FRA"


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Russia", "RUS"),
        ("ivory coast", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("the Republic of Korea", "KOR"),
        ("South Korea", "KOR"),
    ],
)
def test_country_variants_and_accents(mini: Store, name: str, iso3: str) -> None:
    assert entities.resolve(mini, "State", name).code == iso3


def test_typo_suggests(mini: Store) -> None:
    with pytest.raises(results.NotFound) as err:
        entities.resolve(mini, "State", "Frnace")
    assert err.value.suggestions == ["France"]
    assert "did you mean 'France'?" in str(err.value)


@pytest.mark.parametrize(
    "name",
    [
        'x" } ; DROP ALL ; SELECT * WHERE { ?s ?p "',
        "France> } UNION { ?s ?p ?o",
        '"} OPTIONAL { ?e ?p ?o } FILTER(true) #',
        "<https://w3id.org/peacekg/id/state/FRA>",
    ],
)
def test_injection_attempts_are_just_names(mini: Store, name: str) -> None:
    with pytest.raises(results.NotFound):
        entities.resolve(mini, "State", name)
    assert lookups.search(mini, name) == []


def test_name_with_sparql_syntax_is_found(mini: Store) -> None:
    state = entities.resolve(mini, "State", 'Quote "Land" } >')
    assert state.code == "XQZ"
    profile = lookups.country(mini, 'quote "land" } >')
    assert [p.target.code for p in profile.positions] == ["wps"]
    assert lookups.search(mini, '"yes" } >')[0].actor.code == "XQZ"


# --- lookups ---------------------------------------------------------------------------------


def test_country_profile(mini: Store) -> None:
    p = lookups.country(mini, "France")
    assert p.state.label == "France" and p.formal_name == "French Republic"
    groups = p.by_type()
    assert list(groups) == ["Priority", "Initiative", "Mission"]
    assert {x.target.code for x in groups["Priority"]} == {"performance", "wps"}
    pledge = groups["Mission"][0].evidence[0]
    assert pledge.stance == "Pledge" and pledge.quantities == ["300 troops"]
    assert pledge.source.source_file == "003_988a79a43857b860.txt"
    assert pledge.source.symbol == "S/2020/911" and pledge.source.date == "2020-09-17"
    assert p.statements == 1 and [s.symbol for s in p.statement_sources] == ["S/2020/911"]
    assert [c.mission.code for c in p.contributions] == ["MINUSMA"]


def test_target_lookups(mini: Store) -> None:
    wps = lookups.priority(mini, "wps")
    assert {b.actor.code for b in wps.backers} == {"FRA", "BEL", "IDN", "XQZ"}
    assert {o.actor.code for o in wps.opponents} == {"RUS", "CHN"}
    assert lookups.priority(mini, "women, peace and security").target.iri == wps.target.iri
    m = lookups.mission(mini, "unamid")
    assert [c.actor.code for c in m.contributions] == ["IDN"]
    assert m.backers[0].evidence[0].quantities == ["210 peacekeepers"]
    assert lookups.initiative(mini, "A4P").backers[0].actor.code == "FRA"
    for number in ("2538", "S/RES/2538 (2020)", "resolution 2538"):
        assert [b.actor.code for b in lookups.resolution(mini, number).backers] == ["BEL"]
    with pytest.raises(results.NotFound):
        lookups.mission(mini, "MINUSMAA_XYZ")


def test_backers_matrix(mini: Store) -> None:
    m = lookups.backers(mini)
    assert [p.code for p in m.priorities][:2] == ["politics", "wps"]
    assert len(m.priorities) == 8
    assert m.cell("https://w3id.org/peacekg/id/state/RUS", m.priorities[1]) == (0, 1)
    assert m.cell("https://w3id.org/peacekg/id/state/BEL", m.priorities[1]) == (1, 0)


def test_search_case_insensitive(mini: Store) -> None:
    hits = lookups.search(mini, "WOMEN")
    assert {c.actor.code for c in hits} == {"FRA", "BEL", "XQZ", "IDN"}
    assert lookups.search(mini, "women", limit=2).__len__() == 2


# --- the commands ----------------------------------------------------------------------------


def test_cli_country(mini_store: Path) -> None:
    out = run_cli("country", "france", "--store", mini_store, check=True).stdout
    assert "France (FRA)" in out and "S/2020/911" in out and "300 troops" in out
    data = json.loads(run_cli("country", "FRA", "--store", mini_store, "--format", "json").stdout)
    assert data["state"]["code"] == "FRA"
    assert data["contributes_to"][0]["mission"]["code"] == "MINUSMA"
    rows = list(
        csv.DictReader(
            io.StringIO(run_cli("country", "fra", "--store", mini_store, "--format", "csv").stdout)
        )
    )
    assert {r["stance"] for r in rows} == {"Support", "Pledge"}


def test_cli_typo_exits_1(mini_store: Path) -> None:
    proc = run_cli("country", "Frnace", "--store", mini_store)
    assert proc.returncode == 1
    assert "did you mean 'France'?" in proc.stderr


def test_cli_injection(mini_store: Path) -> None:
    proc = run_cli("country", 'x" } ; DROP ALL #', "--store", mini_store)
    assert proc.returncode == 1 and "no state named" in proc.stderr
    proc = run_cli("country", 'Quote "Land" } >', "--store", mini_store, check=True)
    assert "XQZ" in proc.stdout


def test_cli_targets_backers_search(mini_store: Path) -> None:
    assert "Russian Federation" in run_cli("priority", "wps", "--store", mini_store).stdout
    out = run_cli("mission", "MINUSMA", "--store", mini_store, check=True).stdout
    assert "contributors (1)" in out
    assert "Belgium" in run_cli("resolution", "2538", "--store", mini_store, check=True).stdout
    assert "France" in run_cli("initiative", "a4p", "--store", mini_store, check=True).stdout
    out = run_cli("backers", "--store", mini_store, check=True).stdout
    assert out.splitlines()[0].split()[:3] == ["actor", "politics", "wps"]
    data = json.loads(run_cli("backers", "--store", mini_store, "--format", "json").stdout)
    assert {"actor": "Russian Federation", "priority": "wps", "opposition": 1}.items() <= next(
        c for c in data["cells"] if c["actor_code"] == "RUS" and c["priority"] == "wps"
    ).items()
    out = run_cli("search", "Women", "--store", mini_store, check=True).stdout
    assert "(5 result(s); counting commitments)" in out


def test_cli_missing_store(tmp_path: Path) -> None:
    proc = run_cli("country", "France", "--store", tmp_path / "nothing")
    assert proc.returncode == 1 and "no peacekg store" in proc.stderr


# --- the real seeds --------------------------------------------------------------------------


def test_seeds_country_france(seeds_store: Path) -> None:
    proc = run_cli("country", "France", "--store", seeds_store, check=True)
    assert "France (FRA)" in proc.stdout
    data = json.loads(
        run_cli("country", "france", "--store", seeds_store, "--format", "json", check=True).stdout
    )
    quotes = [e for group in data["commitments"].values() for p in group for e in p["evidence"]]
    assert quotes, "France has no commitments in the seeds store"
    assert all(e["source"]["symbol"] == "S/2020/911" for e in quotes)
    assert all(e["quote"] and e["source"]["source_file"].startswith("003_") for e in quotes)
    assert data["statements"]["count"] >= 1


def test_seeds_lookups_run(seeds_store: Path) -> None:
    store = Store(seeds_store)
    m = lookups.backers(store)
    assert len(m.priorities) == 8 and m.actors
    assert any(a.code == "FRA" for a in m.actors)
    # every commitment, whatever its confidence (the default keeps only the confident ones)
    mission = lookups.mission(store, "minusma", scope=Scope(min_confidence=0))
    assert mission.backers and mission.target.code == "MINUSMA"
    wps = lookups.priority(store, "wps")
    assert any(b.actor.code == "FRA" for b in wps.backers)
    assert lookups.resolution(store, "2538").backers
    assert lookups.search(store, "WOMEN")
    for cmd in (["backers"], ["search", "women"], ["priority", "performance"]):
        run_cli(*cmd, "--store", seeds_store, check=True)
