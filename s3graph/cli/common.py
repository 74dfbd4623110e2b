"""What every command shares: opening the store, the --format option, printing results."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..formatting import OutputFormat, render
from ..loading import open_built_store
from ..results import Results
from ..store import Store, open_store

F = TypeVar("F", bound=Callable[..., Any])


def read_store(ctx: click.Context) -> Store:
    """The store for a read command, built from the bundled data on first use."""

    def announce(location: str) -> None:
        click.echo(
            f"Building the store at {location} from the bundled data (first use)...", err=True
        )

    return open_built_store(
        ctx.obj["location"], wait=ctx.obj["wait"], timeout=ctx.obj["timeout"], on_build=announce
    )


def write_store(ctx: click.Context) -> Store:
    """The store for a write command, opened with its exclusive lock."""
    return open_store(
        ctx.obj["location"], write=True, wait=ctx.obj["wait"], timeout=ctx.obj["timeout"]
    )


def format_option(function: F) -> F:
    """Add ``--format`` and ``--iris`` to a read command."""
    function = click.option(
        "--iris", is_flag=True, help="Show IRIs in full instead of as prefixed names."
    )(function)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice([fmt.value for fmt in OutputFormat]),
        default=OutputFormat.TABLE.value,
        show_default=True,
        help="Output: aligned table, CSV (RFC 4180), JSON array, or Markdown table.",
    )(function)


def echo_results(results: Results, fmt: str, *, iris: bool = False) -> None:
    """Print results in the chosen format."""
    click.echo(render(results, OutputFormat(fmt), iris=iris))


def on_terminal() -> bool:
    """Whether stderr is a terminal (progress bars only then)."""
    return sys.stderr.isatty()
