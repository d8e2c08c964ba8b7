"""The A4P cue vocabulary: ``ontology/a4p-cues.ttl`` compiled into regular expressions.

Each of the eight A4P priorities has ``pk:cue`` literals (phrases that name it),
``pk:problemCue`` literals (harms whose reduction backs it) and ``pk:contextCue`` literals
(generic phrases that mean it only next to peacekeeping talk). :func:`load_cues` compiles them
into one regular expression per priority and two prefilters: a trie of the whole first words
of every cue and peacekeeping anchor (:attr:`CueVocabulary.starts`), so that a document is
scanned once, and a trie of their first letters (:attr:`CueVocabulary.prefilter`), whose stem
at a start says which priorities' expressions are tried there. Initiatives and
resolutions that the TTL relates to a priority (``skos:related``) are kept in
:attr:`CueVocabulary.related`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from peacekg.loaders.lexicon import trie_regex
from peacekg.ontology.namespaces import A4P_AREAS, PK, priority_iri, scheme_iri

__all__ = ["PRIORITY_CODES", "STANCE_KINDS", "CueVocabulary", "compile_cue", "load_cues"]


#: The eight A4P thematic areas, in the order of the Declaration of Shared Commitments.
PRIORITY_CODES = tuple(A4P_AREAS)

_ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology"
_CUES_TTL = _ONTOLOGY / "a4p-cues.ttl"
_STANCE_TTL = _ONTOLOGY / "stance-cues.ttl"
#: The stances that ``pk:stanceCue`` marks, in precedence: when a sentence holds cues of
#: several kinds, the first kind wins.
STANCE_KINDS = ("CallForAction", "Pledge", "Contribution", "Support")


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
    #: where a cue or an anchor may start, in ``" " + text``: a character that is no letter or
    #: digit, then (looked ahead, group 1) the whole first word of a cue or an anchor. Fewer
    #: positions than :attr:`prefilter`'s (a stem without its word starts nothing).
    starts: re.Pattern[str] = None  # type: ignore[assignment]
    #: a stem that :attr:`prefilter` matches -> the priorities (and anchors) tried there:
    #: its own and those of its first three letters
    stem_codes: dict[str, frozenset[str]] = None  # type: ignore[assignment]
    #: ``pk:contextCue`` literals: generic phrases ("human rights", "training") that mean the
    #: priority only next to peacekeeping talk (:data:`NEAR_WINDOW`)
    context_cues: dict[str, tuple[str, ...]] = None  # type: ignore[assignment]
    #: per priority, a regex telling whether a matched cue is a context cue (fullmatch)
    weak_patterns: dict[str, re.Pattern[str]] = None  # type: ignore[assignment]
    #: the ``pk:stanceCue`` (and ``pk:worthCue``) literals of each of :data:`STANCE_KINDS`
    stance_cues: dict[str, tuple[str, ...]] = None  # type: ignore[assignment]
    #: per stance kind, its cues on word boundaries (case-insensitive)
    stances: dict[str, re.Pattern[str]] = None  # type: ignore[assignment]
    #: any stance cue, the kinds in precedence; group ``kind`` is not kept, see
    #: :meth:`stance_cue`
    any_stance: re.Pattern[str] = None  # type: ignore[assignment]
    #: the ``pk:worthCue`` literals, to be matched whole (``fullmatch``)
    worth: re.Pattern[str] = None  # type: ignore[assignment]
    #: the ``pk:anchorCue`` literals, matched at a position of the lower-cased text
    anchors: re.Pattern[str] = None  # type: ignore[assignment]

    def stance_cue(self, text: str) -> tuple[str, str] | None:
        """The first stance cue of ``text`` and its kind (``("must", "CallForAction")``)."""
        m = self.any_stance.search(text)
        if m is None:
            return None
        kind = next(k for k in STANCE_KINDS if self.stances[k].fullmatch(m.group()))
        return m.group(), kind


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


def _longest_first(regexes: Iterable[str]) -> str:
    """An alternation of raw regular expressions, the longest first."""
    return "|".join(sorted(regexes, key=lambda r: (-len(r), r)))


@functools.cache
def load_cues(path: str | None = None, stance_path: str | None = None) -> CueVocabulary:
    """Load and compile ``ontology/a4p-cues.ttl`` and ``ontology/stance-cues.ttl`` (cached:
    once per process)."""
    from rdflib import Graph
    from rdflib.namespace import SKOS

    graph = Graph()
    graph.parse(path or str(_CUES_TTL), format="turtle")
    graph.parse(stance_path or str(_STANCE_TTL), format="turtle")
    patterns: dict[str, re.Pattern[str]] = {}
    related: dict[str, set[str]] = {}
    cues: dict[str, tuple[str, ...]] = {}
    problems: dict[str, tuple[str, ...]] = {}
    stems: dict[str, set[str]] = {}
    first_words: set[str] = set()
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
                first_words.add(w)
        for obj in graph.objects(concept, SKOS.related):
            related.setdefault(str(obj), set()).add(code)
    anchors = sorted(str(o) for o in graph.objects(scheme_iri("a4p"), PK.anchorCue))
    for anchor in anchors:
        words = _first_words(anchor)
        if not words:
            raise ValueError(f"stance-cues.ttl: cannot index the anchor {anchor!r}")
        for w in words:
            stems.setdefault(w[:_STEM], set()).add(_ANCHOR_CODE)
            first_words.add(w)
    worth = tuple(sorted(str(o) for o in graph.objects(PK.Support, PK.worthCue)))
    stance_cues = {
        kind: tuple(sorted(str(o) for o in graph.objects(PK[kind], PK.stanceCue)))
        + (worth if kind == "Support" else ())
        for kind in STANCE_KINDS
    }
    if not all(stance_cues.values()) or not anchors:
        raise ValueError("stance-cues.ttl: every stance kind and the A4P scheme need cues")
    alternations = {k: _longest_first(v) for k, v in stance_cues.items()}
    return CueVocabulary(
        patterns=patterns,
        related={k: frozenset(v) for k, v in related.items()},
        cues=cues,
        problem_cues=problems,
        stems={k: frozenset(v) for k, v in stems.items()},
        context_cues=context_cues,
        weak_patterns=weak_patterns,
        prefilter=re.compile(r"(?<![a-z0-9])" + trie_regex(stems)),
        starts=re.compile(rf"[^a-z0-9](?=({trie_regex(first_words)}))"),
        stem_codes={
            w: frozenset(stems[w] | (stems.get(w[:3], set()) if len(w) > 3 else set()))
            for w in stems
        },
        stance_cues=stance_cues,
        stances={k: re.compile(rf"\b(?:{a})\b", re.IGNORECASE) for k, a in alternations.items()},
        any_stance=re.compile(
            rf"\b(?:{'|'.join(alternations[k] for k in STANCE_KINDS)})\b", re.IGNORECASE
        ),
        worth=re.compile(_longest_first(worth), re.IGNORECASE),
        anchors=re.compile("|".join(f"(?:{a})" for a in anchors)),
    )
