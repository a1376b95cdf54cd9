"""/healthz, /readyz and /metrics on a port of their own (off unless FRONTLINE_HEALTH_PORT is set).

/healthz answers while the event loop does. /readyz answers 200 when the database answers, a source's collection
and the front-line map poll ran recently enough for their schedules, and the outbox is moving or has nothing due;
else 503, naming what is wrong. /metrics is Prometheus' text format from the bot's own registry, with the figures
that live in the database read at scrape time.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiohttp import web
from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4, generate_latest
from sqlalchemy import text

from bot.clock import Clock, utcnow
from bot.deliver.worker import LEASE_NAME
from bot.errors import StartError
from bot.metrics import Metrics
from bot.store import deliveries as delivery_store
from bot.store import front as front_store
from bot.store.db import Database
from bot.store.leases import lease_holder

log = logging.getLogger(__name__)
OK = "ok"
DB_TIMEOUT_S = 5.0  # a database that takes longer to say SELECT 1 is not one to be ready on


@dataclass(frozen=True, slots=True)
class Freshness:
    """How long each loop may go without running before the bot is not ready. `collection` None: no sources."""

    collection: timedelta | None
    front_poll: timedelta
    outbox_stall: timedelta = timedelta(minutes=15)  # due parts waiting, and nothing sent for this long


class Probe:
    """What /readyz checks and what /metrics reads from the database."""

    def __init__(
        self, db: Database, metrics: Metrics, freshness: Freshness, *, front_source: str, clock: Clock = utcnow
    ) -> None:
        self.db = db
        self.metrics = metrics
        self.freshness = freshness
        self.front_source = front_source
        self.clock = clock
        self.started_at = clock()  # the loops' first runs are due from the start

    async def readiness(self) -> dict[str, str]:
        """Each check's "ok" or what is wrong with it."""
        now = self.clock()
        checks = {
            "collection": self._recent(self.metrics.last_collection_at, self.freshness.collection, now),
            "front_poll": self._recent(self.metrics.last_front_poll_at, self.freshness.front_poll, now),
        }
        try:
            async with asyncio.timeout(DB_TIMEOUT_S), self.db.session() as session:
                await session.execute(text("SELECT 1"))
                stall = self.freshness.outbox_stall
                waiting, last_sent = await delivery_store.outbox_progress(session, due_before=now - stall)
        except Exception as exc:  # whatever the driver raises; its message may name the host, never shown here
            return {"database": f"unreachable ({type(exc).__name__})", **checks, "outbox": "unknown"}
        checks["database"] = OK
        stuck = waiting and (last_sent is None or last_sent < now - stall)
        checks["outbox"] = f"{waiting} parts due for over {_s(stall)}, none sent since" if stuck else OK
        return checks

    def _recent(self, last: datetime | None, allowed: timedelta | None, now: datetime) -> str:
        if allowed is None:
            return OK
        since = last or self.started_at
        if now - since <= allowed:
            return OK
        return f"{'last ran' if last else 'not run since the start'} {_s(now - since)} ago, allowed {_s(allowed)}"

    async def refresh(self) -> None:
        """Set the gauges whose figures are in the database: the outbox by state, the newest map's age and who
        holds the sender lease."""
        now = self.clock()
        async with asyncio.timeout(DB_TIMEOUT_S), self.db.session() as session:
            counts = await delivery_store.delivery_counts(session)
            latest = await front_store.latest_snapshot(session, self.front_source)
            holder = await lease_holder(session, LEASE_NAME, now=now)
        states = (delivery_store.PENDING, delivery_store.SENT, delivery_store.PARKED, delivery_store.CANCELLED)
        for state in {*states, *counts}:
            self.metrics.outbox_parts.labels(state).set(counts.get(state, 0))
        age = (now - latest.taken_at).total_seconds() if latest is not None else math.nan
        self.metrics.front_map_age_seconds.set(age)
        self.metrics.sender_lease_holder.clear()
        if holder is not None:
            self.metrics.sender_lease_holder.labels(holder).set(1)


def _s(delta: timedelta) -> str:
    return f"{int(delta.total_seconds())}s"


class HealthServer:
    """The endpoints on `listen`:`port` (port 0: any free one, see `port` once started)."""

    def __init__(self, probe: Probe, *, listen: str, port: int) -> None:
        self.probe = probe
        self.listen = listen
        self.port = port
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/readyz", self._readyz)
        app.router.add_get("/metrics", self._metrics)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)  # a scrape under way, not a stop

    async def start(self) -> None:
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, self.listen, self.port).start()
        except OSError as exc:
            reason = os.strerror(exc.errno) if exc.errno else str(exc)  # aiohttp's own text repeats the address
            raise StartError(f"the health server cannot listen on {self.listen}:{self.port}: {reason}") from None
        self.port = self._runner.addresses[0][1]
        log.info("health endpoints listening", extra={"listen": self.listen, "port": self.port})

    async def close(self) -> None:
        await self._runner.cleanup()

    async def _healthz(self, request: web.Request) -> web.Response:
        return web.Response(text="ok\n")

    async def _readyz(self, request: web.Request) -> web.Response:
        checks = await self.probe.readiness()
        ready = all(v == OK for v in checks.values())
        return web.json_response({"ready": ready, "checks": checks}, status=200 if ready else 503)

    async def _metrics(self, request: web.Request) -> web.Response:
        try:
            await self.probe.refresh()
        except Exception as exc:  # the figures kept in this process are still worth serving
            log.warning("metrics from the database unavailable", extra={"error": type(exc).__name__})
        body = generate_latest(self.probe.metrics.registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_PLAIN_0_0_4})
