"""The front-line service: polls the map source, stores snapshots, and answers /front, digests and alerts.

It owns no resources, only references (the database, the HTTP client, the clock, the geodata), and is a facade over
three parts that depend one way: the geodata and parsed maps both others read (bot.front.loading), the work on maps
(bot.front.work) and the reports (bot.front.reports).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock, utcnow
from bot.domain import FrontPollStatus
from bot.front import backfill as history
from bot.front.boundaries import GeodataSource
from bot.front.claims import ClaimMaps
from bot.front.geodata import GeoData
from bot.front.loading import Cpu, GeodataLoader, StoredMaps
from bot.front.model import FrontSnapshot
from bot.front.reports import FrontReport, FrontReports
from bot.front.source import DeepStateSource, Fetcher, FrontMapPoller, PollOutcome
from bot.front.text import LANGS
from bot.front.work import POLL_INTERVAL, MapWork, content_sha256
from bot.store.db import Database

__all__ = ["POLL_INTERVAL", "FrontReport", "FrontService", "content_sha256"]


class FrontService:
    def __init__(
        self,
        db: Database,
        http: Fetcher,
        *,
        clock: Clock = utcnow,
        geodata: GeoData | None = None,
        geodata_source: GeodataSource | None = None,
        source: DeepStateSource | None = None,
        backfill_pause_s: float = history.PAUSE_S,
        notify: Callable[[str], Awaitable[None]] | None = None,
    ) -> None:
        """`geodata` as loaded, or else loaded at first use from `geodata_source` (boundaries.configured():
        FRONTLINE_GEODATA or the default folder, where missing oblast boundaries are built first), falling back
        on the built-in gazetteer. `backfill_pause_s`: the pause between two history requests (tests pass 0).
        `notify` tells the operator (bot.notices) when a new map is held back; a running bot sets it once it has
        its notices (bot.services.Services.for_bot), a one-shot command prints `last_hold` instead."""
        self.db = db
        self.clock = clock
        self.source = source or DeepStateSource()
        cpu = Cpu()
        maps = StoredMaps(db, cpu)
        self.loading = GeodataLoader(cpu, clock=clock, geodata=geodata, source=geodata_source)
        self.work = MapWork(
            db, http, maps, clock=clock, source=self.source, backfill_pause_s=backfill_pause_s, notify=notify
        )
        self.reports = FrontReports(db, maps, self.loading, clock=clock, source=self.source)

    @property
    def poller(self) -> FrontMapPoller:
        return self.work.poller

    @property
    def notify(self) -> Callable[[str], Awaitable[None]] | None:
        return self.work.notify

    @notify.setter
    def notify(self, notify: Callable[[str], Awaitable[None]] | None) -> None:
        self.work.notify = notify

    @property
    def last_hold(self) -> str | None:
        """Why the map the last poll got was held back (None: it was not)."""
        return self.work.last_hold

    @property
    def last_backfill(self) -> history.BackfillResult | None:
        return self.work.last_backfill

    @property
    def boundaries_error(self) -> str | None:
        """Why the oblast boundaries could not be built, for the CLI to say."""
        return self.loading.boundaries_error

    # -- the work on maps (bot.front.work) -----------------------------------------------------------------

    async def poll(self) -> PollOutcome:
        return await self.work.poll()

    async def poll_status(self) -> FrontPollStatus:
        return await self.work.poll_status()

    async def backfill(
        self, days: int = history.BACKFILL_DAYS, *, max_requests: int = history.MAX_REQUESTS
    ) -> history.BackfillResult:
        return await self.work.backfill(days, max_requests=max_requests)

    async def import_map(
        self, data: bytes, *, snapshot_id: int | None = None, taken: datetime | None = None
    ) -> FrontSnapshot | None:
        return await self.work.import_map(data, snapshot_id=snapshot_id, taken=taken)

    # -- geodata (bot.front.loading) and the reports (bot.front.reports) -------------------------------------

    async def geodata(self) -> GeoData:
        return await self.loading.geodata()

    async def report(self, period: str, lang: str) -> FrontReport:
        return await self.reports.report(period, lang)

    async def digest_section(self, lang: str) -> list[str]:
        return await self.reports.digest_section(lang)

    async def claim_maps(self) -> ClaimMaps | None:
        return await self.reports.claim_maps()

    async def alerts_due(self, threshold_km2: float, langs: Sequence[str] = LANGS) -> FrontReport | None:
        return await self.reports.alerts_due(threshold_km2, langs)

    async def announce(self, report: FrontReport, post: Callable[[AsyncSession], Awaitable[None]]) -> bool:
        return await self.reports.announce(report, post)
