"""The network views and the map: their options as form fields, drawn in the page.

``/views`` has the form of a network view (``s3graph view``'s options); once a view is
chosen, it shows the view's summary, draws it in a frame (``/views/drawing``: the same page
``s3graph view -o view.html`` writes, its inline code allowed by the nonce of its answer
only) and offers it in every export format (``/views/file?fmt=gexf``). ``/map`` does the
same for the map of the regions (``s3graph map``'s options).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from ..choices import ColorBy, ExportFormat, Layout, MapFormat, MapMeasure, View
from ..errors import S3GraphError
from ..geo import LEVELS
from ..vocabulary import AREAS, PLATFORMS
from .negotiation import PAGE_FORMATS, Representation, requested
from .presenting import query_string, results_json, results_rows
from .rendering import BadParameterError, status_of, templates
from .security import drawing_policy, new_nonce

_EXPORT_TYPES = {
    ExportFormat.HTML: "text/html; charset=utf-8",
    ExportFormat.GRAPHML: "application/graphml+xml",
    ExportFormat.GEXF: "application/gexf+xml",
    ExportFormat.CYJS: "application/json",
    ExportFormat.JSON: "application/json",
    ExportFormat.PNG: "image/png",
    ExportFormat.SVG: "image/svg+xml",
}


@dataclass(frozen=True)
class Option:
    """One option of a drawing as a form field: text, a number, or a choice from a list."""

    name: str
    label: str
    help: str
    value: str
    choices: tuple[tuple[str, str], ...] = ()
    number: bool = False
    required: bool = False


@dataclass(frozen=True)
class ViewRequest:
    """The options of a network view, read and checked from a request's parameters."""

    view: View | None
    platform: str | None
    area: str | None
    country: str | None
    focus: str | None
    depth: int
    min_weight: int
    top_k: int | None
    color_by: ColorBy
    layout: Layout

    @classmethod
    def of(cls, request: Request) -> ViewRequest:
        """The options a request gives (``view`` empty: no view chosen yet).

        Raises:
            BadParameterError: a number or a choice is not one.
        """
        values = request.query_params
        return cls(
            view=_choice(View, values.get("view"), "view") if values.get("view") else None,
            platform=values.get("platform") or None,
            area=values.get("area") or None,
            country=(values.get("country") or "").strip() or None,
            focus=(values.get("focus") or "").strip() or None,
            depth=_whole(values.get("depth"), "depth", default=1, least=0),
            min_weight=_whole(values.get("min_weight"), "min_weight", default=1, least=1),
            top_k=_whole(values.get("top_k"), "top_k", default=None, least=1),
            color_by=_choice(ColorBy, values.get("color_by") or ColorBy.PLATFORM, "color_by"),
            layout=_choice(Layout, values.get("layout") or Layout.FORCE, "layout"),
        )

    def parameters(self) -> dict[str, str | int | None]:
        """The options as query parameters."""
        return {
            "view": self.view.value if self.view else None,
            "platform": self.platform,
            "area": self.area,
            "country": self.country,
            "focus": self.focus,
            "depth": self.depth,
            "min_weight": self.min_weight,
            "top_k": self.top_k,
            "color_by": self.color_by.value,
            "layout": self.layout.value,
        }

    def options(self) -> list[Option]:
        """The form's fields, filled in with these options."""
        return [
            Option(
                "view",
                "View",
                "regions and partnerships, regions linked by shared partnerships, "
                "partnerships linked by shared regions, or organisations",
                self.view.value if self.view else "",
                tuple((view.value, view.value) for view in View),
                required=True,
            ),
            *_platform_and_area(self.platform, self.area),
            Option(
                "country",
                "Country",
                "only members in this country, e.g. ES or España",
                self.country or "",
            ),
            Option(
                "focus",
                "Focus",
                "only the neighbourhood of a region, partnership or "
                "organisation, e.g. ES24 or hydrogen valleys",
                self.focus or "",
            ),
            Option("depth", "Depth", "how many steps from the focus", str(self.depth), number=True),
            Option(
                "min_weight",
                "Least weight",
                "drop lines lighter than this",
                str(self.min_weight),
                number=True,
            ),
            Option(
                "top_k",
                "Strongest lines",
                "keep each node's heaviest lines only",
                "" if self.top_k is None else str(self.top_k),
                number=True,
            ),
            Option(
                "color_by",
                "Colour by",
                "what node colours show",
                self.color_by.value,
                tuple((each.value, each.value) for each in ColorBy),
                required=True,
            ),
            Option(
                "layout",
                "Layout",
                "a force layout, or regions at their places",
                self.layout.value,
                tuple((each.value, each.value) for each in Layout),
                required=True,
            ),
        ]


@dataclass(frozen=True)
class MapRequest:
    """The options of a map, read and checked from a request's parameters."""

    measure: MapMeasure
    partnership: str | None
    platform: str | None
    area: str | None
    country: str | None
    level: str

    @classmethod
    def of(cls, request: Request) -> MapRequest:
        """The options a request gives.

        Raises:
            BadParameterError: a choice is not one.
        """
        values = request.query_params
        level = values.get("level") or "auto"
        if level not in LEVELS:
            raise BadParameterError(f"level: {level!r} is not one of: {', '.join(LEVELS)}")
        return cls(
            measure=_choice(
                MapMeasure, values.get("measure") or MapMeasure.PARTNERSHIPS, "measure"
            ),
            partnership=(values.get("partnership") or "").strip() or None,
            platform=values.get("platform") or None,
            area=values.get("area") or None,
            country=(values.get("country") or "").strip() or None,
            level=level,
        )

    def parameters(self) -> dict[str, str | int | None]:
        """The options as query parameters."""
        return {
            "measure": self.measure.value,
            "partnership": self.partnership,
            "platform": self.platform,
            "area": self.area,
            "country": self.country,
            "level": self.level,
        }

    def options(self) -> list[Option]:
        """The form's fields, filled in with these options."""
        return [
            Option(
                "measure",
                "Shade by",
                "what shades each region",
                self.measure.value,
                tuple((each.value, each.value) for each in MapMeasure),
                required=True,
            ),
            Option(
                "partnership",
                "Partnership",
                "show one partnership's members by role instead, e.g. im-h2valleys",
                self.partnership or "",
            ),
            *_platform_and_area(self.platform, self.area),
            Option(
                "country",
                "Country",
                "only this country's regions, framed, e.g. ES",
                self.country or "",
            ),
            Option(
                "level",
                "NUTS level",
                "auto: each member region at its own level",
                self.level,
                tuple((level, level) for level in LEVELS),
                required=True,
            ),
        ]


def _platform_and_area(platform: str | None, area: str | None) -> list[Option]:
    """The platform and thematic-area fields that views and maps share."""
    return [
        Option(
            "platform",
            "Platform",
            "only this platform's partnerships",
            platform or "",
            tuple((term.slug, term.label) for term in PLATFORMS),
        ),
        Option(
            "area",
            "Thematic area",
            "only this area's partnerships",
            area or "",
            tuple((term.slug, term.label) for term in AREAS),
        ),
    ]


_MAP_TYPES = {
    MapFormat.HTML: "text/html; charset=utf-8",
    MapFormat.PNG: "image/png",
    MapFormat.SVG: "image/svg+xml",
    MapFormat.GEOJSON: "application/geo+json",
}


def routes() -> list[BaseRoute]:
    """The routes of this module."""
    return [
        Route("/views", views, name="views"),
        Route("/views/drawing", view_drawing, name="view-drawing"),
        Route("/views/file", view_file, name="view-file"),
        Route("/map", map_page, name="map"),
        Route("/map/drawing", map_drawing, name="map-drawing"),
        Route("/map/file", map_file, name="map-file"),
    ]


def views(request: Request) -> Response:
    """The form of a network view and, once one is chosen, its summary, drawing and files."""
    representation = requested(request, PAGE_FORMATS)
    chosen = ViewRequest.of(request)
    summary, error, status = None, "", 200
    if chosen.view is not None:
        try:
            summary = _summary(request, chosen)
        except S3GraphError as err:
            if representation is Representation.JSON:
                raise
            error, status = str(err), status_of(err)
    query = query_string(chosen.parameters())
    if representation is Representation.JSON:
        return JSONResponse(
            {
                "options": chosen.parameters(),
                "summary": results_json(summary) if summary is not None else None,
                "files": {
                    fmt.value: f"/views/file?{query}&fmt={fmt.value}" for fmt in ExportFormat
                },
            }
        )
    return templates().TemplateResponse(
        request,
        "views.html",
        {
            "options": chosen.options(),
            "summary": summary,
            "summary_rows": results_rows(summary) if summary is not None else [],
            "error": error,
            "query": query,
            "formats": [fmt.value for fmt in ExportFormat],
        },
        status_code=status,
    )


def view_drawing(request: Request) -> Response:
    """A network view's interactive page, to be shown in a frame of the views page."""
    chosen = _chosen(request)
    graph = _graph(request, chosen)
    from ..views import view_page

    nonce = new_nonce()
    page = view_page(graph, color_by=chosen.color_by, layout=chosen.layout)
    return HTMLResponse(
        page.html(nonce=nonce), headers={"content-security-policy": drawing_policy(nonce)}
    )


def view_file(request: Request) -> Response:
    """A network view as a file in one of the export formats (``fmt``)."""
    import io

    from ..views import write_view

    chosen = _chosen(request)
    fmt = _choice(ExportFormat, request.query_params.get("fmt") or "html", "fmt")
    graph = _graph(request, chosen)
    output = io.BytesIO()
    write_view(graph, output, fmt=fmt, color_by=chosen.color_by, layout=chosen.layout)
    assert chosen.view is not None
    return Response(
        output.getvalue(),
        media_type=_EXPORT_TYPES[fmt],
        headers={
            "content-disposition": f'attachment; filename="{chosen.view.value}.{fmt.value}"',
            # a downloaded page opens from the disk, where it runs as it would from s3graph view
            "content-security-policy": "sandbox",
        },
    )


def map_page(request: Request) -> Response:
    """The form of the map, the map drawn in a frame, and its files."""
    representation = requested(request, PAGE_FORMATS)
    chosen = MapRequest.of(request)
    title, error, status = "", "", 200
    try:
        title = _map(request, chosen).data.title
    except S3GraphError as err:
        if representation is Representation.JSON:
            raise
        error, status = str(err), status_of(err)
    query = query_string(chosen.parameters())
    if representation is Representation.JSON:
        return JSONResponse(
            {
                "options": chosen.parameters(),
                "title": title,
                "files": {fmt.value: f"/map/file?{query}&fmt={fmt.value}" for fmt in MapFormat},
            }
        )
    return templates().TemplateResponse(
        request,
        "map.html",
        {
            "options": chosen.options(),
            "title": title,
            "error": error,
            "query": query,
            "formats": [fmt.value for fmt in MapFormat],
        },
        status_code=status,
    )


def map_drawing(request: Request) -> Response:
    """A map's interactive page, to be shown in a frame."""
    nonce = new_nonce()
    page = _map(request, MapRequest.of(request)).to_html(nonce=nonce)
    return HTMLResponse(page, headers={"content-security-policy": drawing_policy(nonce)})


def map_file(request: Request) -> Response:
    """A map as a file in one of its formats (``fmt``)."""
    import io

    chosen = MapRequest.of(request)
    fmt = _choice(MapFormat, request.query_params.get("fmt") or "html", "fmt")
    output = io.BytesIO()
    _map(request, chosen).write(output, fmt)
    return Response(
        output.getvalue(),
        media_type=_MAP_TYPES[fmt],
        headers={
            "content-disposition": f'attachment; filename="map.{fmt.value}"',
            "content-security-policy": "sandbox",
        },
    )


def _map(request: Request, chosen: MapRequest) -> Any:
    from ..maps import region_map

    with request.app.state.store.reading() as store:
        return region_map(
            store,
            measure=chosen.measure,
            partnership=chosen.partnership,
            platform=chosen.platform,
            area=chosen.area,
            country=chosen.country,
            level=chosen.level,
        )


def _chosen(request: Request) -> ViewRequest:
    chosen = ViewRequest.of(request)
    if chosen.view is None:
        raise BadParameterError(f"choose a view: one of {', '.join(view.value for view in View)}")
    return chosen


def _graph(request: Request, chosen: ViewRequest) -> Any:
    from ..network import view_network

    assert chosen.view is not None
    with request.app.state.store.reading() as store:
        return view_network(
            store,
            chosen.view,
            platform=chosen.platform,
            area=chosen.area,
            country=chosen.country,
            focus=chosen.focus,
            depth=chosen.depth,
            min_weight=chosen.min_weight,
            top_k=chosen.top_k,
        )


def _summary(request: Request, chosen: ViewRequest) -> Any:
    from ..network import network_summary

    return network_summary(_graph(request, chosen))


def _whole(text: str | None, name: str, *, default: int | None, least: int) -> Any:
    if text is None or not text.strip():
        return default
    try:
        number = int(text.strip())
    except ValueError:
        raise BadParameterError(
            f"{name}: {text!r} is not a whole number; give digits, e.g. 2"
        ) from None
    if number < least:
        raise BadParameterError(f"{name}: {number} is too small; give {least} or more")
    return number


def _choice(kind: type[Enum], text: Any, name: str) -> Any:
    try:
        return kind(text)
    except ValueError:
        values = ", ".join(str(member.value) for member in kind)
        raise BadParameterError(f"{name}: {text!r} is not one of: {values}") from None
