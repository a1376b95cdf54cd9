"""Where a change happened, in words a reader knows: the nearest town and a compass direction, and the
settlements that changed hands."""

from __future__ import annotations

import math
from collections.abc import Mapping

from shapely.geometry.base import BaseGeometry

from bot.front.geodata import GeoData
from bot.front.model import ChangedArea, Control, SettlementChange
from bot.front.projection import point_to_lonlat

_COMPASS = ("n", "ne", "e", "se", "s", "sw", "w", "nw")
AT_PLACE_KM = 1.5  # a piece whose centre is this close to the town is "at" it, with no direction


def compass(from_lon: float, from_lat: float, to_lon: float, to_lat: float) -> str:
    """The 8-point compass direction from one lon/lat to another (flat-earth, fine at front-line scale)."""
    dx = (to_lon - from_lon) * math.cos(math.radians((from_lat + to_lat) / 2))
    dy = to_lat - from_lat
    bearing = math.degrees(math.atan2(dx, dy)) % 360
    return _COMPASS[int((bearing + 22.5) // 45) % 8]


def locate_piece(
    piece: BaseGeometry, before: Control, after: Control, region: str, geodata: GeoData, *, in_russia: bool = False
) -> ChangedArea:
    """Describe one changed piece (projected metres) by the town a reader knows near it, in its own oblast."""
    km2 = piece.area / 1e6
    gazetteer = geodata.gazetteer
    centre = piece.representative_point()
    found = None if gazetteer is None else gazetteer.landmark(centre.x, centre.y, region)
    if gazetteer is None or found is None:
        return ChangedArea(before, after, km2, region, None, 0.0, "", in_russia)
    index, distance = found
    place = gazetteer.places[index]
    lon, lat = point_to_lonlat(centre.x, centre.y)
    bearing = "" if distance / 1000 < AT_PLACE_KM else compass(place.lon, place.lat, lon, lat)
    return ChangedArea(before, after, km2, region, place, distance / 1000, bearing, in_russia)


def settlements_changed(
    flows: Mapping[tuple[Control, Control], BaseGeometry], geodata: GeoData
) -> tuple[SettlementChange, ...]:
    """Settlements whose point lies in an area that changed control, most populous first."""
    gazetteer = geodata.gazetteer
    if gazetteer is None:
        return ()
    changes: list[SettlementChange] = []
    for (before, after), geom in flows.items():
        changes += [SettlementChange(gazetteer.places[int(i)], before, after) for i in gazetteer.within(geom)]
    changes.sort(key=lambda c: (-c.place.population, c.place.name_en))
    return tuple(changes)
