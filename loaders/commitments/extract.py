"""The orchestration: a document's sentences with targets, turned into commitments.

:func:`extract_commitments` scans the whole text once (:class:`~peacekg.loaders.commitments.
scanner._Scanner`), splits into sentences only the windows around candidate targets, and
applies to each sentence with targets (or following one) the rules of
:mod:`peacekg.loaders.commitments`, in order.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

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
    _mission_contributions,
    _past_only,
)
from peacekg.loaders.commitments.dates import find_dates
from peacekg.loaders.commitments.opposition import _opposed, _wished_reduction
from peacekg.loaders.commitments.quantities import find_quantities
from peacekg.loaders.commitments.scanner import _Scanner, _Sentence
from peacekg.loaders.commitments.sentences import _split, _uncovered, _windows
from peacekg.loaders.commitments.stance import (
    _HEADING_LINE,
    _PLEDGE_FORM,
    _POSITIVE_EVAL,
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

__all__ = ["extract_commitments"]


def extract_commitments(doc: Document, mentions: list[Mention]) -> list[Commitment]:
    """The commitments of ``doc``: actor, stance, targets, evidence, quantities, date, missions.

    ``mentions`` are the document's entity mentions (``find_mentions(doc)``); statements
    come from ``doc.statements`` (speaker attribution). Statements of kind
    ``"participation"`` have no text of their own; text outside every statement yields only
    commitments with an explicit actor ("The UN's action plan identifies ..."). See the
    module documentation for the rules.
    """
    if not doc.text:
        return []
    scanner = _Scanner(doc, mentions)
    out: list[Commitment] = []
    regions: list[tuple[int, int, Statement | None]] = [
        (st.start, st.end, st) for st in doc.statements if st.kind != "participation"
    ]
    covered = [(st.start, st.end) for st in doc.statements]
    regions += [(a, b, None) for a, b in _uncovered(len(doc.text), covered)]
    regions.sort(key=lambda r: (r[0], r[1]))
    candidates = sorted(
        {s[0] for s in scanner.cue_spans}
        | {m.start for m in scanner.mentions if m.entity.type in _TARGET_TYPES}
    )
    for start, end, statement in regions:
        speakers = list(statement.speakers) if statement is not None else []
        lo = bisect.bisect_left(candidates, start)
        hi = bisect.bisect_left(candidates, end)
        for w_start, w_end in _windows(doc.text, candidates[lo:hi], start, end):
            prev: _Sentence | None = None
            for s, e in _split(doc.text, w_start, w_end):
                sent = scanner.sentence(s, e)
                if _has_targets(sent) or (prev is not None and _has_targets(prev)):
                    out.extend(
                        _commitments_for_sentence(doc, scanner, sent, speakers, statement, prev)
                    )
                prev = sent
    return out


def _commitments_for_sentence(
    doc: Document,
    scanner: _Scanner,
    sent: _Sentence,
    speakers: Sequence[EntityRef],
    statement: Statement | None,
    prev: _Sentence | None,
) -> list[Commitment]:
    """The commitments of one sentence: its stances (:func:`_stance_commitments`) and the
    contributions to missions it reports."""
    s_text = doc.text[sent.start : sent.end]
    if _HEADING_LINE.match(s_text):
        return []  # "Statement by ..., Name": a heading, not a stance
    out = _stance_commitments(doc, scanner, sent, speakers, statement, prev)
    if _past_only(s_text, doc.date):
        for c in out:
            c.contributes_to = []  # a deployment of long ago is history, not a contribution
    if _THANKS.match(s_text) or _THANKS.match(s_text[_main_clause(s_text) :]):
        return out
    for actor, missions in _mission_contributions(doc, sent, speakers).items():
        host = next(
            (c for c in out if c.actor == actor and c.stance in ("Pledge", "Contribution")), None
        )
        if host is not None:
            host.contributes_to.extend(m for m in missions if m not in host.contributes_to)
            continue
        out.append(
            Commitment(
                actor=actor,
                stance="Pledge" if _PLEDGE_FORM.search(s_text) else "Contribution",
                targets=list(missions),
                evidence=s_text,
                start=sent.start,
                end=sent.end,
                statement=statement.index if statement is not None else None,
                quantities=find_quantities(s_text),
                contributes_to=list(missions),
            )
        )
    return out


def _stance_commitments(
    doc: Document,
    scanner: _Scanner,
    sent: _Sentence,
    speakers: Sequence[EntityRef],
    statement: Statement | None,
    prev: _Sentence | None,
) -> list[Commitment]:
    """The stances of one sentence, one per actor and polarity (backing, opposition)."""
    text = doc.text
    s_text = text[sent.start : sent.end]
    clause = _main_clause(s_text)
    main = s_text[clause:]
    if _THANKS.match(main) or _THANKS.match(s_text):
        return []
    ev_start = sent.start
    borrowed_from_prev: list[EntityRef] = []
    targets = _targets(sent, scanner.vocab, text)
    # an anaphoric object borrows the previous sentence's targets
    if prev is not None and _ANAPHOR.search(s_text):
        prev_targets = _targets(prev, scanner.vocab, text)
        borrowed = [
            t
            for t in prev_targets
            if t not in targets and (not targets or t.type in ("Initiative", "Resolution"))
        ]
        if borrowed:
            targets += borrowed
            borrowed_from_prev = borrowed
            ev_start = prev.start
    if not targets:
        return []

    first_at = _first_person_at(s_text, doc.kind)
    first_person = first_at is not None and bool(speakers)
    subject, limit = _subject_actor(text, sent, sent.start + clause)
    call = bool(scanner.vocab.stances["CallForAction"].search(s_text))
    actors: list[EntityRef]
    agent_at: int | None = None
    if (
        subject is not None
        and speakers
        and (
            _same_actor(subject, speakers)
            or (_un_system(subject) and all(_un_system(s) for s in speakers))
            or _delivers(subject, statement)
        )
    ):
        # the speaker named in the third person ("Estonia will ...", "the United Nations
        # remains committed" said by a UN department)
        actors, first_person, agent_at = list(speakers), True, sent.start + clause
    elif subject is not None and _THIRD_PARTY_STANCE.match(text, limit, sent.end):
        # a named actor with its own stance verb: "Indonesia deployed", "X identifies"
        actors, first_person, agent_at = [subject], True, sent.start + clause
    elif speakers and (subject is None or call or first_person):
        # the speaker's own words; an obligation laid on someone is the speaker's call
        actors = list(speakers)
        if first_at is not None:
            agent_at = sent.start + first_at
    else:
        return []
    has_cue = bool(scanner.vocab.any_stance.search(s_text))
    if not has_cue and _topic_only(text, sent, targets):
        return []  # "I listened to the briefing on triangular partnerships": a theme
    if not first_person and not call and _past_evaluation(s_text, main, scanner.vocab):
        return []  # "The Force has played a crucial role": a tribute to the past
    # a stance needs the first person, a stance cue, or a judgement of a named initiative
    if not first_person and not has_cue:
        head_targets = any(
            m.entity.type in ("Initiative", "Resolution") and m.start < limit for m in sent.mentions
        )
        if not (head_targets and _POSITIVE_EVAL.search(main)):
            return []
    opposed = _opposed(text, sent, targets)
    if borrowed_from_prev and _wished_reduction(s_text):
        # "Such tasks should be reduced": the reduction's object is the previous sentence's
        opposed |= {t for t in borrowed_from_prev if t.type == "Priority"}
    backed = [t for t in targets if t not in opposed]
    stance = stance_of(s_text, first_person or subject is not None, scanner.vocab)
    quantities = find_quantities(s_text)
    dates = find_dates(s_text, doc.date)
    out: list[Commitment] = []
    index = statement.index if statement is not None else None
    evidence = text[ev_start : sent.end]
    for actor in actors:
        if actor.type not in _ACTOR_TYPES:
            continue
        if backed:
            out.append(
                Commitment(
                    actor=actor,
                    stance=stance,
                    targets=list(backed),
                    evidence=evidence,
                    start=ev_start,
                    end=sent.end,
                    statement=index,
                    quantities=list(quantities),
                    date=dates[0] if dates else None,
                    contributes_to=_contributes(text, sent, actor, stance, agent_at),
                )
            )
        if opposed:
            out.append(
                Commitment(
                    actor=actor,
                    stance="Opposition",
                    targets=[t for t in targets if t in opposed],
                    evidence=evidence,
                    start=ev_start,
                    end=sent.end,
                    statement=index,
                )
            )
    return out
