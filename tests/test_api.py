"""The public Python surface is pinned."""

from __future__ import annotations

import s3graph


def test_all_is_pinned_and_importable() -> None:
    assert sorted(s3graph.__all__) == sorted(set(s3graph.__all__))
    for name in s3graph.__all__:
        assert getattr(s3graph, name) is not None
    assert {
        "open_store",
        "open_built_store",
        "load_csv",
        "build_store",
        "validate_store",
        "Store",
        "S3GraphError",
        "BadDataError",
    } <= set(s3graph.__all__)
