"""DeepState snapshot bytes -> `FrontSnapshot`: classified, repaired, unioned per zone, projected.

Accepts both a bare FeatureCollection (`/api/history/{id}/geojson`) and the `{id, datetime, map}` wrapper of
`/api/history/last`. Points (unit markers, arrows, labels) and lines are ignored; 3-D coordinates are
flattened; invalid rings are repaired with `make_valid`. Anything that is not a readable snapshot raises
`ParseError` with a message that says what is wrong.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from bot.errors import ParseError
from bot.front.classify import classify_layer
from bot.front.model import MEASURED, RUSSIAN_HELD, FrontSnapshot, Zone
from bot.front.projection import to_metres

logger = logging.getLogger(__name__)

_POLYGONAL = {"Polygon", "MultiPolygon", "GeometryCollection"}
_seen_unknown: set[str] = set()  # unknown layer names already logged by this process


def parse_snapshot(data: bytes, *, snapshot_id: int | None = None, taken: datetime | None = None) -> FrontSnapshot:
    """Parse one snapshot. `snapshot_id` (a unix time) or `taken` date it when the bytes do not."""
    doc = _load(data)
    if "map" in doc and isinstance(doc["map"], dict):
        snapshot_id = snapshot_id if snapshot_id is not None else _as_int(doc.get("id"))
        taken = taken or _as_datetime(doc.get("datetime"))
        doc = doc["map"]
    if doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise ParseError("snapshot is not a GeoJSON FeatureCollection")
    if taken is None and snapshot_id is None:
        raise ParseError("snapshot has no date: pass its id or datetime")
    if taken is None:
        assert snapshot_id is not None
        taken = datetime.fromtimestamp(snapshot_id, UTC)
    if snapshot_id is None:
        snapshot_id = int(taken.timestamp())

    parts: dict[Zone, list[BaseGeometry]] = defaultdict(list)
    counts: dict[Zone, int] = defaultdict(int)
    unknown: list[str] = []
    skipped = 0
    for feature in doc["features"]:
        props = feature.get("properties") if isinstance(feature, dict) else None
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(geometry, dict) or geometry.get("type") not in _POLYGONAL:
            continue
        props = props if isinstance(props, dict) else {}
        name = str(props.get("name") or "")
        zone = classify_layer(name, str(props.get("fill") or ""))
        counts[zone] += 1
        if zone is Zone.UNKNOWN:
            unknown.append(name)
            _log_unknown(name, snapshot_id)
        if zone not in MEASURED:
            continue
        polygon = _polygonal(geometry)
        if polygon is None:
            skipped += 1
            continue
        parts[zone].append(polygon)
    if not parts:
        raise ParseError("snapshot has no territory layers (empty or not a DeepState map)")
    if skipped:
        logger.warning("front_features_skipped", extra={"snapshot_id": snapshot_id, "skipped": skipped})

    zones = {zone: to_metres(shapely.union_all(geoms)) for zone, geoms in parts.items()}
    russian = shapely.union_all([zones[z] for z in RUSSIAN_HELD if z in zones])
    return FrontSnapshot(
        id=snapshot_id,
        taken=taken,
        zones=zones,
        russian_held=russian,
        feature_counts=dict(counts),
        unknown_layers=tuple(dict.fromkeys(unknown)),
    )


def _load(data: bytes) -> Mapping[str, Any]:
    if not data or not data.strip():
        raise ParseError("snapshot is empty")
    try:
        doc = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"snapshot is not valid JSON (truncated?): {exc}") from exc
    if not isinstance(doc, dict):
        raise ParseError("snapshot is not a JSON object")
    return doc


def _polygonal(geometry: Mapping[str, Any]) -> BaseGeometry | None:
    """The repaired polygonal part of a GeoJSON geometry in 2-D, or None when it has none or is garbage."""
    try:
        geom = shapely.force_2d(shape(geometry))
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, shapely.errors.ShapelyError):
        return None
    if geom.is_empty:
        return None
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    polygons = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty]
    # make_valid or a GeometryCollection can hand back nested collections; one more level flattens them.
    polygons += [
        p
        for g in shapely.get_parts(geom)
        if g.geom_type == "GeometryCollection"
        for p in shapely.get_parts(g)
        if p.geom_type in ("Polygon", "MultiPolygon")
    ]
    if not polygons:
        return None
    merged = shapely.union_all(polygons)
    return merged if merged.is_valid else shapely.make_valid(merged)


def _log_unknown(name: str, snapshot_id: int | None) -> None:
    if name in _seen_unknown:
        return
    _seen_unknown.add(name)
    logger.warning("front_unknown_layer", extra={"layer": name[:200], "snapshot_id": snapshot_id})


def _as_int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def _as_datetime(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
