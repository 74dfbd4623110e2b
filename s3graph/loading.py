"""Load sources into the store: analysts' CSV files and RDF files.

Each source goes into its own named graph, with its provenance, all or nothing. A file
with any fault writes nothing; loading the same file again replaces its graph.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
import stat
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from .choices import NutsVersion
from .errors import BadDataError, Fault
from .namespaces import NUTS_CODE, graph_iri
from .resolve import code_readings, nuts_changes
from .resources import ONTOLOGY_GRAPH_SLUG
from .sparql import internal_query
from .store import Store, Triple
from .tables import (
    DEFAULT_MAX_ROWS,
    CodeReading,
    Kind,
    KnownNames,
    RegionPlace,
    Table,
    read_table,
)
from .triples import provenance_triples
from .validation import validate_triples

SHACL_MAX_ROWS = 20_000
"""Larger files skip the SHACL check: what the CSV reader accepts meets the shapes, as the
property-based test ``test_every_file_the_reader_accepts_meets_the_shapes`` holds."""
READER_CHECKS = "every row checked (columns, values, references, duplicates)"
SHAPES_CHECKED = "SHACL shapes checked"
SHAPES_SKIPPED = (
    f"SHACL shapes not run on more than {SHACL_MAX_ROWS:,} rows (what the reader accepts meets "
    "them; 's3graph validate' checks the whole store)"
)
_REMOVED_ONE_BY_ONE = 100
"""Up to this many things removed by a replace, their references are looked up one by one
(1-5 ms each at 1M triples); more, in one query over the whole graph (0.2-2 s at 1M)."""
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}(/[A-Za-z0-9][A-Za-z0-9._-]{0,99}){0,4}")


@dataclass(frozen=True)
class GraphSource:
    """Where a named graph came from, as its provenance says."""

    file: str
    """The file's name (empty for a graph without provenance)."""
    location: str = ""
    """The ``file:`` IRI of the file (empty for graphs loaded before s3graph kept it)."""
    loaded: str = ""
    """When it was loaded (ISO 8601)."""
    rows: int | None = None

    def __str__(self) -> str:
        if not self.file:
            return "a graph whose source is not recorded"
        where = _local_path(self.location) or self.file
        rows = "" if self.rows is None else f", {self.rows} row{'' if self.rows == 1 else 's'}"
        when = f"{self.loaded[:19].replace('T', ' ')} UTC" if self.loaded else "at an unknown time"
        return f"{where} (loaded {when}{rows})"


@dataclass(frozen=True)
class LoadReport:
    """What a load did (or, with ``dry_run``, would do)."""

    source: str
    kind: str
    graph: URIRef
    rows: int
    triples: int
    previous: GraphSource | None
    """What the graph held before, if the load replaced (or would replace) one."""
    dry_run: bool
    checks: tuple[str, ...]
    """The checks the file passed, in words."""

    @property
    def shapes_checked(self) -> bool:
        """Whether the SHACL shapes were checked (they are not for large files)."""
        return SHAPES_CHECKED in self.checks

    warnings: tuple[Fault, ...] = ()
    """Values read other than as written: a NUTS code of another version, with its line; the
    first ``MAX_FAULTS_SHOWN`` of them, as for faults."""
    warning_count: int = 0
    """How many warnings there are, also those not in ``warnings``."""

    @property
    def replaced(self) -> bool:
        """Whether the load replaced (or would replace) a graph the store held."""
        return self.previous is not None

    def __str__(self) -> str:
        """What the load did, in one sentence (as ``s3graph load`` says it)."""
        replacing = f", replacing {self.previous}" if self.previous else ""
        return (
            f"{'Would load' if self.dry_run else 'Loaded'} {self.rows} {self.kind} "
            f"({self.triples} triples) into {self.graph}{replacing}."
        )


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
    progress: Callable[[int, int], None] | None = None,
    nuts_version: NutsVersion | None = None,
) -> LoadReport:
    """Validate one CSV file and write it into its own named graph, all or nothing.

    A NUTS code of 2016 or 2024 that Eurostat's correspondence maps one-to-one to a NUTS
    2021 region is loaded as that region, with a warning (``LoadReport.warnings``) naming
    both codes; one that was split or merged is a fault listing the candidates.

    Args:
        store: an open store (opened for writing unless ``dry_run``).
        path: the CSV file.
        kind: the kind of records (a ``Kind``); detected if not given.
        delimiter: ``,`` or ``;``; sniffed if not given.
        graph: the named-graph slug; default ``csv/<file stem>``, which replaces a graph
            of that name only if it was loaded from this same file: name another file's
            graph here to replace it.
        dry_run: validate and report, write nothing.
        max_rows: refuse files with more data rows.
        progress: called every 10,000 rows with the rows and the bytes of the file read so
            far.
        nuts_version: the NUTS version of the file's codes, where a code could be of
            several; default: each code in the version that has it (NUTS 2021 first).

    Raises:
        BadDataError: the file has faults (all listed), the default graph holds another
            file, or the replaced graph defines something that other graphs refer to and
            this file does not; nothing was written.
    """
    options = CsvOptions(kind, delimiter, graph, max_rows, nuts_version)
    checked = check_csv(store, path, options, progress=progress)
    return checked.report(dry_run=True) if dry_run else write_csv(store, checked)


@dataclass(frozen=True)
class CsvOptions:
    """How to read a CSV file and where to load it (see ``load_csv``)."""

    kind: Kind | None = None
    delimiter: str | None = None
    graph: str | None = None
    max_rows: int = DEFAULT_MAX_ROWS
    nuts_version: NutsVersion | None = None


@dataclass(frozen=True)
class CheckedCsv:
    """A CSV file read and checked against a store as it was, ready to be written into it."""

    path: Path
    options: CsvOptions
    table: Table
    target: URIRef
    previous: GraphSource | None
    provenance: tuple[Triple, ...]
    checks: tuple[str, ...]
    generation: str | None
    """The store's generation when it was checked (see ``Store.generation``)."""

    def report(self, *, dry_run: bool, triples: int | None = None) -> LoadReport:
        """The report of this file's load (with ``triples`` counted, unless given)."""
        if triples is None:
            statements = _Statements(self.table, self.provenance)
            statements.count_all()
            triples = statements.count
        return LoadReport(
            str(self.path),
            self.table.kind.value,
            self.target,
            len(self.table.records),
            triples,
            self.previous,
            dry_run,
            self.checks,
            tuple(self.table.warnings),
            self.table.warning_count,
        )


def check_csv(
    store: Store,
    path: str | Path,
    options: CsvOptions | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> CheckedCsv:
    """Read and check one CSV file against ``store`` (which may be open for reading only).

    Raises:
        BadDataError: as for ``load_csv``.
    """
    path, options = Path(path), options or CsvOptions()
    generation = store.generation()
    _check_regular_file(path)
    graph = options.graph
    target = graph_iri(checked_slug(graph, path) if graph else source_slug(path))
    location = path.resolve().as_uri()
    defined = defined_names(store)
    readings = code_readings(nuts_changes(store), options.nuts_version)
    table = read_table(
        path,
        known=known_names(defined, excluding=target, readings=readings),
        kind=options.kind,
        delimiter=options.delimiter,
        max_rows=options.max_rows,
        progress=progress,
    )
    previous = graph_source(store, target)
    if previous is not None:
        if graph is None:
            _check_same_file(previous, location, path, target)
        _check_nothing_refers_to_removed(store, table, target, defined)
    provenance = provenance_triples(
        target,
        source=path.name,
        location=location,
        sha256=_sha256(path),
        rows=len(table.records),
        loaded_at=dt.datetime.now(dt.timezone.utc),
    )
    if len(table.records) <= SHACL_MAX_ROWS:
        _check_shapes(store, table)
        checks = (READER_CHECKS, SHAPES_CHECKED)
    else:
        checks = (READER_CHECKS, SHAPES_SKIPPED)
    return CheckedCsv(path, options, table, target, previous, tuple(provenance), checks, generation)


def write_csv(store: Store, checked: CheckedCsv) -> LoadReport:
    """Write a checked file into its graph, all or nothing; checked again first if the store
    changed since (another process wrote to it), so that it is never written unchecked.

    ``check_csv`` on a store open for reading, then ``write_csv`` on the same store open for
    writing, keeps readers waiting only while the file is written, not while it is checked.

    Raises:
        BadDataError: as for ``load_csv``, when checked again.
    """
    if store.generation() != checked.generation:
        checked = check_csv(store, checked.path, checked.options)
    statements = _Statements(checked.table, checked.provenance)
    store.replace_graph(checked.target, statements)
    return checked.report(dry_run=False, triples=statements.count)


def graph_source(store: Store, graph: URIRef) -> GraphSource | None:
    """Where ``graph`` came from; ``None`` if the store has no such graph.

    A graph without provenance (the ontology, an RDF file) has an empty ``file``.
    """
    if graph not in store.named_graphs():
        return None
    for file, location, loaded, rows in store.select(
        internal_query("graph-source"), {"graph": graph}
    ):
        return GraphSource(
            str(file),
            str(location or ""),
            str(loaded or ""),
            None if rows is None else int(str(rows)),
        )
    return GraphSource("")


def _check_regular_file(path: Path) -> None:
    """Refuse a named pipe or a device, which cannot be read twice (to check it, then to
    take its checksum) and has no location to record: a load of one would hang."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # the reader says what is wrong with the path
    if not stat.S_ISREG(mode):
        what = "a named pipe" if stat.S_ISFIFO(mode) else "a directory or a device"
        hint = "save the data to a CSV file first, and load that file"
        raise BadDataError([Fault(str(path), 0, "", "", f"{what}, not a file", hint)])


def _check_same_file(previous: GraphSource, location: str, path: Path, graph: URIRef) -> None:
    """Refuse to let a file replace, under the name taken from its own, another file's graph.

    ``2024/memberships.csv`` would otherwise silently replace ``2023/memberships.csv``.
    """
    if not previous.location or previous.location == location:
        return
    slug = source_slug(path)
    beside = f"{slug}-{source_slug(path.resolve().parent).removeprefix('csv/')}"
    raise BadDataError(
        [
            Fault(
                str(path),
                0,
                "",
                "",
                f"graph {graph} holds another file, {previous}",
                f"load this one beside it with --graph {beside}, or replace that one by "
                f"naming its graph: --graph {slug}",
            )
        ]
    )


def _check_nothing_refers_to_removed(
    store: Store, table: Table, graph: URIRef, defined: list[DefinedName]
) -> None:
    """Refuse a replace that removes a region, partnership or organisation still referred to.

    The regions, partnerships and organisations that ``graph`` defines and ``table`` does
    not are removed by the replace; a triple of another graph that mentions one would be
    left dangling (a membership of a partnership that is gone). A reload that removes
    nothing costs no query; a few removed things are looked up one by one, many at once.
    """
    kept = _lines_by_subject(table)
    removed = {
        name.iri: name for name in defined if name.graph == graph and str(name.iri) not in kept
    }
    if not removed:
        return
    query = internal_query("references-into-graph")
    if len(removed) <= _REMOVED_ONE_BY_ONE:
        answers = [store.select(query, {"replaced": graph, "thing": iri}) for iri in removed]
    else:
        answers = [store.select(query, {"replaced": graph})]
    uses = [
        (removed[URIRef(str(thing))], URIRef(str(other)), int(str(count)))
        for answer in answers
        for thing, other, count in answer
        if URIRef(str(thing)) in removed
    ]
    files = {other: graph_source(store, other) for other in {other for _, other, _ in uses}}
    faults = []
    for thing, other, count in uses:
        source = files[other]
        file = source.file if source else ""
        faults.append(
            Fault(
                table.path,
                0,
                "",
                "",
                f"this file removes {thing.kind} {thing.name}, but {count} triples of graph "
                f"{other}{f' ({file})' if file else ''} refer to it",
                f"keep {thing.name} in this file, or first remove what refers to it from "
                f"{file or 'that graph'} and reload it",
            )
        )
    faults.sort()
    if faults:
        raise BadDataError(faults)


def _local_path(location: str) -> str:
    """The path of a ``file:`` IRI ("" for anything else)."""
    parts = urllib.parse.urlsplit(location)
    return urllib.request.url2pathname(parts.path) if parts.scheme == "file" else ""


class _Statements:
    """The triples of a table's records, then its provenance, counted as they go by."""

    def __init__(self, table: Table, provenance: tuple[Triple, ...]) -> None:
        self.table = table
        self.provenance = provenance
        self.count = 0

    def __iter__(self) -> Iterator[Triple]:
        self.count = 0
        for triple in itertools.chain(self.table.triples(), self.provenance):
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


@dataclass(frozen=True)
class DefinedName:
    """A region code, organisation id or partnership id, the IRI it names, and its graph."""

    kind: str
    name: str
    graph: URIRef
    iri: URIRef
    place: RegionPlace | None = None
    """Where a region sits in the NUTS hierarchy (``None`` for anything else)."""


def defined_names(store: Store) -> list[DefinedName]:
    """Every region code (with its place), organisation id and partnership id defined in the
    store, read in one query (as text: at the bundled scale its 2,500 rows took longer to
    become rdflib terms than to be found)."""
    names = []
    for kind, name, graph, iri, level, country, parent in store.select_texts(
        internal_query("defined-names")
    ):
        assert kind is not None and name is not None and graph is not None and iri is not None
        place = _region_place(name, level, country, parent) if kind == "region" else None
        names.append(DefinedName(kind, name, URIRef(graph), URIRef(iri), place))
    return names


def _region_place(
    code: str, level: str | None, country: str | None, parent: str | None
) -> RegionPlace:
    """Where a region sits, from its level, country and parent (IRIs) as the store has them."""
    return RegionPlace(
        None if level is None else int(level),
        _nuts_code(country) or code[:2],
        _nuts_code(parent),
    )


def known_names(
    defined: Iterable[DefinedName],
    *,
    excluding: URIRef | None = None,
    readings: dict[str, CodeReading] | None = None,
) -> KnownNames:
    """The names a file may refer to, each with the graph that defines it, and where the
    regions sit in the NUTS hierarchy; ``readings`` say how NUTS codes of other versions
    read (``resolve.code_readings``).

    What the graph ``excluding`` (the one about to be replaced) defines is left out.
    """
    names: dict[str, dict[str, str]] = {"region": {}, "organisation": {}, "partnership": {}}
    places: dict[str, RegionPlace] = {}
    for defined_name in defined:
        if defined_name.graph != excluding:
            names[defined_name.kind][defined_name.name] = str(defined_name.graph)
            if defined_name.place is not None:
                places[defined_name.name] = defined_name.place
    return KnownNames(
        regions=names["region"],
        organisations=names["organisation"],
        partnerships=names["partnership"],
        places=places,
        code_readings=readings or {},
    )


def _nuts_code(region: str | None) -> str:
    """The NUTS code of a region's IRI ("" for none)."""
    return "" if region is None else region.removeprefix(str(NUTS_CODE))


def _sha256(path: Path) -> str:
    """The SHA-256 of a file, read in pieces."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _check_shapes(store: Store, table: Table) -> None:
    report = validate_triples(table.triples(), reference=store)
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
    raise BadDataError(faults)


def _lines_by_subject(table: Table) -> dict[str, int]:
    """The line of each record, by the IRI it describes."""
    return {str(table.spec.subject(record)): record.line for record in table.records}
