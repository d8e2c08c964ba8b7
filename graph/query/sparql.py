"""Running researchers' SPARQL over the store, and the library of ready queries.

Queries run over the union of all named graphs, with the prefixes of
:data:`~peacekg.ontology.namespaces.PREFIXES` declared (a query may redeclare them). Values
given with ``--bind name=value`` are joined as RDF terms (a ``VALUES`` block at the end of the
query's outermost group, serialised by pyoxigraph, never pasted text), so a bound variable
restricts the rows even where it stands inside ``OPTIONAL``; a variable the query's pattern
does not use is refused. :func:`run_query_with_timeout` stops a query that runs too long.

>>> parse_term("pkid:state/FRA")
rdflib.term.URIRef('https://w3id.org/peacekg/id/state/FRA')
>>> parse_term('"women"@en')
rdflib.term.Literal('women', lang='en')
>>> parse_term("42")
rdflib.term.Literal('42', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from peacekg.errors import QueryError, QuerySyntaxError, StoreError
from peacekg.graph.store.database import Store
from peacekg.graph.store.terms import TermLike, to_ox, to_rdflib
from peacekg.ontology.namespaces import PREFIXES, SPARQL_PROLOGUE

#: The directory of the ready queries (``queries/*.rq``), documented in its README.md.
QUERY_DIR = Path(__file__).resolve().parents[2] / "queries"

#: Output formats by kind of result.
SELECT_FORMATS = ("table", "json", "csv", "tsv", "xml")
GRAPH_FORMATS = ("table", "turtle", "ntriples", "json", "xml", "csv", "tsv")

_PROLOGUE_LINES = SPARQL_PROLOGUE.count("\n")
_RESULTS_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}
_GRAPH_RDF_FORMATS = {
    "table": ox.RdfFormat.TURTLE,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "csv": ox.RdfFormat.N_TRIPLES,
    "tsv": ox.RdfFormat.N_TRIPLES,
    "json": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}


# --- terms and query text -------------------------------------------------------------------

_PREFIXED = re.compile(r"^([A-Za-z][\w.-]*)?:(\S*)$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")
_LITERAL = re.compile(r'^"(.*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(\S+))?$', re.S)


def parse_term(text: str) -> Node:
    """Parse a value given on the command line (``--bind name=value``) as an RDF term.

    - ``<https://...>`` or a bare ``http(s)://...`` → IRI;
    - ``prefix:local`` with a known prefix (``pkid:state/FRA``, ``pk:Support``) → IRI;
    - ``"text"``, ``"text"@en``, ``"2020-09-17"^^xsd:date`` → literal;
    - ``42``, ``2.5``, ``true``/``false`` → typed literals;
    - anything else → a plain string literal.
    """
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    if re.match(r"^https?://\S+$", text):
        return URIRef(text)
    m = _LITERAL.match(text)
    if m:
        value, lang, dtype = m.groups()
        value = value.replace('\\"', '"').replace("\\\\", "\\")
        if lang:
            return Literal(value, lang=lang)
        if dtype:
            dt = parse_term(dtype)
            if not isinstance(dt, URIRef):
                raise QueryError(f"bad datatype in {text!r}")
            return Literal(value, datatype=dt)
        return Literal(value)
    m = _PREFIXED.match(text)
    if m and (m.group(1) or "") in PREFIXES:
        return URIRef(str(PREFIXES[m.group(1)]) + m.group(2))
    if _INTEGER.match(text):
        return Literal(text, datatype=XSD.integer)
    if _DECIMAL.match(text):
        return Literal(text, datatype=XSD.decimal)
    if text in ("true", "false"):
        return Literal(text, datatype=XSD.boolean)
    return Literal(text)


def parse_bindings(pairs: list[str] | tuple[str, ...]) -> dict[str, Node]:
    """``["actor=pkid:state/FRA", ...]`` → ``{"actor": URIRef(...)}``."""
    out: dict[str, Node] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.match(r"^\w+$", name):
            raise QueryError(f"--bind expects NAME=VALUE, got {pair!r}")
        out[name] = parse_term(value)
    return out


def library() -> dict[str, Path]:
    """The ready queries: name (file stem) → path."""
    if not QUERY_DIR.is_dir():
        return {}
    return {p.stem: p for p in sorted(QUERY_DIR.glob("*.rq"))}


def describe_query(path: Path) -> str:
    """The first comment line of a query file (its one-line description)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""


def load_query(arg: str) -> str:
    """The text of a query given as text, as a ``.rq`` file, or as a library name.

    ``queries/evidence.rq`` is read from the current directory, else from the library;
    ``evidence`` names the library query ``queries/evidence.rq``.
    """
    stripped = arg.strip()
    if "\n" in stripped or "{" in stripped or len(stripped) > 1024:
        return arg
    path = Path(stripped).expanduser()
    if path.is_file():
        return path.read_text(encoding="utf-8")
    if path.suffix in (".rq", ".sparql"):
        if (QUERY_DIR / path.name).is_file():
            return (QUERY_DIR / path.name).read_text(encoding="utf-8")
        raise QueryError(f"no such query file: {stripped}")
    if stripped in library():
        return library()[stripped].read_text(encoding="utf-8")
    return arg


# --- binding ---------------------------------------------------------------------------------

_FORMS = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)


def _skip(text: str, i: int) -> int:
    """The index after a string, IRI or comment starting at ``i`` (else ``i``)."""
    ch = text[i]
    if ch == "#":
        end = text.find("\n", i)
        return len(text) if end < 0 else end
    if ch in "\"'":
        quote = ch * 3 if text.startswith(ch * 3, i) else ch
        j = i + len(quote)
        while j < len(text):
            if text[j] == "\\":
                j += 2
                continue
            if text.startswith(quote, j):
                return j + len(quote)
            j += 1
        return len(text)
    if ch == "<":
        m = re.match(r"<[^\s<>\"{}|^`]*>", text[i:])
        if m:
            return i + m.end()
    return i


def _outer_group(sparql: str) -> tuple[int, int]:
    """The span (``{`` index, matching ``}`` index) of the query's outermost group pattern
    (its WHERE clause), skipping strings, IRIs and comments."""
    code = []  # (index, char) outside strings, IRIs and comments
    i = 0
    while i < len(sparql):
        j = _skip(sparql, i)
        if j != i:
            code.append((i, " "))
            i = j
            continue
        code.append((i, sparql[i]))
        i += 1
    flat = "".join(c for _, c in code)
    form = _FORMS.search(flat)
    if form is None:
        raise QueryError("cannot bind values: not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    where = re.compile(r"\bWHERE\s*\{", re.I).search(flat, form.end())
    start = where.end() - 1 if where else flat.find("{", form.end())
    if form.group(1).upper() == "CONSTRUCT" and where is None:
        raise QueryError("cannot bind values: the CONSTRUCT query has no WHERE clause")
    if start < 0:
        raise QueryError("cannot bind values: the query has no group pattern")
    depth = 0
    for k in range(start, len(flat)):
        if flat[k] == "{":
            depth += 1
        elif flat[k] == "}":
            depth -= 1
            if depth == 0:
                return code[start][0], code[k][0]
    raise QueryError("cannot bind values: unbalanced braces")


def bind_values(sparql: str, bindings: Mapping[str, TermLike | Node]) -> str:
    """``sparql`` with ``bindings`` joined as a ``VALUES`` block at the end of its outermost
    group, so that each bound variable restricts the rows wherever it occurs (a variable
    bound by SPARQL substitution inside ``OPTIONAL`` would only relabel them).

    The values are serialised by pyoxigraph (N-Triples syntax, escaped): data, never query
    text. Raises :class:`QueryError` for a variable the pattern does not use.

    >>> print(bind_values("SELECT ?a WHERE { OPTIONAL { ?a ?p ?o } }", {"a": Literal("x")}))
    SELECT ?a WHERE { OPTIONAL { ?a ?p ?o }  VALUES (?a) { ("x") } }
    """
    if not bindings:
        return sparql
    start, end = _outer_group(sparql)
    body = sparql[start:end]
    missing = [n for n in bindings if not re.search(rf"[?$]{re.escape(n)}\b", body)]
    if missing:
        names = ", ".join(f"?{n}" for n in missing)
        raise QueryError(f"--bind {names}: the query's WHERE clause has no such variable")
    terms = {n: to_ox(Literal(v) if isinstance(v, int | float) else v) for n, v in bindings.items()}
    names = " ".join(f"?{n}" for n in terms)
    values = " ".join(str(t) for t in terms.values())
    return f"{sparql[:end]} VALUES ({names}) {{ ({values}) }} {sparql[end:]}"


# --- running ---------------------------------------------------------------------------------


@dataclass
class QueryResult:
    """The result of a query: ``kind`` is ``select``, ``ask`` or ``graph``."""

    kind: str
    raw: Any  # pyoxigraph QuerySolutions | QueryBoolean | QueryTriples
    variables: list[str]

    def rows(self) -> list[dict[str, Node | None]]:
        """SELECT rows as rdflib terms (consumes the result)."""
        if self.kind != "select":
            raise QueryError("not a SELECT query")
        return [{v: to_rdflib(sol[v]) for v in self.variables} for sol in self.raw]

    def boolean(self) -> bool:
        """The answer of an ASK query."""
        if self.kind != "ask":
            raise QueryError("not an ASK query")
        return bool(self.raw)

    def triples(self) -> list[tuple[Node, Node, Node]]:
        """CONSTRUCT/DESCRIBE triples as rdflib terms (consumes the result)."""
        if self.kind != "graph":
            raise QueryError("not a CONSTRUCT or DESCRIBE query")
        return [
            (to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in self.raw
        ]


def _fix_position(message: str) -> str:
    """Shift ``error at L:C`` by the prologue the store prepends, so lines are the user's."""

    def shift(m: re.Match[str]) -> str:
        line = int(m.group(1)) - _PROLOGUE_LINES
        return f"error at {max(line, 1)}:{m.group(2)}"

    first = message.splitlines()[0] if message else message
    first = re.sub(r"error at (\d+):(\d+)", shift, first)
    return first if len(first) <= 240 else first[:239] + "…"


def run_query(
    store: Store, sparql: str, bindings: Mapping[str, TermLike | Node] | None = None
) -> QueryResult:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the union of all graphs,
    with ``bindings`` joined as terms (:func:`bind_values`).

    Raises :class:`QuerySyntaxError` for text that does not parse (updates included: the
    store is read-only) and :class:`QueryError` when evaluation fails or a binding names a
    variable the query does not use.
    """
    try:
        raw = store.query_raw(bind_values(sparql, bindings) if bindings else sparql)
    except QuerySyntaxError as exc:  # line numbers are made to refer to the user's text
        msg = str(exc)
        if re.search(
            r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY)\b", sparql, re.I
        ) and ("expected" in msg):
            hint = " (updates are not allowed: the store is read-only here)"
        else:
            hint = ""
        reason = _fix_position(msg.removeprefix("SPARQL syntax error: "))
        raise QuerySyntaxError(f"SPARQL syntax error: {reason}{hint}") from None
    except (OSError, ValueError, TypeError) as exc:
        raise QueryError(f"query failed: {exc}") from None
    if isinstance(raw, ox.QueryBoolean):
        return QueryResult("ask", raw, [])
    if isinstance(raw, ox.QueryTriples):
        return QueryResult("graph", raw, [])
    return QueryResult("select", raw, [v.value for v in raw.variables])


class QueryTimeout(QueryError):
    """The query ran longer than its time limit and was stopped."""


def _run_child(
    store_path: Path | None, sparql: str, bindings: Mapping[str, Node], fmt: str, out: Path
) -> None:  # pragma: no cover - runs in the forked child
    try:
        with Store(store_path) as store:
            result = run_query(store, sparql, bindings)
            if result.kind != "graph" and fmt in ("turtle", "ntriples"):
                raise QueryError(f"--format {fmt} is for CONSTRUCT/DESCRIBE queries")
            out.write_bytes(serialize(result, fmt))
    except QuerySyntaxError as exc:
        out.with_suffix(".err").write_text(f"syntax\n{exc}", encoding="utf-8")
    except StoreError as exc:
        out.with_suffix(".err").write_text(f"error\n{exc}", encoding="utf-8")
    except Exception as exc:  # reported to the parent, never lost
        out.with_suffix(".err").write_text(f"error\nquery failed: {exc}", encoding="utf-8")


def run_with_timeout(
    store_path: Path | None,
    sparql: str,
    bindings: Mapping[str, Node] | None,
    fmt: str,
    timeout: float | None,
) -> bytes:
    """Run and serialise a query (:func:`run_query`, :func:`serialize`) in a child process,
    stopped after ``timeout`` seconds (``None`` or 0: in this process, without a limit).

    An embedded Oxigraph query cannot be interrupted from Python, so the child is killed;
    the store is read-only, so nothing is left half done. Raises :class:`QueryTimeout`,
    :class:`QuerySyntaxError` or :class:`QueryError`.
    """
    import multiprocessing
    import tempfile

    if not timeout:
        with Store(store_path) as store:
            result = run_query(store, sparql, bindings)
            if result.kind != "graph" and fmt in ("turtle", "ntriples"):
                raise QueryError(f"--format {fmt} is for CONSTRUCT/DESCRIBE queries")
            return serialize(result, fmt)
    with tempfile.TemporaryDirectory(prefix="peacekg-query-") as tmp:
        out = Path(tmp) / "result.out"
        child = multiprocessing.get_context("fork").Process(
            target=_run_child, args=(store_path, sparql, dict(bindings or {}), fmt, out)
        )
        child.start()
        child.join(timeout)
        if child.is_alive():
            child.kill()
            child.join()
            raise QueryTimeout(
                f"the query timed out after {timeout:g} s and was stopped (--timeout SECONDS "
                "to wait longer, 0 for no limit; docs/sparql.md shows fast patterns for "
                "aggregates: read the counts of the summary graph)"
            )
        err = out.with_suffix(".err")
        if err.exists():
            kind, _, message = err.read_text(encoding="utf-8").partition("\n")
            raise (QuerySyntaxError if kind == "syntax" else QueryError)(message)
        if not out.exists():
            raise QueryError(f"the query process ended without a result (exit {child.exitcode})")
        return out.read_bytes()


def _compact(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        iri = str(term)
        for p, ns in PREFIXES.items():
            if iri.startswith(str(ns)) and len(iri) > len(str(ns)):
                return f"{p}:{iri[len(str(ns)) :]}"
        return f"<{iri}>"
    return str(term)


def format_table(variables: list[str], rows: list[dict[str, Node | None]], width: int = 80) -> str:
    """An aligned text table; IRIs compacted with the known prefixes, cells cut at ``width``."""

    def cell(t: Node | None) -> str:
        text = " ".join(_compact(t).split())
        return text if len(text) <= width else text[: width - 1] + "…"

    body = [[cell(r[v]) for v in variables] for r in rows]
    widths = [max([len(v), *(len(b[i]) for b in body)]) for i, v in enumerate(variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(b, widths, strict=True)).rstrip() for b in body]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def serialize(result: QueryResult, fmt: str = "table") -> bytes:
    """Serialise a result: SELECT/ASK as table, SPARQL JSON, CSV, TSV or XML results;
    CONSTRUCT/DESCRIBE as Turtle (``table``/``turtle``), N-Triples (``ntriples``, ``csv``,
    ``tsv``), JSON-LD (``json``) or RDF/XML (``xml``)."""
    if result.kind == "graph":
        if fmt not in _GRAPH_RDF_FORMATS:
            raise QueryError(f"format {fmt!r} does not apply to a CONSTRUCT/DESCRIBE result")
        rdf_format = _GRAPH_RDF_FORMATS[fmt]
        kwargs: dict[str, Any] = {}
        if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD):
            kwargs["prefixes"] = {p: str(ns) for p, ns in PREFIXES.items()}
        out = io.BytesIO()
        ox.serialize(result.raw, out, format=rdf_format, **kwargs)
        return out.getvalue()
    if fmt == "table":
        if result.kind == "ask":
            return (b"true" if result.boolean() else b"false") + b"\n"
        return (format_table(result.variables, result.rows()) + "\n").encode()
    if fmt not in _RESULTS_FORMATS:
        raise QueryError(f"unknown format {fmt!r}")
    if result.kind == "ask" and fmt in ("csv", "tsv"):
        return (b"true" if result.boolean() else b"false") + b"\n"
    return result.raw.serialize(format=_RESULTS_FORMATS[fmt])


def select_json(result: QueryResult) -> dict[str, Any]:
    """SPARQL 1.1 JSON results of a SELECT or ASK, as a Python dict."""
    return json.loads(serialize(result, "json"))
