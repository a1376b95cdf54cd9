"""The composition root's parts: every service is built here, once, and started and closed in one order.

`Core` is what every command works with (the database, the one HTTP session, the front line, the pipeline);
the CLI's one-shot commands run on it alone. `Services` is a running bot: the core plus what talks to Telegram
(delivery, notices, the schedule), built by app.build_application and reached by handlers via Context.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, fields
from datetime import timedelta
from typing import Any

from telegram import Bot
from telegram.ext import JobQueue

from bot.chat.ratelimit import UserRateLimiter
from bot.chat.service import ChatService
from bot.chat.sources import SourceService
from bot.clock import Clock, utcnow
from bot.collect.http import HttpClient, HttpSettings
from bot.config import Settings
from bot.deliver import Deliverer, RateLimiter
from bot.deliver.membership import ConflictReporter
from bot.front import boundaries
from bot.front.backfill import PAUSE_S
from bot.front.service import POLL_INTERVAL, FrontService
from bot.front.source import DeepStateSource
from bot.metrics import Metrics
from bot.notices import Notices
from bot.pipeline import Pipeline
from bot.schedule import Jobs, Scheduler
from bot.store.db import Database
from bot.web.health import Freshness, HealthServer, Probe


def make_http_client(settings: Settings) -> HttpClient:
    c = settings.collect
    return HttpClient(
        HttpSettings(
            timeout_s=c.timeout_s,
            max_bytes=c.max_bytes,
            max_redirects=c.max_redirects,
            per_host_limit=c.per_host_limit,
            trusted_origins=settings.trusted_origins,
        )
    )


@dataclass(slots=True)
class Core:
    settings: Settings
    clock: Clock
    db: Database
    http: HttpClient
    front: FrontService
    pipeline: Pipeline
    metrics: Metrics

    @classmethod
    def build(
        cls,
        settings: Settings,
        *,
        clock: Clock = utcnow,
        fetch: bool = True,
        backfill_pause_s: float = PAUSE_S,
        metrics: Metrics | None = None,
    ) -> Core:
        """The core services of `settings`. Told not to `fetch`, the front line builds no oblast boundaries
        (what it reports comes from the stored maps)."""
        metrics = metrics or Metrics()
        db = Database(settings.env.database_url)
        http = make_http_client(settings)
        geodata = boundaries.configured(settings.env.geodata, settings.env.boundaries_url)
        front = FrontService(
            db,
            http,
            clock=clock,
            geodata_source=geodata if fetch else geodata.offline(),
            source=DeepStateSource(settings.env.front_api_url),
            backfill_pause_s=backfill_pause_s,
        )
        pipeline = Pipeline(settings, db, http, front=front, clock=clock, metrics=metrics)
        return cls(settings, clock, db, http, front, pipeline, metrics)

    async def start(self) -> None:
        """Migrate the database, open the HTTP session and record the configured sources."""
        await self.db.initialize()
        await self.http.start()
        await self.pipeline.sync_sources()

    async def close(self) -> None:
        await self.http.close()
        await self.db.shutdown()


@asynccontextmanager
async def running(core: Core) -> AsyncIterator[Core]:
    """`core` started, and closed on leaving (a start that failed half-way too: a failed migration still closes
    its connection)."""
    try:
        await core.start()
        yield core
    finally:
        await core.close()


@dataclass(slots=True)
class Services(Core):
    chats: ChatService
    sources: SourceService
    deliverer: Deliverer
    scheduler: Scheduler
    notices: Notices
    user_limiter: UserRateLimiter
    conflicts: ConflictReporter
    health: HealthServer | None  # /healthz, /readyz, /metrics; None unless FRONTLINE_HEALTH_PORT is set

    @classmethod
    def for_bot(
        cls, core: Core, bot: Bot, job_queue: JobQueue[Any], jobs: Jobs, limiter: RateLimiter
    ) -> Services:
        """`core` with the services of a running bot: they send through `bot` (its requests paced by `limiter`)
        and schedule on `job_queue`."""
        settings, clock = core.settings, core.clock
        notices = Notices(bot, settings.env.admin_chat_id, clock=clock)
        core.front.notify = notices.report  # a map held back is told to the operator
        return cls(
            **{f.name: getattr(core, f.name) for f in fields(Core)},
            chats=ChatService(core.db, default_timezone=settings.digest.timezone),
            sources=SourceService(settings, core.db, core.http.untrusting(settings.chat_trusted_origins), clock=clock),
            deliverer=Deliverer(
                bot,
                core.db,
                paid_broadcast=settings.env.paid_broadcast,
                notices=notices,
                clock=clock,
                limiter=limiter,
                metrics=core.metrics,
            ),
            scheduler=Scheduler(job_queue, jobs),
            notices=notices,
            user_limiter=UserRateLimiter(settings.commands.per_user_per_minute, timedelta(minutes=1), clock=clock),
            conflicts=ConflictReporter(clock=clock),
            health=_health_server(core),
        )

    async def start(self) -> None:
        if self.health is not None:  # first: a port already taken stops the start before anything else runs
            await self.health.start()
        await Core.start(self)
        await self.deliverer.start()

    async def close(self) -> None:
        if self.health is not None:
            await self.health.close()
        await self.deliverer.stop()
        await self.notices.close()
        await Core.close(self)


def _health_server(core: Core) -> HealthServer | None:
    env = core.settings.env
    if env.health_port is None:
        return None
    # Twice a loop's interval: one late or failed run is not an outage, two in a row are.
    shortest = min((s.interval_minutes for s in core.settings.sources), default=None)
    freshness = Freshness(
        collection=None if shortest is None else 2 * timedelta(minutes=shortest), front_poll=2 * POLL_INTERVAL
    )
    probe = Probe(core.db, core.metrics, freshness, front_source=core.front.source.name, clock=core.clock)
    return HealthServer(probe, listen=env.health_listen, port=env.health_port)
