"""The layout of a store directory: its generations, ``CURRENT``, ``FORMAT``, and the errors
of the disk turned into a :class:`~peacekg.errors.StoreError`.

See :mod:`peacekg.graph.store.database` for the protocol of readers and the writer.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

from peacekg.errors import (
    StoreError,
    StoreVersionError,
    os_reason,
)

CURRENT = "CURRENT"
FORMAT = "FORMAT"
#: The layout of a store directory this version reads and writes (see the module docstring).
STORE_FORMAT = "peacekg-store 1"
#: Prefix of the snapshots of ``peacekg serve`` and of generations being deleted.
SERVE_PREFIX, TRASH_PREFIX = ".serve-", ".trash-"
GEN_NAME = re.compile(r"^gen-(\d{6})$")


def default_store_path() -> Path:
    """The store used when no ``--store`` is given.

    ``$PEACEKG_STORE`` if set, else ``$XDG_DATA_HOME/peacekg/store`` (by default
    ``~/.local/share/peacekg/store``), so ``peacekg build docs/`` then
    ``peacekg country France`` work from any directory.
    """
    env = os.environ.get("PEACEKG_STORE")
    if env:
        return Path(env).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "peacekg" / "store"


# --- generations ---------------------------------------------------------------------------


def _generations(root: Path) -> list[str]:
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if GEN_NAME.match(p.name))


def generation_number(name: str) -> int | None:
    """The number of generation ``name`` (``gen-000042`` -> 42), ``None`` for other names."""
    match = GEN_NAME.match(name)
    return int(match.group(1)) if match else None


def read_current(root: Path) -> str | None:
    """The name written in ``CURRENT`` (``None`` when there is none: not a store yet)."""
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read store {root}: {os_reason(exc)}") from None
    if not GEN_NAME.match(name):
        raise StoreError(f"{root}: CURRENT names no generation ({name[:40]!r})")
    return name


def live_generation(root: Path) -> str | None:
    name = read_current(root)
    if name is not None and not (root / name).is_dir():
        raise StoreError(f"{root}: CURRENT names a missing generation {name!r}")
    return name


def check_format(root: Path) -> None:
    """Refuse a store laid out by another version of peacekg."""
    try:
        text = (root / FORMAT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return  # written before FORMAT existed: the first layout
    except OSError as exc:
        raise StoreError(f"cannot read store {root}: {os_reason(exc)}") from None
    if text != STORE_FORMAT:
        raise StoreVersionError(
            f"{root} was written by another version of peacekg ({text[:40]!r}; "
            f"this one reads {STORE_FORMAT!r})"
        )


_STORAGE_FAILURE = re.compile(r"Corruption|IO error|No such file|Invalid argument|version", re.I)


def is_storage_failure(exc: BaseException) -> bool:
    """True for a failure of the disk or database rather than of a query or of our code."""
    return isinstance(exc, OSError) or (
        isinstance(exc, RuntimeError) and bool(_STORAGE_FAILURE.search(str(exc)))
    )


def storage_error(exc: BaseException, where: Path, doing: str = "read") -> StoreError:
    """A pyoxigraph or OS failure as a one-line :class:`StoreError` naming ``where``."""
    reason = os_reason(exc)
    cls = StoreVersionError if "version" in reason.lower() else StoreError
    return cls(f"cannot {doing} store {where}: {reason}")


@contextlib.contextmanager
def storage_errors(where: Path) -> Iterator[None]:
    try:
        yield
    except (OSError, RuntimeError) as exc:
        if not is_storage_failure(exc):
            raise
        raise storage_error(exc, where) from None


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
