"""``s3graph app``: the web explorer (``s3graph.app``), served by uvicorn until Ctrl-C."""

from __future__ import annotations

import os

import click

from ..choices import DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_MAX_UPLOAD_ROWS
from .common import max_results_option, store_location
from .serve_command import bind_error, is_loopback

DEFAULT_PORT = 8000
TOKEN_VARIABLE = "S3GRAPH_APP_TOKEN"
MIN_TOKEN_LENGTH = 16


@click.command("app")
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="TCP port to listen on.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but this machine's loopback needs --public.",
)
@click.option(
    "--public",
    is_flag=True,
    help=f"Allow a --host that other machines reach; every request must then carry the "
    f"token in ${TOKEN_VARIABLE}.",
)
@click.option(
    "--allow-load",
    is_flag=True,
    help="Let users load CSV files through the explorer (it is read-only without this).",
)
@click.option(
    "--max-upload-mb",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_MAX_UPLOAD_BYTES / 2**20,
    show_default=True,
    help="The largest CSV file an upload may be, in megabytes.",
)
@click.option(
    "--max-upload-rows",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_UPLOAD_ROWS,
    show_default=True,
    help="The most data rows an uploaded CSV file may have.",
)
@max_results_option
@click.pass_context
def app(
    ctx: click.Context,
    port: int,
    host: str,
    public: bool,
    allow_load: bool,
    max_upload_mb: float,
    max_upload_rows: int,
) -> None:
    """Open the web explorer: every region, partnership and organisation a click away.

    Pages for every entity (also in JSON and, as Linked Data, Turtle, JSON-LD and
    N-Triples), the named questions as forms, network views and the map, a SPARQL editor
    and endpoint (/sparql, read-only) and, with --allow-load, CSV uploads. It serves the
    store (built first if it is new) on this machine only, until Ctrl-C. Behind a reverse
    proxy for a team: --host 0.0.0.0 --public, with a token in $S3GRAPH_APP_TOKEN.

    \b
    Examples:
      s3graph app
      s3graph app --port 8080 --allow-load
      s3graph app --host 0.0.0.0 --public
    """
    import uvicorn

    from ..app import ExplorerSettings, create_app
    from ..app.store_access import SharedStore

    token = os.environ.get(TOKEN_VARIABLE, "").strip() or None
    if not public and not is_loopback(host, option="--host"):
        raise click.UsageError(
            f"{host} is reachable from other machines; add --public (with a token in "
            f"${TOKEN_VARIABLE}) if that is what you want"
        )
    if public and (token is None or len(token) < MIN_TOKEN_LENGTH):
        raise click.UsageError(
            f"--public needs an access token of {MIN_TOKEN_LENGTH} characters or more in "
            f"${TOKEN_VARIABLE}; make one with: python3 -c 'import secrets; "
            "print(secrets.token_urlsafe())'"
        )
    _check_free(host, port)
    settings = ExplorerSettings(
        location=store_location(ctx),
        allow_load=allow_load,
        token=token if public else None,
        max_upload_bytes=int(max_upload_mb * 2**20),
        max_upload_rows=max_upload_rows,
        max_results=ctx.obj["max_results"],
        timeout=ctx.obj["timeout"],
        wait=ctx.obj["wait"],
    )

    def announce(location: str) -> None:
        click.echo(
            f"Building the store at {location} from the bundled data (first use)...", err=True
        )

    store = SharedStore(
        settings.location,
        wait=settings.wait,
        timeout=settings.timeout,
        max_results=settings.max_results,
        on_build=announce,
    )
    store.open()
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    click.echo(f"The s3graph explorer is at http://{address}/ (Ctrl-C stops it).")
    if not allow_load:
        click.echo("Read-only: start it with --allow-load to load CSV files.", err=True)
    try:
        uvicorn.run(create_app(settings, store=store), host=host, port=port, log_level="warning")
    finally:
        store.close()


def _check_free(host: str, port: int) -> None:
    """Refuse a port another program listens on, with one readable line."""
    err = bind_error(host, port)
    if err is not None:
        raise click.UsageError(
            f"cannot listen on {host} port {port} ({err.strerror}); choose another --port"
        )
