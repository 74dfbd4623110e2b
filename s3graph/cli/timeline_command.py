"""``s3graph timeline``: joins and departures by year, as a table and a chart."""

from __future__ import annotations

from pathlib import Path

import click

from .common import echo_results, format_option, output_option, output_target, read_store


@click.command()
@click.option(
    "--partnership",
    metavar="ID-OR-NAME",
    help="The partnership whose members joined and left, by id (im-h2valleys) or name.",
)
@click.option(
    "--region",
    metavar="CODE-OR-NAME",
    help="The region whose partnerships it joined and left, by NUTS code (ES24) or name.",
)
@output_option(
    required=False,
    help="Also draw the chart into this file: .html (a page with the table), .png or .svg; "
    "'-' for standard output (HTML).",
)
@format_option
@click.pass_context
def timeline(
    ctx: click.Context,
    partnership: str | None,
    region: str | None,
    output: Path | None,
    fmt: str,
    iris: bool | None,
) -> None:
    """Show the joins and departures of a partnership's members, or of a region's
    partnerships, year by year, with how many there were at each year's end.

    A membership joins in the year it began or, without a date of its own, in its
    partnership's year (counted in column 'undated'); it leaves in the year it ended.
    Memberships with no date in a partnership whose year is not known are named below the
    table, in no year. A region's timeline counts its own memberships.

    \b
    Examples:
      s3graph timeline --partnership im-tourism
      s3graph timeline --region FI1D7 -o lappi.html
      s3graph timeline --partnership im-mining -o mining.png
    """
    from ..timeline import membership_timeline
    from ..timeline_chart import chart_format_of, write_timeline

    if (partnership is None) == (region is None):
        raise click.UsageError("give --partnership or --region (one of them)")
    target = output_target(output) if output is not None else None
    with read_store(ctx) as store:
        if target is not None and target is output:
            store.check_output_path(target)
        found = membership_timeline(store, partnership=partnership, region=region)
    click.echo(found.title, err=True)
    if target is None or target is output:
        echo_results(found.table(), fmt, iris=iris)
    click.echo(found.note(), err=True)
    if output is not None and target is not None:
        chosen = write_timeline(found, target, fmt=chart_format_of(output))
        click.echo(
            f"Wrote {'standard output' if target is not output else output} ({chosen.value}).",
            err=True,
        )
