"""Backfill: the few past maps /front needs as baselines, fetched once from DeepState's history index.

A fresh install has one map, so "week" and "month" have nothing to compare with. The archive holds a map or
more a day, but /front only ever compares the newest map with the last one taken 1, 7 or 30 days before it
("today", "week", "month"; see bot.front.periods) and the last map of the previous month(s) ("YYYY-MM"). Those are
the only ones fetched, oldest-needed last, sequentially, with a pause between requests and a hard cap on
requests per call; ids already stored (or that failed before) are never requested.
"""

from __future__ import annotations

import asyncio
import bisect
import logging
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from shapely.errors import ShapelyError

from bot.errors import CollectError
from bot.front.periods import ROLLING, FrontPeriod
from bot.front.source import FetchedMap, Fetcher, MapSource, SnapshotRecord

logger = logging.getLogger(__name__)

BACKFILL_DAYS = 35  # the longest period /front offers is 30 days; a little more reaches the month end before it
MAX_REQUESTS = 6  # per call, the index included
PAUSE_S = 2.0  # between two requests: an unofficial, volunteer-run API


class HistorySource(MapSource, Protocol):
    async def history(self, http: Fetcher) -> list[SnapshotRecord]: ...

    async def fetch_snapshot(self, http: Fetcher, snapshot_id: int) -> FetchedMap: ...


@dataclass(slots=True)
class BackfillResult:
    requests: int = 0  # HTTP requests sent, the index included
    stored: int = 0  # maps newly stored
    already: int = 0  # wanted maps stored already, or failed in an earlier call: nothing sent for them
    failed: list[int] = field(default_factory=list)  # snapshot ids that could not be fetched or read
    left: int = 0  # wanted maps not fetched because the request cap was reached
    error: str | None = None  # the index itself could not be read: nothing else was tried

    def summary(self) -> str:
        if self.error is not None:
            return f"backfill: history index unavailable ({self.error})"
        parts = [f"{self.stored} past maps stored", f"{self.already} skipped", f"{self.requests} requests"]
        if self.failed:
            parts.append(f"{len(self.failed)} failed ({', '.join(map(str, self.failed))})")
        if self.left:
            parts.append(f"{self.left} left for a later call")
        return "backfill: " + ", ".join(parts)


def wanted_records(
    index: Sequence[SnapshotRecord], *, days: int = BACKFILL_DAYS, reference: datetime | None = None
) -> list[SnapshotRecord]:
    """The records /front's periods compare with, most useful first: the newest map, the baselines of
    "today", "week" and "month", then the last map before each month start within `days`.

    `index` is oldest first (as `parse_history_index` returns it); `reference` is the newest stored map's
    date when it is newer than the index's newest (the index can lag behind /last)."""
    if not index:
        return []
    newest = index[-1]
    ref = max(reference, newest.taken) if reference is not None else newest.taken
    horizon = ref - timedelta(days=days)
    takens = [r.taken for r in index]

    def last_before(when: datetime, strict: bool) -> SnapshotRecord | None:
        i = bisect.bisect_left(takens, when) if strict else bisect.bisect_right(takens, when)
        return index[i - 1] if i > 0 else None

    picks: list[SnapshotRecord | None] = [newest]
    picks += [last_before(*FrontPeriod(name).baseline_before(ref)) for name in ROLLING]
    month = ref.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    while month > horizon:
        picks.append(last_before(month, True))
        month = (month - timedelta(days=1)).replace(day=1)
    seen: set[int] = set()
    out = []
    for record in picks:
        if record is not None and record.taken >= horizon and record.id not in seen:
            seen.add(record.id)
            out.append(record)
    return out


async def backfill(
    source: HistorySource,
    http: Fetcher,
    store: Callable[[FetchedMap], Awaitable[bool]],
    *,
    skip: Collection[str],
    reference: datetime | None = None,
    days: int = BACKFILL_DAYS,
    max_requests: int = MAX_REQUESTS,
    pause_s: float = PAUSE_S,
) -> BackfillResult:
    """Fetch and `store` the wanted maps whose ids are not in `skip`, within `max_requests` requests.

    A broken index ends the call (result.error); a snapshot that is missing (404) or unreadable is logged,
    listed in result.failed, and the next one is tried."""
    result = BackfillResult()
    if max_requests < 1:
        return result
    result.requests += 1
    try:
        index = await source.history(http)
    except CollectError as exc:  # ParseError included: the index answered, but not with a list of maps
        result.error = str(exc) or type(exc).__name__
        logger.warning("front_backfill_index_failed", extra={"source": source.name, "error": result.error[:300]})
        return result
    todo = []
    for record in wanted_records(index, days=days, reference=reference):
        if str(record.id) in skip:
            result.already += 1
        else:
            todo.append(record)
    for n, record in enumerate(todo):
        if result.requests >= max_requests:
            result.left = len(todo) - n
            break
        await asyncio.sleep(pause_s)
        result.requests += 1
        try:
            fetched = await source.fetch_snapshot(http, record.id)
            stored = await store(fetched)
        except (CollectError, ValueError, TypeError, ShapelyError) as exc:  # one bad map never stops the others
            result.failed.append(record.id)
            logger.warning(
                "front_backfill_snapshot_failed",
                extra={"source": source.name, "snapshot_id": record.id, "error": repr(exc)[:300]},
            )
            continue
        result.stored += stored
    logger.info("front_backfill", extra={"source": source.name, "summary": result.summary()})
    return result
