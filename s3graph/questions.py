"""The questions analysts ask most, as functions.

They are what ``s3graph regions`` and ``s3graph partnerships`` call; ``s3graph pairs`` calls
``s3graph.computed.region_pairs``.

Names are resolved as in ``s3graph.resolve`` (code, id or name; any case; accents optional).
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
"""

from __future__ import annotations

from .asof import AsOf
from .catalogue import run_query
from .resolve import Entity
from .results import Results
from .store import Store


def regions_of_partnership(
    store: Store, partnership: str | Entity, *, as_of: AsOf | str | None = None
) -> Results:
    """The regions of a partnership, with NUTS level, country, role and membership dates.

    Args:
        store: the store to ask.
        partnership: an id (``im-h2valleys``), a name, or a resolved ``Entity``.
        as_of: only the memberships active on this date (``s3graph.asof``); column
            ``undated`` then says which were counted without dates.

    Raises:
        UnknownNameError: no partnership, or several, match (the message lists candidates).
        QueryError: ``as_of`` is not a date.
    """
    value = partnership.iri if isinstance(partnership, Entity) else partnership
    return run_query(store, "regions-of-partnership", partnership=value, as_of=as_of)


def partnerships_of_region(
    store: Store, region: str | Entity, *, as_of: AsOf | str | None = None
) -> Results:
    """The partnerships of a region, also those joined through a parent or sub-region.

    Column ``via`` is ``direct`` for the region's own memberships, otherwise the NUTS code of
    the member region that contains it or lies inside it (``via_region`` is its name).

    Args:
        store: the store to ask.
        region: a NUTS code (``ES24``), a name (``Aragón``), or a resolved ``Entity``.
        as_of: only the memberships active on this date (``s3graph.asof``); column
            ``undated`` then says which were counted without dates.

    Raises:
        UnknownNameError: no region, or several, match (the message lists candidates).
        QueryError: ``as_of`` is not a date.
    """
    value = region.iri if isinstance(region, Entity) else region
    return run_query(store, "partnerships-of-region", region=value, as_of=as_of)
