"""Limits: an input or a result over its limit fails, naming the limit and the option to
raise it, before it can exhaust memory."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import Graph

import s3graph
from s3graph.loading import load_csv
from s3graph.store.base import DEFAULT_MAX_RESULTS
from s3graph.tables import MAX_FIELD_CHARS, MAX_LINE_CHARS, KnownNames, read_table

from conftest import Cli, quads

MEMBERSHIP_ROW = "im-h2valleys,ES24,member\n"


def memberships_file(path: Path, rows: int) -> Path:
    """A memberships file with ``rows`` data rows (the same row: reading stops first)."""
    with path.open("w", encoding="utf-8") as file:
        file.write("partnership_id,member,role\n")
        for _ in range(rows):
            file.write(MEMBERSHIP_ROW)
    return path


def peak_memory(action: Callable[[], object]) -> int:
    """The most memory Python held (bytes) while ``action`` ran."""
    tracemalloc.start()
    try:
        action()
    except s3graph.S3GraphError:
        pass
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def test_a_file_over_the_row_limit_fails_naming_the_limit_and_the_option(
    built_store: s3graph.Store, tmp_path: Path
) -> None:
    path = memberships_file(tmp_path / "many.csv", 4)
    before = built_store.quad_count()
    with pytest.raises(s3graph.LimitExceededError) as caught:
        load_csv(built_store, path, max_rows=3)
    assert str(caught.value) == (
        f"{path}: more than 3 data rows; raise the limit with --max-rows if this is intended"
    )
    assert built_store.quad_count() == before


def test_cli_row_limit_is_one_error_line_and_writes_nothing(run: Cli, tmp_path: Path) -> None:
    path = memberships_file(tmp_path / "many.csv", 4)
    before = quads(run.location)
    result = run("load", str(path), "--max-rows", "3")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {path}: more than 3 data rows; raise the limit with --max-rows if this "
        "is intended\n"
    )
    assert quads(run.location) == before


def test_a_huge_file_over_the_row_limit_is_refused_without_being_read_whole(
    tmp_path: Path,
) -> None:
    path = memberships_file(tmp_path / "huge.csv", 1_000_000)  # 25 MB
    known = KnownNames(regions={"ES24": "g"}, partnerships={"im-h2valleys": "g"})
    peak = peak_memory(lambda: read_table(path, known=known, max_rows=100))
    assert peak < 2_000_000, f"{peak:,} bytes held for a file of {path.stat().st_size:,}"
    with pytest.raises(s3graph.LimitExceededError, match="more than 100 data rows"):
        read_table(path, known=known, max_rows=100)


def test_a_file_without_line_breaks_is_refused_without_being_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "one-line.csv"
    path.write_text("partnership_id,member,role," + "x" * 30_000_000, encoding="utf-8")
    with pytest.raises(s3graph.BadDataError) as caught:
        read_table(path, known=KnownNames())
    assert str(caught.value.faults[0]).startswith(
        f"{path}:1: line longer than {MAX_LINE_CHARS:,} characters"
    )
    peak = peak_memory(lambda: read_table(path, known=KnownNames()))
    assert peak < 4 * MAX_LINE_CHARS + 2_000_000


def test_a_200_kb_quoted_field_loads_whole(memory_store: s3graph.Store, tmp_path: Path) -> None:
    """Past the csv module's own field limit (131,072 characters), up to the line limit."""
    note = ('a "quoted" note, with commas\nand lines; ' * 5_000)[:200_000]
    path = tmp_path / "long-note.csv"
    quoted = note.replace('"', '""')
    path.write_text(f'partnership_id,member,role,note\nim-h2valleys,PT11,observer,"{quoted}"\n')
    report = load_csv(memory_store, path)
    assert report.rows == 1
    (stored,) = memory_store.select(
        "SELECT ?note WHERE { GRAPH ?g { ?m a s3:Membership ; skos:note ?note } }",
        {"g": report.graph},
    )
    assert str(stored[0]) == note.strip()


def test_a_field_over_the_limit_names_it_and_suspects_an_open_quote(tmp_path: Path) -> None:
    path = tmp_path / "open-quote.csv"
    lines = "\n".join(["x" * 100_000] * 17)  # no line over the limit, the field over it
    path.write_text(f'partnership_id,member,role,note\nim-h2valleys,ES24,member,"{lines}\n')
    with pytest.raises(s3graph.BadDataError) as caught:
        read_table(path, known=KnownNames())
    assert [str(fault) for fault in caught.value.faults] == [
        f"{path}:2: a field longer than {MAX_FIELD_CHARS:,} characters; is a quote left open? "
        "check the quoting"
    ]


@pytest.fixture
def limited_store(built_store: s3graph.Store) -> Iterator[s3graph.Store]:
    """The bundled store, allowed 10 results per query for the test."""
    built_store.max_results = 10
    yield built_store
    built_store.max_results = DEFAULT_MAX_RESULTS


LIMIT_MESSAGE = (
    "the query returned more than 10 results (the result limit); narrow it (filters, LIMIT) "
    "or raise the limit with --max-results"
)


def test_a_select_over_the_result_limit_fails_naming_the_limit_and_the_option(
    limited_store: s3graph.Store,
) -> None:
    with pytest.raises(s3graph.LimitExceededError) as caught:
        limited_store.select("SELECT ?r WHERE { ?r a s3:Region }")
    assert str(caught.value) == LIMIT_MESSAGE
    assert len(limited_store.select("SELECT ?r WHERE { ?r a s3:Region } LIMIT 10")) == 10


def test_a_construct_over_the_result_limit_fails_too(limited_store: s3graph.Store) -> None:
    with pytest.raises(s3graph.LimitExceededError, match="more than 10 results"):
        limited_store.query("CONSTRUCT { ?r a s3:Region } WHERE { ?r a s3:Region }")
    small = limited_store.query("CONSTRUCT { ?r a s3:Region } WHERE { ?r a s3:Region } LIMIT 3")
    assert isinstance(small, Graph) and len(small) == 3


def test_the_default_result_limit_is_a_million_rows() -> None:
    assert s3graph.open_store("memory").max_results == DEFAULT_MAX_RESULTS == 1_000_000


def test_cli_result_limit_is_one_error_line_and_the_option_raises_it(run: Cli) -> None:
    result = run("stats", "--format", "json", "--max-results", "2")
    assert result.exit_code == 1
    assert result.output == (
        "Error: the query returned more than 2 results (the result limit); narrow it "
        "(filters, LIMIT) or raise the limit with --max-results\n"
    )
    assert run("stats", "--format", "json", "--max-results", "100").exit_code == 0
