"""s3graph.workbook: an answer as an XLSX file that Excel and LibreOffice open as it is."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from rdflib import XSD, Literal, URIRef

from s3graph.results import Results
from s3graph.workbook import results_to_xlsx


def test_cells_keep_their_types_and_formulas_stay_text() -> None:
    rows = [
        (
            Literal("=cmd|' /C calc'!A0"),
            Literal(3),
            Literal("41.507", datatype=XSD.decimal),
            Literal("2024-03", datatype=XSD.gYearMonth),
            URIRef("http://data.europa.eu/nuts/code/ES24"),
            None,
            Literal("bell\x07 and tab\tkept"),
        )
    ]
    data = results_to_xlsx(
        Results(["name", "count", "lat", "since", "iri", "none", "text"], rows),
        title="what/is:this?",
    )
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    assert sheet.title == "what-is-this-"
    assert [cell.value for cell in sheet[1]] == [
        "name",
        "count",
        "lat",
        "since",
        "iri",
        "none",
        "text",
    ]
    assert sheet["A1"].font.bold
    values = [cell.value for cell in sheet[2]]
    assert values == [
        "=cmd|' /C calc'!A0",
        3,
        41.507,
        "2024-03",
        "http://data.europa.eu/nuts/code/ES24",
        None,
        "bell and tab\tkept",
    ]
    assert sheet["A2"].data_type == "s"  # text, not a formula
