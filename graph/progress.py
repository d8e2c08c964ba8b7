"""The progress contract of long work (building, importing, exporting, publishing).

A long library call takes ``progress``: a function called once with the total amount of
work (documents, bytes, quads) that returns a callback, or ``None`` when nobody watches;
the callback is then advanced by the amount done since its last call.
:func:`peacekg.commands.progress.terminal_progress` makes such a function for a terminal.
"""

from __future__ import annotations

from collections.abc import Callable

#: A progress callback, advanced by the amount of work done since its last call.
Tick = Callable[[int], None]

#: ``progress(total)`` -> a :data:`Tick` advanced by the amount done, or ``None``.
Progress = Callable[[int], Tick | None]
