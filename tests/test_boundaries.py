"""The bundled boundaries as shapes on the map (s3graph.boundaries): every region, projected."""

from __future__ import annotations

from s3graph.boundaries import (
    INSETS,
    bordering_regions,
    country_shapes,
    project_point,
    region_shapes,
)

from bundled import regions_at_level, rows


def test_every_bundled_region_has_a_shape() -> None:
    codes = {row["nuts_code"] for row in rows("regions.csv")}
    shapes = region_shapes()
    assert set(shapes) == codes
    assert set(country_shapes()) == set(regions_at_level(0))
    assert all(len(ring) >= 4 for shape in shapes.values() for ring in shape.rings)


def test_outer_rings_turn_anticlockwise_and_holes_clockwise() -> None:
    def turn(ring: object) -> float:
        x, y = ring[:, 0], ring[:, 1]  # type: ignore[index]
        return float((x[:-1] * y[1:] - x[1:] * y[:-1]).sum())

    brandenburg = region_shapes()["DE4"]  # Berlin is a hole in it
    assert [turn(ring) > 0 for ring in brandenburg.rings] == [True, False]


def test_the_outermost_regions_sit_in_their_insets_and_the_insets_cover_no_land() -> None:
    shapes = region_shapes()
    boxes = {inset.name: inset.box for inset in INSETS}

    def inside(code: str, name: str) -> bool:
        left, bottom, right, top = shapes[code].bounds
        x, y, width, height = boxes[name]
        return x <= left and right <= x + width and y <= bottom and top <= y + height

    assert inside("ES70", "Canarias") and inside("PT20", "Açores") and inside("PT30", "Madeira")
    assert inside("FRY4", "Réunion") and inside("FRY3", "Guyane")
    for ring in (ring for shape in shapes.values() for ring in shape.rings):
        middle = ring.mean(axis=0)
        for x, y, width, height in boxes.values():
            holds = x <= middle[0] <= x + width and y <= middle[1] <= y + height
            # a ring in a box lies wholly inside it: no land of the main map under a box
            assert not holds or (
                (ring[:, 0] >= x).all()
                and (ring[:, 0] <= x + width).all()
                and (ring[:, 1] >= y).all()
                and (ring[:, 1] <= y + height).all()
            )


def test_north_is_up_and_east_is_right() -> None:
    lisbon = project_point(-9.14, 38.72)
    helsinki = project_point(24.94, 60.17)
    athens = project_point(23.73, 37.98)
    assert lisbon[0] < athens[0] < helsinki[0] + 600
    assert athens[1] < helsinki[1] and lisbon[0] < helsinki[0]


def test_bordering_regions_meet_at_any_level_but_never_contain_each_other() -> None:
    borders = bordering_regions()
    aragon = borders["ES24"]
    assert {"ES22", "ES23", "ES41", "ES42", "ES51", "ES52", "FRJ", "FRI"} <= aragon
    assert not {"ES", "ES2", "ES241", "ES24"} & aragon  # itself, above it or inside it
    assert "ES61" not in aragon  # Andalucía is two regions away
    assert all(code in borders[other] for code, others in borders.items() for other in others)
    assert borders["MT"] == frozenset()  # an island alone
