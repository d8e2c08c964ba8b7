"""Speaker attribution: split a document into statements and say whose each one is.

:func:`attribute_speakers` fills ``doc.statements``, ``doc.participants`` and ``doc.hosts``
by running the attribution components of :data:`COMPONENTS` in order; the first that
recognises the document's layout ends the attribution, and each statement records its name
in ``Statement.rule``. The conventions are those of the gold annotations
(``shared/eval/README.md``, "speaker"):

1. ``sidecar`` (:mod:`.sidecar`): a sidecar's ``speaker`` wins, one statement over the text;
2. ``general-debate-file`` (:mod:`.general_debate`): a General Debate speech is one
   statement of the state its file name gives;
3. ``record-turns`` (:mod:`.records`): one statement per turn of a verbatim record;
4. ``headed-statements`` (:mod:`.headed`): statement headings ("Statement by ...") under
   annexes, and the covering letter before them;
5. ``press-release`` (:mod:`.press_release`): meetings coverage, paragraphs that attribute
   speech with a reporting verb;
6. ``event-page`` (:mod:`.event_page`): hosts, and the people listed under "Speakers:";
7. ``self-reference`` (:mod:`.self_reference`): a single statement, attributed from how the
   text names itself.

A UN official speaks for the body he or she heads (Under-Secretary-General for Peace
Operations -> Department of Peace Operations, the Secretary-General -> United Nations
Secretariat); a UN mission's official ("Force Commander of MONUSCO") for the department that
directs the mission (:meth:`.common.Actors.title_actor`). Each component declares its patterns with
examples and counterexamples (:class:`.common.Pattern`), which ``tests/test_speakers.py``
runs.
"""

from __future__ import annotations

from peacekg.loaders.entities import EntityMatcher, get_matcher
from peacekg.loaders.model import Document
from peacekg.loaders.speakers import (
    event_page,
    general_debate,
    headed,
    press_release,
    records,
    self_reference,
    sidecar,
)
from peacekg.loaders.speakers.common import Actors, Component, Pattern

__all__ = ["COMPONENTS", "Actors", "Component", "Pattern", "attribute_speakers"]

#: The attribution components, in the order they are tried.
COMPONENTS: tuple[Component, ...] = (
    sidecar.COMPONENT,
    general_debate.COMPONENT,
    records.COMPONENT,
    headed.COMPONENT,
    press_release.COMPONENT,
    event_page.COMPONENT,
    self_reference.COMPONENT,
)


def attribute_speakers(doc: Document, matcher: EntityMatcher | None = None) -> None:
    """Fill ``doc.statements``, ``doc.participants`` and ``doc.hosts`` (replacing them), with
    the names of ``matcher`` (the pipeline's; else :func:`~peacekg.loaders.entities.
    get_matcher`).

    Statements are numbered from 1, in text order, and keep their character span into
    ``doc.text``; ``Statement.rule`` names the component that attributed them.
    """
    doc.statements, doc.participants, doc.hosts = [], [], []
    if not doc.text.strip():
        return
    actors = Actors(matcher or get_matcher())
    for component in COMPONENTS:
        done = component.attribute(doc, actors)
        for st in doc.statements:
            st.rule = st.rule or component.name
        if done:
            return
