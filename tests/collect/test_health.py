"""Backoff of failing sources."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.collect.health import MAX_BACKOFF, next_check_after

HALF_HOUR = timedelta(minutes=30)


@pytest.mark.parametrize(
    ("failures", "interval", "retry_after", "expected"),
    [
        (0, HALF_HOUR, None, HALF_HOUR),
        (1, HALF_HOUR, None, timedelta(hours=1)),
        (2, HALF_HOUR, None, timedelta(hours=2)),
        (3, HALF_HOUR, None, timedelta(hours=4)),
        (4, HALF_HOUR, None, MAX_BACKOFF),
        (10_000, HALF_HOUR, None, MAX_BACKOFF),  # no overflow on a long outage
        (3, timedelta(hours=12), None, timedelta(hours=12)),  # never sooner than the normal interval
        (0, HALF_HOUR, 7200.0, timedelta(hours=2)),  # the server asked for a pause
        (1, HALF_HOUR, 60.0, timedelta(hours=1)),  # a short Retry-After does not shorten backoff
        (0, HALF_HOUR, 10_000_000.0, timedelta(hours=24)),  # nor does a huge one silence the source
    ],
)
def test_next_check_after(failures: int, interval: timedelta, retry_after: float | None, expected: timedelta) -> None:
    assert next_check_after(failures, interval, retry_after) == expected


def test_backoff_never_decreases_with_failures() -> None:
    delays = [next_check_after(n, timedelta(minutes=5)) for n in range(30)]
    assert delays == sorted(delays)
