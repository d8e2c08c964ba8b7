"""Writing an :class:`~peacekg.loaders.model.Extraction` as the quads of its named graph.

The shape is documented in ``docs/architecture.md``. The named graph of a document is the
document's own IRI, so a document can be replaced or removed on its own. Quads are built as
pyoxigraph terms directly: this is the hot path of large builds, and IRIs still come from
:mod:`peacekg.ontology.namespaces`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from decimal import Decimal
from typing import Protocol, cast

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, XSD

from peacekg import __version__
from peacekg.graph.store.terms import to_ox
from peacekg.loaders.model import Commitment, EntityRef, Extraction, Person, Statement
from peacekg.ontology.namespaces import (
    ENTITY_CLASSES,
    PK,
    STANCES,
    commitment_iri,
    document_iri,
    entity_iri,
    person_iri,
    statement_iri,
)
from peacekg.ontology.reference import load_reference


class _Writable(Protocol):
    """Where N-Quads are written: a binary file, or a :class:`~peacekg.graph.store.spool.Spool`."""

    def write(self, data: bytes, /) -> object: ...


def _n(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


# Predicates and classes, converted once.
A = _n(RDF.type)
LABEL = _n(RDFS.label)
_PROPERTIES = (
    "sourceFile", "sourcePath", "sha256", "documentKind", "peacekgVersion", "symbol",
    "mentions", "hasStatement", "host", "participant", "speaker", "deliveredBy", "heading",
    "startOffset", "endOffset", "actor", "target", "stance", "evidence", "inStatement",
    "hasQuantity", "amount", "unit", "dueDate", "backs", "opposes", "contributesTo", "role",
    "affiliation", "statementKind", "extractionRule", "confidence", "year", "datePrecision",
    "buildKey",
)  # fmt: skip
_P = {name: _n(PK[name]) for name in _PROPERTIES}
_C = {name: _n(PK[name]) for name in ("Document", "Statement", "Commitment", "Quantity", "Person")}
TITLE, DATE, FORMAT, SOURCE = (
    _n(DCTERMS.title),
    _n(DCTERMS.date),
    _n(DCTERMS.format),
    _n(DCTERMS.source),
)
DERIVED, GENERATED = _n(PROV.wasDerivedFrom), _n(PROV.generatedAtTime)
LANGUAGE = _n(DCTERMS.language)
FOAF_NAME = _n(FOAF.name)
_INT, _DEC = _n(XSD.integer), _n(XSD.decimal)
_STANCE = {k: _n(v) for k, v in STANCES.items()}
_CLASS = {k: _n(v) for k, v in ENTITY_CLASSES.items()}


def _date_literal(value: str) -> ox.Literal:
    """A date as ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` by its precision."""
    parts = value.split("-")
    if len(parts) == 3:
        return ox.Literal(value, datatype=_n(XSD.date))
    if len(parts) == 2:
        return ox.Literal(value, datatype=_n(XSD.gYearMonth))
    return ox.Literal(value, datatype=_n(XSD.gYear))


def document_date(value: str) -> tuple[ox.Literal, int, str | None]:
    """A document's date as one ``xsd:date`` literal, its year, and its precision.

    Every document date is an ``xsd:date``, so a date filter (``FILTER(?date >= ...)``)
    compares every dated document; a date known only to the year or month stands for the
    first day of that period, and its precision (``"year"``, ``"month"``; ``None`` for a
    day) is recorded as ``pk:datePrecision`` so that no day is invented silently.

    >>> lit, year, precision = document_date("2017")
    >>> lit.value, year, precision
    ('2017-01-01', 2017, 'year')
    >>> document_date("2020-09-17")[0].value, document_date("2020-09")[2]
    ('2020-09-17', 'month')
    """
    parts = value.split("-")
    precision = {1: "year", 2: "month"}.get(len(parts))
    full = "-".join([*parts, *["01"] * (3 - len(parts))])
    return ox.Literal(full, datatype=_n(XSD.date)), int(parts[0]), precision


def _decimal(value: float) -> str:
    """A number in the lexical form of ``xsd:decimal`` (no exponent)."""
    text = format(Decimal(repr(float(value))), "f")
    return text if "." in text else text + ".0"


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_INT)


class _Triples:
    """Collects the triples of one named graph, skipping exact duplicates.

    With ``chunk``, every ``chunk`` quads are serialised to N-Quads, written to ``out`` and
    dropped: quads as objects take about three times their N-Quads, so a large document's
    graph is never held whole as objects. The quads held are told apart as objects; those
    already written, by a 128-bit digest of their N-Quads line (only a large document has
    any: the others never pay for a digest).
    """

    def __init__(
        self, graph: ox.NamedNode, chunk: int | None = None, out: _Writable | None = None
    ) -> None:
        self.graph = graph
        self._written: set[int] = set()  # digests of the quads written out
        self._held: set[ox.Quad] = set()  # the quads of :attr:`quads`
        self.quads: list[ox.Quad] = []
        self._chunk = chunk
        self._out = out

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        quad = ox.Quad(s, p, o, self.graph)
        if quad in self._held or (self._written and _digest(quad) in self._written):
            return
        self._held.add(quad)
        self.quads.append(quad)
        if self._chunk and len(self.quads) >= self._chunk:
            self._written.update(map(_digest, self.quads))
            self.flush()

    def flush(self) -> None:
        """Serialise the quads collected so far to ``out`` (with ``chunk``)."""
        if self.quads and self._out is not None:
            self._out.write(ox.serialize(self.quads, format=ox.RdfFormat.N_QUADS) or b"")
            self.quads = []
            self._held = set()


def _digest(quad: ox.Quad) -> int:
    """A 128-bit digest of a quad's N-Quads line."""
    return int.from_bytes(hashlib.blake2b(str(quad).encode(), digest_size=16).digest())


def entity_node(ref: EntityRef) -> ox.NamedNode:
    """The IRI of an entity reference, as a pyoxigraph node."""
    return _n(entity_iri(ref.type, ref.key))


def _describe_entity(t: _Triples, ref: EntityRef) -> ox.NamedNode:
    """Type and label an entity unless the reference graph already describes it."""
    node = entity_node(ref)
    if ref.type == "Priority" or load_reference().get(ref.type, ref.key) is not None:
        return node
    t.add(node, A, _CLASS[ref.type])
    t.add(node, LABEL, ox.Literal(ref.label or ref.key))
    if ref.type == "State":
        t.add(node, _n(PK.iso3), ox.Literal(ref.key))
    elif ref.type == "Mission":
        t.add(node, _n(PK.acronym), ox.Literal(ref.key))
    elif ref.type == "Resolution":
        symbol = ref.label if ref.label.startswith("S/RES/") else f"S/RES/{ref.key}"
        t.add(node, _P["symbol"], ox.Literal(symbol))
    elif ref.type == "DocumentSymbol":
        t.add(node, _P["symbol"], ox.Literal(ref.key))
    return node


def _describe_person(t: _Triples, person: Person) -> ox.NamedNode:
    node = _n(person_iri(person.name))
    t.add(node, A, _C["Person"])
    t.add(node, LABEL, ox.Literal(person.name))
    t.add(node, FOAF_NAME, ox.Literal(person.name))
    if person.role:
        t.add(node, _P["role"], ox.Literal(person.role))
    if person.affiliation:
        t.add(node, _P["affiliation"], _describe_entity(t, person.affiliation))
    return node


def _statement_label(st: Statement) -> str:
    names = ", ".join(s.label or s.key for s in st.speakers) or "unknown speaker"
    return f"Participation of {names}" if st.kind == "participation" else f"Statement by {names}"


def _write_statement(t: _Triples, doc_id: str, doc: ox.NamedNode, st: Statement) -> None:
    node = _n(statement_iri(doc_id, st.index))
    t.add(doc, _P["hasStatement"], node)
    t.add(node, A, _C["Statement"])
    t.add(node, LABEL, ox.Literal(_statement_label(st)))
    t.add(node, _P["statementKind"], ox.Literal(st.kind))
    if st.rule:
        t.add(node, _P["extractionRule"], ox.Literal(st.rule))
    for speaker in st.speakers:
        t.add(node, _P["speaker"], _describe_entity(t, speaker))
    if st.person:
        t.add(node, _P["deliveredBy"], _describe_person(t, st.person))
    if st.heading:
        t.add(node, _P["heading"], ox.Literal(st.heading))
    t.add(node, _P["startOffset"], _int(st.start))
    t.add(node, _P["endOffset"], _int(st.end))
    t.add(node, DERIVED, doc)


def _write_commitment(
    t: _Triples,
    doc_id: str,
    doc: ox.NamedNode,
    index: int,
    c: Commitment,
    spoken: set[int],
    year: ox.Literal | None,
) -> None:
    node = _n(commitment_iri(doc_id, index))
    actor = _describe_entity(t, c.actor)
    t.add(node, A, _C["Commitment"])
    if year is not None:
        t.add(node, _P["year"], year)
    t.add(node, _P["actor"], actor)
    t.add(node, _P["stance"], _STANCE[c.stance])
    t.add(node, _P["evidence"], ox.Literal(c.evidence))
    if c.rule:
        t.add(node, _P["extractionRule"], ox.Literal(c.rule))
    t.add(node, _P["startOffset"], _int(c.start))
    t.add(node, _P["endOffset"], _int(c.end))
    if c.confidence is not None:
        t.add(node, _P["confidence"], ox.Literal(f"{c.confidence:.3f}", datatype=_DEC))
    t.add(node, DERIVED, doc)
    if c.statement is not None and c.statement in spoken:
        t.add(node, _P["inStatement"], _n(statement_iri(doc_id, c.statement)))
    # pk:backs / pk:opposes shortcuts are derived once for all documents in the summary
    # graph (graph/summary.py), so the union holds each of them once.
    for target in c.targets:
        t.add(node, _P["target"], _describe_entity(t, target))
    for mission in c.contributes_to:
        t.add(actor, _P["contributesTo"], _describe_entity(t, mission))
    for k, q in enumerate(c.quantities, start=1):
        qnode = _n(f"{commitment_iri(doc_id, index)}/quantity/{k}")
        t.add(node, _P["hasQuantity"], qnode)
        t.add(qnode, A, _C["Quantity"])
        t.add(qnode, _P["amount"], ox.Literal(_decimal(q.amount), datatype=_DEC))
        t.add(qnode, _P["unit"], ox.Literal(q.unit))
        t.add(qnode, LABEL, ox.Literal(q.text))
    if c.date:
        t.add(node, _P["dueDate"], _date_literal(c.date))


def extraction_quads(ex: Extraction, *, built_at: str, source_path: str) -> list[ox.Quad]:
    """All quads of the named graph of one document.

    ``built_at`` is the ``xsd:dateTime`` of the build; ``source_path`` the absolute path of
    the file (recorded as ``pk:sourcePath`` so deleted files can be pruned).
    """
    t = _Triples(_n(document_iri(ex.document.doc_id)))
    _write_extraction(t, ex, built_at, source_path)
    return t.quads


def write_nquads(
    ex: Extraction,
    out: _Writable,
    *,
    built_at: str,
    source_path: str,
    build_key: str | None = None,
) -> None:
    """Write the quads of :func:`extraction_quads` to ``out`` as N-Quads, in chunks (a large
    document's graph is never held whole as objects), with the ``pk:buildKey`` of a build.
    """
    t = _Triples(_n(document_iri(ex.document.doc_id)), chunk=20_000, out=out)
    _write_extraction(t, ex, built_at, source_path)
    if build_key is not None:
        t.add(t.graph, _P["buildKey"], ox.Literal(build_key))
    t.flush()


def _write_extraction(t: _Triples, ex: Extraction, built_at: str, source_path: str) -> None:
    d = ex.document
    doc = t.graph
    t.add(doc, A, _C["Document"])
    t.add(doc, _P["sourceFile"], ox.Literal(d.source_file))
    t.add(doc, _P["sourcePath"], ox.Literal(source_path))
    t.add(doc, _P["sha256"], ox.Literal(d.sha256))
    t.add(doc, FORMAT, ox.Literal(d.media_type))
    t.add(doc, _P["documentKind"], ox.Literal(d.kind))
    t.add(doc, LABEL, ox.Literal(d.title or d.source_file))
    if d.title:
        t.add(doc, TITLE, ox.Literal(d.title))
    year = None
    if d.date:
        date, year_number, precision = document_date(d.date)
        year = _int(year_number)
        t.add(doc, DATE, date)
        t.add(doc, _P["year"], year)
        if precision:
            t.add(doc, _P["datePrecision"], ox.Literal(precision))
    if d.extra.get("language"):
        t.add(doc, LANGUAGE, ox.Literal(d.extra["language"]))
    if d.symbol:
        t.add(doc, _P["symbol"], ox.Literal(d.symbol))
    if d.source_url:
        t.add(doc, SOURCE, ox.Literal(d.source_url))
    t.add(doc, GENERATED, ox.Literal(built_at, datatype=_n(XSD.dateTime)))
    t.add(doc, _P["peacekgVersion"], ox.Literal(__version__))
    for ref in ex.entities():
        t.add(doc, _P["mentions"], _describe_entity(t, ref))
    for host in d.hosts:
        t.add(doc, _P["host"], _describe_entity(t, host))
    for person in d.participants:
        t.add(doc, _P["participant"], _describe_person(t, person))
    # A span whose speaker could not be attributed is not written: no guessed speakers.
    spoken = {st.index for st in d.statements if st.speakers}
    for st in d.statements:
        if st.index in spoken:
            _write_statement(t, d.doc_id, doc, st)
    for i, c in enumerate(ex.commitments, start=1):
        _write_commitment(t, d.doc_id, doc, i, c, spoken, year)


def graph_quads(graph: Graph, name: object) -> Iterable[ox.Quad]:
    """The triples of an rdflib graph as quads of named graph ``name``."""
    g = _n(name)
    for s, p, o in graph:
        subject = cast(ox.NamedNode | ox.BlankNode, to_ox(s))
        yield ox.Quad(subject, cast(ox.NamedNode, to_ox(p)), to_ox(o), g)
