"""The public face of ``peacekg serve``: a thin HTTP front over the Oxigraph server.

The Oxigraph server does the SPARQL; this front fixes the two things a standard client
cannot live with:

- **prefixes**: every query gets the project's prologue (``pk:``, ``pkid:``, ``skos:``,
  ``dcterms:``, ... as in the CLI) before its own, so the CLI's queries run unchanged on the
  endpoint; a query's own ``PREFIX`` declarations come later and win;
- **timeouts**: Oxigraph streams results and, when a query is cancelled by ``--timeout``,
  ends an HTTP 200 body with "The SPARQL operation has been cancelled". The front reads the
  whole answer (spooled to disk when large) before sending anything, and turns a cancelled
  one, or one that runs past the timeout, into ``503 Service Unavailable`` with a one-line
  message. Clients see an error status, never a truncated result.

Everything else (content negotiation, the refused updates, the Graph Store paths) is the
Oxigraph server's answer, relayed as it is.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import IO

from peacekg.ontology.namespaces import SPARQL_PROLOGUE

#: What Oxigraph writes at the end of a streamed answer when the query was cancelled.
CANCELLED = b"The SPARQL operation has been cancelled"
#: Seconds the front waits for an answer beyond the query timeout before giving up on it.
GRACE_SECONDS = 5.0
#: Answers larger than this many bytes are spooled to a temporary file, not kept in memory.
SPOOL_BYTES = 16 * 1024 * 1024
#: Request headers passed on to the Oxigraph server.
_FORWARDED_REQUEST = ("Accept", "Content-Type")
#: Response headers passed back to the client.
_FORWARDED_RESPONSE = ("Content-Type", "Access-Control-Allow-Origin", "Vary")
_QUERY_PATH = "/query"


def with_prologue(query: str) -> str:
    """``query`` with the project's prefix declarations before its own prologue.

    >>> with_prologue("SELECT * WHERE { ?s a pk:State }").startswith("PREFIX pk:")
    True
    """
    return SPARQL_PROLOGUE + query


def _rewrite_form(body: bytes) -> bytes:
    """A form-encoded request body with the prologue added to its ``query`` field."""
    fields = urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True)
    fields = [(k, with_prologue(v) if k == "query" else v) for k, v in fields]
    return urllib.parse.urlencode(fields).encode("utf-8")


def _was_cancelled(spool: IO[bytes], size: int) -> bool:
    """Whether a spooled answer ends with Oxigraph's cancellation message.

    A complete answer ends with its format's own terminator (a newline in CSV/TSV, ``}`` in
    JSON, ``>`` in XML), so the bare message at the very end means the stream was cut.
    """
    if size < len(CANCELLED):
        return False
    spool.seek(size - len(CANCELLED))
    return spool.read() == CANCELLED


class _Handler(BaseHTTPRequestHandler):
    """Relays one request to the Oxigraph server (``self.server.upstream``)."""

    server: EndpointFront
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the Oxigraph server logs the queries."""

    def do_GET(self) -> None:
        """A query in the URL (``?query=``), or any other GET, relayed."""
        path, _, qs = self.path.partition("?")
        if path == _QUERY_PATH and qs:
            fields = urllib.parse.parse_qsl(qs, keep_blank_values=True)
            fields = [(k, with_prologue(v) if k == "query" else v) for k, v in fields]
            qs = urllib.parse.urlencode(fields)
        self._relay("GET", f"{path}?{qs}" if qs else path, None)

    def do_POST(self) -> None:
        """A query (``application/sparql-query`` or a form), or any other POST, relayed."""
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if self.path.split("?")[0] == _QUERY_PATH:
            if kind == "application/sparql-query":
                body = with_prologue(body.decode("utf-8")).encode("utf-8")
            elif kind == "application/x-www-form-urlencoded":
                body = _rewrite_form(body)
        self._relay("POST", self.path, body)

    def do_PUT(self) -> None:
        """Relayed (the read-only server refuses it)."""
        length = int(self.headers.get("Content-Length") or 0)
        self._relay("PUT", self.path, self.rfile.read(length) if length else b"")

    def do_DELETE(self) -> None:
        """Relayed (the read-only server refuses it)."""
        self._relay("DELETE", self.path, None)

    def do_OPTIONS(self) -> None:
        """CORS pre-flight, relayed."""
        self._relay("OPTIONS", self.path, None)

    def _relay(self, method: str, path: str, body: bytes | None) -> None:
        headers = {h: self.headers[h] for h in _FORWARDED_REQUEST if self.headers.get(h)}
        if self.headers.get("Origin"):
            headers["Origin"] = self.headers["Origin"]
        req = urllib.request.Request(
            self.server.upstream + path, data=body, headers=headers, method=method
        )
        wait = (self.server.timeout_s or 3600.0) + GRACE_SECONDS
        try:
            resp = urllib.request.urlopen(req, timeout=wait)
        except urllib.error.HTTPError as err:
            resp = err
        except TimeoutError:
            self._fail(503, f"the query did not finish within {self.server.timeout_s:g} s")
            return
        except (urllib.error.URLError, OSError) as exc:
            self._fail(502, f"the SPARQL engine did not answer: {exc}")
            return
        with resp, tempfile.SpooledTemporaryFile(SPOOL_BYTES) as spool:
            try:
                shutil.copyfileobj(resp, spool)
            except (TimeoutError, OSError):
                self._fail(503, f"the query did not finish within {self.server.timeout_s:g} s")
                return
            size = spool.tell()
            if _was_cancelled(spool, size):
                limit = f"{self.server.timeout_s:g} s" if self.server.timeout_s else "its limit"
                self._fail(503, f"the query was cancelled: it ran past the timeout ({limit})")
                return
            self.send_response(resp.status)
            for name in _FORWARDED_RESPONSE:
                if resp.headers.get(name):
                    self.send_header(name, resp.headers[name])
            self.send_header("Content-Length", str(size))
            self.end_headers()
            if method != "HEAD":
                spool.seek(0)
                shutil.copyfileobj(spool, self.wfile)

    def _fail(self, status: int, message: str) -> None:
        data = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class EndpointFront(ThreadingHTTPServer):
    """The HTTP front at ``(host, port)`` relaying to the Oxigraph server at ``upstream``."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], upstream: str, timeout_s: float | None) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, _Handler)
        self.upstream = upstream.rstrip("/")
        self.timeout_s = timeout_s
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self.serve_forever, name="peacekg-endpoint")
        self._thread.daemon = True
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._thread is not None:
            self.shutdown()
            self._thread.join(10)
            self._thread = None
        self.server_close()
