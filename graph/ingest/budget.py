"""Per-document budgets of a build: wall time per file, memory per worker process.

A hostile file (a 50 MB one-liner, a pathological PDF) must be reported as failed, not
stall the build or exhaust the machine. :func:`time_budget` interrupts the extraction of
one file after ``seconds`` (``SIGALRM``: it interrupts Python code and regular-expression
matching alike) by raising :class:`BudgetExceeded`; :func:`limit_memory` caps the address
space of a worker process, so that an allocation past the cap raises ``MemoryError`` in
that worker instead of swapping the machine.
"""

from __future__ import annotations

import contextlib
import resource
import signal
import threading
from collections.abc import Iterator

#: Default wall-clock budget of one document, in seconds (generous: ordinary speeches take
#: well under a second; a 20 MB one-line document about two minutes on a loaded machine).
DEFAULT_MAX_SECONDS = 300.0

#: Default memory budget of an extraction worker, in bytes of address space beyond what the
#: worker maps when it starts.
DEFAULT_MAX_MEMORY = 2 << 30


class BudgetExceeded(BaseException):
    """Raised inside :func:`time_budget` when the document took longer than its budget.

    A ``BaseException``, like ``KeyboardInterrupt``: the ``except Exception`` of a converter
    or a library must not turn it into an ordinary error of the file's content.
    """


@contextlib.contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`BudgetExceeded` in the block when it runs longer than ``seconds``.

    Without a budget (``None`` or 0), or outside the main thread (where signals cannot be
    received), the block runs unbounded.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise BudgetExceeded(f"took longer than {seconds:g} s (--max-seconds)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def limit_memory(max_bytes: int | None) -> None:
    """Let this process map at most ``max_bytes`` more than it maps now (``None``, 0: no cap).

    Meant for worker processes only: the cap stays for the life of the process. Counting
    from what is mapped at start makes the cap the same for a forked worker (which inherits
    the parent's mappings) and a spawned one. A lower hard limit is kept.
    """
    if not max_bytes:
        return
    try:
        with open("/proc/self/statm") as fh:
            mapped = int(fh.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        mapped = 0
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = mapped + max_bytes
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
