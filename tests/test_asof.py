"""Memberships as of a date (``--as-of``, ``as_of=``): which memberships count, and what is
counted without dates, on crafted memberships and on the bundled data."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import s3graph
from s3graph.asof import AsOf
from s3graph.catalogue import list_queries
from s3graph.errors import QueryError
from s3graph.sparql import internal_query, question_text

from conftest import DATA, Cli

CRAFTED = DATA / "as-of"


@pytest.fixture(scope="module")
def crafted() -> Iterator[s3graph.Store]:
    """The bundled data and three crafted partnerships (set up in 2015, in 2020, in a year
    not known) whose memberships have dates of every precision, or none."""
    store = s3graph.open_built_store("memory")
    for name in ("partnerships", "memberships"):
        s3graph.load_csv(store, CRAFTED / f"{name}.csv", graph=f"csv/as-of-{name}")
    yield store
    store.close()


def crafted_members(store: s3graph.Store, as_of: str | None) -> set[str]:
    """``partnership:member`` of every crafted membership counted, ``+u`` when undated."""
    found = set()
    for partnership in ("t-2015", "t-2020", "t-unknown"):
        for row in s3graph.regions_of_partnership(store, partnership, as_of=as_of).dicts():
            flag = "u" if row.get("undated") == "yes" else ""
            found.add(f"{partnership}:{row['code']}{flag}")
    return found


EXPECTED = {
    # ES24 leads t-2015 from 2016 to 2018-06; ITC4 until 2017 (from 2015, the year of
    # t-2015); FRK since 2019-03-15; NL33 undated (from 2015). In t-2020: PT11 undated (from
    # 2020), DE91C since 2018 (its own date, before the partnership's year). In t-unknown:
    # SE33 undated (always), FI1D7 until 2019-12-31, ES24 from 2017-09 to 2017-09-30. A
    # trailing u: counted undated.
    as_of: set(members.split())
    for as_of, members in {
        "2015": "t-2015:ITC4 t-2015:NL33u t-unknown:FI1D7 t-unknown:SE33u",
        "2016": "t-2015:ES24 t-2015:ITC4 t-2015:NL33u t-unknown:FI1D7 t-unknown:SE33u",
        "2017-09-15": "t-2015:ES24 t-2015:NL33u t-unknown:ES24 t-unknown:FI1D7 t-unknown:SE33u",
        "2018-05": "t-2015:ES24 t-2015:NL33u t-2020:DE91C t-unknown:FI1D7 t-unknown:SE33u",
        "2018-06": "t-2015:NL33u t-2020:DE91C t-unknown:FI1D7 t-unknown:SE33u",
        "2019-03-14": "t-2015:NL33u t-2020:DE91C t-unknown:FI1D7 t-unknown:SE33u",
        "2019-03-15": "t-2015:FRK t-2015:NL33u t-2020:DE91C t-unknown:FI1D7 t-unknown:SE33u",
        "2019": "t-2015:FRK t-2015:NL33u t-2020:DE91C t-unknown:SE33u",
        "2020": "t-2015:FRK t-2015:NL33u t-2020:DE91C t-2020:PT11u t-unknown:SE33u",
    }.items()
}


@pytest.mark.parametrize("as_of", EXPECTED)
def test_memberships_active_on_a_date(crafted: s3graph.Store, as_of: str) -> None:
    assert crafted_members(crafted, as_of) == EXPECTED[as_of]


def test_without_a_date_every_membership_counts_and_nothing_is_flagged(
    crafted: s3graph.Store,
) -> None:
    members = crafted_members(crafted, None)
    assert len(members) == 9 and not any(member.endswith("u") for member in members)


def test_a_membership_that_ended_before_the_date_is_left_out(crafted: s3graph.Store) -> None:
    before = s3graph.partnerships_of_region(crafted, "ES24", as_of="2018-05").dicts()
    after = s3graph.partnerships_of_region(crafted, "ES24", as_of="2018-06").dicts()
    assert "t-2015" in {row["id"] for row in before}
    assert "t-2015" not in {row["id"] for row in after}


def test_pairs_count_only_memberships_active_then(crafted: s3graph.Store) -> None:
    def shared(as_of: str) -> dict[tuple[str, str], tuple[int, int]]:
        rows = s3graph.region_pairs(crafted, top=None, as_of=as_of).dicts()
        return {(row["code_1"], row["code_2"]): (row["shared"], row["undated"]) for row in rows}

    # NL33 and DE91C share nothing; NL33 (undated) and FRK (dated) share t-2015 from 2019
    assert shared("2019")[("FRK", "NL33")] == (1, 1)
    assert ("FRK", "NL33") not in shared("2018")
    assert ("ES24", "NL33") in shared("2017") and ("ES24", "NL33") not in shared("2019")


def test_dates_are_checked() -> None:
    for text in ("2019-13", "19", "2019/06", "2019-02-29", ""):
        with pytest.raises(QueryError, match="is not a date; give YYYY, YYYY-MM or YYYY-MM-DD"):
            AsOf.parse(text)
    assert AsOf.parse("2020-02-29").text == "2020-02-29"


def test_a_date_is_bound_as_a_value(crafted: s3graph.Store) -> None:
    with pytest.raises(QueryError, match=r"parameter as_of: .* is not a date"):
        s3graph.run_query(crafted, "regions-of-partnership", partnership="t-2015", as_of='2019" }')


AS_OF_QUESTIONS = [query for query in list_queries() if "as_of" in {p.name for p in query.params}]


@pytest.mark.parametrize("query", AS_OF_QUESTIONS, ids=lambda query: query.name)
def test_every_question_that_takes_a_date_flags_what_is_undated(
    built_store: s3graph.Store, query: s3graph.NamedQuery
) -> None:
    examples = {"role": "lead", "minimum": "2", "organisation": "ecrn", "region": "FR"}
    params = {
        param.name: examples.get(param.name, "im-h2valleys")
        for param in query.params
        if not param.optional
    }
    every = s3graph.run_query(built_store, query.name, **params)
    then = s3graph.run_query(built_store, query.name, **params, as_of="2019")
    assert "undated" not in every.variables
    assert then.variables == [*every.variables, "undated"]
    assert len(then) <= len(every)


def test_the_bundled_memberships_as_of_dates(built_store: s3graph.Store) -> None:
    """Energy Solar's two co-leads of 2018-03-09 are dated; its other members are not."""
    rows = s3graph.regions_of_partnership(built_store, "energy-solar", as_of="2018-03").dicts()
    dated = {(row["code"], row["role"]) for row in rows if row["undated"] == ""}
    assert dated == {("ES43", "co-lead"), ("PT18", "co-lead")}
    earlier = s3graph.regions_of_partnership(built_store, "energy-solar", as_of="2018-03-08")
    assert {row["undated"] for row in earlier.dicts()} == {"yes"}
    set_up_2020 = s3graph.partnerships_of_region(built_store, "ES24", as_of="2019")
    assert "im-ccre" not in {row["id"] for row in set_up_2020.dicts()}


def test_views_and_maps_say_what_is_undated(crafted: s3graph.Store) -> None:
    graph = s3graph.bipartite_network(crafted, focus="t-2015", as_of="2019", measures=False)
    assert set(graph) == {"partnership:t-2015", "region:FRK", "region:NL33"}
    assert "As of 2019: 1 of the 2 memberships counted have no dates" in graph.graph["description"]
    assert "memberships as of 2019" in graph.graph["filters"]
    assert graph.edges["region:NL33", "partnership:t-2015"]["years"] == "undated"
    drawn = s3graph.region_map(crafted, partnership="t-2015", as_of="2016")
    assert {region.code for region in drawn.data.regions} >= {"ES24", "ITC4", "NL33"}
    assert "memberships as of 2016" in drawn.data.caption
    assert "1 of the 3 memberships counted have no dates" in drawn.data.caption


def test_cli_as_of(run: Cli) -> None:
    result = run("regions", "--partnership", "energy-solar", "--as-of", "2018-03")
    assert result.exit_code == 0, result.output
    assert re.match(
        r"Solar Energy \(energy-solar\): \d+ member regions as of 2018-03\n", result.stderr
    )
    assert re.search(
        r"As of 2018-03: \d+ of the \d+ memberships counted have no dates", result.stderr
    )
    assert result.stdout.splitlines()[0].split()[-1] == "undated"
    assert "undated" not in run("regions", "--partnership", "energy-solar").stdout
    rows = run.json("partnerships", "--as-of", "2017")
    assert "im-ccre" not in {row["id"] for row in rows}  # set up in 2020
    assert all(isinstance(row["undated"], int) for row in rows)
    assert run.json("pairs", "--as-of", "2018", "--top", "3")[0]["undated"] >= 0


def test_cli_as_of_is_a_usage_error_when_not_a_date(tmp_path: Path) -> None:
    result = Cli(tmp_path / "unused")("pairs", "--as-of", "2018-13")
    assert result.exit_code == 2
    assert "Invalid value for '--as-of': '2018-13' is not a date" in result.output


def test_every_include_is_replaced_by_its_block() -> None:
    folder = Path(s3graph.__file__).parent / "queries"
    texts = [question_text(path.stem) for path in folder.glob("*.rq")]
    texts += [internal_query(path.stem) for path in (folder / "internal").glob("*.rq")]
    assert sum("# -- end of as-of" in text for text in texts) >= 10
    assert not any("#include" in text for text in texts)
