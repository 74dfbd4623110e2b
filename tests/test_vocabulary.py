"""Platforms, areas, roles, organisation types and coverage, matched as people type them
(s3graph.vocabulary); the Turtle is checked against the same lists in test_ontology_files."""

from __future__ import annotations

import pytest

from s3graph.errors import UnknownNameError
from s3graph.vocabulary import (
    AREAS,
    COVERAGE,
    ORGANISATION_TYPES,
    PLATFORMS,
    ROLES,
    did_you_mean,
    fold,
)


@pytest.mark.parametrize(
    ("vocabulary", "text", "slug"),
    [
        (PLATFORMS, "Energy", "energy"),
        (PLATFORMS, "ENERGY", "energy"),
        (PLATFORMS, " energy ", "energy"),
        (PLATFORMS, "industrial modernisation", "industrial-modernisation"),
        (PLATFORMS, "Industrial_Modernisation", "industrial-modernisation"),
        (PLATFORMS, "agrifood", None),
        (PLATFORMS, "Agri food", "agri-food"),
        (AREAS, "Cultural and Creative Industries", "cci"),
        (AREAS, "CCI", "cci"),
        (ROLES, "Co-Lead", "co-lead"),
        (ROLES, "co lead", "co-lead"),
        (ORGANISATION_TYPES, "Public body", "public-body"),
        (ORGANISATION_TYPES, "regional network", "network"),
        (COVERAGE, "COMPLETE", "complete"),
    ],
)
def test_a_term_by_slug_or_label_any_case_accents_and_punctuation_optional(
    vocabulary: object, text: str, slug: str | None
) -> None:
    term = vocabulary.find(text)  # type: ignore[attr-defined]
    assert (term and term.slug) == slug


def test_an_unknown_term_names_the_closest_or_every_slug() -> None:
    with pytest.raises(UnknownNameError) as caught:
        PLATFORMS.resolve("enrgy")
    assert str(caught.value) == "unknown platform 'enrgy'; did you mean energy?"
    with pytest.raises(UnknownNameError) as caught:
        ROLES.resolve("boss")
    assert str(caught.value) == (
        "unknown role 'boss'; use one of: lead, co-lead, member, observer, initiator, associate"
    )
    assert AREAS.hint("Cultural industries") == "did you mean cci?"


def test_fold_ignores_case_accents_and_punctuation() -> None:
    assert fold("  Provence-Alpes-Côte d’Azur ") == "provence alpes cote d azur"  # noqa: RUF001
    assert fold("Straße") == "strasse"
    assert fold("ARAGÓN") == fold("aragon")


def test_did_you_mean_lists_up_to_three_close_names_once_each() -> None:
    assert did_you_mean("ES99", ["ES24", "ES23", "FI1D7"], cutoff=0.5) == (
        "did you mean ES24 or ES23?"
    )
    assert did_you_mean("berlin", [("Berlin", "DE3"), ("berlin", "DE30"), ("Bern", "CH")]) == (
        "did you mean DE3, DE30 or CH?"
    )
    assert did_you_mean("zzz", ["energy"]) == ""
