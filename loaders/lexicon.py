"""The shared word lists of the rules, and the one way to turn a list into a pattern.

Every list that more than one rule reads lives here, once: the headings that open a
statement, name particles, honorifics and ranks, reporting verbs, the words for a delegate,
UN titles and the function words around names. A rule builds its pattern from these lists
with :func:`words` (an alternation, multi-word entries joined by any white space) or
:func:`trie_regex` (a character trie, for long lists scanned over whole texts), so a word
added here reaches every rule that shares the list. ``tests/test_lexicon.py`` checks that no
list of this module is spelt again elsewhere in the package.

The domain vocabularies are data beside ``ontology/a4p-cues.ttl``
(``ontology/stance-cues.ttl``: stance cues and peacekeeping anchors), and membership of the
UN system comes from the organisations table (:meth:`peacekg.ontology.reference.Reference.
un_system`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

__all__ = [
    "CONNECTORS",
    "COURTESY_TITLES",
    "DELEGATE_WORDS",
    "HEADING_BY",
    "HEADING_WORDS",
    "HONORIFICS",
    "NAME_PARTICLES",
    "NAME_PREPOSITIONS",
    "NOT_NAME_WORDS",
    "RANKS",
    "REPORTING_VERBS",
    "SELF_NOUNS",
    "SPEECH_VERBS",
    "STOP_LEFT",
    "UN_TITLES",
    "heading_pattern",
    "trie_regex",
    "words",
]


def words(items: Iterable[str]) -> str:
    """An alternation of ``items`` in their order, each a literal whose spaces match any
    white space: ``words(["Opening remarks", "Speech"]) == r"(?:Opening\\s+remarks|Speech)"``.

    >>> words(["Opening remarks", "Speech"])
    '(?:Opening\\\\s+remarks|Speech)'
    """
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items) + ")"


def _loose_char(ch: str) -> str:
    """The pattern of one character of a name: spaces, apostrophes and hyphens match any form."""
    if ch == " ":
        return r"\s+"
    if ch == "'":
        return "['’]"
    if ch == "-":
        return "[-‐‑]"
    return re.escape(ch)


def _fold(ch: str) -> str:
    return "'" if ch in "'’" else ("-" if ch in "-‐‑" else ch)


def trie_regex(items: Iterable[str], *, loose: bool = False) -> str:
    """One regex matching any of ``items``, shaped as a character trie (fast to scan); a
    longer item wins over its prefix.

    ``loose``: spaces, apostrophes and hyphens of the items match any of their forms (names
    written "Cote d’Ivoire" or "Côte d'Ivoire", "peace-keeping" with any dash).

    >>> trie_regex(["peace", "peacekeeping"])
    'peace(?:keeping)?'
    """
    char: Callable[[str], str] = _loose_char if loose else re.escape
    trie: dict[str, dict] = {}
    for w in items:
        node = trie
        for ch in w:
            node = node.setdefault(_fold(ch) if loose else ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        alts = [char(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            if len(alts) == 1 and len(body) > 1 and not body.startswith("(?:"):
                body = "(?:" + body + ")"
            return body + "?"
        return body

    return build(trie)


# -- statements ---------------------------------------------------------------------------------

#: The words that open a statement's heading ("Statement by ...", "Declaration by ..."),
#: longest first where one begins another.
HEADING_WORDS = (
    "Statement",
    "Remarks",
    "Briefing",
    "Address",
    "Speech",
    "Intervention",
    "Opening remarks",
    "Closing remarks",
    "Keynote address",
    "Keynote speech",
    "Keynote",
    "Message",
    "Declaration",
)
#: What joins a heading word to its speaker: "delivered by", "of", "from".
HEADING_BY = r"\s+(?:delivered\s+|made\s+|given\s+)?(?:by|of|from)\s+"


def heading_pattern() -> str:
    """The start of a statement heading: "[Joint] Statement|Remarks|... [delivered] by|of|from"
    (without flags: case-sensitive unless the caller's pattern says otherwise)."""
    return rf"(?:Joint\s+)?{words(HEADING_WORDS)}{HEADING_BY}"


# -- people -------------------------------------------------------------------------------------

#: Lower-case particles inside a person's name ("Maria della Rosa", "Jan ter Horst").
NAME_PARTICLES = (
    "di", "de", "da", "del", "della", "van", "von", "der", "den", "bin", "ibn", "al", "el",
    "le", "la", "dos", "das", "du", "ter",
)  # fmt: skip

#: The courtesy titles of a speaker's turn in a verbatim record or of an event listing.
COURTESY_TITLES = ("Mr", "Mrs", "Ms", "Dr", "Sir", "Dame")

#: Military and civil ranks and forms of address that may stand before a name, as patterns
#: (a period optional after an abbreviation), longest first.
RANKS = (
    r"(?:Lieutenant|Lt\.?|Major|Maj\.?|Brigadier|Brig\.?)\s+General",
    r"General",
    r"Gen\.?",
    r"Colonel",
    r"Col\.?",
    r"Admiral",
    r"Rear\s+Admiral",
    r"Vice\s+Admiral",
    r"Commissioner",
    r"Ambassador",
    r"Amb\.?",
    r"Judge",
    r"Justice",
    r"Professor",
    r"Prof\.",
    r"Dr\.?",
    r"Mr\.?",
    r"Ms\.?",
    r"Mrs\.?",
    r"Dame",
    r"Sir",
    r"H\.\s?E\.",
)

#: Words that end a person's name or show the "name" is a title or an institution, and the
#: reporting verbs of title-case headlines ("Under-Secretary-General Tells Council").
NOT_NAME_WORDS = frozenset(
    [
        "President", "Vice", "Secretary-General", "Secretary", "Under-Secretary-General",
        "Minister", "Prime", "Chairman", "Chair", "Chairperson", "Chairwoman", "Under", "Deputy",
        "Ambassador", "Council", "Assembly", "Government", "General", "Foreign", "Special", "High",
        "Permanent", "Acting", "Director", "Executive", "Head", "Chief", "Commissioner",
        "Representative", "Coordinator", "Adviser", "Advisor", "Officer", "The", "Of", "Our",
        "Department", "Ministry", "Office", "Administration", "Nations", "United", "Union", "Court",
        "Republic", "Kingdom", "States", "State", "Security", "Mission", "Mr", "Mrs", "Ms", "Dr",
        "Madam", "Sir", "Excellency", "Excellencies", "Speaker", "Delegation", "Delegate", "Member",
        "Members", "Peace", "Operations", "Affairs", "Operational", "Support", "Political",
        "Peacebuilding", "Prosecutor", "Judge", "Envoy", "Rapporteur", "Force", "Commander",
        "Police", "House", "Senate", "Parliament", "Congress", "Cabinet", "Chamber", "Emir", "King",
        "Queen", "Prince", "Council's", "Organization", "Secretariat", "Committee", "Commission",
        "Ladies", "Gentlemen", "Colleagues", "Friends", "Brothers", "Sisters", "Sirs", "I", "We",
        "It", "This", "That", "In", "On", "At", "As",
        "Tells", "Says", "Urges", "Calls", "Warns", "Briefs", "Stresses", "Welcomes", "Highlights",
        "Underlines", "Emphasizes", "Reaffirms", "Announces", "Launches", "Opens", "Praises",
        "Commends", "Condemns", "Appeals", "Pledges", "Hails", "Addresses", "Notes", "Expresses",
        "Outlines", "Presents", "Informs", "Cautions",
    ]
)  # fmt: skip

#: Honorifics and titles that introduce a person's name ("Mr.", "H.E. Mr.", "President").
HONORIFICS = (
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
    "DSG",
    "SG",
    "Secretary-General",
    "Under-Secretary-General",
    "Minister",
    "Chancellor",
    # ranks and titles of more than one word
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
)

#: Capitalised words that cannot continue a proper name to the left ("The", "In", "However"):
#: articles, pronouns, prepositions and sentence adverbs.
STOP_LEFT = frozenset(
    [
        "The", "This", "That", "These", "Those", "Our", "Its", "Their", "His", "Her", "My", "Your",
        "A", "An", "In", "On", "At", "By", "For", "With", "Through", "Under", "As", "To", "From",
        "We", "I", "It", "And", "But", "If", "While", "Since", "Also", "Such", "Each", "All", "Any",
        "Both", "Every", "Within", "Without", "Of", "Via", "Per", "Like", "Unlike", "Including",
        "Following", "After", "Before", "During", "Despite", "Currently", "Meanwhile", "Moreover",
        "However", "Therefore", "Furthermore", "Secondly", "Firstly", "Thirdly", "Finally",
        "Lastly", "Once", "Then", "Thus", "Here", "There", "What", "When", "Where", "Which", "Who",
        "How", "Why",
    ]
)  # fmt: skip

#: The prepositions that join the words of a name ("Force for the Referendum", "Ministry of
#: Defence", "Mission in South Sudan").
NAME_PREPOSITIONS = ("of", "for", "on", "in", "to")
#: Lower-case words that join the words of a name ("Ministry of Defence and the Armed Forces").
CONNECTORS = frozenset({*NAME_PREPOSITIONS, "and", "the", "&"})


# -- reported speech ----------------------------------------------------------------------------

#: Verbs that report what a speaker said, in a press release ("China's representative said",
#: "..., noting that ...").
REPORTING_VERBS = (
    "said", "stated", "noted", "added", "stressed", "expressed", "urged", "called", "pointed",
    "underlined", "underscored", "emphasized", "emphasised", "welcomed", "highlighted", "agreed",
    "warned", "recalled", "observed", "echoed", "asked", "described", "spoke", "recognized",
    "recognised", "reiterated", "reaffirmed", "voiced", "condemned", "commended", "praised",
    "insisted", "maintained", "argued", "suggested", "proposed", "explained", "announced",
    "affirmed", "declared", "cautioned", "drew", "questioned", "encouraged", "thanked",
    "acknowledged", "hoped", "regretted", "supported", "rejected", "opposed", "expressing",
    "saying", "turned", "briefed", "began", "opened", "concluded", "told", "went", "noting",
    "recalling", "stressing", "calling", "urging", "underscoring", "emphasizing", "emphasising",
    "highlighting", "warning", "welcoming", "adding", "pointing", "echoing", "reiterating",
)  # fmt: skip
#: The commonest of :data:`REPORTING_VERBS`: the verbs that end a list of joint speakers
#: ("speaking also on behalf of A and B, said") and show a text reports speech.
SPEECH_VERBS = (
    "said", "stated", "stressed", "noted", "added", "called", "urged", "expressed",
    "emphasized", "emphasised", "underlined", "underscored", "pointed", "welcomed",
)  # fmt: skip

#: The nouns by which a speaker names itself or its state ("my delegation", "our Government").
SELF_NOUNS = ("delegation", "country", "government", "nation", "administration")

#: The words for the person speaking for a state or a group ("its representative said").
DELEGATE_WORDS = ("representative", "delegate", "speaker", "delegation")

# -- the UN ---------------------------------------------------------------------------------------

#: Titles of UN officials, as patterns: whoever holds one speaks for a UN body.
UN_TITLES = (
    r"(?:Deputy\s+|Assistant\s+|Under-)?Secretary-General",
    r"USG",
    r"ASG",
    r"SRSG",
    r"Special\s+Representative",
    r"Special\s+Envoy",
    r"Force\s+Commander",
    r"Police\s+Commissioner",
    r"Head\s+of\s+Mission",
    r"Police\s+Adviser",
    r"Military\s+Adviser",
)
