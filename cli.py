"""The ``peacekg`` command line: the click group, its one error path, and its commands.

The commands live in :mod:`peacekg.commands`, one module per family (store, lookups, publish,
analyze, deeds, views), each a few lines over the library; this module registers them.
Every command takes ``--store DIR`` (default: ``$PEACEKG_STORE`` or
``~/.local/share/peacekg/store``).
Errors take one path: the library raises a :class:`~peacekg.errors.PeacekgError` (or the
system an :class:`OSError`), and :class:`PeacekgGroup` turns it into ``Error: <one line>``
and the error's exit code (1, or 2 for usage). SIGTERM stops a command like Ctrl-C.
"""

from __future__ import annotations

import signal
from typing import Any

import click

from peacekg import __version__
from peacekg.commands import analyze, deeds, lookups, publish, store, views
from peacekg.errors import PeacekgError, os_reason


class PeacekgGroup(click.Group):
    """The command group that turns every peacekg error into one line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a :class:`PeacekgError` or :class:`OSError` becomes a click error."""
        try:
            return super().invoke(ctx)
        except PeacekgError as exc:
            raise _click_error(str(exc), exc.exit_code) from None
        except OSError as exc:  # a failure no layer below named: still one line, no traceback
            where = exc.filename or "a file"
            raise _click_error(f"{where}: {os_reason(exc)}", 1) from None


def _click_error(message: str, exit_code: int) -> click.ClickException:
    error = click.ClickException(message)
    error.exit_code = exit_code  # type: ignore[misc]  # click declares it on the class
    return error


def _sigterm_as_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@click.group(cls=PeacekgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="peacekg")
def main() -> None:
    """Build and query a knowledge graph of UN peacekeeping diplomacy."""
    # SIGTERM (kill, a scheduler's stop) cleans up like Ctrl-C: partial work is discarded.
    signal.signal(signal.SIGTERM, _sigterm_as_interrupt)


for _module in (store, lookups, publish, analyze, deeds, views):
    for _command in _module.COMMANDS:
        main.add_command(_command)


if __name__ == "__main__":  # pragma: no cover
    main()
