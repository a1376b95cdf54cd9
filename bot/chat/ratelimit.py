"""Per-user limit on on-demand commands: each one builds a digest, so a flood of them is costly."""

from __future__ import annotations

from collections import defaultdict, deque
from datetime import datetime, timedelta

from bot.clock import Clock, utcnow


class UserRateLimiter:
    """At most `limit` commands per user in any `window` (sliding)."""

    def __init__(
        self, limit: int, window: timedelta = timedelta(minutes=1), *, clock: Clock = utcnow
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._calls: defaultdict[int, deque[datetime]] = defaultdict(deque)

    def check(self, user_id: int) -> float:
        """0 when the call may go ahead (and counts it), else the seconds until it may."""
        now = self.clock()
        calls = self._calls[user_id]
        while calls and now - calls[0] >= self.window:
            calls.popleft()
        if len(calls) >= self.limit:
            return (calls[0] + self.window - now).total_seconds()
        calls.append(now)
        return 0.0
