"""Contributions to missions (``contributes_to``): missions that receive an actor's resources.

Two readings, each needing missions mentioned in the sentence:

* :func:`_contributes`: a ``Pledge`` or ``Contribution`` whose agent (the actor, named or in the
  first person, not an agentless passive) provides personnel, units, funds or assets;
* :func:`_mission_contributions`: personnel with their owner ("our contingents serve in",
  "Indonesian peacekeepers deployed in"), a subject with a verb of giving ("we have deployed
  200 troops to") or a contributor ("one of the largest contributors to"), followed by a
  list of missions.

UN-system actors deploy but do not contribute; a mission's host state (the registry's
``hosts``) is not its contributor (:func:`_hosts`); a deployment dated years before the
document, with nothing current in the sentence, is history (:func:`_past_only`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from peacekg.loaders.commitments.actors import (
    _ACTOR_TYPES,
    _FIRST_PERSON,
    _same_actor,
    _un_system,
)
from peacekg.loaders.commitments.quantities import _UNIT_WORDS
from peacekg.loaders.commitments.scanner import Place, _Sentence
from peacekg.loaders.lexicon import SELF_NOUNS, words
from peacekg.loaders.model import Document, EntityRef, Mention
from peacekg.ontology.reference import Reference, mission_places

# --- a stance that provides resources: "we will deploy 200 troops to UNMISS" --------------

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


def _hosts(actor: EntityRef, mission: EntityRef, reference: Reference) -> bool:
    """Whether ``actor`` is a host state of ``mission`` (the registry's ``hosts``)."""
    if actor.type != "State":
        return False
    record = reference.get("Mission", mission.key)
    return record is not None and actor.key in record.data.get("hosts", "").split(";")


def _contributes(
    doc_text: str,
    sent: _Sentence,
    actor: EntityRef,
    stance: str,
    agent_at: int | None,
    reference: Reference,
) -> list[EntityRef]:
    """Missions receiving the actor's personnel, units, funds or assets in this sentence."""
    if stance not in ("Pledge", "Contribution") or _un_system(actor, reference):
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
    for mission in missions:
        if mission.entity not in out and not _hosts(actor, mission.entity, reference):
            out.append(mission.entity)
    return out


# --- contributions named by their personnel: "our contingents serve in ..." ---------------

#: Nouns of deployable personnel, units and assets (the things a contributor provides).
_PERSONNEL_NOUN = re.compile(
    r"\b(?:troops|peacekeepers|blue helmets|contingents?|battalions?|units?|compan(?:y|ies)"
    r"|platoons?|personnel|soldiers|police(?: officers)?|gendarmes?|officers|observers"
    r"|forces|army|navy|air force|gendarmerie|ships?|vessels?|corvettes?|frigates?|boats"
    r"|helicopters?|aircraft|engineers|sappers|deminers|pilots|crews?|infantry|marines|medics"
    r"|(?:medical|engineering|police) teams?|hospitals?|participation"
    r"|task forces?|men and women|women and men|sons and daughters)\b",
    re.IGNORECASE,
)
# between an owner and its personnel noun ("our two engineering companies", "Ghana Armed
# Forces", "India's contingents"): up to three content words, no function words
# ("Chinese engineering and medical units": "and" between two lower-case words)
_OWNER_GAP = re.compile(
    r"(?:['’]s)?(?:\s+(?!(?:for|to|of|with|in|on|by|from|at|the|a|an|and|or|who|which|that"
    r"|whose|is|are|was|were|has|have|had|will|would|be|been|not|no|thank\w*|support\w*)\b)"
    r"[\w'’.-]+|(?<=[a-z])\s+and(?=\s+[a-z])){0,4}\s+",
    re.IGNORECASE,
)
# the owner's contribution, then what it consists of: "our contribution of a transport
# aircraft", "his country's contributions, including a field hospital"
_CONTRIBUTION_GAP = re.compile(
    r"(?:\s+[\w-]+){0,2}?\s+contributions?,?\s+(?:of|including|comprising|in\s+the\s+form\s+of)"
    r"(?:\s+(?:a|an|the|some|about|over|nearly|almost|more\s+than|[\d,.]+))*"
    r"(?:\s+[\w'’.-]+){0,3}?\s+",
    re.IGNORECASE,
)
_OWNER_FIRST = re.compile(
    r"\b(?:our|my)(?: own)?(?: (?:country|nation|government)['’]s)?\b", re.IGNORECASE
)
# "its" of a paragraph opened by a state, in a summary of pledges outside any statement: "7.
# Rwanda confirmed ... It will maintain its infantry battalions in Darfur"
_OWNER_ITS = re.compile(r"\b(?:its|it['’]s)(?: own)?\b")
_SUBJECT_IT = re.compile(r"(?:^|[.;]\s+)It\s*$")
# third-person possessive of a press release's speaker: "his country's troops"
_OWNER_THIRD = re.compile(
    r"\b(?:his|her|its|their) (?:own )?(?:country|nation|government)['’]s", re.IGNORECASE
)
# after a list of missions: "... in Mali were part of his country's contribution"
_PART_OF = re.compile(
    r"[\s,]*(?:(?:were|was|are|is|form(?:s|ed)?|remain(?:s|ed)?|constitute[sd]?)\s+)"
    r"(?:\w+\s+)?part\s+of\s+(?P<owner>(?:our|my)(?:\s+own)?"
    r"|(?:his|her|its|their)\s+(?:own\s+)?(?:country|nation|government)['’]s"
    r"|[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3}['’]s)\s+(?:[\w-]+\s+){0,2}?contributions?\b",
    re.IGNORECASE,
)
_OWNER_FROM = re.compile(r"^\s+(?:of|from)\s+(?:the\s+)?", re.IGNORECASE)
_FROM_US = re.compile(r"^\s+from\s+(?:my|our)\s+(?:own\s+)?(?:country|nation)\b", re.IGNORECASE)
# a verb by which the subject provides personnel or assets
_GIVE_VERB = re.compile(
    r"\b(?:deploy(?:s|ed|ing)?|sen(?:d|ds|ding|t)|contribut(?:e|es|ed|ing)|provid(?:e|es|ed"
    r"|ing)|dispatch(?:es|ed|ing)?|station(?:s|ed|ing)?|field(?:s|ed|ing)?|rotat(?:e|es|ed|ing)"
    r"|commit(?:s|ted|ting)?|pledg(?:e|es|ed|ing)|maintain(?:s|ed|ing)?|keep(?:s|ing)?|kept|ha(?:ve|s|d))\b",
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
_SUBJECT_FIRST = re.compile(rf"\b(?:we|I|(?:my|our) {words(SELF_NOUNS)})\s*$", re.IGNORECASE)
_SUBJECT_THIRD = re.compile(rf"\b(?:he|she|(?:his|her|its) {words(SELF_NOUNS)})\s*$", re.IGNORECASE)
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


# "in Mali", "to the Central African Republic", "on the Golan Heights", "in south Lebanon":
# the place a mission is named by
_IN_PLACE = re.compile(
    r"\b(?:in|to|on)\s+(?:the\s+)?(?:(?:south|southern|north|northern|east|eastern|west"
    r"|western|central)\s+)?$",
    re.IGNORECASE,
)
# the next place of a list ("in Lebanon and South Sudan", "in Mali, the Central African
# Republic and ...", "in Darfur, on the Golan Heights"): it is named by "in" too
_NEXT_PLACE = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:(?:in|on)\s+)?(?:the\s+)?", re.IGNORECASE
)
_HAVE = frozenset({"have", "has", "had"})
# what "have" holds, right after it: "have 450 troops", "has a battalion", "have some of our
# engineers"
_HELD = re.compile(
    r"\s+(?:(?:about|some|nearly|almost|over|more\s+than|a|an|one|two|three|four|five|six"
    r"|seven|eight|nine|ten|several|many|[\d,.]+|of|our|its|their|own)\s+){0,4}"
    r"(?:(?!(?:about|on|with|for|in|to|at|over|regarding|concerning|against)\b)[\w-]+\s+){0,2}?"
    + _PERSONNEL_NOUN.pattern,
    re.IGNORECASE,
)
_A_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# "where it has served since 2004": a service that goes on, not history (unlike "since
# 1960, when our soldiers deployed to the Congo")
_SINCE = re.compile(r"\b(?:has|have)\s+(?:\w+\s+){1,2}since\s+$", re.IGNORECASE)
#: (entity, start, end, its own operation, shared with other hosts, territory)
_Hosted = tuple[EntityRef, str, str, bool, bool, str]
_PLACE_CACHE: dict[int, tuple[dict[str, list[_Hosted]], re.Pattern[str]]] = {}


def _peacekeeping_hosts(reference: Reference) -> dict[str, list[_Hosted]]:
    """Host state -> the peacekeeping operations it hosted: entity, start, end ("YYYY-MM"),
    whether it is the state's own (its only host, over the whole country: no ``territory``
    such as Golan or Darfur), whether it is shared with other host states, and its
    territory. Operations over a territory and no state (MINURSO) are listed under ``""``."""
    return _place_tables(reference)[0]


def place_names(reference: Reference) -> re.Pattern[str]:
    """One pattern of the places that name an operation's area without naming its state
    (``mission_places``: "Darfur", "Golan Heights", "Bangui"); a match is a place when no
    word character touches it on the left."""
    return _place_tables(reference)[1]


def _place_tables(reference: Reference) -> tuple[dict[str, list[_Hosted]], re.Pattern[str]]:
    found = _PLACE_CACHE.get(id(reference))
    if found is None:
        hosted: dict[str, list[_Hosted]] = {}
        for m in reference.missions:
            if m.data.get("kind") != "peacekeeping":
                continue
            entity = EntityRef("Mission", m.key, m.label)
            hosts = [h for h in m.data.get("hosts", "").split(";") if h] or [""]
            territory = m.data.get("territory", "")
            own = len(hosts) == 1 and not territory
            for host in hosts:
                hosted.setdefault(host, []).append(
                    (entity, m.data.get("start", ""), m.data.get("end", ""), own,
                     len(hosts) > 1, territory)
                )  # fmt: skip
        names = sorted(mission_places(), key=len, reverse=True)
        pattern = re.compile(rf"(?:{'|'.join(re.escape(n) for n in names)})(?![\w-])")
        found = _PLACE_CACHE[id(reference)] = (hosted, pattern)
    return found


def document_places(text: str, reference: Reference) -> list[Place]:
    """The places of ``mission_places`` in a document's text, (start, end, state, territory)
    in order; the commitments' scanner holds them for the document's sentences."""
    table = mission_places()
    found = []
    for m in place_names(reference).finditer(text):
        at = m.start()
        if at and (text[at - 1].isalnum() or text[at - 1] in "-_"):
            continue  # inside a longer word
        state, territory = table[m.group()]
        found.append((at, m.end(), state, territory))
    return found


def _places(sent: _Sentence, reference: Reference) -> list[Place]:
    """The places of a sentence that may name an operation: (start, end, state, territory)
    of its host states' mentions and of the places of ``mission_places``."""
    hosts = _peacekeeping_hosts(reference)
    out = [
        (m.start, m.end, m.entity.key, "")
        for m in sent.mentions
        if m.entity.type == "State" and m.entity.key in hosts
    ]
    if sent.places:
        taken = [(a, b) for a, b, _, _ in out]
        out += [p for p in sent.places if not any(a <= p[0] < b for a, b in taken)]
        out.sort()
    return out


def _missions_by_place(
    text: str, sent: _Sentence, doc_date: str | None, reference: Reference
) -> list[Mention]:
    """Missions named by their place ("our police in Mali" in 2019 is MINUSMA, "in Darfur"
    UNAMID): a host state or a place of ``mission_places`` after "in", "to" or "on" (or next
    in a list of such places: "in Lebanon and South Sudan") where exactly one UN peacekeeping
    operation ran at the document's date (the registry's ``hosts``, ``territory``, ``start``
    and ``end``), or exactly one of the state's own beside operations it shares with other
    states (Lebanon: UNIFIL, not UNTSO), as a mention of that operation. A sentence that
    names a year long before the document is history, which the conventions leave optional:
    no mission by place there."""
    if not doc_date or not doc_date[:4].isdigit():
        return []
    places = _places(sent, reference)
    if not places:
        return []  # most sentences: no place to name a mission by
    when = doc_date[:7] if len(doc_date) >= 7 else doc_date[:4] + "-06"
    years = [
        int(y.group())
        for y in _A_YEAR.finditer(text, sent.start, sent.end)
        if not _SINCE.search(text, max(sent.start, y.start() - 40), y.start())
    ]
    if any(y <= int(doc_date[:4]) - 5 for y in years):
        return []  # "in 1960, when our soldiers deployed to the Congo": history, optional
    hosts = _peacekeeping_hosts(reference)
    out = []
    last_place = -1  # where the last place after "in", "to" or "on" ended
    for start, end, state, territory in places:
        listed = last_place >= 0 and bool(_NEXT_PLACE.fullmatch(text, last_place, start))
        if not listed and not _IN_PLACE.search(text, max(sent.start, start - 24), start):
            continue
        last_place = end
        running = [
            (e, own, shared)
            for e, a, b, own, shared, where in hosts.get(state, [])
            if a[:7] <= when and (not b or when <= b) and (not territory or where == territory)
        ]
        if len(running) > 1 and all(own or shared for _, own, shared in running):
            # "in Lebanon" is UNIFIL, not the regional UNTSO; "in South Sudan" UNMISS, not
            # UNISFA (Abyei, shared with Sudan): a state's own operation before shared ones
            running = [r for r in running if r[1]]
        if len(running) == 1:
            out.append(Mention(running[0][0], start, end, text[start:end]))
    return out


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
    text: str,
    pos: int,
    lo: int,
    states: Sequence[Mention],
    press: bool,
    opener: EntityRef | None = None,
) -> EntityRef | str | None:
    """Who owns the personnel noun at ``pos``: ``"speaker"``, a State, or ``None``.

    The owner stands right before the noun ("our", "Indonesian", "India's", "Ghana Armed
    Forces"), up to three content words away, or owns a contribution that the noun is part of
    ("his country's contribution of a transport aircraft"); the nearest owner wins. "its"
    is the ``opener`` of the paragraph, when one is given.
    """
    start = max(lo, pos - 80)
    best: tuple[int, EntityRef | str] | None = None
    if opener is not None:
        for m in _OWNER_ITS.finditer(text, start, pos):
            if _owns(text, m.end(), pos) and (best is None or m.end() > best[0]):
                best = (m.end(), opener)
    for rx in (_OWNER_FIRST, _OWNER_THIRD) if press else (_OWNER_FIRST,):
        for m in rx.finditer(text, start, pos):
            if _owns(text, m.end(), pos) and (best is None or m.end() > best[0]):
                best = (m.end(), "speaker")
    for state in states:
        if (
            start <= state.end <= pos
            and _owns(text, state.end, pos)
            and (best is None or state.end > best[0])
        ):
            best = (state.end, state.entity)
    return best[1] if best else None


def _owns(text: str, owner_end: int, pos: int) -> bool:
    """Whether the owner ending at ``owner_end`` owns the personnel noun at ``pos``: right
    before it ("our two engineering companies") or through its contribution ("our
    contribution of a transport aircraft")."""
    return bool(
        _OWNER_GAP.fullmatch(text, owner_end, pos)
        or _CONTRIBUTION_GAP.fullmatch(text, owner_end, pos)
    )


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


def _contribution_after(
    text: str, end: int, hi: int, states: Sequence[Mention], press: bool
) -> EntityRef | str | None:
    """The owner of personnel listed before a mission, named after it as the contributor:
    "a police team in Mali were part of his country's contribution"."""
    m = _PART_OF.match(text, end, min(hi, end + _MAX_LIST_GAP))
    if m is None:
        return None
    owner = m.group("owner")
    if _OWNER_FIRST.fullmatch(owner) or (press and _OWNER_THIRD.fullmatch(owner)):
        return "speaker"
    for st in states:
        if st.start == m.start("owner"):
            return st.entity
    return None


def _subject_of(
    text: str,
    pos: int,
    lo: int,
    states: Sequence[Mention],
    press: bool,
    opener: EntityRef | None = None,
) -> EntityRef | str | None:
    """The subject of the verb at ``pos`` when it is the speaker or a named state (or "It",
    the ``opener`` of the paragraph, when one is given)."""
    m = _AUX_TAIL.search(text, lo, pos)
    head_end = m.start() if m else pos
    head = text[lo:head_end].rstrip()
    if _SUBJECT_FIRST.search(head):
        return "speaker"
    if press and _SUBJECT_THIRD.search(head):
        return "speaker"
    if opener is not None and _SUBJECT_IT.search(text, max(lo - 2, 0), lo + len(head)):
        return opener
    for st in reversed(states):
        if st.end == lo + len(head):
            return st.entity
    return None


def _mission_contributions(
    doc: Document,
    sent: _Sentence,
    speakers: Sequence[EntityRef],
    reference: Reference,
    opener: EntityRef | None = None,
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
    takes a named state, and "it"/"its" the state that opens the paragraph (``opener``: "7.
    Rwanda confirmed ... It will maintain its battalions in Darfur"). UN-system speakers
    deploy but do not contribute. A deployment dated
    years before the document with nothing current in the sentence is history.
    """
    text = doc.text
    missions = [m for m in sent.mentions if m.entity.type == "Mission"]
    by_place = _missions_by_place(text, sent, doc.date, reference)
    missions += by_place
    missions.sort(key=lambda m: m.start)
    if not missions:
        return {}
    places = {(m.start, m.end) for m in by_place}
    states = [
        m for m in sent.mentions if m.entity.type == "State" and (m.start, m.end) not in places
    ]
    s_text = text[sent.start : sent.end]
    if _past_only(s_text, doc.date):
        return {}
    press = doc.kind == "press-release"
    if speakers:
        opener = None  # inside a statement, "its" is anyone's
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
            owner = _owner_before(text, noun.start(), region_lo, states, press, opener)
            if owner is None:
                owner = _owner_after(text, noun.end(), first.start, states)
            if owner is not None:
                break
        if owner is None:
            for verb in reversed(list(_GIVE_VERB.finditer(text, region_lo, first.start))):
                if verb.group(0).lower() in _HAVE and (
                    (first.start, first.end) in places
                    or not _HELD.match(text, verb.end(), first.start)
                ):
                    # "we have ... forces in Mali" (maybe not UN): a place wants a verb of
                    # giving; a named mission what "have" holds ("we have 450 troops in UNIFIL")
                    continue
                after = text[verb.end() : group[-1].end]
                has_asset = bool(_PERSONNEL_NOUN.search(after) or _MONEY_HINT.search(after))
                if verb.group(0).lower().startswith(("deploy", "sen", "dispatch", "station")):
                    has_asset = has_asset or not re.match(
                        r"\s+(?:a|an|the)?\s*\w*\s*message", after
                    )
                if not has_asset:
                    continue
                owner = _subject_of(text, verb.start(), lo, states, press, opener)
                if owner is not None:
                    break
        if owner is None:
            for noun in reversed(list(_CONTRIBUTOR_NOUN.finditer(text, region_lo, first.start))):
                owner = _subject_of(text, noun.start(), lo, states, press)
                if owner is not None:
                    break
        if owner is None and nouns:
            owner = _contribution_after(text, group[-1].end, sent.end, states, press)
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
            if actor.type not in _ACTOR_TYPES or _un_system(actor, reference):
                continue
            hosted = [m for m in group if not _hosts(actor, m.entity, reference)]
            if not hosted:
                continue
            got = out.setdefault(actor, [])
            for m in hosted:
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
