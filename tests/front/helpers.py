"""Synthetic snapshots built from squares of known size, in the projection areas are measured in."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

from bot.front.projection import point_to_lonlat

NAMES = {
    "occupied": ("Окуповано /// Occupied /// geoJSON.status.occupied", "#a52714"),
    "grey": ("Статус невідомий /// Unknown status /// geoJSON.status.unknown", "#bcaaa4"),
    "crimea": ("Окупований Крим /// Occupied Crimea /// geoJSON.territories.crimea", "#880e4f"),
    "kursk": ("Звільнено /// Liberated /// geoJSON.status.dismissed", "#01579b"),
    "kursk_grey": ("Статус невідомий /// Unknown status /// geoJSON.status.unknown", "#bdbdbd"),
}


def square_lonlat(x_km: float, y_km: float, w_km: float, h_km: float, steps: int = 20) -> list[list[float]]:
    """A rectangle given in projected km (origin 48.5N 31.5E), densified so its lon/lat outline keeps its area."""
    corners = [(x_km, y_km), (x_km + w_km, y_km), (x_km + w_km, y_km + h_km), (x_km, y_km + h_km)]
    ring: list[list[float]] = []
    for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1], strict=True):
        for i in range(steps):
            t = i / steps
            ring.append(list(point_to_lonlat((x0 + (x1 - x0) * t) * 1000, (y0 + (y1 - y0) * t) * 1000)))
    ring.append(ring[0])
    return ring


def snapshot_bytes(layers: list[tuple[str, tuple[float, float, float, float]]]) -> bytes:
    features = [
        {
            "type": "Feature",
            "properties": {"name": NAMES[kind][0], "fill": NAMES[kind][1]},
            "geometry": {"type": "Polygon", "coordinates": [square_lonlat(*rect)]},
        }
        for kind, rect in layers
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def when(day: int, month: int = 7, year: int = 2025) -> datetime:
    return datetime(year, month, day, 20, tzinfo=UTC)


def _ring(*points: tuple[object, object]) -> list[list[object]]:
    return [list(p) for p in points]


# Every kind of polygon a served map has been seen to carry that cannot be used, with the reason it is counted under.
_OK = (30.0, 48.0)
BROKEN_GEOMETRIES: dict[str, tuple[dict[str, object], str]] = {
    "two-point ring": ({"type": "Polygon", "coordinates": [_ring(_OK, (30.1, 48.0), _OK)]}, "too_few_points"),
    "one repeated point": ({"type": "Polygon", "coordinates": [_ring(_OK, _OK, _OK, _OK)]}, "too_few_points"),
    "text coordinates": (
        {"type": "Polygon", "coordinates": [_ring(("x", 48), (30.1, 48), (30.1, 48.1), ("x", 48))]},
        "not_numeric",
    ),
    "numbers as strings": (
        {"type": "Polygon", "coordinates": [_ring(("30", "48"), (30.1, 48), (30.1, 48.1), ("30", "48"))]},
        "not_numeric",
    ),
    "null coordinate": (
        {"type": "Polygon", "coordinates": [_ring((None, 48), (30.1, 48), (30.1, 48.1), (None, 48))]},
        "not_numeric",
    ),
    "NaN": (
        {"type": "Polygon", "coordinates": [_ring(_OK, (float("nan"), 48), (30.1, 48.1), _OK)]},
        "not_finite",
    ),
    "infinity": (
        {"type": "Polygon", "coordinates": [_ring(_OK, (30.1, float("inf")), (30.1, 48.1), _OK)]},
        "not_finite",
    ),
    "outside lon/lat": (
        {"type": "Polygon", "coordinates": [_ring(_OK, (3000.1, 48), (30.1, 48.1), _OK)]},
        "out_of_range",
    ),
    "no coordinates": ({"type": "Polygon"}, "malformed"),
    "coordinates not nested": ({"type": "Polygon", "coordinates": [[30, 48, 30.1, 48, 30, 48.1]]}, "malformed"),
    "empty polygon": ({"type": "Polygon", "coordinates": []}, "empty"),
    "empty ring": ({"type": "Polygon", "coordinates": [[]]}, "empty"),
    "empty multipolygon": ({"type": "MultiPolygon", "coordinates": []}, "empty"),
    "zero area": (
        {"type": "Polygon", "coordinates": [_ring(_OK, (30.1, 48), (30.2, 48), _OK)]},
        "no_area",
    ),
    "collection without members": ({"type": "GeometryCollection"}, "malformed"),
}


def feature(kind: str, geometry: dict[str, object]) -> dict[str, object]:
    return {"type": "Feature", "properties": {"name": NAMES[kind][0], "fill": NAMES[kind][1]}, "geometry": geometry}


def with_features(data: bytes, *features: dict[str, object]) -> bytes:
    doc = json.loads(data)
    doc["features"] += list(features)
    return json.dumps(doc).encode()


def occupied_only(*rects: tuple[float, float, float, float], properties: dict[str, object] | None = None) -> dict:
    """One nameless MultiPolygon feature, as the archive writes it (with a `date` in the history file)."""
    polygons = [[square_lonlat(*rect)] for rect in rects]
    return {
        "type": "Feature",
        "properties": properties or {},
        "geometry": {"type": "MultiPolygon", "coordinates": polygons},
    }


def daily_file(*rects: tuple[float, float, float, float]) -> bytes:
    return json.dumps(
        {
            "type": "FeatureCollection",
            "name": "deepstatemap_data_20250901",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
            "features": [occupied_only(*rects)],
        }
    ).encode()


def history_file(days: list[tuple[str, tuple[float, float, float, float]]], *, extra: str = "") -> bytes:
    """GeoPandas' to_json of a (date, geometry) frame: a string id per feature, the date as a property."""
    features = [{"id": str(i), **occupied_only(rect, properties={"date": day})} for i, (day, rect) in enumerate(days)]
    return gzip.compress((json.dumps({"type": "FeatureCollection", "features": features}) + extra).encode())
