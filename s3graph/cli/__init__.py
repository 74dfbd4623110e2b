"""The ``s3graph`` command line: thin click commands over the Python API.

This is the one place where errors become exit codes: an ``S3GraphError`` is printed as one
``Error: ...`` message and exits 1; usage errors exit 2.
"""

from __future__ import annotations

from typing import Any

import click

from ..choices import DEFAULT_TIMEOUT, DEFAULT_WAIT
from ..errors import S3GraphError
from .app_command import app
from .common import Seconds
from .data_commands import build, export, load, stats, validate
from .map_command import map_command
from .question_commands import pairs, partnerships, queries, query, regions
from .serve_command import serve
from .suggest_command import suggest
from .timeline_command import timeline
from .view_commands import network_stats, view


class _Group(click.Group):
    """A group that turns s3graph's errors into one readable message."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except S3GraphError as err:
            raise click.ClickException(str(err)) from err
        except OSError as err:
            raise click.ClickException(
                f"{err.strerror or err}: {err.filename or ''}".rstrip(": ")
            ) from err


def _print_version(ctx: click.Context, _: click.Parameter, asked: bool) -> None:
    if not asked or ctx.resilient_parsing:
        return
    from importlib.metadata import version

    from ..resources import data_date

    click.echo(f"s3graph {version('s3graph')} (bundled data of {data_date():%Y-%m-%d})")
    ctx.exit()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    "location",
    envvar="S3GRAPH_STORE",
    default=None,
    metavar="PATH|URL",
    help="Store directory, 'memory', or an http(s):// SPARQL endpoint "
    "[env S3GRAPH_STORE; default: a per-user data directory].",
)
@click.option(
    "--wait",
    type=Seconds(),
    default=DEFAULT_WAIT,
    show_default=True,
    help="Seconds to wait while another s3graph process uses the store.",
)
@click.option(
    "--timeout",
    type=Seconds(above_zero=True),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds one query may take (on a server: one exchange, to the last byte).",
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version of s3graph and the date of its bundled data, and exit.",
)
@click.pass_context
def cli(ctx: click.Context, location: str | None, wait: float, timeout: float) -> None:
    """s3graph: Europe's smart-specialisation (S3) partnerships as a knowledge graph.

    Regions, partnerships and organisations are stored as RDF under the s3graph ontology in
    an embedded Oxigraph store (built from the bundled data on first use), queried with
    SPARQL and drawn as network views.

    \b
    Example:
      s3graph stats
    """
    ctx.obj = {"location": location, "wait": wait, "timeout": timeout}


for command in (
    build,
    load,
    query,
    queries,
    regions,
    partnerships,
    pairs,
    export,
    validate,
    stats,
    serve,
    app,
    view,
    network_stats,
    map_command,
    suggest,
    timeline,
):
    cli.add_command(command)


def main() -> None:
    """Entry point of the ``s3graph`` console script."""
    cli(prog_name="s3graph")
