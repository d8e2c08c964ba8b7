"""Self-reference: a single statement or remarks without a usable heading is attributed from
how the text names itself ("Indonesia remains committed", "my country, X", "On behalf of X").
A joint text says for whom it is made ("This statement is made on behalf of the following
States: ...", a letter "from the Permanent Representatives of A, B and C"): each of them
speaks it.
"""

from __future__ import annotations

import re
from collections import Counter

from peacekg.loaders.model import Document, EntityRef
from peacekg.loaders.speakers.common import Actors, Component, Pattern, add_statement
from peacekg.loaders.text import split_sentences

NAME = "self-reference"
#: What a state's self-reference may stand on before its name ("my country, X")...
BEFORE = 60
#: ... and the verb that makes it a subject after its name ("X remains committed").
AFTER = 30
#: A sentence's subject stands within its first characters.
SUBJECT_START = 4
#: Votes: "my country, X" counts three, "X remains" two, "X's delegation" one; the speaker
#: needs :data:`MIN_VOTES` and more than any other state.
SELF_NAMED, SUBJECT, POSSESSOR, MIN_VOTES = 3, 2, 1, 2
#: The kinds of document that are one statement even when its speaker is unknown.
STATEMENT_KINDS = ("statement", "briefing", "general-debate")

_SUBJECT_VERBS = (
    r"is|has|have|remains|will|would|reaffirms|reiterates|welcomes|supports|stands|believes"
    r"|calls|urges|continues|intends|looks|wishes|commends|recognizes|recognises|attaches"
    r"|underlines|emphasizes|stresses|shares|fully|strongly|also|firmly|therefore|was|had"
    r"|contributes|contributed|deployed|deploys|pledges|pledged|encourages|considers|joins"
    r"|takes|plays|played|hosts|hosted|co-sponsored|sponsored|can|must|should|did|does"
)
_SELF_REF = re.compile(
    r"\b(?:my|our)\s+country,?\s*$|\bOn\s+behalf\s+of\s+(?:the\s+)?$|\bI\s+represent\s+$"
)
_AS_INTRO = re.compile(r"(?:^|[.!?]\s+)As\s+[^,.]{3,90},\s*$")
_SUBJECT_OF = re.compile(rf"(?:['’]s\s+\w+\s+)?\s*(?:{_SUBJECT_VERBS})\b")
_POSSESSOR_OF = re.compile(r"['’]s\s+(?:delegation|Government|commitment|contribution)")
# the states a joint text is made for: its own words, or a letter's several senders
_JOINT_FOR = re.compile(
    r"(?i)\b(?:(?:joint\s+)?statement|declaration|letter)\s+is\s+(?:made|delivered|issued"
    r"|submitted|signed)\s+on\s+behalf\s+of\s+(?:the\s+following\s+(?:Member\s+)?(?:States"
    r"|countries)\s*[:,]?\s*)?(?P<who>[^.;]{3,800})"
    r"|\bLetter\s+dated\s+[^.]{0,60}?\bfrom\s+the\s+(?:Permanent\s+)?Representatives\s+of"
    r"\s+(?P<senders>[^.]{3,800}?)\s+addressed\s+to\b"
)
#: A joint text is made for at least this many states.
JOINT_FROM = 2


def _self_reference(actors: Actors, doc: Document, start: int, end: int) -> EntityRef | None:
    """The state a first-person text speaks for, from how it names itself.

    Counts states that are the subject of a sentence ("Indonesia remains committed", "As a
    top troop-contributing country, Indonesia ..."), "my country, X", "On behalf of X";
    states that follow "with", "to", "thank" are others, not the speaker.
    """
    text = doc.text
    votes: Counter[EntityRef] = Counter()
    seg_mentions = [x for x in actors.mentions_in(doc, start, end) if x.entity.type == "State"]
    if not seg_mentions:
        return None
    sentence_starts = {a for a, _ in split_sentences(text, start, end)}
    for x in seg_mentions:
        before = text[max(start, x.start - BEFORE) : x.start]
        after = text[x.end : x.end + AFTER]
        if _SELF_REF.search(before):
            votes[x.entity] += SELF_NAMED
            continue
        # a set lookup per offset, not a scan of every sentence: linear in the mentions
        at_start = any(x.start - k in sentence_starts for k in range(SUBJECT_START + 1)) or (
            _AS_INTRO.search(before)
        )
        if at_start and _SUBJECT_OF.match(after.lstrip()):
            votes[x.entity] += SUBJECT
        elif _POSSESSOR_OF.match(after):
            votes[x.entity] += POSSESSOR
    if not votes:
        return None
    (best, score), (_, runner_up) = [*votes.most_common(2), (None, 0)][:2]
    return best if score >= MIN_VOTES and runner_up < score else None


def attribute(doc: Document, actors: Actors) -> bool:
    """One statement over the whole text, its speaker from the heading at the top or else from
    the text's self-references; none for a document of no statement kind without either."""
    text = doc.text
    heading, person, ref = actors.top_heading(text)
    if ref is None:
        joint = _joint_for(actors, text)
        if joint:
            add_statement(doc, 0, len(text), joint, None, heading)
            return True
        ref = _self_reference(actors, doc, 0, len(text))
        if person is not None and ref is not None and person.affiliation is None:
            person.affiliation = ref
    if ref is None and doc.kind not in STATEMENT_KINDS:
        return False
    add_statement(doc, 0, len(text), [ref] if ref else [], person, heading)
    return True


def _joint_for(actors: Actors, text: str) -> list[EntityRef]:
    """The states a joint text says it is made for (:data:`JOINT_FROM` or more), in order;
    none when it names fewer."""
    m = _JOINT_FOR.search(text)
    if m is None:
        return []
    members = actors.group_members(m.group("who") or m.group("senders"))
    states = list(dict.fromkeys(e for e in members if e.type == "State"))
    return states if len(states) >= JOINT_FROM else []


PATTERNS = (
    Pattern(
        "joint",
        _JOINT_FOR,
        examples=(
            "This statement is made on behalf of the following States: Brazil, Ghana",
            "Letter dated 29 October 2020 from the Permanent Representatives of Brazil and\n"
            "Ghana to the United Nations addressed to the Secretary-General",
        ),
        counterexamples=(
            "Letter dated 2 May 2020 from the Permanent Representative of Ghana to the United "
            "Nations addressed to the Secretary-General",
        ),
    ),
    Pattern(
        "self-named",
        _SELF_REF,
        examples=("As a troop contributor, my country, ", "On behalf of the ", "I represent "),
        counterexamples=("my country is committed",),
    ),
    Pattern(
        "subject",
        _SUBJECT_OF,
        examples=("remains committed", "'s Government has deployed"),
        counterexamples=("and the Sahel",),
    ),
    Pattern(
        "possessor",
        _POSSESSOR_OF,
        examples=("'s delegation", "’s contribution"),
        counterexamples=("'s capital",),
    ),
)

COMPONENT = Component(NAME, attribute, PATTERNS)
