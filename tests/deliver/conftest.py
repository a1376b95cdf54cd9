"""A migrated SQLite database, a PTB Bot on the local Bot API server, and a Deliverer on a fast clock.

The Deliverer's date clock stands still (UNTIL): its lease never expires by itself, so a second copy takes
over only when the first lets go, however slowly a loaded machine runs the lease loops. Rate limits run on the
real monotonic clock, a hundred times faster than Telegram's, against a server whose windows are as fast;
tests assert what the limits guarantee (order, no 429, lower bounds), never how long anything took.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from telegram import Bot

from bot.deliver import Deliverer, DeliverySettings, RateLimits, enqueue_digest
from bot.store.db import Database
from bot.store.models import ChatRow, SubscriptionRow
from tests.support.botapi import BotApiServer

SCALE = 0.01  # the server's windows and our limiter both run a hundred times faster than Telegram
UNTIL = datetime(2025, 3, 3, 18, 0, tzinfo=UTC)


def fast_settings(**overrides: object) -> DeliverySettings:
    values: dict[str, object] = {
        "limits": RateLimits(time_scale=SCALE), "commit_interval_s": 0.01, "poll_interval_s": 0.05,
        "lease_ttl_s": 0.6, "backoff_base_s": 1.0,
    }  # fmt: skip
    return DeliverySettings(**(values | overrides))  # type: ignore[arg-type]


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'deliver.db'}")
    await database.initialize()
    try:
        yield database
    finally:
        await database.shutdown()


@pytest.fixture
async def bot(botapi: BotApiServer) -> AsyncIterator[Bot]:
    async with Bot(botapi.token, base_url=botapi.url, base_file_url=botapi.file_url) as client:
        yield client


DelivererFactory = Callable[..., Deliverer]


@pytest.fixture
async def deliverer_factory(bot: Bot, db: Database) -> AsyncIterator[DelivererFactory]:
    started: list[Deliverer] = []

    def make(**overrides: object) -> Deliverer:
        paid = bool(overrides.pop("paid_broadcast", False))
        deliverer = Deliverer(bot, db, paid_broadcast=paid, clock=lambda: UNTIL, settings=fast_settings(**overrides))
        started.append(deliverer)
        return deliverer

    yield make
    for deliverer in started:
        await deliverer.stop(drain_s=1)


async def add_chat(db: Database, chat_id: int, chat_type: str = "private", *, subscribed: bool = True) -> None:
    async with db.sessions() as session, session.begin():
        session.add(ChatRow(id=chat_id, type=chat_type, status="active"))
        await session.flush()
        if subscribed:
            session.add(SubscriptionRow(chat_id=chat_id))


async def enqueue(db: Database, chat_id: int, parts: list[str], **kwargs: object) -> int:
    async with db.sessions() as session:
        return await enqueue_digest(
            session, chat_id=chat_id, kind="scheduled", lang="en", since=UNTIL - timedelta(hours=12), until=UNTIL,
            parts=parts, **kwargs,  # type: ignore[arg-type]
        )  # fmt: skip


async def settle(deliverer: Deliverer, within_s: float = 60.0) -> None:
    """Wait until the deliverer has nothing queued, in flight or unrecorded (the bound only ends a hung test)."""
    async with asyncio.timeout(within_s):
        await deliverer.drained()
