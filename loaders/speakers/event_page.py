"""Event pages: hosts and co-hosts go to ``doc.hosts``; the people listed under "Speakers:",
"Opening Remarks:", "Moderator:"... go to ``doc.participants`` and get one
``kind="participation"`` statement each, spanning the listing line, whose speaker is the state
(or else the organisation) they represent.

A summary of the event that opens a paragraph with a listed person ("Ambassador Hoekstra
recalled ...", or a sub-heading "Abena Kwarteng-Hall, Department of Peace Operations") gives
that person's statement, up to the paragraph that opens with another listed person: its "she"
and "he" are the panellist's.
"""

from __future__ import annotations

import re

from peacekg.loaders.entities import normalize_name
from peacekg.loaders.lexicon import HONORIFICS, trie_regex
from peacekg.loaders.model import Document, EntityRef, Person
from peacekg.loaders.speakers.common import (
    _INSTITUTION_WORD,
    _PARTICLE,
    _RANK,
    Actors,
    Component,
    Pattern,
    add_statement,
)
from peacekg.loaders.text import split_sentences

NAME = "event-page"
#: A line longer than this that lists nobody is prose: the listing is over.
MAX_LISTING = 200

_SECTION = re.compile(
    r"(?im)^[ \t#*_]*(?P<label>Opening\s+[Rr]emarks|Closing\s+[Rr]emarks|Welcome\s+[Rr]emarks"
    r"|Welcoming\s+[Rr]emarks|Introductory\s+[Rr]emarks|Keynote(?:\s+[Ss]peakers?|\s+[Aa]ddress"
    r"|\s+[Rr]emarks)?|Speakers?|Panel(?:l)?ists?|Moderators?|Moderated\s+by|Chair(?:ed\s+by)?"
    r"|Featuring|Discussants?|Presenters?|Participants?|Introduction)[ \t*_]*:?[ \t*_]*"
    r"(?P<same>[^\n]*)$"
)
_LISTING = re.compile(
    rf"^(?P<hon>(?:{_RANK}\s+)*)"
    rf"(?P<name>[A-ZÀ-Þ][\w'’.\-]*(?:\s+(?:[A-ZÀ-Þ][\w'’.\-]*|{_PARTICLE})){{0,4}})"
    r"\s*[,–—]\s*(?P<rest>[^\n]{2,300})$"
)
_HOST_VERB = re.compile(
    r"\b(?:co-?host(?:s|ed|ing)?|host(?:s|ed|ing)|co-?organi[sz](?:e|es|ed|ing)"
    r"|organi[sz](?:e|es|ed|ing)|convene[sd]?|convening|co-?sponsor(?:s|ed|ing)?)\b",
    re.IGNORECASE,
)


def attribute(doc: Document, actors: Actors) -> bool:
    """Participants of the listings and hosts of the event; ``True`` when anyone is listed,
    or when the document is an event page."""
    _listings(actors, doc)
    _summaries(doc)
    _hosts(actors, doc)
    return bool(doc.participants) or doc.kind == "event-page"


def _listings(actors: Actors, doc: Document) -> None:
    text = doc.text
    sections = list(_SECTION.finditer(text))
    if not sections:
        return
    for i, sec in enumerate(sections):
        end = sections[i + 1].start() if i + 1 < len(sections) else len(text)
        label = normalize_name(sec.group("label"))
        lines = []
        if sec.group("same").strip():
            lines.append((sec.start("same"), sec.end("same")))
        pos = sec.end() + 1
        for lm in re.finditer(r"[^\n]+", text[pos:end]):
            lines.append((pos + lm.start(), pos + lm.end()))
        for a, b in lines:
            line = text[a:b].strip()
            if not line:
                continue
            listing = _LISTING.match(line)
            if not listing or _INSTITUTION_WORD.search(listing.group("name")):
                if len(line) > MAX_LISTING:
                    break
                continue
            rest = listing.group("rest")
            ref, _ = actors.actor_from_text(rest, names=False)
            name = normalize_name(listing.group("name"))
            role = _listing_role(actors, rest, ref)
            person = Person(name=name, role=role, affiliation=ref)
            doc.participants.append(person)
            off = text.find(line, a)
            add_statement(
                doc, off, off + len(line), [ref] if ref else [], person, label, kind="participation"
            )


# a paragraph's first words: a title or a rank, then a name
_TITLES = trie_regex(HONORIFICS)
_PARAGRAPH = re.compile(r"(?:^|\n\s*\n)[ \t#*_]*(?=\S)")


def _summaries(doc: Document) -> None:
    """One statement per listed person whose name opens paragraphs of a summary after the
    listings, up to the next paragraph that another listed person opens."""
    listed = [st for st in doc.statements if st.kind == "participation" and st.speakers]
    if not listed:
        return
    after = max(st.end for st in listed)
    text = doc.text
    openers: list[tuple[int, int]] = []  # (start, index in listed)
    patterns: list[re.Pattern[str] | None] = []
    for st in listed:
        name = st.person.name if st.person is not None else ""
        parts = name.split()
        if len(parts) < 2:
            patterns.append(None)
            continue
        surname = re.escape(parts[-1])
        patterns.append(
            re.compile(
                rf"(?:(?:{_TITLES})\.?\s+|{_RANK}\s+)*"
                rf"(?:{re.escape(' '.join(parts[:-1]))}\s+)?{surname}\b"
            )
        )
    for para in _PARAGRAPH.finditer(text, after):
        at = para.end()
        for i, pattern in enumerate(patterns):
            if pattern is not None and pattern.match(text, at):
                openers.append((at, i))
                break
    runs: list[tuple[int, int]] = []
    for at, i in openers:
        if not runs or listed[runs[-1][1]].speakers != listed[i].speakers:
            runs.append((at, i))
    for k, (at, i) in enumerate(runs):
        end = runs[k + 1][0] if k + 1 < len(runs) else len(text)
        st = listed[i]
        add_statement(doc, at, end, list(st.speakers), st.person, None)


def _listing_role(actors: Actors, rest: str, ref: EntityRef | None) -> str | None:
    parts = [p.strip() for p in normalize_name(rest).split(",") if p.strip()]
    if ref is None:
        return ", ".join(parts) or None
    keep = []
    for p in parts:
        ms = [x for x in actors.mentions(p) if x.entity.type in ("State", "Organization")]
        if not ms:
            keep.append(p)
        elif len(parts) == 1 or not keep:
            stripped = p
            for x in ms:
                stripped = stripped.replace(x.text, "")
            stripped = re.sub(r"\s+(?:of|to)\s+(?:the\s+)?(?=\s|$)", " ", stripped)
            stripped = re.sub(r"\s+(?:of|to)(?:\s+the)?\s*$", "", stripped).strip(" ,")
            if stripped and stripped != p:
                keep.append(stripped)
    return ", ".join(keep) or None


def _hosts(actors: Actors, doc: Document) -> None:
    """The states and organisations hosting the event, from the first sentence that says so."""
    text = doc.text
    for a, b in split_sentences(text):
        sent = text[a:b]
        hv = _HOST_VERB.search(sent)
        if not hv:
            continue
        if re.match(r"\s*by\b", sent[hv.end() :]) or re.search(r"\bby\s*$", sent[: hv.start()]):
            scope = (a + hv.end(), b)  # "hosted by X"
        else:
            scope = (a, a + hv.start())  # "X hosts"
        for x in actors.mentions_in(doc, *scope):
            if x.entity.type in ("State", "Organization") and x.entity not in doc.hosts:
                doc.hosts.append(x.entity)
        if doc.hosts:
            return


PATTERNS = (
    Pattern(
        "section",
        _SECTION,
        examples=("Speakers:", "**Opening Remarks:** H.E. Mr. Jan ter Horst", "Moderated by"),
        counterexamples=("The speakers agreed.",),
    ),
    Pattern(
        "listing",
        _LISTING,
        examples=(
            "Ms. Maria della Rosa, Permanent Representative of Italy",
            "Mr. Jan ter Horst, Ambassador of the Netherlands",
            "Lt. Gen. Jane Doe – Force Commander, UNMISS",
        ),
        counterexamples=("The event will be held on 5 May, 2020 in New York.",),
    ),
    Pattern(
        "host-verb",
        _HOST_VERB,
        examples=("co-hosted by Indonesia", "The event is organized by IPI"),
        counterexamples=("the host country",),
    ),
)

COMPONENT = Component(NAME, attribute, PATTERNS)
