"""The Python API: ``peacekg.open()`` and ``KG``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

import peacekg
from peacekg.graph.query.frames import Rows
from peacekg.graph.query.results import BackersMatrix, Commitment, CountryProfile, NotFound
from peacekg.graph.query.table import AGGREGATE_COLUMNS, TIDY_COLUMNS

FRA = URIRef("https://w3id.org/peacekg/id/state/FRA")


@pytest.fixture(scope="module")
def kg(mini_store: Path):
    with peacekg.open(mini_store) as kg:
        yield kg


def test_open_and_lookups(kg) -> None:
    fra = kg.country("France")
    assert isinstance(fra, CountryProfile) and fra.state.iri == str(FRA)
    assert {p.target.code for p in fra.positions} >= {"wps", "performance"}
    assert kg.mission("MINUSMA").contributions[0].actor.code == "FRA"
    assert {o.actor.code for o in kg.priority("wps").opponents} == {"RUS", "CHN"}
    assert kg.initiative("Action for Peacekeeping").backers
    assert kg.resolution(2538).backers[0].actor.code == "BEL"
    assert isinstance(kg.backers(), BackersMatrix)
    hits = kg.search("women")
    assert hits and all(isinstance(c, Commitment) for c in hits)
    assert [c.target.code for c in kg.commitments(actor="Russia", target="wps")] == ["wps"]
    with pytest.raises(NotFound):
        kg.country("Atlantis")


def test_frames(kg) -> None:
    pytest.importorskip("pandas")
    df = kg.backers(as_frame=True)
    assert df.loc["Russian Federation", "wps-"] == 1
    assert df.loc["France", "wps"] == 1
    sdf = kg.search("women", as_frame=True)
    assert list(sdf.columns) == list(TIDY_COLUMNS)
    assert set(sdf["document"]) <= {"002_0ef9ecf7aa721380.txt", "003_988a79a43857b860.txt"}
    qdf = kg.query("SELECT ?t WHERE { ?a pk:opposes ?t }", a="pkid:state/RUS", as_frame=True)
    assert len(qdf) == 2


def test_tidy_table(kg) -> None:
    rows = kg.table(min_confidence=0)
    assert isinstance(rows, Rows) and rows and set(rows[0]) == set(TIDY_COLUMNS)
    fra = [r for r in rows if r["iso3"] == "FRA" and r["target_code"] == "wps"]
    assert len(fra) == 1 and fra[0]["stance"] == "Support" and fra[0]["target_kind"] == "Priority"
    assert fra[0]["document"] == "003_988a79a43857b860.txt" and fra[0]["year"] == 2020
    assert 0 <= fra[0]["start"] < fra[0]["end"]
    pytest.importorskip("pandas")
    df = rows.to_frame()
    assert list(df.columns) == list(TIDY_COLUMNS) and len(df) == len(rows)
    assert str(df["year"].dtype) == str(df["start"].dtype) == "Int64"
    row = df[(df["iso3"] == "FRA") & (df["target_code"] == "wps")].iloc[0]
    assert (row["start"], row["end"]) == (fra[0]["start"], fra[0]["end"])
    # the same rows as `peacekg table`, and the aggregate per actor, target and year
    assert kg.table(as_frame=True, min_confidence=0).equals(df)
    agg = kg.table(aggregate=True, min_confidence=0).to_frame()
    assert list(agg.columns) == list(AGGREGATE_COLUMNS)
    rus = agg[(agg["iso3"] == "RUS") & (agg["target_code"] == "wps")].iloc[0]
    assert (rus["backing"], rus["opposition"], rus["unit"]) == (0, 1, "speeches")
    assert len(kg.table(since=2021, min_confidence=0)) < len(rows)


def test_to_frame_on_results(kg) -> None:
    pytest.importorskip("pandas")
    commitments = kg.commitments(actor="Russia")
    assert isinstance(commitments, Rows) and isinstance(commitments[0], Commitment)
    cdf = commitments.to_frame()
    assert list(cdf.columns) == list(TIDY_COLUMNS) and set(cdf["iso3"]) == {"RUS"}
    central = kg.central(top=3).to_frame()
    assert list(central.columns) == ["iri", "label", "type", "score"]
    assert central.iloc[0]["label"] == "Women, peace and security"
    assert {"members", "labels", "shared"} <= set(kg.communities(alpha=None).to_frame().columns)
    assert set(kg.divisive().to_frame()["label"]) >= {"Women, peace and security"}
    query = kg.query("SELECT ?t WHERE { ?a pk:opposes ?t }", a="pkid:state/RUS").to_frame()
    assert len(query) == 2 and query["t"].str.startswith("https://").all()


def test_to_frame_on_lookups(kg) -> None:
    pytest.importorskip("pandas")
    fra = kg.country("France").to_frame()
    assert set(fra["actor"]) == {"France"} and "wps" in set(fra["target_iri"].str[-3:])
    assert set(kg.priority("wps").to_frame()["target"]) == {"Women, peace and security"}
    cells = kg.backers().to_frame()
    row = cells[(cells["actor_code"] == "RUS") & (cells["priority"] == "wps")].iloc[0]
    assert (row["support"], row["opposition"], row["unit"]) == (0, 1, "speeches")


def test_frames_need_pandas_only_when_asked(mini_store: Path) -> None:
    """Without pandas, the API works and .to_frame() names the extra to install."""
    code = f"""
import sys
sys.modules["pandas"] = None  # as if pandas were not installed
import peacekg
from peacekg.graph.query.frames import FramesUnavailable
kg = peacekg.open({str(mini_store)!r})
rows = kg.table(min_confidence=0)
assert rows and "pandas" not in [m for m in sys.modules if sys.modules[m] is not None]
try:
    rows.to_frame()
except FramesUnavailable as exc:
    print(exc)
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "pip install 'peacekg[frames]'" in proc.stdout


def test_query(kg) -> None:
    rows = kg.query("SELECT ?t WHERE { ?a pk:backs ?t }", a="pkid:state/FRA")
    assert {str(r["t"]).rsplit("/", 1)[1] for r in rows} >= {"wps", "performance"}
    rows = kg.query("SELECT ?t WHERE { ?a pk:backs ?t }", a=FRA)
    assert len(rows) == 4
    assert kg.query("ASK { ?a pk:opposes ?t }", a=FRA) is False
    g = kg.query("CONSTRUCT { ?a pk:opposes ?t } WHERE { ?a pk:opposes ?t }")
    assert isinstance(g, Graph) and len(g) == 3
    q = "SELECT ?c WHERE { ?c pk:evidence ?e FILTER(CONTAINS(?e, ?x)) }"
    assert len(kg.query(q, x=Literal('"yes" } >'))) == 1
    rows = kg.query("evidence", actor="pkid:state/FRA", target="pkid:priority/wps")
    assert len(rows) == 1


def test_networks_and_analytics(kg) -> None:
    assert kg.backing_graph().has_edge(str(FRA), "https://w3id.org/peacekg/id/priority/wps")
    assert kg.cobacking_graph(alpha=None).number_of_edges() > 0
    assert kg.cobacking_graph().number_of_edges() == 0  # four states: nothing beats chance
    assert kg.contribution_graph().number_of_edges() == 2
    assert kg.central(top=3)[0].label == "Women, peace and security"
    assert kg.communities()
    assert kg.divisive()[0].label == "Women, peace and security"
    assert kg.connect("France", "China")[0].labels[1] == "Women, peace and security"


def test_seeds_api(seeds_store: Path) -> None:
    with peacekg.open(seeds_store) as kg:
        fra = kg.country("fra")
        quotes = fra.commitments()
        assert quotes and all(c.source.symbol == "S/2020/911" for c in quotes)
        assert kg.backers().actors


def test_dataset_is_the_store_through_rdflib(seeds_store) -> None:
    """rdflib code sees the same named graphs and triples as the store."""
    from rdflib import URIRef
    from rdflib.namespace import RDF

    import peacekg
    from peacekg.graph.store.database import Store
    from peacekg.ontology.namespaces import PK

    with peacekg.open(seeds_store) as kg:
        ds = kg.dataset()
        store = Store(seeds_store)
        names = {str(g.identifier) for g in ds.graphs() if len(g)}
        assert names == set(store.named_graphs())
        docs = set(ds.subjects(RDF.type, PK.Document))
        assert len(docs) == 3
        doc = next(iter(docs))
        assert isinstance(doc, URIRef)
        graph = ds.get_graph(doc)  # read-only: ds.graph() would try to add it
        assert graph is not None and len(graph) > 0
