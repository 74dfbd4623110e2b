"""The child end of ``query_process``: answers queries on an on-disk store, read-only.

Run as a script (see ``query_process.start_child``), it imports nothing but the standard
library and pyoxigraph, so that it starts in a tenth of a second. It also holds the framing
that both ends speak over the pipes: frames of one type byte, a 4-byte length and a payload.

    parent -> child   QUERY   JSON {"query": text, "union": bool}
    child -> parent   SOLUTIONS (SPARQL results in TSV follow), TRIPLES (N-Triples follow)
                      or BOOLEAN (payload b"0" or b"1"); then DATA frames closed by END;
                      or, at any point, ERROR: JSON {"kind": exception class, "message": ...}
"""

from __future__ import annotations

import io
import json
import os
import queue
import signal
import struct
import sys
import threading
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

QUERY = b"Q"
SOLUTIONS = b"S"
TRIPLES = b"G"
BOOLEAN = b"B"
DATA = b"D"
END = b"Z"
ERROR = b"E"
HEADER = struct.Struct(">cI")
"""A frame's type and payload length."""
DATA_SIZE = 1 << 16
"""The most bytes of one DATA frame."""


def write_frame(out: IO[bytes], kind: bytes, payload: bytes = b"") -> None:
    """Write one frame and flush it, so that the other end reads it now."""
    out.write(HEADER.pack(kind, len(payload)))
    out.write(payload)
    out.flush()


def main(directory: str, prefixes: str, memory: str) -> None:
    """Answer queries read from standard input until it closes (see ``_read_requests``).

    Args:
        directory: the store's directory, opened read-only on the first query.
        prefixes: s3graph's prefixes, as JSON.
        memory: the most bytes of data this process may hold; past it, an allocation fails
            and the process ends (see ``_cap_memory``).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _cap_memory(int(memory))
    requests: queue.Queue[dict[str, Any]] = queue.Queue()
    threading.Thread(target=_read_requests, args=(sys.stdin.buffer, requests), daemon=True).start()
    answers = sys.stdout.buffer
    known_prefixes = json.loads(prefixes)
    store: ox.Store | None = None
    while True:
        request = requests.get()
        try:
            store = store or ox.Store.read_only(directory)
            answer = store.query(
                request["query"],
                prefixes=known_prefixes,
                use_default_graph_as_union=request["union"],
            )
            if isinstance(answer, ox.QueryBoolean):
                write_frame(answers, BOOLEAN, b"1" if answer else b"0")
                continue
            data = io.BufferedWriter(_DataFrames(answers), DATA_SIZE)
            if isinstance(answer, ox.QuerySolutions):
                write_frame(answers, SOLUTIONS)
                answer.serialize(data, ox.QueryResultsFormat.TSV)
            else:
                write_frame(answers, TRIPLES)
                answer.serialize(data, ox.RdfFormat.N_TRIPLES)
            data.flush()
            write_frame(answers, END)
        except (SyntaxError, OSError, RuntimeError, ValueError, MemoryError) as err:
            error = {"kind": type(err).__name__, "message": str(err)}
            write_frame(answers, ERROR, json.dumps(error).encode())


class _DataFrames(io.RawIOBase):
    """A writable file that sends what is written to it as DATA frames."""

    def __init__(self, out: IO[bytes]) -> None:
        self._out = out

    def writable(self) -> bool:
        return True

    def write(self, data: ReadableBuffer) -> int:
        write_frame(self._out, DATA, bytes(data))
        return len(memoryview(data))


def _cap_memory(limit: int) -> None:
    """Cap the data this process may hold (``RLIMIT_DATA``), where the OS has the limit.

    Windows has no resource limits (nor the ``resource`` module): there a query is bounded
    by its time alone.
    """
    if sys.platform == "win32":
        return
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    soft = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


def _read_requests(source: IO[bytes], requests: queue.Queue[dict[str, Any]]) -> None:
    """Queue each request read from ``source``; when it closes (the parent closed it, or has
    ended, even before this process started), end this process, even in the middle of a
    query. Unlike watching the parent's process id, this works on Windows too."""
    while len(header := source.read(HEADER.size)) == HEADER.size:
        _, length = HEADER.unpack(header)
        if len(payload := source.read(length)) < length:
            break
        requests.put(json.loads(payload))
    os._exit(0)


if __name__ == "__main__":
    main(*sys.argv[1:])
