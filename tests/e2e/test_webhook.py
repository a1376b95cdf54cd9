"""Webhook mode end to end: the local Bot API server, told the webhook by setWebhook, POSTs updates to the
Application `run --webhook` builds, over loopback; only updates carrying the secret are taken."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application, webhook_arguments
from bot.config import EnvSettings, Settings
from tests.e2e.test_bot import _stop
from tests.support.botapi import BotApiServer
from tests.support.cli import closed_port

USER = 1001
BURST = 500
SECRET = "webhook-Secret_0123456789"


def _settings(botapi: BotApiServer, tmp_path: Path) -> Settings:
    port = closed_port()
    env = EnvSettings(
        bot_token=botapi.token,
        bot_api_url=botapi.url,
        bot_api_file_url=botapi.file_url,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        front_api_url=f"{botapi.url}/front-map-api",  # never polled here: the scheduler is paused
        webhook_url=f"http://127.0.0.1:{port}/telegram/hook",
        webhook_listen="127.0.0.1",
        webhook_port=port,
        webhook_secret=SECRET,
    )
    return Settings(env=env, sources=())


@pytest.fixture
async def webhook_bot(botapi: BotApiServer, tmp_path: Path) -> AsyncIterator[Any]:
    """The Application, started as run_webhook starts it, its jobs paused (a test runs what it needs)."""
    settings = _settings(botapi, tmp_path)
    application = build_application(settings)
    await application.initialize()
    await application.post_init(application)
    await application.updater.start_webhook(**webhook_arguments(settings.env.webhook()))
    await application.start()
    application.job_queue.scheduler.pause()
    try:
        yield application
    finally:
        await _stop(application)


async def test_the_bot_sets_its_webhook_with_the_secret(botapi: BotApiServer, webhook_bot: Any) -> None:
    assert botapi.webhook is not None
    port = webhook_bot.bot_data["services"].settings.env.webhook_port
    assert botapi.webhook.url == f"http://127.0.0.1:{port}/telegram/hook" and botapi.webhook.secret == SECRET
    assert botapi.calls["getUpdates"] == 0


@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET[:-1], SECRET + "x", SECRET.upper()],
                         ids=["missing", "empty", "wrong", "prefix", "longer", "other-case"])  # fmt: skip
async def test_an_update_without_the_secret_is_refused_and_not_processed(
    botapi: BotApiServer, webhook_bot: Any, secret: str | None
) -> None:
    assert await botapi.post_to_webhook(botapi.command_update(USER, None, "/help"), secret=secret) == 403
    botapi.push_command(USER, None, "/start")
    # Updates are handled in order: had the refused one been taken, its answer would have come first.
    [only] = await botapi.wait_for_messages(USER, 1)
    assert "Frontline Digest" in only.text and botapi.messages(USER) == [only]
    await botapi.webhook_idle()
    assert botapi.webhook_answers == [403, 200]


async def test_a_burst_of_updates_is_answered_in_full(botapi: BotApiServer, webhook_bot: Any) -> None:
    users = range(10_000, 10_000 + BURST)
    for user in users:
        botapi.push_command(user, None, "/help")
    await botapi.wait_for_messages(None, BURST)
    await botapi.webhook_idle()
    assert botapi.webhook_answers == [200] * BURST
    assert sorted(m.chat_id for m in botapi.messages()) == list(users)  # each answered once
