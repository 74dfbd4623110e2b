"""The lock of an on-disk store, within one process: readers share it, a writer has it alone.

Between processes (the real case) it is tested in test_concurrency.py and test_crash.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import s3graph
from s3graph.store.lock import StoreLock


def test_readers_share_the_lock_and_a_writer_waits_for_them(tmp_path: Path) -> None:
    with (
        StoreLock(tmp_path, exclusive=False, wait=0),
        StoreLock(tmp_path, exclusive=False, wait=0),
        pytest.raises(s3graph.StoreBusyError) as busy,
    ):
        StoreLock(tmp_path, exclusive=True, wait=0.1)
    assert str(busy.value) == (
        f"the store at {tmp_path} is in use by another s3graph process (waited 0.1 s); "
        "try again when it has finished, or raise --wait"
    )
    with StoreLock(tmp_path, exclusive=True, wait=0), pytest.raises(s3graph.StoreBusyError):
        StoreLock(tmp_path, exclusive=False, wait=0)


def test_the_default_store_is_in_the_per_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("S3GRAPH_STORE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert s3graph.default_location() == str(tmp_path / "data" / "s3graph" / "store")
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert s3graph.default_location() == str(tmp_path / ".local/share/s3graph/store")
    monkeypatch.setenv("S3GRAPH_STORE", "memory")
    assert s3graph.default_location() == "memory"


def test_a_store_dropped_without_close_lets_go_of_its_lock(store_path: Path) -> None:
    store = s3graph.open_store(str(store_path), write=True)
    del store  # no ResourceWarning for the lock file either (warnings are errors here)
    s3graph.open_store(str(store_path), write=True, wait=0).close()
