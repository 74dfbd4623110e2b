"""The lock of an on-disk store: one writer, or any number of readers, and no one waits for ever.

A writer holds the lock exclusively and readers share it; a process that ends, however it
ends, releases it. It is the operating system's own lock on the file ``s3graph.lock`` in the
store directory, taken through portalocker: ``flock`` on Linux and macOS, ``LockFileEx`` on
Windows. On Linux and macOS the lock belongs to the open file, so a child process that
inherits it (the Oxigraph server of ``s3graph serve``) holds it as long as it runs.
"""

from __future__ import annotations

import time
from pathlib import Path
from types import TracebackType

import portalocker

from ..errors import StoreBusyError, StoreError
from .base import checked_seconds

LOCK_FILE = "s3graph.lock"
_POLL_SECONDS = 0.05


class StoreLock:
    """The lock of the store in ``directory``, held from creation until ``release``.

    Args:
        directory: the store directory (it must exist).
        exclusive: take it for writing (alone), else for reading (shared).
        wait: seconds to wait for another process to let go, a finite number, 0 or more.

    Raises:
        StoreBusyError: another process kept it for longer than ``wait``.
        ValueError: ``wait`` is not a finite number, 0 or more.
    """

    def __init__(self, directory: Path, *, exclusive: bool, wait: float) -> None:
        checked_seconds(wait, what="wait")
        mode = portalocker.LockFlags.EXCLUSIVE if exclusive else portalocker.LockFlags.SHARED
        self._file = (directory / LOCK_FILE).open("a+b")
        deadline = time.monotonic() + wait
        while True:
            try:
                portalocker.lock(self._file, mode | portalocker.LockFlags.NON_BLOCKING)
                return
            except portalocker.AlreadyLocked:
                if time.monotonic() >= deadline:
                    self._file.close()
                    raise StoreBusyError(
                        f"the store at {directory} is in use by another s3graph process "
                        f"(waited {wait:g} s); try again when it has finished, or raise --wait"
                    ) from None
            except portalocker.LockException as err:
                self._file.close()
                raise StoreError(f"cannot lock the store at {directory}: {err}") from err
            time.sleep(_POLL_SECONDS)

    def fileno(self) -> int:
        """The descriptor of the open lock file (for a child process to inherit the lock)."""
        return self._file.fileno()

    def release(self) -> None:
        """Let go of the lock (again: nothing)."""
        if not self._file.closed:
            portalocker.unlock(self._file)
            self._file.close()

    def __del__(self) -> None:
        # A store dropped without being closed lets go of its lock with it; closing the file
        # is enough for the system (and needs no module, even at interpreter exit).
        if (file := getattr(self, "_file", None)) is not None:
            file.close()

    def __enter__(self) -> StoreLock:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()
