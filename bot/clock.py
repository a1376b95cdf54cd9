"""The one clock. Code that needs "now" takes a Clock, and code that waits for a deadline takes a Sleep, so
tests can control time (a Sleep that returns when the test says so)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]
Sleep = Callable[[float], Awaitable[object]]


def utcnow() -> datetime:
    return datetime.now(UTC)
