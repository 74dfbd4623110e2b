"""Output files written safely: whole or not at all, never by destroying what a path names.

``open_output(path)`` gives a binary file to write into. What happens to ``path`` depends on
what it is:

- nothing yet, or a regular file: the content goes into a new file beside it, under a fresh
  random name that no other file has, which replaces ``path`` only once it is complete and
  on disk. Any error on the way (a full disk, a file size limit, a failing writer) leaves the
  old file as it was and removes the new one.
- a symbolic link: followed; the file it points to is replaced and the link kept.
- a character device or a named pipe (``/dev/null``, ``/dev/stdout``, a FIFO): written in
  place, as a shell redirection writes it; nothing is ever renamed over it.
- a directory, a socket or a block device: refused.
"""

from __future__ import annotations

import io
import os
import secrets
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .errors import OutputError

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

__all__ = ["open_output"]


@contextmanager
def open_output(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file that writes ``path`` when the ``with`` block ends without an error.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "out.txt"
    >>> with open_output(target) as file:
    ...     _ = file.write(b"hello")
    >>> target.read_bytes()
    b'hello'

    Raises:
        OutputError: ``path`` cannot be written (it is a directory, the disk is full, ...);
            a regular file at ``path`` is left as it was.
    """
    path = Path(path)
    try:
        status: os.stat_result | None = path.stat()
    except FileNotFoundError:
        status = None
    except OSError as err:  # a part of the path is not a directory, a symlink loop, ...
        raise OutputError(f"cannot write {path}: {err.strerror}") from err
    if status is None or stat.S_ISREG(status.st_mode):
        with _replacing(path, status) as file:
            yield file
    elif stat.S_ISCHR(status.st_mode) or stat.S_ISFIFO(status.st_mode):
        with _in_place(path) as file:
            yield file
    else:
        raise OutputError(
            f"will not write {path}: it is {_kind_of(status.st_mode)}; give the name of a file"
        )


class _Writer(io.BufferedWriter):
    """A buffered file that remembers the error writing it failed with, if it did.

    A writer (pyoxigraph, networkx) may turn that error into one of its own: the remembered
    one says the fault is the file's.
    """

    failure: OSError | None = None

    def write(self, data: ReadableBuffer, /) -> int:
        try:
            return super().write(data)
        except OSError as err:
            self.failure = err
            raise

    def flush(self) -> None:
        try:
            super().flush()
        except OSError as err:
            self.failure = err
            raise


@contextmanager
def _replacing(path: Path, status: os.stat_result | None) -> Iterator[BinaryIO]:
    """Write a new file beside the (real) ``path`` and rename it over ``path`` at the end."""
    target = Path(os.path.realpath(path))
    outcome = f"{path} is unchanged" if status else "nothing was written"
    if status is not None and not os.access(target, os.W_OK):
        raise OutputError(f"cannot write {path}: permission denied")
    fd, temporary = _create_beside(target, path)
    try:
        with _written(fd, path, outcome, sync=True) as file:
            yield file
        try:
            if status is not None:
                _copy_owner_and_mode(status, temporary)
            if target.exists() and not target.is_file():
                raise OutputError(f"will not write {path}: it is no longer a regular file")
            os.replace(temporary, target)
        except OSError as err:
            raise _failed(path, err, outcome) from err
    finally:
        with suppress(FileNotFoundError):
            os.unlink(temporary)


@contextmanager
def _in_place(path: Path) -> Iterator[BinaryIO]:
    """Write a character device or a named pipe as it is (blocks until a pipe has a reader)."""
    try:
        fd = os.open(path, os.O_WRONLY)
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror}") from err
    with _written(fd, path, "what it received is incomplete", sync=False) as file:
        yield file


@contextmanager
def _written(fd: int, path: Path, outcome: str, *, sync: bool) -> Iterator[BinaryIO]:
    """``fd`` as a buffered file, flushed (and with ``sync`` on disk) and closed at the end.

    A failure to write it, in the writer or at the end, is an ``OutputError`` that names
    ``path`` and says ``outcome``; the writer's other errors pass through.
    """
    file = _Writer(io.FileIO(fd, "wb"))
    try:
        try:
            yield file
        except BaseException as err:
            if file.failure is not None:
                raise _failed(path, file.failure, outcome) from err
            raise
        try:
            if file.failure is not None:  # the writer went on after a failed write
                raise file.failure
            file.flush()
            if sync:
                os.fsync(fd)
            file.close()
        except OSError as err:
            raise _failed(path, err, outcome) from err
    finally:
        with suppress(OSError):
            file.close()


def _create_beside(target: Path, path: Path) -> tuple[int, Path]:
    """A new, empty file in ``target``'s directory, under a name no file had.

    It is created with the permissions a new file gets (umask applied), never over an
    existing file: a name that exists is skipped, not reused.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL  # not inherited by child processes (PEP 446)
    while True:
        temporary = target.with_name(f".{target.name[:200]}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
        except OSError as err:
            raise OutputError(
                f"cannot write {path}: {err.strerror} (creating a new file in {target.parent})"
            ) from err


def _copy_owner_and_mode(status: os.stat_result, temporary: Path) -> None:
    """Give the new file the permissions (and, where allowed, the owner) of the old one."""
    os.chmod(temporary, stat.S_IMODE(status.st_mode))
    if sys.platform == "win32":  # no owner ids
        return
    new = temporary.stat()
    if (new.st_uid, new.st_gid) != (status.st_uid, status.st_gid):
        with suppress(PermissionError):
            os.chown(temporary, status.st_uid, status.st_gid)


def _failed(path: Path, err: OSError, outcome: str) -> OutputError:
    return OutputError(f"cannot write {path}: {err.strerror or err}; {outcome}")


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISBLK(mode):
        return "a block device (a disk)"
    return "not a regular file"
