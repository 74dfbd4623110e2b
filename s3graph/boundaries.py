"""The bundled NUTS 2021 boundaries as shapes on a map of Europe.

The shapes are the GISCO NUTS 2021 boundaries at 1:60 million bundled with s3graph
(``data/nuts-2021-60m.geojson``, WGS84), projected to ETRS89 Lambert azimuthal equal-area
(EPSG:3035), the projection of Eurostat's own maps: a region's area on the map is its area
on the ground. The outermost regions far from the continent (the Canary Islands, the Azores,
Madeira, the French overseas regions, Svalbard and Jan Mayen) are drawn in insets, each in an
equal-area projection centred on it. Map coordinates are kilometres, ``y`` growing north.

Maps of regions (``s3graph.geo``, ``s3graph.maps``) and the map layout of network views
place everything with the same projection. Nothing here reads the store.

>>> x, y = EUROPE.project([5.0], [50.0])
>>> round(float(x[0]), 2), round(float(y[0]), 2)  # EPSG's worked example, in metres
(3962799.45, 2999718.85)
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

from .resources import data_file

BOUNDARIES_FILE = "nuts-2021-60m.geojson"
"""The bundled NUTS 2021 boundaries (GISCO, 1:60 million, WGS84), a file of ``data/``."""
ATTRIBUTION = (
    "Boundaries: © EuroGeographics for the administrative boundaries; "
    "Eurostat GISCO, NUTS 2021, 1:60 million."
)
"""The acknowledgement GISCO asks for, shown on every map."""

_GRS80 = (6_378_137.0, 1 / 298.257222101)


class Laea:
    """The Lambert azimuthal equal-area projection on the GRS80 ellipsoid (EPSG method 9820).

    Args:
        lat0, lon0: the centre, in degrees.
        false_easting, false_northing: added to ``x`` and ``y``, in metres.
    """

    def __init__(
        self, lat0: float, lon0: float, false_easting: float = 0.0, false_northing: float = 0.0
    ) -> None:
        axis, flattening = _GRS80
        self.e2 = flattening * (2 - flattening)
        self.e = math.sqrt(self.e2)
        self.lon0 = math.radians(lon0)
        self.false_easting, self.false_northing = false_easting, false_northing
        phi0 = math.radians(lat0)
        self.qp = self._q(math.pi / 2)
        self.rq = axis * math.sqrt(self.qp / 2)
        beta0 = math.asin(self._q(phi0) / self.qp)
        self.sin_b0, self.cos_b0 = math.sin(beta0), math.cos(beta0)
        self.d = (
            axis
            * math.cos(phi0)
            / math.sqrt(1 - self.e2 * math.sin(phi0) ** 2)
            / (self.rq * self.cos_b0)
        )

    def _q(self, phi: Any) -> Any:
        import numpy as np

        sin = np.sin(phi)
        return (1 - self.e2) * (
            sin / (1 - self.e2 * sin * sin)
            - np.log((1 - self.e * sin) / (1 + self.e * sin)) / (2 * self.e)
        )

    def project(self, lon: Any, lat: Any) -> tuple[Any, Any]:
        """Metres east and north of the origin for arrays of longitudes and latitudes."""
        import numpy as np

        lam = np.radians(np.asarray(lon, dtype=float)) - self.lon0
        beta = np.arcsin(self._q(np.radians(np.asarray(lat, dtype=float))) / self.qp)
        cos_beta = np.cos(beta)
        b = self.rq * np.sqrt(
            2 / (1 + self.sin_b0 * np.sin(beta) + self.cos_b0 * cos_beta * np.cos(lam))
        )
        x = self.false_easting + b * self.d * cos_beta * np.sin(lam)
        y = self.false_northing + (b / self.d) * (
            self.cos_b0 * np.sin(beta) - self.sin_b0 * cos_beta * np.cos(lam)
        )
        return x, y


EUROPE = Laea(52.0, 10.0, 4_321_000.0, 3_210_000.0)
"""ETRS89-extended / LAEA Europe (EPSG:3035)."""


@dataclass(frozen=True)
class Inset:
    """A small box of the map that shows a place far from the continent.

    ``area`` is the part of the globe it shows (west, south, east, north, in degrees);
    ``box`` where it sits on the map (left, bottom, width, height, in map kilometres).
    """

    name: str
    area: tuple[float, float, float, float]
    box: tuple[float, float, float, float]

    def holds(self, lon: float, lat: float) -> bool:
        """Whether a point lies in the part of the globe the inset shows."""
        west, south, east, north = self.area
        return west <= lon <= east and south <= lat <= north


_LEFT, _RIGHT, _WIDE, _SIDE = 2_000.0, 2_290.0, 550.0, 260.0
INSETS = (
    Inset("Canarias", (-18.3, 27.5, -13.3, 29.5), (_LEFT, 1_420.0, _WIDE, 230.0)),
    Inset("Açores", (-31.4, 36.8, -24.9, 39.8), (_LEFT, 1_680.0, _WIDE, 230.0)),
    Inset("Madeira", (-17.4, 29.9, -15.8, 33.2), (_LEFT, 1_940.0, _SIDE, _SIDE)),
    Inset("Guadeloupe", (-61.9, 15.8, -60.9, 16.6), (_RIGHT, 1_940.0, _SIDE, _SIDE)),
    Inset("Martinique", (-61.3, 14.3, -60.7, 15.0), (_LEFT, 2_230.0, _SIDE, _SIDE)),
    Inset("Guyane", (-54.7, 2.0, -51.5, 5.9), (_RIGHT, 2_230.0, _SIDE, _SIDE)),
    Inset("Réunion", (55.1, -21.5, 55.9, -20.8), (_LEFT, 2_520.0, _SIDE, _SIDE)),
    Inset("Mayotte", (44.9, -13.1, 45.4, -12.5), (_RIGHT, 2_520.0, _SIDE, _SIDE)),
    Inset("Jan Mayen", (-9.3, 70.7, -7.7, 71.3), (5_600.0, 4_880.0, 300.0, 240.0)),
    Inset("Svalbard", (9.0, 74.0, 35.0, 81.0), (5_950.0, 4_700.0, 600.0, 420.0)),
)
"""The places drawn in boxes of their own, each by the rest of the map."""


@dataclass(frozen=True)
class Shape:
    """A region's outline on the map: rings of ``(x, y)`` map kilometres (numpy arrays).

    Outer rings turn anticlockwise and holes clockwise, so the shape fills rightly under
    either fill rule.
    """

    rings: tuple[Any, ...]
    bounds: tuple[float, float, float, float]  # left, bottom, right, top


@cache
def region_geometries() -> dict[str, dict[str, Any]]:
    """The GeoJSON geometry (WGS84) of every region in the bundled file, by NUTS code."""
    collection = json.loads(data_file(BOUNDARIES_FILE).read_text(encoding="utf-8"))
    return {
        feature["properties"]["NUTS_ID"]: feature["geometry"] for feature in collection["features"]
    }


@cache
def region_shapes() -> dict[str, Shape]:
    """Every region's outline on the map, by NUTS code.

    All rings are projected in one array: a few numpy operations for the 30,000 points of
    the bundled file, rather than a few per ring.
    """
    import numpy as np

    codes, ring_codes, ring_outer, lengths, flat = [], [], [], [], []
    for code, geometry in region_geometries().items():
        codes.append(code)
        for polygon in _polygons(geometry):
            for index, ring in enumerate(polygon):
                ring_codes.append(code)
                ring_outer.append(index == 0)
                lengths.append(len(ring))
                flat.extend(ring)
    points = np.array(flat, dtype=float)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    counts = np.array(lengths)
    # each ring goes where its polygon's outer ring lies: its centre says which inset
    centres = np.add.reduceat(points, starts, axis=0) / counts[:, None]
    inset_of_ring, current = [], None
    for outer, (lon, lat) in zip(ring_outer, centres.tolist(), strict=True):
        current = _inset_of(lon, lat) if outer else current
        inset_of_ring.append(current)
    placed = np.empty_like(points)
    ring_inset = np.array([INSETS.index(inset) + 1 if inset else 0 for inset in inset_of_ring])
    point_inset = np.repeat(ring_inset, counts)
    for number, inset in enumerate((None, *INSETS)):
        chosen = point_inset == number
        if chosen.any():
            placed[chosen] = _place(points[chosen], inset)
    # twice the signed area of each ring (shoelace); rings are closed, so the pairs that
    # straddle two rings are taken out again
    cross = placed[:-1, 0] * placed[1:, 1] - placed[1:, 0] * placed[:-1, 1]
    ends = starts + counts - 1
    area = np.add.reduceat(np.append(cross, 0.0), starts) - np.append(cross, 0.0)[ends]
    rings: dict[str, list[Any]] = defaultdict(list)
    for code, outer, start, end, signed in zip(
        ring_codes, ring_outer, starts.tolist(), ends.tolist(), area.tolist(), strict=True
    ):
        ring = placed[start : end + 1]
        rings[code].append(ring if (signed > 0) == outer else ring[::-1])
    return {code: _shape(rings[code]) for code in codes}


@cache
def bordering_regions() -> dict[str, frozenset[str]]:
    """The regions each region of the bundled boundaries borders, by NUTS code, at any level.

    Two regions border each other when their boundaries share a point (queen contiguity) and
    neither contains the other. GISCO cuts the boundaries of every level from one topology,
    so regions that meet share their boundary points exactly; a region contains another when
    the other's code begins with its own, as NUTS codes nest.

    >>> sorted(code for code in bordering_regions()["ES24"] if code.startswith("ES2"))
    ['ES22', 'ES220', 'ES23', 'ES230']
    """
    regions_at: dict[tuple[float, float], set[str]] = defaultdict(set)
    for code, geometry in region_geometries().items():
        for polygon in _polygons(geometry):
            for ring in polygon:
                for lon, lat in ring:
                    regions_at[lon, lat].add(code)
    borders: dict[str, set[str]] = defaultdict(set)
    for codes in regions_at.values():
        for one in codes:
            borders[one].update(
                other for other in codes if not (one.startswith(other) or other.startswith(one))
            )
    return {code: frozenset(borders[code]) for code in region_geometries()}


def country_shapes() -> dict[str, Shape]:
    """The outline of every country (NUTS level 0) in the bundled file, by code."""
    return {code: shape for code, shape in region_shapes().items() if len(code) == 2}


def project_point(lon: float, lat: float) -> tuple[float, float]:
    """A point's place on the map, in map kilometres (in its inset, if it lies in one)."""
    import numpy as np

    x, y = _place(np.array([[lon, lat]]), _inset_of(lon, lat))[0]
    return float(x), float(y)


def _inset_of(lon: float, lat: float) -> Inset | None:
    return next((inset for inset in INSETS if inset.holds(lon, lat)), None)


@cache
def _inset_transform(inset: Inset) -> tuple[Laea, float, float, float]:
    """The projection of an inset's area, and the scale and offsets that fit it in its box."""
    import numpy as np

    west, south, east, north = inset.area
    projection = Laea((south + north) / 2, (west + east) / 2)
    lons = np.array([west, east, west, east, (west + east) / 2, (west + east) / 2])
    lats = np.array([south, south, north, north, south, north])
    x, y = projection.project(lons, lats)
    left, bottom, width, height = inset.box
    scale = min(width / (x.max() - x.min()), height / (y.max() - y.min()))
    dx = left + (width - scale * (x.max() - x.min())) / 2 - scale * x.min()
    dy = bottom + (height - scale * (y.max() - y.min())) / 2 - scale * y.min()
    return projection, scale, dx, dy


def _place(points: Any, inset: Inset | None) -> Any:
    """Map kilometres for an array of ``(lon, lat)`` points, all in ``inset`` or none."""
    import numpy as np

    if inset is None:
        x, y = EUROPE.project(points[:, 0], points[:, 1])
        return np.column_stack((x / 1000.0, y / 1000.0))
    projection, scale, dx, dy = _inset_transform(inset)
    x, y = projection.project(points[:, 0], points[:, 1])
    return np.column_stack((x * scale + dx, y * scale + dy))


def _polygons(geometry: dict[str, Any]) -> list[Any]:
    """The polygons of a GeoJSON Polygon or MultiPolygon, each a list of rings."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def _shape(rings: list[Any]) -> Shape:
    import numpy as np

    points = np.concatenate(rings)
    left, bottom = points.min(axis=0)
    right, top = points.max(axis=0)
    return Shape(tuple(rings), (float(left), float(bottom), float(right), float(top)))
