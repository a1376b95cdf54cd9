"""The public archive cyterat/deepstate-map-data: DeepState's occupied territory, one merged MultiPolygon a day.

Its daily files `deepstatemap_data_YYYYMMDD.geojson` carry no properties and their date only in the file name;
its history file `deepstate-map-data.geojson.gz` holds every day as one feature with a `date` property
(GeoPandas' `to_json`). Either date is the day the archive fetched DeepState's newest map, at about 03:00 UTC, so
the map is the one DeepState posted the evening before: it is dated `ARCHIVE_EVENING_UTC` on the previous day,
inside DeepState's usual 20-22 UTC update window, which puts the map of a month's last evening in that month as
DeepState's own monthly figures do. The parser reads the polygon itself (`bot.front.parse`, occupied-only).
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from bot.errors import ParseError

ARCHIVE_EVENING_UTC = 21
MAX_HISTORY_BYTES = 500_000_000  # decompressed; the history grows by about 30 MB a year
_DAILY_NAME = re.compile(r"deepstatemap_data_(\d{8})(?!\d)")
_GZIP_MAGIC = b"\x1f\x8b"
_decoder = json.JSONDecoder()
_SPACE = re.compile(r"\s*")


@dataclass(frozen=True, slots=True)
class ArchiveMap:
    """One day of the history file: its map as a FeatureCollection of its own, or why it cannot be read."""

    label: str  # "2024-07-08", or "feature 17" when it has no date
    taken: datetime | None
    body: bytes
    error: str | None = None


def map_taken(day: date) -> datetime:
    """When the map the archive fetched on `day` was posted: the evening before."""
    return datetime.combine(day - timedelta(days=1), time(ARCHIVE_EVENING_UTC), UTC)


def daily_file_taken(name: str) -> datetime | None:
    """The date of a daily file from its name (`deepstatemap_data_20250901.geojson` -> 2025-08-31 21:00 UTC); None
    when the name is not the archive's."""
    match = _DAILY_NAME.search(name)
    if match is None:
        return None
    try:
        return map_taken(datetime.strptime(match.group(1), "%Y%m%d").date())
    except ValueError:
        return None


def decompress(data: bytes, max_bytes: int = MAX_HISTORY_BYTES) -> bytes:
    """`data` itself, or its gzip contents when it is compressed (at most `max_bytes`)."""
    if not data.startswith(_GZIP_MAGIC):
        return data
    inflate = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip framing
    try:
        out = inflate.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise ParseError(f"not a readable gzip file: {exc}") from exc
    if not inflate.eof and len(out) <= max_bytes:
        raise ParseError("gzip file is truncated")
    if len(out) > max_bytes:
        raise ParseError(f"larger than {max_bytes // 1_000_000} MB once decompressed, not a map archive")
    return out


def history_maps(data: bytes) -> Iterator[ArchiveMap] | None:
    """The days of a history file (decompressed), oldest first as stored; None when `data` is not one (a map of
    its own: a DeepState map, or a daily file). Features are decoded one at a time, so a history of years never
    sits in memory as Python objects all at once."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    features = _features(text)
    try:
        first = next(features, None)
    except ParseError:
        return None
    if first is None or not _dated(first):
        return None
    return _days(first, features)


def _dated(feature: object) -> bool:
    props = feature.get("properties") if isinstance(feature, dict) else None
    return isinstance(props, dict) and "date" in props and not props.get("name")


def _days(first: object, rest: Iterator[object]) -> Iterator[ArchiveMap]:
    n = 1
    yield _day(first, n)
    try:
        for n, feature in enumerate(rest, start=2):
            yield _day(feature, n)
    except ParseError as exc:
        yield ArchiveMap(f"after feature {n}", None, b"", str(exc))


def _day(feature: object, n: int) -> ArchiveMap:
    """One day as its daily file has it (no id, no properties), so that a day the map did not change is stored once
    however it was imported."""
    geometry = feature.get("geometry") if isinstance(feature, dict) else None
    day_file = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": geometry}]}
    body = json.dumps(day_file, separators=(",", ":")).encode()
    props = feature.get("properties") if isinstance(feature, dict) else None
    raw = props.get("date") if isinstance(props, dict) else None
    try:
        day = date.fromisoformat(str(raw)[:10])
    except ValueError:
        return ArchiveMap(f"feature {n}", None, body, f"no readable date ({str(raw)[:40]!r})")
    return ArchiveMap(day.isoformat(), map_taken(day), body)


def _features(text: str) -> Iterator[object]:
    """The elements of the top-level "features" array of a JSON object, decoded one by one."""
    try:
        pos = _expect(text, _skip(text, 0), "{")
        while True:
            pos = _skip(text, pos)
            if text.startswith("}", pos):
                return
            key, pos = _decoder.raw_decode(text, pos)
            pos = _expect(text, _skip(text, pos), ":")
            pos = _skip(text, pos)
            if key != "features" or not text.startswith("[", pos):
                _, pos = _decoder.raw_decode(text, pos)
            else:
                pos = _skip(text, pos + 1)
                while not text.startswith("]", pos):
                    item, pos = _decoder.raw_decode(text, pos)
                    yield item
                    pos = _skip(text, pos)
                    if text.startswith(",", pos):
                        pos = _skip(text, pos + 1)
                pos += 1
            pos = _skip(text, pos)
            if text.startswith(",", pos):
                pos += 1
    except ValueError as exc:  # JSONDecodeError included
        raise ParseError(f"history file is truncated or not JSON: {exc}") from exc


def _skip(text: str, pos: int) -> int:
    match = _SPACE.match(text, pos)
    return match.end() if match else pos


def _expect(text: str, pos: int, char: str) -> int:
    if not text.startswith(char, pos):
        raise ValueError(f"expected {char!r} at {pos}")
    return pos + 1
