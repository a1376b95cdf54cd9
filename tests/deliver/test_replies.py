"""Command replies and notices sent through python-telegram-bot survive Telegram's 429 (bot.deliver.FloodRetry)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram.error import Forbidden, RetryAfter
from telegram.ext import ExtBot

from bot.deliver.limiter import FloodRetry, RateLimiter
from tests.support.botapi import BotApiServer

CHAT = 8


@pytest.fixture
def limiter() -> RateLimiter:
    return RateLimiter()


@pytest.fixture
async def bot(botapi: BotApiServer, limiter: RateLimiter) -> AsyncIterator[ExtBot[None]]:
    retry = FloodRetry(limiter, max_retries=3, max_wait_s=60)
    async with ExtBot(botapi.token, base_url=botapi.url, rate_limiter=retry) as client:
        yield client


@pytest.mark.parametrize("refusals", [1, 3])
async def test_a_refused_reply_waits_and_goes_out(
    botapi: BotApiServer, bot: ExtBot[None], limiter: RateLimiter, refusals: int
) -> None:
    botapi.fail(CHAT, "flood", times=refusals, retry_after=0.01)
    sent = await bot.send_message(CHAT, "the answer")
    assert [m.text for m in botapi.messages(CHAT)] == ["the answer"] and sent.text == "the answer"
    assert botapi.calls["sendMessage"] == refusals + 1
    assert limiter.flood_waits == refusals  # the outbox holds the chat back too


async def test_a_reply_refused_more_often_than_the_retries_fails(botapi: BotApiServer, bot: ExtBot[None]) -> None:
    botapi.fail(CHAT, "flood", times=4, retry_after=0.01)
    with pytest.raises(RetryAfter):
        await bot.send_message(CHAT, "the answer")
    assert botapi.messages(CHAT) == [] and botapi.calls["sendMessage"] == 4


async def test_a_wait_too_long_for_a_reply_is_not_waited_for(
    botapi: BotApiServer, bot: ExtBot[None], limiter: RateLimiter
) -> None:
    botapi.fail(CHAT, "flood", times=1, retry_after=3600)
    with pytest.raises(RetryAfter):
        await bot.send_message(CHAT, "the answer")
    assert botapi.calls["sendMessage"] == 1
    assert limiter.chat_ready_at(CHAT, "private") - limiter.clock() > 3000  # digests to it wait the hour


async def test_other_errors_are_not_retried(botapi: BotApiServer, bot: ExtBot[None]) -> None:
    botapi.fail(CHAT, "blocked")
    with pytest.raises(Forbidden, match=r"(?i)blocked"):
        await bot.send_message(CHAT, "the answer")
    assert botapi.calls["sendMessage"] == 1
