"""A speech published twice (a statement and its press release, the same day) counts once in
every count: the summary graph, ``backers`` in any scope, the networks and the HTML view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

from peacekg.graph.network import projections as network
from peacekg.graph.query.scope import Scope
from peacekg.graph.store.database import Store
from peacekg.ontology.namespaces import priority_iri, state_iri

NOR, WPS = str(state_iri("NOR")), str(priority_iri("wps"))

SPEECH = (
    "Norway remains a strong supporter of the women and peace and security agenda in "
    "peacekeeping operations. Norway calls for stronger protection of civilians by every "
    "peacekeeping mission.\n"
)

#: file name -> (text, sidecar)
CORPUS = {
    "norway-statement.txt": (
        "Statement by Norway at the open debate on peacekeeping\n\n" + SPEECH,
        {"speaker": "NOR", "date": "2021-03-15", "type": "statement"},
    ),
    "norway-press.txt": (SPEECH, {"speaker": "NOR", "date": "2021-03-15", "type": "press-release"}),
    "norway-2022.txt": (
        "Statement by Norway at the debate on peace operations\n\n"
        "Norway strongly supports the women and peace and security agenda and the full "
        "participation of women in peace operations.\n",
        {"speaker": "NOR", "date": "2022-05-02", "type": "statement"},
    ),
}


@pytest.fixture(scope="module")
def twice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("twice")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, (text, meta) in CORPUS.items():
        (corpus / name).write_text(text, encoding="utf-8")
        (corpus / name.replace(".txt", ".meta.json")).write_text(json.dumps(meta))
    store = root / "store"
    run_cli("build", corpus, "--store", store, "-j", "1", check=True)
    return store


def _wps_cell(store: Path, *scope: str) -> str:
    out = run_cli("backers", "--store", store, "--format", "json", *scope, check=True).stdout
    cells = json.loads(out)["cells"]
    return [(c["support"], c["opposition"]) for c in cells
            if c["actor_code"] == "NOR" and c["priority"] == "wps"]  # fmt: skip


def test_the_speech_is_linked(twice: Path) -> None:
    rows = Store(twice).select(
        "SELECT ?a ?b WHERE { ?a pk:countedAs ?b . ?a prov:wasDerivedFrom/pk:sourceFile ?f }"
    )
    assert len(rows) == 1


@pytest.mark.parametrize(
    "scope",
    [(), ("--min-confidence", "0"), ("--since", "2000"), ("--count", "commitments")],
    ids=["summary", "every-commitment", "years", "commitments"],
)
def test_backers_count_the_speech_once(twice: Path, scope: tuple[str, ...]) -> None:
    assert _wps_cell(twice, *scope) == [(2, 0)]


def test_networks_count_the_speech_once(twice: Path) -> None:
    store = Store(twice)
    B = network.backing_graph(store, scope=Scope(min_confidence=0))
    assert (B.edges[NOR, WPS]["support"], B.edges[NOR, WPS]["weight"]) == (2, 2)
    assert B.edges[NOR, WPS]["years"] == {2021: 1, 2022: 1}  # per year, adding up to weight
    B = network.backing_graph(store, scope=Scope(count="commitments", min_confidence=0))
    assert B.edges[NOR, WPS]["weight"] == B.edges[NOR, WPS]["commitments"] == 2
