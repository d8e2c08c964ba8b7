"""Senior UN officials: who heads which body, and how their titles are written.

The officials table (``ontology/data/officials.csv``: Secretaries-General and heads of UN
departments) keys a person named by surname only ("Under-Secretary-General Lacroix" is
Jean-Pierre Lacroix) and tells the body a speaker stands for. The title abbreviations and the
"of the United Nations" suffix let a title as written ("USG for Peace Operations") be looked up
among the reference data's head titles.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Official", "load_officials", "officials_by_alias"]


@dataclass(frozen=True)
class Official:
    """A senior UN official of ``ontology/data/officials.csv`` and the body he or she heads."""

    name: str
    aliases: tuple[str, ...]
    role: str
    organization_key: str
    start: str
    end: str
    source: str


@functools.cache
def load_officials() -> tuple[Official, ...]:
    """The officials table (Secretaries-General and heads of UN departments), read once from
    the package data ``peacekg.ontology`` / ``data/officials.csv``."""
    import csv
    import io
    from importlib import resources

    raw = resources.files("peacekg.ontology").joinpath("data/officials.csv").read_text("utf-8")
    out = []
    for row in csv.DictReader(io.StringIO(raw)):
        row = {k: (v or "").strip() for k, v in row.items()}
        out.append(
            Official(
                name=row["name"],
                aliases=tuple(a.strip() for a in row["aliases"].split(";") if a.strip()),
                role=row["role"],
                organization_key=row["organization_key"],
                start=row["start"],
                end=row["end"],
                source=row["source"],
            )
        )
    return tuple(out)


def officials_by_alias(officials: Iterable[Official]) -> dict[str, tuple[str, str]]:
    """Senior UN officials by alias (surname, as written): full name and the entity they speak
    for (registry name); the latest post of each wins."""
    out: dict[str, tuple[str, str, str]] = {}
    for o in officials:
        for alias in o.aliases:
            if alias not in out or o.start > out[alias][2]:
                out[alias] = (o.name, o.organization_key, o.start)
    return {k: (v[0], v[1]) for k, v in out.items()}


#: Abbreviated titles, expanded before looking a title up (``USG for Peace Operations``).
_TITLE_ABBREVIATIONS = {
    "USG": "Under-Secretary-General",
    "ASG": "Assistant Secretary-General",
    "SG": "Secretary-General",
    "DSG": "Deputy Secretary-General",
    "SRSG": "Special Representative of the Secretary-General",
}

#: "Secretary-General of the United Nations": the organisation a title implies, dropped
#: before the title is looked up.
_OF_THE_UN = re.compile(r"\s+(?:of|at)\s+the\s+(?:United\s+Nations|UN|U\.N\.)$")
