"""The data that flows from loaders to the graph: documents, statements, entities, commitments.

Data flows one way: a reader turns a file into a :class:`Document` (text and metadata),
speaker attribution splits it into :class:`Statement` spans, extraction adds
:class:`Mention` and :class:`Commitment` records, and :mod:`peacekg.graph.ingest.rdf` writes the
whole :class:`Extraction` as the named graph of the document. Every record keeps character
offsets into :attr:`Document.text`, so any fact can point back to its evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: Kinds of document recognised by the loaders.
DOCUMENT_KINDS = (
    "letter",  # Security Council letter (often with annexed statements)
    "record",  # meeting record (verbatim)
    "press-release",  # meetings coverage, third person
    "statement",  # a state's or organisation's statement or remarks
    "briefing",  # a UN official's statement or briefing
    "event-page",  # a think-tank or mission event page
    "general-debate",  # a General Assembly General Debate speech
    "document",  # anything else
)

#: Entity types, matching the ``type`` of gold annotations and the pk: classes.
ENTITY_TYPES = (
    "State",
    "Organization",
    "Person",
    "Mission",
    "Resolution",
    "Initiative",
    "Priority",
    "DocumentSymbol",
)


@dataclass(frozen=True, order=True)
class EntityRef:
    """A pointer to one entity: its type and its key.

    Keys: ISO3 for a State (``"FRA"``), acronym for a Mission (``"MINUSMA"``), number for a
    Resolution (``"2538"``), A4P code for a Priority (``"wps"``; A4P+ as
    ``"a4p-plus/<code>"``), registry name for an Organization or Initiative
    (``"African Union"``), full name for a Person, the symbol for a DocumentSymbol.
    ``label`` is the preferred display name.
    """

    type: str
    key: str
    label: str = field(default="", compare=False)


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in the document text (``text == doc.text[start:end]``)."""

    entity: EntityRef
    start: int
    end: int
    text: str


@dataclass
class Person:
    """A named person with the role and affiliation the text gives."""

    name: str
    role: str | None = None
    affiliation: EntityRef | None = None


@dataclass
class Statement:
    """The part of a document spoken or written by one speaker (or one joint group).

    ``speakers`` are the actors the statement belongs to (several for a joint statement);
    ``person`` is the individual who delivered it, when named. ``kind`` is ``"statement"``
    for text spoken by the speaker, ``"participation"`` for an event-page listing with no
    statement text. ``rule`` names the attribution component that found the statement
    (``"record-turns"``, ``"headed-statements"``, ...: :data:`peacekg.loaders.speakers.
    COMPONENTS`).
    """

    index: int
    start: int
    end: int
    speakers: list[EntityRef]
    person: Person | None = None
    heading: str | None = None
    kind: str = "statement"
    rule: str = ""


@dataclass
class Quantity:
    """A quantity given with a commitment: ``210 peacekeepers``, ``$5 million``, ``15 %``."""

    amount: float
    unit: str
    text: str


@dataclass
class Commitment:
    """One actor's stance on a target, with its verbatim evidence.

    The rules propose candidates with one or more ``targets`` ("we support A4P and resolution
    2538"); the confidence step of the pipeline makes one commitment per target, as
    ``pk:Commitment`` is one actor's stance on one target.

    ``stance`` is one of ``Support``, ``Pledge``, ``Contribution``, ``CallForAction``,
    ``Opposition``. ``evidence == doc.text[start:end]``. ``contributes_to`` lists the missions
    receiving personnel, units, funds or assets (``pk:contributesTo``).

    What a scorer of the extraction can read: ``rule``, the rule that proposed the commitment
    (:data:`COMMITMENT_RULES`, written as ``pk:extractionRule``); ``cue`` and ``cue_kind``,
    the first stance cue of the evidence and the stance it marks (``"must"``,
    ``"CallForAction"``), if any; ``gate``, for a candidate that a gate of
    :data:`peacekg.loaders.commitments.extract.GATES` turned down (``Document.skipped``), the
    gate's name (``None`` for a commitment).
    """

    actor: EntityRef
    stance: str
    targets: list[EntityRef]
    evidence: str
    start: int
    end: int
    statement: int | None = None
    quantities: list[Quantity] = field(default_factory=list)
    date: str | None = None
    contributes_to: list[EntityRef] = field(default_factory=list)
    rule: str = ""
    cue: str | None = None
    cue_kind: str | None = None
    gate: str | None = None
    #: calibrated probability that an annotator records it (:mod:`peacekg.loaders.confidence`)
    confidence: float | None = None


#: The rules that propose a commitment (``Commitment.rule``, ``pk:extractionRule``):
#: the speaker in the first person; the speaker named in the third person ("Estonia will");
#: another actor named with its own stance verb ("Indonesia deployed"); a stance cue in the
#: speaker's sentence ("... must be strengthened"); a positive judgement of a named initiative
#: ("A4P has proved effective"); a contribution of personnel or funds to a mission.
COMMITMENT_RULES = (
    "first-person",
    "speaker-named",
    "named-actor",
    "stance-cue",
    "initiative-evaluation",
    "contribution-verb",
)


@dataclass
class Document:
    """A loaded document: its text, where it came from, and its detected metadata.

    ``doc_id`` is stable for a given source path, so a changed file replaces its own named
    graph. ``sha256`` is the hash of the file's bytes (used for incremental builds).
    """

    doc_id: str
    path: Path
    text: str
    sha256: str
    media_type: str
    kind: str = "document"
    symbol: str | None = None
    date: str | None = None
    title: str | None = None
    source_url: str | None = None
    statements: list[Statement] = field(default_factory=list)
    participants: list[Person] = field(default_factory=list)
    hosts: list[EntityRef] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Other metadata, detected or given by a sidecar/manifest: ``speaker`` (an override of
    #: speaker attribution), ``speaker_code``, ``session``, ``year``, ``language``, ...
    extra: dict[str, str] = field(default_factory=dict)
    #: What the pipeline's steps add (:class:`peacekg.loaders.pipeline.Pipeline`): entity
    #: mentions sorted by start, commitments, and the candidates a gate turned down
    mentions: list[Mention] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    skipped: list[Commitment] = field(default_factory=list)

    @property
    def source_file(self) -> str:
        """Base name of the loaded file (``pk:sourceFile``)."""
        return self.path.name


@dataclass
class Extraction:
    """Everything extracted from one document, ready to be written as its named graph."""

    document: Document
    mentions: list[Mention] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)

    @classmethod
    def of(cls, doc: Document) -> Extraction:
        """The extraction of a document the pipeline has run over: its mentions, commitments,
        and the people it lists or who deliver its statements."""
        persons = list(doc.participants) + [s.person for s in doc.statements if s.person]
        return cls(
            document=doc, mentions=doc.mentions, commitments=doc.commitments, persons=persons
        )

    def entities(self) -> list[EntityRef]:
        """The distinct entities the document mentions, in order of first mention."""
        seen: dict[tuple[str, str], EntityRef] = {}
        for m in self.mentions:
            seen.setdefault((m.entity.type, m.entity.key), m.entity)
        return list(seen.values())


class LoadError(Exception):
    """A file could not be loaded; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{Path(path).name}: {reason}")
        self.path = Path(path)
        self.reason = reason
