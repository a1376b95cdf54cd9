"""Operator notices: failures worth a human's attention, sent to the admin chat, never to subscribers.

Rate limited: at most one message per `interval`; notices arriving meanwhile are batched into the next one.
"""

from __future__ import annotations

import asyncio
import html
import logging
from datetime import timedelta

from telegram import Bot
from telegram.error import TelegramError

from bot.clock import Clock, utcnow
from bot.logs import redact

log = logging.getLogger(__name__)
MAX_LINES = 30


class Notices:
    def __init__(
        self,
        bot: Bot | None,
        admin_chat_id: int | None,
        *,
        interval: timedelta = timedelta(minutes=1),
        clock: Clock = utcnow,
    ) -> None:
        self.bot = bot
        self.admin_chat_id = admin_chat_id
        self.interval = interval
        self.clock = clock
        self._pending: list[str] = []
        self._flush_task: asyncio.Task[None] | None = None
        self._last_sent = self.clock() - interval

    async def report(self, text: str) -> None:
        log.warning("operator notice", extra={"notice": text})
        if self.bot is None or self.admin_chat_id is None:
            return
        if text not in self._pending:
            self._pending.append(text)
        if self._flush_task is None or self._flush_task.done():
            self._flush_task = asyncio.create_task(self._flush())

    async def _flush(self) -> None:
        wait = (self._last_sent + self.interval - self.clock()).total_seconds()
        if wait > 0:
            await asyncio.sleep(wait)
        lines, self._pending = self._pending[:MAX_LINES], self._pending[MAX_LINES:]
        if not lines or self.bot is None or self.admin_chat_id is None:
            return
        # Redacted like the logs: a notice quotes errors, and an error may quote a URL with a key in it.
        body = "\n".join(f"• {html.escape(redact(line)[:300])}" for line in lines)
        self._last_sent = self.clock()
        try:
            await self.bot.send_message(
                self.admin_chat_id, f"<b>Frontline Digest: operator notice</b>\n{body}"
            )
        except TelegramError as exc:
            log.warning("operator notice not delivered", extra={"error": str(exc)})

    async def close(self) -> None:
        if self._flush_task is not None and not self._flush_task.done():
            self._flush_task.cancel()
