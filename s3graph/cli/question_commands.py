"""Commands that answer questions: the query catalogue, SPARQL, and the analysts' shortcuts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..choices import DEFAULT_TOP_PAIRS
from .common import (
    as_of_option,
    echo_results,
    echo_undated_note,
    format_option,
    read_store,
    write_store,
)

if TYPE_CHECKING:
    from ..asof import AsOf
    from ..results import Results


def _key_values(_: click.Context, __: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for value in values:
        key, equals, text = value.partition("=")
        if not equals or not key.strip():
            raise click.BadParameter(f"expected KEY=VALUE, e.g. region=ES24 (got {value!r})")
        if key.strip() in params:
            raise click.BadParameter(f"{key.strip()!r} is given twice")
        params[key.strip()] = text
    return params


@click.command()
@click.argument("name", required=False)
@format_option
def queries(name: str | None, fmt: str, iris: bool | None) -> None:
    """List the named questions, or show one: its header and its SPARQL.

    Run one with 's3graph query --name NAME --param KEY=VALUE ...'. Parameters in [] may be
    left out.

    \b
    Examples:
      s3graph queries
      s3graph queries partnerships-of-region
    """
    from ..catalogue import catalogue_table, get_query

    if name:
        click.echo(get_query(name).text.rstrip())
        return
    echo_results(catalogue_table(), fmt, iris=iris)


@click.command()
@click.argument("sparql", required=False)
@click.option(
    "--name",
    "query_name",
    metavar="NAME",
    help="Run a named question (list them with 's3graph queries').",
)
@click.option(
    "--file",
    "query_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the SPARQL query from a file; its header may declare parameters.",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    callback=_key_values,
    help="A parameter of the named question or file, e.g. region=ES24; repeat for more.",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Allow SERVICE (federated query) and LOAD, which reach other servers, in your SPARQL.",
)
@click.option(
    "--allow-update",
    is_flag=True,
    help="Allow your SPARQL to be an update (INSERT, DELETE, DROP...) that changes the store.",
)
@format_option
@click.pass_context
def query(
    ctx: click.Context,
    sparql: str | None,
    query_name: str | None,
    query_file: Path | None,
    params: dict[str, str],
    allow_service: bool,
    allow_update: bool,
    fmt: str,
    iris: bool | None,
) -> None:
    """Run a named question, or your own SPARQL SELECT, ASK or CONSTRUCT query.

    The default graph is the union of all named graphs, unless the query says otherwise
    with FROM or FROM NAMED. It may run for --timeout seconds. Queries are read-only unless
    --allow-update, and reach no other server unless --allow-service. Parameter values are
    checked and bound as RDF terms, never pasted into the query text.

    \b
    Examples:
      s3graph query --name partnerships-of-region --param region=ES24
      s3graph query --file my-question.rq --param platform=energy
      s3graph query 'SELECT ?p WHERE { ?p a s3:Partnership } LIMIT 5'
    """
    from rdflib import Graph

    from ..catalogue import answer_query, get_query, parse_query
    from ..sparql_guard import check_user_query, check_user_update, is_update, read_sparql_file

    if [sparql, query_name, query_file].count(None) != 2:
        raise click.UsageError("give one of: a SPARQL query, --name NAME or --file F.rq")
    if params and sparql is not None:
        raise click.UsageError("--param goes with --name or --file (whose header declares it)")
    own = read_sparql_file(query_file) if query_file else sparql
    if allow_update and own is not None and is_update(own):
        check_user_update(own, allow_service=allow_service)
        with write_store(ctx) as store:
            store.update(own)
        click.echo("Updated the store.")
        return
    if query_name:
        named = get_query(query_name)
    else:
        check_user_query(str(own), allow_service=allow_service)
        named = parse_query(str(own), name=query_file.name if query_file else "query")
    with read_store(ctx) as store:
        answer = answer_query(store, named, params)
    if isinstance(answer, bool):
        click.echo("yes" if answer else "no")
    elif isinstance(answer, Graph):
        click.echo(answer.serialize(format="turtle"))
    else:
        echo_results(answer, fmt, iris=iris)


@click.command()
@click.option(
    "--partnership",
    metavar="ID-OR-NAME",
    help="The partnership, by id (im-h2valleys) or name (any case, accents optional).",
)
@click.option(
    "--code",
    metavar="NUTS-CODE",
    help="Show instead a region's predecessors and successors between NUTS 2016, 2021 and "
    "2024 (Eurostat's correspondence); a code of any of them.",
)
@as_of_option
@format_option
@click.pass_context
def regions(
    ctx: click.Context,
    partnership: str | None,
    code: str | None,
    as_of: AsOf | None,
    fmt: str,
    iris: bool | None,
) -> None:
    """List the regions of a partnership, with their role and membership dates; or, with
    --code, the codes that a region's NUTS code replaced or was replaced by.

    With --as-of, only the memberships active on that date; those without dates are
    counted, and marked in column 'undated'.

    \b
    Examples:
      s3graph regions --partnership im-h2valleys
      s3graph regions --partnership "hydrogen valleys" --format csv
      s3graph regions --partnership energy-solar --as-of 2018-06
      s3graph regions --code PT17
    """
    if code is not None and partnership is None:
        if as_of is not None:
            raise click.UsageError("--as-of applies to --partnership, not to --code")
        _region_history(ctx, code, fmt, iris)
        return
    if partnership is None or code is not None:
        raise click.UsageError("give either --partnership or --code")
    from ..questions import regions_of_partnership
    from ..resolve import resolve_partnership

    with read_store(ctx) as store:
        found = resolve_partnership(store, partnership)
        results = regions_of_partnership(store, found, as_of=as_of)
    click.echo(f"{found}: {_count(results, 'member region')}{_when(as_of)}", err=True)
    echo_results(results, fmt, iris=iris)
    echo_undated_note(results, as_of)


def _region_history(ctx: click.Context, code: str, fmt: str, iris: bool | None) -> None:
    from ..questions import region_history

    with read_store(ctx) as store:
        results = region_history(store, code)
    if not results.rows:
        click.echo(f"{code}: no change of code between NUTS 2016 and NUTS 2024.", err=True)
        return
    click.echo(f"{code.strip().upper()}: {_count(results, 'change')} of code", err=True)
    echo_results(results, fmt, iris=iris)


@click.command()
@click.option(
    "--region",
    metavar="CODE-OR-NAME",
    help="The region, by NUTS code (ES24) or name (Aragón, aragon) [default: list every "
    "partnership].",
)
@as_of_option
@format_option
@click.pass_context
def partnerships(
    ctx: click.Context, region: str | None, as_of: AsOf | None, fmt: str, iris: bool | None
) -> None:
    """List the partnerships of a region, or every partnership by platform.

    A region also takes part where a region containing it or a region inside it is the
    member; column 'via' then gives that member region's code, else it reads 'direct'.
    With --as-of, only partnerships set up and memberships active on that date; those
    without dates are counted, and marked (or counted) in column 'undated'.

    \b
    Examples:
      s3graph partnerships --region ES24
      s3graph partnerships --format md
      s3graph partnerships --region ES24 --as-of 2019
    """
    from ..catalogue import run_query
    from ..questions import partnerships_of_region
    from ..resolve import resolve_region

    with read_store(ctx) as store:
        if region is None:
            results = run_query(store, "partnerships-per-platform", as_of=as_of)
        else:
            found = resolve_region(store, region)
            results = partnerships_of_region(store, found, as_of=as_of)
            click.echo(f"{found}: {_count(results, 'partnership')}{_when(as_of)}", err=True)
    echo_results(results, fmt, iris=iris)
    echo_undated_note(results, as_of)


@click.command()
@click.option("--platform", metavar="SLUG-OR-NAME", help="Count only this platform's partnerships.")
@click.option(
    "--area", metavar="SLUG-OR-NAME", help="Count only this thematic area's partnerships."
)
@click.option(
    "--country", metavar="CODE-OR-NAME", help="Count only member regions in this country."
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=DEFAULT_TOP_PAIRS,
    show_default=True,
    help="How many pairs to show.",
)
@as_of_option
@format_option
@click.pass_context
def pairs(
    ctx: click.Context,
    platform: str | None,
    area: str | None,
    country: str | None,
    top: int,
    as_of: AsOf | None,
    fmt: str,
    iris: bool | None,
) -> None:
    """List the pairs of regions that share the most partnerships.

    With --as-of, only memberships active on that date count; column 'undated' says how
    many of a pair's shared partnerships count a membership without dates.

    \b
    Examples:
      s3graph pairs --top 10
      s3graph pairs --platform energy --country ES --format csv
      s3graph pairs --as-of 2018 --top 5
    """
    from ..computed import region_pairs

    with read_store(ctx) as store:
        results = region_pairs(
            store, platform=platform, area=area, country=country, top=top, as_of=as_of
        )
    echo_results(results, fmt, iris=iris)
    echo_undated_note(results, as_of)


def _count(results: Results, noun: str) -> str:
    return f"{len(results)} {noun}{'' if len(results) == 1 else 's'}"


def _when(as_of: AsOf | None) -> str:
    return f" as of {as_of}" if as_of else ""
