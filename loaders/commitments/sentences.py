"""Where to look: windows of text around candidate targets, and their sentences.

Only the lines around a cue or a target mention, extended over hard-wrapped lines, are split
into sentences (:func:`_windows`), so the cost follows the candidate sentences, not the length
of the document. Text outside every statement is found by :func:`_uncovered`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence


def _split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` (:func:`peacekg.loaders.text.split_sentences`)."""
    try:
        from peacekg.loaders.text import split_sentences
    except ImportError:  # pragma: no cover - the shared splitter is part of the package
        return _fallback_split(text, start, end)
    return split_sentences(text, start, end)


_FALLBACK_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“(\[]?[A-Z])|\n\s*\n")


def _fallback_split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans by end punctuation and blank lines, if the shared splitter is missing."""
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
