"""People's names: what a name looks like, the titles that introduce one, and coreference.

A person is recognised after an honorific or a title ("Mr.", "Ambassador",
"Under-Secretary-General"), after "(Signed)" or at the end of a statement heading ("Statement
by the Minister for Foreign Affairs, Name"). The matched words are trimmed at the first word
that shows a title or an institution (:data:`peacekg.loaders.lexicon.NOT_NAME_WORDS`), and every
person is then keyed by the fullest name the document gives, else by the officials table, else
as written. The word lists come from :mod:`peacekg.loaders.lexicon`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from peacekg.loaders.lexicon import HEADING_WORDS, NAME_PARTICLES, NOT_NAME_WORDS, words
from peacekg.loaders.model import EntityRef, Mention

__all__ = ["normalize_name"]

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŸŹŻŽ"
_LOWER = "a-zß-öø-ÿāăąćčďđēėęěğģīįıķĺļľłńņňōőœŕřśşšţťūůűųźżž"
_NAME_WORD = (
    rf"(?:[{_UPPER}][{_LOWER}]*[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}{_LOWER}][{_LOWER}'’]+)*"
    rf"|[{_UPPER}][{_LOWER}'’]+(?:-[{_UPPER}{_LOWER}][{_LOWER}'’]+)*|[{_UPPER}]\.)"
)
_PARTICLE = words(NAME_PARTICLES)
#: A person's name: up to five capitalised words, with particles ("de", "van", "bin").
_NAME = rf"{_NAME_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_NAME_WORD}){{0,4}}"


#: Patterns that find a person's name (group ``name``) without the reference data.
_PERSON_RES = (
    # honorific or title, then the name
    None,  # the honorific pattern, compiled per matcher with the reference's head titles
    # "(Signed) Name"
    re.compile(rf"\(Signed\)[ \t]+(?P<name>{_NAME})"),
    # a heading "Statement by the ..., Name" ending the line
    re.compile(
        rf"(?m)^[ \t#*]*(?:Joint\s+)?{words(HEADING_WORDS)}\b[^\n]*,[ \t]*(?P<name>{_NAME})[ \t*]*$"
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
        if token.rstrip(".,") in NOT_NAME_WORDS:
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


def _corefer_people(
    mentions: list[Mention], officials: Mapping[str, tuple[str, str]]
) -> list[Mention]:
    """Key each person by the fullest name the document gives (or the ``officials`` table,
    :func:`~peacekg.loaders.entities.officials.officials_by_alias`)."""
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
        if best == key and key in officials:
            best = officials[key][0]
        out.append(
            Mention(EntityRef("Person", best, best), m.start, m.end, m.text) if best != key else m
        )
    return out
