"""DeepState snapshot bytes -> `FrontSnapshot`: classified, repaired, unioned per zone, projected.

Accepts a bare FeatureCollection (`/api/history/{id}/geojson`), the `{id, datetime, map}` wrapper of
`/api/history/last`, and the occupied-only archive's one nameless MultiPolygon (cyterat/deepstate-map-data; its
grey zone and Kursk layers are `absent`, not empty). Points (unit markers, arrows, labels) and lines are ignored;
3-D coordinates are flattened; invalid polygons are repaired with `make_valid`; polygons that cannot be used (a
two-point ring, coordinates that are not finite numbers, ...) are left out and counted per reason in
`FrontSnapshot.dropped`, so that whoever stores the map can see that it is incomplete. Anything that is not a
readable snapshot raises `ParseError` with a message that says what is wrong.
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from bot.errors import ParseError
from bot.front.classify import classify_layer
from bot.front.model import MEASURED, NOT_IN_OCCUPIED_ONLY, RUSSIAN_HELD, FrontSnapshot, Zone
from bot.front.projection import to_metres

logger = logging.getLogger(__name__)

_POLYGONAL = {"Polygon", "MultiPolygon", "GeometryCollection"}
_REPAIRED = "repaired"  # counted with the drops while parsing, reported apart
DROP_REASONS = {
    "malformed": "malformed (coordinates missing or not nested as GeoJSON)",
    "empty": "empty",
    "not_numeric": "with non-numeric coordinates",
    "not_finite": "with NaN or infinite coordinates",
    "out_of_range": "with coordinates outside longitude/latitude",
    "too_few_points": "with a ring of fewer than three points",
    "no_area": "with no area left after repair",
}
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

    features = [f for f in doc["features"] if isinstance(f, dict)]
    occupied_only = _occupied_only(features)
    parts: dict[Zone, list[BaseGeometry]] = defaultdict(list)
    counts: dict[Zone, int] = defaultdict(int)
    unknown: list[str] = []
    dropped: Counter[str] = Counter()
    for feature in features:
        props = feature.get("properties")
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict) or geometry.get("type") not in _POLYGONAL:
            continue
        props = props if isinstance(props, dict) else {}
        name = str(props.get("name") or "")
        zone = Zone.OCCUPIED if occupied_only else classify_layer(name, str(props.get("fill") or ""))
        counts[zone] += 1
        if zone is Zone.UNKNOWN:
            unknown.append(name)
            _log_unknown(name, snapshot_id)
        if zone not in MEASURED:
            continue
        polygons = _polygons(geometry, dropped)
        if polygons:
            parts[zone] += polygons
    repaired = dropped.pop(_REPAIRED, 0)
    if not parts:
        why = f": {describe_dropped(dropped)}" if dropped else " (empty or not a DeepState map)"
        raise ParseError(f"snapshot has no territory layers{why}")
    if dropped or repaired:
        logger.warning(
            "front_polygons_unusable",
            extra={"snapshot_id": snapshot_id, "dropped": dict(dropped), "repaired": repaired},
        )

    zones = {zone: to_metres(shapely.union_all(geoms)) for zone, geoms in parts.items()}
    russian = shapely.union_all([zones[z] for z in RUSSIAN_HELD if z in zones])
    return FrontSnapshot(
        id=snapshot_id,
        taken=taken,
        zones=zones,
        russian_held=russian,
        feature_counts=dict(counts),
        unknown_layers=tuple(dict.fromkeys(unknown)),
        dropped=dict(dropped),
        repaired=repaired,
        absent=NOT_IN_OCCUPIED_ONLY if occupied_only else frozenset(),
    )


def describe_dropped(dropped: Mapping[str, int]) -> str:
    """For an operator: "3 polygons dropped (2 with non-numeric coordinates, 1 with a ring of fewer than ...)"."""
    total = sum(dropped.values())
    reasons = ", ".join(f"{n} {DROP_REASONS.get(reason, reason)}" for reason, n in sorted(dropped.items()))
    return f"{total} polygon{'s' if total != 1 else ''} dropped ({reasons})"


def _occupied_only(features: list[dict[str, Any]]) -> bool:
    """The occupied-only archive format (cyterat/deepstate-map-data): one polygonal feature carrying neither a
    layer name nor a fill, only perhaps its date. A DeepState map has hundreds of named layers."""
    if len(features) != 1:
        return False
    props = features[0].get("properties")
    props = props if isinstance(props, dict) else {}
    geometry = features[0].get("geometry")
    polygonal = isinstance(geometry, dict) and geometry.get("type") in _POLYGONAL
    return polygonal and not props.get("name") and not props.get("fill")


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


def _polygons(geometry: Mapping[str, Any], dropped: Counter[str]) -> list[BaseGeometry]:
    """The usable polygons of a GeoJSON geometry in 2-D lon/lat, each valid (repaired with make_valid when it was
    not). A polygon that cannot be used is left out and counted in `dropped` under its reason (see
    DROP_REASONS), so one bad polygon of a MultiPolygon costs that polygon only; repairs count as `_REPAIRED`."""
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "GeometryCollection":
        members = geometry.get("geometries")
        if not isinstance(members, list):
            dropped["malformed"] += 1
            return []
        return [
            p for g in members if isinstance(g, dict) and g.get("type") in _POLYGONAL for p in _polygons(g, dropped)
        ]
    if not isinstance(coords, list):
        dropped["malformed"] += 1
        return []
    if kind == "Polygon":
        coords = [coords]
    if not coords:
        dropped["empty"] += 1
    out: list[BaseGeometry] = []
    for rings in coords:
        polygon = _polygon(rings)
        if isinstance(polygon, str):
            dropped[polygon] += 1
            continue
        if not polygon.is_valid:
            areal = _areal(shapely.make_valid(polygon))
            dropped["no_area" if not areal else _REPAIRED] += 1
            if not areal:
                continue
            polygon = shapely.union_all(areal)
        out.append(polygon)
    return out


def _areal(geom: BaseGeometry) -> list[BaseGeometry]:
    """The polygons in what make_valid returns: it can nest them in collections, beside lines and points."""
    out = []
    for part in shapely.get_parts(geom):
        if part.geom_type == "Polygon":
            out += [part] if part.area > 0 else []
        elif part.geom_type in ("MultiPolygon", "GeometryCollection"):
            out += _areal(part)
    return out


def _polygon(rings: object) -> shapely.Polygon | str:
    """One GeoJSON polygon (a list of rings, the first the outline) as a shapely Polygon, or why it is unusable."""
    if not isinstance(rings, list):
        return "malformed"
    if not rings:
        return "empty"
    arrays = []
    for ring in rings:
        if not isinstance(ring, list):
            return "malformed"
        if not ring:
            return "empty"
        try:
            xy = [(p[0], p[1]) for p in ring]  # a third (z) value is dropped
        except (TypeError, IndexError, KeyError):
            return "malformed"
        array = np.array(xy)
        if array.dtype.kind not in "if":  # strings, nulls, nested lists: numpy makes them str or object
            return "not_numeric"
        if not np.isfinite(array).all():  # JSON's NaN / Infinity
            return "not_finite"
        if (np.abs(array[:, 0]) > 180).any() or (np.abs(array[:, 1]) > 90).any():
            return "out_of_range"
        if len(np.unique(array, axis=0)) < 3:
            return "too_few_points"
        arrays.append(array.astype(float))
    return shapely.Polygon(arrays[0], arrays[1:])


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
