"""When to look at a source again. Pure: the scheduler and the store supply the numbers."""

from __future__ import annotations

from datetime import timedelta

MAX_BACKOFF = timedelta(hours=6)
# A server may ask for a pause, but a typo'd or hostile Retry-After must not silence a source for weeks.
MAX_RETRY_AFTER = timedelta(hours=24)


def next_check_after(consecutive_failures: int, interval: timedelta, retry_after: float | None = None) -> timedelta:
    """Delay before the next fetch: the source's interval while healthy, doubling with each consecutive
    failure up to `MAX_BACKOFF` (never below the interval itself), and never sooner than the server's
    Retry-After (seconds), itself capped at `MAX_RETRY_AFTER`."""
    delay = interval
    if consecutive_failures > 0:
        # The exponent is bounded so that a long outage cannot overflow timedelta.
        delay = max(interval, min(interval * 2 ** min(consecutive_failures, 20), MAX_BACKOFF))
    if retry_after is not None and retry_after > 0:
        delay = max(delay, min(timedelta(seconds=retry_after), MAX_RETRY_AFTER))
    return delay
