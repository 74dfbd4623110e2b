"""Names resolve to regions, partnerships and organisations (s3graph.resolve)."""

from __future__ import annotations

import pytest

import s3graph
from s3graph.errors import UnknownNameError
from s3graph.namespaces import region_iri
from s3graph.resolve import ANY_NODE, resolve, resolve_partnership, resolve_region

INJECTION = 'ES24" } ; DROP ALL ; #'


@pytest.mark.parametrize(
    "text", ["ES24", "es24", " Es24 ", "Aragón", "aragon", "ARAGON", "ARAGÓN", "aragón"]
)
def test_region_by_code_or_name_any_case_any_accent(built_store: s3graph.Store, text: str) -> None:
    region = resolve_region(built_store, text)
    assert (region.code, region.name, region.level) == ("ES24", "Aragón", 2)
    assert region.iri == region_iri("ES24")
    assert str(region) == "Aragón (ES24)"


def test_region_by_native_name_and_by_punctuation_free_name(built_store: s3graph.Store) -> None:
    assert resolve_region(built_store, "Δυτική Ελλάδα").code == "EL63"
    assert resolve_region(built_store, "emilia romagna").code == "ITH5"


def test_a_name_that_starts_one_label_is_enough(built_store: s3graph.Store) -> None:
    assert resolve_partnership(built_store, "hydrogen").code == "im-h2valleys"
    assert resolve_partnership(built_store, "CCRE-S3").code == "im-ccre"


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        (
            "region",
            "Berlin",
            "region 'Berlin' is ambiguous; did you mean DE3 (Berlin, level 1), "
            "DE30 (Berlin, level 2) or DE300 (Berlin, level 3)?",
        ),
        (
            "partnership",
            "bio",
            "partnership 'bio' is ambiguous; did you mean energy-bioenergy (Bioenergy) "
            "or im-bioeconomy (Bioeconomy)?",
        ),
        (
            "region",
            "Aragn",
            "unknown region 'Aragn'; did you mean ES24 (Aragón, level 2) "
            "or ES514 (Tarragona, level 3)?",
        ),
    ],
)
def test_ambiguous_or_misspelt_names_list_the_candidates(
    built_store: s3graph.Store, kind: str, text: str, message: str
) -> None:
    with pytest.raises(UnknownNameError) as caught:
        resolve(built_store, kind, text)
    assert str(caught.value) == message


def test_unknown_name_without_close_match_says_what_to_give(built_store: s3graph.Store) -> None:
    with pytest.raises(UnknownNameError) as caught:
        resolve_partnership(built_store, "qqqqqq")
    assert str(caught.value).startswith(
        "unknown partnership 'qqqqqq'; give a partnership id such as im-h2valleys or its name"
    )


def test_empty_name_is_refused(built_store: s3graph.Store) -> None:
    with pytest.raises(UnknownNameError, match="no region given"):
        resolve_region(built_store, "  ")


def test_injection_text_is_just_an_unknown_name(built_store: s3graph.Store) -> None:
    with pytest.raises(UnknownNameError, match="unknown region"):
        resolve_region(built_store, INJECTION)


def test_country_is_a_level_zero_region(built_store: s3graph.Store) -> None:
    assert resolve(built_store, "country", "españa").code == "ES"
    assert resolve(built_store, "country", "el").code == "EL"
    assert resolve(built_store, "country", "Eesti").code == "EE"  # EE0 and EE00 share the name
    with pytest.raises(UnknownNameError, match="unknown country 'ES24'"):
        resolve(built_store, "country", "ES24")


def test_organisation_by_id_or_name(built_store: s3graph.Store) -> None:
    assert resolve(built_store, "organisation", "LYONBIOPOLE").name == "Lyonbiopôle"
    assert resolve(built_store, "organisation", "Lyonbiopole").code == "lyonbiopole"
    assert resolve(built_store, "organisation", "Aragón Exterior").code == "aragon-exterior"


def test_a_name_of_any_kind_of_node(built_store: s3graph.Store) -> None:
    assert resolve(built_store, ANY_NODE, "aragón").code == "ES24"
    assert resolve(built_store, ANY_NODE, "IM-H2VALLEYS").kind == "partnership"
    assert resolve(built_store, ANY_NODE, "Lyonbiopole").kind == "organisation"
    with pytest.raises(UnknownNameError) as caught:
        resolve(built_store, ANY_NODE, "qqqqqq")
    assert str(caught.value).startswith(
        "unknown region, partnership or organisation 'qqqqqq'; give a NUTS code such as ES24 "
        "or a region name, a partnership id such as im-h2valleys or its name or an "
        "organisation id such as aragon-exterior or its name"
    )
