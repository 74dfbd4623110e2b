"""``s3graph serve``: the embedded store, read-only, over the SPARQL 1.1 Protocol.

s3graph does not implement a server: it runs Oxigraph's own, ``oxigraph serve-read-only``
(from the PyPI package ``oxigraph``, installed with s3graph), on the store directory, and
holds the store's shared lock meanwhile, so that an s3graph writer waits instead of changing
the files under the server. The server never outlives that guarantee: on Linux and macOS it
inherits the lock, so writers wait for as long as it runs, even if s3graph itself is killed;
on Linux it is also stopped when s3graph dies.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from ..errors import StoreError, StoreUnreachableError
from .common import read_store, store_location

if TYPE_CHECKING:
    from ..store.lock import StoreLock

DEFAULT_PORT = 7878
STARTUP_SECONDS = 20.0
_ADDRESS_IN_USE = {errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", errno.EADDRINUSE)}
"""The errno of a port taken, on POSIX and on Windows."""
_PR_SET_PDEATHSIG = 1
"""Linux's prctl option: the signal a process gets when its parent dies."""


def oxigraph_binary() -> str:
    """The ``oxigraph`` command beside this Python (else on PATH), of pyoxigraph's version.

    Raises:
        StoreError: it is missing, or of another minor version than pyoxigraph (their
            storage formats may differ).
    """
    import pyoxigraph

    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    binary = shutil.which("oxigraph", path=search)
    if binary is None:
        raise StoreError(
            "the 'oxigraph' command is not installed; install it with "
            "pip install 'oxigraph>=0.5,<0.6' (it is one of s3graph's dependencies)"
        )
    answer = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    version = answer.stdout.split()[-1] if answer.stdout.split() else "unknown"
    if version.split(".")[:2] != pyoxigraph.__version__.split(".")[:2]:
        raise StoreError(
            f"{binary} is Oxigraph {version} but s3graph stores are written by pyoxigraph "
            f"{pyoxigraph.__version__}; install oxigraph=={pyoxigraph.__version__}"
        )
    return binary


def is_loopback(host: str, *, option: str = "--bind") -> bool:
    """Whether every address ``host`` (given as ``option``) names is a loopback address (this
    machine only).

    >>> is_loopback("127.0.0.1"), is_loopback("0.0.0.0")
    (True, False)
    """
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror as err:
        raise click.BadParameter(f"cannot resolve {host!r}: {err}", param_hint=option) from err
    return all(
        ipaddress.ip_address(str(address).split("%")[0]).is_loopback for address in addresses
    )


@click.command()
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="TCP port to listen on.",
)
@click.option(
    "--bind",
    "host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but this machine's loopback needs --public.",
)
@click.option(
    "--public",
    is_flag=True,
    help="Allow a non-loopback --bind: anyone who can reach it can read the whole graph.",
)
@click.pass_context
def serve(ctx: click.Context, port: int, host: str, public: bool) -> None:
    """Serve the store read-only over the SPARQL 1.1 Protocol, until Ctrl-C.

    Runs Oxigraph's server on the store directory (building the store first if it is new).
    Its default graph is the union of the named graphs, as in 's3graph query'. Any SPARQL
    client can then query it, and so can s3graph itself with --store URL.

    \b
    Example:
      s3graph serve --port 7878
      s3graph --store http://127.0.0.1:7878 stats
    """
    from ..store import StoreKind, parse_location
    from ..store.lock import StoreLock

    location = parse_location(store_location(ctx))
    if location.kind is not StoreKind.DIRECTORY:
        raise click.UsageError("serve needs a store directory; give --store DIR")
    if not public and not is_loopback(host):
        raise click.UsageError(
            f"{host} is reachable from other machines, which could then read the whole graph; "
            "add --public if that is what you want"
        )
    binary = oxigraph_binary()
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    url = f"http://{address}"
    command = [binary, "serve-read-only", "--location", location.text, "--bind", address]
    _check_free(host, port)
    read_store(ctx).close()  # built on first use
    with (
        StoreLock(location.directory, exclusive=False, wait=ctx.obj["wait"]) as lock,
        tempfile.TemporaryFile() as log,
    ):
        server = subprocess.Popen(
            [*command, "--union-default-graph"],
            stdout=log,
            stderr=subprocess.STDOUT,
            **_holding_the_lock(lock),
        )
        # Ctrl-C and SIGTERM stop it, even when started by a shell that ignores SIGINT.
        previous = {
            number: signal.signal(number, signal.default_int_handler)
            for number in (signal.SIGINT, signal.SIGTERM)
        }
        try:
            _wait_until_answering(server, url, log)
            click.echo(f"Serving {location} read-only at {url}/query (SPARQL 1.1 Protocol).")
            click.echo(f"Try: s3graph --store {url} stats    Stop with Ctrl-C.")
            server.wait()
            raise StoreError(f"the Oxigraph server stopped: {_last_line(log)}")
        except KeyboardInterrupt:
            click.echo("Stopped.", err=True)
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
            server.terminate()
            server.wait()


def _check_free(host: str, port: int) -> None:
    """Fail if something listens at ``host:port`` already.

    Oxigraph would exit with "Address already in use" while that other server answered in its
    place, as if s3graph were serving.
    """
    err = bind_error(host, port)
    if err is not None:
        hint = (
            "stop what listens there, or choose another --port"
            if err.errno in _ADDRESS_IN_USE
            else "check --bind and --port"
        )
        raise click.ClickException(f"cannot serve at {host}:{port}: {err.strerror}; {hint}")


def bind_error(host: str, port: int) -> OSError | None:
    """Why a server could not listen at ``host:port`` (every address ``host`` names), if it
    could not: a trial bind, as the server will bind."""
    for family, kind, _, _, address in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        with socket.socket(family, kind) as probe:
            if os.name == "posix":  # as servers do; on Windows it would share the port
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as err:
                return err
    return None


def _holding_the_lock(lock: StoreLock) -> dict[str, Any]:
    """Options of ``Popen`` that keep the server from serving a store that writers change.

    On Linux and macOS the server inherits the lock (the lock of an open file is held by every
    process that has the file open), so writers wait for as long as it runs, even if this
    process is killed; on Linux it also gets SIGTERM when this process dies. Windows has
    neither: there the server is stopped with Ctrl-C.
    """
    if os.name != "posix":
        return {}
    options: dict[str, Any] = {"pass_fds": (lock.fileno(),)}
    if sys.platform.startswith("linux"):
        options["preexec_fn"] = _stopped_when_dies(os.getpid())
    return options


def _stopped_when_dies(parent: int) -> Callable[[], None]:
    """A ``preexec_fn`` that has Linux send the child SIGTERM when ``parent`` dies."""
    import ctypes

    prctl = ctypes.CDLL(None, use_errno=True).prctl  # loaded here, not in the forked child

    def arrange() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # it died before the arrangement took effect
            os.kill(os.getpid(), signal.SIGTERM)

    return arrange


def _wait_until_answering(server: subprocess.Popen[bytes], url: str, log: IO[bytes]) -> None:
    from ..store import open_store

    deadline = time.monotonic() + STARTUP_SECONDS
    while server.poll() is None:
        try:
            with open_store(url, timeout=1.0) as store:
                store.ask("ASK {}")
            if server.poll() is None:  # it is our server that answered
                return
        except StoreUnreachableError:
            if time.monotonic() > deadline:
                raise StoreError(
                    f"the Oxigraph server did not answer at {url} within {STARTUP_SECONDS:g} s"
                ) from None
            time.sleep(0.05)
    raise StoreError(f"the Oxigraph server could not start: {_last_line(log)}")


def _last_line(log: IO[bytes]) -> str:
    log.seek(0)
    lines = log.read().decode("utf-8", errors="replace").strip().splitlines()
    return lines[-1] if lines else "no message"
