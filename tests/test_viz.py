"""Tests of graph/views/ (view, html, chart) and the ``viz`` / ``chart`` commands (no browser)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import commitment_triples
from rdflib import Literal
from rdflib.namespace import RDF, RDFS, SKOS

from peacekg.cli import main
from peacekg.graph.ingest.summary import summary_quads
from peacekg.graph.query.scope import Scope
from peacekg.graph.store.database import Store, StoreWriter
from peacekg.graph.views.chart import backers_matrix, heatmap_bytes, write_chart
from peacekg.graph.views.html import render_html, script_json, write_viz
from peacekg.graph.views.view import ViewError, build_view, limit_graph
from peacekg.ontology.namespaces import (
    A4P_AREAS,
    PK,
    REFERENCE_GRAPH,
    document_iri,
    mission_iri,
    organization_iri,
    priority_iri,
    state_iri,
)

#: Text planted in a document to check that the page never runs it.
XSS_LABEL = '<img src=x onerror="window.__pwned=1">Evilstan <script>alert(1)</script>'
XSS_QUOTE = (
    "Evilstan backs </script><script>window.__pwned=2;alert(1)</script> "
    "<!-- <img src=x onerror=alert(3)> & protection of civilians"
)

Triple = tuple[object, object, object]


def _commitments(doc_id: str, items: Iterable[tuple]) -> list[Triple]:
    """Triples of a document graph holding ``(actor, stance, target, evidence)`` items."""
    out: list[Triple] = []
    for n, item in enumerate(items, start=1):
        out += commitment_triples(doc_id, n, *item)
    return out


def _document(doc_id: str, source_file: str, symbol: str | None = None) -> list[Triple]:
    doc = document_iri(doc_id)
    out: list[Triple] = [
        (doc, RDF.type, PK.Document),
        (doc, PK.sourceFile, Literal(source_file)),
        (doc, RDFS.label, Literal(source_file)),
    ]
    if symbol:
        out.append((doc, PK.symbol, Literal(symbol)))
    return out


def make_store(path: Path, *, xss: bool = True) -> Path:
    """A small store following docs/architecture.md: 4 reference states, 1 mission, two
    documents (and a third whose text carries script/HTML payloads when ``xss``), and the
    summary graph a build derives from them."""
    states = {"FRA": "France", "BEL": "Belgium", "RUS": "Russian Federation", "IDN": "Indonesia"}
    ref: list[Triple] = []
    for iso3, name in states.items():
        s = state_iri(iso3)
        ref += [
            (s, RDF.type, PK.State),
            (s, RDFS.label, Literal(name)),
            (s, PK.iso3, Literal(iso3)),
        ]
    m = mission_iri("MINUSMA")
    ref += [
        (m, RDF.type, PK.Mission),
        (m, RDFS.label, Literal("MINUSMA")),
        (m, PK.acronym, Literal("MINUSMA")),
    ]
    # Priorities labelled as in the ontology graph (skos:prefLabel), some left unlabelled.
    onto: list[Triple] = []
    for code in ("performance", "wps", "protection"):
        p = priority_iri(code)
        onto += [
            (p, RDF.type, PK.Priority),
            (p, SKOS.prefLabel, Literal(A4P_AREAS[code], lang="en")),
            (p, SKOS.notation, Literal(code)),
        ]
    au = organization_iri("African Union")
    letter = [
        *_document("letter", "letter.txt", "S/2020/911"),
        (document_iri("letter"), PK.mentions, m),
        (au, RDF.type, PK.Organization),
        (au, RDFS.label, Literal("African Union")),
    ]
    letter += _commitments(
        "letter",
        [
            (
                state_iri("BEL"),
                "Support",
                priority_iri("performance"),
                "Belgium is a strong supporter of performance.",
            ),
            (
                state_iri("FRA"),
                "Support",
                priority_iri("wps"),
                "France supports women, peace and security.",
            ),
            (
                state_iri("FRA"),
                "Pledge",
                priority_iri("wps"),
                "France pledges to deploy more women.",
            ),
            (
                state_iri("RUS"),
                "Opposition",
                priority_iri("wps"),
                "Russia objects to the gender language.",
            ),
            (
                state_iri("FRA"),
                "Pledge",
                priority_iri("protection"),
                "France will train protection units.",
            ),
            (
                state_iri("IDN"),
                "Contribution",
                m,
                "Indonesia will deploy 210 peacekeepers to MINUSMA.",
            ),
            (
                au,
                "Support",
                priority_iri("partnerships"),
                "The African Union supports partnerships.",
            ),
        ],
    )
    letter.append((state_iri("IDN"), PK.contributesTo, m))
    statement = [
        *_document("statement", "statement.md"),
        (state_iri("BEL"), PK.contributesTo, m),  # no commitment targets the mission here
    ]
    statement += _commitments(
        "statement",
        [
            (
                state_iri("BEL"),
                "Support",
                priority_iri("performance"),
                "Belgium again backs performance.",
            )
        ],
    )
    with StoreWriter(path) as w:
        w.replace_graph(REFERENCE_GRAPH, ref)
        w.replace_graph("https://w3id.org/peacekg/id/graph/ontology", onto)
        w.replace_graph(document_iri("letter"), letter)
        w.replace_graph(document_iri("statement"), statement)
        if xss:
            evil = state_iri("XSS")
            triples = [
                *_document("evil", "evil<b>.html"),
                (evil, RDF.type, PK.State),
                (evil, RDFS.label, Literal(XSS_LABEL)),
                (evil, PK.iso3, Literal("XSS")),
            ]
            triples += _commitments(
                "evil", [(evil, "Support", priority_iri("protection"), XSS_QUOTE)]
            )
            w.replace_graph(document_iri("evil"), triples)
        # what every build derives from the document graphs (graph/ingest/summary.py)
        w.add_quads(list(summary_quads(w.query_raw)))
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store(tmp_path_factory.mktemp("viz") / "store")


@pytest.fixture(scope="module")
def store(store_path: Path) -> Store:
    return Store(store_path)


def _labels(view) -> set[str]:
    return {d["label"] for _, d in view.graph.nodes(data=True)}


def test_default_view_is_states_by_a4p_areas(store: Store) -> None:
    view = build_view(store)
    assert _labels(view) == {
        "France",
        "Belgium",
        "Russian Federation",
        XSS_LABEL,
        "Performance and accountability",
        "Women, peace and security",
        "Protection",
    }
    g = view.graph
    fra_wps = g.edges[str(state_iri("FRA")), str(priority_iri("wps"))]
    # two commitments in one document: one speech (the default unit)
    assert (fra_wps["weight"], fra_wps["support"], fra_wps["opposition"]) == (1, 1, 0)
    assert fra_wps["commitments"] == 2 and g.graph["unit"] == "speeches"
    by_commitment = build_view(store, scope=Scope(count="commitments")).graph
    fra_wps = by_commitment.edges[str(state_iri("FRA")), str(priority_iri("wps"))]
    assert (fra_wps["weight"], fra_wps["support"], fra_wps["opposition"]) == (2, 2, 0)
    rus_wps = g.edges[str(state_iri("RUS")), str(priority_iri("wps"))]
    assert rus_wps["opposition"] == 1 and rus_wps["support"] == 0
    bel = g.edges[str(state_iri("BEL")), str(priority_iri("performance"))]
    assert {src for _, src in bel["evidence"]} == {"letter.txt", "statement.md"}
    assert g.nodes[str(state_iri("FRA"))]["type"] == "State"
    assert g.nodes[str(priority_iri("wps"))]["type"] == "Priority"


def test_filters(store: Store) -> None:
    assert _labels(build_view(store, stance="opposition")) == {
        "Russian Federation",
        "Women, peace and security",
    }
    assert _labels(build_view(store, priorities=["performance"])) == {
        "Belgium",
        "Performance and accountability",
    }
    view = build_view(store, min_evidence=2, scope=Scope(count="commitments"))
    assert {(u.rsplit("/", 1)[-1], v.rsplit("/", 1)[-1]) for u, v in view.graph.edges} == {
        ("FRA", "wps"),
        ("BEL", "performance"),
    }
    orgs = build_view(store, types=["Organization"])
    assert _labels(orgs) == {"African Union", "Partnerships"}  # fallback label of an A4P code
    assert "Filters" in orgs.description


def test_focus_mission_document(store: Store) -> None:
    view = build_view(store, focus="france")
    assert _labels(view) == {
        "France",
        "Women, peace and security",
        "Protection",
    }
    assert view.focus == str(state_iri("FRA"))
    wider = build_view(store, focus="FRA", depth=2)
    assert "Russian Federation" in _labels(wider) and XSS_LABEL in _labels(wider)
    mission = build_view(store, mission="minusma")
    assert "Indonesia" in _labels(mission) and "MINUSMA" in _labels(mission)
    assert "Belgium" in _labels(mission)  # from a document that mentions MINUSMA
    idn = mission.graph.edges[str(state_iri("IDN")), str(m := mission_iri("MINUSMA"))]
    assert idn["weight"] == 1 and idn["stances"] == {"Contribution": 1}  # not counted twice
    bel = mission.graph.edges[str(state_iri("BEL")), str(m)]
    assert bel["stances"] == {"contributesTo": 1}
    assert "Belgium" in _labels(build_view(store, document="statement.md"))
    assert _labels(build_view(store, document="/some/dir/statement.md")) == {
        "Belgium",
        "Performance and accountability",
    }
    with pytest.raises(ViewError, match="no document"):
        build_view(store, document="nope.pdf")
    with pytest.raises(ViewError, match="no mission"):
        build_view(store, mission="NOPE")
    with pytest.raises(ViewError, match="no actor or target"):
        build_view(store, focus="Atlantis")


def test_limit_keeps_heaviest_and_says_so(store: Store) -> None:
    view = build_view(store, max_nodes=3)
    assert view.graph.number_of_nodes() <= 3
    assert view.messages and "too large" in view.messages[0]
    assert view.full_graph is not None and view.full_graph.number_of_nodes() == 7
    g, msg = limit_graph(view.full_graph, max_nodes=100, max_edges=2)
    assert g.number_of_edges() == 2 and msg and "heaviest edges" in msg


def test_script_json_cannot_close_the_script_block() -> None:
    text = script_json({"x": "</script><!-- <b>&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"x": "</script><!-- <b>&\u2028"}


def test_page_is_self_contained_and_escaped(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    view = write_viz(store, out)
    page = out.read_text(encoding="utf-8")
    # No reference to anything outside the page.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:|//)", page, re.I)
    assert "<link" not in page.lower()
    assert "@import" not in page and "@font-face" not in page
    # The planted text appears only escaped.
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x" not in page
    assert "onerror=" not in page.replace("\\u003e", "").split("peacekg-data")[0]
    assert len(re.findall(r"^<script", page, re.M)) == 3  # data block, vis-network, the app
    assert "Evilstan" in page
    data = json.loads(re.search(r'id="peacekg-data">(.*?)</script>', page, re.S).group(1))
    assert len(data["nodes"]) == view.graph.number_of_nodes() == 7
    assert all("title" not in n for n in data["nodes"] + data["edges"])
    evil = next(n for n in data["nodes"] if n["id"].endswith("/XSS"))
    assert evil["tip"]["label"] == XSS_LABEL
    assert any("</script>" in q["text"] for q in evil["tip"]["quotes"])
    # CSP: scripts by hash only, no network.
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    assert csp.count("'sha256-") == 2
    # The heatmap is embedded as an image, not markup.
    assert 'src="data:image/svg+xml;base64,' in page


def test_empty_view_renders(store: Store) -> None:
    view = build_view(store, priorities=["conduct"])
    assert view.graph.number_of_nodes() == 0
    assert any("Nothing to draw" in m for m in view.messages)
    assert "peacekg-data" in render_html(view)


def test_backers_matrix_and_chart(store: Store, tmp_path: Path) -> None:
    matrix = backers_matrix(build_view(store, scope=Scope(count="commitments")).graph)
    assert matrix.states[0] == "France"  # 3 commitments
    assert matrix.unit == "commitments"
    fra = matrix.states.index("France")
    wps = matrix.priorities.index("wps")
    assert matrix.support[fra, wps] == 2
    rus = matrix.states.index("Russian Federation")
    assert matrix.opposition[rus, wps] == 1
    assert matrix.total_states == 4
    assert heatmap_bytes(matrix, "png").startswith(b"\x89PNG")
    svg = heatmap_bytes(matrix, "svg").decode()
    assert "<script" not in svg.replace("&lt;script", "")
    top = write_chart(store, tmp_path / "c.svg", top=2)
    assert len(top.states) == 2 and (tmp_path / "c.svg").read_text().startswith("<?xml")


def test_cli_viz_and_chart(store_path: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "v.html"
    result = runner.invoke(main, ["viz", "--store", str(store_path), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "7 nodes" in result.output and out.exists()
    result = runner.invoke(
        main,
        ["viz", "--store", str(store_path), "-o", str(out), "--focus", "Belgium", "--no-chart"],
    )
    assert result.exit_code == 0, result.output
    assert "data:image/svg" not in out.read_text()
    result = runner.invoke(
        main, ["viz", "--store", str(store_path), "-o", str(out), "--focus", "x y z"]
    )
    assert result.exit_code != 0 and "no actor or target" in result.output
    png = tmp_path / "c.png"
    result = runner.invoke(
        main, ["chart", "backers", "--store", str(store_path), "--output", str(png)]
    )
    assert result.exit_code == 0, result.output
    assert png.read_bytes().startswith(b"\x89PNG")
    result = runner.invoke(
        main, ["chart", "backers", "--store", str(store_path), "--output", str(tmp_path / "c.gif")]
    )
    assert result.exit_code != 0
