"""What the extraction reads from the package's data, loaded once and given to the pipeline.

A :class:`Resources` holds the reference tables, the entity matcher compiled from them (names,
UN head titles, senior officials) and the cue vocabularies (A4P cues, stance cues, peacekeeping
anchors). :class:`peacekg.loaders.pipeline.Pipeline` is built with one and hands it to each of
its steps, so no step reads a file or a process-wide cache of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from peacekg.loaders.commitments.cues import CueVocabulary, load_cues
from peacekg.loaders.entities import EntityMatcher, get_matcher
from peacekg.ontology.reference import Reference, load_reference

__all__ = ["Resources"]


@dataclass(frozen=True)
class Resources:
    """The reference data, the entity matcher and the cue vocabularies of one pipeline."""

    reference: Reference
    matcher: EntityMatcher
    cues: CueVocabulary

    @classmethod
    def load(cls, reference: Reference | None = None) -> Resources:
        """Compile a new matcher and vocabulary from ``reference`` (default: the package's
        reference tables)."""
        reference = reference or load_reference()
        return cls(reference=reference, matcher=EntityMatcher(reference), cues=load_cues())

    @classmethod
    def shared(cls) -> Resources:
        """The resources of the package's default matcher, for callers that run one step
        outside a pipeline (tests, the evaluation)."""
        return cls(reference=load_reference(), matcher=get_matcher(), cues=load_cues())
