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

from peacekg.loaders.model import LoadError

MANIFEST_NAMES = ("manifest.csv", "manifest.json")
_SIDECAR_SUFFIX = ".meta.json"


def _supported(name: str) -> bool:
    from peacekg.loaders.read import SUPPORTED_SUFFIXES

    lower = name.lower()
    return lower.endswith(SUPPORTED_SUFFIXES) and not lower.endswith(_SIDECAR_SUFFIX)


def _skipped(name: str) -> bool:
    return name.startswith(".") or name.lower() in MANIFEST_NAMES or name.endswith(_SIDECAR_SUFFIX)


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[LoadError]]:
    """Supported files under ``paths`` (files and folders, recursively), sorted, and errors.

    A path that does not exist, or a named file with an unsupported suffix, is an error.
    Hidden files and folders (names starting with ``.``) met while walking a folder,
    sidecars and manifests are skipped. Symbolic links to folders are followed, each real
    folder walked once (no loops), and a file reached by two paths is listed once.
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
                        if full.is_file():
                            found.setdefault(os.path.realpath(full), full)
        elif path.is_file():
            if _supported(path.name):
                found.setdefault(os.path.realpath(path), path)
            else:
                errors.append(LoadError(path, f"unsupported file type {path.suffix or '(none)'!r}"))
        elif path.exists() or path.is_symlink():
            errors.append(LoadError(path, "not a regular file or folder (or a broken link)"))
        else:
            errors.append(LoadError(path, "no such file or folder"))
    return sorted(found.values(), key=lambda p: str(p)), errors


def _rows_from_json(text: str) -> list[dict[str, object]]:
    data = json.loads(text)
    if isinstance(data, dict) and isinstance(data.get("files"), list):
        data = data["files"]
    if isinstance(data, dict):
        rows = []
        for name, values in data.items():
            if not isinstance(values, dict):
                raise ValueError(f"entry {name!r} is not an object")
            rows.append({"file": name, **values})
        return rows
    if isinstance(data, list) and all(isinstance(r, dict) for r in data):
        return data
    raise ValueError("expected a list of objects with a 'file' key, or an object by file name")


def load_manifest(folder: Path) -> dict[Path, dict[str, str]]:
    """Metadata rows of ``folder``'s manifest, by absolute file path (``{}`` if none).

    ``manifest.csv`` wins over ``manifest.json`` when both exist. Empty values are dropped.
    Raises :class:`LoadError` naming the manifest when it cannot be read.
    """
    folder = Path(folder)
    for name in MANIFEST_NAMES:
        manifest = folder / name
        if manifest.is_file():
            break
    else:
        return {}
    try:
        text = manifest.read_text(encoding="utf-8-sig")
        if manifest.suffix == ".csv":
            rows: list[dict[str, object]] = list(csv.DictReader(io.StringIO(text)))
        else:
            rows = _rows_from_json(text)
    except (OSError, UnicodeDecodeError, ValueError, csv.Error) as exc:
        raise LoadError(manifest, f"invalid manifest: {exc}") from None
    out: dict[Path, dict[str, str]] = {}
    base = folder.resolve()
    for n, row in enumerate(rows, start=1):
        file_name = str(row.get("file") or "").strip()
        if not file_name:
            raise LoadError(manifest, f"invalid manifest: row {n} has no 'file'")
        values = {
            str(k).strip(): str(v).strip()
            for k, v in row.items()
            if k is not None and k != "file" and v is not None and str(v).strip()
        }
        out[(base / file_name).resolve()] = values
    return out


_CACHE: dict[Path, tuple[tuple[int, int] | None, dict[Path, dict[str, str]]]] = {}


def manifest_row(path: Path) -> dict[str, str] | None:
    """The manifest row of ``path`` in its folder's manifest, if any (cached by mtime)."""
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
        cached = (stamp, load_manifest(folder))
        _CACHE[folder] = cached
    return cached[1].get(Path(path).resolve())
