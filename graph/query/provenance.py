"""Where a fact came from: a commitment's evidence found again in its source file.

Offsets in the graph (``pk:startOffset``/``pk:endOffset``) refer to the document's
*normalised* text (Unicode NFC, joined hard-wrapped lines and hyphenations, markup
removed; see ``docs/architecture.md``). A reader checking a quote wants the place in the
file itself: the line and column in a text or HTML file, the page of a PDF. This module
re-reads the file and finds the evidence in it by its *skeleton* (letters and digits only,
case-folded), which the normalisation does not change, so the match survives line breaks,
hyphenation and markup between the words. When a quote occurs more than once, the
occurrence nearest the normalised offset (in proportion) is taken.

If the file changed since the build (its SHA-256 differs from ``pk:sha256``), or is gone,
the answer says so and gives what the graph alone knows.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rdflib import URIRef

from peacekg.errors import StoreError
from peacekg.graph.query.entities import Labeler
from peacekg.graph.store.database import Store
from peacekg.ontology.namespaces import PREFIXES

#: Punctuation and quotes that may open or close a quote, outside its skeleton.
_EDGE = "\"'“”‘’«»()[]{}.,;:!?-–— \n"
#: Characters of normalised text shown before and after the evidence.
CONTEXT_CHARS = 300

_SHOW = """
SELECT ?actor ?stance ?evidence ?start ?end ?doc ?file ?path ?sha ?symbol ?date WHERE {
  ?c pk:actor ?actor ; pk:stance ?stance ; pk:evidence ?evidence ; prov:wasDerivedFrom ?doc .
  ?doc a pk:Document .
  OPTIONAL { ?c pk:startOffset ?start } OPTIONAL { ?c pk:endOffset ?end }
  OPTIONAL { ?doc pk:sourceFile ?file } OPTIONAL { ?doc pk:sourcePath ?path }
  OPTIONAL { ?doc pk:sha256 ?sha } OPTIONAL { ?doc pk:symbol ?symbol }
  OPTIONAL { ?doc dcterms:date ?date }
} LIMIT 1"""
_TARGETS = "SELECT ?t WHERE { ?c pk:target ?t } ORDER BY ?t"


class NoSuchCommitment(StoreError):
    """The store holds no commitment with that IRI."""


@dataclass
class Located:
    """Where the evidence stands in the original file (what could be found)."""

    start: int | None = None  # character offsets in the file's decoded text
    end: int | None = None
    line: int | None = None  # 1-based line and column of the start
    column: int | None = None
    page: int | None = None  # 1-based PDF page
    note: str | None = None  # why something could not be found


@dataclass
class Shown:
    """A commitment with its evidence in context and in its source file."""

    iri: str
    actor: str
    stance: str
    targets: list[str]
    evidence: str
    document: str
    source_file: str | None
    symbol: str | None
    date: str | None
    start: int | None  # offsets in the normalised text
    end: int | None
    before: str = ""
    after: str = ""
    original: Located = field(default_factory=Located)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (for JSON)."""
        return asdict(self)


def skeleton(text: str) -> tuple[str, list[int]]:
    """The letters and digits of ``text``, case-folded, with the offset each came from.

    >>> skeleton("Peace-\\nkeeping  (2018)")
    ('peacekeeping2018', [0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 13, 17, 18, 19, 20])
    """
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).casefold():
            if c.isalnum():
                chars.append(c)
                where.append(i)
    return "".join(chars), where


def _html_text(source: str) -> tuple[str, list[int]]:
    """The characters of an HTML source outside tags, entities decoded, with positions."""
    out: list[str] = []
    where: list[int] = []
    for m in re.finditer(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|<[^>]*>|&#?\w+;|[^<&]+|[<&]",
                         source, re.S | re.I):  # fmt: skip
        piece = m.group(0)
        if piece.startswith("<") and len(piece) > 1:
            continue
        text = html.unescape(piece) if piece.startswith("&") else piece
        out.append(text)
        where.extend(
            [m.start()] * len(text) if piece.startswith("&") else range(m.start(), m.end())
        )
    return "".join(out), where


def find_in(text: str, evidence: str, hint: float) -> tuple[int, int] | None:
    """Offsets of ``evidence`` in ``text`` by skeleton; the occurrence nearest ``hint``
    (a fraction of the text's length) when there are several."""
    hay, where = skeleton(text)
    needle, _ = skeleton(evidence)
    if not needle:
        return None
    found: list[int] = []
    at = hay.find(needle)
    while at != -1:
        found.append(at)
        at = hay.find(needle, at + 1)
    if not found:
        return None
    best = min(found, key=lambda a: abs(a / max(len(hay), 1) - hint))
    start, end = where[best], where[best + len(needle) - 1] + 1
    # the skeleton drops punctuation at the edges: take it back where the text has it too
    lead = len(evidence) - len(evidence.lstrip(_EDGE))
    trail = len(evidence) - len(evidence.rstrip(_EDGE))
    if lead and text[max(0, start - lead) : start] == evidence[:lead]:
        start -= lead
    if trail and text[end : end + trail] == evidence[len(evidence) - trail :]:
        end += trail
    return start, end


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def locate(path: Path, evidence: str, hint: float) -> Located:
    """Find ``evidence`` in the file at ``path`` (text, Markdown, HTML or PDF)."""
    from peacekg.loaders.formats import FORMAT_BY_SUFFIX

    fmt = FORMAT_BY_SUFFIX.get(path.suffix.lower())
    data = path.read_bytes()
    if fmt == "pdf":
        from peacekg.loaders.formats.pdf import page_texts

        pages = page_texts(data, path)
        span = find_in("\n".join(pages), evidence, hint)
        if span is None:
            return Located(note="the evidence was not found in the PDF's text layer")
        return Located(page=_page_of(pages, span[0]))
    if fmt not in ("text", "markdown", "html"):
        return Located(note=f"offsets into {path.suffix} files are not given; see the context")
    from peacekg.loaders.formats.text import decode

    text, _ = decode(data, path)
    if fmt == "html":
        visible, where = _html_text(text)
        span = find_in(visible, evidence, hint)
        if span is not None:
            span = (where[span[0]], where[span[1] - 1] + 1)
    else:
        span = find_in(text, evidence, hint)
    if span is None:
        return Located(note="the evidence was not found in the file")
    line, column = _line_col(text, span[0])
    return Located(start=span[0], end=span[1], line=line, column=column)


def _page_of(pages: list[str], offset: int) -> int:
    at = 0
    for number, page in enumerate(pages, 1):
        at += len(page) + 1
        if offset < at:
            return number
    return len(pages)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def expand(name: str) -> str:
    """A commitment's IRI from an IRI or a prefixed name (``pkid:document/…/commitment/3``)."""
    name = name.strip().strip("<>")
    prefix, sep, rest = name.partition(":")
    if sep and prefix in PREFIXES and not rest.startswith("//"):
        return str(PREFIXES[prefix]) + rest
    return name


def show(store: Store, name: str, context_chars: int = CONTEXT_CHARS) -> Shown:
    """The commitment ``name`` with its evidence in context and located in its file."""
    iri = expand(name)
    rows = store.select(_SHOW, {"c": URIRef(iri)})
    if not rows:
        raise NoSuchCommitment(f"no commitment {name!r} in the store")
    r = rows[0]
    label = Labeler(store)
    targets = [label(t["t"]).label for t in store.select(_TARGETS, {"c": URIRef(iri)})]
    value = {k: (None if r[k] is None else str(r[k])) for k in r}
    shown = Shown(
        iri=iri,
        actor=label(r["actor"]).label,
        stance=_local(value["stance"] or ""),
        targets=targets,
        evidence=value["evidence"] or "",
        document=value["doc"] or "",
        source_file=value["file"],
        symbol=value["symbol"],
        date=value["date"],
        start=int(value["start"]) if value["start"] is not None else None,
        end=int(value["end"]) if value["end"] is not None else None,
    )
    path = Path(value["path"]) if value["path"] else None
    if path is None or not path.is_file():
        shown.original.note = f"the source file is not at hand ({value['path'] or 'no path'})"
        return shown
    if value["sha"] and hashlib.sha256(path.read_bytes()).hexdigest() != value["sha"]:
        shown.original.note = f"{path} changed since the build: rebuild to locate the evidence"
        return shown
    from peacekg.loaders.model import LoadError
    from peacekg.loaders.read import read_document

    try:
        text = read_document(path).text
        if shown.start is not None and shown.end is not None:
            shown.before = text[max(0, shown.start - context_chars) : shown.start]
            shown.after = text[shown.end : shown.end + context_chars]
        shown.original = locate(path, shown.evidence, (shown.start or 0) / max(len(text), 1))
    except LoadError as exc:
        shown.original.note = f"the source file cannot be read again: {exc}"
    return shown


def format_shown(s: Shown) -> str:
    """The text the CLI prints for ``peacekg show``."""
    src = ", ".join(x for x in (s.source_file, s.symbol, s.date) if x) or s.document
    lines = [
        s.iri,
        f"{s.actor} — {s.stance} — {'; '.join(s.targets) or '(no target)'}",
        f"source: {src}",
    ]
    if s.start is not None:
        lines.append(f"normalised text: characters {s.start}–{s.end}")
    o = s.original
    where = []
    if o.page is not None:
        where.append(f"page {o.page}")
    if o.line is not None:
        where.append(f"line {o.line}, column {o.column}")
    if o.start is not None:
        where.append(f"characters {o.start}–{o.end}")
    if where:
        lines.append(f"original file: {', '.join(where)}")
    if o.note:
        lines.append(f"note: {o.note}")
    lines += ["", f"…{s.before}»{s.evidence}«{s.after}…" if s.before or s.after else s.evidence]
    return "\n".join(lines)
