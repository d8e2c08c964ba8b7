"""Named programmes and institutions that the reference data does not hold.

A head word ends the name of a programme ("Programme", "Mechanism", "System" -> a minted
``Initiative``) or of an institution ("Ministry", "Office", "Centre" -> a minted
``Organization``). The name runs left over capitalised words on the same line and right over
an "of/for/on/in/to" tail ("the Casualty Tracking System", "Ministry of Defence of Ghana").
A name that turns out to be a reference entity's is linked to that entity; one covered by a
gazetteer match is left to it. A programme's name needs a word of its own ("the Programme of
Action" names none, "the Almaty Programme of Action" does), keeps possessives that belong to
it ("the Children's Life Fund") and bracketed acronyms ("(HIPC)"), and does not reach left
over "in", "to" or "on" ("Africa in the Moscow Declaration"). Two kinds of programme names
have no head word: a capitalised name before a lower-case programme noun ("the UNITE Aware
platform"; a place's name before "initiative" keeps the head: "the Caribbean Basin Initiative")
and a name with a number ("Vision 4,000 Peacekeepers", "Agenda 2063"; "the Kenya Vision 2030"
with the state that owns it). One whole name per initiative, no fragments: a name runs over
the particles of a place ("Declaration of Punta del Este", "Cartagena de Indias Declaration")
and over a word the line wrapping cut at its hyphen ("Global Counter- Terrorism Strategy" is
the Global Counter-Terrorism Strategy); a participle after the name ("the Solidarity Fund for
Southern Africa set up by ...") does not cut its tail; the world economy's systems ("the
International Monetary System") and another programme's "Implementation Mechanism" are no
programme.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from peacekg.loaders.entities.names import (
    _UPPER,
    _word_char,
    normalize_name,
)
from peacekg.loaders.lexicon import (
    CONNECTORS,
    NAME_PARTICLES,
    NAME_PREPOSITIONS,
    NOT_NAME_WORDS,
    STOP_LEFT,
    words,
)
from peacekg.loaders.model import EntityRef

__all__ = ["find_minted"]

#: Heads of named programmes (-> Initiative) and institutions (-> Organization).
_INITIATIVE_HEADS = [
    "Programme",
    "Program",
    "Initiative",
    "Mechanism",
    "Framework",
    "System",
    "Strategy",
    "Fund",
    "Declaration",
    "Toolkit",
    "Plan",
    "Policy",
    "Agenda",
    "Project",
    "Compact",
    "Pipeline",
    "Facility",
    "Roadmap",
    "Platform",
    "Doctrine",
]
_ORG_HEADS = [
    "Network",
    "Group",
    "Ministry",
    "Department",
    "Office",
    "Bureau",
    "Embassy",
    "Directorate",
    "Division",
    "Service",
    "Section",
    "Institute",
    "Agency",
    "Commission",
    "Council",
    "Committee",
    "Centre",
    "Center",
    "Academy",
    "Foundation",
    "Organization",
    "Organisation",
    "Association",
    "Secretariat",
    "Authority",
]
#: Heads that may open a name with no capitalised word before them ("Ministry of Defence").
_PREFIX_HEADS = frozenset(
    [
        "Ministry",
        "Department",
        "Office",
        "Bureau",
        "Embassy",
        "Directorate",
        "Institute",
        "Commission",
        "Council",
        "Committee",
        "Declaration",
        "Strategy",
        "Policy",
        "Programme",
        "Program",
        "Framework",
        "Plan",
        "Agenda",
    ]
)
_HEAD_RE = re.compile(
    r"(Permanent\s+Mission|Action\s+Plan|"
    + "|".join(sorted(_INITIATIVE_HEADS + _ORG_HEADS, key=len, reverse=True))
    + r")\b"
)
#: A word of a proper name: capitalised or opening with a digit ("Peace", "G20", "2030", "U.S.").
_CAPW = rf"(?:[{_UPPER}0-9][\w’'+-]*[\w+]|[{_UPPER}]|U\.S\.|U\.K\.|UN|EU|AU)"
_PREP = words(NAME_PREPOSITIONS)
#: Words that end a name of their own: left of "and" before a head, another name ends there.
_NAME_ENDS = frozenset(
    [*_INITIATIVE_HEADS, *_ORG_HEADS, "Agreement", "Agreements", "Convention", "Treaty",
     "Protocol", "Accord", "Accords", "Charter", "Covenant", "Consensus"]
)  # fmt: skip
# a list inside a name: "for Safe, Orderly and Regular Migration" (commas, then "and")
_TAIL_LIST = rf",[ \t]+{_CAPW}(?=(?:,[ \t]+{_CAPW})*,?[ \t]+and[ \t]+{_CAPW})"
#: Lower-case particles inside a place's or a person's name ("Punta del Este", "Cartagena de
#: Indias"): a name runs over them, right and left.
_PARTICLES = frozenset(NAME_PARTICLES)
_PARTICLE = words(NAME_PARTICLES)
# inside a name's tail, also "from" and "against" ("the Declaration on the Protection of All
# Persons from Enforced Disappearance") and "or" ("of Heads of State or Government of
# Non-Aligned Countries") join capitalised words
_INNER = rf"(?:(?:{_PREP}|from|against)(?:[ \t]+(?:the|a|an))?|{_PARTICLE}|and|or|&)"
_TAIL_RE = re.compile(
    rf"(?:[ \t]+{_PREP}[ \t]+(?:(?:the|a|an)[ \t]+)?{_CAPW}"
    rf"(?:{_TAIL_LIST}|[ \t]+{_INNER}?[ \t]*{_CAPW})*)+"
)
#: A capitalised word cut at a hyphen by the text's line wrapping ("Global Counter- Terrorism
#: Strategy"): part of the name, joined again in it.
_HYPHEN_CUT = re.compile(rf"{_CAPW}-")
_HYPHEN_SPACE = re.compile(r"(?<=\w)- (?=[A-Z])")
#: Capitalised names of the world economy that are no programme of anyone's ("the South-North
#: Conference on the International Monetary System").
_NOT_PROGRAMMES = frozenset(
    f"{a}{b} System"
    for a in ("", "International ", "Multilateral ", "Global ", "World ")
    for b in ("Monetary", "Financial", "Trading", "Trade", "Economic", "Monetary and Financial")
)
_LEFT_TOKEN = re.compile(r"\S+")
#: Titles that end an institution's name on the left ("Representative of the X Secretariat").
_ROLE_LEFT = frozenset(
    [
        "Representative",
        "Representatives",
        "Director",
        "Minister",
        "Head",
        "Chief",
        "Adviser",
        "Advisor",
        "Officer",
        "Coordinator",
        "Ambassador",
        "President",
        "Chair",
        "Chairperson",
        "Member",
        "Members",
        "Secretary",
        "Envoy",
        "Commissioner",
        "Spokesperson",
        "Delegate",
    ]
)
_NAME_GOES_ON = re.compile(rf"[ \t]+(?!(?:The|A|An|In|On|At|By|For|To|Of|And)\b){_CAPW}")
_TAIL_CHUNK = re.compile(rf"[ \t]+(?P<c>{_PREP})[ \t]+")
_LOWER_NEXT = re.compile(
    r"[ \t]+(?!(?:and|or|of|for|on|in|to|the|a|an|is|are|was|were|has|have"
    r"|had|will|would|which|that|who|with|by|at|as|from|since|during|under|through)\b)"
    # a participle after the name ("the Solidarity Fund for Southern Africa set up by", "the
    # Development Fund for the Overseas Territories provided for") does not modify the tail
    r"(?![a-z]+ed\b|(?:set|made|held|led|put|known|given|taken|drawn|laid|run|begun|done"
    r"|seen|shown|built|brought|sent|agreed|won|paid)\b)[a-z]"
)
# "the UNITE Aware platform": a capitalised name before a lower-case programme noun (the
# nouns are found with str.find, the name with a regex anchored at the noun)
_LOWER_HEADS = (" platform", " programme", " initiative")
_LOWER_HEAD_NAME = re.compile(rf"\bthe[ \t]+(?P<name>(?:{_CAPW}[ \t]+){{0,3}}{_CAPW})$")
# "Vision 4,000 Peacekeepers", "Agenda 2063": a programme named with a number
_NUMBER_HEADS = ("Vision ", "Agenda ")
_NUMBERED_NAME = re.compile(r"[A-Z][a-z]+[ \t]+\d[\d,.]*\d(?:[ \t]+[A-Z][a-z][\w-]*){0,3}")
# the last words of a place's name: before a lower-case "initiative", the place does not name
# the initiative alone
_PLACE_WORDS = frozenset(
    ["Basin", "Region", "Sea", "Ocean", "Gulf", "Coast", "Horn", "Peninsula", "Islands", "Lakes",
     "Valley", "Corridor", "Rim", "Sahel", "Caribbean", "Pacific", "Mediterranean"]
)  # fmt: skip
# the capitalised word before a numbered programme's name, its owner if a state ("Kenya")
_OWNER_LEFT = re.compile(r"(?<![\w-])(?P<w>[A-Z][a-z]+)[ \t]+$")
# possessives that belong to a programme's name ("the Children's Life Fund")
_NAME_POSSESSIVES = frozenset(
    ["Children's", "Women's", "People's", "Men's", "Youth's", "Peoples'", "Workers'",
     "Nations'", "Veterans'", "Farmers'"]
)  # fmt: skip
_ACRONYM_IN_BRACKETS = re.compile(r"\([A-Z][A-Z0-9&-]{1,9}\)")
# connectors that never join the words left of a head into its name
_LEFT_STOP_CONNECTORS = frozenset({"in", "to", "on"})
# words that do not, alone, make a programme's name ("the Programme of Action", "the New
# Agenda", "the Economic Declaration", "a Declaration of Intent", "Own Agenda" cut from "Our
# Own Agenda", "the Political Declaration", "the Declaration of Commitment", "the Programme
# for Economic Recovery" name whichever programme the text is about)
_GENERIC_NAME_WORDS = frozenset(
    [*_INITIATIVE_HEADS, "Action", "New", "Priority", "Global", "General", "Special", "Common",
     "Joint", "National", "Regional", "International", "Comprehensive", "Integrated", "UN",
     "United", "Nations", "Final", "Relevant", "Present", "Current", "Trust", "Conference",
     "Assembly", "Summit", "Session", "Meeting", "Establishment", "Implementation", "Economic",
     "Intent", "Own", "Political", "Commitment", "Commitments", "Recovery"]
)  # fmt: skip
# an adjective of a people or a region ("the Arab initiative", "the Central Asian
# initiative") names whose initiative it is, not the initiative
_ADJECTIVE_NAME = re.compile(r"(?:[A-Z][a-z]+[ \t]+)*[A-Z][a-z]+(?:an|ese|ic|ish|i)")
# a name cut where its object begins: "the Declaration of Principles Governing the Sea-Bed",
# "the Programme of Action to Prevent, Combat and Eradicate the Illicit Trade": a participle or
# a verb after "to" ends the capitalised words, its object follows after an article
_CUT_BEFORE_OBJECT = re.compile(r"[ \t\n]+(?:the|a|an)[ \t\n]+\w")
_GOVERNING_WORD = re.compile(r"(?:[A-Z][a-z]+ing|to [A-Z][a-z]+(?:(?:,| and) [A-Z][a-z]+)*)$")
_PART_NUMBER = re.compile(r"[IVXLC]+|\d+|Chapter|Article|Section|Part|Paragraph|Annex")
# the words after an organisation's name that name its own office, not another body
_OWN_SECRETARIAT = re.compile(r"[ \t]+(?:International[ \t]+)?Secretariat")


def find_minted(
    text: str,
    cands: list[tuple[int, int, EntityRef, str, bool]],
    lookup: Callable[[str], EntityRef | None],
) -> list[tuple[int, int, EntityRef, str, bool]]:
    """Named programmes and institutions that the reference data does not hold.

    ``cands`` are the candidate mentions found so far (those from the gazetteer, source
    ``"gaz"``, cover the names they hold); ``lookup`` finds the reference entity a name
    denotes. Returns new candidates: ``"minted"`` entities, or ``"gaz"`` ones for names that
    a reference entity bears.
    """
    out: list[tuple[int, int, EntityRef, str, bool]] = []
    gaz = sorted(c for c in cands if c[3] == "gaz")
    gaz_starts = [c[0] for c in gaz]
    for m in _HEAD_RE.finditer(text):
        head = m.group(1)
        hs, he = m.span(1)
        if (hs and _word_char(text[hs - 1])) or (he < len(text) and _word_char(text[he])):
            continue
        # a head inside a reference name ("Security Council") needs no minting
        k = bisect.bisect_right(gaz_starts, hs) - 1
        if k >= 0 and gaz[k][1] >= he and gaz[k][2].type != "State":
            continue
        # left: capitalised words (and connectors between them), same line
        s = hs
        window = text[max(0, hs - 160) : hs]
        toks = list(_LEFT_TOKEN.finditer(window))
        base = hs - len(window)
        accepted: list[tuple[int, str]] = []
        rev = list(reversed(toks))
        for j, t in enumerate(rev):
            gap = text[base + t.end() : (accepted[-1][0] if accepted else hs)]
            if "\n" in gap:
                break
            w = t.group()
            if w == "the" and (j + 1 >= len(rev) or rev[j + 1].group() not in CONNECTORS):
                break  # "the" only after "of", "for"...: "Ministry of X and the Y Division"
            if w in ("and", "&") and accepted and accepted[-1][1] == "the":
                break
            if w in ("and", "&") and j + 1 < len(rev) and rev[j + 1].group() in _NAME_ENDS:
                break  # "the Paris Agreement and Long-Term Strategy": two names, not one
            if w in _LEFT_STOP_CONNECTORS:
                break  # "Africa in the Moscow Declaration": the name is "Moscow Declaration"
            if w in CONNECTORS or (w in _PARTICLES and accepted):
                accepted.append((base + t.start(), w))
                continue
            if _HYPHEN_CUT.fullmatch(w) and gap == " ":
                accepted.append((base + t.start(), w))
                continue
            if _ACRONYM_IN_BRACKETS.fullmatch(w) and accepted:
                # "the Heavily Indebted Poor Countries (HIPC) Debt Initiative"
                accepted.append((base + t.start(), w))
                continue
            if (
                w in STOP_LEFT
                or w in _ROLE_LEFT
                or not re.fullmatch(_CAPW, w)
                or (w.endswith(("'s", "’s")) and w.replace("’", "'") not in _NAME_POSSESSIVES)
            ):
                break  # "the Secretary-General's Fund": the possessor is another entity
            accepted.append((base + t.start(), w))
        while accepted and (accepted[-1][1] in CONNECTORS or accepted[-1][1] in _PARTICLES):
            accepted.pop()
        if accepted:
            s = accepted[-1][0]
        s = _after_named(text, s, hs, gaz, gaz_starts)
        if _NAME_GOES_ON.match(text, he):
            continue  # "Framework Convention on ...": the head is not the last word
        tail = _TAIL_RE.match(text, he)
        e = tail.end() if tail else he
        if tail:
            e = _trim_tail(text, he, e, head.split()[0] in _ORG_HEADS)
        if s == hs and (e == he or head.split()[0] not in _PREFIX_HEADS):
            continue
        name = _HYPHEN_SPACE.sub("-", normalize_name(text[s:e]))
        if name in _NOT_PROGRAMMES:
            continue
        if head == "Permanent Mission":
            name = re.sub(r"\bto the (?:UN|U\.N\.)$", "to the United Nations", name)
            if e == he:
                continue
        typ = (
            "Organization"
            if head.split()[0] in _ORG_HEADS or head == "Permanent Mission"
            else "Initiative"
        )
        if typ == "Initiative" and not _distinctive(name):
            continue  # "the Programme of Action", "II of the Programme": not a name
        if _GOVERNING_WORD.search(name) and _CUT_BEFORE_OBJECT.match(text, e):
            continue  # "Declaration of Principles Governing" the sea-bed: a cut name
        known = lookup(name)
        if known is not None and known.type in ("Organization", "Initiative"):
            out.append((s, e, known, "gaz", False))
            continue
        # a gazetteer entity covering the head names the thing; so does a name that is
        # only a known entity plus the head ("UN System", "Indonesian Strategy")
        covered = False
        lo = bisect.bisect_left(gaz_starts, s - 200)
        hi = bisect.bisect_right(gaz_starts, e)
        for cs_, ce_, ref, _src, _ in gaz[lo:hi]:
            if ce_ <= s or cs_ >= e:
                continue
            if (
                ref.type == "Organization"
                and cs_ == s
                and e == he
                and _OWN_SECRETARIAT.fullmatch(text, ce_, e)
            ):
                # "the Challenges Forum International Secretariat": the body's own office
                out.append((s, e, ref, "gaz", False))
                covered = True
                break
            if ref.type in ("Organization", "Initiative", "Mission") and cs_ <= hs and ce_ >= he:
                covered = True
                break
            if cs_ <= s and ce_ >= hs - 1 and e == he:
                covered = True
                break
        if covered:
            continue
        out.append((s, e, EntityRef(typ, name, name), "minted", False))
    for s, e, head in _named_programmes(text):
        name = normalize_name(text[s:e])
        own = s  # where the name proper starts (a known entity there is another programme)
        if head is None:
            # a state owns a numbered programme named after it ("the Kenya Vision 2030")
            owner = _OWNER_LEFT.search(text, max(0, s - 40), s)
            known = lookup(owner.group("w")) if owner else None
            if owner and known is not None and known.type == "State":
                s, name = owner.start("w"), normalize_name(text[owner.start("w") : e])
        words = name.split()
        if words[0] in STOP_LEFT or any(w in NOT_NAME_WORDS for w in words):
            continue
        if (len(words) == 1 and not words[0].isupper()) or _ADJECTIVE_NAME.fullmatch(name):
            continue  # "the Ocean initiative" of a longer name, "the Arab initiative"
        if name.endswith(("'s", "’s")):
            continue  # "the Secretary-General's initiative" names no programme
        if head == "Initiative" and words[-1] in _PLACE_WORDS and lookup(name) is None:
            # "the Caribbean Basin initiative" is the Caribbean Basin Initiative, not a region
            name, e = f"{name} Initiative", e + len(" initiative")
        known = lookup(name)
        if known is not None:
            if known.type == "Initiative":
                out.append((s, e, known, "gaz", False))
            continue
        lo = bisect.bisect_left(gaz_starts, s - 200)
        hi = bisect.bisect_right(gaz_starts, e)
        if any(cs_ < e and ce_ > own for cs_, ce_, *_ in gaz[lo:hi]):
            continue  # a known entity's programme ("the UN Women programme")
        out.append((s, e, EntityRef("Initiative", name, name), "minted", False))
    return out


def _after_named(
    text: str,
    s: int,
    hs: int,
    gaz: list[tuple[int, int, EntityRef, str, bool]],
    gaz_starts: list[int],
) -> int:
    """Where a minted name starts when a known initiative or body and "and" stand before its
    head ("the Paris Agreement and Long-Term Development Strategy"): after the "and", so that
    two names are not merged into one."""
    lo = bisect.bisect_left(gaz_starts, s)
    for cs_, ce_, ref, _src, _ in gaz[lo:]:
        if cs_ >= hs:
            break
        if ref.type not in ("Initiative", "Organization") or ce_ > hs:
            continue
        m = re.match(r"[ \t]+(?:and|&)[ \t]+", text[ce_:hs])
        if m:
            s = ce_ + m.end()
    return s


def _distinctive(name: str) -> bool:
    """Whether a programme's name has a word of its own besides head words and generic
    qualifiers, does not open with a part number ("II of the Programme") and is not a
    possessive ("the Secretary-General's")."""
    words = [w for w in name.split() if w not in CONNECTORS]
    if not words or _PART_NUMBER.fullmatch(words[0]) or name.endswith(("'s", "’s")):
        return False
    return any(w not in _GENERIC_NAME_WORDS for w in words)


def _named_programmes(text: str) -> list[tuple[int, int, str | None]]:
    """Spans of programme names that no head word marks, with the noun after them: "the
    UNITE Aware platform" (a capitalised name before a lower-case programme noun, ``""`` when
    plural) and "Vision 4,000 Peacekeepers" (a programme named with a number: ``None``)."""
    out: list[tuple[int, int, str | None]] = []
    for noun in _LOWER_HEADS:
        i = text.find(noun)
        while i >= 0:
            m = _LOWER_HEAD_NAME.search(text, max(0, i - 80), i)
            if m:
                plural = _word_char(text[i + len(noun) : i + len(noun) + 1] or " ")
                out.append((*m.span("name"), "" if plural else noun.strip().capitalize()))
            i = text.find(noun, i + 1)
    for head in _NUMBER_HEADS:
        i = text.find(head)
        while i >= 0:
            nxt = text[i + len(head) : i + len(head) + 1]
            if nxt.isdigit() and (i == 0 or not _word_char(text[i - 1])):
                m = _NUMBERED_NAME.match(text, i)
                if m:
                    out.append((*m.span(), None))
            i = text.find(head, i + 1)
    return out


def _trim_tail(text: str, he: int, e: int, organization: bool) -> int:
    """Cut a name's tail before a location ("Centre in Accra", for institutions) and before a
    last chunk that modifies the following lower-case noun ("... to United Nations
    standards")."""
    chunks = [m for m in _TAIL_CHUNK.finditer(text, he, e) if m.start() >= he]
    if organization:
        for m in chunks:
            if m.group("c") == "in":
                e = m.start()
                chunks = [c for c in chunks if c.start() < e]
                break
    if chunks and chunks[-1].group("c") in ("to", "in", "for") and _LOWER_NEXT.match(text, e):
        e = chunks[-1].start()
    return e
