"""Record turns: a verbatim record gives one statement per turn ("Mr. Nebenzia (Russian
Federation): ...").

A turn without affiliation is a briefer's: a known UN official ("Mr. Lacroix:") or a person
the record introduced with a title ("I invite Mr. Björn Holmberg, Executive Director of the
Challenges Forum ..."). "The President:" speaks for his or her state only "in my capacity as
the representative of X", for the Council when reading a statement on its behalf, and
otherwise presides (no statement); "The Secretary-General:" for the United Nations
Secretariat.
"""

from __future__ import annotations

import re

from peacekg.loaders.entities import normalize_name
from peacekg.loaders.lexicon import COURTESY_TITLES, words
from peacekg.loaders.model import Document, EntityRef, Person
from peacekg.loaders.speakers.common import (
    Actors,
    Component,
    Pattern,
    _clean_name,
    add_statement,
)
from peacekg.loaders.speakers.people import _People

NAME = "record-turns"
#: A document with fewer turns is no record, unless its kind says it is one.
MIN_TURNS = 3
#: Where the record's cover page names the President of the meeting.
COVER_PAGE = 20_000

_TURN = re.compile(
    r"(?m)^[ \t]*(?P<who>(?:The\s+President|The\s+Secretary-General|The\s+Chair(?:person|man)?"
    rf"|{words(COURTESY_TITLES)}\.?\s+[^\n:()]{{2,60}}?))\s*(?:\((?P<aff>[^)\n]{{2,120}})\))?"
    r"(?:\s*\((?:spoke|interpretation)[^)\n]*\))?\s*:\s"
)

_RECORD_PRESIDENT = re.compile(
    r"(?m)^[ \t]*President:[ \t]*[^\n(]{2,80}?[ \t.…]*\((?P<state>[^)\n]{2,80})\)"
)
_NATIONAL_CAPACITY = re.compile(
    # the role may run over a line break of a hard-wrapped record ("as Minister for\nForeign
    # Affairs of Indonesia")
    r"\b(?:in\s+my\s+(?:national\s+)?capacity\s+as\s+(?:the\s+)?(?P<role>[^.;:]{3,120}?)"
    r"(?=[.;:,]|\s+(?:and|to)\b)|in\s+my\s+national\s+capacity)"
)
_ON_BEHALF_OF_COUNCIL = re.compile(
    r"\b(?:on\s+behalf\s+of\s+the\s+(?:Security\s+)?Council|following\s+statement\s+on"
    r"\s+behalf\s+of\s+the\s+Council|presidential\s+statement)\b"
)


def _president_turn(
    actors: Actors, doc: Document, start: int, end: int, president: EntityRef | None
) -> EntityRef | None:
    """The President of a meeting speaks for his or her state when he or she says so ("I
    shall now make a statement in my capacity as the representative of Mozambique"), for the
    Council when reading a statement on its behalf, and otherwise presides (no statement)."""
    turn = doc.text[start:end]
    nm = _NATIONAL_CAPACITY.search(turn)
    if nm:
        role = nm.group("role")
        ref = actors.resolve(role) if role else None
        if ref is not None and ref.type == "State":
            return ref
        return president
    if _ON_BEHALF_OF_COUNCIL.search(turn):
        return actors.matcher.orgs.get("Security Council")
    return None


def attribute(doc: Document, actors: Actors) -> bool:
    """One statement per turn of a verbatim record (see the module docstring)."""
    turns = list(_TURN.finditer(doc.text))
    if len(turns) < MIN_TURNS and not (doc.kind == "record" and turns):
        return False
    m = actors.matcher
    people: _People | None = None
    president: EntityRef | None = None
    pm = _RECORD_PRESIDENT.search(doc.text, 0, min(len(doc.text), COVER_PAGE))
    if pm:
        president = actors.resolve(pm.group("state"))
    bounds = [t.start() for t in turns] + [len(doc.text)]
    for t, end in zip(turns, bounds[1:], strict=False):
        who, aff = t.group("who"), t.group("aff")
        if who.startswith("The Secretary-General"):
            ref: EntityRef | None = m.orgs.get("United Nations Secretariat")
        elif who.startswith("The President"):
            if people is None:
                people = _People(actors, doc.text)
            ref = _president_turn(actors, doc, t.end(), end, president or people.president)
        elif aff:
            ref = actors.resolve(aff)
        else:
            if people is None:
                people = _People(actors, doc.text)
            known = people.get(_clean_name(who))
            if known:
                introduced = Person(name=known[0], role=known[1], affiliation=known[2])
                heading = normalize_name(doc.text[t.start() : t.end()])
                add_statement(doc, t.start(), end, [known[2]], introduced, heading)
                continue
            ref = None
        if ref is None:
            continue
        said_by = _clean_name(who) if not who.startswith("The ") else None
        person = Person(name=actors.full_name(said_by), affiliation=ref) if said_by else None
        add_statement(
            doc, t.start(), end, [ref], person, normalize_name(doc.text[t.start() : t.end()])
        )
    return bool(doc.statements)


PATTERNS = (
    Pattern(
        "turn",
        _TURN,
        examples=(
            "Mr. Nebenzia (Russian Federation) (spoke in Russian): We ...",
            "The President: I now give the floor to ...",
            "Ms. DiCarlo: Thank you ...",
        ),
        counterexamples=("Mr. Nebenzia said that ...", "President: Ms. Macamo (Mozambique)"),
    ),
    Pattern(
        "record-president",
        _RECORD_PRESIDENT,
        examples=("President: Ms. Macamo .......... (Mozambique)",),
        counterexamples=("The President: I thank ...",),
    ),
    Pattern(
        "national-capacity",
        _NATIONAL_CAPACITY,
        examples=(
            "I shall now make a statement in my capacity as the representative of Mozambique.",
            "speaking in my national capacity",
        ),
        counterexamples=("in her capacity as Chair",),
    ),
    Pattern(
        "on-behalf-of-council",
        _ON_BEHALF_OF_COUNCIL,
        examples=("I shall read out the following statement on behalf of the Council:",),
        counterexamples=("on behalf of the African Group",),
    ),
)

COMPONENT = Component(NAME, attribute, PATTERNS)
