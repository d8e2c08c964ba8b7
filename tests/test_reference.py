"""The reference tables: states, missions, organisations, initiatives, priorities."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from rdflib.namespace import RDF

from peacekg.ontology.namespaces import PK, mission_iri, resolution_iri, state_iri
from peacekg.ontology.reference import RefEntity, Reference, load_reference, reference_graph

SHARED = Path(__file__).resolve().parents[2] / "shared"
REGISTRY = SHARED / "eval" / "registry.json"
PKOC = SHARED / "reference" / "pkoc-missions.csv"


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference()


def test_cached(ref: Reference) -> None:
    assert load_reference() is ref


def test_193_members_and_2_observers(ref: Reference) -> None:
    members = [s for s in ref.states if s.data.get("status") == "member"]
    observers = {s.key for s in ref.states if s.data.get("status") == "observer"}
    assert len(members) == 193
    assert observers == {"VAT", "PSE"}
    assert all(len(s.key) == 3 and s.key.isupper() for s in ref.states)
    assert len({s.key for s in ref.states}) == len(ref.states)
    assert all(len(s.data["m49"]) == 3 for s in ref.states)


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("VNM", "Viet Nam"),
        ("TUR", "Türkiye"),
        ("CIV", "Côte d'Ivoire"),
        ("FRA", "France"),
        ("COD", "Democratic Republic of the Congo"),
        ("KOR", "Republic of Korea"),
        ("PRK", "Democratic People's Republic of Korea"),
        ("IRN", "Iran (Islamic Republic of)"),
        ("BOL", "Bolivia (Plurinational State of)"),
        ("TZA", "United Republic of Tanzania"),
        ("GBR", "United Kingdom"),
        ("MKD", "North Macedonia"),
        ("CZE", "Czechia"),
        ("SWZ", "Eswatini"),
        ("VAT", "Holy See"),
        ("PSE", "State of Palestine"),
    ],
)
def test_un_names(ref: Reference, key: str, label: str) -> None:
    state = ref.get("State", key)
    assert state is not None
    assert state.label == label
    assert label in state.aliases


@pytest.mark.parametrize(
    ("alias", "key"),
    [
        ("Vietnam", "VNM"),
        ("Turkey", "TUR"),
        ("Cote d'Ivoire", "CIV"),
        ("the Sudan", "SDN"),
        ("Sudan", "SDN"),
        ("South Korea", "KOR"),
        ("Korea", "KOR"),
        ("United States", "USA"),
        ("U.S.", "USA"),
        ("USA", "USA"),
        ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
        ("Russia", "RUS"),
        ("French Republic", "FRA"),
        ("DRC", "COD"),
        ("Syria", "SYR"),
        ("Swaziland", "SWZ"),
        ("the former Yugoslav Republic of Macedonia", "MKD"),
        ("Soviet Union", "SUN"),
        ("Federal Republic of Germany", "DEU"),
        ("Democratic Yemen", "YMD"),
    ],
)
def test_variants_resolve(ref: Reference, alias: str, key: str) -> None:
    owners = {s.key for s in ref.states if alias in s.aliases}
    assert owners == {key}


def test_aliases_unique_across_states(ref: Reference) -> None:
    seen: dict[str, str] = {}
    for state in ref.states:
        for alias in state.aliases:
            assert seen.setdefault(alias, state.key) == state.key, alias


@pytest.mark.parametrize(
    ("demonym", "key"),
    [("French", "FRA"), ("Indonesian", "IDN"), ("Congolese", "COD"), ("Malian", "MLI")],
)
def test_demonyms(ref: Reference, demonym: str, key: str) -> None:
    assert {s.key for s in ref.states if demonym in s.demonyms} == {key}


def test_american_is_flagged_not_a_demonym(ref: Reference) -> None:
    usa = ref.get("State", "USA")
    assert usa is not None
    assert "American" not in usa.demonyms
    assert "American" in usa.data["ambiguous_demonyms"]


def test_former_states(ref: Reference) -> None:
    for code in ("SUN", "YUG", "CSK", "DDR", "YMD", "ZAR", "SCG"):
        state = ref.get("State", code)
        assert state is not None, code
        assert state.data["former"] == "1"
    assert ref.get("State", "SUN").data["successor"] == "RUS"  # type: ignore[union-attr]
    assert ref.get("State", "EU") is None  # an organisation, not a state


@pytest.mark.parametrize(
    ("acronym", "resolution", "start", "end", "hosts"),
    [
        ("UNTSO", "50 (1948)", "1948-05", "", "ISR"),
        ("UNMOGIP", "47 (1948)", "1949-01", "", "IND;PAK"),
        ("ONUC", "143 (1960)", "1960-07", "1964-06", "COD"),
        ("UNFICYP", "186 (1964)", "1964-03", "", "CYP"),
        ("UNIFIL", "425 (1978)", "1978-03", "", "LBN"),
        ("UNAMID", "1769 (2007)", "2007-07", "2020-12", "SDN"),
        ("MONUSCO", "1925 (2010)", "2010-07", "", "COD"),
        ("UNMISS", "1996 (2011)", "2011-07", "", "SSD"),
        ("MINUSMA", "2100 (2013)", "2013-04", "2023-12", "MLI"),
        ("MINUSCA", "2149 (2014)", "2014-04", "", "CAF"),
        ("MINUJUSTH", "2350 (2017)", "2017-10", "2019-10", "HTI"),
        ("UNAMA", "1401 (2002)", "2002-03", "", "AFG"),
        ("UNITAMS", "2524 (2020)", "2020-06", "2024-02", "SDN"),
    ],
)
def test_missions(
    ref: Reference, acronym: str, resolution: str, start: str, end: str, hosts: str
) -> None:
    mission = ref.get("Mission", acronym)
    assert mission is not None
    assert mission.acronym == acronym
    assert acronym in mission.aliases
    assert mission.data["resolution"] == resolution
    assert mission.data["start"] == start
    assert mission.data.get("end", "") == end
    assert hosts in mission.data["hosts"]


def test_mission_list_is_complete(ref: Reference) -> None:
    expected = [
        "UNTSO",
        "UNMOGIP",
        "UNEF-I",
        "ONUC",
        "UNSF",
        "UNYOM",
        "UNFICYP",
        "DOMREP",
        "UNIPOM",
        "UNEF-II",
        "UNDOF",
        "UNIFIL",
        "UNGOMAP",
        "UNIIMOG",
        "UNAVEM-I",
        "UNAVEM-II",
        "UNAVEM-III",
        "UNTAG",
        "ONUCA",
        "UNIKOM",
        "MINURSO",
        "UNAMIC",
        "UNPROFOR",
        "UNTAC",
        "UNOSOM-I",
        "UNOSOM-II",
        "ONUMOZ",
        "UNOMUR",
        "UNOMIG",
        "UNOMIL",
        "UNMIH",
        "UNAMIR",
        "UNASOG",
        "UNMOT",
        "UNCRO",
        "UNPREDEP",
        "UNMIBH",
        "UNTAES",
        "UNMOP",
        "UNSMIH",
        "MINUGUA",
        "MONUA",
        "UNTMIH",
        "MIPONUH",
        "UNPSG",
        "MINURCA",
        "UNOMSIL",
        "UNMIK",
        "UNAMSIL",
        "UNTAET",
        "MONUC",
        "UNMEE",
        "UNMISET",
        "UNMIL",
        "UNOCI",
        "MINUSTAH",
        "ONUB",
        "UNMIS",
        "UNMIT",
        "UNAMID",
        "MINURCAT",
        "MONUSCO",
        "UNISFA",
        "UNMISS",
        "UNSMIS",
        "MINUSMA",
        "MINUSCA",
        "MINUJUSTH",
        "UNAMA",
        "UNAMI",
        "UNSMIL",
        "UNSOM",
        "UNMHA",
        "UNITAMS",
        "BINUH",
        "UNOWAS",
        "UNOCA",
        "UNRCCA",
        "UNSCOL",
        "UNSCO",
        "UNVMC",
        "UNIOGBIS",
    ]
    missing = [a for a in expected if ref.get("Mission", a) is None]
    assert not missing
    assert sum(m.data["kind"] == "peacekeeping" for m in ref.missions) >= 70


def test_mission_names_both_languages(ref: Reference) -> None:
    minusma = ref.get("Mission", "MINUSMA")
    assert minusma is not None
    assert "United Nations Multidimensional Integrated Stabilization Mission in Mali" in (
        minusma.aliases
    )
    assert "UN Multidimensional Integrated Stabilization Mission in Mali" in minusma.aliases
    assert any("stabilisation au Mali" in a for a in minusma.aliases)
    assert "FINUL" in ref.get("Mission", "UNIFIL").aliases  # type: ignore[union-attr]


def test_mission_hosts_are_states(ref: Reference) -> None:
    for mission in ref.missions:
        for host in filter(None, mission.data.get("hosts", "").split(";")):
            assert ref.get("State", host) is not None, (mission.key, host)
        if mission.data.get("predecessor"):
            assert ref.get("Mission", mission.data["predecessor"]) is not None


@pytest.mark.skipif(not PKOC.exists(), reason="../shared is absent")
def test_every_pkoc_mission_resolves(ref: Reference) -> None:
    with PKOC.open(encoding="utf-8") as fh:
        acronyms = [row["acronym"] for row in csv.DictReader(fh)]
    known = {a for m in ref.missions for a in (m.key, *m.aliases)}
    assert [a for a in acronyms if a not in known] == []


@pytest.mark.skipif(not REGISTRY.exists(), reason="../shared is absent")
@pytest.mark.parametrize("type_", ["Organization", "Initiative"])
def test_registry_names_and_aliases(ref: Reference, type_: str) -> None:
    registry = json.loads(REGISTRY.read_text(encoding="utf-8"))
    for name, aliases in registry[type_].items():
        entity = ref.get(type_, name)
        assert entity is not None, name
        assert entity.key == name
        assert set(aliases) <= set(entity.aliases), (name, set(aliases) - set(entity.aliases))


def test_department_heads(ref: Reference) -> None:
    heads = {o.data["head_title"]: o.key for o in ref.organizations if o.data.get("head_title")}
    assert heads["Under-Secretary-General for Peace Operations"] == "Department of Peace Operations"
    assert (
        heads["Under-Secretary-General for Operational Support"]
        == "Department of Operational Support"
    )
    assert (
        heads["Under-Secretary-General for Political and Peacebuilding Affairs"]
        == "Department of Political and Peacebuilding Affairs"
    )
    assert heads["Secretary-General"] in {"United Nations Secretariat", "United Nations"}
    secretariat = ref.get("Organization", "United Nations Secretariat")
    assert secretariat is not None
    assert secretariat.data["head_title"] == "Secretary-General"


def test_organisation_parents_resolve(ref: Reference) -> None:
    for org in ref.organizations:
        parent = org.data.get("parent")
        if parent:
            assert ref.get("Organization", parent) is not None, (org.key, parent)


def test_initiatives(ref: Reference) -> None:
    a4p = ref.get("Initiative", "Action for Peacekeeping")
    assert a4p is not None
    assert {"A4P", "Action for Peacekeeping"} <= set(a4p.aliases)
    for key in (
        "Action for Peacekeeping Plus",
        "Declaration of Shared Commitments on UN Peacekeeping Operations",
        "Triangular Partnership Programme",
        "Light Coordination Mechanism",
        "Comprehensive Performance Assessment System",
        "Integrated Peacekeeping Performance and Accountability Framework",
        "Peacekeeping Capability Readiness System",
        "Elsie Initiative Fund",
        "Uniformed Gender Parity Strategy 2018-2028",
        "Senior Women Talent Pipeline",
    ):
        assert ref.get("Initiative", key) is not None, key


def test_no_lowercase_common_word_aliases(ref: Reference) -> None:
    """Aliases that are ordinary lower-case words would fire everywhere."""
    banned = {"the organization", "organization", "council", "mission", "state", "union"}
    for entity in ref.all():
        for alias in entity.aliases:
            assert alias not in banned, (entity.key, alias)
            assert len(alias) >= 2, (entity.key, alias)


def test_priorities(ref: Reference) -> None:
    a4p = [p.key for p in ref.priorities if p.data["scheme"] == "a4p"]
    assert a4p == [
        "politics",
        "wps",
        "protection",
        "safety-security",
        "performance",
        "peacebuilding",
        "partnerships",
        "conduct",
    ]
    plus = [p for p in ref.priorities if p.data["scheme"] == "a4p-plus"]
    assert len(plus) == 9
    assert all(p.key.startswith("a4p-plus/") for p in plus)
    assert ref.get("Priority", "wps").label == "Women, peace and security"  # type: ignore[union-attr]


def test_get_tolerates_key_variants(ref: Reference) -> None:
    assert ref.get("State", "fra") is ref.get("State", "FRA")
    assert ref.get("Mission", "UNAVEM-II") is ref.get("Mission", "UNAVEM II")
    assert ref.get("Organization", "african-union") is ref.get("Organization", "African Union")
    assert ref.get("Nope", "x") is None
    assert isinstance(next(ref.all()), RefEntity)


def test_reference_graph(ref: Reference) -> None:
    g = reference_graph()
    assert (state_iri("FRA"), RDF.type, PK.State) in g
    assert (mission_iri("MINUSMA"), PK.establishedBy, resolution_iri(2100)) in g
    assert (resolution_iri(2100), RDF.type, PK.Resolution) in g
    assert (mission_iri("MINUSMA"), PK.hostState, state_iri("MLI")) in g
    assert len(set(g.subjects(RDF.type, PK.State))) == len(ref.states)
    assert reference_graph() is not g  # a fresh graph each call


def test_council_resolution_bounds_grow_with_time() -> None:
    from peacekg.ontology.reference import sc_resolution_bound

    bounds = [sc_resolution_bound(y) for y in (1950, 1964, 1965, 1989, 1990, 2000, 2017, 2023)]
    assert bounds == [199, 199, 646, 646, 1334, 1334, 2396, 2721]
    assert sc_resolution_bound(2024) is None  # no claim beyond the table
