"""Headed statements: each heading ("Statement by the Permanent Representative of Belgium,
Philippe Kridelka", usually under "Annex I", "Annex II"...) opens a statement, up to the next
heading or annex.

The text before the first heading of a letter is the covering letter, attributed to its
sender ("from the President of the Security Council" -> Security Council; "from the Permanent
Representative of X" -> X), its signatory the person. A heading that names no speaker leaves
it to the statement's self-references (:mod:`~peacekg.loaders.speakers.self_reference`).
"""

from __future__ import annotations

import re

from peacekg.loaders.entities import normalize_name
from peacekg.loaders.lexicon import NAME_PARTICLES, words
from peacekg.loaders.model import Document, Person
from peacekg.loaders.speakers.common import (
    _HEADING,
    MAX_HEADING,
    Actors,
    Component,
    Pattern,
    add_statement,
)
from peacekg.loaders.speakers.self_reference import _self_reference

NAME = "headed-statements"
#: An annex line opens the statement whose heading follows within this many characters.
ANNEX_GAP = 200

_ANNEX = re.compile(
    r"(?im)^[ \t#*_]*(?:Annex|Enclosure|Appendix)(?:[ \t]+[IVXLC\d]+)?\b[^\n]{0,120}$"
)
_LETTER_FROM = re.compile(
    r"(?i)\bLetter\s+dated\s+[^\n]{0,60}?\bfrom\s+(?:the\s+)?(?P<who>[^\n]+?)\s+addressed\s+to\b"
)
_SIGNED = re.compile(r"\(Signed\)\s+(?P<rest>[^\n]+)")
# the signatory's name, up to his or her title
_SIGNATORY = re.compile(
    rf"^([A-ZÀ-Þ][\w'’.\-]+(?:\s+(?:[A-ZÀ-Þ][\w'’.\-]+|{words(NAME_PARTICLES)})){{1,4}}?)"
    r"(?=\s+(?:President|Permanent|Chargé|Ambassador|Deputy|Minister|Secretary|Chair)|\s*$|,)"
)


def attribute(doc: Document, actors: Actors) -> bool:
    """One statement per heading, and the covering letter before the first (see the module
    docstring); ``False`` when the text has no heading or is a press release."""
    if doc.kind == "press-release":
        return False
    text = doc.text
    heads = [h for h in _HEADING.finditer(text) if len(h.group("line")) <= MAX_HEADING]
    if not heads:
        return False
    annexes = [a.start() for a in _ANNEX.finditer(text)]
    starts = []
    for h in heads:
        # the statement starts at its annex line when one closely precedes the heading
        prev = [a for a in annexes if a < h.start() and h.start() - a < ANNEX_GAP]
        starts.append(prev[-1] if prev else h.start())
    first = starts[0]
    if first > 0 and text[:first].strip():
        _covering_letter(actors, doc, 0, first)
    for i, h in enumerate(heads):
        end = starts[i + 1] if i + 1 < len(heads) else len(text)
        ref, person = actors.parse_heading(h.group("line"))
        if ref is None:
            ref = _self_reference(actors, doc, h.end(), end)
        heading = normalize_name(h.group("line"))
        add_statement(doc, h.start("line"), end, [ref] if ref else [], person, heading)
    return True


def _covering_letter(actors: Actors, doc: Document, start: int, end: int) -> None:
    """The covering letter before annexed statements: attributed to its sender."""
    seg = doc.text[start:end]
    lm = _LETTER_FROM.search(seg)
    if not lm:
        # a document that is not a letter: a preamble (title, date), no statement
        return
    who = lm.group("who")
    ref, _ = actors.actor_from_text(re.sub(r"^(?:the|The)\s+", "", who))
    if ref is None:
        ref = actors.resolve(who)
    person = None
    sm = _SIGNED.search(seg)
    if sm:
        rest = sm.group("rest")
        nm = _SIGNATORY.match(rest)
        if nm:
            role = rest[nm.end() :].strip(" ,") or None
            person = Person(name=nm.group(1), role=role, affiliation=ref)
    speakers = [ref] if ref else []
    add_statement(doc, start + lm.start(), end, speakers, person, normalize_name(lm.group()))


PATTERNS = (
    Pattern(
        "heading",
        _HEADING,
        examples=(
            "Statement by the Permanent Representative of Belgium, Philippe Kridelka",
            "Declaration by the Permanent Representative of Norway",
            "## Remarks delivered by Under-Secretary-General Lacroix",
        ),
        counterexamples=("The statement by Belgium was welcomed.", "Statement"),
    ),
    Pattern(
        "annex",
        _ANNEX,
        examples=("Annex II", "Enclosure"),
        counterexamples=("as annexed to the letter",),
    ),
    Pattern(
        "letter-from",
        _LETTER_FROM,
        examples=(
            "Letter dated 17 September 2020 from the Permanent Representative of Indonesia "
            "to the United Nations addressed to the Secretary-General",
        ),
        counterexamples=("A letter from Indonesia",),
    ),
    Pattern(
        "signatory",
        _SIGNATORY,
        examples=("Dian Triansyah Djani Permanent Representative", "Jan ter Horst, Ambassador"),
        counterexamples=("the Permanent Representative",),
    ),
)

COMPONENT = Component(NAME, attribute, PATTERNS)
