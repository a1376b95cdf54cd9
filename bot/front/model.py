"""Plain data of the front-line stage: a classified snapshot and the change between two of them.

Geometry is kept in metres of one equal-area projection (see `bot.front.projection`), so every area is a
plain `.area / 1e6` away from km².
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from shapely.geometry.base import BaseGeometry

ATTRIBUTION = "Source: DeepStateMAP"

# Ukraine in its internationally recognised borders, the denominator DeepState uses for "share occupied".
UKRAINE_AREA_KM2 = 603_628.0


class Zone(StrEnum):
    """What a map layer says about an area."""

    OCCUPIED = "occupied"  # occupied by Russia since 24 Feb 2022
    OCCUPIED_BEFORE_2022 = "occupied_before_2022"  # Crimea, ORDLO, Tuzla
    GREY = "grey"  # contested / unknown status inside Ukraine
    LIBERATED = "liberated"  # retaken by Ukraine (informational: it is Ukraine-held)
    UA_HELD_RU = "ua_held_ru"  # held by Ukraine inside Russia (Kursk, Aug 2024 - 2025)
    GREY_RU = "grey_ru"  # contested inside Russia
    OTHER_OCCUPIED = "other_occupied"  # Transnistria, Abkhazia, Tskhinvali: not Ukraine, not counted
    EDITORIAL = "editorial"  # satirical "occupied Karelia" style layers: ignored
    UNKNOWN = "unknown"  # a layer name never seen before: counted, never measured


RUSSIAN_HELD = (Zone.OCCUPIED, Zone.OCCUPIED_BEFORE_2022)
MEASURED = (*RUSSIAN_HELD, Zone.GREY, Zone.LIBERATED, Zone.UA_HELD_RU, Zone.GREY_RU)


class Control(StrEnum):
    UA = "ua"
    RU = "ru"
    GREY = "grey"


@dataclass(frozen=True, slots=True)
class FrontSnapshot:
    """One DeepState map, classified: per zone the unioned, valid geometry in projected metres."""

    id: int
    taken: datetime
    zones: Mapping[Zone, BaseGeometry]
    russian_held: BaseGeometry  # OCCUPIED ∪ OCCUPIED_BEFORE_2022, precomputed because every diff needs it
    feature_counts: Mapping[Zone, int] = field(default_factory=dict)
    unknown_layers: tuple[str, ...] = ()
    source: str = "DeepStateMAP"

    def area_km2(self, zone: Zone) -> float:
        geom = self.zones.get(zone)
        return 0.0 if geom is None else geom.area / 1e6

    @property
    def occupied_km2(self) -> float:
        """Russian-held area of Ukraine (since 2022 and before), the figure DeepState posts as a total."""
        return self.russian_held.area / 1e6

    @property
    def occupied_share(self) -> float:
        return self.occupied_km2 / UKRAINE_AREA_KM2


@dataclass(frozen=True, slots=True)
class Place:
    """A settlement of the gazetteer."""

    name_en: str
    name_uk: str
    name_ru: str
    lon: float
    lat: float
    kind: str = ""  # city, urban_type_settlement, village, ...
    population: int = 0
    region: str = ""  # ISO 3166-2 code of its oblast, e.g. UA-14

    def name(self, lang: str) -> str:
        return _pick_name(lang, self.name_en, self.name_uk, self.name_ru)


def _pick_name(lang: str, en: str, uk: str, ru: str) -> str:
    """The name in `lang`; Cyrillic readers get the other Cyrillic spelling before a Latin one."""
    order = {"uk": (uk, ru, en), "ru": (ru, uk, en)}.get(lang, (en, uk, ru))
    return next((n for n in order if n), "")


@dataclass(frozen=True, slots=True)
class Region:
    """An oblast (Ukraine's, or a Russian border oblast) with its names."""

    code: str  # ISO 3166-2
    name_en: str
    name_uk: str
    name_ru: str

    def name(self, lang: str) -> str:
        return _pick_name(lang, self.name_en, self.name_uk, self.name_ru) or self.code


@dataclass(frozen=True, slots=True)
class ChangedArea:
    """One connected piece of territory that changed control, located for a reader."""

    before: Control
    after: Control
    km2: float
    region: str  # ISO code, "" when no region is known
    near: Place | None  # the town a reader locates it by (see Gazetteer.landmark)
    distance_km: float  # from `near` to the piece's centre
    bearing: str  # compass point of the piece as seen from `near`: "n", "nw", ... ; "" when inside it
    in_russia: bool = False  # a piece of Russia's own territory (Ukraine's positions in Kursk, Belgorod, ...)


@dataclass(frozen=True, slots=True)
class SettlementChange:
    place: Place
    before: Control
    after: Control


@dataclass(frozen=True, slots=True)
class FrontChange:
    """What moved between two snapshots. Gross flows ignore redraw noise; totals are exact.

    Inside Ukraine and inside Russia are kept apart: "Russia gained 24 km²" of Belgorod Oblast would read as
    Russia taking land in Russia, where a reader means Ukraine's positions there. `flows_km2` and
    `by_region_km2` are Ukraine's territory, `russia_flows_km2` and `russia_by_region_km2` Russia's."""

    since: datetime
    until: datetime
    flows_km2: Mapping[tuple[Control, Control], float]  # (before, after) -> km² inside Ukraine, noise removed
    by_region_km2: Mapping[str, Mapping[tuple[Control, Control], float]]  # region code -> flows inside Ukraine
    areas: tuple[ChangedArea, ...]  # largest first
    settlements: tuple[SettlementChange, ...]
    occupied_before_km2: float
    occupied_after_km2: float
    ua_held_ru_before_km2: float
    ua_held_ru_after_km2: float
    grey_ru_after_km2: float
    regions: Mapping[str, Region] = field(default_factory=dict)
    geometry: Mapping[tuple[Control, Control], BaseGeometry] = field(default_factory=dict)  # both sides
    source: str = "DeepStateMAP"
    russia_flows_km2: Mapping[tuple[Control, Control], float] = field(default_factory=dict)
    russia_by_region_km2: Mapping[str, Mapping[tuple[Control, Control], float]] = field(default_factory=dict)

    def flow(self, before: Control, after: Control, *, in_russia: bool = False) -> float:
        return (self.russia_flows_km2 if in_russia else self.flows_km2).get((before, after), 0.0)

    @property
    def to_russia_km2(self) -> float:
        """Area that came under Russian control (from Ukraine's or from the grey zone)."""
        return self.flow(Control.UA, Control.RU) + self.flow(Control.GREY, Control.RU)

    @property
    def to_ukraine_km2(self) -> float:
        return self.flow(Control.RU, Control.UA) + self.flow(Control.GREY, Control.UA)

    @property
    def into_grey_km2(self) -> float:
        return self.flow(Control.UA, Control.GREY) + self.flow(Control.RU, Control.GREY)

    @property
    def out_of_grey_km2(self) -> float:
        return self.flow(Control.GREY, Control.UA) + self.flow(Control.GREY, Control.RU)

    @property
    def net_occupied_km2(self) -> float:
        """Change of the occupied total, exactly as the two maps measure (DeepState's monthly figure)."""
        return self.occupied_after_km2 - self.occupied_before_km2

    @property
    def occupied_share_after(self) -> float:
        return self.occupied_after_km2 / UKRAINE_AREA_KM2

    @property
    def moved_km2(self) -> float:
        """Area that changed control anywhere, both sides of the border, all directions."""
        return sum(self.flows_km2.values()) + sum(self.russia_flows_km2.values())

    @property
    def ua_held_ru_change_km2(self) -> float:
        """Change of the area Ukraine holds in Russia, exactly as the two maps measure."""
        return self.ua_held_ru_after_km2 - self.ua_held_ru_before_km2

    @property
    def is_empty(self) -> bool:
        return not self.areas and not self.settlements
