"""Output files: written whole or not at all, never by destroying what the path names.

In the library, then through ``export -o`` and ``view -o`` into devices, pipes, a file size
limit and a full file system.
"""

from __future__ import annotations

import os
import resource
import shutil
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest

from s3graph.errors import OutputError
from s3graph.output_file import open_output

from conftest import Cli


def write(path: Path, content: bytes) -> None:
    with open_output(path) as file:
        file.write(content)


def test_a_new_file_gets_the_permissions_of_any_new_file(tmp_path: Path) -> None:
    target = tmp_path / "out.nq"
    mask = os.umask(0o027)
    try:
        write(target, b"new")
    finally:
        os.umask(mask)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["out.nq"]


def test_a_file_is_replaced_keeping_its_permissions_and_the_users_other_files(
    tmp_path: Path,
) -> None:
    target = tmp_path / "out.nq"
    target.write_bytes(b"old")
    target.chmod(0o604)
    (tmp_path / "out.nq.part").write_bytes(b"the user's own")
    write(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert (tmp_path / "out.nq.part").read_bytes() == b"the user's own"
    assert sorted(os.listdir(tmp_path)) == ["out.nq", "out.nq.part"]


def test_a_failing_writer_leaves_the_old_file_and_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "out.nq"
    target.write_bytes(b"old")
    with pytest.raises(KeyError), open_output(target) as file:
        file.write(b"half of it")
        raise KeyError("the writer's own error")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["out.nq"]


def test_a_symlink_is_written_through(tmp_path: Path) -> None:
    (tmp_path / "real.nq").write_bytes(b"old")
    link = tmp_path / "link.nq"
    link.symlink_to("real.nq")
    write(link, b"new")
    assert link.is_symlink()
    assert (tmp_path / "real.nq").read_bytes() == b"new"
    dangling = tmp_path / "dangling.nq"
    dangling.symlink_to("made.nq")
    write(dangling, b"made")
    assert dangling.is_symlink()
    assert (tmp_path / "made.nq").read_bytes() == b"made"
    assert sorted(os.listdir(tmp_path)) == ["dangling.nq", "link.nq", "made.nq", "real.nq"]


def test_a_named_pipe_is_written_as_a_pipe(tmp_path: Path) -> None:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(path.read_bytes()), daemon=True)
    reader.start()
    write(path, b"through the pipe")
    reader.join(10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(path.stat().st_mode)
    assert os.listdir(tmp_path) == ["pipe"]


def test_a_directory_and_a_socket_are_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"it is a directory; give the name of a file$"):
        write(tmp_path, b"x")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "sock"))
        with pytest.raises(OutputError, match=r"sock: it is a socket; give the name of a file"):
            write(tmp_path / "sock", b"x")
    with pytest.raises(OutputError, match=r"cannot write .*: Not a directory$"):
        write(tmp_path / "sock" / "below", b"x")


def test_a_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root may write any file")
    target = tmp_path / "kept.nq"
    target.write_bytes(b"old")
    target.chmod(0o444)
    with pytest.raises(OutputError, match="permission denied"):
        write(target, b"new")
    assert target.read_bytes() == b"old"


# -- through the commands ---------------------------------------------------------------


def test_export_writes_a_named_pipe_as_a_pipe(store_path: Path, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = Cli(store_path)("export", "--format", "nq", "-o", str(pipe))
    reader.join(10)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert os.listdir(tmp_path) == sorted(["pipe", "store"])
    assert len(list(ox.parse(received[0], format=ox.RdfFormat.N_QUADS))) > 20_000


def device(name: str, tmp_path: Path) -> Path:
    """``/dev/NAME``, or where root may make one, a twin of it under ``tmp_path``.

    Root could rename over the real device; a twin (same driver) keeps a regression from
    destroying the machine's own. Others cannot touch ``/dev`` at all.
    """
    real = Path("/dev", name)
    twin = tmp_path / name
    try:
        os.mknod(twin, stat.S_IFCHR | 0o666, real.stat().st_rdev)
        with twin.open("wb"):
            pass
    except OSError:
        twin.unlink(missing_ok=True)
        return real
    return twin


def test_dev_null_is_written_as_a_device(store_path: Path, tmp_path: Path) -> None:
    null = device("null", tmp_path)
    result = Cli(store_path)("export", "-o", str(null))
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(null.stat().st_mode)


@pytest.mark.parametrize("command", [["export"], ["view", "region-network"]])
def test_dev_full_is_a_full_disk_error(
    store_path: Path, tmp_path: Path, command: list[str]
) -> None:
    full = device("full", tmp_path)
    line = Cli(store_path).error(*command, "-o", str(full))
    assert line == (
        f"Error: cannot write {full}: No space left on device; what it received is incomplete"
    )
    assert stat.S_ISCHR(full.stat().st_mode)


def in_child(
    store: Path,
    command: Sequence[str],
    *,
    limit: int = resource.RLIM_INFINITY,
    prefix: Sequence[str] = (),
) -> subprocess.CompletedProcess[str]:
    """A real ``s3graph`` process, its file size limited to ``limit`` bytes."""

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    s3graph = [sys.executable, "-m", "s3graph", "--store", str(store)]
    return subprocess.run(
        [*prefix, *s3graph, *command],
        preexec_fn=limited,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "command", [["export", "--format", "nq"], ["view", "region-network"]], ids=["export", "view"]
)
def test_a_file_size_limit_leaves_the_old_file(
    store_path: Path, tmp_path: Path, command: list[str]
) -> None:
    target = tmp_path / "out"
    target.write_text("old\n")
    done = in_child(store_path, [*command, "-o", str(target)], limit=300_000)
    assert done.returncode == 1
    assert done.stderr == f"Error: cannot write {target}: File too large; {target} is unchanged\n"
    assert target.read_text() == "old\n"
    assert sorted(os.listdir(tmp_path)) == ["out", "store"]


def test_a_full_file_system_leaves_the_old_file(store_path: Path, tmp_path: Path) -> None:
    """A real full disk: a 1 MB tmpfs, mounted in a mount namespace of the export's own."""
    small = tmp_path / "small"
    small.mkdir()
    unshare = shutil.which("unshare")
    probe = [unshare or "unshare", "--mount", "mount", "-t", "tmpfs", "tmpfs", str(small)]
    if not unshare or subprocess.run(probe, capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root and unshare)")
    target = small / "out.nq"
    script = (
        f"mount -t tmpfs -o size=1m tmpfs {small} && echo old > {target} || exit 99; "
        f'"$@"; status=$?; cat {target}; ls -A {small}; exit $status'
    )
    done = in_child(
        store_path,
        ["export", "--format", "nq", "-o", str(target)],
        prefix=[unshare, "--mount", "sh", "-c", script, "sh"],
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr == (
        f"Error: cannot write {target}: No space left on device; {target} is unchanged\n"
    )
    assert done.stdout == "old\nout.nq\n"
