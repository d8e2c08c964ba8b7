"""Progress of long work on a terminal: a bar on standard error when it is a TTY, nothing
otherwise (a pipe, a file, a test).

Long library calls (``build``, ``export``, the imports) take ``progress``: a function called
once with the total amount of work (documents, quads, bytes) that returns a callback, or
``None``; the callback is advanced by the amount done since its last call. This module
makes such a function from a ``click.progressbar``:

>>> with terminal_progress("exporting", tty=False) as progress:
...     progress(10) is None
True
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from peacekg.graph.progress import Progress, Tick


@contextmanager
def terminal_progress(label: str, tty: bool | None = None) -> Iterator[Progress]:
    """A progress factory drawing a ``click.progressbar`` labelled ``label`` on standard
    error, when standard error is a terminal (``tty`` overrides the check). The bar is
    created when the work starts (``progress(total)``) and closed on leaving the block,
    filled when the block completes (a total may be an estimate: the quads of a store, of
    which a triple format writes fewer)."""
    import click

    shown = sys.stderr.isatty() if tty is None else tty
    bars: list[Any] = []

    def progress(total: int) -> Tick | None:
        if not shown or total <= 0:
            return None
        bar = click.progressbar(length=total, label=label, file=sys.stderr)
        bar.__enter__()
        bars.append(bar)
        return bar.update

    try:
        yield progress
    except BaseException:
        for bar in bars:
            bar.__exit__(None, None, None)
        raise
    for bar in bars:
        if bar.pos < bar.length:
            bar.update(bar.length - bar.pos)
        bar.__exit__(None, None, None)
