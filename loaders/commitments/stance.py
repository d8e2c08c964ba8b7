"""Stances: a call for action, a pledge, a contribution or support; thanks are none.

A sentence without a first-person subject needs a stance cue (``pk:stanceCue`` of
``ontology/stance-cues.ttl``, compiled in :class:`~peacekg.loaders.commitments.cues.
CueVocabulary`) to be a stance;
a first-person sentence takes its stance from its verb form (the speaker's own future, not a
future inside "we hope that ...", is a ``Pledge``; the actor's own deployments, funding or
launched work a ``Contribution``). Thanks, tributes and condolences, a judgement of worth on
the past ("the Force has played a crucial role"), and headings ("Statement by ..."), are not
stances.
"""

from __future__ import annotations

import re

from peacekg.loaders.commitments.cues import STANCE_KINDS, CueVocabulary
from peacekg.loaders.lexicon import heading_pattern

__all__ = ["stance_of"]


# a heading line: "Statement by ...", "Remarks delivered by ..."
_HEADING_LINE = re.compile(rf"^[\s#*_]*{heading_pattern()}[^\n.]{{3,300}}$")

# future and own-action forms for the stance of a first-person sentence
_PLEDGE_FORM = re.compile(
    r"\b(?:will|shall|(?:are|is|am) going to|upcoming|pledg(?:e|es|ed|ing) to|plans? to"
    r"|intends? to|aims? to|commit(?:s|ted)? to (?:deploy|provide|contribute|fund|send|increase"
    r"|achieve|double)|(?:are|is|am) (?:ready|prepared) to|stand(?:s)? ready)\b",
    re.IGNORECASE,
)
_CONTRIBUTION_FORM = re.compile(
    r"\b(?:(?:has|have|had) (?:\w+ )?(?:deployed|contributed|provided|funded|financed|donated"
    r"|invested|trained|launched|conducted|established|developed|promulgated|put in place"
    r"|sent|built|delivered|supported|worked|continued)|(?:are|is|am) (?:\w+ )?(?:conducting"
    r"|piloting|pursuing|deploying|providing|funding|financing|training|implementing|taking"
    r"|redoubling|building|contributing|supporting|working|investing|developing|rolling out)"
    r"|continu(?:e|es|ed) to|deployed|contribute[sd]?|provided|invested|trained|donated)\b",
    re.IGNORECASE,
)

_THANKS = re.compile(
    r"^(?:(?:Here|Now|Finally|First|Firstly|Lastly|Also|Once again|At the outset),?\s+)?"
    r"(?:(?:I|[Ww]e|[Ll]et me|[Aa]llow me|[Mm]y (?:delegation|Government|country))\b"
    r"[^.;:!?]{0,60}?\b(?:thank|gratitude|grateful"
    r"|tribute|condolences|salute|congratulat|appreciation (?:to|for)|praise|homage)|[Tt]hank you"
    # the speaker named in the third person: "Lebanon is grateful to UNIFIL", "Lebanon
    # thanks all the States"
    r"|[A-Z][\w'’-]*(?: [\w'’-]+){0,4}? (?:is|are|remains|remain) (?:\w+ )?(?:grateful|thankful"
    r"|indebted)\b|[A-Z][\w'’-]*(?: [A-Z][\w'’-]+){0,3} (?:thanks|pays tribute|pays homage)\b"
    r"|(?:[Mm]y|[Oo]ur) (?:thanks|gratitude|condolences|appreciation)"
    r"|(?:I|[Ww]e)\b[^.;:!?]{0,30}?\bassociate (?:myself|ourselves|my delegation) with\b"
    r"[^.;:!?]{0,100}?\b(?:tribute|thanks|congratulat|condolences|gratitude|appreciation))"
)

# thanks in a relative clause: the thing named is what the speaker is grateful for ("the
# Trusteeship System, for which we are grateful"; "the Expanded Programme, to which we are
# especially grateful")
_THANKED_FOR = re.compile(
    r"\b(?:for|to) which (?:I|we|my (?:delegation|Government|country)) (?:am|are|is|remain)"
    r" (?:\w+ )?(?:grateful|thankful|indebted)\b"
)

# a positive judgement of an initiative named at the head of the sentence
_POSITIVE_EVAL = re.compile(
    r"\b(?:successful(?:ly)?|success|has proved|have proved|proven|effective(?:ly)?|helped"
    r"|has (?:already )?(?:matched|enabled|delivered|achieved|improved|strengthened)"
    r"|example of|good practice|best practice)\b",
    re.IGNORECASE,
)


# a main verb telling the past: with only cues that judge worth (``pk:worthCue``), a tribute
# to what was done ("The Force has played a crucial role", "He was a key contributor"), not a
# stance on the target ("A4P has proved to be an important framework" judges what is)
_PAST_MAIN = re.compile(
    r"\b(?:was|were|had been|(?:has|have|had) (?:\w+ )?(?:played|served)|played)\b",
    re.IGNORECASE,
)
# the past of reported speech, where the tenses are shifted back: "they were indispensable"
# reports "they are indispensable"; only the past perfect tells what was done
_PAST_REPORTED = re.compile(
    r"\b(?:had been|had (?:\w+ )?(?:played|served))\b",
    re.IGNORECASE,
)


def _past_evaluation(
    sentence: str, main: str, vocab: CueVocabulary, *, reported: bool = False
) -> bool:
    """Whether the only stance cues of ``sentence`` judge worth and its main clause (``main``)
    speaks of the past (``reported``: in reported speech, whose tenses are shifted back)."""
    cues = [m.group() for m in vocab.any_stance.finditer(sentence)]
    if not cues or not all(vocab.worth.fullmatch(c) for c in cues):
        return False
    return bool((_PAST_REPORTED if reported else _PAST_MAIN).search(main[:120]))


# a subordinate clause: its future belongs to someone else ("we hope that the operation will
# succeed", "we trust the Council will act"), not the speaker's pledge
_SUBORDINATE = re.compile(
    r"\b(?:that|which|who|whose|whether|if|when|where|until|unless|hope|trust|believe|expect"
    r"|confident|convinced)\b",
    re.IGNORECASE,
)


def _own_future(text: str) -> bool:
    """Whether a future or pledge form of ``text`` is in the main clause, not after "that",
    "which", "hope", "trust"... since the last comma or semicolon."""
    for m in _PLEDGE_FORM.finditer(text):
        clause = re.split(r"[,;:—–]", text[max(0, m.start() - 80) : m.start()])[-1]
        if not _SUBORDINATE.search(clause):
            return True
    return False


def stance_of(text: str, first_person: bool, vocab: CueVocabulary) -> str:
    """The stance of a backing sentence (not an opposition): the speaker's own future is a
    ``Pledge`` and own work a ``Contribution``; else the first kind of
    :data:`~peacekg.loaders.commitments.cues.STANCE_KINDS` with a cue, else ``Support``."""
    if first_person and _own_future(text):
        return "Pledge"
    if first_person and _CONTRIBUTION_FORM.search(text):
        return "Contribution"
    for kind in STANCE_KINDS[:-1]:
        if vocab.stances[kind].search(text):
            return kind
    return "Support"
