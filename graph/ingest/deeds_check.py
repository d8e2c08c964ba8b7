"""The graph ``pkid:graph/deeds-check``: each commitment behind a ``pk:contributesTo`` gets
``pk:matchedDeployment`` or ``pk:noReportedDeployment`` when the personnel figures cover the
mission within a year of the document. Rewritten by every build and import.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox

from peacekg.graph.store.database import StoreWriter
from peacekg.ontology.namespaces import PK, PKID

#: The derived graph of the checks of contributions claimed in words.
CHECK_GRAPH = PKID["graph/deeds-check"]

#: How many years either side of a document's year a deployment still bears a claim out.
YEAR_WINDOW = 1

_CLAIMS = """
SELECT DISTINCT ?c ?actor ?mission ?year WHERE {
  GRAPH ?g { ?actor pk:contributesTo ?mission .
             ?c pk:actor ?actor ; pk:target ?mission ; pk:stance ?stance ; pk:year ?year }
  FILTER(?stance != pk:Opposition)
}"""

_DEPLOYMENTS = """
SELECT ?d ?actor ?mission ?year WHERE {
  ?d a pk:Deployment ; pk:contributor ?actor ; pk:mission ?mission ; pk:year ?year ;
     pk:personnel ?n . FILTER(?n > 0)
}"""


def check_quads(query: Any) -> Iterator[ox.Quad]:
    """The quads of ``pkid:graph/deeds-check``, from ``query(sparql, bindings)`` over the
    store being written (a :meth:`~peacekg.graph.store.database.StoreWriter.query_raw`)."""
    deployed: dict[tuple[str, str, int], list[ox.NamedNode]] = defaultdict(list)
    covered: set[tuple[str, int]] = set()
    for row in query(_DEPLOYMENTS, None) or []:
        year = int(row["year"].value)
        deployed[(row["actor"].value, row["mission"].value, year)].append(row["d"])
        covered.add((row["mission"].value, year))
    if not covered:
        return
    g = ox.NamedNode(str(CHECK_GRAPH))
    matched, unmatched = (
        ox.NamedNode(str(PK.matchedDeployment)),
        ox.NamedNode(str(PK.noReportedDeployment)),
    )
    for row in query(_CLAIMS, None) or []:
        try:
            year = int(row["year"].value)
        except ValueError:
            continue
        actor, mission = row["actor"].value, row["mission"].value
        years = range(year - YEAR_WINDOW, year + YEAR_WINDOW + 1)
        if not any((mission, y) in covered for y in years):
            continue  # the figures say nothing of that mission then
        found = [d for y in years for d in deployed.get((actor, mission, y), [])]
        for d in found:
            yield ox.Quad(row["c"], matched, d, g)
        if not found:
            yield ox.Quad(row["c"], unmatched, row["mission"], g)


def update_checks(writer: StoreWriter) -> None:
    """Rewrite ``pkid:graph/deeds-check`` in the generation being written, when it changes."""
    g = ox.NamedNode(str(CHECK_GRAPH))
    new = set(check_quads(writer.query_raw))
    old = set(writer.quads(graph=g))
    if new != old:
        writer.remove_quads(old - new)
        writer.add_quads(new - old)


# --- the deeds of one state -------------------------------------------------------------------
