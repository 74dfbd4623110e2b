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
>>> [(row["relation"], row["code"], row["change"]) for row in region_history(store, "PT17").dicts()]
[('successor', 'PT1A', 'split'), ('successor', 'PT1B', 'split')]
"""

from __future__ import annotations

from functools import partial

from rdflib import Literal

from .asof import AsOf
from .catalogue import run_query
from .resolve import Entity, nuts_changes, resolve_region
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


def region_history(store: Store, code: str) -> Results:
    """The predecessors and successors of a NUTS code in Eurostat's correspondence tables.

    One row a link to a code of the version before (``predecessor``) or after
    (``successor``): its ``version``, ``code`` and ``name``, and the ``change`` (recoded,
    boundary-shift, split, merged). The code may be of NUTS 2016, 2021 or 2024 (``BE324``,
    ``PT17``, ``PT1A``) or a region's name; a region that did not change between NUTS 2016
    and 2024 has no rows.

    Raises:
        UnknownNameError: the text is no code of the correspondence and no region.
    """
    # the whole correspondence, read once a generation of the store
    changes = store.remembered("questions.nuts-changes", partial(nuts_changes, store))
    text = code.strip().upper()
    if not any(text in (change.from_code, change.to_code) for change in changes):
        text = resolve_region(store, code).code
    rows = []
    for change in changes:
        if change.to_code == text:
            other = (change.from_version, change.from_code, change.from_name)
            rows.append(("predecessor", *other, change.change))
        if change.from_code == text:
            other = (change.to_version, change.to_code, change.to_name)
            rows.append(("successor", *other, change.change))
    return Results(
        ["relation", "version", "code", "name", "change"],
        [tuple(map(Literal, row)) for row in sorted(rows)],
    )
