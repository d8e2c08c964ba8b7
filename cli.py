"""The ``peacekg`` command line: thin click commands over the library.

Every command takes ``--store DIR`` (default: ``$PEACEKG_STORE`` or ``./.peacekg/store``).
"""

from __future__ import annotations

import click

from peacekg import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="peacekg")
def main() -> None:
    """Build and query a knowledge graph of UN peacekeeping diplomacy."""


# --- build, export, stats, validate -------------------------------------------------------

# --- evaluate -------------------------------------------------------------------------------

# --- lookups, query, serve, publish, analyze ------------------------------------------------

# --- viz, chart -----------------------------------------------------------------------------


if __name__ == "__main__":  # pragma: no cover
    main()
