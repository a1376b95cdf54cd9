"""When to look at a source again. Pure: the scheduler and the store supply the numbers."""

from __future__ import annotations

import math
from datetime import timedelta

MAX_BACKOFF = timedelta(hours=6)
# A server may ask for a pause, but a typo'd or hostile Retry-After must not silence a source for weeks.
MAX_RETRY_AFTER = timedelta(hours=24)


def next_check_after(consecutive_failures: int, interval: timedelta, retry_after: float | None = None) -> timedelta:
    """Delay before the next fetch: the source's interval while healthy, doubling with each consecutive
    failure up to `MAX_BACKOFF` (never below the interval itself), and never sooner than the server's
    Retry-After (seconds), itself capped at `MAX_RETRY_AFTER`. Any numbers give a delay, never an exception."""
    delay = interval
    if consecutive_failures > 0 and timedelta(0) < interval < MAX_BACKOFF:
        # Doubling stops at the cap, so neither a long outage nor a long interval can overflow timedelta.
        doublings = min(consecutive_failures, math.ceil(math.log2(MAX_BACKOFF / interval)))
        delay = min(interval * 2**doublings, MAX_BACKOFF)
    if retry_after is not None and retry_after > 0:  # NaN is not > 0
        delay = max(delay, timedelta(seconds=min(retry_after, MAX_RETRY_AFTER.total_seconds())))
    return delay
