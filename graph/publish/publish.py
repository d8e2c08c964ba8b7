"""Every named graph pushed to another triplestore (Fuseki, GraphDB, Virtuoso, Oxigraph
server) through the Graph Store Protocol or SPARQL Update, all or nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from peacekg.graph.publish.export import shareable
from peacekg.graph.publish.serve import ServerError
from peacekg.graph.store.database import Store
from peacekg.ontology.namespaces import PKID

# --- publish ---------------------------------------------------------------------------------

#: Blank nodes are published as IRIs under this base (RDF 1.1 skolem IRIs), named by a hash
#: of their surroundings, so the same data gives the same IRIs on every run.
GENID = "https://w3id.org/peacekg/.well-known/genid/"
#: Each graph is uploaded under this base first; one final Update request moves them into place.
STAGING = "https://w3id.org/peacekg/.well-known/staging/"
#: The base of the store's fixed graphs (``pkid:graph/meta``, ``ontology``, ``reference``,
#: ``summary``): ``publish(graph_base=...)`` renames them so corpora can share a server.
GRAPH_BASE = str(PKID["graph/"])
#: MOVE operations per switch request: Virtuoso 7 refuses a request of 1,000 ("Query too
#: large") and takes 3 s for 400, so larger publications switch in several requests.
SWITCH_SIZE = 250
#: Triples per INSERT DATA request: Virtuoso 7 runs out of parser memory near 5,000.
BATCH_SIZE = 2000


@dataclass
class Published:
    """What was pushed for one named graph (``graph``: its IRI on the server)."""

    graph: str
    triples: int
    method: str  # "graph-store" or "update"
    requests: int = 1


@dataclass
class PublishReport:
    """What :func:`publish` did: the graphs written, in order, and how they were switched."""

    graphs: list[Published] = field(default_factory=list)
    seconds: float = 0.0
    #: Update requests that moved the staged graphs into place (0: each graph was replaced
    #: in place by the Graph Store Protocol; 1: all-or-nothing).
    switch_requests: int = 0

    @property
    def triples(self) -> int:
        """Total triples pushed."""
        return sum(g.triples for g in self.graphs)

    def summary(self) -> str:
        """A short human-readable summary."""
        methods = sorted({g.method for g in self.graphs}) or ["-"]
        if self.switch_requests == 1:
            how = "staged, then switched all at once"
        elif self.switch_requests:
            how = f"staged, then switched in {self.switch_requests} requests"
        else:
            how = "each replaced in place"
        return (
            f"published {len(self.graphs)} graph(s), {self.triples} triples "
            f"via {' and '.join(methods)} ({how}) in {self.seconds:.1f}s"
        )


class PublishHTTPError(ServerError):
    """The remote endpoint answered with an HTTP error."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


class PublishError(ServerError):
    """A publish failed; ``written`` lists the graphs it had replaced on the server."""

    def __init__(self, message: str, written: list[str]) -> None:
        self.written = written
        super().__init__(message)


class _DigestAuth(urllib.request.HTTPDigestAuthHandler):
    """HTTP Digest that answers a host's last challenge up front.

    urllib otherwise sends each request unauthenticated first, and Virtuoso closes the
    connection with its 401 while a large body is still being sent (a broken pipe).
    """

    def __init__(self, passwords: urllib.request.HTTPPasswordMgr) -> None:
        super().__init__(passwords)
        self.challenges: dict[str, dict[str, str]] = {}

    def retry_http_digest_auth(self, req: urllib.request.Request, auth: str):  # type: ignore[override]
        challenge = auth.split(" ", 1)[1] if " " in auth else ""
        parts = urllib.request.parse_http_list(challenge)
        self.challenges[req.host] = urllib.request.parse_keqv_list(filter(None, parts))
        return super().retry_http_digest_auth(req, auth)

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        challenge = self.challenges.get(req.host)
        if challenge and not req.has_header("Authorization"):
            answer = self.get_authorization(req, challenge)
            if answer:
                req.add_unredirected_header("Authorization", f"Digest {answer}")
        return req

    https_request = http_request


class _Http:
    """Requests with HTTP Digest or Basic authentication, whichever the server asks for."""

    def __init__(
        self, urls: Iterable[str], user: str | None, password: str | None, timeout: float
    ) -> None:
        self.timeout = timeout
        handlers: list[urllib.request.BaseHandler] = []
        if user is not None:
            passwords = urllib.request.HTTPPasswordMgrWithPriorAuth()
            for url in urls:
                passwords.add_password(None, url, user, password or "")
            handlers = [_DigestAuth(passwords), urllib.request.HTTPBasicAuthHandler(passwords)]
        self.opener = urllib.request.build_opener(*handlers)

    def login(self, url: str) -> None:
        """Meet ``url``'s authentication with a small request, so large ones are sent
        authenticated; raise :class:`PublishHTTPError` if the credentials are refused."""
        try:
            with self.opener.open(url, timeout=self.timeout) as resp:
                resp.read()
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403):
                hint = "check --user and --password"
                raise PublishHTTPError(exc.code, f"GET {url}: HTTP {exc.code} ({hint})") from None
        except (urllib.error.URLError, OSError) as exc:
            raise ServerError(f"GET {url}: {exc}") from None

    def send(self, method: str, url: str, body: bytes, content_type: str) -> int:
        req = urllib.request.Request(
            url, data=body, method=method, headers={"Content-Type": content_type}
        )
        try:
            with self.opener.open(req, timeout=self.timeout) as resp:
                resp.read()
                return resp.status
        except urllib.error.HTTPError as exc:
            text = exc.read()[:2000].decode("utf-8", "replace").strip()
            detail = text.splitlines()[0][:300] if text else exc.reason
            hint = " (check --user and --password)" if exc.code in (401, 403) else ""
            raise PublishHTTPError(
                exc.code, f"{method} {url}: HTTP {exc.code} {detail}{hint}"
            ) from None
        except (urllib.error.URLError, OSError) as exc:
            raise ServerError(f"{method} {url}: {exc}") from None


def _triples(store: Store, graph: str) -> list[ox.Triple]:
    g = ox.NamedNode(graph)
    return [q.triple for q in store.oxigraph.quads_for_pattern(None, None, None, g)]


def _ntriples(triples: Iterable[ox.Triple]) -> bytes:
    return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples).encode()


def _batches(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def skolemise(triples: list[ox.Triple], salt: str = "") -> list[ox.Triple]:
    """``triples`` with each blank node replaced by an IRI under :data:`GENID`.

    A node's IRI is a hash of its surroundings (colour refinement: its own triples, then
    those of the blank nodes it links to and from, until nothing new is told apart) and of
    ``salt`` (the graph IRI): the same graph gives the same IRIs on every run, and SPARQL
    Update never sees a blank node. Nodes nothing tells apart are numbered in order.

    >>> a, b = ox.BlankNode(), ox.BlankNode()
    >>> p = ox.NamedNode("http://example.org/p")
    >>> t = skolemise([ox.Triple(a, p, b), ox.Triple(b, p, ox.Literal("x"))])
    >>> t[0].object == t[1].subject and str(t[0].subject).startswith("<" + GENID)
    True
    """
    nodes = {x for t in triples for x in (t.subject, t.object) if isinstance(x, ox.BlankNode)}
    if not nodes:
        return triples
    edges = [t for t in triples if t.subject in nodes or t.object in nodes]
    colour = dict.fromkeys(nodes, salt)
    classes = 1
    for _ in range(len(nodes)):
        seen: dict[ox.BlankNode, list[str]] = {b: [colour[b]] for b in nodes}
        for t in edges:
            s = colour.get(t.subject) if isinstance(t.subject, ox.BlankNode) else str(t.subject)
            o = colour.get(t.object) if isinstance(t.object, ox.BlankNode) else str(t.object)
            if isinstance(t.subject, ox.BlankNode):
                seen[t.subject].append(f"> {t.predicate} {o}")
            if isinstance(t.object, ox.BlankNode):
                seen[t.object].append(f"< {s} {t.predicate}")
        colour = {
            b: hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()
            for b, lines in seen.items()
        }
        now = len(set(colour.values()))
        if now == classes:
            break
        classes = now
    iris: dict[ox.BlankNode, ox.NamedNode] = {}
    twins: dict[str, int] = {}
    for t in triples:  # first-seen order numbers the nodes nothing tells apart
        for x in (t.subject, t.object):
            if isinstance(x, ox.BlankNode) and x not in iris:
                key = colour[x][:32]
                n = twins[key] = twins.get(key, 0) + 1
                iris[x] = ox.NamedNode(GENID + key + (f"-{n}" if n > 1 else ""))
    return [
        ox.Triple(iris.get(t.subject, t.subject), t.predicate, iris.get(t.object, t.object))
        for t in triples
    ]


def graph_iri(graph: str, graph_base: str | None = None) -> str:
    """The IRI of ``graph`` on the server: the fixed graphs move to ``graph_base``.

    >>> graph_iri("https://w3id.org/peacekg/id/graph/reference", "https://example.org/un/")
    'https://example.org/un/reference'
    >>> graph_iri("https://w3id.org/peacekg/id/document/d1", "https://example.org/un/")
    'https://w3id.org/peacekg/id/document/d1'
    """
    if graph_base and graph.startswith(GRAPH_BASE):
        return graph_base + graph[len(GRAPH_BASE) :]
    return graph


def publishable(
    store: Store,
    graph: str,
    graph_base: str | None = None,
    keep_source_path: bool = False,
) -> list[ox.Triple]:
    """The triples of ``graph`` as they are published.

    Without ``pk:sourcePath`` (unless ``keep_source_path``), the fixed graphs' IRIs
    (``pkid:graph/...``) moved to ``graph_base`` wherever they occur (the meta graph
    describes the reference graph), and blank nodes skolemised.
    """
    triples = list(shareable(_triples(store, graph), keep_source_path))
    if graph_base:

        def move(
            term: ox.NamedNode | ox.BlankNode | ox.Literal,
        ) -> ox.NamedNode | ox.BlankNode | ox.Literal:
            if isinstance(term, ox.NamedNode) and term.value.startswith(GRAPH_BASE):
                return ox.NamedNode(graph_iri(term.value, graph_base))
            return term

        triples = [ox.Triple(move(t.subject), t.predicate, move(t.object)) for t in triples]
    return skolemise(triples, graph_iri(graph, graph_base))


def update_requests(
    graph: str, triples: list[ox.Triple], batch_size: int = BATCH_SIZE
) -> list[str]:
    """The SPARQL Update requests that replace ``graph`` with ``triples``.

    The first request drops the graph and inserts the first batch; the others insert the
    rest. Terms are written in N-Triples syntax (pyoxigraph escapes them). ``triples``
    hold no blank nodes (see :func:`skolemise`), so batches are independent.
    """
    g = str(ox.NamedNode(graph))
    out = []
    batches = list(_batches(triples, batch_size)) or [[]]
    for i, batch in enumerate(batches):
        body = "".join(f"  {t.subject} {t.predicate} {t.object} .\n" for t in batch)
        insert = f"INSERT DATA {{ GRAPH {g} {{\n{body}}} }}" if batch else ""
        if i == 0:
            out.append(f"DROP SILENT GRAPH {g}" + (f" ;\n{insert}" if insert else ""))
        else:
            out.append(insert)
    return out


class _Uploader:
    """Replaces one graph on the server: Graph Store ``PUT``, else SPARQL Update."""

    def __init__(
        self, http: _Http, endpoint: str | None, graph_store: str | None, batch_size: int
    ) -> None:
        self.http, self.endpoint, self.graph_store = http, endpoint, graph_store
        self.batch_size = batch_size

    def put(self, graph: str, triples: list[ox.Triple]) -> tuple[str, int]:
        """Replace ``graph`` with ``triples``; return the method used and the requests sent."""
        if self.graph_store:
            try:
                self.http.send(
                    "PUT", self.graph_url(graph), _ntriples(triples), "application/n-triples"
                )
                return "graph-store", 1
            except PublishHTTPError as exc:
                if exc.status not in (404, 405, 415, 501) or not self.endpoint:
                    raise
                self.graph_store = None  # the server does not do GSP: use Update from now on
        assert self.endpoint is not None
        requests = update_requests(graph, triples, self.batch_size)
        for text in requests:
            self.update(text)
        return "update", len(requests)

    def graph_url(self, graph: str) -> str:
        """The Graph Store Protocol URL of ``graph``."""
        assert self.graph_store is not None
        sep = "&" if "?" in self.graph_store else "?"
        return f"{self.graph_store}{sep}{urllib.parse.urlencode({'graph': graph})}"

    def update(self, text: str) -> None:
        """Send one SPARQL Update request."""
        assert self.endpoint is not None
        self.http.send("POST", self.endpoint, text.encode(), "application/sparql-update")


def publish(
    store: Store,
    endpoint: str | None = None,
    graph_store: str | None = None,
    graphs: Iterable[str] | None = None,
    *,
    user: str | None = None,
    password: str | None = None,
    batch_size: int = BATCH_SIZE,
    timeout: float = 120.0,
    graph_base: str | None = None,
    keep_source_path: bool = False,
    switch_size: int = SWITCH_SIZE,
    progress: Callable[[Published], None] | None = None,
) -> PublishReport:
    """Push named graphs of ``store`` to a remote triplestore, replacing them there.

    Each graph is sent by ``PUT graph_store?graph=IRI`` (SPARQL 1.1 Graph Store Protocol,
    N-Triples) or, without ``graph_store`` or when the server refuses the PUT (404, 405,
    415, 501), by ``DROP SILENT GRAPH`` + ``INSERT DATA`` requests of ``batch_size`` triples
    to ``endpoint`` (SPARQL 1.1 Update). ``graphs`` restricts the graphs pushed (default:
    all); ``graph_base`` renames the fixed graphs (:func:`graph_iri`); what is sent is
    :func:`publishable`. ``user`` and ``password`` answer HTTP Digest or Basic challenges.

    With ``endpoint``, publishing is all-or-nothing: every graph is uploaded to a staging
    graph under :data:`STAGING`, then one Update request moves them all into place (one per
    ``switch_size`` graphs beyond that). If anything fails the staged graphs are dropped and
    :class:`PublishError` says which graphs, if any, were replaced. With ``graph_store``
    only, each graph is replaced in place and a failure lists those already written.
    """
    if not endpoint and not graph_store:
        raise ServerError("give a SPARQL Update endpoint or a Graph Store Protocol URL")
    started = time.monotonic()
    http = _Http([u for u in (endpoint, graph_store) if u], user, password, timeout)
    uploader = _Uploader(http, endpoint, graph_store, batch_size)
    names = list(graphs) if graphs else store.named_graphs()
    known = set(store.named_graphs())
    missing = [g for g in names if g not in known]
    if missing:
        raise ServerError(f"no such named graph in the store: {', '.join(missing)}")
    try:
        ox.NamedNode(graph_base or GRAPH_BASE)
    except ValueError as exc:
        raise ServerError(f"the graph base {graph_base!r} is not an IRI: {exc}") from None
    try:
        if user is not None and endpoint:
            http.login(endpoint)
        if user is not None and graph_store:  # a graph that does not exist: 404 once in
            http.login(uploader.graph_url(STAGING + "login"))
    except ServerError as exc:
        raise PublishError(f"{exc}; nothing changed on the server", []) from None
    report = PublishReport()
    if not endpoint:
        try:
            for graph in names:
                target = graph_iri(graph, graph_base)
                triples = publishable(store, graph, graph_base, keep_source_path)
                method, requests = uploader.put(target, triples)
                report.graphs.append(Published(target, len(triples), method, requests))
                if progress:
                    progress(report.graphs[-1])
        except ServerError as exc:
            written = [p.graph for p in report.graphs]
            raise PublishError(
                f"{exc}; {len(written)} of {len(names)} graph(s) were replaced before the "
                "failure, the others are unchanged: publish again to finish",
                written,
            ) from None
        report.seconds = time.monotonic() - started
        return report
    _publish_staged(
        store, names, uploader, report, graph_base, keep_source_path, switch_size, progress
    )
    report.seconds = time.monotonic() - started
    return report


def _publish_staged(
    store: Store,
    names: list[str],
    uploader: _Uploader,
    report: PublishReport,
    graph_base: str | None,
    keep_source_path: bool,
    switch_size: int,
    progress: Callable[[Published], None] | None,
) -> None:
    """Upload every graph to a staging graph, then move them into place (see :func:`publish`)."""
    run = f"{STAGING}{secrets.token_hex(8)}/"
    staged: list[tuple[str, Published]] = []  # (staging graph, what it becomes)
    pending: list[str] = []  # staging graphs written to (even in part) and not moved yet
    switching = False
    try:
        for n, graph in enumerate(names):
            target = graph_iri(graph, graph_base)
            triples = publishable(store, graph, graph_base, keep_source_path)
            method, requests = "update", 0
            if triples:
                pending.append(run + str(n))  # before: a broken upload may have written part
                method, requests = uploader.put(run + str(n), triples)
            staged.append((run + str(n), Published(target, len(triples), method, requests)))
            if progress:
                progress(staged[-1][1])
        switching = True
        for batch in _batches(staged, switch_size):
            uploader.update(
                " ;\n".join(
                    f"MOVE SILENT GRAPH <{s}> TO GRAPH {ox.NamedNode(p.graph)}"
                    if p.triples
                    else f"DROP SILENT GRAPH {ox.NamedNode(p.graph)}"
                    for s, p in batch
                )
            )
            report.graphs += [p for _, p in batch]
            report.switch_requests += 1
            moved = {s for s, _ in batch}
            pending = [s for s in pending if s not in moved]
    except BaseException as exc:
        with contextlib.suppress(ServerError):
            for batch in _batches(pending, switch_size):
                uploader.update(" ;\n".join(f"DROP SILENT GRAPH <{s}>" for s in batch))
        if not isinstance(exc, ServerError):
            raise
        written = [p.graph for p in report.graphs]
        if written:
            outcome = (
                f"{len(written)} of {len(names)} graph(s) were replaced before the failure, "
                "the others are unchanged: publish again to finish"
            )
        elif switching:  # one Update request is one transaction: all of it or none
            outcome = "the switch request failed, so nothing changed on the server"
        else:
            outcome = "nothing changed on the server"
        raise PublishError(f"{exc}; {outcome}", written) from None


def remote_counts(query_url: str, timeout: float = 60.0) -> dict[str, int]:
    """Triples per named graph at a remote SPARQL endpoint (to check a publication)."""
    import json

    q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    req = urllib.request.Request(
        query_url,
        data=urllib.parse.urlencode({"query": q}).encode(),
        headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        data = json.load(resp)
    return {b["g"]["value"]: int(b["n"]["value"]) for b in data["results"]["bindings"] if "g" in b}
