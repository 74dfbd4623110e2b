"""Commands that build, load, check and export the graph."""

from __future__ import annotations

from pathlib import Path

import click

from ..choices import DEFAULT_MAX_ROWS, Kind, NutsVersion, RdfFormat
from .common import (
    echo_results,
    format_option,
    output_option,
    output_target,
    progress_bar,
    read_store,
    store_location,
    write_store,
)


@click.command()
@click.pass_context
def build(ctx: click.Context) -> None:
    """Rebuild the store from the ontology and the bundled data.

    Each bundled file replaces its own named graph; graphs loaded from your CSV files
    are kept.

    \b
    Example:
      s3graph build
    """
    from ..build import build_store
    from ..resources import BUNDLED_FILES

    def loading(name: str) -> None:
        bar.update(0 if bar.current_item is None else 1, name)  # the previous one is loaded

    with write_store(ctx, built=False) as store:
        with progress_bar("building", length=len(BUNDLED_FILES)) as bar:
            reports = build_store(store, progress=loading)
            bar.update(1)
        total = store.quad_count()
    for report in reports:
        click.echo(f"{report.graph}: {report.rows} rows, {report.triples} triples")
    click.echo(f"Built {store_location(ctx)}: {total} quads.")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--kind",
    type=click.Choice([kind.value for kind in Kind]),
    help="Kind of records [default: detected from the header].",
)
@click.option(
    "--delimiter",
    type=click.Choice([",", ";"]),
    help="Field delimiter [default: sniffed from the header].",
)
@click.option(
    "--graph", metavar="SLUG", help="Named graph to load into [default: csv/<file name>]."
)
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_ROWS,
    show_default=True,
    help="Refuse files with more data rows.",
)
@click.option(
    "--nuts-version",
    type=click.Choice([version.value for version in NutsVersion]),
    help="The NUTS version of the file's region codes, where a code could be of several "
    "[default: each code in the version that has it, 2021 first].",
)
@click.pass_context
def load(
    ctx: click.Context,
    file: Path,
    kind: str | None,
    delimiter: str | None,
    graph: str | None,
    dry_run: bool,
    max_rows: int,
    nuts_version: str | None,
) -> None:
    """Load a CSV file of regions, organisations, partnerships, memberships, priorities or
    NUTS code changes (nuts-changes).

    The whole file is checked first, while other commands may still read the store; any
    fault is reported with its line and column and nothing is written. A good file replaces
    its own named graph all at once (the store holds the old graph or the new one, never a
    mix), so loading it again changes nothing.
    A graph that holds another file (2023/memberships.csv, when this is
    2024/memberships.csv) is replaced only when --graph names it; a load that would remove
    a region, partnership or organisation that another graph refers to is refused.

    The graph's regions are those of NUTS 2021. A code of NUTS 2016 or 2024 that Eurostat
    maps one-to-one to a 2021 region (recoded, or its boundary shifted) is loaded as that
    region, with a warning naming both codes; a code that was split or merged is a fault
    listing the candidates. --nuts-version says which version the file's codes are.

    \b
    Examples:
      s3graph load my-memberships.csv --dry-run
      s3graph load memberships-2024.csv --nuts-version 2024
    """
    from ..errors import fault_lines
    from ..loading import CsvOptions, check_csv, write_csv

    def reading(rows: int, read: int) -> None:
        bar.update(read - bar.pos, f"{rows:,} rows")

    options = CsvOptions(
        Kind(kind) if kind else None,
        delimiter,
        graph,
        max_rows,
        NutsVersion(nuts_version) if nuts_version else None,
    )
    size = file.stat().st_size if file.is_file() else 0  # else the loader says what it is
    # Checked with the store open for reading, so that readers are not kept waiting meanwhile.
    with read_store(ctx) as store, progress_bar(f"reading {file.name}", length=size) as bar:
        checked = check_csv(store, file, options, progress=reading)
        bar.update(size - bar.pos, f"{len(checked.table.records):,} rows")
    if dry_run:
        report = checked.report(dry_run=True)
    else:
        with write_store(ctx) as store:
            report = write_csv(store, checked)
    for line in fault_lines(report.warnings, report.warning_count, "warnings"):
        click.echo(f"warning: {line}", err=True)
    click.echo(str(report))
    if not report.shapes_checked:  # else every check ran, and nothing more is said
        click.echo(f"Checks: {'; '.join(report.checks)}.", err=True)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice([fmt.value for fmt in RdfFormat]),
    default=RdfFormat.TRIG.value,
    show_default=True,
    help="RDF format; ttl, nt and rdf merge the graphs into one.",
)
@output_option()
@click.option("--graph", metavar="IRI", help="Export only this named graph.")
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path, graph: str | None) -> None:
    """Export the store (or one named graph) as RDF.

    An existing file is replaced only once the new one is complete: a failed export (a full
    disk) leaves it as it was. A symbolic link is followed; a device or a named pipe is
    written as such.

    \b
    Examples:
      s3graph export --format nq -o s3graph.nq
      s3graph export --format ttl --graph https://w3id.org/s3graph/graph/csv/my-memberships -o -
    """
    target = output_target(output)
    with read_store(ctx) as store:
        store.export(target, RdfFormat(fmt), graph=graph)
    if target is output:
        click.echo(f"Wrote {output}.")


@click.command()
@format_option
@click.pass_context
def validate(ctx: click.Context, fmt: str, iris: bool | None) -> None:
    """Check the whole store against the SHACL shapes of the ontology.

    Exits 1 when there is any violation (warnings alone do not fail).

    \b
    Example:
      s3graph validate
    """
    from rdflib import Literal

    from ..results import Results
    from ..validation import validate_store

    with read_store(ctx) as store:
        report = validate_store(store)
    rows = [
        (
            Literal(r.severity),
            Literal(r.focus),
            Literal(r.path),
            Literal(r.message),
            Literal(r.value),
        )
        for r in report.results
    ]
    if rows:
        echo_results(
            Results(["severity", "focus", "path", "message", "value"], rows), fmt, iris=iris
        )
    verdict = "conforms" if report.conforms else "does not conform"
    click.echo(
        f"{report.triples} triples checked: the data {verdict} "
        f"({len(report.violations)} violations, {len(report.warnings)} warnings).",
        err=True,
    )
    if not report.conforms:
        ctx.exit(1)


@click.command()
@click.option(
    "--coverage",
    is_flag=True,
    help="Show instead, per partnership, members documented, leads, size reported, list complete.",
)
@format_option
@click.pass_context
def stats(ctx: click.Context, coverage: bool, fmt: str, iris: bool | None) -> None:
    """Count regions, partnerships, memberships and organisations, and per platform.

    \b
    Examples:
      s3graph stats --format md
      s3graph stats --coverage --format csv
    """
    from ..summary import count_summary, coverage_summary, platform_summary

    if coverage:
        with read_store(ctx) as store:
            table = coverage_summary(store)
        echo_results(table, fmt, iris=iris)
        return
    with read_store(ctx) as store:
        counts = count_summary(store)
        platforms = platform_summary(store)
    echo_results(counts, fmt, iris=iris)
    click.echo()
    echo_results(platforms, fmt, iris=iris)
