"""networkx projections, analytics, and ``peacekg analyze``."""

from __future__ import annotations

import json
import random
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
    C = network.cobacking_graph(mini, alpha=None)  # every pair sharing a backed priority
    assert C.edges[FRA, BEL]["shared_count"] == 2 and C.edges[FRA, BEL]["p_value"] is None
    assert C.edges[FRA, BEL]["shared"] == ["performance", "wps"]
    assert 0 < C.edges[FRA, BEL]["weight"] <= 1  # cosine of the stance profiles
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
    groups = analytics.communities(network.cobacking_graph(mini, alpha=None))
    members = [set(g.members) for g in groups]
    assert any({FRA, BEL} <= m for m in members)
    assert any({RUS, CHN} <= m for m in members)
    assert analytics.communities(network.cobacking_graph(mini, alpha=None), "greedy")
    div = analytics.divisive(B)
    assert div[0].iri == WPS
    assert set(div[0].opponents) == {"China", "Russian Federation"}
    paths = analytics.connect(B, FRA, RUS)
    assert paths[0].nodes == [FRA, WPS, RUS]
    assert paths[0].steps[1].actor == RUS and paths[0].steps[1].sign == -1
    assert "gender" in paths[0].steps[1].evidence[0][0]


# --- the co-backing network on profiles whose answer is known -----------------------------


def _blocs(size: int = 6, seed: int = 0, common: bool = True) -> nx.DiGraph:
    """Three blocs of ``size`` states: bloc A backs priorities p0-p2, B p3-p5, C p6-p8 (2-6
    speeches each), bloc C also opposes p0; every state backs ``common`` too, so every pair
    shares a backed priority (the complete graph that says nothing)."""
    rng = random.Random(seed)
    B = nx.DiGraph(unit="speeches")
    for p in [f"p{k}" for k in range(9)] + ["common"]:
        B.add_node(p, type="Priority", label=p, code=p, iri=p)
    for b, bloc in enumerate("ABC"):
        for k in range(size):
            s = f"{bloc}{k}"
            B.add_node(s, type="State", label=s, code=s, iri=s)
            for t in range(3 * b, 3 * b + 3):
                B.add_edge(s, f"p{t}", support=rng.randint(2, 6), opposition=0)
            if common:
                B.add_edge(s, "common", support=rng.randint(1, 3), opposition=0)
            if bloc == "C":
                B.add_edge(s, "p0", support=0, opposition=rng.randint(1, 3))
    return B


@pytest.mark.parametrize("similarity", ["cosine", "jaccard"])
def test_cobacking_keeps_only_significant_pairs(similarity: str) -> None:
    B = _blocs()
    raw = network.cobacking_graph(None, backing=B, alpha=None, similarity=similarity)
    assert raw.number_of_edges() == 18 * 17 // 2  # complete: every pair shares "common"
    C = network.cobacking_graph(None, backing=B, similarity=similarity)
    assert C.number_of_nodes() == 18 and C.graph["pairs_tested"] == 153
    assert C.graph["similarity"] == similarity and C.graph["alpha"] == 0.05
    within = [(u, v) for u, v in C.edges if u[0] == v[0]]
    assert len(within) == C.number_of_edges() >= 30  # of the 45 pairs inside the blocs
    for _u, _v, d in C.edges(data=True):
        assert d["q_value"] <= 0.05 and d["p_value"] <= d["q_value"] and 0 < d["weight"] <= 1
    groups = analytics.communities(C)
    assert [sorted(g.labels) for g in groups] == [
        [f"{bloc}{k}" for k in range(6)] for bloc in "ABC"
    ]  # fmt: skip
    assert {r.label[0] for r in analytics.centrality(C, "degree", types="State", top=18)} == {
        "A", "B", "C"
    }  # fmt: skip
    again = network.cobacking_graph(None, backing=B, similarity=similarity)
    assert sorted(again.edges(data="q_value")) == sorted(C.edges(data="q_value"))  # seeded


def test_cobacking_opposition_is_part_of_the_profile() -> None:
    """A state that backs what another backs but also opposes p0 has another profile."""
    B = _blocs()
    actors, features, X = network.stance_profiles(B)
    assert ("p0", "opposes") in features and X.shape == (18, len(features))
    col = features.index(("p0", "opposes"))
    assert [a for a, n in zip(actors, X[:, col], strict=True) if n] == [f"C{k}" for k in range(6)]
    before = network.cobacking_graph(None, backing=B, alpha=None).edges["A1", "A2"]["weight"]
    B.edges["A1", "p0"]["opposition"] = 3  # A1 now also opposes p0, which A2 only backs
    after = network.cobacking_graph(None, backing=B, alpha=None).edges["A1", "A2"]["weight"]
    assert after < before


def test_cobacking_of_identical_profiles_is_empty() -> None:
    """When every state says the same, no pair is more alike than chance."""
    B = nx.DiGraph(unit="speeches")
    B.add_node("wps", type="Priority", label="wps", code="wps", iri="wps")
    B.add_node("perf", type="Priority", label="perf", code="perf", iri="perf")
    for k in range(10):
        B.add_node(f"s{k}", type="State", label=f"s{k}", code="", iri=f"s{k}")
        B.add_edge(f"s{k}", "wps", support=2, opposition=0)
        B.add_edge(f"s{k}", "perf", support=1, opposition=0)
    assert network.cobacking_graph(None, backing=B, alpha=None).number_of_edges() == 45
    C = network.cobacking_graph(None, backing=B)
    assert C.number_of_nodes() == 10 and C.number_of_edges() == 0
    with pytest.raises(ValueError, match="unknown similarity"):
        network.cobacking_graph(None, backing=B, similarity="euclid")
    with pytest.raises(ValueError, match="alpha"):
        network.cobacking_graph(None, backing=B, alpha=0)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize("projection", ["backing", "cobacking", "contribution"])
def test_export(mini_store: Path, tmp_path: Path, fmt: str, projection: str) -> None:
    out = tmp_path / f"g.{fmt}"
    run_cli("analyze", "export", "--graph", projection, "--format", fmt, "-o", out,
            "--alpha", "1", "--store", mini_store, check=True)  # fmt: skip
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
    assert "no pair of states is more alike than chance at a false discovery rate of 0.05" in out
    out = run_cli("analyze", "communities", "--alpha", "1", "--store", mini_store).stdout
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
    C = network.cobacking_graph(store, alpha=None)
    assert C.number_of_edges() > 0
    for cmd in (["central"], ["communities"], ["divisive", "--all"], ["connect", "France", "USA"]):
        run_cli("analyze", *cmd, "--store", seeds_store, check=True)
    out = tmp_path / "seeds.graphml"
    run_cli("analyze", "export", "-o", out, "--store", seeds_store, check=True)
    assert nx.read_graphml(out).number_of_nodes() == B.number_of_nodes()
