"""Which map a rolling period starts from, and what a bad period echoes back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.front.periods import PeriodError, parse_period

NOW = datetime(2025, 8, 1, 12, tzinfo=UTC)


def baseline(period: str, maps: list[datetime]) -> datetime:
    """The map a period's report starts from: the last one at (or strictly before) the instant it names."""
    latest = maps[-1]
    when, strict = parse_period(period, NOW).baseline_before(latest)
    return max(m for m in maps if (m < when if strict else m <= when))


def at(day: int, hour: int, minute: int = 0, month: int = 7) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=UTC)


def test_today_after_a_post_midnight_correction_still_covers_the_evening_update() -> None:
    # 27 Feb's evening update, then a correction at 00:20: the morning's "today" shows both, not the correction.
    maps = [at(26, 20, month=2), at(27, 20, month=2), at(28, 0, 20, month=2)]
    assert baseline("today", maps) == at(26, 20, month=2)
    # That evening's map compares with the previous evening's, the correction included.
    assert baseline("today", [*maps, at(28, 20, 5, month=2)]) == at(27, 20, month=2)


def test_week_and_month_do_not_slip_a_day_when_the_old_map_came_later_in_the_day() -> None:
    maps = [at(20, 19), at(21, 19, 5), *(at(d, 20) for d in range(22, 28)), at(28, 18, 5)]
    assert baseline("week", maps) == at(21, 19, 5)
    maps = [at(27, 21, month=6), at(28, 21, 30, month=6), at(29, 20, month=6), at(28, 20)]
    assert baseline("month", maps) == at(28, 21, 30, month=6)


def test_a_long_bad_period_is_echoed_short() -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period("x" * 4000, NOW)
    assert len(caught.value.period) == 40 and caught.value.period.endswith("…")


def test_a_month_that_has_begun_in_kyiv_is_not_ahead() -> None:
    night = datetime(2025, 7, 31, 22, 30, tzinfo=UTC)  # 01:30 on 1 August in Kyiv
    assert parse_period("2025-08", night).name == "2025-08"
    with pytest.raises(PeriodError):
        parse_period("2025-09", night)
