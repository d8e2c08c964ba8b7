"""Writing files whole or not at all: a temporary file in the same folder, synced, renamed.

Every file peacekg writes (exports, pages, charts, network files, the store's ``CURRENT``)
goes through :func:`atomic_write`, so a command killed at any moment leaves the previous
file or the new one, never a torn one; a failure (no space, read-only, permission denied)
becomes one :class:`~peacekg.errors.OutputError` naming the file, and the previous file
stays. On Linux the data is written to an unnamed file (``O_TMPFILE``) that gets a name
only when complete, so a killed command leaves nothing behind; elsewhere it goes to a
hidden ``.NAME.*.tmp`` beside the target, removed on error.

>>> import tempfile
>>> from pathlib import Path
>>> target = Path(tempfile.mkdtemp()) / "out.txt"
>>> with atomic_write(target, "w", encoding="utf-8") as fh:
...     _ = fh.write("whole")
>>> target.read_text(), sorted(p.name for p in target.parent.iterdir())
('whole', ['out.txt'])
>>> try:
...     with atomic_write(target, "w", encoding="utf-8") as fh:
...         _ = fh.write("half")
...         raise KeyboardInterrupt
... except KeyboardInterrupt:
...     pass
>>> target.read_text(), sorted(p.name for p in target.parent.iterdir())
('whole', ['out.txt'])
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from peacekg.errors import OutputError

_NEW_FILE_MODE = 0o644


def _temp_name(target: Path) -> Path:
    return target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"


def _open_unnamed(folder: Path) -> int | None:
    """An unnamed file in ``folder`` (Linux ``O_TMPFILE``), or ``None`` where unsupported."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY | os.O_CLOEXEC, _NEW_FILE_MODE)
    except OSError as exc:
        if exc.errno in (getattr(os, "EOPNOTSUPP", 95), 95, 21, 22):  # unsupported here
            return None
        raise


@contextlib.contextmanager
def atomic_write(
    path: str | os.PathLike[str],
    mode: str = "wb",
    *,
    encoding: str | None = None,
    newline: str | None = None,
) -> Iterator[IO[Any]]:
    """Open ``path`` for writing; it is replaced only when the block ends without error.

    Missing folders are created. ``mode`` is ``"wb"`` or ``"w"`` (text, with ``encoding``
    and ``newline``). Raises :class:`~peacekg.errors.OutputError` when the file cannot be
    written.
    """
    target = Path(path)
    folder = target.parent
    temp: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = _open_unnamed(folder)
        if fd is None:
            fd, name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
            temp = Path(name)
            os.fchmod(fd, _NEW_FILE_MODE)
    except OSError as exc:
        raise OutputError.from_os(exc, target) from None
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
            if temp is None:  # give the unnamed file a name, then the final one
                temp = _temp_name(target)
                _link(fh.fileno(), temp)
        os.replace(temp, target)
        temp = None
        _fsync_dir(folder)
    except OSError as exc:
        raise OutputError.from_os(exc, target) from None
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                temp.unlink()


def _link(fd: int, name: Path) -> None:
    """Give the unnamed file ``fd`` the name ``name`` (``linkat`` through ``/proc``)."""
    folder = os.open(name.parent, os.O_RDONLY | os.O_CLOEXEC)
    try:  # a dir_fd makes os.link call linkat(AT_SYMLINK_FOLLOW), not link()
        os.link(f"/proc/self/fd/{fd}", name.name, dst_dir_fd=folder, follow_symlinks=True)
    finally:
        os.close(folder)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_write`)."""
    with atomic_write(path, "wb") as fh:
        fh.write(data)


def write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_write`)."""
    with atomic_write(path, "w", encoding=encoding, newline="") as fh:
        fh.write(text)
