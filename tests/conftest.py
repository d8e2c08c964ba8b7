"""Shared fixtures: the seeds from ../shared, built stores, and running the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "eval" / "gold"
EXAMPLES = REPO / "examples" / "corpus"


def require_shared() -> None:
    """Skip (locally) or fail (in CI) when ../shared is not beside the repository."""
    if SEEDS.is_dir():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{SEEDS} is missing: CI must have ../shared beside the clone")
    pytest.skip(f"{SEEDS} not found")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The real seed documents (read from ../shared, never copied)."""
    require_shared()
    return SEEDS


def run_cli(
    *args: str | os.PathLike[str], check: bool = False, **kw
) -> subprocess.CompletedProcess:
    """Run ``peacekg ARGS`` in a subprocess, the way a user does."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("PEACEKG_STORE", None)
    env.update(kw.pop("env", {}))
    proc = subprocess.run(
        [sys.executable, "-m", "peacekg.cli", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=kw.pop("timeout", 600),
        **kw,
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f"peacekg {' '.join(map(str, args))} exited {proc.returncode}\n"
            f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
        )
    return proc


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """A store built once per session from the seeds, with the real CLI."""
    store = tmp_path_factory.mktemp("seeds") / "store"
    run_cli("build", seeds_dir, "--store", store, check=True)
    return store


# --- a small hand-built store (lookups, query, network, api tests) ----------------------------


def commitment_triples(
    doc_id: str, n: int, actor: object, stance: str, target: object, evidence: str
) -> list[tuple[object, object, object]]:
    """The triples of commitment ``n`` of a document graph, as a build writes them."""
    from rdflib import Literal
    from rdflib.namespace import PROV, RDF

    from peacekg.ontology.namespaces import PK, commitment_iri, document_iri

    c = commitment_iri(doc_id, n)
    return [
        (c, RDF.type, PK.Commitment),
        (c, PK.actor, actor),
        (c, PK.stance, PK[stance]),
        (c, PK.target, target),
        (c, PK.evidence, Literal(evidence)),
        (c, PROV.wasDerivedFrom, document_iri(doc_id)),
    ]


def build_mini_store(path: Path) -> Path:
    """Write a small store in the shape of docs/architecture.md, with known content.

    Two documents, a reference graph (states, missions, initiatives, a resolution) and an
    ontology graph (the eight A4P priorities). One state has a name full of SPARQL syntax
    (``"``, ``}``, ``>``) to prove that names are bound as terms, never pasted into queries.
    """
    from rdflib import Literal
    from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

    from peacekg.graph.store import StoreWriter
    from peacekg.graph.summary import summary_quads
    from peacekg.ontology.namespaces import (
        A4P_AREAS,
        ONTOLOGY_GRAPH,
        PK,
        REFERENCE_GRAPH,
        commitment_iri,
        document_iri,
        initiative_iri,
        mission_iri,
        priority_iri,
        resolution_iri,
        scheme_iri,
        state_iri,
        statement_iri,
    )

    onto = []
    for code, label in A4P_AREAS.items():
        p = priority_iri(code)
        onto += [
            (p, RDF.type, PK.Priority),
            (p, RDF.type, SKOS.Concept),
            (p, SKOS.notation, Literal(code)),
            (p, SKOS.prefLabel, Literal(label, lang="en")),
            (p, SKOS.inScheme, scheme_iri("a4p")),
        ]
    states = {
        "FRA": ("France", "French Republic", []),
        "RUS": ("Russian Federation", "Russian Federation", ["Russia"]),
        "BEL": ("Belgium", "Kingdom of Belgium", []),
        "CHN": ("China", "People's Republic of China", []),
        "IDN": ("Indonesia", "Republic of Indonesia", []),
        "KOR": ("Republic of Korea", "Republic of Korea", ["South Korea", "Korea"]),
        "CIV": ("Côte d'Ivoire", "Republic of Côte d'Ivoire", ["Ivory Coast"]),
        "XQZ": ('Quote "Land" } >', 'Republic of "Quote" }> Land', []),
    }
    ref = []
    for iso3, (label, formal, alts) in states.items():
        s = state_iri(iso3)
        ref += [
            (s, RDF.type, PK.State),
            (s, RDFS.label, Literal(label)),
            (s, SKOS.prefLabel, Literal(label, lang="en")),
            (s, PK.iso3, Literal(iso3)),
            (s, PK.formalName, Literal(formal)),
        ]
        ref += [(s, SKOS.altLabel, Literal(alt)) for alt in alts]
    for acro, name in {
        "MINUSMA": "United Nations Multidimensional Integrated Stabilization Mission in Mali",
        "UNAMID": "African Union-United Nations Hybrid Operation in Darfur",
        "MONUSCO": "United Nations Organization Stabilization Mission in the DR Congo",
    }.items():
        m = mission_iri(acro)
        ref += [
            (m, RDF.type, PK.Mission),
            (m, RDFS.label, Literal(name)),
            (m, PK.acronym, Literal(acro)),
        ]
    for name, acro in {"Action for Peacekeeping": "A4P", "Elsie Initiative Fund": None}.items():
        i = initiative_iri(name)
        ref += [(i, RDF.type, PK.Initiative), (i, RDFS.label, Literal(name))]
        if acro:
            ref.append((i, PK.acronym, Literal(acro)))
    r2538 = resolution_iri(2538)
    ref += [
        (r2538, RDF.type, PK.Resolution),
        (r2538, RDFS.label, Literal("S/RES/2538 (2020)")),
        (r2538, PK.symbol, Literal("S/RES/2538 (2020)")),
    ]

    docs = {
        "d911": {
            "file": "003_988a79a43857b860.txt",
            "symbol": "S/2020/911",
            "date": "2020-09-17",
            "speakers": ["FRA", "RUS", "BEL", "CHN", "XQZ"],
            "commitments": [
                (
                    "FRA",
                    "Support",
                    priority_iri("performance"),
                    "We still have room for progress in strengthening the performance of "
                    "peacekeeping operations.",
                    [],
                ),
                (
                    "FRA",
                    "Support",
                    priority_iri("wps"),
                    "It is necessary to strengthen women's participation in order to have a "
                    "greater impact on the ground.",
                    [],
                ),
                (
                    "FRA",
                    "Support",
                    initiative_iri("Action for Peacekeeping"),
                    "Performance is only one aspect of the peacekeeping initiative, which France "
                    "supports.",
                    [],
                ),
                (
                    "FRA",
                    "Pledge",
                    mission_iri("MINUSMA"),
                    "France will deploy 300 troops to MINUSMA.",
                    [(300.0, "troops")],
                ),
                (
                    "RUS",
                    "Opposition",
                    priority_iri("wps"),
                    "We call for a reduction in secondary and non-core tasks related to human "
                    "rights, social and gender issues.",
                    [],
                ),
                (
                    "RUS",
                    "Opposition",
                    priority_iri("protection"),
                    "We call for a reduction in secondary and non-core tasks related to human "
                    "rights, social and gender issues.",
                    [],
                ),
                (
                    "RUS",
                    "Support",
                    priority_iri("politics"),
                    "Political solutions must remain the priority.",
                    [],
                ),
                (
                    "BEL",
                    "Support",
                    priority_iri("performance"),
                    "Belgium is a strong supporter of the performance agenda.",
                    [],
                ),
                (
                    "BEL",
                    "Support",
                    priority_iri("wps"),
                    "Belgium supports the full implementation of resolution 2538 on women "
                    "peacekeepers.",
                    [],
                ),
                (
                    "BEL",
                    "Support",
                    r2538,
                    "Belgium supports the full implementation of resolution 2538 on women "
                    "peacekeepers.",
                    [],
                ),
                (
                    "CHN",
                    "Support",
                    priority_iri("politics"),
                    "China supports political settlement of disputes.",
                    [],
                ),
                (
                    "CHN",
                    "Opposition",
                    priority_iri("wps"),
                    "Mandates should not be overloaded with gender tasks.",
                    [],
                ),
                (
                    "XQZ",
                    "Support",
                    priority_iri("wps"),
                    'We say "yes" } > to women in peacekeeping.',
                    [],
                ),
            ],
            "contributes": [("FRA", "MINUSMA")],
        },
        "dseoul": {
            "file": "002_0ef9ecf7aa721380.txt",
            "symbol": None,
            "date": "2021-12-07",
            "speakers": ["KOR", "IDN"],
            "commitments": [
                (
                    "KOR",
                    "Support",
                    priority_iri("partnerships"),
                    "Korea will expand triangular partnerships for training.",
                    [],
                ),
                (
                    "KOR",
                    "Support",
                    priority_iri("performance"),
                    "Korea will support training to improve performance.",
                    [],
                ),
                (
                    "IDN",
                    "Contribution",
                    mission_iri("UNAMID"),
                    "Indonesia deployed 210 peacekeepers in UNAMID.",
                    [(210.0, "peacekeepers")],
                ),
                (
                    "IDN",
                    "Support",
                    priority_iri("wps"),
                    "Indonesia will increase the number of women peacekeepers.",
                    [],
                ),
                (
                    "IDN",
                    "Support",
                    initiative_iri("Elsie Initiative Fund"),
                    "Indonesia contributes to the Elsie Initiative Fund.",
                    [],
                ),
            ],
            "contributes": [("IDN", "UNAMID")],
        },
    }

    with StoreWriter(path) as w:
        w.replace_graph(ONTOLOGY_GRAPH, onto)
        w.replace_graph(REFERENCE_GRAPH, ref)
        for doc_id, d in docs.items():
            doc = document_iri(doc_id)
            t = [
                (doc, RDF.type, PK.Document),
                (doc, PK.sourceFile, Literal(d["file"])),
                (doc, RDFS.label, Literal(d["file"])),
                (doc, DCTERMS.date, Literal(d["date"], datatype=XSD.date)),
            ]
            if d["symbol"]:
                t.append((doc, PK.symbol, Literal(d["symbol"])))
            for n, iso3 in enumerate(d["speakers"], start=1):
                st = statement_iri(doc_id, n)
                t += [
                    (doc, PK.hasStatement, st),
                    (st, RDF.type, PK.Statement),
                    (st, PK.speaker, state_iri(iso3)),
                    (st, PROV.wasDerivedFrom, doc),
                    (doc, PK.mentions, state_iri(iso3)),
                ]
            for n, (iso3, stance, target, evidence, qty) in enumerate(d["commitments"], 1):
                c = commitment_iri(doc_id, n)
                t += commitment_triples(doc_id, n, state_iri(iso3), stance, target, evidence)
                for k, (amount, unit) in enumerate(qty, 1):
                    q = c + f"/quantity/{k}"
                    t += [
                        (c, PK.hasQuantity, q),
                        (q, RDF.type, PK.Quantity),
                        (q, PK.amount, Literal(amount, datatype=XSD.decimal)),
                        (q, PK.unit, Literal(unit)),
                        (q, RDFS.label, Literal(f"{amount:g} {unit}")),
                    ]
            for iso3, acro in d["contributes"]:
                t.append((state_iri(iso3), PK.contributesTo, mission_iri(acro)))
            w.replace_graph(doc, t)
        # what every build derives from the document graphs (graph/summary.py)
        w.add_quads(list(summary_quads(w.query_raw)))
    return path


@pytest.fixture(scope="session")
def mini_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small store with known content (see :func:`build_mini_store`)."""
    return build_mini_store(tmp_path_factory.mktemp("mini") / "store")


# --- the whole UN General Debate corpus ---------------------------------------------------------

UNGDC_TARBALL = SHARED / "corpus" / "ungdc-1946-2017.tar.gz"


@pytest.fixture(scope="session")
def ungdc_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of all 9,597 General Debate speeches (read only by the tests).

    ``$PEACEKG_UNGDC_STORE`` (e.g. the one ``make bench`` builds) is used as it is; without
    it the corpus is extracted from ../shared and built once per session with the real CLI
    (about 80 s on two cores).
    """
    given = os.environ.get("PEACEKG_UNGDC_STORE")
    if given:
        return Path(given)
    require_shared()
    import tarfile

    root = tmp_path_factory.mktemp("ungdc")
    with tarfile.open(UNGDC_TARBALL) as tar:
        members = [m for m in tar.getmembers() if m.isfile() and m.name.endswith(".txt")]
        tar.extractall(root / "speeches", members=members, filter="data")
    store = root / "store"
    run_cli("build", root / "speeches", "--store", store, check=True, timeout=1800)
    return store
