"""Commands that draw network views and measure them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..choices import ColorBy, ExportFormat, Layout, View
from .common import (
    as_of_option,
    echo_results,
    format_option,
    max_results_option,
    output_option,
    output_target,
    read_store,
)

F = TypeVar("F", bound=Callable[..., Any])


_VIEWS = click.Choice([view.value for view in View])


def network_options(function: F) -> F:
    """Add the options that choose what a view shows: filters, focus, backbone."""
    options = [
        click.option(
            "--platform", metavar="SLUG-OR-NAME", help="Only partnerships of this platform."
        ),
        click.option(
            "--area", metavar="SLUG-OR-NAME", help="Only partnerships of this thematic area."
        ),
        click.option(
            "--country", metavar="CODE-OR-NAME", help="Only members in this country (ES, España)."
        ),
        click.option(
            "--focus",
            metavar="CODE-OR-NAME",
            help="Only the neighbourhood of this region, partnership or organisation.",
        ),
        click.option(
            "--depth",
            type=click.IntRange(min=1),
            default=1,
            show_default=True,
            help="Steps from --focus to keep.",
        ),
        click.option(
            "--min-weight",
            type=click.IntRange(min=1),
            default=1,
            show_default=True,
            help="Drop edges lighter than this (shared partnerships or regions).",
        ),
        click.option(
            "--top-k",
            type=click.IntRange(min=1),
            default=None,
            help="Keep each node's K heaviest edges: a backbone for dense views.",
        ),
        as_of_option,
    ]
    for option in reversed(options):
        function = option(function)
    return function


@click.command()
@click.argument("name", type=_VIEWS, metavar="NAME")
@output_option()
@click.option(
    "--format",
    "fmt",
    type=click.Choice([fmt.value for fmt in ExportFormat]),
    help="File format [default: from the output's suffix, else html].",
)
@network_options
@click.option(
    "--color-by",
    type=click.Choice([choice.value for choice in ColorBy]),
    default=ColorBy.PLATFORM.value,
    show_default=True,
    help="What node colours show.",
)
@click.option(
    "--layout",
    type=click.Choice([layout.value for layout in Layout]),
    default=Layout.FORCE.value,
    show_default=True,
    help="force, or map: nodes at their coordinates, over the countries.",
)
@click.option("--stats", is_flag=True, help="Also print the view's network measures.")
@max_results_option
@click.pass_context
def view(
    ctx: click.Context,
    /,
    name: str,
    output: Path,
    fmt: str | None,
    color_by: str,
    layout: str,
    stats: bool,
    **filters: Any,
) -> None:
    """Draw the network view NAME into a file.

    NAME is bipartite (regions and partnerships), region-network (regions linked by shared
    partnerships), partnership-overlap (partnerships linked by shared regions) or
    organisations. The HTML page is self-contained and opens offline; GraphML and GEXF open
    in Gephi, cyjs in Cytoscape; json is networkx node-link. Every format carries the
    measures of --stats as node attributes. An existing file is replaced only once the new
    one is complete; -o - writes the view to standard output.

    \b
    Examples:
      s3graph view region-network -o regions.html
      s3graph view region-network -o regions.html --layout map --color-by country
      s3graph view bipartite --focus ES24 --depth 2 -o aragon.html
      s3graph view partnership-overlap -o overlap.gexf
      s3graph view region-network --as-of 2018 -o regions-2018.html
    """
    from ..network import network_measures, network_summary, view_network
    from ..views import format_of, write_view

    export = ExportFormat(fmt) if fmt else format_of(output)
    target = output_target(output)
    with read_store(ctx) as store:
        if target is output:
            store.check_output_path(output)
        graph = view_network(store, name, **filters)
    write_view(graph, target, fmt=export, color_by=color_by, layout=layout)
    to_stderr = target is not output  # standard output holds the view
    click.echo(
        f"Wrote {'standard output' if to_stderr else output} ({export.value}): "
        f"{graph.number_of_nodes()} nodes, "
        f"{graph.number_of_edges()} edges.",
        err=to_stderr,
    )
    if stats:
        echo_results(network_summary(graph), "table", err=to_stderr)
        click.echo(err=to_stderr)
        echo_results(network_measures(graph), "table", err=to_stderr)


@click.command("network-stats")
@click.argument("name", type=_VIEWS, metavar="NAME")
@network_options
@click.option(
    "--summary",
    is_flag=True,
    help="One row per measure of the whole view (density, communities...) instead of nodes.",
)
@format_option
@click.pass_context
def network_stats(
    ctx: click.Context, /, name: str, summary: bool, fmt: str, iris: bool | None, **filters: Any
) -> None:
    """Measure the network view NAME: degree, betweenness, communities, density.

    NAME is bipartite, region-network, partnership-overlap or organisations (as for
    s3graph view). One row per node, brokers (highest betweenness) first: degree, weighted degree,
    betweenness (normalised; estimated from a sample above 500 nodes) and community
    (networkx Louvain, seeded, numbered by size). --summary gives the whole view instead.

    \b
    Examples:
      s3graph network-stats region-network
      s3graph network-stats partnership-overlap --summary --format md
    """
    from ..network import network_measures, network_summary, view_network

    with read_store(ctx) as store:
        graph = view_network(store, name, **filters)
    echo_results(network_summary(graph) if summary else network_measures(graph), fmt, iris=iris)
