from datetime import UTC, datetime, timedelta

from bot.chat.ratelimit import UserRateLimiter


def test_each_user_has_a_sliding_window() -> None:
    now = [datetime(2026, 1, 1, tzinfo=UTC)]
    limiter = UserRateLimiter(2, timedelta(minutes=1), clock=lambda: now[0])
    assert limiter.check(1) == 0 and limiter.check(1) == 0
    assert limiter.check(1) == 60.0
    assert limiter.check(2) == 0  # another user is not affected
    now[0] += timedelta(seconds=30)
    assert limiter.check(1) == 30.0
    now[0] += timedelta(seconds=31)
    assert limiter.check(1) == 0
