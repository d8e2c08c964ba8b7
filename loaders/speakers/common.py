"""What the attribution components share: statements, headings, names, titles and actors.

:func:`add_statement` is the one way a component records a statement; :func:`parse_heading`
reads a heading's speaker and person; :func:`_actor_from_text` and :func:`_title_actor` tell
whom a phrase or a person's title speaks for. :class:`Pattern` and :class:`Component` are how
each component declares its name and its patterns, with examples that ``tests`` run.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from peacekg.loaders.entities import EntityMatcher, normalize_name
from peacekg.loaders.lexicon import (
    HEADING_BY,
    HEADING_WORDS,
    HONORIFICS,
    NAME_PARTICLES,
    RANKS,
    UN_TITLES,
    trie_regex,
    words,
)
from peacekg.loaders.model import Document, EntityRef, Mention, Person, Statement

#: A heading opens a statement only in the first characters of a single statement.
TOP_HEADING_WINDOW = 600
#: The longest heading line.
MAX_HEADING = 400


@dataclass(frozen=True)
class Pattern:
    """One pattern of a component, with texts it must find (``examples``) and must not
    (``counterexamples``); ``tests/test_speakers.py`` runs them."""

    name: str
    regex: re.Pattern[str]
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Component:
    """A speaker-attribution component: ``attribute(doc, actors)`` fills ``doc.statements``
    (and participants, hosts) and says whether it recognised the document's layout, which
    ends the attribution. ``name`` is recorded as every such statement's ``rule``."""

    name: str
    attribute: Callable[[Document, Actors], bool]
    patterns: tuple[Pattern, ...] = field(default=())


# a title before the heading words, on their line ("A4P+: priorities for 2021-2023 - Remarks
# ... by"), and the audience between them and "by" ("Remarks to the Security Council by")
_TITLE_FIRST = r"(?:[^\n.]{3,200}?[ \t][-–—:][ \t]+)?"
_AUDIENCE = r"(?:\s+(?:to|at|before)\s+(?:the\s+)?[^\n.]{3,80}?)?"
_HEADING = re.compile(
    rf"(?im)^[ \t#*_]*(?P<line>{_TITLE_FIRST}(?:Joint\s+)?{words(HEADING_WORDS)}{_AUDIENCE}"
    rf"{HEADING_BY}[^\n]{{3,{MAX_HEADING}}}?)[ \t*_]*$"
)
_HEADING_WHO = re.compile(
    rf"(?is){_TITLE_FIRST}\s*(?:Joint\s+)?{words(HEADING_WORDS)}{_AUDIENCE}{HEADING_BY}(?P<who>.+)"
)
# "USG Khare", "Ambassador Jane Doe": a title and a name in one part of a heading
_TITLED_NAME = re.compile(
    rf"\b(?:{trie_regex(HONORIFICS, loose=True)})\.?\s+"
    r"(?P<n>[A-ZÀ-Þ][\w'’\-]+(?:\s+[A-ZÀ-Þ][\w'’\-]+){0,3})"
)
_CUT_WHO = re.compile(
    r"\s+(?:at|during|before|in)\s+(?:the|a|an)\s+(?!United Nations\b|UN\b)"
    r"|\s+on\s+the\s+occasion\b"
    r"|\s+on\s+(?:the\s+)?(?:situation|question|item|agenda|theme)\b|\s*[:–—]\s"
)
_HONORIFIC_PREFIX = re.compile(
    r"^(?:(?:H\.\s?E\.|His Excellency|Her Excellency)\s+)?"
    rf"(?:(?:{trie_regex(HONORIFICS, loose=True)})\.?\s+)?"
)
_UN_TITLE = re.compile(rf"\b(?:{'|'.join(UN_TITLES)})")
_PARTICLE = words(NAME_PARTICLES)
_PERSONISH = re.compile(
    rf"^(?:[A-ZÀ-Þ][\w'’.-]*|{_PARTICLE})(?:\s+(?:[A-ZÀ-Þ][\w'’.-]*|{_PARTICLE})){{0,4}}$"
)
_INSTITUTION_WORD = re.compile(
    r"\b(?:Mission|Ministry|Department|Office|Permanent|Representative|Nations|Union|Council"
    r"|Government|Republic|Kingdom|Embassy|Delegation|Secretary|Minister|President|Director"
    r"|Adviser|Advisor|Counsellor|Coordinator|Institute|Fellow|Head|Chief|Ambassador|Bureau"
    r"|Division|Service|Organization|Affairs|Operations|Support|Section|Unit|Agency|Commission)\b"
)

# a person's name, possibly with a rank or honorific ("Lieutenant General Otávio Rodrigues de
# Miranda Filho", "Ms. Macamo", "Björn Holmberg")
_RANK = "(?:" + "|".join(RANKS) + ")"
_PNAME = rf"[A-ZÀ-Þ][\w'’\-]*[\w’'](?:\s+(?:{_PARTICLE}\s+)?[A-ZÀ-Þ][\w'’\-]*[\w’']){{0,4}}"
_RANKED_NAME = rf"(?:{_RANK}\s+)*{_PNAME}"


def add_statement(
    doc: Document,
    start: int,
    end: int,
    speakers: list[EntityRef],
    person: Person | None,
    heading: str | None,
    kind: str = "statement",
) -> None:
    text = doc.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return
    seen: dict[tuple[str, str], EntityRef] = {}
    for s in speakers:
        seen.setdefault((s.type, s.key), s)
    doc.statements.append(
        Statement(
            index=len(doc.statements) + 1,
            start=start,
            end=end,
            speakers=list(seen.values()),
            person=person,
            heading=heading,
            kind=kind,
        )
    )


def _clean_name(raw: str) -> str:
    return _HONORIFIC_PREFIX.sub("", normalize_name(raw)).strip(" ,.*")


def _role_of(who: str, name: str | None) -> str | None:
    who = normalize_name(who)
    if name:
        who = who.replace(name, "")
    who = _HONORIFIC_PREFIX.sub("", who)
    who = re.sub(r"^(?:the|The)\s+", "", who).strip(" ,")
    who = re.sub(r"\s*,\s*,", ",", who)
    return who or None


_TITLE_WORD = re.compile(
    r"\b(?:Minister|Representative|Director|President|Secretary|Commander|Ambassador|Chair\w*"
    r"|Head|Adviser|Advisor|Envoy|Coordinator|Commissioner|Chief|Officer|Executive|Founder"
    r"|Professor|Fellow|Researcher|Counsellor|Counselor|Attaché|Deputy|Observer|Chargé"
    r"|Delegate|Spokesperson|Vice-President|Governor|General|Staff)\b"
)
_MISSION_ROLE = re.compile(
    r"^(?:Deputy\s+|Acting\s+)?(?:Head|Chief|Director|Officer-in-Charge|Commander)\b"
)
_RANK_PREFIX = re.compile(rf"^(?:{_RANK}\s+)+")


def _strip_rank(name: str) -> str:
    return _RANK_PREFIX.sub("", normalize_name(name)).strip(" ,")


class Actors:
    """Whom a phrase, a title or a heading speaks for, by the entity matcher it is given (the
    reference names, UN head titles and senior officials)."""

    def __init__(self, matcher: EntityMatcher) -> None:
        self.matcher = matcher

    def mentions(self, text: str, offset: int = 0) -> list[Mention]:
        """The entity mentions of a phrase (offsets shifted by ``offset``)."""
        return self.matcher.find(text, offset)

    def mentions_in(self, doc: Document, start: int, end: int) -> list[Mention]:
        """The document's mentions within ``[start, end)``: those of the pipeline's
        ``mentions`` step (``doc.mentions``), else found in that span of the text."""
        if not doc.mentions:
            return self.mentions(doc.text[start:end], start)
        lo = bisect.bisect_left(doc.mentions, start, key=lambda m: m.start)
        out = []
        for m in doc.mentions[lo:]:
            if m.start >= end:
                break
            if m.end <= end:
                out.append(m)
        return out

    def resolve(self, name: str) -> EntityRef | None:
        """The state or organisation ``name`` denotes (:meth:`EntityMatcher.resolve_actor`)."""
        return self.matcher.resolve_actor(name)

    def official_body(self, surname: str) -> EntityRef | None:
        """The body a senior UN official of that surname speaks for."""
        official = self.matcher.officials.get(surname)
        return self.matcher.orgs.get(official[1]) if official else None

    def full_name(self, name: str) -> str:
        """A senior UN official's full name for a surname, else ``name``."""
        official = self.matcher.officials.get(name)
        return official[0] if official else name

    def is_person_name(self, part: str) -> bool:
        p = _clean_name(part)
        return (
            bool(p)
            and bool(_PERSONISH.match(p))
            and not _INSTITUTION_WORD.search(p)
            and (len(p.split()) >= 2 or p in self.matcher.officials)
        )

    def official_entity(self, title: str) -> EntityRef | None:
        """The body a UN official speaks for, from a title ("USG for Peace Operations")."""
        ref = self.matcher.title_entity(title)
        if ref is not None:
            return ref
        for ment in self.mentions(title):
            if ment.entity.type == "Organization" and ment.entity.key != "United Nations":
                return ment.entity
        return None

    def actor_from_text(self, who: str, names: bool = True) -> tuple[EntityRef | None, str | None]:
        """Speaker and person name from a heading's "by ..." phrase or an affiliation line
        (``names=False``: the text holds no person's name)."""
        m = self.matcher
        who = normalize_name(who).strip(" ,.*")
        parts = [p.strip() for p in who.split(",") if p.strip()]
        name = None
        roles = []
        for p in parts:
            if names and name is None and self.is_person_name(p) and m.lookup(p) is None:
                name = _clean_name(p)
            else:
                roles.append(p)
        role_text = ", ".join(roles) if roles else who
        # "USG Khare", "Ambassador Jane Doe" in one part
        if name is None and names:
            tm = _TITLED_NAME.search(who)
            if tm and not _INSTITUTION_WORD.search(tm.group("n")):
                name = tm.group("n")
        if _UN_TITLE.search(role_text):
            ref = self.official_entity(role_text)
            if ref is None and name:
                ref = self.official_body(name.split()[-1])
            if ref is None:
                ref = m.orgs.get("United Nations Secretariat")
            return ref, name
        found = self.mentions(role_text)
        for x in found:
            if x.entity.type == "State":
                return x.entity, name
        orgs = [x.entity for x in found if x.entity.type == "Organization"]
        for o in orgs:
            country = m.country_of(o.key)
            if country is not None:
                return country, name
        ref = m.title_entity(role_text)
        if ref is not None:
            return ref, name
        non_un = [o for o in orgs if o.key != "United Nations"]
        if non_un:
            return non_un[-1], name
        if name and name.split()[-1] in m.officials:
            return self.official_body(name.split()[-1]), name
        if orgs:
            return orgs[-1], name
        return None, name

    def parse_heading(self, line: str) -> tuple[EntityRef | None, Person | None]:
        """Speaker and person of a statement heading ("Statement by the Permanent
        Representative of Belgium, Philippe Kridelka" -> BEL, Person("Philippe Kridelka"))."""
        hm = _HEADING_WHO.match(normalize_name(line))
        if not hm:
            return None, None
        who = hm.group("who")
        cut = _CUT_WHO.search(who)
        if cut:
            who = who[: cut.start()]
        who = re.sub(r"^(?:the|The)\s+", "", who)
        ref, name = self.actor_from_text(who)
        person = None
        if name:
            person = Person(name=self.full_name(name), role=_role_of(who, name), affiliation=ref)
        return ref, person

    def top_heading(self, text: str) -> tuple[str | None, Person | None, EntityRef | None]:
        """The heading of a single statement when it opens the text (its first
        :data:`TOP_HEADING_WINDOW` characters)."""
        hm = _HEADING.search(text, 0, min(len(text), TOP_HEADING_WINDOW))
        if not hm:
            return None, None, None
        ref, person = self.parse_heading(hm.group("line"))
        return normalize_name(hm.group("line")), person, ref

    def title_actor(self, title: str) -> EntityRef | None:
        """The actor a person speaks for, from his or her title ("Force Commander of MONUSCO",
        "Minister for Foreign Affairs of Mozambique", "Executive Director of the Challenges
        Forum").

        A UN mission's official (force commander, police commissioner, head of mission) speaks
        for the department that directs the mission (Peace Operations for a peacekeeping
        operation, Political and Peacebuilding Affairs for a special political mission), as an
        Under-Secretary-General speaks for the department he or she heads.
        """
        m = self.matcher
        title = normalize_name(title)
        found = self.mentions(title)
        missions = [x.entity for x in found if x.entity.type == "Mission"]
        un_title = _UN_TITLE.search(title)
        if missions and (un_title or _MISSION_ROLE.match(title)):
            return m.mission_department(missions[0])
        if un_title:
            return self.official_entity(title) or m.orgs.get("United Nations Secretariat")
        ref, _ = self.actor_from_text(title, names=False)
        return ref

    def plausible_name(self, name: str) -> bool:
        bare = _strip_rank(name)
        if not bare or _INSTITUTION_WORD.search(bare):
            return False
        ref = self.matcher.lookup(bare)
        return ref is None or ref.type == "Person"

    def group_members(self, text: str) -> list[EntityRef]:
        """The states and organisations a joint statement is made for (informal groups that
        the reference data does not hold, "the African Group", "the Group of Friends", are
        none)."""
        orgs = self.matcher.orgs
        return [
            x.entity
            for x in self.mentions(text)
            if x.entity.type == "State"
            or (x.entity.type == "Organization" and x.entity.key in orgs)
        ]
