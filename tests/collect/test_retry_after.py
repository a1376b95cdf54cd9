"""Retry-After from someone else's server: any value is at most a day's pause and never an exception."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

import pytest

from bot.collect.health import MAX_BACKOFF, MAX_RETRY_AFTER, next_check_after
from bot.collect.http import parse_retry_after

NOW = datetime(2024, 10, 2, 12, 0, tzinfo=UTC)
DAY = MAX_RETRY_AFTER.total_seconds()

# Values servers have sent or could send, and the pause each must mean.
RETRY_AFTER = {
    "120": 120.0,
    " 120 ": 120.0,
    "0": 0.0,
    "86401": DAY,
    "99999999999999999": DAY,
    "18446744073709551616": DAY,
    "9" * 400: DAY,  # float("9" * 400) is inf
    "9" * 5000: DAY,  # past int()'s digit limit
    "Wed, 02 Oct 2024 12:05:00 GMT": 300.0,
    "Wed, 02 Oct 2024 11:00:00 GMT": 0.0,  # already past
    "Fri, 31 Dec 9999 23:59:59 GMT": DAY,
    "Fri, 31 Dec 9999 23:59:59 -1200": DAY,
    "Mon, 01 Jan 0001 00:00:00 +1400": 0.0,
    "Wed, 02 Oct 2024 12:05:00": 300.0,  # no zone: UTC
}
NOT_A_PAUSE = [
    None, "", "   ", "-5", "-99999999999999999", "1e400", "1e5", "1.5", "NaN", "nan", "inf", "-inf", "Infinity",
    "0x10", "²", "٣٣", "１２", "12 34", "garbage", "Fri, 31 Dec 99999 23:59:59 GMT",
    "Fri, 31 Dec 99999999999999999999 23:59:59 GMT", "Fri, 31 Dec 2024 23:59:59 +99999999999999999999",
    "31 Dec 2024 99999999999:00:00", "Fri, 31 Dec 2024 23:59:59 +9999", "Fri, 31 Foo 2024", "\x00", "\ud800",
]  # fmt: skip


@pytest.mark.parametrize(("value", "seconds"), RETRY_AFTER.items(), ids=lambda v: str(v)[:40])
def test_retry_after_values(value: str, seconds: float) -> None:
    assert parse_retry_after(value, now=NOW) == seconds


@pytest.mark.parametrize("value", NOT_A_PAUSE, ids=lambda v: repr(v)[:40])
def test_retry_after_values_that_are_no_pause(value: str | None) -> None:
    assert parse_retry_after(value, now=NOW) is None


def test_random_retry_after_values_never_raise_and_stay_within_a_day() -> None:
    rnd = random.Random(20241002)
    alphabet = "0123456789 +-.:,eE" + "MonWedFriJanDecGMT" + "\x00\u0663\u00b2"
    for _ in range(3000):
        value = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(40)))
        seconds = parse_retry_after(value, now=NOW)
        assert seconds is None or 0.0 <= seconds <= DAY, value


HUGE = [math.inf, -math.inf, math.nan, 1e308, 1e17, -1e17, float(2**63), 1e-300]


@pytest.mark.parametrize("retry_after", [*HUGE, None], ids=repr)
@pytest.mark.parametrize("failures", [0, 1, 20, 10_000, 10**18])
@pytest.mark.parametrize(
    "interval",
    [timedelta(0), timedelta(microseconds=1), timedelta(minutes=30), timedelta(hours=7), timedelta.max],
    ids=["0", "1us", "30m", "7h", "max"],
)
def test_backoff_never_overflows(retry_after: float | None, failures: int, interval: timedelta) -> None:
    delay = next_check_after(failures, interval, retry_after)
    assert interval <= delay <= max(interval, MAX_BACKOFF, MAX_RETRY_AFTER)
