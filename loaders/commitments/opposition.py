"""Opposition: the targets an actor wants reduced, cut, deprioritised, rejected or opposed.

A trigger is an opposing verb ("oppose", "reject", "cannot accept", "overloaded with") or a
reduction ("reduce", "cut", "scale back") that the actor wishes ("must", "should", "call
for" before it) and does not negate ("should not be cut" is support). The priorities named by
cues after a trigger, and the initiatives and resolutions mentioned there, in the same clause,
are opposed, unless a harm stands between them ("reduce the gaps in ..."), an obstruction of
the target ("opposed to any attempt to undermine resolution 435": rejecting what obstructs a
target backs it) or a backing of it ("reject this linkage and support the plan"); the harms of
a ``pk:problemCue`` are never opposed (reducing them backs the priority). Regretting,
deploring or denouncing a target opposes it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from peacekg.loaders.commitments.scanner import _Sentence
from peacekg.loaders.commitments.targets import _priority_ref
from peacekg.loaders.model import EntityRef

_OPPOSE = re.compile(
    r"\b(?:oppos(?:e|es|ed|ing)|reject(?:s|ed|ing)?|(?:cannot|can ?not|do not|does not"
    r"|will not|won't|don't|doesn't|could not|unable to|not able to)"
    r" (?:accept|support|endorse|agree (?:to|with))"
    r"|object(?:s|ed)? to|(?:are|is|am) against|disagree(?:s)? with"
    # a mandate weighed down by tasks: "overloaded with secondary tasks, such as ..."
    r"|(?:over)?(?:loaded|burdened) with|overburdened with|saddled with"
    r"|(?:over)?(?:load|burden)(?:s|ing)?(?: \w+){1,2} with"
    # regret or denunciation: "we deplore resolution ...", "regret the adoption of"
    r"|deplor(?:e|es|ed|ing)|denounc(?:e|es|ed|ing)|regret(?:s|ted)?(?! that))\b",
    re.IGNORECASE,
)
# between a trigger and a target: an obstruction of the target, which the trigger rejects
# ("oppose any attempt to undermine", "rejected this linkage as contravening", "deplore what
# is contrary to"), or a backing of it ("opposed to any negotiation ... to support the
# initiative", "as pledged in"): the target is then backed, not opposed
_NOT_OPPOSED = re.compile(
    r"\b(?:undermin\w*|obstruct\w*|block\w*|circumvent\w*|sabotag\w*|subvert\w*|erod\w*"
    r"|dilut\w*|weaken\w*|violat\w*|contraven\w*|breach\w*|distort\w*|alter(?:s|ed|ing)?"
    r"|chang(?:e|es|ed|ing)|revis(?:e|es|ed|ing|ion)|renegotiat\w*|derail\w*|frustrat\w*"
    r"|thwart\w*|imped\w*|hinder\w*|hamper\w*|jeopardi[sz]\w*|defy\w*|defian\w*"
    r"|disregard\w*|flout\w*|evad\w*|evasion|failures?|refus\w*|delay\w*|non-?implementation"
    r"|non-?compliance|linkage|support(?:s|ed|ing)?|back(?:s|ed|ing)?|endors\w*|uphold\w*"
    r"|defend\w*|implement(?:s|ed|ing)?|as pledged|in accordance with|according to|in line with"
    r"|consistent with|pursuant to"
    # what runs against the target ("deplores the rivalry, which is contrary to the
    # Declaration") or a call to honour it ("regret ... and appeal to UNITA to fulfil
    # resolution 864")
    r"|contrary to|counter to|incompatible with|inconsistent with|at odds with|fulfil\w*"
    r"|compl(?:y|ies|ied|iance) with|abid(?:e|es|ing) by|honou?r(?:s|ed|ing)?"
    # what the rejected attempt would harm: "rejects any attempt to balance budgets at the
    # expense of medical support"
    r"|at the (?:expense|cost) of|to the detriment of)\b",
    re.IGNORECASE,
)
_REDUCE = re.compile(
    # lifting a sanctions regime or an embargo a resolution imposed ("call for lifting the
    # arms embargo of resolution 713") is wanting the resolution undone
    r"(?<![\w-])(?:lift(?:s|ed|ing)?(?: of)? the (?:\w+ )?(?:sanctions|embargo)"
    r"|reductions? (?:in|of)|reduc(?:e|ed|es|ing)|cut(?:s|ting)?(?: back)?"
    r"|scal(?:e|ed|ing) back|de-?prioriti[sz]\w*|curtail\w*|eliminat(?:e|ed|ing)"
    r"|remov(?:e|ed|ing)|fewer|less emphasis on|downsiz\w*)(?![\w-])",
    re.IGNORECASE,
)
_DESIRE = re.compile(
    r"\b(?:must|should|needs? to|call(?:s|ed)? for|propos(?:e|es|ed)|favou?r(?:s)?|wants?"
    r"|wish(?:es)?|seeks?|it is (?:necessary|time|essential)|ought to|have to|has to"
    r"|accompanied by|we support|we advocate)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:not|never|no|without|nor)\b(?:\s+\w+){0,2}\s*$", re.IGNORECASE)
# a reduced harm between the trigger and the cue: "reduce the gaps in equipment"
_HARM_NOUN = re.compile(
    r"\b(?:gaps?|risks?|threats?|violations?|attacks?|spread|burdens?|costs?|duplications?"
    r"|barriers?|obstacles?|impacts?|shortfalls?|deficits?|challenges?|allegations?"
    r"|incidents?|cases?|abuses?|footprint|fatalit(?:y|ies)|casualt(?:y|ies)|number of)\b",
    re.IGNORECASE,
)


def _opposed(doc_text: str, sent: _Sentence, targets: Sequence[EntityRef]) -> set[EntityRef]:
    """Targets the sentence's actor wants reduced, cut, deprioritised, rejected or opposed."""
    text = doc_text[sent.start : sent.end]
    out: set[EntityRef] = set()
    triggers: list[tuple[int, int]] = []
    for m in _OPPOSE.finditer(text):
        triggers.append((m.start(), m.end()))
    for m in _REDUCE.finditer(text):
        before = text[: m.start()]
        if _NEGATION.search(before):
            continue  # "should not be cut": keeping it, i.e. support
        if not _DESIRE.search(before):
            continue  # a reported reduction, not the actor's wish
        triggers.append((m.start(), m.end()))
    if not triggers:
        return out
    for _t_start, t_end in triggers:
        clause_end = len(text)
        stop = re.search(r"[;.]|\bbut\b|\bwhile\b|\bwhereas\b", text[t_end:])
        if stop:
            clause_end = t_end + stop.start()
        clause_end = min(clause_end, t_end + 250)
        for c_start, _c_end, code, problem in sent.cue_spans:
            rel = c_start - sent.start
            if problem or not (t_end <= rel < clause_end):
                continue
            if _HARM_NOUN.search(text[t_end:rel]) or _NOT_OPPOSED.search(text[t_end:rel]):
                continue
            out.add(_priority_ref(code))
        for mention in sent.mentions:
            rel = mention.start - sent.start
            if (
                mention.entity.type in ("Initiative", "Resolution")
                and t_end <= rel < clause_end
                and not _HARM_NOUN.search(text[t_end:rel])
                and not _NOT_OPPOSED.search(text[t_end:rel])
            ):
                out.add(mention.entity)
    return {t for t in out if t in targets}


def _wished_reduction(text: str) -> bool:
    """Whether the sentence wishes something reduced (not negated, not reported)."""
    if _OPPOSE.search(text):
        return True
    for m in _REDUCE.finditer(text):
        before = text[: m.start()]
        if _DESIRE.search(before) and not _NEGATION.search(before):
            return True
    return False


# what a resolution or initiative is about, right after its name: "resolution 2467 (2019) on"
_TOPIC_AFTER = re.compile(
    r"\s*(?:\(\d{4}\)\s*)?,?\s*(?:on|concerning|regarding|about|relating to)\s", re.IGNORECASE
)


def _opposed_topics(doc_text: str, sent: _Sentence, opposed: set[EntityRef]) -> set[str]:
    """The priorities cued only in the topic of an opposed resolution or initiative
    ("unable to support resolution 2467 (2019) on sexual violence in conflict"): opposing the
    text is no backing of its subject, whatever the harm cue would say alone."""
    regions = []
    for m in sent.mentions:
        if m.entity in opposed:
            topic = _TOPIC_AFTER.match(doc_text, m.end, sent.end)
            if topic:
                regions.append((topic.end(), min(sent.end, topic.end() + 60)))
    if not regions:
        return set()
    spans: dict[str, list[bool]] = {}
    for c_start, _c_end, code, _problem in sent.cue_spans:
        spans.setdefault(code, []).append(any(a <= c_start < b for a, b in regions))
    return {code for code, inside in spans.items() if all(inside)}
