"""Commitment extraction on sentences written for these tests (not taken from the seeds).

Documents, statements and mentions are built by hand, so the tests exercise the rules of
:mod:`peacekg.loaders.commitments` alone: stances, negation, quantities, dates,
contributions, thanks, passing themes, third-party subjects and first-person resolution.
"""

# ruff: noqa: E501  (the test sentences stay on one line each)

from __future__ import annotations

import re

import pytest
from conftest import text_document

from peacekg.loaders.commitments import (
    extract_commitments,
    find_dates,
    find_quantities,
    load_cues,
)
from peacekg.loaders.model import Commitment, Document, EntityRef, Mention, Statement

# --- helpers --------------------------------------------------------------------------------

#: Surface forms -> entities, for the hand-made mentions of these tests.
NAMES: dict[str, EntityRef] = {
    "Norway": EntityRef("State", "NOR", "Norway"),
    "Ghana": EntityRef("State", "GHA", "Ghana"),
    "Japan": EntityRef("State", "JPN", "Japan"),
    "Germany": EntityRef("State", "DEU", "Germany"),
    "Peru": EntityRef("State", "PER", "Peru"),
    "Chile": EntityRef("State", "CHL", "Chile"),
    "Norwegian": EntityRef("State", "NOR", "Norway"),
    "Ghanaian": EntityRef("State", "GHA", "Ghana"),
    "UNDOF": EntityRef("Mission", "UNDOF", "UNDOF"),
    "Jane Roe": EntityRef("Person", "Jane Roe", "Jane Roe"),
    "European Union": EntityRef("Organization", "European Union", "European Union"),
    "African Union": EntityRef("Organization", "African Union", "African Union"),
    "United Nations": EntityRef("Organization", "United Nations", "United Nations"),
    "UNMISS": EntityRef("Mission", "UNMISS", "UNMISS"),
    "UNIFIL": EntityRef("Mission", "UNIFIL", "UNIFIL"),
    "MINUSMA": EntityRef("Mission", "MINUSMA", "MINUSMA"),
    "MINUSCA": EntityRef("Mission", "MINUSCA", "MINUSCA"),
    "MONUSCO": EntityRef("Mission", "MONUSCO", "MONUSCO"),
    "Light Coordination Mechanism": EntityRef(
        "Initiative", "Light Coordination Mechanism", "Light Coordination Mechanism"
    ),
    "Elsie Initiative": EntityRef("Initiative", "Elsie Initiative Fund", "Elsie Initiative Fund"),
    "Action for Peacekeeping": EntityRef(
        "Initiative", "Action for Peacekeeping", "Action for Peacekeeping"
    ),
    "resolution 2538 (2020)": EntityRef("Resolution", "2538", "S/RES/2538 (2020)"),
    "Resolution 2538 (2020)": EntityRef("Resolution", "2538", "S/RES/2538 (2020)"),
    "resolution 2518 (2020)": EntityRef("Resolution", "2518", "S/RES/2518 (2020)"),
    "resolution 1325 (2000)": EntityRef("Resolution", "1325", "S/RES/1325 (2000)"),
}
_NAME_RE = re.compile("|".join(re.escape(n) for n in sorted(NAMES, key=len, reverse=True)))

NOR = NAMES["Norway"]
GHA = NAMES["Ghana"]
DPO = EntityRef("Organization", "Department of Peace Operations", "Department of Peace Operations")

#: Appended to every statement so priorities are in a peacekeeping context.
CONTEXT = "This statement concerns United Nations peacekeeping."


def mentions_of(text: str) -> list[Mention]:
    """Mentions of :data:`NAMES` in ``text``."""
    return [
        Mention(NAMES[m.group(0)], m.start(), m.end(), m.group(0)) for m in _NAME_RE.finditer(text)
    ]


def doc_of(
    *parts: tuple[list[EntityRef] | None, str],
    kind: str = "statement",
    date: str | None = "2024-05-01",
    context: bool = True,
    statement_kind: str = "statement",
) -> tuple[Document, list[Mention]]:
    """A document made of ``(speakers, text)`` parts; ``None`` speakers = unattributed text."""
    text = ""
    statements = []
    for speakers, body in parts:
        if context:
            body = f"{body}\n\n{CONTEXT}"
        start = len(text)
        text += body
        if speakers is not None:
            statements.append(
                Statement(len(statements) + 1, start, len(text), speakers, kind=statement_kind)
            )
        text += "\n\n"
    doc = text_document(text, kind=kind, date=date, statements=statements)
    return doc, mentions_of(text)


def run(text: str, speakers: list[EntityRef] | None = None, **kw) -> list[Commitment]:
    """Commitments of one statement by ``speakers`` (Norway by default)."""
    doc, mentions = doc_of((speakers if speakers is not None else [NOR], text), **kw)
    out = extract_commitments(doc, mentions)
    for c in out:
        assert doc.text[c.start : c.end] == c.evidence
        assert c.actor.type in ("State", "Organization", "Person")
    return out


def backs(cs: list[Commitment]) -> set[tuple[str, str, str]]:
    """(actor, target key, polarity) of the commitments."""
    return {
        (c.actor.key, t.key, "oppose" if c.stance == "Opposition" else "support")
        for c in cs
        for t in c.targets
    }


def contributes(cs: list[Commitment]) -> set[tuple[str, str]]:
    return {(c.actor.key, m.key) for c in cs for m in c.contributes_to}


# --- stances --------------------------------------------------------------------------------


def test_named_speaker_supports_a_priority() -> None:
    cs = run("Norway strongly supports the protection of civilians in all peace operations.")
    assert backs(cs) == {("NOR", "protection", "support")}
    assert cs[0].stance == "Support"
    assert cs[0].statement == 1


def test_pledge_with_quantity_date_and_mission() -> None:
    cs = run("We will deploy 150 police officers to UNMISS by the end of 2025.")
    assert cs and cs[0].stance == "Pledge"
    assert contributes(cs) == {("NOR", "UNMISS")}
    assert [(q.amount, q.unit) for q in cs[0].quantities] == [(150.0, "police officers")]
    assert cs[0].date == "2025-12-31"


def test_contribution_to_two_missions() -> None:
    cs = run("Ghana has deployed 800 troops to UNIFIL and MINUSMA this year.", [GHA])
    assert contributes(cs) == {("GHA", "UNIFIL"), ("GHA", "MINUSMA")}
    assert cs[0].stance in ("Contribution", "Pledge")


def test_money_contribution_backs_conduct() -> None:
    cs = run(
        "My Government provided US$ 2.5 million to the trust fund for victims of sexual "
        "exploitation and abuse."
    )
    assert ("NOR", "conduct", "support") in backs(cs)
    assert cs[0].stance == "Contribution"
    assert [(q.amount, q.unit) for q in cs[0].quantities] == [(2_500_000.0, "USD")]


def test_call_for_action_on_others_is_the_speakers() -> None:
    cs = run(
        "Troop-contributing countries must ensure that every contingent is trained to "
        "United Nations standards."
    )
    assert backs(cs) == {("NOR", "performance", "support")}
    assert cs[0].stance == "CallForAction"


def test_call_with_modal_on_a_named_third_party_stays_with_the_speaker() -> None:
    cs = run("The United Nations should work more closely with regional organizations.")
    assert backs(cs) == {("NOR", "partnerships", "support")}


def test_importance_is_support() -> None:
    cs = run("Medical evacuation within one hour is of paramount importance to every contingent.")
    assert backs(cs) == {("NOR", "safety-security", "support")}


# --- opposition and negation ------------------------------------------------------------------


def test_wished_reduction_is_opposition() -> None:
    cs = run(
        "The mandates of these missions should be streamlined through a reduction in tasks "
        "related to gender and human rights."
    )
    assert backs(cs) == {("NOR", "wps", "oppose"), ("NOR", "protection", "oppose")}
    assert {c.stance for c in cs} == {"Opposition"}


def test_negated_cut_is_support() -> None:
    cs = run("Funding for the protection of civilians must not be cut.")
    assert backs(cs) == {("NOR", "protection", "support")}


def test_reducing_a_harm_backs_the_priority() -> None:
    cs = run("We must reduce fatalities among peacekeepers.")
    assert backs(cs) == {("NOR", "safety-security", "support")}


def test_reducing_gaps_in_something_is_not_opposing_it() -> None:
    cs = run("It is essential to reduce the gaps in equipment of our contingents.")
    assert backs(cs) == {("NOR", "performance", "support")}


def test_explicit_opposition() -> None:
    cs = run("We oppose any expansion of human rights monitoring in peacekeeping mandates.")
    assert ("NOR", "protection", "oppose") in backs(cs)
    assert ("NOR", "protection", "support") not in backs(cs)


def test_should_not_replace_is_not_opposition() -> None:
    cs = run("Technical programmes should not replace political solutions.")
    assert backs(cs) == {("NOR", "politics", "support")}


def test_reported_reduction_is_not_the_speakers_wish() -> None:
    cs = run("Last year the budget reduction affected gender advisers in three missions.")
    assert not any(c.stance == "Opposition" for c in cs)


# --- not a commitment -----------------------------------------------------------------------


def test_thanks_is_not_a_commitment() -> None:
    assert (
        run("I thank the Under-Secretary-General for her briefing on women, peace and security.")
        == []
    )
    assert (
        run("We pay tribute to the peacekeepers who lost their lives protecting civilians.") == []
    )


def test_passing_theme_without_stance() -> None:
    assert run("The conference on peacekeeping training took place in Accra last year.") == []


def test_narrated_third_party_without_stance_verb() -> None:
    assert run("The African Union held a seminar on mediation in Addis Ababa.") == []


def test_priorities_need_a_peacekeeping_context() -> None:
    assert run("We support human rights and free trade.", context=False) == []
    assert backs(run("We support human rights in every peacekeeping mandate.", context=False)) == {
        ("NOR", "protection", "support")
    }


def test_participation_statements_have_no_stance() -> None:
    cs = run("We strongly support gender parity.", statement_kind="participation")
    assert cs == []


# --- actors -----------------------------------------------------------------------------------


def test_first_person_resolution() -> None:
    for text in (
        "Our delegation welcomes the Light Coordination Mechanism.",
        "My country is committed to the Light Coordination Mechanism.",
        "The Government remains committed to the Light Coordination Mechanism.",
    ):
        cs = run(text)
        assert ("NOR", "Light Coordination Mechanism", "support") in backs(cs), text
        assert ("NOR", "partnerships", "support") in backs(cs), text  # related in the TTL


def test_explicit_actor_outside_statements() -> None:
    doc, mentions = doc_of(
        (None, "The European Union supports triangular partnerships for engineering training.")
    )
    cs = extract_commitments(doc, mentions)
    assert backs(cs) == {
        ("European Union", "partnerships", "support"),
        ("European Union", "performance", "support"),
    }
    assert cs[0].statement is None


def test_unattributed_text_without_actor_yields_nothing() -> None:
    doc, mentions = doc_of((None, "Peacekeeping training must improve across all missions."))
    assert extract_commitments(doc, mentions) == []


def test_possessive_subject_is_the_actor() -> None:
    doc, mentions = doc_of(
        (None, "The European Union's new strategy prioritizes the safety of peacekeepers.")
    )
    assert backs(extract_commitments(doc, mentions)) == {
        ("European Union", "safety-security", "support")
    }


def test_named_third_party_with_stance_verb_in_a_statement() -> None:
    cs = run("Japan plans to train 300 engineers for peacekeeping operations.", [GHA])
    assert backs(cs) == {("JPN", "performance", "support")}
    assert cs[0].stance == "Pledge"


def test_joint_statement_gives_one_commitment_per_speaker() -> None:
    cs = run("We welcome resolution 2538 (2020).", [NAMES["Peru"], NAMES["Chile"]])
    assert backs(cs) == {
        ("PER", "2538", "support"),
        ("CHL", "2538", "support"),
        ("PER", "wps", "support"),
        ("CHL", "wps", "support"),
    }


def test_un_system_subject_is_a_un_speaker() -> None:
    cs = run("The United Nations remains committed to the Elsie Initiative.", [DPO])
    assert ("Department of Peace Operations", "Elsie Initiative Fund", "support") in backs(cs)
    assert ("Department of Peace Operations", "wps", "support") in backs(cs)


def test_un_system_actors_do_not_contribute_to_missions() -> None:
    cs = run("We deployed a rapid response battalion to MONUSCO to protect civilians.", [DPO])
    assert ("Department of Peace Operations", "protection", "support") in backs(cs)
    assert contributes(cs) == set()


def test_agentless_passive_is_no_contribution() -> None:
    cs = run("Three units are expected to be deployed to MINUSCA, and their safety is essential.")
    assert ("NOR", "safety-security", "support") in backs(cs)
    assert contributes(cs) == set()


def test_press_release_third_person_speaker() -> None:
    cs = run(
        "He said his country supports the Action for Peacekeeping initiative.",
        kind="press-release",
    )
    assert ("NOR", "Action for Peacekeeping", "support") in backs(cs)


# --- targets --------------------------------------------------------------------------------


def test_anaphora_borrows_the_previous_sentence_targets() -> None:
    text = (
        "Resolution 2538 (2020) promotes women's participation in peacekeeping. "
        "We must continue down this path."
    )
    cs = run(text)
    assert {("NOR", "2538", "support"), ("NOR", "wps", "support")} <= backs(cs)
    last = max(cs, key=lambda c: c.end)
    assert last.evidence.startswith("Resolution 2538") and last.evidence.endswith("path.")


def test_resolution_maps_to_its_priority() -> None:
    cs = run("Member States should implement resolution 2518 (2020) without delay.")
    assert backs(cs) == {("NOR", "2518", "support"), ("NOR", "safety-security", "support")}


def test_commemorated_resolution_is_background() -> None:
    cs = run(
        "As we mark the twentieth anniversary of resolution 1325 (2000), we call for more "
        "women in uniform."
    )
    assert ("NOR", "wps", "support") in backs(cs)
    assert ("NOR", "1325", "support") not in backs(cs)


def test_longest_cue_wins_across_priorities() -> None:
    cs = run("We promote the participation of women in peace processes.")
    assert backs(cs) == {("NOR", "wps", "support")}


def test_partnerships_and_mission_targets() -> None:
    cs = run(
        "It is essential to strengthen partnerships with regional organizations such as the "
        "African Union in MINUSMA."
    )
    keys = {t.key for c in cs for t in c.targets}
    assert {"partnerships", "MINUSMA"} <= keys


# --- quantities and dates ---------------------------------------------------------------------


def test_quantities() -> None:
    got = [
        (q.amount, q.unit)
        for q in find_quantities(
            "Women are 12 per cent of our units and we aim for 20% with EUR 3 million, "
            "a 250-strong task force, four helicopters and $5 million."
        )
    ]
    assert got == [
        (12.0, "percent"),
        (20.0, "percent"),
        (3_000_000.0, "EUR"),
        (250.0, "personnel"),
        (4.0, "helicopters"),
        (5_000_000.0, "USD"),
    ]
    assert find_quantities("In 2019 the mission opened.") == []


def test_dates() -> None:
    assert find_dates("by 2028") == ["2028"]
    assert find_dates("by the end of 2021") == ["2021-12-31"]
    assert find_dates("by June 2022") == ["2022-06"]
    assert find_dates("by the end of this year", "2020-09-14") == ["2020-12-31"]
    assert find_dates("in 2028") == []


def test_percent_and_deadline_on_a_pledge() -> None:
    cs = run(
        "The share of women in our contingents is 12 per cent, and we aim to reach 20% by 2028."
    )
    assert backs(cs) == {("NOR", "wps", "support")}
    c = cs[0]
    assert [q.unit for q in c.quantities] == ["percent", "percent"]
    assert c.date == "2028"


# --- the vocabulary and speed -------------------------------------------------------------------


def test_vocabulary_covers_the_eight_areas() -> None:
    vocab = load_cues()
    assert set(vocab.patterns) == {
        "politics",
        "wps",
        "protection",
        "safety-security",
        "performance",
        "peacebuilding",
        "partnerships",
        "conduct",
    }
    assert "wps" in vocab.related["https://w3id.org/peacekg/id/resolution/1325"]
    assert (
        "partnerships"
        in vocab.related["https://w3id.org/peacekg/id/initiative/light-coordination-mechanism"]
    )


@pytest.mark.parametrize(
    "text",
    [
        "We welcome the progress on women, peace and security.",
        "We encourage all Member States to sign the voluntary compact.",
        "Our troops will continue to serve with distinction.",
    ],
)
def test_evidence_is_verbatim(text: str) -> None:
    for c in run(text):
        assert c.evidence in text


# --- contributions named by their personnel (sentences written for these tests) -----------


def test_own_units_serving_in_a_list_of_missions() -> None:
    cs = run(
        "Our engineering companies serve in MINUSMA in the north, MONUSCO in the east and UNMISS."
    )
    assert contributes(cs) == {("NOR", "MINUSMA"), ("NOR", "MONUSCO"), ("NOR", "UNMISS")}
    assert all(c.stance == "Contribution" for c in cs if c.contributes_to)


def test_demonym_owner_of_peacekeepers_is_the_speaker() -> None:
    cs = run("Norwegian peacekeepers are deployed today in UNIFIL and UNDOF.")
    assert contributes(cs) == {("NOR", "UNIFIL"), ("NOR", "UNDOF")}


def test_possessive_unit_with_a_mission() -> None:
    assert contributes(run("Norway's battalion with MINUSCA will stay as long as needed.")) == {
        ("NOR", "MINUSCA")
    }
    assert contributes(run("Our contingent in UNIFIL keeps its patrols going.")) == {
        ("NOR", "UNIFIL")
    }


def test_subject_provides_troops_to_missions() -> None:
    cs = run("Norway has provided troops to MINUSCA, MONUSCO and UNIFIL over the past decade.")
    assert contributes(cs) == {("NOR", "MINUSCA"), ("NOR", "MONUSCO"), ("NOR", "UNIFIL")}


def test_subject_is_a_contributor_to_a_mission() -> None:
    cs = run("We are one of the largest contributors to UNMISS.")
    assert contributes(cs) == {("NOR", "UNMISS")}


def test_two_owners_in_one_sentence() -> None:
    cs = run(
        "Our sappers serve in MINUSMA, and a frigate of the Norwegian navy sails with the "
        "maritime component of UNIFIL."
    )
    assert contributes(cs) == {("NOR", "MINUSMA"), ("NOR", "UNIFIL")}


def test_another_states_troops_reported_by_the_speaker_are_not_its_contribution() -> None:
    assert contributes(run("Ghanaian troops serve with distinction in UNIFIL.")) == set()
    assert contributes(run("We commend Ghana, whose soldiers patrol with UNMISS.")) == set()


def test_reported_history_is_not_a_current_contribution() -> None:
    assert contributes(run("In 1978 our soldiers deployed to UNIFIL for the first time.")) == set()
    assert contributes(run("In 1960 Ghana sent troops to the Congo.")) == set()
    # a present marker keeps it current
    cs = run("In 1978 our soldiers first deployed to UNIFIL, and they still serve there today.")
    assert contributes(cs) == {("NOR", "UNIFIL")}


def test_thanks_for_others_troops_is_no_contribution() -> None:
    assert contributes(run("We thank all partners whose troops serve in MINUSCA.")) == set()


def test_un_speakers_own_peacekeepers_are_no_contribution() -> None:
    assert contributes(run("Our peacekeepers in MINUSMA face daily attacks.", [DPO])) == set()


def test_named_state_outside_statements_contributes() -> None:
    doc, mentions = doc_of(
        (None, "The grant helps the Ghana Armed Forces deploy a mixed unit to UNIFIL next year.")
    )
    cs = extract_commitments(doc, mentions)
    assert contributes(cs) == {("GHA", "UNIFIL")}


def test_welcoming_a_deployment_is_not_contributing() -> None:
    assert contributes(run("We welcome the deployment of additional troops to MINUSCA.")) == set()


# --- the person delivering the statement, headings, opposition by anaphora -----------------


def test_delivering_person_as_subject_is_the_speaker() -> None:
    from peacekg.loaders.model import Person

    text = (
        "Jane Roe, Under-Secretary-General for Peace Operations, said that the Light "
        "Coordination Mechanism was matching training offers with needs.\n\n" + CONTEXT
    )
    doc, mentions = doc_of(([DPO], text), context=False)
    doc.statements[0].person = Person(name="Jane Roe", affiliation=DPO)
    cs = extract_commitments(doc, mentions)
    assert ("Department of Peace Operations", "Light Coordination Mechanism", "support") in backs(
        cs
    )


def test_statement_heading_is_not_a_stance() -> None:
    cs = run(
        "Statement by the Permanent Representative of Norway at the Action for Peacekeeping debate"
    )
    assert cs == []


def test_overloaded_mandates_and_anaphoric_reduction_oppose() -> None:
    cs = run(
        "We worry that peacekeeping mandates are overloaded with human rights reporting. "
        "Such tasks should be reduced."
    )
    assert ("NOR", "protection", "oppose") in backs(cs)
    assert ("NOR", "protection", "support") not in backs(cs)


def test_appreciation_to_a_person_is_thanks() -> None:
    cs = run(
        "We express our appreciation to the outgoing President for his work on peacekeeping reform."
    )
    assert cs == []


# --- context cues -----------------------------------------------------------------------------


def test_generic_cue_needs_peacekeeping_talk_close_by() -> None:
    filler = " ".join(["Trade and tariffs shaped the regional economy last year."] * 14)
    far = run(f"We support human rights in our trade agreements. {filler}")
    assert ("NOR", "protection", "support") not in backs(far)
    near = run("We support human rights monitoring in peacekeeping missions.")
    assert ("NOR", "protection", "support") in backs(near)


def test_strong_cue_keeps_the_wide_window() -> None:
    filler = " ".join(["Trade and tariffs shaped the regional economy last year."] * 14)
    cs = run(f"We support the protection of civilians by all actors. {filler}")
    assert ("NOR", "protection", "support") in backs(cs)


def test_accountability_for_crimes_against_peacekeepers_is_safety() -> None:
    cs = run("We call for accountability for crimes committed against peacekeepers.")
    assert ("NOR", "safety-security", "support") in backs(cs)
    assert ("NOR", "performance", "support") not in backs(cs)


def test_medical_in_a_list_of_skills_is_not_safety() -> None:
    cs = run("We trained signals, medical and logistics officers for peacekeeping.")
    assert ("NOR", "safety-security", "support") not in backs(cs)


def test_readiness_to_act_is_not_capability_readiness() -> None:
    cs = run("We reaffirm our readiness to work with all partners in peacekeeping.")
    assert ("NOR", "performance", "support") not in backs(cs)


# --- backing recall and precision on real entity linking ------------------------------------
# Sentences written for these tests: varied ways of backing a priority, an initiative or a
# resolution (rows: text, expected target, document kind), and sentences that are no stance
# of the speaker (background, thanks, other actors' stances, history, themes, headings).


def real_backs(text: str, speaker: str | None = "NOR", kind: str = "statement") -> set:
    """(actor, target, polarity) with the real entity linker; targets as ``wps``,
    ``ini:<name>``, ``res:<number>`` (missions left out)."""
    from peacekg.loaders.entities import find_mentions, get_matcher

    m = get_matcher()
    ref = (m.states.get(speaker) or m.orgs.get(speaker)) if speaker else None
    body = f"{text}\n\n{CONTEXT}"
    statements = [Statement(1, 0, len(body), [ref])] if ref else []
    doc = text_document(body, kind=kind, date="2023-05-01", statements=statements)
    out = set()
    for c in extract_commitments(doc, find_mentions(doc)):
        assert doc.text[c.start : c.end] == c.evidence
        for t in c.targets:
            if t.type == "Mission":
                continue
            key = t.key if t.type == "Priority" else f"{t.type[:3].lower()}:{t.key}"
            out.add((c.actor.key, key, "oppose" if c.stance == "Opposition" else "support"))
    return out


BACKING = [
    (
        "Norway endorses the Action for Peacekeeping Plus priorities.",
        "ini:Action for Peacekeeping Plus",
    ),
    ("We champion the protection of civilians in every mandate.", "protection"),
    (
        "My delegation stands behind the Secretary-General's efforts to strengthen the safety and security of peacekeepers.",
        "safety-security",
    ),
    ("Norway attaches great importance to the women, peace and security agenda.", "wps"),
    # the demonym names the acting state when it qualifies its government or delegation
    ("The Norwegian Government strongly supports the protection of civilians.", "protection"),
    # present worth is a stance, unlike a tribute to the past
    (
        "Action for Peacekeeping has proved to be an important framework for our work.",
        "ini:Action for Peacekeeping",
    ),
    (
        "We remain committed to the Declaration of Shared Commitments on UN Peacekeeping Operations.",
        "ini:Declaration of Shared Commitments on UN Peacekeeping Operations",
    ),
    (
        "We are proud to have contributed to the Elsie Initiative Fund since its launch.",
        "ini:Elsie Initiative Fund",
    ),
    ("We call for full implementation of resolution 2518 (2020).", "res:2518"),
    (
        "He welcomed the adoption of resolution 2538 (2020) on uniformed women in peacekeeping.",
        "res:2538",
        "press-release",
    ),
    ("Norway co-sponsored resolution 2436 (2018) on peacekeeping performance.", "res:2436"),
    ("Mediation and political solutions must be prioritised in every mission.", "politics"),
    ("We invest in pre-deployment training for our contingents.", "performance"),
    (
        "We look forward to deepening triangular partnerships with our African partners.",
        "partnerships",
    ),
    (
        "Cooperation between the United Nations and the African Union should be strengthened.",
        "partnerships",
    ),
    (
        "Our support for the Declaration of Shared Commitments is unwavering.",
        "ini:Declaration of Shared Commitments on UN Peacekeeping Operations",
    ),
    ("He called for zero tolerance of sexual exploitation and abuse.", "conduct", "press-release"),
    (
        "She underscored the importance of transitions that protect peacebuilding gains.",
        "peacebuilding",
        "press-release",
    ),
    ("Norway backs the Light Coordination Mechanism.", "ini:Light Coordination Mechanism"),
    ("We are a strong advocate of a gender perspective in all deployments.", "wps"),
    ("Protection of civilians is at the heart of our engagement in peacekeeping.", "protection"),
    (
        "We will continue to support the Triangular Partnership Programme.",
        "ini:Triangular Partnership Programme",
    ),
    ("Norway is determined to reduce the environmental footprint of missions.", "conduct"),
    ("Casualty evacuation capabilities need urgent investment.", "safety-security"),
    ("We favour clear, realistic and prioritized mandates.", "politics"),
    ("Accountability for crimes against peacekeepers is essential.", "safety-security"),
    (
        "The Comprehensive Performance Assessment System deserves our full backing.",
        "ini:Comprehensive Performance Assessment System",
    ),
    ("We fully subscribe to the A4P+ priorities.", "ini:Action for Peacekeeping Plus"),
    ("Norway is a firm believer in the primacy of politics.", "politics"),
    ("Our country has consistently promoted women's participation in peace processes.", "wps"),
    ("Rule of law and security sector reform remain central to sustaining peace.", "peacebuilding"),
    ("We have pledged a medical team and a helicopter unit for peacekeeping.", "safety-security"),
    (
        "We stand with the victims and support the Trust Fund in Support of Victims of Sexual Exploitation and Abuse.",
        "ini:Trust Fund in Support of Victims of Sexual Exploitation and Abuse",
    ),
    (
        "Norway has consistently voted in favour of mandates that put the protection of civilians first.",
        "protection",
    ),
    ("Let me reaffirm our commitment to Action for Peacekeeping.", "ini:Action for Peacekeeping"),
    (
        "He expressed his delegation's support for the Senior Women Talent Pipeline.",
        "ini:Senior Women Talent Pipeline",
        "press-release",
    ),
    ("We will spare no effort to improve the safety of our blue helmets.", "safety-security"),
    ("The Elsie Initiative Fund has our full support.", "ini:Elsie Initiative Fund"),
    (
        "She stressed that partnerships with regional organizations were indispensable.",
        "partnerships",
        "press-release",
    ),
    (
        "Peace agreements must be implemented in good faith, and the good offices of the mission should be used fully.",
        "politics",
    ),
    (
        "Strengthening the Peacebuilding Commission's advisory role is a priority for Norway.",
        "peacebuilding",
    ),
    (
        "We are keen to share our expertise in casualty evacuation with other troop contributors.",
        "safety-security",
    ),
    ("Norway places great emphasis on human rights monitoring in peace operations.", "protection"),
    ("We strongly believe that women peacekeepers make missions more effective.", "wps"),
    (
        "He urged Member States to deliver on their commitments under the Declaration of Shared Commitments.",
        "ini:Declaration of Shared Commitments on UN Peacekeeping Operations",
        "press-release",
    ),
    (
        "Improving the conduct and discipline of contingents must remain a priority for all of us.",
        "conduct",
    ),
    (
        "Norway is proud to be among the first donors to the Elsie Initiative Fund.",
        "ini:Elsie Initiative Fund",
    ),
    ("Performance and accountability should be strengthened across all missions.", "performance"),
    (
        "She highlighted her Government's investment in training on the protection of civilians.",
        "protection",
        "press-release",
    ),
    (
        "We count on the Council to keep resolution 1325 (2000) at the centre of mandates.",
        "res:1325",
    ),
]


@pytest.mark.parametrize("row", BACKING, ids=[r[0][:40] for r in BACKING])
def test_backing_forms(row: tuple[str, ...]) -> None:
    text, target = row[0], row[1]
    kind = row[2] if len(row) > 2 else "statement"
    assert ("NOR", target, "support") in real_backs(text, kind=kind)


NOT_BACKING = [
    ("The Council held an open debate on the protection of civilians.", None, "press-release"),
    (
        "I thank the Under-Secretary-General for his briefing on the safety and security of peacekeepers.",
        "NOR",
    ),
    ("In 2000, the Council adopted resolution 1325 (2000) on women, peace and security.", "NOR"),
    ("Women, peace and security", "NOR"),
    ("The Russian Federation opposes the inclusion of gender tasks in mandates.", "NOR"),
    ("This year marks the twentieth anniversary of resolution 1325 (2000).", "NOR"),
    ("The report of the Secretary-General describes the performance of missions.", "NOR"),
    (
        "Agenda item 4: Comprehensive review of the whole question of peacekeeping operations and the Light Coordination Mechanism",
        "NOR",
    ),
    ("We congratulate Ghana on its election to the Peacebuilding Commission.", "NOR"),
    ("The Secretary-General launched Action for Peacekeeping in 2018.", "NOR"),
    ("The Mission's mandate includes the protection of civilians.", "NOR"),
    ("The Special Committee discussed conduct and discipline last year.", "NOR"),
    ("I listened with interest to the briefing on triangular partnerships.", "NOR"),
    ("The theme of today's debate is the safety and security of peacekeepers.", "NOR"),
    ("Several delegations spoke about the women, peace and security agenda.", "NOR"),
    ("Japan has funded the Triangular Partnership Programme since 2015.", "NOR"),
    (
        "I congratulate the Secretariat on the launch of the Comprehensive Performance Assessment System.",
        "NOR",
    ),
    ("Session 2: Partnerships with regional organizations", "NOR"),
    (
        'The meeting was held under the theme "Protection of civilians in peacekeeping".',
        None,
        "press-release",
    ),
    ("As the previous speaker noted, the Elsie Initiative Fund was created in 2019.", "NOR"),
    ("Let me begin by thanking Ghana for organising this debate on peacebuilding.", "NOR"),
    ("The Council renewed the mandate of UNMISS, which covers human rights monitoring.", "NOR"),
    ("Our gratitude goes to the women peacekeepers who serve in UNIFIL.", "NOR"),
    ("We pay tribute to the peacekeepers who lost their lives protecting civilians.", "NOR"),
    (
        "The representative of Brazil said that mediation must be prioritised.",
        None,
        "press-release",
    ),
    ("Briefing: Safety and security of peacekeepers", "NOR"),
    ("Resolution 2518 (2020) was adopted unanimously three years ago.", "NOR"),
    # a tribute to the past, not a stance (General Debate style)
    (
        "The observer force has played a vital role in upholding the ceasefire in peacekeeping.",
        "NOR",
    ),
    ("She was a key figure in the success of MINUSMA's protection of civilians work.", "NOR"),
    # a demonym qualifying a thing is not the speaker acting
    (
        "After the war the Norwegian islands were restored under the Action for Peacekeeping arrangements.",
        "NOR",
    ),
    # thanks behind an opening adverb, and joining others' tributes
    ("Here I wish to thank the Secretary-General for Action for Peacekeeping.", "NOR"),
    (
        "I should like to associate myself with the speakers who paid tribute to the peacekeepers protecting civilians.",
        "NOR",
    ),
]


@pytest.mark.parametrize("row", NOT_BACKING, ids=[r[0][:40] for r in NOT_BACKING])
def test_not_backing(row: tuple[str | None, ...]) -> None:
    text, speaker = row[0], row[1]
    kind = row[2] if len(row) > 2 else "statement"
    got = real_backs(text, speaker=speaker, kind=kind)
    if speaker is None:
        assert got == set()
    else:
        assert {g for g in got if g[0] == speaker} == set()


@pytest.mark.parametrize(
    "text",
    [
        "We want the full participation of women in mediation and peacebuilding in peacekeeping.",
        "We will promote the participation of women at every stage of conflict prevention and peacebuilding in peacekeeping.",
    ],
)
def test_women_taking_part_in_a_field_is_wps_not_the_field(text: str) -> None:
    found = real_backs(text)
    assert ("NOR", "wps", "support") in found
    assert not {t for _, t, _ in found} & {"peacebuilding", "politics"}


def test_a_field_coordinated_after_women_keeps_its_priority() -> None:
    found = real_backs(
        "We call for women's full participation in peace processes and for transitions that protect peacebuilding gains in peacekeeping."
    )
    assert {("NOR", "wps", "support"), ("NOR", "peacebuilding", "support")} <= found


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("We will strengthen the protection of civilians in peacekeeping.", "Pledge"),
        ("Norway, which chairs the group, will fund the Elsie Initiative.", "Pledge"),
        # the future of a subordinate clause is someone else's, not the speaker's pledge
        ("We hope that the protection of civilians in peacekeeping will improve.", "Support"),
        (
            "We trust the Council will act on the protection of civilians in peacekeeping.",
            "Support",
        ),
    ],
)
def test_a_pledge_is_the_speakers_own_future(text: str, stance: str) -> None:
    assert {c.stance for c in run(text)} == {stance}


# --- a priority is an A4P area of UN peace operations (issue 12, item 4) ---------------------

#: General talk, as in a General Debate speech where peacekeeping is one topic among many.
_GENERAL = (
    "Our economy grew last year despite the fall in commodity prices. "
    "The trade rules of the world must be fair to small producers. "
    "Climate change threatens the coasts and the harvests of our region. "
) * 8


def speech(sentence: str, near: bool = False) -> list[Commitment]:
    """Commitments of ``sentence`` in a long speech that speaks of peacekeeping once, far away
    (``near``: in the sentence before)."""
    pk = "We honour the peacekeepers who served in distant lands."
    if near:
        return run(f"{_GENERAL}{pk} {sentence} {_GENERAL}", context=False)
    return run(f"{pk} {_GENERAL}{sentence} {_GENERAL}", context=False)


def test_human_rights_at_home_is_no_protection_priority() -> None:
    cs = speech("We are committed to human rights and have adopted a national action plan.", True)
    assert not {t for (_, t, _) in backs(cs)} & {"protection"}


def test_gender_equality_at_home_is_no_wps_priority() -> None:
    cs = speech("My Government will continue to promote gender equality in our schools.", True)
    assert not {t for (_, t, _) in backs(cs)} & {"wps"}


def test_a_generic_cue_next_to_peacekeeping_in_its_sentence_is_a_priority() -> None:
    cs = speech("We support training in human rights for all peacekeepers before deployment.")
    assert {("NOR", "protection", "support"), ("NOR", "performance", "support")} <= backs(cs)


def test_a_ceasefire_near_peacekeeping_talk_is_politics() -> None:
    # politics' generic phrases are items of the area: an anchor close by is enough ...
    cs = speech("We call on both parties to respect the ceasefire and return to mediation.", True)
    assert ("NOR", "politics", "support") in backs(cs)
    # ... where human rights, in the same place, need peacekeeping talk in their own sentence
    cs = speech("We call on both parties to respect human rights.", True)
    assert not {t for (_, t, _) in backs(cs)} & {"protection"}


def test_a_specific_cue_needs_no_anchor_in_its_sentence() -> None:
    cs = speech("Norway supports the protection of civilians in armed conflict.")
    assert ("NOR", "protection", "support") in backs(cs)


def test_in_a_document_about_peace_operations_a_generic_cue_needs_only_a_near_anchor() -> None:
    cs = run("We must strengthen human rights monitoring and provide more training.")
    assert {("NOR", "protection", "support"), ("NOR", "performance", "support")} <= backs(cs)


# --- polarity towards resolutions (issue 12, item 5) -----------------------------------------


def test_rejecting_what_undermines_a_resolution_supports_it() -> None:
    cs = run("Norway is opposed to any attempt to undermine resolution 2538 (2020).")
    assert ("NOR", "2538", "support") in backs(cs)
    assert ("NOR", "2538", "oppose") not in backs(cs)


def test_rejecting_a_linkage_that_contravenes_a_resolution_supports_it() -> None:
    cs = run(
        "Norway rejects this linkage as contravening resolution 2518 (2020), which must remain "
        "the basis of any settlement."
    )
    assert ("NOR", "2518", "support") in backs(cs)
    assert ("NOR", "2518", "oppose") not in backs(cs)


def test_regretting_or_deploring_a_resolution_opposes_it() -> None:
    assert ("NOR", "2538", "oppose") in backs(
        run("We deeply regret the adoption of resolution 2538 (2020).")
    )
    assert ("NOR", "2518", "oppose") in backs(run("Norway deplores resolution 2518 (2020)."))


def test_regretting_that_a_resolution_is_not_implemented_does_not_oppose_it() -> None:
    cs = run("We regret that resolution 2538 (2020) has not yet been implemented in full.")
    assert ("NOR", "2538", "oppose") not in backs(cs)


# --- a mission's host state is not its contributor (issue 12, item 5) ------------------------


def test_the_host_state_does_not_contribute_to_the_mission_it_hosts() -> None:
    mali = EntityRef("State", "MLI", "Mali")
    cs = run("We have provided premises and fuel to MINUSMA throughout the year.", [mali])
    assert not contributes(cs)
    assert {c.stance for c in cs if any(t.key == "MINUSMA" for t in c.targets)} <= {"Support"}
    cs = run("Our police officers serve in MINUSMA and in UNMISS.", [mali])
    assert contributes(cs) == {("MLI", "UNMISS")}


def test_a_contributor_that_is_not_the_host_still_contributes() -> None:
    cs = run("We have provided 200 troops to MINUSMA.")
    assert contributes(cs) == {("NOR", "MINUSMA")}


# --- contributions to missions named by place (issue 12, item 5) -----------------------------

MALI = EntityRef("State", "MLI", "Mali")


def _with_places(text: str, date: str) -> list[Commitment]:
    """Commitments of a statement by Norway that names host states ("Mali") by place."""
    doc, mentions = doc_of(([NOR], text), date=date, context=False)
    for m in re.finditer(r"\bMali\b", doc.text):
        mentions.append(Mention(MALI, m.start(), m.end(), m.group()))
    mentions.sort(key=lambda m: (m.start, m.end))
    return extract_commitments(doc, mentions)


def test_a_contribution_named_by_place_and_year_goes_to_the_mission_then_deployed() -> None:
    cs = _with_places(
        "We have deployed a transport aircraft and a police team in Mali.", "2019-09-25"
    )
    assert contributes(cs) == {("NOR", "MINUSMA")}
    cs = _with_places("Our police officers serve in Mali.", "2019-09-25")
    assert contributes(cs) == {("NOR", "MINUSMA")}


def test_a_place_with_no_peace_operation_at_the_date_gives_no_contribution() -> None:
    # before MINUSMA began, and after it ended, "in Mali" names no UN operation
    assert not contributes(_with_places("Our police officers serve in Mali.", "2010-09-25"))
    assert not contributes(_with_places("Our police officers serve in Mali.", "2025-09-25"))


def test_a_place_without_personnel_gives_no_contribution() -> None:
    assert not contributes(
        _with_places("We are concerned about the situation in Mali.", "2019-09-25")
    )


def test_participation_of_a_named_state_in_missions_is_a_contribution() -> None:
    cs = run("Norwegian participation in UNIFIL and UNDOF remains strong.")
    assert contributes(cs) == {("NOR", "UNIFIL"), ("NOR", "UNDOF")}


def test_a_place_in_a_sentence_about_long_ago_names_no_mission() -> None:
    cs = _with_places(
        "Since 2003, when our police first served in Mali, we have grown.", "2019-09-25"
    )
    assert not contributes(cs)


def test_having_views_on_forces_in_a_place_is_no_contribution() -> None:
    cs = _with_places(
        "We have voiced doubts about the use of foreign forces in Mali.", "2019-09-25"
    )
    assert not contributes(cs)
