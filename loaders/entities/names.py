"""People's names: what a name looks like, the titles that introduce one, and coreference.

A person is recognised after an honorific or a title ("Mr.", "Ambassador",
"Under-Secretary-General"), after "(Signed)" or at the end of a statement heading ("Statement
by the Minister for Foreign Affairs, Name"). The matched words are trimmed at the first word
that shows a title or an institution (:data:`_NOT_NAME`), and every person is then keyed by the
fullest name the document gives, else by the officials table, else as written.

The small word lists here serve the other recognisers too: the capitalised function words that
never continue a proper name to the left (:data:`_STOP_LEFT`) and the connectors inside names
(:data:`_CONNECTORS`).
"""

from __future__ import annotations

import re

from peacekg.loaders.entities.officials import KNOWN_OFFICIALS
from peacekg.loaders.model import EntityRef, Mention

__all__ = ["normalize_name"]

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŸŹŻŽ"
_LOWER = "a-zß-öø-ÿāăąćčďđēėęěğģīįıķĺļľłńņňōőœŕřśşšţťūůűųźżž"
_NAME_WORD = (
    rf"(?:[{_UPPER}][{_LOWER}]*[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}{_LOWER}][{_LOWER}'’]+)*"
    rf"|[{_UPPER}][{_LOWER}'’]+(?:-[{_UPPER}{_LOWER}][{_LOWER}'’]+)*|[{_UPPER}]\.)"
)
_PARTICLE = r"(?:di|de|da|del|della|van|von|der|den|bin|ibn|al|el|le|la|dos|das|du|ter)"
#: A person's name: up to five capitalised words, with particles ("de", "van", "bin").
_NAME = rf"{_NAME_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_NAME_WORD}){{0,4}}"

#: Words that end a person's name or show the "name" is a title or an institution.
_NOT_NAME = frozenset(
    [
        "President",
        "Vice",
        "Secretary-General",
        "Secretary",
        "Under-Secretary-General",
        "Minister",
        "Prime",
        "Chairman",
        "Chair",
        "Chairperson",
        "Chairwoman",
        "Under",
        "Deputy",
        "Ambassador",
        "Council",
        "Assembly",
        "Government",
        "General",
        "Foreign",
        "Special",
        "High",
        "Permanent",
        "Acting",
        "Director",
        "Executive",
        "Head",
        "Chief",
        "Commissioner",
        "Representative",
        "Coordinator",
        "Adviser",
        "Advisor",
        "Officer",
        "The",
        "Of",
        "Our",
        "Department",
        "Ministry",
        "Office",
        "Administration",
        "Nations",
        "United",
        "Union",
        "Court",
        "Republic",
        "Kingdom",
        "States",
        "State",
        "Security",
        "Mission",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Madam",
        "Sir",
        "Excellency",
        "Excellencies",
        "Speaker",
        "Delegation",
        "Delegate",
        "Member",
        "Members",
        "Peace",
        "Operations",
        "Affairs",
        "Operational",
        "Support",
        "Political",
        "Peacebuilding",
        "Prosecutor",
        "Judge",
        "Envoy",
        "Rapporteur",
        "Force",
        "Commander",
        "Police",
        "House",
        "Senate",
        "Parliament",
        "Congress",
        "Cabinet",
        "Chamber",
        "Emir",
        "King",
        "Queen",
        "Prince",
        "Council's",
        "Organization",
        "Secretariat",
        "Committee",
        "Commission",
        "Ladies",
        "Gentlemen",
        "Colleagues",
        "Friends",
        "Brothers",
        "Sisters",
        "Sirs",
        "I",
        "We",
        "It",
        "This",
        "That",
        "In",
        "On",
        "At",
        "As",
        # reporting verbs of title-case headlines ("Under-Secretary-General Tells Council")
        "Tells",
        "Says",
        "Urges",
        "Calls",
        "Warns",
        "Briefs",
        "Stresses",
        "Welcomes",
        "Highlights",
        "Underlines",
        "Emphasizes",
        "Reaffirms",
        "Announces",
        "Launches",
        "Opens",
        "Praises",
        "Commends",
        "Condemns",
        "Appeals",
        "Pledges",
        "Hails",
        "Addresses",
        "Notes",
        "Expresses",
        "Outlines",
        "Presents",
        "Informs",
        "Cautions",
    ]
)

#: Honorifics and titles that introduce a person's name ("Mr.", "H.E. Mr.", "President").
_HONORIFICS = [  # noqa: RUF005
    "Mr",
    "Mrs",
    "Ms",
    "Mme",
    "Mmes",
    "Messrs",
    "Dr",
    "Prof",
    "Professor",
    "Sir",
    "Dame",
    "Madam",
    "Madame",
    "Ambassador",
    "Amb",
    "Judge",
    "Justice",
    "Senator",
    "Gen",
    "Colonel",
    "Col",
    "Major",
    "Captain",
    "Admiral",
    "Sheikh",
    "Sheikha",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Emir",
    "Pope",
    "President",
    "Vice-President",
    "USG",
    "ASG",
    "SRSG",
    "Secretary-General",
    "Under-Secretary-General",
    "Minister",
    "Chancellor",
] + [
    "Lt. Gen",
    "Lieutenant General",
    "Lieutenant-General",
    "Major General",
    "Major-General",
    "Brigadier General",
    "Brigadier-General",
    "Vice Admiral",
    "Rear Admiral",
    "Maj. Gen",
    "Brig. Gen",
    "Vice President",
    "Prime Minister",
    "Foreign Minister",
    "Defence Minister",
    "Defense Minister",
    "Deputy Secretary-General",
    "Assistant Secretary-General",
    "Special Envoy",
    "High Commissioner",
    "Foreign Secretary",
    "Secretary of State",
]

#: Capitalised words that cannot continue a proper name to the left ("The", "In", "However"):
#: articles, pronouns, prepositions and sentence adverbs.
_STOP_LEFT = frozenset(
    [
        "The",
        "This",
        "That",
        "These",
        "Those",
        "Our",
        "Its",
        "Their",
        "His",
        "Her",
        "My",
        "Your",
        "A",
        "An",
        "In",
        "On",
        "At",
        "By",
        "For",
        "With",
        "Through",
        "Under",
        "As",
        "To",
        "From",
        "We",
        "I",
        "It",
        "And",
        "But",
        "If",
        "While",
        "Since",
        "Also",
        "Such",
        "Each",
        "All",
        "Any",
        "Both",
        "Every",
        "Within",
        "Without",
        "Of",
        "Via",
        "Per",
        "Like",
        "Unlike",
        "Including",
        "Following",
        "After",
        "Before",
        "During",
        "Despite",
        "Currently",
        "Meanwhile",
        "Moreover",
        "However",
        "Therefore",
        "Furthermore",
        "Secondly",
        "Firstly",
        "Thirdly",
        "Finally",
        "Lastly",
        "Once",
        "Then",
        "Thus",
        "Here",
        "There",
        "What",
        "When",
        "Where",
        "Which",
        "Who",
        "How",
        "Why",
    ]
)

#: Lower-case words that join the words of a name ("Ministry of Defence and the Armed Forces").
_CONNECTORS = frozenset({"of", "for", "and", "on", "in", "the", "to", "&"})

#: Patterns that find a person's name (group ``name``) without the reference data.
_PERSON_RES = (
    # honorific or title, then the name
    None,  # the honorific pattern, compiled per matcher with the reference's head titles
    # "(Signed) Name"
    re.compile(rf"\(Signed\)[ \t]+(?P<name>{_NAME})"),
    # a heading "Statement by the ..., Name" ending the line
    re.compile(
        rf"(?m)^[ \t#*]*(?:Joint\s+)?(?:Statement|Remarks|Briefing|Address|Speech|Intervention"
        rf"|Opening\s+remarks|Closing\s+remarks|Keynote)\b[^\n]*,[ \t]*(?P<name>{_NAME})[ \t*]*$"
    ),
)

_SPACE = re.compile(r"\s+")


def normalize_name(text: str) -> str:
    """A name as a lookup key: straight apostrophes, single spaces, no surrounding space."""
    text = text.replace("’", "'").replace("‘", "'").replace("‐", "-").replace("‑", "-")
    return _SPACE.sub(" ", text).strip()


def _word_char(ch: str) -> bool:
    """Whether ``ch`` belongs to a word (a letter, a digit or ``_``)."""
    return ch.isalnum() or ch == "_"


def _clean_person(text: str, s: int, e: int) -> tuple[str, int, int]:
    """Trim a matched name to its person words (stop at title or institution words)."""
    words = list(re.finditer(r"\S+", text[s:e]))
    keep = []
    for w in words:
        token = w.group()
        if token.rstrip(".,") in _NOT_NAME:
            break
        keep.append(w)
    if not keep:
        return "", s, s
    end = s + keep[-1].end()
    name = text[s:end]
    if name.endswith(("'s", "’s")):
        name, end = name[:-2], end - 2
    # a trailing initial-like "Suh." is a sentence end, not an initial
    if name.endswith(".") and len(keep[-1].group()) > 2:
        name, end = name[:-1], end - 1
    if len(name) < 2 or (name.endswith(".") and len(keep) == 1):
        return "", s, s
    return normalize_name(name), s, end


def _corefer_people(mentions: list[Mention]) -> list[Mention]:
    """Key each person by the fullest name the document gives (or the officials table)."""
    people = [m for m in mentions if m.entity.type == "Person"]
    if not people:
        return mentions
    full = sorted({m.entity.key for m in people}, key=len, reverse=True)
    out = []
    for m in mentions:
        if m.entity.type != "Person":
            out.append(m)
            continue
        key = m.entity.key
        best = key
        for cand in full:
            if cand != key and len(cand) > len(key) and cand.endswith(" " + key):
                best = cand
                break
        if best == key and key in KNOWN_OFFICIALS:
            best = KNOWN_OFFICIALS[key][0]
        out.append(
            Mention(EntityRef("Person", best, best), m.start, m.end, m.text) if best != key else m
        )
    return out
