from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from bot.front.diff import diff
from bot.front.geodata import Gazetteer, GeoData, Regions
from bot.front.model import Control, Place
from bot.front.parse import parse_snapshot
from bot.front.picture import MAX_LABELS, draw_change
from bot.front.places import compass
from bot.front.projection import point_to_lonlat
from bot.front.text import LANGS, age_line, change_lines, span
from tests.front.helpers import snapshot_bytes, square_lonlat, when

UA, RU, GREY = Control.UA, Control.RU, Control.GREY


def snap(day: int, layers: list) -> object:
    return parse_snapshot(snapshot_bytes(layers), taken=when(day))


def place(name: str, x_km: float, y_km: float, kind: str = "city", population: int = 50_000) -> Place:
    lon, lat = point_to_lonlat(x_km * 1000, y_km * 1000)
    return Place(name, name + "-uk", name + "-ru", lon, lat, kind=kind, population=population, region="UA-14")


@pytest.fixture
def geodata(tmp_path: Path) -> GeoData:
    # two "oblasts": west of x=18 km is UA-14, east is RU-KRS
    features = [
        {
            "type": "Feature",
            "properties": {"iso3166-2": code, "name:en": code + " Oblast", "name:uk": code + "-uk"},
            "geometry": {"type": "Polygon", "coordinates": [square_lonlat(x, -50, w, 100)]},
        }
        for code, x, w in (("UA-14", -50, 68), ("RU-KRS", 18, 50))
    ]
    path = tmp_path / "regions.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    gaz = Gazetteer.from_places([place("Pokrovsk", 2, 20), place("Village", 12, 5, kind="village", population=300)])
    return GeoData(Regions.from_geojson([path]), gaz)


def test_known_flows_on_squares(geodata: GeoData) -> None:
    a = snap(1, [("occupied", (0, 0, 10, 10)), ("grey", (10, 0, 4, 10))])
    b = snap(31, [("occupied", (0, 0, 14, 10)), ("grey", (14, 0, 2, 10)), ("kursk", (20, 0, 5, 4))])
    change = diff(a, b, geodata)
    assert change.flow(GREY, RU) == pytest.approx(40, rel=2e-3)  # grey strip taken by Russia
    assert change.flow(UA, GREY) == pytest.approx(20, rel=2e-3)  # new grey strip ahead of it
    assert change.flow(RU, UA, in_russia=True) == pytest.approx(20, rel=2e-3)  # Ukraine-held square in "Russia"
    assert change.flow(RU, UA) == 0.0  # ... reported apart from Ukraine's own territory
    assert change.flow(UA, RU) == pytest.approx(0, abs=0.01)
    assert change.net_occupied_km2 == pytest.approx(40, rel=2e-3)
    assert change.to_russia_km2 == pytest.approx(40, rel=2e-3)
    assert change.by_region_km2["UA-14"][(GREY, RU)] == pytest.approx(40, rel=2e-3)
    assert change.by_region_km2["UA-14"][(UA, GREY)] == pytest.approx(20, rel=2e-3)
    assert change.russia_by_region_km2["RU-KRS"][(RU, UA)] == pytest.approx(20, rel=2e-3)
    assert "RU-KRS" not in change.by_region_km2 and change.moved_km2 == pytest.approx(80, rel=2e-3)
    assert change.ua_held_ru_after_km2 == pytest.approx(20, rel=2e-3)
    biggest = change.areas[0]
    assert (biggest.before, biggest.after, biggest.near and biggest.near.name_en) == (GREY, RU, "Pokrovsk")
    assert biggest.bearing == "se"  # the strip (10..14, 0..10 km) lies south-east of Pokrovsk (2, 20)
    assert [(s.place.name_en, s.before, s.after) for s in change.settlements] == [("Village", GREY, RU)]


def test_reverse_order_is_swapped_and_identical_is_empty() -> None:
    a = snap(1, [("occupied", (0, 0, 10, 10))])
    b = snap(2, [("occupied", (0, 0, 12, 10))])
    assert diff(b, a).flow(UA, RU) == pytest.approx(20, rel=2e-3)
    same = diff(a, a)
    assert same.is_empty and same.flows_km2 == {} and same.net_occupied_km2 == 0


def test_redraw_noise_is_ignored() -> None:
    a = snap(1, [("occupied", (0, 0, 10, 10))])
    b = snap(2, [("occupied", (0, 0, 10.03, 10)), ("occupied", (30, 30, 0.1, 0.1))])  # 30 m sliver, 1 ha
    change = diff(a, b)
    assert change.flows_km2 == {}
    assert change.net_occupied_km2 == pytest.approx(0.31, abs=0.02)  # the exact total still moves


def test_without_geodata_everything_is_unassigned() -> None:
    change = diff(snap(1, [("occupied", (0, 0, 10, 10))]), snap(2, [("occupied", (0, 0, 10, 12))]))
    assert change.by_region_km2 == {"": {(UA, RU): pytest.approx(20, rel=2e-3)}}
    assert change.areas[0].near is None


@pytest.mark.parametrize("lang", LANGS)
def test_text_lines(geodata: GeoData, lang: str) -> None:
    a = snap(1, [("occupied", (0, 0, 10, 10)), ("grey", (10, 0, 4, 10))])
    b = snap(31, [("occupied", (0, 0, 14, 10)), ("grey", (14, 0, 2, 10))])
    lines = change_lines(diff(a, b, geodata), lang)
    assert lines[-1] == {"en": "Source", "uk": "Джерело", "ru": "Источник"}[lang] + ": DeepStateMAP"
    text = "\n".join(lines)
    assert "40" in text and "2025-07-01" in text
    assert {"en": "Pokrovsk", "uk": "Pokrovsk-uk", "ru": "Pokrovsk-ru"}[lang] in text
    assert {"en": "south-east of", "uk": "південний схід", "ru": "к юго-востоку"}[lang] in text
    assert "3" in age_line(when(1), when(1).replace(hour=23), lang)


@pytest.mark.parametrize(
    ("to", "expected"), [((0, 1), "n"), ((1, 1), "ne"), ((1, 0), "e"), ((0, -1), "s"), ((-1, 0), "w"), ((-1, 1), "nw")]
)
def test_compass(to: tuple[float, float], expected: str) -> None:
    assert compass(30.0, 0.0, 30.0 + to[0], to[1]) == expected


def test_picture_labels_never_overlap_and_stay_on_the_map() -> None:
    """Forty towns crowded around the change (the Donbas agglomeration is like this): the names shown overlap
    neither each other, nor the attribution, nor the map's edge, and the biggest towns come first."""
    a = snap(1, [("occupied", (0, 0, 10, 10))])
    b = snap(31, [("occupied", (0, 0, 14, 10))])
    towns = [place(f"Town{i:02d}", (i % 8) * 4 - 10, (i // 8) * 3 + 2, population=100_000 - i) for i in range(40)]
    towns.append(place("Edge", 35, 5, population=500_000))  # right at the map's east edge
    geodata = GeoData(None, Gazetteer.from_places(towns))
    drawing = draw_change(diff(a, b, geodata), a, b, geodata, lang="en")
    labels = drawing.labels
    assert 3 <= len(labels) <= MAX_LABELS
    assert [name for name, _ in labels[:2]] == ["Edge", "Town00"]  # Edge's name went west, inside the map
    assert labels[0][1].x1 < drawing.figure.axes[0].transData.transform((35_000, 5_000))[0]
    for n, (_, box) in enumerate(labels):
        assert drawing.frame.contains(box.x0, box.y0) and drawing.frame.contains(box.x1, box.y1)
        assert not any(box.overlaps(other) for _, other in labels[n + 1 :])
    texts = [t.get_text() for t in drawing.figure.axes[0].texts]
    assert "10 km" in texts  # the scale bar: a round length, about a fifth of the 50 km wide map
    texts.remove("10 km")
    assert sorted(texts) == sorted(name for name, _ in labels)  # what did not fit was taken off the map


@pytest.mark.parametrize(
    ("hours", "lang", "expected"),
    [
        (0, "en", "0 h"),
        (47, "en", "47 h"),
        (48, "en", "2 days"),
        (24 * 400 + 5, "en", "400 days"),
        (30, "uk", "30 год"),
        (72, "uk", "3 дн."),
        (5, "ru", "5 ч"),
        (-3, "en", "0 h"),  # a map stamped ahead of our clock
        (24 * 34 - 1, "en", "34 days"),  # 20:07 to 19:58 a month on: to the nearest day
        (24 * 2 + 11, "en", "2 days"),
        (24 * 2 + 12, "ru", "3 дн."),
    ],
)
def test_spans_read_in_hours_then_days(hours: int, lang: str, expected: str) -> None:
    assert span(timedelta(hours=hours), lang) == expected


def test_picture_names_the_settlements_that_changed_hands_first(geodata: GeoData) -> None:
    a = snap(1, [("occupied", (0, 0, 10, 10)), ("grey", (10, 0, 4, 10))])
    b = snap(31, [("occupied", (0, 0, 14, 10)), ("grey", (14, 0, 2, 10))])
    labels = [name for name, _ in draw_change(diff(a, b, geodata), a, b, geodata, lang="uk").labels]
    assert labels == ["Village-uk", "Pokrovsk-uk"]  # the village of 300 before the town of 50,000


def test_every_settlement_that_changed_hands_gets_a_dot_even_unnamed() -> None:
    a = snap(1, [("occupied", (0, 0, 10, 10)), ("grey", (10, 0, 4, 10))])
    b = snap(31, [("occupied", (0, 0, 14, 10)), ("grey", (14, 0, 2, 10))])
    villages = [place(name, 12, y, kind="village", population=300) for name, y in (("North", 5.3), ("South", 5.0))]
    geodata = GeoData(None, Gazetteer.from_places(villages))
    change = diff(a, b, geodata)
    assert {s.place.name_en for s in change.settlements} == {"North", "South"}
    drawing = draw_change(change, a, b, geodata, lang="en")
    dots = [line for line in drawing.figure.axes[0].lines if line.get_marker() == "o"]
    assert len(dots) == 2 and len(drawing.labels) >= 1  # 300 m apart: both dots, maybe one name
