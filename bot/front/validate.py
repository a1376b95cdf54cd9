"""Is a new map's change against the previous one believable? What a broken map looks like, in numbers.

A map served with polygons that could not be read (see `FrontSnapshot.dropped`) does not say where they were:
left out, they read as territory that changed hands. So a new map is held back, not published, when
- it has more unusable polygons than the map before it, or more invalid ones that had to be repaired (a repair is
  a guess: self-intersecting rings redrawn as valid ones can lose or gain area; none of 29 real maps needed one);
- a whole polygon of at least `VANISH_MIN_KM2` (Russian-held, grey, or held by Ukraine in Russia) went back to
  its country with less than `VANISH_LEFT` of it left in any of those zones: the front moves at its edges, a
  pocket does not vanish between two daily maps (two years of the daily archive, 2024-2026, have no such case
  above 2.4 km²);
- the occupied total moved by more than `JUMP_FACTOR` times the largest move between two stored maps at most as
  far apart, and by at least `JUMP_FLOOR_KM2` (two years of daily maps never moved it by more than 116 km²).
The caller keeps it until the next map says whether it was real (see `bot.front.work`). Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from itertools import pairwise

import shapely
from shapely.geometry.base import BaseGeometry

from bot.front.model import FrontSnapshot, Zone
from bot.front.parse import describe_dropped
from bot.front.series import SnapshotTotals

VANISH_MIN_KM2 = 5.0
VANISH_LEFT = 0.1
JUMP_FLOOR_KM2 = 150.0
JUMP_FACTOR = 3.0
_SPAN_SLACK = timedelta(hours=12)  # daily maps are not exactly 24 h apart

# Zones whose areas are "away from home" on each side of the border: a piece of one may turn into another (grey
# to Russian, say), but one that leaves all of them went back to its country.
_AWAY = ((Zone.OCCUPIED, Zone.OCCUPIED_BEFORE_2022, Zone.GREY), (Zone.UA_HELD_RU, Zone.GREY_RU))

DROPPED, REPAIRED, VANISHED, JUMP = "dropped", "repaired", "vanished", "jump"


@dataclass(frozen=True, slots=True)
class Doubt:
    """One reason not to believe a map yet: its kind (DROPPED, REPAIRED, VANISHED, JUMP) and a line for the operator."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Step:
    """The move of the occupied total between two consecutive stored maps."""

    span: timedelta
    occupied_km2: float


def steps(history: Sequence[SnapshotTotals]) -> list[Step]:
    """The moves between consecutive maps of `history` (any order)."""
    rows = sorted(history, key=lambda r: r.taken)
    return [Step(b.taken - a.taken, abs(b.occupied_km2 - a.occupied_km2)) for a, b in pairwise(rows)]


def jump_limit(span: timedelta, history: Sequence[Step]) -> float:
    """The largest believable move of the occupied total over `span`, from the moves stored so far."""
    seen = [s.occupied_km2 for s in history if s.span <= span + _SPAN_SLACK]
    return max(JUMP_FLOOR_KM2, JUMP_FACTOR * max(seen, default=0.0))


def doubts(before: FrontSnapshot, after: FrontSnapshot, history: Sequence[Step] = ()) -> list[Doubt]:
    """Why `after` (the newer map) is not believable as the next map after `before`; [] when it is."""
    out = []
    new_drops = {r: n - before.dropped.get(r, 0) for r, n in after.dropped.items() if n > before.dropped.get(r, 0)}
    if new_drops:
        out.append(Doubt(DROPPED, f"{describe_dropped(new_drops)} that the map before did not lack"))
    if after.repaired > before.repaired:
        n = after.repaired - before.repaired
        out.append(Doubt(REPAIRED, f"{n} invalid polygon{'s' if n != 1 else ''} repaired, a guess at what was drawn"))
    vanished = _vanished(before, after)
    if vanished:
        sizes = ", ".join(f"{km2:,.0f}" for km2 in vanished[:5]) + (" ..." if len(vanished) > 5 else "")
        out.append(Doubt(VANISHED, f"{len(vanished)} whole area(s) of {sizes} km² vanished from the map"))
    moved = after.occupied_km2 - before.occupied_km2
    limit = jump_limit(after.taken - before.taken, history)
    if abs(moved) > limit:
        believable = f"more than the {limit:,.0f} km² the stored maps make believable"
        out.append(Doubt(JUMP, f"the occupied total moved by {moved:+,.0f} km², {believable}"))
    return out


def _vanished(before: FrontSnapshot, after: FrontSnapshot) -> list[float]:
    """km² of each polygon of `before` (≥ VANISH_MIN_KM2) of which less than VANISH_LEFT is away from home in
    `after`, largest first. Layers either map lacks are not compared."""
    absent = before.absent | after.absent
    out: list[float] = []
    for zones in _AWAY:
        present = [z for z in zones if z not in absent]
        parts_after = _parts([after.zones.get(z) for z in present])
        tree = shapely.STRtree(parts_after)
        for part in _parts([before.zones.get(z) for z in present]):
            if part.area < VANISH_MIN_KM2 * 1e6:
                continue
            near = tree.query(part, predicate="intersects")
            left = sum(shapely.intersection(part, parts_after[i]).area for i in near)
            if left < VANISH_LEFT * part.area:
                out.append(part.area / 1e6)
    return sorted(out, reverse=True)


def _parts(geoms: Sequence[BaseGeometry | None]) -> list[BaseGeometry]:
    return [p for g in geoms if g is not None and not g.is_empty for p in shapely.get_parts(g)]
