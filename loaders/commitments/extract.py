"""The orchestration: a document's sentences with targets, through the gates, to commitments.

:func:`extract_commitments` scans the whole text once (:class:`~peacekg.loaders.commitments.
scanner._Scanner`), splits into sentences only the windows around candidate targets, and
makes each sentence with targets (or following one) a :class:`Candidate`. The candidate goes
through :data:`GATES`, an ordered tuple of named checks: the first that turns it down says why
(``Commitment.gate`` of the records in ``Document.skipped``); a candidate that passes them all
gives one commitment per actor and polarity, each naming the rule that proposed it
(``Commitment.rule``). A sentence's contributions to missions (rule ``"contribution-verb"``)
pass the sentence gates only (:data:`SENTENCE_GATES`).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from peacekg.loaders.commitments.actors import (
    _ACTOR_TYPES,
    _THIRD_PARTY_STANCE,
    _delivers,
    _first_person_at,
    _main_clause,
    _same_actor,
    _subject_actor,
    _un_system,
)
from peacekg.loaders.commitments.contributions import (
    _contributes,
    _hosts,
    _mission_contributions,
    _missions_by_place,
    _past_only,
    _peacekeeping_hosts,
    document_places,
)
from peacekg.loaders.commitments.dates import find_dates
from peacekg.loaders.commitments.opposition import (
    _opposed,
    _opposed_topics,
    _wished_reduction,
)
from peacekg.loaders.commitments.quantities import find_quantities
from peacekg.loaders.commitments.scanner import _Scanner, _Sentence
from peacekg.loaders.commitments.sentences import _split, _uncovered, _windows
from peacekg.loaders.commitments.stance import (
    _HEADING_LINE,
    _PLEDGE_FORM,
    _POSITIVE_EVAL,
    _THANKED_FOR,
    _THANKS,
    _past_evaluation,
    stance_of,
)
from peacekg.loaders.commitments.targets import (
    _ANAPHOR,
    _TARGET_TYPES,
    _has_targets,
    _targets,
    _topic_only,
)
from peacekg.loaders.model import Commitment, Document, EntityRef, Mention, Statement

if TYPE_CHECKING:
    from peacekg.loaders.resources import Resources

#: How far above a list item its lead-in may stand (characters).
LEAD_IN_REACH = 3000
# a list item's marker at the start of a line: "1.", "(a)", "b)", "-", "•"
_LIST_ITEM = re.compile(r"[ \t]*(?:\d{1,2}[.)]|\(?[a-z][.)]|[-*•–])[ \t]+")

# where an independent clause starts: after a semicolon
_CLAUSE_BREAK = re.compile(r";\s+")

__all__ = ["GATES", "SENTENCE_GATES", "STANCE_GATES", "Candidate", "Gate", "extract_commitments"]


def extract_commitments(
    doc: Document,
    mentions: list[Mention],
    resources: Resources | None = None,
    skipped: list[Commitment] | None = None,
) -> list[Commitment]:
    """The commitments of ``doc``: actor, stance, targets, evidence, quantities, date, missions.

    ``mentions`` are the document's entity mentions (``find_mentions(doc)``); statements
    come from ``doc.statements`` (speaker attribution); ``resources`` are the pipeline's
    (default: :meth:`~peacekg.loaders.resources.Resources.shared`). Statements of kind
    ``"participation"`` have no text of their own; text outside every statement yields only
    commitments with an explicit actor ("The UN's action plan identifies ..."). The
    candidates a gate turns down are appended to ``skipped``, when given. See the package
    documentation for the rules.
    """
    if not doc.text:
        return []
    if resources is None:
        from peacekg.loaders.resources import Resources

        resources = Resources.shared()
    scanner = _Scanner(
        doc, mentions, resources.cues, document_places(doc.text, resources.reference)
    )
    out: list[Commitment] = []
    regions: list[tuple[int, int, Statement | None]] = [
        (st.start, st.end, st) for st in doc.statements if st.kind != "participation"
    ]
    covered = [(st.start, st.end) for st in doc.statements]
    regions += [(a, b, None) for a, b in _uncovered(len(doc.text), covered)]
    regions.sort(key=lambda r: (r[0], r[1]))
    hosts = _peacekeeping_hosts(resources.reference)
    # a mission named by its place ("our police in Mali") is a candidate target too
    places = {
        m.start for m in scanner.mentions if m.entity.type == "State" and m.entity.key in hosts
    }
    places.update(p[0] for p in scanner.places)
    # where a sentence may have a target without a cue: a target's mention, a mission's place
    named = sorted({m.start for m in scanner.mentions if m.entity.type in _TARGET_TYPES} | places)
    candidates = sorted({s[0] for s in scanner.cue_spans}.union(named))
    for start, end, statement in regions:
        speakers = list(statement.speakers) if statement is not None else []
        lo = bisect.bisect_left(candidates, start)
        hi = bisect.bisect_left(candidates, end)
        for w_start, w_end in _windows(doc.text, candidates[lo:hi], start, end):
            if not _may_have_targets(scanner, named, w_start, w_end):
                continue  # no sentence of the window can: it is not split
            prev: _Sentence | None = None
            for s, e in _split(doc.text, w_start, w_end):
                sent = scanner.sentence(s, e)
                if (
                    _has_targets(sent)
                    or (prev is not None and _has_targets(prev))
                    or _missions_by_place(doc.text, sent, doc.date, resources.reference)
                ):
                    c = Candidate(doc, scanner, resources, sent, speakers, statement, prev)
                    out.extend(c.commitments(skipped))
                prev = sent
    return out


def _may_have_targets(scanner: _Scanner, named: list[int], start: int, end: int) -> bool:
    """Whether a sentence inside ``start:end`` may have a target (or name a mission by its
    place): a cue counts only with a peacekeeping anchor near its sentence, so without an
    anchor near the span (:meth:`~peacekg.loaders.commitments.scanner._Scanner.in_context`)
    only the mentions of ``named`` (sorted starts) inside it can make one."""
    if scanner.in_context(start, end):
        return True
    i = bisect.bisect_left(named, start)
    return i < len(named) and named[i] < end


# -- the gates ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gate:
    """A named check that turns a candidate sentence down: ``skips(candidate)`` is true when
    the sentence is no stance for the reason ``why``."""

    name: str
    why: str
    skips: Callable[[Candidate], bool]


#: The gates of every candidate sentence, stances and contributions to missions alike.
SENTENCE_GATES: tuple[Gate, ...] = (
    Gate("heading", 'a heading ("Statement by ..., Name"), not a stance', lambda c: c.heading),
    Gate("thanks", "thanks, tribute, condolences or gratitude", lambda c: c.thanks),
)
#: The gates of a stance, in order, after :data:`SENTENCE_GATES`.
STANCE_GATES: tuple[Gate, ...] = (
    Gate(
        "no-target",
        "no target, nor an anaphora of the previous sentence's",
        lambda c: not c.targets,
    ),
    Gate("no-actor", "neither the speaker nor a named actor takes a stance", lambda c: not c.rule),
    Gate(
        "topic-only",
        'the targets are only the topic of an event or a text ("the briefing on ...")',
        lambda c: not c.has_cue and _topic_only(c.doc.text, c.sent, c.targets),
    ),
    Gate(
        "past-evaluation",
        'a judgement of worth on the past ("The Force has played a crucial role")',
        lambda c: not c.first_person and not c.call and c.past_evaluation,
    ),
    Gate(
        "no-stance-cue",
        "no first person, no stance cue, no judgement of a named initiative",
        lambda c: c.rule == "initiative-evaluation" and not c.judges_initiative,
    ),
)
#: Every gate, in the order they are tried.
GATES: tuple[Gate, ...] = SENTENCE_GATES + STANCE_GATES


# -- one candidate sentence -----------------------------------------------------------------------


class Candidate:
    """One sentence with targets (or following one): what the gates and the rules read of it,
    each feature computed when a gate or a rule first asks for it."""

    doc: Document
    sent: _Sentence

    def __init__(
        self,
        doc: Document,
        scanner: _Scanner,
        resources: Resources,
        sent: _Sentence,
        speakers: Sequence[EntityRef],
        statement: Statement | None,
        prev: _Sentence | None,
    ) -> None:
        self.doc, self.scanner, self.resources = doc, scanner, resources
        self.sent, self.speakers, self.statement, self.prev = sent, speakers, statement, prev
        self.text = doc.text[sent.start : sent.end]

    # -- features --------------------------------------------------------------------------------

    @functools.cached_property
    def clause(self) -> int:
        """Offset in :attr:`text` of the main clause (after "Firstly,", "With regard to X,")."""
        return _main_clause(self.text)

    @property
    def main(self) -> str:
        return self.text[self.clause :]

    @property
    def heading(self) -> bool:
        return bool(_HEADING_LINE.match(self.text))

    @property
    def thanks(self) -> bool:
        return bool(
            _THANKS.match(self.main) or _THANKS.match(self.text) or _THANKED_FOR.search(self.text)
        )

    @functools.cached_property
    def _targets(self) -> tuple[list[EntityRef], list[EntityRef], int]:
        """Targets, those borrowed from the previous sentence, and where the evidence starts."""
        sent, prev, vocab, text = self.sent, self.prev, self.scanner.vocab, self.doc.text
        targets = _targets(sent, vocab, text)
        # an anaphoric object borrows the previous sentence's targets
        if prev is not None and _ANAPHOR.search(self.text):
            borrowed = [
                t
                for t in _targets(prev, vocab, text)
                if t not in targets and (not targets or t.type in ("Initiative", "Resolution"))
            ]
            if borrowed:
                return targets + borrowed, borrowed, prev.start
        return targets, [], sent.start

    @property
    def targets(self) -> list[EntityRef]:
        return self._targets[0]

    @functools.cached_property
    def _actors(self) -> tuple[list[EntityRef], str, bool, int | None, int, EntityRef | None]:
        """The actors, the rule that makes them actors, whether they speak in the first person,
        where the agent stands (for contributions), where the subject's clause ends, and the
        actor named at the head of the main clause."""
        sent, speakers, text = self.sent, self.speakers, self.doc.text
        start = sent.start + self.clause
        first_at = _first_person_at(self.text, self.doc.kind)
        subject, limit = _subject_actor(text, sent, start, self.resources.matcher)
        reference = self.resources.reference
        if (
            subject is not None
            and speakers
            and (
                _same_actor(subject, speakers)
                or (
                    _un_system(subject, reference)
                    and all(_un_system(s, reference) for s in speakers)
                )
                or _delivers(subject, self.statement)
            )
        ):
            # the speaker named in the third person ("Estonia will ...", "the United Nations
            # remains committed" said by a UN department)
            return list(speakers), "speaker-named", True, start, limit, subject
        if subject is not None and _THIRD_PARTY_STANCE.match(text, limit, sent.end):
            # a named actor with its own stance verb: "Indonesia deployed", "X identifies"
            return [subject], "named-actor", True, start, limit, subject
        first_person = first_at is not None and bool(speakers)
        if speakers and (subject is None or self.call or first_person):
            # the speaker's own words; an obligation laid on someone is the speaker's call
            agent_at = sent.start + first_at if first_at is not None else None
            if first_person:
                rule = "first-person"
            elif self.has_cue:
                rule = "stance-cue"
            else:
                rule = "initiative-evaluation"
            return list(speakers), rule, first_person, agent_at, limit, subject
        if speakers:
            # a later independent clause whose subject is the speaker: "The Republic of Korea
            # has presented the Seoul Initiative; Uruguay supports the initiative"
            for semi in _CLAUSE_BREAK.finditer(text, start, sent.end):
                later, later_limit = _subject_actor(text, sent, semi.end(), self.resources.matcher)
                if later is not None and _same_actor(later, speakers):
                    return list(speakers), "speaker-named", True, semi.end(), later_limit, later
        return [], "", False, None, limit, subject

    @property
    def actors(self) -> list[EntityRef]:
        return self._actors[0]

    @property
    def rule(self) -> str:
        """The rule that makes the actors take a stance (``""``: none)."""
        return self._actors[1]

    @property
    def first_person(self) -> bool:
        return self._actors[2]

    @functools.cached_property
    def call(self) -> bool:
        return bool(self.scanner.vocab.stances["CallForAction"].search(self.text))

    @functools.cached_property
    def lead_in(self) -> str | None:
        """The line that introduces the list whose item this sentence opens ("Uruguay makes
        the following pledges:" before "1. To register ..."), when it ends with a colon."""
        text, start = self.doc.text, self.sent.start
        line = text.rfind("\n", 0, start) + 1
        item = _LIST_ITEM.match(text, line)
        if item is None or start > item.end() + 1:
            return None
        while line > 0 and start - line < LEAD_IN_REACH:
            prev = text.rfind("\n", 0, line - 1) + 1
            above = text[prev : line - 1].strip()
            line = prev
            if not above or _LIST_ITEM.match(above):
                continue
            return above if above.endswith(":") else None
        return None

    @functools.cached_property
    def _own_cue(self) -> tuple[str, str] | None:
        """The first stance cue of the sentence itself and its kind."""
        return self.scanner.vocab.stance_cue(self.text)

    @functools.cached_property
    def cue(self) -> tuple[str, str] | None:
        """The first stance cue of the sentence and its kind (for a list item without one of
        its own, its lead-in's: "we pledge the following:")."""
        if self._own_cue is None and self.lead_in is not None:
            return self.scanner.vocab.stance_cue(self.lead_in)
        return self._own_cue

    @property
    def stance_text(self) -> str:
        """The words that give the stance: the sentence, after its lead-in when its cue is
        the lead-in's."""
        if self._own_cue is None and self.lead_in is not None:
            return self.lead_in + " " + self.text
        return self.text

    @property
    def has_cue(self) -> bool:
        return self.cue is not None

    @property
    def past_evaluation(self) -> bool:
        # a press release reports its speakers' words with the tenses shifted back
        reported = self.doc.kind == "press-release" and self.statement is not None
        return _past_evaluation(self.text, self.main, self.scanner.vocab, reported=reported)

    @property
    def judges_initiative(self) -> bool:
        """A positive judgement of an initiative or resolution named at the head of the
        sentence ("The A4P initiative has proved effective")."""
        limit = self._actors[4]
        head = any(
            m.entity.type in ("Initiative", "Resolution") and m.start < limit
            for m in self.sent.mentions
        )
        return head and bool(_POSITIVE_EVAL.search(self.main))

    # -- gates and rules ---------------------------------------------------------------------

    def gate(self, gates: Sequence[Gate]) -> Gate | None:
        """The first of ``gates`` that turns the sentence down, or ``None``."""
        return next((g for g in gates if g.skips(self)), None)

    def commitments(self, skipped: list[Commitment] | None = None) -> list[Commitment]:
        """The commitments of the sentence: its stances, and the contributions to missions it
        reports; the gate that turned it down goes to ``skipped`` (when given)."""
        gate = self.gate(SENTENCE_GATES)
        if gate is not None:
            self._skip(gate, skipped)
            return []
        gate = self.gate(STANCE_GATES)
        if gate is not None:
            self._skip(gate, skipped)
        out = self._stances() if gate is None else []
        if _past_only(self.text, self.doc.date):
            for c in out:
                c.contributes_to = []  # a deployment of long ago is history, not a contribution
        self._add_contributions(out)
        return out

    def _record(self, actor: EntityRef, stance: str, targets: list[EntityRef], **kw) -> Commitment:
        start = self._targets[2] if self.rule else self.sent.start
        cue, kind = self.cue or (None, None)
        return Commitment(
            actor=actor,
            stance=stance,
            targets=list(targets),
            evidence=self.doc.text[start : self.sent.end],
            start=start,
            end=self.sent.end,
            statement=self.statement.index if self.statement is not None else None,
            cue=cue,
            cue_kind=kind,
            **kw,
        )

    def _skip(self, gate: Gate, skipped: list[Commitment] | None) -> None:
        if skipped is None:
            return
        actors = self.actors if gate.name not in ("heading", "thanks", "no-target") else []
        cue, kind = self.cue or (None, None)
        for actor in actors or self.speakers:
            skipped.append(
                Commitment(
                    actor=actor,
                    stance=kind or "Support",
                    targets=list(self.targets) if gate.name != "heading" else [],
                    evidence=self.text,
                    start=self.sent.start,
                    end=self.sent.end,
                    statement=self.statement.index if self.statement is not None else None,
                    rule=self.rule if actors else "",
                    cue=cue,
                    cue_kind=kind,
                    gate=gate.name,
                )
            )

    def _stances(self) -> list[Commitment]:
        """One commitment per actor and polarity (backing, opposition)."""
        text, sent, targets = self.doc.text, self.sent, self.targets
        opposed = _opposed(text, sent, targets)
        borrowed = self._targets[1]
        if borrowed and _wished_reduction(self.text):
            # "Such tasks should be reduced": the reduction's object is the previous sentence's
            opposed |= {t for t in borrowed if t.type == "Priority"}
        topics = _opposed_topics(text, sent, opposed)
        backed = [
            t for t in targets
            if t not in opposed and not (t.type == "Priority" and t.key in topics)
        ]  # fmt: skip
        named = self.first_person or self._actors[5] is not None
        stance = stance_of(self.stance_text, named, self.scanner.vocab)
        quantities = find_quantities(self.text)
        dates = find_dates(self.text, self.doc.date)
        agent_at = self._actors[3]
        out: list[Commitment] = []
        for actor in self.actors:
            if actor.type not in _ACTOR_TYPES:
                continue
            reference = self.resources.reference
            if backed:
                own = stance
                if stance in ("Pledge", "Contribution") and all(
                    t.type == "Mission" and _hosts(actor, t, reference) for t in backed
                ):
                    own = "Support"  # a mission's host state is not its contributor
                missions = _contributes(text, sent, actor, own, agent_at, reference)
                out.append(
                    self._record(
                        actor,
                        own,
                        backed,
                        quantities=list(quantities),
                        date=dates[0] if dates else None,
                        contributes_to=missions,
                        rule=self.rule,
                    )
                )
            if opposed:
                opposing = [t for t in targets if t in opposed]
                out.append(self._record(actor, "Opposition", opposing, rule=self.rule))
        return out

    def _add_contributions(self, out: list[Commitment]) -> None:
        """The sentence's contributions to missions: joined to the actor's Pledge or
        Contribution of the sentence, else a commitment of their own."""
        opener = None if self.speakers else self.scanner.paragraph_opener(self.sent.start)
        found = _mission_contributions(
            self.doc, self.sent, self.speakers, self.resources.reference, opener
        )
        for actor, missions in found.items():
            host = next(
                (c for c in out if c.actor == actor and c.stance in ("Pledge", "Contribution")),
                None,
            )
            if host is not None:
                host.contributes_to.extend(m for m in missions if m not in host.contributes_to)
                continue
            cue, kind = self.cue or (None, None)
            out.append(
                Commitment(
                    actor=actor,
                    stance="Pledge" if _PLEDGE_FORM.search(self.text) else "Contribution",
                    targets=list(missions),
                    evidence=self.text,
                    start=self.sent.start,
                    end=self.sent.end,
                    statement=self.statement.index if self.statement is not None else None,
                    quantities=find_quantities(self.text),
                    contributes_to=list(missions),
                    rule="contribution-verb",
                    cue=cue,
                    cue_kind=kind,
                )
            )
