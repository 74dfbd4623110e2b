"""Load sources into the store: analysts' CSV files, the bundled data, the ontology.

Each source goes into its own named graph, with its provenance, in one transaction. A file
with any fault writes nothing; loading the same file again replaces its graph.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import as_file
from pathlib import Path

from rdflib import Graph, URIRef

from .errors import BadDataError, Fault
from .namespaces import graph_iri, organisation_iri, partnership_iri, region_iri
from .queries import internal_query
from .resources import BUNDLED_FILES, ONTOLOGY_GRAPH_SLUG
from .store import DEFAULT_TIMEOUT, MEMORY, Store, Triple, open_store, store_exists
from .tables import (
    DEFAULT_MAX_ROWS,
    MAX_FAULTS_SHOWN,
    Kind,
    KnownNames,
    MembershipRecord,
    OrganisationRecord,
    PartnershipRecord,
    Record,
    RegionRecord,
    Table,
    read_table,
)
from .triples import membership_iri, provenance_triples, records_to_triples
from .validation import ontology, reference_types, validate_triples

SHACL_MAX_ROWS = 20_000
"""Larger files skip the SHACL check (the CSV reader checks every row anyway)."""
ONTOLOGY_GRAPH = graph_iri(ONTOLOGY_GRAPH_SLUG)
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}(/[A-Za-z0-9][A-Za-z0-9._-]{0,99}){0,4}")


@dataclass(frozen=True)
class LoadReport:
    """What a load did (or, with ``dry_run``, would do)."""

    source: str
    kind: str
    graph: URIRef
    rows: int
    triples: int
    replaced: bool
    dry_run: bool
    shapes_checked: bool


def source_slug(path: Path) -> str:
    """The named-graph slug of a loaded CSV file: ``csv/`` and its lower-cased stem."""
    stem = re.sub(r"[^a-z0-9._-]+", "-", path.stem.lower()).strip("-") or "file"
    return f"csv/{stem}"


def checked_slug(slug: str, path: Path) -> str:
    """A named-graph slug given by the user, refused unless it is safe.

    Safe: parts of letters, digits, ``.``, ``_`` and ``-`` separated by ``/``, each starting
    with a letter or digit (so no ``..``, no empty part, nothing that changes the IRI's
    meaning such as ``#``, ``?``, ``>`` or spaces), and not the ontology's own graph.

    Raises:
        BadDataError: the slug is not safe.
    """
    if _SLUG.fullmatch(slug) and slug != ONTOLOGY_GRAPH_SLUG:
        return slug
    reason = "is reserved for the ontology" if slug == ONTOLOGY_GRAPH_SLUG else "is not safe"
    raise BadDataError(
        [
            Fault(
                str(path),
                0,
                "",
                slug,
                f"the graph name {reason}",
                "use letters, digits, '.', '_' or '-' in parts separated by '/', each "
                "starting with a letter or digit, e.g. --graph csv/my-file",
            )
        ]
    )


def load_csv(
    store: Store,
    path: str | Path,
    *,
    kind: Kind | None = None,
    delimiter: str | None = None,
    graph: str | None = None,
    dry_run: bool = False,
    max_rows: int = DEFAULT_MAX_ROWS,
    progress: Callable[[int], None] | None = None,
) -> LoadReport:
    """Validate one CSV file and write it into its own named graph, all or nothing.

    Args:
        store: an open store (opened for writing unless ``dry_run``).
        path: the CSV file.
        kind: regions, organisations, partnerships or memberships; detected if not given.
        delimiter: ``,`` or ``;``; sniffed if not given.
        graph: the named-graph slug; default ``csv/<file stem>``.
        dry_run: validate and report, write nothing.
        max_rows: refuse files with more data rows.
        progress: called with the number of rows read, every 10,000 rows.

    Raises:
        BadDataError: the file has faults (all listed); nothing was written.
    """
    path = Path(path)
    target = graph_iri(checked_slug(graph, path) if graph else source_slug(path))
    table = read_table(
        path,
        known=known_names(store, excluding=target),
        kind=kind,
        delimiter=delimiter,
        max_rows=max_rows,
        progress=progress,
    )
    provenance = provenance_triples(
        target,
        source=path.name,
        sha256=_sha256(path),
        rows=len(table.records),
        loaded_at=dt.datetime.now(dt.timezone.utc),
    )
    statements = _Statements(table.records, tuple(provenance))
    checked = len(table.records) <= SHACL_MAX_ROWS
    if checked:
        _check_shapes(store, table, records_to_triples(table.records))
    replaced = target in store.named_graphs()
    if dry_run:
        statements.count_all()
    else:
        store.replace_graph(target, statements)
    return LoadReport(
        str(path),
        table.kind.value,
        target,
        len(table.records),
        statements.count,
        replaced,
        dry_run,
        checked,
    )


class _Statements:
    """The triples of a table's records, then its provenance, counted as they go by.

    Iterable more than once, so a store may take two passes without holding them all.
    """

    def __init__(self, records: Sequence[Record], provenance: tuple[Triple, ...]) -> None:
        self.records = records
        self.provenance = provenance
        self.count = 0

    def __iter__(self) -> Iterator[Triple]:
        self.count = 0
        for triple in itertools.chain(records_to_triples(self.records), self.provenance):
            self.count += 1
            yield triple

    def count_all(self) -> None:
        """Go through the triples once, only to count them."""
        for _ in self:
            pass


def load_rdf(store: Store, path: Path, graph: URIRef) -> int:
    """Replace ``graph`` with the triples of an RDF file (format from its extension)."""
    data = Graph().parse(path)
    store.replace_graph(graph, data)
    return len(data)


def build_store(store: Store, *, progress: Callable[[str], None] | None = None) -> list[LoadReport]:
    """Load every bundled data file and the ontology into ``store``, each in its graph.

    The ontology graph is written last, so its presence marks a finished build.
    """
    reports = []
    for bundled in BUNDLED_FILES:
        if progress:
            progress(bundled.name)
        with as_file(bundled.resource) as path:
            if bundled.kind is None:
                load_rdf(store, path, graph_iri(bundled.graph_slug))
            else:
                report = load_csv(store, path, kind=bundled.kind, graph=bundled.graph_slug)
                reports.append(report)
    store.replace_graph(ONTOLOGY_GRAPH, ontology())
    return reports


def known_names(store: Store, *, excluding: URIRef | None = None) -> KnownNames:
    """The region codes, organisation ids and partnership ids defined in the store.

    Names defined in the graph ``excluding`` (the one about to be replaced) are left out.
    """
    names: dict[str, dict[str, str]] = {"region": {}, "organisation": {}, "partnership": {}}
    for kind, name, graph in store.select(internal_query("defined-names")):
        if graph != excluding:
            names[str(kind)][str(name)] = str(graph)
    return KnownNames(
        regions=names["region"],
        organisations=names["organisation"],
        partnerships=names["partnership"],
    )


def _sha256(path: Path) -> str:
    """The SHA-256 of a file, read in pieces."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _check_shapes(store: Store, table: Table, triples: Iterable[Triple]) -> None:
    report = validate_triples(triples, reference=reference_types(store))
    if report.conforms:
        return
    lines = _lines_by_subject(table)
    faults = sorted(
        Fault(
            table.path,
            lines.get(violation.focus, 0),
            "",
            violation.value,
            f"SHACL: {violation.message}",
        )
        for violation in report.violations
    )
    raise BadDataError(faults[:MAX_FAULTS_SHOWN], total=len(faults))


def _lines_by_subject(table: Table) -> dict[str, int]:
    lines: dict[str, int] = {}
    for record in table.records:
        if isinstance(record, RegionRecord):
            subject = region_iri(record.nuts_code)
        elif isinstance(record, OrganisationRecord):
            subject = organisation_iri(record.org_id)
        elif isinstance(record, PartnershipRecord):
            subject = partnership_iri(record.partnership_id)
        else:
            assert isinstance(record, MembershipRecord)
            subject = membership_iri(record)
        lines[str(subject)] = record.line
    return lines


def open_built_store(
    location: str | None = None,
    *,
    write: bool = False,
    wait: float = 10.0,
    timeout: float = DEFAULT_TIMEOUT,
    on_build: Callable[[str], None] | None = None,
) -> Store:
    """Open a store, building it from the bundled data first if it is new.

    Args:
        location: as for ``open_store``.
        write: open it for writing (with the exclusive lock), not for reading.
        wait: seconds to wait for another process to release the store.
        timeout: seconds to wait for a SPARQL server to answer.
        on_build: called with the location when a build starts (for a progress message).
    """
    if location == MEMORY:
        store = open_store(location)
        build_store(store)
        return store
    if not write and store_exists(location):
        store = open_store(location, wait=wait, timeout=timeout)
        if ONTOLOGY_GRAPH in store.named_graphs():
            return store
        store.close()
    store = open_store(location, write=True, wait=wait, timeout=timeout)
    try:
        if ONTOLOGY_GRAPH not in store.named_graphs():
            if on_build:
                on_build(store.location)
            build_store(store)
    except BaseException:
        store.close()
        raise
    if write:
        return store
    store.close()
    return open_store(location, wait=wait, timeout=timeout)
