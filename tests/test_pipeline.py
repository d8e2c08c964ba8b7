"""One Document through one Pipeline: the steps, the resources they are given, the gates that
say why a sentence is no commitment, the rule that proposed each one, and its graph term."""

# ruff: noqa: E501  (the test document keeps one paragraph per line, as real ones do)

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from pyshacl import validate
from rdflib import Graph, Literal
from rdflib.collection import Collection
from rdflib.namespace import SH

from peacekg.graph.ingest.rdf import extraction_quads
from peacekg.loaders.commitments.extract import GATES, SENTENCE_GATES, STANCE_GATES
from peacekg.loaders.model import COMMITMENT_RULES, Document
from peacekg.loaders.pipeline import Pipeline
from peacekg.loaders.resources import Resources
from peacekg.loaders.speakers import COMPONENTS
from peacekg.ontology.namespaces import PK, commitment_iri, statement_iri
from peacekg.ontology.reference import ontology_graph, reference_graph, shapes_graph

GHANA = """Statement by the Permanent Representative of Ghana

Ghana will deploy 150 peacekeepers to UNMISS next year.

We support the Action for Peacekeeping initiative and its focus on the performance of peacekeeping.

Peacekeeping mandates must be clear and realistic, and the protection of civilians must be at their core.

Indonesia deployed 200 police officers to MINUSCA.

The Light Coordination Mechanism has proved effective for peacekeeping partnerships.

Our engineers serve with pride in MINUSMA and in UNMISS.

We thank Indonesia for its leadership on the protection of civilians in peacekeeping.

The Force has played a crucial role in the protection of civilians in peacekeeping.

I listened to the briefing on the safety and security of peacekeepers.

Rwanda's battalion in UNMISS was inspected in June.
"""


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(Resources.load())


@pytest.fixture(scope="module")
def ghana(pipeline: Pipeline, tmp_path_factory: pytest.TempPathFactory) -> Document:
    path = tmp_path_factory.mktemp("pipeline") / "ghana.txt"
    path.write_text(GHANA, encoding="utf-8")
    return pipeline.extract(path).document


def _sentence(doc: Document, start: int) -> str:
    return doc.text[start:].split("\n", 1)[0]


def test_steps_run_in_order_and_leave_their_layers(ghana: Document, pipeline: Pipeline) -> None:
    steps = ["language", "mentions", "speakers", "people", "commitments", "confidence"]
    assert [name for name, _ in pipeline.steps] == steps
    assert [(st.rule, [s.key for s in st.speakers]) for st in ghana.statements] == [
        ("headed-statements", ["GHA"])
    ]
    assert {"UNMISS", "MINUSCA", "IDN"} <= {m.entity.key for m in ghana.mentions}
    assert all(ghana.text[m.start : m.end] == m.text for m in ghana.mentions)
    assert ghana.commitments and ghana.skipped
    assert all(c.confidence is not None and 0 <= c.confidence <= 1 for c in ghana.commitments)


def test_every_commitment_names_the_rule_that_proposed_it(ghana: Document) -> None:
    found = {
        _sentence(ghana, c.start)[:30]: (c.rule, c.actor.key, c.stance, c.cue, c.cue_kind)
        for c in ghana.commitments
    }
    assert found == {
        "Ghana will deploy 150 peacekee": ("speaker-named", "GHA", "Pledge", None, None),
        "We support the Action for Peac": ("first-person", "GHA", "Support", "support", "Support"),
        "Peacekeeping mandates must be ": (
            "stance-cue",
            "GHA",
            "CallForAction",
            "must",
            "CallForAction",
        ),
        "Indonesia deployed 200 police ": (
            "named-actor",
            "IDN",
            "Contribution",
            "deployed",
            "Contribution",
        ),
        "The Light Coordination Mechani": ("initiative-evaluation", "GHA", "Support", None, None),
        "Our engineers serve with pride": ("contribution-verb", "GHA", "Contribution", None, None),
    }
    assert {c.rule for c in ghana.commitments} == set(COMMITMENT_RULES)
    assert all(c.gate is None for c in ghana.commitments)


def test_gates_say_why_a_sentence_is_no_stance(ghana: Document) -> None:
    why = {_sentence(ghana, c.start)[:30]: c.gate for c in ghana.skipped}
    assert why == {
        "We thank Indonesia for its lea": "thanks",
        "The Force has played a crucial": "past-evaluation",
        "I listened to the briefing on ": "topic-only",
        "Rwanda's battalion in UNMISS w": "no-actor",
        # no stance of its own, but its contribution to the missions is one (above)
        "Our engineers serve with pride": "no-stance-cue",
    }
    assert all(c.actor.key == "GHA" for c in ghana.skipped)


def test_the_gates_are_an_ordered_tuple_of_named_checks() -> None:
    assert GATES == SENTENCE_GATES + STANCE_GATES
    assert [g.name for g in GATES] == [
        "heading",
        "thanks",
        "no-target",
        "no-actor",
        "topic-only",
        "past-evaluation",
        "no-stance-cue",
    ]
    assert all(g.why for g in GATES)


def test_a_pipeline_reads_only_the_resources_it_is_given() -> None:
    # in a fresh process: extracting with a pipeline's own resources never builds the
    # package's default matcher
    code = (
        "import sys, pathlib, tempfile\n"
        "from peacekg.loaders.entities import get_matcher\n"
        "from peacekg.loaders.pipeline import Pipeline\n"
        "from peacekg.loaders.resources import Resources\n"
        "p = pathlib.Path(tempfile.mkdtemp()) / 'g.txt'\n"
        f"p.write_text({GHANA!r})\n"
        "ex = Pipeline(Resources.load()).extract(p)\n"
        "assert ex.commitments\n"
        "sys.exit(get_matcher.cache_info().currsize)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_the_graph_records_the_rules_and_conforms(pipeline: Pipeline, ghana: Document) -> None:
    from peacekg.loaders.model import Extraction

    ex = Extraction.of(ghana)
    quads = extraction_quads(ex, built_at="2024-01-01T00:00:00Z", source_path="/x/ghana.txt")
    g = Graph()
    for q in quads:
        g.parse(data=f"{q.subject} {q.predicate} {q.object} .", format="nt")
    doc_id = ghana.doc_id
    assert (statement_iri(doc_id, 1), PK.extractionRule, Literal("headed-statements")) in g
    rules = {str(o) for o in g.objects(None, PK.extractionRule)}
    assert set(COMMITMENT_RULES) <= rules
    first = commitment_iri(doc_id, 1)
    assert g.value(first, PK.extractionRule) == Literal(ghana.commitments[0].rule)
    conforms, _, report = validate(
        g + ontology_graph() + reference_graph(), shacl_graph=shapes_graph(), inference="none"
    )
    assert conforms, report


def test_the_shapes_list_the_rules_of_the_code() -> None:
    shapes = shapes_graph()
    lists = [
        {str(v) for v in Collection(shapes, o)}
        for s in shapes.subjects(SH.path, PK.extractionRule)
        for o in shapes.objects(s, SH["in"])
    ]
    assert sorted(lists, key=len) == [
        set(COMMITMENT_RULES),
        {c.name for c in COMPONENTS},
    ]


def test_a_bad_rule_name_is_a_shape_violation(ghana: Document) -> None:
    from peacekg.loaders.model import Extraction

    ghana_bad = Extraction.of(ghana)
    ghana_bad.commitments = [ghana.commitments[0]]
    ghana_bad.commitments[0] = type(ghana.commitments[0])(
        **{**ghana.commitments[0].__dict__, "rule": "guessed"}
    )
    g = Graph()
    for q in extraction_quads(ghana_bad, built_at="2024-01-01T00:00:00Z", source_path="/x"):
        g.parse(data=f"{q.subject} {q.predicate} {q.object} .", format="nt")
    conforms, _, _ = validate(
        g + ontology_graph() + reference_graph(), shacl_graph=shapes_graph(), inference="none"
    )
    assert not conforms


def test_the_module_extract_runs_the_process_pipeline(tmp_path: Path) -> None:
    from peacekg.loaders.pipeline import extract

    path = tmp_path / "ghana.txt"
    path.write_text(GHANA, encoding="utf-8")
    ex = extract(path)
    assert [c.rule for c in ex.commitments][:2] == ["speaker-named", "first-person"]
    assert ex.persons == [s.person for s in ex.document.statements if s.person]


def test_speaker_components_read_the_mentions_layer_by_span() -> None:
    from peacekg.loaders.model import EntityRef, Mention
    from peacekg.loaders.speakers import attribute_speakers

    text = "Ruritania remains committed to peacekeeping. Ruritania will train more troops."
    doc = Document(
        doc_id="r",
        path=Path("r.txt"),
        text=text,
        sha256="",
        media_type="text/plain",
        kind="statement",
    )
    # a mentions step that knew Ruritania as Norway: the self-reference reads its spans
    norway = EntityRef("State", "NOR", "Norway")
    doc.mentions = [Mention(norway, 0, 9, "Ruritania"), Mention(norway, 45, 54, "Ruritania")]
    attribute_speakers(doc)
    assert [(st.rule, [s.key for s in st.speakers]) for st in doc.statements] == [
        ("self-reference", ["NOR"])
    ]
