"""One Document through one Pipeline: entity mentions, speakers, commitments.

A :class:`Pipeline` is built once (per worker process) with its :class:`~peacekg.loaders.
resources.Resources` and runs its named steps in order over a
:class:`~peacekg.loaders.model.Document`, each reading what the earlier ones left on it and
adding its own layer:

0. ``language``: the document's language (``doc.extra["language"]``), with a warning when
   the rules do not read it (they read English);
1. ``mentions``: the entity mentions of the whole text (``doc.mentions``);
2. ``speakers``: statements, participants and hosts (``doc.statements``...), each statement
   naming the attribution component that found it;
3. ``people``: the people that speaker attribution named, added to ``doc.mentions`` where
   their names occur, every person keyed by the fullest name the document gives;
4. ``commitments``: in ``doc.commitments`` the candidate commitments the rules propose (one
   actor, one stance, one or more targets), and in ``doc.skipped`` the candidate sentences a
   gate turned down, with the gate's name;
5. ``confidence``: one commitment per target of each candidate, with its calibrated
   confidence (:mod:`peacekg.loaders.confidence`); a pipeline built with ``score=False``
   leaves the candidates as the rules proposed them (the training reads candidates so).

:func:`extract` reads a file and runs the process's pipeline over it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from peacekg.loaders.commitments import extract_commitments
from peacekg.loaders.confidence import score_commitments
from peacekg.loaders.entities import people_mentions
from peacekg.loaders.entities.symbols import document_year
from peacekg.loaders.language import RULES_LANGUAGE, detect_language, language_warning
from peacekg.loaders.model import Document, Extraction
from peacekg.loaders.read import read_document
from peacekg.loaders.resources import Resources
from peacekg.loaders.speakers import attribute_speakers

__all__ = ["Pipeline", "extract", "prepare"]


class Pipeline:
    """The extraction steps over one document, with the resources they are given.

    >>> pipeline = Pipeline()
    >>> [name for name, _ in pipeline.steps]
    ['language', 'mentions', 'speakers', 'people', 'commitments', 'confidence']
    >>> [name for name, _ in Pipeline(pipeline.resources, score=False).steps][-1]
    'commitments'
    """

    def __init__(self, resources: Resources | None = None, *, score: bool = True) -> None:
        self.resources = resources or Resources.load()
        steps: list[tuple[str, Callable[[Document], None]]] = [
            ("language", self._language),
            ("mentions", self._mentions),
            ("speakers", self._speakers),
            ("people", self._people),
            ("commitments", self._commitments),
        ]
        if score:
            steps.append(("confidence", self._confidence))
        self.steps: tuple[tuple[str, Callable[[Document], None]], ...] = tuple(steps)

    def __call__(self, doc: Document) -> Document:
        """Run every step over ``doc`` (in place) and return it."""
        for _, step in self.steps:
            step(doc)
        return doc

    def extract(
        self, path: Path, *, meta: dict | None = None, max_bytes: int | None = None
    ) -> Extraction:
        """Load ``path`` and extract everything the graph holds about it.

        Raises :class:`~peacekg.loaders.model.LoadError` naming the file and the reason when
        the file cannot be read.
        """
        doc = read_document(path, meta=meta, max_bytes=max_bytes)
        return Extraction.of(self(doc))

    # -- the steps -----------------------------------------------------------------------------

    def _language(self, doc: Document) -> None:
        language = doc.extra.get("language") or detect_language(doc.text)
        if language:
            doc.extra["language"] = language
            if language.split("-")[0].lower() != RULES_LANGUAGE:
                doc.warnings.append(language_warning(language))

    def _mentions(self, doc: Document) -> None:
        doc.mentions = self.resources.matcher.find(doc.text, year=document_year(doc))

    def _speakers(self, doc: Document) -> None:
        attribute_speakers(doc, self.resources.matcher)

    def _people(self, doc: Document) -> None:
        doc.mentions = people_mentions(doc, doc.mentions, self.resources.matcher)

    def _commitments(self, doc: Document) -> None:
        doc.skipped = []
        doc.commitments = extract_commitments(doc, doc.mentions, self.resources, doc.skipped)

    def _confidence(self, doc: Document) -> None:
        doc.commitments = score_commitments(doc, doc.commitments, self.resources.confidence)


@functools.cache
def _process_pipeline(score: bool = True) -> Pipeline:
    """The pipeline of this process, built on its first document (once per build worker),
    with the resources of the package's default matcher (compiled once per process)."""
    return Pipeline(Resources.shared(), score=score)


def prepare() -> None:
    """Build this process's :class:`Pipeline` now (its resources take about a second), so
    that the first document's time budget counts only that document's work."""
    _process_pipeline()


def extract(
    path: Path, *, meta: dict | None = None, max_bytes: int | None = None, score: bool = True
) -> Extraction:
    """Load ``path`` and run this process's :class:`Pipeline` over it.

    ``score=False`` leaves the commitments without a confidence (the training of the
    confidence model reads the candidates so).

    Raises :class:`~peacekg.loaders.model.LoadError` naming the file and the reason when the
    file cannot be read.
    """
    return _process_pipeline(score).extract(path, meta=meta, max_bytes=max_bytes)
