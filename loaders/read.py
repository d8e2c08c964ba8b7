"""Read one file into a :class:`~peacekg.loaders.model.Document`.

The format is chosen from the suffix and checked against the content (a PDF saved as
``.txt`` is read as a PDF; a PNG saved as ``.pdf`` is an error). The text is cleaned once,
by the format converter: every offset downstream refers to :attr:`Document.text`.

Metadata, from weakest to strongest: detection from the text and file name
(:func:`~peacekg.loaders.metadata.detect_metadata`) < metadata the format carries (HTML meta
tags, PDF info, DOCX properties; only where detection found nothing, except an HTML page's
title and canonical URL, which win) < Markdown front matter < the folder's
``manifest.csv``/``manifest.json`` row < the ``meta`` argument < a sidecar
``NAME.meta.json`` (``report.pdf.meta.json`` or ``report.meta.json``). Recognised keys:
``date``, ``symbol``, ``title``, ``type``/``kind``, ``source_url``/``url``; everything else
(``speaker``, ``session``, ``language``, ...) goes to :attr:`Document.extra`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Mapping
from pathlib import Path

from peacekg.loaders.discover import manifest_row
from peacekg.loaders.formats import FORMAT_BY_SUFFIX, SUPPORTED_SUFFIXES, Converted, sniff
from peacekg.loaders.metadata import detect_metadata, parse_date
from peacekg.loaders.model import DOCUMENT_KINDS, Document, LoadError
from peacekg.ontology.namespaces import slug

#: Files larger than this are refused unless ``max_bytes`` says otherwise.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: Sidecar suffix: ``report.pdf.meta.json`` or ``report.meta.json``.
SIDECAR_SUFFIX = ".meta.json"

_KEY_ALIASES = {"type": "kind", "url": "source_url", "source": "source_url"}
_FIELDS = ("kind", "symbol", "date", "title", "source_url")


def doc_id_for(path: Path) -> str:
    """Stable document id: slug of the file stem + 8 hex digits of the absolute path's SHA-1."""
    resolved = Path(os.path.abspath(path))
    with contextlib.suppress(OSError):
        resolved = resolved.resolve()
    digest = hashlib.sha1(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{slug(path.stem)}-{digest}"


def sidecar_candidates(path: Path) -> tuple[Path, Path]:
    """Where the sidecar of ``path`` may be, in order: NAME.pdf.meta.json, NAME.meta.json."""
    return path.with_name(path.name + SIDECAR_SUFFIX), path.with_name(path.stem + SIDECAR_SUFFIX)


def sidecar_for(path: Path) -> Path | None:
    """The sidecar metadata file of ``path``, if one exists."""
    for candidate in sidecar_candidates(path):
        if candidate.is_file():
            return candidate
    return None


#: Sidecars larger than this are refused (a sidecar is one document's metadata).
MAX_SIDECAR_BYTES = 1024 * 1024


def read_sidecar(sidecar: Path) -> dict[str, str]:
    """Read a sidecar JSON object of metadata; :class:`LoadError` (naming the line and
    column when the JSON is invalid) when it cannot be used."""
    try:
        if sidecar.stat().st_size > MAX_SIDECAR_BYTES:
            raise LoadError(sidecar, f"sidecar metadata larger than {MAX_SIDECAR_BYTES} bytes")
        data = json.loads(sidecar.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise LoadError(sidecar, f"unreadable sidecar metadata: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise LoadError(sidecar, f"invalid sidecar metadata: not UTF-8 ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise LoadError(
            sidecar,
            f"invalid sidecar metadata: line {exc.lineno}, column {exc.colno}: {exc.msg}",
        ) from None
    except RecursionError:
        raise LoadError(sidecar, "invalid sidecar metadata: nested too deeply") from None
    if not isinstance(data, dict):
        raise LoadError(sidecar, "invalid sidecar metadata: not a JSON object")
    try:
        return {str(k): _stringify(v) for k, v in data.items() if v is not None}
    except RecursionError:
        raise LoadError(sidecar, "invalid sidecar metadata: nested too deeply") from None


def _stringify(value: object) -> str:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise LoadError(path, "no such file") from None
    except OSError as exc:
        raise LoadError(path, f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise LoadError(path, "is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise LoadError(path, "not a regular file")
    if st.st_size > limit:
        raise LoadError(path, f"file too large ({st.st_size} bytes > limit of {limit} bytes)")
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise LoadError(path, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise LoadError(path, f"file too large (more than the limit of {limit} bytes)")
    if not data:
        raise LoadError(path, "empty file")
    return data


def _convert(data: bytes, path: Path, fmt: str) -> Converted:
    sniffed = sniff(data)
    if fmt == "pdf":
        if sniffed != "pdf":
            what = f" ({sniffed})" if sniffed and sniffed != "html" else ""
            raise LoadError(path, f"not a PDF: no %PDF header{what}")
    elif fmt == "docx":
        if sniffed not in ("docx", "zip"):
            what = f" ({sniffed})" if sniffed else ""
            raise LoadError(path, f"corrupt DOCX: not a ZIP package{what}")
    elif sniffed in ("pdf", "docx"):
        fmt = sniffed  # a PDF or DOCX under a text or HTML name
    elif sniffed == "html" and fmt == "text":
        fmt = "html"
    elif sniffed is not None and sniffed != "html":
        raise LoadError(path, f"binary file ({sniffed}), not {fmt}")
    if fmt == "pdf":
        from peacekg.loaders.formats import pdf

        return pdf.convert(data, path)
    if fmt == "docx":
        from peacekg.loaders.formats import docx

        return docx.convert(data, path)
    if fmt == "html":
        from peacekg.loaders.formats import html

        return html.convert(data, path)
    from peacekg.loaders.formats import text

    return text.convert(data, path, markdown=fmt == "markdown")


def _apply(
    doc: Document, values: Mapping[str, object], source: str, *, override: bool = True
) -> None:
    """Apply metadata ``values`` to ``doc`` (fields or ``extra``), validating kind and date."""
    for raw_key, raw_value in values.items():
        key = _KEY_ALIASES.get(str(raw_key).strip().lower(), str(raw_key).strip().lower())
        if key in ("file", "path", "") or raw_value is None:
            continue
        value = _stringify(raw_value).strip()
        if not value:
            continue
        if key == "kind":
            value = value.lower()
            if value not in DOCUMENT_KINDS:
                doc.warnings.append(f"{doc.source_file}: {source}: unknown kind {value!r} ignored")
                continue
        elif key == "date":
            iso = parse_date(value)
            if not iso:
                doc.warnings.append(
                    f"{doc.source_file}: {source}: unreadable date {value!r} ignored"
                )
                continue
            value = iso
        if key in _FIELDS:
            if override or not getattr(doc, key):
                setattr(doc, key, value)
        elif override or key not in doc.extra:
            doc.extra[key] = value


def read_document(
    path: Path, *, meta: Mapping[str, str] | None = None, max_bytes: int | None = None
) -> Document:
    """Read ``path`` into a :class:`Document` with its text and metadata.

    ``meta`` overrides detected metadata (a sidecar file overrides ``meta``); ``max_bytes``
    (default :data:`DEFAULT_MAX_BYTES`) refuses larger files. Raises :class:`LoadError`
    naming the file and the reason: missing or unreadable, empty or no text, binary,
    encrypted or corrupt PDF/DOCX/HTML, too large, unsupported suffix.
    """
    path = Path(path)
    fmt = FORMAT_BY_SUFFIX.get(path.suffix.lower())
    if path.name.endswith(SIDECAR_SUFFIX):
        raise LoadError(path, "a sidecar metadata file, not a document")
    if fmt is None:
        raise LoadError(
            path,
            f"unsupported file type {path.suffix or '(no suffix)'!r} "
            f"(supported: {', '.join(SUPPORTED_SUFFIXES)})",
        )
    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    data = _read_bytes(path, limit)
    sidecar = sidecar_for(path)
    side_meta = read_sidecar(sidecar) if sidecar else None
    try:
        converted = _convert(data, path, fmt)
    except LoadError:
        raise
    except RecursionError:
        raise LoadError(path, "document too deeply nested to read") from None
    except MemoryError:
        raise LoadError(path, "out of memory while reading") from None
    except Exception as exc:  # a converter bug must still name the file
        raise LoadError(path, f"cannot read {fmt}: {type(exc).__name__}: {exc}"[:300]) from None
    if not converted.text.strip():
        raise LoadError(path, "no text (empty or whitespace only)")

    doc = Document(
        doc_id=doc_id_for(path),
        path=path,
        text=converted.text,
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=converted.media_type,
        warnings=list(converted.warnings),
    )
    detected = detect_metadata(converted.text, path)
    _apply(doc, detected, "detected")
    fmt_meta = dict(converted.meta)
    strong: dict[str, str] = {k: fmt_meta.pop(k) for k in ("title", "source_url") if k in fmt_meta}
    if converted.media_type == "text/html":
        _apply(doc, strong, "page metadata")
    else:
        fmt_meta.update(strong)
    fmt_date = parse_date(fmt_meta.pop("date", "") or "")
    if fmt_date and len(fmt_date) > len(doc.date or ""):
        doc.date = fmt_date  # a full date from the file beats a month or year in the text
    _apply(doc, fmt_meta, "file metadata", override=False)
    _apply(doc, converted.explicit, "front matter")
    row = manifest_row(path)
    if row:
        _apply(doc, row, "manifest")
    if meta:
        _apply(doc, meta, "metadata")
    if side_meta:
        _apply(doc, side_meta, sidecar.name if sidecar else "sidecar")
    return doc
