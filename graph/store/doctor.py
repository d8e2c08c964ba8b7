"""A store's health: its generations and leftovers, the disk each uses, who holds it.

``peacekg doctor`` reports what a store directory holds — the live generation, older ones
still read by someone, the unfinished generation of a killed build, snapshots of running or
dead ``peacekg serve`` processes, half-deleted folders — with the disk each uses (and how
much of it is its own rather than hard links shared with another generation), and who
holds the writer lock. Leftovers are removed by the next writer (a build, or
``peacekg doctor --clean``) once nobody uses them.

>>> import tempfile
>>> from rdflib import Literal
>>> from peacekg.graph.store.database import StoreWriter
>>> d = Path(tempfile.mkdtemp())
>>> with StoreWriter(d) as w:
...     _ = w.replace_graph("https://example.org/g", [
...         ("https://example.org/s", "https://example.org/p", Literal("o"))])
>>> report = checkup(d)
>>> [(e.name, e.kind) for e in report.entries], report.leftovers
([('gen-000001', 'live generation')], [])
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from peacekg.errors import PeacekgError
from peacekg.graph.store.database import Store
from peacekg.graph.store.generations import (
    CURRENT,
    FORMAT,
    SERVE_PREFIX,
    STORE_FORMAT,
    TRASH_PREFIX,
    generation_number,
)
from peacekg.graph.store.locks import LEASES, LOCK, Owner, in_use, read_owner

#: Kinds of entry that nothing uses: the next writer removes them.
LEFTOVER_KINDS = (
    "unfinished generation",
    "old generation",
    "snapshot of a stopped server",
    "half-deleted folder",
    "temporary file",
    "lease of a removed generation",
)


@dataclass
class Entry:
    """One thing in the store directory."""

    name: str
    kind: str
    bytes: int = 0
    #: Bytes of files no other entry links to (what removing this entry would free).
    own_bytes: int = 0

    @property
    def leftover(self) -> bool:
        """True when nothing uses it and the next writer removes it."""
        return self.kind in LEFTOVER_KINDS


@dataclass
class Checkup:
    """What :func:`checkup` found."""

    store: Path
    format: str
    live: str | None
    entries: list[Entry] = field(default_factory=list)
    lock: str = "free"
    problems: list[str] = field(default_factory=list)
    triples: int | None = None

    @property
    def leftovers(self) -> list[Entry]:
        """The entries the next writer removes."""
        return [e for e in self.entries if e.leftover]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form."""
        return {
            "store": str(self.store),
            "format": self.format,
            "live": self.live,
            "triples": self.triples,
            "lock": self.lock,
            "entries": [
                {"name": e.name, "kind": e.kind, "bytes": e.bytes, "own_bytes": e.own_bytes}
                for e in self.entries
            ],
            "leftovers": [e.name for e in self.leftovers],
            "problems": self.problems,
        }

    def format_table(self) -> str:
        """The report as text."""
        lines = [
            f"store: {self.store}",
            f"format: {self.format}",
            f"live: {self.live or '-'}" + (f" ({self.triples} triples)" if self.triples else ""),
            f"lock: {self.lock}",
            "",
            f"{'entry':<34} {'size MB':>9} {'own MB':>8}  kind",
        ]
        for e in self.entries:
            lines.append(f"{e.name:<34} {_mb(e.bytes):>9} {_mb(e.own_bytes):>8}  {e.kind}")
        total = sum(e.own_bytes for e in self.entries)
        lines.append(f"{'total (distinct files)':<34} {_mb(total):>9}")
        lines.append("")
        left = self.leftovers
        if left:
            freed = sum(e.own_bytes for e in left)
            lines.append(
                f"leftovers: {len(left)} ({_mb(freed)} MB); the next build or "
                "`peacekg doctor --clean` removes them"
            )
        else:
            lines.append("leftovers: none")
        lines += [f"problem: {p}" for p in self.problems]
        return "\n".join(lines)


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f}"


def _files(path: Path) -> list[os.stat_result]:
    if path.is_file() or path.is_symlink():
        return [path.lstat()]
    out = []
    for folder, _, names in os.walk(path):
        for name in names:
            try:
                out.append(os.lstat(os.path.join(folder, name)))
            except OSError:
                continue
    return out


def _kind(root: Path, name: str, live: str | None) -> str | None:
    number = generation_number(name)
    if number is not None:
        if name == live:
            return "live generation"
        if number > (generation_number(live or "") or 0):
            return "unfinished generation" if not in_use(root, name) else "generation being built"
        return "old generation, still read" if in_use(root, name) else "old generation"
    if name.startswith(SERVE_PREFIX):
        running = in_use(root, name)
        return "snapshot of a running server" if running else "snapshot of a stopped server"
    if name.startswith(TRASH_PREFIX):
        return "half-deleted folder"
    if name == CURRENT + ".tmp" or name.startswith((f"{LOCK}.new-", ".CURRENT.")):
        return "temporary file"
    return None


def checkup(path: str | os.PathLike[str]) -> Checkup:
    """Inspect a store directory without changing it."""
    root = Path(path)
    if not root.is_dir():
        raise PeacekgError(f"no peacekg store at {root}")
    try:
        fmt = (root / FORMAT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        fmt = f"{STORE_FORMAT} (not recorded)"
    try:
        live: str | None = (root / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        live = None
    report = Checkup(store=root, format=fmt, live=live)
    stats: dict[str, list[os.stat_result]] = {}
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        kind = _kind(root, entry.name, live)
        if kind is None:
            continue
        report.entries.append(Entry(entry.name, kind))
        stats[entry.name] = _files(entry)
    leases = root / LEASES
    for lease in sorted(leases.iterdir()) if leases.is_dir() else []:
        if not (root / lease.name).exists():
            report.entries.append(Entry(f"{LEASES}/{lease.name}", "lease of a removed generation"))
    owners: dict[tuple[int, int], int] = {}
    for files in stats.values():
        for st in {(s.st_dev, s.st_ino): s for s in files}.values():
            owners[(st.st_dev, st.st_ino)] = owners.get((st.st_dev, st.st_ino), 0) + 1
    for e in report.entries:
        unique = {(s.st_dev, s.st_ino): s for s in stats.get(e.name, [])}
        e.bytes = sum(s.st_size for s in unique.values())
        e.own_bytes = sum(s.st_size for k, s in unique.items() if owners[k] == 1)
    report.lock = _lock_state(root)
    if fmt not in (STORE_FORMAT, f"{STORE_FORMAT} (not recorded)"):
        report.problems.append(f"written by another version of peacekg ({fmt!r})")
    elif live is not None:
        try:
            with Store(root) as store:
                report.triples = len(store)
        except PeacekgError as exc:
            report.problems.append(str(exc))
    else:
        report.problems.append("no live generation (CURRENT is missing): nothing was built yet")
    return report


def _lock_state(root: Path) -> str:
    owner: Owner | None = read_owner(root)
    if owner is None:
        return "free"
    alive = owner.alive()
    if alive is False:
        return f"left by {owner.describe()}, which was killed; the next writer takes it over"
    if alive is None:
        return f"held by {owner.describe()} (another host)"
    return f"held by {owner.describe()}"
