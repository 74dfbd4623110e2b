"""An answer as an Excel workbook (XLSX), for analysts who read tables in a spreadsheet.

One sheet with the column names in bold and one row per answer row: numbers and booleans as
such, dates as the data writes them (``2024``, ``2024-03``), everything else as text. A text
that a spreadsheet would take for a formula (``=cmd|...``) stays text: every text cell is
written as a string, never as a formula.

>>> from rdflib import Literal
>>> data = results_to_xlsx(Results(["code", "shared"], [(Literal("ES24"), Literal(3))]))
>>> data[:2]
b'PK'
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

from .results import Results, to_python

_SHEET_NAME_CHARACTERS = re.compile(r"[\[\]:*?/\\]")
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""What an XLSX cell cannot hold (XML 1.0 forbids these control characters)."""


def results_to_xlsx(results: Results, *, title: str = "answer") -> bytes:
    """The answer as the bytes of an XLSX file with one sheet called ``title``."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_SHEET_NAME_CHARACTERS.sub("-", title)[:31] or "answer")
    heading = []
    for name in results.variables:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        heading.append(cell)
    sheet.append(heading)
    for row in results:
        sheet.append([_cell(sheet, WriteOnlyCell, to_python(term), term) for term in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _cell(sheet: Any, cell_type: Any, value: Any, term: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, Decimal):
        return float(value)
    text = _CONTROL_CHARACTERS.sub("", str(term))  # dates as written: 2024, 2024-03
    cell = cell_type(sheet, value=text)
    cell.data_type = "s"  # text, even where it reads like a formula
    return cell
