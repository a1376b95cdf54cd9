"""Synthetic snapshots built from squares of known size, in the projection areas are measured in."""

from __future__ import annotations

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
