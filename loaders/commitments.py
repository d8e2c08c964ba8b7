"""Commitments: who backs or opposes which A4P priority, initiative, resolution or mission.

:func:`extract_commitments` reads every sentence of every statement of a document and
returns :class:`~peacekg.loaders.model.Commitment` records, each with its verbatim evidence
(``evidence == doc.text[start:end]``). The rules, in order:

1. **Targets.** The eight A4P priorities are recognised with the cue vocabulary of
   ``ontology/a4p-cues.ttl`` (``pk:cue`` / ``pk:problemCue`` literals, one compiled regular
   expression per priority, run once over the whole text). Initiatives, resolutions and
   missions come from the entity mentions inside the sentence; initiatives and resolutions
   that the TTL relates to a priority (``skos:related``: resolution 1325 -> ``wps``) add that
   priority. A priority counts only near peacekeeping talk (an anchor such as
   "peacekeeping", "mission", "blue helmets" within :data:`ANCHOR_WINDOW` characters), so a
   General Debate speech's "human rights" in a paragraph about trade is not ``protection``.
   A sentence without targets is skipped; a sentence whose object is anaphoric ("We must
   continue down *this path*", "We endorse *these* approaches") borrows the targets of the
   previous sentence, and its evidence spans both sentences.
2. **Not a stance.** Thanks, tribute, condolences and gratitude ("I thank the
   Under-Secretary-General ...") are skipped; so is a sentence without a stance cue whose
   targets are only the topic of an event or a text ("I listened to the briefing on
   triangular partnerships").
3. **Actor.** The speaker(s) of the statement (one commitment per speaker of a joint
   statement), when the sentence speaks in the first person (we, I, our, my delegation,
   my country, the Government, the Administration; he/she in a press release), or when it
   calls on anyone (must, should, need to, urge, encourage). An explicit actor at the head
   of the main clause ("Estonia plans to ...", "The UN's A4P Implementation Action Plan
   identifies ...") is the actor; it is the speaker when it names the speaker, or when both
   belong to the UN system ("the United Nations remains committed", said by a UN
   department). Text outside any statement (an event page's description) only yields
   commitments with such an explicit actor. Actors are States, Organizations or Persons,
   never priorities.
4. **Stance.** Sentences without a first-person subject need a stance cue
   (:data:`STANCE_CUES`: an obligation, an importance word, a support verb). The stance is
   ``Opposition`` for targets that the actor wants reduced, cut, deprioritised or rejected
   (:func:`_opposed` — the negation of a reduction, "should not be cut", is support; reducing
   a harm named by a ``pk:problemCue`` backs the priority); otherwise ``Pledge`` (future
   first-person commitments), ``Contribution`` (the actor's own deployments, funding,
   training, launched work), ``CallForAction`` (obligations, urging) or ``Support``.
5. **Quantities and dates.** Personnel/units/assets ("210 peacekeepers", "a 250-strong task
   force"), money ("$5 million", "US$ 1.2 billion", "EUR 3 million") and percentages ("15 per
   cent") in the evidence; a deadline "by 2028" / "by the end of 2021" as an ISO date.
6. **Contributions to missions.** A Pledge or Contribution of personnel, units, funds or
   assets whose agent is the actor (first person or named, not an agentless passive), with
   mission mentions in the sentence, fills ``contributes_to``. UN-system actors deploy but
   do not contribute.

Everything runs on compiled regular expressions over the whole text; the per-sentence work
only happens for sentences that contain a target.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from peacekg.loaders.model import Commitment, Document, EntityRef, Mention, Quantity, Statement
from peacekg.loaders.text import MONTH_NAMES
from peacekg.ontology.namespaces import A4P_AREAS, PK, priority_iri

__all__ = [
    "ANCHOR_WINDOW",
    "NEAR_WINDOW",
    "PRIORITY_CODES",
    "STANCE_CUES",
    "CueVocabulary",
    "compile_cue",
    "extract_commitments",
    "find_dates",
    "find_quantities",
    "load_cues",
]

#: The eight A4P thematic areas, in the order of the Declaration of Shared Commitments.
PRIORITY_CODES = tuple(A4P_AREAS)

_CUES_TTL = Path(__file__).resolve().parent.parent / "ontology" / "a4p-cues.ttl"

_ACTOR_TYPES = frozenset({"State", "Organization", "Person"})
_TARGET_TYPES = ("Initiative", "Resolution", "Mission")

# --- the cue vocabulary ------------------------------------------------------------------


def compile_cue(cue: str) -> str:
    """Translate one cue of ``a4p-cues.ttl`` into a regular expression (without boundaries).

    >>> compile_cue("capacity building")
    'capacity[\\\\s\\\\-]+building'
    >>> compile_cue("peacekeep*")
    'peacekeep\\\\w*'
    """
    if cue.startswith("re:"):
        return cue[3:]
    out: list[str] = []
    i = 0
    while i < len(cue):
        ch = cue[i]
        if ch == "\\" and i + 1 < len(cue):
            out.append(cue[i : i + 2])
            i += 2
            continue
        if ch == " ":
            out.append(r"[\s\-]+")
        elif ch == "*":
            out.append(r"\w*")
        elif ch in "'’":
            out.append("['’]")
        elif ch == ".":
            out.append(r"\.")
        elif ch in "&+$^":
            out.append("\\" + ch)
        else:
            out.append(ch)
        i += 1
    return "".join(out)


@dataclass(frozen=True)
class CueVocabulary:
    """The compiled cue vocabulary: one regex per priority and the initiative mappings.

    ``patterns[code]`` has two named groups, ``cue`` and ``problem``; ``related`` maps the
    IRI of an initiative or resolution to the priority codes it implies.
    """

    patterns: dict[str, re.Pattern[str]]
    related: dict[str, frozenset[str]]
    cues: dict[str, tuple[str, ...]]
    problem_cues: dict[str, tuple[str, ...]]
    #: first letters (up to :data:`_STEM`) of every cue -> the priorities it may start
    stems: dict[str, frozenset[str]]
    #: one regex finding every word that may start a cue or an anchor (a trie of stems)
    prefilter: re.Pattern[str]
    #: ``pk:contextCue`` literals: generic phrases ("human rights", "training") that mean the
    #: priority only next to peacekeeping talk (:data:`NEAR_WINDOW`)
    context_cues: dict[str, tuple[str, ...]] = None  # type: ignore[assignment]
    #: per priority, a regex telling whether a matched cue is a context cue (fullmatch)
    weak_patterns: dict[str, re.Pattern[str]] = None  # type: ignore[assignment]


def _alternation(cues: Sequence[str]) -> str:
    # longest first, so "safety and security of peacekeepers" wins over shorter overlaps
    parts = sorted((compile_cue(c) for c in cues), key=len, reverse=True)
    return "|".join(f"(?:{p})" for p in parts) or r"(?!x)x"


_STEM = 4
_ANCHOR_CODE = "#anchor"


def _group_end(r: str) -> int:
    """Index of the parenthesis closing the group that opens ``r``."""
    depth = 0
    for i, ch in enumerate(r):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            return i
    return len(r) - 1


def _first_words(regex: str) -> list[str] | None:
    """The possible first words (letters/digits) of a cue's regex, or ``None`` if unknown.

    Handles the shapes the vocabulary uses: leading ``\\b`` and lookbehinds, a leading group
    of alternatives ``(a|b)`` / ``(?:a|b)``, optional parts after the first letters.
    """
    r = regex
    while True:
        if r.startswith("\\b"):
            r = r[2:]
        elif r.startswith(("(?<!", "(?<=")):
            r = r[_group_end(r) + 1 :]
        else:
            break
    if r.startswith("("):
        i = _group_end(r)
        inner = r[3:i] if r.startswith("(?:") else r[1:i]
        optional = r[i + 1 : i + 2] in ("?", "*")
        rest = r[i + 2 :] if optional else r[i + 1 :]
        parts, depth, cur = [], 0, ""
        for ch in inner:
            if ch == "|" and depth == 0:
                parts.append(cur)
                cur = ""
                continue
            depth += ch == "("
            depth -= ch == ")"
            cur += ch
        parts.append(cur)
        out: list[str] = []
        for part in [*parts, *([rest] if optional else [])]:
            words = _first_words(part) if part else _first_words(rest)
            if not words:
                return None
            out.extend(words)
        return out
    m = re.match(r"[a-z0-9]+", r)
    if not m:
        return None
    word = m.group(0)
    if r[m.end() : m.end() + 1] in ("?", "*", "{"):
        word = word[:-1]  # "tccs?" may be "tcc"
    return [word] if word else None


def _trie_regex(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, shaped as a trie (fast to scan)."""
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if "" in node:
            alts.append("")
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    return build(trie)


#: Peacekeeping anchors (see :data:`ANCHOR_WINDOW`), lower-case.
_ANCHOR_PATTERNS = (
    r"peace-?keep",
    r"peace operations?\b",
    r"blue helmets?\b",
    r"troop[- ]and[- ]police",
    r"troop-contribut",
    r"police-contribut",
    r"tccs?\b",
    r"pccs?\b",
    r"contingents?\b",
    r"uniformed\b",
    r"a4p",
    r"action for peacekeeping",
    r"peacebuilding",
    r"protection of civilians",
)
_ANCHOR_LOW = re.compile("|".join(f"(?:{a})" for a in _ANCHOR_PATTERNS))


@functools.cache
def load_cues(path: str | None = None) -> CueVocabulary:
    """Load and compile ``ontology/a4p-cues.ttl`` (cached: once per process)."""
    from rdflib import Graph
    from rdflib.namespace import SKOS

    graph = Graph()
    graph.parse(path or str(_CUES_TTL), format="turtle")
    patterns: dict[str, re.Pattern[str]] = {}
    related: dict[str, set[str]] = {}
    cues: dict[str, tuple[str, ...]] = {}
    problems: dict[str, tuple[str, ...]] = {}
    stems: dict[str, set[str]] = {}
    context_cues: dict[str, tuple[str, ...]] = {}
    weak_patterns: dict[str, re.Pattern[str]] = {}
    for code in PRIORITY_CODES:
        concept = priority_iri(code)
        cue = sorted(str(o) for o in graph.objects(concept, PK.cue))
        prob = sorted(str(o) for o in graph.objects(concept, PK.problemCue))
        weak = sorted(str(o) for o in graph.objects(concept, PK.contextCue))
        cues[code], problems[code] = tuple(cue), tuple(prob)
        context_cues[code] = tuple(weak)
        # one alternation of cues and context cues, longest first; a context cue is told
        # apart after the match (it needs peacekeeping talk close by)
        regex = (
            rf"(?<![\w-])(?:(?P<problem>{_alternation(prob)})|(?P<cue>{_alternation(cue + weak)}))"
            r"(?![\w])"
        )
        patterns[code] = re.compile(regex)
        if weak:
            weak_patterns[code] = re.compile(rf"(?:{_alternation(weak)})$")
        for c in (*cue, *prob, *weak):
            words = _first_words(compile_cue(c))
            if not words:
                raise ValueError(f"a4p-cues.ttl: cannot index the cue {c!r} of {code}")
            for w in words:
                stems.setdefault(w[:_STEM], set()).add(code)
        for obj in graph.objects(concept, SKOS.related):
            related.setdefault(str(obj), set()).add(code)
    for anchor in _ANCHOR_PATTERNS:
        for w in _first_words(anchor) or ():
            stems.setdefault(w[:_STEM], set()).add(_ANCHOR_CODE)
    return CueVocabulary(
        patterns=patterns,
        related={k: frozenset(v) for k, v in related.items()},
        cues=cues,
        problem_cues=problems,
        stems={k: frozenset(v) for k, v in stems.items()},
        context_cues=context_cues,
        weak_patterns=weak_patterns,
        prefilter=re.compile(r"(?<![a-z0-9])" + _trie_regex(stems)),
    )


# --- stance vocabulary (data) ------------------------------------------------------------

#: Stance cues, as regular expressions (case-insensitive, word-bounded). A sentence whose
#: subject is not the speaker in the first person needs one of these to be a stance.
STANCE_CUES: dict[str, str] = {
    # an obligation or a call on someone: the speaker's call for action
    "CallForAction": r"must|should(?! be noted)|ought to|needs? to|need for|needed|have to|has to"
    r"|call(?:s|ed|ing)? (?:on|upon|for)|urg(?:e|es|ed|ing)|encourag(?:e|es|ed|ing)"
    r"|necessary|imperative|requires?|essential|expect(?:s|ed)?|urgent(?:ly)?"
    r"|needs? (?:urgent|more|greater|better|adequate|sufficient|additional|further|stronger"
    r"|predictable|sustained|dedicated|continued)",
    # future commitments of the actor itself
    "Pledge": r"pledg(?:e|es|ed|ing)(?! (?:conference|to (?:the|mission)))|plans? to|intends? to"
    r"|aims? to|commit(?:s|ted)? to|ready to|prepared to|stand ready",
    # the actor's own resources or work
    "Contribution": r"contribut(?:e|es|ed|ing)|deployed|provid(?:es|ed)|fund(?:s|ed|ing)"
    r"|financ(?:es|ed|ing)|donat(?:es|ed)|invest(?:s|ed)|trained",
    # approval, importance, priority
    "Support": r"support(?:s|ed|ing|er|ers)?|welcom(?:e|es|ed|ing)|commend(?:s|ed)?"
    r"|endors(?:e|es|ed|ing)|appreciat(?:e|es|ed)|valu(?:e|es)|committed|commitment"
    r"|reaffirm(?:s|ed)?|reiterat(?:e|es|ed)|importan(?:t|ce)|crucial|critical|vital|key"
    r"|paramount|indispensable|integral|fundamental|cornerstone|backbone|central|heart of"
    r"|priorit(?:y|ies|ize|ise|izes|ised|ized|izing)|encouraged by|pleased|proud|champion"
    r"|advocat(?:e|es|ed)|co-?sponsor(?:s|ed)?|count on|look forward|in line with"
    r"|consistent with|invested in|emphasi[sz]e[sd]?|underlin(?:e|es|ed)"
    r"|underscor(?:e|es|ed)|stress(?:es|ed)?|highlight(?:s|ed)?|prime example|good example"
    r"|identif(?:y|ies|ied)|remains? (?:a|an|the) (?:\w+ )?(?:priority|focus|goal)"
    r"|back(?:s|ed|ing)|deserv(?:e|es|ed)|spare no effort",
}

_STANCE_RE = {k: re.compile(rf"\b(?:{v})\b", re.IGNORECASE) for k, v in STANCE_CUES.items()}
_ANY_STANCE = re.compile(rf"\b(?:{'|'.join(STANCE_CUES.values())})\b", re.IGNORECASE)

# first person: the speaker talks about itself
_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|I|[Uu]s)\b(?!\.)")
_FIRST_POSSESSIVE = re.compile(r"\b(?:[Oo]ur|[Mm]y)\b")
_SPEAKER_REF = re.compile(
    r"\b(?:(?:my|our|his|her|its) (?:delegation|country|government|nation|administration)"
    r"|the (?:\w+ )?(?:government|administration)(?! of))\b",
    re.IGNORECASE,
)
_THIRD_PERSON = re.compile(r"\b(?:[Hh]e|[Ss]he)\b")
_HEADING_LINE = re.compile(
    r"^[\s#*_]*(?:Joint\s+)?(?:Statement|Remarks|Briefing|Address|Speech|Intervention|Message"
    r"|Opening\s+remarks|Closing\s+remarks|Keynote(?:\s+address|\s+speech)?)\s+(?:delivered\s+"
    r"|made\s+|given\s+)?(?:by|of|from)\s+[^\n.]{3,300}$"
)

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
    r"^(?:(?:I|[Ww]e|[Ll]et me|[Aa]llow me)\b[^.;:!?]{0,60}?\b(?:thank|gratitude|grateful"
    r"|tribute|condolences|salute|congratulat|appreciation (?:to|for)|praise)|[Tt]hank you"
    r"|(?:[Mm]y|[Oo]ur) (?:thanks|gratitude|condolences|appreciation))"
)

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

# --- opposition ------------------------------------------------------------------------

_OPPOSE = re.compile(
    r"\b(?:oppos(?:e|es|ed|ing)|reject(?:s|ed|ing)?|(?:cannot|can ?not|do not|does not"
    r"|will not|won't|don't|doesn't) (?:accept|support|endorse|agree (?:to|with))"
    r"|object(?:s|ed)? to|(?:are|is|am) against|disagree(?:s)? with"
    # a mandate weighed down by tasks: "overloaded with secondary tasks, such as ..."
    r"|(?:over)?(?:loaded|burdened) with|overburdened with|saddled with)\b",
    re.IGNORECASE,
)
_REDUCE = re.compile(
    r"(?<![\w-])(?:reductions? (?:in|of)|reduc(?:e|ed|es|ing)|cut(?:s|ting)?(?: back)?"
    r"|scal(?:e|ed|ing) back|de-?prioriti[sz]\w*|curtail\w*|eliminat(?:e|ed|ing)"
    r"|remov(?:e|ed|ing)|fewer|less emphasis on|downsiz\w*)(?![\w-])",
    re.IGNORECASE,
)
_DESIRE = re.compile(
    r"\b(?:must|should|needs? to|call(?:s|ed)? for|propos(?:e|es|ed)|favou?r(?:s)?|wants?"
    r"|wish(?:es)?|seeks?|it is (?:necessary|time|essential)|ought to|have to|has to"
    r"|accompanied by|we support|we advocate)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:not|never|no|without|nor)\b(?:\s+\w+){0,2}\s*$", re.IGNORECASE)
# a reduced harm between the trigger and the cue: "reduce the gaps in equipment"
_HARM_NOUN = re.compile(
    r"\b(?:gaps?|risks?|threats?|violations?|attacks?|spread|burdens?|costs?|duplications?"
    r"|barriers?|obstacles?|impacts?|shortfalls?|deficits?|challenges?|allegations?"
    r"|incidents?|cases?|abuses?|footprint|fatalit(?:y|ies)|casualt(?:y|ies)|number of)\b",
    re.IGNORECASE,
)

# --- anaphora --------------------------------------------------------------------------

_ANAPHOR = re.compile(
    r"\b(?:(?:this|these|those|such(?! as)|that) (?:\w+ )?(?:path|approach(?:es)?|efforts?|work"
    r"|initiatives?|tools?|steps?|measures?|goals?|commitments?|recommendations?|resolutions?"
    r"|frameworks?|systems?|mechanisms?|policy|policies|agenda|direction|progress|plans?"
    r"|developments?|areas?|priorit(?:y|ies)|tasks?|activities|functions|issues|elements)"
    r"|(?:support|endorse|welcome|implement) (?:it|them"
    r"|this|these)|among them|of them)\b",
    re.IGNORECASE,
)

# a positive judgement of an initiative named at the head of the sentence
_POSITIVE_EVAL = re.compile(
    r"\b(?:successful(?:ly)?|success|has proved|have proved|proven|effective(?:ly)?|helped"
    r"|has (?:already )?(?:matched|enabled|delivered|achieved|improved|strengthened)"
    r"|example of|good practice|best practice)\b",
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
# a gerund heading the subject ("Strengthening the X's role ..."): what follows is its object
_GERUND_HEAD = re.compile(r"[\s*#]*[A-Z]?[a-z]+ing\b(?:\s+(?:the|a|an|our|its|their))?\s+")
_POSSESSIVE_SUBJECT = re.compile(r"^(?:[Tt]he\s+)?([A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,5})['’]s\s")
# the topic of an event or a text: "the briefing on", "a debate about the question of"
_TOPIC_OF = re.compile(
    r"\b(?:briefings?|debates?|discussions?|meetings?|reports?|sessions?|presentations?"
    r"|dialogues?|panels?|seminars?|workshops?|events?|conferences?|webinars?|studies|study"
    r"|articles?|chapters?|sections?|agenda items?|themes?)\s+(?:on|about|concerning|regarding"
    r"|entitled|titled)\s+(?:the\s+|a\s+|an\s+)?(?:[\w'’-]+\s+){0,3}$",
    re.IGNORECASE,
)
_BACKGROUND = re.compile(r"\banniversary (?:year )?of (?:the )?$", re.IGNORECASE)

# --- peacekeeping context --------------------------------------------------------------

#: Characters on each side of a sentence searched for a peacekeeping anchor.
ANCHOR_WINDOW = 1500
#: Characters on each side of a sentence searched for a peacekeeping anchor when its cue is
#: a ``pk:contextCue`` (a generic phrase: "human rights", "training", "renewable energy").
NEAR_WINDOW = 450

# --- quantities and dates ----------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
_SCALE = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
}
_NUM = r"\d{1,3}(?:[,\u00a0 ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CURRENCY_BEFORE = (
    r"US\s?\\?\$|USD|U\.S\.\s?\\?\$|\\?\$|EUR|€|£|GBP|CHF|JPY|¥|(?:Canadian|Australian)\s\\?\$"
)
_MONEY_BEFORE = re.compile(
    rf"(?P<cur>{_CURRENCY_BEFORE})\s?(?P<num>{_NUM})(?:\s?(?P<scale>thousand|million|billion"
    rf"|mn|bn|[mMbBkK])\b)?"
)
_MONEY_AFTER = re.compile(
    rf"\b(?P<num>{_NUM})(?:\s?(?P<scale>thousand|million|billion))?\s(?P<cur>(?:US |United "
    r"States |Canadian |Australian )?dollars|euros?|pounds(?: sterling)?|yen|Swiss francs)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(rf"\b(?P<num>{_NUM})\s?(?:%|per ?cent\b)", re.IGNORECASE)
_UNIT_WORDS = (
    r"troops|peacekeepers|personnel|soldiers|police officers|police|officers|military observers"
    r"|observers|staff officers|staff|experts|engineers|medics|doctors|nurses|units?|battalions?"
    r"|compan(?:y|ies)|contingents?|platoons?|formed police units?|helicopters?|aircraft"
    r"|aeroplanes|vehicles|armoured personnel carriers|hospitals?|field hospitals?|teams?"
    r"|task forces?|boats|ships|vessels|drones|women|men|trainers|instructors"
)
_COUNT = re.compile(
    rf"\b(?P<num>{_NUM}|{'|'.join(_NUMBER_WORDS)})(?P<strong>-strong)?\s+(?:[\w-]+\s+){{0,3}}?"
    rf"(?P<unit>{_UNIT_WORDS})\b",
    re.IGNORECASE,
)
_DEADLINE = re.compile(
    r"\bby\s+(?:the\s+)?(?:(?P<part>end|middle|beginning|start)\s+of\s+)?(?:(?P<month>"
    + "|".join(MONTH_NAMES)
    + r")\s+)?(?:(?P<year>(?:19|20)\d\d)\b|(?P<rel>this|next|the current|the coming)\s+year\b)",
    re.IGNORECASE,
)


_MAY_HAVE_NUMBER = re.compile(rf"[\d$€£¥]|\b(?:{'|'.join(_NUMBER_WORDS)})\b", re.IGNORECASE)


def _number(text: str) -> float:
    low = text.lower()
    if low in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[low])
    return float(re.sub(r"[,\u00a0 ]", "", text))


def find_quantities(text: str) -> list[Quantity]:
    """Quantities in ``text``: money, percentages and counts of personnel, units or assets.

    >>> [(q.amount, q.unit) for q in find_quantities("Indonesia deployed 210 peacekeepers.")]
    [(210.0, 'peacekeepers')]
    >>> [(q.amount, q.unit) for q in find_quantities("US$ 1.2 billion and 15 per cent")]
    [(1200000000.0, 'USD'), (15.0, 'percent')]
    """
    if not _MAY_HAVE_NUMBER.search(text):
        return []
    found: list[tuple[int, Quantity]] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _MONEY_BEFORE.finditer(text):
        cur = m.group("cur").replace("\\", "").replace(" ", "")
        unit = {"$": "USD", "US$": "USD", "U.S.$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}.get(
            cur, cur.upper()
        )
        if cur.lower().startswith("canadian"):
            unit = "CAD"
        elif cur.lower().startswith("australian"):
            unit = "AUD"
        scale = _SCALE.get((m.group("scale") or "").lower(), 1.0)
        found.append((m.start(), Quantity(_number(m.group("num")) * scale, unit, m.group(0))))
        taken.append(m.span())
    for m in _MONEY_AFTER.finditer(text):
        if not free(*m.span()):
            continue
        cur = m.group("cur").lower()
        unit = (
            "EUR"
            if cur.startswith("euro")
            else "GBP"
            if cur.startswith("pound")
            else "JPY"
            if cur == "yen"
            else "CHF"
            if "franc" in cur
            else "CAD"
            if "canadian" in cur
            else "AUD"
            if "australian" in cur
            else "USD"
        )
        scale = _SCALE.get((m.group("scale") or "").lower(), 1.0)
        found.append((m.start(), Quantity(_number(m.group("num")) * scale, unit, m.group(0))))
        taken.append(m.span())
    for m in _PERCENT.finditer(text):
        if free(*m.span()):
            found.append((m.start(), Quantity(_number(m.group("num")), "percent", m.group(0))))
            taken.append(m.span())
    for m in _COUNT.finditer(text):
        if not free(*m.span()):
            continue
        # a year or a date is not a count ("in 2019 units", "22 July")
        num = m.group("num")
        if re.fullmatch(r"(?:19|20)\d\d", num) and not m.group("strong"):
            continue
        unit = m.group("unit").lower()
        if m.group("strong"):
            unit = "personnel"
            quote = text[m.start() : m.start() + len(num) + len("-strong")]
        else:
            quote = m.group(0)
        found.append((m.start(), Quantity(_number(num), unit, quote)))
        taken.append(m.span())
    found.sort(key=lambda p: p[0])
    return [q for _, q in found]


def find_dates(text: str, doc_date: str | None = None) -> list[str]:
    """Deadlines in ``text`` ("by 2028" -> ``"2028"``, "by the end of 2021" -> ``"2021-12-31"``,
    "by June 2022" -> ``"2022-06"``; "by the end of this year" uses ``doc_date``'s year).

    >>> find_dates("We will reach parity by the end of 2021 and 30 per cent by 2028.")
    ['2021-12-31', '2028']
    """
    out: list[str] = []
    for m in _DEADLINE.finditer(text):
        year = m.group("year")
        if year is None:
            if not doc_date or not doc_date[:4].isdigit():
                continue
            y = int(doc_date[:4]) + (1 if m.group("rel").lower() == "next" else 0)
            year = str(y)
        month = m.group("month")
        part = (m.group("part") or "").lower()
        if month:
            mi = MONTH_NAMES.index(month.lower()) + 1
            if part == "end":
                days = [31, 29 if int(year) % 4 == 0 else 28, 31, 30, 31, 30]
                days += [31, 31, 30, 31, 30, 31]
                out.append(f"{year}-{mi:02d}-{days[mi - 1]:02d}")
            else:
                out.append(f"{year}-{mi:02d}")
        elif part == "end":
            out.append(f"{year}-12-31")
        elif part == "middle":
            out.append(f"{year}-06-30")
        else:
            out.append(year)
    return out


# --- contributions to missions -------------------------------------------------------------

_RESOURCE_VERB = re.compile(
    r"\b(?:deploy\w*|contribut(?:e|es|ed|ing|ion|ions)|provid(?:e|es|ed|ing)|send(?:s|ing)?|sent"
    r"|dispatch\w*|fund(?:s|ed|ing)?|financ(?:e|es|ed|ing)|donat\w*|pledg\w*|rotat\w*"
    r"|station(?:ed|s|ing)?|serv(?:e|es|ed|ing)|participat\w*)\b",
    re.IGNORECASE,
)
_ASSET = re.compile(
    rf"\b(?:{_UNIT_WORDS}|funds?|funding|contribution|dollars|euros|equipment|assets?"
    r"|capabilit(?:y|ies)|enablers|blue helmets|deployment)\b|\$|€|£",
    re.IGNORECASE,
)
_AGENTLESS_PASSIVE = re.compile(
    r"\b(?:be|been|being|is|are|was|were)\s+(?:\w+\s+)?(?:deployed|sent|provided|funded)\b"
    r"(?![^.;]{0,40}\bby\b)",
    re.IGNORECASE,
)

_UN_SYSTEM_KEYS = frozenset(
    {
        "United Nations",
        "United Nations Secretariat",
        "Secretary-General",
        "Security Council",
        "General Assembly",
        "Special Committee on Peacekeeping Operations",
        "Department of Peace Operations",
        "Department of Operational Support",
        "Department of Political and Peacebuilding Affairs",
        "United Nations Country Team",
        "Integrated Training Service",
        "Security Council Working Group on Peacekeeping Operations",
    }
)


def _un_system(ref: EntityRef) -> bool:
    """Whether an actor belongs to the UN system (its departments speak for each other)."""
    if ref.type != "Organization":
        return False
    key = ref.key
    return (
        key in _UN_SYSTEM_KEYS
        or key.startswith(("United Nations ", "UN "))
        or (key.startswith("Department of ") and "State" not in key)
        or key.startswith("Office of the United Nations")
    )


# --- contributions named by their personnel: "our contingents serve in ..." ---------------

#: Nouns of deployable personnel, units and assets (the things a contributor provides).
_PERSONNEL_NOUN = re.compile(
    r"\b(?:troops|peacekeepers|blue helmets|contingents?|battalions?|units?|compan(?:y|ies)"
    r"|platoons?|personnel|soldiers|police(?: officers)?|gendarmes?|officers|observers"
    r"|forces|army|navy|air force|gendarmerie|ships?|vessels?|corvettes?|frigates?|boats"
    r"|helicopters?|aircraft|engineers|sappers|deminers|pilots|crews?|infantry|marines|medics"
    r"|(?:medical|engineering) teams?|hospitals?"
    r"|task forces?|men and women|women and men|sons and daughters)\b",
    re.IGNORECASE,
)
# between an owner and its personnel noun ("our two engineering companies", "Ghana Armed
# Forces", "India's contingents"): up to three content words, no function words
_OWNER_GAP = re.compile(
    r"(?:['’]s)?(?:\s+(?!(?:for|to|of|with|in|on|by|from|at|the|a|an|and|or|who|which|that"
    r"|whose|is|are|was|were|has|have|had|will|would|be|been|not|no|thank\w*|support\w*)\b)"
    r"[\w'’.-]+){0,3}\s+",
    re.IGNORECASE,
)
_OWNER_FIRST = re.compile(
    r"\b(?:our|my)(?: own)?(?: (?:country|nation|government)['’]s)?\b", re.IGNORECASE
)
# third-person possessive of a press release's speaker: "his country's troops"
_OWNER_THIRD = re.compile(
    r"\b(?:his|her|its|their) (?:own )?(?:country|nation|government)['’]s", re.IGNORECASE
)
_OWNER_FROM = re.compile(r"^\s+(?:of|from)\s+(?:the\s+)?", re.IGNORECASE)
_FROM_US = re.compile(r"^\s+from\s+(?:my|our)\s+(?:own\s+)?(?:country|nation)\b", re.IGNORECASE)
# a verb by which the subject provides personnel or assets
_GIVE_VERB = re.compile(
    r"\b(?:deploy(?:s|ed|ing)?|sen(?:d|ds|ding|t)|contribut(?:e|es|ed|ing)|provid(?:e|es|ed"
    r"|ing)|dispatch(?:es|ed|ing)?|station(?:s|ed|ing)?|field(?:s|ed|ing)?|rotat(?:e|es|ed|ing)"
    r"|commit(?:s|ted|ting)?|pledg(?:e|es|ed|ing)|maintain(?:s|ed|ing)?|ha(?:ve|s|d))\b",
    re.IGNORECASE,
)
# "we are one of the largest contributors to UNMISS"
_CONTRIBUTOR_NOUN = re.compile(
    r"\b(?:contributors?|contributing (?:country|countries|nation|state))\b", re.IGNORECASE
)
# between a subject and its verb: auxiliaries, adverbs and "one of the largest"
_AUX_TAIL = re.compile(
    r"(?:\b(?:has|have|had|will|would|shall|is|are|am|was|were|be|been|being|also|already"
    r"|currently|now|today|recently|proudly|further|still|continue|continues|continued|remain"
    r"|remains|ready|prepared|proud|plans?|intends?|decided|to|can|could|may|again|once|one|of"
    r"|among|the|a|an|largest|biggest|leading|major|top|main|significant|consistent|reliable"
    r"|steadfast|long-standing|consistently|troop|police|financial|so|far|not|only|thus"
    r"|therefore|indeed)\b[\s,]*)*$",
    re.IGNORECASE,
)
_SUBJECT_FIRST = re.compile(
    r"\b(?:we|I|(?:my|our) (?:country|nation|government|delegation))\s*$", re.IGNORECASE
)
_SUBJECT_THIRD = re.compile(
    r"\b(?:he|she|(?:his|her|its) (?:country|nation|government))\s*$", re.IGNORECASE
)
# a break between two missions of one list ("MINUSMA in Mali, MONUSCO in ...")
_LIST_BREAK = re.compile(
    r"[;:!?]|\.(?:\s|$)|\b(?:is|are|was|were|has|have|had|will|would|which|who|whose|that|but"
    r"|while|whereas|although|where|when|we|I|they|he|she|it|said|says|serv(?:e|es|ed|ing)"
    r"|deploy\w*|welcom\w*|support\w*|thank\w*|commend\w*|praise\w*)\b",
    re.IGNORECASE,
)
_MAX_LIST_GAP = 100
_MAX_RELATION_GAP = 160
# a clause break between the owner of the personnel and the mission
_CLAUSE_BREAK = re.compile(r"[;]|\b(?:but|while|whereas|although|however)\b", re.IGNORECASE)
# reported history: "In 1960, ... sent troops"; a present marker keeps it current
_PAST_YEAR = re.compile(r"\b(?:in|during|back in|by)\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_PRESENT = re.compile(
    r"\b(?:today|currently|now|presently|at present|still|continu\w*|remain\w*|this year"
    r"|(?:is|are|am) (?:\w+ )?(?:deployed|serving|stationed|present|contributing|deploying)"
    r"|serves?|will|shall|upcoming)\b",
    re.IGNORECASE,
)


def _mission_groups(text: str, missions: Sequence[Mention]) -> list[list[Mention]]:
    """Missions of one sentence grouped into lists ("in UNMISS, UNIFIL and UNDOF")."""
    groups: list[list[Mention]] = []
    for m in missions:
        if groups:
            last = groups[-1][-1]
            gap = text[last.end : m.start]
            if len(gap) <= _MAX_LIST_GAP and not _LIST_BREAK.search(gap):
                groups[-1].append(m)
                continue
        groups.append([m])
    return groups


def _owner_before(
    text: str, pos: int, lo: int, states: Sequence[Mention], press: bool
) -> EntityRef | str | None:
    """Who owns the personnel noun at ``pos``: ``"speaker"``, a State, or ``None``.

    The owner stands right before the noun ("our", "Indonesian", "India's", "Ghana Armed
    Forces"), up to three content words away; the nearest owner wins.
    """
    start = max(lo, pos - 80)
    best: tuple[int, EntityRef | str] | None = None
    for rx in (_OWNER_FIRST, _OWNER_THIRD) if press else (_OWNER_FIRST,):
        for m in rx.finditer(text, start, pos):
            if _OWNER_GAP.fullmatch(text, m.end(), pos) and (best is None or m.end() > best[0]):
                best = (m.end(), "speaker")
    for m in states:
        if (
            start <= m.end <= pos
            and _OWNER_GAP.fullmatch(text, m.end, pos)
            and (best is None or m.end > best[0])
        ):
            best = (m.end, m.entity)
    return best[1] if best else None


def _owner_after(text: str, end: int, hi: int, states: Sequence[Mention]) -> EntityRef | str | None:
    """The owner named after the noun: "troops from Ghana", "peacekeepers from my country"."""
    after = text[end:hi]
    if _FROM_US.match(after):
        return "speaker"
    m = _OWNER_FROM.match(after)
    if m:
        for s in states:
            if s.start == end + m.end():
                return s.entity
    return None


def _subject_of(
    text: str, pos: int, lo: int, states: Sequence[Mention], press: bool
) -> EntityRef | str | None:
    """The subject of the verb at ``pos`` when it is the speaker or a named state."""
    m = _AUX_TAIL.search(text, lo, pos)
    head_end = m.start() if m else pos
    head = text[lo:head_end].rstrip()
    if _SUBJECT_FIRST.search(head):
        return "speaker"
    if press and _SUBJECT_THIRD.search(head):
        return "speaker"
    for st in reversed(states):
        if st.end == lo + len(head):
            return st.entity
    return None


def _mission_contributions(
    doc: Document, sent: _Sentence, speakers: Sequence[EntityRef]
) -> dict[EntityRef, list[EntityRef]]:
    """Missions that an actor's own personnel, units or assets serve in, by actor.

    Three forms, each followed (in the same clause) by a list of missions:

    * a personnel noun with its owner: "our contingents serve in", "Indonesian peacekeepers
      deployed in", "a ship of the Bangladesh Navy serves with ... of", "troops from my
      country in", "India's battalion with";
    * a subject and a verb of giving with personnel or funds: "we have deployed 200 troops
      to", "Bangladesh has provided troops to";
    * a subject that is a contributor: "we are one of the largest contributors to".

    Inside a statement the owner must be the speaker (other actors' deployments reported by
    a speaker are not the speaker's); text outside statements (an event page's description)
    takes a named state. UN-system speakers deploy but do not contribute. A deployment dated
    years before the document with nothing current in the sentence is history.
    """
    text = doc.text
    missions = [m for m in sent.mentions if m.entity.type == "Mission"]
    if not missions:
        return {}
    states = [m for m in sent.mentions if m.entity.type == "State"]
    s_text = text[sent.start : sent.end]
    if _past_only(s_text, doc.date):
        return {}
    press = doc.kind == "press-release"
    out: dict[EntityRef, list[EntityRef]] = {}
    lo = sent.start
    for group in _mission_groups(text, missions):
        first = group[0]
        owner: EntityRef | str | None = None
        # the nearest personnel noun before the list, in the same clause
        region_lo = lo
        for brk in _CLAUSE_BREAK.finditer(text, lo, first.start):
            region_lo = brk.end()
        region_lo = max(region_lo, first.start - _MAX_RELATION_GAP)
        nouns = list(_PERSONNEL_NOUN.finditer(text, region_lo, first.start))
        for noun in reversed(nouns):
            owner = _owner_before(text, noun.start(), region_lo, states, press)
            if owner is None:
                owner = _owner_after(text, noun.end(), first.start, states)
            if owner is not None:
                break
        if owner is None:
            for verb in reversed(list(_GIVE_VERB.finditer(text, region_lo, first.start))):
                after = text[verb.end() : group[-1].end]
                has_asset = bool(_PERSONNEL_NOUN.search(after) or _MONEY_HINT.search(after))
                if verb.group(0).lower().startswith(("deploy", "sen", "dispatch", "station")):
                    has_asset = has_asset or not re.match(
                        r"\s+(?:a|an|the)?\s*\w*\s*message", after
                    )
                if not has_asset:
                    continue
                owner = _subject_of(text, verb.start(), lo, states, press)
                if owner is not None:
                    break
        if owner is None:
            for noun in reversed(list(_CONTRIBUTOR_NOUN.finditer(text, region_lo, first.start))):
                owner = _subject_of(text, noun.start(), lo, states, press)
                if owner is not None:
                    break
        lo = group[-1].end
        if owner is None:
            continue
        if owner == "speaker":
            actors = list(speakers)
        elif isinstance(owner, EntityRef) and (not speakers or _same_actor(owner, speakers)):
            actors = [owner]
        else:
            continue  # another actor's deployment, reported by the speaker
        for actor in actors:
            if actor.type not in _ACTOR_TYPES or _un_system(actor):
                continue
            got = out.setdefault(actor, [])
            for m in group:
                if m.entity not in got:
                    got.append(m.entity)
    return out


_MONEY_HINT = re.compile(r"[$€£¥]|\b(?:dollars|euros|funds?|funding|million|billion)\b", re.I)


def _past_only(text: str, doc_date: str | None) -> bool:
    """A sentence about a deployment years before the document, with nothing current."""
    years = [int(m.group(1)) for m in _PAST_YEAR.finditer(text)]
    if not years:
        return False
    now = int(doc_date[:4]) if doc_date and doc_date[:4].isdigit() else 10_000
    return max(years) <= now - 5 and not _PRESENT.search(text)


# --- the extraction ----------------------------------------------------------------------


@dataclass
class _Sentence:
    start: int
    end: int
    priorities: dict[str, bool]  # code -> any positive (non-problem) cue
    cue_spans: list[tuple[int, int, str, bool]]  # (start, end, code, problem)
    mentions: list[Mention]


def _priority_ref(code: str) -> EntityRef:
    return EntityRef("Priority", code, A4P_AREAS.get(code, code))


def _entity_iri(ref: EntityRef) -> str | None:
    from peacekg.ontology.namespaces import entity_iri

    try:
        return str(entity_iri(ref.type, ref.key))
    except (ValueError, TypeError):
        return None


def _split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    try:
        from peacekg.loaders.text import split_sentences
    except ImportError:  # pragma: no cover - the shared splitter is part of the package
        return _fallback_split(text, start, end)
    return split_sentences(text, start, end)


_FALLBACK_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“(\[]?[A-Z])|\n\s*\n")


def _fallback_split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    pos = start
    for m in _FALLBACK_END.finditer(text, start, end):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, end))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _drop_contained(
    spans: list[tuple[int, int, str, bool]],
) -> list[tuple[int, int, str, bool]]:
    """Drop a cue lying inside a longer cue of another priority (the longest reading wins:
    "participation of women in peace processes" is wps, not politics)."""
    out = []
    for i, (a, b, code, problem) in enumerate(spans):
        inside = False
        # spans are sorted by start; a container starts at or before ``a``
        for j in range(i - 1, -1, -1):
            c, d, other, _ = spans[j]
            if d >= b and other != code and (d - c) > (b - a):
                inside = True
                break
            if a - c > 400:
                break
        if not inside:
            for c, d, other, _ in spans[i + 1 :]:
                if c > a:
                    break
                if d >= b and other != code and (d - c) > (b - a):
                    inside = True
                    break
        if not inside:
            out.append((a, b, code, problem))
    return out


class _Scanner:
    """Whole-text scans (cues, anchors) shared by every sentence of one document."""

    def __init__(self, doc: Document, mentions: Sequence[Mention]) -> None:
        self.text = doc.text
        vocab = load_cues()
        self.vocab = vocab
        low = doc.text.lower()
        if len(low) != len(doc.text):  # a few characters change length when lower-cased
            low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in doc.text)
        spans: list[tuple[int, int, str, bool]] = []
        anchors: list[int] = []
        stems = vocab.stems
        patterns = vocab.patterns
        weak = vocab.weak_patterns or {}
        weak_spans: set[tuple[int, str]] = set()
        self.weak_spans = weak_spans
        for hit in vocab.prefilter.finditer(low):
            pos = hit.start()
            word = hit.group(0)
            codes = stems.get(word, frozenset())
            if len(word) > 3:
                codes = codes | stems.get(word[:3], frozenset())
            for code in codes:
                if code == _ANCHOR_CODE:
                    if _ANCHOR_LOW.match(low, pos):
                        anchors.append(pos)
                    continue
                m = patterns[code].match(low, pos)
                if m:
                    spans.append((pos, m.end(), code, m.group("problem") is not None))
                    wp = weak.get(code)
                    if wp is not None and m.group("cue") is not None and wp.match(m.group(0)):
                        weak_spans.add((pos, code))
        spans.sort()
        self.cue_spans = _drop_contained(spans)
        self.cue_starts = [s[0] for s in self.cue_spans]
        self.anchors = anchors
        # a UN peace operation named in the text is an anchor too
        anchors.extend(m.start for m in mentions if m.entity.type == "Mission")
        anchors.sort()
        ms = sorted(mentions, key=lambda m: (m.start, m.end))
        self.mentions = ms
        self.mention_starts = [m.start for m in ms]

    def sentence(self, start: int, end: int) -> _Sentence:
        lo = bisect.bisect_left(self.cue_starts, start)
        hi = bisect.bisect_left(self.cue_starts, end)
        cue_spans = [s for s in self.cue_spans[lo:hi] if s[1] <= end]
        lo = bisect.bisect_left(self.mention_starts, start)
        hi = bisect.bisect_left(self.mention_starts, end)
        mentions = [m for m in self.mentions[lo:hi] if m.end <= end]
        priorities: dict[str, bool] = {}
        if cue_spans and self.in_context(start, end):
            if self.weak_spans and not self.near_context(start, end):
                cue_spans = [c for c in cue_spans if (c[0], c[2]) not in self.weak_spans]
            for _, _, code, problem in cue_spans:
                priorities[code] = priorities.get(code, False) or not problem
        else:
            cue_spans = []
        return _Sentence(start, end, priorities, cue_spans, mentions)

    def near_context(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.anchors, start - NEAR_WINDOW)
        return i < len(self.anchors) and self.anchors[i] <= end + NEAR_WINDOW

    def in_context(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.anchors, start - ANCHOR_WINDOW)
        return i < len(self.anchors) and self.anchors[i] <= end + ANCHOR_WINDOW


def _has_targets(sent: _Sentence) -> bool:
    return bool(sent.priorities) or any(m.entity.type in _TARGET_TYPES for m in sent.mentions)


def _targets(sent: _Sentence, vocab: CueVocabulary, text: str) -> list[EntityRef]:
    """Priorities (cues and related initiatives), then initiatives, resolutions, missions.

    An initiative or resolution only commemorated ("the twentieth anniversary of resolution
    1325") is background, not a target.
    """
    codes = list(sent.priorities)
    entities: list[EntityRef] = []
    for m in sent.mentions:
        if m.entity.type not in _TARGET_TYPES:
            continue
        if _BACKGROUND.search(text[max(sent.start, m.start - 40) : m.start]):
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


def _main_clause(text: str) -> int:
    """Offset, in ``text`` (one sentence), of the start of the main clause."""
    stripped = text.lstrip("*#[( \t")
    off = len(text) - len(stripped)
    m = _INTRO.match(stripped)
    return off + (m.end() if m else 0)


def _subject_actor(
    doc_text: str, sent: _Sentence, clause_start: int
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
        return mention.entity, limit
    # "The UN's action plan identifies ...": the possessor is the actor
    m = _POSSESSIVE_SUBJECT.match(head)
    if m:
        ref = _resolve_actor(m.group(1))
        if ref is not None and ref.type in _ACTOR_TYPES:
            end = clause_start + m.end()
            m2 = _SUBJECT_END.search(doc_text, end, min(sent.end, end + 160))
            return ref, m2.start() if m2 else sent.end
    return None, limit


def _resolve_actor(name: str) -> EntityRef | None:
    try:
        from peacekg.loaders.entities import resolve_actor
    except ImportError:  # pragma: no cover - the entity linker is part of the package
        return None
    try:
        return resolve_actor(name)
    except Exception:  # pragma: no cover - a failing lookup is no actor
        return None


def _opposed(doc_text: str, sent: _Sentence, targets: Sequence[EntityRef]) -> set[EntityRef]:
    """Targets the sentence's actor wants reduced, cut, deprioritised, rejected or opposed."""
    text = doc_text[sent.start : sent.end]
    out: set[EntityRef] = set()
    triggers: list[tuple[int, int]] = []
    for m in _OPPOSE.finditer(text):
        triggers.append((m.start(), m.end()))
    for m in _REDUCE.finditer(text):
        before = text[: m.start()]
        if _NEGATION.search(before):
            continue  # "should not be cut": keeping it, i.e. support
        if not _DESIRE.search(before):
            continue  # a reported reduction, not the actor's wish
        triggers.append((m.start(), m.end()))
    if not triggers:
        return out
    for _t_start, t_end in triggers:
        clause_end = len(text)
        stop = re.search(r"[;.]|\bbut\b|\bwhile\b|\bwhereas\b", text[t_end:])
        if stop:
            clause_end = t_end + stop.start()
        clause_end = min(clause_end, t_end + 250)
        for c_start, _c_end, code, problem in sent.cue_spans:
            rel = c_start - sent.start
            if problem or not (t_end <= rel < clause_end):
                continue
            if _HARM_NOUN.search(text[t_end:rel]):
                continue
            out.add(_priority_ref(code))
        for mention in sent.mentions:
            rel = mention.start - sent.start
            if (
                mention.entity.type in ("Initiative", "Resolution")
                and t_end <= rel < clause_end
                and not _HARM_NOUN.search(text[t_end:rel])
            ):
                out.add(mention.entity)
    return {t for t in out if t in targets}


def _wished_reduction(text: str) -> bool:
    """Whether the sentence wishes something reduced (not negated, not reported)."""
    if _OPPOSE.search(text):
        return True
    for m in _REDUCE.finditer(text):
        before = text[: m.start()]
        if _DESIRE.search(before) and not _NEGATION.search(before):
            return True
    return False


def _stance(text: str, first_person: bool) -> str:
    """The stance of a backing sentence (not an opposition)."""
    if first_person and _PLEDGE_FORM.search(text):
        return "Pledge"
    if first_person and _CONTRIBUTION_FORM.search(text):
        return "Contribution"
    if _STANCE_RE["CallForAction"].search(text):
        return "CallForAction"
    if _STANCE_RE["Pledge"].search(text):
        return "Pledge"
    if _STANCE_RE["Contribution"].search(text):
        return "Contribution"
    return "Support"


def _contributes(
    doc_text: str, sent: _Sentence, actor: EntityRef, stance: str, agent_at: int | None
) -> list[EntityRef]:
    """Missions receiving the actor's personnel, units, funds or assets in this sentence."""
    if stance not in ("Pledge", "Contribution") or _un_system(actor):
        return []
    missions = [m for m in sent.mentions if m.entity.type == "Mission"]
    if not missions:
        return []
    text = doc_text[sent.start : sent.end]
    verb = None
    for m in _RESOURCE_VERB.finditer(text):
        # the agent (the actor, named or in the first person) comes before the verb
        if agent_at is not None and sent.start + m.start() < agent_at:
            continue
        window = text[max(0, m.start() - 60) : m.end()]
        if _AGENTLESS_PASSIVE.search(window) and not _FIRST_PERSON.search(window):
            continue
        verb = m
        break
    if verb is None or not _ASSET.search(text):
        return []
    out: list[EntityRef] = []
    for m in missions:
        if m.entity not in out:
            out.append(m.entity)
    return out


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
    return any(a.type == s.type and a.key == s.key for s in speakers)


def _commitments_for_sentence(
    doc: Document,
    scanner: _Scanner,
    sent: _Sentence,
    speakers: Sequence[EntityRef],
    statement: Statement | None,
    prev: _Sentence | None,
) -> list[Commitment]:
    s_text = doc.text[sent.start : sent.end]
    if _HEADING_LINE.match(s_text):
        return []  # "Statement by ..., Name": a heading, not a stance
    out = _stance_commitments(doc, scanner, sent, speakers, statement, prev)
    if _past_only(s_text, doc.date):
        for c in out:
            c.contributes_to = []  # a deployment of long ago is history, not a contribution
    if _THANKS.match(s_text) or _THANKS.match(s_text[_main_clause(s_text) :]):
        return out
    for actor, missions in _mission_contributions(doc, sent, speakers).items():
        host = next(
            (c for c in out if c.actor == actor and c.stance in ("Pledge", "Contribution")), None
        )
        if host is not None:
            host.contributes_to.extend(m for m in missions if m not in host.contributes_to)
            continue
        out.append(
            Commitment(
                actor=actor,
                stance="Pledge" if _PLEDGE_FORM.search(s_text) else "Contribution",
                targets=list(missions),
                evidence=s_text,
                start=sent.start,
                end=sent.end,
                statement=statement.index if statement is not None else None,
                quantities=find_quantities(s_text),
                contributes_to=list(missions),
            )
        )
    return out


def _stance_commitments(
    doc: Document,
    scanner: _Scanner,
    sent: _Sentence,
    speakers: Sequence[EntityRef],
    statement: Statement | None,
    prev: _Sentence | None,
) -> list[Commitment]:
    text = doc.text
    s_text = text[sent.start : sent.end]
    clause = _main_clause(s_text)
    main = s_text[clause:]
    if _THANKS.match(main) or _THANKS.match(s_text):
        return []
    ev_start = sent.start
    borrowed_from_prev: list[EntityRef] = []
    targets = _targets(sent, scanner.vocab, text)
    # an anaphoric object borrows the previous sentence's targets
    if prev is not None and _ANAPHOR.search(s_text):
        prev_targets = _targets(prev, scanner.vocab, text)
        borrowed = [
            t
            for t in prev_targets
            if t not in targets and (not targets or t.type in ("Initiative", "Resolution"))
        ]
        if borrowed:
            targets += borrowed
            borrowed_from_prev = borrowed
            ev_start = prev.start
    if not targets:
        return []

    first_at = _first_person_at(s_text, doc.kind)
    first_person = first_at is not None and bool(speakers)
    subject, limit = _subject_actor(text, sent, sent.start + clause)
    call = bool(_STANCE_RE["CallForAction"].search(s_text))
    actors: list[EntityRef]
    agent_at: int | None = None
    if (
        subject is not None
        and speakers
        and (
            _same_actor(subject, speakers)
            or (_un_system(subject) and all(_un_system(s) for s in speakers))
            or _delivers(subject, statement)
        )
    ):
        # the speaker named in the third person ("Estonia will ...", "the United Nations
        # remains committed" said by a UN department)
        actors, first_person, agent_at = list(speakers), True, sent.start + clause
    elif subject is not None and _THIRD_PARTY_STANCE.match(text, limit, sent.end):
        # a named actor with its own stance verb: "Indonesia deployed", "X identifies"
        actors, first_person, agent_at = [subject], True, sent.start + clause
    elif speakers and (subject is None or call or first_person):
        # the speaker's own words; an obligation laid on someone is the speaker's call
        actors = list(speakers)
        if first_at is not None:
            agent_at = sent.start + first_at
    else:
        return []
    has_cue = bool(_ANY_STANCE.search(s_text))
    if not has_cue and _topic_only(text, sent, targets):
        return []  # "I listened to the briefing on triangular partnerships": a theme
    # a stance needs the first person, a stance cue, or a judgement of a named initiative
    if not first_person and not has_cue:
        head_targets = any(
            m.entity.type in ("Initiative", "Resolution") and m.start < limit for m in sent.mentions
        )
        if not (head_targets and _POSITIVE_EVAL.search(main)):
            return []
    opposed = _opposed(text, sent, targets)
    if borrowed_from_prev and _wished_reduction(s_text):
        # "Such tasks should be reduced": the reduction's object is the previous sentence's
        opposed |= {t for t in borrowed_from_prev if t.type == "Priority"}
    backed = [t for t in targets if t not in opposed]
    stance = _stance(s_text, first_person or subject is not None)
    quantities = find_quantities(s_text)
    dates = find_dates(s_text, doc.date)
    out: list[Commitment] = []
    index = statement.index if statement is not None else None
    evidence = text[ev_start : sent.end]
    for actor in actors:
        if actor.type not in _ACTOR_TYPES:
            continue
        if backed:
            out.append(
                Commitment(
                    actor=actor,
                    stance=stance,
                    targets=list(backed),
                    evidence=evidence,
                    start=ev_start,
                    end=sent.end,
                    statement=index,
                    quantities=list(quantities),
                    date=dates[0] if dates else None,
                    contributes_to=_contributes(text, sent, actor, stance, agent_at),
                )
            )
        if opposed:
            out.append(
                Commitment(
                    actor=actor,
                    stance="Opposition",
                    targets=[t for t in targets if t in opposed],
                    evidence=evidence,
                    start=ev_start,
                    end=sent.end,
                    statement=index,
                )
            )
    return out


def _topic_only(text: str, sent: _Sentence, targets: Sequence[EntityRef]) -> bool:
    """Whether every target is only the topic of an event or a text ("the briefing on X", "a
    report about Y"), which names a theme, not the actor's stance."""
    starts: list[int] = [c[0] for c in sent.cue_spans]
    starts += [m.start for m in sent.mentions if m.entity in targets and m.entity.type != "Mission"]
    if not starts:
        return False
    return all(_TOPIC_OF.search(text, max(sent.start, p - 80), p) for p in starts)


def _uncovered(length: int, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of ``[0, length)`` outside ``spans``."""
    out = []
    pos = 0
    for a, b in sorted(spans):
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < length:
        out.append((pos, length))
    return out


def extract_commitments(doc: Document, mentions: list[Mention]) -> list[Commitment]:
    """The commitments of ``doc``: actor, stance, targets, evidence, quantities, date, missions.

    ``mentions`` are the document's entity mentions (``find_mentions(doc)``); statements
    come from ``doc.statements`` (speaker attribution). Statements of kind
    ``"participation"`` have no text of their own; text outside every statement yields only
    commitments with an explicit actor ("The UN's action plan identifies ..."). See the
    module documentation for the rules.
    """
    if not doc.text:
        return []
    scanner = _Scanner(doc, mentions)
    out: list[Commitment] = []
    regions: list[tuple[int, int, Statement | None]] = [
        (st.start, st.end, st) for st in doc.statements if st.kind != "participation"
    ]
    covered = [(st.start, st.end) for st in doc.statements]
    regions += [(a, b, None) for a, b in _uncovered(len(doc.text), covered)]
    regions.sort(key=lambda r: (r[0], r[1]))
    candidates = sorted(
        {s[0] for s in scanner.cue_spans}
        | {m.start for m in scanner.mentions if m.entity.type in _TARGET_TYPES}
    )
    for start, end, statement in regions:
        speakers = list(statement.speakers) if statement is not None else []
        lo = bisect.bisect_left(candidates, start)
        hi = bisect.bisect_left(candidates, end)
        for w_start, w_end in _windows(doc.text, candidates[lo:hi], start, end):
            prev: _Sentence | None = None
            for s, e in _split(doc.text, w_start, w_end):
                sent = scanner.sentence(s, e)
                if _has_targets(sent) or (prev is not None and _has_targets(prev)):
                    out.extend(
                        _commitments_for_sentence(doc, scanner, sent, speakers, statement, prev)
                    )
                prev = sent
    return out


_UNIT_END = '.!?:;"”’)]'
_MAX_WINDOW = 4000


def _windows(text: str, positions: Sequence[int], lo: int, hi: int) -> list[tuple[int, int]]:
    """Spans of text to split into sentences: the lines around each position, extended over
    hard-wrapped lines (a line not ending a sentence), merged when they touch. Only these
    are split, so the cost follows the candidate sentences, not the document."""
    out: list[tuple[int, int]] = []
    for pos in positions:
        if out and pos < out[-1][1]:
            continue
        a = text.rfind("\n", lo, pos) + 1 or lo
        a = max(a, lo)
        while a > lo and pos - a < _MAX_WINDOW:
            prev_end = a - 1  # the newline before the line
            prev_start = max(lo, text.rfind("\n", lo, prev_end) + 1)
            prev_line = text[prev_start:prev_end].rstrip()
            if not prev_line or prev_line[-1] in _UNIT_END:
                break
            a = prev_start
        b = text.find("\n", pos, hi)
        b = hi if b < 0 else b
        while b < hi and b - pos < _MAX_WINDOW:
            line = text[max(a, text.rfind("\n", a, b) + 1) : b].rstrip()
            nxt = text.find("\n", b + 1, hi)
            nxt = hi if nxt < 0 else nxt
            if not line or line[-1] in _UNIT_END or not text[b + 1 : nxt].strip():
                break
            b = nxt
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
