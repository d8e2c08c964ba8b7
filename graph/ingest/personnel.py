"""UN personnel per country, mission and year (``pkid:dataset/un-personnel``) imported into
the store (``peacekg import personnel FILE``).
"""

from __future__ import annotations

import time
from pathlib import Path

from peacekg.graph.ingest.datasets import (
    DERIVED,
    LABEL,
    TYPE,
    ImportReport,
    StateNames,
    csv_rows,
    dataset_iri,
    dataset_lines,
    deployment_iri,
    nt_literal,
    nt_term,
    parse_count,
    progress_ticker,
    publish_dataset,
    require_columns,
)
from peacekg.graph.progress import Progress
from peacekg.ontology.namespaces import PK, mission_iri, state_iri
from peacekg.ontology.reference import load_reference

# --- personnel ----------------------------------------------------------------------------------


def import_personnel(
    path: str | Path,
    store: str | Path | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Load the personnel table (country, mission, year; women, men, total) into the graph
    ``pkid:dataset/un-personnel``, replacing it: one ``pk:Deployment`` per row with personnel.
    ``progress(total)`` is told the bytes to read and may return a callback advanced as they
    are read (see :mod:`peacekg.commands.progress`).
    """
    t0 = time.perf_counter()
    path = Path(path)
    key = "un-personnel"
    graph = dataset_iri(key)
    report = ImportReport(dataset=graph)
    require_columns(path, ("Year", "Country", "Mission", "Female", "Male", "Total"))
    names = StateNames()
    ref = load_reference()
    g = nt_term(graph)
    lines = dataset_lines(key, graph, [path])
    seen: dict[str, int] = {}
    new_missions: set[str] = set()
    zero = unbalanced = 0
    for line, row in csv_rows(path, progress_ticker(progress, [path])):
        report.rows += 1
        try:
            year = int((row.get("Year") or "").strip())
            female, male, total = (parse_count(row.get(c)) for c in ("Female", "Male", "Total"))
        except ValueError:
            report.malformed.append((path.name, line, "year and counts must be whole numbers"))
            continue
        country, mission = (row.get("Country") or "").strip(), (row.get("Mission") or "").strip()
        if not country or not mission or not 1900 < year < 2100:
            report.malformed.append((path.name, line, "country, mission or year missing"))
            continue
        if total == 0 and female == 0 and male == 0:
            zero += 1
            continue
        iso3 = names.iso3(country)
        if iso3 is None:
            report.unmatched[country] += 1
            continue
        known = ref.get("Mission", mission)
        acronym = known.key if known else mission
        node = deployment_iri(iso3, acronym, year)
        if node in seen:
            report.malformed.append(
                (path.name, line, f"repeats line {seen[node]} ({country}, {mission}, {year})")
            )
            continue
        seen[node] = line
        m = nt_term(mission_iri(acronym))
        if known is None and acronym not in new_missions:
            new_missions.add(acronym)
            lines.append(f"{m} {TYPE} {nt_term(PK.Mission)} .")
            lines.append(f"{m} {LABEL} {nt_literal(acronym)} .")
            lines.append(f"{m} {nt_term(PK.acronym)} {nt_literal(acronym)} .")
        if female + male != total:
            unbalanced += 1
        d = nt_term(node)
        lines += [
            f"{d} {TYPE} {nt_term(PK.Deployment)} .",
            f"{d} {nt_term(PK.contributor)} {nt_term(state_iri(iso3))} .",
            f"{d} {nt_term(PK.mission)} {m} .",
            f"{d} {nt_term(PK.year)} {nt_literal(year)} .",
            f"{d} {nt_term(PK.personnel)} {nt_literal(total)} .",
            f"{d} {nt_term(PK.femalePersonnel)} {nt_literal(female)} .",
            f"{d} {nt_term(PK.malePersonnel)} {nt_literal(male)} .",
            f"{d} {DERIVED} {g} .",
        ]
    report.facts["deployments"] = len(seen)
    report.notes.append(f"rows with no personnel (not loaded): {zero:,}")
    if unbalanced:
        report.notes.append(
            f"deployments whose women + men differ from the total (kept as reported): {unbalanced}"
        )
    if new_missions:
        report.notes.append(
            "missions not in the registry (added to the data set's graph): "
            + ", ".join(sorted(new_missions))
        )
    publish_dataset(store, graph, lambda: [("\n".join(lines) + "\n").encode()], report)
    report.seconds = time.perf_counter() - t0
    return report
