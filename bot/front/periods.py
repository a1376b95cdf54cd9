"""The periods `/front` understands: today, week, month, or a calendar month as YYYY-MM.

"today", "week" and "month" compare the newest map with the last one taken 1, 7 or 30 days before it (less
POSTING_SLACK); "YYYY-MM" is DeepState's own monthly figure: the last map of the month before against the last
map of that month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

ROLLING = {"today": timedelta(days=1), "week": timedelta(days=7), "month": timedelta(days=30)}
# DeepState posts about once a day at varying hours (mostly 20-22 UTC, now and then just after midnight), so a
# rolling period's baseline is the last map taken at least its length less this much before the newest one:
# "today" is the last ~20 hours or more, and "week" neither slips to 8 days when last week's map came an hour
# later in the day, nor shows only a post-midnight correction instead of the evening's update.
POSTING_SLACK = timedelta(hours=4)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
FIRST_MONTH = (2022, 1)
_ECHO_CHARS = 40  # DeepState's archive starts in spring 2022


class PeriodError(ValueError):
    """A period the user typed that we cannot serve; `key` is its i18n message id."""

    def __init__(self, key: str, period: str) -> None:
        super().__init__(f"{key}: {period!r}")
        self.key = key
        # echoed back to the user: a 4,000-character argument must not make the reply too long to send
        self.period = period if len(period) <= _ECHO_CHARS else period[: _ECHO_CHARS - 1] + "…"


@dataclass(frozen=True, slots=True)
class FrontPeriod:
    name: str  # "today", "week", "month" or "2025-07"
    month_start: datetime | None = None  # calendar months only
    month_end: datetime | None = None  # exclusive: the first instant of the next month

    @property
    def is_month(self) -> bool:
        return self.month_start is not None

    def baseline_before(self, latest: datetime) -> tuple[datetime, bool]:
        """For a rolling period ending at the map taken at `latest`: the instant the baseline map must be
        taken at or before, and whether strictly before."""
        return latest - ROLLING[self.name] + POSTING_SLACK, False


def _month_start(year: int, month: int) -> datetime:
    return datetime(year, month, 1, tzinfo=UTC)


def parse_period(text: str | None, now: datetime) -> FrontPeriod:
    """The period a user typed; empty or None means today. Raises PeriodError for one we cannot serve."""
    raw = (text or "today").strip()
    name = raw.lower()
    if name in ROLLING:
        return FrontPeriod(name)
    match = _MONTH.match(name)
    if match is None:
        raise PeriodError("front_period_bad", raw)
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or (year, month) < FIRST_MONTH:
        raise PeriodError("front_period_bad", raw)
    earliest_local = now + timedelta(hours=14)  # the month has begun somewhere (Kyiv at 01:30 on the 1st is UTC's 31st)
    if (year, month) > (earliest_local.year, earliest_local.month):
        raise PeriodError("front_period_future", f"{year:04d}-{month:02d}")
    start = _month_start(year, month)
    end = _month_start(year + 1, 1) if month == 12 else _month_start(year, month + 1)
    return FrontPeriod(f"{year:04d}-{month:02d}", start, end)
