"""Stance over time, words against deeds, votes, and every statement counted once.

Every command runs as a subprocess on a small corpus and small data sets written here (in
the formats of ../shared/reference, with made-up words and numbers); one test reads the real
reference files.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import SHARED, run_cli

REFERENCE = SHARED / "reference"

#: file name -> (text, sidecar metadata or None)
CORPUS = {
    "GHA_72_2017.txt": (
        "Mr. President, Ghana is proud to contribute troops to the United Nations Interim "
        "Force in Lebanon. We strongly support the women and peace and security agenda and "
        "will increase the number of women peacekeepers we deploy.\n"
        "Ghana pledges to deploy an additional 200 peacekeepers to MINUSMA next year.\n",
        None,
    ),
    "GHA_75_2020.txt": (
        "Mr. President, Ghana fully supports the Action for Peacekeeping initiative. We "
        "remain committed to the full participation of women in peace operations, and Ghana "
        "continues to contribute troops to UNIFIL.\n",
        None,
    ),
    "FRA_73_2018.txt": (
        "Mr. President, France strongly supports the women and peace and security agenda in "
        "peacekeeping operations.\n",
        None,
    ),
    # the same speech twice: a statement and its press summary, on the same day
    "ghana-statement.txt": (
        "Statement by Ghana at the open debate on peacekeeping\n\n"
        "Ghana remains a strong supporter of the women and peace and security agenda in "
        "peacekeeping operations. Ghana contributes a battalion to the United Nations "
        "Mission in South Sudan.\n",
        {"speaker": "GHA", "date": "2019-10-07", "type": "statement"},
    ),
    "ghana-press.txt": (
        "Ghana remains a strong supporter of the women and peace and security agenda in "
        "peacekeeping operations. Ghana contributes a battalion to the United Nations "
        "Mission in South Sudan.\n",
        {"speaker": "GHA", "date": "2019-10-07", "type": "press-release"},
    ),
    "declaration-fr.txt": (
        "Le Ghana réaffirme son soutien aux opérations de maintien de la paix et demande que "
        "les parties respectent le cessez-le-feu. Nous sommes fiers de la contribution de nos "
        "soldats à la mission des Nations Unies au Liban, et nous soutenons la participation "
        "des femmes dans les opérations de paix.\n",
        None,
    ),
}

PERSONNEL = """\
"","Year","Country","Mission","Female","Male","Total"
"1",2017,"Ghana","UNIFIL",40,830,870
"2",2019,"Ghana","UNMISS",0,0,0
"3",2019,"Ghana","UNIFIL",35,800,835
"4",2019,"Ruritania","UNIFIL",1,2,3
"5",2019,"Ghana","MINUSMA",x,2,3
"6",2018,"France","MINUSMA",0,90,90
"7",2020,"Ghana","UNIFIL",50,820,870
"8",2018,"Côte d'Ivoire","MINUSMA",2,98,100
"""

ROLL_CALLS = """\
rcid,session,importantvote,date,unres,amend,para,short,descr
101,72.0,0,2018-06-30,R/72/301,0,0,"UN INTERIM FORCE IN LEBANON, FINANCING","Financing of the United Nations Interim Force in Lebanon"
102,72.0,0,2018-07-02,R/72/400,0,0,NUCLEAR WEAPONS,"Towards a nuclear-weapon-free world"
103,11.0,0,1956-11-06,R/11/343,0,0,U.N. EMERGENCY FORCE,"Providing for the financing of the UN Emergency Force"
"""  # noqa: E501

VOTES = """\
rcid,country,country_code,vote
101,Ghana,GH,no
101,France,FR,yes
102,Ghana,GH,yes
101,Atlantis,AT,yes
102,France,FR,maybe
103,France,FR,abstain
103,St. Vincent & Grenadines,VC,yes
"""


def _write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (text, meta) in CORPUS.items():
        (folder / name).write_text(text, encoding="utf-8")
        if meta:
            (folder / name.replace(".txt", ".meta.json")).write_text(json.dumps(meta))
    # the same bytes under a second name
    (folder / "copy-of-GHA_75_2020.txt").write_text(CORPUS["GHA_75_2020.txt"][0])
    return folder


@pytest.fixture(scope="module")
def deeds_store(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The corpus built, then both data sets imported, all with the real CLI."""
    root = tmp_path_factory.mktemp("deeds")
    corpus = _write_corpus(root / "corpus")
    store = root / "store"
    build = run_cli("build", corpus, "--store", store, check=True)
    (root / "personnel.csv").write_text(PERSONNEL, encoding="utf-8")
    votes = root / "votes"
    votes.mkdir()
    (votes / "un_roll_calls.csv").write_text(ROLL_CALLS, encoding="utf-8")
    (votes / "un_votes.csv").write_text(VOTES, encoding="utf-8")
    personnel = run_cli("import", "personnel", root / "personnel.csv", "--store", store)
    voted = run_cli("import", "votes", votes, "--store", store)
    return {"root": root, "store": store, "build": build, "personnel": personnel, "votes": voted}


def _select(store: Path, sparql: str) -> list[dict[str, str]]:
    proc = run_cli("query", sparql, "--store", store, "--format", "csv", check=True)
    return list(csv.DictReader(io.StringIO(proc.stdout)))


# --- build: language, duplicates, dates ---------------------------------------------------------


def test_build_reports_language_and_duplicates(deeds_store: dict) -> None:
    build = deeds_store["build"]
    assert "warning: declaration-fr.txt: written in French (fr)" in build.stderr
    assert "note: copy-of-GHA_75_2020.txt: same bytes as GHA_75_2020.txt: built once" in (
        build.stderr
    )
    assert "duplicates: 1 (identical documents built once)" in build.stdout
    rows = _select(deeds_store["store"], "SELECT ?f WHERE { ?d a pk:Document ; pk:sourceFile ?f }")
    files = {r["f"] for r in rows}
    assert "copy-of-GHA_75_2020.txt" not in files and "GHA_75_2020.txt" in files
    lang = _select(
        deeds_store["store"],
        'SELECT ?l WHERE { ?d pk:sourceFile "declaration-fr.txt" ; dcterms:language ?l }',
    )
    assert [r["l"] for r in lang] == ["fr"]


def test_same_symbol_under_two_names_is_built_once(tmp_path: Path) -> None:
    text = "Distr.: General\n17 September 2020\nS/2020/911\n\nFrance supports the mission.\n"
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "letter.txt").write_text(text)
    (tmp_path / "c" / "letter-again.txt").write_text(text + "\n(reissued)\n")
    proc = run_cli("build", tmp_path / "c", "--store", tmp_path / "s", check=True)
    assert "same symbol S/2020/911 as" in proc.stderr
    rows = _select(tmp_path / "s", 'SELECT ?d WHERE { ?d pk:symbol "S/2020/911" ; a pk:Document }')
    assert len(rows) == 1


def test_every_document_date_is_one_xsd_date_with_its_year(deeds_store: dict) -> None:
    rows = _select(
        deeds_store["store"],
        """SELECT ?f ?date ?dt ?year ?precision WHERE {
             ?d a pk:Document ; pk:sourceFile ?f ; dcterms:date ?date ; pk:year ?year .
             OPTIONAL { ?d pk:datePrecision ?precision } BIND(DATATYPE(?date) AS ?dt) }""",
    )
    by_file = {r["f"]: r for r in rows}
    assert {r["dt"] for r in rows} == {"http://www.w3.org/2001/XMLSchema#date"}
    assert by_file["GHA_72_2017.txt"]["date"] == "2017-01-01"
    assert by_file["GHA_72_2017.txt"]["precision"] == "year"
    assert by_file["ghana-statement.txt"]["date"] == "2019-10-07"
    assert by_file["ghana-statement.txt"]["precision"] == ""
    # a date filter cannot miss the speeches dated only by their year
    hits = _select(
        deeds_store["store"],
        """SELECT ?f WHERE { ?d pk:sourceFile ?f ; dcterms:date ?date
             FILTER(?date >= "2017-01-01"^^xsd:date && ?date < "2018-01-01"^^xsd:date) }""",
    )
    assert [r["f"] for r in hits] == ["GHA_72_2017.txt"]
    # every commitment of a dated document carries its year
    missing = _select(
        deeds_store["store"],
        "SELECT ?c WHERE { ?c a pk:Commitment . FILTER NOT EXISTS { ?c pk:year ?y } }",
    )
    assert missing == []
    # lookups show the date as precisely as it is known
    country = run_cli("country", "Ghana", "--store", deeds_store["store"], check=True)
    assert "GHA_72_2017.txt, 2017" in country.stdout and "2017-01-01" not in country.stdout


# --- one statement counted once -----------------------------------------------------------------


def _confident_once(store: Path) -> int:
    """Ghana's wps backings that the summary counts: confident, and not a repeat."""
    from peacekg.graph.query.scope import default_min_confidence

    rows = _select(
        store,
        f"""SELECT (COUNT(?c) AS ?n) WHERE {{
             ?c pk:actor/pk:iso3 "GHA" ; pk:target/skos:notation "wps" ; pk:confidence ?x .
             FILTER(?x >= {default_min_confidence()})
             FILTER NOT EXISTS {{ ?c pk:inStatement/pk:countedAs ?other }} }}""",
    )
    return int(rows[0]["n"])


def test_same_speech_is_linked_and_counted_once(deeds_store: dict) -> None:
    store = deeds_store["store"]
    links = _select(
        store,
        """SELECT ?a ?b WHERE { ?a pk:sameStatementAs ?b .
             ?a prov:wasDerivedFrom/pk:sourceFile "ghana-press.txt" }""",
    )
    assert len(links) == 1 and "ghana-statement" in links[0]["b"]
    summary = _select(
        store,
        """SELECT ?n ?docs WHERE { ?s pk:summaryActor ?a ; pk:summaryTarget ?t ;
             pk:backingCount ?n ; pk:documentCount ?docs .
             ?a pk:iso3 "GHA" . ?t skos:notation "wps" }""",
    )
    # 2017 pledge, 2019 support (one speech, two documents), 2020 contribution: the summary
    # counts the confident ones (at or above the model's threshold), the 2019 speech once
    assert summary == [{"n": str(_confident_once(store)), "docs": str(_confident_once(store))}]
    assert _confident_once(store) >= 2


# --- imports ------------------------------------------------------------------------------------


def test_import_personnel_reports_and_loads(deeds_store: dict) -> None:
    proc = deeds_store["personnel"]
    assert proc.returncode == 1  # a malformed row
    assert "error: personnel.csv:6: year and counts must be whole numbers" in proc.stderr
    assert "warning: no state named 'Ruritania' (1 row(s) left out)" in proc.stderr
    assert "loaded 5 deployments" in proc.stdout
    rows = _select(
        deeds_store["store"],
        """SELECT ?year ?n ?w ?ds ?title WHERE { ?d a pk:Deployment ; pk:contributor ?s ;
             pk:mission ?m ; pk:year ?year ; pk:personnel ?n ; pk:femalePersonnel ?w ;
             prov:wasDerivedFrom ?ds . ?ds a pk:Dataset ; dcterms:title ?title ;
             dcterms:source ?src . ?s pk:iso3 "CIV" }""",
    )
    assert rows[0]["year"] == "2018" and rows[0]["n"] == "100" and rows[0]["w"] == "2"
    assert rows[0]["ds"].endswith("/dataset/un-personnel")


def test_import_votes_links_resolutions_and_peace_operations(deeds_store: dict) -> None:
    proc = deeds_store["votes"]
    assert proc.returncode == 1
    assert "error: un_votes.csv:6: rcid or vote (yes/no/abstain) unreadable" in proc.stderr
    assert "no state named 'Atlantis'" in proc.stderr
    assert "loaded 3 roll calls, 5 votes" in proc.stdout  # St. Vincent & Grenadines matched
    rows = _select(
        deeds_store["store"],
        """SELECT ?rc ?symbol ?peace ?mission WHERE { ?rc a pk:RollCall ;
             pk:onResolution ?r . ?r a pk:Resolution ; pk:symbol ?symbol .
             OPTIONAL { ?rc pk:onPeaceOperations ?peace } OPTIONAL { ?rc pk:aboutMission ?mission }
           } ORDER BY ?rc""",
    )
    by_rc = {r["rc"].rsplit("/", 1)[-1]: r for r in rows}
    assert by_rc["101"]["symbol"] == "A/RES/72/301"
    assert by_rc["101"]["peace"] == "true" and by_rc["101"]["mission"].endswith("/UNIFIL")
    assert by_rc["102"]["peace"] == ""
    assert by_rc["103"]["symbol"] == "A/RES/343(XI)"
    assert by_rc["103"]["mission"].endswith("/UNEF%20I") or "UNEF" in by_rc["103"]["mission"]
    choices = _select(
        deeds_store["store"],
        """SELECT ?choice WHERE { ?v pk:voter ?s ; pk:rollCall ?rc ; pk:choice ?choice .
             ?s pk:iso3 "VCT" }""",
    )
    assert [c["choice"] for c in choices] == ["https://w3id.org/peacekg/ontology#Yes"]


def test_reimport_replaces_the_data_set(deeds_store: dict, tmp_path: Path) -> None:
    store = tmp_path / "store"
    run_cli("build", _write_corpus(tmp_path / "c"), "--store", store, check=True)
    first = tmp_path / "p1.csv"
    first.write_text(PERSONNEL.replace('"5",2019,"Ghana","MINUSMA",x,2,3\n', ""))
    proc = run_cli("import", "personnel", first, "--store", store, check=True)
    assert "(replaced)" not in proc.stdout and "loaded 5 deployments" in proc.stdout
    second = tmp_path / "p2.csv"
    second.write_text('"","Year","Country","Mission","Female","Male","Total"\n'
                      '"1",2019,"Ghana","UNIFIL",3,7,10\n')  # fmt: skip
    proc = run_cli("import", "personnel", second, "--store", store, check=True)
    assert "(replaced)" in proc.stdout
    rows = _select(store, "SELECT ?n WHERE { ?d a pk:Deployment ; pk:personnel ?n }")
    assert [r["n"] for r in rows] == ["10"]
    # the checks of claimed contributions follow the new figures: MINUSMA is no longer
    # covered, and only the 2020 claim on UNIFIL is within a year of the 2019 figures
    assert _select(store, "SELECT ?c WHERE { ?c pk:noReportedDeployment ?m }") == []
    matched = _select(store, "SELECT ?y WHERE { ?c pk:matchedDeployment ?d ; pk:year ?y }")
    assert [r["y"] for r in matched] == ["2020"]
    # documents are untouched
    docs = _select(store, "SELECT ?d WHERE { ?d a pk:Document }")
    assert len(docs) == len(CORPUS)


def test_import_errors_are_clean_and_leave_the_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    (tmp_path / "p.csv").write_text(PERSONNEL)
    run_cli("import", "personnel", tmp_path / "p.csv", "--store", store)
    before = (store / "CURRENT").read_text()
    missing = run_cli("import", "votes", tmp_path / "nowhere", "--store", store)
    assert missing.returncode == 1 and "nowhere: not a folder" in missing.stderr
    (tmp_path / "bad.csv").write_text("Year,Country\n2019,Ghana\n")
    bad = run_cli("import", "personnel", tmp_path / "bad.csv", "--store", store)
    assert bad.returncode == 1
    assert "bad.csv: missing column(s) Mission, Female, Male, Total" in bad.stderr
    assert "Traceback" not in bad.stderr + missing.stderr
    assert (store / "CURRENT").read_text() == before


# --- deeds, checks, queries ---------------------------------------------------------------------


def test_claimed_contributions_are_checked_not_deleted(deeds_store: dict) -> None:
    store = deeds_store["store"]
    marks = _select(
        store,
        """SELECT ?m ?y WHERE { ?c pk:noReportedDeployment ?m ; pk:year ?y ;
             pk:actor/pk:iso3 "GHA" }""",
    )
    assert marks == [{"m": "https://w3id.org/peacekg/id/mission/MINUSMA", "y": "2017"}]
    matched = _select(
        store,
        """SELECT ?y WHERE { ?c pk:matchedDeployment ?d ; pk:year ?y ; pk:target ?m .
             ?m pk:acronym "UNIFIL" } ORDER BY ?y""",
    )
    assert {r["y"] for r in matched} == {"2017", "2020"}
    facts = _select(store, "SELECT ?m WHERE { ?a pk:contributesTo ?m ; pk:iso3 'GHA' }")
    assert any(f["m"].endswith("/MINUSMA") for f in facts)  # the claim stays


def test_deeds_command(deeds_store: dict) -> None:
    store = deeds_store["store"]
    table = run_cli("deeds", "ghana", "--store", store, check=True).stdout
    assert "2017" in table and "deployed UNIFIL: 870 personnel" in table
    assert "40 women (4.6%)" in table
    assert "[no reported deployment to MINUSMA]" in table
    assert "voted    No: Roll call 101 (2018-06-30)" in table and "[UNIFIL]" in table
    data = json.loads(run_cli("deeds", "GHA", "--store", store, "--format", "json").stdout)
    years = {y["year"]: y for y in data["years"]}
    assert years[2019]["deployments"][0]["women_share"] == pytest.approx(35 / 835, abs=1e-4)
    assert [v["choice"] for v in years[2018]["votes"]] == ["No"]
    rows = list(
        csv.DictReader(
            io.StringIO(
                run_cli(
                    "deeds", "Ghana", "--store", store, "--format", "csv", "--since", "2019"
                ).stdout
            )
        )
    )
    assert rows and all(int(r["year"]) >= 2019 for r in rows)
    assert {r["kind"] for r in rows} == {"words", "deployment"}
    unknown = run_cli("deeds", "Atlantis", "--store", store)
    assert unknown.returncode == 1 and "Traceback" not in unknown.stderr


def test_ready_queries_words_against_deeds(deeds_store: dict) -> None:
    store = deeds_store["store"]

    def query(name: str) -> list[dict[str, str]]:
        proc = run_cli("query", name, "--store", store, "--format", "csv", check=True)
        return list(csv.DictReader(io.StringIO(proc.stdout)))

    wps = query("wps-without-women")
    assert [(r["stateLabel"], r["year"], r["women"]) for r in wps] == [("France", "2018", "0")]
    pledges = query("pledges-without-deployment")
    assert [(r["actorLabel"], r["year"]) for r in pledges] == [("Ghana", "2017")]
    against = query("votes-against-backed-missions")
    assert [(r["stateLabel"], r["choice"].rsplit("#")[-1]) for r in against] == [("Ghana", "No")]


# --- timeline -----------------------------------------------------------------------------------


def test_timeline_command(deeds_store: dict, tmp_path: Path) -> None:
    store = deeds_store["store"]
    svg = tmp_path / "ghana.svg"
    proc = run_cli(
        "timeline", "Ghana", "--store", store, "--evidence", "1", "--chart", svg, check=True
    )
    out = proc.stdout
    assert "2017" in out and "2019" in out and "2020" in out
    assert "matched to its thematic areas by theme" in out  # 2017 precedes A4P
    assert "pledge" in out.lower() and "/commitment/" in out
    assert svg.read_text().startswith("<?xml") and "<svg" in svg.read_text()
    data = json.loads(
        run_cli("timeline", "Ghana", "--store", store, "--format", "json", check=True).stdout
    )
    cells = {(c["period"], c["target"].rsplit("/", 1)[-1]): c for c in data["cells"]}
    assert cells[("2019", "wps")]["backing"] == 2  # both publications: evidence, not counts
    assert all(e["quote"] for c in data["cells"] for e in c["evidence"])
    decade = run_cli(
        "timeline", "Ghana", "--target", "UNIFIL", "--by", "decade", "--store", store,
        "--format", "csv", check=True,
    ).stdout  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(decade)))
    assert [(r["period"], r["backing"]) for r in rows] == [("2010s", "1"), ("2020s", "1")]
    since = run_cli("timeline", "Ghana", "--store", store, "--since", "2018", check=True).stdout
    assert "2017" not in since.splitlines()[1] and "by theme" not in since
    png = tmp_path / "t.png"
    run_cli("timeline", "Ghana", "--store", store, "--chart", png, check=True)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    bad = run_cli("timeline", "Ghana", "--store", store, "--target", "Zzyzx")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr


def test_store_with_deeds_validates(deeds_store: dict) -> None:
    proc = run_cli("validate", "--store", deeds_store["store"])
    assert proc.returncode == 0, proc.stdout[-3000:]


# --- the real reference data --------------------------------------------------------------------


@pytest.mark.slow
def test_real_reference_files(tmp_path: Path) -> None:
    """The real personnel table whole, and the real roll calls with the first 20,000 votes."""
    if not (REFERENCE / "un-votes" / "un_votes.csv").exists():
        pytest.skip("../shared/reference is absent")
    store = tmp_path / "store"
    personnel = REFERENCE / "un-personnel" / "personnel-by-country-mission-year.csv"
    proc = run_cli("import", "personnel", personnel, "--store", store, check=True)
    assert "rows: 57,425 read; loaded 6,215 deployments" in proc.stdout
    assert "unmatched names: 0" in proc.stdout and "UNSOS" in proc.stdout
    votes = tmp_path / "votes"
    votes.mkdir()
    (votes / "un_roll_calls.csv").write_bytes((REFERENCE / "un-votes" / "un_roll_calls.csv")
                                              .read_bytes())  # fmt: skip
    with open(REFERENCE / "un-votes" / "un_votes.csv", encoding="utf-8") as fh:
        head = [next(fh) for _ in range(20_001)]
    (votes / "un_votes.csv").write_text("".join(head), encoding="utf-8")
    proc = run_cli("import", "votes", votes, "--store", store, check=True)
    assert "loaded 6,203 roll calls" in proc.stdout
    rows = _select(
        store,
        """SELECT ?symbol ?m WHERE { <https://w3id.org/peacekg/id/rollcall/5548>
             pk:onResolution/pk:symbol ?symbol ; pk:aboutMission ?m }""",
    )
    assert rows == [{"symbol": "A/RES/71/307", "m": "https://w3id.org/peacekg/id/mission/UNIFIL"}]
    peace = _select(store, "SELECT (COUNT(?rc) AS ?n) WHERE { ?rc pk:onPeaceOperations true }")
    assert 90 <= int(peace[0]["n"]) <= 140  # "about 90" by the README's count
    typed = _select(
        store, "SELECT (COUNT(?v) AS ?n) WHERE { ?v a pk:Vote ; pk:voter ?s . ?s a pk:State }"
    )
    assert int(typed[0]["n"]) > 19_000  # every vote's state is a state of the reference data


def test_python_api(deeds_store: dict) -> None:
    import peacekg

    with peacekg.open(deeds_store["store"]) as kg:
        t = kg.timeline("Ghana", target="wps")
        assert t.periods == [2017, 2019, 2020]
        assert [t.cell(p, t.targets[0].iri).backing for p in t.periods] == [1, 2, 1]
        d = kg.deeds("Ghana", since=2018, until=2019)
        assert [y.year for y in d.years] == [2018, 2019]
        assert d.years[1].deployments[0].women_share == pytest.approx(35 / 835)


def test_incremental_build_counts_a_repeated_speech_like_a_full_one(tmp_path: Path) -> None:
    """Adding the press summary of a speech already built updates the summary where it
    touches it, to the graph a full recompute gives (the repeated speech counted once)."""
    from peacekg.graph.ingest.documents import build
    from peacekg.graph.ingest.summary import summary_quads
    from peacekg.graph.store.database import StoreWriter
    from peacekg.ontology.namespaces import SUMMARY_GRAPH

    corpus = _write_corpus(tmp_path / "c")
    press = corpus / "ghana-press.txt"
    held = tmp_path / "held"
    held.mkdir()
    press.rename(held / press.name)
    store = tmp_path / "store"
    build([corpus], store, jobs=1)
    (held / press.name).rename(press)
    report = build([corpus], store, jobs=1)
    assert [Path(p).name for p in report.built] == ["ghana-press.txt"]
    with StoreWriter(store) as writer:  # nothing is written: the generation is discarded
        stored = set(writer.quads(graph=SUMMARY_GRAPH))
        assert stored == set(summary_quads(writer.query_raw))
    rows = _select(
        store,
        """SELECT ?n WHERE { ?s pk:summaryActor ?a ; pk:summaryTarget ?t ; pk:backingCount ?n .
             ?a pk:iso3 "GHA" . ?t skos:notation "wps" }""",
    )
    assert rows == [{"n": str(_confident_once(store))}]


def test_unreadable_votes_midway_leave_the_store(tmp_path: Path) -> None:
    """A file that breaks after some rows fails the whole import; the store is untouched."""
    store = tmp_path / "store"
    (tmp_path / "p.csv").write_text(PERSONNEL)
    run_cli("import", "personnel", tmp_path / "p.csv", "--store", store)
    before = (store / "CURRENT").read_text()
    votes = tmp_path / "votes"
    votes.mkdir()
    (votes / "un_roll_calls.csv").write_text(ROLL_CALLS)
    padding = b"102,Atlantis,AT,yes\n" * 3000  # past the first buffer the header check reads
    (votes / "un_votes.csv").write_bytes(VOTES.encode() + padding + b"103,Ghana,GH,\xff\xfeyes\n")
    proc = run_cli("import", "votes", votes, "--store", store)
    assert proc.returncode == 1 and "un_votes.csv:" in proc.stderr
    assert "unreadable CSV" in proc.stderr and "Traceback" not in proc.stderr
    assert (store / "CURRENT").read_text() == before
    assert _select(store, "SELECT ?v WHERE { ?v a pk:Vote }") == []
