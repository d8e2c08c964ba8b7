"""Sentence splitting shared by every extraction step.

:func:`split_sentences` returns character spans into the original text (never copies), so
evidence quoted from a sentence is always ``text[start:end]``. It knows the abbreviations of
UN prose ("Mr.", "H.E.", "U.S.", "No.", "para.", initials), leaves document symbols
("S/2020/911"), decimals ("22.6") and citations ("(see S/2020/897).") alone, splits at line
breaks that end a paragraph, a heading or a list item, and joins hard-wrapped lines.

>>> t = "I thank Mr. Lacroix. The U.S. Department of State agrees (see S/2020/897). Yes."
>>> [t[s:e] for s, e in split_sentences(t)]
['I thank Mr. Lacroix.', 'The U.S. Department of State agrees (see S/2020/897).', 'Yes.']
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: English month names, lower case, January first.
MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip

__all__ = ["ABBREVIATIONS", "paragraphs", "split_sentences"]

#: Words that end with a period without ending the sentence (compared without the period,
#: case-sensitively; single capital letters — initials — are handled separately).
ABBREVIATIONS: frozenset[str] = frozenset(
    [
        "Mr",
        "Mrs",
        "Ms",
        "Messrs",
        "Mmes",
        "Mme",
        "Dr",
        "Prof",
        "Sr",
        "Jr",
        "St",
        "Gen",
        "Lt",
        "Col",
        "Maj",
        "Capt",
        "Cmdr",
        "Adm",
        "Sgt",
        "Brig",
        "Amb",
        "Rev",
        "Hon",
        "Gov",
        "Sen",
        "Rep",
        "Pres",
        "Esq",
        "H.E",
        "U.S",
        "U.K",
        "U.N",
        "E.U",
        "U.S.A",
        "U.S.S.R",
        "D.C",
        "No",
        "Nos",
        "no",
        "nos",
        "para",
        "paras",
        "Para",
        "Paras",
        "art",
        "arts",
        "Art",
        "Arts",
        "sect",
        "Sect",
        "ch",
        "Ch",
        "chap",
        "vol",
        "Vol",
        "vols",
        "pp",
        "p",
        "fig",
        "Fig",
        "figs",
        "approx",
        "cf",
        "e.g",
        "i.e",
        "viz",
        "vs",
        "etc.al",
        "al",
        "Inc",
        "Ltd",
        "Corp",
        "Co",
        "Dept",
        "Govt",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
        "Rs",
        "Op",
        "Ref",
        "ref",
        "Rev.",
        "Add",
        "Corr",
        "Suppl",
        "annex",
        "Annex",
    ]
)

# A candidate end of sentence: terminal punctuation, optional closing quotes/brackets, then
# whitespace (the word before it is read by :func:`_ends`, to recognise abbreviations).
_END = re.compile(r"([.!?…]+)([\"'”’»)\]]*)(\s+)")
# A line break and what follows it (used to decide whether a single newline ends a unit).
_NEWLINE = re.compile(r"[ \t]*\n[ \t]*")
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_BULLET = re.compile(r"[-•*–—▪●◦]\s|\d{1,3}[.)]\s|\(?[a-z]\)\s|\(?[ivx]+\)\s")
_ROMAN = re.compile(r"[IVXLC]+")


def _is_abbreviation(word: str) -> bool:
    """Whether ``word`` (the token before a period, without it) is an abbreviation."""
    core = word.lstrip("([\"'“‘")
    if not core:
        return False
    if core in ABBREVIATIONS:
        return True
    # initials: "L." in "Michael L. Smith", and dotted acronyms such as "U.S" / "a.m"
    if len(core) == 1 and core.isalpha() and core.isupper():
        return True
    return bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", core))


def _line_ends_unit(line: str, nxt: str) -> bool:
    """Whether a single newline between ``line`` and ``nxt`` ends a sentence-like unit."""
    line = line.rstrip()
    if not line or not nxt:
        return True
    if line[-1] in '.!?:;…"”’)]':
        return True
    if _BULLET.match(nxt):
        return True
    first = nxt[0]
    if first.islower() or line[-1] in ",-–(" or line.endswith((" and", " or", " of", " the")):
        return False
    # a short line without final punctuation is a heading, a title or a list entry
    return len(line) < 90


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the paragraphs of ``text[start:end]`` (blank-line separated, trimmed)."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _BLANK_LINE.finditer(text, start, end):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, end))
    return [s for s in (_trim(text, a, b) for a, b in spans) if s]


def _trim(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if a < b else None


def _split_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into units at line breaks that end a unit."""
    units: list[tuple[int, int]] = []
    pos = start
    for m in _NEWLINE.finditer(text, start, end):
        line = text[pos : m.start()]
        nxt = text[m.end() : min(end, m.end() + 12)]
        if "\n" in text[m.start() : m.end()] and _line_ends_unit(line, nxt.lstrip()):
            units.append((pos, m.start()))
            pos = m.end()
    units.append((pos, end))
    return units


def _ends(text: str, start: int, end: int) -> Iterator[tuple[str, re.Match[str]]]:
    """The candidate sentence ends of ``text[start:end]``, in order: the word before each
    (the non-space characters before its punctuation, from ``start`` at most) and the match
    of :data:`_END`. The same as scanning for ``(\\S*?)`` before :data:`_END`, without
    trying that lazy word at every character of every word."""
    pos = start
    while (m := _END.search(text, pos, end)) is not None:
        s = m.start()
        while s > pos and not text[s - 1].isspace():  # str.isspace is the regex's \s
            s -= 1
        yield text[s : m.start()], m
        pos = m.end()


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans ``(s, e)`` of the sentences of ``text[start:end]``, in order, trimmed.

    Every span lies within ``[start, end)`` and ``text[s:e]`` is one sentence, a heading or a
    list entry. Terminal punctuation followed by whitespace ends a sentence unless the word
    before it is an abbreviation (:data:`ABBREVIATIONS`, initials, "U.S.") or the next word
    starts in lower case; blank lines always end one.
    """
    end = len(text) if end is None else min(end, len(text))
    start = max(0, start)
    out: list[tuple[int, int]] = []
    for pa, pb in paragraphs(text, start, end):
        for la, lb in _split_lines(text, pa, pb):
            pos = la
            for word, m in _ends(text, la, lb):
                cut = m.end(2)
                after = m.end(3)
                if after >= lb:
                    continue
                nxt = text[after]
                punct = m.group(1)
                if punct == "." and _is_abbreviation(word):
                    continue
                if nxt.islower() or nxt in ",;:":
                    continue
                if punct == "." and _ROMAN.fullmatch(word) and nxt.isdigit():
                    continue
                span = _trim(text, pos, cut)
                if span:
                    out.append(span)
                pos = after
            span = _trim(text, pos, lb)
            if span:
                out.append(span)
    return out
