"""A document's N-Quads on their way from extraction to the store, in bounded memory.

Extraction writes the N-Quads of a document into a :class:`Spool`: in memory while they are
small, into a file of the store's folder once they pass :data:`SPILL_BYTES`. So a document
of millions of quads is neither held whole by the process that extracts it nor pickled back
whole from a worker to the build: the build loads a spooled file in pieces of about
:data:`LOAD_BYTES` (:func:`nquads_pieces`), each one bulk load of bounded memory, then
deletes it. A build killed in between leaves ``.spool-*`` files in the store, which the next
writer removes (:meth:`~peacekg.graph.store.database.StoreWriter.collect_garbage`).
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Iterator
from typing import BinaryIO

__all__ = ["LOAD_BYTES", "SPILL_BYTES", "SPOOL_PREFIX", "Spool", "nquads_pieces"]

#: Name prefix of spooled files in the store's folder.
SPOOL_PREFIX = ".spool-"
#: N-Quads past this size go to a file rather than staying in memory.
SPILL_BYTES = 16 << 20
#: Size of the pieces a spooled file is bulk-loaded in (a bulk load holds several times its
#: input in memory while it sorts it).
LOAD_BYTES = 16 << 20


class Spool:
    """Where one document's N-Quads are written: memory, then a file in ``folder`` past
    ``spill`` bytes (default :data:`SPILL_BYTES`; never a file when ``folder`` is ``None``)."""

    def __init__(self, folder: str | None, spill: int | None = None) -> None:
        self._folder = folder
        self._spill = SPILL_BYTES if spill is None else spill
        self._memory = io.BytesIO()
        self._file: BinaryIO | None = None
        #: The spooled file, once the N-Quads went to one.
        self.path: str | None = None

    def write(self, data: bytes) -> None:
        """Append N-Quads (whole lines)."""
        if (
            self._file is None
            and self._folder is not None
            and self._memory.tell() + len(data) > self._spill
        ):
            fd, self.path = tempfile.mkstemp(prefix=SPOOL_PREFIX, suffix=".nq", dir=self._folder)
            self._file = os.fdopen(fd, "wb")
            self._file.write(self._memory.getbuffer())
            self._memory = io.BytesIO()
        (self._file or self._memory).write(data)

    def close(self) -> bytes:
        """Finish writing; return the N-Quads kept in memory (``b""`` when they went to
        :attr:`path`)."""
        if self._file is not None:
            self._file.close()
            return b""
        return self._memory.getvalue()

    def discard(self) -> None:
        """Drop what was written (the spooled file included)."""
        if self._file is not None:
            self._file.close()
        if self.path is not None:
            remove(self.path)
        self._memory = io.BytesIO()


def nquads_pieces(path: str, size: int | None = None) -> Iterator[bytes]:
    """The N-Quads of the file ``path`` in pieces of about ``size`` bytes (default
    :data:`LOAD_BYTES`) of whole lines."""
    size = size or LOAD_BYTES
    rest = b""
    with open(path, "rb") as fh:
        while block := fh.read(size):
            block = rest + block
            cut = block.rfind(b"\n") + 1
            rest = block[cut:]
            if cut:
                yield block[:cut]
    if rest:
        yield rest


def remove(path: str) -> None:
    """Delete a spooled file (gone already is fine)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
