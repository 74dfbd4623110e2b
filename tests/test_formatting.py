"""Rendering results: IRIs by format, and Markdown that a real renderer shows as plain text."""

from __future__ import annotations

import csv
import html
import io
import json

import pytest
from markdown_it import MarkdownIt
from rdflib import Literal, URIRef

from s3graph.formatting import OutputFormat, render
from s3graph.results import Results

ES24 = URIRef("http://data.europa.eu/nuts/code/ES24")
HOSTILE = (
    "<script>window.pwned = 1</script>",
    '<img src=x onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    "![x](javascript:alert(2))",
    "<javascript:alert(3)>",
    "&lt;b&gt; entity &amp; ampersand",
    "`code` *stars* | pipe \\ backslash",
    "two\nlines\r\nand more",
)


def test_csv_and_json_give_full_iris_table_and_md_prefixed_names() -> None:
    results = Results(["region"], [(ES24,)])
    assert json.loads(render(results, OutputFormat.JSON)) == [{"region": str(ES24)}]
    assert list(csv.reader(io.StringIO(render(results, OutputFormat.CSV)))) == [
        ["region"],
        [str(ES24)],
    ]
    assert render(results, OutputFormat.TABLE).splitlines()[-1] == "nutscode:ES24"
    assert render(results, OutputFormat.MD).splitlines()[-1] == "| nutscode:ES24 |"
    assert json.loads(render(results, OutputFormat.JSON, iris=False)) == [
        {"region": "nutscode:ES24"}
    ]
    assert render(results, OutputFormat.MD, iris=True).splitlines()[-1] == f"| {ES24} |"


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_renders_every_value_as_the_text_it_is(text: str) -> None:
    markdown = render(Results(["name", "n"], [(Literal(text), Literal(1))]), OutputFormat.MD)
    page = MarkdownIt("commonmark").enable("table").render(markdown)
    one_line = " ".join(text.replace("\r\n", " ").replace("\n", " ").split(" "))
    assert f"<td>{html.escape(one_line)}</td>\n<td>1</td>" in page


def test_markdown_keeps_plain_values_readable() -> None:
    results = Results(["member_id", "name"], [(Literal("im-ccre"), Literal("Aragón (CCRE-S3)"))])
    assert render(results, OutputFormat.MD).splitlines()[-1] == "| im-ccre | Aragón (CCRE-S3) |"
