"""Commitments: who backs or opposes which A4P priority, initiative, resolution or mission.

:func:`extract_commitments` reads every sentence of every statement of a document and
returns :class:`~peacekg.loaders.model.Commitment` records, each with its verbatim evidence
(``evidence == doc.text[start:end]``). The rules, in order:

1. **Targets.** The eight A4P priorities are recognised with the cue vocabulary of
   ``ontology/a4p-cues.ttl`` (``pk:cue`` / ``pk:problemCue`` / ``pk:contextCue`` literals,
   one compiled regular expression per priority, run once over the whole text). Initiatives,
   resolutions and missions come from the entity mentions inside the sentence; initiatives
   and resolutions that the TTL relates to a priority (``skos:related``: resolution 1325 ->
   ``wps``) add that priority. A priority counts only near peacekeeping talk (an anchor such
   as "peacekeeping", "blue helmets", "troop-contributing" or a named mission within
   :data:`ANCHOR_WINDOW` characters; for a generic ``pk:contextCue``, within
   :data:`NEAR_WINDOW`), so a General Debate speech's "human rights" in a paragraph about
   trade is not ``protection``.
   A sentence without targets is skipped; a sentence whose object is anaphoric ("We must
   continue down *this path*", "We endorse *these* approaches") borrows the targets of the
   previous sentence, and its evidence spans both sentences.
2. **Not a stance.** Thanks, tribute, condolences and gratitude ("I thank the
   Under-Secretary-General ...") are skipped; so is a sentence without a stance cue whose
   targets are only the topic of an event or a text ("I listened to the briefing on
   triangular partnerships").
3. **Actor.** The speaker(s) of the statement (one commitment per speaker of a joint
   statement), when the sentence speaks in the first person (we, I, our, my delegation,
   my country, the Government, the Administration; he/she in a press release), or when it
   calls on anyone (must, should, need to, urge, encourage). An explicit actor at the head
   of the main clause ("Estonia plans to ...", "The UN's A4P Implementation Action Plan
   identifies ...") is the actor; it is the speaker when it names the speaker, or when both
   belong to the UN system ("the United Nations remains committed", said by a UN
   department). Text outside any statement (an event page's description) only yields
   commitments with such an explicit actor. Actors are States, Organizations or Persons,
   never priorities.
4. **Stance.** Sentences without a first-person subject need a stance cue
   (``pk:stanceCue`` of ``ontology/stance-cues.ttl``: an obligation, an importance word, a
   support verb). The stance is
   ``Opposition`` for targets that the actor wants reduced, cut, deprioritised or rejected
   (``opposition``: the negation of a reduction, "should not be cut", is support; reducing
   a harm named by a ``pk:problemCue`` backs the priority); otherwise ``Pledge`` (future
   first-person commitments), ``Contribution`` (the actor's own deployments, funding,
   training, launched work), ``CallForAction`` (obligations, urging) or ``Support``.
5. **Quantities and dates.** Personnel/units/assets ("210 peacekeepers", "a 250-strong task
   force"), money ("$5 million", "US$ 1.2 billion", "EUR 3 million") and percentages ("15 per
   cent") in the evidence; a deadline "by 2028" / "by the end of 2021" as an ISO date.
6. **Contributions to missions.** A Pledge or Contribution of personnel, units, funds or
   assets whose agent is the actor (first person or named, not an agentless passive), with
   mission mentions in the sentence, fills ``contributes_to``. UN-system actors deploy but
   do not contribute. A mission may be named by its host state ("our police in Mali" in
   2019: MINUSMA) when exactly one peacekeeping operation ran there at the document's date,
   or exactly one of the state's own beside operations shared with other states ("in
   Lebanon": UNIFIL, not UNTSO); the owner of the personnel may come after them ("a police
   team in Mali were part of his country's contribution").

Everything runs on compiled regular expressions over the whole text; the per-sentence work
only happens for sentences that contain a target.

The modules of the package, by the rules they hold:

* ``cues``: the cue vocabularies of ``a4p-cues.ttl`` and ``stance-cues.ttl`` (stance cues,
  peacekeeping anchors), compiled (:func:`load_cues`);
* ``scanner``: the whole-text scan for cues and peacekeeping anchors, sliced per sentence;
* ``sentences``: the windows of text around candidate targets, split into sentences;
* ``targets``: rule 1, and the passing themes of rule 2;
* ``stance``: the stance of a sentence, thanks and headings (rules 2 and 4);
* ``actors``: rule 3;
* ``opposition``: the ``Opposition`` of rule 4;
* ``quantities`` and ``dates``: rule 5 (:func:`find_quantities`, :func:`find_dates`);
* ``contributions``: rule 6;
* ``extract``: :func:`extract_commitments`: each candidate sentence through the named gates
  (``GATES``, rules 1 to 4) and the rules that propose commitments (``Commitment.rule``).
"""

from __future__ import annotations

from peacekg.loaders.commitments.cues import (
    PRIORITY_CODES,
    STANCE_KINDS,
    CueVocabulary,
    compile_cue,
    load_cues,
)
from peacekg.loaders.commitments.dates import find_dates
from peacekg.loaders.commitments.extract import extract_commitments
from peacekg.loaders.commitments.quantities import find_quantities
from peacekg.loaders.commitments.scanner import ANCHOR_WINDOW, NEAR_WINDOW

__all__ = [
    "ANCHOR_WINDOW",
    "NEAR_WINDOW",
    "PRIORITY_CODES",
    "STANCE_KINDS",
    "CueVocabulary",
    "compile_cue",
    "extract_commitments",
    "find_dates",
    "find_quantities",
    "load_cues",
]
