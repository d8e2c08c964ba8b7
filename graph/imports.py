"""Importing data sets of deeds: UN uniformed personnel per mission and year, and the roll-call
votes of the General Assembly.

Each data set lives in a named graph of its own (``pkid:dataset/un-personnel``,
``pkid:dataset/un-votes``), described there as a ``pk:Dataset`` with ``dcterms:title`` and
``dcterms:source``; every deployment and roll call is ``prov:wasDerivedFrom`` it. An import
replaces that graph whole, in a new store generation published only when the import
completes (the same generations and lock as ``peacekg build``), so a killed or failed
import leaves the previous store intact.

Country names are linked to the states of the reference data by their names and aliases
(``ontology/reference.py``); every name that matches no state is reported with its number of
rows and those rows are left out. A malformed row is reported with its file and line, and
the rest still loads.

The formats are those of ``../shared/reference`` (see its README):

- personnel: ``"",Year,Country,Mission,Female,Male,Total`` (one row per country, mission
  and year; rows with a total of 0 say nothing was deployed and are not loaded);
- votes: a folder with ``un_roll_calls.csv`` (``rcid,session,importantvote,date,unres,amend,
  para,short,descr``) and ``un_votes.csv`` (``rcid,country,country_code,vote``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import queue
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from peacekg.errors import InputError
from peacekg.graph.store import StoreWriter
from peacekg.ontology.namespaces import PK, PKID, mission_iri, state_iri, symbol_iri
from peacekg.ontology.reference import RefEntity, load_reference

#: The data sets this module reads: key -> (title, sources, caveat).
DATASETS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "un-personnel": (
        "UN uniformed personnel by contributing country, mission and year (2010-2021)",
        (
            "https://peacekeeping.un.org/en/troop-and-police-contributors",
            "https://github.com/corinnee/UN_Peacekeeping_Analytics",
        ),
        "Reported figures of the UN Peacekeeping open data portal, one snapshot a year "
        "(its month is not documented), 2010 partial; a few rows do not add up.",
    ),
    "un-votes": (
        "United Nations General Assembly Voting Data (Voeten, Strezhnev & Bailey)",
        ("https://hdl.handle.net/1902.1/12379", "https://github.com/dgrtwo/unvotes"),
        "Recorded (roll-call) votes of the General Assembly, 1946 to January 2020; absence "
        "is not recorded.",
    ),
}


def dataset_iri(key: str) -> str:
    """IRI of a data set, which is also the name of its graph (``pkid:dataset/un-votes``)."""
    return str(PKID[f"dataset/{key}"])


def deployment_iri(iso3: str, mission: str, year: int) -> str:
    """IRI of a deployment (``pkid:deployment/FRA/UNIFIL/2019``)."""
    return str(mission_iri(mission)).replace("/mission/", f"/deployment/{iso3}/") + f"/{year}"


def rollcall_iri(rcid: int) -> str:
    """IRI of a roll call by its record id (``pkid:rollcall/3``)."""
    return str(PKID[f"rollcall/{rcid}"])


class ImportError_(InputError):
    """A data set cannot be imported at all (missing file, wrong columns)."""


@dataclass
class ImportReport:
    """What an import loaded, left out and found wrong."""

    dataset: str
    rows: int = 0
    facts: dict[str, int] = field(default_factory=dict)
    unmatched: Counter[str] = field(default_factory=Counter)
    malformed: list[tuple[str, int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    replaced: bool = False
    seconds: float = 0.0
    generation: str | None = None

    @property
    def ok(self) -> bool:
        """True when no row was malformed."""
        return not self.malformed

    def summary(self) -> str:
        """A short human-readable summary."""
        facts = ", ".join(f"{n:,} {kind}" for kind, n in self.facts.items())
        lines = [
            f"data set: {self.dataset}" + (" (replaced)" if self.replaced else ""),
            f"rows: {self.rows:,} read; loaded {facts}",
            f"unmatched names: {len(self.unmatched)} ({sum(self.unmatched.values()):,} rows "
            "left out)",
            f"malformed rows: {len(self.malformed)}",
            *self.notes,
            f"time: {self.seconds:.1f} s",
        ]
        return "\n".join(lines)


# --- names -> states ---------------------------------------------------------------------------


def _fold(name: str) -> str:
    from peacekg.graph.lookups import normalize

    return normalize(name.replace("&", " and "))


class StateNames:
    """Country names (UN short names, formal names, aliases, ISO3) -> ISO3 of the reference
    states, case, accents and punctuation folded.

    >>> names = StateNames()
    >>> names.iso3("Côte d'Ivoire"), names.iso3("Federal Republic of Germany")
    ('CIV', 'DEU')
    >>> names.iso3("Atlantis") is None
    True
    """

    def __init__(self, states: Iterable[RefEntity] | None = None) -> None:
        self._by_name: dict[str, str] = {}
        states = list(states if states is not None else load_reference().states)
        # Current states first, so that a name shared with a former state (rare) goes to
        # the current one; a former state keeps the names only it has.
        states.sort(key=lambda s: s.data.get("former") == "1")
        for state in states:
            for name in (state.key, state.label, *state.aliases):
                self._by_name.setdefault(_fold(name), state.key)
                self._by_name.setdefault(_bare(_fold(name)), state.key)

    def iso3(self, name: str) -> str | None:
        """The ISO3 code of the state ``name`` names, or ``None``.

        Besides the names themselves: "St." for "Saint", and a name with a former name in
        brackets ("Myanmar (Burma)") by either part.
        """
        for form in _forms(name):
            found = self._by_name.get(form)
            if found:
                return found
        return None


def _bare(folded: str) -> str:
    """A folded name without the word "the" ("saint vincent and grenadines")."""
    return " ".join(w for w in folded.split() if w != "the")


def _forms(name: str) -> Iterator[str]:
    """The folded forms a country name is looked up by, most literal first."""
    folded = _fold(name)
    yield folded
    saint = re.sub(r"\bst\b", "saint", folded)
    yield _bare(saint)
    outer, _, inner = name.partition("(")
    if inner:
        yield _bare(_fold(outer))
        yield _bare(_fold(inner.rstrip(") ")))


# --- writing ------------------------------------------------------------------------------------


def _n(iri: object) -> str:
    return f"<{iri}>"


_TYPE, _LABEL, _DERIVED = _n(RDF.type), _n(RDFS.label), _n(PROV.wasDerivedFrom)
_INT = str(XSD.integer)


def _lit(value: str | int | ox.Literal) -> str:
    """A literal in N-Quads syntax (escaped by pyoxigraph)."""
    if isinstance(value, int):
        return f'"{value}"^^<{_INT}>'
    if isinstance(value, str):
        value = ox.Literal(value)
    return str(value)


def _dataset_lines(key: str, graph: str, files: Iterable[Path]) -> list[str]:
    title, sources, caveat = DATASETS[key]
    node = _n(graph)
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.read_bytes())
    now = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    lines = [
        f"{node} {_TYPE} {_n(PK.Dataset)} .",
        f"{node} {_LABEL} {_lit(title)} .",
        f"{node} {_n(DCTERMS.title)} {_lit(title)} .",
        f"{node} {_n(RDFS.comment)} {_lit(caveat)} .",
        f"{node} {_n(PK.sha256)} {_lit(digest.hexdigest())} .",
        f"{node} {_n(PROV.generatedAtTime)} "
        f"{_lit(ox.Literal(now, datatype=ox.NamedNode(str(XSD.dateTime))))} .",
    ]
    lines += [f"{node} {_n(DCTERMS.source)} {_n(s)} ." for s in sources]
    return lines


def _publish(
    store: str | Path | None,
    graph: str,
    chunks: Callable[[], Iterable[bytes]],
    report: ImportReport,
) -> None:
    """Replace named graph ``graph`` with the N-Triples ``chunks()`` in a new generation, and
    bring the derived deeds checks up to date. The store is locked first, so a second
    writer fails at once rather than after reading the data set."""
    from peacekg.graph.build import write_reference
    from peacekg.graph.deeds import update_checks

    with StoreWriter(store) as writer:
        node = ox.NamedNode(graph)
        report.replaced = writer.begin_without(node)
        write_reference(writer)  # states and missions typed, as in a built store
        for chunk in _ahead(chunks()):
            writer.bulk_load_triples(chunk, node)
        update_checks(writer)
        report.generation = writer.generation


def _ahead(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """``chunks``, each computed in a thread while the previous one loads: pyoxigraph's bulk
    load releases the GIL, so reading the next rows overlaps writing these. An exception of
    the producer is raised here; stopping early stops the producer."""
    box: queue.Queue[object] = queue.Queue(maxsize=1)
    stop = threading.Event()
    end = object()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                box.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for chunk in chunks:
                if not put(chunk):
                    return
            put(end)
        except BaseException as exc:  # handed to the consumer, raised there
            put(exc)

    thread = threading.Thread(target=produce, name="peacekg-import-rows", daemon=True)
    thread.start()
    try:
        while (item := box.get()) is not end:
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        thread.join()


Tick = Callable[[int], None]


class _Counting(io.RawIOBase):
    """A binary file that tells ``tick`` how many bytes each read took (for progress)."""

    def __init__(self, raw: BinaryIO, tick: Tick) -> None:
        self.raw, self.tick = raw, tick

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.raw.readinto(buffer)
        if n:
            self.tick(n)
        return n or 0

    def close(self) -> None:
        self.raw.close()
        super().close()


def _reader(path: Path, tick: Tick | None = None) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file with the line number where each starts; ``tick`` is advanced by
    the bytes read."""
    try:
        if tick is None:
            fh = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
        else:
            raw = io.BufferedReader(_Counting(open(path, "rb"), tick))  # noqa: SIM115
            fh = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ImportError_(f"{path.name}: cannot read: {exc.strerror or exc}") from None
    with fh:
        reader = csv.DictReader(fh)
        line = reader.line_num + 1
        try:
            for row in reader:
                yield line, row
                line = reader.line_num + 1
        except (csv.Error, UnicodeDecodeError) as exc:
            raise ImportError_(f"{path.name}:{line}: unreadable CSV: {exc}") from None


def _require(path: Path, columns: Iterable[str]) -> None:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh), [])
    except FileNotFoundError:
        raise ImportError_(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportError_(f"{path.name}: cannot read: {exc}") from None
    missing = [c for c in columns if c not in header]
    if missing:
        raise ImportError_(f"{path.name}: missing column(s) {', '.join(missing)}")


def _count(value: str | None) -> int:
    number = int((value or "").strip())
    if number < 0:
        raise ValueError
    return number


# --- personnel ----------------------------------------------------------------------------------


def _ticker(progress: Callable[[int], Tick | None] | None, files: Iterable[Path]) -> Tick | None:
    """The callback of ``progress`` (see :mod:`peacekg.progress`) told the size of ``files``."""
    if progress is None:
        return None
    try:
        total = sum(f.stat().st_size for f in files)
    except OSError:  # reported by the reader, with the file's name
        return None
    return progress(total)


def import_personnel(
    path: str | Path,
    store: str | Path | None = None,
    progress: Callable[[int], Tick | None] | None = None,
) -> ImportReport:
    """Load the personnel table (country, mission, year; women, men, total) into the graph
    ``pkid:dataset/un-personnel``, replacing it: one ``pk:Deployment`` per row with personnel.
    ``progress(total)`` is told the bytes to read and may return a callback advanced as they
    are read (see :mod:`peacekg.progress`).
    """
    t0 = time.perf_counter()
    path = Path(path)
    key = "un-personnel"
    graph = dataset_iri(key)
    report = ImportReport(dataset=graph)
    _require(path, ("Year", "Country", "Mission", "Female", "Male", "Total"))
    names = StateNames()
    ref = load_reference()
    g = _n(graph)
    lines = _dataset_lines(key, graph, [path])
    seen: dict[str, int] = {}
    new_missions: set[str] = set()
    zero = unbalanced = 0
    tick = _ticker(progress, [path])
    for line, row in _reader(path, tick):
        report.rows += 1
        try:
            year = int((row.get("Year") or "").strip())
            female, male, total = (_count(row.get(c)) for c in ("Female", "Male", "Total"))
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
        m = _n(mission_iri(acronym))
        if known is None and acronym not in new_missions:
            new_missions.add(acronym)
            lines.append(f"{m} {_TYPE} {_n(PK.Mission)} .")
            lines.append(f"{m} {_LABEL} {_lit(acronym)} .")
            lines.append(f"{m} {_n(PK.acronym)} {_lit(acronym)} .")
        if female + male != total:
            unbalanced += 1
        d = _n(node)
        lines += [
            f"{d} {_TYPE} {_n(PK.Deployment)} .",
            f"{d} {_n(PK.contributor)} {_n(state_iri(iso3))} .",
            f"{d} {_n(PK.mission)} {m} .",
            f"{d} {_n(PK.year)} {_lit(year)} .",
            f"{d} {_n(PK.personnel)} {_lit(total)} .",
            f"{d} {_n(PK.femalePersonnel)} {_lit(female)} .",
            f"{d} {_n(PK.malePersonnel)} {_lit(male)} .",
            f"{d} {_DERIVED} {g} .",
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
    _publish(store, graph, lambda: [("\n".join(lines) + "\n").encode()], report)
    report.seconds = time.perf_counter() - t0
    return report


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
                folded = _fold(name)
                if folded and m not in self._by_name.setdefault(folded, []):
                    self._by_name[folded].append(m)
        words = sorted(self._by_name, key=len, reverse=True)
        self._pattern = re.compile(rf"\b(?:{'|'.join(map(re.escape, words))})\b")

    def find(self, text: str, year: int) -> list[RefEntity]:
        """The missions ``text`` names that were active within a year or two of ``year``."""
        folded = re.sub(r"\bu n\b", "un", _fold(text))
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
    g = _n(graph)
    lines: list[str] = []
    ids: set[int] = set()
    missions = _MissionNames()
    unlinked = peace = 0
    for line, row in _reader(path, tick):
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
        node = _n(rollcall_iri(rcid))
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
            f"{node} {_TYPE} {_n(PK.RollCall)} .",
            f"{node} {_LABEL} {_lit(title)} .",
            f"{node} {_n(PK.year)} {_lit(day.year)} .",
            f"{node} {_n(DCTERMS.date)} "
            f"{_lit(ox.Literal(day.isoformat(), datatype=ox.NamedNode(str(XSD.date))))} .",
            f"{node} {_DERIVED} {g} .",
        ]
        if descr:
            lines.append(f"{node} {_n(DCTERMS.description)} {_lit(descr)} .")
        symbol = ga_symbol(row.get("unres") or "")
        if symbol:
            res = _n(symbol_iri(symbol))
            lines.append(f"{node} {_n(PK.onResolution)} {res} .")
            if symbol not in resolutions:
                resolutions.add(symbol)
                lines += [
                    f"{res} {_TYPE} {_n(PK.Resolution)} .",
                    f"{res} {_n(PK.symbol)} {_lit(symbol)} .",
                    f"{res} {_LABEL} "
                    f"{_lit('General Assembly resolution ' + symbol.removeprefix('A/RES/'))} .",
                ]
        else:
            unlinked += 1
        text = f"{short} {descr}"
        named = missions.find(text, day.year)
        if named or _PEACE_OPERATIONS.search(text):
            peace += 1
            lines.append(f"{node} {_n(PK.onPeaceOperations)} {_lit_bool(True)} .")
            lines += [f"{node} {_n(PK.aboutMission)} {_n(m.iri)} ." for m in named]
    report.facts["roll calls"] = len(ids)
    report.notes.append(
        f"roll calls on peace operations: {peace}; without a resolution symbol that links "
        f"them to a resolution: {unlinked}"
    )
    return lines, ids


def _lit_bool(value: bool) -> str:
    return f'"{str(value).lower()}"^^<{XSD.boolean}>'


#: Votes are written to the store in chunks of this many rows.
VOTE_CHUNK = 200_000


def _vote_chunks(
    path: Path,
    graph: str,
    report: ImportReport,
    rollcalls: set[int],
    head: list[str],
    tick: Tick | None = None,
) -> Iterator[bytes]:
    """The votes as N-Triples, in chunks (the roll calls and the data set first)."""
    names = StateNames()
    iso_of: dict[tuple[str, str], str | None] = {}
    choices = {k: _n(v) for k, v in _CHOICES.items()}
    vote_t, voter_p, rc_p, choice_p = (
        _n(PK.Vote),
        _n(PK.voter),
        _n(PK.rollCall),
        _n(PK.choice),
    )
    state_prefix = str(state_iri("X"))[:-1]
    vote_prefix, rc_prefix = str(PKID["vote/"]), str(PKID["rollcall/"])
    seen: set[tuple[int, str]] = set()
    out: list[str] = head
    votes = 0
    for line, row in _reader(path, tick):
        report.rows += 1
        try:
            rcid = int(float(row["rcid"]))
            choice = choices[(row.get("vote") or "").strip().lower()]
        except (KeyError, ValueError, TypeError):
            report.malformed.append((path.name, line, "rcid or vote (yes/no/abstain) unreadable"))
            continue
        if rcid not in rollcalls:
            report.malformed.append((path.name, line, f"roll call {rcid} is not in {ROLL_CALLS}"))
            continue
        country = (row.get("country") or "").strip()
        key = (country, (row.get("country_code") or "").strip())
        iso3 = iso_of.get(key, "")
        if iso3 == "":
            iso3 = iso_of[key] = names.iso3(country)
        if iso3 is None:
            report.unmatched[country or f"(no name, code {key[1]!r})"] += 1
            continue
        if (rcid, iso3) in seen:
            report.malformed.append((path.name, line, f"second vote of {country} in {rcid}"))
            continue
        seen.add((rcid, iso3))
        v = f"<{vote_prefix}{rcid}/{iso3}>"
        out.append(
            f"{v} {_TYPE} {vote_t} .\n{v} {voter_p} <{state_prefix}{iso3}> .\n"
            f"{v} {rc_p} <{rc_prefix}{rcid}> .\n{v} {choice_p} {choice} ."
        )
        votes += 1
        if len(out) >= VOTE_CHUNK:
            yield ("\n".join(out) + "\n").encode()
            out = []
    report.facts["votes"] = votes
    if out:
        yield ("\n".join(out) + "\n").encode()


def import_votes(
    folder: str | Path,
    store: str | Path | None = None,
    progress: Callable[[int], Tick | None] | None = None,
) -> ImportReport:
    """Load the General Assembly roll calls and votes of ``folder`` into the graph
    ``pkid:dataset/un-votes``, replacing it: one ``pk:RollCall`` per roll call (linked to its
    resolution where the symbol allows, marked when it concerns peace operations) and one
    ``pk:Vote`` per recorded vote. ``progress`` as in :func:`import_personnel`.
    """
    t0 = time.perf_counter()
    folder = Path(folder)
    if not folder.is_dir():
        raise ImportError_(f"{folder}: not a folder (expected {ROLL_CALLS} and {VOTES})")
    key = "un-votes"
    graph = dataset_iri(key)
    report = ImportReport(dataset=graph)
    _require(folder / ROLL_CALLS, ("rcid", "date", "unres", "short", "descr"))
    _require(folder / VOTES, ("rcid", "country", "vote"))
    head = _dataset_lines(key, graph, [folder / ROLL_CALLS, folder / VOTES])

    tick = _ticker(progress, [folder / ROLL_CALLS, folder / VOTES])

    def chunks() -> Iterator[bytes]:
        rc_lines, rollcalls = _roll_call_lines(folder / ROLL_CALLS, graph, report, set(), tick)
        yield from _vote_chunks(folder / VOTES, graph, report, rollcalls, head + rc_lines, tick)

    _publish(store, graph, chunks, report)
    report.seconds = time.perf_counter() - t0
    return report
