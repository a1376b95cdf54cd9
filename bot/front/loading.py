"""What the front-line work and reports read: the geodata (oblast boundaries and gazetteer, built and loaded at
first use, refreshed in the background after a failed build) and the parsed stored maps, with the one lock that
keeps CPU-heavy jobs to one at a time. Imports neither the map work nor the reports: they read from here."""

from __future__ import annotations

import asyncio
import gzip
import logging
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

from shapely.errors import ShapelyError

from bot.clock import Clock
from bot.errors import CollectError, ConfigError
from bot.front.boundaries import BoundariesError, GeodataSource, has_boundaries
from bot.front.boundaries import build as build_boundaries
from bot.front.geodata import Gazetteer, GeoData, default_gazetteer, load_geodata
from bot.front.model import FrontSnapshot
from bot.front.parse import parse_snapshot
from bot.store import front as store
from bot.store.db import Database
from bot.store.front import StoredSnapshot

logger = logging.getLogger(__name__)

BOUNDARIES_RETRY = timedelta(hours=6)  # after a failed build of the oblast boundaries (network, registry down)
_SNAPSHOT_CACHE = 4  # parsed maps are tens of MB each

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Lru(OrderedDict[K, V]):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def remember(self, key: K, value: V) -> V:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)
        return value


class Cpu:
    """One CPU-heavy job at a time, in a worker thread: the machine has two cores and a bot to run."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()

    async def run(self, fn: Callable[[], V]) -> V:
        async with self._lock:
            return await asyncio.to_thread(fn)


class StoredMaps:
    """The parsed maps of stored snapshots, the few last ones kept parsed."""

    def __init__(self, db: Database, cpu: Cpu) -> None:
        self.db = db
        self.cpu = cpu
        self._parsed: Lru[int, FrontSnapshot] = Lru(_SNAPSHOT_CACHE)

    def remember(self, snapshot_id: int, snapshot: FrontSnapshot) -> None:
        """Keep a map just stored parsed: the next report reads it."""
        self._parsed.remember(snapshot_id, snapshot)

    async def load(self, row: StoredSnapshot) -> FrontSnapshot | None:
        """The parsed map of a stored snapshot; None (logged) if what was stored cannot be read any more."""
        cached = self._parsed.get(row.id)
        if cached is not None:
            return cached
        async with self.db.session() as session:
            data = await store.snapshot_data(session, row.id)
        if data is None:
            return None
        external = int(row.external_id) if row.external_id.isdigit() else None
        try:
            snapshot = await self.cpu.run(
                lambda: parse_snapshot(gzip.decompress(data), snapshot_id=external, taken=row.taken_at)
            )
        except (OSError, EOFError, ValueError, CollectError, ShapelyError) as exc:  # corrupt blob or old schema
            logger.error("front_stored_snapshot_unreadable", extra={"snapshot_id": row.id, "error": repr(exc)[:300]})
            return None
        return self._parsed.remember(row.id, snapshot)


class GeodataLoader:
    def __init__(
        self, cpu: Cpu, *, clock: Clock, geodata: GeoData | None = None, source: GeodataSource | None = None
    ) -> None:
        """`geodata` as loaded, or else loaded at first use from `source` (see `geodata()`)."""
        self.cpu = cpu
        self.clock = clock
        self._geodata = geodata
        self._source = source
        self._lock = asyncio.Lock()  # not the Cpu's: a first download must not hold up the CPU jobs
        self.boundaries_error: str | None = None  # why the boundaries could not be built, for the CLI to say
        # Bumped when the geodata changes: what was computed with the old one (changes split by the nearest
        # settlement, places that are the old gazetteer's objects) must not be served from a cache.
        self.generation = 0
        self._retry_at: datetime | None = None  # set while the last build failed
        self._refresh: asyncio.Task[None] | None = None  # the background retry, while it runs

    async def geodata(self) -> GeoData:
        """The geodata given at construction, or else the configured one, loaded once in a worker thread after
        building the oblast boundaries if the folder has none. When that build failed it is tried again every
        BOUNDARIES_RETRY in the background (readers keep what is loaded meanwhile), so a bot started offline
        gets its boundaries without a restart."""
        if self._geodata is None:
            async with self._lock:
                if self._geodata is None:
                    source = self._source
                    if source is not None:
                        await self._ensure_boundaries(source)
                    self._geodata = await self._load(source.folder if source else None)
        elif self._due() and self._refresh is None:
            self._refresh = asyncio.create_task(self._refresh_boundaries())
        return self._geodata

    async def gazetteer(self) -> Gazetteer:
        """The loaded geodata's gazetteer, else the built-in one."""
        gazetteer = (await self.geodata()).gazetteer
        return gazetteer if gazetteer is not None else await self.cpu.run(default_gazetteer)

    async def _load(self, folder: Path | None) -> GeoData:
        """The geodata in `folder`; a broken file there is logged and the built-in gazetteer serves alone, so
        /front keeps answering (per-oblast lines by the nearest settlement) until the operator fixes it. A broken
        file the bot built itself (a disk error, a hand edit) is removed and built again in the background."""
        try:
            return await self.cpu.run(lambda: load_geodata(folder=folder))
        except ConfigError as exc:
            logger.error("front_geodata_broken", extra={"error": str(exc)})
            source = self._source
            if source is not None and source.url and source.path.name in str(exc):
                await asyncio.to_thread(source.path.unlink, missing_ok=True)
                self._retry_at = self.clock()
            return GeoData(gazetteer=await self.cpu.run(default_gazetteer))

    async def _refresh_boundaries(self) -> None:
        source = self._source
        try:
            if source is not None and await self._ensure_boundaries(source):
                geodata = await self._load(source.folder)
                if geodata.regions is not None:
                    self._geodata = geodata
                    self.generation += 1
        except Exception:  # a background task: nobody else would see it
            logger.exception("front_boundaries_refresh_failed")
        finally:
            self._refresh = None

    def _due(self) -> bool:
        return self._retry_at is not None and self.clock() >= self._retry_at

    async def _ensure_boundaries(self, source: GeodataSource) -> bool:
        """Build the boundaries when the folder has none; True when it has them afterwards. When the build fails
        the numbers are still split per oblast, by the oblast of the nearest settlement, and the picture has no
        oblast borders; the next attempt is due BOUNDARIES_RETRY later (also when this one is cancelled)."""
        if has_boundaries(source.folder):
            self._retry_at = None
            return True
        if not source.url:
            return False
        self._retry_at = self.clock() + BOUNDARIES_RETRY
        try:
            await build_boundaries(source)
        except BoundariesError as exc:
            self.boundaries_error = str(exc)
            logger.warning(
                "front_boundaries_unavailable",
                extra={
                    "error": str(exc),
                    "retry_at": self._retry_at.isoformat(timespec="minutes"),
                    "hint": "run `frontline-digest geodata`, or set FRONTLINE_GEODATA",
                },
            )
            return False
        self.boundaries_error = None
        self._retry_at = None
        return True
