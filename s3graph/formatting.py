"""Render query results as an aligned table, CSV, JSON or Markdown."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from .choices import OutputFormat as OutputFormat
from .namespaces import PREFIXES
from .results import Results, to_python

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_FULL_IRIS = (OutputFormat.CSV, OutputFormat.JSON)
"""The formats for other programs, which show IRIs in full, as SPARQL's own CSV and JSON
results do."""
# What could make Markdown of a cell: HTML, links (``[text](javascript:...)``, ``<url>``),
# entities, code spans, emphasis, strikethrough, the cell's bounds, and escapes themselves.
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_~\[\]<>&|]")
_LINE_BREAK = re.compile(r"\r\n?|\n")


def render(results: Results, fmt: OutputFormat, *, iris: bool | None = None) -> str:
    """The results as text in ``fmt``.

    Args:
        results: the rows to show.
        fmt: table (aligned, for a terminal), csv (RFC 4180, safe for spreadsheets),
            json (array of objects) or md (Markdown table, which renders as plain text).
        iris: show IRIs in full (True) or as prefixed names such as ``nutscode:ES24``
            (False); by default, in full in csv and json, prefixed in table and md.

    >>> from rdflib import Literal
    >>> print(render(Results(["code"], [(Literal("ES24"),)]), OutputFormat.MD))
    | code |
    | --- |
    | ES24 |
    """
    if iris is None:
        iris = fmt in _FULL_IRIS
    if fmt is OutputFormat.JSON:
        rows = [
            {
                name: json_value(term, iris=iris)
                for name, term in zip(results.variables, row, strict=True)
            }
            for row in results.rows
        ]
        return json.dumps(rows, ensure_ascii=False, indent=2)
    cells = [[cell_text(term, iris=iris) for term in row] for row in results.rows]
    if fmt is OutputFormat.CSV:
        return _csv(results.variables, cells)
    if fmt is OutputFormat.MD:
        return _markdown(results.variables, cells)
    if not cells:
        return "(no results)"
    return _aligned(results.variables, cells)


def cell_text(term: Node | None, *, iris: bool = False) -> str:
    """One term as display text: literals by value, IRIs as prefixed names unless ``iris``."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return str(term) if iris else compact_iri(term)
    return str(term)


def compact_iri(iri: str) -> str:
    """``nutscode:ES24`` for ``http://data.europa.eu/nuts/code/ES24``; unknown IRIs unchanged."""
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]) :]}" if best else iri


def json_value(term: Node | None, *, iris: bool = False) -> Any:
    """A term as a JSON value: numbers and booleans as such, other literals as their text,
    IRIs in full (``iris``) or as prefixed names.

    >>> from rdflib import XSD, Literal
    >>> json_value(Literal("41.507", datatype=XSD.decimal)), json_value(Literal(2))
    (41.507, 2)
    """
    if isinstance(term, URIRef):
        return str(term) if iris else compact_iri(term)
    value = to_python(term)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(term, Literal) and not isinstance(value, (str, int, float, bool)):
        return str(term)
    return value


def neutralise_formula(text: str) -> str:
    """Prefix a value a spreadsheet would run as a formula with ``'``; numbers stay as they are.

    >>> neutralise_formula("=cmd|' /C calc'!A0"), neutralise_formula("-3.70")
    ("'=cmd|' /C calc'!A0", '-3.70')
    """
    if text.startswith(_FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def _csv(header: Sequence[str], cells: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in cells:
        writer.writerow([neutralise_formula(cell) for cell in row])
    return out.getvalue().rstrip("\r\n")


def _markdown(header: Sequence[str], cells: list[list[str]]) -> str:
    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(values) + " |"

    rows = ([_markdown_text(value) for value in row] for row in cells)
    return "\n".join([line(header), line(["---"] * len(header)), *map(line, rows)])


def _markdown_text(text: str) -> str:
    """``text`` as Markdown that renders as that text, on one line: no HTML, no link.

    >>> print(_markdown_text("<b>[click](javascript:alert(1))</b> | R&D"))
    \\<b\\>\\[click\\](javascript:alert(1))\\</b\\> \\| R\\&D
    """
    escaped = _MARKDOWN_SPECIAL.sub(lambda match: "\\" + match.group(), text)
    return _LINE_BREAK.sub(" ", escaped)


def _aligned(header: Sequence[str], cells: list[list[str]]) -> str:
    flat = [[value.replace("\n", " ") for value in row] for row in cells]
    widths = [max(len(row[i]) for row in [list(header), *flat]) for i in range(len(header))]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            value.ljust(width) for value, width in zip(values, widths, strict=True)
        ).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *map(line, flat)])
