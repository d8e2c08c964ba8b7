"""Results as pandas DataFrames: ``.to_frame()`` on what the Python API returns.

pandas is an optional extra (``pip install 'peacekg[frames]'``): it is imported only when a
frame is asked for, and its absence is a clear :class:`FramesUnavailable` error naming the
extra, never an ``ImportError`` at ``import peacekg``.

Two shapes carry ``.to_frame()``:

- :class:`Tabular`, a mixin for result objects that already know their flat records
  (``rows()``: a country profile, a timeline, the deeds of a state, ...);
- :class:`Rows`, a list of results (commitments, ranked nodes, communities, or plain dicts
  such as the tidy table) whose frame has one row per item.

>>> rows = Rows([{"actor": "France", "year": 2020}, {"actor": "Ghana", "year": None}])
>>> rows[0]["actor"], len(rows)
('France', 2)
>>> records(rows)
[{'actor': 'France', 'year': 2020}, {'actor': 'Ghana', 'year': None}]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from peacekg.errors import PeacekgError

#: The extra that installs pandas.
EXTRA = "frames"


class FramesUnavailable(PeacekgError, ImportError):
    """``.to_frame()`` was asked for but pandas is not installed."""


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise FramesUnavailable(
            f"a data frame needs pandas, which is not installed: pip install 'peacekg[{EXTRA}]' "
            "(or pip install pandas)"
        ) from None
    return pd


def record(item: Any) -> dict[str, Any]:
    """One flat record of a result: a mapping as it is, else its ``row()``, else the fields
    of a dataclass (lists and nested dataclasses kept as values)."""
    if isinstance(item, Mapping):
        return dict(item)
    row = getattr(item, "row", None)
    if callable(row):
        return dict(row())
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}
    raise TypeError(f"cannot make a record of {type(item).__name__}")


def records(items: Iterable[Any]) -> list[dict[str, Any]]:
    """The flat records of ``items`` (see :func:`record`)."""
    return [record(i) for i in items]


def to_frame(rows: Iterable[Mapping[str, Any]], columns: Sequence[str] | None = None) -> Any:
    """A DataFrame of ``rows`` with ``columns`` in that order (else the keys of the rows).

    A column whose values are all integers (or missing) gets pandas' nullable ``Int64``
    type, so a year or an offset stays an integer where some rows have none.
    """
    pd = _pandas()
    rows = list(rows)
    frame = pd.DataFrame.from_records(rows, columns=list(columns) if columns else None)
    for name in frame.columns:
        values = [r[name] for r in rows if r.get(name) is not None]
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            frame[name] = frame[name].astype("Int64")
    return frame


class Tabular:
    """A result that knows its flat records (``rows()``) and so its DataFrame."""

    #: Column order of the frame (``None``: the keys of the records).
    frame_columns: tuple[str, ...] | None = None

    def rows(self) -> list[dict[str, Any]]:  # pragma: no cover - every subclass defines it
        """The flat records."""
        raise NotImplementedError

    def to_frame(self) -> Any:
        """A pandas DataFrame of :meth:`rows` (needs the ``frames`` extra)."""
        return to_frame(self.rows(), self.frame_columns)


class Rows(list):
    """A list of results with :meth:`to_frame` (one row per item)."""

    def __init__(
        self,
        items: Iterable[Any] = (),
        columns: Sequence[str] | None = None,
        row: Callable[[Any], Mapping[str, Any]] | None = None,
    ) -> None:
        super().__init__(items)
        #: column order of the frame (``None``: the keys of the records)
        self.columns = tuple(columns) if columns else None
        #: how an item becomes a record (``None``: :func:`record`)
        self.row = row

    def rows(self) -> list[dict[str, Any]]:
        """The flat records of the items (``row`` of each, else :func:`record`)."""
        if self.row is None:
            return records(self)
        return [dict(self.row(i)) for i in self]

    def to_frame(self) -> Any:
        """A pandas DataFrame with one row per item (needs the ``frames`` extra)."""
        return to_frame(self.rows(), self.columns)
