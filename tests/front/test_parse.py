from __future__ import annotations

import json
import logging

import pytest

from bot.errors import ParseError
from bot.front.model import Zone
from bot.front.parse import parse_snapshot
from tests.conftest import FIXTURES
from tests.front.helpers import BROKEN_GEOMETRIES, feature, snapshot_bytes, square_lonlat, with_features

FRONT = FIXTURES / "front"


def test_new_schema_fixture_classifies_every_layer(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        snap = parse_snapshot((FRONT / "new_schema.geojson").read_bytes(), snapshot_id=1754251105)
        parse_snapshot((FRONT / "new_schema.geojson").read_bytes(), snapshot_id=1754251106)
    assert snap.taken.year == 2025
    for zone in (Zone.OCCUPIED, Zone.GREY, Zone.LIBERATED, Zone.OCCUPIED_BEFORE_2022, Zone.UA_HELD_RU, Zone.GREY_RU):
        assert snap.area_km2(zone) > 1, zone
    assert Zone.EDITORIAL not in snap.zones and Zone.OTHER_OCCUPIED not in snap.zones
    assert snap.feature_counts[Zone.UNKNOWN] == 1
    assert snap.unknown_layers == ("Нове /// New /// geoJSON.status.brand_new",)
    # the unknown layer is logged once per process, not once per snapshot
    assert sum("front_unknown_layer" in r.getMessage() for r in caplog.records) <= 1
    # the self-intersecting bow-tie is repaired and counted, not dropped
    assert snap.zones[Zone.OCCUPIED].is_valid
    assert snap.russian_held.area == pytest.approx(
        snap.zones[Zone.OCCUPIED].area + snap.zones[Zone.OCCUPIED_BEFORE_2022].area, rel=1e-6
    )


def test_old_schema_fixture() -> None:
    snap = parse_snapshot((FRONT / "old_schema.geojson").read_bytes(), snapshot_id=1649005166)
    assert snap.feature_counts[Zone.OCCUPIED] == 3  # two "Окуповано" and Snake Island in its red of 2022
    assert snap.feature_counts[Zone.OCCUPIED_BEFORE_2022] == 2
    assert snap.feature_counts[Zone.GREY] == 2
    assert snap.feature_counts[Zone.LIBERATED] == 2
    assert snap.feature_counts[Zone.EDITORIAL] == 1
    assert Zone.UNKNOWN not in snap.feature_counts


def test_known_areas() -> None:
    snap = parse_snapshot(
        snapshot_bytes([("occupied", (0, 0, 10, 10)), ("occupied", (5, 0, 10, 10)), ("grey", (20, 0, 4, 5))]),
        snapshot_id=1_700_000_000,
    )
    assert snap.area_km2(Zone.OCCUPIED) == pytest.approx(150, rel=1e-3)  # overlapping squares are unioned
    assert snap.area_km2(Zone.GREY) == pytest.approx(20, rel=1e-3)
    assert snap.occupied_km2 == pytest.approx(150, rel=1e-3)


def test_wrapper_of_history_last() -> None:
    fc = json.loads(snapshot_bytes([("occupied", (0, 0, 1, 1))]))
    snap = parse_snapshot(json.dumps({"id": 1754251105, "datetime": "2025-08-03T19:58:25Z", "map": fc}).encode())
    assert snap.id == 1754251105 and snap.taken.hour == 19


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   ", "empty"),
        (b'{"type": "FeatureCollection", "features": [', "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        (b"[1, 2]", "not a JSON object"),
        (b'{"type": "Feature"}', "not a GeoJSON FeatureCollection"),
        (b'{"type": "FeatureCollection", "features": []}', "no territory layers"),
        (
            b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
            b'"geometry": {"type": "Point", "coordinates": [30, 50]}}]}',
            "no territory layers",
        ),
    ],
    ids=["empty", "blank", "truncated", "binary", "array", "feature", "no-features", "points-only"],
)
def test_bad_input_is_a_clear_parse_error(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_snapshot(data, snapshot_id=1)


@pytest.mark.parametrize(("geometry", "reason"), BROKEN_GEOMETRIES.values(), ids=BROKEN_GEOMETRIES.keys())
@pytest.mark.parametrize("kind", ["occupied", "grey", "kursk"])
def test_an_unusable_polygon_is_dropped_and_counted(kind: str, geometry: dict[str, object], reason: str) -> None:
    data = with_features(snapshot_bytes([("occupied", (0, 0, 2, 2)), ("grey", (5, 0, 1, 1))]), feature(kind, geometry))
    snap = parse_snapshot(data, snapshot_id=1)
    assert snap.dropped == {reason: 1} and snap.repaired == 0
    assert snap.area_km2(Zone.OCCUPIED) == pytest.approx(4, rel=1e-3)
    assert snap.area_km2(Zone.GREY) == pytest.approx(1, rel=1e-3)


@pytest.mark.parametrize(("geometry", "reason"), BROKEN_GEOMETRIES.values(), ids=BROKEN_GEOMETRIES.keys())
def test_a_map_of_unusable_polygons_only_says_why(geometry: dict[str, object], reason: str) -> None:
    data = json.dumps({"type": "FeatureCollection", "features": [feature("occupied", geometry)] * 2}).encode()
    with pytest.raises(ParseError, match=r"no territory layers: 2 polygons dropped \(2 "):
        parse_snapshot(data, snapshot_id=1)


def test_one_bad_polygon_of_a_multipolygon_costs_that_polygon_only() -> None:
    bad, _ = BROKEN_GEOMETRIES["two-point ring"]
    nan, _ = BROKEN_GEOMETRIES["NaN"]
    multi = {
        "type": "MultiPolygon",
        "coordinates": [[square_lonlat(0, 0, 3, 3)], bad["coordinates"], nan["coordinates"]],
    }
    collection = {
        "type": "GeometryCollection",
        "geometries": [{"type": "Polygon", "coordinates": [square_lonlat(9, 0, 1, 1)]}, bad],
    }
    doc = {
        "type": "FeatureCollection",
        "features": [feature("occupied", multi), feature("occupied", collection), "not a feature"],
    }
    snap = parse_snapshot(json.dumps(doc).encode(), snapshot_id=1)
    assert snap.area_km2(Zone.OCCUPIED) == pytest.approx(10, rel=1e-3)
    assert snap.dropped == {"too_few_points": 2, "not_finite": 1}


def test_a_self_intersecting_polygon_is_repaired_and_counted() -> None:
    a, b, c, d = square_lonlat(0, 0, 4, 4, steps=1)[:4]
    bow_tie = {"type": "Polygon", "coordinates": [[a, b, d, c, a]]}  # two triangles of 4 km² meeting in the middle
    snap = parse_snapshot(
        with_features(snapshot_bytes([("grey", (9, 0, 1, 1))]), feature("occupied", bow_tie)), snapshot_id=1
    )
    assert snap.repaired == 1 and snap.dropped == {}
    assert snap.zones[Zone.OCCUPIED].is_valid and snap.occupied_km2 == pytest.approx(8, rel=1e-2)


def test_needs_a_date() -> None:
    with pytest.raises(ParseError, match="no date"):
        parse_snapshot(snapshot_bytes([("occupied", (0, 0, 1, 1))]))
