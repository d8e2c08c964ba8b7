"""One file through every loader step: read, attribute speakers, find entities, commitments."""

from __future__ import annotations

from pathlib import Path

from peacekg.loaders.commitments import extract_commitments
from peacekg.loaders.entities import find_mentions
from peacekg.loaders.language import RULES_LANGUAGE, detect_language, language_warning
from peacekg.loaders.model import Extraction
from peacekg.loaders.read import read_document
from peacekg.loaders.speakers import attribute_speakers


def extract(path: Path, *, meta: dict | None = None, max_bytes: int | None = None) -> Extraction:
    """Load ``path`` and extract everything the graph holds about it.

    Raises :class:`~peacekg.loaders.model.LoadError` naming the file and the reason when the
    file cannot be read.
    """
    doc = read_document(path, meta=meta, max_bytes=max_bytes)
    language = doc.extra.get("language") or detect_language(doc.text)
    if language:
        doc.extra["language"] = language
        if language.split("-")[0].lower() != RULES_LANGUAGE:
            doc.warnings.append(language_warning(language))
    attribute_speakers(doc)
    mentions = find_mentions(doc)
    commitments = extract_commitments(doc, mentions)
    persons = list(doc.participants) + [s.person for s in doc.statements if s.person]
    return Extraction(document=doc, mentions=mentions, commitments=commitments, persons=persons)
