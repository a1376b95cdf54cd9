"""/healthz, /readyz and /metrics of the Application `run` builds, scraped over loopback after real work: a
collection (one source failing), a map poll, digests through the outbox, 429s on both paths."""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.app import build_application, services_of
from bot.clock import utcnow
from bot.config import EnvSettings, Settings
from bot.deliver import enqueue_digest
from bot.domain import SourceSpec
from bot.services import Services
from bot.store.db import Database
from tests.conftest import FIXTURES
from tests.e2e.test_bot import _stop
from tests.support.botapi import BotApiServer
from tests.support.cli import closed_port
from tests.support.newsserver import NewsServer

USER, HELD_USER = 1001, 1002
FRONT_API = "/api/history"
MAP = FIXTURES / "front" / "deepstate_last_20250709.json"
WAIT_S = 60.0  # bounds a broken bot only
GONE_DB = "postgresql+asyncpg://frontline:pw@127.0.0.1"


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Running:
    application: Any
    services: Services
    clock: Clock
    base: str  # the health server's URL

    async def get(self, path: str) -> tuple[int, str]:
        async with aiohttp.ClientSession() as client, client.get(self.base + path) as response:
            return response.status, await response.text()

    async def metrics(self) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        status, body = await self.get("/metrics")
        assert status == 200
        return {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(body)
            for sample in family.samples
        }

    async def readiness(self) -> tuple[int, dict[str, str]]:
        status, body = await self.get("/readyz")
        answer = json.loads(body)
        assert answer["ready"] == (status == 200)
        return status, answer["checks"]


@pytest.fixture
async def running(botapi: BotApiServer, tmp_path: Path) -> AsyncIterator[Running]:
    async with NewsServer() as news:
        news.add("/en.xml", (FIXTURES / "e2e" / "en.xml").read_bytes(), content_type="application/rss+xml")
        doc = json.loads(MAP.read_bytes())
        news.add(f"{FRONT_API}/last", json.dumps(doc), content_type="application/json")
        news.add(f"{FRONT_API}/public", json.dumps([{"id": doc["id"]}]), content_type="application/json")
        port = closed_port()
        env = EnvSettings(
            bot_token=botapi.token,
            bot_api_url=botapi.url,
            bot_api_file_url=botapi.file_url,
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
            front_api_url=news.url(FRONT_API),
            health_port=port,
        )
        sources = (
            SourceSpec(key="wire", name="Wire", url=news.url("/en.xml"), full_text=False),
            SourceSpec(key="gone", name="Gone", url=news.url("/gone.xml"), full_text=False),  # 404
        )
        clock = Clock(utcnow())

        async def no_wait(seconds: float) -> None:  # a reply's 429 is waited out on this, not on the wall clock
            pass

        application = build_application(Settings(env=env, sources=sources), clock=clock, sleep=no_wait)
        await application.initialize()
        await application.post_init(application)
        await application.start()
        application.job_queue.scheduler.pause()  # the test runs the jobs' work itself
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield Running(application, services_of(application), clock, f"http://127.0.0.1:{port}")
        finally:
            await _stop(application)


async def test_metrics_count_the_work_and_parse(botapi: BotApiServer, running: Running) -> None:
    services = running.services
    await services.pipeline.collect_all(force=True)
    await services.pipeline.poll_front()
    ran_at = running.clock.now.timestamp()
    running.clock.now += timedelta(seconds=10)  # a digest covers what was collected before its moment
    botapi.push_command(USER, None, "/start")
    botapi.push_command(HELD_USER, None, "/start")
    await botapi.wait_for_messages(USER, 1)
    await botapi.wait_for_messages(HELD_USER, 1)
    botapi.fail(HELD_USER, "flood", times=1, retry_after=3600)  # its digest waits an hour: pending, counted once
    botapi.push_command(HELD_USER, None, "/digest")
    botapi.push_command(USER, None, "/digest")
    await botapi.wait_for_messages(USER, 2)
    botapi.fail(USER, "flood", times=1, retry_after=2)  # a reply's 429, waited out and sent again
    botapi.push_command(USER, None, "/help")
    await botapi.wait_for_messages(USER, 3)

    # Telegram has the digest; the sender records it as sent a moment later. The held chat's send may come after
    # the other chat's (they go out side by side): wait for its 429 too.
    sent = ("frontline_outbox_parts", (("state", "sent"),))
    refused = ("frontline_telegram_429_total", (("path", "outbox"),))
    async with asyncio.timeout(WAIT_S):
        while True:
            m = await running.metrics()
            if m[sent] == m["frontline_messages_sent_total", ()] and m.get(refused, 0) == 1:
                break
            await asyncio.sleep(0.02)
    wire, gone = (("source", "wire"),), (("source", "gone"),)
    assert m["frontline_source_fetches_total", wire] == m["frontline_source_fetches_total", gone] == 1
    assert m["frontline_source_failures_total", gone] == 1 and m["frontline_source_failures_total", wire] == 0
    assert m["frontline_source_articles_total", wire] > 0
    assert m["frontline_articles_stored_total", ()] == m["frontline_source_articles_total", wire]
    assert m["frontline_digest_stories_count", ()] == 2 and m["frontline_digest_stories_sum", ()] > 0
    assert m["frontline_digest_build_seconds_count", ()] == 2
    parts = {state: m["frontline_outbox_parts", (("state", state),)] for state in ("pending", "sent", "parked")}
    assert parts["pending"] >= 1 and parts["sent"] >= 1 and parts["parked"] == 0
    assert m["frontline_messages_sent_total", ()] == parts["sent"]
    assert m["frontline_send_seconds_count", ()] == parts["sent"] + 1  # the refused send counts too
    assert m["frontline_telegram_429_total", (("path", "outbox"),)] == 1
    assert m["frontline_telegram_429_wait_seconds_total", (("path", "outbox"),)] == 3600
    assert m["frontline_telegram_429_total", (("path", "reply"),)] == 1
    assert m["frontline_telegram_429_wait_seconds_total", (("path", "reply"),)] == 2
    age = m["frontline_front_map_age_seconds", ()]  # the map of 9 July 2025
    assert not math.isnan(age) and age > (running.clock.now - datetime(2025, 7, 10, tzinfo=UTC)).total_seconds()
    holder = services.deliverer.holder
    assert m["frontline_sender_lease_holder", (("holder", holder),)] == 1
    assert m["frontline_sender_lease_held", ()] == 1
    assert m["frontline_last_collection_timestamp_seconds", ()] == ran_at
    assert m["frontline_last_front_poll_timestamp_seconds", ()] == ran_at
    assert m["process_resident_memory_bytes", ()] > 0


async def test_health_and_readiness_say_what_is_wrong(running: Running) -> None:
    services, clock = running.services, running.clock
    assert await running.get("/healthz") == (200, "ok\n")
    # Just started: nothing has run yet, and nothing had to.
    assert await running.readiness() == (
        200, {"database": "ok", "collection": "ok", "front_poll": "ok", "outbox": "ok"}
    )  # fmt: skip
    await services.pipeline.collect_one("wire")
    await services.pipeline.poll_front()

    clock.now += timedelta(hours=1, minutes=59)  # within twice the collection interval (30 min) and the poll's (1 h)
    status, checks = await running.readiness()
    assert status == 503 and checks["collection"] == "last ran 7140s ago, allowed 3600s"
    assert checks["front_poll"] == "ok" and checks["outbox"] == "ok"

    clock.now += timedelta(minutes=2)
    status, checks = await running.readiness()
    assert status == 503 and checks["front_poll"] == "last ran 7260s ago, allowed 7200s"

    await services.pipeline.collect_one("gone")  # a failing source still means the collection runs
    await services.pipeline.poll_front()
    assert (await running.readiness())[0] == 200

    # Parts due for longer than the outbox allows, and nothing sent since: stuck.
    await services.deliverer.stop()
    async with services.db.sessions() as session:
        await enqueue_digest(
            session, chat_id=USER, kind="on_demand", lang="en", since=clock.now, until=clock.now, parts=["a", "b"]
        )
    clock.now += timedelta(minutes=16)
    await services.pipeline.collect_one("wire")
    status, checks = await running.readiness()
    assert status == 503 and checks["outbox"] == "2 parts due for over 900s, none sent since"
    assert checks["database"] == "ok"

    # A database that does not answer: named by the failure's kind only (its URL holds the password).
    assert services.health is not None
    bot_db, services.health.probe.db = services.health.probe.db, Database(f"{GONE_DB}:{closed_port()}/frontline")
    try:
        status, checks = await running.readiness()
        assert status == 503 and checks["database"].startswith("unreachable (") and checks["outbox"] == "unknown"
        assert "pw" not in json.dumps(checks)
        assert (await running.get("/metrics"))[0] == 200  # what this process counted is still served
    finally:
        await services.health.probe.db.shutdown()
        services.health.probe.db = bot_db
