"""Telegram's flood control as the test server enforces it: sliding windows per bucket.

At most `global_per_s` messages in any second (or `paid_per_s` for messages sent with allow_paid_broadcast),
`private_per_s` per private chat and `group_per_min` per group or channel in any minute. A refused message
gets 429 with the `retry_after` until its window frees, as whole seconds like Telegram (or, with a
`time_scale` below 1, the scaled fraction).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass

from tests.support.tgjson import ApiError


@dataclass
class Limits:
    global_per_s: int = 30
    paid_per_s: int = 1000
    private_per_s: int = 1
    group_per_min: int = 20
    time_scale: float = 1.0  # 0.01 makes every window (and retry_after) a hundred times shorter
    enabled: bool = True


class FloodControl:
    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self.clock = clock  # tests of the windows themselves pass one they move by hand
        self._windows: dict[tuple[str, int], deque[float]] = defaultdict(deque)

    def check(self, chat_id: int, *, private: bool, paid: bool) -> None:
        """Count one message, or raise the 429 Telegram would answer."""
        lim, scale, now = self.limits, self.limits.time_scale, self.clock()
        checks = [("paid", 0, lim.paid_per_s, 1.0) if paid else ("global", 0, lim.global_per_s, 1.0)]
        if private:
            checks.append(("chat", chat_id, lim.private_per_s, 1.0))
        else:
            checks.append(("chat", chat_id, lim.group_per_min, 60.0))
        waits = []
        for name, key, count, window in checks:
            log = self._windows[(name, key)]
            span = window * scale
            while log and log[0] <= now - span:
                log.popleft()
            if len(log) >= count:
                waits.append(log[0] + span - now)
        if waits:
            wait = max(waits)
            retry_after: float = max(1, math.ceil(wait)) if scale == 1.0 else max(wait, 0.001)
            raise ApiError(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})
        for name, key, _count, _window in checks:
            self._windows[(name, key)].append(now)
