"""Read and validate the CSV files analysts load (DESIGN §4) into typed records.

A file holds one kind of record, detected from its header or named by the caller. Every
fault of the file is collected with its line, column, value and a hint; a file with any
fault raises ``BadDataError`` and yields no records. A file is read as it is parsed, so one
over the row limit (or with an absurdly long line) fails without being held in memory.

Each kind of record has one ``RecordSpec`` in ``SPECS``: its columns, the converter of a row
into a record, the key that finds duplicates, the record's subject IRI and its triples, and
any check of the whole file. Reading, loading and the mapping of SHACL results back to lines
all go through it, so adding a kind means adding a record class (``s3graph.records``), its
triples (``s3graph.triples``), a converter and a spec here, and a ``Kind``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from rdflib import URIRef

from .choices import DEFAULT_MAX_ROWS as DEFAULT_MAX_ROWS
from .choices import GRAPH_NUTS_VERSION, NutsVersion
from .choices import Kind as Kind
from .errors import BadDataError, Fault, FaultLog, Hint, LimitExceededError
from .namespaces import organisation_iri, partnership_iri, region_iri, regional_priority_iri
from .records import (
    Date,
    MembershipRecord,
    NutsChangeRecord,
    OrganisationRecord,
    PartnershipRecord,
    PriorityRecord,
    Record,
    RegionRecord,
)
from .triples import (
    NUTS_CHANGES,
    Triple,
    membership_iri,
    membership_triples,
    nuts_change_triples,
    organisation_triples,
    partnership_triples,
    priority_triples,
    region_triples,
)
from .vocabulary import (
    AREAS,
    COVERAGE,
    ORGANISATION_TYPES,
    PLATFORMS,
    ROLES,
    Term,
    Vocabulary,
    did_you_mean,
    either,
    priority_slug,
)

MAX_LINE_CHARS = 1_600_000
MAX_FIELD_CHARS = MAX_LINE_CHARS
"""A field may be as long as a line (and a quoted field spanning lines no longer)."""
_FOREIGN_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


@dataclass(frozen=True)
class Columns:
    """The required and optional columns of one kind."""

    required: tuple[str, ...]
    optional: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return self.required + self.optional


@dataclass(frozen=True)
class RegionPlace:
    """Where a region sits in the NUTS hierarchy: its level (if known), country and parent
    (NUTS codes; no parent is "")."""

    level: int | None
    country: str
    parent: str


@dataclass(frozen=True)
class CodeReading:
    """What a NUTS code of another version stands for in the graph's NUTS 2021, as
    ``s3graph.resolve.code_readings`` reads Eurostat's correspondence: the region it loads as
    (with ``message`` as a warning), or none (``message`` is then the fault)."""

    region: str
    message: str
    hint: str = ""


@dataclass(frozen=True)
class KnownNames:
    """What the records of a file may refer to: names in the store, each with its source,
    and how the NUTS codes of other versions read (they take precedence over ``regions``)."""

    regions: Mapping[str, str] = field(default_factory=dict)
    organisations: Mapping[str, str] = field(default_factory=dict)
    partnerships: Mapping[str, str] = field(default_factory=dict)
    places: Mapping[str, RegionPlace] = field(default_factory=dict)
    """Where the regions of the store sit in the hierarchy, by code."""
    code_readings: Mapping[str, CodeReading] = field(default_factory=dict)


@dataclass
class Table:
    """The valid records of one file."""

    path: str
    kind: Kind
    records: list[Record] = field(default_factory=list)
    warnings: list[Fault] = field(default_factory=list)
    """Located notes on values read other than as written (a NUTS code of another version),
    the first ``MAX_FAULTS_SHOWN`` of them, as for faults."""
    warning_count: int = 0
    """How many warnings there are, also those not kept in ``warnings``."""

    @property
    def spec(self) -> RecordSpec[Any]:
        return SPECS[self.kind]

    def triples(self) -> Iterator[Triple]:
        """The triples that state the records, one record after another."""
        return itertools.chain.from_iterable(map(self.spec.triples, self.records))


_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
_NUTS = re.compile(r"^[A-Z]{2}[A-Z0-9]{0,3}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters but tab, LF, CR
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`]')


def detect_kind(header: list[str]) -> Kind | None:
    """The kind whose required columns best match ``header``, if one clearly does.

    A header with a misspelt column still names its kind, so the column can be reported.

    >>> detect_kind(["partnership_id", "member", "rol"])
    <Kind.MEMBERSHIPS: 'memberships'>
    """
    names = {name.strip().lower() for name in header}
    scores = {kind: len(set(spec.columns.required) & names) for kind, spec in SPECS.items()}
    best = max(scores.values())
    winners = [kind for kind, score in scores.items() if score == best]
    return winners[0] if best >= 2 and len(winners) == 1 else None


def read_table(
    path: str | Path,
    *,
    known: KnownNames,
    kind: Kind | None = None,
    delimiter: str | None = None,
    max_rows: int = DEFAULT_MAX_ROWS,
    progress: Callable[[int, int], None] | None = None,
) -> Table:
    """Read, clean and validate one CSV file.

    Args:
        path: the CSV file.
        known: names the records may refer to (regions, organisations, partnerships).
        kind: the kind of records; detected from the header when not given.
        delimiter: ``,`` or ``;``; sniffed from the header when not given.
        max_rows: refuse files with more data rows than this.
        progress: called every 10,000 rows with the rows and the bytes of the file read so
            far.

    Raises:
        BadDataError: the file has faults; every one is listed, located.
        LimitExceededError: the file has more than ``max_rows`` rows.
    """
    reader = _Reader(str(path), known)
    with _open_text(Path(path), reader.name) as text, _csv_field_limit(MAX_FIELD_CHARS):
        return reader.read(text, kind, delimiter, max_rows, progress)


@contextmanager
def _csv_field_limit(limit: int) -> Iterator[None]:
    """The csv module's field limit (a global one, 131,072 by default) set while reading."""
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _open_text(path: Path, name: str) -> io.TextIOWrapper[io.BufferedReader]:
    """The file as UTF-8 text (a BOM is fine), read as it is parsed, line endings kept."""
    try:
        binary = path.open("rb")
    except FileNotFoundError:
        raise BadDataError([Fault(name, 0, "", "", "file not found")]) from None
    except OSError as err:
        raise BadDataError([Fault(name, 0, "", "", f"cannot read file: {err.strerror}")]) from err
    start = binary.peek(4)[:4]
    for mark, encoding in _FOREIGN_BYTE_ORDER_MARKS:
        if start.startswith(mark):
            binary.close()
            raise BadDataError(
                [
                    Fault(
                        name,
                        1,
                        "",
                        "",
                        f"the file is {encoding} (it starts with a {encoding} byte-order mark)",
                        "save it as UTF-8 (in a spreadsheet program: 'CSV UTF-8')",
                    )
                ]
            )
    return io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")


def _not_utf8_fault(path: Path, name: str) -> Fault:
    """Where the first byte that is not UTF-8 is: its line, offset and the bytes there."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = newlines = 0
    with path.open("rb") as binary:
        while True:
            chunk = binary.read(1 << 16)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as err:
                carried = len(err.object) - len(chunk)  # an unfinished character before
                before = err.object[: err.start]
                return Fault(
                    name,
                    newlines + before.count(b"\n") + 1,
                    "",
                    repr(err.object[err.start : err.start + 4])[2:-1],
                    f"not UTF-8 (byte {offset - carried + err.start})",
                    "save the file as UTF-8",
                )
            if not chunk:  # the file changed while it was read
                return Fault(name, 0, "", "", "not UTF-8", "save the file as UTF-8")
            offset += len(chunk)
            newlines += chunk.count(b"\n")


class _Reader:
    """Collects the faults of one file while it turns rows into records."""

    def __init__(self, name: str, known: KnownNames) -> None:
        self.name = name
        self.known = known
        self.faults = FaultLog(name)
        self.warnings = FaultLog(name)

    @property
    def fault_count(self) -> int:
        return self.faults.total

    def fault(self, line: int, column: str, value: str, message: str, hint: Hint = "") -> None:
        self.faults.add(line, column, value, message, hint)

    def warn(self, line: int, column: str, value: str, message: str) -> None:
        self.warnings.add(line, column, value, message)

    def fail_if_faulty(self) -> None:
        if self.fault_count:
            raise BadDataError(self.faults.shown, total=self.faults.total)

    def read(
        self,
        text: io.TextIOWrapper[io.BufferedReader],
        kind: Kind | None,
        delimiter: str | None,
        max_rows: int,
        progress: Callable[[int, int], None] | None,
    ) -> Table:
        lines = self._lines(text)
        first = next(lines, "")
        if not first.strip() and not any(line.strip() for line in lines):
            self.fault(1, "", "", "the file is empty", "add a header row and data rows")
            self.fail_if_faulty()
        delimiter = delimiter or _sniff_delimiter(first)
        rows = csv.reader(itertools.chain([first], lines), delimiter=delimiter, strict=True)
        try:
            header = [column.strip().lower() for column in next(rows)]
        except csv.Error as err:
            self.fault(1, "", "", f"cannot parse the header: {err}")
            self.fail_if_faulty()
            raise AssertionError("unreachable") from err
        kind = self._kind(header, kind, delimiter)
        table = Table(self.name, kind)
        spec = SPECS[kind]
        seen: dict[tuple[str, ...], int] = {}
        count = 0
        for line, row in self._rows(rows):
            count += 1
            if count > max_rows:
                raise LimitExceededError(
                    f"{self.name}: more than {max_rows:,} data rows; "
                    "raise the limit with --max-rows if this is intended"
                )
            if progress and count % 10_000 == 0:
                progress(count, text.buffer.tell())
            if len(row) != len(header):
                self.fault(
                    line,
                    "",
                    "",
                    f"{len(row)} fields where the header has {len(header)}",
                    "quote values that contain the delimiter",
                )
                continue
            values = {col: value.strip() for col, value in zip(header, row, strict=True)}
            record = spec.convert(self, line, values)
            if record is None:
                continue
            key = spec.key(record)
            if key in seen:
                self.fault(line, "", ", ".join(key), f"duplicate of line {seen[key]}")
                continue
            seen[key] = line
            table.records.append(record)
        if count == 0 and not self.fault_count:
            self.fault(2, "", "", "no data rows after the header")
        if spec.check:
            spec.check(self, table.records)
        self.fail_if_faulty()
        table.warnings, table.warning_count = self.warnings.shown, self.warnings.total
        return table

    def _lines(self, text: io.TextIOWrapper) -> Iterator[str]:
        """The lines of the file, with their line endings.

        A NUL byte, a line over ``MAX_LINE_CHARS`` or a byte that is not UTF-8 stops the
        reading with a located fault.
        """
        number = 0
        while True:
            try:
                line = text.readline(MAX_LINE_CHARS + 2)
            except UnicodeDecodeError:
                where = _not_utf8_fault(Path(self.name), self.name)
                self.fault(where.line, where.column, where.value, where.message, where.hint)
                self.fail_if_faulty()
            if not line:
                return
            number += 1
            if "\x00" in line:
                self.fault(
                    number,
                    "",
                    "\\x00",
                    "NUL byte in file",
                    "the file is not a text CSV; if it is UTF-16, save it as UTF-8",
                )
                self.fail_if_faulty()
            if len(line.rstrip("\r\n")) > MAX_LINE_CHARS:
                self.fault(
                    number,
                    "",
                    line[:20] + "...",
                    f"line longer than {MAX_LINE_CHARS:,} characters",
                    "is this a CSV file?",
                )
                self.fail_if_faulty()
            yield line

    def _rows(self, rows: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
        while True:
            line = rows.line_num + 1  # type: ignore[attr-defined]
            try:
                row = next(rows)
            except StopIteration:
                return
            except csv.Error as err:
                if str(err).startswith("field larger than field limit"):
                    self.fault(
                        line,
                        "",
                        "",
                        f"a field longer than {MAX_FIELD_CHARS:,} characters",
                        "is a quote left open? check the quoting",
                    )
                else:
                    self.fault(line, "", "", f"CSV syntax error: {err}", "check the quoting")
                return
            if not any(value.strip() for value in row):
                continue
            yield line, row

    def _kind(self, header: list[str], kind: Kind | None, delimiter: str) -> Kind:
        if kind is None:
            kind = detect_kind(header)
        if kind is None:
            self.fault(
                1,
                "",
                delimiter.join(header)[:200],
                "cannot tell the kind of file from its header",
                f"give --kind, or use the columns of {either([kind.value for kind in SPECS])} "
                "(see the README)",
            )
            self.fail_if_faulty()
        assert kind is not None
        columns = SPECS[kind].columns
        for column in columns.required:
            if column not in header:
                self.fault(1, column, "", f"missing required column for {kind.value}")
        for column in header:
            if column not in columns.all:
                hint = did_you_mean(column, [(known, f"'{known}'") for known in columns.all])
                hint = hint or "known columns: " + ", ".join(columns.all)
                self.fault(1, column, column, f"unknown column for {kind.value}", hint)
        if len(set(header)) != len(header):
            self.fault(1, "", "", "a column name appears twice")
        self.fail_if_faulty()
        return kind

    def defined_elsewhere(
        self, line: int, column: str, value: str, known: Mapping[str, str]
    ) -> None:
        if value and value in known:
            self.fault(
                line,
                column,
                value,
                f"already defined by {known[value]}",
                "change that source and reload it, or use another id",
            )

    # -- field checks ---------------------------------------------------------------------

    def text(self, line: int, values: Mapping[str, str], column: str, required: bool) -> str:
        value = values.get(column, "")
        if required and not value:
            self.fault(line, column, "", "missing required value")
        elif _CONTROL.search(value):
            self.fault(line, column, value[:40], "control character in value")
            return ""
        return value

    def identifier(self, line: int, values: Mapping[str, str], column: str) -> str:
        value = self.text(line, values, column, True).lower()
        if value and not _ID.match(value):
            self.fault(
                line,
                column,
                value,
                "not a valid id",
                "use lower-case letters, digits, '-', '_' or '.', starting with a letter or "
                "digit, at most 100 characters",
            )
            return ""
        return value

    def region(
        self, line: int, values: Mapping[str, str], column: str, *, required: bool = True
    ) -> str:
        value = self.text(line, values, column, required).upper()
        if not value:
            return ""
        if not _NUTS.match(value):
            self.fault(line, column, value, "not a NUTS code", "NUTS codes look like ES24 or FI1D7")
            return ""
        return self.nuts_code(line, column, value)

    def nuts_code(self, line: int, column: str, code: str) -> str:
        """The NUTS 2021 region a code stands for, "" after a fault. A code of another
        version is read through Eurostat's correspondence: as its region, with a warning
        naming both codes, or as a fault listing the candidates."""
        reading = self.known.code_readings.get(code)
        if reading is not None:
            if reading.region:
                self.warn(line, column, code, reading.message)
            else:
                self.fault(line, column, code, reading.message, reading.hint)
            return reading.region
        if code not in self.known.regions:
            known = self.known.regions
            self.fault(line, column, code, "unknown NUTS code", lambda: _code_hint(code, known))
            return ""
        return code

    def choice(
        self,
        line: int,
        values: Mapping[str, str],
        column: str,
        vocabulary: Vocabulary[Term],
        *,
        required: bool = True,
    ) -> str:
        """The slug of the term of ``vocabulary`` that the value names (by slug or label)."""
        raw = self.text(line, values, column, required)
        if not raw:
            return ""
        term = vocabulary.find(raw)
        if term is None:
            self.fault(
                line,
                column,
                raw,
                f"unknown {column.replace('_', ' ')}",
                lambda: vocabulary.hint(raw),
            )
            return ""
        return term.slug

    def sources(self, line: int, values: Mapping[str, str], column: str) -> tuple[str, ...]:
        urls = tuple(self.text(line, values, column, False).split())
        for url in urls:
            if not url.lower().startswith(("http://", "https://")) or _IRI_FORBIDDEN.search(url):
                self.fault(
                    line,
                    column,
                    url,
                    "not an http(s) URL",
                    "give absolute URLs, separated by spaces",
                )
                return ()
        return urls

    def date(self, line: int, values: Mapping[str, str], column: str) -> Date | None:
        value = self.text(line, values, column, False)
        if not value:
            return None
        if _DATE.match(value):
            parts = [int(part) for part in value.split("-")] + [1, 1]
            try:
                dt.date(parts[0], parts[1], parts[2])
            except ValueError:
                pass
            else:
                return Date(value)
        self.fault(line, column, value, "not a date", "use YYYY, YYYY-MM or YYYY-MM-DD")
        return None

    def number(
        self, line: int, values: Mapping[str, str], column: str, low: float, high: float
    ) -> float | None:
        value = self.text(line, values, column, False)
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            number = float("nan")
        if not low <= number <= high:
            self.fault(line, column, value, f"not a number from {low:g} to {high:g}")
            return None
        return number


def _code_hint(value: str, candidates: Collection[str]) -> str:
    """The closest codes or ids; a NUTS code is compared with those of its country and level."""
    pool: Collection[str] = candidates
    if _NUTS.match(value):
        alike = [code for code in pool if code[:2] == value[:2] and len(code) == len(value)]
        pool = alike or pool
    return did_you_mean(value, pool, cutoff=0.5)


def _sniff_delimiter(header: str) -> str:
    return ";" if header.count(";") > header.count(",") else ","


def _region(reader: _Reader, line: int, values: Mapping[str, str]) -> RegionRecord | None:
    count = reader.fault_count
    code = reader.text(line, values, "nuts_code", True).upper()
    if code and not _NUTS.match(code):
        reader.fault(line, "nuts_code", code, "not a NUTS code", "NUTS codes look like ES24")
    reader.defined_elsewhere(line, "nuts_code", code, reader.known.regions)
    level = reader.number(line, values, "level", 0, 3)
    if level is not None and level != int(level):
        reader.fault(line, "level", values["level"], "not a whole number from 0 to 3")
    record = RegionRecord(
        line=line,
        nuts_code=code,
        name=reader.text(line, values, "name", True),
        name_native=reader.text(line, values, "name_native", False),
        level=None if level is None else int(level),
        country=reader.text(line, values, "country", False).upper(),
        parent=reader.text(line, values, "parent", False).upper(),
        lat=reader.number(line, values, "lat", -90, 90),
        lon=reader.number(line, values, "lon", -180, 180),
        sources=reader.sources(line, values, "source"),
    )
    return record if reader.fault_count == count else None


def _organisation(
    reader: _Reader, line: int, values: Mapping[str, str]
) -> OrganisationRecord | None:
    count = reader.fault_count
    org_id = reader.identifier(line, values, "org_id")
    reader.defined_elsewhere(line, "org_id", org_id, reader.known.organisations)
    if org_id.upper() in reader.known.regions:
        reader.fault(
            line,
            "org_id",
            org_id,
            "an organisation id may not be a NUTS code",
            "prefix it, e.g. 'org-" + org_id + "'",
        )
    record = OrganisationRecord(
        line=line,
        org_id=org_id,
        name=reader.text(line, values, "name", True),
        type=reader.choice(line, values, "type", ORGANISATION_TYPES),
        region=reader.region(line, values, "region", required=False),
        website=(reader.sources(line, values, "website") or ("",))[0],
        sources=reader.sources(line, values, "source"),
        note=reader.text(line, values, "note", False),
    )
    return record if reader.fault_count == count else None


def _partnership(reader: _Reader, line: int, values: Mapping[str, str]) -> PartnershipRecord | None:
    count = reader.fault_count
    platform = reader.choice(line, values, "platform", PLATFORMS)
    area = reader.choice(line, values, "thematic_area", AREAS, required=False)
    if area and platform and AREAS[area].platform != platform:
        reader.fault(
            line,
            "thematic_area",
            area,
            f"thematic area {area} belongs to {AREAS[area].platform}, not {platform}",
        )
    year = reader.text(line, values, "year_established", False)
    if year and not (year.isdigit() and len(year) == 4):
        reader.fault(line, "year_established", year, "not a year", "use YYYY")
    coverage = reader.choice(line, values, "coverage", COVERAGE, required=False)
    reported_regions = reader.text(line, values, "reported_regions", False)
    if reported_regions and not (
        reported_regions.isascii() and reported_regions.isdigit() and len(reported_regions) <= 6
    ):
        reader.fault(
            line,
            "reported_regions",
            reported_regions,
            "not a whole number of regions",
            "give the number a source reports, e.g. 12; its wording goes in reported_size",
        )
        reported_regions = ""
    partnership_id = reader.identifier(line, values, "partnership_id")
    reader.defined_elsewhere(line, "partnership_id", partnership_id, reader.known.partnerships)
    record = PartnershipRecord(
        line=line,
        partnership_id=partnership_id,
        name=reader.text(line, values, "name", True),
        platform=platform,
        thematic_area=area,
        year_established=year,
        website=(reader.sources(line, values, "website") or ("",))[0],
        reported_size=reader.text(line, values, "reported_size", False),
        reported_regions=int(reported_regions) if reported_regions else None,
        complete=(coverage == "complete") if coverage else None,
        note=reader.text(line, values, "note", False),
        sources=reader.sources(line, values, "source"),
    )
    return record if reader.fault_count == count else None


def _membership(reader: _Reader, line: int, values: Mapping[str, str]) -> MembershipRecord | None:
    count = reader.fault_count
    partnership = reader.identifier(line, values, "partnership_id")
    if partnership and partnership not in reader.known.partnerships:
        reader.fault(
            line,
            "partnership_id",
            partnership,
            "unknown partnership",
            lambda: (
                _code_hint(partnership, reader.known.partnerships)
                or "load its partnerships file first"
            ),
        )
    member = reader.text(line, values, "member", True)
    code = member.upper()
    is_region = code in reader.known.regions or code in reader.known.code_readings
    if is_region:
        member = reader.nuts_code(line, "member", code)
    elif member and member.lower() in reader.known.organisations:
        member = member.lower()
    elif member and _NUTS.match(member.upper()):
        reader.fault(
            line,
            "member",
            member,
            "unknown NUTS code",
            lambda: _code_hint(member.upper(), reader.known.regions),
        )
    elif member:
        reader.fault(
            line,
            "member",
            member,
            "unknown member (not a NUTS code or org_id)",
            lambda: (
                _code_hint(member.lower(), reader.known.organisations)
                or "load its organisations file first"
            ),
        )
    since = reader.date(line, values, "since")
    until = reader.date(line, values, "until")
    if since and until and _date_after(since, until):
        reader.fault(line, "until", until.text, f"'until' is before 'since' ({since.text})")
    record = MembershipRecord(
        line=line,
        partnership_id=partnership,
        member=member,
        member_is_region=is_region,
        role=reader.choice(line, values, "role", ROLES),
        since=since,
        until=until,
        sources=reader.sources(line, values, "source"),
        note=reader.text(line, values, "note", False),
    )
    return record if reader.fault_count == count else None


def _priority(reader: _Reader, line: int, values: Mapping[str, str]) -> PriorityRecord | None:
    count = reader.fault_count
    name = reader.text(line, values, "priority", True)
    slug = priority_slug(name)
    if name and not slug:
        reader.fault(line, "priority", name, "a priority needs a letter or a digit")
    record = PriorityRecord(
        line=line,
        nuts_code=reader.region(line, values, "nuts_code"),
        priority=name,
        slug=slug,
        sources=reader.sources(line, values, "source"),
    )
    return record if reader.fault_count == count else None


def _date_after(first: Date, second: Date) -> bool:
    """Whether ``first`` is after ``second``, compared at their common precision."""
    common = min(len(first.text), len(second.text))
    return first.text[:common] > second.text[:common]


_NUTS_STEPS = tuple((older.value, newer.value) for older, newer in itertools.pairwise(NutsVersion))
"""The pairs of NUTS versions a correspondence links: each version and the next, so that one
of each pair is the graph's version (``GRAPH_NUTS_VERSION``)."""


def _nuts_change(reader: _Reader, line: int, values: Mapping[str, str]) -> NutsChangeRecord | None:
    count = reader.fault_count
    versions = (
        reader.text(line, values, "from_version", True),
        reader.text(line, values, "to_version", True),
    )
    if all(versions) and versions not in _NUTS_STEPS:
        reader.fault(
            line,
            "to_version",
            versions[1],
            f"no correspondence from NUTS {versions[0]} to NUTS {versions[1]}",
            "link " + ", or ".join(f"NUTS {older} to {newer}" for older, newer in _NUTS_STEPS),
        )
    codes = []
    for column, version in zip(("from_code", "to_code"), versions, strict=True):
        if version == GRAPH_NUTS_VERSION:
            codes.append(reader.region(line, values, column))
            continue
        code = reader.text(line, values, column, True).upper()
        if code and not _NUTS.match(code):
            reader.fault(line, column, code, "not a NUTS code", "NUTS codes look like ES24")
        elif code in reader.known.regions:
            reader.fault(
                line,
                column,
                code,
                f"a NUTS 2021 region, not a code of NUTS {version} only",
                "link only codes that changed",
            )
        codes.append(code)
    change = reader.text(line, values, "change", True)
    if change and change not in NUTS_CHANGES:
        reader.fault(
            line,
            "change",
            change,
            "unknown change",
            lambda: did_you_mean(change, NUTS_CHANGES) or "one of " + ", ".join(NUTS_CHANGES),
        )
    record = NutsChangeRecord(
        line=line,
        from_version=versions[0],
        from_code=codes[0],
        to_version=versions[1],
        to_code=codes[1],
        change=change,
        from_name=reader.text(line, values, "from_name", False),
        to_name=reader.text(line, values, "to_name", False),
        sources=reader.sources(line, values, "source"),
    )
    return record if reader.fault_count == count else None


def _check_hierarchy(reader: _Reader, records: list[RegionRecord]) -> None:
    """Each region's parent is a known region, one level up, in the same country, and no
    region is its own parent or ancestor (the regions of the store count as well)."""
    places = dict(reader.known.places)
    places.update(
        (record.nuts_code, RegionPlace(record.level, record.country_code, record.parent))
        for record in records
    )
    in_cycles = _regions_in_cycles(places)
    for record in records:
        parent = record.parent
        if not parent:
            continue
        if parent not in places and parent not in reader.known.regions:
            reader.fault(
                record.line,
                "parent",
                parent,
                "unknown parent region",
                "add the parent region to the file",
            )
        elif parent == record.nuts_code:
            reader.fault(
                record.line,
                "parent",
                parent,
                "a region cannot be its own parent",
                "give the region one level up, or no parent",
            )
        elif record.nuts_code in in_cycles:
            reader.fault(
                record.line,
                "parent",
                parent,
                "the parents of this region lead back to it: "
                + " -> ".join(in_cycles[record.nuts_code]),
                "give each region the one a level up",
            )
        elif parent in places:
            _check_under(reader, record, places[parent])


def _check_under(reader: _Reader, record: RegionRecord, parent: RegionPlace) -> None:
    """The level and the country of a region agree with its parent's."""
    if record.level is not None and parent.level is not None and record.level != parent.level + 1:
        reader.fault(
            record.line,
            "level",
            str(record.level),
            f"the parent {record.parent} is of level {parent.level}",
            f"a region under it is of level {parent.level + 1}",
        )
    if record.country_code != parent.country:
        reader.fault(
            record.line,
            "country" if record.country else "nuts_code",
            record.country or record.nuts_code,
            f"in country {record.country_code}, but the parent {record.parent} is in "
            f"{parent.country}",
            "a region is in its parent's country",
        )


def _regions_in_cycles(places: Mapping[str, RegionPlace]) -> dict[str, list[str]]:
    """Each region on a cycle of parents, with the cycle from it back to it.

    Every region has at most one parent, so each walk up stops at a region already seen: one
    seen on this walk closes a cycle. Each region is walked once.
    """
    cycles: dict[str, list[str]] = {}
    done: set[str] = set()
    for start in places:
        walk: list[str] = []
        on_walk: set[str] = set()
        code = start
        while code in places and code not in done and code not in on_walk:
            walk.append(code)
            on_walk.add(code)
            code = places[code].parent
        if code in on_walk:
            cycle = walk[walk.index(code) :]
            for at, member in enumerate(cycle):
                cycles[member] = [*cycle[at:], *cycle[:at], member]
        done.update(walk)
    return cycles


R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class RecordSpec(Generic[R]):
    """What s3graph knows of one kind of record, from its CSV columns to its triples."""

    kind: Kind
    columns: Columns
    convert: Callable[[_Reader, int, Mapping[str, str]], R | None]
    """The record of one row (of stripped values by column), or ``None`` after faults."""
    key: Callable[[R], tuple[str, ...]]
    """What two records of a file may not share."""
    subject: Callable[[R], URIRef]
    """The IRI the record describes (SHACL results on it are reported at its line)."""
    triples: Callable[[R], Iterator[Triple]]
    check: Callable[[_Reader, list[R]], None] | None = None
    """A check of all the file's records together, after each row was read."""


SPECS: dict[Kind, RecordSpec[Any]] = {
    spec.kind: spec
    for spec in (
        RecordSpec(
            Kind.REGIONS,
            Columns(
                ("nuts_code", "name"),
                ("name_native", "level", "country", "parent", "lat", "lon", "source"),
            ),
            _region,
            key=lambda record: (record.nuts_code,),
            subject=lambda record: region_iri(record.nuts_code),
            triples=region_triples,
            check=_check_hierarchy,
        ),
        RecordSpec(
            Kind.ORGANISATIONS,
            Columns(("org_id", "name", "type"), ("region", "website", "source", "note")),
            _organisation,
            key=lambda record: (record.org_id,),
            subject=lambda record: organisation_iri(record.org_id),
            triples=organisation_triples,
        ),
        RecordSpec(
            Kind.PARTNERSHIPS,
            Columns(
                ("partnership_id", "name", "platform"),
                (
                    "thematic_area",
                    "year_established",
                    "website",
                    "reported_size",
                    "reported_regions",
                    "coverage",
                    "note",
                    "source",
                ),
            ),
            _partnership,
            key=lambda record: (record.partnership_id,),
            subject=lambda record: partnership_iri(record.partnership_id),
            triples=partnership_triples,
        ),
        RecordSpec(
            Kind.MEMBERSHIPS,
            Columns(("partnership_id", "member", "role"), ("since", "until", "source", "note")),
            _membership,
            key=lambda record: (record.partnership_id, record.member, record.role),
            subject=membership_iri,
            triples=membership_triples,
        ),
        RecordSpec(
            Kind.PRIORITIES,
            Columns(("nuts_code", "priority"), ("source",)),
            _priority,
            key=lambda record: (record.nuts_code, record.slug),
            subject=lambda record: regional_priority_iri(record.nuts_code, record.slug),
            triples=priority_triples,
        ),
        RecordSpec(
            Kind.NUTS_CHANGES,
            Columns(
                ("from_version", "from_code", "to_version", "to_code", "change"),
                ("from_name", "to_name", "source"),
            ),
            _nuts_change,
            key=lambda record: (record.from_version, record.from_code, record.to_code),
            subject=lambda record: region_iri(
                record.from_code if record.from_version != GRAPH_NUTS_VERSION else record.to_code
            ),
            triples=nuts_change_triples,
        ),
    )
}
"""The spec of every kind of record, by kind."""
