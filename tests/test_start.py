"""`run`'s start against the local Bot API server, in-process: a rejected token ends it with one clear error,
an unreachable Bot API is asked again after a doubling, capped wait (no real waiting: the sleep is injected)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import Backoff, build_application, close_loop, connect
from bot.config import EnvSettings, Settings
from bot.errors import ConfigError
from tests.support.botapi import BotApiServer


@pytest.fixture
def settings(botapi: BotApiServer, tmp_path: Path) -> Settings:
    env = EnvSettings(
        bot_token=botapi.token,
        bot_api_url=botapi.url,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'start.db'}",
        front_api_url=f"{botapi.url}/no-front-api",
    )
    return Settings(env=env, sources=())


class Sleeps:
    """The injected sleep: records the waits instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
async def application(settings: Settings, sleeps: Sleeps) -> AsyncIterator[Any]:
    application = build_application(settings, sleep=sleeps)  # the replies' flood waits are recorded too
    yield application
    await application.shutdown()


async def _connect(application: Any, settings: Settings, backoff: Backoff | None = None) -> list[float]:
    sleeps = application.bot.rate_limiter.sleep
    await connect(application, settings, backoff or Backoff(), sleep=sleeps)
    return sleeps.delays


@pytest.mark.parametrize("kind", ["server_error", "bad_gateway", "drop"])
async def test_an_unreachable_bot_api_is_asked_again_after_doubling_waits(
    application: Any, settings: Settings, botapi: BotApiServer, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    botapi.fail(None, kind, times=4, methods={"getMe"})
    with caplog.at_level(logging.WARNING, logger="bot.app"):
        assert await _connect(application, settings) == [1.0, 2.0, 4.0, 8.0]
    assert application.bot.username == "frontline_digest_bot"
    warnings = [r for r in caplog.records if r.getMessage() == "bot_api_unreachable"]
    assert [r.failures for r in warnings] == [1, 2, 3, 4]  # type: ignore[attr-defined]
    assert all(r.api == botapi.url and r.error and not r.exc_info for r in warnings)  # type: ignore[attr-defined]


async def test_the_wait_is_capped(application: Any, settings: Settings, botapi: BotApiServer) -> None:
    botapi.fail(None, "server_error", times=5, methods={"getMe"})
    assert await _connect(application, settings, Backoff(first_s=0.5, max_s=3)) == [0.5, 1.0, 2.0, 3.0, 3.0]
    assert Backoff().delay(100_000) == 60.0  # days of outage overflow nothing


async def test_flood_control_waits_as_long_as_telegram_asks(
    application: Any, settings: Settings, botapi: BotApiServer
) -> None:
    botapi.fail(None, "flood", times=1, methods={"getMe"}, retry_after=7)
    assert await _connect(application, settings) == [7.0]


@pytest.mark.parametrize(
    ("token", "kind", "message"),
    [
        ("123:wrong", None, "the Bot API rejected the token (Unauthorized): check FRONTLINE_BOT_TOKEN and "),
        (None, "blocked", "the Bot API refused getMe (Forbidden: bot was blocked by the user): check "),
    ],
    ids=["401", "403"],
)
async def test_a_refusal_ends_the_start_at_once(
    application: Any, settings: Settings, botapi: BotApiServer, token: str | None, kind: str | None, message: str
) -> None:
    real = botapi.token
    if token:
        botapi.token = token  # the server now takes only another token
    if kind:
        botapi.fail(None, kind, methods={"getMe"})
    sleeps = Sleeps()
    with pytest.raises(ConfigError) as raised:
        await connect(application, settings, sleep=sleeps)
    assert str(raised.value).startswith(message) and botapi.url in str(raised.value)
    assert real not in str(raised.value) and real.split(":")[1] not in str(raised.value)
    assert sleeps.delays == []  # asking again would not help


def test_closing_the_loop_awaits_a_job_started_during_the_stop() -> None:
    """A job the scheduler started after PTB's stop had waited for the running ones is cancelled and runs its
    cleanup, instead of being destroyed pending (asyncio's warning after the bot's last line)."""
    loop = asyncio.new_event_loop()
    cleaned_up: list[str] = []

    async def job() -> None:
        try:
            await asyncio.Event().wait()
        finally:
            cleaned_up.append("stories-warm-up")

    task = loop.create_task(job(), name="stories-warm-up")
    loop.run_until_complete(asyncio.sleep(0))
    close_loop(loop)
    assert task.cancelled() and cleaned_up == ["stories-warm-up"] and loop.is_closed()
