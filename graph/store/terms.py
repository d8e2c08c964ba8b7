"""Terms between rdflib and pyoxigraph, and SPARQL run with bound terms.

Bindings are joined as ``VALUES`` (never pasted into the query text), so nothing a user types
can inject SPARQL.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from peacekg.errors import (
    QuerySyntaxError,
    StoreError,
)

#: A triple or quad member as accepted by the writer: an IRI string, or an rdflib term.
TermLike = str | Node | ox.NamedNode | ox.Literal | ox.BlankNode


# --- term conversion -----------------------------------------------------------------------


def to_ox(term: TermLike) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """Convert an rdflib term (or an IRI string) to a pyoxigraph term."""
    if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode):
        return term
    if isinstance(term, URIRef | str) and not isinstance(term, Literal | BNode):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"cannot convert {term!r} to an RDF term")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: pyoxigraph term -> rdflib term. Query results repeat the same IRIs and literals (states,
#: stances, priorities...), and building rdflib terms (literals above all) is the costly
#: part of turning rows into Python; rdflib terms are immutable, so they can be shared.
_CONVERTED: dict[Any, Node | None] = {}
_CONVERTED_MAX = 1 << 16


def to_rdflib(term: Any) -> Node | None:
    """Convert a pyoxigraph term to an rdflib term (``None`` stays ``None``)."""
    if term is None:
        return None
    try:
        return _CONVERTED[term]
    except KeyError:
        pass
    except TypeError:  # pragma: no cover - unhashable: not a pyoxigraph term
        return _to_rdflib(term)
    node = _to_rdflib(term)
    if len(_CONVERTED) >= _CONVERTED_MAX:
        _CONVERTED.clear()
    _CONVERTED[term] = node
    return node


def _to_rdflib(term: Any) -> Node | None:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"cannot convert {term!r} to an rdflib term")


def _bindings(bindings: Mapping[str, TermLike] | None) -> dict[ox.Variable, Any] | None:
    if not bindings:
        return None
    out = {}
    for name, value in bindings.items():
        term = Literal(value) if isinstance(value, int | float) else value
        out[ox.Variable(name.lstrip("?$"))] = to_ox(term)
    return out


_WHERE = re.compile(r"\bWHERE\s*\{|\{", re.IGNORECASE)


def _inline_values(sparql: str, subs: Mapping[ox.Variable, Any]) -> str:
    """Put ``VALUES`` data at the start of the query's outermost group pattern.

    The values are serialised by pyoxigraph's term serialiser (N-Triples syntax, escaped), so
    they are data: they cannot change the structure of the query.
    """
    body_start = sparql.find("SELECT")
    for keyword in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        pos = re.search(rf"\b{keyword}\b", sparql, re.IGNORECASE)
        if pos:
            body_start = pos.start()
            break
    match = _WHERE.search(sparql, max(body_start, 0))
    if match is None:
        raise StoreError("cannot bind values: the query has no group pattern")
    names = " ".join(str(v) for v in subs)
    values = " ".join(str(t) for t in subs.values())
    inline = f" VALUES ({names}) {{ ({values}) }} "
    return sparql[: match.end()] + inline + sparql[match.end() :]


def run_query(store: ox.Store, sparql: str, bindings: Mapping[str, TermLike] | None) -> Any:
    """Run ``sparql`` on ``store`` over the union of its graphs with ``bindings`` as terms.

    Bindings use SPARQL substitution (SEP-0007) when every bound variable is projected;
    otherwise (e.g. aggregate queries) they become ``VALUES`` data at the top of the outermost
    group. Either way a value is an RDF term, never query text.
    """
    subs = _bindings(bindings)
    try:
        try:
            return store.query(sparql, use_default_graph_as_union=True, substitutions=subs)
        except RuntimeError as exc:
            if not subs or "projection" not in str(exc):
                raise
            return store.query(_inline_values(sparql, subs), use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from exc


def result_rows(result: Any) -> list[dict[str, Node | None]]:
    """SELECT solutions as dicts of variable name -> rdflib term (or ``None``)."""
    names = [v.value for v in result.variables]
    return [dict(zip(names, map(to_rdflib, sol), strict=True)) for sol in result]
