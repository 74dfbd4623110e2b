"""``s3graph suggest``: partnerships a region might join, regions a partnership might invite."""

from __future__ import annotations

import click

from ..choices import DEFAULT_TOP_SUGGESTIONS
from .common import echo_results, format_option, read_store


@click.command()
@click.option(
    "--region",
    metavar="CODE-OR-NAME",
    help="Rank the partnerships this region is not in; by NUTS code (ES24) or name.",
)
@click.option(
    "--partnership",
    metavar="ID-OR-NAME",
    help="Rank the regions in other partnerships that are not members; by id or name.",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=DEFAULT_TOP_SUGGESTIONS,
    show_default=True,
    help="How many suggestions to show.",
)
@format_option
@click.pass_context
def suggest(
    ctx: click.Context,
    region: str | None,
    partnership: str | None,
    top: int,
    fmt: str,
    iris: bool | None,
) -> None:
    """Suggest partnerships a region might join, or regions a partnership might invite.

    The score counts the paths of length three between a region and a partnership (L3,
    Kovacs et al. 2019): the members of a partnership that are alike to the region, each
    weighing less the more partnerships it is in. Two regions are alike by the partnerships
    they share (a small one says more than a large one), a common border, and S3 priorities
    they share. Each suggestion says why, in words and numbers. On the bundled data it finds
    a hidden membership among its first 5 more often than ranking by size does, but not by
    much: see 'How far to trust suggestions' in the README.

    \b
    Examples:
      s3graph suggest --region ES24
      s3graph suggest --partnership im-h2valleys --top 5 --format csv
    """
    if (region is None) == (partnership is None):
        raise click.UsageError("give one of --region and --partnership")
    from ..suggestions import suggest as suggest_to

    with read_store(ctx) as store:
        found = suggest_to(store, region=region, partnership=partnership, top=top)
    click.echo(str(found), err=True)
    echo_results(found.to_results(), fmt, iris=iris)
