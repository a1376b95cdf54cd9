from __future__ import annotations

import pytest

from bot.front.classify import classify_layer, layer_key
from bot.front.model import Zone

CASES = [
    ("Окуповано /// Occupied /// geoJSON.status.occupied ", "#a52714", Zone.OCCUPIED),
    ("Окупований Крим /// Occupied Crimea\xa0/// geoJSON.territories.crimea", "#880e4f", Zone.OCCUPIED_BEFORE_2022),
    ("ОРДЛО /// CADR and CALR\xa0/// geoJSON.territories.ordlo", "#880e4f", Zone.OCCUPIED_BEFORE_2022),
    ("Острів Тузла /// Occupied Tuzla Island\xa0/// geoJSON.territories.tuzla", "#880e4f", Zone.OCCUPIED_BEFORE_2022),
    ("Статус невідомий /// Unknown status /// geoJSON.status.unknown ", "#bcaaa4", Zone.GREY),
    ("Статус невідомий /// Unknown status /// geoJSON.status.unknown ", "#bdbdbd", Zone.GREY_RU),
    ("Звільнено /// Liberated /// geoJSON.status.dismissed\n", "#01579b", Zone.UA_HELD_RU),
    ("Звільнено /// Liberated\xa0/// geoJSON.status.dismissed", "#0f9d58", Zone.LIBERATED),
    ("Звільнено 25.03 /// Liberated 25.03\xa0/// geoJSON.status.dismissed_at {{at:25.03}}", "#0f9d58", Zone.LIBERATED),
    ("Зміїний ///\xa0Snake Island /// geoJSON.zmiinyi_island", "#0f9d58", Zone.LIBERATED),
    ("Придністров'я/// Transnistria /// geoJSON.territories.transnistria", "#ff5252", Zone.OTHER_OCCUPIED),
    ("Тимчасово окупована територія Карелії. /// Karelia /// geoJSON.territories.karelia", "#ff5252", Zone.EDITORIAL),
    ("Нове /// New /// geoJSON.status.something_new", "#123456", Zone.UNKNOWN),
    # old schema (2022 - early 2024)
    ("Окуповано /// Occupied ", "#a52714", Zone.OCCUPIED),
    ("Окупований Крим /// Occupied Crimea", "#880e4f", Zone.OCCUPIED_BEFORE_2022),
    ("ОРДЛО /// CADR and CALR", "#880e4f", Zone.OCCUPIED_BEFORE_2022),
    ("ОРДЛО", "#000000", Zone.OCCUPIED_BEFORE_2022),
    ("Статус невідомий /// Unknown status", "#bcaaa4", Zone.GREY),
    ("Під питанням", "#bcaaa4", Zone.GREY),
    ("Звільнено 27-31.03/// Liberated 27-31.03", "#0f9d58", Zone.LIBERATED),
    ("Звільнено", "#0288d1", Zone.LIBERATED),
    ("Дорога Тростянець-Суми 31.03", "#0288d1", Zone.LIBERATED),
    ("Зміїний", "#a52714", Zone.OCCUPIED),
    ("Зміїний ///\xa0Snake Island", "#0f9d58", Zone.LIBERATED),
    ("Окуповані Південні Курильські острови. /// Occupied Southern Kuril isl", "#ff5252", Zone.EDITORIAL),
    ("Окупована Абхазія. /// Occupied Abkhazia.", "#ff5252", Zone.OTHER_OCCUPIED),
    ("Рубіжне. Території зайняті ворогом", "#a52714", Zone.OCCUPIED),
    ("", "", Zone.UNKNOWN),
    (None, None, Zone.UNKNOWN),
]


@pytest.mark.parametrize(("name", "fill", "zone"), CASES, ids=[f"{i}-{c[2]}" for i, c in enumerate(CASES)])
def test_classify_layer(name: str | None, fill: str | None, zone: Zone) -> None:
    assert classify_layer(name, fill) is zone


def test_layer_key_drops_at_suffix_and_whitespace() -> None:
    assert layer_key("a /// b /// geoJSON.status.dismissed_at {{at:25.03}}") == "geojson.status.dismissed_at"
    assert layer_key("Окуповано /// Occupied") == ""
