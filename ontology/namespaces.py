"""The namespaces of peacekg, as rdflib namespaces, and the IRIs of its instances.

Code never spells an IRI by hand: classes and properties come from :class:`PK` (closed: a
term the ontology does not declare is an error, see ``ontology/pk.py``), instances
from the helpers below, which follow the public contract of ``ONTOLOGY.md``
(``pkid:state/FRA``, ``pkid:mission/MINUSMA``, ``pkid:priority/wps``, ...).

>>> from peacekg.ontology.namespaces import PK, state_iri
>>> str(PK.Commitment)
'https://w3id.org/peacekg/ontology#Commitment'
>>> str(state_iri("fra"))
'https://w3id.org/peacekg/id/state/FRA'
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from peacekg.ontology.pk import PK

PKID = Namespace("https://w3id.org/peacekg/id/")
UNDO = Namespace("https://w3id.org/un/ontology/undo/")
SH = Namespace("http://www.w3.org/ns/shacl#")

#: prefix -> namespace, for serialisers and SPARQL prologues.
PREFIXES: dict[str, Namespace] = {
    "pk": Namespace(str(PK)),
    "pkid": PKID,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "skos": Namespace(str(SKOS)),
    "dcterms": Namespace(str(DCTERMS)),
    "prov": Namespace(str(PROV)),
    "foaf": Namespace(str(FOAF)),
    "org": Namespace(str(ORG)),
    "schema": Namespace(str(SDO)),
    "undo": UNDO,
    "sh": SH,
}

#: The SPARQL prologue declaring every prefix of :data:`PREFIXES`.
SPARQL_PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

#: Named graph holding the ontology, the concept schemes and the shapes' vocabulary.
ONTOLOGY_GRAPH = PKID["graph/ontology"]
#: Named graph holding what is derived from all documents: deduplicated ``pk:backs``,
#: ``pk:opposes``, ``pk:contributesTo`` and ``pk:StanceSummary`` counts (graph/ingest/summary.py).
SUMMARY_GRAPH = PKID["graph/summary"]
#: Named graph holding the reference data (states, missions, organisations, initiatives).
REFERENCE_GRAPH = PKID["graph/reference"]

#: The stances of ONTOLOGY.md, by their short names.
STANCES: dict[str, URIRef] = {
    "Support": PK.Support,
    "Pledge": PK.Pledge,
    "Contribution": PK.Contribution,
    "CallForAction": PK.CallForAction,
    "Opposition": PK.Opposition,
}

#: The eight A4P thematic areas of ONTOLOGY.md, code -> label, in the order of the
#: Declaration of Shared Commitments (2018). Their concepts live in ``a4p.ttl``.
A4P_AREAS: dict[str, str] = {
    "politics": "Politics",
    "wps": "Women, peace and security",
    "protection": "Protection",
    "safety-security": "Safety and security",
    "performance": "Performance and accountability",
    "peacebuilding": "Peacebuilding and sustaining peace",
    "partnerships": "Partnerships",
    "conduct": "Conduct of peacekeepers and peacekeeping operations",
}

#: Entity types (the keys of :class:`peacekg.loaders.model.EntityRef`) -> their pk: class.
ENTITY_CLASSES: dict[str, URIRef] = {
    "State": PK.State,
    "Organization": PK.Organization,
    "Person": PK.Person,
    "Mission": PK.Mission,
    "Resolution": PK.Resolution,
    "Initiative": PK.Initiative,
    "Priority": PK.Priority,
    "DocumentSymbol": PK.CitedDocument,
}

_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Lower-case ASCII slug of ``text``, words joined by ``-``.

    >>> slug("Department of Peace Operations")
    'department-of-peace-operations'
    >>> slug("Côte d'Ivoire")
    'cote-d-ivoire'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SLUG_DROP.sub("-", ascii_text.lower()).strip("-") or "x"


def state_iri(iso3: str) -> URIRef:
    """IRI of a state by its ISO 3166-1 alpha-3 code (``pkid:state/FRA``)."""
    return PKID[f"state/{iso3.upper()}"]


def mission_iri(acronym: str) -> URIRef:
    """IRI of a mission by its acronym (``pkid:mission/MINUSMA``)."""
    return PKID[f"mission/{re.sub(r'[^A-Za-z0-9-]+', '', acronym).upper()}"]


def priority_iri(code: str, scheme: str = "a4p") -> URIRef:
    """IRI of an A4P thematic area (``pkid:priority/wps``) or an A4P+ priority
    (``pkid:priority/a4p-plus/<code>``)."""
    if scheme == "a4p":
        return PKID[f"priority/{code}"]
    return PKID[f"priority/{scheme}/{code}"]


_PRIORITY_PREFIX = str(PKID["priority/"])


def a4p_code(iri: str) -> str | None:
    """The A4P code of a ``pkid:priority/<code>`` IRI; ``None`` for anything else (A4P+ too)."""
    if not iri.startswith(_PRIORITY_PREFIX):
        return None
    code = iri[len(_PRIORITY_PREFIX) :]
    return code if code in A4P_AREAS else None


def priority_code(iri: str) -> str | None:
    """``wps`` for ``pkid:priority/wps``, ``a4p-plus/x`` for an A4P+ priority, else ``None``."""
    return iri[len(_PRIORITY_PREFIX) :] if iri.startswith(_PRIORITY_PREFIX) else None


def scheme_iri(name: str) -> URIRef:
    """IRI of a concept scheme (``pkid:scheme/a4p``, ``pkid:scheme/a4p-plus``)."""
    return PKID[f"scheme/{name}"]


def organization_iri(key: str) -> URIRef:
    """IRI of an organisation by its registry key or name (``pkid:org/african-union``)."""
    return PKID[f"org/{slug(key)}"]


def initiative_iri(key: str) -> URIRef:
    """IRI of an initiative by its registry key or name.

    ``pkid:initiative/action-for-peacekeeping``
    """
    return PKID[f"initiative/{slug(key)}"]


def person_iri(name: str) -> URIRef:
    """IRI of a person by name (``pkid:person/jean-pierre-lacroix``)."""
    return PKID[f"person/{slug(name)}"]


def resolution_iri(number: str | int) -> URIRef:
    """IRI of a Security Council resolution by number (``pkid:resolution/2538``).

    The number identifies a Security Council resolution on its own; the year, when the text
    gives it, is data (``pk:symbol "S/RES/2538 (2020)"``), so "resolution 2538" and
    "resolution 2538 (2020)" meet on one node.
    """
    return PKID[f"resolution/{int(str(number).strip())}"]


def symbol_iri(symbol: str) -> URIRef:
    """IRI of a UN document cited by its symbol (``pkid:symbol/S-2020-911``)."""
    return PKID["symbol/" + re.sub(r"[^A-Za-z0-9.]+", "-", symbol.strip()).strip("-")]


def document_iri(doc_id: str) -> URIRef:
    """IRI of a loaded document, which is also the name of its named graph."""
    return PKID[f"document/{doc_id}"]


def statement_iri(doc_id: str, index: int) -> URIRef:
    """IRI of the ``index``-th statement of a document."""
    return PKID[f"document/{doc_id}/statement/{index}"]


def commitment_iri(doc_id: str, index: int) -> URIRef:
    """IRI of the ``index``-th commitment extracted from a document."""
    return PKID[f"document/{doc_id}/commitment/{index}"]


#: The first path segment of each kind of entity IRI -> its entity type (a key of
#: :data:`ENTITY_CLASSES`).
_TYPE_OF_SEGMENT: dict[str, str] = {
    "state": "State",
    "mission": "Mission",
    "priority": "Priority",
    "org": "Organization",
    "initiative": "Initiative",
    "person": "Person",
    "resolution": "Resolution",
    "symbol": "DocumentSymbol",
}


def entity_type_of(iri: str) -> str | None:
    """The entity type of an IRI minted by this module (``None`` for others).

    >>> entity_type_of("https://w3id.org/peacekg/id/org/african-union")
    'Organization'
    """
    if not iri.startswith(str(PKID)):
        return None
    return _TYPE_OF_SEGMENT.get(iri[len(str(PKID)) :].split("/", 1)[0])


def class_of(iri: str) -> URIRef | None:
    """The pk: class of an entity IRI minted by this module (``None`` for others).

    >>> str(class_of("https://w3id.org/peacekg/id/resolution/2538"))
    'https://w3id.org/peacekg/ontology#Resolution'
    """
    type_ = entity_type_of(iri)
    return ENTITY_CLASSES[type_] if type_ else None


def entity_iri(type_: str, key: str) -> URIRef:
    """IRI of any entity from its type name and key (see :class:`~peacekg.loaders.model.EntityRef`).

    >>> str(entity_iri("Mission", "MINUSMA"))
    'https://w3id.org/peacekg/id/mission/MINUSMA'
    """
    makers = {
        "State": state_iri,
        "Mission": mission_iri,
        "Priority": priority_iri,
        "Organization": organization_iri,
        "Initiative": initiative_iri,
        "Person": person_iri,
        "Resolution": resolution_iri,
        "DocumentSymbol": symbol_iri,
    }
    try:
        return makers[type_](key)
    except KeyError:
        raise ValueError(f"unknown entity type {type_!r}") from None
