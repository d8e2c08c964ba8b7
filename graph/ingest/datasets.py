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
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from peacekg.errors import InputError
from peacekg.graph.ingest.deeds_check import update_checks
from peacekg.graph.ingest.documents import write_reference
from peacekg.graph.progress import Progress, Tick
from peacekg.graph.query.entities import normalize
from peacekg.graph.store.database import StoreWriter
from peacekg.ontology.namespaces import PK, PKID, mission_iri
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


def fold_name(name: str) -> str:
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
                self._by_name.setdefault(fold_name(name), state.key)
                self._by_name.setdefault(_bare(fold_name(name)), state.key)

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
    folded = fold_name(name)
    yield folded
    saint = re.sub(r"\bst\b", "saint", folded)
    yield _bare(saint)
    outer, _, inner = name.partition("(")
    if inner:
        yield _bare(fold_name(outer))
        yield _bare(fold_name(inner.rstrip(") ")))


# --- writing ------------------------------------------------------------------------------------


def nt_term(iri: object) -> str:
    return f"<{iri}>"


TYPE, LABEL, DERIVED = nt_term(RDF.type), nt_term(RDFS.label), nt_term(PROV.wasDerivedFrom)
_INT = str(XSD.integer)


def nt_literal(value: str | int | ox.Literal) -> str:
    """A literal in N-Quads syntax (escaped by pyoxigraph)."""
    if isinstance(value, int):
        return f'"{value}"^^<{_INT}>'
    if isinstance(value, str):
        value = ox.Literal(value)
    return str(value)


def dataset_lines(key: str, graph: str, files: Iterable[Path]) -> list[str]:
    title, sources, caveat = DATASETS[key]
    node = nt_term(graph)
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.read_bytes())
    now = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    lines = [
        f"{node} {TYPE} {nt_term(PK.Dataset)} .",
        f"{node} {LABEL} {nt_literal(title)} .",
        f"{node} {nt_term(DCTERMS.title)} {nt_literal(title)} .",
        f"{node} {nt_term(RDFS.comment)} {nt_literal(caveat)} .",
        f"{node} {nt_term(PK.sha256)} {nt_literal(digest.hexdigest())} .",
        f"{node} {nt_term(PROV.generatedAtTime)} "
        f"{nt_literal(ox.Literal(now, datatype=ox.NamedNode(str(XSD.dateTime))))} .",
    ]
    lines += [f"{node} {nt_term(DCTERMS.source)} {nt_term(s)} ." for s in sources]
    return lines


def publish_dataset(
    store: str | Path | None,
    graph: str,
    chunks: Callable[[], Iterable[bytes]],
    report: ImportReport,
) -> None:
    """Replace named graph ``graph`` with the N-Triples ``chunks()`` in a new generation, and
    bring the derived deeds checks up to date. The store is locked first, so a second
    writer fails at once rather than after reading the data set."""
    with StoreWriter(store) as writer:
        node = ox.NamedNode(graph)
        report.replaced = writer.begin_without(node)
        write_reference(writer)  # states and missions typed, as in a built store
        stream = _Stream(chunks())
        try:
            writer.bulk_load_triples(stream, node)
        except Exception:
            stream.reraise()
            raise
        stream.reraise()
        update_checks(writer)
        report.generation = writer.generation


class _Stream(io.RawIOBase):
    """The N-Triples of ``chunks`` as one binary stream for a single bulk load.

    One bulk load of the whole data set lets Oxigraph parse while its loader threads sort and
    write earlier batches (several loads of a few hundred thousand rows each waited for their
    own batch). The chunks are computed as Oxigraph reads, on its parsing thread, so no second
    Python thread competes for the interpreter. An exception of ``chunks`` (an unreadable
    file, an interrupt) ends the stream; :meth:`reraise` raises it once the load returns.
    """

    def __init__(self, chunks: Iterable[bytes]) -> None:
        super().__init__()
        self._chunks = iter(chunks)
        self._buffer = memoryview(b"")
        self._error: BaseException | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            while not self._buffer and self._error is None:
                self._buffer = memoryview(next(self._chunks))
        except StopIteration:
            return 0
        except BaseException as exc:  # raised by reraise() once the loader returns
            self._error = exc
        if self._error is not None:
            return 0
        n = min(len(buffer), len(self._buffer))
        buffer[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n

    def reraise(self) -> None:
        """Raise the exception that ended the stream early, if any."""
        if self._error is not None:
            raise self._error


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


def progress_ticker(progress: Progress | None, files: Iterable[Path]) -> Tick | None:
    """The callback of ``progress`` (see :mod:`peacekg.commands.progress`) told the size of
    ``files``, or ``None``."""
    if progress is None:
        return None
    try:
        total = sum(f.stat().st_size for f in files)
    except OSError:  # reported by the reader, with the file's name
        return None
    return progress(total)


def csv_records(
    path: Path, tick: Tick | None = None
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header of a CSV file and its rows (as lists) with the line where each starts;
    blank lines are skipped; ``tick`` is advanced by the bytes read."""
    try:
        if tick is None:
            fh = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
        else:
            raw = io.BufferedReader(_Counting(open(path, "rb"), tick))  # noqa: SIM115
            fh = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ImportError_(f"{path.name}: cannot read: {exc.strerror or exc}") from None
    reader = csv.reader(fh)
    try:
        header = next(reader, [])
    except (csv.Error, UnicodeDecodeError) as exc:
        fh.close()
        raise ImportError_(f"{path.name}:1: unreadable CSV: {exc}") from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        with fh:
            line = reader.line_num + 1
            try:
                for row in reader:
                    if row:
                        yield line, row
                    line = reader.line_num + 1
            except (csv.Error, UnicodeDecodeError) as exc:
                raise ImportError_(f"{path.name}:{line}: unreadable CSV: {exc}") from None

    return header, rows()


def csv_rows(path: Path, tick: Tick | None = None) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file as dicts by column name (a missing cell is absent), with the line
    where each starts; ``tick`` is advanced by the bytes read."""
    header, rows = csv_records(path, tick)
    for line, row in rows:
        yield line, dict(zip(header, row, strict=False))


def require_columns(path: Path, columns: Iterable[str]) -> None:
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


def parse_count(value: str | None) -> int:
    number = int((value or "").strip())
    if number < 0:
        raise ValueError
    return number
