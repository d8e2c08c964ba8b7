"""General Assembly roll calls and votes (``pkid:dataset/un-votes``) imported into the store
(``peacekg import votes DIR``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, XSD

from peacekg.graph.ingest.datasets import (
    DERIVED,
    LABEL,
    TYPE,
    ImportError_,
    ImportReport,
    StateNames,
    csv_records,
    csv_rows,
    dataset_iri,
    dataset_lines,
    fold_name,
    nt_literal,
    nt_term,
    progress_ticker,
    publish_dataset,
    require_columns,
    rollcall_iri,
)
from peacekg.graph.progress import Progress, Tick
from peacekg.ontology.namespaces import PK, PKID, state_iri, symbol_iri
from peacekg.ontology.reference import RefEntity, load_reference

# --- votes --------------------------------------------------------------------------------------

ROLL_CALLS = "un_roll_calls.csv"
VOTES = "un_votes.csv"

_CHOICES = {"yes": PK.Yes, "no": PK.No, "abstain": PK.Abstain}
_UNRES = re.compile(r"^(?:A/RES|R)/(\d{1,3})/(\d{1,4})(?:/?[A-Z]{1,2}|/[IVXL]+)?$")
_ROMAN = [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]

#: Words that make a roll call one on peace operations (besides the name of a mission).
_PEACE_OPERATIONS = re.compile(
    r"peace-?keeping|emergency force|interi?m force|observer force|"
    r"(?:operations?|force) in the congo|peace operations",
    re.IGNORECASE,
)


def _roman(number: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out


def ga_symbol(unres: str) -> str | None:
    """The symbol of the General Assembly resolution a roll call's ``unres`` names, where the
    form allows (``R/61/250B`` -> ``A/RES/61/250``; sessions before the 31st numbered
    resolutions across sessions: ``R/11/1000`` -> ``A/RES/1000(XI)``); else ``None``.

    >>> ga_symbol("R/61/250B"), ga_symbol("A/RES/71/307"), ga_symbol("R/15/1504")
    ('A/RES/61/250', 'A/RES/71/307', 'A/RES/1504(XV)')
    >>> ga_symbol("ESS/1/71A") is None
    True
    """
    m = _UNRES.match(unres.strip())
    if not m:
        return None
    session, number = int(m.group(1)), int(m.group(2))
    if session >= 31:
        return f"A/RES/{session}/{number}"
    return f"A/RES/{number}({_roman(session)})" if session else None


class _MissionNames:
    """Missions named in a roll call's description, by acronym or name, active that year."""

    def __init__(self) -> None:
        self._by_name: dict[str, list[RefEntity]] = {}
        for m in load_reference().missions:
            for name in {m.key, *(a for a in m.aliases if len(a) > 5)}:
                folded = fold_name(name)
                if folded and m not in self._by_name.setdefault(folded, []):
                    self._by_name[folded].append(m)
        words = sorted(self._by_name, key=len, reverse=True)
        self._pattern = re.compile(rf"\b(?:{'|'.join(map(re.escape, words))})\b")

    def find(self, text: str, year: int) -> list[RefEntity]:
        """The missions ``text`` names that were active within a year or two of ``year``."""
        folded = re.sub(r"\bu n\b", "un", fold_name(text))
        found: list[RefEntity] = []
        for name in self._pattern.findall(folded):
            for mission in self._by_name[name]:
                if mission not in found and _active(mission, year):
                    found.append(mission)
        return found


def _active(mission: RefEntity, year: int) -> bool:
    start = int(mission.data.get("start", "0")[:4] or 0)
    end = int(mission.data.get("end", "9999")[:4] or 9999)
    return start - 1 <= year <= end + 2  # financing is voted before and after deployment


def _roll_call_lines(
    path: Path, graph: str, report: ImportReport, resolutions: set[str], tick: Tick | None = None
) -> tuple[list[str], set[int]]:
    g = nt_term(graph)
    lines: list[str] = []
    ids: set[int] = set()
    missions = _MissionNames()
    unlinked = peace = 0
    for line, row in csv_rows(path, tick):
        report.rows += 1
        try:
            rcid = int(float(row.get("rcid") or ""))
            day = date.fromisoformat((row.get("date") or "").strip())
        except ValueError:
            report.malformed.append((path.name, line, "rcid or date unreadable"))
            continue
        if rcid in ids:
            report.malformed.append((path.name, line, f"roll call {rcid} repeated"))
            continue
        ids.add(rcid)
        node = nt_term(rollcall_iri(rcid))
        short = (row.get("short") or "").strip()
        descr = (row.get("descr") or "").strip()
        kind = [
            what
            for what, column in (("amendment", "amend"), ("separate vote on paragraphs", "para"))
            if (row.get(column) or "").strip() in ("1", "1.0")
        ]
        title = f"Roll call {rcid} ({day.isoformat()})" + (f" [{', '.join(kind)}]" if kind else "")
        title += f": {short}" if short else ""
        lines += [
            f"{node} {TYPE} {nt_term(PK.RollCall)} .",
            f"{node} {LABEL} {nt_literal(title)} .",
            f"{node} {nt_term(PK.year)} {nt_literal(day.year)} .",
            f"{node} {nt_term(DCTERMS.date)} "
            f"{nt_literal(ox.Literal(day.isoformat(), datatype=ox.NamedNode(str(XSD.date))))} .",
            f"{node} {DERIVED} {g} .",
        ]
        if descr:
            lines.append(f"{node} {nt_term(DCTERMS.description)} {nt_literal(descr)} .")
        symbol = ga_symbol(row.get("unres") or "")
        if symbol:
            res = nt_term(symbol_iri(symbol))
            lines.append(f"{node} {nt_term(PK.onResolution)} {res} .")
            if symbol not in resolutions:
                resolutions.add(symbol)
                resolution_label = "General Assembly resolution " + symbol.removeprefix("A/RES/")
                lines += [
                    f"{res} {TYPE} {nt_term(PK.Resolution)} .",
                    f"{res} {nt_term(PK.symbol)} {nt_literal(symbol)} .",
                    f"{res} {LABEL} {nt_literal(resolution_label)} .",
                ]
        else:
            unlinked += 1
        text = f"{short} {descr}"
        named = missions.find(text, day.year)
        if named or _PEACE_OPERATIONS.search(text):
            peace += 1
            lines.append(f"{node} {nt_term(PK.onPeaceOperations)} {_lit_bool(True)} .")
            lines += [f"{node} {nt_term(PK.aboutMission)} {nt_term(m.iri)} ." for m in named]
    report.facts["roll calls"] = len(ids)
    report.notes.append(
        f"roll calls on peace operations: {peace}; without a resolution symbol that links "
        f"them to a resolution: {unlinked}"
    )
    return lines, ids


def _lit_bool(value: bool) -> str:
    return f'"{str(value).lower()}"^^<{XSD.boolean}>'


#: Votes are handed to the store in chunks of this many rows.
VOTE_CHUNK = 20_000


def _vote_chunks(
    path: Path,
    graph: str,
    report: ImportReport,
    rollcalls: set[int],
    head: list[str],
    tick: Tick | None = None,
) -> Iterator[bytes]:
    """The votes as N-Triples, in chunks (the roll calls and the data set first).

    Close to a million rows: each row is a list (no dict), and what depends only on a cell's
    text (its roll call, its country, its choice) is worked out once per distinct text."""
    header, rows = csv_records(path, tick)
    col = {name: header.index(name) for name in ("rcid", "country", "vote")}
    i_rcid, i_country, i_vote = col["rcid"], col["country"], col["vote"]
    i_code = header.index("country_code") if "country_code" in header else None
    width = max(i_rcid, i_country, i_vote, i_code or 0) + 1
    names = StateNames()
    choices = {k: nt_term(v) for k, v in _CHOICES.items()}
    # cell text -> what it means (None: unreadable)
    rcid_of: dict[str, int | None] = {}
    choice_of: dict[str, str | None] = {}
    iso_of: dict[tuple[str, str], str | None] = {}
    # the parts of a vote's lines that depend on its state only
    state_part: dict[str, tuple[str, str]] = {}
    vote_t, voter_p = nt_term(PK.Vote), nt_term(PK.voter)
    rc_p, choice_p = nt_term(PK.rollCall), nt_term(PK.choice)
    state_prefix = str(state_iri("X"))[:-1]
    vote_prefix, rc_prefix = str(PKID["vote/"]), str(PKID["rollcall/"])
    seen: set[str] = set()
    out: list[str] = head
    votes = 0
    for line, row in rows:
        report.rows += 1
        if len(row) < width:
            row = row + [""] * (width - len(row))
        text = row[i_rcid]
        rcid = rcid_of.get(text, -1)
        if rcid == -1:
            rcid = rcid_of[text] = _int_or_none(text)
        raw = row[i_vote]
        choice = choice_of.get(raw, "")
        if choice == "":
            choice = choice_of[raw] = choices.get(raw.strip().lower())
        if rcid is None or choice is None:
            report.malformed.append((path.name, line, "rcid or vote (yes/no/abstain) unreadable"))
            continue
        if rcid not in rollcalls:
            report.malformed.append((path.name, line, f"roll call {rcid} is not in {ROLL_CALLS}"))
            continue
        key = (row[i_country], row[i_code] if i_code is not None else "")
        iso3 = iso_of.get(key, "")
        if iso3 == "":
            iso3 = iso_of[key] = names.iso3(key[0].strip())
        if iso3 is None:
            country = key[0].strip()
            report.unmatched[country or f"(no name, code {key[1].strip()!r})"] += 1
            continue
        suffix = f"{rcid}/{iso3}"
        if suffix in seen:
            report.malformed.append((path.name, line, f"second vote of {key[0].strip()} in {rcid}"))
            continue
        seen.add(suffix)
        parts = state_part.get(iso3)
        if parts is None:
            parts = state_part[iso3] = (
                f"> {TYPE} {vote_t} .\n<{vote_prefix}",
                f"> {voter_p} <{state_prefix}{iso3}> .\n<{vote_prefix}",
            )
        v = f"<{vote_prefix}{suffix}"
        out.append(
            f"{v}{parts[0]}{suffix}{parts[1]}{suffix}> {rc_p} <{rc_prefix}{rcid}> .\n"
            f"{v}> {choice_p} {choice} ."
        )
        votes += 1
        if len(out) >= VOTE_CHUNK:
            yield ("\n".join(out) + "\n").encode()
            out = []
    report.facts["votes"] = votes
    if out:
        yield ("\n".join(out) + "\n").encode()


def _int_or_none(text: str) -> int | None:
    """A roll call id as written in the votes file ("3", "3.0"), or ``None``."""
    try:
        return int(float(text))
    except (ValueError, OverflowError):
        return None


def import_votes(
    folder: str | Path,
    store: str | Path | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Load the General Assembly roll calls and votes of ``folder`` into the graph
    ``pkid:dataset/un-votes``, replacing it: one ``pk:RollCall`` per roll call (linked to its
    resolution where the symbol allows, marked when it concerns peace operations) and one
    ``pk:Vote`` per recorded vote. ``progress`` as in
    :func:`~peacekg.graph.ingest.personnel.import_personnel`.
    """
    t0 = time.perf_counter()
    folder = Path(folder)
    if not folder.is_dir():
        raise ImportError_(f"{folder}: not a folder (expected {ROLL_CALLS} and {VOTES})")
    key = "un-votes"
    graph = dataset_iri(key)
    report = ImportReport(dataset=graph)
    require_columns(folder / ROLL_CALLS, ("rcid", "date", "unres", "short", "descr"))
    require_columns(folder / VOTES, ("rcid", "country", "vote"))
    head = dataset_lines(key, graph, [folder / ROLL_CALLS, folder / VOTES])

    tick = progress_ticker(progress, [folder / ROLL_CALLS, folder / VOTES])

    def chunks() -> Iterator[bytes]:
        rc_lines, rollcalls = _roll_call_lines(folder / ROLL_CALLS, graph, report, set(), tick)
        yield from _vote_chunks(folder / VOTES, graph, report, rollcalls, head + rc_lines, tick)

    publish_dataset(store, graph, chunks, report)
    report.seconds = time.perf_counter() - t0
    return report
