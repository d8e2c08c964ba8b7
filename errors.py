"""The errors peacekg reports: one base class, a one-line message and an exit code each.

Every failure the user can cause or meet (a missing or locked store, a full disk, a file
that cannot be read, a bad query) is a :class:`PeacekgError`. The command line turns them
into ``Error: <message>`` and their :attr:`~PeacekgError.exit_code` in one place
(``cli.main``); library users catch :class:`PeacekgError`.

>>> err = OutputError.from_os(OSError(28, "No space left on device"), "out/kg.nq")
>>> str(err), err.exit_code
('cannot write out/kg.nq: No space left on device', 1)
>>> UsageError("give a QUERY").exit_code
2
"""

from __future__ import annotations

import errno
import os
import re


class PeacekgError(Exception):
    """Base of every error peacekg reports: a one-line message and an exit code."""

    #: The process exit status the command line uses for this error.
    exit_code: int = 1


class UsageError(PeacekgError):
    """The command was given arguments it cannot use."""

    exit_code = 2


class PartialFailure(PeacekgError):
    """The command did its work but some of it failed (its output says what, e.g. the
    files that could not be built or the shapes violated)."""


class InputError(PeacekgError):
    """A file given to peacekg cannot be read."""


class OutputError(PeacekgError):
    """A file cannot be written (no space, read-only, permission denied, ...)."""

    @classmethod
    def from_os(cls, exc: BaseException, path: str | os.PathLike[str]) -> OutputError:
        """``cannot write PATH: reason`` from an :class:`OSError` (or a pyoxigraph IO error)."""
        return cls(f"cannot write {path}: {os_reason(exc)}")


class StoreError(PeacekgError):
    """The store cannot be opened, read or written."""


class StoreNotFound(StoreError):
    """No store exists at the given location."""


class StoreLocked(StoreError):
    """Another process is writing the store."""


class StoreVersionError(StoreError):
    """The store was written by a version of peacekg (or of Oxigraph) this one cannot read."""


class QueryError(StoreError):
    """A query parses but cannot be evaluated, or its value bindings are wrong."""


class QuerySyntaxError(QueryError):
    """The SPARQL text does not parse."""

    exit_code = 2


#: errno values whose standard text is the whole story.
_KNOWN = (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT, errno.EFBIG)
_OS_ERROR = re.compile(r"\s*\(os error (\d+)\)")


def os_reason(exc: BaseException) -> str:
    """The reason of an OS-level failure in a few words, on one line.

    Python's :class:`OSError` gives its ``strerror``; pyoxigraph's IO errors carry RocksDB's
    long message, whose OS part is kept (``IO error: ... : No space left on device``).
    """
    if isinstance(exc, OSError) and exc.errno is not None and exc.strerror:
        return exc.strerror
    text = " ".join(str(exc).split())
    for code in _KNOWN:
        if os.strerror(code) in text:
            return os.strerror(code)
    match = _OS_ERROR.search(text)
    if match:
        return os.strerror(int(match.group(1)))
    return text if len(text) <= 200 else text[:199] + "…"
