"""Suggestions: the L3 score on small crafted graphs, and suggest() on the bundled data."""

from __future__ import annotations

import dataclasses
import math

import pytest

import s3graph
from s3graph.suggestions import (
    Evidence,
    Ground,
    Ranking,
    Suggestion,
    rank_partnerships,
    rank_regions,
    read_evidence,
)

from bundled import rows


def evidence(
    memberships: set[tuple[str, str]],
    *,
    parents: dict[str, str] | None = None,
    borders: dict[str, frozenset[str]] | None = None,
    priorities: set[tuple[str, str]] | None = None,
    partnerships: tuple[str, ...] = (),
) -> Evidence:
    """Evidence of a crafted graph: names are the codes themselves."""
    regions = {region for region, _ in memberships} | set(parents or {})
    return Evidence(
        memberships=frozenset(memberships),
        partnerships={p: p.upper() for p in {p for _, p in memberships} | set(partnerships)},
        regions={region: region.lower() for region in regions},
        parents=parents or {},
        borders=borders or {},
        priorities=frozenset(priorities or ()),
    )


def by_code(ranking: Ranking) -> dict[str, Suggestion]:
    return {item.code: item for item in ranking.items}


# A and B share p (2 members); B and C share q (2 members); C alone is in r.
CHAIN = {("A", "p"), ("B", "p"), ("B", "q"), ("C", "q"), ("C", "r")}


def test_score_is_l3_the_weighted_paths_of_length_three() -> None:
    ranked = by_code(rank_partnerships(evidence(CHAIN), "A"))
    # A - p - B - q: 1 / sqrt(size(p) * k(B)) = 1 / sqrt(2 * 2); no path of three reaches r
    assert set(ranked) == {"q", "r"}
    assert ranked["q"].score == pytest.approx(0.5)
    assert ranked["r"].score == 0
    for_q = by_code(rank_regions(evidence(CHAIN), "q"))
    # A - p - B - q from the other end: the same path, the same score
    assert for_q["A"].score == pytest.approx(0.5)


def test_a_small_shared_partnership_says_more_than_a_large_one() -> None:
    memberships = {("A", "small"), ("B", "small"), ("B", "x")}
    memberships |= {("A", "large"), ("C", "large"), ("C", "y")}
    memberships |= {(f"L{n}", "large") for n in range(7)}
    ranked = rank_partnerships(evidence(memberships), "A").items
    assert [item.code for item in ranked] == ["x", "y"]
    assert ranked[0].score == pytest.approx(1 / math.sqrt(2 * 2))
    assert ranked[1].score == pytest.approx(1 / math.sqrt(9 * 2))


def test_a_border_counts_as_a_shared_partnership_of_two() -> None:
    borders = {"A": frozenset({"D"}), "D": frozenset({"A"})}
    ranked = by_code(rank_partnerships(evidence(CHAIN | {("D", "s")}, borders=borders), "A"))
    assert ranked["s"].score == pytest.approx(ranked["q"].score * math.sqrt(2))
    (reason,) = ranked["s"].reasons
    assert reason.ground is Ground.BORDERS
    assert reason.text == "1 member borders a: D d"
    assert reason.regions == ("D",)


def test_shared_priorities_count_as_groups_of_the_regions_that_hold_them() -> None:
    priorities = {("A", "Tourism"), ("D", "Tourism"), ("E", "Tourism"), ("A", "Space")}
    ranked = by_code(
        rank_partnerships(evidence(CHAIN | {("D", "s"), ("E", "s")}, priorities=priorities), "A")
    )
    # A and D share Tourism (3 regions), as do A and E; each is in one partnership
    assert ranked["s"].score == pytest.approx(2 / math.sqrt(3))
    (reason,) = ranked["s"].reasons
    assert reason.ground is Ground.PRIORITIES
    assert reason.text == "2 members share S3 priorities with a: D d (Tourism), E e (Tourism)"


def test_reasons_name_the_alike_members_and_add_up_to_the_score() -> None:
    borders = {"A": frozenset({"C"}), "C": frozenset({"A"})}
    item = by_code(rank_partnerships(evidence(CHAIN, borders=borders), "A"))["r"]
    assert [reason.ground for reason in item.reasons] == [Ground.BORDERS]
    memberships = CHAIN | {("A", "q2"), ("C", "q2")}
    item = by_code(rank_partnerships(evidence(memberships, borders=borders), "A"))["r"]
    shared, border = item.reasons
    assert shared.text == "1 of the 2 regions that share a partnership with a is a member: C c (q2)"
    assert border.text == "1 member borders a: C c"
    assert item.score == pytest.approx(shared.score + border.score)


def test_what_nothing_links_is_ranked_by_size_and_says_so() -> None:
    memberships = CHAIN | {("D", "big"), ("E", "big"), ("F", "big")}
    ranking = rank_partnerships(evidence(memberships, partnerships=("empty",)), "A")
    ranked = ranking.items
    assert [item.code for item in ranked] == ["q", "big", "r", "empty"]
    assert ranking.candidates == 4
    first = rank_partnerships(evidence(memberships, partnerships=("empty",)), "A", top=2)
    assert first == Ranking(ranked[:2], 4)
    (reason,) = ranked[1].reasons
    assert reason.ground is Ground.SIZE
    assert reason.text == (
        "no member shares a partnership, a border or an S3 priority with a: "
        "ranked by its 3 member regions"
    )
    assert ranked[1].size == 3


def test_a_region_takes_part_through_the_regions_above_and_below_it() -> None:
    parents = {"A1": "A", "A11": "A1"}
    memberships = {("A", "p"), ("B", "p"), ("B", "q"), ("A11", "t"), ("C", "t"), ("C", "u")}
    ranked = by_code(rank_partnerships(evidence(memberships, parents=parents), "A1"))
    # A1 is in p through A and in t through A11: neither is suggested, q and u are
    assert set(ranked) == {"q", "u"}
    assert {region for item in ranked.values() for region in item.reasons[0].regions} == {
        "B",
        "C",
    }
    # nor is A11 suggested to p, whose member A contains it
    assert "A11" not in by_code(rank_regions(evidence(memberships, parents=parents), "p"))


def test_regions_for_a_partnership() -> None:
    borders = {"A": frozenset({"C"}), "C": frozenset({"A"})}
    ranked = rank_regions(evidence(CHAIN, borders=borders), "p").items
    assert [item.code for item in ranked] == ["C"]
    shared, border = ranked[0].reasons
    assert shared.text == "shares partnerships with 1 of the 2 member regions: B b (q)"
    assert border.text == "borders 1 of the 2 member regions: A a"
    assert ranked[0].size == 2


def test_suggest_partnerships_for_aragon(built_store: s3graph.Store) -> None:
    found = s3graph.suggest(built_store, region="aragon", top=5)
    assert str(found.subject) == "Aragón (ES24)"
    assert found.suggested == "partnership"
    codes = [item.code for item in found.items]
    assert len(codes) == 5
    assert not {"im-ccre", "im-h2valleys", "im-mobility"} & set(codes)
    partnerships = s3graph.count_summary(built_store).dicts()[1]["count"]
    assert found.candidates == partnerships - 3
    scores = [item.score for item in found.items]
    assert scores == sorted(scores, reverse=True)
    for item in found.items:
        assert item.score == pytest.approx(sum(reason.score for reason in item.reasons))
        assert all(reason.text for reason in item.reasons)
    borders = next(
        reason for item in found.items for reason in item.reasons if reason.ground == "borders"
    )
    assert set(borders.regions) <= {"ES22", "ES23", "ES41", "ES42", "ES51", "ES52"}


def test_suggest_regions_for_hydrogen_valleys(built_store: s3graph.Store) -> None:
    found = s3graph.suggest(built_store, partnership="im-h2valleys", top=200)
    codes = {item.code for item in found.items}
    members = {"ES24", "FRD", "FRK", "NL1"}
    assert not members & codes
    # Groningen (NL11) is in a partnership of its own, and inside member Noord-Nederland
    assert "NL11" not in codes
    assert len(codes) == found.candidates
    table = found.to_results()
    assert table.variables == ["rank", "code", "region", "score", "partnerships", "reasons"]
    first = table.dicts()[0]
    assert first["rank"] == 1 and first["reasons"].startswith("shares partnerships with")


def test_suggest_takes_one_of_region_and_partnership(built_store: s3graph.Store) -> None:
    with pytest.raises(ValueError, match="not both or neither"):
        s3graph.suggest(built_store)
    with pytest.raises(ValueError, match="not both or neither"):
        s3graph.suggest(built_store, region="ES24", partnership="im-h2valleys")
    with pytest.raises(s3graph.UnknownNameError, match="ES99"):
        s3graph.suggest(built_store, region="ES99")


def test_evidence_holds_the_bundled_priorities(built_store: s3graph.Store) -> None:
    priorities = read_evidence(built_store).priorities
    assert {region for region, _ in priorities} == {"ITC4"}
    assert ("ITC4", "Eco - Industry") in priorities
    assert len(priorities) == len(rows("priorities.csv"))


def test_a_region_in_no_partnership_takes_part_through_the_region_above_it(
    built_store: s3graph.Store,
) -> None:
    found = s3graph.suggest(built_store, region="ES243", top=50)  # Zaragoza, inside Aragón
    assert str(found.subject) == "Zaragoza (ES243)"
    assert not {"im-ccre", "im-h2valleys", "im-mobility"} & {item.code for item in found.items}
    assert len(found.items) == found.candidates


def test_evidence_asked_again_ranks_as_the_first_time_and_a_changed_copy_anew() -> None:
    chain = evidence(CHAIN)
    first = [(item.code, item.score) for item in rank_regions(chain, "p").items]
    assert [(item.code, item.score) for item in rank_regions(chain, "p").items] == first
    bordered = dataclasses.replace(chain, borders={"A": frozenset({"C"}), "C": frozenset({"A"})})
    assert rank_regions(bordered, "p").items[0].reasons[-1].text == (
        "borders 1 of the 2 member regions: A a"
    )
    moved = dataclasses.replace(chain, memberships=frozenset({*CHAIN, ("D", "q")}))
    assert "D" in [item.code for item in rank_regions(moved, "p").items]
    assert "D" not in [item.code for item in rank_regions(chain, "p").items]
