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
from ..store.base import DEFAULT_MAX_RESULTS

F = TypeVar("F", bound=Callable[..., Any])


def read_store(ctx: click.Context) -> Store:
    """The store for a read command, built from the bundled data on first use."""

    def announce(location: str) -> None:
        click.echo(
            f"Building the store at {location} from the bundled data (first use)...", err=True
        )

    store = open_built_store(
        ctx.obj["location"], wait=ctx.obj["wait"], timeout=ctx.obj["timeout"], on_build=announce
    )
    store.max_results = ctx.obj.get("max_results", DEFAULT_MAX_RESULTS)
    return store


def write_store(ctx: click.Context) -> Store:
    """The store for a write command, opened with its exclusive lock."""
    return open_store(
        ctx.obj["location"], write=True, wait=ctx.obj["wait"], timeout=ctx.obj["timeout"]
    )


def max_results_option(function: F) -> F:
    """Add ``--max-results`` to a read command (``read_store`` applies it)."""

    def remember(ctx: click.Context, _: click.Parameter, value: int) -> None:
        ctx.obj["max_results"] = value

    return click.option(
        "--max-results",
        type=click.IntRange(min=1),
        default=DEFAULT_MAX_RESULTS,
        show_default=True,
        expose_value=False,
        callback=remember,
        help="Fail rather than hold more rows than this in memory.",
    )(function)


def format_option(function: F) -> F:
    """Add ``--format``, ``--iris`` and ``--max-results`` to a read command."""
    function = max_results_option(function)
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
