"""The whole-text scan: cue spans and peacekeeping anchors, sliced per sentence.

:class:`_Scanner` runs the prefilter of the cue vocabulary it is given (``starts`` of
:class:`~peacekg.loaders.commitments.cues.CueVocabulary`) once over a document and keeps
every cue span (where cues of two priorities overlap, the longest reading wins; a word of a
name is no cue, see :func:`_outside_names`) and every peacekeeping anchor (a mission mention
is one too).
:meth:`_Scanner.sentence` then gives one sentence its cue spans, mentions and priorities by
bisection. A priority counts only with an anchor within :data:`ANCHOR_WINDOW` characters of
the sentence; a ``pk:contextCue`` (a generic phrase: "human rights", "gender", "training") only
with one within :data:`NEAR_WINDOW`, and, in a document that is not about peace operations
(fewer than :data:`PEACE_DOCUMENT_ANCHORS` anchors per 1,000 characters: a General Debate
speech), only with an anchor in its own sentence, so that the stance concerns peace
operations (human rights in one country, gender equality at home are no A4P priority). The
context cues of :data:`NEAR_AREAS` name items the conventions list for the area wherever they
stand ("a ceasefire", "mediation"): they keep the :data:`NEAR_WINDOW` everywhere; those of
:data:`MISSION_AREAS` ("human rights") need, outside a document about peace operations, a
mission or peacekeepers named in their own sentence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from peacekg.loaders.commitments.cues import _ANCHOR_CODE, CueVocabulary
from peacekg.loaders.model import Document, EntityRef, Mention

#: A place that may name a peacekeeping operation: (start, end, state ISO3, territory).
Place = tuple[int, int, str, str]

__all__ = ["ANCHOR_WINDOW", "MISSION_AREAS", "NEAR_AREAS", "NEAR_WINDOW", "PEACE_DOCUMENT_ANCHORS"]


#: Characters on each side of a sentence searched for a peacekeeping anchor.
ANCHOR_WINDOW = 1500
#: Characters on each side of a sentence searched for a peacekeeping anchor when its cue is
#: a ``pk:contextCue`` (a generic phrase: "human rights", "training", "renewable energy").
NEAR_WINDOW = 450
#: The A4P areas whose ``pk:contextCue`` phrases need an anchor only within
#: :data:`NEAR_WINDOW` (a specific ceasefire, mediation or peace agreement is ``politics``);
#: the context cues of every other area need one in their own sentence outside a document
#: about peace operations.
NEAR_AREAS = frozenset({"politics"})
#: Peacekeeping anchors per 1,000 characters from which a document is about peace operations
#: (statements to the C-34 or the Council on peacekeeping have 2.5 to 7; General Debate
#: speeches, which pass over peacekeeping among other topics, about 1 at most).
PEACE_DOCUMENT_ANCHORS = 2.0
#: The A4P areas whose ``pk:contextCue`` phrases need, outside a document about peace
#: operations, a mission or peacekeepers named in their own sentence: "human rights" beside
#: "peacekeeping" in a list of topics is a general theme, while "MINUSTAH ... human rights" or
#: "human rights training for peacekeepers" concerns an operation.
MISSION_AREAS = frozenset({"protection"})
# a paragraph's number or bullet before its first words ("7. ", "(b) ", "- ")
_PARAGRAPH_LEAD = re.compile(r"[ \t]*(?:\d+[.)]|\([a-z\d]+\)|[-*•])?[ \t]*")
#: Peacekeepers named as people or units (:data:`MISSION_AREAS`).
_PEACEKEEPERS = re.compile(r"\b(?:peace-?\s?keepers|blue helmets?|contingents?)\b", re.IGNORECASE)


@dataclass
class _Sentence:
    """One sentence of a document: its span, priorities, cue spans, mentions and the places
    that may name a peacekeeping operation."""

    start: int
    end: int
    priorities: dict[str, bool]  # code -> any positive (non-problem) cue
    cue_spans: list[tuple[int, int, str, bool]]  # (start, end, code, problem)
    mentions: list[Mention]
    places: list[Place] = field(default_factory=list)


def _drop_contained(
    spans: list[tuple[int, int, str, bool]],
) -> list[tuple[int, int, str, bool]]:
    """Drop a cue lying inside a longer cue of another priority (the longest reading wins:
    "participation of women in peace processes" is wps, not politics)."""
    out = []
    for i, (a, b, code, problem) in enumerate(spans):
        inside = False
        # spans are sorted by start; a container starts at or before ``a``
        for j in range(i - 1, -1, -1):
            c, d, other, _ = spans[j]
            if d >= b and other != code and (d - c) > (b - a):
                inside = True
                break
            if a - c > 400:
                break
        if not inside:
            for c, d, other, _ in spans[i + 1 :]:
                if c > a:
                    break
                if d >= b and other != code and (d - c) > (b - a):
                    inside = True
                    break
        if not inside:
            out.append((a, b, code, problem))
    return out


def _outside_names(
    spans: list[tuple[int, int, str, bool]],
    mentions: Sequence[Mention],
    weak: set[tuple[int, str]],
) -> list[tuple[int, int, str, bool]]:
    """Drop the cues that are words of a name: any cue inside a mission's name (the "United
    Nations Transition Assistance Group" is no transition, the "Good Offices Mission" no good
    offices) and a ``pk:contextCue`` inside a body's name (the "Human Rights Council" is no
    protection in peace operations), while an area's own ``pk:cue`` stays in one
    ("Peacebuilding Commission"); and a cue whose last words open a longer name ("cooperation
    with the United Nations" of "... the United Nations Office on Drugs and Crime")."""
    names = [
        (m.start, m.end, m.entity.type)
        for m in mentions
        if m.entity.type == "Mission" or (m.entity.type == "Organization" and " " in m.text)
    ]
    if not names:
        return spans
    starts = [n[0] for n in names]
    out = []
    for span in spans:
        a, b, code, _ = span
        i = bisect.bisect_left(starts, b) - 1
        inside = False
        while i >= 0 and a - names[i][0] < 300:
            s, e, typ = names[i]
            if s <= a and b <= e and (typ == "Mission" or (a, code) in weak):
                inside = True
                break
            if a < s < b < e:
                # the cue's last words open a longer name: "cooperation with the United
                # Nations" of "the United Nations Office on Drugs and Crime"
                inside = True
                break
            i -= 1
        if not inside:
            out.append(span)
    return out


class _Scanner:
    """Whole-text scans (cues, anchors) shared by every sentence of one document, and the
    places found in it that may name an operation (``places``: start, end, state,
    territory, in order; :func:`~peacekg.loaders.commitments.contributions.document_places`)."""

    def __init__(
        self,
        doc: Document,
        mentions: Sequence[Mention],
        vocab: CueVocabulary,
        places: Sequence[Place] = (),
    ) -> None:
        self.text = doc.text
        self.places = list(places)
        self.place_starts = [p[0] for p in self.places]
        self.vocab = vocab
        low = doc.text.lower()
        if len(low) != len(doc.text):  # a few characters change length when lower-cased
            low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in doc.text)
        spans: list[tuple[int, int, str, bool]] = []
        anchors: list[int] = []
        stem_codes = vocab.stem_codes
        stem_at = vocab.prefilter.match
        patterns = vocab.patterns
        weak = vocab.weak_patterns or {}
        weak_spans: set[tuple[int, str]] = set()
        self.weak_spans = weak_spans
        # Where the whole first word of a cue or an anchor starts (a space before the text
        # makes its first word count): there, the priorities of the stem the prefilter
        # reads are tried, as at every match of the prefilter; where no first word starts,
        # no cue can, and nothing is tried.
        for hit in vocab.starts.finditer(" " + low):
            pos = hit.start()  # in ``low``: the hit's first character is the added space
            stem = stem_at(low, pos)
            for code in stem_codes.get(stem.group(0), ()) if stem is not None else ():
                if code == _ANCHOR_CODE:
                    if vocab.anchors.match(low, pos):
                        anchors.append(pos)
                    continue
                m = patterns[code].match(low, pos)
                if m:
                    spans.append((pos, m.end(), code, m.group("problem") is not None))
                    wp = weak.get(code)
                    if wp is not None and m.group("cue") is not None and wp.match(m.group(0)):
                        weak_spans.add((pos, code))
        ms = sorted(mentions, key=lambda m: (m.start, m.end))
        spans.sort()
        self.cue_spans = _drop_contained(_outside_names(spans, ms, weak_spans))
        self.cue_starts = [s[0] for s in self.cue_spans]
        self.anchors = anchors
        # a UN peace operation named in the text is an anchor too
        anchors.extend(m.start for m in mentions if m.entity.type == "Mission")
        anchors.sort()
        self.about_peace_operations = len(anchors) * 1000 >= PEACE_DOCUMENT_ANCHORS * max(
            1, len(doc.text)
        )
        self.mentions = ms
        self.mention_starts = [m.start for m in ms]

    def paragraph_opener(self, pos: int) -> EntityRef | None:
        """The state that opens the paragraph holding ``pos`` as its first words ("7. Rwanda
        confirmed ..."), after a number or a bullet: the "it" of the paragraph's later
        sentences in a summary of pledges or a press release's third-person report."""
        start = self.text.rfind("\n", 0, pos) + 1
        lead = _PARAGRAPH_LEAD.match(self.text, start)
        at = lead.end() if lead else start
        i = bisect.bisect_left(self.mention_starts, at)
        if i < len(self.mentions) and self.mentions[i].start == at:
            entity = self.mentions[i].entity
            return entity if entity.type == "State" else None
        return None

    def sentence(self, start: int, end: int) -> _Sentence:
        lo = bisect.bisect_left(self.cue_starts, start)
        hi = bisect.bisect_left(self.cue_starts, end)
        cue_spans = [s for s in self.cue_spans[lo:hi] if s[1] <= end]
        lo = bisect.bisect_left(self.mention_starts, start)
        hi = bisect.bisect_left(self.mention_starts, end)
        mentions = [m for m in self.mentions[lo:hi] if m.end <= end]
        lo = bisect.bisect_left(self.place_starts, start)
        hi = bisect.bisect_left(self.place_starts, end)
        places = self.places[lo:hi]
        priorities: dict[str, bool] = {}
        if cue_spans and self.in_context(start, end):
            if self.weak_spans:
                near = self.near_context(start, end)
                own = near and (self.about_peace_operations or self.own_context(start, end))
                named = own and (
                    self.about_peace_operations
                    or any(m.entity.type == "Mission" for m in mentions)
                    or _PEACEKEEPERS.search(self.text, start, end) is not None
                )
                cue_spans = [
                    c
                    for c in cue_spans
                    if (c[0], c[2]) not in self.weak_spans
                    or (own and (c[2] not in MISSION_AREAS or named))
                    or (near and c[2] in NEAR_AREAS)
                ]
            for _, _, code, problem in cue_spans:
                priorities[code] = priorities.get(code, False) or not problem
        else:
            cue_spans = []
        return _Sentence(start, end, priorities, cue_spans, mentions, places)

    def own_context(self, start: int, end: int) -> bool:
        """Whether the sentence ``start:end`` itself holds a peacekeeping anchor."""
        i = bisect.bisect_left(self.anchors, start)
        return i < len(self.anchors) and self.anchors[i] < end

    def near_context(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.anchors, start - NEAR_WINDOW)
        return i < len(self.anchors) and self.anchors[i] <= end + NEAR_WINDOW

    def in_context(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.anchors, start - ANCHOR_WINDOW)
        return i < len(self.anchors) and self.anchors[i] <= end + ANCHOR_WINDOW
