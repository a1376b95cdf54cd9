"""Operator notices: what reaches the operator's chat is escaped and redacted like the logs."""

from __future__ import annotations

from typing import Any, cast

from telegram import Bot

from bot.logs import REDACTED, add_secret
from bot.notices import Notices


class _Bot:
    def __init__(self) -> None:
        self.sent: list[str] = []

    async def send_message(self, chat_id: int, text: str, **_: Any) -> None:
        self.sent.append(text)


async def test_a_notice_quoting_a_secret_reaches_the_operator_redacted_and_escaped(isolated_logging: None) -> None:
    secret = "123456:notice-test-token"
    add_secret(secret)
    bot = _Bot()
    notices = Notices(cast(Bot, bot), -42)
    await notices.report(f"source failed: HTTP 500 from https://api.example/bot{secret}/x <b>")
    assert notices._flush_task is not None
    await notices._flush_task  # the first notice goes out at once: none was sent in the last interval
    [text] = bot.sent
    assert secret not in text and REDACTED in text and "&lt;b&gt;" in text
