"""Reference data: states, missions, organisations, initiatives and A4P priorities.

The tables live in ``ontology/data/*.csv`` (sources in ``ontology/data/SOURCES.md``) and
the priorities in ``ontology/a4p.ttl``. They are read once (:func:`load_reference` is
cached) through :mod:`importlib.resources`, so they work from an installed wheel too.

Every entity is a :class:`RefEntity` with a ``type`` and a ``key`` (the key of
:class:`peacekg.loaders.model.EntityRef`), a preferred ``label`` and the ``aliases`` that UN
texts use for it. Aliases keep their case as written: matching short acronyms must be
case-sensitive. Aliases that are also ordinary words or point at several entities
("the Council", "US", "Korea") stay in ``aliases`` but are listed again in
``data["ambiguous_aliases"]`` (";"-separated), so that matchers can ask for context.

>>> ref = load_reference()
>>> ref.get("State", "VNM").label
'Viet Nam'
>>> "the Sudan" in ref.get("State", "SDN").aliases
True
>>> ref.get("Mission", "MINUSMA").data["resolution"]
'2100 (2013)'
>>> ref.get("Organization", "Department of Peace Operations").acronym
'DPO'

Why one module of about 600 lines: the tables are read (``_states``, ``_missions``...) and
written as the reference and ontology graphs (:func:`reference_graph`,
:func:`ontology_graph`) with the same row readers and IRI helpers; graph/ imports both
halves. It splits in two (reading, RDF) when graph/ is regrouped (issue 11, part 4).
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import cast

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS, XSD

from peacekg.ontology.namespaces import (
    A4P_AREAS,
    PK,
    PREFIXES,
    entity_iri,
    initiative_iri,
    mission_iri,
    organization_iri,
    resolution_iri,
    scheme_iri,
    state_iri,
)

__all__ = [
    "ENTITY_TYPES",
    "RefEntity",
    "Reference",
    "load_reference",
    "ontology_graph",
    "reference_graph",
    "sc_resolution_bound",
    "shapes_graph",
]

#: The entity types held by the reference data, in the order of :meth:`Reference.all`.
ENTITY_TYPES = ("State", "Mission", "Organization", "Initiative", "Priority")

_PACKAGE = "peacekg.ontology"
#: The key of the United Nations in ``organizations.csv``: the root of the UN system.
UNITED_NATIONS = "United Nations"
#: How the name of a UN body the table does not hold begins.
_UN_NAME_PREFIXES = ("United Nations ", "UN ", "Office of the United Nations")


@dataclass(frozen=True)
class RefEntity:
    """One reference entity.

    ``key`` is the entity key of :class:`~peacekg.loaders.model.EntityRef`: ISO3 for a
    State, acronym for a Mission, canonical (registry) name for an Organization or an
    Initiative, code for a Priority (``"wps"``; A4P+ ``"a4p-plus/<code>"``). ``aliases``
    holds every surface form, the label and the acronym included, without duplicates.
    ``demonyms`` (States only) are adjectives that refer to the state ("French").
    ``data`` holds the remaining columns of the table, as strings.
    """

    type: str
    key: str
    label: str
    aliases: tuple[str, ...]
    acronym: str | None = None
    demonyms: tuple[str, ...] = ()
    data: Mapping[str, str] = field(default_factory=dict)

    @property
    def iri(self) -> URIRef:
        """The IRI of the entity (``pkid:state/FRA``, ``pkid:mission/MINUSMA`` ...)."""
        return entity_iri(self.type, self.key)


class Reference:
    """All reference entities, by type, with lookup by key.

    >>> ref = load_reference()
    >>> len(ref.states) >= 195
    True
    >>> ref.get("Mission", "monusco").key
    'MONUSCO'
    """

    def __init__(
        self,
        states: Iterable[RefEntity],
        missions: Iterable[RefEntity],
        organizations: Iterable[RefEntity],
        initiatives: Iterable[RefEntity],
        priorities: Iterable[RefEntity],
    ) -> None:
        self.states: tuple[RefEntity, ...] = tuple(states)
        self.missions: tuple[RefEntity, ...] = tuple(missions)
        self.organizations: tuple[RefEntity, ...] = tuple(organizations)
        self.initiatives: tuple[RefEntity, ...] = tuple(initiatives)
        self.priorities: tuple[RefEntity, ...] = tuple(priorities)
        self._by_key: dict[tuple[str, str], RefEntity] = {}
        self._by_iri: dict[URIRef, RefEntity] = {}
        self._missions_compact: dict[str, RefEntity] = {}
        for entity in self.all():
            if (entity.type, entity.key) in self._by_key:
                raise ValueError(f"duplicate reference key {entity.type}:{entity.key}")
            self._by_key[(entity.type, entity.key)] = entity
            self._by_iri[entity.iri] = entity
            if entity.type == "Mission":
                self._missions_compact[_compact(entity.key)] = entity

    def get(self, type: str, key: str) -> RefEntity | None:
        """The entity of that type and key, or ``None``.

        The key is tried as given, then through the entity's IRI, so that case and
        punctuation variants of a key that mint the same IRI also resolve
        (``"fra"`` → France, ``"african-union"`` → African Union, ``"UNAVEM-II"``
        → UNAVEM II).

        >>> load_reference().get("State", "fra").label
        'France'
        >>> load_reference().get("State", "XXX") is None
        True
        """
        found = self._by_key.get((type, key))
        if found is not None:
            return found
        if type == "Mission":
            return self._missions_compact.get(_compact(key))
        try:
            return self._by_iri.get(entity_iri(type, key))
        except (ValueError, TypeError):
            return None

    @functools.cached_property
    def un_system_keys(self) -> frozenset[str]:
        """The organisations of the UN system: the United Nations and every organisation
        whose ``parent`` in ``organizations.csv`` leads to it (its organs, committees,
        departments, offices, funds, programmes and agencies).

        >>> {"Police Division", "Security Council"} <= load_reference().un_system_keys
        True
        >>> "African Union" in load_reference().un_system_keys
        False
        """
        parents = {o.key: o.data.get("parent", "") for o in self.organizations}
        members = {UNITED_NATIONS}
        changed = True
        while changed:
            grown = {k for k, p in parents.items() if p in members} - members
            members |= grown
            changed = bool(grown)
        return frozenset(members)

    def un_system(self, key: str) -> bool:
        """Whether the organisation ``key`` belongs to the UN system: by the organisations
        table (:attr:`un_system_keys`), or, for an organisation the table does not hold (one
        minted from a document), by a name that says so ("United Nations ...", "UN ...").

        >>> load_reference().un_system("UN Mine Action Gateway")
        True
        """
        if key in self.un_system_keys:
            return True
        if self.get("Organization", key) is not None:
            return False
        return key.startswith(_UN_NAME_PREFIXES)

    def by_iri(self, iri: URIRef | str) -> RefEntity | None:
        """The entity whose IRI is ``iri``, or ``None``."""
        return self._by_iri.get(URIRef(str(iri)))

    def all(self) -> Iterator[RefEntity]:
        """Every entity: states, missions, organisations, initiatives, then priorities."""
        yield from self.states
        yield from self.missions
        yield from self.organizations
        yield from self.initiatives
        yield from self.priorities

    def __len__(self) -> int:
        return len(self._by_key)

    def __repr__(self) -> str:
        return (
            f"Reference({len(self.states)} states, {len(self.missions)} missions, "
            f"{len(self.organizations)} organizations, {len(self.initiatives)} initiatives, "
            f"{len(self.priorities)} priorities)"
        )


# ---------------------------------------------------------------------------- reading


def _compact(acronym: str) -> str:
    """Mission acronym without case or punctuation: ``"UNAVEM-II"`` → ``"UNAVEMII"``."""
    return re.sub(r"[^A-Z0-9]", "", acronym.upper())


def _resource_text(*parts: str) -> str | None:
    node = resources.files(_PACKAGE)
    for part in parts:
        node = node.joinpath(part)
    if not node.is_file():
        return None
    return node.read_text(encoding="utf-8")


def _read_table(name: str) -> list[dict[str, str]]:
    text = _resource_text("data", name)
    if text is None:
        raise FileNotFoundError(f"reference table {name} is missing from {_PACKAGE}/data")
    return [
        {k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))
    ]


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _unique(forms: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f for f in forms if f))


def _data(row: Mapping[str, str], *columns: str) -> dict[str, str]:
    return {c: row[c] for c in columns if row.get(c)}


def _un_short(names: Iterable[str]) -> list[str]:
    """ "United Nations X" → also "UN X" (texts use both)."""
    out = []
    for name in names:
        if name.startswith("United Nations "):
            out.append("UN " + name[len("United Nations ") :])
    return out


def _states() -> list[RefEntity]:
    entities = []
    for row in _read_table("states.csv"):
        aliases = _unique(
            [row["label"], row["un_name"], row["formal_name"], *_split(row["variants"])]
        )
        data = _data(
            row,
            "iso3",
            "m49",
            "un_name",
            "formal_name",
            "status",
            "former",
            "successor",
            "ambiguous_demonyms",
        )
        if row.get("ambiguous_variants"):
            data["ambiguous_aliases"] = row["ambiguous_variants"]
        entities.append(
            RefEntity(
                type="State",
                key=row["iso3"],
                label=row["label"],
                aliases=aliases,
                demonyms=_unique(_split(row["demonyms"])),
                data=data,
            )
        )
    return entities


def _missions() -> list[RefEntity]:
    entities = []
    for row in _read_table("missions.csv"):
        names = [row["name"], *_split(row["aliases"])]
        aliases = _unique([row["acronym"], row["name"], row["name_fr"], *names, *_un_short(names)])
        entities.append(
            RefEntity(
                type="Mission",
                key=row["acronym"],
                label=row["name"],
                aliases=aliases,
                acronym=row["acronym"],
                data=_data(
                    row,
                    "name_fr",
                    "kind",
                    "start",
                    "end",
                    "hosts",
                    "territory",
                    "resolution",
                    "ga_resolution",
                    "predecessor",
                ),
            )
        )
    return entities


def _named(type_: str, table: str, extra: tuple[str, ...]) -> list[RefEntity]:
    entities = []
    for row in _read_table(table):
        aliases = _unique([row["label"], row["key"], *_split(row["aliases"])])
        data = _data(row, *extra)
        if row.get("ambiguous_aliases"):
            data["ambiguous_aliases"] = row["ambiguous_aliases"]
        entities.append(
            RefEntity(
                type=type_,
                key=row["key"],
                label=row["label"],
                aliases=aliases,
                acronym=row["acronym"] or None,
                data=data,
            )
        )
    return entities


def _priorities() -> list[RefEntity]:
    graph = Graph()
    text = _resource_text("a4p.ttl")
    if text is None:
        raise FileNotFoundError(f"a4p.ttl is missing from {_PACKAGE}")
    graph.parse(data=text, format="turtle")
    schemes = {scheme_iri("a4p"): "a4p", scheme_iri("a4p-plus"): "a4p-plus"}
    entities = []
    for scheme, scheme_name in schemes.items():
        concepts = sorted(graph.subjects(SKOS.inScheme, scheme), key=str)
        for concept in concepts:
            code = str(graph.value(concept, SKOS.notation))
            key = code if scheme_name == "a4p" else f"{scheme_name}/{code}"
            label = str(graph.value(concept, SKOS.prefLabel))
            alt = sorted(str(a) for a in graph.objects(concept, SKOS.altLabel))
            data = {"scheme": scheme_name, "code": code}
            definition = graph.value(concept, SKOS.definition)
            if definition is not None:
                data["definition"] = str(definition)
            for prop, name in (
                (SKOS.exactMatch, "exact_match"),
                (SKOS.closeMatch, "close_match"),
                (SKOS.broadMatch, "broad_match"),
                (SKOS.narrowMatch, "narrow_match"),
                (SKOS.relatedMatch, "related_match"),
            ):
                targets = sorted(
                    str(graph.value(t, SKOS.notation)) for t in graph.objects(concept, prop)
                )
                if targets:
                    data[name] = ";".join(targets)
            entities.append(
                RefEntity(
                    type="Priority",
                    key=key,
                    label=label,
                    aliases=_unique([label, *alt]),
                    data=data,
                )
            )
    order = list(A4P_AREAS)
    entities.sort(
        key=lambda e: (e.data["scheme"] != "a4p", order.index(e.key) if e.key in order else 99)
    )
    return entities


@functools.cache
def load_reference() -> Reference:
    """Load the reference tables (once; the result is cached and immutable).

    >>> load_reference().get("Initiative", "Action for Peacekeeping").acronym
    'A4P'
    """
    return Reference(
        states=_states(),
        missions=_missions(),
        organizations=_named(
            "Organization", "organizations.csv", ("kind", "parent", "head_title", "country")
        ),
        initiatives=_named("Initiative", "initiatives.csv", ("kind", "year", "launched_by")),
        priorities=_priorities(),
    )


@functools.cache
def _sc_anchors() -> tuple[tuple[int, int], ...]:
    rows = _read_table("sc-resolutions.csv")
    return tuple(sorted((int(r["year"]), int(r["last_number"])) for r in rows))


def sc_resolution_bound(year: int) -> int | None:
    """The highest number a Security Council resolution can have by the end of ``year``.

    Council resolutions are numbered consecutively since 1946, so a document dated ``year``
    cannot cite a Council resolution above this number: "resolution 3201" in a 1974 speech
    is the General Assembly's. The bound is conservative (the count at the first year in
    ``data/sc-resolutions.csv`` that is not earlier than ``year``); ``None`` after the last.

    >>> sc_resolution_bound(1974), sc_resolution_bound(2000), sc_resolution_bound(2030)
    (646, 1334, None)
    """
    for anchor_year, last in _sc_anchors():
        if year <= anchor_year:
            return last
    return None


@functools.cache
def mission_places() -> dict[str, tuple[str, str]]:
    """Place name -> (state ISO3, territory) for the places that name a peacekeeping
    operation's area without naming its state (``data/places.csv``): territories ("Darfur",
    whose ``territory`` is the operation's in ``missions.csv``) and the towns of operations'
    headquarters and bases ("Bangui"); either part may be empty.

    >>> mission_places()["Darfur"], mission_places()["Bangui"]
    (('SDN', 'Darfur'), ('CAF', ''))
    """
    return {r["name"]: (r["state"], r["territory"]) for r in _read_table("places.csv")}


@functools.cache
def state_regions() -> dict[str, tuple[str, str]]:
    """ISO3 → (M49 region, sub-region) of every state (``data/regions.csv``).

    >>> state_regions()["FRA"]
    ('Europe', 'Western Europe')
    """
    return {r["iso3"]: (r["region"], r["subregion"]) for r in _read_table("regions.csv")}


# ---------------------------------------------------------------------------- RDF


def _bind(graph: Graph) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def _date(value: str) -> Literal:
    """``1948`` → xsd:gYear, ``1948-05`` → xsd:gYearMonth, ``1948-05-29`` → xsd:date."""
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}.get(len(value))
    if datatype is None:
        raise ValueError(f"bad date {value!r} in the reference data")
    return Literal(value, datatype=datatype)


def _actor_iri(ref: Reference, value: str) -> URIRef | None:
    """A "launched by"/"parent" cell: an ISO3 code or an organisation key."""
    if len(value) == 3 and value.isupper() and ref.get("State", value):
        return state_iri(value)
    if ref.get("Organization", value):
        return organization_iri(value)
    return None


def _labels(graph: Graph, node: URIRef, entity: RefEntity) -> None:
    graph.add((node, RDFS.label, Literal(entity.label)))
    graph.add((node, SKOS.prefLabel, Literal(entity.label)))
    for alias in entity.aliases:
        if alias != entity.label:
            graph.add((node, SKOS.altLabel, Literal(alias)))
    if entity.acronym:
        graph.add((node, PK.acronym, Literal(entity.acronym)))


def _resolution(graph: Graph, text: str) -> URIRef:
    """``"2100 (2013)"`` → the resolution node, typed and labelled."""
    number, _, rest = text.partition(" ")
    node = resolution_iri(number)
    graph.add((node, RDF.type, PK.Resolution))
    graph.add((node, RDFS.label, Literal(f"Security Council resolution {text}")))
    graph.add((node, PK.symbol, Literal(f"S/RES/{text}")))
    year = rest.strip("()")
    if year.isdigit():
        graph.add((node, DCTERMS.date, Literal(year, datatype=XSD.gYear)))
    return node


@functools.cache
def _reference_triples() -> tuple[tuple[URIRef | BNode | Literal, ...], ...]:
    ref = load_reference()
    g = Graph()
    for e in ref.states:
        node = e.iri
        g.add((node, RDF.type, PK.State))
        g.add((node, RDF.type, PK.Actor))
        _labels(g, node, e)
        g.add((node, PK.iso3, Literal(e.key)))
        if e.data.get("m49"):
            g.add((node, PK.m49, Literal(e.data["m49"])))
        if e.data.get("formal_name"):
            g.add((node, PK.formalName, Literal(e.data["formal_name"])))
        g.add((node, PK.unStatus, Literal(e.data.get("status", "member"))))
        if e.data.get("former") == "1":
            g.add((node, PK.former, Literal(True)))
        for successor in _split(e.data.get("successor", "")):
            g.add((node, DCTERMS.isReplacedBy, state_iri(successor)))
        for demonym in e.demonyms:
            g.add((node, PK.demonym, Literal(demonym)))
    for e in ref.missions:
        node = mission_iri(e.key)
        g.add((node, RDF.type, PK.Mission))
        _labels(g, node, e)
        g.add((node, PK.missionKind, Literal(e.data["kind"])))
        if e.data.get("start"):
            g.add((node, PK.startDate, _date(e.data["start"])))
        if e.data.get("end"):
            g.add((node, PK.endDate, _date(e.data["end"])))
        for host in _split(e.data.get("hosts", "")):
            g.add((node, PK.hostState, state_iri(host)))
        if e.data.get("territory"):
            g.add((node, PK.territory, Literal(e.data["territory"])))
        if e.data.get("resolution"):
            g.add((node, PK.establishedBy, _resolution(g, e.data["resolution"])))
        if e.data.get("ga_resolution"):
            g.add(
                (
                    node,
                    SKOS.note,
                    Literal(
                        f"Established by General Assembly resolution {e.data['ga_resolution']}"
                    ),
                )
            )
        if e.data.get("predecessor"):
            g.add((node, DCTERMS.replaces, mission_iri(e.data["predecessor"])))
    for e in ref.organizations:
        node = organization_iri(e.key)
        g.add((node, RDF.type, PK.Organization))
        g.add((node, RDF.type, PK.Actor))
        _labels(g, node, e)
        if e.data.get("kind"):
            g.add((node, PK.organizationKind, Literal(e.data["kind"])))
        if e.data.get("head_title"):
            g.add((node, PK.headTitle, Literal(e.data["head_title"])))
        if e.data.get("parent"):
            parent = _actor_iri(ref, e.data["parent"])
            if parent is not None:
                g.add((node, ORG.subOrganizationOf, parent))
        if e.data.get("country"):
            g.add((node, PK.country, state_iri(e.data["country"])))
    for e in ref.initiatives:
        node = initiative_iri(e.key)
        g.add((node, RDF.type, PK.Initiative))
        _labels(g, node, e)
        if e.data.get("kind"):
            g.add((node, PK.initiativeKind, Literal(e.data["kind"])))
        if e.data.get("year"):
            g.add((node, PK.startDate, _date(e.data["year"])))
        if e.data.get("launched_by"):
            actor = _actor_iri(ref, e.data["launched_by"])
            if actor is not None:
                g.add((node, PK.launchedBy, actor))
    return _triples(g)


def _triples(graph: Graph) -> tuple[tuple[URIRef | BNode | Literal, ...], ...]:
    """The triples of a graph of named nodes, blank nodes and literals, as a tuple."""
    return tuple(cast(Iterable[tuple[URIRef | BNode | Literal, ...]], graph))


def reference_graph() -> Graph:
    """The reference data as RDF, for the named graph ``pkid:graph/reference``.

    States, missions (with their establishing Security Council resolutions),
    organisations and initiatives; the priorities are part of :func:`ontology_graph`.
    Each call returns a new graph (the triples are computed once).

    >>> from peacekg.ontology.namespaces import PK, state_iri
    >>> g = reference_graph()
    >>> str(g.value(state_iri("CIV"), PK.iso3))
    'CIV'
    """
    graph = _bind(Graph())
    for triple in _reference_triples():
        graph.add(triple)  # type: ignore[arg-type]
    return graph


@functools.cache
def _turtle_triples(names: tuple[str, ...]) -> tuple[tuple[URIRef | BNode | Literal, ...], ...]:
    graph = Graph()
    for name in names:
        text = _resource_text(name)
        if text is not None:
            graph.parse(data=text, format="turtle", publicID=f"urn:peacekg:{name}")
    return _triples(graph)


def _graph_of(names: tuple[str, ...]) -> Graph:
    graph = _bind(Graph())
    for triple in _turtle_triples(names):
        graph.add(triple)  # type: ignore[arg-type]
    return graph


def ontology_graph() -> Graph:
    """The ontology and the priority schemes: ``peacekg.ttl`` + ``a4p.ttl`` (+
    ``a4p-cues.ttl`` and ``stance-cues.ttl`` when present), for the named graph
    ``pkid:graph/ontology``.

    >>> from peacekg.ontology.namespaces import PK
    >>> from rdflib.namespace import OWL, RDF
    >>> (PK.Commitment, RDF.type, OWL.Class) in ontology_graph()
    True
    """
    return _graph_of(("peacekg.ttl", "a4p.ttl", "a4p-cues.ttl", "stance-cues.ttl"))


def shapes_graph() -> Graph:
    """The SHACL shapes (``shapes.ttl``), to validate the union of the reference, ontology
    and document graphs with rdfs inference off."""
    return _graph_of(("shapes.ttl",))
