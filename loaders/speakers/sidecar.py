"""Sidecar: a sidecar's or manifest's ``speaker`` (``doc.extra["speaker"]``) wins, one statement
over the whole text (its person from the heading at the top, if any)."""

from __future__ import annotations

from peacekg.loaders.entities import normalize_name
from peacekg.loaders.model import Document, EntityRef
from peacekg.loaders.speakers.common import Actors, Component, add_statement

NAME = "sidecar"


def attribute(doc: Document, actors: Actors) -> bool:
    """The whole text as the statement of the sidecar's speaker, if it names one."""
    override = doc.extra.get("speaker")
    if not override:
        return False
    ref = actors.resolve(override) or _unknown_actor(override)
    heading, person, _ = actors.top_heading(doc.text)
    add_statement(doc, 0, len(doc.text), [ref], person, heading)
    return True


def _unknown_actor(name: str) -> EntityRef:
    """A speaker the reference data does not know: an organisation by its name."""
    name = normalize_name(name)
    return EntityRef("Organization", name, name)


COMPONENT = Component(NAME, attribute)
