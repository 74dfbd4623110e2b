"""The one store the explorer reads, held open while it runs, and reopened to write.

An on-disk store is opened for reading once, at start-up (and built from the bundled data
then if it is new), so a page costs no opening; another s3graph process that wants to write
it waits while the explorer runs, as it does for ``s3graph serve``. A load through the
explorer closes it, writes with the exclusive lock and opens it again. Requests take their
turn at the store one at a time: the store answers one query at a time anyway.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import TracebackType

from ..build import open_built_store
from ..choices import DEFAULT_MAX_RESULTS, DEFAULT_TIMEOUT, DEFAULT_WAIT
from ..store import Store, StoreKind, parse_location


class SharedStore:
    """The explorer's store: ``reading()`` and ``writing()`` lend it to one request at a time.

    It is the store at ``location``, opened on first use; or a ``store`` already open, which
    the caller closes (an in-memory store, in tests, which is written as it is read).
    """

    def __init__(
        self,
        location: str | None = None,
        *,
        store: Store | None = None,
        wait: float = DEFAULT_WAIT,
        timeout: float = DEFAULT_TIMEOUT,
        max_results: int = DEFAULT_MAX_RESULTS,
        on_build: Callable[[str], None] | None = None,
    ) -> None:
        self.location = parse_location(location)
        self.wait = wait
        self.timeout = timeout
        self.max_results = max_results
        self.on_build = on_build
        self._lock = threading.Lock()
        self._store = store
        self._given = store is not None

    def open(self) -> None:
        """Open the store now (building it first if it is new), rather than on first use."""
        with self._lock:
            self._opened()

    def reading(self) -> _Lease:
        """The store, for reading, while no other request uses it (``with ... as store``)."""
        return _Lease(self, write=False)

    def writing(self) -> _Lease:
        """The store opened for writing (with its exclusive lock); then for reading again."""
        return _Lease(self, write=True)

    def close(self) -> None:
        """Close the store (a later request opens it again)."""
        with self._lock:
            self._close()

    def _opened(self) -> Store:
        if self._store is None:
            self._store = open_built_store(
                self.location, wait=self.wait, timeout=self.timeout, on_build=self.on_build
            )
            self._store.max_results = self.max_results
        return self._store

    def _for_writing(self) -> Store:
        if self._given or self.location.kind is StoreKind.MEMORY:
            return self._opened()
        self._close()
        return open_built_store(self.location, write=True, wait=self.wait, timeout=self.timeout)

    def _close(self) -> None:
        if self._store is not None and not self._given:
            self._store.close()
            self._store = None


class _Lease:
    """The store lent to one request, under the lock.

    An error leaves without the frames it was raised in, dropped here, on the request's
    thread: those frames may hold pyoxigraph's objects (an answer being read when a limit was
    hit), which must be dropped on the thread that made them, where the server would drop
    them on its own. (``contextlib.contextmanager`` would put the frames back on the error.)
    """

    def __init__(self, shared: SharedStore, *, write: bool) -> None:
        self.shared = shared
        self.write = write
        self.store: Store | None = None

    def __enter__(self) -> Store:
        self.shared._lock.acquire()
        try:
            self.store = self.shared._for_writing() if self.write else self.shared._opened()
        except BaseException:
            self.shared._lock.release()
            raise
        return self.store

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            while error is not None:
                error.__traceback__ = None
                error = error.__cause__ or error.__context__
            if self.store is not None and self.store is not self.shared._store:
                self.store.close()  # the store opened for writing
        finally:
            self.shared._lock.release()
