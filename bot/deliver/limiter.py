"""The one rate limiter of the process: Telegram's flood limits, kept on our side so 429s stay rare.

Buckets: one global pacer (about 30 messages/s, or up to 1000/s for paid broadcasts), one per private chat
(1 message/s) and one per group or channel (20 messages/min, and no faster than 1/s). Rates default a few
per cent under Telegram's so that network jitter does not push a window over. A 429 pushes back exactly the
bucket it names: the chat by `retry_after`; when several chats are refused at once the global pacer is the
one that is full, and it alone pauses.
"""

from __future__ import annotations

import asyncio
import math
import time
import warnings
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from bot.clock import Sleep
from bot.metrics import REPLY_PATH, Metrics

PRIVATE = "private"


@dataclass(frozen=True)
class RateLimits:
    global_per_s: float = 29.0
    paid_per_s: float = 950.0
    private_interval_s: float = 1.05
    group_per_window: int = 20
    group_window_s: float = 61.0
    group_interval_s: float = 1.05
    # Global tokens released together, and how late they may be spent (see _Pacer).
    release: int = 10
    paid_release: int = 20
    release_slack_s: float = 0.017
    time_scale: float = 1.0  # tests run against a server whose windows are scaled the same way

    def scaled(self, seconds: float) -> float:
        return seconds * self.time_scale


class _Pacer:
    """`rate` tokens per second, released `release` at a time on a grid `release / rate` seconds apart.

    Each wake of the sender costs CPU beyond the send itself (the event loop, its timers, caches gone cold while it
    slept): at the free rate, one wake per message was most of the sender's cost; ten messages now share one.

    A release's tokens may be spent until `slack` after its grid instant, no later, and instants are at least
    `release / rate` apart. So n releases span at least (n - 1) * release / rate - slack seconds, and a 1 s window
    holds at most release * (floor((1 + slack) * rate / release) + 1) tokens. With 17 ms of slack: 30 at 29/s in
    tens, with 17 ms to spare before a 31st could fit, and 980 at 950/s in twenties, 15 ms before 1,000."""

    def __init__(self, rate: float, release: int, slack: float, clock: Callable[[], float]) -> None:
        self.interval = release / rate
        self.release = release
        # A timer fires a little late; that much lateness keeps the grid, or the rate would sag by it every time.
        self.slack = slack
        self.clock = clock
        self.next_at = clock()  # the grid instant of the next release
        self.released_at = -math.inf
        self.left = 0  # tokens of the current release not spent yet
        self.paused_until = 0.0

    def _open(self, now: float) -> bool:
        return self.left > 0 and now - self.released_at <= self.slack

    def delay(self) -> float:
        now = self.clock()
        if now < self.paused_until:
            return self.paused_until - now
        return 0.0 if self._open(now) else max(0.0, self.next_at - now)

    def spend(self) -> None:
        now = self.clock()
        if not self._open(now):
            on_grid = 0 <= now - self.next_at <= self.slack
            self.released_at = self.next_at if on_grid else max(self.next_at, now)
            self.next_at = self.released_at + self.interval
            self.left = self.release
        self.left -= 1


class RateLimiter:
    def __init__(self, limits: RateLimits | None = None, *, paid: bool = False,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.limits = limits or RateLimits()
        self.paid = paid
        self.clock = clock
        lim = self.limits
        rate = lim.paid_per_s if paid else lim.global_per_s
        release = lim.paid_release if paid else lim.release
        self._global = _Pacer(rate / lim.time_scale, release, lim.scaled(lim.release_slack_s), clock)
        self._chat_next: dict[int, float] = {}
        self._group_log: dict[int, deque[float]] = {}
        self._recent_429: deque[tuple[float, int]] = deque()
        self._lock = asyncio.Lock()
        self.flood_waits = 0

    # ---- per chat ------------------------------------------------------------------------------------
    def chat_ready_at(self, chat_id: int, chat_type: str) -> float:
        """The monotonic time from which the chat's own bucket allows one more message."""
        ready = self._chat_next.get(chat_id, 0.0)
        log = self._group_log.get(chat_id)
        if chat_type != PRIVATE and log and len(log) >= self.limits.group_per_window:
            ready = max(ready, log[0] + self.limits.scaled(self.limits.group_window_s))
        return ready

    def spend_chat(self, chat_id: int, chat_type: str) -> None:
        lim, now = self.limits, self.clock()
        if chat_type == PRIVATE:
            self._chat_next[chat_id] = now + lim.scaled(lim.private_interval_s)
            return
        self._chat_next[chat_id] = now + lim.scaled(lim.group_interval_s)
        log = self._group_log.setdefault(chat_id, deque())
        log.append(now)
        while len(log) > lim.group_per_window:
            log.popleft()

    def forget_idle(self) -> None:
        """Drop the state of chats whose buckets are full again (bounds memory over many chats)."""
        now = self.clock()
        self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}
        window = self.limits.scaled(self.limits.group_window_s)
        self._group_log = {c: log for c, log in self._group_log.items() if log and log[-1] > now - window}

    # ---- global --------------------------------------------------------------------------------------
    def global_delay(self) -> float:
        """Seconds until the global pacer has a token (0: one is there now)."""
        return self._global.delay()

    async def wait_global(self) -> None:
        """Wait for a global token and spend it. Callers are served in arrival order."""
        async with self._lock:
            while True:  # a flood wait may push the pacer back while we sleep
                delay = self._global.delay()
                if delay <= 0:
                    break
                await asyncio.sleep(delay)
            self._global.spend()

    # ---- 429 -----------------------------------------------------------------------------------------
    def flood_wait(self, chat_id: int, retry_after: float) -> None:
        """Telegram refused a message to `chat_id` for `retry_after` seconds."""
        now = self.clock()
        self.flood_waits += 1
        self._chat_next[chat_id] = max(self._chat_next.get(chat_id, 0.0), now + retry_after)
        recent = self._recent_429
        recent.append((now, chat_id))
        while recent and recent[0][0] < now - max(retry_after, self.limits.scaled(1.0)):
            recent.popleft()
        if len({c for _, c in recent}) >= 3:  # several chats at once: it is the global bucket that is full
            self._global.paused_until = max(self._global.paused_until, now + retry_after)


def retry_after_s(exc: RetryAfter) -> float:
    """Telegram's wait in seconds; PTB 22 warns on reading it unless PTB_TIMEDELTA is set, and 23 returns a
    timedelta: this works with both."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        wait = exc.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


class FloodRetry(BaseRateLimiter[None]):
    """python-telegram-bot's own requests (command replies, edits, operator notices): a 429 waits the
    `retry_after` Telegram names and tries again, instead of losing the reply.

    Replies are not paced ahead: Telegram lets a chat have a short burst, and a user waits for the answer.
    The refusal is told to the RateLimiter, so the outbox holds that chat back as well. A wait longer than
    `max_wait_s` is not worth keeping the user waiting: that error goes to the caller."""

    def __init__(
        self,
        limiter: RateLimiter,
        *,
        max_retries: int = 3,
        max_wait_s: float = 60.0,
        sleep: Sleep = asyncio.sleep,
        metrics: Metrics | None = None,
    ) -> None:
        self.limiter = limiter
        self.sleep = sleep
        self.metrics = metrics or Metrics()
        self.max_retries = max_retries
        self.max_wait_s = max_wait_s

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat_id = data.get("chat_id")
        retries = 0
        while True:
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                wait = retry_after_s(exc)
                self.metrics.flood_wait(REPLY_PATH, wait)
                if isinstance(chat_id, int):
                    self.limiter.flood_wait(chat_id, wait)
                retries += 1
                if retries > self.max_retries or wait > self.max_wait_s:
                    raise
                await self.sleep(wait)
