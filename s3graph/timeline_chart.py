"""The chart of a timeline (``s3graph.timeline``): joins above the line and departures below
it, year by year, with the members at each year's end; as PNG, SVG or a page of its own
(the chart, the table and what was counted without dates).

The picture is drawn with matplotlib, whose SVG draws text as paths; every name in the page
is escaped.
"""

from __future__ import annotations

import html
import io
import textwrap
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .choices import ChartFormat, format_of_file
from .output_file import open_output

if TYPE_CHECKING:
    from .timeline import Timeline

JOINED, UNDATED, LEFT, MEMBERS = "#2b8cbe", "#a6bddb", "#e34a33", "#252525"


def chart_format_of(path: Path) -> ChartFormat:
    """The chart format a file name asks for: ``.png`` or ``.svg``; HTML otherwise.

    >>> chart_format_of(Path("h2.PNG")), chart_format_of(Path("h2.htm"))
    (<ChartFormat.PNG: 'png'>, <ChartFormat.HTML: 'html'>)
    """
    return format_of_file(path, ChartFormat)


def write_timeline(
    timeline: Timeline, target: Path | str | BinaryIO, *, fmt: ChartFormat | str | None = None
) -> ChartFormat:
    """Write the chart to a file, whole or not at all, or into an open binary file.

    The format is ``fmt``, else the one a file name's suffix asks for, else HTML. Returns the
    format written.

    Raises:
        OutputError: the file cannot be written; a file already there is left as it was.
    """
    if isinstance(target, (str, PathLike)):
        chosen = ChartFormat(fmt) if fmt else chart_format_of(Path(target))
        with open_output(target) as file:
            write_timeline(timeline, file, fmt=chosen)
        return chosen
    chosen = ChartFormat(fmt or ChartFormat.HTML)
    if chosen is ChartFormat.HTML:
        target.write(timeline_page(timeline).encode("utf-8"))
    else:
        _draw(timeline, target, chosen)
    return chosen


def timeline_page(timeline: Timeline) -> str:
    """The page: title, chart (inline SVG), the table year by year, and the note."""
    picture = io.BytesIO()
    _draw(timeline, picture, ChartFormat.SVG)
    svg = picture.getvalue().decode("utf-8")
    svg = svg[svg.index("<svg") :]  # the XML prolog and doctype have no place in HTML
    table = timeline.table()
    head = "".join(f"<th>{html.escape(name)}</th>" for name in table.variables)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(value))}</td>" for value in row) + "</tr>"
        for row in table
    )
    title = html.escape(timeline.title)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>"
        "body{font-family:system-ui,sans-serif;margin:1.5em;max-width:75em}"
        "svg{max-width:100%;height:auto}table{border-collapse:collapse;font-size:.9em}"
        "th,td{border:1px solid #d0d7de;padding:.25em .5em;text-align:left;vertical-align:top}"
        "</style></head><body>"
        f"<h1>{title}</h1>{svg}<p>{html.escape(timeline.note())}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        "</body></html>\n"
    )


def _draw(timeline: Timeline, target: BinaryIO, fmt: ChartFormat) -> None:
    """Bars of joins (undated ones lighter) and departures, and a line of the members."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    from .views.picture import save_figure

    years = timeline.years
    figure = Figure(figsize=(10, 5), layout="constrained")
    axes = figure.add_subplot()
    x = [year.year for year in years]
    dated = [len(year.joined) - len(year.undated) for year in years]
    undated = [len(year.undated) for year in years]
    axes.bar(x, dated, color=JOINED, label="joined")
    axes.bar(x, undated, bottom=dated, color=UNDATED, label="joined (undated: partnership's year)")
    axes.bar(x, [-len(year.left) for year in years], color=LEFT, label="left")
    axes.plot(x, [year.members for year in years], color=MEMBERS, marker="o", label="at year end")
    axes.axhline(0, color="#888888", linewidth=0.8)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(timeline.title)
    axes.set_xlabel("year")
    if not years:
        axes.text(0.5, 0.5, "no membership with a year", ha="center", transform=axes.transAxes)
    axes.legend(loc="upper left", frameon=False)
    figure.supxlabel("\n".join(textwrap.wrap(timeline.note(), 150)), fontsize=7, x=0, ha="left")
    save_figure(figure, target, fmt.value, text_as_paths=True)
