"""What makes a new map unbelievable against the one before it (bot.front.validate), on maps of known areas."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.front.model import FrontSnapshot
from bot.front.parse import parse_snapshot
from bot.front.series import totals
from bot.front.validate import DROPPED, JUMP, REPAIRED, VANISHED, Step, doubts, jump_limit, steps
from tests.front.helpers import BROKEN_GEOMETRIES, feature, snapshot_bytes, square_lonlat, when, with_features

Layers = list[tuple[str, tuple[float, float, float, float]]]
MAIN, GREY = ("occupied", (0, 0, 40, 40)), ("grey", (40, 0, 2, 40))
DAY = timedelta(days=1)


def snap(layers: Layers, day: int = 1, *features: dict[str, object]) -> FrontSnapshot:
    return parse_snapshot(with_features(snapshot_bytes(layers), *features), taken=when(day))


def kinds(before: FrontSnapshot, after: FrontSnapshot, history: list[Step] | None = None) -> set[str]:
    return {d.kind for d in doubts(before, after, history or [])}


def test_an_ordinary_day_raises_no_doubt() -> None:
    before = snap([MAIN, GREY, ("occupied", (60, 0, 5, 4))])
    after = snap([("occupied", (0, 0, 40, 42)), GREY, ("occupied", (60, 0, 5, 2))], 2)  # +80 km², the pocket halved
    assert doubts(before, after) == []


@pytest.mark.parametrize(
    ("pocket", "after", "vanished"),
    [
        (("occupied", (60, 0, 5, 0.9)), [], False),  # 4.5 km²: below what is checked
        (("occupied", (60, 0, 5, 1.1)), [], True),  # 5.5 km²
        (("occupied", (60, 0, 5, 4)), [("grey", (60, 0, 5, 4))], False),  # turned grey: contested, not gone
        (("occupied", (60, 0, 5, 4)), [("occupied", (60, 0, 5, 0.5))], False),  # shrank to 12%: the front moved
        (("occupied", (60, 0, 5, 4)), [("occupied", (60, 0, 5, 0.3))], True),  # 7.5% left
        (("grey", (60, 0, 5, 4)), [], True),  # a grey area that went back to Ukraine whole
        (("grey", (60, 0, 5, 4)), [("occupied", (60, 0, 5, 4))], False),  # taken by Russia
        (("kursk", (100, 400, 5, 4)), [], True),  # Ukraine's area in Russia, gone whole
        (("kursk", (100, 400, 5, 4)), [("kursk_grey", (100, 400, 5, 4))], False),
    ],
)
def test_a_whole_polygon_vanishing(pocket: tuple, after: Layers, vanished: bool) -> None:
    found = kinds(snap([MAIN, GREY, pocket]), snap([MAIN, GREY, *after], 2))
    assert (VANISHED in found) is vanished


def test_the_occupied_total_against_the_moves_stored_so_far() -> None:
    history = steps([totals(snap([("occupied", (0, 0, 40, 40 + h))], day)) for day, h in ((1, 0), (2, 2.5), (3, 3))])
    assert [round(s.occupied_km2) for s in history] == [100, 20]
    assert jump_limit(DAY, history) == pytest.approx(300, rel=1e-3)
    assert jump_limit(DAY, []) == 150  # nothing stored: the floor
    assert jump_limit(DAY, [Step(30 * DAY, 700)]) == 150  # a month's move says nothing of a day's
    assert jump_limit(31 * DAY, [Step(30 * DAY, 700)]) == pytest.approx(2100)
    before = snap([MAIN], 3)
    assert JUMP not in kinds(before, snap([("occupied", (0, 0, 40, 47))], 4), history)  # +280
    assert JUMP in kinds(before, snap([("occupied", (0, 0, 40, 48))], 4), history)  # +320
    assert JUMP in kinds(before, snap([("occupied", (0, 0, 40, 32))], 4), history)  # -320


@pytest.mark.parametrize(("geometry", "reason"), BROKEN_GEOMETRIES.values(), ids=BROKEN_GEOMETRIES.keys())
def test_polygons_the_map_before_could_read(geometry: dict[str, object], reason: str) -> None:
    clean, broken = snap([MAIN, GREY]), snap([MAIN, GREY], 2, feature("grey", geometry))
    found = doubts(clean, broken)
    assert [d.kind for d in found] == [DROPPED] and "that the map before did not lack" in found[0].text
    assert doubts(broken, snap([MAIN, GREY], 3, feature("grey", geometry))) == []  # the same trouble as before
    assert doubts(broken, clean) == []


def test_layers_one_map_lacks_are_not_compared() -> None:
    full = snap([MAIN, GREY, ("grey", (60, 0, 5, 4)), ("kursk", (100, 400, 5, 4))])
    doc = json.loads(snapshot_bytes([MAIN]))
    doc["features"][0]["properties"] = {}  # the occupied-only archive: one nameless polygon
    archive = parse_snapshot(json.dumps(doc).encode(), taken=when(2))
    assert doubts(full, archive) == [] and doubts(archive, full) == []


def test_a_newly_repaired_polygon_is_a_guess() -> None:
    a, b, c, d = square_lonlat(60, 0, 4, 4, steps=1)[:4]
    bow_tie = feature("occupied", {"type": "Polygon", "coordinates": [[a, b, d, c, a]]})
    clean, repaired = snap([MAIN, GREY]), snap([MAIN, GREY], 2, bow_tie)
    assert [d.kind for d in doubts(clean, repaired)] == [REPAIRED]
    assert doubts(repaired, snap([MAIN, GREY], 3, bow_tie)) == []  # repaired the same way as before
