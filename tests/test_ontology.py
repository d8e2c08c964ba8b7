"""The ontology, the A4P schemes and the SHACL shapes."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SH, SKOS

from peacekg.loaders.model import DOCUMENT_KINDS
from peacekg.ontology.namespaces import (
    PK,
    STANCES,
    commitment_iri,
    document_iri,
    priority_iri,
    scheme_iri,
    state_iri,
    statement_iri,
)
from peacekg.ontology.reference import ontology_graph, reference_graph, shapes_graph

XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
REPO = Path(__file__).resolve().parents[1]
ONTOLOGY_MD = Path(__file__).resolve().parents[2] / "shared" / "ONTOLOGY.md"
A4P_CODES = [
    "politics",
    "wps",
    "protection",
    "safety-security",
    "performance",
    "peacebuilding",
    "partnerships",
    "conduct",
]
PROJECT_TERMS = [
    "sha256",
    "documentKind",
    "peacekgVersion",
    "host",
    "participant",
    "deliveredBy",
    "heading",
    "startOffset",
    "endOffset",
    "inStatement",
    "hasQuantity",
    "Quantity",
    "amount",
    "unit",
    "dueDate",
    "role",
    "affiliation",
    "m49",
    "formalName",
    "startDate",
    "endDate",
    "hostState",
    "establishedBy",
    "former",
    "cue",
    "Stance",
    "sourcePath",
    "statementKind",
    "buildKey",
    "CitedDocument",
    "extractionRule",
    "stanceCue",
    "worthCue",
    "anchorCue",
    "datePrecision",
    "matchedDeployment",
    "noReportedDeployment",
    "onPeaceOperations",
    "aboutMission",
    "countedAs",
]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology_graph()


@pytest.fixture(scope="module")
def base() -> Graph:
    """Ontology + reference data: what every validation runs against."""
    return ontology_graph() + reference_graph()


def _declared(g: Graph, term: URIRef) -> bool:
    kinds = {
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        OWL.NamedIndividual,
    }
    return bool(kinds & set(g.objects(term, RDF.type)))


def _ontology_md_terms() -> set[str]:
    text = ONTOLOGY_MD.read_text(encoding="utf-8")
    return set(re.findall(r"`pk:([A-Za-z]+)`", text)) | set(re.findall(r"\bpk:([A-Za-z]+)\b", text))


@pytest.mark.skipif(not ONTOLOGY_MD.exists(), reason="../shared is absent")
def test_every_public_term_is_declared_with_label_and_comment(onto: Graph) -> None:
    terms = _ontology_md_terms()
    assert {"Actor", "Commitment", "backs", "contributesTo", "Opposition"} <= terms
    for name in sorted(terms):
        term = PK[name]
        assert _declared(onto, term), name
        assert onto.value(term, RDFS.label) is not None, name
        assert onto.value(term, RDFS.comment) is not None, name


def test_project_terms_and_every_pk_term_labelled(onto: Graph) -> None:
    for name in PROJECT_TERMS:
        assert _declared(onto, PK[name]), name
    pk_terms = {s for s in onto.subjects() if isinstance(s, URIRef) and s.startswith(str(PK))}
    for term in pk_terms:
        assert onto.value(term, RDFS.label) is not None, term
        assert onto.value(term, RDFS.comment) is not None, term


def test_stances(onto: Graph) -> None:
    for stance in STANCES.values():
        assert (stance, RDF.type, PK.Stance) in onto


def test_alignments(onto: Graph) -> None:
    from rdflib.namespace import FOAF, ORG, SDO

    undo = "https://w3id.org/un/ontology/undo/"
    assert (PK.Organization, RDFS.subClassOf, ORG.Organization) in onto
    assert (PK.Organization, RDFS.subClassOf, FOAF.Organization) in onto
    assert (PK.Organization, RDFS.subClassOf, SDO.Organization) in onto
    assert (PK.Person, RDFS.subClassOf, FOAF.Person) in onto
    assert (PK.Document, RDFS.subClassOf, PROV.Entity) in onto
    assert (PK.Priority, RDFS.subClassOf, SKOS.Concept) in onto
    assert (PK.Actor, RDFS.subClassOf, PROV.Agent) in onto
    assert (PK.Resolution, RDFS.subClassOf, URIRef(undo + "Resolution")) in onto
    assert (PK.Document, RDFS.seeAlso, URIRef(undo + "Document")) in onto


def test_a4p_scheme(onto: Graph) -> None:
    scheme = scheme_iri("a4p")
    concepts = set(onto.subjects(SKOS.inScheme, scheme))
    assert concepts == {priority_iri(c) for c in A4P_CODES}
    for code in A4P_CODES:
        c = priority_iri(code)
        assert (c, RDF.type, PK.Priority) in onto
        assert (c, RDF.type, SKOS.Concept) in onto
        assert (c, SKOS.notation, Literal(code)) in onto
        assert (c, SKOS.topConceptOf, scheme) in onto
        assert onto.value(c, SKOS.prefLabel) is not None
        assert onto.value(c, SKOS.definition) is not None


def test_a4p_plus_scheme_is_mapped(onto: Graph) -> None:
    scheme = scheme_iri("a4p-plus")
    concepts = set(onto.subjects(SKOS.inScheme, scheme))
    assert len(concepts) == 9
    a4p = {priority_iri(c) for c in A4P_CODES}
    mappings = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.relatedMatch)
    for c in concepts:
        assert str(c).startswith(str(priority_iri("", "a4p-plus")))
        targets = {o for p in mappings for o in onto.objects(c, p)}
        assert targets and targets <= a4p, c
    assert (priority_iri("wps", "a4p-plus"), SKOS.closeMatch, priority_iri("wps")) in onto


def test_reference_graph_conforms(base: Graph) -> None:
    conforms, _, text = validate(base, shacl_graph=shapes_graph(), inference="none")
    assert conforms, text


def test_document_kinds_match_the_loaders() -> None:
    shapes = shapes_graph()
    lists = [
        o for s in shapes.subjects(SH.path, PK.documentKind) for o in shapes.objects(s, SH["in"])
    ]
    from rdflib.collection import Collection

    assert {str(v) for v in Collection(shapes, lists[0])} == set(DOCUMENT_KINDS)


def _document(g: Graph, doc_id: str = "d1") -> URIRef:
    doc = document_iri(doc_id)
    g.add((doc, RDF.type, PK.Document))
    g.add((doc, PK.sourceFile, Literal("report.pdf")))
    g.add((doc, PK.sha256, Literal("a" * 64)))
    g.add((doc, RDFS.label, Literal("A report")))
    g.add((doc, PK.documentKind, Literal("letter")))
    return doc


def _violations(data: Graph) -> list[tuple[str, str]]:
    conforms, results, _ = validate(data, shacl_graph=shapes_graph(), inference="none")
    found = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        found.append((str(results.value(r, SH.focusNode)), str(results.value(r, SH.resultPath))))
    assert conforms == (not found)
    return found


def test_good_document_graph_conforms(base: Graph) -> None:
    g = Graph()
    doc = _document(g)
    st = statement_iri("d1", 1)
    g.add((doc, PK.hasStatement, st))
    g.add((st, RDF.type, PK.Statement))
    g.add((st, PK.speaker, state_iri("BEL")))
    g.add((st, PK.startOffset, Literal(0)))
    g.add((st, PK.endOffset, Literal(10)))
    g.add((st, PROV.wasDerivedFrom, doc))
    c = commitment_iri("d1", 1)
    g.add((c, RDF.type, PK.Commitment))
    g.add((c, PK.actor, state_iri("BEL")))
    g.add((c, PK.stance, PK.Support))
    g.add((c, PK.target, priority_iri("performance")))
    g.add((c, PK.evidence, Literal("Belgium supports performance.")))
    g.add((c, PK.confidence, Literal("0.912", datatype=XSD_DECIMAL)))
    g.add((c, PROV.wasDerivedFrom, doc))
    g.add((c, PK.inStatement, st))
    q = URIRef(f"{c}/quantity/1")
    g.add((c, PK.hasQuantity, q))
    g.add((q, RDF.type, PK.Quantity))
    g.add((q, PK.amount, Literal("210.0", datatype=XSD_DECIMAL)))
    g.add((q, PK.unit, Literal("peacekeepers")))
    # a state minted in the document graph: typed pk:State only, no pk:Actor
    g.add((state_iri("XKX"), RDF.type, PK.State))
    g.add((state_iri("XKX"), RDFS.label, Literal("Kosovo")))
    g.add((state_iri("XKX"), PK.iso3, Literal("XKX")))
    g.add((c, PK.target, state_iri("XKX")))
    assert _violations(base + g) == []


def test_bad_commitment_fails_with_expected_violations(base: Graph) -> None:
    g = Graph()
    doc = _document(g)
    c = commitment_iri("d1", 1)
    g.add((c, RDF.type, PK.Commitment))
    g.add((c, PK.actor, state_iri("BEL")))
    g.add((c, PK.actor, state_iri("FRA")))  # two actors
    g.add((c, PK.stance, URIRef(str(PK) + "Neutral")))  # not one of the five
    g.add((c, PK.target, priority_iri("wps")))
    g.add((c, PROV.wasDerivedFrom, doc))
    # no pk:evidence, no pk:confidence
    found = set(_violations(base + g))
    assert (str(c), str(PK.actor)) in found
    assert (str(c), str(PK.stance)) in found
    assert (str(c), str(PK.evidence)) in found
    assert (str(c), str(PK.confidence)) in found


def test_bad_state_document_and_statement_fail(base: Graph) -> None:
    g = Graph()
    doc = document_iri("d2")
    g.add((doc, RDF.type, PK.Document))
    g.add((doc, PK.sha256, Literal("not-a-digest")))
    g.add((doc, RDFS.label, Literal("x")))
    bad = state_iri("Fr")
    g.add((bad, RDF.type, PK.State))
    g.add((bad, RDFS.label, Literal("France?")))
    g.add((bad, PK.iso3, Literal("Fr")))
    st = statement_iri("d2", 1)
    g.add((st, RDF.type, PK.Statement))
    g.add((st, PK.speaker, priority_iri("wps")))  # not an actor
    g.add((st, PK.startOffset, Literal("12")))  # a string, not an integer
    g.add((st, PK.endOffset, Literal(20)))
    g.add((st, PROV.wasDerivedFrom, doc))
    found = set(_violations(base + g))
    assert (str(doc), str(PK.sourceFile)) in found
    assert (str(doc), str(PK.sha256)) in found
    assert (str(bad), str(PK.iso3)) in found
    assert (str(st), str(PK.speaker)) in found
    assert (str(st), str(PK.startOffset)) in found


def test_priority_without_scheme_fails(base: Graph) -> None:
    g = Graph()
    p = priority_iri("invented")
    g.add((p, RDF.type, PK.Priority))
    g.add((p, RDF.type, SKOS.Concept))
    g.add((p, RDFS.label, Literal("Invented")))
    g.add((p, SKOS.prefLabel, Literal("Invented")))
    found = set(_violations(base + g))
    assert (str(p), str(SKOS.notation)) in found
    assert (str(p), str(SKOS.inScheme)) in found


def _dataset(g: Graph) -> URIRef:
    ds = URIRef("https://w3id.org/peacekg/id/dataset/test")
    g.add((ds, RDF.type, PK.Dataset))
    g.add((ds, RDFS.label, Literal("test figures")))
    g.add((ds, URIRef("http://purl.org/dc/terms/title"), Literal("Test figures")))
    g.add((ds, URIRef("http://purl.org/dc/terms/source"), URIRef("https://example.org/src")))
    return ds


def test_deeds_conform_and_bad_deeds_fail(base: Graph) -> None:
    g = Graph()
    ds = _dataset(g)
    dep = URIRef("https://w3id.org/peacekg/id/deployment/FRA/UNIFIL/2019")
    g.add((dep, RDF.type, PK.Deployment))
    g.add((dep, PK.contributor, state_iri("FRA")))
    g.add((dep, PK.mission, URIRef("https://w3id.org/peacekg/id/mission/UNIFIL")))
    g.add((dep, PK.year, Literal(2019)))
    g.add((dep, PK.personnel, Literal(700)))
    g.add((dep, PK.femalePersonnel, Literal(30)))
    g.add((dep, PK.malePersonnel, Literal(670)))
    g.add((dep, PROV.wasDerivedFrom, ds))
    rc = URIRef("https://w3id.org/peacekg/id/rollcall/1")
    g.add((rc, RDF.type, PK.RollCall))
    g.add((rc, PK.year, Literal(1990)))
    g.add((rc, PROV.wasDerivedFrom, ds))
    vote = URIRef("https://w3id.org/peacekg/id/vote/1/FRA")
    g.add((vote, RDF.type, PK.Vote))
    g.add((vote, PK.voter, state_iri("FRA")))
    g.add((vote, PK.rollCall, rc))
    g.add((vote, PK.choice, PK.Abstain))
    assert _violations(base + g) == []

    bad = Graph()
    _dataset(bad)
    dep2 = URIRef("https://w3id.org/peacekg/id/deployment/FRA/UNIFIL/2020")
    bad.add((dep2, RDF.type, PK.Deployment))
    bad.add((dep2, PK.contributor, state_iri("FRA")))
    bad.add((dep2, PK.year, Literal("2020")))  # a string, not an integer
    bad.add((dep2, PK.personnel, Literal(-3)))
    vote2 = URIRef("https://w3id.org/peacekg/id/vote/2/FRA")
    bad.add((vote2, RDF.type, PK.Vote))
    bad.add((vote2, PK.voter, state_iri("FRA")))
    bad.add((vote2, PK.choice, URIRef(str(PK) + "Maybe")))
    found = set(_violations(base + bad))
    assert (str(dep2), str(PK.mission)) in found
    assert (str(dep2), str(PK.year)) in found
    assert (str(dep2), str(PK.personnel)) in found
    assert (str(dep2), str(PROV.wasDerivedFrom)) in found
    assert (str(vote2), str(PK.rollCall)) in found
    assert (str(vote2), str(PK.choice)) in found


def test_confidence_and_year_are_checked_on_commitments(base: Graph) -> None:
    g = Graph()
    doc = _document(g)
    g.add((doc, PK.year, Literal(2020)))
    c = commitment_iri("d1", 1)
    g.add((c, RDF.type, PK.Commitment))
    g.add((c, PK.actor, state_iri("BEL")))
    g.add((c, PK.stance, PK.Support))
    g.add((c, PK.target, priority_iri("wps")))
    g.add((c, PK.evidence, Literal("Belgium supports women in peacekeeping.")))
    g.add((c, PROV.wasDerivedFrom, doc))
    g.add((c, PK.year, Literal(2020)))
    g.add((c, PK.confidence, Literal("0.93", datatype=XSD_DECIMAL)))
    assert _violations(base + g) == []
    g.set((c, PK.confidence, Literal("1.5", datatype=XSD_DECIMAL)))
    assert (str(c), str(PK.confidence)) in set(_violations(base + g))
    g.remove((c, PK.confidence, None))  # every commitment has one
    assert (str(c), str(PK.confidence)) in set(_violations(base + g))


def test_pk_is_a_closed_namespace_generated_from_the_ontology(onto: Graph) -> None:
    spec = importlib.util.spec_from_file_location("make_pk", REPO / "tools" / "make_pk.py")
    assert spec is not None and spec.loader is not None
    make_pk = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_pk)

    terms = make_pk.declared_terms(onto)
    assert set(PK.__annotations__) == set(terms)
    generated = (REPO / "ontology" / "pk.py").read_text(encoding="utf-8")
    assert generated == make_pk.render(terms), "run python tools/make_pk.py (make pk)"
    assert PK.Commitment == URIRef("https://w3id.org/peacekg/ontology#Commitment")
    with pytest.raises(AttributeError):
        PK.Commitmnet  # noqa: B018 - a typo is an error, not a new IRI
