"""Words against deeds: what a state says about peace operations beside what it did.

Words are the state's commitments (dated by their document's ``pk:year``); deeds are the
imported data sets (:mod:`peacekg.graph.ingest.datasets`): the personnel it had deployed to each
mission in each year, and its votes on roll calls of the General Assembly on peace
operations.

:func:`check_quads` derives the named graph ``pkid:graph/deeds-check``: each commitment
behind a ``pk:contributesTo`` fact is checked against the reported deployments of its actor
to that mission within a year of its document (the month of the yearly figures is not
documented), when the figures cover that mission then. It gets ``pk:matchedDeployment`` for
each deployment that bears it out, or the mark ``pk:noReportedDeployment`` (the claim is
kept: funds, equipment and civilians are not in those figures). ``peacekg build`` and
``peacekg import`` keep the graph up to date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from peacekg.graph.query.entities import Labeler, resolve
from peacekg.graph.query.frames import Tabular
from peacekg.graph.store.database import Store

_WORDS = """
SELECT ?c ?stance ?target ?evidence ?year ?file ?unreported WHERE {
  ?c pk:actor ?state ; pk:stance ?stance ; pk:evidence ?evidence ; pk:year ?year .
  VALUES ?stance { pk:Pledge pk:Contribution }
  OPTIONAL { ?c pk:target ?target }
  OPTIONAL { ?c prov:wasDerivedFrom ?doc . ?doc pk:sourceFile ?file }
  OPTIONAL { ?c pk:noReportedDeployment ?unreported }
  %(years)s
}"""

_DEPLOYED = """
SELECT ?mission ?year ?personnel ?women WHERE {
  ?d pk:contributor ?state ; pk:mission ?mission ; pk:year ?year ; pk:personnel ?personnel .
  OPTIONAL { ?d pk:femalePersonnel ?women }
  %(years)s
}"""

_VOTES = """
SELECT ?rc ?year ?date ?title ?choice ?mission WHERE {
  ?v pk:voter ?state ; pk:rollCall ?rc ; pk:choice ?choice .
  ?rc pk:onPeaceOperations true ; pk:year ?year ; rdfs:label ?title .
  OPTIONAL { ?rc dcterms:date ?date }
  OPTIONAL { ?rc pk:aboutMission ?mission }
  %(years)s
}"""


def year_filter(since: int | None, until: int | None, var: str = "?year") -> str:
    """A SPARQL ``FILTER`` keeping ``var`` within ``since``..``until`` (both optional).

    The bounds are integers formatted by Python, never text from the user.

    >>> year_filter(2018, None)
    'FILTER(?year >= 2018)'
    >>> year_filter(None, None)
    ''
    """
    parts = []
    if since is not None:
        parts.append(f"{var} >= {int(since)}")
    if until is not None:
        parts.append(f"{var} <= {int(until)}")
    return f"FILTER({' && '.join(parts)})" if parts else ""


@dataclass
class Word:
    """A pledge or contribution in words."""

    commitment: str
    stance: str
    target: str | None
    evidence: str
    source_file: str | None
    #: the mission of a claimed contribution the personnel figures do not bear out
    unreported: str | None = None


@dataclass
class Deployed:
    """Personnel deployed to one mission in one year."""

    mission: str
    personnel: int
    women: int | None

    @property
    def women_share(self) -> float | None:
        """The share of women in the personnel (``None`` when unknown or no personnel)."""
        if self.women is None or not self.personnel:
            return None
        return self.women / self.personnel


@dataclass
class VoteCast:
    """A vote on a peace-operations roll call."""

    roll_call: str
    date: str | None
    title: str
    choice: str
    missions: list[str] = field(default_factory=list)


@dataclass
class Year:
    """Words and deeds of one year."""

    year: int
    words: list[Word] = field(default_factory=list)
    deployments: list[Deployed] = field(default_factory=list)
    votes: list[VoteCast] = field(default_factory=list)


@dataclass
class Deeds(Tabular):
    """A state's words and deeds, year by year."""

    state: Any  # lookups.Entity
    years: list[Year]
    datasets: list[str]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "state": {"iri": self.state.iri, "label": self.state.label},
            "datasets": self.datasets,
            "years": [
                {
                    "year": y.year,
                    "words": [vars(w) for w in y.words],
                    "deployments": [
                        {**vars(d), "women_share": _round(d.women_share)} for d in y.deployments
                    ],
                    "votes": [vars(v) for v in y.votes],
                }
                for y in self.years
            ],
        }

    def rows(self) -> list[dict[str, Any]]:
        """One CSV row per word, deployment and vote."""
        rows = []
        for y in self.years:
            for w in y.words:
                rows.append(
                    _row(
                        y.year, "words", w.stance, w.target, w.evidence, w.source_file, w.unreported
                    )
                )
            for d in y.deployments:
                share = _round(d.women_share)
                detail = f"{d.personnel} personnel, {d.women} women" + (
                    f" ({share:.1%})" if share is not None else ""
                )
                rows.append(_row(y.year, "deployment", "", d.mission, detail, "", None))
            for v in y.votes:
                rows.append(
                    _row(
                        y.year, "vote", v.choice, "; ".join(v.missions), v.title, v.roll_call, None
                    )
                )
        return rows


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _row(
    year: int, kind: str, what: str, target: str | None, detail: str, source: str | None, mark
) -> dict[str, Any]:
    return {
        "year": year,
        "kind": kind,
        "what": what,
        "target": target or "",
        "detail": detail,
        "source": source or "",
        "no_reported_deployment": mark or "",
    }


def _name(entity: Any) -> str:
    """A mission by its acronym (the figures' own name for it), anything else by its label."""
    return entity.code if entity.type == "Mission" and entity.code else entity.label


_DATASETS = "SELECT ?title WHERE { ?d a pk:Dataset ; dcterms:title ?title } ORDER BY ?title"


def deeds(store: Store, name: str, since: int | None = None, until: int | None = None) -> Deeds:
    """A state's pledges and contributions in words, its deployments per mission (with the
    share of women) and its votes on peace-operations roll calls, per year."""
    state = resolve(store, "State", name)
    label = Labeler(store)
    bound = {"state": URIRef(state.iri)}
    years: dict[int, Year] = {}

    def year(value: Any) -> Year:
        number = int(str(value))
        return years.setdefault(number, Year(number))

    filt = {"years": year_filter(since, until)}
    seen: set[tuple[str, str | None]] = set()
    for r in store.select(_WORDS % filt, bound):
        key = (str(r["c"]), str(r["target"]) if r["target"] is not None else None)
        if key in seen:
            continue
        seen.add(key)
        year(r["year"]).words.append(
            Word(
                commitment=str(r["c"]),
                stance=str(r["stance"]).rsplit("#", 1)[-1],
                target=_name(label(r["target"])) if r["target"] is not None else None,
                evidence=str(r["evidence"]),
                source_file=str(r["file"]) if r["file"] is not None else None,
                unreported=_name(label(r["unreported"])) if r["unreported"] is not None else None,
            )
        )
    for r in store.select(_DEPLOYED % filt, bound):
        year(r["year"]).deployments.append(
            Deployed(
                mission=_name(label(r["mission"])),
                personnel=int(r["personnel"]),
                women=int(r["women"]) if r["women"] is not None else None,
            )
        )
    votes: dict[str, VoteCast] = {}
    for r in store.select(_VOTES % filt, bound):
        rc = str(r["rc"])
        if rc not in votes:
            votes[rc] = VoteCast(
                roll_call=rc,
                date=str(r["date"]) if r["date"] is not None else None,
                title=str(r["title"]),
                choice=str(r["choice"]).rsplit("#", 1)[-1],
            )
            year(r["year"]).votes.append(votes[rc])
        if r["mission"] is not None:
            votes[rc].missions.append(_name(label(r["mission"])))
    for y in years.values():
        y.words.sort(key=lambda w: (w.stance, w.target or "", w.commitment))
        y.deployments.sort(key=lambda d: (-d.personnel, d.mission))
        y.votes.sort(key=lambda v: (v.date or "", v.roll_call))
    datasets = [str(r["title"]) for r in store.select(_DATASETS)]
    return Deeds(state=state, years=[years[k] for k in sorted(years)], datasets=datasets)


def format_deeds(d: Deeds, evidence_width: int = 160) -> str:
    """The deeds of a state as text, one block per year."""
    lines = [f"{d.state.label}: words and deeds per year"]
    if not d.datasets:
        lines.append(
            "note: no data set imported (peacekg import personnel FILE / import votes DIR)"
        )
    else:
        lines.append("data sets: " + "; ".join(d.datasets))
    for y in d.years:
        lines.append(f"\n{y.year}")
        for w in y.words:
            quote = w.evidence if len(w.evidence) <= evidence_width else w.evidence[:159] + "…"
            mark = f"  [no reported deployment to {w.unreported}]" if w.unreported else ""
            lines.append(f'  words    {w.stance} → {w.target or "-"}: "{quote}"{mark}')
        for dep in y.deployments:
            share = dep.women_share
            women = f", {dep.women} women ({share:.1%})" if share is not None else ""
            lines.append(f"  deployed {dep.mission}: {dep.personnel} personnel{women}")
        for v in y.votes:
            about = f" [{', '.join(v.missions)}]" if v.missions else ""
            lines.append(f"  voted    {v.choice}: {v.title}{about}")
    if not d.years:
        lines.append("nothing recorded: no pledge, contribution, deployment or vote")
    lines.append(
        "\nDeployments are the UN's reported yearly figures of uniformed personnel; votes are "
        "recorded General Assembly roll calls on peace operations."
    )
    return "\n".join(lines)
