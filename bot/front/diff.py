"""What moved between two snapshots: km² per direction of control, per oblast, with places.

Three states of control, on both sides of the border: inside Ukraine an area is Russian-held (occupied since
2022 or before), grey (contested), or else Ukraine's; inside Russia it is Ukraine-held, grey, or else Russia's.
For each side, with X the "held by the other side" set and Y the grey set of snapshots a and b:

    home -> X:    X_b - X_a - Y_a        X -> home:    X_a - X_b - Y_b
    grey -> X:    X_b ∩ Y_a              X -> grey:    X_a ∩ Y_b
    home -> grey: Y_b - Y_a - X_a        grey -> home: Y_a - Y_b - X_b

Russia's own oblasts are reported apart (`FrontChange.russia_flows_km2`): there the question is what Ukraine holds,
not what Russia "gains". A piece of the occupied or grey layers of Ukraine that lies in Russia is a polygon drawn
over the border, not a change, and is left out.

Redraw noise: DeepState redraws lines, which leaves thin slivers along the whole front between any two maps.
A piece is kept only if it covers at least `NOISE_MIN_KM2` and its mean width (2·area/perimeter) is at least
`NOISE_MIN_WIDTH_M`. The exact totals (`occupied_before_km2`, `occupied_after_km2`, and so the net change
DeepState posts each month) are measured on the whole maps and are not filtered.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import shapely
from shapely.geometry.base import BaseGeometry

from bot.front.geodata import GeoData
from bot.front.model import ChangedArea, Control, FrontChange, FrontSnapshot, Zone
from bot.front.places import locate_piece, settlements_changed

NOISE_MIN_KM2 = 0.05  # 5 ha: below what DeepState could mean as a real change at its drawing scale
NOISE_MIN_WIDTH_M = 60.0  # slivers narrower than this are line redraws, not advances
_EMPTY = shapely.Polygon()
RUSSIA = "RU-"  # ISO 3166-2 prefix of Russia's oblasts

Flow = tuple[Control, Control]


def _transitions(
    xa: BaseGeometry, ya: BaseGeometry, xb: BaseGeometry, yb: BaseGeometry, home: Control, other: Control
) -> dict[Flow, BaseGeometry]:
    grey = Control.GREY
    gained = shapely.difference(xb, xa)
    lost = shapely.difference(xa, xb)
    grey_new = shapely.difference(yb, ya)
    grey_gone = shapely.difference(ya, yb)
    return {
        (home, other): shapely.difference(gained, ya),
        (grey, other): shapely.intersection(gained, ya),
        (other, home): shapely.difference(lost, yb),
        (other, grey): shapely.intersection(lost, yb),
        (home, grey): shapely.difference(grey_new, xa),
        (grey, home): shapely.difference(grey_gone, xb),
    }


def denoise(geom: BaseGeometry, min_km2: float = NOISE_MIN_KM2, min_width_m: float = NOISE_MIN_WIDTH_M) -> list:
    """The polygons of `geom` that are real changes, not redraw slivers; largest first."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon"]
    parts += [q for p in shapely.get_parts(geom) if p.geom_type != "Polygon" for q in _polygons(p)]
    kept = [p for p in parts if p.area >= min_km2 * 1e6 and 2 * p.area / max(p.length, 1.0) >= min_width_m]
    kept.sort(key=lambda p: -p.area)
    return kept


def _polygons(geom: BaseGeometry) -> list:
    return [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon"] if not geom.is_empty else []


def diff(
    a: FrontSnapshot,
    b: FrontSnapshot,
    geodata: GeoData | None = None,
    *,
    min_km2: float = NOISE_MIN_KM2,
    min_width_m: float = NOISE_MIN_WIDTH_M,
) -> FrontChange:
    """The change from snapshot `a` to snapshot `b` (a older than b; swapped otherwise)."""
    if a.taken > b.taken:
        a, b = b, a
    geodata = geodata or GeoData()

    def zone(s: FrontSnapshot, z: Zone) -> BaseGeometry:
        return s.zones.get(z, _EMPTY)

    inside_ua = _transitions(
        a.russian_held, zone(a, Zone.GREY), b.russian_held, zone(b, Zone.GREY), Control.UA, Control.RU
    )
    inside_ru = _transitions(
        zone(a, Zone.UA_HELD_RU),
        zone(a, Zone.GREY_RU),
        zone(b, Zone.UA_HELD_RU),
        zone(b, Zone.GREY_RU),
        Control.RU,
        Control.UA,
    )
    sides = {False: _Side(), True: _Side()}  # in_russia -> what moved there
    geometry: dict[Flow, BaseGeometry] = {}
    areas: list[ChangedArea] = []
    for flow in inside_ua:
        pieces_by_side = {
            in_russia: denoise(moved[flow], min_km2, min_width_m)
            for in_russia, moved in ((False, inside_ua), (True, inside_ru))
        }
        kept: list[BaseGeometry] = []
        for in_russia, pieces in pieces_by_side.items():
            side = sides[in_russia]
            for piece in pieces:
                split = geodata.split_km2(piece)
                if not in_russia and max(split, key=lambda c: split[c]).startswith(RUSSIA):
                    # DeepState's occupied polygons run loosely over the border (Belgorod, 2025): one redrawn
                    # there is no change of anybody's control of Russia's land.
                    continue
                split = _on_side(split, in_russia)
                for code, km2 in split.items():
                    side.by_region[code][flow] += km2
                side.flows[flow] += piece.area / 1e6
                region = max(split, key=lambda c: split[c])
                areas.append(locate_piece(piece, flow[0], flow[1], region, geodata, in_russia=in_russia))
                kept.append(piece)
        if kept:
            geometry[flow] = shapely.union_all(kept)
    areas.sort(key=lambda c: -c.km2)
    return FrontChange(
        since=a.taken,
        until=b.taken,
        flows_km2=dict(sides[False].flows),
        by_region_km2=sides[False].regions(),
        areas=tuple(areas),
        settlements=settlements_changed(geometry, geodata),
        occupied_before_km2=a.occupied_km2,
        occupied_after_km2=b.occupied_km2,
        ua_held_ru_before_km2=a.area_km2(Zone.UA_HELD_RU),
        ua_held_ru_after_km2=b.area_km2(Zone.UA_HELD_RU),
        grey_ru_after_km2=b.area_km2(Zone.GREY_RU),
        regions=geodata.region_names,
        geometry=geometry,
        russia_flows_km2=dict(sides[True].flows),
        russia_by_region_km2=sides[True].regions(),
    )


@dataclass
class _Side:
    """km² moved on one side of the border: per flow, and per region and flow."""

    flows: defaultdict[Flow, float] = field(default_factory=lambda: defaultdict(float))
    by_region: defaultdict[str, defaultdict[Flow, float]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(float))
    )

    def regions(self) -> dict[str, dict[Flow, float]]:
        return {code: dict(flows) for code, flows in self.by_region.items()}


def _on_side(split: dict[str, float], in_russia: bool) -> dict[str, float]:
    """A piece's km² per region of its own side of the border: what the split puts across it (a sliver over the
    border line) counts for the piece's main region there, so no oblast shows up on the wrong side."""
    own = {code: km2 for code, km2 in split.items() if code.startswith(RUSSIA) == in_russia}
    if not own:
        return split
    main = max(own, key=lambda c: own[c])
    own[main] += sum(split.values()) - sum(own.values())
    return own
