"""The scope of a reading: what is counted, which years, how confident a commitment must be.

Every reading command (the lookups, ``backers``, ``table``, ``chart``, ``viz``, ``analyze``)
and the Python API take the same four settings, held in one frozen :class:`Scope`:

- ``count``: the unit of every count — ``speeches`` (distinct documents, the default: what
  political scientists count), ``statements`` (distinct statements) or ``commitments``
  (pieces of evidence; one sentence recorded as Support and Pledge counts twice);
- ``since`` / ``until``: keep commitments whose document is of these years (inclusive);
- ``min_confidence``: keep commitments with no ``pk:confidence`` or one at least this high;
  ``None`` means :func:`default_min_confidence`.

The year of a commitment is its ``pk:year``, else its document's ``pk:year``, else the first
four characters of the document's ``dcterms:date`` (``xsd:gYear`` or ``xsd:date``), so a
filter works on stores written before and after ``pk:year`` existed.

>>> Scope().describe()
'counting speeches (distinct documents)'
>>> Scope(count="commitments", since=2015, until=2017).describe()
'counting commitments; years 2015–2017'
>>> Scope(since=2018).is_default()
False
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from peacekg.errors import UsageError

#: The counting units, default first.
COUNT_UNITS: tuple[str, ...] = ("speeches", "statements", "commitments")

#: What each unit counts, for output headers.
UNIT_NOUNS: dict[str, str] = {
    "speeches": "speeches (distinct documents)",
    "statements": "statements (distinct statements)",
    "commitments": "commitments",
}

Unit = Literal["speeches", "statements", "commitments"]


def default_min_confidence() -> float:
    """The confidence a commitment needs to count when no ``--min-confidence`` is given.

    The calibrated confidence model supplies it: the lowest confidence at which precision
    reached 0.90 on the development split of the judged candidates
    (:func:`peacekg.loaders.confidence.default_threshold`).
    """
    from peacekg.loaders.confidence import default_threshold

    return default_threshold()


class ScopeError(UsageError, ValueError):
    """A scope that cannot be applied (unknown unit, years the wrong way round, ...)."""


@dataclass(frozen=True)
class Scope:
    """What a reading counts and keeps (see the module docstring)."""

    count: str = "speeches"
    since: int | None = None
    until: int | None = None
    min_confidence: float | None = None

    def __post_init__(self) -> None:
        if self.count not in COUNT_UNITS:
            raise ScopeError(f"unknown counting unit {self.count!r}: use {', '.join(COUNT_UNITS)}")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise ScopeError(f"{name} must be a year (an integer), got {value!r}")
        if self.since is not None and self.until is not None and self.since > self.until:
            raise ScopeError(f"since {self.since} is after until {self.until}")
        c = self.min_confidence
        if c is not None and not (isinstance(c, int | float) and 0.0 <= float(c) <= 1.0):
            raise ScopeError(f"min_confidence must be a number in [0, 1], got {c!r}")

    # -- what it means --
    @property
    def threshold(self) -> float:
        """The confidence a commitment needs (the given one, else the default)."""
        if self.min_confidence is None:
            return default_min_confidence()
        return float(self.min_confidence)

    @property
    def has_years(self) -> bool:
        """Whether a year filter applies."""
        return self.since is not None or self.until is not None

    @property
    def filters(self) -> bool:
        """Whether commitments are filtered beyond the default threshold."""
        return self.has_years or (
            self.min_confidence is not None and self.threshold != default_min_confidence()
        )

    def is_default(self) -> bool:
        """Default unit, all years, default threshold: what the summary graph precomputes."""
        return self.count == COUNT_UNITS[0] and not self.filters

    def with_count(self, count: str) -> Scope:
        """The same scope counting ``count``."""
        return replace(self, count=count)

    def describe(self) -> str:
        """One line saying what is counted and kept (for every output's header)."""
        parts = [f"counting {UNIT_NOUNS[self.count]}"]
        if self.has_years:
            lo = str(self.since) if self.since is not None else "…"
            hi = str(self.until) if self.until is not None else "…"
            parts.append(f"years {lo}–{hi}")
        if self.min_confidence is not None:
            parts.append(f"confidence ≥ {self.threshold:g}")
        return "; ".join(parts)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict (``threshold``: the confidence actually applied)."""
        return {
            "count": self.count,
            "since": self.since,
            "until": self.until,
            "min_confidence": self.threshold,
        }

    # -- SPARQL --
    def sparql_filter(self, commitment: str = "?c") -> str:
        """Graph patterns keeping the commitments ``commitment`` of this scope.

        Numbers are formatted here (integers and a float), never taken from text, so the
        snippet cannot carry anything but numbers into a query. Empty when nothing is
        filtered (threshold 0, all years).

        >>> print(Scope(min_confidence=0.5).sparql_filter())
        OPTIONAL { ?c pk:confidence ?scopeConf }
        FILTER(!BOUND(?scopeConf) || ?scopeConf >= 0.5)
        >>> "?scopeYear >= 2000" in Scope(since=2000).sparql_filter()
        True
        """
        lines: list[str] = []
        if self.threshold > 0:
            lines.append(f"OPTIONAL {{ {commitment} pk:confidence ?scopeConf }}")
            lines.append(f"FILTER(!BOUND(?scopeConf) || ?scopeConf >= {float(self.threshold)!r})")
        if self.has_years:
            lines.append(year_pattern(commitment, "?scopeYear"))
            if self.since is not None:
                lines.append(f"FILTER(?scopeYear >= {int(self.since)})")
            if self.until is not None:
                lines.append(f"FILTER(?scopeYear <= {int(self.until)})")
        return "\n".join(lines)


def document_year_filter(scope: Scope, document: str = "?doc") -> str:
    """Patterns keeping the documents ``document`` of ``scope``'s years (empty when all
    years are kept): ``pk:year`` of the document, else the year of its ``dcterms:date``."""
    if not scope.has_years:
        return ""
    lines = [
        f"OPTIONAL {{ {document} pk:year ?scopeDocYear }}",
        f"OPTIONAL {{ {document} dcterms:date ?scopeDocDate }}",
        "BIND(COALESCE(?scopeDocYear, xsd:integer(SUBSTR(STR(?scopeDocDate), 1, 4))) AS ?scopeDY)",
    ]
    if scope.since is not None:
        lines.append(f"FILTER(?scopeDY >= {int(scope.since)})")
    if scope.until is not None:
        lines.append(f"FILTER(?scopeDY <= {int(scope.until)})")
    return "\n".join(lines)


def unit_pattern(unit: str, commitment: str = "?c", key: str = "?unit") -> str:
    """Patterns binding ``key`` to what a commitment adds to a count in ``unit``: its
    document (speeches), its statement else its document (statements), or itself."""
    if unit == "commitments":
        return f"BIND({commitment} AS {key})"
    v = key.lstrip("?")
    doc = f"OPTIONAL {{ {commitment} prov:wasDerivedFrom ?{v}Doc }}"
    if unit == "speeches":
        return f"{doc}\nBIND(COALESCE(?{v}Doc, {commitment}) AS {key})"
    return (
        f"{doc}\nOPTIONAL {{ {commitment} pk:inStatement ?{v}St }}\n"
        f"BIND(COALESCE(?{v}St, ?{v}Doc, {commitment}) AS {key})"
    )


def year_pattern(commitment: str = "?c", year: str = "?year") -> str:
    """Patterns binding ``year`` to the year of a commitment: its ``pk:year``, else its
    document's ``pk:year``, else the year of its document's ``dcterms:date``.

    Unbound when no date is known (a year filter then drops the commitment).
    """
    v = year.lstrip("?")
    return (
        f"OPTIONAL {{ {commitment} pk:year ?{v}C }}\n"
        f"OPTIONAL {{ {commitment} prov:wasDerivedFrom ?{v}Doc .\n"
        f"  OPTIONAL {{ ?{v}Doc pk:year ?{v}D }} OPTIONAL {{ ?{v}Doc dcterms:date ?{v}Date }} }}\n"
        f"BIND(COALESCE(?{v}C, ?{v}D, xsd:integer(SUBSTR(STR(?{v}Date), 1, 4))) AS {year})"
    )


def confidence_pattern(threshold: float, commitment: str = "?c") -> str:
    """The confidence filter alone (for the summary graph, at the default threshold)."""
    return Scope(min_confidence=threshold).sparql_filter(commitment) if threshold > 0 else ""
