"""Monthly and weekly series of the occupied area, the figures DeepState posts each month.

DeepState's monthly figure is the net change of its occupied total (occupied since 2022 plus Crimea and
ORDLO; the grey zone is not counted) from the last map of one month to the last map of the next. The bench
(`bench/front.py`) checks this against the figures DeepState published. A series needs only the totals of
each snapshot, so the store can keep `SnapshotTotals` rows instead of whole maps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.front.model import UKRAINE_AREA_KM2, FrontSnapshot, Zone


@dataclass(frozen=True, slots=True)
class SnapshotTotals:
    """The measured totals of one snapshot, in km²: small enough to store for every snapshot."""

    id: int
    taken: datetime
    occupied_km2: float  # occupied since 2022 + before 2022
    grey_km2: float
    ua_held_ru_km2: float
    grey_ru_km2: float

    @property
    def occupied_share(self) -> float:
        return self.occupied_km2 / UKRAINE_AREA_KM2


@dataclass(frozen=True, slots=True)
class PeriodChange:
    label: str  # "2025-07" or "2025-W31"
    start: SnapshotTotals  # last snapshot of the previous period
    end: SnapshotTotals  # last snapshot of this period

    @property
    def net_occupied_km2(self) -> float:
        return self.end.occupied_km2 - self.start.occupied_km2

    @property
    def ua_held_ru_change_km2(self) -> float:
        return self.end.ua_held_ru_km2 - self.start.ua_held_ru_km2


def totals(snapshot: FrontSnapshot) -> SnapshotTotals:
    return SnapshotTotals(
        id=snapshot.id,
        taken=snapshot.taken,
        occupied_km2=snapshot.occupied_km2,
        grey_km2=snapshot.area_km2(Zone.GREY),
        ua_held_ru_km2=snapshot.area_km2(Zone.UA_HELD_RU),
        grey_ru_km2=snapshot.area_km2(Zone.GREY_RU),
    )


def _month(t: datetime) -> tuple[int, int]:
    return (t.year, t.month)


def _week(t: datetime) -> tuple[int, int]:
    iso = t.isocalendar()
    return (iso.year, iso.week)


def _series(
    items: Iterable[SnapshotTotals | FrontSnapshot],
    period: Callable[[datetime], tuple[int, int]],
    following: Callable[[tuple[int, int]], tuple[int, int]],
    label: Callable[[tuple[int, int]], str],
) -> list[PeriodChange]:
    rows = sorted((t if isinstance(t, SnapshotTotals) else totals(t) for t in items), key=lambda t: t.taken)
    last: dict[tuple[int, int], SnapshotTotals] = {}
    for row in rows:
        last[period(row.taken)] = row  # sorted, so the last one wins
    return [
        PeriodChange(label(key), last[previous], last[key])
        for previous in sorted(last)
        if (key := following(previous)) in last
    ]


def _next_month(key: tuple[int, int]) -> tuple[int, int]:
    year, month = key
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _next_week(key: tuple[int, int]) -> tuple[int, int]:
    year, week = key
    last_week = datetime(year, 12, 28).isocalendar().week  # 28 December is always in the last ISO week
    return (year + 1, 1) if week >= last_week else (year, week + 1)


def monthly_series(items: Iterable[SnapshotTotals | FrontSnapshot]) -> list[PeriodChange]:
    """One row per month whose previous month is also covered: last map of M-1 -> last map of M."""
    return _series(items, _month, _next_month, lambda k: f"{k[0]:04d}-{k[1]:02d}")


def weekly_series(items: Iterable[SnapshotTotals | FrontSnapshot]) -> list[PeriodChange]:
    """One row per ISO week whose previous week is also covered."""
    return _series(items, _week, _next_week, lambda k: f"{k[0]:04d}-W{k[1]:02d}")
