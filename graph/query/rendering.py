"""Lookup results as the text the command line prints (country and target profiles, the
backers matrix, lists of commitments) and as rows for JSON and CSV.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from peacekg.graph.query.results import BackersMatrix, Commitment, CountryProfile, TargetProfile
from peacekg.graph.query.scope import Scope

# --- rendering (shared by the CLI) -----------------------------------------------------------


def _quote(text: str, width: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_country(profile: CountryProfile) -> str:
    """The human-readable text of a country profile."""
    s = profile.state
    lines = [f"{s.label} ({s.code})" if s.code else s.label]
    if profile.formal_name and profile.formal_name != s.label:
        lines[0] += f" — {profile.formal_name}"
    docs = ", ".join(str(x) for x in profile.statement_sources) or "none"
    lines.append(profile.scope.describe())
    lines.append(
        f"statements: {profile.statements} in {len(profile.statement_sources)} document(s)"
        + (f": {docs}" if profile.statement_sources else "")
    )
    if profile.contributions:
        lines.append("contributes to:")
        for c in profile.contributions:
            where = "; ".join(str(x) for x in c.sources)
            lines.append(f"  {c.mission}  [{where}]")
    else:
        lines.append("contributes to: no mission recorded")
    groups = profile.by_type()
    if not groups:
        lines.append("commitments: none recorded")
    for type_, ps in groups.items():
        lines.append("")
        lines.append(f"{type_} ({len(ps)})")
        for p in ps:
            lines.append(f"  {p.target}: {p.stance_summary()}")
            lines.extend(_evidence_lines(p.evidence, indent="    "))
    return "\n".join(lines)


def _evidence_lines(items: list[Commitment], indent: str, with_target: bool = False) -> list[str]:
    out = []
    for c in items:
        extra = f" → {c.target}" if with_target and c.target else ""
        qty = f" [{'; '.join(c.quantities)}]" if c.quantities else ""
        out.append(f'{indent}{c.stance}{extra}{qty}: "{_quote(c.evidence)}"')
        if c.source:
            out.append(f"{indent}  — {c.source}")
    return out


def format_target(profile: TargetProfile) -> str:
    """The human-readable text of a target profile."""
    t = profile.target
    lines = [
        f"{t.type}: {t}",
        profile.scope.describe(),
        f"named in {profile.documents} document(s) (mentioned, or the target of a commitment)",
    ]
    if t.type == "Resolution":
        lines.append("")
        cited = profile.citations
        n_docs = sum(len(c.documents) for c in cited)
        lines.append(
            f"cited by ({len(cited)}) in {n_docs} document(s):"
            if cited
            else "cited by (0): no single-speaker document names it"
        )
        for c in cited:
            lines.append(f"  {c.actor}: {len(c.documents)} document(s), {_years(c.years)}")
    for title, ps in (("backed by", profile.backers), ("opposed by", profile.opponents)):
        lines.append("")
        lines.append(f"{title} ({len(ps)})" + (":" if ps else ": nobody recorded"))
        for p in ps:
            lines.append(f"  {p.actor}: {p.stance_summary()}")
            wanted = [c for c in p.evidence if (c.stance == "Opposition") == (title != "backed by")]
            lines.extend(_evidence_lines(wanted, indent="    "))
    if t.type == "Mission":
        lines.append("")
        lines.append(f"contributors ({len(profile.contributions)})")
        for c in profile.contributions:
            lines.append(f"  {c.actor}  [{'; '.join(str(x) for x in c.sources)}]")
    return "\n".join(lines)


def _years(years: list[int]) -> str:
    """``2000, 2004–2006, 2010`` (runs of consecutive years joined)."""
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs) or "no year"


def format_matrix(matrix: BackersMatrix) -> str:
    """The matrix as a text table; each cell is ``support`` or ``support/-opposition``."""
    if not matrix.actors:
        return "no commitments on priorities recorded"
    heads = [p.code or p.label for p in matrix.priorities]
    names = [a.label for a in matrix.actors]
    w0 = max(len("actor"), *(len(n) for n in names))
    cells = []
    for a in matrix.actors:
        row = []
        for p in matrix.priorities:
            s, o = matrix.cell(a, p)
            row.append("." if not (s or o) else f"{s}" if not o else f"{s}/-{o}")
        cells.append(row)
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(heads)]
    out = [
        "  ".join(["actor".ljust(w0), *(h.rjust(w) for h, w in zip(heads, widths, strict=True))])
    ]
    for n, row in zip(names, cells, strict=True):
        out.append(
            "  ".join([n.ljust(w0), *(c.rjust(w) for c, w in zip(row, widths, strict=True))])
        )
    out.append("")
    unit = matrix.scope.count
    out.append(f"cells: {unit} that back, /-N = N {unit} that oppose, . = none")
    out.append(matrix.scope.describe())
    return "\n".join(out)


def format_commitments(items: list[Commitment], scope: Scope | None = None) -> str:
    """Commitments as text, one block each (the count is of commitments, whatever the
    scope's unit)."""
    years = scope.with_count("commitments").describe() if scope else "counting commitments"
    if not items:
        return f"no matching evidence ({years})"
    lines = []
    for c in items:
        lines.append(f"{c.actor} — {c.stance} → {c.target if c.target else '?'}")
        lines.append(f'  "{_quote(c.evidence)}"')
        if c.source:
            lines.append(f"  — {c.source}")
    lines.append(f"({len(items)} result(s); {years})")
    return "\n".join(lines)


def as_rows(data: Mapping[str, Any] | Any) -> list[dict[str, Any]]:
    """Flat records of any lookup result (``rows()`` or a list of commitments)."""
    if isinstance(data, list):
        return [c.row() if isinstance(c, Commitment) else dict(c) for c in data]
    return data.rows()
