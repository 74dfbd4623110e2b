"""Reading and validating CSV files: every fault located, all of them at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from s3graph import tables
from s3graph.errors import MAX_FAULTS_SHOWN, BadDataError, LimitExceededError
from s3graph.records import Date, MembershipRecord, PartnershipRecord, PriorityRecord
from s3graph.tables import (
    CodeReading,
    Kind,
    KnownNames,
    RegionPlace,
    detect_kind,
    read_table,
)

from conftest import DATA

KNOWN = KnownNames(
    regions={"ES24": "g", "ES2": "g", "ES": "g", "FI1D7": "g", "FRK": "g", "ITC4": "g"},
    organisations={"aragon-exterior": "g"},
    partnerships={"im-ccre": "g", "im-h2valleys": "g"},
)


def faults_of(path: Path, **options: object) -> list[str]:
    with pytest.raises(BadDataError) as caught:
        read_table(path, known=KNOWN, **options)  # type: ignore[arg-type]
    return [str(fault) for fault in caught.value.faults]


def write(tmp_path: Path, text: str, name: str = "input.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_semicolon_bom_crlf_spaces_and_case_are_normalised() -> None:
    table = read_table(DATA / "good_memberships_semicolon.csv", known=KNOWN)
    assert table.kind is Kind.MEMBERSHIPS
    first, second, third = table.records
    assert isinstance(first, MembershipRecord)
    assert (first.partnership_id, first.member, first.role) == ("im-h2valleys", "ES24", "member")
    assert first.member_is_region
    assert (first.since, first.until) == (Date("2021-03"), Date("2023"))
    assert isinstance(second, MembershipRecord) and second.member == "FI1D7"
    assert isinstance(third, MembershipRecord) and not third.member_is_region


def test_labels_and_slugs_are_accepted_for_controlled_values() -> None:
    table = read_table(DATA / "good_partnerships.csv", known=KNOWN)
    hydro, cci = table.records
    assert isinstance(hydro, PartnershipRecord) and isinstance(cci, PartnershipRecord)
    assert (hydro.partnership_id, hydro.name, hydro.platform) == (
        "test-hydro",
        "Test Hydrogen Partnership",
        "energy",
    )
    assert (cci.platform, cci.thematic_area) == ("industrial-modernisation", "cci")


def test_every_fault_of_a_file_is_reported_with_line_column_value_and_hint() -> None:
    path = DATA / "bad_memberships.csv"
    assert faults_of(path) == [
        f"{path}:2: column 'member': unknown NUTS code (value 'ES99'); did you mean ES24?",
        f"{path}:3: column 'role': unknown role (value 'boss'); "
        "use one of: lead, co-lead, member, observer, initiator, associate",
        f"{path}:4: column 'partnership_id': unknown partnership (value 'im-h2valeys'); "
        "did you mean im-h2valleys?",
        f"{path}:5: column 'since': not a date (value '2021-13'); use YYYY, YYYY-MM or YYYY-MM-DD",
        f"{path}:6: column 'until': 'until' is before 'since' (2022) (value '2021-05')",
        f"{path}:7: column 'member': missing required value",
        f"{path}:8: column 'source': not an http(s) URL (value 'not-a-url'); "
        "give absolute URLs, separated by spaces",
        f"{path}:9: column 'until': 'until' is before 'since' (2022) (value '2021-05')",
    ]


def test_misspelt_column_is_named_with_a_suggestion() -> None:
    path = DATA / "bad_header.csv"
    assert faults_of(path) == [
        f"{path}:1: column 'role': missing required column for memberships",
        f"{path}:1: column 'rol': unknown column for memberships (value 'rol'); "
        "did you mean 'role'?",
    ]


def test_unknown_kind_asks_for_kind_option() -> None:
    [fault] = faults_of(DATA / "unknown_kind.csv")
    assert "cannot tell the kind of file from its header" in fault
    assert "give --kind" in fault


def test_the_hint_of_an_unknown_kind_names_every_kind() -> None:
    [fault] = faults_of(DATA / "unknown_kind.csv")
    assert fault.endswith(
        "use the columns of regions, organisations, partnerships, memberships, priorities or "
        "nuts-changes (see the README)"
    )
    assert all(kind.value in fault for kind in Kind)


def test_non_utf8_bytes_are_located() -> None:
    path = DATA / "latin1.csv"
    assert faults_of(path) == [
        f"{path}:2: not UTF-8 (byte 35) (value '\\\\xe9s24'); save the file as UTF-8"
    ]


def test_duplicate_rows_are_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "partnership_id,member,role\nim-ccre,ES24,member\nim-ccre,es24,Member\n",
    )
    assert faults_of(path) == [f"{path}:3: duplicate of line 2 (value 'im-ccre, ES24, member')"]


def test_wrong_field_count_and_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "partnership_id,member,role\nim-ccre,ES24\n")
    assert faults_of(path) == [
        f"{path}:2: 2 fields where the header has 3; quote values that contain the delimiter"
    ]
    empty = write(tmp_path, "", "empty.csv")
    assert faults_of(empty) == [f"{empty}:1: the file is empty; add a header row and data rows"]


def test_nul_byte_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(b"partnership_id,member,role\nim-ccre,ES\x0024,member\n")
    [fault] = faults_of(path)
    assert fault.startswith(f"{path}:2: NUL byte in file")


def test_region_defined_elsewhere_and_bad_ids(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "org_id,name,type,region\nes24,Clash,cluster,\nbad id!,X,cluster,\nok,Y,spaceship,\n",
    )
    faults = faults_of(path)
    assert f"{path}:2: column 'org_id': an organisation id may not be a NUTS code" in faults[0]
    assert f"{path}:3: column 'org_id': not a valid id (value 'bad id!')" in faults[1]
    assert f"{path}:4: column 'type': unknown type (value 'spaceship')" in faults[2]


def test_partnership_already_defined_in_another_source(tmp_path: Path) -> None:
    path = write(tmp_path, "partnership_id,name,platform\nIM-CCRE,Copy,energy\n")
    assert faults_of(path) == [
        f"{path}:2: column 'partnership_id': already defined by g (value 'im-ccre'); "
        "change that source and reload it, or use another id"
    ]


def test_area_must_belong_to_platform(tmp_path: Path) -> None:
    path = write(tmp_path, "partnership_id,name,platform,thematic_area\nx,X,energy,cci\n")
    assert faults_of(path) == [
        f"{path}:2: column 'thematic_area': thematic area cci belongs to "
        "industrial-modernisation, not energy (value 'cci')"
    ]


def test_reported_regions_is_a_whole_number(tmp_path: Path) -> None:
    header = "partnership_id,name,platform,reported_size,reported_regions\n"
    good = write(tmp_path, header + "a,A,energy,about 12 regions,12\nb,B,energy,,\n")
    counted, blank = read_table(good, known=KNOWN).records
    assert isinstance(counted, PartnershipRecord) and counted.reported_regions == 12
    assert isinstance(blank, PartnershipRecord) and blank.reported_regions is None
    hint = "give the number a source reports, e.g. 12; its wording goes in reported_size"
    bad = write(tmp_path, header + "a,A,energy,,about 12\nb,B,energy,,-3\nc,C,energy,,1234567\n")
    assert faults_of(bad) == [
        f"{bad}:{line}: column 'reported_regions': not a whole number of regions "
        f"(value '{value}'); {hint}"
        for line, value in ((2, "about 12"), (3, "-3"), (4, "1234567"))
    ]


def test_row_limit_names_the_option(tmp_path: Path) -> None:
    path = write(tmp_path, "partnership_id,member,role\n" + "im-ccre,ES24,member\n" * 3)
    with pytest.raises(LimitExceededError, match="more than 2 data rows; raise the limit with"):
        read_table(path, known=KNOWN, max_rows=2)


def test_kind_detection() -> None:
    assert detect_kind(["nuts_code", "name"]) is Kind.REGIONS
    assert detect_kind(["org_id", "name", "type"]) is Kind.ORGANISATIONS
    assert detect_kind(["nuts_code", "priority", "source"]) is Kind.PRIORITIES
    assert detect_kind(["foo"]) is None


PLACES = KnownNames(
    regions={"ES": "g", "ES2": "g"},
    places={"ES": RegionPlace(0, "ES", ""), "ES2": RegionPlace(1, "ES", "ES")},
)
HIERARCHY_FAULTS = """nuts_code,name,level,country,parent
QA1,Own parent,1,,QA1
QB1,Cycle one,,,QC1
QC1,Cycle two,,,QB1
ES2Z,Too deep,3,,ES
FR9,Elsewhere,1,,ES
ES2Y,Elsewhere too,2,PT,ES2
ES2X,Under a known region,2,,ES2
QD,Top of another country,0,,
"""


def test_faults_in_the_nuts_hierarchy_are_located(tmp_path: Path) -> None:
    path = write(tmp_path, HIERARCHY_FAULTS)
    with pytest.raises(BadDataError) as caught:
        read_table(path, known=PLACES)
    assert [str(fault) for fault in caught.value.faults] == [
        f"{path}:2: column 'parent': a region cannot be its own parent (value 'QA1'); give the "
        "region one level up, or no parent",
        f"{path}:3: column 'parent': the parents of this region lead back to it: QB1 -> QC1 -> "
        "QB1 (value 'QC1'); give each region the one a level up",
        f"{path}:4: column 'parent': the parents of this region lead back to it: QC1 -> QB1 -> "
        "QC1 (value 'QB1'); give each region the one a level up",
        f"{path}:5: column 'level': the parent ES is of level 0 (value '3'); a region under it "
        "is of level 1",
        f"{path}:6: column 'nuts_code': in country FR, but the parent ES is in ES (value "
        "'FR9'); a region is in its parent's country",
        f"{path}:7: column 'country': in country PT, but the parent ES2 is in ES (value 'PT'); "
        "a region is in its parent's country",
    ]


def test_priorities_named_alike_are_one_priority(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "nuts_code,priority,source\n"
        "itc4,Eco - Industry,https://example.org/itc4\n"
        "ES24,Turismo sostenible,\n",
    )
    table = read_table(path, known=KNOWN)
    assert table.kind is Kind.PRIORITIES
    assert table.records == [
        PriorityRecord(2, "ITC4", "Eco - Industry", "eco-industry", ("https://example.org/itc4",)),
        PriorityRecord(3, "ES24", "Turismo sostenible", "turismo-sostenible"),
    ]


def test_priority_faults_are_located(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "nuts_code,priority,source\n"
        "ITC5,Tourism,\n"
        "ITC4,--,\n"
        "ITC4,Eco-Industry,\n"
        "ITC4,eco industry,\n"
        "ITC4,,\n",
    )
    assert faults_of(path) == [
        f"{path}:2: column 'nuts_code': unknown NUTS code (value 'ITC5'); did you mean ITC4?",
        f"{path}:3: column 'priority': a priority needs a letter or a digit (value '--')",
        f"{path}:5: duplicate of line 4 (value 'ITC4, eco-industry')",
        f"{path}:6: column 'priority': missing required value",
    ]


def test_progress_gives_the_rows_and_the_bytes_read(tmp_path: Path) -> None:
    lines = [f"org-{number:05d},Organisation {number},cluster\n" for number in range(25_000)]
    path = write(tmp_path, "org_id,name,type\n" + "".join(lines))
    calls: list[tuple[int, int]] = []
    read_table(path, known=KNOWN, progress=lambda rows, read: calls.append((rows, read)))
    assert [rows for rows, _ in calls] == [10_000, 20_000]
    first, second = (read for _, read in calls)
    assert 0 < first < second <= path.stat().st_size


def test_a_correspondence_between_versions_that_are_not_next_to_each_other_is_refused(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "from_version,from_code,to_version,to_code,change\n2016,ES99,2024,ES98,recoded\n",
    )
    assert (
        "input.csv:2: column 'to_version': no correspondence from NUTS 2016 to NUTS 2024 "
        "(value '2024'); link NUTS 2016 to 2021, or NUTS 2021 to 2024"
    ) in [fault.removeprefix(str(tmp_path) + "/") for fault in faults_of(path)]


def test_warnings_are_kept_as_faults_are_the_first_ones_and_all_counted(tmp_path: Path) -> None:
    known = KnownNames(
        regions={"ES24": "g"},
        partnerships={f"p{number}": "g" for number in range(60)},
        code_readings={"ES99": CodeReading("ES24", "read as ES24")},
    )
    rows = "".join(f"p{number},ES99,member\n" for number in range(60))
    table = read_table(write(tmp_path, "partnership_id,member,role\n" + rows), known=known)
    assert len(table.records) == table.warning_count == 60
    assert len(table.warnings) == MAX_FAULTS_SHOWN
    assert [warning.line for warning in table.warnings] == list(range(2, 2 + MAX_FAULTS_SHOWN))


def test_did_you_mean_is_found_only_for_the_faults_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def code_hint(value: str, candidates: object) -> str:
        asked.append(value)
        return "did you mean im-ccre?"

    monkeypatch.setattr(tables, "_code_hint", code_hint)
    rows = "".join(f"im-zz{number},ES24,member\n" for number in range(60))
    path = write(tmp_path, "partnership_id,member,role\n" + rows)
    with pytest.raises(BadDataError) as caught:
        read_table(path, known=KNOWN)
    assert caught.value.total == 60
    assert asked == [f"im-zz{number}" for number in range(MAX_FAULTS_SHOWN)]
    assert caught.value.faults[-1].hint == "did you mean im-ccre?"
