"""The Python API: ``peacekg.open()`` and ``KG``."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

import peacekg
from peacekg.graph.query.results import BackersMatrix, Commitment, CountryProfile, NotFound

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
    assert {"actor", "target", "stance", "evidence", "source_file"} <= set(sdf.columns)
    qdf = kg.query("SELECT ?t WHERE { ?a pk:opposes ?t }", a="pkid:state/RUS", as_frame=True)
    assert len(qdf) == 2


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
    assert kg.cobacking_graph().number_of_edges() > 0
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
