"""``s3graph map``: the NUTS regions drawn as shapes, into HTML, PNG, SVG or GeoJSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..choices import MapFormat, MapMeasure
from .common import as_of_option, max_results_option, output_option, output_target, read_store

if TYPE_CHECKING:
    from ..asof import AsOf


@click.command("map")
@output_option()
@click.option(
    "--format",
    "fmt",
    type=click.Choice([fmt.value for fmt in MapFormat]),
    help="File format [default: from the output's suffix (.json is geojson), else html].",
)
@click.option(
    "--measure",
    type=click.Choice([measure.value for measure in MapMeasure]),
    default=MapMeasure.PARTNERSHIPS.value,
    show_default=True,
    help="What shades each region: how many partnerships it takes part in.",
)
@click.option(
    "--partnership",
    metavar="ID|NAME",
    help="Show the members of this partnership by role instead (lead, co-lead, ...).",
)
@click.option("--platform", metavar="SLUG|NAME", help="Only partnerships of this platform.")
@click.option("--area", metavar="SLUG|NAME", help="Only partnerships of this thematic area.")
@click.option(
    "--country", metavar="CODE|NAME", help="Only regions of this country; the map frames it."
)
@click.option(
    "--level",
    default="auto",
    show_default=True,
    metavar="0|1|2|3|auto",
    help="NUTS level drawn; auto draws each member region at its own level, the finer on top.",
)
@as_of_option
@max_results_option
@click.pass_context
def map_command(
    ctx: click.Context,
    /,
    output: Path,
    fmt: str | None,
    measure: str,
    partnership: str | None,
    platform: str | None,
    area: str | None,
    country: str | None,
    level: str,
    as_of: AsOf | None,
) -> None:
    """Draw the NUTS regions as a map into a file.

    Each region is shaded by the number of partnerships it takes part in, directly or through
    a region that contains it or lies inside it (as s3graph partnerships --region counts),
    or, with --partnership, coloured by its role in that partnership. The HTML page is one
    file that opens offline (zoom, pan, tooltips, legend); PNG and SVG are A4 pages for
    reports; GeoJSON opens in QGIS and geopandas, with every region's measures as properties.
    Regions without a boundary are named in the caption, not dropped. With --as-of, only
    the memberships active on that date count; the caption says how many have no dates.

    \b
    Examples:
      s3graph map -o europe.html
      s3graph map --partnership im-h2valleys -o hydrogen.png
      s3graph map --platform energy --level 2 -o energy.geojson
      s3graph map --country ES --level 3 -o spain.svg
      s3graph map --as-of 2018 -o europe-2018.html
    """
    from ..maps import map_format_of, region_map

    chosen = MapFormat(fmt) if fmt else map_format_of(output)
    target = output_target(output)
    with read_store(ctx) as store:
        if target is output:
            store.check_output_path(output)
        drawn = region_map(
            store,
            measure=measure,
            partnership=partnership,
            platform=platform,
            area=area,
            country=country,
            level=level,
            as_of=as_of,
        )
    drawn.write(target, chosen)
    data = drawn.data
    to_stderr = target is not output  # standard output holds the map
    message = (
        f"Wrote {'standard output' if to_stderr else output} ({chosen.value}): "
        f"{len(data.regions):,} regions, {data.level_text}."
    )
    if data.not_drawn:
        message += f" Not drawn ({len(data.not_drawn):,}): " + "; ".join(map(str, data.not_drawn))
    click.echo(message, err=to_stderr)
