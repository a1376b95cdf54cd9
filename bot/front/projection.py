"""The one equal-area projection every area is measured in, and the way back to lon/lat.

A Lambert azimuthal equal-area projection centred on Ukraine keeps areas exact on the WGS84 ellipsoid and
shapes nearly undistorted over Ukraine and its border oblasts, so it also serves the picture.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import shapely
from numpy.typing import NDArray
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

LAEA_UKRAINE = "+proj=laea +lat_0=48.5 +lon_0=31.5 +datum=WGS84 +units=m +no_defs"


@cache
def _forward() -> Transformer:
    return Transformer.from_crs("EPSG:4326", LAEA_UKRAINE, always_xy=True)


@cache
def _inverse() -> Transformer:
    return Transformer.from_crs(LAEA_UKRAINE, "EPSG:4326", always_xy=True)


def _apply(transformer: Transformer, coords: NDArray[np.float64]) -> NDArray[np.float64]:
    x, y = transformer.transform(coords[:, 0], coords[:, 1])
    return np.column_stack((x, y))


def to_metres(geom: BaseGeometry) -> BaseGeometry:
    """lon/lat (2-D) -> projected metres."""
    return shapely.transform(geom, lambda c: _apply(_forward(), c))


def points_to_metres(lon: NDArray[np.float64], lat: NDArray[np.float64]) -> tuple[NDArray, NDArray]:
    x, y = _forward().transform(lon, lat)
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def point_to_lonlat(x: float, y: float) -> tuple[float, float]:
    lon, lat = _inverse().transform(x, y)
    return float(lon), float(lat)
