"""Find the documents to load, and read folders' manifests.

:func:`discover` walks files and folders (recursively, sorted), keeping supported suffixes
and skipping hidden files and folders, sidecars (``*.meta.json``) and manifests.
:func:`load_manifest` reads a folder's optional ``manifest.csv`` or ``manifest.json``: rows
with a ``file`` column (relative to the folder) and metadata columns (``date``, ``symbol``,
``title``, ``type``/``kind``, ``speaker``, ``source_url``/``url``, anything else).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable
from pathlib import Path

from peacekg.loaders.formats import SUPPORTED_SUFFIXES
from peacekg.loaders.model import LoadError

MANIFEST_NAMES = ("manifest.csv", "manifest.json")
_SIDECAR_SUFFIX = ".meta.json"


def _supported(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(SUPPORTED_SUFFIXES) and not lower.endswith(_SIDECAR_SUFFIX)


def _skipped(name: str) -> bool:
    return name.startswith(".") or name.lower() in MANIFEST_NAMES or name.endswith(_SIDECAR_SUFFIX)


_NOT_UTF8 = "its path is not valid UTF-8 (rename it): the store records paths as text"


def _undecodable(path: str) -> bool:
    """True when ``path`` holds bytes that are not UTF-8 (decoded as lone surrogates)."""
    return any("\udc80" <= ch <= "\udcff" for ch in path)


_NOT_REGULAR = "not a regular file or folder (a FIFO, a device, or a broken or looping link)"


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[LoadError]]:
    """Supported files under ``paths`` (files and folders, recursively), sorted, and errors.

    A path that does not exist, or a named file with an unsupported suffix, is an error.
    Hidden files and folders (names starting with ``.``) met while walking a folder,
    sidecars and manifests are skipped; a FIFO, device or broken link with a supported
    suffix is an error, and so is a path that is not valid UTF-8. Symbolic links to
    folders are followed, each real folder walked once (no loops), and a file reached by
    two paths is listed once.
    """
    found: dict[str, Path] = {}
    errors: list[LoadError] = []
    walked: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=True):
                real = os.path.realpath(root)
                if real in walked:
                    dirs[:] = []
                    continue
                walked.add(real)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    if not _skipped(name) and _supported(name):
                        full = Path(root) / name
                        if _undecodable(str(full)):
                            errors.append(LoadError(full, _NOT_UTF8))
                        elif full.is_file():
                            found.setdefault(os.path.realpath(full), full)
                        else:
                            errors.append(LoadError(full, _NOT_REGULAR))
        elif path.is_file():
            if _undecodable(str(path)):
                errors.append(LoadError(path, _NOT_UTF8))
            elif _supported(path.name):
                found.setdefault(os.path.realpath(path), path)
            else:
                errors.append(LoadError(path, f"unsupported file type {path.suffix or '(none)'!r}"))
        elif path.exists() or path.is_symlink():
            errors.append(LoadError(path, _NOT_REGULAR))
        else:
            errors.append(LoadError(path, "no such file or folder"))
    return sorted(found.values(), key=lambda p: str(p)), errors


#: Manifests larger than this are refused (a manifest is metadata, not a corpus).
MAX_MANIFEST_BYTES = 16 * 1024 * 1024


def _json_rows(text: str) -> list[tuple[str, object]]:
    """(where, row) of a JSON manifest: a list of objects, ``{"files": [...]}`` or an object
    by file name. Raises ``ValueError`` naming the line when the JSON itself is invalid."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"line {exc.lineno}, column {exc.colno}: invalid JSON: {exc.msg}"
        ) from None
    except RecursionError:
        raise ValueError("nested too deeply to read") from None
    if isinstance(data, dict) and isinstance(data.get("files"), list):
        data = data["files"]
    if isinstance(data, dict):
        return [
            (f"entry {name!r}", {"file": name, **values} if isinstance(values, dict) else values)
            for name, values in data.items()
        ]
    if isinstance(data, list):
        return [(f"row {n}", row) for n, row in enumerate(data, start=1)]
    raise ValueError("expected a list of objects with a 'file' key, or an object by file name")


def _csv_rows(text: str) -> list[tuple[str, object]]:
    """(where, row) of a CSV manifest, ``where`` naming the row and its line."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if "file" not in [(name or "").strip() for name in reader.fieldnames or []]:
        raise ValueError("line 1: no 'file' column")
    out: list[tuple[str, object]] = []
    line = reader.line_num
    try:
        for n, row in enumerate(reader, start=1):
            where = f"row {n} (line {line + 1})"
            out.append((where, {(k or "").strip(): v for k, v in row.items()}))
            line = reader.line_num
    except csv.Error as exc:
        raise ValueError(f"line {reader.line_num}: {exc}") from None
    return out


def _check_row(row: object, base: Path) -> tuple[Path, dict[str, str]]:
    """The file a manifest row names and its metadata; ``ValueError`` when the row is bad."""
    if not isinstance(row, dict):
        raise ValueError(row if isinstance(row, str) else "not an object")
    raw = row.get("file")
    file_name = raw.strip() if isinstance(raw, str) else ""
    if not file_name:
        raise ValueError("no 'file'")
    values: dict[str, str] = {}
    for k, v in row.items():
        if k is None or k == "file" or v is None:
            continue
        value = (v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)).strip()
        if value:
            values[str(k).strip()] = value
    if any(
        "\udc80" <= ch <= "\udcff" for text in (file_name, *values, *values.values()) for ch in text
    ):
        raise ValueError("invalid UTF-8")
    if "\x00" in file_name:
        raise ValueError("NUL character in 'file'")
    target = (base / file_name).resolve()
    if target != base and base not in target.parents:
        raise ValueError(f"'file' {file_name!r} is outside the manifest's folder")
    return target, values


def load_manifest(folder: Path) -> tuple[dict[Path, dict[str, str]], list[LoadError]]:
    """Metadata rows of ``folder``'s manifest by absolute file path, and its problems.

    ``manifest.csv`` wins over ``manifest.json`` when both exist; no manifest gives
    ``({}, [])``. Empty values are dropped. Every problem is a :class:`LoadError` naming the
    manifest, the row or line and the reason: a manifest that cannot be read at all gives no
    rows; a bad row (no ``file``, a ``file`` outside the folder, invalid UTF-8, too many
    values) is left out and the other rows still apply.
    """
    folder = Path(folder)
    for name in MANIFEST_NAMES:
        manifest = folder / name
        if manifest.is_file():
            break
    else:
        return {}, []
    try:
        if manifest.stat().st_size > MAX_MANIFEST_BYTES:
            raise ValueError(f"larger than {MAX_MANIFEST_BYTES} bytes")
        data = manifest.read_bytes()
        text = data.decode("utf-8", "surrogateescape").removeprefix("\ufeff")
        rows = _csv_rows(text) if manifest.suffix == ".csv" else _json_rows(text)
    except OSError as exc:
        return {}, [LoadError(manifest, f"invalid manifest: {exc.strerror or exc}")]
    except ValueError as exc:
        return {}, [LoadError(manifest, f"invalid manifest: {exc}")]
    out: dict[Path, dict[str, str]] = {}
    errors: list[LoadError] = []
    base = folder.resolve()
    for where, row in rows:
        try:
            target, values = _check_row(row, base)
        except (ValueError, OSError, RuntimeError) as exc:
            errors.append(LoadError(manifest, f"invalid manifest: {where}: {exc}"))
            continue
        out[target] = values
    return out, errors


_CACHE: dict[Path, tuple[tuple[int, int] | None, dict[Path, dict[str, str]]]] = {}


def manifest_row(path: Path) -> dict[str, str] | None:
    """The manifest row of ``path`` in its folder's manifest, if any (cached by mtime).

    Problems of the manifest are not raised here: a build reports them once, by manifest
    (:func:`load_manifest`).
    """
    folder = Path(path).parent
    key_parts: list[tuple[int, int]] = []
    for name in MANIFEST_NAMES:
        try:
            st = (folder / name).stat()
        except OSError:
            continue
        key_parts.append((st.st_mtime_ns, st.st_size))
    if not key_parts:
        return None
    stamp = key_parts[0]
    cached = _CACHE.get(folder)
    if cached is None or cached[0] != stamp:
        cached = (stamp, load_manifest(folder)[0])
        _CACHE[folder] = cached
    return cached[1].get(Path(path).resolve())
