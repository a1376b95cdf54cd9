"""What a reader of /front means: Russia's own oblasts as Ukraine's positions there, no zero lines, a period's
real span, places a reader knows in the reader's spelling, and a picture that reads on a phone."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
import shapely

from bot.front.diff import diff
from bot.front.geodata import Gazetteer, GeoData, Regions, default_gazetteer
from bot.front.geonames import plain_latin, ukrainian_name, ukrainian_spelling
from bot.front.model import Control, Place
from bot.front.parse import parse_snapshot
from bot.front.picture import COLOURS, draw_change
from bot.front.projection import point_to_lonlat, points_to_metres
from bot.front.text import LANGS, attribution, change_lines, digest_lines
from tests.front.helpers import snapshot_bytes, square_lonlat, when

UA, RU, GREY = Control.UA, Control.RU, Control.GREY
# "+0.0 km²", "−0,0 км²", "0.0 km²": a figure that says nothing
ZERO = re.compile(r"(?<![\d.,])[+−]?0[.,]0 (?:km²|км²)")


def snap(day: float, layers: list) -> object:
    """A map taken `day` - 1 days after 1 July 2025 (past the month's end too)."""
    return parse_snapshot(snapshot_bytes(layers), taken=when(1) + timedelta(days=day - 1))


def place(name: str, x_km: float, y_km: float, region: str, population: int, kind: str = "") -> Place:
    lon, lat = point_to_lonlat(x_km * 1000, y_km * 1000)
    return Place(name, name + "-uk", name + "-ru", lon, lat, kind=kind, population=population, region=region)


@pytest.fixture
def geodata(tmp_path: Path) -> GeoData:
    """Ukraine's "Donetsk" west of x = 18 km, Russia's "Kursk" east of it; a town on each side of the border."""
    names = {"UA-14": ("Donetsk Oblast", "Донецька область"), "RU-KRS": ("Kursk Oblast", "Курська область")}
    features = [
        {
            "type": "Feature",
            "properties": {"iso3166-2": code, "name:en": names[code][0], "name:uk": names[code][1]},
            "geometry": {"type": "Polygon", "coordinates": [square_lonlat(x, -50, w, 100)]},
        }
        for code, x, w in (("UA-14", -50, 68), ("RU-KRS", 18, 50))
    ]
    path = tmp_path / "regions.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    towns = [place("Pokrovsk", 2, 20, "UA-14", 60_000, "city"), place("Sudzha", 30, 8, "RU-KRS", 6_940)]
    return GeoData(Regions.from_geojson([path]), Gazetteer.from_places(towns))


OCCUPIED = ("occupied", (0, 0, 10, 10))
KURSK = ("kursk", (20, 0, 5, 4))  # 20 km² held by Ukraine in "Kursk Oblast"
# (layers before, layers after, the Kursk line in en, the Russia headline in en)
RUSSIA_CASES = {
    "advance": ([OCCUPIED], [OCCUPIED, KURSK], "Kursk Oblast: Ukraine advanced 20.0 km².",
                "In Russia, Ukraine holds 20.0 km² (+20.0 km² since 2025-07-01)."),
    "lost": ([OCCUPIED, KURSK], [OCCUPIED], "Kursk Oblast: Ukraine lost 20.0 km², Russia regained 20.0 km².",
             "In Russia, Ukraine no longer holds any territory (−20.0 km² since 2025-07-01)."),
    "contested": ([OCCUPIED, KURSK], [OCCUPIED, KURSK, ("kursk_grey", (25, 0, 5, 4))],
                  "Kursk Oblast: 20.0 km² became grey zone.",
                  "In Russia, Ukraine holds 20.0 km², plus 20.0 km² grey zone."),
}  # fmt: skip


@pytest.mark.parametrize("case", RUSSIA_CASES)
@pytest.mark.parametrize("lang", LANGS)
def test_russias_oblasts_are_told_as_ukraines_positions_there(geodata: GeoData, case: str, lang: str) -> None:
    before, after, kursk_line, headline = RUSSIA_CASES[case]
    change = diff(snap(1, before), snap(8, after), geodata)
    lines = change_lines(change, lang)
    assert change.flows_km2 == {}  # nothing moved in Ukraine ...
    assert change.to_russia_km2 == change.to_ukraine_km2 == 0.0
    kursk = [line for line in lines if line.startswith(("Kursk Oblast", "Курська область", "RU-KRS"))]
    assert len(kursk) == 1
    # ... so no "Russia +20 km²" of Russia's own land, in any language, and no gains line about Ukraine
    assert not re.search(r"(Russia|Росія|Россия) \+", kursk[0])
    assert not any(re.search(r"(Russia gained|Росія захопила|Россия захватила)", line) for line in lines)
    if lang == "en":
        assert kursk_line in lines and headline in lines
        assert lines.index(headline) < lines.index(kursk_line)
    area = next(line for line in lines if "Sudzha" in line)  # located by the Russian town, not Pokrovsk
    assert "Pokrovsk" not in area


@pytest.mark.parametrize("lang", LANGS)
def test_a_polygon_drawn_over_the_border_is_no_change(geodata: GeoData, lang: str) -> None:
    """DeepState's occupied layer runs loosely over the border: a part of it redrawn inside Russia is neither
    "Russia gained" nor a change of Ukraine's positions."""
    change = diff(snap(1, [OCCUPIED]), snap(8, [OCCUPIED, ("occupied", (30, 0, 5, 4))]), geodata)
    assert change.flows_km2 == {} and change.russia_flows_km2 == {} and change.is_empty
    assert not any("Kursk" in line or "Курськ" in line for line in change_lines(change, lang))


ZERO_CASES = {
    "nothing": ([OCCUPIED], [OCCUPIED]),
    "only Russia gained": ([OCCUPIED], [("occupied", (0, 0, 12, 10))]),
    "only grey appeared": ([OCCUPIED], [OCCUPIED, ("grey", (10, 0, 2, 10))]),
    "only grey went": ([OCCUPIED, ("grey", (10, 0, 2, 10))], [OCCUPIED]),
    "only in Russia": ([OCCUPIED], [OCCUPIED, KURSK]),
}


@pytest.mark.parametrize("case", ZERO_CASES)
@pytest.mark.parametrize("lang", LANGS)
def test_no_zero_figures(geodata: GeoData, case: str, lang: str) -> None:
    before, after = ZERO_CASES[case]
    change = diff(snap(1, before), snap(8, after), geodata)
    for line in [*change_lines(change, lang), *digest_lines(change, lang)]:
        assert not ZERO.search(line), line
        assert not line.endswith((": .", ": ")), line


@pytest.mark.parametrize(
    ("days_apart", "expected", "note"),
    [
        (34, timedelta(days=7), "These maps are 34 days apart, not 7 days: the maps in between are missing."),
        (7, timedelta(days=7), None),
        (8, timedelta(days=7), None),  # a day off is still the week asked for
        (1, timedelta(days=1), None),
        (3, timedelta(days=1), "These maps are 3 days apart, not 24 h: the maps in between are missing."),
        (1.6, timedelta(days=1), "These maps are 38 h apart, not 24 h: the maps in between are missing."),
        (9, timedelta(days=30), "These maps are only 9 days apart, not 30 days: no older map is stored."),
    ],
)
def test_a_period_says_when_its_maps_are_not_that_far_apart(
    days_apart: float, expected: timedelta, note: str | None
) -> None:
    change = diff(snap(1, [OCCUPIED]), snap(1 + days_apart, [("occupied", (0, 0, 12, 10))]))
    lines = change_lines(change, "en", expected=expected)
    if note is None:
        assert "apart" not in "\n".join(lines)
    else:
        assert lines[1] == note
    assert "apart" not in "\n".join(change_lines(change, "en"))  # an alert compares map with map: no period


@pytest.mark.parametrize(
    ("lang", "days", "expected"),
    [
        ("uk", 34, "Між цими мапами 34 дн., а не 7 дн.: проміжних мап немає."),
        ("ru", 34, "Между этими картами 34 дн., а не 7 дн.: промежуточных карт нет."),
    ],
)
def test_the_span_note_in_cyrillic(lang: str, days: int, expected: str) -> None:
    change = diff(snap(1, [OCCUPIED]), snap(1 + days, [("occupied", (0, 0, 12, 10))]))
    assert change_lines(change, lang, expected=timedelta(days=7))[1] == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "Source: DeepStateMAP"), ("uk", "Джерело: DeepStateMAP"), ("ru", "Источник: DeepStateMAP")],
)
def test_attribution_is_in_the_readers_language(geodata: GeoData, lang: str, expected: str) -> None:
    change = diff(snap(1, [OCCUPIED]), snap(8, [("occupied", (0, 0, 12, 10))]), geodata)
    assert attribution(lang) == expected and change_lines(change, lang)[-1] == expected
    if lang != "en":
        assert not any("Source" in line for line in change_lines(change, lang))


# -- places -----------------------------------------------------------------------------------------------------


def _gazetteer(*places: Place) -> Gazetteer:
    return Gazetteer.from_places(list(places))


@pytest.mark.parametrize(
    ("places", "region", "expected"),
    [
        pytest.param(  # the case: a town of 23,500 45 km off against Sudzha (6,940) 8 km off
            [place("Lgovskiy", 0, 45, "RU-KRS", 23_500, "city"), place("Sudzha", 0, 8, "RU-KRS", 6_940),
             place("Hamlet", 0, 1, "RU-KRS", 120)],
            "RU-KRS", "Sudzha", id="known-town-not-far-city",
        ),
        pytest.param(  # Sumy is bigger and nearer, but across the border
            [place("Sumy", 0, 6, "UA-59", 260_000, "city"), place("Sudzha", 0, -12, "RU-KRS", 6_940)],
            "RU-KRS", "Sudzha", id="own-oblast-first",
        ),
        pytest.param(
            [place("Sumy", 0, 6, "UA-59", 260_000, "city"), place("Hamlet", 0, -3, "RU-KRS", 120)],
            "RU-KRS", "Hamlet", id="a-village-of-the-oblast-before-a-city-across-the-border",
        ),
        pytest.param(
            [place("Sumy", 0, 6, "UA-59", 260_000, "city"), place("Far", 0, -80, "RU-KRS", 10_000)],
            "RU-KRS", "Sumy", id="nothing-of-the-oblast-near-then-the-nearest-town",
        ),
        pytest.param(
            [place("Village", 0, 2, "UA-14", 2_500), place("Kramatorsk", 0, 12, "UA-14", 150_000, "city")],
            "UA-14", "Kramatorsk", id="a-city-a-reader-knows-over-a-village",
        ),
        pytest.param(
            [place("Nearer", 0, 3, "UA-14", 9_000), place("Farther", 0, 28, "UA-14", 12_000)],
            "UA-14", "Nearer", id="of-two-small-towns-the-nearer",
        ),
    ],
)  # fmt: skip
def test_a_change_is_located_by_a_town_the_reader_knows_in_its_own_oblast(
    places: list[Place], region: str, expected: str
) -> None:
    gazetteer = _gazetteer(*places)
    found = gazetteer.landmark(0.0, 0.0, region)
    assert found is not None and gazetteer.places[found[0]].name_en == expected


@pytest.mark.parametrize(
    ("lon", "lat", "region", "expected"),
    [
        (35.25, 51.10, "RU-KRS", "Sudzha"),  # south of Sudzha, near the border: not L'govskiy, not Sumy
        (35.20, 51.30, "RU-KRS", "Sudzha"),
        (34.95, 51.38, "RU-KRS", "Korenevo"),
    ],
)
def test_the_built_in_gazetteer_names_the_kursk_towns_of_the_news(
    lon: float, lat: float, region: str, expected: str
) -> None:
    gazetteer = default_gazetteer()
    x, y = points_to_metres(np.array([lon]), np.array([lat]))
    found = gazetteer.landmark(float(x[0]), float(y[0]), region)
    assert found is not None and gazetteer.places[found[0]].name_en == expected


@pytest.mark.parametrize(
    ("russian", "ukrainian"),
    [
        ("Суджа", "Суджа"),
        ("Рыльск", "Рильськ"),
        ("Курск", "Курськ"),
        ("Льговский", "Льговський"),
        ("Шебекино", "Шебекіно"),
        ("Красная Яруга", "Красна Яруга"),
        ("Новый Оскол", "Новий Оскол"),
        ("Тёткино", "Тьоткіно"),
        ("Гуево", "Гуєво"),
        ("Конышёвка", "Конишовка"),
        ("Разумное", "Разумне"),
        ("Ивня", "Івня"),
        ("Октябрьский", "Октябрьський"),
        ("Глушково", "Глушково"),
        ("Джанкой", "Джанкой"),
        ("Залесье", "Залесся"),
        ("Раздолье", "Раздолля"),
    ],
)
def test_russian_place_names_in_ukrainian_spelling(russian: str, ukrainian: str) -> None:
    assert ukrainian_spelling(russian) == ukrainian
    assert ukrainian_name("", russian, russian_place=True) == ukrainian
    assert ukrainian_name(russian, russian, russian_place=True) == ukrainian  # GeoNames' "Ukrainian" candidate
    assert ukrainian_name("Бєлгород", "Белгород", russian_place=True) == "Бєлгород"  # a real one is kept


@pytest.mark.parametrize(
    ("geonames", "press"), [("L’govskiy", "Lgovskiy"), ("Ryl'sk", "Rylsk"), ("Suzëmka", "Suzemka")]
)
def test_russian_place_names_in_plain_latin(geonames: str, press: str) -> None:
    assert plain_latin(geonames) == press


_RUSSIAN_ONLY = re.compile(r"[ыэъё]|(?:ский|цкий|ская|ское)\b", re.IGNORECASE)


def test_no_place_of_the_built_in_gazetteer_is_spelt_the_russian_way_in_ukrainian() -> None:
    places = default_gazetteer().places
    russian = [p.name("uk") for p in places if _RUSSIAN_ONLY.search(p.name("uk"))]
    assert russian == []
    assert not [p.name("en") for p in places if p.region.startswith("RU-") and re.search(r"[’'ʼ]", p.name("en"))]
    assert sum(p.region.startswith("RU-") for p in places) > 100


def test_a_gazetteer_file_without_ukrainian_names_gets_them(tmp_path: Path) -> None:
    path = tmp_path / "settlements.csv"
    path.write_text(
        "lat,lon,name_uk,name_ru,name_en,type,population,admin1_iso\n"
        "51.19,35.27,,Суджа,Sudzha,populated_place,6940,RU-KRS\n"
        "51.63,35.28,,Льговский,L’govskiy,city,23500,RU-KRS\n"
        "49.09,37.96,,Терны,Terny,populated_place,764,UA-14\n",
        encoding="utf-8",
    )
    places = Gazetteer.from_csv(path).places
    assert [(p.name("uk"), p.name("en")) for p in places] == [
        ("Суджа", "Sudzha"),
        ("Льговський", "Lgovskiy"),
        ("Терни", "Terny"),
    ]


# -- the picture -------------------------------------------------------------------------------------------------


def _drawn_colours(drawing: object, axes: int = 0) -> set[str]:
    from matplotlib.colors import to_hex
    from matplotlib.patches import Patch

    ax = drawing.figure.axes[axes]  # type: ignore[attr-defined]
    patches = [a for a in ax.get_children() if isinstance(a, Patch) and a is not ax.patch]
    return {to_hex(p.get_facecolor()) for p in patches} | {to_hex(p.get_edgecolor()) for p in patches}


def _legend(drawing: object) -> list[str]:
    return [t.get_text() for t in drawing.figure.legends[0].get_texts()]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("lang", "held", "border"),
    [("en", "Held by Ukraine in Russia", "State border"), ("uk", "Утримує Україна в Росії", "Державний кордон")],
)
def test_picture_shows_the_state_border_and_ukraines_positions_in_russia(
    geodata: GeoData, lang: str, held: str, border: str
) -> None:
    a, b = snap(1, [OCCUPIED]), snap(8, [("occupied", (0, 0, 12, 10)), KURSK])
    drawing = draw_change(diff(a, b, geodata), a, b, geodata, lang=lang)
    colours = _drawn_colours(drawing)
    assert COLOURS["ua_held_ru"] in colours and COLOURS["state_border"] in colours and COLOURS["border"] in colours
    assert held in _legend(drawing) and border in _legend(drawing)
    # without Ukraine's positions in view, no legend entry for them
    c = snap(15, [("occupied", (0, 0, 13, 10))])
    quiet = draw_change(diff(a, c, geodata), a, c, geodata, lang=lang)
    assert held not in _legend(quiet) and COLOURS["ua_held_ru"] not in _drawn_colours(quiet)


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_a_small_change_on_a_wide_map_gets_an_inset(geodata: GeoData, lang: str) -> None:
    """Two changes 300 km apart: on a phone the 1 km² one would be a dot. The inset zooms on the biggest one,
    its names stay inside it, and no name of the main map is under it."""
    a = snap(1, [OCCUPIED, ("occupied", (300, 0, 10, 10))])
    b = snap(8, [("occupied", (0, 0, 11, 10)), ("occupied", (300, 0, 10.1, 10))])
    drawing = draw_change(diff(a, b), a, b, geodata, lang=lang)
    assert drawing.inset is not None and len(drawing.figure.axes) == 2
    inset = drawing.figure.axes[1]
    x0, x1 = inset.get_xlim()
    assert x0 < 10_000 < 11_000 < x1 and x1 - x0 < 60_000  # the 10 km² strip at 10-11 km, zoomed
    for _, box in drawing.labels:
        assert not box.overlaps(drawing.inset) or (
            drawing.inset.contains(box.x0, box.y0) and drawing.inset.contains(box.x1, box.y1)
        )
    near = diff(a, snap(8, [("occupied", (0, 0, 11, 10)), ("occupied", (300, 0, 10, 10))]))
    assert draw_change(near, a, b, geodata, lang=lang).inset is None  # one change, already close up


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_no_name_on_the_scale_bar_or_the_changed_area_and_the_attribution_off_the_map(
    geodata: GeoData, lang: str
) -> None:
    """Towns all around a change: every name shown keeps off the scale bar and, where any spot allows, off the
    change itself; the attribution is below the map, in the reader's language."""
    a = snap(1, [OCCUPIED])
    b = snap(8, [("occupied", (0, 0, 14, 10))])
    towns = [place(f"T{i}", x, y, "UA-14", 20_000 + i, "city") for i, (x, y) in
             enumerate((x, y) for x in range(-20, 40, 6) for y in range(-20, 30, 6))]  # fmt: skip
    gazetteer = Gazetteer.from_places(towns)
    geo = GeoData(geodata.regions, gazetteer)
    change = diff(a, b, geo)
    drawing = draw_change(change, a, b, geo, lang=lang)
    ax = drawing.figure.axes[0]
    scale = [t for t in ax.texts if t.get_text().endswith(("km", "км"))]
    assert len(scale) == 1
    renderer = drawing.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    bar = scale[0].get_window_extent(renderer)
    changed = shapely.union_all(list(change.geometry.values()))
    to_data = ax.transData.inverted()
    for name, box in drawing.labels:
        assert not box.overlaps(bar), name
        (x0, y0), (x1, y1) = to_data.transform([(box.x0, box.y0), (box.x1, box.y1)])
        assert not changed.intersects(shapely.box(x0, y0, x1, y1)), name
    credit = next(t for t in drawing.figure.texts if t.get_text().endswith("DeepStateMAP"))
    assert credit.get_text() == attribution(lang)
    assert credit.get_window_extent(renderer).y1 <= drawing.frame.y0


@pytest.mark.parametrize(
    ("lang", "headline", "oblast"),
    [
        ("uk", "У Росії Україна більше не утримує території (−20,0 км² від 2025-07-01).",
         "Курська область: Україна втратила 20,0 км², Росія повернула 20,0 км²."),
        ("ru", "В России Украина больше не удерживает территорий (−20,0 км² с 2025-07-01).",
         "Курська область: Украина потеряла 20,0 км², Россия вернула 20,0 км²."),
    ],
)  # fmt: skip
def test_ukraines_positions_in_russia_in_ukrainian_and_russian(
    geodata: GeoData, lang: str, headline: str, oblast: str
) -> None:
    """(The fixture's oblast has no Russian name: a Russian reader gets the Ukrainian one before the English.)"""
    change = diff(snap(1, [OCCUPIED, KURSK]), snap(8, [OCCUPIED]), geodata)
    lines = change_lines(change, lang)
    assert headline in lines and oblast in lines
    assert digest_lines(change, lang)[1] == headline


@pytest.mark.parametrize("lang", ["uk", "ru"])
def test_the_front_wording_is_in_every_language_with_the_same_fields(lang: str) -> None:
    import string

    from bot.front.text import _T

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    assert set(_T[lang]) == set(_T["en"])
    assert {key: fields(text) for key, text in _T[lang].items()} == {key: fields(t) for key, t in _T["en"].items()}
