"""One Document through one Pipeline: entity mentions, speakers, commitments.

A :class:`Pipeline` is built once (per worker process) with its :class:`~peacekg.loaders.
resources.Resources` and runs its named steps in order over a
:class:`~peacekg.loaders.model.Document`, each reading what the earlier ones left on it and
adding its own layer:

1. ``mentions``: the entity mentions of the whole text (``doc.mentions``);
2. ``speakers``: statements, participants and hosts (``doc.statements``...), each statement
   naming the attribution component that found it;
3. ``people``: the people that speaker attribution named, added to ``doc.mentions`` where
   their names occur, every person keyed by the fullest name the document gives;
4. ``commitments``: ``doc.commitments``, and in ``doc.skipped`` the candidate sentences a
   gate turned down, with the gate's name.

:func:`extract` reads a file and runs the process's pipeline over it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from peacekg.loaders.commitments import extract_commitments
from peacekg.loaders.entities import people_mentions
from peacekg.loaders.entities.symbols import document_year
from peacekg.loaders.model import Document, Extraction
from peacekg.loaders.read import read_document
from peacekg.loaders.resources import Resources
from peacekg.loaders.speakers import attribute_speakers

__all__ = ["Pipeline", "extract", "prepare"]


class Pipeline:
    """The extraction steps over one document, with the resources they are given.

    >>> pipeline = Pipeline()
    >>> [name for name, _ in pipeline.steps]
    ['mentions', 'speakers', 'people', 'commitments']
    """

    def __init__(self, resources: Resources | None = None) -> None:
        self.resources = resources or Resources.load()
        self.steps: tuple[tuple[str, Callable[[Document], None]], ...] = (
            ("mentions", self._mentions),
            ("speakers", self._speakers),
            ("people", self._people),
            ("commitments", self._commitments),
        )

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

    def _mentions(self, doc: Document) -> None:
        doc.mentions = self.resources.matcher.find(doc.text, year=document_year(doc))

    def _speakers(self, doc: Document) -> None:
        attribute_speakers(doc, self.resources.matcher)

    def _people(self, doc: Document) -> None:
        doc.mentions = people_mentions(doc, doc.mentions, self.resources.matcher)

    def _commitments(self, doc: Document) -> None:
        doc.skipped = []
        doc.commitments = extract_commitments(doc, doc.mentions, self.resources, doc.skipped)


@functools.cache
def _process_pipeline() -> Pipeline:
    """The pipeline of this process, built on its first document (once per build worker),
    with the resources of the package's default matcher (compiled once per process)."""
    return Pipeline(Resources.shared())


def prepare() -> None:
    """Build this process's :class:`Pipeline` now (its resources take about a second), so
    that the first document's time budget counts only that document's work."""
    _process_pipeline()


def extract(path: Path, *, meta: dict | None = None, max_bytes: int | None = None) -> Extraction:
    """Load ``path`` and run this process's :class:`Pipeline` over it.

    Raises :class:`~peacekg.loaders.model.LoadError` naming the file and the reason when the
    file cannot be read.
    """
    return _process_pipeline().extract(path, meta=meta, max_bytes=max_bytes)
