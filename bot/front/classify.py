"""Which zone a DeepState layer belongs to, from its name and fill colour, in both of its schemas.

New schema (from about March 2024): "<uk> /// <en> /// <i18n key>", e.g. "... /// geoJSON.status.occupied".
Old schema (2022 - early 2024): "<uk> /// <en>" or Ukrainian only ("Окуповано", "Звільнено 25.03",
"Під питанням"). The area Ukraine held in Russia's Kursk oblast has no key of its own: it is
`status.dismissed` filled #01579b, and its grey zone is `status.unknown` filled #bdbdbd.
"""

from __future__ import annotations

import re

from bot.front.model import Zone

_KURSK_HELD_FILL = "#01579b"
_KURSK_GREY_FILL = "#bdbdbd"

_KEYS: dict[str, Zone] = {
    "geojson.status.occupied": Zone.OCCUPIED,
    "geojson.status.unknown": Zone.GREY,
    "geojson.status.dismissed": Zone.LIBERATED,
    "geojson.status.dismissed_at": Zone.LIBERATED,
    "geojson.zmiinyi_island": Zone.LIBERATED,
    "geojson.territories.crimea": Zone.OCCUPIED_BEFORE_2022,
    "geojson.territories.ordlo": Zone.OCCUPIED_BEFORE_2022,
    "geojson.territories.tuzla": Zone.OCCUPIED_BEFORE_2022,
    "geojson.territories.transnistria": Zone.OTHER_OCCUPIED,
    "geojson.territories.abkhazia": Zone.OTHER_OCCUPIED,
    "geojson.territories.tskhinvali-district": Zone.OTHER_OCCUPIED,
}
_EDITORIAL_KEY = "geojson.territories."  # karelia, prussia, kuril, ichkeria, petsamo, salla, ... (satire)

# Old schema: checked in order, first match wins; patterns are matched against the lower-cased name.
_OLD_NAMES: tuple[tuple[re.Pattern[str], Zone], ...] = tuple(
    (re.compile(pattern), zone)
    for pattern, zone in (
        (r"придністров|transnistria|абхаз|abkhazia|цхінвал|tskhinvali", Zone.OTHER_OCCUPIED),
        (
            r"петсамо|petsamo|салла|salla|естоні|estonia|латві|latvia|печорськ|pechors|курил|kuril"
            r"|пруссі|prussia|карелі|karelia|ічкері|ichkeria",
            Zone.EDITORIAL,
        ),
        (r"ордло|ordlo|cadr|calr|крим|crimea|тузла|tuzla", Zone.OCCUPIED_BEFORE_2022),
        (r"статус невідомий|unknown status|під питанням|невідомо", Zone.GREY),
        (r"звільнен|liberated|орки відсутні", Zone.LIBERATED),
        (r"окупован|occupied|зайняті ворогом", Zone.OCCUPIED),
    )
)
# Layers of early 2022 sometimes carry only a date or a road name, and Snake Island changed hands in 2022:
# fall back on DeepState's fill colours.
_FILLS: dict[str, Zone] = {
    "#a52714": Zone.OCCUPIED,
    "#880e4f": Zone.OCCUPIED_BEFORE_2022,
    "#000000": Zone.OCCUPIED_BEFORE_2022,
    "#bcaaa4": Zone.GREY,
    "#0f9d58": Zone.LIBERATED,
    "#0288d1": Zone.LIBERATED,
}


def layer_key(name: str) -> str:
    """The i18n key of a new-schema name ("" for the old schema), lower-cased, without "{{at:...}}"."""
    parts = name.split("///")
    if len(parts) < 3:
        return ""
    key = parts[2].split("{{", 1)[0]
    return " ".join(key.split()).lower()


def classify_layer(name: str | None, fill: str | None = None) -> Zone:
    """The zone of one map feature. Never raises: what it cannot place is `Zone.UNKNOWN`."""
    name = " ".join((name or "").replace("\xa0", " ").split())
    fill = (fill or "").strip().lower()
    key = layer_key(name)
    if key:
        zone = _KEYS.get(key)
        if zone is None:
            return Zone.EDITORIAL if key.startswith(_EDITORIAL_KEY) else Zone.UNKNOWN
        return _kursk(zone, fill)
    lowered = name.lower()
    for pattern, zone in _OLD_NAMES:
        if pattern.search(lowered):
            return _kursk(zone, fill)
    return _FILLS.get(fill, Zone.UNKNOWN)


def _kursk(zone: Zone, fill: str) -> Zone:
    if zone is Zone.LIBERATED and fill == _KURSK_HELD_FILL:
        return Zone.UA_HELD_RU
    if zone is Zone.GREY and fill == _KURSK_GREY_FILL:
        return Zone.GREY_RU
    return zone
