"""networkx projections, analytics, and ``peacekg analyze``."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from conftest import run_cli

from peacekg.graph.network import analytics
from peacekg.graph.network import projections as network
from peacekg.graph.store.database import Store
from peacekg.ontology.namespaces import mission_iri, priority_iri, state_iri

FRA, BEL, RUS, CHN, IDN = (str(state_iri(c)) for c in ("FRA", "BEL", "RUS", "CHN", "IDN"))
WPS = str(priority_iri("wps"))


@pytest.fixture(scope="module")
def mini(mini_store: Path) -> Store:
    return Store(mini_store)


def test_backing_graph(mini: Store) -> None:
    G = network.backing_graph(mini)
    assert isinstance(G, nx.DiGraph)
    assert G.nodes[FRA] == {
        "label": "France", "type": "State", "iri": FRA, "code": "FRA"
    }  # fmt: skip
    assert G.nodes[WPS]["type"] == "Priority" and G.nodes[WPS]["label"].startswith("Women")
    e = G.edges[FRA, WPS]
    assert (e["weight"], e["support"], e["opposition"], e["sign"]) == (1, 1, 0, 1)
    assert e["evidence"][0][1] == "003_988a79a43857b860.txt"
    assert G.edges[RUS, WPS]["sign"] == -1
    assert G.nodes[str(mission_iri("MINUSMA"))]["type"] == "Mission"
    only = network.backing_graph(mini, target_types="Priority", stances=["Opposition"])
    assert {(u.rsplit("/", 1)[1], v.rsplit("/", 1)[1]) for u, v in only.edges} == {
        ("RUS", "wps"),
        ("RUS", "protection"),
        ("CHN", "wps"),
    }


def test_cobacking_and_contribution(mini: Store) -> None:
    C = network.cobacking_graph(mini)
    assert C.edges[FRA, BEL]["weight"] == 2
    assert C.edges[FRA, BEL]["shared"] == ["performance", "wps"]
    assert not C.has_edge(FRA, RUS)  # RUS opposes wps, backs only politics
    assert C.has_edge(RUS, CHN) and C.edges[RUS, CHN]["shared"] == ["politics"]
    K = network.contribution_graph(mini)
    assert set(K.edges) == {(FRA, str(mission_iri("MINUSMA"))), (IDN, str(mission_iri("UNAMID")))}
    assert K.edges[IDN, str(mission_iri("UNAMID"))]["sources"] == ["002_0ef9ecf7aa721380.txt"]


def test_analytics(mini: Store) -> None:
    B = network.backing_graph(mini, actor_types=None)
    top = analytics.centrality(B, "degree", types="Priority", top=1)
    assert top[0].iri == WPS
    for measure in analytics.MEASURES:
        assert analytics.centrality(B, measure, types="State")
    groups = analytics.communities(network.cobacking_graph(mini))
    members = [set(g.members) for g in groups]
    assert any({FRA, BEL} <= m for m in members)
    assert any({RUS, CHN} <= m for m in members)
    assert analytics.communities(network.cobacking_graph(mini), "greedy")
    div = analytics.divisive(B)
    assert div[0].iri == WPS
    assert set(div[0].opponents) == {"China", "Russian Federation"}
    paths = analytics.connect(B, FRA, RUS)
    assert paths[0].nodes == [FRA, WPS, RUS]
    assert paths[0].steps[1].actor == RUS and paths[0].steps[1].sign == -1
    assert "gender" in paths[0].steps[1].evidence[0][0]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize("projection", ["backing", "cobacking", "contribution"])
def test_export(mini_store: Path, tmp_path: Path, fmt: str, projection: str) -> None:
    out = tmp_path / f"g.{fmt}"
    run_cli("analyze", "export", "--graph", projection, "--format", fmt, "-o", out,
            "--store", mini_store, check=True)  # fmt: skip
    H = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert H.number_of_edges() > 0
    node = next(iter(H.nodes(data=True)))[1]
    assert {"label", "type", "iri"} <= set(node)
    if projection == "backing":
        edge = H.edges[FRA, WPS]
        assert int(edge["sign"]) == 1 and "women" in edge["evidence"].lower()


def test_cli_analyze(mini_store: Path) -> None:
    out = run_cli("analyze", "central", "--store", mini_store, check=True).stdout
    assert out.splitlines()[0] == "counting speeches (distinct documents)"
    assert "Women, peace and security" in out.splitlines()[1]
    data = json.loads(
        run_cli(
            "analyze",
            "central",
            "--measure",
            "betweenness",
            "--type",
            "State",
            "--format",
            "json",
            "--store",
            mini_store,
            check=True,
        ).stdout
    )
    assert all(r["type"] == "State" for r in data)
    out = run_cli("analyze", "communities", "--store", mini_store, check=True).stdout
    assert "Belgium, France" in out
    out = run_cli("analyze", "divisive", "--store", mini_store, check=True).stdout
    assert out.splitlines()[1].startswith("Women, peace and security: 4 for, 2 against")
    out = run_cli(
        "analyze", "connect", "France", "Russia", "--store", mini_store, check=True
    ).stdout
    assert "Russian Federation opposes Women, peace and security" in out
    proc = run_cli("analyze", "connect", "France", "Narnia", "--store", mini_store)
    assert proc.returncode == 1 and "no state named 'Narnia'" in proc.stderr


def test_seeds_network(seeds_store: Path, tmp_path: Path) -> None:
    store = Store(seeds_store)
    B = network.backing_graph(store)
    assert B.number_of_edges() > 10 and B.has_node(FRA)
    assert all(d["type"] for _, d in B.nodes(data=True))
    C = network.cobacking_graph(store)
    assert C.number_of_edges() > 0
    for cmd in (["central"], ["communities"], ["divisive", "--all"], ["connect", "France", "USA"]):
        run_cli("analyze", *cmd, "--store", seeds_store, check=True)
    out = tmp_path / "seeds.graphml"
    run_cli("analyze", "export", "-o", out, "--store", seeds_store, check=True)
    assert nx.read_graphml(out).number_of_nodes() == B.number_of_nodes()
