"""Commands that write or check the store: ``build``, ``export``, ``stats``, ``validate``,
``doctor`` and ``evaluate`` (scores against gold annotations).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from peacekg.commands.options import (
    keep_source_path_option,
    one_line,
    open_store,
    output_option,
    store_option,
)
from peacekg.commands.output import emit
from peacekg.errors import PartialFailure
from peacekg.graph.ingest.budget import DEFAULT_MAX_MEMORY, DEFAULT_MAX_SECONDS

# --- build, export, stats, validate -------------------------------------------------------


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option("--prune", is_flag=True, help="Remove documents whose files are gone.")
@click.option("-j", "--jobs", type=click.IntRange(1), default=None, help="Worker processes.")
@click.option(
    "--max-size",
    "max_mb",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Refuse files larger than this many MB (default 50).",
)
@click.option(
    "--max-seconds",
    type=click.FloatRange(min=0),
    default=DEFAULT_MAX_SECONDS,
    show_default=True,
    help="Fail a file whose extraction takes longer than this (0: no limit).",
)
@click.option(
    "--max-memory",
    "max_memory_mb",
    type=click.IntRange(min=0),
    default=DEFAULT_MAX_MEMORY >> 20,
    show_default=True,
    help="MB of memory a worker process may take beyond its start (0: no limit; "
    "applies when files are extracted in worker processes).",
)
def build(
    paths: tuple[Path, ...],
    store_path: Path | None,
    prune: bool,
    jobs: int | None,
    max_mb,
    max_seconds: float,
    max_memory_mb: int,
) -> None:
    """Build files and folders (recursively) into the store.

    Unchanged documents are skipped and changed ones replaced; the store switches to the
    new state only when the build completes. Exits 1 when any document failed.
    """
    from peacekg.commands.progress import terminal_progress
    from peacekg.graph.ingest.documents import build as run_build

    with terminal_progress("extracting") as progress:
        report = run_build(
            paths,
            store_path,
            prune=prune,
            jobs=jobs,
            max_bytes=int(max_mb * 1024 * 1024) if max_mb else None,
            max_seconds=max_seconds or None,
            max_memory=max_memory_mb * 1024 * 1024 or None,
            progress=progress,
        )
    for note in report.notices:
        click.echo(f"note: {note}", err=True)
    for path, reason in report.failed:
        click.echo(one_line(f"error: {Path(path).name}: {reason}"), err=True)
    for path, warning in report.warnings:
        click.echo(one_line(f"warning: {Path(path).name}: {warning}"), err=True)
    for path, why in report.duplicates:
        click.echo(one_line(f"note: {Path(path).name}: {why}: built once"), err=True)
    click.echo(report.summary())
    if not report.ok:
        raise PartialFailure(f"{len(report.failed)} file(s) could not be built")


@click.command()
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["nquads", "trig", "turtle", "ntriples", "jsonld", "rdfxml"]),
    default="nquads",
    show_default=True,
)
@output_option
@keep_source_path_option
def export(store_path: Path | None, fmt: str, output: Path | None, keep_source_path: bool) -> None:
    """Export the whole store (all named graphs) in an RDF format.

    N-Quads, TriG and JSON-LD keep one named graph per document; Turtle, N-Triples and
    RDF/XML cannot, and merge them (a warning says so). The file is replaced only when the
    export is complete: an interrupted export leaves the previous file as it was.
    """
    from peacekg.commands.progress import terminal_progress
    from peacekg.graph.publish.export import FLATTENING
    from peacekg.graph.publish.export import export as run_export

    store = open_store(store_path)
    if fmt in FLATTENING:
        click.echo(
            f"warning: {fmt} holds no named graphs: every document's graph is merged into one "
            "(use nquads, trig or jsonld to keep them)",
            err=True,
        )
    with terminal_progress("exporting") as progress:
        run_export(store, fmt, output or sys.stdout.buffer, keep_source_path, progress)


@click.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def stats(store_path: Path | None, fmt: str) -> None:
    """Summarise what the store holds."""
    from peacekg.graph.publish.export import stats as run_stats

    data = run_stats(open_store(store_path))

    def text() -> str:
        lines = []
        for key, value in data.items():
            if isinstance(value, dict):
                lines.append(f"{key}:")
                lines += [f"  {k:<24} {v}" for k, v in value.items()]
            else:
                lines.append(f"{key:<26} {value}")
        return "\n".join(lines)

    emit(fmt, text=text, data=lambda: data)


@click.command()
@store_option
@click.option(
    "--inference",
    type=click.Choice(["none", "rdfs"]),
    default="none",
    show_default=True,
    help="Validate the data as stated, or with what the ontology's RDFS axioms entail.",
)
def validate(store_path: Path | None, inference: str) -> None:
    """Validate the store against the SHACL shapes; exit 1 on violations."""
    from peacekg.graph.evaluation.validate import validate as run_validate

    report = run_validate(open_store(store_path), inference=inference)
    if report.conforms:
        click.echo("conforms: the store satisfies every SHACL shape")
        return
    click.echo(report.text)
    raise PartialFailure(f"{report.violations} violation(s)")


@click.command()
@store_option
@click.option(
    "--clean", is_flag=True, help="Remove the leftovers nobody uses now (takes the lock)."
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def doctor(store_path: Path | None, clean: bool, fmt: str) -> None:
    """Report the store's generations and leftovers, the disk each uses, and its lock."""
    from peacekg.graph.store.database import StoreWriter
    from peacekg.graph.store.doctor import checkup
    from peacekg.graph.store.generations import default_store_path

    path = store_path or default_store_path()
    if clean:
        with StoreWriter(path, command="peacekg doctor --clean") as writer:
            if writer.took_over is not None:
                click.echo(f"note: took over the lock of {writer.took_over.describe()}", err=True)
            for note in writer.cleaned:
                click.echo(f"note: {note}", err=True)
    report = checkup(path)
    emit(fmt, text=report.format_table, data=report.to_dict)


# --- evaluate -------------------------------------------------------------------------------


def _parse_floor(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict:
    floors: dict[str, float] = {}
    for value in values:
        kind, sep, number = value.partition("=")
        try:
            floors[kind.strip()] = float(number)
        except ValueError:
            raise click.BadParameter(f"expected KIND=VALUE, got {value!r}") from None
        if not sep:
            raise click.BadParameter(f"expected KIND=VALUE, got {value!r}")
    return floors


@click.command()
@store_option
@click.option(
    "--gold",
    "gold_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Directory of gold JSONL files (shared/eval/gold format).",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option(
    "--min-f1",
    "floors",
    multiple=True,
    callback=_parse_floor,
    metavar="KIND=VALUE",
    help="Exit with status 1 if the F1 of KIND (entity, speaker, backs, contributes, "
    "entity:State, ...) is below VALUE. Repeatable.",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=None,
    help="Count the backs of commitments with at least this confidence "
    "[default: the confidence model's default threshold].",
)
def evaluate(
    store_path: Path | None, gold_dir: Path, fmt: str, floors: dict, min_confidence: float | None
) -> None:
    """Score the store against gold annotations: precision, recall and F1 per kind (backs at
    the confidence threshold), how well the confidence ranks the backs (average precision,
    calibration error), and the misses and false hits of each document."""
    from peacekg.graph.evaluation.scoring import evaluate as run_evaluate

    report = run_evaluate(open_store(store_path), gold_dir, min_confidence)
    emit(fmt, text=report.format_table, data=report.as_dict)
    failed = [f"{k} F1 {report.f1(k):.3f} < {v}" for k, v in floors.items() if report.f1(k) < v]
    if failed:
        raise PartialFailure("below the floor: " + "; ".join(failed))


#: The commands this module adds to the ``peacekg`` group.
COMMANDS = (
    build,
    export,
    stats,
    validate,
    doctor,
    evaluate,
)
