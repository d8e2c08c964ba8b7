"""Actors: who takes the stance of a sentence.

The speaker(s) of a statement when the sentence speaks in the first person ("we", "I", "my
delegation", "the Government"; "he" or "she" in a press release); an explicit actor at the head
of the main clause, after its introductory phrases ("Firstly,", "With regard to reforms,"): a
State, Organization or Person mention that is neither the object of a preposition or of a
gerund nor a modifier ("United Nations Member States"; a demonym qualifying a thing, "other
Chinese territories", unlike "the Chinese delegation"), or the possessor of the subject ("The
UN's action plan identifies ..."). Actors of the UN system (:func:`_un_system`) speak for each
other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from peacekg.loaders.commitments.scanner import _Sentence
from peacekg.loaders.entities import EntityMatcher
from peacekg.loaders.lexicon import SELF_NOUNS, words
from peacekg.loaders.model import EntityRef, Mention, Statement
from peacekg.ontology.reference import Reference

#: The entity types that may take a stance.
_ACTOR_TYPES = frozenset({"State", "Organization", "Person"})

# first person: the speaker talks about itself
_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|I|[Uu]s)\b(?!\.)")
_SPEAKER_REF = re.compile(
    rf"\b(?:(?:my|our|his|her|its) {words(SELF_NOUNS)}"
    r"|the (?:\w+ )?(?:government|administration)(?! of))\b",
    re.IGNORECASE,
)
_THIRD_PERSON = re.compile(r"\b(?:[Hh]e|[Ss]he)\b")

# introductory phrases before the main clause ("Firstly,", "With regard to reforms,")
_INTRO = re.compile(
    r"^(?:(?:\*+|\[|\()?(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth(?:ly)?|fifth(?:ly)?"
    r"|sixth(?:ly)?|seventh(?:ly)?|eighth(?:ly)?|finally|lastly|last but not least|in addition"
    r"|additionally|moreover|furthermore|likewise|similarly|however|meanwhile|therefore|thus"
    r"|of course|once again|again|in conclusion|to conclude|indeed|also|currently|today"
    r"|broadly speaking|more broadly|for (?:example|instance)|(?:in|with|on|for|as|at|through"
    r"|turning to|regarding|concerning|speaking of|over|during|since|despite|after|before"
    r"|within|under|to|while|although|though|if|when|because|given|following|amid|across"
    r"|beyond|together with|in line with|consistent with)\b[^,;:]{0,140})\s*,\s*)+",
    re.IGNORECASE,
)
# the end of the subject of the main clause: its first verb, relative pronoun or comma
_SUBJECT_END = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|shall|should|must|can|could|may|might"
    r"|do|does|did|remains?|continues?|identif(?:y|ies|ied)|supports?|welcomes?|commends?"
    r"|endorses?|reaffirms?|reiterates?|pledges?|plans?|intends?|aims?|deployed|deploys"
    r"|contributes?|contributed|provides?|provided|calls?|urges?|believes?|considers?"
    r"|stresses?|underlines?|emphasi[sz]es?|notes?|recogni[sz]es?|attaches|advocates?"
    r"|suggests?|announced|expressed|agrees?|funds?|funded|prioriti[sz]es|opposes|rejects"
    r"|trains|trained|sends|sent|backs|favou?rs|co-?sponsors|sponsors|which|that|who)\b"
    r"|[,;:(—–]"
)
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:of|in|to|for|with|by|from|on|at|between|among|through|under|about|against|and"
    r"|than|into|within|towards?)\s+(?:the\s+)?$",
    re.IGNORECASE,
)

# a stance verb right after a named third party: "Indonesia deployed", "X strongly supports"
_THIRD_PARTY_STANCE = re.compile(
    r"\s*(?:(?:has|have|had|will|would|shall|is|are|was|were|also|further|strongly|fully"
    r"|firmly|continues to|continue to|remains|remain|already|recently)\s+)*(?:support|welcom"
    r"|commend|endors|reaffirm|pledg|plans?\b|intend|aims?\b|identif|deploy|contribut|provid"
    r"|committed|fund|financ|donat|trained|calls? (?:on|upon|for)|urg|champion|advocat|prioriti"
    r"|oppos|reject|co-?sponsor|sponsor)",
    re.IGNORECASE,
)
# words after an organisation's name that make the name a modifier ("United Nations Member
# States", "UN peacekeepers"), not the actor
_MODIFIED_NOUN = re.compile(
    r"^\s*(?:member states?|members?|peace-?keep\w*|missions?|operations?|system|personnel"
    r"|staff|agencies|forces|troops|charter|flag|family|country teams?|bodies|entities"
    r"|officials?|police|military|civilian|headquarters|standards?|values|budget|efforts"
    r"|partners?|-)\b",
    re.IGNORECASE,
)
# what a state's demonym may qualify and still be the state acting ("the Chinese delegation")
_ACTING_HEADS = frozenset(
    ["government", "delegation", "people", "authorities", "side", "leadership", "nation",
     "administration", "state", "president", "presidency", "prime", "minister", "foreign",
     "parliament", "republic", "contingent", "contingents", "peacekeepers", "troops",
     "battalion", "engineers", "police", "armed", "defence", "defense"]
)  # fmt: skip
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][a-z-]*)")
# a gerund heading the subject ("Strengthening the X's role ..."): what follows is its object
_GERUND_HEAD = re.compile(r"[\s*#]*[A-Z]?[a-z]+ing\b(?:\s+(?:the|a|an|our|its|their))?\s+")
_POSSESSIVE_SUBJECT = re.compile(r"^(?:[Tt]he\s+)?([A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,5})['’]s\s")


def _un_system(ref: EntityRef, reference: Reference) -> bool:
    """Whether an actor belongs to the UN system (its departments speak for each other), as
    the organisations table says (:meth:`~peacekg.ontology.reference.Reference.un_system`)."""
    return ref.type == "Organization" and reference.un_system(ref.key)


def _main_clause(text: str) -> int:
    """Offset, in ``text`` (one sentence), of the start of the main clause."""
    stripped = text.lstrip("*#[( \t")
    off = len(text) - len(stripped)
    m = _INTRO.match(stripped)
    return off + (m.end() if m else 0)


def _subject_actor(
    doc_text: str, sent: _Sentence, clause_start: int, matcher: EntityMatcher
) -> tuple[EntityRef | None, int]:
    """The actor named at the head of the main clause, and the offset where its clause ends."""
    head = doc_text[clause_start : min(sent.end, clause_start + 160)]
    m = _SUBJECT_END.search(head)
    # the subject ends at its first verb; a possessive ("The UN's plan") stays in it
    limit = clause_start + (m.start() if m else len(head))
    for mention in sent.mentions:
        if mention.entity.type not in _ACTOR_TYPES:
            continue
        if mention.start < clause_start or mention.start >= limit:
            continue
        before = doc_text[max(sent.start, mention.start - 30) : mention.start]
        if _PREPOSITION_BEFORE.search(before):
            continue
        if _GERUND_HEAD.fullmatch(doc_text, clause_start, mention.start):
            continue  # "Strengthening the Commission's role is ...": the object of a gerund
        if _MODIFIED_NOUN.match(doc_text[mention.end : mention.end + 30]):
            continue
        if _demonym_of_a_thing(doc_text, mention, matcher.reference):
            continue
        return mention.entity, limit
    # "The UN's action plan identifies ...": the possessor is the actor
    m = _POSSESSIVE_SUBJECT.match(head)
    if m:
        ref = matcher.resolve_actor(m.group(1))
        if ref is not None and ref.type in _ACTOR_TYPES:
            end = clause_start + m.end()
            m2 = _SUBJECT_END.search(doc_text, end, min(sent.end, end + 160))
            return ref, m2.start() if m2 else sent.end
    return None, limit


def _demonym_of_a_thing(doc_text: str, mention: Mention, reference: Reference) -> bool:
    """Whether ``mention`` is a state's demonym qualifying something that is not the state
    acting: "other Chinese territories were returned" (not "the Chinese Government")."""
    if mention.entity.type != "State" or not mention.text[:1].isupper():
        return False
    state = reference.get("State", mention.entity.key)
    if state is None or mention.text not in state.demonyms:
        return False
    m = _NEXT_WORD.match(doc_text, mention.end)
    return m is not None and m.group(1).lower() not in _ACTING_HEADS


def _first_person_at(text: str, kind: str) -> int | None:
    """Offset of the first first-person subject in ``text`` (or speaker reference)."""
    hits = [m.start() for m in (_FIRST_PERSON.search(text), _SPEAKER_REF.search(text)) if m]
    if kind == "press-release":
        m = _THIRD_PERSON.search(text)
        if m:
            hits.append(m.start())
    return min(hits) if hits else None


def _delivers(subject: EntityRef, statement: Statement | None) -> bool:
    """Whether ``subject`` is the person delivering the statement ("Jane Doe, Under-Secretary-
    General for X, said that ..." in the statement of the department she heads)."""
    if subject.type != "Person" or statement is None or statement.person is None:
        return False
    name = statement.person.name or ""
    key = subject.key
    return bool(name) and (key == name or name.endswith(" " + key) or key.endswith(" " + name))


def _same_actor(a: EntityRef, speakers: Sequence[EntityRef]) -> bool:
    """Whether ``a`` is one of ``speakers`` (same type and key)."""
    return any(a.type == s.type and a.key == s.key for s in speakers)
