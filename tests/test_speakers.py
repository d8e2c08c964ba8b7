"""Speaker attribution on short documents written for the tests, and on the seeds."""

# ruff: noqa: E501  (the test documents keep one paragraph per line, as real ones do)

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import GOLD, SEEDS, text_document

from peacekg.loaders.model import Document
from peacekg.loaders.speakers import COMPONENTS, attribute_speakers


def _doc(text: str, kind: str = "document", **extra: str) -> Document:
    d = text_document(text, kind=kind)
    d.extra.update(extra)
    attribute_speakers(d)
    for i, st in enumerate(d.statements, start=1):
        assert st.index == i and 0 <= st.start < st.end <= len(text)
    return d


def _speakers(d: Document) -> list[list[str]]:
    return [[s.key for s in st.speakers] for st in d.statements]


PRESS = """The Security Council held an open debate on peacekeeping today.

Jean-Pierre Lacroix, Under-Secretary-General for Peace Operations, said that missions face new threats. He added that the Council's support remained vital.

China's representative said peacekeeping must respect the sovereignty of host countries.

She also called for more resources for training.

The representative of the United States said her country would fund new training centres.

In the ensuing discussion, South Africa's representative, also speaking for Niger, Tunisia and Saint Vincent and the Grenadines, said that African partners must be heard.

Viet Nam's representative pointed out that women peacekeepers improve outcomes.

The meeting began at 10 a.m. and ended at 1 p.m.
"""


def test_press_release_third_person_and_joint_statement() -> None:
    d = _doc(PRESS, kind="press-release")
    assert _speakers(d) == [
        ["Department of Peace Operations"],
        ["CHN"],
        ["USA"],
        ["ZAF", "NER", "TUN", "VCT"],
        ["VNM"],
    ]
    china = d.statements[1]
    assert "She also called" in PRESS[china.start : china.end]
    assert "meeting began" not in PRESS[d.statements[-1].start : d.statements[-1].end]
    assert d.statements[0].person and d.statements[0].person.name == "Jean-Pierre Lacroix"


REMARKS = """Remarks by Ambassador Dian Triansyah Djani at the Security Council open debate on peacekeeping

Thank you, Mr. President.

Indonesia remains committed to peacekeeping. As a top troop-contributing country, Indonesia has deployed thousands of peacekeepers. We value our partnership with the United States and Japan.

Indonesia will continue to train women peacekeepers.
"""


def test_remarks_speaker_from_self_reference() -> None:
    d = _doc(REMARKS, kind="statement")
    assert _speakers(d) == [["IDN"]]
    st = d.statements[0]
    assert st.person and st.person.name == "Dian Triansyah Djani"
    assert st.start == 0 and st.end == len(REMARKS.rstrip())


EVENT = """On 5 May, the Stimson Center together with the governments of Ghana and Canada is cohosting a discussion on training.

Opening Remarks:

H.E. Mr. Harold Agyeman, Permanent Representative of Ghana to the UN

Speakers:

Ms. Jane Doe, Senior Fellow, Stimson Center

Mr. John Roe, Director, Office of Military Affairs, UN Department of Peace Operations

Moderator:

Dr. Ana Lopez, Counsellor, Permanent Mission of Canada to the UN
"""


def test_event_page_hosts_participants_and_participation_statements() -> None:
    d = _doc(EVENT, kind="event-page")
    assert {h.key for h in d.hosts} == {"Stimson Center", "GHA", "CAN"}
    assert [p.name for p in d.participants] == [
        "Harold Agyeman",
        "Jane Doe",
        "John Roe",
        "Ana Lopez",
    ]
    assert _speakers(d) == [
        ["GHA"],
        ["Stimson Center"],
        ["Department of Peace Operations"],
        ["CAN"],
    ]
    assert all(st.kind == "participation" for st in d.statements)
    first = d.statements[0]
    assert EVENT[first.start : first.end].startswith("H.E. Mr. Harold Agyeman")
    assert d.participants[0].affiliation and d.participants[0].affiliation.key == "GHA"


def test_general_debate_files() -> None:
    assert _speakers(_doc("We meet again.", kind="general-debate", speaker_code="FRA")) == [["FRA"]]
    eu = _doc("The Union speaks.", kind="general-debate", speaker_code="EU")
    assert eu.statements[0].speakers[0].type == "Organization"
    assert eu.statements[0].speakers[0].key == "European Union"
    yug = _doc("Belgrade greets you.", kind="general-debate", speaker_code="YUG")
    assert (
        yug.statements[0].speakers[0].type == "State" and yug.statements[0].speakers[0].key == "YUG"
    )
    odd = _doc("Text.", kind="general-debate", speaker_code="XYZ")
    assert _speakers(odd) == [["XYZ"]]


def test_sidecar_speaker_wins() -> None:
    d = _doc("Statement by the Permanent Representative of Belgium\n\nText.", speaker="Norway")
    assert _speakers(d) == [["NOR"]]


def test_sidecar_speaker_named_with_a_un_title() -> None:
    # a name and a title: the title decides ("of the United Nations" adds nothing)
    d = _doc(
        "Excellencies, we meet today.", speaker="Jane Roe, Secretary-General of the United Nations"
    )
    assert _speakers(d) == [["United Nations Secretariat"]]
    d = _doc("Colleagues, welcome.", speaker="Under-Secretary-General for Operational Support")
    assert _speakers(d) == [["Department of Operational Support"]]
    # a known official by name only
    d = _doc("Colleagues, welcome.", speaker="António Guterres, former diplomat")
    assert _speakers(d) == [["United Nations Secretariat"]]


LETTER = """Letter dated 3 March 2021 from the President of the Security Council addressed to the Secretary-General

I have the honour to enclose the statements made at the meeting.

(Signed) Jane Smith
President of the Security Council

Annex I

Statement by the Under-Secretary-General for Operational Support, Atul Khare

Support to missions continued.

Annex II

Statement by the Permanent Representative of Kenya to the United Nations, Martin Kimani

Kenya supports peacekeeping.

Annex III

Statement by the Permanent Mission of Norway to the United Nations

Norway is committed.
"""


def test_letter_with_annexed_statements() -> None:
    d = _doc(LETTER, kind="letter")
    assert _speakers(d) == [
        ["Security Council"],
        ["Department of Operational Support"],
        ["KEN"],
        ["NOR"],
    ]
    assert [st.person.name if st.person else None for st in d.statements] == [
        "Jane Smith",
        "Atul Khare",
        "Martin Kimani",
        None,
    ]
    kenya = d.statements[2]
    assert "Kenya supports" in LETTER[kenya.start : kenya.end]
    assert "Norway" not in LETTER[kenya.start : kenya.end]


def test_official_briefing() -> None:
    d = _doc("Statement of USG Khare at the Peacekeeping Ministerial\n\nWe train.", kind="briefing")
    assert _speakers(d) == [["Department of Operational Support"]]
    assert d.statements[0].person and d.statements[0].person.name == "Atul Khare"


@pytest.mark.usefixtures("seeds_dir")
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("002_0ef9ecf7aa721380.txt", {"Department of Operational Support"}),
        (
            "003_988a79a43857b860.txt",
            {
                "Security Council",
                "Department of Peace Operations",
                "BEL",
                "CHN",
                "DOM",
                "EST",
                "FRA",
                "RUS",
                "GBR",
                "USA",
            },
        ),
        (
            "004_438a4bb308f04df9.txt",
            {
                "KOR",
                "IDN",
                "International Peace Institute",
                "Department of Peace Operations",
                "SWE",
                "USA",
                "JPN",
                "ETH",
            },
        ),
    ],
)
def test_seed_speakers(name: str, expected: set[str]) -> None:
    from peacekg.loaders.read import read_document

    doc = read_document(SEEDS / name)
    attribute_speakers(doc)
    got = {s.key for st in doc.statements for s in st.speakers}
    assert got == expected
    gold = [json.loads(x) for x in (GOLD / f"{name}.jsonl").read_text().splitlines()]
    required = {r["actor"] for r in gold if r["kind"] == "speaker" and not r.get("optional")}
    assert required <= got


# --- meetings coverage: the full range of attribution forms ------------------------------------

PRESS_2023 = Path(__file__).parent / "data" / "press_release_2023.txt"


def _press_2023() -> Document:
    text = PRESS_2023.read_text(encoding="utf-8")
    d = _doc(text, kind="press-release")
    return d


def test_press_release_2023_every_speaker() -> None:
    d = _press_2023()
    text = d.text
    got = [(st.kind, [s.key for s in st.speakers]) for st in d.statements]
    assert got == [
        (
            "statement",
            ["United Nations Secretariat"],
        ),  # "Opening the debate, Secretary-General ..."
        ("statement", ["Department of Peace Operations"]),  # "Briefing the Council, Lacroix, USG"
        ("statement", ["Department of Peace Operations"]),  # Force Commander of MONUSCO
        ("statement", ["Challenges Forum"]),  # civil society briefer
        ("statement", ["MOZ"]),  # "Speaking in her national capacity, Ms. Macamo said"
        ("statement", ["JPN"]),  # "The representative of Japan said"
        ("statement", ["CHN"]),  # "China's representative said"
        ("statement", ["BRA"]),  # "Brazil's delegate stressed"
        ("statement", ["ECU"]),  # "Ecuador's representative, recalling ..., said"
        ("statement", ["USA"]),  # "For the United States, ... Its representative said"
        (
            "statement",
            ["DNK", "FIN", "ISL", "NOR", "SWE"],
        ),  # "Speaking for the Nordic countries — ..."
        ("statement", ["GAB", "GHA", "MOZ"]),  # ", speaking also on behalf of A and B,"
        ("statement", ["European Union"]),  # "Speaking for the European Union, ... the bloc's"
        ("statement", ["EGY"]),  # "speaking for the African Group" (an informal group)
        ("statement", ["AZE", "Non-Aligned Movement"]),  # "on behalf of the Non-Aligned Movement"
        ("statement", ["IDN"]),  # "The representative of Indonesia, noting ..., called for"
        ("statement", ["CHE"]),  # "Echoing that, Switzerland's representative"
        ("statement", ["BGD"]),  # "Turning to ..., the delegate of Bangladesh said"
        ("statement", ["IND"]),  # "The representative of India said" + unattributed paragraph
        ("statement", ["RUS"]),  # "The Russian Federation's representative said"
        ("participation", ["ALB"]),  # "Also speaking were the representatives of ..."
        ("participation", ["MLT"]),
        ("participation", ["ARE"]),
    ]

    def span(i: int) -> str:
        st = d.statements[i]
        return text[st.start : st.end]

    # the Secretary-General's statement runs over the unattributed paragraph that follows it
    assert span(0).startswith("Opening the debate, Secretary-General António Guterres said")
    assert span(0).endswith(
        "the safety and security of peacekeepers had to remain a shared priority."
    )
    assert "Briefing the Council" not in span(0)
    # "He added" continues Lacroix; the Force Commander opens his own statement
    assert span(1).endswith("eastern Democratic Republic of the Congo.")
    assert span(2).startswith("Lieutenant General Otávio Rodrigues de Miranda Filho")
    assert span(2).endswith("Mobility, air assets and intelligence remained the key gaps, he said.")
    # headings and narration belong to nobody
    for i in range(len(d.statements)):
        assert "Statements\n" not in span(i) and "minute of silence" not in span(i)
        assert "The meeting began" not in span(i)
    assert span(3).endswith("were essential, he said.")
    assert span(9).startswith("For the United States,")
    assert span(18).endswith("train medical personnel from other contributors.")
    assert span(19).endswith("human rights and gender issues.")
    assert [span(i) for i in (20, 21, 22)] == ["Albania", "Malta", "United Arab Emirates"]
    people = [(st.person.name, st.person.affiliation.key) for st in d.statements if st.person]
    assert people == [
        ("António Guterres", "United Nations Secretariat"),
        ("Jean-Pierre Lacroix", "Department of Peace Operations"),
        ("Otávio Rodrigues de Miranda Filho", "Department of Peace Operations"),
        ("Björn Holmberg", "Challenges Forum"),
        ("Verónica Macamo", "MOZ"),
    ]


def test_press_release_president_named_by_office() -> None:
    text = (
        "The meeting was chaired by Ferit Hoxha, Permanent Representative of Albania, which holds "
        "the Council presidency.\n\n"
        "The Council President, speaking in his national capacity, said that peacekeepers "
        "deserve the Council's full support.\n\n"
        "Also speaking were the representatives of Ghana and Japan, as well as the European Union.\n"
    )
    d = _doc(text, kind="press-release")
    assert _speakers(d) == [["ALB"], ["GHA"], ["JPN"], ["European Union"]]
    assert [st.kind for st in d.statements] == ["statement"] + ["participation"] * 3


def test_press_release_mission_officials_speak_for_the_directing_department() -> None:
    text = (
        "Roza Otunbayeva, Special Representative of the Secretary-General and Head of the "
        "United Nations Assistance Mission in Afghanistan (UNAMA), said that the Mission "
        "would stay and deliver.\n\n"
        "Major General Patrick Gauchat, Head of Mission and Chief of Staff of UNTSO, said "
        "that the observers remained at their posts.\n"
    )
    d = _doc(text, kind="press-release")
    assert _speakers(d) == [
        ["Department of Political and Peacebuilding Affairs"],  # a special political mission
        ["Department of Peace Operations"],  # a peacekeeping operation
    ]


def test_press_release_intro_mention_is_no_attribution() -> None:
    # a representative named in narration, without a reporting verb, opens no statement
    text = (
        "The Council heard a briefing requested by the representative of France.\n\n"
        "Kenya's representative said that the Light Coordination Mechanism works.\n"
    )
    assert _speakers(_doc(text, kind="press-release")) == [["KEN"]]


RECORD = """United Nations S/PV.9291
Security Council
9291st meeting
Tuesday, 28 March 2023, 10 a.m.

President: Ms. Macamo .......................................... (Mozambique)

The meeting was called to order at 10.05 a.m.

The President: In accordance with rule 39 of the Council's provisional rules of procedure, I invite Mr. Björn Holmberg, Executive Director of the Challenges Forum International Secretariat, to participate in this meeting. I give the floor to Mr. Lacroix.

Mr. Lacroix: Peacekeeping remains a political instrument. We must protect civilians.

The President: I thank Mr. Lacroix for his briefing. I give the floor to Mr. Holmberg.

Mr. Holmberg: Partnerships between troop contributors and training providers are essential.

The President: I thank Mr. Holmberg. I shall now make a statement in my capacity as the Minister for Foreign Affairs and Cooperation of Mozambique.

Mozambique supports regional organizations as full partners of the United Nations.

I now resume my functions as President of the Council. I give the floor to the representative of Japan.

Mr. Ishikane (Japan): Japan will continue to support the Triangular Partnership Programme.

Mr. Smith (United Kingdom) (spoke in French): We welcome the Action for Peacekeeping Plus priorities.

The President: There are no more names inscribed on the list of speakers. The meeting rose at 1.27 p.m.
"""


def test_verbatim_record_briefers_and_president() -> None:
    d = _doc(RECORD, kind="record")
    assert _speakers(d) == [
        ["Department of Peace Operations"],  # "Mr. Lacroix:" a known official
        ["Challenges Forum"],  # "Mr. Holmberg:" introduced by the President
        ["MOZ"],  # the President in national capacity
        ["JPN"],
        ["GBR"],
    ]
    pres = d.statements[2]
    assert "Mozambique supports regional organizations" in RECORD[pres.start : pres.end]
    assert d.statements[1].person and d.statements[1].person.name == "Björn Holmberg"


# -- the components -------------------------------------------------------------------------------


def test_components_run_in_todays_order() -> None:
    assert [c.name for c in COMPONENTS] == [
        "sidecar",
        "general-debate-file",
        "record-turns",
        "headed-statements",
        "press-release",
        "event-page",
        "self-reference",
    ]


@pytest.mark.parametrize(
    ("component", "pattern"),
    [(c, p) for c in COMPONENTS for p in c.patterns],
    ids=lambda x: getattr(x, "name", ""),
)
def test_component_patterns_find_their_examples_only(component, pattern) -> None:
    for text in pattern.examples:
        assert pattern.regex.search(text), f"{component.name}/{pattern.name} misses {text!r}"
    for text in pattern.counterexamples:
        assert not pattern.regex.search(text), f"{component.name}/{pattern.name} finds {text!r}"


def test_every_component_with_patterns_has_examples() -> None:
    for c in COMPONENTS:
        for p in c.patterns:
            assert p.examples and p.counterexamples, f"{c.name}/{p.name}"


@pytest.mark.parametrize(
    ("text", "kind", "extra", "rule"),
    [
        ("Statement by Belgium\n\nText.", "statement", {"speaker": "Norway"}, "sidecar"),
        ("We meet again.", "general-debate", {"speaker_code": "FRA"}, "general-debate-file"),
        (RECORD, "record", {}, "record-turns"),
        (LETTER, "letter", {}, "headed-statements"),
        (PRESS, "press-release", {}, "press-release"),
        (EVENT, "event-page", {}, "event-page"),
        (REMARKS, "statement", {}, "headed-statements"),  # the heading names no state
        (REMARKS.split("\n", 1)[1], "statement", {}, "self-reference"),
    ],
    ids=lambda x: x if isinstance(x, str) and len(x) < 30 else "",
)
def test_statement_rule_names_the_component(text: str, kind: str, extra: dict, rule: str) -> None:
    d = _doc(text, kind=kind, **extra)
    assert d.statements and {st.rule for st in d.statements} == {rule}


def test_a_component_that_finds_nothing_passes_the_document_on() -> None:
    # no turns, no heading, no attribution, no listing: the text's self-references decide
    d = _doc("Indonesia remains committed to peacekeeping. Indonesia will train more.", "statement")
    assert _speakers(d) == [["IDN"]] and d.statements[0].rule == "self-reference"
    assert _doc("   \n", "statement").statements == []
