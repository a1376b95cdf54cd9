"""DeepState map API -> `FrontSnapshot`s, polled at most hourly, keeping the last good map when it fails.

Endpoints (unofficial, no key): `/api/history/public` (index of snapshots: id = unix time, datetime,
descriptions), `/api/history/last` ({id, datetime, map}) and `/api/history/{id}/geojson` (one map, ~0.6 MB).
A source is anything with `fetch_last`; another map's GeoJSON can be added as another `MapSource`.
Every number derived from these maps is attributed "Source: DeepStateMAP".
"""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Protocol

from bot.clock import Clock, utcnow
from bot.collect.http import FetchResponse
from bot.domain import FetchState
from bot.errors import CollectError, ParseError
from bot.front.model import ATTRIBUTION, FrontSnapshot
from bot.front.parse import parse_snapshot

logger = logging.getLogger(__name__)

DEEPSTATE_API = "https://deepstatemap.live/api/history"
MIN_POLL_INTERVAL = timedelta(hours=1)


class Fetcher(Protocol):
    async def fetch(self, url: str, *, state: FetchState | None = None, accept: str = "*/*") -> FetchResponse: ...


@dataclass(frozen=True, slots=True)
class SnapshotRecord:
    """One entry of the public history index."""

    id: int
    taken: datetime
    description_uk: str = ""
    description_en: str = ""


@dataclass(frozen=True, slots=True)
class FetchedMap:
    snapshot: FrontSnapshot
    raw_gzip: bytes = field(repr=False)  # what to store, once per snapshot id
    state: FetchState = field(default_factory=FetchState)


class MapSource(Protocol):
    name: str
    attribution: str

    async def fetch_last(self, http: Fetcher, state: FetchState) -> FetchedMap | None:
        """The newest map, or None when the server says it has not changed (304)."""
        ...


def parse_history_index(data: bytes) -> list[SnapshotRecord]:
    """The `/api/history/public` list, oldest first; malformed entries are skipped."""
    try:
        items = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"history index is not valid JSON: {exc}") from exc
    if not isinstance(items, list):
        raise ParseError("history index is not a JSON array")
    records = []
    for item in items:
        if not isinstance(item, dict):
            continue
        try:
            snapshot_id = int(item["id"])
        except (KeyError, TypeError, ValueError):
            continue
        records.append(
            SnapshotRecord(
                id=snapshot_id,
                taken=datetime.fromtimestamp(snapshot_id, UTC),
                description_uk=str(item.get("description") or ""),
                description_en=str(item.get("descriptionEn") or ""),
            )
        )
    return sorted(records, key=lambda r: r.id)


class DeepStateSource:
    name = "deepstate"
    attribution = ATTRIBUTION

    def __init__(self, base_url: str = DEEPSTATE_API) -> None:
        self.base_url = base_url.rstrip("/")

    async def fetch_last(self, http: Fetcher, state: FetchState) -> FetchedMap | None:
        response = await http.fetch(f"{self.base_url}/last", state=state, accept="application/json")
        if response.not_modified:
            return None
        snapshot, raw_gzip = await asyncio.to_thread(parse_and_pack, response.body, None)
        return FetchedMap(snapshot, raw_gzip, response.fetch_state(state))

    async def fetch_snapshot(self, http: Fetcher, snapshot_id: int) -> FetchedMap:
        response = await http.fetch(f"{self.base_url}/{snapshot_id}/geojson", accept="application/json")
        return FetchedMap(*await asyncio.to_thread(parse_and_pack, response.body, snapshot_id))

    async def history(self, http: Fetcher) -> list[SnapshotRecord]:
        response = await http.fetch(f"{self.base_url}/public", accept="application/json")
        return parse_history_index(response.body)


def parse_and_pack(body: bytes, snapshot_id: int | None, taken: datetime | None = None) -> tuple[FrontSnapshot, bytes]:
    """Parsing a 0.6 MB map takes a good part of a second: callers run this in a worker thread."""
    return parse_snapshot(body, snapshot_id=snapshot_id, taken=taken), gzip.compress(body, mtime=0)


class PollOutcome(StrEnum):
    NEW = "new"  # a snapshot we had not seen
    UNCHANGED = "unchanged"  # 304, or the same snapshot id again
    HELD = "held"  # a new map implausible against the one before it: stored aside until the next map decides
    TOO_SOON = "too_soon"  # polled less than the minimum interval ago: nothing was sent
    FAILED = "failed"  # network or parse error: the last good snapshot stays


@dataclass(slots=True)
class FrontMapPoller:
    """Polls one source politely and remembers the last good snapshot with its date."""

    source: MapSource
    http: Fetcher
    clock: Clock = utcnow
    min_interval: timedelta = MIN_POLL_INTERVAL
    state: FetchState = field(default_factory=FetchState)
    last_good: FrontSnapshot | None = None
    last_poll: datetime | None = None
    last_error: str | None = None

    async def poll(self) -> tuple[PollOutcome, FetchedMap | None]:
        now = self.clock()
        if self.last_poll is not None and now - self.last_poll < self.min_interval:
            return PollOutcome.TOO_SOON, None
        self.last_poll = now
        try:
            fetched = await self.source.fetch_last(self.http, self.state)
        except CollectError as exc:
            self.last_error = str(exc) or type(exc).__name__
            logger.warning("front_poll_failed", extra={"source": self.source.name, "error": self.last_error})
            return PollOutcome.FAILED, None
        self.last_error = None
        if fetched is None:
            return PollOutcome.UNCHANGED, None
        self.state = fetched.state
        if self.last_good is not None and fetched.snapshot.id == self.last_good.id:
            return PollOutcome.UNCHANGED, None
        self.last_good = fetched.snapshot
        logger.info("front_snapshot", extra={"source": self.source.name, "snapshot_id": fetched.snapshot.id})
        return PollOutcome.NEW, fetched
