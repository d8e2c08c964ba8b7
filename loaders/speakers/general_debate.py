"""General Debate file name: a speech of the UN General Debate corpus (``ISO3_session_year.txt``,
``doc.extra["speaker_code"]``) is one statement of that state; "EU" is the European Union, and
former codes such as YUG keep a State reference with that key."""

from __future__ import annotations

from peacekg.loaders.model import Document, EntityRef
from peacekg.loaders.speakers.common import Actors, Component, add_statement

NAME = "general-debate-file"
#: The kinds of document whose file name may carry a speaker code.
KINDS = ("general-debate", "document", "")


def attribute(doc: Document, actors: Actors) -> bool:
    """The whole text as the statement of the state the file name gives."""
    code = doc.extra.get("speaker_code")
    if not code or (doc.kind or "") not in KINDS:
        return False
    add_statement(doc, 0, len(doc.text), [_code_actor(actors, code)], None, None)
    return True


def _code_actor(actors: Actors, code: str) -> EntityRef:
    """The speaker of a General Debate file by its code (ISO3, "EU", former codes)."""
    code = code.strip().upper()
    m = actors.matcher
    if code == "EU":
        return m.orgs.get("European Union") or EntityRef(
            "Organization", "European Union", "European Union"
        )
    state = m.states.get(code)
    return state if state is not None else EntityRef("State", code, code)


COMPONENT = Component(NAME, attribute)
