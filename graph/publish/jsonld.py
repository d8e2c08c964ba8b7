"""JSON-LD export with the project's ``@context``: short keys, ``@type``, native integers.

A generic JSON-LD serialiser writes every property as a full IRI and every integer as a
typed string. The peacekg context (``ontology/context.jsonld``, shipped with the package
and derived from the ontology by :func:`build_context`) gives each ``pk:`` property a short
key, declares object properties as IRIs (``"actor": "pkid:state/FRA"``) and leaves integer
properties uncoerced so that offsets, years and counts are JSON numbers. Documents keep
their named graphs: the output is a list of ``{"@id": graph, "@graph": [...]}``.

The writer streams one named graph at a time; whatever it writes expands, with that
context, to exactly the quads of the store (tested with rdflib's and pyld's parsers).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, XSD

from peacekg.graph.store.database import Store
from peacekg.ontology.namespaces import PK, PREFIXES

#: A filter over one graph's quads (e.g. leaving out local paths).
QuadFilter = Callable[[Iterable[ox.Quad]], Iterable[ox.Quad]]
#: The context's file name, inside the ``peacekg.ontology`` package.
CONTEXT_FILE = "context.jsonld"
#: Where the shipped context can be fetched from once published (its ``@id`` in docs).
CONTEXT_URL = "https://w3id.org/peacekg/context.jsonld"
_INTEGER = str(XSD.integer)
_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)
_RDF_TYPE = str(RDF.type)
#: Common terms beyond pk: with a short key.
_OTHER_TERMS: dict[str, tuple[str, bool]] = {
    "label": ("rdfs:label", False),
    "comment": ("rdfs:comment", False),
    "title": ("dcterms:title", False),
    "date": ("dcterms:date", False),
    "source": ("dcterms:source", True),
    "derivedFrom": ("prov:wasDerivedFrom", True),
    "prefLabel": ("skos:prefLabel", False),
    "notation": ("skos:notation", False),
    "inScheme": ("skos:inScheme", True),
}


def build_context(ontology: Graph) -> dict[str, Any]:
    """The JSON-LD context of the peacekg vocabulary, from the ontology graph.

    Prefixes, a short key per ``pk:`` property (object properties coerced to ``@id``,
    ``xsd:decimal`` ones to their datatype, integers left as JSON numbers) and a few
    common terms (``label``, ``title``, ``date``, ...).

    >>> from peacekg.ontology.reference import ontology_graph
    >>> ctx = build_context(ontology_graph())["@context"]
    >>> ctx["actor"], ctx["startOffset"]
    ({'@id': 'pk:actor', '@type': '@id'}, {'@id': 'pk:startOffset'})
    """
    ctx: dict[str, Any] = {p: str(ns) for p, ns in PREFIXES.items()}
    pk = str(PK)
    for prop_type in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in sorted(ontology.subjects(RDF.type, prop_type)):
            if not str(prop).startswith(pk):
                continue
            key = str(prop)[len(pk) :]
            term: dict[str, str] = {"@id": f"pk:{key}"}
            rng = ontology.value(prop, RDFS.range)
            if prop_type == OWL.ObjectProperty:
                term["@type"] = "@id"
            elif rng is not None and rng not in (XSD.integer, XSD.string):
                term["@type"] = f"xsd:{str(rng)[len(str(XSD)) :]}"
            ctx[key] = term
    for key, (curie, is_iri) in _OTHER_TERMS.items():
        ctx[key] = {"@id": curie, "@type": "@id"} if is_iri else {"@id": curie}
    return {"@context": ctx}


def write_context() -> Path:
    """Regenerate the shipped context from the ontology (run after adding terms)."""
    from peacekg.ontology.reference import ontology_graph

    path = Path(str(resources.files("peacekg.ontology").joinpath(CONTEXT_FILE)))
    text = json.dumps(build_context(ontology_graph()), indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def shipped_context() -> dict[str, Any]:
    """The context shipped with the package (``peacekg/ontology/context.jsonld``)."""
    text = resources.files("peacekg.ontology").joinpath(CONTEXT_FILE).read_text("utf-8")
    return json.loads(text)


class _Compactor:
    """Turns IRIs, literals and properties into their short forms under a context."""

    def __init__(self, context: dict[str, Any]) -> None:
        ctx = context["@context"]
        self.prefixes = sorted(
            ((p, v) for p, v in ctx.items() if isinstance(v, str)), key=lambda pv: -len(pv[1])
        )
        self.terms: dict[str, tuple[str, str | None]] = {}
        for key, term in ctx.items():
            if isinstance(term, dict):
                self.terms[self.expand(term["@id"])] = (key, term.get("@type"))

    def expand(self, curie: str) -> str:
        prefix, _, rest = curie.partition(":")
        for p, ns in self.prefixes:
            if p == prefix:
                return ns + rest
        return curie

    def iri(self, iri: str) -> str:
        """A compact IRI (``pkid:state/FRA``) where a prefix covers it, else the IRI."""
        for p, ns in self.prefixes:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{p}:{iri[len(ns) :]}"
        return iri

    def key(self, predicate: str) -> tuple[str, str | None]:
        return self.terms.get(predicate, (self.iri(predicate), None))

    def value(self, term: Any, coerce: str | None) -> Any:
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value) if coerce == "@id" else {"@id": self.iri(term.value)}
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}" if coerce == "@id" else {"@id": f"_:{term.value}"}
        dt = term.datatype.value
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if coerce is None and dt == _STRING:
            return term.value
        if coerce is None and dt == _INTEGER and term.value.lstrip("-").isdigit():
            number = int(term.value)
            if str(number) == term.value:  # only the canonical form survives a round trip
                return number
        if coerce is not None and coerce != "@id" and self.expand(coerce) == dt:
            return term.value
        return {"@value": term.value, "@type": self.iri(dt)}


def _node(subject: Any, quads: list[ox.Quad], c: _Compactor) -> dict[str, Any]:
    sid = f"_:{subject.value}" if isinstance(subject, ox.BlankNode) else c.iri(subject.value)
    node: dict[str, Any] = {"@id": sid}
    for q in quads:
        pred = q.predicate.value
        if pred == _RDF_TYPE and isinstance(q.object, ox.NamedNode):
            node.setdefault("@type", []).append(c.iri(q.object.value))
            continue
        key, coerce = c.key(pred)
        node.setdefault(key, []).append(c.value(q.object, coerce))
    return {k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in node.items()}


def _graph_nodes(
    store: Store, graph: str, c: _Compactor, select: QuadFilter | None
) -> Iterator[dict[str, Any]]:
    found = store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    quads = sorted(
        select(found) if select else found,
        key=lambda q: (str(q.subject), str(q.predicate), str(q.object)),
    )
    start = 0
    for i in range(1, len(quads) + 1):
        if i == len(quads) or quads[i].subject != quads[start].subject:
            yield _node(quads[start].subject, quads[start:i], c)
            start = i


def write_jsonld(
    store: Store,
    output: IO[bytes],
    context: dict[str, Any] | None = None,
    embed: bool = True,
    select: QuadFilter | None = None,
) -> None:
    """Write every named graph of ``store`` as compacted JSON-LD to ``output``.

    ``embed`` puts the context in the file (readable anywhere offline); otherwise the file
    refers to :data:`CONTEXT_URL`. ``select`` filters each graph's quads.
    """
    ctx = context or shipped_context()
    c = _Compactor(ctx)
    head = ctx["@context"] if embed else CONTEXT_URL
    output.write(b'{"@context": ' + json.dumps(head, ensure_ascii=False).encode() + b",\n")
    output.write(b'"@graph": [')
    for n, graph in enumerate(sorted(store.named_graphs())):
        output.write(b",\n" if n else b"\n")
        output.write(f'{{"@id": {json.dumps(c.iri(graph))}, "@graph": ['.encode())
        for i, node in enumerate(_graph_nodes(store, graph, c, select)):
            output.write(b",\n  " if i else b"\n  ")
            output.write(json.dumps(node, ensure_ascii=False).encode())
        output.write(b"\n]}")
    output.write(b"\n]}\n")
