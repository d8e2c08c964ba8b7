"""Short forms: an initiative named in full once and then by the start of its name.

Documents name an initiative in full and then shorten it: "the Action Plan to Improve the
Security of United Nations Peacekeepers" becomes "the Action Plan", "the Revitalized
Agreement on the Resolution of the Conflict in the Republic of South Sudan" "the Revitalized
Agreement". The short form is the part of the name before its first linking word ("to",
"for", "on", "of", "in"), or the last two words of that part, of two words at least: one word
alone ("the Declaration", "the Programme", "the Fund") names a kind that a speech uses for
many texts (audit round 13: 31 of 42 such records right). It counts after the full name
only, after "the", where no name goes on ("the Declaration on the granting of independence"
is another declaration) and where no other initiative of the document shortens the same way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from peacekg.loaders.lexicon import NAME_PREPOSITIONS, words
from peacekg.loaders.model import EntityRef

#: A linking word that ends the head of an initiative's name.
_LINK = re.compile(rf"\s+{words((*NAME_PREPOSITIONS, 'against', 'towards'))}\s+", re.IGNORECASE)
# what follows a short form that is the start of another name
_NAME_GOES_ON = re.compile(rf"\s+(?:[A-Z0-9(]|{words(NAME_PREPOSITIONS)}\s+\w)")
#: Words too common to stand for one initiative alone.
_TOO_COMMON = frozenset({"United", "Nations", "International", "National", "Global", "New", "The"})

Candidate = tuple[int, int, EntityRef, str, bool]  # start, end, entity, source, ambiguous


def _shorts(name: str) -> list[str]:
    """The short forms of an initiative's name as written (none when it has no linking word
    after a capitalised head of two words or more)."""
    link = _LINK.search(name)
    if link is None or link.start() == 0:
        return []
    head = name[: link.start()].strip()
    words = head.split()
    if not words or not all(w[:1].isupper() or w[:1].isdigit() for w in words):
        return []
    # the whole head, and its last two words when it has more ("Revitalized Agreement")
    out = [head] if len(words) > 1 else []
    if len(words) > 2 and not {*words[-2:]} & _TOO_COMMON:
        out.append(" ".join(words[-2:]))
    return out


def short_form_mentions(text: str, kept: Sequence[Candidate]) -> list[Candidate]:
    """Mentions of initiatives by their short form after their full name in ``text``
    (:func:`_shorts`), as candidates alike to ``kept`` (source ``"short"``)."""
    firsts: dict[str, tuple[int, EntityRef]] = {}
    owners: dict[str, set[EntityRef]] = defaultdict(set)
    for s, e, ref, _source, _amb in kept:
        if ref.type != "Initiative":
            continue
        for short in _shorts(text[s:e]):
            owners[short].add(ref)
            if short not in firsts or s < firsts[short][0]:
                firsts[short] = (e, ref)
    if not firsts:
        return []
    taken = sorted((s, e) for s, e, *_ in kept)
    out: list[Candidate] = []
    for short, (after, ref) in firsts.items():
        if len(owners[short]) > 1:
            continue  # two initiatives shorten alike: the short form names neither
        pattern = re.compile(rf"\b[Tt]he\s+(?P<short>{re.escape(short)})\b")
        for m in pattern.finditer(text, after):
            s, e = m.span("short")
            if _NAME_GOES_ON.match(text, e):
                continue
            if any(a < e and s < b for a, b in taken):
                continue
            out.append((s, e, ref, "short", False))
            taken.append((s, e))
    return out
