"""The typed records that CSV rows become (``s3graph.tables``) and triples are made from
(``s3graph.triples``): one dataclass per kind of record, with the line it came from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Date:
    """A date at the precision it was given: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

    text: str

    @property
    def precision(self) -> str:
        return {4: "year", 7: "month", 10: "day"}[len(self.text)]


@dataclass(frozen=True)
class RegionRecord:
    line: int
    nuts_code: str
    name: str
    name_native: str = ""
    level: int | None = None
    country: str = ""
    parent: str = ""
    lat: float | None = None
    lon: float | None = None
    sources: tuple[str, ...] = ()

    @property
    def country_code(self) -> str:
        """The country given, else the first two letters of the NUTS code."""
        return self.country or self.nuts_code[:2]


@dataclass(frozen=True)
class OrganisationRecord:
    line: int
    org_id: str
    name: str
    type: str
    region: str = ""
    website: str = ""
    sources: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class PartnershipRecord:
    line: int
    partnership_id: str
    name: str
    platform: str
    thematic_area: str = ""
    year_established: str = ""
    website: str = ""
    reported_size: str = ""
    reported_regions: int | None = None
    complete: bool | None = None
    note: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class MembershipRecord:
    line: int
    partnership_id: str
    member: str
    member_is_region: bool
    role: str
    since: Date | None = None
    until: Date | None = None
    sources: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class PriorityRecord:
    """A region's S3 priority; ``slug`` identifies the priority (``priority_slug``)."""

    line: int
    nuts_code: str
    priority: str
    slug: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class NutsChangeRecord:
    """One link between a NUTS code of one version and a code of the next (Eurostat's
    correspondence tables); one side is always a NUTS 2021 code."""

    line: int
    from_version: str
    from_code: str
    to_version: str
    to_code: str
    change: str
    from_name: str = ""
    to_name: str = ""
    sources: tuple[str, ...] = ()


Record = (
    RegionRecord
    | OrganisationRecord
    | PartnershipRecord
    | MembershipRecord
    | PriorityRecord
    | NutsChangeRecord
)
