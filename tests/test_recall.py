"""Recall rules of issue 12 on texts written for these tests (``tests/data/recall``), run
through the real pipeline: speakers named mid-paragraph in meetings coverage, missions named
by their place when one operation is the host state's own, contributions stated through the
contributor's "contribution of", and cues of women's participation and of consultation with
contributing countries. Each rule has its counterexamples."""

# ruff: noqa: E501  (the test texts stay on one line each)

from __future__ import annotations

from functools import cache
from pathlib import Path

from peacekg.loaders.model import Document
from peacekg.loaders.pipeline import Pipeline
from peacekg.loaders.read import read_document

DATA = Path(__file__).parent / "data" / "recall"


@cache
def _pipeline() -> Pipeline:
    return Pipeline()


def _run(path: Path, kind: str | None = None) -> Document:
    doc = read_document(path, meta={"type": kind} if kind else None)
    return _pipeline()(doc)


def _backs(doc: Document) -> set[tuple[str, str]]:
    return {(c.actor.key, t.key) for c in doc.commitments for t in c.targets}


def _contributes(doc: Document) -> set[tuple[str, str]]:
    return {(c.actor.key, m.key) for c in doc.commitments for m in c.contributes_to}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- a speaker named in a later sentence of a press-release paragraph -----------------------


def test_a_second_speaker_in_one_paragraph_takes_its_own_stances() -> None:
    doc = _run(DATA / "c34-press-release-2019.txt")
    assert doc.kind == "press-release"
    speakers = [[s.key for s in st.speakers] for st in doc.statements]
    assert ["URY"] in speakers and ["ARG"] in speakers
    backs = _backs(doc)
    assert ("URY", "protection") in backs
    assert ("ARG", "performance") in backs  # her country's training course: Argentina's
    assert ("URY", "performance") not in backs  # not the neighbour's


PARAGRAPH = """SC/99998

3 May 2019

Security Council

Speakers Debate Peacekeeping

The representative of Kenya said his country supported the Action for Peacekeeping initiative. He agreed with the representative of Rwanda that training mattered, and called for better predeployment training of troops. Rwanda's delegate said her country would support the Elsie Initiative.
"""


def test_a_speaker_only_mentioned_later_in_a_paragraph_opens_no_statement(tmp_path: Path) -> None:
    doc = _run(_write(tmp_path, "release.txt", PARAGRAPH))
    speakers = [[s.key for s in st.speakers] for st in doc.statements]
    assert speakers == [["KEN"], ["RWA"]]  # "agreed with the representative of Rwanda": Kenya's
    backs = _backs(doc)
    assert ("KEN", "performance") in backs and ("RWA", "performance") not in backs
    elsie = "Elsie Initiative Fund"
    assert ("RWA", elsie) in backs and ("KEN", elsie) not in backs


def test_outside_press_releases_a_paragraph_keeps_one_speaker(tmp_path: Path) -> None:
    # a record quoting another delegation keeps its speaker (no split mid-paragraph)
    body = PARAGRAPH.split("Speakers Debate Peacekeeping\n\n", 1)[1]
    text = "Summary of the debate\n\n" + body + "\n" + body.replace("Kenya", "Chile")
    doc = _run(_write(tmp_path, "summary.txt", text), kind="document")
    assert doc.kind == "document"
    assert all(len({s.key for s in st.speakers}) == 1 for st in doc.statements)
    assert not any(s.key == "RWA" for st in doc.statements for s in st.speakers)


# --- missions named by their place: the host state's own operation --------------------------


def test_a_place_names_the_host_states_own_operation_before_shared_ones() -> None:
    doc = _run(DATA / "IRL_74_2019.txt")
    contributes = _contributes(doc)
    # Lebanon hosts UNIFIL and (with four others) UNTSO; South Sudan UNMISS and (with Sudan)
    # UNISFA: the place names the state's own; "in Lebanon and South Sudan" lists both places
    assert ("IRL", "UNIFIL") in contributes and ("IRL", "UNMISS") in contributes
    assert ("IRL", "MINUSMA") in contributes
    # Syria hosts UNDOF (the Golan, not the whole country) and UNTSO: no single own operation
    assert not any(m in ("UNDOF", "UNTSO") for _, m in contributes)
    assert not any(m in ("UNTSO", "UNISFA") for _, m in contributes)


def test_a_place_with_two_operations_of_its_own_names_none() -> None:
    # Sudan in 2010: UNMIS over the country, UNAMID in Darfur, both Sudan's alone
    assert not _contributes(_run(DATA / "SDN_65_2010.txt"))


# --- a contribution that consists of personnel or assets ------------------------------------


def test_the_contributors_contribution_of_assets_in_a_place_is_a_contribution() -> None:
    doc = _run(DATA / "IRL_74_2019.txt")
    hospital = [c for c in doc.commitments if "field hospital" in c.evidence]
    assert {m.key for c in hospital for m in c.contributes_to} == {"MINUSMA"}
    political = [c for c in doc.commitments if "peace process in Mali" in c.evidence]
    assert not any(c.contributes_to for c in political)  # no personnel, no asset


def test_a_third_persons_contribution_of_assets_in_a_press_release(tmp_path: Path) -> None:
    text = PARAGRAPH.replace(
        "Rwanda's delegate said her country would support the Elsie Initiative.",
        "Germany's delegate highlighted his country's contribution of a transport aircraft and"
        " a specialized police team in Mali.",
    )
    contributes = _contributes(_run(_write(tmp_path, "release.txt", text)))
    assert contributes == {("DEU", "MINUSMA")}


# --- cues ----------------------------------------------------------------------------------


def test_womens_full_and_meaningful_participation_in_peace_operations_is_wps() -> None:
    doc = _run(DATA / "c34-press-release-2019.txt")
    first = [c for c in doc.commitments if "meaningful participation" in c.evidence]
    assert {(c.actor.key, t.key) for c in first for t in c.targets} == {("DNK", "wps")}


def test_womens_full_participation_at_home_is_no_priority(tmp_path: Path) -> None:
    text = "We support women's full and equal participation in the national economy.\n"
    assert not _backs(_run(_write(tmp_path, "DEU_74_2019.txt", text)))


def test_consultation_with_contributing_countries_is_partnerships(tmp_path: Path) -> None:
    text = PARAGRAPH.replace(
        "Rwanda's delegate said her country would support the Elsie Initiative.",
        "Also taking the floor, the representative of India stressed the need for consultation"
        " with troop-contributing countries.",
    )
    assert ("IND", "partnerships") in _backs(_run(_write(tmp_path, "release.txt", text)))
    plain = "We held consultations with our neighbours on trade.\n"
    assert not _backs(_run(_write(tmp_path, "IND_74_2019.txt", plain)))


def test_personnel_named_before_their_place_as_part_of_the_contribution(tmp_path: Path) -> None:
    doc = _run(DATA / "c34-press-release-2019.txt")
    bangladesh = [c for c in doc.commitments if "part of his country" in c.evidence]
    assert {(c.actor.key, m.key) for c in bangladesh for m in c.contributes_to} == {
        ("BGD", "MINUSMA")
    }
    # without the contributor named as such, the same personnel are nobody's contribution
    text = PARAGRAPH.replace(
        "Rwanda's delegate said her country would support the Elsie Initiative.",
        "Rwanda's delegate said the peacekeepers in Mali were part of a wider effort.",
    )
    assert not _contributes(_run(_write(tmp_path, "release.txt", text)))


def test_keeping_units_in_places_is_a_contribution(tmp_path: Path) -> None:
    doc = _run(DATA / "c34-press-release-2019.txt")
    assert {("NPL", "UNIFIL"), ("NPL", "MINUSCA")} <= _contributes(doc)
    text = PARAGRAPH.replace(
        "Rwanda's delegate said her country would support the Elsie Initiative.",
        "Rwanda's delegate said her country would keep a close watch on the situation in Lebanon.",
    )
    assert not _contributes(_run(_write(tmp_path, "release.txt", text)))


# --- more ways meetings coverage names a state's speaker -------------------------------------

FORMS = {
    "The United States delegate said her country strongly supported the Action for Peacekeeping initiative.": "USA",
    "The Chinese representative said his country supported the Action for Peacekeeping initiative.": "CHN",
    "The delegate from Brazil said his country supported the Action for Peacekeeping initiative.": "BRA",
    "The observer for the Holy See said the Holy See supported the Action for Peacekeeping initiative.": "VAT",
    "Kenya said it supported the Action for Peacekeeping initiative.": "KEN",
    "South Africa, speaking on behalf of the African Group, said the Group supported the Action for Peacekeeping initiative.": "ZAF",
}


def test_a_states_speaker_named_in_other_forms(tmp_path: Path) -> None:
    head = PARAGRAPH.split("The representative of Kenya", 1)[0]
    for sentence, state in FORMS.items():
        doc = _run(_write(tmp_path, "release.txt", head + sentence + "\n"))
        assert [[s.key for s in st.speakers] for st in doc.statements] == [[state]], sentence
        assert _backs(doc) == {(state, "Action for Peacekeeping")}, sentence


def test_no_state_speaks_through_the_council_or_its_president(tmp_path: Path) -> None:
    head = PARAGRAPH.split("The representative of Kenya", 1)[0]
    for sentence in (
        "The Council President said the Council supported the Action for Peacekeeping initiative.",
        "The Council said it supported the Action for Peacekeeping initiative.",
    ):
        doc = _run(_write(tmp_path, "release.txt", head + sentence + "\n"))
        assert not doc.statements and not doc.commitments, sentence


def test_what_a_speaker_has_in_a_named_mission_is_a_contribution(tmp_path: Path) -> None:
    text = (
        "We have 450 troops in UNIFIL.\n\n"
        "We have doubts about the forces in UNMISS.\n\n"
        "We have 300 soldiers in Mali, under national command.\n"
    )
    # "have" holds personnel in a named mission; views on forces are no contribution, and a
    # place ("in Mali") wants a verb of giving: the troops may serve outside the UN
    assert _contributes(_run(_write(tmp_path, "DEU_74_2019.txt", text))) == {("DEU", "UNIFIL")}


# --- places that name an operation without naming its state (ontology/data/places.csv) -----


def test_a_territory_or_a_base_town_names_the_operation_running_there(tmp_path: Path) -> None:
    text = (
        "Mr. President, my country remains committed to peace operations. Our troops and staff "
        "officers serve in Darfur, on the Golan Heights and in Mali, and our engineers are "
        "stationed in Bangui. Our economy grew by four per cent last year.\n"
    )
    doc = _run(_write(tmp_path, "NPL_70_2015.txt", text))
    assert _contributes(doc) == {
        ("NPL", "UNAMID"),  # Darfur: Sudan's territory of UNAMID
        ("NPL", "UNDOF"),  # the Golan: UNDOF, not UNTSO (Syria hosts both)
        ("NPL", "MINUSMA"),
        ("NPL", "MINUSCA"),  # Bangui lies in the Central African Republic
    }
    # after UNAMID closed (end of 2020), "in Darfur" names no operation
    doc = _run(_write(tmp_path, "NPL_76_2021.txt", text))
    assert ("NPL", "UNAMID") not in _contributes(doc)


def test_a_place_inside_a_longer_word_is_no_place(tmp_path: Path) -> None:
    text = "We are proud that our troops serve in Ingolan Heights and in Gaoland.\n"
    assert not _contributes(_run(_write(tmp_path, "NPL_70_2015.txt", text)))


def test_personnel_of_two_kinds_owned_by_one_demonym(tmp_path: Path) -> None:
    text = (
        "Security Council - Meetings Coverage - 2017\n\nThe representative of China said that "
        "Chinese engineering and medical units served in Mali and Lebanon.\n"
    )
    doc = _run(_write(tmp_path, "release.txt", text))
    assert doc.date == "2017"  # the year closing the heading line
    assert _contributes(doc) == {("CHN", "MINUSMA"), ("CHN", "UNIFIL")}


def test_it_and_its_are_the_state_that_opens_a_paragraph_of_a_summary(tmp_path: Path) -> None:
    """Outside any statement (an annex summing up several states' pledges), "It" and "its"
    are the state whose name opens the paragraph; a service "since" a year goes on."""
    text = (
        "Annex\n\nSummary of pledges, 30 September 2016\n\n"
        "1. Rwanda confirmed its commitment to peace operations. It will maintain its infantry "
        "battalions in the Central African Republic and in Darfur, where it has served since "
        "2004.\n\n"
        "2. The meeting ended with thanks to the hosts. Its troops serve in Mali.\n"
    )
    contributes = _contributes(_run(_write(tmp_path, "letter.txt", text), kind="letter"))
    assert contributes == {("RWA", "MINUSCA"), ("RWA", "UNAMID")}


def test_a_starting_year_long_ago_is_still_history(tmp_path: Path) -> None:
    text = "Ghana has served peacekeeping since 1960, when our soldiers deployed to the Congo.\n"
    assert not _contributes(_run(_write(tmp_path, "GHA_70_2015.txt", text)))


# --- speakers found in the backs dev set's misses (tests/data/backs) -------------------------


def test_a_heading_with_a_title_before_it_and_its_audience_names_the_speaker(
    tmp_path: Path,
) -> None:
    text = (
        "A4P+ in the field: priorities for 2021-2023 - Remarks to the Security Council by "
        "Jean-Pierre Lacroix, Under-Secretary-General for Peace Operations\n"
        "New York, September 2021\n\nMadam President,\n\nWe must protect civilians in every "
        "mission, and we will keep strengthening the safety and security of peacekeepers.\n"
    )
    doc = _run(_write(tmp_path, "remarks.txt", text))
    assert [[s.key for s in st.speakers] for st in doc.statements] == [
        ["Department of Peace Operations"]
    ]
    assert ("Department of Peace Operations", "protection") in _backs(doc)


RELEASE = """SC/99997

7 May 2019

Security Council

The representative of Côte d'Ivoire, speaking on behalf of the three African members of the Council (Côte d'Ivoire, Equatorial Guinea and South Africa), said that the three countries strongly supported the Action for Peacekeeping initiative.

The representative of Rwanda commended the presidency for convening the debate. He noted that several speakers, including the representative of the United Kingdom, had called for more women in uniform. Rwanda would deploy more women peacekeepers.

The representative of the Russian Federation said that his country had been unable to support resolution 2467 (2019), since the text went beyond what had been agreed.
"""


def test_press_release_speakers_with_a_particle_or_named_among_others(tmp_path: Path) -> None:
    doc = _run(_write(tmp_path, "release.txt", RELEASE))
    speakers = [[s.key for s in st.speakers] for st in doc.statements]
    # "Côte d'Ivoire" with its particle; "including the representative of the United
    # Kingdom" is one of those Rwanda reports on, not a new speaker
    assert speakers == [["CIV", "GNQ", "ZAF"], ["RWA"], ["RUS"]]
    a4p = "Action for Peacekeeping"
    assert {("CIV", a4p), ("GNQ", a4p), ("ZAF", a4p)} <= _backs(doc)
    assert ("RWA", "wps") in _backs(doc)


def test_being_unable_to_support_a_resolution_opposes_it(tmp_path: Path) -> None:
    doc = _run(_write(tmp_path, "release.txt", RELEASE))
    stances = {(c.actor.key, t.key, c.stance) for c in doc.commitments for t in c.targets}
    assert ("RUS", "2467", "Opposition") in stances
    assert not any(a == "RUS" and k == "2467" and s != "Opposition" for a, k, s in stances)


def test_an_event_pages_panellists_by_their_role_and_opening_words(tmp_path: Path) -> None:
    text = (
        "Panel discussion\n\nDelivering A4P+ in UN Peacekeeping\n\n17 November 2022\n\n"
        "The Ambassador of Ghana opened by thanking the hosts. He stressed that mandates "
        "must keep political solutions at the centre of every mission.\n\n"
        "The Senior Adviser from the African Union Commission described the partnership "
        "between the African Union and the United Nations as indispensable, and called for "
        "predictable financing of African Union peace support operations.\n"
    )
    doc = _run(_write(tmp_path, "event.txt", text), kind="press-release")
    speakers = [[s.key for s in st.speakers] for st in doc.statements]
    assert ["GHA"] in speakers and ["African Union Commission"] in speakers
    assert ("GHA", "politics") in _backs(doc)


REPORTED = """Security Council
8512th Meeting (AM)

The representative of Sweden said that his country stood firmly behind Action for Peacekeeping. Protection mandates were indispensable to the credibility of every mission. The Force had played a crucial role in the protection of civilians in its first years.

The representative of the Russian Federation said that his country had been unable to support resolution 2467 (2019) on sexual violence in conflict, since the text went beyond what had been agreed.
"""


def test_reported_speech_shifts_tenses_back_and_stands_behind_backs(tmp_path: Path) -> None:
    doc = _run(_write(tmp_path, "release.txt", REPORTED), kind="press-release")
    stances = {(c.actor.key, t.key, c.stance) for c in doc.commitments for t in c.targets}
    # "stood firmly behind" backs; "were indispensable" reports "are indispensable"
    assert ("SWE", "Action for Peacekeeping", "Support") in stances
    protection = [c for c in doc.commitments if c.actor.key == "SWE" and "protection" in
                  {t.key for t in c.targets}]  # fmt: skip
    assert [c.evidence[:20] for c in protection] == ["Protection mandates "]
    # the past perfect is still a tribute to what was done; opposing a resolution is no
    # backing of its subject, whatever the subject's harm cue says alone
    assert ("RUS", "2467", "Opposition") in stances
    assert not any(a == "RUS" and s != "Opposition" for a, _k, s in stances)


def test_the_same_tenses_outside_reported_speech_are_a_tribute(tmp_path: Path) -> None:
    text = "Protection mandates were indispensable to the credibility of every mission.\n"
    doc = _run(_write(tmp_path, "SWE_74_2019.txt", text))
    assert not any("protection" in {t.key for t in c.targets} for c in doc.commitments)


def test_a_commemorated_resolution_taken_up_again_is_a_target(tmp_path: Path) -> None:
    text = (
        "As the twentieth anniversary of resolution 1325 (2000) approaches, we call for its "
        "full implementation in every peacekeeping mission.\n\n"
        "We marked the twentieth anniversary of resolution 1325 (2000) and call for more women "
        "in peacekeeping.\n"
    )
    doc = _run(_write(tmp_path, "BRA_75_2020.txt", text))
    by_sentence = {c.evidence[:8]: {t.key for t in c.targets} for c in doc.commitments}
    assert "1325" in by_sentence["As the t"]
    assert "1325" not in by_sentence["We marke"]


def test_giving_effect_to_it_and_it_is_time_that(tmp_path: Path) -> None:
    text = (
        "Last week the Council adopted resolution 2436 (2018) on peacekeeping performance. "
        "Kenya will play its part in giving effect to it.\n\n"
        "Much of the peacekeeping in Africa is carried out by the African Union. It is time "
        "that the partnership between our two organizations rested on predictable financing "
        "of African Union peace support operations.\n"
    )
    doc = _run(_write(tmp_path, "KEN_73_2018.txt", text))
    backs = {(c.actor.key, t.key, c.stance) for c in doc.commitments for t in c.targets}
    assert ("KEN", "2436", "Pledge") in backs
    assert ("KEN", "partnerships", "CallForAction") in backs


JOINT_LETTER = """United Nations                                                        S/2021/999
Security Council

Letter dated 3 March 2021 from the Permanent Representatives of
Argentina, Fiji and Zambia to the United Nations addressed to the
President of the Security Council

We have the honour to transmit a joint statement of our three countries (see annex).

Annex

This statement is made on behalf of the following States: Argentina, Fiji and Zambia.

We reaffirm our support for Action for Peacekeeping and call for the full implementation of resolution 2538 (2020) in every peacekeeping mission.
"""


def test_a_joint_letter_without_headings_is_spoken_by_every_sender(tmp_path: Path) -> None:
    doc = _run(_write(tmp_path, "letter.txt", JOINT_LETTER), kind="letter")
    assert [[s.key for s in st.speakers] for st in doc.statements] == [["ARG", "FJI", "ZMB"]]
    assert {("ARG", "2538"), ("FJI", "2538"), ("ZMB", "Action for Peacekeeping")} <= _backs(doc)


def test_one_sender_is_no_joint_text(tmp_path: Path) -> None:
    text = JOINT_LETTER.replace(
        "Representatives of\nArgentina, Fiji and Zambia", "Representative of\nFiji"
    ).replace(
        "This statement is made on behalf of the following States: Argentina, Fiji and Zambia.", ""
    )
    doc = _run(_write(tmp_path, "letter.txt", text), kind="letter")
    assert all([s.key for s in st.speakers] != ["ARG", "FJI", "ZMB"] for st in doc.statements)


EVENT_HTML = """<html><head><title>Peacekeeping data panel</title></head><body>
<nav><a href="/">Home</a></nav>
<article>
<h1>Data and Peacekeeping Performance</h1>
<p>On 4 May 2021 the institute convened a virtual panel on data in UN peace operations.</p>
<h2>Speakers</h2>
<ul>
<li><strong>Lena Okafor</strong>, Director, Department of Peace Operations</li>
<li><strong>Ambassador Pieter Vos</strong>, Deputy Permanent Representative of the Netherlands</li>
</ul>
<h2>Summary</h2>
<p>Ms. Okafor opened by describing the Comprehensive Performance Assessment System. She urged Member States to fund the training it requires.</p>
<p>Ambassador Vos said the Netherlands strongly supports resolution 2436 (2018) on peacekeeping performance. He called for gender-disaggregated reporting in every mission.</p>
</article>
<footer>Copyright 2021</footer>
</body></html>
"""


def test_an_html_list_keeps_its_lines_and_a_summary_paragraph_is_its_panellists(
    tmp_path: Path,
) -> None:
    doc = _run(_write(tmp_path, "event.html", EVENT_HTML))
    # each list item on its line (never unwrapped as hard-wrapped prose)
    assert "Department of Peace Operations\nAmbassador Pieter Vos" in doc.text
    said = [
        ([s.key for s in st.speakers], doc.text[st.start : st.start + 12])
        for st in doc.statements
        if st.kind == "statement"
    ]
    assert said == [
        (["Department of Peace Operations"], "Ms. Okafor o"),
        (["NLD"], "Ambassador V"),
    ]
    backs = _backs(doc)
    assert ("NLD", "2436") in backs and ("NLD", "wps") in backs
    # "She urged ..." is the panellist's, in her paragraph
    assert ("Department of Peace Operations", "performance") in backs


RECORD = """United Nations                                                        S/PV.9001
Security Council
9001st meeting

President:  Mr. Ortiz ...................................... (Mexico)

The President: I shall now make a statement in my capacity as Secretary for
Foreign Affairs of Mexico.

Mexico supports resolution 2518 (2020) and will continue to train its personnel for deployment.

I now resume my functions as President of the Council.

The President: I give the floor to the representative of Kenya.

Mr. Kimani (Kenya): Kenya welcomes the Action Plan to Improve the Security of United Nations Peacekeepers. The Action Plan has saved lives, and Kenya will continue to support it. We also welcome the Declaration of Shared Commitments on United Nations Peacekeeping Operations.
"""


def test_a_presidents_national_capacity_over_a_line_break_and_a_short_form(
    tmp_path: Path,
) -> None:
    doc = _run(_write(tmp_path, "spv.txt", RECORD), kind="record")
    speakers = [[s.key for s in st.speakers] for st in doc.statements]
    assert ["MEX"] in speakers and ["KEN"] in speakers
    assert ("MEX", "2518") in _backs(doc)
    plan = "Action Plan to Improve the Security of United Nations Peacekeepers"
    short = [m for m in doc.mentions if m.entity.key == plan and m.text == "Action Plan"]
    assert [doc.text[m.start - 4 : m.end] for m in short] == ["The Action Plan"]


def test_a_short_form_two_initiatives_share_or_followed_by_a_name_is_none(
    tmp_path: Path,
) -> None:
    text = (
        "We welcome the Declaration of Shared Commitments on United Nations Peacekeeping "
        "Operations and the Declaration on the Rights of Indigenous Peoples. The Declaration "
        "matters. We recall the Declaration of Principles of 1993.\n"
    )
    doc = _run(_write(tmp_path, "CAN_73_2018.txt", text))
    assert not [m for m in doc.mentions if m.text == "Declaration"]
    # one word alone names a kind, not the initiative: "the Programme" may be any programme
    text = (
        "We support the Expanded Programme of Technical Assistance. The Programme for the "
        "provision of operational personnel must be strengthened, and the Expanded Programme "
        "deserves more funds.\n"
    )
    doc = _run(_write(tmp_path, "NOR_14_1959.txt", text))
    assert [m.text for m in doc.mentions if m.entity.type == "Initiative"] == [
        "Expanded Programme of Technical Assistance",
        "Expanded Programme",
    ]


PLEDGES = """# Statement by Chile at the Peacekeeping Ministerial

Chile makes the following pledges at this Ministerial:

1. To register an engineering company in the Peacekeeping Capability Readiness System.
2. To maintain our helicopter unit in the mission for as long as it is needed.

The Republic of Korea has presented the Seoul Initiative on Technology and Medical Capacity Building in Peacekeeping; Chile supports the initiative.

Some delegations keep loading mandates with secondary tasks such as human rights monitoring; Chile sees no justification for loading mandates with tasks that belong to other bodies.
"""


def test_a_list_item_takes_its_lead_ins_pledge_and_a_later_clause_its_subject(
    tmp_path: Path,
) -> None:
    doc = _run(_write(tmp_path, "statement-chile.md", PLEDGES), kind="statement")
    stances = {(c.actor.key, t.key, c.stance) for c in doc.commitments for t in c.targets}
    assert ("CHL", "Peacekeeping Capability Readiness System", "Pledge") in stances
    seoul = "Seoul Initiative on Technology and Medical Capacity Building in Peacekeeping"
    assert ("CHL", seoul, "Support") in stances
    assert not any(a == "KOR" for a, _t, _s in stances)


def test_a_list_without_a_lead_in_colon_takes_no_cue(tmp_path: Path) -> None:
    text = PLEDGES.replace("pledges at this Ministerial:", "pledges at this Ministerial.")
    doc = _run(_write(tmp_path, "statement-chile.md", text), kind="statement")
    stances = {(c.actor.key, t.key) for c in doc.commitments for t in c.targets}
    assert ("CHL", "Peacekeeping Capability Readiness System") not in stances


def test_rejecting_what_harms_backs_it_and_loading_mandates_opposes(tmp_path: Path) -> None:
    text = (
        "Indonesia rejects any attempt to balance peacekeeping budgets at the expense of "
        "casualty evacuation.\n\nThose who attack peacekeepers must be brought to justice.\n\n"
        "We see no justification for loading peacekeeping mandates with human rights "
        "monitoring.\n"
    )
    doc = _run(_write(tmp_path, "IDN_74_2019.txt", text))
    stances = {(t.key, c.stance) for c in doc.commitments for t in c.targets}
    assert ("safety-security", "Opposition") not in stances
    assert ("safety-security", "CallForAction") in stances
    assert ("protection", "Opposition") in stances
