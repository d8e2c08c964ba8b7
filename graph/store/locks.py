"""Who holds a store: the writer's lock and its owner, and the leases of readers.

- **The writer lock** is ``flock(LOCK_EX)`` on ``DIR/LOCK``, a file that records its owner
  (pid, host, process start, command). Its descriptor is close-on-exec and a build's
  workers are spawned, not forked, so no child process holds it: the lock lives exactly as
  long as the writer. A writer that finds ``LOCK`` still naming an owner was killed before
  it could clear it; the next writer reports that it took the lock over. If the lock is
  held but its recorded owner is dead on this host (processes left by an older peacekg
  still hold the file), the lock file is replaced, under a short guard lock, and the
  takeover reported. A live owner is named in :class:`~peacekg.errors.StoreLocked`.
- **A lease** is a shared ``flock`` on ``DIR/leases/NAME``, taken by every reader of
  generation ``NAME`` for as long as it reads, and exclusively by ``peacekg serve`` on its
  snapshot. The writer deletes a generation or a snapshot only when it can take its lease
  exclusively, so nothing is removed from under a reader.

>>> import tempfile
>>> from pathlib import Path
>>> root = Path(tempfile.mkdtemp())
>>> lock = WriterLock(root, "doctest")
>>> lock.acquire() is None                   # nobody held it before
True
>>> WriterLock(root).acquire()  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
peacekg.errors.StoreLocked: store is locked: doctest (pid ...) is writing ...
>>> lock.release()
>>> with Lease.shared(root, "gen-000001"):
...     in_use(root, "gen-000001")
True
>>> in_use(root, "gen-000001")
False
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from peacekg.errors import StoreError, StoreLocked, os_reason

LOCK = "LOCK"
#: Held for a moment by a writer replacing the lock file of a dead owner.
TAKEOVER = "LOCK.takeover"
#: The folder of the lease files, one per generation or snapshot, named like it.
LEASES = "leases"


def _process_start(pid: int) -> int | None:
    """When process ``pid`` started, in clock ticks since boot (Linux), to tell a reused pid."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2 :].split()
    try:
        return int(fields[19])  # field 22 of proc(5); fields[0] is field 3
    except (IndexError, ValueError):  # pragma: no cover - unexpected /proc format
        return None


def _process_state(pid: int) -> str | None:
    """The state letter of process ``pid`` (``Z`` for a zombie), ``None`` when unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat[stat.rfind(")") + 2 :][:1] or None


@dataclass(frozen=True)
class Owner:
    """The process that holds (or held) a lock or lease: who, where, since when."""

    pid: int
    host: str
    since: str
    command: str = "peacekg"
    #: The process's start time in clock ticks since boot (Linux), to tell a reused pid.
    ticks: int | None = None

    @classmethod
    def me(cls, command: str = "peacekg") -> Owner:
        """The current process."""
        return cls(
            pid=os.getpid(),
            host=socket.gethostname(),
            since=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            command=command,
            ticks=_process_start(os.getpid()),
        )

    def alive(self) -> bool | None:
        """Whether the owner still runs: ``None`` when it cannot be told (another host)."""
        if self.host != socket.gethostname():
            return None
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # it exists, as another user
            pass
        if _process_state(self.pid) == "Z":
            return False
        if self.ticks is not None:
            ticks = _process_start(self.pid)
            if ticks is not None and ticks != self.ticks:
                return False  # the pid was reused by another process
        return True

    def describe(self) -> str:
        """``peacekg build (pid 123 on host, since 2026-...)``."""
        return f"{self.command} (pid {self.pid} on {self.host}, since {self.since})"

    def to_json(self) -> str:
        """The owner as one line of JSON (the content of a lock file)."""
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_text(cls, text: str) -> Owner | None:
        """Parse :meth:`to_json`; ``None`` for an empty or foreign file."""
        try:
            data = json.loads(text)
            return cls(**{k: data[k] for k in ("pid", "host", "since", "command", "ticks")})
        except (ValueError, TypeError, KeyError):
            return None


def _read_owner(fd: int) -> Owner | None:
    try:
        return Owner.from_text(os.pread(fd, 4096, 0).decode("utf-8", "replace"))
    except OSError:
        return None


def _write_owner(fd: int, owner: Owner | None) -> None:
    data = (owner.to_json() + "\n").encode() if owner else b""
    os.ftruncate(fd, 0)
    if data:
        os.pwrite(fd, data, 0)
    os.fsync(fd)


def read_owner(root: Path) -> Owner | None:
    """The owner recorded in ``root/LOCK`` (the writer now, or one killed before clearing)."""
    try:
        fd = os.open(root / LOCK, os.O_RDONLY)
    except OSError:
        return None
    try:
        return _read_owner(fd)
    finally:
        os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    own = os.fstat(fd)
    return (st.st_dev, st.st_ino) == (own.st_dev, own.st_ino)


class WriterLock:
    """The single-writer lock of a store directory, recording its owner.

    :meth:`acquire` returns the owner a previous writer left in the lock when it was killed
    (``None`` normally) and raises :class:`~peacekg.errors.StoreLocked` naming the live
    owner otherwise.
    """

    def __init__(self, root: Path, command: str | None = None) -> None:
        self.root = root
        self.command = command or _command_name()
        self._fd: int | None = None

    def acquire(self) -> Owner | None:
        """Take the lock; return the dead owner it was taken over from, if any."""
        for _ in range(5):
            try:
                fd = os.open(self.root / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            except OSError as exc:
                raise StoreError(f"cannot write store {self.root}: {os_reason(exc)}") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                owner = _read_owner(fd)
                os.close(fd)
                if owner is not None and owner.alive() is False and self._replace_dead(owner):
                    continue
                who = owner.describe() if owner else "another peacekg process"
                raise StoreLocked(f"store is locked: {who} is writing {self.root}") from None
            if not _same_file(fd, self.root / LOCK):  # replaced meanwhile by a takeover
                os.close(fd)
                continue
            previous = _read_owner(fd)
            try:
                _write_owner(fd, Owner.me(self.command))
            except OSError as exc:
                os.close(fd)
                raise StoreError(f"cannot write store {self.root}: {os_reason(exc)}") from None
            self._fd = fd
            return previous
        raise StoreLocked(f"store is locked: the lock of {self.root} keeps changing hands")

    def _replace_dead(self, dead: Owner) -> bool:
        """Replace a lock file held only by processes of a dead owner; True when done."""
        guard = os.open(self.root / TAKEOVER, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(guard, fcntl.LOCK_EX)
            fd = os.open(self.root / LOCK, os.O_RDWR | os.O_CLOEXEC)
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return True  # free now: the caller takes it normally
                except BlockingIOError:
                    pass
                if _read_owner(fd) != dead:  # someone else took it over meanwhile
                    return False
            finally:
                os.close(fd)
            fresh = self.root / f"{LOCK}.new-{os.getpid()}"
            new = os.open(fresh, os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
            try:
                _write_owner(new, dead)  # so that the next holder reports the takeover
            finally:
                os.close(new)
            os.replace(fresh, self.root / LOCK)
            return True
        finally:
            os.close(guard)

    def release(self) -> None:
        """Clear the owner and release the lock."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            _write_owner(self._fd, None)
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._fd is not None


def _command_name() -> str:
    argv = [os.path.basename(sys.argv[0]), *sys.argv[1:2]] if sys.argv else []
    if argv and argv[0] in ("cli.py", "__main__.py", "-m", "-c"):
        argv[0] = "peacekg"
    return " ".join(argv) or "peacekg"


# --- leases ------------------------------------------------------------------------------------


def lease_path(root: Path, name: str) -> Path:
    """The lease file of generation (or snapshot) ``name``."""
    return root / LEASES / name


class Lease:
    """A claim on a generation or snapshot: it is not deleted while the lease is held.

    On a store the reader cannot write (read-only file system, another user's store without
    the lease file), the lease is empty: no writer can delete anything there either.
    """

    def __init__(self, fd: int | None) -> None:
        self._fd = fd

    @classmethod
    def shared(cls, root: Path, name: str) -> Lease:
        """A reader's lease: any number of readers share it."""
        return cls._take(lease_path(root, name), fcntl.LOCK_SH)

    @classmethod
    def exclusive(cls, root: Path, name: str) -> Lease:
        """An owner's lease (``peacekg serve`` on its snapshot)."""
        return cls._take(lease_path(root, name), fcntl.LOCK_EX)

    @classmethod
    def _take(cls, path: Path, how: int) -> Lease:
        try:
            path.parent.mkdir(exist_ok=True)
            fd = os.open(path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError:
            try:
                fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                return cls(None)
        fcntl.flock(fd, how)
        return cls(fd)

    def release(self) -> None:
        """Give the lease back."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> Lease:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __del__(self) -> None:
        self.release()


@contextlib.contextmanager
def claim(root: Path, name: str) -> Iterator[bool]:
    """Hold ``name``'s lease exclusively if nobody holds it; yield whether it was taken.

    The writer removes a generation or snapshot inside this block, then the lease file.
    """
    path = lease_path(root, name)
    try:
        path.parent.mkdir(exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError:
        yield False
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def in_use(root: Path, name: str) -> bool | None:
    """Whether a lease on ``name`` is held now (``None`` when it cannot be told); a peek
    that creates nothing, for reports."""
    path = lease_path(root, name)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return False
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        except OSError:
            return None
        return False
    finally:
        os.close(fd)
