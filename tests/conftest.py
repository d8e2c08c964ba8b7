"""Shared fixtures: the seeds from ../shared, built stores, and running the real CLI."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph
import pytest

if TYPE_CHECKING:
    from peacekg.loaders.model import Document, Statement

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


def _cli_env(token: str | None = None) -> dict[str, str]:
    """The environment of a ``peacekg`` subprocess: UTF-8 output, no store from the caller's
    environment, and ``PEACEKG_CHAOS_TRIAL=token`` when given (see :func:`tagged_processes`)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("PEACEKG_STORE", None)
    if token:
        env["PEACEKG_CHAOS_TRIAL"] = token
    return env


def start_cli(*args: str | os.PathLike[str], token: str | None = None) -> subprocess.Popen:
    """Start ``peacekg ARGS`` in a subprocess and return at once (to watch or kill it);
    its output is piped as text."""
    return subprocess.Popen(
        [sys.executable, "-m", "peacekg.cli", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_cli_env(token),
    )


def run_cli(
    *args: str | os.PathLike[str], check: bool = False, **kw
) -> subprocess.CompletedProcess:
    """Run ``peacekg ARGS`` in a subprocess, the way a user does."""
    env = _cli_env()
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


def tagged_processes(token: str) -> list[int]:
    """Live (not zombie) processes whose environment carries ``PEACEKG_CHAOS_TRIAL=token``
    (what a killed command may have left running)."""
    found = []
    needle = f"PEACEKG_CHAOS_TRIAL={token}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle not in (entry / "environ").read_bytes():
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            found.append(int(entry.name))
    return found


_BNODE = re.compile(r"_:\w+")
_GENERATED = "<http://www.w3.org/ns/prov#generatedAtTime>"


def store_content(store: Path) -> Counter[str]:
    """The live generation's quads as N-Quads lines, without the timestamps and with blank
    node labels (the ontology's OWL lists, fresh at every parse) blanked."""
    from peacekg.graph.store.database import Store

    with Store(store) as s:
        data = s.oxigraph.dump(format=pyoxigraph.RdfFormat.N_QUADS)
    lines = data.decode().splitlines()
    return Counter(_BNODE.sub("_:b", line) for line in lines if _GENERATED not in line)


@pytest.fixture
def remote(tmp_path: Path) -> Iterator[str]:
    """A fresh read-write ``oxigraph serve`` on a free port; yields its base URL."""
    from peacekg.graph.publish import serve as server

    port = server.free_port()
    proc = subprocess.Popen(
        [server.find_oxigraph(), "serve", "--location", str(tmp_path / "remote"),
         "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        server.wait_until_up(base + "/query", 30, proc)
        yield base
    finally:
        proc.terminate()
        proc.wait(20)
        shutil.rmtree(tmp_path / "remote", ignore_errors=True)


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """A store built once per session from the seeds, with the real CLI."""
    store = tmp_path_factory.mktemp("seeds") / "store"
    run_cli("build", seeds_dir, "--store", store, check=True)
    return store


# --- a small hand-built store (lookups, query, network, api tests) ----------------------------


def entity_ref(iri: object, label: str = "") -> object:
    """The entity reference whose IRI is ``iri`` (``pkid:state/FRA`` -> State FRA), as the
    loaders would hand it to the RDF writer."""
    from peacekg.loaders.model import EntityRef
    from peacekg.ontology.namespaces import PKID

    kinds = {
        "state": "State",
        "mission": "Mission",
        "priority": "Priority",
        "org": "Organization",
        "initiative": "Initiative",
        "resolution": "Resolution",
        "person": "Person",
        "symbol": "DocumentSymbol",
    }
    kind, _, key = str(iri)[len(str(PKID)) :].partition("/")
    return EntityRef(kinds[kind], key, label or key)


def commitment_triples(
    doc_id: str,
    n: int,
    actor: object,
    stance: str,
    target: object,
    evidence: str,
    confidence: float = 0.95,
) -> list[tuple[object, object, object]]:
    """The triples of commitment ``n`` of a document graph, written by the real RDF writer
    (``graph/ingest/rdf.py``); the caller describes the actor and the target itself."""
    from peacekg.graph.ingest.rdf import _n, _Triples, _write_commitment
    from peacekg.loaders.model import Commitment
    from peacekg.ontology.namespaces import commitment_iri, document_iri

    c = Commitment(
        actor=entity_ref(actor),
        stance=stance,
        targets=[entity_ref(target)],
        evidence=evidence,
        start=0,
        end=len(evidence),
        confidence=confidence,
    )
    t = _Triples(_n(document_iri(doc_id)))
    _write_commitment(t, doc_id, t.graph, n, c, spoken=set(), year=None)
    node = _n(commitment_iri(doc_id, n))
    return [(q.subject, q.predicate, q.object) for q in t.quads if q.subject == node]


def build_mini_store(path: Path) -> Path:
    """Write a small store in the shape of docs/architecture.md, with known content.

    Two documents, a reference graph (states, missions, initiatives, a resolution) and an
    ontology graph (the eight A4P priorities). One state has a name full of SPARQL syntax
    (``"``, ``}``, ``>``) to prove that names are bound as terms, never pasted into queries.
    """
    from rdflib import Literal
    from rdflib.namespace import RDF, RDFS, SKOS

    from peacekg.graph.ingest.rdf import extraction_quads
    from peacekg.graph.ingest.summary import summary_quads
    from peacekg.graph.store.database import StoreWriter
    from peacekg.ontology.namespaces import (
        A4P_AREAS,
        ONTOLOGY_GRAPH,
        PK,
        REFERENCE_GRAPH,
        initiative_iri,
        mission_iri,
        priority_iri,
        resolution_iri,
        scheme_iri,
        state_iri,
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
            # the document graphs as a build writes them: through graph/ingest/rdf.py
            w.add_quads(
                extraction_quads(
                    _mini_extraction(doc_id, d, states),
                    built_at="2024-01-01T00:00:00Z",
                    source_path=f"/mini/{d['file']}",
                )
            )
        # what every build derives from the document graphs (graph/ingest/summary.py)
        w.add_quads(list(summary_quads(w.query_raw)))
    return path


def _mini_extraction(doc_id: str, d: dict, states: dict) -> object:
    """One document of :func:`build_mini_store` as the extraction the loaders would give:
    its text is its commitments' evidence, one statement per speaker."""
    from peacekg.loaders.model import (
        Commitment,
        Document,
        EntityRef,
        Extraction,
        Mention,
        Quantity,
        Statement,
    )
    from peacekg.ontology.namespaces import PKID

    def ref(iri: object) -> EntityRef:
        if "/resolution/" in str(iri):  # labelled as the loaders label a Council resolution
            return entity_ref(iri, "S/RES/2538 (2020)")
        key = str(iri).rsplit("/", 1)[-1]
        return entity_ref(iri, states[key][0] if "/state/" in str(iri) else "")

    evidences = list(dict.fromkeys(c[3] for c in d["commitments"]))
    text = "\n".join(evidences)
    doc = Document(
        doc_id=doc_id,
        path=Path(d["file"]),
        text=text,
        sha256="0" * 64,
        media_type="text/plain",
        kind="letter",
        symbol=d["symbol"],
        date=d["date"],
    )
    speakers = [ref(f"{PKID}state/{iso3}") for iso3 in d["speakers"]]
    doc.statements = [
        Statement(index=n, start=0, end=len(text), speakers=[s])
        for n, s in enumerate(speakers, start=1)
    ]
    contributes = {(iso3, acro) for iso3, acro in d["contributes"]}
    commitments = []
    for iso3, stance, target, evidence, qty in d["commitments"]:
        start = text.index(evidence)
        t = ref(target)
        missions = [t] if t.type == "Mission" and (iso3, t.key) in contributes else []
        commitments.append(
            Commitment(
                actor=speakers[d["speakers"].index(iso3)],
                stance=stance,
                targets=[t],
                evidence=evidence,
                start=start,
                end=start + len(evidence),
                quantities=[Quantity(a, u, f"{a:g} {u}") for a, u in qty],
                contributes_to=missions,
                confidence=0.95,
            )
        )
    mentions = [Mention(s, 0, 0, "") for s in speakers]
    return Extraction(document=doc, mentions=mentions, commitments=commitments)


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


def text_document(
    text: str,
    *,
    kind: str = "document",
    name: str = "t.txt",
    date: str | None = None,
    statements: list[Statement] | None = None,
) -> Document:
    """A document of ``text`` as a loader makes it, with no file behind it: what the tests of
    the extraction steps (mentions, speakers, commitments, confidence) run on."""
    from peacekg.loaders.model import Document

    return Document(
        doc_id="t",
        path=Path(name),
        text=text,
        sha256="0",
        media_type="text/plain",
        kind=kind,
        date=date,
        statements=statements or [],
    )
