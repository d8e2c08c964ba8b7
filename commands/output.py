"""The one way a command prints a result: as a table (its text), JSON or CSV over its rows.

Every reading command goes through :func:`emit`; only ``query`` prints the W3C SPARQL result
formats of :mod:`peacekg.graph.query.sparql` (its rows are the query's, not a result of ours).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from peacekg.graph.store.atomic import write_text

#: The CSV header of a lookup that found nothing.
EMPTY_LOOKUP_COLUMNS = ("actor", "target", "stance", "evidence")


def _csv(rows: list[dict[str, Any]], columns: Sequence[str] | None) -> str:
    """``rows`` as CSV; a list value becomes its items joined by ``"; "``."""
    header = list(columns) if columns is not None else (list(rows[0]) if rows else [])
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()}
        )
    return buf.getvalue()


def emit(
    fmt: str,
    *,
    text: Callable[[], str] | None = None,
    data: Callable[[], Any] | None = None,
    rows: Callable[[], list[dict[str, Any]]] | None = None,
    columns: Sequence[str] | None = None,
    output: Path | None = None,
    indent: int = 2,
) -> None:
    """Print one result in ``fmt``, or write it to ``output`` (whole or not at all).

    ``table`` prints ``text()``; ``json`` the document ``data()`` (by default the rows);
    ``csv`` the flat records ``rows()`` under the header ``columns`` (by default the keys of
    the first row). Each is called only when its format is asked for.
    """
    if fmt == "table":
        assert text is not None, "a command offering --format table gives its text"
        out = text() + "\n"
    elif fmt == "json":
        payload = data() if data is not None else rows() if rows is not None else None
        out = json.dumps(payload, indent=indent, ensure_ascii=False) + "\n"
    elif fmt == "csv":
        assert rows is not None, "a command offering --format csv gives its rows"
        out = _csv(rows(), columns)
    else:
        raise click.UsageError(f"unknown --format {fmt}")
    if output is None:
        click.echo(out, nl=False)
    else:
        write_text(output, out)


def emit_result(result: Any, fmt: str, text: Callable[[], str]) -> None:
    """:func:`emit` of a lookup result (``to_dict()`` and ``rows()``) or a list of commitments."""
    from peacekg.graph.query.rendering import as_rows

    def data() -> Any:
        return result.to_dict() if hasattr(result, "to_dict") else [c.row() for c in result]

    found = as_rows(result) if fmt == "csv" else []
    emit(
        fmt,
        text=text,
        data=data,
        rows=lambda: found,
        columns=None if found else EMPTY_LOOKUP_COLUMNS,
    )
