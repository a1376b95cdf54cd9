"""News claims that a settlement changed hands: read in en/uk/ru, found in the gazetteer, checked against a map."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain import MapVerdict, Story
from bot.front.claims import ClaimMaps, check_text, find_claims, skeleton, story_checks
from bot.front.geodata import Gazetteer
from bot.front.model import Control, Place
from bot.front.parse import parse_snapshot
from bot.front.projection import point_to_lonlat
from tests.front.helpers import snapshot_bytes, when


def _place(en: str, uk: str, ru: str, x_km: float, y_km: float, region: str = "UA-14", population: int = 1000) -> Place:
    lon, lat = point_to_lonlat(x_km * 1000, y_km * 1000)
    return Place(en, uk, ru, lon, lat, population=population, region=region)


PLACES = (
    _place("Pokrovsk", "Покровськ", "Покровск", 10, 10, population=60_000),  # Ukraine's, then Russia's
    _place("Kurakhove", "Курахове", "Курахово", 60, 10),  # Ukraine's on both maps
    _place("Chasiv Yar", "Часів Яр", "Часов Яр", -30, 0),  # Russia's, then Ukraine's: the other way
    _place("Velyka Novosilka", "Велика Новосілка", "", 10, -30),  # grey on the latest map
    _place("Avdiivka", "Авдіївка", "Авдеевка", 35, 10),  # Russia's on both maps
    _place("Robotyne", "Роботине", "", 90, -60),
    _place("Toretsk", "Торецьк", "Торецк", 120, 40),
    _place("Sudzha", "Суджа", "Суджа", 100, 100, region="RU-KRS"),  # held by Ukraine inside Russia
    _place("Zelene", "Зелене", "Зеленое", 25, 25),  # near the front ...
    _place("Donetsk", "Донецьк", "Донецк", 60, 60, population=900_000),
    _place("Zelene", "Зелене", "Зеленое", -400, -200, "UA-63", 5000),  # ... and a bigger namesake far from it
)
EARLIER = parse_snapshot(
    snapshot_bytes([("occupied", (-40, -10, 20, 20)), ("occupied", (30, 5, 10, 10))]), taken=when(1)
)
LATEST = parse_snapshot(
    snapshot_bytes([
        ("occupied", (0, 0, 20, 20)), ("occupied", (30, 5, 10, 10)), ("grey", (0, -40, 20, 20)),
        ("kursk", (90, 90, 20, 20)),
    ]),
    taken=when(9),
)  # fmt: skip
GAZETTEER = Gazetteer.from_places(PLACES)
MAPS = ClaimMaps.of(LATEST, EARLIER, GAZETTEER)

RU, UA = Control.RU, Control.UA


def _claims(text: str) -> list[tuple[str, Control]]:
    return [(c.place.name_en, c.side) for c in find_claims(text, MAPS.index, MAPS)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # English, past tense, headlines' present tense, passive, announcements
        ("Russian forces captured Pokrovsk, the defence ministry in Moscow said.", [("Pokrovsk", RU)]),
        ("Russia captures Kurakhove after months of fighting", [("Kurakhove", RU)]),
        ("Russia claims capture of the village of Robotyne in Zaporizhzhia", [("Robotyne", RU)]),
        ("Russia captured the eastern town of Kurakhove", [("Kurakhove", RU)]),
        ("Russia says it took Kurakhovo and Avdeyevka", [("Kurakhove", RU), ("Avdiivka", RU)]),
        ("Ukrainian troops liberated Robotyne, a general said.", [("Robotyne", UA)]),
        ("Kurakhove was captured by Russian forces on Monday.", [("Kurakhove", RU)]),
        ("Ukraine's army withdrew from Avdiivka to save soldiers' lives.", [("Avdiivka", RU)]),
        ("Ukrainian forces entered Sudzha, Kyiv says.", [("Sudzha", UA)]),
        ("Russia says its troops took control of Toretsk and Velyka Novosilka.",
         [("Toretsk", RU), ("Velyka Novosilka", RU)]),
        ("Russia claims its forces entered Toretsk, Kurakhove and Avdiivka",
         [("Toretsk", RU), ("Kurakhove", RU), ("Avdiivka", RU)]),
        ("Окупанти захопили Курахове та Роботине", [("Kurakhove", RU), ("Robotyne", RU)]),
        ("Toretsk in Donetsk Oblast was captured by Russian forces.", [("Toretsk", RU)]),
        ("Ukrainian forces recaptured Chasiv Yar", [("Chasiv Yar", UA)]),
        # Ukrainian, with case endings
        ("Російські війська захопили Покровськ", [("Pokrovsk", RU)]),
        ("Окупанти зайшли до Часового Яру", [("Chasiv Yar", RU)]),
        ("Ворог встановив контроль над Торецьком", [("Toretsk", RU)]),
        ("Сили оборони звільнили Роботине", [("Robotyne", UA)]),
        ("ЗСУ вийшли з Авдіївки, повідомив Генштаб", [("Avdiivka", RU)]),
        ("Росіяни захопили Велику Новосілку", [("Velyka Novosilka", RU)]),
        ("Українські військові зайшли в Суджу", [("Sudzha", UA)]),
        ("Окупанти захопили Курахове", [("Kurakhove", RU)]),
        # Russian, with case endings and transliteration
        ("ВС РФ освободили Авдеевку", [("Avdiivka", RU)]),
        ("Армия России взяла под контроль Курахово", [("Kurakhove", RU)]),
        ("Российские войска вошли в Часов Яр", [("Chasiv Yar", RU)]),
        ("Минобороны заявило об освобождении Покровска", [("Pokrovsk", RU)]),
        ("ВСУ освободили Работино", [("Robotyne", UA)]),
        ("Российские военные заняли Великую Новоселку", [("Velyka Novosilka", RU)]),
        ("ВСУ отошли из Торецка", [("Toretsk", RU)]),
    ],
)
def test_claims_in_three_languages(text: str, expected: list[tuple[str, Control]]) -> None:
    assert _claims(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Russian forces attempted to capture Pokrovsk.",
        "Russian troops are trying to take Kurakhove.",
        "Ukraine denied that Russia had captured Chasiv Yar.",
        "Kyiv denies Russian claims of capturing Toretsk.",
        "Russia will take Pokrovsk by spring, a general said.",
        "Russia could capture Pokrovsk within weeks.",
        "Russian forces did not capture Kurakhove.",
        "Росіяни намагалися захопити Часів Яр.",
        "Ворог захопить Покровськ, якщо не буде підкріплень.",
        "Генштаб спростував захоплення Курахового.",
        "Росіяни не змогли захопити Торецьк.",
        "Российские войска пытались взять Покровск.",
        "ВСУ опровергли захват Курахово.",
        "Россия возьмёт Покровск, заявил Песочин.",
        "Fighting continues near Pokrovsk.",
        "Бої тривають біля Покровська.",
        "Russian forces captured positions near Pokrovsk.",
        "Окупанти захопили позиції біля Покровська.",
        "Russia captured 200 square kilometres last month.",
        "Zelensky visited Pokrovsk.",
        "Russian forces captured Pokrovske.",  # English does not decline: another place, not in this gazetteer
        "Russian forces captured two Ukrainian soldiers in Pokrovsk.",
        "Russian troops took 12 prisoners near Kurakhove.",
        "Росіяни взяли в оточення Покровськ.",
        "Ворог захопив у полон трьох бійців у Торецьку.",
        "ВС РФ взяли в кольцо Покровск.",
        "Russian forces captured a drone operator who had fought in Toretsk.",
    ],
)
def test_no_claim(text: str) -> None:
    assert _claims(text) == []


@pytest.mark.parametrize(
    ("text", "verdict", "shown"),
    [
        ("Russian forces captured Pokrovsk", MapVerdict.ON_MAP, RU),  # changed hands on the latest map
        ("Окупанти захопили Авдіївку", MapVerdict.ON_MAP, RU),  # Russia's all along
        ("Українські військові зайшли в Суджу", MapVerdict.ON_MAP, UA),  # Ukraine's hold inside Russia
        ("Армия России взяла под контроль Курахово", MapVerdict.NOT_YET, UA),  # Ukraine's on both maps
        ("Росіяни захопили Велику Новосілку", MapVerdict.NOT_YET, Control.GREY),  # grey: on its way, not there
        ("Ukrainian forces liberated Pokrovsk", MapVerdict.CONTRADICTED, RU),  # it went to Russia instead
        ("Российские войска вошли в Часов Яр", MapVerdict.CONTRADICTED, UA),  # it went to Ukraine instead
        ("Russia says it liberated Sudzha", MapVerdict.CONTRADICTED, UA),
    ],
)
def test_the_three_labels(text: str, verdict: MapVerdict, shown: Control) -> None:
    [checked] = check_text(text, MAPS)
    assert (checked.verdict, checked.shown) == (verdict, shown)


def test_without_an_earlier_map_nothing_is_contradicted() -> None:
    maps = ClaimMaps.of(LATEST, None, GAZETTEER)
    story = Story("Ukrainian forces liberated Pokrovsk", (), (), when(9), 1.0, "en")
    assert [c.verdict for c in story_checks(story, maps, "en")] == [MapVerdict.NOT_YET]


def test_of_two_places_with_one_name_the_one_at_the_front_is_meant() -> None:
    [claim] = find_claims("Russian forces captured Zelene", MAPS.index, MAPS)
    assert (claim.place.name_en, claim.place.population, claim.side) == ("Zelene", 1000, RU)


@pytest.mark.parametrize(
    "text",
    [
        "Russian forces captured Zelene in Kharkiv Oblast",
        "Окупанти захопили Зелене на Харківщині",
        "ВС РФ освободили Зеленое Харьковской области",
    ],
)
def test_of_two_places_with_one_name_the_one_in_the_oblast_named_is_meant(text: str) -> None:
    [claim] = find_claims(text, MAPS.index, MAPS)
    assert (claim.place.region, claim.side) == ("UA-63", RU)


@pytest.mark.parametrize(("lang", "name"), [("en", "Pokrovsk"), ("uk", "Покровськ"), ("ru", "Покровск")])
def test_story_checks_name_the_place_in_the_digests_language(lang: str, name: str) -> None:
    story = Story("Russia claims capture of Pokrovsk", ("Kyiv has not confirmed it.",), (), when(9), 1.0, "en")
    [check] = story_checks(story, MAPS, lang)
    assert (check.place, check.verdict, check.as_of) == (name, MapVerdict.ON_MAP, datetime(2025, 7, 9, 20, tzinfo=UTC))


@pytest.mark.parametrize(
    "spellings",
    [
        ("Покровськ", "Покровск", "Pokrovsk"),
        ("Авдіївка", "Авдеевка", "Avdiivka", "Avdeyevka"),
        ("Вугледар", "Угледар", "Vuhledar", "Ugledar"),
        ("Харків", "Харьков", "Kharkiv"),
        ("Михайлівка", "Михайловка", "Mykhailivka"),
        ("Куп'янськ", "Купянск", "Kupiansk", "Kupyansk"),
    ],
)
def test_one_key_for_the_spellings_of_a_place(spellings: tuple[str, ...]) -> None:
    assert len({skeleton(s) for s in spellings}) == 1
