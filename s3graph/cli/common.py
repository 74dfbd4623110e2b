"""What every command shares: the store, the --format and --output options, printing results.

Nothing here imports rdflib, pyoxigraph or networkx at import time: every command module is
imported to print ``s3graph --help``, so commands import the library inside their functions.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

import click

from ..asof import UNDATED_COLUMN, AsOf, undated_note
from ..choices import DEFAULT_MAX_RESULTS, OutputFormat
from ..errors import QueryError

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

    from ..results import Results
    from ..store import Store

F = TypeVar("F", bound=Callable[..., Any])


class Seconds(click.types.FloatParamType):
    """A finite number of seconds, 0 or more, or more than 0 ``above_zero`` (``nan`` and
    ``inf`` are refused).

    >>> Seconds().convert("2.5", None, None)
    2.5
    """

    name = "seconds"

    def __init__(self, *, above_zero: bool = False) -> None:
        self.above_zero = above_zero

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            seconds = math.nan
        if not math.isfinite(seconds) or seconds < 0 or (self.above_zero and seconds == 0):
            least, example = ("more than 0", 60) if self.above_zero else ("0 or more", 10)
            message = f"{value!r} is not a number of seconds; give {least}, such as {example}"
            self.fail(message, param, ctx)
        return seconds


class DateParam(click.ParamType[AsOf, "str | AsOf"]):
    """A date given as YYYY, YYYY-MM or YYYY-MM-DD (``s3graph.asof.AsOf``).

    >>> DateParam().convert("2019-06", None, None)
    AsOf(text='2019-06')
    """

    name = "date"

    def convert(
        self, value: str | AsOf, param: click.Parameter | None, ctx: click.Context | None
    ) -> AsOf:
        try:
            return AsOf.parse(value)
        except QueryError as err:
            self.fail(str(err), param, ctx)


def as_of_option(function: F) -> F:
    """Add ``--as-of``: only the memberships active on a date."""
    return click.option(
        "--as-of",
        type=DateParam(),
        metavar="YYYY[-MM[-DD]]",
        help="Only memberships active on this date (a year or month: at any time in it); "
        "those without dates are counted and marked undated.",
    )(function)


def echo_undated_note(results: Results, as_of: AsOf | None) -> None:
    """After an answer as of a date, say on stderr what was counted without dates."""
    if as_of is None or UNDATED_COLUMN not in results.variables:
        return
    flags = [row[UNDATED_COLUMN] for row in results.dicts()]
    if all(isinstance(flag, str) for flag in flags):  # a row a membership
        undated = sum(flag == "yes" for flag in flags)
        click.echo(undated_note(as_of, undated=undated, counted=len(flags)), err=True)
    else:  # counts
        click.echo(
            f"As of {as_of}: column {UNDATED_COLUMN} counts what has no dates in the data "
            "and is counted as active.",
            err=True,
        )


def store_location(ctx: click.Context) -> str:
    """The store given with ``--store``, else the default one."""
    from ..store import default_location

    return ctx.obj["location"] or default_location()


def read_store(ctx: click.Context) -> Store:
    """The store for a read command, built from the bundled data on first use."""
    store = _built_store(ctx, write=False)
    store.max_results = ctx.obj.get("max_results", DEFAULT_MAX_RESULTS)
    return store


def write_store(ctx: click.Context, *, built: bool = True) -> Store:
    """The store for a write command, opened with its exclusive lock.

    Built from the bundled data on first use, so that a first load finds the regions its rows
    name; ``built=False`` leaves a new store empty (for ``build`` itself).
    """
    if built:
        return _built_store(ctx, write=True)
    from ..store import open_store

    return open_store(
        store_location(ctx), write=True, wait=ctx.obj["wait"], timeout=ctx.obj["timeout"]
    )


def _built_store(ctx: click.Context, *, write: bool) -> Store:
    from ..build import open_built_store

    def announce(location: str) -> None:
        click.echo(
            f"Building the store at {location} from the bundled data (first use)...", err=True
        )

    return open_built_store(
        store_location(ctx),
        write=write,
        wait=ctx.obj["wait"],
        timeout=ctx.obj["timeout"],
        on_build=announce,
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
    """Add ``--format``, ``--iris/--prefixed`` and ``--max-results`` to a read command."""
    function = max_results_option(function)
    function = click.option(
        "--iris/--prefixed",
        default=None,
        help="Show IRIs in full, or as prefixed names like nutscode:ES24 [default: in full "
        "for csv and json, as in SPARQL's own results; prefixed for table and md].",
    )(function)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice([fmt.value for fmt in OutputFormat]),
        default=OutputFormat.TABLE.value,
        show_default=True,
        help="Output: aligned table, CSV (RFC 4180), JSON array, or Markdown table.",
    )(function)


def output_option(
    *, required: bool = True, help: str = "File to write, or - for standard output."
) -> Callable[[F], F]:
    """The ``-o/--output`` file of a command that writes one (``-``: standard output)."""

    def named(ctx: click.Context, parameter: click.Parameter, value: Path | None) -> Path | None:
        if value is not None and not value.name:  # '' (click refuses '.' and '/' itself)
            raise click.BadParameter("give a file name, or '-' for standard output")
        return value

    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, writable=True, allow_dash=True, path_type=Path),
        required=required,
        callback=named,
        help=help,
    )


def output_target(output: Path) -> Path | BinaryIO:
    """The file ``-o`` names, or standard output for ``-`` and for any name of it
    (``/dev/stdout``, the file it is redirected to), so that it is written as a stream, with
    the messages on stderr, instead of being replaced."""
    if str(output) == "-" or _is_standard_output(output):
        return sys.stdout.buffer
    return output


def _is_standard_output(path: Path) -> bool:
    try:
        return os.path.samestat(path.stat(), os.fstat(sys.stdout.fileno()))
    except (OSError, ValueError):  # no such file yet; standard output is not a file
        return False


def echo_results(
    results: Results, fmt: str, *, iris: bool | None = None, err: bool = False
) -> None:
    """Print results in the chosen format (on stderr with ``err``)."""
    from ..formatting import render

    click.echo(render(results, OutputFormat(fmt), iris=iris), err=err)


def on_terminal() -> bool:
    """Whether stderr is a terminal (progress bars only then)."""
    return sys.stderr.isatty()


def progress_bar(label: str, *, length: int) -> ProgressBar[str]:
    """click's progress bar on standard error, shown only when that is a terminal.

    ``length`` is the number of steps (bytes, files); ``bar.update(steps, text)`` moves it
    and shows ``text`` beside it (the file being loaded, the rows read).
    """
    return click.progressbar(
        None,
        length=length,
        label=label,
        item_show_func=_as_it_is,
        file=sys.stderr,
        hidden=not on_terminal(),
        update_min_steps=0,  # show a new item even before a step
    )


def _as_it_is(text: str | None) -> str | None:
    return text
