"""The one clock. Code that needs "now" takes a Clock, and code that waits for a deadline takes a Sleep, so
tests can control time (a Sleep that returns when the test says so)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]
Sleep = Callable[[float], Awaitable[object]]


def utcnow() -> datetime:
    return datetime.now(UTC)


def doubling_delay(attempt: int, first_s: float, max_s: float) -> float:
    """Seconds to wait before try `attempt + 1` after `attempt` failures: `first_s`, doubling, capped at `max_s`
    (the exponent is capped too, so no count of failures overflows a float)."""
    return min(max_s, first_s * 2 ** min(max(attempt, 1) - 1, 60))
