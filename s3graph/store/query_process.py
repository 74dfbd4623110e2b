"""Queries of an on-disk store answered in a child process, so that a runaway one can be stopped.

pyoxigraph cannot interrupt a query once it runs: it has no timeout or cancellation, and
Ctrl-C waits until the evaluation ends (a three-way cartesian COUNT ran for ten minutes; an
ORDER BY over a cartesian product took 3.5 GB in 12 s). So an embedded store opened for
reading sends its queries to a child process (``query_child``) that opens the same directory
read-only, and reads each answer from a pipe as it streams in. When the query's time is up,
or on Ctrl-C, the parent stops reading and kills the child; the child's memory is capped by
the operating system (where it has such a cap: not on Windows), and a query that needs more
ends the child alone. The next query starts a new child.

The parent waits for the child's output with a time limit through a thread that reads the
pipe (``ChildOutput``), as ``select`` would on POSIX alone: Windows' takes only sockets.

The child starts on the first query (about 0.1 s) and then serves every query of the store
until it closes; ``bench/query_process.py`` measures what this costs ordinary queries.
"""

from __future__ import annotations

import io
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..errors import LimitExceededError, QueryError, S3GraphError, StoreError
from . import query_child
from .query_child import BOOLEAN, DATA, DATA_SIZE, END, ERROR, HEADER, QUERY, SOLUTIONS, TRIPLES

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

_LAUNCH = (
    "import runpy, sys\n"
    "if sys.path and sys.path[0] == '': del sys.path[0]\n"  # the current directory
    "sys.argv = sys.argv[1:]\n"
    "runpy.run_path(sys.argv[0], run_name='__main__')"
)
_READ_SIZE = 1 << 16
_QUEUED_READS = 16
"""At most this many reads of the child's output wait to be taken (1 MB)."""
_TICK = 0.2
"""The longest wait for the child's output in one go, so that Ctrl-C is seen within it even
where a wait on a lock cannot be interrupted (Windows)."""
_KILLED_FOR_MEMORY = tuple(
    -getattr(signal, name) for name in ("SIGABRT", "SIGKILL", "SIGSEGV") if hasattr(signal, name)
)
"""How a POSIX process ends when an allocation fails (Rust aborts) or the kernel reclaims
memory."""


@dataclass
class Answer:
    """One answer being read from the child: a boolean, or a stream of results or triples."""

    kind: bytes
    """``query_child.SOLUTIONS`` (TSV), ``TRIPLES`` (N-Triples) or ``BOOLEAN``."""
    stream: io.BufferedReader
    boolean: bool = False


class QueryProcess:
    """A child process that answers the queries of one on-disk store, one at a time."""

    def __init__(self, directory: Path, *, prefixes: Mapping[str, str], memory: int) -> None:
        """Args:
        directory: the store's directory; the caller holds its lock, so nothing writes it.
        prefixes: predeclared prefixes for every query.
        memory: the most bytes of data the child may hold.
        """
        self.directory = directory
        self.memory = memory
        self._prefixes = json.dumps(dict(prefixes))
        self._child: subprocess.Popen[bytes] | None = None
        self._output: ChildOutput | None = None
        self._errors: IO[bytes] | None = None
        self._end_child: Callable[[], object] | None = None
        self._lock = threading.Lock()

    @contextmanager
    def ask(self, text: str, *, union: bool, timeout: float) -> Iterator[Answer]:
        """Send one query and yield its answer, to be read within ``timeout`` seconds.

        Unless the answer was read to its end, the child is killed on leaving: a later query
        starts another.

        Raises:
            LimitExceededError: the query took longer than ``timeout`` or needed more memory
                than the child may hold; the child was killed.
            QueryError: the query is invalid or its evaluation failed.
            StoreError: the store could not be read.
        """
        with self._lock:
            child, output = self._running() or self._start()
            stream = AnswerStream(child, output, timeout=timeout, ended_early=self._ended_early)
            try:
                self._send(child, json.dumps({"query": text, "union": union}).encode())
                kind, payload = stream.frame()
                answer = Answer(kind, io.BufferedReader(stream, DATA_SIZE))
                if kind == BOOLEAN:
                    answer.boolean = payload == b"1"
                    stream.ended = True
                yield answer
            finally:
                if not stream.ended:
                    self._kill()

    def close(self) -> None:
        """End the child (it ends by itself when its input closes)."""
        with self._lock:
            self._kill()

    def _running(self) -> tuple[subprocess.Popen[bytes], ChildOutput] | None:
        return None if self._child is None or self._output is None else (self._child, self._output)

    def _start(self) -> tuple[subprocess.Popen[bytes], ChildOutput]:
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed with the child)
        self._child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _LAUNCH,
                query_child.__file__,
                str(self.directory),
                self._prefixes,
                str(self.memory),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._errors,
        )
        assert self._child.stdout is not None
        self._output = ChildOutput(self._child.stdout)
        # A store that is never closed (a notebook's) ends its child when it is collected.
        self._end_child = weakref.finalize(self, _end, self._child, self._output, self._errors)
        return self._child, self._output

    def _send(self, child: subprocess.Popen[bytes], request: bytes) -> None:
        assert child.stdin is not None
        try:
            child.stdin.write(HEADER.pack(QUERY, len(request)) + request)
            child.stdin.flush()
        except BrokenPipeError:  # the child has ended: reading its answer says why
            pass

    def _ended_early(self, child: subprocess.Popen[bytes]) -> S3GraphError:
        """Why the child ended in the middle of an answer."""
        status = child.wait()
        if status in _KILLED_FOR_MEMORY:
            return LimitExceededError(
                f"the query needed more than {_size(self.memory)} of memory, the most one "
                "query may use, and was stopped; narrow it (filters, LIMIT)"
            )
        message = f"the query process ended unexpectedly (exit status {status})"
        if self._errors is not None:
            self._errors.seek(0)
            if last := self._errors.read().decode(errors="replace").strip().splitlines()[-1:]:
                message += f": {last[0]}"
        return StoreError(message)

    def _kill(self) -> None:
        if self._end_child is not None:
            self._end_child()
        self._child = self._output = self._errors = self._end_child = None


def _end(child: subprocess.Popen[bytes], output: ChildOutput, errors: IO[bytes]) -> None:
    """Kill ``child`` (which may have ended) and close its pipes and its error file."""
    if child.poll() is None:
        child.kill()
    child.wait()
    output.close()
    for pipe in (child.stdin, errors):
        if pipe is not None:
            pipe.close()


class ChildOutput:
    """The child's standard output, read by a thread as it comes, so that the parent can wait
    for it with a time limit on any OS.

    At most ``_QUEUED_READS`` reads wait to be taken: a child whose answer is not being read
    is held back by its pipe, as without the thread.
    """

    def __init__(self, pipe: IO[bytes]) -> None:
        self._pipe = pipe
        self._reads: queue.Queue[bytes] = queue.Queue(_QUEUED_READS)
        self._closing = threading.Event()
        self._reader = threading.Thread(target=self._read_all, name="query-output", daemon=True)
        self._reader.start()

    def _read_all(self) -> None:
        fd = self._pipe.fileno()
        while not self._closing.is_set():
            try:
                chunk = os.read(fd, _READ_SIZE)
            except OSError:
                chunk = b""
            self._reads.put(chunk)
            if not chunk:
                return

    def read(self, timeout: float) -> bytes | None:
        """The next bytes the child wrote: ``b""`` once it has closed its end, ``None`` if
        nothing came within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            with suppress(queue.Empty):
                return self._reads.get(timeout=min(remaining, _TICK))
        return None

    def close(self) -> None:
        """Stop the reader and close the pipe, once the child has ended."""
        self._closing.set()
        while self._reader.is_alive():
            with suppress(queue.Empty):
                self._reads.get_nowait()  # room for a read the reader is waiting to queue
            self._reader.join(0.01)
        self._pipe.close()


class AnswerStream(io.RawIOBase):
    """The data of one answer, read from the child's frames within the query's time."""

    def __init__(
        self,
        child: subprocess.Popen[bytes],
        output: ChildOutput,
        *,
        timeout: float,
        ended_early: Callable[[subprocess.Popen[bytes]], S3GraphError],
    ) -> None:
        self._child = child
        self._output = output
        self._deadline = time.monotonic() + timeout
        self._timeout = timeout
        self._ended_early = ended_early
        self._pending = bytearray()
        self._data = memoryview(b"")
        self.ended = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        while not self._data and not self.ended:
            kind, payload = self.frame()
            if kind == END:
                self.ended = True
            elif kind == DATA:
                self._data = memoryview(payload)
        target = memoryview(buffer).cast("B")
        size = min(len(target), len(self._data))
        target[:size] = self._data[:size]
        self._data = self._data[size:]
        return size

    def frame(self) -> tuple[bytes, bytes]:
        """The child's next frame; an error frame is raised as the error it reports."""
        header = self._exactly(HEADER.size)
        kind, length = HEADER.unpack(header)
        payload = self._exactly(length)
        if kind == ERROR:
            self.ended = True  # the child is ready for the next query
            error = json.loads(payload)
            raise query_failure(error["kind"], error["message"])
        if kind not in (SOLUTIONS, TRIPLES, BOOLEAN, DATA, END):
            raise StoreError(f"the query process sent a frame of unknown kind {kind!r}")
        return kind, payload

    def _exactly(self, size: int) -> bytes:
        while len(self._pending) < size:
            chunk = self._output.read(self._deadline - time.monotonic())
            if chunk is None:
                raise LimitExceededError(
                    f"the query did not finish within {self._timeout:g} s and was stopped; "
                    "narrow it (filters, LIMIT) or give it longer with --timeout"
                )
            if not chunk:
                raise self._ended_early(self._child)
            self._pending += chunk
        found = bytes(self._pending[:size])
        del self._pending[:size]
        return found


def _size(memory: int) -> str:
    """``2 GB``, ``300 MB``."""
    return f"{memory / 2**30:g} GB" if memory >= 2**30 else f"{memory / 2**20:.0f} MB"


def query_failure(kind: str, message: str) -> S3GraphError:
    """The s3graph error for a query that pyoxigraph failed with ``kind`` (its class name)."""
    if kind == "SyntaxError":
        return QueryError(f"invalid SPARQL: {message}")
    if kind == "MemoryError":
        return LimitExceededError(
            "the query needed more memory than one query may use and was stopped; "
            "narrow it (filters, LIMIT)"
        )
    if kind == "OSError":
        return StoreError(f"the store failed to answer: {message}")
    return QueryError(
        f"the query failed as it ran: {message}; if it calls SERVICE, check that server's answer"
    )
