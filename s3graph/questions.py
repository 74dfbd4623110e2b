"""The questions analysts ask most, as functions.

They are what ``s3graph regions``, ``s3graph partnerships`` and ``s3graph pairs`` call.

Names are resolved as in ``s3graph.names`` (code, id or name; any case; accents optional).
Each function returns ``Results``: ``.dicts()`` for plain rows, ``.to_pandas()`` for a
DataFrame when pandas is installed.

>>> import s3graph
>>> store = s3graph.open_built_store("memory")
>>> rows = s3graph.run_query(store, "regions-of-partnership", partnership="im-h2valleys")
>>> rows.variables
['code', 'region', 'level', 'country', 'role', 'since', 'until']
>>> [row["code"] for row in rows.dicts()]
['ES24', 'FRD', 'FRK', 'NL1', 'NO071', 'NO0A2', 'NO0A3']
>>> [row["id"] for row in partnerships_of_region(store, "Aragón").dicts()]
['im-ccre', 'im-h2valleys', 'im-mobility']
>>> regions_of_partnership(store, "hydrogen valleys").dicts()[0]["region"]
'Aragón'
>>> region_pairs(store, top=1).variables
['code_1', 'region_1', 'code_2', 'region_2', 'shared', 'partnerships']
"""

from __future__ import annotations

from rdflib import Literal

from .choices import DEFAULT_TOP_PAIRS as DEFAULT_TOP_PAIRS
from .comembership import member_region_pairs, member_regions
from .names import Entity, resolve, resolve_area, resolve_platform
from .queries.catalogue import run_query
from .results import Results
from .store import Store


def regions_of_partnership(store: Store, partnership: str | Entity) -> Results:
    """The regions of a partnership, with NUTS level, country, role and membership dates.

    Args:
        store: the store to ask.
        partnership: an id (``im-h2valleys``), a name, or a resolved ``Entity``.

    Raises:
        UnknownNameError: no partnership, or several, match (the message lists candidates).
    """
    value = partnership.iri if isinstance(partnership, Entity) else partnership
    return run_query(store, "regions-of-partnership", partnership=value)


def partnerships_of_region(store: Store, region: str | Entity) -> Results:
    """The partnerships of a region, also those joined through a parent or sub-region.

    Column ``via`` is ``direct`` for the region's own memberships, otherwise the NUTS code of
    the member region that contains it or lies inside it (``via_region`` is its name).

    Args:
        store: the store to ask.
        region: a NUTS code (``ES24``), a name (``Aragón``), or a resolved ``Entity``.

    Raises:
        UnknownNameError: no region, or several, match (the message lists candidates).
    """
    value = region.iri if isinstance(region, Entity) else region
    return run_query(store, "partnerships-of-region", region=value)


def region_pairs(
    store: Store,
    *,
    platform: str | None = None,
    area: str | None = None,
    country: str | None = None,
    top: int | None = DEFAULT_TOP_PAIRS,
) -> Results:
    """Pairs of regions ranked by how many partnerships they share, and which.

    The member regions and their partnerships are fetched in one query and the pairs counted
    with sparse matrix algebra (``s3graph.comembership``), never with a SPARQL self-join.

    Args:
        store: the store to ask.
        platform: count only partnerships of this platform (slug or name).
        area: count only partnerships of this thematic area (slug or name).
        country: count only member regions in this country (NUTS code or name).
        top: how many pairs to return; ``None`` for all.

    Raises:
        UnknownNameError: an unknown platform, area or country (with candidates).
    """
    regions = member_regions(
        store,
        platform=resolve_platform(platform) if platform else None,
        area=resolve_area(area) if area else None,
        country=resolve(store, "country", country).code if country else None,
    )
    by_code = {region.code: region for region in regions}
    rows = []
    for pair in member_region_pairs(regions, top=top):
        first, second = by_code[pair.first], by_code[pair.second]
        shared = " ".join(sorted(first.partnerships & second.partnerships))
        values = (first.code, first.name, second.code, second.name, pair.shared, shared)
        rows.append(tuple(Literal(value) for value in values))
    return Results(["code_1", "region_1", "code_2", "region_2", "shared", "partnerships"], rows)
