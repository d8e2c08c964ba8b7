"""Targets: which A4P priorities, initiatives, resolutions and missions a stance is about.

A sentence's targets are its priorities (its cues in peacekeeping context, and the priorities
that the TTL relates to an initiative or resolution it mentions), then the initiatives,
resolutions and missions it mentions. An initiative only commemorated ("the twentieth
anniversary of resolution 1325") or dated ("since the approval of the Universal Declaration")
is background; one named as a likeness ("a real Marshall Plan", "compared with the Marshall
Plan") or as a kind ("a zero-tolerance policy towards terrorism") is not the initiative;
targets that are only the topic of an event or a text ("the briefing on ...") are a theme, not
a stance; an anaphoric object ("this path", "these approaches") borrows the targets of the
previous sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from peacekg.loaders.commitments.cues import PRIORITY_CODES, CueVocabulary
from peacekg.loaders.commitments.scanner import _Sentence
from peacekg.loaders.model import EntityRef
from peacekg.ontology.namespaces import A4P_AREAS

#: The entity types, besides priorities, that a stance may be about.
_TARGET_TYPES = ("Initiative", "Resolution", "Mission")

# an anaphoric object: the previous sentence's targets
_ANAPHOR = re.compile(
    r"\b(?:(?:this|these|those|such(?! as)|that) (?:\w+ )?(?:path|approach(?:es)?|efforts?|work"
    r"|initiatives?|tools?|steps?|measures?|goals?|commitments?|recommendations?|resolutions?"
    r"|frameworks?|systems?|mechanisms?|policy|policies|agenda|direction|progress|plans?"
    r"|developments?|areas?|priorit(?:y|ies)|tasks?|activities|functions|issues|elements)"
    r"|(?:support|endorse|welcome|implement(?:ing)?|giv(?:e|es|ing) effect to|carry(?:ing)? out)"
    r" (?:it|them|this|these)|among them|of them)\b",
    re.IGNORECASE,
)

# the topic of an event or a text: "the briefing on", "a debate about the question of"
_TOPIC_OF = re.compile(
    r"\b(?:briefings?|debates?|discussions?|meetings?|reports?|sessions?|presentations?"
    r"|dialogues?|panels?|seminars?|workshops?|events?|conferences?|webinars?|studies|study"
    r"|articles?|chapters?|sections?|agenda items?|themes?)\s+(?:on|about|concerning|regarding"
    r"|entitled|titled)\s+(?:the\s+|a\s+|an\s+)?(?:[\w'’-]+\s+){0,3}$",
    re.IGNORECASE,
)
# history: "the twentieth anniversary of the", "since the approval of the"
_BACKGROUND = re.compile(
    r"(?:\banniversary (?:year )?of |\bsince (?:the )?(?:adoption|approval|signing"
    r"|proclamation|launch|creation|establishment|entry into force) of )(?:the )?$",
    re.IGNORECASE,
)
# a commemorated target taken up again later in the sentence: "As the twentieth anniversary of
# resolution 1325 approaches, we call for its full implementation"
_TAKEN_UP = re.compile(
    r"\b(?:its|their) (?:full |effective |complete |faithful )?implementation\b"
    r"|\bimplement(?:ing|ed)? (?:it|them) (?:fully|in full|faithfully)\b",
    re.IGNORECASE,
)
# an initiative's common name in lower case after "a": "our Government has a zero-tolerance
# policy towards terrorism" is a policy of that kind, not the UN's Zero-Tolerance Policy
_A_KIND = re.compile(r"\ban?\s+$")
# a metaphor: "a real Marshall Plan", "this mini- Marshall Plan" name a plan of the same kind,
# not the initiative; nor does a comparison ("compared with the ..."). ("A new Casualty
# Tracking System" may well be the initiative.)
_LIKENESS = re.compile(
    r"(?:\b(?:an?|another|this|that|such)\s+(?:(?:real|veritable|genuine|true|second"
    r"|modern|kind\s+of|sort\s+of|type\s+of)\s+|mini-?\s*)"
    r"|\b(?:compared\s+(?:with|to)|comparable\s+to|modell?ed\s+(?:on|after))\s+(?:the\s+)?)$",
    re.IGNORECASE,
)


def _priority_ref(code: str) -> EntityRef:
    """The entity of the A4P priority ``code``."""
    return EntityRef("Priority", code, A4P_AREAS.get(code, code))


def _entity_iri(ref: EntityRef) -> str | None:
    """The IRI of ``ref``, or ``None`` when it has none."""
    from peacekg.ontology.namespaces import entity_iri

    try:
        return str(entity_iri(ref.type, ref.key))
    except (ValueError, TypeError):
        return None


def _has_targets(sent: _Sentence) -> bool:
    """Whether the sentence has a priority, an initiative, a resolution or a mission."""
    return bool(sent.priorities) or any(m.entity.type in _TARGET_TYPES for m in sent.mentions)


def _targets(sent: _Sentence, vocab: CueVocabulary, text: str) -> list[EntityRef]:
    """Priorities (cues and related initiatives), then initiatives, resolutions, missions.

    An initiative or resolution only commemorated ("the twentieth anniversary of resolution
    1325") is background, not a target, unless the sentence takes it up again ("... we call
    for its full implementation").
    """
    codes = [c for c in sent.priorities if not _women_in(c, sent, text)]
    entities: list[EntityRef] = []
    for m in sent.mentions:
        if m.entity.type not in _TARGET_TYPES:
            continue
        if _BACKGROUND.search(
            text[max(sent.start, m.start - 60) : m.start]
        ) and not _TAKEN_UP.search(text, m.end, sent.end):
            continue
        if m.entity.type == "Initiative" and (
            _LIKENESS.search(text[max(sent.start, m.start - 40) : m.start])
            or (
                m.text[:1].islower() and _A_KIND.search(text, max(sent.start, m.start - 4), m.start)
            )
        ):
            continue
        if m.entity not in entities:
            entities.append(m.entity)
        iri = _entity_iri(m.entity)
        for code in sorted(vocab.related.get(iri or "", ())):
            if code not in codes:
                codes.append(code)
    order = {c: i for i, c in enumerate(PRIORITY_CODES)}
    prios = [_priority_ref(c) for c in sorted(codes, key=lambda c: order.get(c, 99))]
    return prios + entities


def _women_in(code: str, sent: _Sentence, text: str) -> bool:
    """Whether priority ``code`` is only the field in which women take part ("women's
    participation in mediation and peacebuilding"): the stance is then ``wps``, which the
    same words cue, not the field itself."""
    if code == "wps" or "wps" not in sent.priorities:
        return False
    spans = [c for c in sent.cue_spans if c[2] == code]
    return bool(spans) and all(
        _WOMEN_IN.search(text, max(sent.start, c[0] - 90), c[0]) for c in spans
    )


# women (or gender) taking part in a field named right after: "women in peace processes",
# "the participation of women at all stages of conflict prevention and peacebuilding"
_WOMEN_IN = re.compile(
    r"\b(?:women(?:['’]s)?|gender)\b[^.;:]{0,70}\b(?:in|into|at|to)\b"
    r"(?:\s+(?!(?:for|that|which|who|while|but)\b)[\w'’,-]+){0,8}\s+$",
    re.IGNORECASE,
)


def _topic_only(text: str, sent: _Sentence, targets: Sequence[EntityRef]) -> bool:
    """Whether every target is only the topic of an event or a text ("the briefing on X", "a
    report about Y"), which names a theme, not the actor's stance."""
    starts: list[int] = [c[0] for c in sent.cue_spans]
    starts += [m.start for m in sent.mentions if m.entity in targets and m.entity.type != "Mission"]
    if not starts:
        return False
    return all(_TOPIC_OF.search(text, max(sent.start, p - 80), p) for p in starts)
